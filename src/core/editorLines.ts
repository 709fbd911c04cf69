// Lines as the editor counts them. VS Code breaks a line at a carriage return alone too (a
// progress bar's redraws: `\r` without `\n`, which it turns into line breaks as it loads the
// file), where the import, grep and the CLI count line feeds only: a line of a capture after
// tqdm's bars is further down in the editor than its number says.
import * as fs from 'node:fs';

const LF = 10;
const CR = 13;
const CHUNK = 1 << 20;

/**
 * The editor's line of line `line` (0-based, counted by line feeds) of a file fed from its
 * start: the line breaks before it (carriage returns alone too), and in it those before its last
 * state (after its last carriage return alone that text follows: a bar's last redraw, which a
 * terminal showed last and the import reads as the line).
 */
export class EditorLineCounter {
  private lf = 0;
  /** Carriage returns alone before the line, and in it (committed once text follows them, or pending). */
  private before = 0;
  private within = 0;
  private pending = 0;
  /** The last byte fed was a carriage return, held until the next tells whether a line feed follows it. */
  private held = false;
  /** The line's end was read. */
  done = false;

  constructor(private readonly line: number) {}

  /** The next bytes of the file; true once the line's end was read (no more are needed). */
  feed(chunk: Uint8Array): boolean {
    if (this.done || chunk.length === 0) return this.done;
    let buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    if (this.held) {
      buf = Buffer.concat([Buffer.of(CR), buf]);
      this.held = false;
    }
    let end = buf.length;
    if (buf[end - 1] === CR) {
      this.held = true;
      end--;
    }
    let i = 0;
    while (i < end) {
      const nl = buf.indexOf(LF, i);
      const stop = nl < 0 || nl >= end ? end : nl;
      if (this.lf < this.line) {
        for (let p = buf.indexOf(CR, i); p >= 0 && p < stop; p = buf.indexOf(CR, p + 1)) if (p + 1 !== nl) this.before++;
      } else {
        // Text after pending carriage returns makes them the line's before its last state.
        let from = i;
        for (let p = buf.indexOf(CR, i); p >= 0 && p < stop; p = buf.indexOf(CR, p + 1)) {
          if (p + 1 === nl) break;
          if (p > from) this.commit();
          this.pending++;
          from = p + 1;
        }
        // (Up to the line's end: CRLF's carriage return is its line break's.)
        const text = stop === nl && stop > i && buf[stop - 1] === CR ? stop - 1 : stop;
        if (text > from) this.commit();
      }
      if (stop === end) break;
      if (this.lf === this.line) {
        this.done = true;
        return true;
      }
      this.lf++;
      this.pending = 0;
      i = nl + 1;
    }
    return false;
  }

  private commit(): void {
    this.within += this.pending;
    this.pending = 0;
  }

  /** The editor's 0-based line; `line` itself for a file that ended before it. */
  get editorLine(): number {
    return this.lf < this.line ? this.line : this.line + this.before + this.within;
  }
}

/** The editor's line of line `line` of `file` (see `EditorLineCounter`), read from its start; `line` when it cannot be read. */
export async function editorLineOf(file: string, line: number): Promise<number> {
  const counter = new EditorLineCounter(line);
  let handle: fs.promises.FileHandle | undefined;
  try {
    handle = await fs.promises.open(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    const buf = Buffer.allocUnsafe(CHUNK);
    for (;;) {
      const { bytesRead } = await handle.read(buf, 0, CHUNK, null);
      if (bytesRead === 0 || counter.feed(buf.subarray(0, bytesRead))) break;
    }
    return counter.editorLine;
  } catch {
    return line;
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
