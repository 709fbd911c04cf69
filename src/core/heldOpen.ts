// The files processes of this machine hold open (Linux, /proc): a rank that is still alive writes
// its files (our module's rank its worker_<N>.log, torchrun --log-dir's workers their stdout.log
// and stderr.log, a console redirected to a capture is held by its launcher), however long it has
// been quiet, hung in a collective; a reader (`tail -f`, lnav, an editor) does not count. Dump
// Stacks tells a job's rank process from another job's by the job's files it holds, and by when
// it started (`processStat`).
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';

/** At most this many open files are looked at per process (a server holding thousands is not a rank). */
const MAX_FDS_PER_PROCESS = 4096;

/** `O_WRONLY | O_RDWR` of an fd's `flags:` in /proc/<pid>/fdinfo (octal). */
const WRITE_MODES = 0o3;

/** Each open file of `pid` (its fd and the path /proc names, links resolved) until `visit` returns true; nothing when it cannot be read (another user's, ended). */
async function eachOpenFile(pid: string, visit: (fd: string, target: string) => boolean | Promise<boolean>): Promise<void> {
  const fds = await fsp.readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
  for (const fd of fds.slice(0, MAX_FDS_PER_PROCESS)) {
    const target = await fsp.readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
    if (target.startsWith('/') && (await visit(fd, target))) return;
  }
}

/** Whether fd `fd` of `pid` is open for writing; false when that cannot be read. */
async function openForWriting(pid: string, fd: string): Promise<boolean> {
  const info = await fsp.readFile(`/proc/${pid}/fdinfo/${fd}`, 'utf8').catch(() => '');
  const m = /^flags:\s*([0-7]+)$/m.exec(info);
  return m !== null && (parseInt(m[1], 8) & WRITE_MODES) !== 0;
}

/** `p` with its links resolved, as /proc names an open file; resolved as it is when it does not exist. */
export async function realPath(p: string): Promise<string> {
  return fsp.realpath(p).catch(() => path.resolve(p));
}

/** Whether process `pid` holds open (in any mode) a file at or under one of `paths` (real paths). */
export async function holdsOpenUnder(pid: number, paths: readonly string[]): Promise<boolean> {
  let holds = false;
  await eachOpenFile(String(pid), (_fd, target) => (holds = paths.some((p) => target === p || target.startsWith(p.endsWith(path.sep) ? p : p + path.sep))));
  return holds;
}

/** Whether process `pid` holds `file` (a real path) open for writing, as a rank its log; a viewer only reads it. */
export async function holdsOpenForWriting(pid: number, file: string): Promise<boolean> {
  let holds = false;
  await eachOpenFile(String(pid), async (fd, target) => (holds = target === file && (await openForWriting(String(pid), fd))));
  return holds;
}

/**
 * Of `files` (real paths), those some other process holds open for writing, with the processes
 * (pids); undefined where this cannot be told (no /proc: not Linux).
 */
export async function heldOpenForWriting(files: ReadonlySet<string>, self = process.pid): Promise<Map<string, number[]> | undefined> {
  let pids: string[];
  try {
    pids = (await fsp.readdir('/proc')).filter((e) => /^\d+$/.test(e) && Number(e) !== self);
  } catch {
    return undefined;
  }
  const held = new Map<string, number[]>();
  if (files.size === 0) return held;
  await Promise.all(
    pids.map((pid) =>
      eachOpenFile(pid, async (fd, target) => {
        if (!files.has(target) || !(await openForWriting(pid, fd))) return false;
        // (Read after the wait: other processes' holders of the file may have been added meanwhile.)
        const by = held.get(target) ?? [];
        if (!by.includes(Number(pid))) held.set(target, [...by, Number(pid)]);
        return false;
      }),
    ),
  );
  return held;
}

/**
 * Of an imported job's rank logs, by the files each one's rank writes while alive
 * (`JobImport.liveSources`), those whose files a process holds open for writing, with those
 * processes; undefined where this cannot be told.
 */
export async function liveRankLogs(sources: ReadonlyMap<string, readonly string[]>): Promise<Map<string, number[]> | undefined> {
  const real = new Map<string, string>();
  await Promise.all([...new Set([...sources.values()].flat())].map(async (f) => real.set(f, await realPath(f))));
  const held = await heldOpenForWriting(new Set(real.values()));
  if (!held) return undefined;
  const live = new Map<string, number[]>();
  for (const [log, files] of sources) {
    const pids = [...new Set(files.flatMap((f) => held.get(real.get(f)!) ?? []))];
    if (pids.length > 0) live.set(log, pids);
  }
  return live;
}

/** What /proc/<pid>/stat says of a process: its state letter, its parent, when it started (clock ticks after boot); undefined when it is gone. */
export async function processStat(pid: number): Promise<{ state: string; ppid: number; startTicks: number } | undefined> {
  const stat = await fsp.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  if (!stat) return undefined;
  // "pid (comm) state ppid ... starttime(22nd)": comm may hold spaces and parentheses, so split after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0] ?? '', ppid: Number(fields[1] ?? 0), startTicks: Number(fields[19] ?? NaN) };
}

/** Whether process `pid` still runs (a zombie nobody reaped has ended). */
export async function processRuns(pid: number): Promise<boolean> {
  const stat = await processStat(pid);
  return stat !== undefined && stat.state !== 'Z' && stat.state !== 'X';
}

/**
 * Of the processes holding one rank's files, the ones none of the others started: torchrun holds
 * each worker's `stderr.log` open for writing too, and the worker is the rank (its pid is the one
 * to give `py-spy dump`). A process that is gone counts as no one's parent.
 */
export async function innermostHolders(pids: readonly number[]): Promise<number[]> {
  if (pids.length < 2) return [...pids];
  const parents = new Set((await Promise.all(pids.map((p) => processStat(p)))).map((s) => s?.ppid));
  return pids.filter((p) => !parents.has(p));
}

/**
 * Whether process `pid` catches signal `signal` (its number): its `SigCgt` mask in
 * /proc/<pid>/status. A signal a process neither catches nor ignores ends it (SIGUSR1's default).
 * Undefined when that cannot be read.
 */
export async function catchesSignal(pid: number, signal: number): Promise<boolean | undefined> {
  const status = await fsp.readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const m = /^SigCgt:\s*([0-9a-f]+)$/im.exec(status);
  if (!m) return undefined;
  return ((BigInt(`0x${m[1]}`) >> BigInt(signal - 1)) & 1n) === 1n;
}
