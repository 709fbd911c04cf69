// Where each line of an imported rank log came from: marks, each the first of a run of
// consecutive source lines; a capture's rank lines (interleaved with other ranks') get a mark
// every 64 lines, and a line between two marks is found again by counting that rank's lines
// (`captureLineOf`).
import { openRegular } from './regularFile';

/** A capture's lines are found again from a mark every this many lines of a rank. */
const CAPTURE_MARK_EVERY = 64;

/** Where an output line came from: marks, each the first of a run of consecutive source lines. */
export class LineMap {
  readonly out: number[] = [];
  readonly file: string[] = [];
  readonly line: number[] = [];
  readonly offset: number[] = [];
  readonly demux: boolean[] = [];

  /** `force`: a mark even within a run (a capture's line that became two lines, and the line after it). */
  add(out: number, file: string, line: number, offset: number, demux: boolean, force: boolean): void {
    const n = this.out.length - 1;
    if (n >= 0 && this.file[n] === file && !demux && !this.demux[n] && this.line[n] + (out - this.out[n]) === line) return;
    if (n >= 0 && !force && demux && this.demux[n] && this.file[n] === file && out - this.out[n] < CAPTURE_MARK_EVERY) return;
    this.out.push(out);
    this.file.push(file);
    this.line.push(line);
    this.offset.push(offset);
    this.demux.push(demux);
  }

  /** A capture's mark the capture lane placed by the rule of `add` (captureLane.wat). */
  addLaneMark(out: number, file: string, line: number, offset: number): void {
    this.out.push(out);
    this.file.push(file);
    this.line.push(line);
    this.offset.push(offset);
    this.demux.push(true);
  }

  /** Where a capture line of `file` after the last mark would need a mark of its own: the last mark's output line when it is a capture mark of `file`, else undefined (any line needs one). */
  lastCaptureMark(file: string): number | undefined {
    const n = this.out.length - 1;
    return n >= 0 && this.demux[n] && this.file[n] === file ? this.out[n] : undefined;
  }

  /** The last mark at or before output line `out`. */
  markAt(out: number): number {
    let lo = 0;
    let hi = this.out.length - 1;
    if (hi < 0 || this.out[0] > out) return -1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.out[mid] <= out) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

/** Reads that look for a capture's line from a mark of the line map. */
const LOOKUP_CHUNK = 64 * 1024;

/**
 * The line number in `file` of the `skip`-th line that `ofRank` holds of, counting from the line
 * at `offset` (its line `line`): a capture's line between two marks of a rank.
 */
export async function captureLineOf(file: string, ofRank: (text: string) => boolean, offset: number, line: number, skip: number): Promise<number> {
  const h = await openRegular(file);
  try {
    // A mark every 64 of the rank's lines: the line is near, small reads find it.
    const buf = Buffer.allocUnsafe(LOOKUP_CHUNK);
    let carry = '';
    let pos = offset;
    let atStart = offset === 0;
    for (;;) {
      const { bytesRead } = await h.read(buf, 0, LOOKUP_CHUNK, pos);
      if (bytesRead === 0) return line;
      pos += bytesRead;
      // From the capture's start: without UTF-8's byte-order mark, as it was read (importSources.ts).
      const text = buf.toString('utf8', 0, bytesRead);
      const lines = (carry + (atStart ? text.replace(/^\uFEFF/, '') : text)).split('\n');
      atStart = false;
      carry = lines.pop()!;
      for (const text of lines) {
        if (ofRank(text) && skip-- === 0) return line;
        line++;
      }
    }
  } finally {
    await h.close();
  }
}
