// Lines the interpreter and faulthandler write without a record header, each the start of a
// rank's record all the same (for the scanner, the index and the record reader): Python's fatal
// error, a stack dump's thread header, and the line faulthandler's watchdog writes before its
// dump. Read from bytes, as logLine.ts reads a header.

function isDigit(b: number): boolean {
  return b >= 48 && b <= 57;
}

const FATAL_PREFIX = Buffer.from('Fatal Python error: ');

/**
 * `Fatal Python error: Segmentation fault` (also Aborted, Bus error, ...): what faulthandler
 * writes when the interpreter dies. Not a record header, yet the start of the rank's failure.
 */
export function isFatalErrorLine(buf: Uint8Array, s: number, e: number): boolean {
  if (e - s < FATAL_PREFIX.length || buf[s] !== 70) return false;
  for (let k = 1; k < FATAL_PREFIX.length; k++) if (buf[s + k] !== FATAL_PREFIX[k]) return false;
  return true;
}

const DUMP_SUFFIX = Buffer.from(' (most recent call first):');
const THREAD_PREFIX = Buffer.from('Thread 0x');
const CURRENT_PREFIX = Buffer.from('Current thread 0x');
const STACK_LINE = Buffer.from('Stack (most recent call first):');

function startsWith(buf: Uint8Array, s: number, e: number, prefix: Uint8Array): boolean {
  if (e - s < prefix.length) return false;
  for (let k = 0; k < prefix.length; k++) if (buf[s + k] !== prefix[k]) return false;
  return true;
}

/** The most characters of a thread's name (printable ASCII: faulthandler escapes others) read in a Python 3.14+ dump's header (Linux's are 15). */
const THREAD_NAME_MAX = 100;

/**
 * The first line of a thread in a faulthandler stack dump (`Thread 0x7f3e... (most recent call
 * first):`, `Current thread 0x...`, Python 3.14's `Thread 0x7f3e... [loader] (most recent call
 * first):` naming the thread, or Python 3.12's `Stack (most recent call first):`), written on
 * SIGUSR1 or after a fatal error. Not a record header, yet the start of a stack dump.
 */
export function isStackDumpHeader(buf: Uint8Array, s: number, e: number): boolean {
  const c = buf[s];
  if (c === 83) return e - s === STACK_LINE.length && startsWith(buf, s, e, STACK_LINE);
  let p: number;
  if (c === 84 && startsWith(buf, s, e, THREAD_PREFIX)) p = s + THREAD_PREFIX.length;
  else if (c === 67 && startsWith(buf, s, e, CURRENT_PREFIX)) p = s + CURRENT_PREFIX.length;
  else return false;
  const hex = p;
  while (p < e && ((buf[p] >= 48 && buf[p] <= 57) || ((buf[p] | 32) >= 97 && (buf[p] | 32) <= 102))) p++;
  if (p === hex) return false;
  if (e - p === DUMP_SUFFIX.length) return startsWith(buf, p, e, DUMP_SUFFIX);
  // ` [name]` before the suffix (Python 3.14+).
  const suffix = e - DUMP_SUFFIX.length;
  const name = suffix - 1 - (p + 2);
  if (name < 0 || name > THREAD_NAME_MAX || buf[p] !== 32 || buf[p + 1] !== 91 || buf[suffix - 1] !== 93 || !startsWith(buf, suffix, e, DUMP_SUFFIX)) return false;
  for (let k = p + 2; k < suffix - 1; k++) if (buf[k] < 32 || buf[k] > 126) return false;
  return true;
}

const WATCHDOG_WORD = Buffer.from('Timeout (');

/**
 * faulthandler's line before the dump `dump_traceback_later` writes when its timeout runs out:
 * `Timeout (0:05:00)!` (hours, minutes, seconds, maybe a fraction), whitespace after it; alone, as
 * our module's logs and a launcher's raw files hold it, or at the end of a line after whitespace
 * (a record's message: an imported rank's line rewritten in our format, a console's print).
 */
export function isWatchdogLineBytes(buf: Uint8Array, s: number, e: number): boolean {
  while (e > s && (buf[e - 1] === 32 || (buf[e - 1] >= 9 && buf[e - 1] <= 13))) e--;
  if (e - s >= 400 || e - s < WATCHDOG_WORD.length + 8 || buf[e - 1] !== 33 || buf[e - 2] !== 41) return false;
  // `H:MM:SS`, maybe `.ffffff`, between the parentheses; `Timeout (` before them.
  let p = e - 3;
  let fraction = 0;
  for (; p > s && isDigit(buf[p]) && fraction < 7; p--) fraction++;
  if (buf[p] === 46 && fraction >= 1 && fraction <= 6) p--;
  else p = e - 3;
  if (!digits(buf, p, 2) || buf[p - 2] !== 58 || !digits(buf, p - 3, 2) || buf[p - 5] !== 58) return false;
  p -= 6;
  let hours = 0;
  for (; p > s && isDigit(buf[p]) && hours < 10; p--) hours++;
  if (hours === 0 || hours > 9) return false;
  const start = p - WATCHDOG_WORD.length + 1;
  return start >= s && startsWith(buf, start, p + 1, WATCHDOG_WORD) && (start === s || buf[start - 1] === 32 || (buf[start - 1] >= 9 && buf[start - 1] <= 13));
}

/** Whether the line above the one starting at `s` (when `buf` holds it) is faulthandler's timeout line: the dump at `s` is its watchdog's. */
export function watchdogLineAbove(buf: Uint8Array, s: number): boolean {
  return s >= 2 && isWatchdogLineBytes(buf, buf.lastIndexOf(10, s - 2) + 1, s - 1);
}

/** Whether the `n` bytes ending at `buf[end]` are decimal digits. */
function digits(buf: Uint8Array, end: number, n: number): boolean {
  for (let k = 0; k < n; k++) if (!isDigit(buf[end - k])) return false;
  return true;
}

/** A line that starts a record though it has no header: a fatal error, or a stack dump's. */
export function headlessRecordLevel(buf: Uint8Array, s: number, e: number): 'FATAL' | 'STACK' | undefined {
  if (isFatalErrorLine(buf, s, e)) return 'FATAL';
  if (isStackDumpHeader(buf, s, e)) return 'STACK';
  return undefined;
}
