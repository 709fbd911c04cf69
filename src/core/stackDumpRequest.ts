// "Dump Stacks of All Ranks": find each rank's process on this machine, make sure it is that
// rank's (it holds the rank's log open), send SIGUSR1 (the module's faulthandler writes every
// thread's stack into the log), and wait for the dumps to land. Plain Node: no editor here.
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import { scanRankLog } from './diagnosis';
import { DumpRequestOutcome, UnansweredRank } from './diagnosisTree';
import { naiveFromEpoch } from './timestamps';
import { openRegular } from './regularFile';
import { catchesSignal, holdsOpenForWriting } from './heldOpen';

export interface DumpTarget {
  rank: number;
  path: string;
  /** Where the rank's last session starts: its init record names the process. */
  sessionStart: number;
}

export interface DumpRequestOptions {
  /** How long to wait for the dumps (default 3 s). */
  timeoutMs?: number;
  onProgress?: (answered: number, asked: number) => void;
  /** For tests: how a signal is sent. */
  kill?: (pid: number, signal: NodeJS.Signals) => void;
  hostname?: string;
}


/** How a rank that the module did not start is named (py-spy may still read it). */
export const NO_INIT_RECORD = 'no init record names the process of the last session';

const INIT = /Worker \d+ logging initialized: .* \(pid (\d+) on ([^)\r\n]+)\)\r?$/m;

/** The process named by the first init record of the session starting at `sessionStart`. */
export async function rankProcess(logPath: string, sessionStart: number): Promise<{ pid: number; host: string } | undefined> {
  const handle = await openRegular(logPath);
  try {
    const buf = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buf, 0, buf.length, sessionStart);
    const m = INIT.exec(buf.toString('utf8', 0, bytesRead));
    return m ? { pid: Number(m[1]), host: m[2].trim() } : undefined;
  } finally {
    await handle.close();
  }
}

/** Why `pid` cannot be taken for the process writing `logPath`, or undefined when it can. */
export async function checkRankProcess(pid: number, logPath: string): Promise<string | undefined> {
  if (!Number.isSafeInteger(pid) || pid <= 1) return `pid ${pid} is not a worker's`;
  const procDir = `/proc/${pid}`;
  try {
    await fsp.access(procDir);
  } catch {
    return os.platform() === 'linux' ? `process ${pid} has ended` : undefined;
  }
  let wanted: string;
  try {
    wanted = await fsp.realpath(logPath);
  } catch {
    return 'its log is gone';
  }
  try {
    await fsp.readdir(`${procDir}/fd`);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EACCES' ? `process ${pid} belongs to another user` : `process ${pid} has ended`;
  }
  // Open for writing, as a rank writes its log: a viewer (tail -f, less) only reads it.
  if (!(await holdsOpenForWriting(pid, wanted))) return `process ${pid} does not have the rank's log open for writing (it ended, and another program has its pid)`;
  // SIGUSR1 ends a process that does not catch it: a rank whose stack dumps are off would be killed.
  if ((await catchesSignal(pid, os.constants.signals.SIGUSR1)) === false) return `process ${pid} does not catch SIGUSR1 (its stack dumps are off: WORKER_LOGGING_STACK_DUMPS=0), and the signal would end it`;
  return undefined;
}

async function sizeOf(p: string): Promise<number> {
  try {
    return (await fsp.stat(p)).size;
  } catch {
    return -1;
  }
}

/**
 * The process of `target`'s rank on this machine (`host`), named by its session's init record and
 * holding its log open; or why it cannot be signalled.
 */
export async function reachableRank(target: DumpTarget, host = os.hostname()): Promise<{ pid: number } | { reason: string }> {
  let proc: { pid: number; host: string } | undefined;
  try {
    proc = await rankProcess(target.path, target.sessionStart);
  } catch (e) {
    return { reason: `its log cannot be read (${(e as NodeJS.ErrnoException).code ?? e})` };
  }
  if (!proc) return { reason: `${NO_INIT_RECORD} (not started by the worker_logging module)` };
  if (proc.host !== host && proc.host.split('.')[0] !== host.split('.')[0]) return { reason: `it runs on ${proc.host}, not on this machine (${host})` };
  const why = await checkRankProcess(proc.pid, target.path);
  return why ? { reason: why } : { pid: proc.pid };
}

/**
 * Signals every rank that can be reached and waits (at most `timeoutMs`) until each has written
 * a complete dump. Ranks that could not be signalled, or did not answer, are named with why.
 */
export async function requestStackDumps(targets: readonly DumpTarget[], options: DumpRequestOptions = {}): Promise<DumpRequestOutcome> {
  const timeoutMs = options.timeoutMs ?? 3000;
  const kill = options.kill ?? ((pid, signal) => process.kill(pid, signal));
  const host = options.hostname ?? os.hostname();
  const unanswered: UnansweredRank[] = [];
  const asked: { target: DumpTarget; from: number; pid: number }[] = [];
  const time = naiveFromEpoch(Date.now());
  for (const target of targets) {
    const proc = await reachableRank(target, host);
    if ('reason' in proc) {
      unanswered.push({ rank: target.rank, reason: proc.reason });
      continue;
    }
    const from = await sizeOf(target.path);
    try {
      kill(proc.pid, 'SIGUSR1');
      asked.push({ target, from, pid: proc.pid });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      unanswered.push({ rank: target.rank, reason: code === 'ESRCH' ? `process ${proc.pid} has ended` : code === 'EPERM' ? `process ${proc.pid} belongs to another user` : `signalling process ${proc.pid} failed (${code ?? e})` });
    }
  }

  // The ranks whose dump has landed (its lines are read again, numbered, by the job's diagnosis).
  const found = new Set<number>();
  const lastSize = new Map<number, number>();
  const deadline = Date.now() + timeoutMs;
  options.onProgress?.(0, asked.length);
  while (found.size < asked.length) {
    for (const a of asked) {
      if (found.has(a.target.rank)) continue;
      const size = await sizeOf(a.target.path);
      // A dump is whole once the log stops growing after it (faulthandler writes it at once).
      if (size > a.from && size === lastSize.get(a.target.rank)) {
        const scan = await scanRankLog(a.target.path, a.target.rank, { from: a.from, completeLinesOnly: true });
        if (scan.dumps.length > 0) found.add(a.target.rank);
      }
      lastSize.set(a.target.rank, size);
    }
    options.onProgress?.(found.size, asked.length);
    if (found.size === asked.length || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  for (const a of asked) {
    if (!found.has(a.target.rank)) {
      unanswered.push({ rank: a.target.rank, reason: `no stack dump within ${(timeoutMs / 1000).toFixed(0)} s from process ${a.pid} (a module older than this extension, or WORKER_LOGGING_STACK_DUMPS=0)` });
    }
  }
  unanswered.sort((a, b) => a.rank - b.rank);
  return { time, answered: [...found].sort((a, b) => a - b), unanswered };
}
