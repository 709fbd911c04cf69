// The times of a rank log's record headers, its lines read forward and synchronously (for
// captureOrder.ts, whose read of the capture gives each line of a rank log its place in turn):
// a line of ours that starts a record with a time starts with it, `<asctime> - Worker <rank> - `.
import { closeSync, readSync } from 'node:fs';
import { openRegularSync } from './regularFile';
import { asctimeFromBytes } from './timestamps';

const WORKER = Buffer.from(' - Worker ');
/** The bytes a header's time and the words after it take. */
const HEAD = 23 + WORKER.length;

export class RankLogTimes {
  private fd = -1;
  private readonly buf: Buffer;
  /** Buffered bytes `[start, end)`; the buffer's first byte is the file's at offset `at`. */
  private start = 0;
  private end = 0;
  private at = 0;
  /** The line `start` is in (its start unless `within`). */
  private line = 0;
  private within = false;

  constructor(
    private readonly file: string,
    chunk: number,
  ) {
    this.buf = Buffer.allocUnsafe(Math.max(chunk, 2 * HEAD));
  }

  /**
   * The time of line `line` (0-based, not before the last asked) when it is a record's header
   * with one; undefined for any other line, and for one not written yet (asked again later, it is
   * read then).
   */
  timeOf(line: number): number | undefined {
    while (this.line < line) if (!this.skipLine()) return undefined;
    if (this.line > line || this.within) return undefined;
    // Its whole line (a line not written whole yet is read when asked again), or its first bytes.
    while (this.newline() < 0 && this.end - this.start < this.buf.length) if (!this.more()) return undefined;
    const s = this.start;
    const time = this.end - s >= HEAD && this.buf.compare(WORKER, 0, WORKER.length, s + 23, s + HEAD) === 0 ? asctimeFromBytes(this.buf, s) : undefined;
    this.skipLine();
    return time;
  }

  /** The first line break buffered, or -1. */
  private newline(): number {
    if (this.start >= this.end) return -1;
    const i = this.buf.indexOf(10, this.start);
    return i < this.end ? i : -1;
  }

  /** Past the line `start` is in; false at the file's end before its line break. */
  private skipLine(): boolean {
    for (;;) {
      const nl = this.newline();
      if (nl >= 0) {
        this.start = nl + 1;
        this.line++;
        this.within = false;
        return true;
      }
      // A long line: what is buffered of it is passed.
      if (this.end > this.start) {
        this.within = true;
        this.at += this.end;
        this.start = this.end = 0;
      }
      if (!this.more()) return false;
    }
  }

  /** Reads more after what is buffered (moved to the buffer's start); false at the file's end or when it cannot be read. */
  private more(): boolean {
    if (this.start > 0) {
      this.buf.copy(this.buf, 0, this.start, this.end);
      this.at += this.start;
      this.end -= this.start;
      this.start = 0;
    }
    if (this.end >= this.buf.length) return false;
    try {
      if (this.fd < 0) this.fd = openRegularSync(this.file);
      const n = readSync(this.fd, this.buf, this.end, this.buf.length - this.end, this.at + this.end);
      this.end += n;
      return n > 0;
    } catch {
      return false;
    }
  }

  /** Closes its file (opened again when read on). */
  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}
