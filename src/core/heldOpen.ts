// Which of some files a process of this machine holds open for writing (Linux, /proc): a rank
// of another launcher's job that is still alive writes its files (torchrun --log-dir's workers
// their stdout.log and stderr.log, a console redirected to a capture holds it), however long
// it has been quiet, hung in a collective. A reader (`tail -f`, lnav, an editor) does not count.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';

/** At most this many open files are looked at per process (a server holding thousands is not a rank). */
const MAX_FDS_PER_PROCESS = 4096;

/** `O_WRONLY | O_RDWR` of an fd's `flags:` in /proc/<pid>/fdinfo (octal). */
const WRITE_MODES = 0o3;

/** Whether fd `fd` of `pid` is open for writing; false when that cannot be read. */
async function openForWriting(pid: string, fd: string): Promise<boolean> {
  const info = await fsp.readFile(`/proc/${pid}/fdinfo/${fd}`, 'utf8').catch(() => '');
  const m = /^flags:\s*([0-7]+)$/m.exec(info);
  return m !== null && (parseInt(m[1], 8) & WRITE_MODES) !== 0;
}

/**
 * Of `files` (absolute paths with their links resolved, as /proc names them), those some other
 * process holds open for writing; undefined where this cannot be told (no /proc: not Linux).
 */
export async function heldOpenForWriting(files: ReadonlySet<string>, self = process.pid): Promise<Set<string> | undefined> {
  let pids: string[];
  try {
    pids = (await fsp.readdir('/proc')).filter((e) => /^\d+$/.test(e) && Number(e) !== self);
  } catch {
    return undefined;
  }
  const held = new Set<string>();
  if (files.size === 0) return held;
  await Promise.all(
    pids.map(async (pid) => {
      // Another user's processes (EACCES) and processes that just ended are skipped.
      const fds = await fsp.readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
      for (const fd of fds.slice(0, MAX_FDS_PER_PROCESS)) {
        const target = await fsp.readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
        if (files.has(target) && !held.has(target) && (await openForWriting(pid, fd))) held.add(target);
      }
    }),
  );
  return held;
}

/**
 * Of an imported job's rank logs, by the files each one's rank writes while alive
 * (`JobImport.liveSources`), those whose files a process holds open for writing; undefined where
 * this cannot be told.
 */
export async function liveRankLogs(sources: ReadonlyMap<string, readonly string[]>): Promise<Set<string> | undefined> {
  // /proc names an open file by its real path.
  const real = new Map<string, string>();
  await Promise.all(
    [...new Set([...sources.values()].flat())].map(async (f) => real.set(f, await fsp.realpath(f).catch(() => path.resolve(f)))),
  );
  const held = await heldOpenForWriting(new Set(real.values()));
  if (!held) return undefined;
  const live = new Set<string>();
  for (const [log, files] of sources) if (files.some((f) => held.has(real.get(f)!))) live.add(log);
  return live;
}
