// One rank's lines from a log written without our module, rewritten in our format so that every
// view reads them as it reads our own logs: a line another program wrote as a record (python,
// glog, NCCL, DeepSpeed, torch elastic, any line that starts with a time, a user format) becomes
// a record header with its time, level and logger and its message unchanged; a traceback becomes
// an ERROR record with its lines under it; other lines are continuation lines when indented or
// empty under a record, else records of their own named by their stream (`stdout`, `stderr`).
// Lines without a time stay without one (the merge gives them the time before, approximate).
// Pure: strings in, strings out; nothing here throws on any input.
import { CHAINED_EXCEPTION, classifyLine, isCudaAssertion, isRichTracebackHead, isTracebackHead, Level as HeaderLevel, newHeaderSlots, richPanelLine, tracebackHeadAfterText } from './logLine';
import { lastCarriageState, Level, LineFormat, parseForeignLine, richRepeatedLine, withDay, YearOfTimes } from './lineFormats';
import { asctimeFromBytes, DAY_MS, formatTime, naiveFromEpoch } from './timestamps';
import { UNCAUGHT } from './tracebackException';
import type { CommonLine } from './importLineShapes';
import { crashLevel, isBacktraceLine } from './crashLines';
import { kubeletTimeOf } from './kubernetes';
import { openMpiTagOf, srunLabelOf, torchLabelOf } from './rankPrefixes';

/** ANSI escape sequences (colours, cursor moves): a log's text is kept without them. */
// eslint-disable-next-line no-control-regex -- escape sequences are what it removes
const ANSI = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])/g;
/** Python 3.11's traceback of an exception group: indented, its lines boxed by `|` and `+`. */
const GROUP_TRACEBACK = /^[ \t]+\+ Exception Group Traceback \(most recent call last\):\s*$/;
/** Headless records our scanner reads as they are: faulthandler's fatal error and stack dumps. */
const KEEP_AS_IS = /^(?:Fatal Python error: |(?:Current thread|Thread) 0x[0-9a-f]+(?: \[[ -~]{0,100}\])? \(most recent call first\):|Stack \(most recent call first\):)/;
/** Lines that may be ours already (a job using our module, captured by a launcher). */
const OURS = /^(?:\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} - )?Worker \d/;
/**
 * Lines after a traceback's exception that are no record of any format continue its message
 * (`RuntimeError: CUDA error: ...` then `CUDA kernel errors might be asynchronously reported
 * ...`; NCCL's `Last error:` and its cause), up to this many: after an exception a script caught
 * and logged, its prints are records again.
 */
const MESSAGE_LINES = 24;
/**
 * An indented line that starts with a date and time is a record, not a line of the one above:
 * Megatron-LM's training log (` [2026-12-02 08:00:31] iteration        1/     500 | ... | lm loss:
 * ...`, a space before it) would otherwise be read as lines of whatever record came before it,
 * its times lost.
 */
const INDENTED_TIME = /^[ \t]{1,8}\[?\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d/;
/**
 * The record detectron2's `default_setup` logs first on every rank at each start (`Rank of current
 * process: 1. World size: 8`): in its rank files, which a run resumed (`--resume`) appends to, a
 * later one starts the rank's next session.
 */
const RUN_START = /^Rank of current process: \d{1,7}\. World size: \d{1,7}$/;
/** `file.py:12: UserWarning: message` (the warnings module's default output). */
const PY_WARNING = /^\S.*:\d+: [A-Z]\w*Warning: /;

const day = { start: NaN, text: '' };
const two = (n: number): string => (n < 10 ? '0' : '') + n;

/** `2026-11-30 09:12:33,123` (our asctime) of naive ms; the date is worked out once a day. */
export function asctimeOf(time: number): string {
  const ms = Math.floor(time);
  const start = ms - (((ms % DAY_MS) + DAY_MS) % DAY_MS);
  if (start !== day.start) {
    day.start = start;
    day.text = formatTime(start).slice(0, 11);
  }
  const t = ms - start;
  const milli = t % 1000;
  const sec = Math.floor(t / 1000);
  return `${day.text}${two(Math.floor(sec / 3600))}:${two(Math.floor(sec / 60) % 60)}:${two(sec % 60)},${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}`;
}

const loggerNames = new Map<string, string>();

/** A logger name that cannot be mistaken for our header's separators (a job has few: kept). */
function loggerName(name: string | undefined, fallback: string): string {
  const raw = name ?? '';
  let n = loggerNames.get(raw);
  if (n === undefined) {
    n = raw.replace(/\s+-\s+/g, '-').replace(/[\r\n]/g, ' ').trim();
    if (loggerNames.size > 10_000) loggerNames.clear();
    loggerNames.set(raw, n);
  }
  return n || fallback;
}

export function headerLine(rank: number, time: number | undefined, logger: string, level: Level, message: string): string {
  const head = `Worker ${rank} - ${loggerName(logger, 'log')} - ${level} - ${message}`;
  return time === undefined ? head : `${asctimeOf(time)} - ${head}`;
}

/** The record that starts a rank's session for a launcher's attempt (torchrun's; a job run again), at `naive` (ms). */
export function resumeRecord(rank: number, naive: number, launcher = 'torchrun'): string {
  return headerLine(rank, naive, launcher, 'INFO', `=== Resume at ${new Date(naive).toISOString().slice(0, 23)} ===`);
}

export interface ImportOptions extends YearOfTimes {
  formats: readonly LineFormat[];
  /** The clock (epoch ms) a job still written dates its times without a year by (see `JobImport.followDating`); tests set it. */
  now?: () => number;
  /** Captures' common lines rewritten from their bytes (default); false: every line as a string (tests compare the two). */
  byteFastPath?: boolean;
  /** With `byteFastPath`: those lines taken in WebAssembly (default) where it runs; false: in JavaScript (tests compare the two). */
  captureLane?: boolean;
  /** The most ranks a capture is read into (`MAX_CAPTURE_RANKS` of importJob.ts by default; tests set fewer). */
  maxCaptureRanks?: number;
}

/** 1000-01-01 and 10000-01-01 (naive ms): a time of day dated outside them has no time (see `dated`). */
const FIRST_FOUR_DIGIT_YEAR = Date.UTC(1000, 0, 1);
const AFTER_FOUR_DIGIT_YEARS = Date.UTC(10000, 0, 1);

/** A control character as syslog escapes it: a carriage return `#015`, an escape `#033`, a tab `#011`. */
const SYSLOG_ESCAPE = /#0(?:15|33|11)/g;

/** The state a rank's stream carries from line to line. */
export class RankLineWriter {
  /** A record was written: an indented line belongs to it. */
  private inRecord = false;
  private inTraceback = false;
  /** The traceback open is an exception group's: it ends at the first line that is not indented. */
  private inGroup = false;
  /** The traceback open is `rich`'s, its panel not closed yet: its lines are not indented (`│ ...`). */
  private inPanel = false;
  /**
   * rich's logging handler wrote a record with its time: the width of its time column, and that
   * time (a record of the same second has spaces in its place: `richRepeatedLine`).
   */
  private rich: { column: number; time: number | undefined } | undefined;
  /**
   * A traceback just ended with its exception: the lines of a chained one may follow (an empty
   * line, `The above exception was the direct cause ...`, an empty line, `Traceback ...`), and
   * stay in its record; `chained`, once the sentence came.
   */
  private chain: 'open' | 'chained' | undefined;
  /** Lines of the open chain's exception message after its first (see `MESSAGE_LINES`). */
  private messageLines = 0;
  /** The traceback open is an uncaught exception's (a record of its own), not one a record logged. */
  private uncaughtBlock = false;
  /** The exception line of the last uncaught exception's traceback (`RuntimeError: boom`), for torchrun's error.json (importRankFiles.ts). */
  lastUncaught: string | undefined;
  private readonly slots = newHeaderSlots();
  /** The last time a line of this stream carried. */
  lastTime: number | undefined;
  /** The last line given to `line()` started a record (else it belongs to the record before). */
  startedRecord = false;
  /**
   * That record was read from the line (a format's, ours) at ERROR or CRITICAL: a traceback right
   * after it is the exception it logged (`logger.exception`), under it, not a record of its own.
   */
  private errorHeader = false;
  /**
   * The last line was a CUDA assertion's, of this kernel (its file, line and name): the next one
   * of the same kernel joins its record (one record per kernel, not one per thread).
   */
  private assertSite: string | undefined;
  /**
   * Where a line that gives only its time of day gets its day when no line of the stream gave a
   * time before it (`withDay`): a time known to come before it (a capture's latest), else the
   * latest its source can have (its last change; now by default).
   */
  dayFrom: { before?: () => number | undefined; latest: () => number } = { latest: () => naiveFromEpoch(Date.now()) };
  /** Lines may carry Open MPI's tag (a rank's file of `--output-filename` with `--tag-output` or `--timestamp-output`): it is taken off, its time kept. */
  openMpiTags = false;
  /** Lines may carry srun's label of the rank (a task's file of `srun -l --output=%t`): it is taken off. */
  srunLabels = false;
  /** Control characters are escaped as syslog does (`#015`, `#033`, `#011`: SageMaker's CloudWatch log): they are read as what they stand for. */
  escapedControls = false;
  /** Lines start with the kubelet's time (a pod's log saved with `kubectl logs --timestamps`): it is taken off, and dates a line without a time of its own. */
  kubeletTimes = false;
  /** The stream is a logging handler's file alone (`RankSource.loggerOnly`): a line of no record under a record is one of its lines, indented or not. */
  loggerOnly = false;
  /** A record was written (a run's first record after it starts the next session: `RUN_START`). */
  private recorded = false;

  constructor(
    readonly rank: number,
    private stream: string,
    private readonly options: ImportOptions,
  ) {}

  /**
   * The line in our format: one line, or two for a traceback's start (a header, then the line).
   * `given`: the time a launcher stamped on the line (Open MPI's `--timestamp-output`), a record's
   * when the line carries none of its own.
   */
  line(raw: string, given?: number): string {
    if (this.openMpiTags) {
      const tag = openMpiTagOf(raw);
      if (tag) {
        raw = tag.rest;
        given ??= tag.time;
      }
    }
    if (this.escapedControls && raw.indexOf('#0') >= 0) raw = raw.replace(SYSLOG_ESCAPE, (e) => String.fromCharCode(parseInt(e.slice(1), 8)));
    if (this.kubeletTimes) {
      const stamp = kubeletTimeOf(raw);
      if (stamp) {
        raw = stamp.rest;
        given ??= stamp.time;
      }
    }
    if (this.srunLabels) raw = srunLabelOf(raw, this.rank) ?? raw;
    if (given !== undefined) this.lastTime = given;
    const clean = raw.indexOf('\x1b') >= 0 ? raw.replace(ANSI, '') : raw;
    // PyTorch 2.4+ puts `[rank3]: ` before each line a worker writes to stderr itself (a
    // traceback's; a C++ warning's `[rank3]:[W1130 ...] ...`), in a rank's own file or after a
    // launcher's prefix (`3: [rank3]: ...` from `srun -l`): the line is the rest.
    const label = clean.startsWith('[rank') ? torchLabelOf(clean) : undefined;
    const plain = label ? clean.slice(label.end) : clean;
    // A traceback written after a line left open (a bar's last state, a print with `end=''`): two
    // lines, that one's and the traceback's (a record whose message ends so keeps its traceback).
    const head = this.inTraceback || this.inPanel || this.loggerOnly ? -1 : tracebackHeadAfterText(plain);
    if (head > 0) {
      const before = plain.slice(0, head);
      const shown = lastCarriageState(before);
      if (!OURS.test(shown) && !parseForeignLine(shown, this.options.formats, this.options)) {
        return `${this.plainLine(before, given)}\n${this.plainLine(plain.slice(head), given)}`;
      }
    }
    return this.plainLine(plain, given);
  }

  /** `line` of a line without what a launcher put before it (`plain`). */
  private plainLine(plain: string, given: number | undefined): string {
    const afterError = this.startedRecord && this.errorHeader;
    const afterAssert = this.assertSite;
    this.startedRecord = false;
    this.errorHeader = false;
    this.assertSite = undefined;
    const text = lastCarriageState(plain);
    // A bar redrawn with \r (tqdm) is a record of its own: its last state, without its padding.
    if (text !== plain && plain.slice(0, -1).includes('\r')) return this.record(headerLine(this.rank, given, this.stream, 'INFO', text.trim()), false);
    // The lines of an exception's message after its first (CUDA's and NCCL's have several).
    const indented = text[0] === ' ' || text[0] === '\t';
    // An indented line that starts with a date is a record of its own (`INDENTED_TIME`).
    const timed = indented && INDENTED_TIME.test(text);
    let message = false;
    if (indented && this.rich) {
      // rich's logging handler's record within the same second as its last: at that record's time.
      const repeated = richRepeatedLine(text, this.rich.column);
      if (repeated) {
        const time = this.rich.time ?? given;
        return this.record(headerLine(this.rank, time, repeated.logger ?? repeated.format, repeated.level ?? 'INFO', repeated.message), false, repeated.level === 'ERROR' || repeated.level === 'CRITICAL');
      }
    }
    if (this.chain !== undefined) {
      const next = this.chain === 'chained' && (indented ? GROUP_TRACEBACK.test(text) : isTracebackHead(text));
      if (next) {
        this.chain = undefined;
        this.inTraceback = true;
        this.inGroup = indented;
        this.inPanel = !indented && isRichTracebackHead(text);
        return text;
      }
      // A group's traceback right after an exception's line (no chain's sentence between) is the
      // next exception printed (Python's own, of one raised out), as a `Traceback` line would be.
      const group = this.chain === 'open' && indented && GROUP_TRACEBACK.test(text);
      if (!group) {
        // Empty and indented lines leave a chain as it is (the capture lane takes indented ones but a group's head).
        if (text === '' || (indented && !timed)) return text;
        if (CHAINED_EXCEPTION.test(text)) {
          this.chain = 'chained';
          return text;
        }
        message = this.chain === 'open' && this.messageLines < MESSAGE_LINES;
      }
      this.chain = undefined;
    }
    if (OURS.test(text)) {
      const bytes = Buffer.from(text);
      if (classifyLine(bytes, 0, bytes.length, this.slots)) {
        // Its time is the stream's last (a leap second's is not: the lane reads none there).
        const time = this.slots.hasTime && bytes[17] !== 54 ? asctimeFromBytes(bytes, 0) : undefined;
        if (time !== undefined) this.lastTime = time;
        return this.record(text, false, this.slots.level === HeaderLevel.Error || this.slots.level === HeaderLevel.Critical);
      }
    }
    const head = !indented && isTracebackHead(text);
    if (afterError && head) {
      this.inTraceback = true;
      this.uncaughtBlock = false;
      this.inGroup = false;
      this.inPanel = isRichTracebackHead(text);
      return text;
    }
    if (head || (!this.inTraceback && indented && GROUP_TRACEBACK.test(text))) {
      // The header names it; the traceback stays whole under it (its last line is the exception).
      const header = this.record(`${headerLine(this.rank, given, this.stream, 'ERROR', UNCAUGHT)}\n${text}`, true);
      this.uncaughtBlock = true;
      this.inGroup = indented;
      this.inPanel = head && isRichTracebackHead(text);
      return header;
    }
    if (KEEP_AS_IS.test(text)) return this.record(text, false);
    if (this.inPanel) {
      // `rich`'s panel: its lines up to its bottom border, after which its exception's line comes.
      const where = richPanelLine(text);
      if (where === 'bottom') this.inPanel = false;
      if (where || text === '') return text;
      this.inPanel = false;
    }
    if (this.inTraceback) {
      if (CHAINED_EXCEPTION.test(text)) return text;
      if (text === '' || indented) return text;
      this.inTraceback = false;
      // The exception's own line (`RuntimeError: boom`) ends the block; a group's is in its box.
      if (!this.inGroup) {
        this.chain = 'open';
        this.messageLines = 0;
        if (this.uncaughtBlock) this.lastUncaught = text;
        return text;
      }
      this.inGroup = false;
    }
    // A CUDA kernel's failed assertion (once per GPU thread): one record per kernel.
    if (isCudaAssertion(text)) {
      const block = text.indexOf(': block: ');
      const site = text.slice(0, block > 0 ? block : text.indexOf(' Assertion `'));
      if (site === afterAssert) {
        this.assertSite = site;
        return text;
      }
      // (A traceback after it is a record of its own, as after a print: it is no logged exception.)
      const r = this.record(headerLine(this.rank, given, this.stream, 'ERROR', text.trim()), false);
      this.assertSite = site;
      return r;
    }
    const crash = crashLevel(text);
    if (crash) return this.record(headerLine(this.rank, given, this.stream, crash, text), false);
    if (this.inRecord && isBacktraceLine(text)) return text;
    const parsed = parseForeignLine(timed ? text.trimStart() : text, this.options.formats, this.options);
    if (parsed) {
      const time = parsed.time ?? (parsed.timeOfDay !== undefined ? this.dated(parsed.timeOfDay) : undefined);
      if (time !== undefined) this.lastTime = time;
      if (parsed.richColumn !== undefined) this.rich = { column: parsed.richColumn, time };
      const header = headerLine(this.rank, time ?? given, parsed.logger ?? parsed.format, parsed.level ?? 'INFO', parsed.message);
      // A run of the job appended to a logging handler's file (detectron2's resumed): its session starts here.
      const run = this.loggerOnly && this.recorded && time !== undefined && RUN_START.test(parsed.message);
      return this.record(run ? `${resumeRecord(this.rank, time, parsed.format)}\n${header}` : header, false, parsed.level === 'ERROR' || parsed.level === 'CRITICAL');
    }
    if (this.inRecord && (text === '' || indented || this.loggerOnly)) return text;
    if (message && !PY_WARNING.test(text)) {
      this.chain = 'open';
      this.messageLines++;
      return text;
    }
    return this.record(headerLine(this.rank, given, this.stream, PY_WARNING.test(text) ? 'WARNING' : 'INFO', text), false);
  }

  /** The time of a line that gave only its time of day (`withDay`); none outside the years of four digits (after a hostile date). */
  dated(timeOfDay: number): number | undefined {
    const near = this.lastTime ?? this.dayFrom.before?.();
    const t = near !== undefined ? withDay(timeOfDay, near) : withDay(timeOfDay, undefined, this.dayFrom.latest());
    return t >= FIRST_FOUR_DIGIT_YEAR && t < AFTER_FOUR_DIGIT_YEARS ? t : undefined;
  }

  /** An indented line would be kept as it is, under the record before it. */
  get takesIndentedAsIs(): boolean {
    return this.inRecord;
  }

  /**
   * Whether the next line, of a shape the byte path reads (`commonLineAt`), is written from its
   * bytes as this writer's `line()` would write it: an indented line under a record, or a record
   * outside a traceback block. When it is, the writer's state moves on over it.
   */
  takeCommon(common: CommonLine): boolean {
    if (common === 'indented') {
      if (!this.inRecord) return false;
      this.startedRecord = false;
      this.errorHeader = false;
      this.assertSite = undefined;
      return true;
    }
    if (this.inTraceback) return false;
    this.chain = undefined;
    this.lastTime = common.time;
    this.record('', false, common.level === 'ERROR' || common.level === 'CRITICAL');
    return true;
  }

  /** The stream the writer names its prints' records after. */
  get streamName(): string {
    return this.stream;
  }

  /** A capture that tags each line with its stream (Open MPI's, horovodrun's): the next lines' stream. */
  set streamName(stream: string) {
    this.stream = stream;
  }

  /** Whether a traceback block is open (records wait for its exception line). */
  get inTracebackBlock(): boolean {
    return this.inTraceback;
  }

  /**
   * Whether a traceback's exception was the last line (a chained traceback, or the message's next
   * line, may follow: a print needs this writer's own code; a record ends it).
   */
  get chainOpen(): boolean {
    return this.chain !== undefined;
  }

  /** A new process writes to the stream (a restart): nothing before is open any more. */
  restarted(): void {
    this.rich = undefined;
    this.inRecord = false;
    this.inTraceback = false;
    this.inGroup = false;
    this.inPanel = false;
    this.chain = undefined;
    this.startedRecord = false;
    this.assertSite = undefined;
  }

  /** The state the capture lane left after the lines it took for this writer (captureLane.ts). */
  restore(inRecord: boolean, tracebackOrChain: boolean, startedRecord: boolean, lastTime: number | undefined, errorHeader = false): void {
    this.errorHeader = startedRecord && errorHeader;
    this.assertSite = undefined;
    // The lane takes no line that is neither empty nor indented in a traceback, no print while a
    // chain is open (`chainOpen`), and no group's head: after indented lines, a traceback, a chain
    // or a message is open as it was; after a record, none is.
    if (!tracebackOrChain) {
      this.chain = undefined;
      this.inTraceback = false;
      this.inGroup = false;
      this.inPanel = false;
    }
    this.inRecord = inRecord;
    this.startedRecord = startedRecord;
    this.lastTime = lastTime;
  }

  private record(text: string, traceback: boolean, errorHeader = false): string {
    this.startedRecord = true;
    this.recorded = true;
    this.errorHeader = errorHeader;
    this.inRecord = true;
    this.inTraceback = traceback;
    this.inGroup = false;
    this.inPanel = false;
    this.chain = undefined;
    this.assertSite = undefined;
    return text;
  }
}
