// The processes of ranks launched in a test: named by their logs' init records, and whether they
// still run (the Stop Job tests check that no rank outlives its job); a process holding a file
// open, as a hung rank holds its log.
import { ChildProcess, spawn } from 'node:child_process';
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

/**
 * A process that opens `file` (`a`: to append, as a rank's logging does; `r`: only to read, as
 * `tail -f` does) and sleeps `seconds`, once it has it open.
 */
export function processHolding(file: string, mode: 'a' | 'r', seconds = 60): Promise<ChildProcess> {
  const p = spawn('python3', ['-c', `import sys, time\nf = open(sys.argv[1], "${mode}")\nprint("open", flush=True)\ntime.sleep(${seconds})\n`, file], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    p.stdout!.once('data', () => resolve(p));
    p.once('exit', (code) => reject(new Error(`the holder of ${file} exited with ${code}`)));
  });
}
