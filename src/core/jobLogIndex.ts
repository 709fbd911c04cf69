// Rows of the filtered job merge by number, without reading from the start: one pass over the
// merge keeps where it stood every so many rows, and every so many records read (so a filter
// that keeps few rows still has marks): a sparse position index. Row 4,000,000 is one resume
// and at most a mark's spacing of skipped records away. The index is usable while it is built
// (windows are read from the files, so rows already counted never change), and when ranks'
// files grow it re-reads only from the last mark where those ranks still had records to come.
import { JobMerger, matchesFilter, MergedRecord, MergeFilter, MergeSource, MergeState } from './jobMerge';

export interface JobLogIndexOptions {
  filter?: MergeFilter;
  /** Rows between two marks (default: 1,000, more for jobs of many ranks). */
  every?: number;
  /** Records read (kept or not) between two marks (default: 20,000, more for many ranks). */
  everyRead?: number;
  maxContinuationLines?: number;
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
}

const PROGRESS_EVERY = 4096;

export class JobLogIndex {
  private readonly marks: Mark[];
  private readonly every: number;
  private readonly everyRead: number;
  /** Rows that pass the filter, so far. */
  rows = 0;
  private read = 0;
  /** The last run reached the end of every file. */
  complete = false;
  /** The last run was stopped before the end (`progress` returned true). */
  partial = false;

  private constructor(
    sources: readonly MergeSource[],
    private readonly options: JobLogIndexOptions,
  ) {
    this.marks = [{ row: 0, read: 0, state: sources.map((s) => ({ ...s })) }];
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
    this.complete = false;
    this.partial = false;
    const filter = this.options.filter;
    const merger = new JobMerger(start.state, { filter: filter?.ranks ? { ranks: filter.ranks } : undefined, maxContinuationLines: this.continuationLines(0) });
    try {
      for (;;) {
        const last = this.marks[this.marks.length - 1];
        const mark = this.rows - last.row >= this.every || this.read - last.read >= this.everyRead;
        if (mark) this.marks.push({ row: this.rows, read: this.read, state: merger.state() });
        if (this.read % PROGRESS_EVERY === 0 && this.options.progress?.(this.rows)) {
          this.partial = true;
          return;
        }
        const r = await merger.step();
        if (!r) break;
        const newest = this.marks[this.marks.length - 1];
        if (newest.read === this.read) newest.time = r.sortTime;
        this.read++;
        if (!filter || matchesFilter(r, filter)) this.rows++;
      }
      this.complete = true;
    } finally {
      await merger.close();
    }
  }

  /**
   * The files of the `grown` ranks got longer (appended, not replaced): forget the marks after
   * the last one where each of those ranks still had a record to come (its last record may have
   * gained lines), and read on from there.
   */
  async update(grown: ReadonlySet<number>): Promise<void> {
    const ranks = this.options.filter?.ranks;
    const watched = [...grown].filter((r) => !ranks || ranks.has(r));
    let i = this.marks.length - 1;
    while (i > 0 && !watched.every((r) => this.marks[i].state.some((s) => s.rank === r))) i--;
    this.marks.length = i + 1;
    await this.run();
  }

  /** How many marks the index keeps (for tests and memory figures). */
  get markCount(): number {
    return this.marks.length;
  }

  /** The last mark at or before row `row` (the latest one when several share the row). */
  private markBefore(row: number): Mark {
    let lo = 0;
    let hi = this.marks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.marks[mid].row <= row) lo = mid;
      else hi = mid - 1;
    }
    return this.marks[lo];
  }

  /** Continuation lines to read: a text filter matches them too, so it needs them all. */
  private continuationLines(wanted: number): number {
    const full = this.options.maxContinuationLines ?? 200;
    return this.options.filter?.text ? full : Math.min(wanted, full);
  }

  /** Walks the filtered merge from `mark`, calling `visit` with each row until it returns true. */
  private async walk(mark: Mark, wantedLines: number, visit: (r: MergedRecord, row: number) => boolean): Promise<boolean> {
    const merger = new JobMerger(mark.state, { filter: this.options.filter, maxContinuationLines: this.continuationLines(wantedLines) });
    try {
      for (let row = mark.row; ; row++) {
        const r = await merger.next();
        if (!r) return false;
        if (visit(r, row)) return true;
      }
    } finally {
      await merger.close();
    }
  }

  /** Rows [start, start + count) of the filtered merge (fewer at the end). */
  async window(start: number, count: number): Promise<MergedRecord[]> {
    const out: MergedRecord[] = [];
    if (count <= 0) return out;
    await this.walk(this.markBefore(Math.max(0, start)), Infinity, (r, row) => {
      if (row >= start) out.push(r);
      return row + 1 >= start + count;
    });
    return out;
  }

  /** The row of the first record at or after `time` (naive ms), by a search over the marks. */
  async rowAtTime(time: number): Promise<number> {
    let lo = 0;
    let hi = this.marks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      const t = this.marks[mid].time;
      if (t !== undefined && t < time) lo = mid;
      else hi = mid - 1;
    }
    let found = this.rows;
    await this.walk(this.marks[lo], 0, (r, row) => {
      if (r.sortTime === undefined || r.sortTime < time) return false;
      found = row;
      return true;
    });
    return found;
  }

  /** The row of the record of `rank` that holds 0-based `line` (or the first after it), if any. */
  async rowOf(rank: number, line: number): Promise<number | undefined> {
    // A rank's position only moves forward from mark to mark, and it leaves the marks' states
    // once its file is read to the end: the last mark where it stands at or before `line`.
    const before = (m: Mark): boolean => m.state.some((s) => s.rank === rank && (s.from?.line ?? 0) <= line);
    let lo = 0;
    let hi = this.marks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (before(this.marks[mid])) lo = mid;
      else hi = mid - 1;
    }
    let found: number | undefined;
    await this.walk(this.marks[lo], 0, (r, row) => {
      if (r.source !== rank || r.line + r.lineCount <= line) return false;
      found = row;
      return true;
    });
    return found;
  }
}
