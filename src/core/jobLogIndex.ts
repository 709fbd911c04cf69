// Rows of the filtered job merge by number, without reading from the start: one pass over the
// merge keeps where it stood every `every` rows (a sparse position index), so row 4,000,000 is
// one resume and at most `every` skipped rows away. The Job Log panel asks for windows of rows.
import { JobMerger, MergedRecord, MergeFilter, MergeSource, MergeState } from './jobMerge';

export interface JobLogIndexOptions {
  filter?: MergeFilter;
  /** Rows between two marks. */
  every?: number;
  maxContinuationLines?: number;
  /** Called now and then while the index is built (rows so far); return true to stop. */
  progress?: (rows: number) => boolean | void;
}

interface Mark {
  row: number;
  state: MergeState;
  /** The order time of the mark's first row. */
  time?: number;
}

export class JobLogIndex {
  private constructor(
    private readonly sources: readonly MergeSource[],
    private readonly options: JobLogIndexOptions,
    private readonly marks: Mark[],
    /** Rows that pass the filter. */
    readonly rows: number,
    /** The build was stopped before the end (`progress` returned true). */
    readonly partial: boolean,
  ) {}

  static async build(sources: readonly MergeSource[], options: JobLogIndexOptions = {}): Promise<JobLogIndex> {
    const every = options.every ?? 1000;
    const merger = new JobMerger(sources, { filter: options.filter, maxContinuationLines: 0 });
    const marks: Mark[] = [{ row: 0, state: sources.map((s) => ({ ...s })) }];
    let rows = 0;
    let stopped = false;
    try {
      for (;;) {
        if (rows > 0 && rows % every === 0) {
          marks.push({ row: rows, state: merger.state() });
          if (options.progress?.(rows)) {
            stopped = true;
            break;
          }
        }
        const r = await merger.next();
        if (!r) break;
        if (marks[marks.length - 1].row === rows) marks[marks.length - 1].time = r.sortTime;
        rows++;
      }
    } finally {
      await merger.close();
    }
    return new JobLogIndex(sources, options, marks, rows, stopped);
  }

  /** Rows [start, start + count) of the filtered merge (fewer at the end). */
  async window(start: number, count: number): Promise<MergedRecord[]> {
    start = Math.max(0, Math.min(start, this.rows));
    let lo = 0;
    let hi = this.marks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.marks[mid].row <= start) lo = mid;
      else hi = mid - 1;
    }
    const mark = this.marks[lo];
    const merger = new JobMerger(mark.state, { filter: this.options.filter, maxContinuationLines: this.options.maxContinuationLines ?? 200 });
    const out: MergedRecord[] = [];
    try {
      for (let row = mark.row; row < start + count; row++) {
        const r = await merger.next();
        if (!r) break;
        if (row >= start) out.push(r);
      }
    } finally {
      await merger.close();
    }
    return out;
  }

  /** The row of the first record at or after `time` (naive ms), by a search over the marks. */
  async rowAtTime(time: number): Promise<number> {
    // The last mark whose first row is before `time` (marks are in time order), then a walk.
    let lo = 0;
    let hi = this.marks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      const t = this.marks[mid].time;
      if (t !== undefined && t < time) lo = mid;
      else hi = mid - 1;
    }
    const merger = new JobMerger(this.marks[lo].state, { filter: this.options.filter, maxContinuationLines: 0 });
    try {
      for (let row = this.marks[lo].row; ; row++) {
        const r = await merger.next();
        if (!r) return this.rows;
        if (r.sortTime !== undefined && r.sortTime >= time) return row;
      }
    } finally {
      await merger.close();
    }
  }

  /** The row of the record of `rank` that holds 0-based `line` (or the first after it), if any. */
  async rowOf(rank: number, line: number): Promise<number | undefined> {
    const merger = new JobMerger(this.sources, { filter: this.options.filter, maxContinuationLines: 0 });
    try {
      for (let row = 0; ; row++) {
        const r = await merger.next();
        if (!r) return undefined;
        if (r.source === rank && r.line + r.lineCount > line) return row;
      }
    } finally {
      await merger.close();
    }
  }
}
