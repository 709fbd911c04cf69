// Classifies one line of a worker log, working on bytes so the indexer never decodes the
// millions of lines it only needs to count. Format (shared DESIGN.md):
//   [YYYY-MM-DD HH:MM:SS,mmm - ]Worker <rank> - <logger> - <LEVEL> - <message>
import { asctimeFromBytes, parseIsoTimestamp } from './timestamps';

/** The first line of a Python traceback (its frames follow, outermost first). */
export const TRACEBACK_HEAD = 'Traceback (most recent call last):';

/**
 * The first line of a traceback `rich` drew (`rich.traceback.install()`, a common excepthook of
 * training scripts; `RichHandler(rich_tracebacks=True)`): its panel's top border, titled, in box
 * drawing characters (`╭──── Traceback (most recent call last) ────╮`) or, on an output that is not
 * UTF-8, ASCII (`+---- ... ----+`). The panel's lines follow (`│ /path/train.py:12 in main │`, `|`
 * in ASCII), its bottom border (`╰───╯`, `+---+`), then the exception's line, as Python's.
 */
const RICH_TRACEBACK_HEAD = /^[╭+][─-]+ ?Traceback \(most recent call last\) ?[─-]+[╮+]\s*$/;

/** Whether `text` (a line, its indentation taken off) is a traceback's first line: Python's, or `rich`'s panel's top border. */
export function isTracebackHead(text: string): boolean {
  return text.charCodeAt(0) === 84 ? text.startsWith(TRACEBACK_HEAD) : isRichTracebackHead(text);
}

const WORD_BEFORE = /\w\s+$/;
const NOT_WHITE = /\S/;
/**
 * Where a traceback's head ends a line that something else left open before it (a progress bar's
 * last state, a print without its line break: Python writes its traceback after them on the same
 * line): the head's index, past 0; -1 for a line that does not end with one or starts with it.
 */
export function tracebackHeadAfterText(text: string): number {
  let end = text.length;
  while (end > 0 && (text.charCodeAt(end - 1) === 13 || text.charCodeAt(end - 1) === 32)) end--;
  if (end <= TRACEBACK_HEAD.length || text.charCodeAt(end - 1) !== 58) return -1;
  const at = end - TRACEBACK_HEAD.length;
  if (!text.startsWith(TRACEBACK_HEAD, at)) return -1;
  // An indented head is a record's line, or a frame's (only white space before it is no text); a
  // word before it names it in a sentence (PyTorch's `Original Traceback (most recent call last):`
  // of a DataLoader worker's exception, in its message).
  return NOT_WHITE.test(text.slice(0, at)) && !WORD_BEFORE.test(text.slice(Math.max(0, at - 200), at)) ? at : -1;
}

/** Whether `text` (its indentation taken off) is the top border of the panel `rich` draws a traceback in. */
export function isRichTracebackHead(text: string): boolean {
  const c = text.charCodeAt(0);
  return (c === 0x256d || c === 43) && RICH_TRACEBACK_HEAD.test(text);
}

/**
 * Where `text`, a line inside a `rich` traceback's panel, is: a line of the panel (a frame, its
 * source, a blank; `│` or `|` first), its bottom border (`╰`, or ASCII's `+-`; the exception's
 * line follows it), or neither (no panel's line: the panel was cut short).
 */
export function richPanelLine(text: string): 'inside' | 'bottom' | undefined {
  const c = text.charCodeAt(0);
  if (c === 0x2502 || c === 124) return 'inside';
  if (c === 0x2570 || (c === 43 && text.charCodeAt(1) === 45)) return 'bottom';
  return undefined;
}

/** The line between the tracebacks of a chained exception (`raise ... from`, or raised while handling another). */
export const CHAINED_EXCEPTION = /^(?:During handling of the above exception, another exception occurred:|The above exception was the direct cause of the following exception:)\s*$/;

export const enum Level {
  Debug = 0,
  Info = 1,
  Warning = 2,
  Error = 3,
  Critical = 4,
  Other = 5,
}

/** The standard level names, indexed by `Level` code. */
export const LEVEL_NAMES = ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'] as const;

/** Where the parts of a record header sit in the line; filled in place by `classifyLine`. */
export interface HeaderSlots {
  hasTime: boolean;
  rank: number;
  loggerStart: number;
  loggerEnd: number;
  levelStart: number;
  levelEnd: number;
  messageStart: number;
  level: Level;
}

export function newHeaderSlots(): HeaderSlots {
  return { hasTime: false, rank: 0, loggerStart: 0, loggerEnd: 0, levelStart: 0, levelEnd: 0, messageStart: 0, level: Level.Other };
}

/** Digits a rank may have (any such number is exact in a double). */
export const MAX_RANK_DIGITS = 15;

const SPACE = 32;
const DASH = 45;
const COLON = 58;
const COMMA = 44;

function isDigit(b: number): boolean {
  return b >= 48 && b <= 57;
}

/** The separators of an asctime (`YYYY-MM-DD HH:MM:SS,mmm`) at `s`; its digits are checked by `asctimeFromBytes`. */
export function asctimeShapeAt(buf: Uint8Array, s: number): boolean {
  return isDigit(buf[s]) && buf[s + 4] === DASH && buf[s + 7] === DASH && buf[s + 10] === SPACE && buf[s + 13] === COLON && buf[s + 16] === COLON && buf[s + 19] === COMMA;
}

/** True when `buf[s..e)` begins with an asctime followed by " - ". */
export function startsWithAsctime(buf: Uint8Array, s: number, e: number): boolean {
  return e - s >= 26 && asctimeShapeAt(buf, s) && buf[s + 23] === SPACE && buf[s + 24] === DASH && buf[s + 25] === SPACE;
}

function levelCode(buf: Uint8Array, s: number, e: number): Level {
  const n = e - s;
  const c = buf[s];
  if (n === 4 && c === 73 && buf[s + 1] === 78 && buf[s + 2] === 70 && buf[s + 3] === 79) return Level.Info;
  if (n === 5 && c === 69 && buf[s + 1] === 82 && buf[s + 4] === 82) return Level.Error; // ERROR
  if (n === 5 && c === 68 && buf[s + 1] === 69 && buf[s + 4] === 71) return Level.Debug; // DEBUG
  if (n === 7 && c === 87 && buf[s + 1] === 65 && buf[s + 6] === 71) return Level.Warning; // WARNING
  if (n === 8 && c === 67 && buf[s + 1] === 82 && buf[s + 7] === 76) return Level.Critical; // CRITICAL
  return Level.Other;
}

const LEVEL_WORD = [76, 101, 118, 101, 108, 32]; // "Level "

/** A level name: an upper-case word (custom levels too) or Python's "Level N"; -1 if none. */
function levelEndAt(buf: Uint8Array, s: number, e: number): number {
  let i = s;
  if (e - s > 6 && LEVEL_WORD.every((b, k) => buf[s + k] === b)) {
    i = s + 6;
    if (!isDigit(buf[i])) return -1;
    while (i < e && isDigit(buf[i])) i++;
    return i;
  }
  const c = buf[i];
  if (!(c >= 65 && c <= 90)) return -1;
  i++;
  while (i < e) {
    const b = buf[i];
    if ((b >= 65 && b <= 90) || isDigit(b) || b === 95) i++;
    else break;
  }
  return i;
}

/**
 * Classifies `buf[s..e)` (one line, without its line break). Returns true and fills `out` when
 * the line starts a record; false for a continuation line.
 */
export function classifyLine(buf: Uint8Array, s: number, e: number, out: HeaderSlots): boolean {
  let p = s;
  out.hasTime = false;
  if (buf[p] !== 87) {
    if (!startsWithAsctime(buf, s, e)) return false;
    p = s + 26;
    out.hasTime = true;
  }
  if (e - p < 14) return false;
  if (buf[p] !== 87 || buf[p + 1] !== 111 || buf[p + 2] !== 114 || buf[p + 3] !== 107 || buf[p + 4] !== 101 || buf[p + 5] !== 114 || buf[p + 6] !== SPACE) {
    return false;
  }
  p += 7;
  if (!isDigit(buf[p])) return false;
  let rank = 0;
  const rankStart = p;
  while (p < e && isDigit(buf[p])) {
    rank = rank * 10 + buf[p] - 48;
    p++;
  }
  // A rank must stay exact as a number: past 15 digits two ranks could look the same.
  if (p - rankStart > MAX_RANK_DIGITS) return false;
  if (buf[p] !== SPACE || buf[p + 1] !== DASH || buf[p + 2] !== SPACE) return false;
  p += 3;
  const loggerStart = p;
  // The logger ends at the first " - " that is followed by a level name and " - ". Dashes are
  // rare in logger names, so the loop tests for "-" alone and looks around only on a hit.
  for (let j = p + 1; j + 1 < e; j++) {
    j = (buf as Buffer).indexOf(DASH, j);
    if (j < 0 || j + 1 >= e) return false;
    if (buf[j - 1] !== SPACE || buf[j + 1] !== SPACE) continue;
    const ls = j + 2;
    const le = levelEndAt(buf, ls, e);
    if (le < 0 || !(le + 2 <= e && buf[le] === SPACE && buf[le + 1] === DASH && (le + 2 === e || buf[le + 2] === SPACE))) continue;
    out.rank = rank;
    out.loggerStart = loggerStart;
    out.loggerEnd = j - 1;
    out.levelStart = ls;
    out.levelEnd = le;
    out.messageStart = Math.min(le + 3, e);
    out.level = levelCode(buf, ls, le);
    return true;
  }
  return false;
}

const RESUME_PREFIX = Buffer.from('=== Resume at ');
const RESUME_SUFFIX = Buffer.from(' ===');

/** The message `=== Resume at <timestamp> ===`: returns the timestamp's text, or undefined. */
export function resumeTimestampText(buf: Uint8Array, messageStart: number, e: number): string | undefined {
  const n = e - messageStart;
  if (n < RESUME_PREFIX.length + RESUME_SUFFIX.length + 1 || buf[messageStart] !== 61) return undefined;
  for (let k = 0; k < RESUME_PREFIX.length; k++) if (buf[messageStart + k] !== RESUME_PREFIX[k]) return undefined;
  for (let k = 0; k < RESUME_SUFFIX.length; k++) if (buf[e - RESUME_SUFFIX.length + k] !== RESUME_SUFFIX[k]) return undefined;
  return Buffer.from(buf.buffer, buf.byteOffset + messageStart + RESUME_PREFIX.length, n - RESUME_PREFIX.length - RESUME_SUFFIX.length).toString('latin1');
}

/** A record header with its parts as strings; for hover, tests and other light callers. */
export interface ParsedRecordLine {
  time?: number;
  timeText?: string;
  rank: number;
  logger: string;
  level: string;
  message: string;
  /** Set when the record is a resume separator. */
  resumeTime?: number;
  resumeTimeText?: string;
  /** Character columns of the timestamp and level, for editors. */
  timeColumns?: [number, number];
  levelColumns: [number, number];
}

/** The first byte at or after `s` of `b` that is not NUL, or `e`. */
export function afterNulBytes(b: Uint8Array, s: number, e: number): number {
  while (s < e && b[s] === 0) s++;
  return s;
}

/** The fewest NUL bytes in a row that are a crash's (`holdsLostBytes`): not a stray one in a message. */
const LOST_RUN = 8;

/**
 * Whether [s, e) of `b` holds a run of NUL bytes a crash left (at least LOST_RUN in a row): a
 * machine that went down before the log's last writes reached its disk.
 */
export function holdsLostBytes(b: Uint8Array, s: number, e: number): boolean {
  return nulRun(b, s, e, 0) >= LOST_RUN;
}

/**
 * The NUL bytes in a row that end [s, e) of `b`, after `run` before it (a line read in pieces);
 * LOST_RUN or more as soon as a crash's run is found (see `holdsLostBytes`).
 */
export function nulRun(b: Uint8Array, s: number, e: number, run: number): number {
  for (let i = s; i < e; i++) {
    if (b[i] !== 0) run = 0;
    else if (++run >= LOST_RUN) return run;
  }
  return run;
}

/** Whether `nulRun`'s count is a crash's. */
export function isLostRun(run: number): boolean {
  return run >= LOST_RUN;
}

/** The last NUL byte of [s, e) of `b`, or -1. */
function lastNulByte(b: Uint8Array, s: number, e: number): number {
  for (let i = e - 1; i >= s; i--) if (b[i] === 0) return i;
  return -1;
}

const afterLossSlots = newHeaderSlots();

/**
 * Where the text of the line [s, e) of `b` starts. A machine that goes down before a log's last
 * writes reach its disk leaves NUL bytes where they were (whole pages: from inside a line),
 * without a line break; the rank restarted on the same file appends its next record (its resume)
 * right after them. So: after the NUL bytes that start the line; and when a record follows the
 * line's last NUL byte, that record (what came before it on the line was cut by the crash).
 */
export function lineText(b: Uint8Array, s: number, e: number): number {
  if (b[s] === 0) s = afterNulBytes(b, s, e);
  const z = lastNulByte(b, s, e);
  return z >= 0 && classifyLine(b, z + 1, e, afterLossSlots) ? z + 1 : s;
}

/**
 * What follows the last NUL byte of a line read in pieces (longer than a head, or cut by reads):
 * its head, `max` bytes at most, and whether a record starts there (see `lineText`).
 */
export class AfterLastNul {
  private tail: Buffer | undefined;
  /** NUL bytes in a row at the end of what came (`nulRun`): the line holds a crash's once `isLostRun`. */
  private run = 0;

  constructor(private readonly max: number) {}

  /** The line goes on with `piece`. */
  add(piece: Uint8Array): void {
    const b = Buffer.from(piece.buffer, piece.byteOffset, piece.length);
    const z = b.lastIndexOf(0);
    // (Looked at byte by byte only from a NUL byte on.)
    if (!isLostRun(this.run) && (this.run > 0 || z >= 0)) this.run = nulRun(piece, this.run > 0 ? 0 : b.indexOf(0), piece.length, this.run);
    if (z >= 0) this.tail = Buffer.from(piece.subarray(z + 1, z + 1 + this.max));
    else if (this.tail && this.tail.length < this.max) this.tail = Buffer.concat([this.tail, piece.subarray(0, this.max - this.tail.length)]);
  }

  /** Whether a NUL byte was seen (pieces without one need not be added before it). */
  get seen(): boolean {
    return this.tail !== undefined || this.run > 0;
  }

  /** Whether the line holds the NUL bytes a crash left (`holdsLostBytes`). */
  get lost(): boolean {
    return isLostRun(this.run);
  }

  /** The part after the line's last NUL byte when it holds one and a record starts there. */
  record(): Buffer | undefined {
    const t = this.tail;
    return t && classifyLine(t, 0, t.length > 0 && t[t.length - 1] === 13 ? t.length - 1 : t.length, afterLossSlots) ? t : undefined;
  }

  /** The next line, `nuls` NUL bytes of which came before (dropped, not added). */
  clear(nuls = 0): void {
    this.tail = undefined;
    this.run = nuls;
  }
}

export function parseRecordLine(text: string): ParsedRecordLine | undefined {
  const line = text.endsWith('\r') ? text.slice(0, -1) : text;
  const buf = Buffer.from(line, 'utf8');
  const slots = newHeaderSlots();
  // After the NUL bytes a crash left before it, as the scanner reads it (textStart of lineSource.ts).
  const s = lineText(buf, 0, buf.length);
  if (!classifyLine(buf, s, buf.length, slots)) return undefined;
  const str = (a: number, b: number): string => buf.toString('utf8', a, b);
  const col = (bytePos: number): number => str(0, bytePos).length;
  const parsed: ParsedRecordLine = {
    rank: slots.rank,
    logger: str(slots.loggerStart, slots.loggerEnd),
    level: str(slots.levelStart, slots.levelEnd),
    message: str(slots.messageStart, buf.length),
    levelColumns: [col(slots.levelStart), col(slots.levelEnd)],
  };
  if (slots.hasTime) {
    parsed.timeText = str(s, s + 23);
    parsed.time = asctimeFromBytes(buf, s);
    parsed.timeColumns = [s, s + 23];
  }
  const resume = resumeTimestampText(buf, slots.messageStart, buf.length);
  if (resume !== undefined) {
    parsed.resumeTimeText = resume;
    parsed.resumeTime = parseIsoTimestamp(resume);
  }
  return parsed;
}

/**
 * A CUDA kernel's failed assertion, printed by the GPU once per failing thread (PyTorch's
 * `../aten/src/ATen/native/cuda/Loss.cu:250: nll_loss_forward_reduce_cuda_kernel_2d: block:
 * [0,0,0], thread: [5,0,0] Assertion \`t >= 0 && t < n_classes\` failed.`), around the
 * `device-side assert triggered` traceback: what went wrong on the device. The path is the
 * build's (`../aten`, `/pytorch/aten`, `/opt/conda/...`).
 */
const CUDA_ASSERTION = /^[./]\S{0,500}\.cuh?:\d{1,7}: .{1,2000}Assertion `.{0,1000}` failed\.\s*$/s;
/** Its start, the kernel's source location: a stored message of one may be cut short before its `Assertion` (`MESSAGE_CHARS`). */
const CUDA_SOURCE_START = /^[./]\S{0,500}\.cuh?:\d{1,7}: /;

/** Whether a whole line is a CUDA kernel's failed assertion (see `CUDA_ASSERTION`). */
export function isCudaAssertion(text: string): boolean {
  const c = text.charCodeAt(0);
  return (c === 46 || c === 47) && text.length < 4000 && CUDA_ASSERTION.test(text);
}

/**
 * Whether an error record's message (maybe cut short) is a CUDA kernel's failed assertion: it
 * starts with the kernel's source location (an import writes no other such line as an error).
 */
export function startsCudaAssertion(message: string): boolean {
  const c = message.charCodeAt(0);
  return (c === 46 || c === 47) && CUDA_SOURCE_START.test(message.length > 600 ? message.slice(0, 600) : message);
}

/**
 * The final exception line of a traceback (`RuntimeError: CUDA out of memory`), or undefined.
 * Unindented lines inside a traceback that name an exception qualify; chained tracebacks keep
 * the last one.
 */
export function exceptionLineCandidate(text: string): boolean {
  if (text.length === 0 || text.length > 4000) return false;
  const c = text.charCodeAt(0);
  if (c === 32 || c === 9) return false;
  if (text.startsWith('Traceback (') || text.startsWith('During handling') || text.startsWith('The above exception')) return false;
  return /^[A-Za-z_][\w.]*(?::(?: .*)?)?$/.test(text) && (namesExceptionClass(text) || /^[\w.]+: /.test(text));
}

const EXCEPTION_CLASS = /^[A-Za-z_][\w.]*(Error|Exception|Interrupt|Iteration|Exit|Warning|Fault|Failure|Timeout|Abort|Signal)\b/;

/** A line that starts with an exception's class by its name (`RuntimeError`, `torch.OutOfMemoryError`), not any `word: text` (`slurmstepd: error: ...`). */
export function namesExceptionClass(text: string): boolean {
  return EXCEPTION_CLASS.test(text);
}
