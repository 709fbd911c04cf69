// Lines a process writes as it dies of something else than a Python exception, among a rank's
// lines of another program (importLines.ts): C++'s `terminate called ...`, a fatal signal's first
// words from Abseil's or glog's handler, a script that does not compile; and the backtrace lines
// after them and after c10's errors. Pure.

/** A script that does not compile: Python writes its frame and this line, without a `Traceback` line before them. */
const COMPILE_ERROR = /^(?:SyntaxError|IndentationError|TabError): \S/;
/** C++'s last words before it aborts the process (an exception no one caught: c10's, NCCL's watchdog's). */
const TERMINATE = /^terminate called (?:after throwing an instance of |without an active exception|recursively)/;
/**
 * A fatal signal's first words from the C++ libraries' handlers a training process may have
 * installed: Abseil's (JAX, TensorFlow: `*** SIGSEGV received at time=1796029215 on cpu 3 ***`)
 * and glog's (`*** Aborted at 1796029215 (unix time) try "date -d @1796029215" if you are using
 * GNU date ***`). The process dies of it; its time (Unix seconds) is not read (the job's other
 * times are its machine's wall clock).
 */
const FATAL_SIGNAL = /^\*\*\* (?:SIG[A-Z0-9]{2,8} received at time=\d{1,12}(?: on cpu \d{1,6})? \*\*\*|Aborted at \d{1,12} \(unix time\) try "date -d @\d{1,12}" if you are using GNU date \*\*\*)\s*$/;
/**
 * c10's backtrace of an error (`Exception raised from checkTimeout at ...`, `frame #0: ...`), and
 * the stack those handlers and glog's failed check write (`PC: @ 0x7f...`, `*** SIGSEGV (@0x0)
 * received by PID 1234 ...; stack trace: ***`, `*** Check failure stack trace: ***`): lines of the record before.
 */
const CPP_BACKTRACE = /^(?:Exception raised from \S+ at \S.* \(most recent call first\):\s*$|frame #\d{1,4}: |PC: @ |\*\*\* (?:SIG[A-Z0-9]{2,8} \(@[0-9a-fx]{1,20}\) received by PID \d|Check failure stack trace: \*\*\*))/;

/** The level of the record a process's last words start (C++'s abort, a fatal signal: CRITICAL; a script that does not compile: ERROR), undefined for other lines. */
export function crashLevel(text: string): 'ERROR' | 'CRITICAL' | undefined {
  const c = text.charCodeAt(0);
  if ((c === 116 && TERMINATE.test(text)) || (c === 42 && FATAL_SIGNAL.test(text))) return 'CRITICAL';
  return COMPILE_ERROR.test(text) ? 'ERROR' : undefined;
}

/** Whether `text` is a line of a backtrace (c10's, a fatal signal handler's, glog's failed check): the record's before it, when one is open. */
export function isBacktraceLine(text: string): boolean {
  return CPP_BACKTRACE.test(text);
}
