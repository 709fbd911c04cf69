// The data an index holds about one log file. Line numbers are 0-based (as in editors);
// byte offsets are from the start of the file. Times are naive ms (see timestamps.ts).

/** The logger of the runner's records (`python -m worker_logging run`), its ending record's among them. */
export const RUNNER_LOGGER = 'worker_logging.run';

/**
 * The logger of a launcher's word that names no rank but was on one of them (Hydra's banner of
 * MPICH 4.0: a process id), written on every rank: the job summary takes a rank's own error, or
 * another launcher word, as its first failure before these.
 */
export const ANY_RANK_LOGGER = 'launcher.any-rank';

/** Loggers of a launcher's words in a rank's log: the import's, Slurm's own line in a task's file. */
export const LAUNCHER_LOGGERS: ReadonlySet<string> = new Set(['launcher', 'slurm']);

/**
 * Loggers of records written for a rank, not by it: a launcher's words, the runner's. Those below
 * WARNING are counted apart (`Session.launcherRecords`): no sign that the rank went on working.
 */
export const WORD_LOGGERS: ReadonlySet<string> = new Set([...LAUNCHER_LOGGERS, ANY_RANK_LOGGER, RUNNER_LOGGER]);

export interface LevelCounts {
  DEBUG: number;
  INFO: number;
  WARNING: number;
  ERROR: number;
  CRITICAL: number;
  /** Custom level names (anything else in the level slot). */
  other: Record<string, number>;
}

export function emptyCounts(): LevelCounts {
  return { DEBUG: 0, INFO: 0, WARNING: 0, ERROR: 0, CRITICAL: 0, other: {} };
}

export function errorCount(c: LevelCounts): number {
  return c.ERROR + c.CRITICAL + (c.other.FATAL ?? 0);
}

/** Records below WARNING: DEBUG, INFO and custom levels (FATAL aside). */
export function ordinaryCount(c: LevelCounts): number {
  let n = c.DEBUG + c.INFO;
  for (const name in c.other) if (name !== 'FATAL') n += c.other[name];
  return n;
}

/** The session's records below WARNING its rank wrote itself (not `Session.launcherRecords`): the ordinary work it logged. */
export function ownOrdinaryCount(s: Pick<Session, 'counts' | 'launcherRecords'>): number {
  return ordinaryCount(s.counts) - (s.launcherRecords ?? 0);
}

export interface ErrorRecord {
  line: number;
  offset: number;
  level: string;
  logger: string;
  /** The record's time, when the record carries one. */
  time?: number;
  /** The time is an estimate (a fatal error's: the last record before it). */
  timeApproximate?: boolean;
  /** The first line of the message, cut at 500 characters. */
  message: string;
  /** The traceback's final exception line (`RuntimeError: CUDA out of memory ...`). */
  exception?: string;
  /** Number of lines of the record (1 plus its continuation lines). */
  lineCount: number;
  /**
   * A thread's uncaught exception (`Exception in thread uploader:` just before it, as Python's
   * threading prints one): the thread's name. Its process went on; it fails no rank by itself.
   */
  thread?: string;
  /**
   * An exception Python ignored (`Exception ignored in: <function Loader.__del__ ...>` just before
   * it: a finalizer's, an exit handler's): what it was ignored in. Its process went on; it fails
   * no rank by itself.
   */
  ignored?: string;
  /**
   * Records below WARNING its rank wrote in its session before it (`ownOrdinaryCount`): with the
   * next error's, or the session's count, whether its rank logged ordinary records after it
   * (`rankEnding.ts` `loggedAndWentOn`: a logged error its rank went on from).
   */
  ordinaryBefore?: number;
}

export interface Session {
  /** 0-based position of the session in its file. */
  index: number;
  startLine: number;
  startOffset: number;
  /** Last line of the session (inclusive); equals startLine - 1 for an empty first session. */
  endLine: number;
  /** Byte offset just past the session's last line. */
  endOffset: number;
  /** From the separator record; undefined for the first session. */
  resumeTime?: number;
  resumeTimeText?: string;
  /** First and last record times seen in the session. */
  firstTime?: number;
  /**
   * The session's first record carried no time (another program's print before its first timed
   * record): it started at or before `firstTime`, not at it. Never set after a Resume record.
   */
  untimedStart?: boolean;
  lastTime?: number;
  records: number;
  counts: LevelCounts;
  /** Records of `counts` below WARNING written for its rank, not by it (`WORD_LOGGERS`: a launcher's words, the runner's), when any. */
  launcherRecords?: number;
  firstError?: ErrorRecord;
  /** Stored ERROR/CRITICAL records (capped); `errorsOmitted` counts the rest. */
  errors: ErrorRecord[];
  errorsOmitted: number;
  /** WARNING records, only when the scanner was asked to store them (same cap as errors). */
  warnings?: ErrorRecord[];
  /** The session's last record: line and first line of its message. */
  lastRecord?: { line: number; level: string; message: string; time?: number };
  /** faulthandler stack dumps in the session (capped like errors), oldest first. */
  stackDumps?: StackDumpMark[];
}

/** Where a stack dump starts; its time is the last record's before it (faulthandler writes none). */
export interface StackDumpMark {
  line: number;
  offset: number;
  time?: number;
  /** faulthandler's watchdog wrote it (`dump_traceback_later`: `Timeout (0:05:00)!` on the line above). */
  watchdog?: true;
}

/** Sparse (line, offset, time) marks at record starts, for finding a moment in a large file. */
export interface Checkpoint {
  line: number;
  offset: number;
  time: number;
  /**
   * Records of the file up to this one by level class, [debug, info, warning, error] (custom
   * levels count as info, FATAL as error; the timeline's `LEVELS`): how many of each a
   * stretch of the file holds is the difference of two checkpoints (the Job Timeline's density).
   */
  levels?: number[];
}

/** Adds a session's counts to `into`, by level class. */
export function addLevels(into: number[], c: LevelCounts): void {
  let other = 0;
  for (const [name, n] of Object.entries(c.other)) if (name !== 'FATAL') other += n;
  into[0] += c.DEBUG;
  into[1] += c.INFO + other;
  into[2] += c.WARNING;
  into[3] += errorCount(c);
}

export type FileState = 'ok' | 'missing' | 'unreadable' | 'binary';

export interface IndexSnapshot {
  path: string;
  state: FileState;
  /** Why the state is not ok, in words for the user. */
  problem?: string;
  /** Bumped whenever the file shrank or was replaced and was re-indexed from the start. */
  generation: number;
  /** Bytes indexed: everything up to the last complete line. */
  bytes: number;
  /** Complete lines indexed. */
  lines: number;
  /** The file's size and mtime (ms since epoch) when last read. */
  size: number;
  mtimeMs: number;
  records: number;
  /** Records whose header had a timestamp (0 means the order across ranks is approximate). */
  timedRecords: number;
  sessions: Session[];
  checkpoints: Checkpoint[];
}

/** A session that holds at least one line (the first session of a file may be empty). */
/** Every error of the session is listed (none left out) and `test` holds of each. */
export function everyError(session: Session, test: (e: ErrorRecord) => boolean): boolean {
  return session.errorsOmitted === 0 && session.errors.length === errorCount(session.counts) && session.errors.every(test);
}

export function sessionHasLines(s: Session): boolean {
  return s.records > 0 || s.endLine >= s.startLine;
}

export function sessionStartTime(s: Session): number | undefined {
  return s.resumeTime ?? s.firstTime;
}

/** When the session started, only where its records tell it (its first record or its Resume record has a time). */
export function sessionKnownStart(s: Session): number | undefined {
  return s.untimedStart ? undefined : sessionStartTime(s);
}
