// The CLI's usage text and the errors and checks of its arguments, shared by every command
// (workerLogsCli.ts loads the job commands only when one is asked for).
import * as fs from 'node:fs';

export const MERGE_USAGE = `  worker-logs merge <log-dir> [--level L] [--ranks 0,3-5] [--grep RE] [--ignore-case]
                   [--since T] [--until T] [--attempt N] [--count] [--json] [--follow]
      Every rank's records merged by time (the Job Log): a rank column, tracebacks kept with
      their record. --level: minimum level (warning, error, ...); --ranks: ranks, ranges and
      exclusions (!2); --grep: a regular expression on the message and traceback; --since,
      --until: "YYYY-MM-DD HH:MM:SS[,mmm]"; --attempt: the job's N-th attempt (1 first);
      --count: only the number of records; --json: one object per line; --follow: go on
      printing appended records until interrupted.`;

export const DIAGNOSE_USAGE = `  worker-logs diagnose <log-dir> [--json] [--dump-stacks]
      Why the job failed or hangs: the first failure, collective timeouts read across ranks
      (stragglers, mismatches), ranks alive but quiet, and the ranks' latest stack dumps grouped
      by call path. --dump-stacks: first ask every rank running on this machine for its stack
      (SIGUSR1 to a rank of the worker_logging module; py-spy, when on PATH, for the others).
      Exit 0: nothing found; 1: a failure, hang or mismatch; 2: bad input.`;

const SUMMARY_USAGE = `  worker-logs summary <log-dir> [--json] [--attempt-window <seconds>]
      A table of every rank (worker_<N>.log) in <log-dir> and the job's first failure.`;

const INDEX_USAGE = `  worker-logs index <file> --json
      The index of one log: lines, bytes, sessions (lines, offsets, times, counts, first error).`;

export const USAGE = `Usage:
${SUMMARY_USAGE}
${INDEX_USAGE}
${MERGE_USAGE}
${DIAGNOSE_USAGE}
  worker-logs --help

  <log-dir> may also hold another launcher's logs: a torchrun --log-dir (or one of its run
  folders), per-task files (Slurm's %j_%t.out), mpirun --output-filename's folder
  (rank.<N>/stdout), or be a capture file whose lines carry the rank ([rank3]:, [default3]: or
  [trainer3]: from torchrun --role trainer, [3]: from torchrun --log-line-prefix-template
  '[\${rank}]:', "3: " from srun -l, [1,3]<stdout>: from Open MPI, [3]<stdout>: from horovodrun,
  "[3] " from mpiexec -prepend-rank, "(worker1, rank=1, ...) " or "(task, pid=4494) " from
  SkyPilot) or the host ("node017: " from pdsh) or the pod ("[pod/train-worker-0/pytorch] " from
  kubectl logs --prefix, with --timestamps or not). --formats <file>: line formats of your own (a
  JSON list of {name, pattern, timeFormat, samples}, or settings holding "workerLogs.formats");
  one with a rank group splits a console without prefixes (mp.spawn's) into its ranks; the
  settings' "workerLogs.rankFilePatterns" are read too. --rank-files <glob>: names of per-rank
  files besides the built-in ones, {rank} where the rank's number is ('rank{rank}.txt',
  '*-task{rank}.log'); give it again for more. detectron2's log.txt beside log.txt.rank1, ... is
  read as one file per rank, log.txt rank 0's; so are MMEngine's
  <time>_<user>@<host>_device<N>_rank<N>.log. A rank log's older parts a rotating handler left
  beside it (worker_0.log.1, worker_0.log.2026-11-30) are read with it, as one.`;

/**
 * What a bad argument of `command` is printed with: that command's usage, and where the rest is
 * (the whole usage is 40 lines: the message was lost above it). Any other: the whole usage.
 */
export function usageOf(command: string | undefined): string {
  const own = ({ summary: SUMMARY_USAGE, index: INDEX_USAGE, merge: MERGE_USAGE, diagnose: DIAGNOSE_USAGE } as Record<string, string>)[command ?? ''];
  return own ? `Usage:\n${own}\n\nworker-logs --help: every command, and the logs of other launchers <log-dir> may hold.` : USAGE;
}

/** Bad arguments: the message is printed with the usage, and the exit code is 2; bad input that the usage would not help with is printed alone (`showUsage` false). */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly showUsage = true,
  ) {
    super(message);
  }
}

/** Rejects a path that is missing, of the wrong kind or unreadable, with a message that says which (alone: the usage's pages do not help with it). */
export async function checkPath(p: string, kind: 'file' | 'directory'): Promise<void> {
  let stat;
  try {
    stat = fs.statSync(p);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `${p}: no such ${kind}` : `${p}: cannot be read (${code})`, false);
  }
  if (kind === 'directory' && !stat.isDirectory()) throw new UsageError(`${p}: not a directory`, false);
  if (kind === 'file' && !stat.isFile()) throw new UsageError(`${p}: not a regular file`, false);
  try {
    fs.accessSync(p, fs.constants.R_OK);
  } catch {
    throw new UsageError(`${p}: permission denied`, false);
  }
}
