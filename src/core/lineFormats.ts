// Lines written without our module (issue "Logs from any launcher", first part): the line
// formats of the programs that write multi-GPU logs, each read into time, level, logger and
// message as its documentation gives it (the launchers' rank prefixes are in rankPrefixes.ts).
// The user's own formats (`workerLogs.formats`) are in userFormats.ts, records logged as JSON in
// jsonRecords.ts, lines that start with a date and time in timestampedLines.ts, the level words
// in levels.ts. Pure: one
// line in, plain data out; nothing here throws on any input. A line's rest may hold carriage
// returns (CRLF, progress bars): the patterns read them as text (`s` flag). importLines.ts uses
// them.
import { parseJsonRecord } from './jsonRecords';
import { levelOf } from './levels';
import { slurmCancellation } from './slurmWords';
import { DAY_MS, isDigitCode, millis, naive, parseAsctime } from './timestamps';
import { leadingTime, parseTimestamped } from './timestampedLines';

export type Level = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL';

export interface ForeignLine {
  /** The format's name: `python`, `glog`, `nccl`, `deepspeed`, `elastic`, `transformers`, `nemo`, `vllm`, `mmengine`, `detectron2`, `json`, `rich`, `timestamped`, `levelled`, or a user format's. */
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
/**
 * c10's own logging, PyTorch before 2.4 built without glog (pip's wheels): `[E ProcessGroupNCCL.cpp:475]
 * message`, `[W socket.cpp:601] [c10d] ...`: the level's initial and the source file and line,
 * no time (the line inherits the time before it).
 */
const C10 = /^\[([IWEF]) ([^\s\]]{1,200}:\d{1,7})\] ?(.*)$/s;
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
/**
 * detectron2's console (`setup_logger`: `[%(asctime)s %(name)s]: ` with `%m/%d %H:%M:%S`, its
 * warnings and errors after the word `WARNING` or `ERROR`, red on a terminal): `ERROR [12/04
 * 09:00:05 d2.engine.train_loop]: Exception during training:`; its year assumed as glog's.
 */
const DETECTRON2 = /^(?:(WARNING|ERROR|CRITICAL) )?\[(\d\d)\/(\d\d) (\d\d):(\d\d):(\d\d) ([\w.\-<>]{1,120})\]: (.*)$/s;
/**
 * detectron2's files (`log.txt`, `log.txt.rank<N>`: every rank's records, its plain formatter,
 * also its console's with `color=False`): `[%(asctime)s] %(name)s %(levelname)s: %(message)s`
 * with the same date without its year: `[12/04 09:00:05] d2.engine.train_loop ERROR: Exception
 * during training:`.
 */
const DETECTRON2_PLAIN = /^\[(\d\d)\/(\d\d) (\d\d):(\d\d):(\d\d)\] ([\w.\-<>]{1,120}) (DEBUG|INFO|WARNING|ERROR|CRITICAL): (.*)$/s;
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
 * record's); undefined for any other line (a line of the message before, indented further). One
 * space fewer is taken too: a launcher's label that may end with a space (`[rank3]: `) took it
 * from this line, not from the record with its time (`[rank3]:[12/04/26 03:05:13] ...`).
 */
export function richRepeatedLine(line: string, column: number): ForeignLine | undefined {
  let at = 0;
  while (at < column && line.charCodeAt(at) === 32) at++;
  if (at < column - 1 || at < 1 || line.length < at + 10 || line.charCodeAt(at) === 32) return undefined;
  const level = RICH_LEVEL.exec(line.slice(at, at + 10));
  if (!level) return undefined;
  const body = line.slice(at + 9);
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
    name: 'c10',
    mayRead: (c) => c === 91,
    parse: (line) => {
      const m = C10.exec(line);
      return m ? { format: 'c10', level: levelOf(m[1]), logger: m[2], message: m[3] } : undefined;
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
    name: 'detectron2',
    mayRead: (c) => c === 91 || c === 87 || c === 69 || c === 67,
    parse: (line, year) => {
      const m = DETECTRON2.exec(line);
      if (!m) {
        const p = DETECTRON2_PLAIN.exec(line);
        const time = p ? naive(year, +p[1], +p[2], +p[3], +p[4], +p[5], 0) : undefined;
        return p && time !== undefined ? { format: 'detectron2', time, yearAssumed: true, level: levelOf(p[7]), logger: p[6], message: p[8] } : undefined;
      }
      const time = naive(year, +m[2], +m[3], +m[4], +m[5], +m[6], 0);
      return time !== undefined ? { format: 'detectron2', time, yearAssumed: true, level: m[1] ? levelOf(m[1]) : 'INFO', logger: m[7], message: m[8] } : undefined;
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

/** A line without the carriage return it ends in (a console saved with CRLF): not its text. */
export function withoutCarriageReturn(line: string): string {
  return line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line;
}

/** A progress bar redrawn with `\r` (tqdm): only its last state is a line worth keeping. */
export function lastCarriageState(line: string): string {
  const text = withoutCarriageReturn(line);
  const i = text.lastIndexOf('\r');
  return i < 0 ? text : text.slice(i + 1);
}
