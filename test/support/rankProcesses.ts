// The processes of ranks launched in a test: named by their logs' init records, and whether they
// still run (the Stop Job tests check that no rank outlives its job).
import * as fs from 'node:fs';

/** The process the last init record of a rank's log names (`... initialized: <path> (pid 4242 on host)`). */
export function rankPid(logText: string): number {
  const all = [...logText.matchAll(/\(pid (\d+) on /g)];
  if (all.length === 0) throw new Error(`no init record naming a process in:\n${logText.slice(0, 2000)}`);
  return Number(all[all.length - 1][1]);
}

/** Whether process `pid` still runs (a zombie that nobody reaped has ended). */
export function processRunning(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) [ZX]/s.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}
