// The exception a traceback under an error record ends with (`RuntimeError: CUDA out of memory`),
// read from the record's continuation lines as the scanner meets them: a `Traceback (...)` line
// (or the top of the panel `rich` draws a traceback in) arms it, the next line that names an
// exception is it (a chained traceback arms it again, so the last one raised wins); Python 3.11's
// exception group is boxed (`  + Exception Group Traceback ...`, then `  | ` before each line, its
// exception `  | ExceptionGroup: ...` before the boxes of its sub-exceptions, whose own exceptions
// follow it: `ExceptionGroup: two loaders failed (2 sub-exceptions): ValueError: shard 3 bad;
// KeyError: 'missing col'`); PyTorch's exception re-raised from a DataLoader worker (or a
// DataParallel replica) carries the worker's `Original Traceback (most recent call last):` in its
// message: the original exception is the record's, with where it was caught (`ValueError: bad
// sample 17 (in DataLoader worker process 0)`). For logScanner.ts; pure.
import { ErrorRecord } from './indexModel';
import { classifyLine, exceptionLineCandidate, HeaderSlots, isTracebackHead, newHeaderSlots } from './logLine';
import { decode } from './lineSource';
import { MESSAGE_CHARS } from './sessionRecords';

/** Where a traceback's reading is, handed from one range of a parallel index to the next. */
export interface TracebackState {
  armed: boolean;
  /** The record's exception is a group's: its sub-exceptions follow it. */
  group: boolean;
  /** A sub-exception's traceback head was read: its next exception line is the sub-exception. */
  subArmed: boolean;
  /** Sub-exceptions added. */
  subs: number;
  /** The armed traceback is `rich`'s panel drawn indented (under a record of rich's logging handler): its exception's line is indented too. */
  indented: boolean;
}

/** The boxes of groups inside a group before a line (`  | ` each). */
const INNER_BOXES = /^(?: {0,16}\| )+/;
/** A group's head inside a group's box. */
const INNER_GROUP = /^ {0,16}\+ Exception Group Traceback \(/;

/** Sub-exceptions added to a group's at most. */
const MAX_SUBS = 4;

export class TracebackException {
  /** A traceback's head was read: the next line that names an exception is the record's. */
  armed = false;
  private group = false;
  private subArmed = false;
  private subs = 0;
  private indented = false;

  /** `rich`'s panel drawn indented was read and its exception not yet: the record's indented lines are this reader's. */
  get inIndentedPanel(): boolean {
    return this.armed && this.indented;
  }

  /** A new record: nothing of a traceback read. */
  reset(): void {
    this.armed = false;
    this.group = false;
    this.subArmed = false;
    this.subs = 0;
    this.indented = false;
  }

  get state(): TracebackState {
    return { armed: this.armed, group: this.group, subArmed: this.subArmed, subs: this.subs, indented: this.indented };
  }

  set state(s: TracebackState) {
    ({ armed: this.armed, group: this.group, subArmed: this.subArmed, subs: this.subs, indented: this.indented } = s);
  }

  /** `buf[s..e)`, a continuation line (not empty) of the open error `record`. */
  line(buf: Uint8Array, s: number, e: number, record: ErrorRecord): void {
    const first = buf[s];
    if (first === 32 || first === 9) {
      if (!this.panel(buf, s, e, record)) this.boxed(buf, s, e, record);
      return;
    }
    if (first === 84 && e - s >= 10 && decode(buf, s, Math.min(e, s + 40)).startsWith('Traceback (')) {
      this.armed = true;
      this.group = false;
      return;
    }
    // `rich`'s panel (`╭─── Traceback (most recent call last) ───╮`, or `+---` in ASCII): its lines
    // start with a box's side, which names no exception; the line after its bottom is the exception.
    if (((first === 0xe2 && buf[s + 1] === 0x95 && buf[s + 2] === 0xad) || first === 43) && e - s >= 30 && e - s <= 1000 && isTracebackHead(decode(buf, s, e))) {
      this.armed = true;
      this.group = false;
      this.indented = false;
      return;
    }
    if (first === 79 && e - s >= 19 && record.exception !== undefined && decode(buf, s, Math.min(e, s + 40)).startsWith('Original Traceback (')) {
      this.armed = true;
      return;
    }
    if (this.armed && e - s <= 4000) this.take(decode(buf, s, e), record);
  }

  /**
   * An indented line of `rich`'s panel under a record of rich's logging handler (the panel's
   * top arms it; its sides and bottom name nothing), or the exception's line after it: true when
   * it was such a line.
   */
  private panel(buf: Uint8Array, s: number, e: number, record: ErrorRecord): boolean {
    let i = s + 1;
    while (i < e && i < s + 64 && buf[i] === 32) i++;
    const c = buf[i];
    const top = (c === 0xe2 && buf[i + 1] === 0x95 && buf[i + 2] === 0xad) || (c === 43 && buf[i + 1] === 45);
    if (top && e - i <= 1000 && isTracebackHead(decode(buf, i, e))) {
      this.armed = true;
      this.indented = true;
      this.group = false;
      return true;
    }
    if (!this.armed || !this.indented) return false;
    if (c !== 0xe2 && c !== 124 && c !== 43 && e - i <= 4000) this.take(decode(buf, i, e).trimEnd(), record);
    return true;
  }

  /** An indented line: an exception group's head, or a line of its box. */
  private boxed(buf: Uint8Array, s: number, e: number, record: ErrorRecord): void {
    let i = s + 1;
    while (i < e && i < s + 16 && (buf[i] === 32 || buf[i] === 9)) i++;
    const box = buf[i];
    if ((box !== 43 && box !== 124) || e - s > 4000) return;
    if (box === 43) {
      if (e - i > 30 && decode(buf, i, Math.min(e, i + 40)).startsWith('+ Exception Group Traceback (')) {
        // A group inside the group is one of its sub-exceptions.
        if (this.group) this.subArmed = true;
        else this.armed = true;
      }
      return;
    }
    if (buf[i + 1] !== 32) return;
    if (this.armed) {
      this.take(decode(buf, i + 2, e), record);
      this.group = !this.armed;
      this.subs = 0;
      this.subArmed = false;
    } else if (this.group && this.subs < MAX_SUBS) this.sub(decode(buf, i + 2, Math.min(e, i + 2 + MESSAGE_CHARS)), record);
  }

  /** A line in a group's box after its exception: a sub-exception's traceback head, or its exception. */
  private sub(line: string, record: ErrorRecord): void {
    // A group inside the group: its lines carry its own box (its exception, then its own sub-exceptions, follow).
    const text = line.replace(INNER_BOXES, '');
    if (text.startsWith('Traceback (') || INNER_GROUP.test(text)) {
      this.subArmed = true;
      return;
    }
    if (!this.subArmed || !exceptionLineCandidate(text) || record.exception === undefined) return;
    this.subArmed = false;
    this.subs++;
    const joined = `${record.exception}${this.subs === 1 ? ': ' : '; '}${text}`;
    record.exception = joined.length > MESSAGE_CHARS ? joined.slice(0, MESSAGE_CHARS) + '…' : joined;
    if (joined.length > MESSAGE_CHARS) this.subs = MAX_SUBS;
  }

  private take(text: string, record: ErrorRecord): void {
    if (!exceptionLineCandidate(text)) return;
    const caught = record.exception !== undefined ? CAUGHT.exec(record.exception) : null;
    const exception = caught ? `${text} (in ${caught[1]})` : text;
    record.exception = exception.length > MESSAGE_CHARS ? exception.slice(0, MESSAGE_CHARS) + '…' : exception;
    this.armed = false;
  }
}

/** PyTorch's `ExceptionWrapper.reraise`: `ValueError: Caught ValueError in DataLoader worker process 0.` */
const CAUGHT = /^[\w.]+: Caught [\w.]+ in (.{1,100}?)\.?$/;

/** The import's message for a traceback no record of the program's own heads (importLines.ts): the record a thread's exception, or one Python ignored, is read from (`wentOnFrom`). */
export const UNCAUGHT = 'Uncaught exception';
/** Our module's record of a thread's uncaught exception (`threading.excepthook`): `Uncaught exception in thread uploader`. */
const THREAD_RECORD = /^Uncaught exception in thread (.{1,200})$/;

/** Slots for the line before an uncaught exception's record (`headBefore`). */
const lookback = newHeaderSlots();

/**
 * An exception the error record at `buf[s]` (its message `message`) is that its process went on
 * from: a thread's uncaught one, named by our module's record (`THREAD_RECORD`) or by the line
 * before the import's (`headBefore`, `THREAD_HEAD`); or one Python ignored, and what in, as that
 * line says (`IGNORED_HEAD`: `<function Loader.__del__ at 0x7f...>`, `atexit callback: <function
 * shutdown ...>`). Undefined for any other.
 */
export function wentOnFrom(message: string, buf: Uint8Array, s: number): { thread: string } | { ignored: string } | undefined {
  if (!message.startsWith(UNCAUGHT)) return undefined;
  if (message !== UNCAUGHT) {
    const thread = THREAD_RECORD.exec(message)?.[1];
    return thread === undefined ? undefined : { thread };
  }
  const head = headBefore(buf, s, lookback);
  if (head === undefined) return undefined;
  const thread = THREAD_HEAD.exec(head)?.[1];
  if (thread !== undefined) return { thread };
  const m = IGNORED_HEAD.exec(head);
  return m ? { ignored: m[1] ?? m[2] ?? 'atexit' } : undefined;
}

/** Python's threading before a thread's uncaught exception: `Exception in thread uploader:`, `Exception in thread Thread-1 (load):`. */
const THREAD_HEAD = /^Exception in thread (.{1,200}):$/;
/**
 * Python before an exception it ignored, its process going on: one raised in a finalizer
 * (`Exception ignored in: <function Loader.__del__ at 0x7f...>`), an exit handler (`Exception
 * ignored in atexit callback: <function shutdown ...>`; before 3.11, `Error in
 * atexit._run_exitfuncs:`), or at the interpreter's shutdown (`Exception ignored in: <module
 * 'threading' ...>`); newer releases say `while` where they say what it did.
 */
const IGNORED_HEAD = /^(?:Exception ignored (?:in: |(?:in|while) )(.{1,300}?):?|Error in (atexit)\._run_exitfuncs:)$/;
/** The line before a record is looked for this far back. */
const LOOKBACK_BYTES = 320;

/**
 * The message of the record just before the record at `buf[s]` in the same buffer, when it
 * starts with `E` (`Exception in thread <name>:`, `Exception ignored in: ...`: what the import
 * makes of the line Python prints before such a traceback). Undefined when it is not, or not in
 * the buffer (a chunk's first line: the error then counts as any other, as it did).
 */
function headBefore(buf: Uint8Array, s: number, slots: HeaderSlots): string | undefined {
  if (s < 2 || buf[s - 1] !== 10) return undefined;
  let end = s - 1;
  if (buf[end - 1] === 13) end--;
  let p = end - 1;
  const stop = Math.max(0, end - LOOKBACK_BYTES);
  while (p >= stop && buf[p] !== 10) p--;
  if (p < stop || buf[p] !== 10) return undefined;
  p++;
  if (!classifyLine(buf, p, end, slots) || buf[slots.messageStart] !== 69) return undefined;
  return decode(buf, slots.messageStart, end);
}
