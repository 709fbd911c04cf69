// Stacks of ranks that did not go through the worker_logging module (torchrun, srun, mpirun
// without it), through py-spy: the Python processes of this machine whose environment names a
// rank (RANK, SLURM_PROCID, OMPI_COMM_WORLD_RANK, PMI_RANK, LOCAL_RANK), dumped with
// `py-spy dump --pid N --json`. Plain Node; Linux (/proc).
import { execFile } from 'node:child_process';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { StackDump, StackThread } from './stackDumps';
import { DumpRequestOutcome } from './diagnosisTree';
import { formatTime, naiveFromEpoch } from './timestamps';
import { plural } from './wording';
import { mapLimit } from './mapLimit';
import { holdsOpenUnder, processStat, realPath } from './heldOpen';
import { maxOf } from './extremes';

/** The variables a launcher names the rank in, in the order they are trusted. */
export const RANK_ENV = ['RANK', 'SLURM_PROCID', 'OMPI_COMM_WORLD_RANK', 'PMI_RANK', 'LOCAL_RANK'] as const;

export interface RankProcess {
  rank: number;
  pid: number;
}

async function readText(p: string): Promise<string | undefined> {
  try {
    return await fsp.readFile(p, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * What tells a job's rank processes from another job's on the same machine: a process holding one
 * of the job's files open is the job's (torchrun --log-dir's workers write their own stdout.log,
 * a console redirected to a file is held by every rank), and one that started after the job's
 * logs last changed is not (yesterday's hung job against today's run).
 */
export interface JobScope {
  /** The job's files and folders: its rank logs, the folder or capture they were read from. */
  paths: readonly string[];
  /** When its logs last changed (epoch ms). */
  lastChangeMs?: number;
}

/**
 * The scope of the job in folder `dir` whose rank logs are `files`, read from `source` when it is
 * another launcher's (its capture, its log folder): those paths as /proc names them, and when the
 * logs last changed (an imported job's rank logs carry the time their sources last changed).
 */
export async function jobScopeOf(dir: string, files: readonly string[], source?: string): Promise<JobScope> {
  const times = await Promise.all(files.map((f) => fsp.stat(f).then((s) => s.mtimeMs, () => undefined)));
  const known = times.filter((t): t is number => t !== undefined);
  const paths = await Promise.all([...(source ? [source] : []), dir, ...files].map((p) => realPath(p)));
  return { paths, lastChangeMs: known.length ? maxOf(known) : undefined };
}

/** A process may start this long after its job's files last changed (torchrun creates a rank's files before it starts the rank). */
export const LATE_START_SLACK_MS = 10_000;

/** Clock ticks per second of /proc's times (USER_HZ: 100 on every Linux architecture VS Code runs on). */
const USER_HZ = 100;

/** When the machine booted (epoch ms), from /proc/stat. */
async function bootTimeMs(): Promise<number | undefined> {
  const m = /^btime (\d+)$/m.exec((await readText('/proc/stat')) ?? '');
  return m ? Number(m[1]) * 1000 : undefined;
}

/** The rank a process's environment names, if it is a Python process; its parent, and when it started (ticks after boot). */
async function inspect(pid: number): Promise<{ rank: number; ppid: number; startTicks: number } | undefined> {
  const cmdline = await readText(`/proc/${pid}/cmdline`);
  const exe = cmdline?.split('\0')[0];
  if (!exe || !/python/i.test(path.basename(exe))) return undefined;
  const environ = await readText(`/proc/${pid}/environ`);
  if (!environ) return undefined;
  const env = new Map(environ.split('\0').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)] as const));
  const name = RANK_ENV.find((k) => /^\d{1,9}$/.test(env.get(k) ?? ''));
  if (!name) return undefined;
  const stat = await processStat(pid);
  return { rank: Number(env.get(name)), ppid: stat?.ppid ?? 0, startTicks: stat?.startTicks ?? NaN };
}

/** A process that names a wanted rank but is not the job's: it started after the job's logs last changed. */
export interface LaterProcess {
  rank: number;
  pid: number;
  /** When it started (epoch ms). */
  startedMs: number;
}

/**
 * The Python process of each wanted rank on this machine. A rank's children (data loader
 * workers) inherit its environment: the topmost process that names the rank is the rank. With
 * the job's `scope`, a process that started after its logs last changed is another job's (left
 * out, named in `later`), and of several that name a rank, those holding the job's files open
 * are its. Two unrelated processes that still both name the rank make it ambiguous: left out, named.
 */
export async function findRankProcesses(ranks: readonly number[], scope?: JobScope): Promise<{ found: RankProcess[]; ambiguous: { rank: number; pids: number[] }[]; later: LaterProcess[] }> {
  const wanted = new Set(ranks);
  let entries: string[];
  try {
    entries = (await fsp.readdir('/proc')).filter((e) => /^\d+$/.test(e));
  } catch {
    return { found: [], ambiguous: [], later: [] };
  }
  const info = new Map<number, { rank: number; ppid: number; startTicks: number }>();
  await Promise.all(
    entries.map(async (e) => {
      const pid = Number(e);
      if (pid === process.pid) return;
      const i = await inspect(pid);
      if (i && wanted.has(i.rank)) info.set(pid, i);
    }),
  );
  const boot = scope?.lastChangeMs !== undefined ? await bootTimeMs() : undefined;
  const byRank = new Map<number, number[]>();
  const later: LaterProcess[] = [];
  for (const [pid, i] of info) {
    // A child of a process that names the same rank belongs to that process.
    if (info.get(i.ppid)?.rank === i.rank) continue;
    const startedMs = boot === undefined || !Number.isFinite(i.startTicks) ? undefined : boot + (i.startTicks * 1000) / USER_HZ;
    if (startedMs !== undefined && scope?.lastChangeMs !== undefined && startedMs > scope.lastChangeMs + LATE_START_SLACK_MS) {
      later.push({ rank: i.rank, pid, startedMs });
      continue;
    }
    byRank.set(i.rank, [...(byRank.get(i.rank) ?? []), pid]);
  }
  const found: RankProcess[] = [];
  const ambiguous: { rank: number; pids: number[] }[] = [];
  for (const [rank, all] of [...byRank].sort((a, b) => a[0] - b[0])) {
    let pids = all;
    if (pids.length > 1 && scope?.paths.length) {
      const holding = (await Promise.all(pids.map(async (pid) => ((await holdsOpenUnder(pid, scope.paths)) ? pid : undefined)))).filter((p): p is number => p !== undefined);
      if (holding.length > 0) pids = holding;
    }
    if (pids.length === 1) found.push({ rank, pid: pids[0] });
    else ambiguous.push({ rank, pids: [...pids].sort((a, b) => a - b) });
  }
  later.sort((a, b) => a.rank - b.rank || a.pid - b.pid);
  return { found, ambiguous, later };
}

interface PySpyFrame {
  name?: unknown;
  filename?: unknown;
  line?: unknown;
}

interface PySpyTrace {
  thread_id?: unknown;
  thread_name?: unknown;
  owns_gil?: unknown;
  frames?: unknown;
}

/** py-spy's `dump --json` (a list of threads, innermost frame first) as a stack dump. */
export function parsePySpyJson(text: string, rank: number, time: number): StackDump {
  const data: unknown = JSON.parse(text);
  if (!Array.isArray(data)) throw new Error('py-spy printed no list of threads');
  const threads: StackThread[] = (data as PySpyTrace[]).map((t) => {
    const frames = Array.isArray(t.frames) ? (t.frames as PySpyFrame[]) : [];
    return {
      id: typeof t.thread_id === 'number' ? `0x${t.thread_id.toString(16)}` : String(t.thread_id ?? '?'),
      current: t.thread_name === 'MainThread',
      frames: frames.slice(0, 200).map((f) => ({ function: String(f.name ?? '?'), file: String(f.filename ?? ''), line: typeof f.line === 'number' && f.line > 0 ? f.line : 0 })),
      truncated: frames.length > 200,
    };
  });
  return { rank, line: -1, offset: -1, time, threads };
}

/** `py-spy` on PATH (or the given path), or undefined. */
export async function findPySpy(given?: string): Promise<string | undefined> {
  const candidates = given ? [given] : (process.env.PATH ?? '').split(path.delimiter).filter(Boolean).map((d) => path.join(d, 'py-spy'));
  for (const c of candidates) {
    try {
      await fsp.access(c, fsp.constants.X_OK);
      return c;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** One rank's stacks through py-spy, or why not. */
export function dumpWithPySpy(pySpy: string, proc: RankProcess, timeoutMs = 3000): Promise<StackDump | { rank: number; reason: string }> {
  return new Promise((resolve) => {
    execFile(pySpy, ['dump', '--pid', String(proc.pid), '--json'], { timeout: timeoutMs, maxBuffer: 16 * 2 ** 20 }, (error, stdout, stderr) => {
      if (error) {
        const why = (stderr || error.message).trim().split('\n').pop() ?? '';
        const hint = /permission|ptrace|operation not permitted/i.test(why) ? ' (py-spy needs permission to read other processes: run as that user with kernel.yama.ptrace_scope=0, or as root)' : '';
        resolve({ rank: proc.rank, reason: `py-spy could not read process ${proc.pid}: ${why}${hint}` });
        return;
      }
      try {
        resolve(parsePySpyJson(stdout, proc.rank, naiveFromEpoch(Date.now())));
      } catch (e) {
        resolve({ rank: proc.rank, reason: `py-spy's output for process ${proc.pid} could not be read: ${e instanceof Error ? e.message : String(e)}` });
      }
    });
  });
}

/** py-spy processes run at once by `withPySpy`. */
const PY_SPY_AT_ONCE = 8;

/**
 * The stacks of `ranks` (which gave no dump through the module: `outcome.unanswered`) read with
 * py-spy from this machine's Python processes that name them and are the job's (`scope`):
 * `outcome` is updated (answered ranks, and why each other one gave none), the dumps returned.
 */
export async function withPySpy(outcome: DumpRequestOutcome, pySpy: string, ranks: readonly number[], scope: JobScope): Promise<StackDump[]> {
  const { found, ambiguous, later } = await findRankProcesses(ranks, scope);
  const dumps: StackDump[] = [];
  const reasons = new Map<number, string>();
  for (const a of ambiguous) reasons.set(a.rank, `${plural(a.pids.length, 'Python process')} on this machine name rank ${a.rank} (pids ${a.pids.join(', ')}): which one is unclear`);
  for (const l of later) {
    if (!reasons.has(l.rank)) reasons.set(l.rank, `the Python process on this machine that names the rank started at ${formatTime(naiveFromEpoch(l.startedMs))}, after this job's logs last changed: another job's, not asked`);
  }
  // A few at a time: each py-spy stops its process while it reads it, and a machine may hold many ranks.
  for (const r of await mapLimit(found, PY_SPY_AT_ONCE, (p) => dumpWithPySpy(pySpy, p))) {
    if ('threads' in r) dumps.push(r);
    else reasons.set(r.rank, r.reason);
  }
  for (const rank of ranks) if (!dumps.some((d) => d.rank === rank) && !reasons.has(rank)) reasons.set(rank, `no Python process on this machine names that rank (${RANK_ENV.join(', ')})`);
  outcome.unanswered = outcome.unanswered.filter((u) => !ranks.includes(u.rank) || reasons.has(u.rank));
  for (const u of outcome.unanswered) if (reasons.has(u.rank)) u.reason = reasons.get(u.rank)!;
  outcome.answered = [...outcome.answered, ...dumps.map((d) => d.rank)].sort((a, b) => a - b);
  return dumps;
}
