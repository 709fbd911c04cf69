// Where each line of an imported rank log came from: marks, each the first of a run of
// consecutive source lines; a capture's rank lines (interleaved with other ranks') get a mark
// every 64 lines, and a line between two marks is found again by counting that rank's lines
// (`captureLinesOf`).
import { openRegular } from './regularFile';
import { MAX_LINE } from './importSources';

/** A capture's lines are found again from a mark every this many lines of a rank. */
const CAPTURE_MARK_EVERY = 64;

/** How a `goneName` starts: no file's name does (NUL). */
const GONE = '\u0000gone:';

/**
 * The name a source is kept under while its file is not found (`JobImport.followRenames`: a
 * rotating handler's part, deleted or renamed as its folder was listed): no file's, its inode's,
 * and the update it was missed at.
 */
export function goneName(ino: number, since: number): string {
  return `${GONE}${ino}:${since}`;
}

/** The inode and update of a `goneName`; undefined for a file's name. */
export function goneOf(name: string): { ino: number; since: number } | undefined {
  if (!name.startsWith(GONE)) return undefined;
  const [ino, since] = name.slice(GONE.length).split(':').map(Number);
  return { ino, since };
}

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

  /** Marks of the files named in `where` name their new names (`''`: no file, see `goneName`). */
  renameFiles(where: ReadonlyMap<string, string>): void {
    for (let k = 0; k < this.file.length; k++) {
      const to = where.get(this.file[k]);
      if (to !== undefined) this.file[k] = to;
    }
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

/** Where a rank log's line came from: a line of a launcher's file (0-based), and its text there when asked for. */
export interface SourceLine {
  path: string;
  line: number;
  text?: string;
}

/** A capture's line looked for (`captureLinesOf`): the `skip`-th line of `rank` from the line at `offset` (the capture's line `line`). */
export interface CaptureLineRequest {
  rank: number;
  offset: number;
  line: number;
  skip: number;
}

/**
 * The capture's lines of many requests in one forward read (the failures of thousands of ranks
 * looked up one by one read the capture thousands of times): from the first request's mark on,
 * each request counts its rank's lines (`ownerOf`) from its own mark; where none is counting,
 * the read goes on at the next request's mark (a few ranks' failures far apart read a few
 * short stretches, not all between them). A request not found by the capture's end gets the
 * line after the capture's last. `texts`, when given, gets each found line's text (`quotable`).
 */
export async function captureLinesOf(file: string, ownerOf: (text: string) => number | readonly number[], requests: readonly CaptureLineRequest[], texts?: string[]): Promise<number[]> {
  const out: number[] = new Array(requests.length);
  if (requests.length === 0) return out;
  const order = requests.map((_, i) => i).sort((a, b) => requests[a].offset - requests[b].offset);
  // Requests counting, by rank: the request, lines of its rank still to skip, its line minus the capture's line at its mark.
  const active = new Map<number, { i: number; skip: number; base: number }[]>();
  let counting = 0;
  let next = 0;
  let line = 0;
  /** A line of the rank of `list` (its requests counting) is at `line`. */
  const found = (list: { i: number; skip: number; base: number }[] | undefined, text: string): void => {
    if (!list) return;
    for (let k = list.length - 1; k >= 0; k--) {
      if (list[k].skip-- > 0) continue;
      out[list[k].i] = line + list[k].base;
      if (texts) texts[list[k].i] = quotable(text);
      list.splice(k, 1);
      counting--;
    }
  };
  const h = await openRegular(file);
  try {
    const buf = Buffer.allocUnsafe(LOOKUP_CHUNK);
    // The first bytes of a line that goes on past its chunk, as the import keeps an overlong
    // line's (MAX_LINE): a progress bar of hours on one line (megabytes of `\r` updates) is not
    // copied again with every chunk.
    const head = new LineHead();
    let pos = -1;
    let lineStart = -1;
    for (;;) {
      if (counting === 0) {
        if (next >= order.length) break;
        // None counting: on at the next request's mark (a line start).
        const r = requests[order[next]];
        if (r.offset > lineStart) {
          [pos, lineStart, line] = [r.offset, r.offset, r.line];
          head.clear();
        }
      }
      const { bytesRead } = await h.read(buf, 0, LOOKUP_CHUNK, pos);
      if (bytesRead === 0) break;
      const chunkAt = pos;
      pos += bytesRead;
      const data = buf.subarray(0, bytesRead);
      let from = 0;
      for (let nl = data.indexOf(10, from); nl >= 0; nl = data.indexOf(10, from)) {
        while (next < order.length && requests[order[next]].offset <= lineStart) {
          const i = order[next++];
          const r = requests[i];
          const list = active.get(r.rank);
          if (list) list.push({ i, skip: r.skip, base: r.line - line });
          else active.set(r.rank, [{ i, skip: r.skip, base: r.line - line }]);
          counting++;
        }
        if (counting === 0) break;
        const text = head.text(data, from, nl, lineStart === 0);
        head.clear();
        const owners = ownerOf(text);
        if (typeof owners === 'number') found(active.get(owners), text);
        else for (const owner of owners) found(active.get(owner), text);
        line++;
        lineStart = chunkAt + nl + 1;
        from = nl + 1;
      }
      head.add(data, from, data.length);
    }
  } finally {
    await h.close();
  }
  // Not found (the capture shrank since): the line after the capture's last.
  for (const list of active.values()) for (const a of list) out[a.i] = line + a.base;
  for (let i = 0; i < out.length; i++) out[i] ??= requests[i].line;
  return out;
}

/** The first MAX_LINE bytes of a line read in chunks (`captureLinesOf`): copied once, however long the line. */
class LineHead {
  private bytes: Buffer | undefined;
  private length = 0;

  clear(): void {
    this.length = 0;
  }

  /** Keeps `data[from, to)`, a part of the line before its end, as far as MAX_LINE. */
  add(data: Buffer, from: number, to: number): void {
    const n = Math.min(to - from, MAX_LINE - this.length);
    if (n <= 0) return;
    this.bytes ??= Buffer.allocUnsafe(MAX_LINE);
    data.copy(this.bytes, this.length, from, from + n);
    this.length += n;
  }

  /** The line that ends at `data[nl]` (its head kept before, then `data[from, nl)`) as text, at most MAX_LINE bytes of it. */
  text(data: Buffer, from: number, nl: number, atStart: boolean): string {
    let text: string;
    if (this.length === 0) text = data.toString('utf8', from, Math.min(nl, from + MAX_LINE));
    else {
      this.add(data, from, nl);
      text = this.bytes!.toString('utf8', 0, this.length);
    }
    // From the capture's start: without UTF-8's byte-order mark, as it was read (importSources.ts).
    return atStart ? text.replace(/^\uFEFF/, '') : text;
  }
}

/** The most characters of a line `captureLinesOf` gives as its text (a diagnosis quotes it). */
const QUOTED_CHARS = 500;

/** A line as a diagnosis quotes it: without its CR, cut at `QUOTED_CHARS`. */
function quotable(text: string): string {
  const line = text.endsWith('\r') ? text.slice(0, -1) : text;
  return line.length > QUOTED_CHARS ? line.slice(0, QUOTED_CHARS) + '…' : line;
}

/** The capture's lines of `requests` in one read of `file`, counting each request's rank's lines (`CaptureReader.sourceLines`). */
export type CaptureLinesReader = (file: string, requests: readonly CaptureLineRequest[], texts?: string[]) => Promise<number[]>;

/**
 * Where many lines of an import's rank logs came from (`lines`, each an output file's 0-based
 * line; `outputs`: the import's outputs by file, each with its rank and line map): one read of
 * each capture for all of its lines (thousands of ranks' failures). A capture's rank lines are
 * found by counting that rank's lines from their mark (`captureLines`), its lines written as they
 * are (a launcher's word on a rank) and a rank's own file's by counting every line: each kind
 * looked up on its own, though of one file. `withText`: each with the source's line as it is
 * there (a diagnosis quoting a line quotes the launcher's file, not the rank log written from
 * it), one more read of each source file that is not a capture.
 */
export async function sourceLinesOf(
  outputs: ReadonlyMap<string, { readonly rank: number; readonly map: LineMap }>,
  captureLines: CaptureLinesReader,
  lines: readonly { file: string; line: number }[],
  withText: boolean,
): Promise<(SourceLine | undefined)[]> {
  const found: (SourceLine | undefined)[] = new Array(lines.length).fill(undefined);
  const bySource = new Map<string, { at: number; request: CaptureLineRequest; demux: boolean; file: string }[]>();
  lines.forEach(({ file, line }, at) => {
    const out = outputs.get(file);
    const k = out ? out.map.markAt(line) : -1;
    // (A line of a file gone has none: see `goneName`.)
    if (!out || k < 0 || out.map.file[k] === '' || goneOf(out.map.file[k])) return;
    const source = out.map.file[k];
    const demux = out.map.demux[k];
    // A rank's own file: its line counted from the mark, read only for its text.
    if (!demux) found[at] = { path: source, line: out.map.line[k] + (line - out.map.out[k]) };
    if (!demux && !withText) return;
    const key = `${demux ? 'd' : 'f'}${source}`;
    const list = bySource.get(key) ?? [];
    list.push({ at, demux, file: source, request: { rank: demux ? out.rank : 0, offset: out.map.offset[k], line: out.map.line[k], skip: line - out.map.out[k] } });
    bySource.set(key, list);
  });
  for (const list of bySource.values()) {
    const file = list[0].file;
    const texts: string[] | undefined = withText ? [] : undefined;
    const requests = list.map((l) => l.request);
    const at = list[0].demux ? await captureLines(file, requests, texts) : await captureLinesOf(file, () => 0, requests, texts).catch(() => undefined);
    list.forEach((l, i) => {
      if (l.demux) found[l.at] = { path: file, line: at![i] };
      if (texts?.[i] !== undefined && found[l.at]) found[l.at]!.text = texts[i];
    });
  }
  return found;
}
