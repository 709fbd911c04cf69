// A console that names no rank, made a capture by its launcher's words (torchrun's word on a failed
// worker; srun's, mpirun's, Hydra's or mp.spawn's on the ranks they started themselves), and the
// consoles of more than one torchrun, whose local ranks are not one node's. Pure: captureHead.ts
// reads a window's lines with it.
import type { CaptureHead } from './captureHead';
import { LauncherVerdict, LauncherWords, TORCHRUN_FAILED } from './launcherLines';

/** Lines only torchrun writes: its OMP_NUM_THREADS banner, its agent's records (1.x's logger names, 2.x's glog file names). */
export const TORCHRUN_OWN = /OMP_NUM_THREADS environment variable for each process|torch[./]distributed[./](?:elastic[./]|run\b|launch\b)/;

/**
 * torchrun's own word that a worker failed, as its log writes it (torch 1.x `ERROR:torch.distributed
 * .elastic.multiprocessing.api:failed (exitcode: -9) local_rank: 2 (pid: 8103) of binary: ...`,
 * 2.x glog's `E1206 09:00:13.015000 8100 torch/distributed/elastic/multiprocessing/api.py:869] failed ...`):
 * an error line of torchrun's own (`TORCHRUN_OWN`) with launcherLines.ts's `TORCHRUN_FAILED`.
 */
function isTorchrunFailedWord(line: string): boolean {
  return line.charCodeAt(0) === 69 && TORCHRUN_FAILED.test(line) && TORCHRUN_OWN.test(line);
}

/**
 * A console of torchrun without `--tee` whose ranks' lines PyTorch labelled none of (a rank the
 * OOM killer's SIGKILL ended writes no traceback; torch 1.x labels none): torchrun's word on the
 * rank that failed makes it a capture of torchrun's, every line of the ranks' the launcher's.
 */
function unlabelledTorchrunConsole(lines: readonly string[]): CaptureHead | undefined {
  if (!lines.some(isTorchrunFailedWord) || severalTorchruns(lines)) return undefined;
  return { style: 'torchrun', hosts: [], labelled: 0, ownLabelsOnly: true, noLabels: true };
}

/** How srun's, mpirun's, Hydra's and mp.spawn's words on a rank that failed start (`launcherLines.ts`, `spawnWords.ts`). */
const LAUNCHER_FAILED_START = /^(?:srun: error: |mpirun |mpiexec |orterun |prterun |MPI_ABORT was invoked|=\s+BAD TERMINATION |-- Process \d|torch\.multiprocessing\.spawn\.ProcessExitedException)/;

/**
 * A console of ranks srun, mpirun or mp.spawn started themselves, none labelling them (plain `srun
 * python train.py` without `-l`, as Lightning runs under Slurm; `mpirun` without `--tag-output`;
 * `torch.multiprocessing.spawn`, whose process index is the rank on one node), whose
 * lines PyTorch labelled none of (torch before 2.3, a failure before `init_process_group`, a rank
 * killed): the launcher's word on a rank that failed (`srun: error: gpu-a17: task 1: Exited with
 * exit code 1`; mpirun's `Process name: [[24121,1],1]`, `mpirun noticed that process rank 1 ...`;
 * mp.spawn's `-- Process 1 terminated with the following error:`) makes it a capture, its tasks
 * (processes) the ranks. Not where torchrun ran (srun's task is a
 * torchrun: `srunOfTorchrun.ts`; torchrun's word makes it one of torchrun's), nor where another
 * launcher spoke or both did (mp.spawn's, Ray's, a second launcher's ranks are not these).
 */
function unlabelledLauncherConsole(lines: readonly string[]): CaptureHead | undefined {
  // (Most windows of most files hold no such word: they are not read word by word.)
  if (!lines.some((line) => LAUNCHER_FAILED_START.test(line))) return undefined;
  const words = new LauncherWords();
  let launcher: LauncherRanks | undefined;
  let failed = false;
  for (const line of lines) {
    if (line.length > 2000) continue;
    if (TORCHRUN_OWN.test(line)) return undefined;
    const verdict = words.read(line);
    if (!verdict) continue;
    const word = ranksWord(verdict, line);
    if (!word || (launcher && word.by !== launcher)) return undefined;
    launcher = word.by;
    failed ||= word.failed;
  }
  return failed ? { style: 'torchrun', hosts: [], labelled: 0, ownLabelsOnly: true, noLabels: true, launcherRanks: launcher } : undefined;
}

/** A console whose lines name no rank, made a capture by its launcher's word on one that failed: torchrun's, or srun's or mpirun's on the ranks it started. */
export function unlabelledConsole(lines: readonly string[]): CaptureHead | undefined {
  return unlabelledTorchrunConsole(lines) ?? unlabelledLauncherConsole(lines);
}

/** torchrun's banner, once each time it starts. */
const TORCHRUN_BANNER = /^Setting OMP_NUM_THREADS environment variable for each process to be 1 in default|^[WI]\d{4} [\d:.]{8,15} \d{1,10} [^\s\]]{0,200}torch\/distributed\/run\.py:\d{1,6}\] Setting OMP_NUM_THREADS/;
/** torch 2's log line of torchrun's own (its agent's, not a worker's `torch.distributed` warnings): its process id. */
const TORCHRUN_GLOG = /^[EWI]\d{4} [\d:.]{8,15} (\d{1,10}) [^\s\]]{0,200}torch\/distributed\/(?:run\.py|elastic\/(?:agent|multiprocessing\/api\.py|rendezvous))/;
/** A host its summary names. */
const SUMMARY_HOST = /^\s+host\s*: (\S{1,200})\s*$/;
/** srun's word on a task past its first, or on several (`tasks 0-1`): more than one task ran. */
const SRUN_TASKS = /^srun: error: \S{1,200}: (?:tasks \d|task [1-9])/;
/** A line that ends a run of torchrun's besides its word on a failed worker: its summary's exception, Slurm's cancellation. */
const RUN_END = /^(?:torch\.distributed\.elastic\.multiprocessing\.errors\.ChildFailedError|slurmstepd: error: \*\*\*)/;

/**
 * Whether `lines` show more than one torchrun: srun's word on a task past its first (plain srun:
 * a torchrun a task) once torchrun ran (`ran`: its tee labels; else a line of its own among
 * `lines`: without it, srun's tasks are the ranks themselves), a second banner; `atOnce`: one
 * before any run ended (torchrun's word on a failed worker, its summary, Slurm's cancellation),
 * else anywhere, or two agents' process ids of torch 2's own log, or two hosts its summaries name.
 */
function torchrunsIn(lines: readonly string[], atOnce: boolean, ran: boolean): boolean {
  let banners = 0;
  let ended = false;
  let tasks = false;
  const pids = new Set<string>();
  const hosts = new Set<string>();
  for (const line of lines) {
    if (line.length > 2000) continue;
    if (line.startsWith('srun: ') && SRUN_TASKS.test(line)) {
      if (ran) return true;
      tasks = true;
      continue;
    }
    ran ||= TORCHRUN_OWN.test(line);
    if (!ended && TORCHRUN_BANNER.test(line) && ++banners > 1) return true;
    if (atOnce) {
      ended ||= isTorchrunFailedWord(line) || RUN_END.test(line);
      continue;
    }
    const g = line.charCodeAt(0) <= 87 ? TORCHRUN_GLOG.exec(line) : null;
    if (g && pids.add(g[1]).size > 1) return true;
    const h = line.charCodeAt(0) === 32 ? SUMMARY_HOST.exec(line) : null;
    if (h && hosts.add(h[1]).size > 1) return true;
  }
  return tasks && ran;
}

/**
 * Whether the lines of a console of torchrun's tee labels without node prefixes show torchruns
 * that ran at once (srun of torchrun on several nodes without `-l`). One run after another (a
 * script's retry, a job requeued) is not: its ranks' lines are the next attempt's.
 * `ownLabelsOnly`: the console's only labels are PyTorch's own (`[rank1]: ` on an uncaught
 * traceback, from torch 2.3, whoever started the rank): torchrun ran only if a line of its own says so.
 */
export function concurrentTorchruns(lines: readonly string[], ownLabelsOnly = false): boolean {
  return torchrunsIn(lines, true, !ownLabelsOnly);
}

/**
 * Whether the lines of a console that names no rank show more than one torchrun (plain `srun` of
 * torchrun on several nodes; a script that ran it twice). Their local ranks would be read as one
 * node's: such a console is no job (the editor and the CLI say why it is not read).
 */
export function severalTorchruns(lines: readonly string[]): boolean {
  return torchrunsIn(lines, false, true);
}

/**
 * A launcher that starts the ranks themselves and may label none of their lines: srun, Open MPI's
 * mpirun, `mpiexec` of MPICH or Intel MPI (Hydra), mp.spawn.
 */
export type LauncherRanks = 'srun' | 'mpirun' | 'mpiexec' | 'mp.spawn';

/**
 * Whose word on ranks it started themselves `verdict` (of `line`) is: srun's or Slurm's, mpirun's,
 * Hydra's, mp.spawn's; and whether it says one of them failed (srun's own line, not Slurm's
 * cancellation; Hydra's banner where it names the rank, Intel MPI's and MPICH 4.1's, not MPICH
 * 4.0's of a process id alone).
 */
export function ranksWord(verdict: LauncherVerdict, line: string): { by: LauncherRanks; failed: boolean } | undefined {
  const by = verdict.slurmEnded ? 'srun' : verdict.endsRanks === 'mpirun' ? 'mpirun' : verdict.endsRanks === 'Hydra' ? 'mpiexec' : verdict.endsJob === 'mp.spawn' ? 'mp.spawn' : undefined;
  return by && { by, failed: verdict.level === 'ERROR' && verdict.ranks !== 'all' && (by !== 'srun' || line.startsWith('srun: ')) };
}
