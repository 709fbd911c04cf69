// Any line that starts with a date and time, for lineFormats.ts (the format it names
// `timestamped`): most Python `logging` formats, Hydra's, loguru's, structlog's console,
// TensorFlow's and XLA's C++ logging, Hugging Face's month-first dates, a clock of 12 hours, a date
// with slashes year first, one day first with the month's name or with dots, a short tag or the
// level before the date, and a time of day with a level (dated by the reader: `withDay`). Pure;
// the capture lane reads the same lines (lane/captureLane.wat's `$timestamped`) and must agree
// with it.
import type { ForeignLine, Level } from './lineFormats';
import { levelOf } from './levels';
import { asctimeOfText, DAY_MS, isAsctimeAt, isDigitCode, LEADING_TIME, millis, naive, parseAsctime } from './timestamps';

/** The level words a timestamped line may spell (not glog's single letters). */
const LEVEL_NAMES_ONLY = new Map<string, Level>([
  ['DEBUG', 'DEBUG'],
  ['INFO', 'INFO'],
  ['WARN', 'WARNING'],
  ['WARNING', 'WARNING'],
  ['ERROR', 'ERROR'],
  ['CRITICAL', 'CRITICAL'],
  ['FATAL', 'CRITICAL'],
]);

/**
 * A date written month first (`%m/%d/%Y %H:%M:%S`), as the examples of Hugging Face's
 * transformers, accelerate and diffusers configure `logging` (`11/30/2026 09:12:33 - INFO -
 * __main__ - message`): read month first, never day first.
 */
const MONTH_FIRST_TIME = /^\[?(\d\d)\/(\d\d)\/(\d{4})[ T](\d\d):(\d\d):(\d\d)(?:[.,](\d{1,9}))?\]?(?=[\s\]|:-]|$)/;
/**
 * A date day first with the month's name (`%d-%b-%y %H:%M:%S`, as the tutorials of Python's
 * `logging` set `datefmt`: `04-Dec-26 09:12:33`; `%d-%b-%Y`; `%d %b %Y`; `%d/%b/%Y`, also in
 * brackets). A year of two digits is of this century.
 */
const MONTH_NAMED_TIME = /^\[?(\d\d)([-/ ])(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\2(\d\d|\d{4})[ T:](\d\d):(\d\d):(\d\d)(?:[.,](\d{1,9}))?\]?(?=[\s\]|:-]|$)/;
/** A date day first with dots (`%d.%m.%Y %H:%M:%S`, as much of Europe writes it: `04.12.2026 09:12:33`). */
const DOTTED_TIME = /^\[?(\d\d)\.(\d\d)\.(\d{4})[ T](\d\d):(\d\d):(\d\d)(?:[.,](\d{1,9}))?\]?(?=[\s\]|:-]|$)/;
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** Dates other than ISO's (`LEADING_TIME`), tried in turn: how each one's groups make its time. */
const OTHER_DATES: readonly [RegExp, (m: RegExpExecArray) => number | undefined][] = [
  [MONTH_FIRST_TIME, (m) => naive(+m[3], +m[1], +m[2], +m[4], +m[5], +m[6], millis(m[7]))],
  [MONTH_NAMED_TIME, (m) => naive(m[4].length === 2 ? 2000 + +m[4] : +m[4], MONTH_NAMES.indexOf(m[3]) + 1, +m[1], +m[5], +m[6], +m[7], millis(m[8]))],
  [DOTTED_TIME, (m) => naive(+m[3], +m[2], +m[1], +m[4], +m[5], +m[6], millis(m[7]))],
];
/**
 * A time without a date (`logging`'s `datefmt="%H:%M:%S"` with `.%(msecs)03d` or not, rich's
 * `[08:12:33]`): read only when a level word follows (a print may start with a clock).
 */
const TIME_OF_DAY = /^\[?(\d\d):(\d\d):(\d\d)(?:[.,](\d{1,9}))?\]?(?=\s)/;
/**
 * A short tag in brackets before the date: torchtitan's `[titan] 2026-12-02 08:00:00,123 - root -
 * INFO - ...`, or a level (`[INFO] 2026-12-02 ...`).
 */
const TAG_BEFORE_TIME = /^\[([A-Za-z][\w.-]{0,31})\] (?=\[?\d{4}-\d\d-\d\d[ T]\d\d:)/;
/** The level first, then the date (`%(levelname)s %(asctime)s ...`, `ERROR - <asctime> - ...`). */
const LEVEL_BEFORE_TIME = /^(DEBUG|INFO|WARNING|WARN|ERROR|CRITICAL|FATAL)(?: - | \| |:? +)(?=\[?\d{4}-\d\d-\d\d[ T]\d\d:)/;
const LEVEL_WORD = /(?<![\w.])(DEBUG|INFO|WARNING|WARN|ERROR|CRITICAL|FATAL)(?![\w.])/;
/**
 * TensorFlow's and XLA's C++ logging (TSL: JAX, TensorFlow) after its time (`%Y-%m-%d
 * %H:%M:%S.%06d`): `: E external/xla/xla/pjrt/...cc:2985] message`, its level's initial, then the
 * file and line.
 */
const TSL = /^: ([IWEF]) ([^\s\]]{1,200}:\d{1,7})\] ?/;
/**
 * structlog's ConsoleRenderer after its time: ` [error    ] event   key=value ...`, its level in
 * lower case padded in brackets (`exception` for `log.exception`'s, `warn` of older releases).
 */
const STRUCTLOG = /^ \[(debug|info|warning|warn|error|exception|critical|fatal) *\] /;
/** loguru's default after its time: ` | LEVEL    | name:function:line - message` (its own levels too). */
const LOGURU = /^ \| (TRACE|DEBUG|INFO|SUCCESS|WARNING|ERROR|CRITICAL) *\| ([^\s|]{1,200}:\d{1,7}) - /;
const SEPARATORS = /^[\s\-|:[\]()]+|[\s\-|:[\]()]+$/g;
/** coloredlogs' `%(hostname)s %(name)s[%(process)d]` before the level, its closing bracket gone with the separators: the name. */
const COLOREDLOGS_HEAD = /^[^\s[\]]{1,255} ([\w.\-<>]{1,120})\[\d{1,10}$/;

/**
 * Any line that starts with a date and time, as most Python `logging` formats write it
 * (`%(asctime)s %(levelname)s %(name)s: %(message)s`, the cookbook's `%(asctime)s - %(name)s -
 * %(levelname)s - %(message)s`, Hydra's `[time][name][LEVEL] - message`), maybe after a short
 * tag (`[titan] `): the level is a level word among the first two words after the time, the
 * logger what stands around it. Or after the level itself (`ERROR 2026-11-30 09:12:33,123 ...`).
 */
export function parseTimestamped(line: string): ForeignLine | undefined {
  const tag = line.charCodeAt(0) === 91 && line.charCodeAt(1) > 64 ? TAG_BEFORE_TIME.exec(line) : null;
  if (tag) {
    const r = parseTimestamped(line.slice(tag[0].length));
    // `[%(levelname)s] %(asctime)s ...`: the tag is the level.
    const level = LEVEL_NAMES_ONLY.get(tag[1].toUpperCase());
    return r && level && !r.level ? { ...r, level } : r;
  }
  const first = line.charCodeAt(0);
  const levelFirst = first >= 65 && first <= 90 ? LEVEL_BEFORE_TIME.exec(line) : null;
  if (levelFirst) {
    // No level is looked for after the time: a logger (`name: `) maybe, then the message.
    const t = leadingTime(line.slice(levelFirst[0].length));
    if (!t || t.rest.startsWith(' - Worker ')) return undefined;
    const named = /^[\s\-|:\]]*(?:([\w.\-<>]{1,120}):\s+)?/.exec(t.rest)!;
    return { format: 'timestamped', time: t.time, level: LEVEL_NAMES_ONLY.get(levelFirst[1]), logger: named[1], message: t.rest.slice(named[0].length) };
  }
  const t = leadingTime(line);
  return t ? timestampedRest(t.time, t.rest) : timeOfDayLine(line);
}

/** The date and time a line starts with, and what follows it; undefined when it starts with none (or one that does not exist). */
export function leadingTime(line: string): { time: number; rest: string } | undefined {
  let time: number | undefined;
  let rest: string;
  if (isAsctimeAt(line) && (line.length === 23 || (line.charCodeAt(23) === 32 && !zoneAt(line, 24)))) {
    // Python's own asctime, as most formats write it: read without a regular expression (one
    // that may be followed by a zone, by LEADING_TIME).
    time = asctimeOfText(line);
    rest = line.slice(23);
  } else {
    // A date with slashes, year first (`%Y/%m/%d`: MMEngine's and OpenMMLab's logs): read as ISO's.
    const t = LEADING_TIME.exec(YEAR_SLASHED.test(line) ? line.replace('/', '-').replace('/', '-') : line);
    if (t) {
      time = parseAsctime(t[1]);
      rest = line.slice(t[0].length);
    } else {
      const other = otherDate(line);
      if (!other) return undefined;
      ({ time, rest } = other);
    }
  }
  if (time === undefined) return undefined;
  // A clock of 12 hours (`%I:%M:%S %p`, as the logging HOWTO's example writes it): its AM or PM.
  const half = rest.charCodeAt(0) === 32 ? HALF_DAY.exec(rest) : null;
  if (half) {
    const hour = Math.floor((((time % DAY_MS) + DAY_MS) % DAY_MS) / 3_600_000);
    if (hour >= 1 && hour <= 12) {
      const pm = half[1] === 'P' || half[1] === 'p';
      time += pm ? (hour === 12 ? 0 : 12 * 3_600_000) : hour === 12 ? -12 * 3_600_000 : 0;
      rest = rest.slice(half[0].length);
    }
  }
  return { time, rest };
}

/** The first of `OTHER_DATES` the line starts with: its time (undefined for a date that does not exist) and what follows. */
function otherDate(line: string): { time: number | undefined; rest: string } | undefined {
  if (!isDigitCode(line.charCodeAt(0)) && line.charCodeAt(0) !== 91) return undefined;
  for (const [re, timeOf] of OTHER_DATES) {
    const m = re.exec(line);
    if (m) return { time: timeOf(m), rest: line.slice(m[0].length) };
  }
  return undefined;
}

/** Whether a zone may start at `i` (`+0100`, `-05:00`, `UTC`, a name: `CET`; not the cookbook's ` - name`, nor a level). */
function zoneAt(line: string, i: number): boolean {
  const c = line.charCodeAt(i);
  return c === 43 || (c === 45 && isDigitCode(line.charCodeAt(i + 1))) || (c >= 65 && c <= 90 && ZONE_NAME.test(line.slice(i, i + 5)));
}

/** What may be a zone's name: 3 or 4 capitals before a space or "]" (`UTC `, `CET `, `AEST]`), not INFO nor WARN. */
const ZONE_NAME = /^(?:[A-Z]{3}[ \]]|(?!INFO|WARN)[A-Z]{4}[ \]])/;

/** A date written `2026/12/04 ` (year first, slashes). */
const YEAR_SLASHED = /^\[?\d{4}\/\d\d\/\d\d[ T]/;

/** AM or PM after a clock of 12 hours. */
const HALF_DAY = /^ ([AaPp])[Mm](?=[\s\-|:\]]|$)/;

/**
 * What follows a line's time (`rest`), as `parseTimestamped` reads it: the level, logger and
 * message; `time` undefined for a time of day (`timeOfDayLine`).
 */
function timestampedRest(time: number | undefined, rest: string): ForeignLine | undefined {
  // Our own format is ours to read (logLine.ts).
  if (rest.startsWith(' - Worker ')) return undefined;
  // `%(asctime)s %(levelname)s %(name)s: %(message)s`, the most common: read without searching.
  const space = rest.indexOf(' ', 1);
  if (rest.charCodeAt(0) === 32 && space > 1) {
    const level = LEVEL_NAMES_ONLY.get(rest.slice(1, space));
    const colon = level ? rest.indexOf(': ', space + 1) : -1;
    if (level && colon > space + 1 && colon - space <= 120 && !rest.slice(space + 1, colon).includes(' ')) {
      return { format: 'timestamped', time, level, logger: rest.slice(space + 1, colon), message: rest.slice(colon + 2) };
    }
  }
  const tsl = rest.charCodeAt(0) === 58 ? TSL.exec(rest) : null;
  if (tsl) return { format: 'timestamped', time, level: levelOf(tsl[1]), logger: tsl[2], message: rest.slice(tsl[0].length) };
  const structlog = rest.charCodeAt(1) === 91 ? STRUCTLOG.exec(rest) : null;
  if (structlog) return { format: 'timestamped', time, level: structlog[1] === 'exception' ? 'ERROR' : levelOf(structlog[1]), message: rest.slice(structlog[0].length) };
  const loguru = rest.charCodeAt(1) === 124 ? LOGURU.exec(rest) : null;
  if (loguru) return { format: 'timestamped', time, level: loguru[1] === 'SUCCESS' ? 'INFO' : levelOf(loguru[1]), logger: loguru[2], message: rest.slice(loguru[0].length) };
  const head = rest.slice(0, 160);
  const lv = LEVEL_WORD.exec(head);
  const before = lv ? head.slice(0, lv.index).replace(SEPARATORS, '') : '';
  // At most two words before the level (`host name[pid]`: coloredlogs' default), else it is in a message.
  if (!lv || before.split(/\s+/).filter(Boolean).length > 2) {
    return { format: 'timestamped', time, message: rest.replace(/^[\s\-|:]+/, '') };
  }
  const levelEnd = lv.index + lv[0].length;
  // `<time> - LEVEL - name - message` (Hugging Face's examples), `<time> | LEVEL | name | message`
  // (fairseq's, metaseq's): the name between the dashes or the bars.
  const dashed = before ? null : /^ ([-|]) ([\w.\-<>]{1,120}) \1 /.exec(rest.slice(levelEnd, levelEnd + 130));
  if (dashed) return { format: 'timestamped', time, level: levelOf(lv[1]), logger: dashed[2], message: rest.slice(levelEnd + dashed[0].length) };
  let after = rest.slice(levelEnd).replace(/^[\])]?[\s\-|:]*/, '');
  // coloredlogs' default (`host name[pid]`): the name.
  let logger = (COLOREDLOGS_HEAD.exec(before)?.[1] ?? before) || undefined;
  if (!logger) {
    const named = /^\[([^\]]{1,120})\][\s\-|:]*|^([\w.\-<>]{1,120}):\s+/.exec(after);
    if (named) {
      logger = named[1] ?? named[2];
      after = after.slice(named[0].length);
    }
  }
  return { format: 'timestamped', time, level: levelOf(lv[1]), logger, message: after };
}

/** A line that starts with a time without a date and has a level word: read as `parseTimestamped` reads its rest. */
function timeOfDayLine(line: string): ForeignLine | undefined {
  const t = isDigitCode(line.charCodeAt(line.charCodeAt(0) === 91 ? 1 : 0)) ? TIME_OF_DAY.exec(line) : null;
  if (!t || +t[1] > 23 || +t[2] > 59 || +t[3] > 60) return undefined;
  const r = timestampedRest(undefined, line.slice(t[0].length));
  if (!r?.level) return undefined;
  r.timeOfDay = ((+t[1] * 60 + +t[2]) * 60 + Math.min(+t[3], 59)) * 1000 + millis(t[4]);
  return r;
}
