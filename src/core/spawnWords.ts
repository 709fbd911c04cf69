// `torch.multiprocessing.spawn` (mp.spawn) on its processes, for `LauncherWords`
// (launcherLines.ts): the parent process raises, in its own traceback, `ProcessRaisedException`
// with the traceback of the process that raised (`-- Process 2 terminated with the following
// error:`, its exception after it), or `ProcessExitedException: process 1 terminated with signal
// SIGKILL` (or `with exit code 1`) for one that died. The process is spawn's index, which is the
// rank in a job of one node (the function's first argument). Either ends the job: spawn then
// terminates the processes still running (SIGTERM), each without a word of its own. Pure.
import type { LauncherVerdict } from './launcherLines';
import { CHAINED_EXCEPTION, TRACEBACK_HEAD } from './logLine';

/** The line in `ProcessRaisedException`'s message before the process's own traceback. */
const RAISED = /^-- Process (\d{1,7}) terminated with the following error:\s*$/;
const EXITED = /ProcessExitedException: process (\d{1,7}) terminated with (?:signal (\w{1,20})|exit code (-?\d{1,4}))/;
/** What a rank spawn terminated is told (as its last record: `spawnStoppedBy` reads it back). */
export function spawnStopMessage(rank: number, failed: number): string {
  return `mp.spawn stopped process ${rank} with SIGTERM (if it still ran), after process ${failed} failed`;
}

const STOP_MESSAGE = /^mp\.spawn stopped process \d{1,7} with SIGTERM \(if it still ran\), after process \d{1,7} failed$/;

/** `stopped by mp.spawn (SIGTERM)` for a record `spawnStopMessage` wrote, else undefined. */
export function spawnStoppedBy(message: string): string | undefined {
  return message.length < 120 && STOP_MESSAGE.test(message) ? 'stopped by mp.spawn (SIGTERM)' : undefined;
}

/** Lines of the process's traceback read at most for its exception. */
const WINDOW = 500;
/** A traceback's head, or the line between a chained exception's tracebacks: the wait for the exception goes on. */
const goesOn = (line: string): boolean => line.trimEnd() === TRACEBACK_HEAD || CHAINED_EXCEPTION.test(line);

export class SpawnWords {
  /** The process that raised, until its exception's line; the lines left to find it in. */
  private raised: { process: number; left: number } | undefined;

  /** A verdict; undefined for a line read that says nothing yet; false for a line that is none of spawn's. */
  read(line: string): LauncherVerdict | undefined | false {
    if (this.raised) return this.exception(line);
    if (line.length > 2000) return false;
    const raised = line.charCodeAt(0) === 45 ? RAISED.exec(line) : null;
    if (raised) {
      this.raised = { process: Number(raised[1]), left: WINDOW };
      return undefined;
    }
    const exited = line.includes('ProcessExitedException') ? EXITED.exec(line) : null;
    if (!exited) return false;
    const process = Number(exited[1]);
    const how = exited[2] !== undefined ? `was killed by ${exited[2]}` : `exited with code ${exited[3]}`;
    return { ranks: [process], level: 'ERROR', message: `mp.spawn: process ${process} ${how}`, endsJob: 'mp.spawn' };
  }

  reset(): void {
    this.raised = undefined;
  }

  /**
   * A line of the traceback after spawn's word on a process that raised: its frames (indented),
   * empty lines and a chained exception's lines wait; the first other line is the exception,
   * which completes the word (a traceback cut short gives it without).
   */
  private exception(line: string): LauncherVerdict | undefined {
    const held = this.raised!;
    const c = line.charCodeAt(0);
    if ((line === '' || c === 32 || c === 9 || goesOn(line)) && --held.left > 0) return undefined;
    this.raised = undefined;
    const done = line !== '' && c !== 32 && c !== 9 && !goesOn(line);
    return { ranks: [held.process], level: 'ERROR', message: `mp.spawn: process ${held.process} raised${done ? ` ${line.slice(0, 500)}` : ''}`, endsJob: 'mp.spawn' };
  }
}
