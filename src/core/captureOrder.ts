// Where each line of a capture's rank logs stands in the capture: the order the merge gives
// records that carry no time (Python's default `INFO:name:message` under `srun -l` has none:
// without it, the Job Log and `worker-logs merge` listed rank 0's lines, then rank 1's, ...).
// One forward read of the capture gives each rank log's lines, in turn, the capture's lines of
// that rank, following the line map's marks as `captureLinesOf` does for a few lines at a time.
import { LineMap } from './importLineMap';
import { RankLogTimes } from './rankLogTimes';
import { openRegular } from './regularFile';

/** Where a merge's records stand among each other's when their times tie, or are missing (`MergeSource.order`). */
export interface RecordOrder {
  /** Makes `at` answer for lines up to `line` of the rank log `path` (reads what it needs of the capture). */
  ensure(path: string, line: number): Promise<void>;
  /** The position of the rank log's line `line` (0-based) among every rank log's lines. */
  at(path: string, line: number): number;
  /**
   * The latest time of the lines before it (every rank's) when `ensure` read it: a record without
   * a time of its own is at or after it. Undefined when none had one, or it is not known.
   */
  timeBefore(path: string, line: number): number | undefined;
}

/** A rank's output as the import holds it (`RankOutput`): its file, its lines so far, its line map. */
export interface OrderedOutput {
  readonly rank: number;
  readonly file: string;
  readonly lines: number;
  readonly map: LineMap;
}

/** A capture's bytes read at a time. */
const ORDER_CHUNK = 256 * 1024;
/** Of a line longer than a chunk, the bytes kept to tell its rank by (its label is at its start). */
const CARRY_MAX = 64 * 1024;

interface RankOrder {
  readonly out: OrderedOutput;
  /** The capture's line of each of the rank log's lines, for the first `filled`. */
  lines: Uint32Array;
  filled: number;
  /** The rank's capture lines read before its output had lines for them, in order. */
  waiting: number[];
  /** Its rank log's headers' times, read as its lines are given their places (none for jobs of more than `TIMED_RANKS` ranks). */
  times: RankLogTimes | undefined;
}

/** Jobs of more ranks have no times of lines before (each rank's reader holds a buffer). */
const TIMED_RANKS = 1024;
/** What the ranks' readers of their logs' times hold at most, together. */
const TIMES_BUFFERS = 16 * 1024 * 1024;

/**
 * The capture's line of every line of its rank logs, read on as far as a merge asks. A rank log's
 * lines are given their capture lines in order: a run the capture's lines of one source wrote
 * (the launcher's words on the rank, a mark not a capture's) from its mark; a capture's mark's
 * run, one line for each of the rank's lines in the capture from the mark's line on (a line that
 * became two has a mark for the second, at the same capture line). Only what the import has read
 * (`limit`) is read: its marks are in the line maps by then.
 */
export class CaptureOrder implements RecordOrder {
  private readonly byPath = new Map<string, RankOrder>();
  private readonly byRank = new Map<number, RankOrder>();
  /** Where the next read starts: a line's start, and that line's number. */
  private pos = 0;
  private line = 0;
  private carry: Buffer | undefined;
  /**
   * The capture's latest time, from line to line: where it rose (`risenAt`, capture lines, in
   * order) and to what (`risenTo`, the latest time up to that line); a line's time is its rank log
   * header's, read as the line is given its place.
   */
  private risenAt = new Uint32Array(64);
  private risenTo = new Float64Array(64);
  private risen = 0;
  /** The reading under way: one at a time (a merge asks for every rank at once). */
  private reading: Promise<void> = Promise.resolve();

  constructor(
    private readonly file: string,
    /** The rank a capture's line is of (-1: none; the capture reader's `ownerOfLine`). */
    private readonly ownerOf: (text: string) => number,
    /** The import's outputs by rank (live: ranks come as the capture names them). */
    private readonly outputs: ReadonlyMap<number, OrderedOutput>,
    /** How far the import has read the capture: bytes of whole lines. */
    private readonly limit: () => number,
  ) {}

  at(path: string, line: number): number {
    const r = this.rankOf(path);
    if (r && line < r.filled) return r.lines[line];
    // Not found in the capture read so far: where its mark says, counted from it (after the lines found).
    const map = r?.out.map;
    const k = map ? map.markAt(line) : -1;
    return map && k >= 0 ? Math.max(map.line[k] + (line - map.out[k]), this.line) : this.line;
  }

  timeBefore(path: string, line: number): number | undefined {
    const r = this.rankOf(path);
    if (!r || line >= r.filled) return undefined;
    // The last rise before its capture line.
    const c = r.lines[line];
    let lo = 0;
    let hi = this.risen;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.risenAt[mid] < c) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 ? this.risenTo[lo - 1] : undefined;
  }

  /**
   * Line `c` of the capture has time `t`. Lines come mostly in the capture's order; a launcher's
   * word the import wrote to a rank is placed by its mark before the capture is read there, so
   * a line may come after lines below it: it goes in at its own line, the latest times after it
   * raised to its.
   */
  private sawTime(c: number, t: number): void {
    const n = this.risen;
    // The first rise after line `c`.
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.risenAt[mid] <= c) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0 && !(t > this.risenTo[lo - 1])) return;
    if (lo > 0 && this.risenAt[lo - 1] === c) this.risenTo[lo - 1] = t;
    else {
      if (n === this.risenAt.length) {
        const risenAt = new Uint32Array(2 * n);
        risenAt.set(this.risenAt);
        this.risenAt = risenAt;
        const risenTo = new Float64Array(2 * n);
        risenTo.set(this.risenTo);
        this.risenTo = risenTo;
      }
      this.risenAt.copyWithin(lo + 1, lo, n);
      this.risenTo.copyWithin(lo + 1, lo, n);
      this.risenAt[lo] = c;
      this.risenTo[lo] = t;
      this.risen++;
      lo++;
    }
    // The latest time at each later rise is at least `t` (rises that no longer rise stay: harmless).
    for (let k = lo; k < this.risen && this.risenTo[k] < t; k++) this.risenTo[k] = t;
  }

  ensure(path: string, line: number): Promise<void> {
    const run = this.reading.then(() => this.readFor(path, line));
    this.reading = run.catch(() => undefined);
    return run;
  }

  private async readFor(path: string, line: number): Promise<void> {
    const r = this.rankOf(path);
    if (!r || this.unreadable) return;
    this.giveWaiting();
    this.settle(r);
    // Placed, and the capture read past its place: every line before it has given its time. (A
    // launcher's word the import wrote to the rank is placed at once, by its mark, before the
    // capture is read there: another rank's timed line before it was not counted yet.)
    const placed = () => line < r.filled && r.lines[line] < this.line;
    if (placed() || this.pos >= this.limit()) return;
    try {
      const h = await openRegular(this.file);
      try {
        const buf = Buffer.allocUnsafe(ORDER_CHUNK);
        while (!placed()) {
          const end = this.limit();
          if (this.pos >= end) break;
          const { bytesRead } = await h.read(buf, 0, Math.min(ORDER_CHUNK, end - this.pos), this.pos);
          if (bytesRead === 0) break;
          this.pos += bytesRead;
          this.lines(buf.subarray(0, bytesRead), this.pos >= end);
        }
      } finally {
        await h.close();
      }
    } catch {
      // The capture vanished or cannot be read: records not placed yet stand where their marks say (`at`).
      this.unreadable = true;
    } finally {
      for (const o of this.byRank.values()) o.times?.close();
    }
  }

  /** It could not be read: not tried again (an import that reads it again from its start makes a new order). */
  private unreadable = false;

  /** A chunk's lines; a line's start carried to the next (its first `CARRY_MAX` bytes: the label is at its start); `last`: the import's last line may lack its line break. */
  private lines(data: Buffer, last: boolean): void {
    let from = 0;
    if (this.carry) {
      const nl = data.indexOf(10);
      const head = Buffer.concat([this.carry, data.subarray(0, Math.min(nl < 0 ? data.length : nl, CARRY_MAX))]).subarray(0, CARRY_MAX);
      if (nl < 0) {
        this.carry = head;
        from = data.length;
      } else {
        this.carry = undefined;
        this.take(head, 0, head.length);
        from = nl + 1;
      }
    }
    for (let nl = data.indexOf(10, from); nl >= 0; nl = data.indexOf(10, from)) {
      this.take(data, from, nl);
      from = nl + 1;
    }
    if (from < data.length) this.carry = Buffer.from(data.subarray(from, from + CARRY_MAX));
    // The import took a last line without its line break (the file quiet long enough): so here.
    if (last && this.carry) {
      this.take(this.carry, 0, this.carry.length);
      this.carry = undefined;
    }
  }

  /** The capture's line `[from, nl)`, the capture's line `this.line`, given to its rank. */
  private take(data: Buffer, from: number, nl: number): void {
    const c = this.line++;
    const text = data.toString('utf8', from, nl);
    const r = this.rankOfOwner(this.ownerOf(c === 0 ? text.replace(/^\uFEFF/, '') : text));
    if (!r) return;
    if (r.waiting.length > 0 || !this.give(r, c)) {
      r.waiting.push(c);
      this.waiting.add(r);
    }
  }

  /** The rank's lines that waited for its output's lines, given now that it has more. */
  private giveWaiting(): void {
    for (const r of this.waiting) {
      let n = 0;
      while (n < r.waiting.length && this.give(r, r.waiting[n])) n++;
      if (n > 0) r.waiting.splice(0, n);
      if (r.waiting.length === 0) this.waiting.delete(r);
    }
  }

  /** The ranks whose lines wait. */
  private readonly waiting = new Set<RankOrder>();

  /**
   * The capture's line `c`, of rank `r`, given to the rank log's next line (and to the lines after
   * it that start at a mark of the same capture line: it became several), or to none (a line the
   * import did not write, before a mark's line). False when the output has no line for it yet (the
   * import holds the rank's last record back, or joins a line to the next): it waits.
   */
  private give(r: RankOrder, c: number): boolean {
    const { map } = r.out;
    let given = false;
    for (;;) {
      this.settle(r);
      if (r.filled >= r.out.lines) return given;
      let k = map.markAt(r.filled);
      // A later capture's mark at or before this line: the rank log's lines before it that no line
      // of the rank's counted for (the import's own: an untimed traceback's record before it) are
      // at this line, as counting from the last mark finds them (`captureLinesOf`).
      while (k + 1 < map.out.length && map.demux[k + 1] && map.line[k + 1] <= c && map.out[k + 1] > r.filled) this.fill(r, map.out[++k], c);
      if (k < 0 || !map.demux[k] || map.line[k] > c) return true;
      if (given && !(map.out[k] === r.filled && map.line[k] === c)) return true;
      this.fill(r, r.filled + 1, c);
      given = true;
    }
  }

  /** The rank log's lines from `filled` to `to`, at `c` (a header's time the capture's there). */
  private fill(r: RankOrder, to: number, c: number): void {
    if (to > r.lines.length) {
      const lines = new Uint32Array(Math.max(to, 2 * r.lines.length, 16));
      lines.set(r.lines.subarray(0, r.filled));
      r.lines = lines;
    }
    for (let line = r.filled; line < to; line++) {
      r.lines[line] = c;
      const t = r.times?.timeOf(line);
      if (t !== undefined) this.sawTime(c, t);
    }
    r.filled = to;
  }

  /** The lines of runs not of the capture's marks (their lines are their marks' lines on), from `filled` on. */
  private settle(r: RankOrder): void {
    const { map } = r.out;
    while (r.filled < r.out.lines) {
      const k = map.markAt(r.filled);
      if (k < 0 || map.demux[k]) return;
      const end = Math.min(k + 1 < map.out.length ? map.out[k + 1] : r.out.lines, r.out.lines);
      while (r.filled < end) this.fill(r, r.filled + 1, map.line[k] + (r.filled - map.out[k]));
    }
  }

  /** The outputs' ranks by file, made again when the capture named more ranks since. */
  private files = new Map<string, number>();

  private rankOf(path: string): RankOrder | undefined {
    const known = this.byPath.get(path);
    if (known) return known;
    if (this.files.size !== this.outputs.size) this.files = new Map([...this.outputs.values()].map((o) => [o.file, o.rank]));
    const rank = this.files.get(path);
    return rank === undefined ? undefined : this.rankOfOwner(rank);
  }

  private rankOfOwner(rank: number): RankOrder | undefined {
    const known = this.byRank.get(rank);
    if (known) return known;
    const out = this.outputs.get(rank);
    if (!out) return undefined;
    const many = this.outputs.size > TIMED_RANKS;
    const r: RankOrder = { out, lines: new Uint32Array(0), filled: 0, waiting: [], times: many ? undefined : new RankLogTimes(out.file, Math.max(4096, Math.min(64 * 1024, Math.floor(TIMES_BUFFERS / Math.max(1, this.outputs.size))))) };
    this.byRank.set(rank, r);
    this.byPath.set(out.file, r);
    return r;
  }
}
