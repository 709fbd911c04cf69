// The record reader's use of the record lane: reading with a minimum level, a run of records
// below it (and their continuation lines) is skipped in WebAssembly, the way the index skips the
// records it only counts. The lane takes only records whose header the reader itself classified
// as below the level before (its own header table), and leaves every other line (a new header,
// a fatal error, a stack dump, a resume) to the reader: what it skips is what the reader would
// have skipped line by line.
import { HeaderSlots, Level } from '../logLine';
import { asctimeFromBytes } from '../timestamps';
import { HeaderTable } from './headerTable';
import { LANE_DATA, LANE_MAX_CHUNK, RecordLane, Result } from './recordLane';

/** What one run skipped: lines, records, where it stopped, and the time of its last timed record. */
export interface SkippedRun {
  lines: number;
  records: number;
  stop: number;
  time?: number;
}

const NONE: SkippedRun = { lines: 0, records: 0, stop: 0 };

export class LevelSkipper {
  private readonly headers = new HeaderTable();
  /** Which bytes the lane holds for this skipper: `buf[from..to)`, while `lane.loads` is `loads`. */
  private loaded: { buf: Uint8Array; from: number; to: number; loads: number; memory: Buffer } | undefined;

  private constructor(private readonly lane: RecordLane) {}

  /** A skipper, or undefined where the lane cannot run (the reader reads every line then). */
  static make(): LevelSkipper | undefined {
    const lane = RecordLane.get();
    return lane && new LevelSkipper(lane);
  }

  /** A header the reader classified and skipped for its level, at `s` in `buf`. */
  learn(buf: Uint8Array, s: number, slots: HeaderSlots): void {
    this.headers.learn(buf, s, slots);
  }

  /**
   * Skips from the line start `pos` of `buf` (complete lines end by `end`; lines longer than
   * `cap` are left) while the lines are records with learned headers, or continuation lines;
   * with `recordOpen` (a kept record may go on at `pos`), continuation lines only after a
   * skipped record.
   */
  run(buf: Uint8Array, pos: number, end: number, cap: number, recordOpen: boolean): SkippedRun {
    if (this.headers.entries.length === 0) return NONE;
    const lane = this.lane;
    let at = this.loaded;
    if (!at || at.buf !== buf || at.loads !== lane.loads || pos < at.from || pos >= at.to) {
      // Loaded once per chunk: the reader works through a chunk without giving way.
      const to = Math.min(end, pos + LANE_MAX_CHUNK);
      const memory = lane.loadRange(buf, pos, to);
      at = this.loaded = { buf, from: pos, to, memory, loads: lane.loads };
    }
    lane.useHeaders(this.headers);
    const base = LANE_DATA - at.from;
    // Every header in the table was skipped for its level; every timestamped record is taken.
    // An open record keeps its lines (errorOpen, and not errorIndented): the reader returns them.
    const runTo = (limit: number): number => lane.run(base + pos, limit, cap, Level.Warning, 0x7fffffff, recordOpen, false, false, false, false);
    const stop = runTo(base + at.to);
    const lines = lane.out[Result.Lines];
    if (lines === 0) return NONE;
    const records = lane.recordsTaken();
    // The time of the last record whose timestamp parses: the lane checks a timestamp's shape,
    // not its digits, so when the last one is corrupt the run is walked again up to it.
    let timePos = lane.out[Result.LastTimePos];
    let time: number | undefined;
    while (timePos >= 0 && (time = asctimeFromBytes(at.memory, timePos)) === undefined) {
      runTo(timePos);
      timePos = lane.out[Result.Lines] > 0 ? lane.out[Result.LastTimePos] : -1;
    }
    return { lines, records, stop: stop - base, time };
  }
}
