// What a launcher's own lines say about its ranks: torchrun's "failed (exitcode: 1) local_rank: 1",
// srun's "task 1: Exited with exit code 1", Slurm's "CANCELLED ... DUE TO TIME LIMIT", mpirun's
// "process rank 1 ... exited on signal 9" (its word on a non-zero exit code, a rank that left
// without MPI_Finalize, MPI_ABORT), Hydra's (MPICH, Intel MPI) "BAD TERMINATION" banner, pdsh's
// "node03: ssh exited with exit code 1", horovodrun's "Process 1 exit with status code 1.", SkyPilot's
// "Job 2 failed with return code list: [1, 137]", and
// Ray Train's on its workers (rayWords.ts), and mp.spawn's on its processes (spawnWords.ts). A rank killed without a word of its own (the OOM
// killer, a segfault in C++, a time limit) is failed by these, never shown as healthy. Pure.
import { headerLine } from './importLines';
import { LineWindow } from './lineWindow';
import { withoutCarriageReturn } from './lineFormats';
import { RayWords } from './rayWords';
import { signalName } from './signals';
import { slurmCancellation, srunExitMessage, srunStopMessage } from './slurmWords';
import { ANY_RANK_LOGGER } from './indexModel';
import { groupSucceededMessage } from './rankEnding';
import { SpawnWords } from './spawnWords';
import { parseAsctime } from './timestamps';
import { pbsKill } from './pbsWords';
import { LsfReport } from './lsfWords';
import { skypilotFailure } from './skypilotWords';
import { TorchrunStop, torchrunEnded, torchrunNoticed, TorchrunWords } from './torchrunWords';

export interface LauncherVerdict {
  /** The ranks it names, or every rank of the job. */
  ranks: number[] | 'all';
  /** It is on one rank of `ranks`, it does not say which (see `ANY_RANK_LOGGER`). */
  oneOf?: boolean;
  /** pdsh: the hosts it names (a host is a rank of a pdsh capture). */
  hosts?: string[];
  /**
   * The ranks it names are this launcher's nodes (SkyPilot's return code of each node): ranks of
   * a capture of its nodes only; in any other (torchrun's console of one node under SkyPilot) it
   * names no rank, and is no word on them.
   */
  nodesOf?: 'skypilot';
  /**
   * With `ranks: 'all'`, the ranks of the launcher that wrote it (torchrun's word on its own worker
   * group): under srun's or pdsh's labels of several nodes, those of its node only.
   */
  itsNode?: true;
  /** INFO: a stop of the rank (srun's `Terminated`), not a failure of its own. */
  level: 'INFO' | 'ERROR' | 'CRITICAL';
  /** What to show as the rank's record. */
  message: string;
  /** The process id of the one rank it names (torchrun's). */
  pid?: number;
  /** The launcher's own time of it, when the line gives one. */
  time?: number;
  /**
   * The launcher (`by`) found the rank's process ended when it looked, at most `withinMs` after it
   * ended (torchrun looks at its workers every few seconds): the time its line gives, or `at`
   * (its summary's time of the failure), is when it noticed, not when the rank ended (see
   * `CaptureLauncher.noticed`). `summaryOnly`: only its summary's time dates it, not its line's
   * (an exit code's: torchrun writes its word once it stopped the others, up to 30 s later, and
   * the rank's own traceback already places it after its last line).
   */
  noticed?: { by: string; withinMs: number; at?: number; summaryOnly?: boolean };
  /** How long the job had run when the launcher said it (PBS's walltime; ms), when the line gives no time: it is dated from the capture's first time. */
  ranFor?: number;
  /**
   * torchrun ended the worker group's attempt: it writes this line once the workers are stopped
   * and their output is read, so lines of ranks after it come from a restarted group.
   */
  endsAttempt?: boolean;
  /**
   * Slurm's word that the processes of these ranks have ended (srun's on its tasks; every rank's,
   * when it cancelled the job or a step): a rank's timed line after it is of a new run of the job
   * (requeued after a preemption or a node failure, the batch script's next srun), its next
   * attempt (see importCapture.ts).
   */
  slurmEnded?: true;
  /**
   * mpirun's or Hydra's final word on the job, written once its processes all ended: a rank's
   * timed line a while after it is of the job run again (see importCapture.ts).
   */
  runOver?: true;
  /**
   * torchrun's: the local ranks it stopped before this word (`Sending process 5515 closing signal
   * SIGTERM` names a process id; see torchrunWords.ts).
   */
  stopped?: TorchrunStop[];
  /** Why torchrun stopped them: `after local rank 1 failed`, `after torchrun received SIGTERM`. */
  stoppedWhy?: string;
  /** mp.spawn's word on the process that failed: it then terminated every other (see spawnWords.ts). */
  endsJob?: 'mp.spawn';
  /**
   * The launcher (named so) ends all the ranks it runs on this word: torchrun its node's worker
   * group (the word comes once they are stopped), mpirun and Hydra the job. Its other ranks no
   * longer run, whatever their logs' times (`endedWithJobMessage`).
   */
  endsRanks?: string;
  /**
   * torchrun's word on a failed rank with no stop before it: torchrun stops its node's workers
   * still running (`Sending process ... closing signal`), so its other ranks had all exited by
   * then (those that failed it lists under `Failures:`).
   */
  noneStopped?: boolean;
}


/** torchrun's word that a worker failed: its exit code, local rank and process id. */
export const TORCHRUN_FAILED = /failed \(exitcode: (-?\d{1,4})\) local_rank: (\d{1,7}) \(pid: (\d+)\)/;
/**
 * torchrun's word that its worker group ended well (`[default] worker group successfully
 * finished. Waiting 300 seconds for other agents to finish.`; torchrun logs it at INFO, shown
 * with LOGLEVEL=INFO): every worker of the group exited with code 0.
 */
const TORCHRUN_SUCCEEDED = /\[([\w.-]{1,64})\] worker group successfully finished\b/;
const SRUN_TASKS = /^srun: error: ([\w.-]+): tasks? ([\d,\- ]{1,200}): (.{1,300})$/;
/** `pdsh@login1: node03: ssh exited with exit code 255`, `pdsh@login1: node03: connect: Connection refused`. */
const PDSH_FAILED = /^pdsh@[\w.-]+: ([\w.-]+): (ssh exited with exit code ([1-9]\d{0,2})|connect: .{1,200}|.{0,100}(?:[Tt]imed out|[Kk]illed).{0,100})$/;
const MPIRUN_SIGNAL = /process rank (\d{1,7}) with PID (\d+) on node (\S+) exited on signal (\d+)(?: \(([^)]+)\))?/;
/** Open MPI's help text for `MPI_Abort` (its error code follows on the next line). */
const MPI_ABORT = /^MPI_ABORT was invoked on rank (\d{1,7}) in communicator (\S{1,200})/;
/**
 * mpirun's word on the first process that exited with a non-zero status, over several lines:
 * this line, then within a few lines `  Process name: [[25776,1],1]` (job, step, rank) and
 * `  Exit code:    3`.
 */
const MPIRUN_NON_ZERO = /^mpirun detected that one or more processes exited with non-zero status/;
const MPIRUN_PROCESS_NAME = /^\s*Process name: \[\[\d{1,10},\d{1,10}\],(\d{1,7})\]\s*$/;
const MPIRUN_EXIT_CODE = /^\s*Exit code:\s*(-?\d{1,4})\s*$/;
/**
 * mpirun's word on a rank that ended the job without an exit code to tell: `mpirun has exited due
 * to process rank 1 with PID 0 on`, then `node vm exiting improperly. ...` (it left without
 * MPI_Finalize) or `node vm calling "abort". ...`.
 */
const MPIRUN_EXITED_DUE = /^(?:mpirun|mpiexec|orterun|prterun) has exited due to process rank (\d{1,7}) with PID (\d+) on\s*$/;
const MPIRUN_EXITED_HOW = /^node (\S{1,200}) (exiting improperly|calling "abort")/;
/** Lines after mpirun's sentence within which its process name and exit code are looked for. */
const NON_ZERO_WINDOW = 6;
/**
 * MPICH's and Intel MPI's launcher (Hydra) on a process that ended badly, in a banner of `=`
 * lines: `=   BAD TERMINATION OF ONE OF YOUR APPLICATION PROCESSES`, then `=   RANK 1 PID 27494
 * RUNNING AT node1` (Intel MPI, MPICH 4.1+; MPICH 4.0 names no rank: `=   PID 31129 RUNNING AT
 * vm`), then `=   KILLED BY SIGNAL: 9 (Killed)` or `=   EXIT CODE: 9`.
 */
const HYDRA_BAD = /^=\s+BAD TERMINATION OF ONE OF YOUR APPLICATION PROCESSES\s*$/;
const HYDRA_WHO = /^=\s+(?:RANK (\d{1,7}) )?PID (\d{1,10}) RUNNING AT (\S{1,200})\s*$/;
const HYDRA_HOW = /^=\s+(?:EXIT CODE: (-?\d{1,4})|KILLED BY SIGNAL: (\d{1,3})(?: \(([^)]{0,100})\))?)\s*$/;
/** Lines of Hydra's banner within which its process and how it ended are looked for. */
const HYDRA_WINDOW = 3;

/**
 * horovodrun's Gloo launcher on a worker that ended with a non-zero status (`128 + signal` for
 * one a signal killed, as a shell reports it): `Process 1 exit with status code 137.`
 */
const HOROVOD_EXIT = /^Process (\d{1,7}) exit with status code (\d{1,4})\.$/;
/**
 * DeepSpeed's launcher (launch.py) once a process exited non-zero: `[<asctime>] [ERROR]
 * [launch.py:434:sigkill_handler] ['python', '-u', 'train.py', '--local_rank=7', ...] exits with
 * return code = -9`. The list is the last process it started, whichever failed: no rank is named.
 */
const DEEPSPEED_EXIT = /^\[(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3})\] \[ERROR\] \[launch\.py:\d{1,6}:sigkill_handler\] .* exits with return code = (-?\d{1,4})\s*$/s;

/** `0-3,5` → [0, 1, 2, 3, 5] (at most 100,000 ranks). */
function taskList(text: string): number[] {
  // A list read before (srun's word on the same tasks, a hostile file's thousands of `tasks 0-99999: ...`): the same array.
  const known = taskLists.get(text);
  if (known) return known;
  const out: number[] = [];
  for (const part of text.split(',')) {
    const m = /^\s*(\d+)(?:-(\d+))?\s*$/.exec(part);
    if (!m) continue;
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    for (let r = a; r <= b && out.length < 100_000; r++) out.push(r);
  }
  if (taskLists.size >= TASK_LISTS_KEPT) taskLists.clear();
  taskLists.set(text, out);
  return out;
}

/** Task lists read lately, by their text (their ranks are never changed by those that read them). */
const taskLists = new Map<string, number[]>();
const TASK_LISTS_KEPT = 64;

export function launcherVerdict(line: string): LauncherVerdict | undefined {
  // (DeepSpeed's word lists every argument of the script, SkyPilot's a code for each node: longer than the others' lines.)
  if (line.length < 20_000 && line.includes(':sigkill_handler] ')) return deepSpeedExit(line);
  const sky = line.charCodeAt(0) === 69 ? skypilotFailure(line) : undefined;
  if (sky) return { ranks: sky.nodes, nodesOf: 'skypilot', level: 'ERROR', message: sky.message, endsRanks: 'SkyPilot' };
  if (line.length > 2000) return undefined;
  let m = line.includes('successfully finished') ? TORCHRUN_SUCCEEDED.exec(line) : null;
  if (m) return { ranks: 'all', itsNode: true, level: 'INFO', message: groupSucceededMessage('torchrun', m[1]) };
  m = TORCHRUN_FAILED.exec(line);
  if (m) return { ranks: [Number(m[2])], pid: Number(m[3]), level: 'ERROR', message: torchrunEnded(m[2], m[3], Number(m[1])), endsAttempt: true, endsRanks: 'torchrun', ...torchrunNoticed(Number(m[1])) };
  m = SRUN_TASKS.exec(line);
  if (m) {
    const ranks = taskList(m[2]);
    if (!ranks.length) return undefined;
    // SIGTERM from srun or Slurm (`srun -K` once another task failed, a cancellation): a stop, not a failure of the task's own.
    if (m[3].trim() === 'Terminated') return { ranks, level: 'INFO', message: srunStopMessage(m[1]), slurmEnded: true };
    // SIGINT (Ctrl+C at srun, `scancel --signal=INT`), which srun passes on to its tasks: a stop too.
    if (m[3].trim() === 'Interrupt') return { ranks, level: 'INFO', message: srunStopMessage(m[1], 'SIGINT'), slurmEnded: true };
    return { ranks, level: 'ERROR', message: srunExitMessage(m[1], m[3].trim()), slurmEnded: true };
  }
  // Without a reason (`scancel`, srun ending the step of a task that failed): a stop of the ranks, not a failure of theirs.
  const cancel = slurmCancellation(line);
  if (cancel) return { ranks: 'all', level: cancel.stop ? 'INFO' : 'CRITICAL', message: cancel.message, time: parseAsctime(cancel.time), slurmEnded: true };
  // PBS's kill of the job over its walltime or another limit: a failure of every rank (as Slurm's time limit).
  const pbs = pbsKill(line);
  if (pbs) return { ranks: 'all', level: 'CRITICAL', message: pbs.message, ...(pbs.ranFor !== undefined ? { ranFor: pbs.ranFor } : {}) };
  m = PDSH_FAILED.exec(line);
  if (m) return { ranks: [], hosts: [m[1]], level: 'ERROR', message: `pdsh: ${m[1]}: ${m[2]}` };
  m = MPIRUN_SIGNAL.exec(line);
  if (m) {
    const sig = Number(m[4]);
    return { ranks: [Number(m[1])], level: 'ERROR', message: `mpirun: rank ${m[1]} (pid ${m[2]} on ${m[3]}) exited on signal ${sig} (${m[5] ?? signalName(sig) ?? 'signal'})`, endsRanks: 'mpirun', runOver: true };
  }
  m = MPI_ABORT.exec(line);
  if (m) return { ranks: [Number(m[1])], level: 'ERROR', message: `MPI_ABORT was invoked on rank ${m[1]} (${m[2]})`, endsRanks: 'mpirun' };
  m = HOROVOD_EXIT.exec(line);
  if (m) {
    const code = Number(m[2]);
    const sig = code > 128 ? signalName(code - 128) : undefined;
    return { ranks: [Number(m[1])], level: 'ERROR', message: `horovodrun: rank ${m[1]} exited with status code ${code}${sig ? ` (${sig})` : ''}` };
  }
  return undefined;
}

/** DeepSpeed's word that a process it started exited non-zero (`DEEPSPEED_EXIT`). */
function deepSpeedExit(line: string): LauncherVerdict | undefined {
  const m = DEEPSPEED_EXIT.exec(line);
  if (!m) return undefined;
  const code = Number(m[2]);
  const sig = code < 0 ? signalName(-code) : undefined;
  const how = code < 0 ? `was killed by signal ${-code}${sig ? ` (${sig})` : ''}` : `exited with code ${code}`;
  return { ranks: 'all', oneOf: true, level: 'ERROR', message: `DeepSpeed: a process ${how}, and DeepSpeed ended the others; it names no rank (its list is the last process it started)`, time: parseAsctime(m[1]) };
}

/** The record a launcher's word puts in a rank's log (at the launcher's time, when it gives one). */
export function verdictRecord(rank: number, verdict: LauncherVerdict): string {
  return headerLine(rank, verdict.time, verdict.oneOf ? ANY_RANK_LOGGER : 'launcher', verdict.level, verdict.message);
}

/** A launcher's words a rank's log gets between two of its own lines, at most. */
const WORDS_BETWEEN_LINES = 8;

/**
 * Which of a launcher's words each rank's log gets: between two of the rank's own lines, one word
 * on every rank (Slurm's cancellation of the job and its step) and a few in all. A hostile file of
 * thousands of ranks and thousands of such words (`tasks 0-1999: ...` again and again) wrote
 * each to every rank: millions of records.
 */
export class WordsTold {
  private readonly ranks = new Map<number, { lines: number; count: number; all: boolean }>();

  /** Whether `rank`, of `lines` own lines so far, is told a word now (one on every rank: `all`); it is counted when it is. */
  take(rank: number, lines: number, all: boolean): boolean {
    let e = this.ranks.get(rank);
    if (!e || e.lines !== lines) this.ranks.set(rank, (e = { lines, count: 0, all: false }));
    if (e.count >= WORDS_BETWEEN_LINES || (all && e.all)) return false;
    e.count++;
    e.all ||= all;
    return true;
  }

  /** Whether `rank`, of `lines` own lines, has been told all the words it may be until its next line. */
  full(rank: number, lines: number): boolean {
    const e = this.ranks.get(rank);
    return e !== undefined && e.lines === lines && e.count >= WORDS_BETWEEN_LINES;
  }

  clear(): void {
    this.ranks.clear();
  }
}

/**
 * A launcher's lines read in order: each line's `launcherVerdict`, and mpirun's word that spans
 * lines (the first process that exited with a non-zero status: a rank that exited with
 * `sys.exit(3)` or `os._exit` wrote nothing of it, and would be shown as healthy).
 */
export class LauncherWords {
  /** mpirun's sentence was read: the lines left to find its process name and exit code in, and the rank once named. */
  private readonly nonZero = new LineWindow<{ rank?: number }>();
  /** mpirun named a rank that ended the job; how, its next line says. */
  private exitedDue: { rank: number; pid: string } | undefined;
  /** Hydra's banner was read: the lines left to find its process and how it ended in, and the process once named. */
  private readonly hydra = new LineWindow<{ who?: { rank?: number; pid: string; host: string } }>();
  /** Ray's words on its workers (a worker that raised, one that died). */
  private readonly ray = new RayWords();
  /** mp.spawn's words on its processes (one that raised, one that died). */
  private readonly spawn = new SpawnWords();
  /** torchrun's words that take more than one line (its stops, its summary's other failures). */
  private readonly torchrun = new TorchrunWords();
  /** LSF's job reports (their time, then the job's end). */
  private readonly lsf = new LsfReport();
  /** Slurm's latest cancellation: where, when and why (its line from ` ON `). */
  private lastCancel: string | undefined;

  /**
   * `nodesOf`: the launcher whose nodes the ranks read here are (a capture's style: `skypilot`);
   * another launcher's word on its nodes (`LauncherVerdict.nodesOf`) names no rank here, and is
   * not read.
   */
  constructor(private readonly nodesOf?: string) {}

  /**
   * `node`: the node whose launcher wrote the line, when a capture has several (srun's or pdsh's
   * prefix on each torchrun's lines). A line's carriage return (a console saved with CRLF) is not
   * its text.
   */
  read(line: string, node?: number): LauncherVerdict | undefined {
    const verdict = this.readLine(withoutCarriageReturn(line), node);
    return verdict?.nodesOf !== undefined && verdict.nodesOf !== this.nodesOf ? undefined : verdict;
  }

  private readLine(line: string, node: number | undefined): LauncherVerdict | undefined {
    const ray = this.ray.read(line);
    if (ray !== false) return ray;
    const spawn = this.spawn.read(line);
    if (spawn !== false) return spawn;
    const torchrun = this.torchrun.read(line, node);
    if (torchrun !== false) return torchrun;
    const verdict = this.readWord(line);
    if (verdict?.endsAttempt) this.torchrun.failed(verdict, node);
    return verdict;
  }

  private readWord(line: string): LauncherVerdict | undefined {
    const due = this.exitedDue;
    if (due) {
      this.exitedDue = undefined;
      const how = MPIRUN_EXITED_HOW.exec(line);
      const what = !how ? 'ended the job' : how[2] === 'exiting improperly' ? `on ${how[1]} exited improperly (without MPI_Finalize)` : `on ${how[1]} called abort`;
      return { ranks: [due.rank], level: 'ERROR', message: `mpirun: rank ${due.rank} (pid ${due.pid}) ${what}`, endsRanks: 'mpirun', runOver: true };
    }
    const verdict = launcherVerdict(line);
    if (verdict?.slurmEnded && verdict.ranks === 'all') {
      // Slurm cancels a job's step and the job at one time, on one node, for one reason: one word.
      const cancel = line.slice(line.indexOf(' ON '));
      if (cancel === this.lastCancel) return undefined;
      this.lastCancel = cancel;
    }
    if (verdict || line.length > 2000) return verdict;
    // LSF's job report after the job's output: a limit's kill fails every rank, a bkill stops them.
    const lsf = this.lsf.read(line);
    if (lsf) return { ranks: 'all', level: lsf.stop ? 'INFO' : 'CRITICAL', message: lsf.message, ...(lsf.time !== undefined ? { time: lsf.time } : {}) };
    const exited = MPIRUN_EXITED_DUE.exec(line);
    if (exited) {
      this.exitedDue = { rank: Number(exited[1]), pid: exited[2] };
      return undefined;
    }
    if (MPIRUN_NON_ZERO.test(line)) {
      this.nonZero.open(NON_ZERO_WINDOW, {});
      return undefined;
    }
    if (line.charCodeAt(0) === 61) {
      const hydra = this.hydraLine(line);
      if (hydra !== false) return hydra;
    }
    const n = this.nonZero.next();
    if (!n) return undefined;
    const name = MPIRUN_PROCESS_NAME.exec(line);
    if (name) n.rank = Number(name[1]);
    const code = n.rank === undefined ? null : MPIRUN_EXIT_CODE.exec(line);
    if (!code) return undefined;
    this.nonZero.close();
    return { ranks: [n.rank!], level: 'ERROR', message: `mpirun: rank ${n.rank} exited with code ${code[1]} (the first process to exit non-zero)`, endsRanks: 'mpirun', runOver: true };
  }

  /**
   * A line of Hydra's banner: its verdict once the process and how it ended are read (on its
   * rank, or on every rank when it names only a process id: Hydra then killed the others); false
   * for a line that is not one.
   */
  private hydraLine(line: string): LauncherVerdict | undefined | false {
    if (HYDRA_BAD.test(line)) {
      this.hydra.open(HYDRA_WINDOW, {});
      return undefined;
    }
    const h = this.hydra.next();
    if (!h) return false;
    const who = HYDRA_WHO.exec(line);
    if (who) {
      h.who = { rank: who[1] === undefined ? undefined : Number(who[1]), pid: who[2], host: who[3] };
      return undefined;
    }
    const how = h.who && HYDRA_HOW.exec(line);
    if (!how) return false;
    this.hydra.close();
    const { rank, pid, host } = h.who!;
    const sig = how[2] === undefined ? undefined : Number(how[2]);
    const ended = sig === undefined ? `exited with code ${how[1]}` : `was killed by signal ${sig} (${how[3] || signalName(sig) || 'signal'})`;
    if (rank !== undefined) return { ranks: [rank], level: 'ERROR', message: `Hydra: rank ${rank} (pid ${pid} on ${host}) ${ended}`, endsRanks: 'Hydra', runOver: true };
    return { ranks: 'all', oneOf: true, level: 'ERROR', message: `Hydra: a process (pid ${pid} on ${host}) ${ended}, and Hydra ended the others; it names no rank`, endsRanks: 'Hydra', runOver: true };
  }

  /** Forgets a sentence half read (the launcher's lines are read again from their start). */
  reset(): void {
    this.torchrun.reset();
    this.lsf.reset();
    this.ray.reset();
    this.spawn.reset();
    this.nonZero.close();
    this.exitedDue = undefined;
    this.hydra.close();
    this.lastCancel = undefined;
  }
}
