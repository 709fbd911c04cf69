// What a capture's lines tell of time, for its reader (importCapture.ts): its first time and its
// latest so far (its ranks' lines', the capture lane's, its launcher's, read only when needed),
// the day of a rank's time of day, torchrun's summary times at its end, and the marks that date
// what a rank's own lines do not (a first line that comes late, a traceback without a time).
import { headerLine, ImportOptions, RankLineWriter } from './importLines';
import { ForeignJob } from './importLayouts';
import { torchrunSummaryRanks, torchrunSummaryTimes } from './torchrunWords';
import { parseForeignLine } from './lineFormats';
import { rankPrefixOf } from './rankPrefixes';
import { formatTime, naiveFromEpoch } from './timestamps';
import { headTimeOnce, tailLinesSync, SourceReader } from './importSources';

/** The end of a capture read for torchrun's summary of its failures (a block of 8 lines for each: a few thousand ranks'). */
const SUMMARY_TAIL_BYTES = 256 * 1024;

/** The launcher's last lines `CaptureClock.latest` looks back over for a time, at most. */
const RECENT_LAUNCHER_LINES = 64;

/** A rank's first line this long after a capture's first time: the rank ran before it (the summary's attempt window). */
export const LATE_FIRST_LINE_MS = 60_000;

/** The record of a rank that wrote nothing before the launcher's word on it, at its attempt's start. */
export function ranSinceMessage(rank: number): string {
  return `rank ${rank} runs since its attempt began (it wrote nothing before the launcher's word on it)`;
}

/** The launcher's first lines read for the capture's start, at most (a console of untimed lines names none). */
const START_LINES = 1000;

export class CaptureClock {
  constructor(
    private readonly job: ForeignJob,
    private readonly reader: SourceReader,
    private readonly options: ImportOptions,
    /** The latest time of the lines the capture lane took (it keeps its own). */
    private readonly laneTime: () => number | undefined,
  ) {}

  /** The latest time a capture's line gave (a lower bound of the time of the lines after it). */
  private captureTime: number | undefined;

  /** The first time a capture's line gave. */
  private captureStart: number | undefined;

  /** The time the capture's last traceback without a time of its own was placed at, and its rank (see `timeMarks`). */
  private lastTraceback: { time: number; rank: number } | undefined;

  /**
   * The launcher's lines give times too (a console whose records are not labelled: most of its
   * lines): the first that has one, as the capture's start, then only the last before a time is
   * needed (reading each one's time cost a second in 2 million lines): the newest of the last
   * `RECENT_LAUNCHER_LINES` that has one (a progress bar, a blank line or a block of untimed
   * lines often come last, after the timed record that dates them).
   */
  private launcherTimes: { tried: number; recent: string[] } = { tried: 0, recent: [] };

  /** torchrun's summary times at the capture's end (`summaryTime`), read once a reading when a word asks. */
  private summaryTimes: Map<number, number> | undefined;
  private summaryGroups: Map<number, number[]> | undefined;
  private summaryTail: readonly string[] | undefined;

  /** The first time of the capture's head (`headTimeOnce`), once it is needed. */
  private headTime: (() => number | undefined) | undefined;

  /** Forgets what was read (the capture is read again from its start). */
  reset(): void {
    this.captureTime = undefined;
    this.captureStart = undefined;
    this.launcherTimes = { tried: 0, recent: [] };
    this.lastTraceback = undefined;
  }

  /** A reading begins: torchrun's summary at the capture's end is read again when asked (it may have come since). */
  newReading(): void {
    this.summaryTimes = undefined;
    this.summaryGroups = undefined;
    this.summaryTail = undefined;
  }

  /** The first time a capture's line gave (undefined before any). */
  get start(): number | undefined {
    return this.captureStart;
  }

  /**
   * A rank's line with only a time of day, the first of its rank's with a time: on the day nearest
   * the capture's latest time, else its first (`firstTimeOfHead`), else of the capture's last change.
   */
  readonly dayFrom = {
    before: () =>
      this.latest() ??
      (this.headTime ??= headTimeOnce(this.job.source, (line) => parseForeignLine(rankPrefixOf(line)?.rest ?? line, this.options.formats, this.options)?.time))(),
    latest: () => naiveFromEpoch(Math.floor(this.reader.stateOf(this.job.source)?.mtimeMs ?? Date.now())),
  };

  /** A launcher's line (as `CaptureRanks.launcherLine` gives it) was read. */
  launcherLine(text: string): void {
    const t = this.launcherTimes;
    if (this.captureStart === undefined && t.tried < START_LINES) {
      t.tried++;
      this.saw(this.launcherTime(text), true);
      return;
    }
    if (t.recent.length >= 2 * RECENT_LAUNCHER_LINES) t.recent.splice(0, RECENT_LAUNCHER_LINES);
    t.recent.push(text);
  }

  /**
   * When torchrun's summary at the end of the capture (read as it is now) says it noticed process
   * `pid` failed. Not for torchrun on several nodes in one capture (`nested`: the same id may be on
   * two; their words are read with their nodes' labels); for a node's own file (`fileNode`), whose
   * summary is its node's.
   */
  summaryTime(pid: number, nested: boolean): number | undefined {
    if (nested && this.job.fileNode === undefined) return undefined;
    this.summaryTimes ??= torchrunSummaryTimes(this.summaryLines());
    return this.summaryTimes.get(pid);
  }

  /** The local ranks torchrun's summary that names process `pid` says failed (`torchrunSummaryRanks`); as `summaryTime`. */
  summaryRanks(pid: number, nested: boolean): readonly number[] | undefined {
    if (nested && this.job.fileNode === undefined) return undefined;
    this.summaryGroups ??= torchrunSummaryRanks(this.summaryLines());
    return this.summaryGroups.get(pid);
  }

  /** The capture's end where torchrun's summary is, read once a reading. */
  private summaryLines(): readonly string[] {
    this.summaryTail ??= tailLinesSync(this.job.source, SUMMARY_TAIL_BYTES) ?? [];
    return this.summaryTail;
  }

  /** The time of a launcher's line (as `CaptureRanks.launcherLine` gives it). */
  launcherTime(text: string): number | undefined {
    return parseForeignLine(text, this.options.formats, this.options)?.time;
  }

  /** The capture's latest time so far: its lines' and the lane's, and its launcher's last lines'. */
  latest(): number | undefined {
    this.saw(this.laneTime());
    const recent = this.launcherTimes.recent;
    for (let k = recent.length - 1; k >= Math.max(0, recent.length - RECENT_LAUNCHER_LINES); k--) {
      const time = this.launcherTime(recent[k]);
      if (time !== undefined) {
        this.saw(time);
        break;
      }
    }
    recent.length = 0;
    return this.captureTime;
  }

  /**
   * A time a capture's line gave. The start is taken only from lines the reader reads in every way
   * of reading (the launcher's, each rank's first), so that the lane, the byte path and the string
   * path write the same marks; the latest time is every line's (the lane keeps its own).
   */
  saw(time: number | undefined, start = false): void {
    if (time === undefined) return;
    if (start) this.captureStart ??= time;
    if (!(time <= (this.captureTime ?? -Infinity))) this.captureTime = time;
  }

  /**
   * What a capture knows of a rank's time that its own lines do not tell: records of the
   * launcher's, dated by the capture's other lines, written before the rank's line.
   * - A rank whose first line comes late (PyTorch's `[rank1]: Traceback ...` in a console whose
   *   records have no label; a rank that logs nothing before it fails) started with the job: its
   *   first session starts at the capture's first time, as the other ranks' do.
   * - A traceback of a rank whose last time is behind the capture's latest before it comes after
   *   that line of the capture: its failure is placed among the job's just after that time (the
   *   scanner dates an error without one by the record before it), not at the rank's last time
   *   of its own. A millisecond after it, so that of two ranks whose untimed tracebacks follow
   *   each other (one failed, the next failed of it) the first in the capture stays first: the
   *   rank that wrote the latest time may be the one that failed first. For the same reason a
   *   traceback that would be placed at or before the capture's last one (of another rank; two
   *   ranks that logged their last record in the same millisecond, as ranks in step do) comes a
   *   millisecond after it.
   */
  timeMarks(rank: number, first: boolean, before: number | undefined, writer: RankLineWriter, stamped: boolean): string[] {
    const marks: string[] = [];
    const start = this.captureStart;
    const own = writer.lastTime;
    if (first && start !== undefined && (own ?? this.latest() ?? start) - start > LATE_FIRST_LINE_MS) {
      marks.push(headerLine(rank, start, 'launcher', 'INFO', `rank ${rank} runs since the capture began (its first line comes later)`));
      before = start;
    }
    // A traceback the launcher stamped (Open MPI's `--timestamp-output`) has its time. kubectl
    // writes a pod's whole log after the last's (but with `-f`): the capture's order is no time's.
    const now = !stamped && this.job.style !== 'kubectl' && writer.inTracebackBlock && writer.startedRecord ? this.latest() : undefined;
    if (now === undefined) return marks;
    const last = this.lastTraceback;
    let at: number | undefined;
    if (last && last.rank !== rank && last.time >= Math.max(now, before ?? -Infinity)) {
      at = last.time + 1;
      marks.push(headerLine(rank, at, 'launcher', 'INFO', `rank ${rank}'s traceback comes after rank ${last.rank}'s in the capture (placed at ${formatTime(last.time, true)})`));
    } else if (before === undefined || now > before) {
      at = now + 1;
      marks.push(headerLine(rank, at, 'launcher', 'INFO', `rank ${rank}'s traceback comes after the capture's line of ${formatTime(now, true)} (its latest time before it)`));
    }
    // The rank's output is at that time now (a restart of the group after it starts later).
    if (at !== undefined) writer.lastTime = at;
    const placed = at ?? before ?? now;
    if (!last || placed > last.time) this.lastTraceback = { time: placed, rank };
    return marks;
  }
}
