// Regular expressions the user writes run on every line of their logs: their own line formats
// (`workerLogs.formats`, `--formats`), the step pattern (`workerLogs.progressPattern`), the Job
// Log's filter and `merge --grep`. One that backtracks without end on some line (`(\w+\s?)+$` on
// a long word ended by `!`) held the extension host, every extension of the window with it, or
// the CLI (deaf to Ctrl+C and SIGTERM while it ran) for ever. V8 can hand a match that backtracks
// too long to its engine of linear time, which finds the same match; it is asked to before such
// an expression first runs (its code is compiled then, with the limit in it). That engine cannot
// run the `i` flag: case-insensitive ones are compiled without it (`core/caseFold.ts`). The flag
// is the process's: another extension's expression that backtracks 50,000 times finishes in
// linear time too, with the same result. Not in src/core: setting the runtime's flags is no pure
// function.
import * as v8 from 'node:v8';
import { compileUserFormats } from './core/userFormats';

let asked = false;

/** Tells the runtime, once, to end a regular expression's runaway backtracking: call before a user's expression is compiled. */
export function guardRegExps(): void {
  if (asked) return;
  asked = true;
  v8.setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');
}

/** compileUserFormats, the runtime told first to end a user's pattern's runaway backtracking. */
export function compileGuardedUserFormats(setting: unknown): ReturnType<typeof compileUserFormats> {
  if (Array.isArray(setting) && setting.length > 0) guardRegExps();
  return compileUserFormats(setting);
}
