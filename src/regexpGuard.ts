// The user's own line formats (`workerLogs.formats`, `--formats`) are regular expressions run on
// every line of their logs. One that backtracks without end on some line its samples did not show
// (`(\w+\s?)+$` on a long word ended by `!`, `(.*) (.*) (.*)$` on a printed tensor's megabyte)
// held the extension host, every extension of the window with it, or the CLI (deaf to Ctrl+C and
// SIGTERM while it ran) for ever. V8 can hand a match that backtracks too long to its engine of
// linear time, which finds the same match; it is asked to before a user's pattern first runs
// (its code is compiled then, with the limit in it). The flag is the process's: another
// extension's expression that backtracks 50,000 times finishes in linear time too, with the same
// result. Not in src/core: setting the runtime's flags is no pure function.
import * as v8 from 'node:v8';
import { compileUserFormats } from './core/userFormats';

let asked = false;

/** compileUserFormats, the runtime told first to end a user's pattern's runaway backtracking. */
export function compileGuardedUserFormats(setting: unknown): ReturnType<typeof compileUserFormats> {
  if (!asked && Array.isArray(setting) && setting.length > 0) {
    asked = true;
    v8.setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');
  }
  return compileUserFormats(setting);
}
