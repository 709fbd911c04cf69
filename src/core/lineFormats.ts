// Lines written without our module (issue "Logs from any launcher", first part): the line
// formats of the programs that write multi-GPU logs, each read into time, level, logger and
// message as its documentation gives it (the launchers' rank prefixes are in rankPrefixes.ts).
// The user's own formats (`workerLogs.formats`) are in userFormats.ts, records logged as JSON in
// jsonRecords.ts, the level words in levels.ts. Pure: one
// line in, plain data out; nothing here throws on any input. A line's rest may hold carriage
// returns (CRLF, progress bars): the patterns read them as text (`s` flag). importLines.ts uses
// them.
import { parseJsonRecord } from './jsonRecords';
import { levelOf } from './levels';
import { slurmCancellation } from './slurmWords';
import { asctimeOfText, DAY_MS, isAsctimeAt, LEADING_TIME, parseAsctime } from './timestamps';

export type Level = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL';

export interface ForeignLine {
  /** The format's name: `python`, `glog`, `nccl`, `deepspeed`, `elastic`, `transformers`, `nemo`, `vllm`, `mmengine`, `json`, `rich`, `timestamped`, `levelled`, or a user format's. */
  format: string;
  /** Naive ms (see timestamps.ts). */
  time?: number;
  /** The line's time has no year (glog's, vLLM's, a user format's without %Y): the caller's was used (see `YearOfTimes`). */
  yearAssumed?: boolean;
  /**
   * The line's time has no date (`datefmt="%H:%M:%S"`, rich's `[08:12:33]`): its milliseconds
   * since midnight, `time` left undefined; the reader gives it its day (`withDay`).
   */
  timeOfDay?: number;
  level?: Level;
  logger?: string;
  /** A rank the line names (a user format's `rank` group). */
  rank?: number;
  message: string;
  /**
   * rich's logging handler wrote the line with its time (`parseRich`): the width of its time column.
   * The handler's next record within the same second starts with that many spaces instead
   * (`richRepeatedLine`).
   */
  richColumn?: number;
}

export interface LineFormat {
  name: string;
  /** False when no line starting with this character code is in the format (a quick skip). */
  mayRead?(firstChar: number): boolean;
  /** The line read, or undefined when it is not in this format. `year` completes year-less times. */
  parse(line: string, year: number): ForeignLine | undefined;
  /**
   * A user format whose pattern has a `rank` group: a single console whose lines it reads (all
   * ranks writing to one terminal, as `torch.multiprocessing.spawn` does) is split by it. Its
   * pattern and time format, which tell two such formats apart (see captureHead.ts).
   */
  rankKey?: string;
}

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

/** Naive ms of a wall-clock time, or undefined for a date that does not exist. */
export function naive(year: number, month: number, day: number, h: number, m: number, s: number, ms: number): number | undefined {
  if (month < 1 || month > 12 || day < 1 || day > 31 || h > 23 || m > 59 || s > 60) return undefined;
  const t = Date.UTC(year, month - 1, day, h, m, Math.min(s, 59), ms);
  return new Date(t).getUTCDate() === day ? t : undefined;
}

/** `.123456` or `.123456789` -> 123 (ms). */
export function millis(fraction: string | undefined): number {
  return fraction ? Number((fraction + '00').slice(0, 3)) : 0;
}

/** Python's logging.BASIC_FORMAT (`logging.basicConfig()`): `INFO:root:message`. */
const PYTHON = /^(DEBUG|INFO|WARNING|ERROR|CRITICAL):([^:\s][^:]*):(.*)$/s;
/**
 * glog (c10d, NCCL's PyTorch side, torch.distributed.elastic in PyTorch 2.x):
 * `I1130 09:12:33.123456 1234 file.cpp:1234] message`, also in brackets (`[W1130 ...]`), with
 * nanoseconds, without the thread id, and with the year (`E20261130 ...`: glog 0.6 and later,
 * a PyTorch built against a system's glog, as Debian's); PyTorch 2.4+'s own (c10's) writes the
 * month unpadded (`[E922 19:07:21.891247234 ProcessGroupNCCL.cpp:1870]`: September 22nd).
 */
const GLOG = /^\[?([IWEF])(?:(\d{4})(\d\d)|(\d\d?))(\d\d) (\d\d):(\d\d):(\d\d)\.(\d{1,9})(?: +(\d+))? +([^\s\]]+:\d+)\] ?(.*)$/s;
/** NCCL's debug output: `host:pid:tid [cudaDev] NCCL INFO|WARN message` (no time). */
const NCCL = /^([\w.-]+):(\d+):(\d+) \[(\d+)\] NCCL (INFO|WARN|ERROR|TRACE|ABORT) ?(.*)$/s;
/** DeepSpeed's logger: `[2026-11-30 09:12:33,123] [INFO] [launch.py:42:main] message`. */
const DEEPSPEED = /^\[(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3})\] \[(DEBUG|INFO|WARNING|ERROR|CRITICAL)\] \[([^\]]+)\] ?(.*)$/s;
/** Hugging Face transformers' trainer (`[INFO|trainer.py:1812] 2026-11-30 09:12:33,123 >> message`). */
const TRANSFORMERS = /^\[(DEBUG|INFO|WARNING|ERROR|CRITICAL)\|([^\]]{1,200})\] (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) >> ?(.*)$/s;
/**
 * NVIDIA NeMo's logging (`[NeMo W 2026-12-02 08:00:00 nemo_logging:349] message`: the level's
 * initial, the time, module and line; `rank:3` in its debug format; Tornado's without `NeMo `).
 */
const NEMO = /^\[(?:NeMo )?([DIWEC]) (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) ([^\]\s]{1,200}:\d{1,7})(?: rank:(\d{1,7}))?\] ?(.*)$/s;
const NEMO_LEVELS: Record<string, Level> = { D: 'DEBUG', I: 'INFO', W: 'WARNING', E: 'ERROR', C: 'CRITICAL' };
/**
 * vLLM's logger (`INFO 12-03 08:00:00 [engine.py:123] message`; before 0.8 without the `[`): the
 * level, then a date without its year (assumed, as glog's), the file and line.
 */
const VLLM = /^(DEBUG|INFO|WARNING|ERROR|CRITICAL) (\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))? \[?([^\s\]]{1,200}:\d{1,7})\] ?(.*)$/s;
/**
 * MMEngine's console (OpenMMLab's trainers: `12/04 09:00:02 - mmengine - ERROR - message`): a date
 * without its year (assumed, as glog's), the logger, the level. Its other ranks show their errors
 * there too; its files write the year (`2026/12/04 ...`: the timestamped format's).
 */
const MMENGINE = /^(\d\d)\/(\d\d) (\d\d):(\d\d):(\d\d) - ([\w.\-<>]{1,120}) - (DEBUG|INFO|WARNING|ERROR|CRITICAL) - (.*)$/s;
/** A line that starts with a level word and a colon (`WARNING: ...`, `ERROR: ...`), as many tools print. */
const LEVELLED = /^(DEBUG|INFO|WARNING|WARN|ERROR|CRITICAL|FATAL):\s+(.*)$/s;
/** torch.distributed.elastic (PyTorch 1.x): `[2026-11-30 09:12:33,123] torch.distributed.elastic.x: [WARNING] message`. */
const ELASTIC = /^\[(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3})\] ([\w.]+): \[(DEBUG|INFO|WARNING|ERROR|CRITICAL)\] ?(.*)$/s;

/**
 * rich's logging handler (`RichHandler`, which many training scripts log through), as it writes
 * to a file or pipe: its time in brackets, its level padded to 8 characters and a space, the
 * message, then the file and line the record was logged from, right-aligned (`RICH_PATH`):
 * `[12/04/26 03:05:13] INFO     step 1 loss 0.500             train.py:26`. Its default time is
 * `[%x %X]`, in C's locale month first with a two-digit year; rich's docs configure `[%X]`, a time
 * of day; any other (a logging `datefmt`) is read when the path column follows. A message too
 * long for its column goes on in lines indented to it (lines of the record); a record within the
 * same second as the handler's last has spaces where its time would be (`richRepeatedLine`).
 */
const RICH_LEVEL = /^(DEBUG {4}|INFO {5}|WARNING {2}|ERROR {4}|CRITICAL )(?=\S)/;
/** rich's path column: a file name and line (`train.py:26`, `<stdin>:1`) at the end, after white space. */
const RICH_PATH = /\s((?:[\w.-]{1,200}\.py|<[\w-]{1,60}>):\d{1,7})\s*$/;
/** rich's default time (`[%x %X]` in C's locale: `12/04/26 03:05:13`) and `[%X]`. */
const RICH_TIME = /^(?:(\d\d)\/(\d\d)\/(\d\d) )?(\d\d):(\d\d):(\d\d)(?:[.,](\d{1,6}))?$/;

/** A line of rich's logging handler with its time (or with none: `show_time=False`, the path column then needed). */
function parseRich(line: string): ForeignLine | undefined {
  let level: RegExpExecArray | null;
  let at = 0;
  let time: number | undefined;
  let timeOfDay: number | undefined;
  let own = false;
  if (line.charCodeAt(0) === 91) {
    const close = line.indexOf('] ', 1);
    if (close < 6 || close > 40 || !(level = RICH_LEVEL.exec(line.slice(close + 2, close + 12)))) return undefined;
    const inside = line.slice(1, close);
    const t = RICH_TIME.exec(inside);
    if (t) {
      own = true;
      if (t[1] !== undefined) time = naive(2000 + +t[3], +t[1], +t[2], +t[4], +t[5], +t[6], millis(t[7]));
      else if (+t[4] < 24 && +t[5] < 60 && +t[6] < 61) timeOfDay = ((+t[4] * 60 + +t[5]) * 60 + Math.min(+t[6], 59)) * 1000 + millis(t[7]);
    } else {
      const lead = leadingTime(inside);
      if (lead && lead.rest === '') time = lead.time;
    }
    if (time === undefined && timeOfDay === undefined) return undefined;
    at = close + 2;
  } else if (!(level = RICH_LEVEL.exec(line))) return undefined;
  const body = line.slice(at + 9);
  const path = RICH_PATH.exec(body);
  // Without the path column, only rich's own times tell the handler apart from a format that pads its level.
  if (!path && !own) return undefined;
  const r: ForeignLine = { format: 'rich', level: levelOf(level[1].trimEnd()), logger: path?.[1], message: (path ? body.slice(0, path.index) : body).trimEnd() };
  if (time !== undefined) r.time = time;
  if (timeOfDay !== undefined) r.timeOfDay = timeOfDay;
  if (at > 0) r.richColumn = at;
  return r;
}

/**
 * A record of rich's logging handler within the same second as its last, whose time column was
 * `column` wide: that many spaces, then its level padded and its message (its time is the last
 * record's); undefined for any other line (a line of the message before, indented further).
 */
export function richRepeatedLine(line: string, column: number): ForeignLine | undefined {
  if (line.length < column + 10 || line.charCodeAt(column - 1) !== 32 || line.charCodeAt(column) === 32) return undefined;
  for (let i = 0; i < column; i++) if (line.charCodeAt(i) !== 32) return undefined;
  const level = RICH_LEVEL.exec(line.slice(column, column + 10));
  if (!level) return undefined;
  const body = line.slice(column + 9);
  const path = RICH_PATH.exec(body);
  return { format: 'rich', level: levelOf(level[1].trimEnd()), logger: path?.[1], message: (path ? body.slice(0, path.index) : body).trimEnd() };
}

export const BUILT_IN_FORMATS: readonly LineFormat[] = [
  {
    name: 'deepspeed',
    mayRead: (c) => c === 91,
    parse: (line) => {
      const m = DEEPSPEED.exec(line);
      return m ? { format: 'deepspeed', time: parseAsctime(m[1]), level: levelOf(m[2]), logger: m[3], message: m[4] } : undefined;
    },
  },
  {
    name: 'elastic',
    mayRead: (c) => c === 91,
    parse: (line) => {
      const m = ELASTIC.exec(line);
      return m ? { format: 'elastic', time: parseAsctime(m[1]), level: levelOf(m[3]), logger: m[2], message: m[4] } : undefined;
    },
  },
  {
    name: 'glog',
    mayRead: (c) => c === 91 || c === 73 || c === 87 || c === 69 || c === 70,
    parse: (line, year) => {
      const m = GLOG.exec(line);
      if (!m) return undefined;
      const time = naive(m[2] ? +m[2] : year, +(m[3] ?? m[4]), +m[5], +m[6], +m[7], +m[8], millis(m[9]));
      return { format: 'glog', time, yearAssumed: time !== undefined && !m[2], level: levelOf(m[1]), logger: m[11], message: m[12] };
    },
  },
  {
    name: 'nccl',
    mayRead: (c) => !isDigitCode(c) && c !== 91 && c !== 32,
    parse: (line) => {
      const m = NCCL.exec(line);
      return m ? { format: 'nccl', level: levelOf(m[5]), logger: `NCCL ${m[1]}:${m[2]} cuda:${m[4]}`, message: m[6] } : undefined;
    },
  },
  {
    name: 'python',
    mayRead: (c) => c >= 65 && c <= 90,
    parse: (line) => {
      const m = PYTHON.exec(line);
      return m ? { format: 'python', level: levelOf(m[1]), logger: m[2], message: m[3] } : undefined;
    },
  },
  {
    name: 'transformers',
    mayRead: (c) => c === 91,
    parse: (line) => {
      const m = TRANSFORMERS.exec(line);
      return m ? { format: 'transformers', level: levelOf(m[1]), logger: m[2], time: parseAsctime(m[3]), message: m[4] } : undefined;
    },
  },
  {
    name: 'nemo',
    mayRead: (c) => c === 91,
    parse: (line) => {
      const m = NEMO.exec(line);
      if (!m) return undefined;
      const time = parseAsctime(m[2]);
      return time === undefined ? undefined : { format: 'nemo', time, level: NEMO_LEVELS[m[1]], logger: m[3], ...(m[4] !== undefined ? { rank: Number(m[4]) } : {}), message: m[5] };
    },
  },
  {
    name: 'vllm',
    mayRead: (c) => c >= 65 && c <= 90,
    parse: (line, year) => {
      const m = VLLM.exec(line);
      const time = m ? naive(year, +m[2], +m[3], +m[4], +m[5], +m[6], millis(m[7])) : undefined;
      return m && time !== undefined ? { format: 'vllm', time, yearAssumed: true, level: levelOf(m[1]), logger: m[8], message: m[9] } : undefined;
    },
  },
  {
    name: 'mmengine',
    mayRead: isDigitCode,
    parse: (line, year) => {
      const m = MMENGINE.exec(line);
      const time = m ? naive(year, +m[1], +m[2], +m[3], +m[4], +m[5], 0) : undefined;
      return m && time !== undefined ? { format: 'mmengine', time, yearAssumed: true, level: levelOf(m[7]), logger: m[6], message: m[8] } : undefined;
    },
  },
  {
    // Slurm's cancellation in a task's own file (srun --output=%t writes slurmstepd's words in task 0's).
    name: 'slurm',
    mayRead: (c) => c === 115,
    parse: (line) => {
      const c = slurmCancellation(line);
      return c && { format: 'slurm', time: parseAsctime(c.time), level: c.stop ? 'INFO' : 'CRITICAL', logger: 'slurm', message: c.message };
    },
  },
  { name: 'json', mayRead: (c) => c === 123, parse: (line) => parseJsonRecord(line) },
  { name: 'rich', mayRead: (c) => c === 91 || c === 68 || c === 73 || c === 87 || c === 69 || c === 67, parse: (line) => parseRich(line) },
  { name: 'timestamped', mayRead: (c) => c === 91 || isDigitCode(c) || (c >= 65 && c <= 90), parse: (line) => parseTimestamped(line) },
  {
    name: 'levelled',
    mayRead: (c) => c >= 65 && c <= 90,
    parse: (line) => {
      const m = LEVELLED.exec(line);
      return m ? { format: 'levelled', level: levelOf(m[1]), message: m[2] } : undefined;
    },
  },
];

/** Whether a UTF-16 code is an ASCII digit. */
export function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}


/**
 * A date written month first (`%m/%d/%Y %H:%M:%S`), as the examples of Hugging Face's
 * transformers, accelerate and diffusers configure `logging` (`11/30/2026 09:12:33 - INFO -
 * __main__ - message`): read month first, never day first.
 */
const MONTH_FIRST_TIME = /^\[?(\d\d)\/(\d\d)\/(\d{4})[ T](\d\d):(\d\d):(\d\d)(?:[.,](\d{1,9}))?\]?(?=[\s\]|:-]|$)/;
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
function parseTimestamped(line: string): ForeignLine | undefined {
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
function leadingTime(line: string): { time: number; rest: string } | undefined {
  let time: number | undefined;
  let rest: string;
  if (isAsctimeAt(line) && (line.length === 23 || line.charCodeAt(23) === 32)) {
    // Python's own asctime, as most formats write it: read without a regular expression.
    time = asctimeOfText(line);
    rest = line.slice(23);
  } else {
    // A date with slashes, year first (`%Y/%m/%d`: MMEngine's and OpenMMLab's logs): read as ISO's.
    const t = LEADING_TIME.exec(YEAR_SLASHED.test(line) ? line.replace('/', '-').replace('/', '-') : line);
    if (t) {
      time = parseAsctime(t[1]);
      rest = line.slice(t[0].length);
    } else {
      const us = isDigitCode(line.charCodeAt(0)) || line.charCodeAt(0) === 91 ? MONTH_FIRST_TIME.exec(line) : null;
      if (!us) return undefined;
      time = naive(+us[3], +us[1], +us[2], +us[4], +us[5], +us[6], millis(us[7]));
      rest = line.slice(us[0].length);
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
  // `<time> - LEVEL - name - message` (Hugging Face's examples): the name between the dashes.
  const dashed = before ? null : /^ - ([\w.\-<>]{1,120}) - /.exec(rest.slice(levelEnd, levelEnd + 130));
  if (dashed) return { format: 'timestamped', time, level: levelOf(lv[1]), logger: dashed[1], message: rest.slice(levelEnd + dashed[0].length) };
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

/**
 * The time of a line that gave only its time of day (`ForeignLine.timeOfDay`): on the day that
 * puts it nearest to `near`, a time of the lines around it (the next day when `near` is more than
 * 12 hours later in its day: midnight passed); without one, on the latest day on which it is not
 * after `latest` (the source's last change).
 */
export function withDay(timeOfDay: number, near: number | undefined, latest = near ?? 0): number {
  const anchor = near ?? latest;
  const t = anchor - (((anchor % DAY_MS) + DAY_MS) % DAY_MS) + timeOfDay;
  if (near === undefined) return t > latest + 60_000 ? t - DAY_MS : t;
  return t < near - DAY_MS / 2 ? t + DAY_MS : t > near + DAY_MS / 2 ? t - DAY_MS : t;
}

/**
 * How times written without their year are dated: in `year`, that of the job's last change; or,
 * when that would put one more than half a year after `lastChange` (naive ms), in the year
 * before. A job that ran across New Year, read in January, dated its December a year late, after
 * its January (its first failure on the wrong rank). (Half a year, not a day: a job read as it
 * writes logs after the change its import began with.)
 */
export interface YearOfTimes {
  readonly year: number;
  readonly lastChange?: number;
}

const HALF_YEAR_MS = 183 * DAY_MS;

/** The latest time a year-less time may have in `dating.year`; undefined: any. */
export function latestInYear(dating: YearOfTimes): number | undefined {
  return dating.lastChange === undefined ? undefined : dating.lastChange + HALF_YEAR_MS;
}

/** The first of `formats` that reads `line` (user formats first, then the built-in ones). */
export function parseForeignLine(line: string, formats: readonly LineFormat[], dating: YearOfTimes): ForeignLine | undefined {
  const first = line.charCodeAt(0);
  for (const f of formats) {
    if (f.mayRead && !f.mayRead(first)) continue;
    try {
      const r = f.parse(line, dating.year);
      // (February 29th, which the year before lacks, keeps the year given.)
      if (r?.yearAssumed && r.time !== undefined && r.time > (latestInYear(dating) ?? Infinity)) return f.parse(line, dating.year - 1) ?? r;
      if (r) return r;
    } catch {
      // A format that throws on a line does not read it.
    }
  }
  return undefined;
}

/** A progress bar redrawn with `\r` (tqdm): only its last state is a line worth keeping. */
export function lastCarriageState(line: string): string {
  const text = line.endsWith('\r') ? line.slice(0, -1) : line;
  const i = text.lastIndexOf('\r');
  return i < 0 ? text : text.slice(i + 1);
}
