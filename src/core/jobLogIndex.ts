// Rows of the filtered job merge by number, without reading from the start: one pass over the
// merge keeps where it stood every so many rows, and every so many records read: a sparse
// position index. Row 4,000,000 is one resume and at most a mark's spacing of records away.
// The index is usable while it is built (windows are read from the files, so rows already
// counted never change), and when ranks' files grow it re-reads only from the last mark the
// appended records cannot come before.
import { JobMerger, matchesFilter, MergedRecord, MergeFilter, MergeSource, MergeState } from './jobMerge';
import { RecordReader } from './recordReader';
import { missingRanks, Repeat, RepeatCollector, repeatKey, RepeatWindow } from './jobRepeats';

/** A row of the Job Log: a record, and when it stands for the same record of several ranks, those. */
export type JobLogRecord = MergedRecord & { repeat?: Repeat };

export interface JobLogIndexOptions {
  filter?: MergeFilter;
  /** Rows between two marks (default: 1,000, more for jobs of many ranks). */
  every?: number;
  /** Records read (kept or not) between two marks (default: 20,000, more for many ranks). */
  everyRead?: number;
  maxContinuationLines?: number;
  /** Show the same record of several ranks within this many ms as one row (off when undefined). */
  repeatWindowMs?: number;
  /** Called every few thousand records read while the index is built; return true to stop. */
  progress?: (rows: number) => boolean | void;
}

interface Mark {
  row: number;
  /** Records read before the mark, kept or not. */
  read: number;
  state: MergeState;
  /** The order time of the first record read after the mark. */
  time?: number;
  /** The latest order time of the records read before the mark. */
  latest: number;
  /** The latest place in their capture of the records read before the mark (`MergedRecord.order`; -Infinity: none). */
  latestOrder: number;
}

const PROGRESS_EVERY = 4096;
const CONTINUED = Symbol('continued');
/** Records read past a window's last row to gather its repeats, at most. */
const MAX_LOOKAHEAD = 50_000;

export class JobLogIndex {
  private readonly marks: Mark[];
  private readonly every: number;
  private readonly everyRead: number;
  /** The ranks the merge reads (after the rank filter), for "missing on rank N". */
  private readonly ranks: number[];
  /** Rows that pass the filter, so far. */
  rows = 0;
  private read = 0;

  private constructor(
    sources: readonly MergeSource[],
    private readonly options: JobLogIndexOptions,
  ) {
    this.marks = [{ row: 0, read: 0, state: sources.map((s) => ({ ...s })), latest: -Infinity, latestOrder: -Infinity }];
    const only = options.filter?.ranks;
    this.ranks = sources.map((s) => s.rank).filter((r) => !only || only.has(r));
    this.every = options.every ?? Math.max(1000, 4 * sources.length);
    this.everyRead = options.everyRead ?? Math.max(20_000, 40 * sources.length);
  }

  /** An index that has read nothing yet: `run()` reads; windows can be asked for meanwhile. */
  static open(sources: readonly MergeSource[], options: JobLogIndexOptions = {}): JobLogIndex {
    return new JobLogIndex(sources, options);
  }

  static async build(sources: readonly MergeSource[], options: JobLogIndexOptions = {}): Promise<JobLogIndex> {
    const index = new JobLogIndex(sources, options);
    await index.run();
    return index;
  }

  /** Reads from the last mark to the end of the files, counting rows and leaving marks. */
  async run(): Promise<void> {
    const start = this.marks[this.marks.length - 1];
    this.rows = start.row;
    this.read = start.read;
    const filter = this.options.filter;
    const repeats = await this.repeatsAt(this.marks.length - 1);
    let latest = start.latest;
    let latestOrder = start.latestOrder;
    const merger = new JobMerger(start.state, { filter: this.readFilter(), maxContinuationLines: this.continuationLines(0) });
    try {
      for (;;) {
        const last = this.marks[this.marks.length - 1];
        const mark = this.rows - last.row >= this.every || this.read - last.read >= this.everyRead;
        if (mark) this.marks.push({ row: this.rows, read: this.read, state: merger.state(), latest, latestOrder });
        if (this.read % PROGRESS_EVERY === 0 && this.options.progress?.(this.rows)) return;
        const r = await merger.step();
        if (!r) break;
        const newest = this.marks[this.marks.length - 1];
        if (newest.read === this.read) newest.time = r.sortTime;
        if (r.sortTime !== undefined && r.sortTime > latest) latest = r.sortTime;
        if (r.order !== undefined && r.order > latestOrder) latestOrder = r.order;
        this.read++;
        if ((!filter || matchesFilter(r, filter)) && !repeats?.accept(r)) this.rows++;
      }
    } finally {
      await merger.close();
    }
  }

  /**
   * The files of the `grown` ranks got longer (appended, not replaced): forget the marks after
   * the last one that the appended records cannot come before, and read on from there. A rank
   * still reading at a mark is safe there (its last record may also have gained lines); a rank
   * read to its end is safe when its first new record comes after every record before the mark.
   */
  async update(grown: ReadonlySet<number>): Promise<void> {
    const ranks = this.options.filter?.ranks;
    const watched = [...grown].filter((r) => !ranks || ranks.has(r));
    const firstNew = new Map<string, { time: number; order?: number } | undefined | typeof CONTINUED>();
    const safe = async (mark: Mark, rank: number): Promise<boolean> => {
      const s = mark.state.find((x) => x.rank === rank);
      if (!s) return mark === this.marks[0];
      if (!s.ended) return true;
      if (s.ended.partialTail) return false;
      const key = `${rank}:${s.from?.offset ?? 0}`;
      if (!firstNew.has(key)) firstNew.set(key, await this.firstTimeFrom(s));
      const t = firstNew.get(key);
      if (t === CONTINUED) return false;
      // Safe when the first new record comes after every record read before the mark: later, or
      // (of a capture, whose records without times tie) as late and later in the capture.
      return t === undefined || t.time > mark.latest || (t.time === mark.latest && t.order !== undefined && t.order > mark.latestOrder);
    };
    let i = this.marks.length - 1;
    for (; i > 0; i--) {
      let ok = true;
      for (const r of watched) if (!(ok = await safe(this.marks[i], r))) break;
      if (ok) break;
    }
    this.marks.length = i + 1;
    await this.run();
  }

  /**
   * The order time of the first record a rank's reader finds from `s`, and its place in its
   * capture when it has one (undefined: none yet);
   * CONTINUED when a text filter is on and the rank's last record gained lines (which the text
   * may match: that record's row has to be decided again).
   */
  private async firstTimeFrom(s: MergeSource): Promise<{ time: number; order?: number } | undefined | typeof CONTINUED> {
    if (this.options.filter?.text && !s.from?.preamble) {
      for await (const batch of new RecordReader(s.path, { maxContinuationLines: 0 }).forwardBatches({ offset: s.from?.offset ?? 0, line: s.from?.line ?? 0, preamble: true })) {
        if (batch.length && !batch[0].hasHeader && batch[0].level === '') return CONTINUED;
        break;
      }
    }
    const reader = new RecordReader(s.path, { maxContinuationLines: 0, minLevel: this.options.filter?.minLevel });
    for await (const batch of reader.forwardBatches(s.from)) {
      const r = batch[0];
      if (!r) continue;
      // (At least its order time: one without a time of its own may be later, at the capture's latest before it.)
      const time = r.time ?? r.precedingTime ?? s.lastTime ?? -Infinity;
      if (!s.order) return { time };
      await s.order.ensure(s.path, r.line);
      return { time, order: s.order.at(s.path, r.line) };
    }
    return undefined;
  }

  /** The last mark for which `holds` is true, where it holds for a first run of marks (mark 0 at least). */
  private lastMarkWhere(holds: (m: Mark) => boolean): number {
    let lo = 0;
    let hi = this.marks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (holds(this.marks[mid])) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The last mark at or before row `row` (the latest one when several share the row). */
  private markBefore(row: number): number {
    return this.lastMarkWhere((m) => m.row <= row);
  }

  /**
   * What the readers leave out before the merge sees a record (counted marks agree only when
   * every walk reads the same records): other ranks, and records below the minimum level.
   */
  private readFilter(): MergeFilter | undefined {
    const f = this.options.filter;
    return f && { ranks: f.ranks, minLevel: f.minLevel };
  }

  /** Continuation lines to read: a text filter matches them too, so it needs them all. */
  private continuationLines(wanted: number): number {
    const full = this.options.maxContinuationLines ?? 200;
    return this.options.filter?.text ? full : Math.min(wanted, full);
  }

  /** The last mark at least `ms` before mark `i` (by the time of the record after each mark). */
  private markWindowBefore(i: number, ms: number): number {
    let t: number | undefined;
    for (let k = i; k >= 0 && t === undefined; k--) t = this.marks[k].time;
    let j = i;
    while (j > 0 && (t === undefined || this.marks[j].time === undefined || this.marks[j].time! >= t - ms)) j--;
    return j;
  }

  /**
   * What decides repeats at mark `i`: the records of one window before it, read again from an
   * earlier mark (undefined when repeats are off).
   */
  private async repeatsAt(i: number): Promise<RepeatWindow | undefined> {
    const windowMs = this.options.repeatWindowMs;
    if (windowMs === undefined) return undefined;
    const repeats = new RepeatWindow(windowMs);
    const j = this.markWindowBefore(i, windowMs);
    if (j === i) return repeats;
    const filter = this.options.filter;
    const merger = new JobMerger(this.marks[j].state, { filter: this.readFilter(), maxContinuationLines: this.continuationLines(0), window: true });
    try {
      for (let n = this.marks[j].read; n < this.marks[i].read; n++) {
        const r = await merger.step();
        if (!r) break;
        if (!filter || matchesFilter(r, filter)) repeats.accept(r);
      }
    } finally {
      await merger.close();
    }
    return repeats;
  }

  /**
   * Walks the rows from mark `i`, calling `visit` with each until it returns true; `onRepeat`
   * sees the records that are repeats of an earlier row, and `onRead` every record read.
   */
  private async walk(i: number, wantedLines: number, visit: (r: MergedRecord, row: number) => boolean, onRepeat?: (r: MergedRecord) => boolean, onRead?: (r: MergedRecord) => void): Promise<boolean> {
    const mark = this.marks[i];
    const repeats = await this.repeatsAt(i);
    const merger = new JobMerger(mark.state, { filter: this.options.filter, maxContinuationLines: this.continuationLines(wantedLines), onRead, window: true });
    try {
      for (let row = mark.row; ; ) {
        const r = await merger.next();
        if (!r) return false;
        if (repeats?.accept(r)) {
          if (onRepeat?.(r)) return true;
          continue;
        }
        if (visit(r, row++)) return true;
      }
    } finally {
      await merger.close();
    }
  }

  /**
   * Rows [start, start + count) of the filtered merge (fewer at the end); with repeats on, each
   * row that stands for several ranks carries them, and the ranks missing from it.
   */
  async window(start: number, count: number): Promise<JobLogRecord[]> {
    const out: JobLogRecord[] = [];
    if (count <= 0) return out;
    const windowMs = this.options.repeatWindowMs;
    if (windowMs === undefined) {
      await this.walk(this.markBefore(Math.max(0, start)), Infinity, (r, row) => {
        if (row >= start) out.push(r);
        return row + 1 >= start + count;
      });
      return out;
    }
    // Read on one window past the last row, so that its repeats are gathered too.
    const i = this.markBefore(Math.max(0, start));
    // Ranks that had logged by the mark: past their file's start, or read to its end.
    const logged = (r: number): boolean => {
      const s = this.marks[i].state.find((x) => x.rank === r);
      return !s || (s.from?.offset ?? 0) > 0;
    };
    const seen = new Set(this.ranks.filter(logged));
    const unseenAt = new Map<JobLogRecord, number[]>();
    const collector = new RepeatCollector(windowMs);
    let until = Infinity;
    let extra = 0;
    const done = (r: MergedRecord): boolean => until !== Infinity && ((r.sortTime ?? -Infinity) > until || ++extra > MAX_LOOKAHEAD);
    await this.walk(
      i,
      Infinity,
      (r, row) => {
        if (row >= start + count) return done(r);
        if (row < start) return false;
        out.push(r);
        collector.addRow(r);
        if (seen.size < this.ranks.length) unseenAt.set(r, this.ranks.filter((x) => !seen.has(x)));
        if (row + 1 >= start + count) until = (r.sortTime ?? -Infinity) + windowMs;
        return false;
      },
      (r) => {
        collector.addRepeat(r);
        return done(r);
      },
      (r) => seen.add(r.source),
    );
    for (const r of out) {
      if (!r.repeat) continue;
      const unseen = unseenAt.get(r);
      r.repeat.missing = missingRanks(r.repeat.ranks, this.ranks, (x) => !unseen?.includes(x));
    }
    return out;
  }

  /**
   * The first row after `from` (or the last before it, `backward`) whose record `test` accepts,
   * reading at most `limit` rows; undefined when there is none.
   */
  async find(from: number, backward: boolean, test: (r: MergedRecord) => boolean, limit = 5_000_000): Promise<number | undefined> {
    let found: number | undefined;
    let seen = 0;
    if (!backward) {
      await this.walk(this.markBefore(from + 1), Infinity, (r, row) => {
        if (row <= from) return false;
        if (test(r)) found = row;
        return found !== undefined || ++seen >= limit;
      });
      return found;
    }
    // Backward: mark by mark, the last match of each stretch before `from`.
    for (let i = this.markBefore(Math.max(0, from - 1)), end = from; end > 0 && seen < limit; ) {
      const start = this.marks[i].row;
      await this.walk(i, Infinity, (r, row) => {
        if (row >= end) return true;
        seen++;
        if (test(r)) found = row;
        return false;
      });
      if (found !== undefined || i === 0) return found;
      end = start;
      while (i > 0 && this.marks[i].row >= end) i--;
    }
    return found;
  }

  /** The row of the first record at or after `time` (naive ms), by a search over the marks. */
  async rowAtTime(time: number): Promise<number> {
    const lo = this.lastMarkWhere((m) => m.time !== undefined && m.time < time);
    let found = this.rows;
    await this.walk(lo, 0, (r, row) => {
      if (r.sortTime === undefined || r.sortTime < time) return false;
      found = row;
      return true;
    });
    return found;
  }

  /** The row of the record of `rank` that holds 0-based `line` (or the first after it), if any. */
  async rowOf(rank: number, line: number): Promise<number | undefined> {
    // A rank's position only moves forward from mark to mark (once its file is read to the end,
    // it stands past every line): the last mark where it stands at or before `line`.
    let lo = this.lastMarkWhere((m) => m.state.some((s) => s.rank === rank && (s.from?.line ?? 0) <= line));
    let found: number | undefined;
    // A repeat has no row of its own: it is found at the row of the latest record of its key,
    // which is at most a window before it.
    if (this.options.repeatWindowMs !== undefined) lo = this.markWindowBefore(lo, this.options.repeatWindowMs);
    const lastRowOf = new Map<string, number>();
    let rows = this.marks[lo].row;
    const holds = (r: MergedRecord): boolean => r.source === rank && r.line + r.lineCount > line;
    await this.walk(
      lo,
      0,
      (r, row) => {
        rows = row + 1;
        if (this.options.repeatWindowMs !== undefined) lastRowOf.set(repeatKey(r), row);
        if (!holds(r)) return false;
        found = row;
        return true;
      },
      (r) => {
        if (!holds(r)) return false;
        found = lastRowOf.get(repeatKey(r)) ?? Math.max(0, rows - 1);
        return true;
      },
    );
    return found;
  }
}
