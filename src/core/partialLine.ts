// A log's trailing partial line, held until its newline arrives: its head (at most `maxHead`
// bytes: all that classifying a line reads) and how many bytes it has so far. For logScanner.ts;
// pure.
import { AfterLastNul, afterNulBytes } from './logLine';

export class PartialLine {
  private head: Buffer | undefined;
  /**
   * When the line holds NUL bytes (a crash lost what was there), what follows the last of them: a
   * record there (a restarted rank's) is the line's text, as lineText reads a whole line.
   */
  private readonly tail: AfterLastNul;
  /** Bytes of the partial line received so far (0: there is none). */
  length = 0;

  constructor(private readonly maxHead: number) {
    this.tail = new AfterLastNul(maxHead);
  }

  /** Its head (the record after its last NUL byte, if one is there), or undefined when there is no partial line. */
  get bytes(): Uint8Array | undefined {
    return this.length > 0 ? (this.tail.record() ?? this.head) : undefined;
  }

  /** `chunk[from..)`, which holds no newline, continues the line. */
  hold(chunk: Uint8Array, from: number): void {
    this.length += chunk.length - from;
    this.tail.add(chunk.subarray(from));
    // NUL bytes a crash left before the line's text are not its head (however many: see lineText).
    if (!this.head?.length) from = afterNulBytes(chunk, from, chunk.length);
    const room = this.maxHead - (this.head?.length ?? 0);
    if (room > 0) {
      const piece = Buffer.from(chunk.subarray(from, Math.min(chunk.length, from + room)));
      this.head = this.head ? Buffer.concat([this.head, piece]) : piece;
    }
  }

  /**
   * The line ends at `chunk[nl]` (its newline): its head with the chunk's part before the
   * newline (or the record after its last NUL byte), and the bytes the whole line takes, its
   * newline included. Nothing is held after.
   */
  complete(chunk: Uint8Array, nl: number): { line: Buffer; lineBytes: number; lost: boolean } {
    this.tail.add(chunk.subarray(0, nl));
    const lost = this.tail.lost;
    const head = this.head ?? Buffer.alloc(0);
    const room = Math.max(0, this.maxHead - head.length);
    const from = head.length ? 0 : afterNulBytes(chunk, 0, nl);
    const line = this.tail.record() ?? (room > 0 ? Buffer.concat([head, chunk.subarray(from, Math.min(nl, from + room))]) : head);
    const lineBytes = this.length + nl + 1;
    this.head = undefined;
    this.tail.clear();
    this.length = 0;
    return { line, lineBytes, lost };
  }

  /** Whether the line so far holds the NUL bytes a crash left (see holdsLostBytes). */
  get lost(): boolean {
    return this.length > 0 && this.tail.lost;
  }
}
