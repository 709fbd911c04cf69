// Sessions and the records kept with them, built from classified lines: the scanner's
// bookkeeping, apart from its line handling.
import { addLevels, emptyCounts, ErrorRecord, LevelCounts, ownOrdinaryCount, Session, StackDumpMark, WORD_LOGGERS } from './indexModel';
import { decode } from './lineSource';
import { HeaderSlots, Level, LEVEL_NAMES } from './logLine';

/** Characters of a message kept with a stored record. */
export const MESSAGE_CHARS = 500;

export function newSession(index: number, line: number, offset: number): Session {
  return {
    index,
    startLine: line,
    startOffset: offset,
    endLine: line - 1,
    endOffset: offset,
    records: 0,
    counts: emptyCounts(),
    errors: [],
    errorsOmitted: 0,
  };
}

/** Counts a record of `level` (its name at `buf[s..e)`); returns the level's name. */
export function bump(counts: LevelCounts, level: Level, buf: Uint8Array, s: number, e: number): string {
  if (level !== Level.Other) {
    const name = LEVEL_NAMES[level];
    counts[name]++;
    return name;
  }
  const name = Buffer.from(buf.buffer, buf.byteOffset + s, e - s).toString('latin1');
  counts.other[name] = (counts.other[name] ?? 0) + 1;
  return name;
}


/** A record kept in the index (errors, and warnings when asked): its line and first words. */
export function storedRecord(buf: Uint8Array, e: number, slots: HeaderSlots, line: number, offset: number, level: string, time: number | undefined): ErrorRecord {
  return {
    line,
    offset,
    level,
    logger: decode(buf, slots.loggerStart, slots.loggerEnd),
    time,
    message: decode(buf, slots.messageStart, Math.min(e, slots.messageStart + MESSAGE_CHARS * 4)).slice(0, MESSAGE_CHARS),
    lineCount: 1,
  };
}

/**
 * A fatal error line (`Fatal Python error: ...`) as an error record of `session`: counted as
 * FATAL, timed by the session's last record before it (approximate). The caller stores it.
 */
export function fatalRecord(session: Session, buf: Uint8Array, s: number, e: number, line: number, offset: number): ErrorRecord {
  session.counts.other.FATAL = (session.counts.other.FATAL ?? 0) + 1;
  const record: ErrorRecord = { line, offset, level: 'FATAL', logger: '', message: decode(buf, s, Math.min(e, s + MESSAGE_CHARS * 4)).slice(0, MESSAGE_CHARS), lineCount: 1 };
  approximateTime(record, session.lastTime);
  return record;
}

/** The message of `lossRecord`. */
export const LOST_IN_A_CRASH = "NUL bytes where the log's last writes were: its machine went down before they reached the disk (a crash)";

/**
 * NUL bytes a crash left where a log's last writes were (`holdsLostBytes`), as an error record of
 * `session`, the one they end: its process died with its machine, without a word. Counted as
 * FATAL, timed by the session's last record before them (approximate). The caller stores it.
 */
export function lossRecord(session: Session, line: number, offset: number): ErrorRecord {
  session.counts.other.FATAL = (session.counts.other.FATAL ?? 0) + 1;
  const record: ErrorRecord = { line, offset, level: 'FATAL', logger: '', message: LOST_IN_A_CRASH, lineCount: 1 };
  approximateTime(record, session.lastTime);
  return record;
}

/** Dates a record without a time of its own by the last record before it (`last`), marked approximate. */
export function approximateTime(record: ErrorRecord, last: number | undefined): void {
  if (record.time !== undefined || last === undefined) return;
  record.time = last;
  record.timeApproximate = true;
}

/** The first bytes of `WORD_LOGGERS`' names: a logger that starts with another is read no further (every record the scanner classifies is asked). */
const WORD_LOGGER_FIRST = new Uint8Array(256);
for (const l of WORD_LOGGERS) WORD_LOGGER_FIRST[l.charCodeAt(0)] = 1;
/** Their first bytes with their lengths. */
const WORD_LOGGER_HEADS = new Set([...WORD_LOGGERS].map((l) => l.length * 256 + l.charCodeAt(0)));

/** The logger at `buf[s..e)` is one of `WORD_LOGGERS`: its records are written for a rank, not by it. */
export function isWordLogger(buf: Uint8Array, s: number, e: number): boolean {
  return e > s && WORD_LOGGER_FIRST[buf[s]] === 1 && WORD_LOGGER_HEADS.has((e - s) * 256 + buf[s]) && WORD_LOGGERS.has(Buffer.from(buf.buffer, buf.byteOffset + s, e - s).toString('latin1'));
}

/** Counts a record below WARNING (of `level`, as `bump` named it) of a `WORD_LOGGERS` logger in `Session.launcherRecords`. */
export function countWord(session: Session, slots: HeaderSlots, level: string, buf: Uint8Array): void {
  if (slots.level > Level.Info && (slots.level !== Level.Other || level === 'FATAL')) return;
  if (isWordLogger(buf, slots.loggerStart, slots.loggerEnd)) session.launcherRecords = (session.launcherRecords ?? 0) + 1;
}

/** Keeps an error record with its session: the first one, and up to `maxErrors` listed. */
export function storeError(session: Session, record: ErrorRecord, maxErrors: number): void {
  record.ordinaryBefore ??= ownOrdinaryCount(session);
  if (session.firstError === undefined) session.firstError = record;
  if (session.errors.length < maxErrors) session.errors.push(record);
  else session.errorsOmitted++;
}

/** Moves sessions scanned from the middle of a file to their place in it (a parallel range). */
export function shiftSessions(sessions: readonly Session[], lineBase: number, offsetBase: number): void {
  const shifted = new Set<ErrorRecord>();
  for (const session of sessions) {
    session.startLine += lineBase;
    session.endLine += lineBase;
    session.startOffset += offsetBase;
    session.endOffset += offsetBase;
    // firstError is usually also in errors: shift each record once.
    for (const r of [...session.errors, ...(session.firstError ? [session.firstError] : [])]) {
      if (shifted.has(r)) continue;
      shifted.add(r);
      r.line += lineBase;
      r.offset += offsetBase;
    }
    if (session.lastRecord) session.lastRecord.line += lineBase;
    for (const d of session.stackDumps ?? []) {
      d.line += lineBase;
      d.offset += offsetBase;
    }
  }
}

/** Adds a session scanned in a later range to the one it continues. */
export function mergeSessionInto(into: Session, from: Session, maxErrors: number): void {
  // What the later range met before a time of its own is dated by this range's last one; its
  // errors come after this range's ordinary records.
  const ordinary = ownOrdinaryCount(into);
  for (const r of new Set([...from.errors, ...(from.firstError ? [from.firstError] : [])])) {
    approximateTime(r, into.lastTime);
    if (r.ordinaryBefore !== undefined) r.ordinaryBefore += ordinary;
  }
  for (const d of from.stackDumps ?? []) d.time ??= into.lastTime;
  // A range that met no record of the session before: the later one's first record is its first.
  if (into.records === 0) into.untimedStart = from.untimedStart;
  into.records += from.records;
  if (from.launcherRecords) into.launcherRecords = (into.launcherRecords ?? 0) + from.launcherRecords;
  for (const k of LEVEL_NAMES) into.counts[k] += from.counts[k];
  for (const [k, v] of Object.entries(from.counts.other)) into.counts.other[k] = (into.counts.other[k] ?? 0) + v;
  into.firstError ??= from.firstError;
  into.firstTime ??= from.firstTime;
  into.lastTime = from.lastTime ?? into.lastTime;
  into.lastRecord = from.lastRecord ?? into.lastRecord;
  into.endLine = from.endLine;
  into.endOffset = from.endOffset;
  for (const r of from.errors) {
    if (into.errors.length < maxErrors) into.errors.push(r);
    else into.errorsOmitted++;
  }
  into.errorsOmitted += from.errorsOmitted;
  if (from.stackDumps?.length) {
    const dumps = (into.stackDumps ??= []);
    for (const d of from.stackDumps) addStackDump(dumps, d, maxErrors);
  }
}

/** Keeps the latest `max` dumps of a session: the ones a reader of a hang wants. */
export function addStackDump(dumps: StackDumpMark[], mark: StackDumpMark, max: number): void {
  if (max <= 0) return;
  if (dumps.length >= max) dumps.shift();
  dumps.push(mark);
}

/** A file's records so far by level class, for its checkpoints: finished sessions summed once. */
export class FileLevels {
  private readonly prior = [0, 0, 0, 0];
  private summed = 0;

  /** The totals of `sessions` (a file's, in order; only the last one may still grow). */
  now(sessions: readonly Session[]): number[] {
    while (this.summed < sessions.length - 1) addLevels(this.prior, sessions[this.summed++].counts);
    const out = this.prior.slice();
    addLevels(out, sessions[sessions.length - 1].counts);
    return out;
  }
}
