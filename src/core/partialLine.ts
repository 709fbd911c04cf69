// A log's trailing partial line, held until its newline arrives: its head (at most `maxHead`
// bytes: all that classifying a line reads) and how many bytes it has so far. For logScanner.ts;
// pure.

export class PartialLine {
  private head: Buffer | undefined;
  /** Bytes of the partial line received so far (0: there is none). */
  length = 0;

  constructor(private readonly maxHead: number) {}

  /** Its head, or undefined when there is no partial line. */
  get bytes(): Uint8Array | undefined {
    return this.length > 0 ? this.head : undefined;
  }

  /** `chunk[from..)`, which holds no newline, continues the line. */
  hold(chunk: Uint8Array, from: number): void {
    const room = this.maxHead - (this.head?.length ?? 0);
    if (room > 0) {
      const piece = Buffer.from(chunk.subarray(from, Math.min(chunk.length, from + room)));
      this.head = this.head ? Buffer.concat([this.head, piece]) : piece;
    }
    this.length += chunk.length - from;
  }

  /**
   * The line ends at `chunk[nl]` (its newline): its head with the chunk's part before the
   * newline, and the bytes the whole line takes, its newline included. Nothing is held after.
   */
  complete(chunk: Uint8Array, nl: number): { line: Buffer; lineBytes: number } {
    const head = this.head ?? Buffer.alloc(0);
    const room = Math.max(0, this.maxHead - head.length);
    const line = room > 0 ? Buffer.concat([head, chunk.subarray(0, Math.min(nl, room))]) : head;
    const lineBytes = this.length + nl + 1;
    this.head = undefined;
    this.length = 0;
    return { line, lineBytes };
  }
}
