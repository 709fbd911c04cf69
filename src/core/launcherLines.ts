// What a launcher's own lines say about its ranks: torchrun's "failed (exitcode: 1) local_rank: 1",
// srun's "task 1: Exited with exit code 1", Slurm's "CANCELLED ... DUE TO TIME LIMIT", mpirun's
// "process rank 1 ... exited on signal 9" (its word on a non-zero exit code, a rank that left
// without MPI_Finalize, MPI_ABORT), Hydra's (MPICH, Intel MPI) "BAD TERMINATION" banner, pdsh's
// "node03: ssh exited with exit code 1". A rank killed without a word of its own (the OOM
// killer, a segfault in C++, a time limit) is failed by these, never shown as healthy. Pure.
import { headerLine } from './importLines';
import { parseAsctime } from './timestamps';

/**
 * The logger of a launcher's word that names no rank but was on one of them (Hydra's banner of
 * MPICH 4.0: a process id), written on every rank: the job summary takes a rank's own error, or
 * another launcher word, as its first failure before these.
 */
export const ANY_RANK_LOGGER = 'launcher.any-rank';

export interface LauncherVerdict {
  /** The ranks it names, or every rank of the job. */
  ranks: number[] | 'all';
  /** It is on one rank of `ranks`, it does not say which (see `ANY_RANK_LOGGER`). */
  oneOf?: boolean;
  /** pdsh: the hosts it names (a host is a rank of a pdsh capture). */
  hosts?: string[];
  level: 'ERROR' | 'CRITICAL';
  /** What to show as the rank's record. */
  message: string;
  /** The process id of the one rank it names (torchrun's). */
  pid?: number;
  /** The launcher's own time of it, when the line gives one. */
  time?: number;
  /**
   * torchrun ended the worker group's attempt: it writes this line once the workers are stopped
   * and their output is read, so lines of ranks after it come from a restarted group.
   */
  endsAttempt?: boolean;
  /**
   * torchrun's: the local ranks it stopped before this word (`Sending process 5515 closing signal
   * SIGTERM` names a process id; see `LauncherWords.stopsOf`).
   */
  stopped?: TorchrunStop[];
  /** Why torchrun stopped them: `after local rank 1 failed`, `after torchrun received SIGTERM`. */
  stoppedWhy?: string;
}

/** A process torchrun stopped: its local rank, or undefined for the next of its node's ranks in order (it stopped them all). */
export interface TorchrunStop {
  rank?: number;
  pid: number;
  signal: string;
}

const SIGNALS: Record<number, string> = { 1: 'SIGHUP', 2: 'SIGINT', 6: 'SIGABRT', 7: 'SIGBUS', 9: 'SIGKILL', 11: 'SIGSEGV', 15: 'SIGTERM' };

const TORCHRUN_FAILED = /failed \(exitcode: (-?\d{1,4})\) local_rank: (\d{1,7}) \(pid: (\d+)\)/;
/** torchrun stopping a worker that still runs, once one failed (or it was itself told to stop). */
const TORCHRUN_CLOSING = /Sending process (\d{1,10}) closing signal (SIG[A-Z]{2,8})\s*$/;
/** torchrun told to stop (Ctrl+C, `kill`, Slurm's `scancel`): it stops every worker, then raises. */
const TORCHRUN_DEATH = /Received (?:Signals\.)?(SIG[A-Z]{2,8}|\d{1,3}) death signal, shutting down workers/;
const TORCHRUN_SIGNAL_EXCEPTION = /SignalException: Process \d{1,10} got signal: \d{1,3}\s*$/;
/**
 * torchrun's summary of its `ChildFailedError`: under `Failures:` a block for each other rank that
 * had failed by the time it looked (`[1]:`, `  rank      : 3 (local_rank: 3)`, `  exitcode  :
 * -9 (pid: 7127)`) up to a line of dashes, then `Root Cause (first observed failure):` and its block (the rank its
 * `failed (exitcode: ...)` line named already).
 */
const TORCHRUN_FAILURES = /^Failures:\s*$/;
const TORCHRUN_ROOT_CAUSE = /^Root Cause \(first observed failure\):\s*$/;
const TORCHRUN_BLOCK_RANK = /^\s+rank\s*: \d{1,7} \(local_rank: (\d{1,7})\)\s*$/;
const TORCHRUN_BLOCK_EXIT = /^\s+exitcode\s*: (-?\d{1,4}) \(pid: (\d{1,10})\)\s*$/;
/** Lines of the `Failures:` section read at most (a block is 7 lines). */
const FAILURES_WINDOW = 7 * 64;
/** Process ids torchrun's workers of one node are apart at most, for `stopsOf`. */
const PID_SPREAD = 4096;
const SRUN_TASKS = /^srun: error: ([\w.-]+): tasks? ([\d,\- ]{1,200}): (.{1,300})$/;
const SLURM_CANCELLED = /^slurmstepd(?:-[\w.-]+)?: error: \*\*\* (?:STEP|JOB) [\w.+]+ ON ([\w.-]+) CANCELLED AT (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?: DUE TO ([A-Z ]+?))? \*\*\*/;
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

/** `0-3,5` → [0, 1, 2, 3, 5] (at most 100,000 ranks). */
/** torchrun's word on a local rank's process that ended with `code` (negative: the signal). */
function torchrunEnded(rank: string, pid: string, code: number): string {
  const how = code < 0 ? `was killed by signal ${-code}${SIGNALS[-code] ? ` (${SIGNALS[-code]})` : ''}` : `exited with code ${code}`;
  return `torchrun: local rank ${rank} (pid ${pid}) ${how}`;
}

function taskList(text: string): number[] {
  const out: number[] = [];
  for (const part of text.split(',')) {
    const m = /^\s*(\d+)(?:-(\d+))?\s*$/.exec(part);
    if (!m) continue;
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    for (let r = a; r <= b && out.length < 100_000; r++) out.push(r);
  }
  return out;
}

export function launcherVerdict(line: string): LauncherVerdict | undefined {
  if (line.length > 2000) return undefined;
  let m = TORCHRUN_FAILED.exec(line);
  if (m) return { ranks: [Number(m[2])], pid: Number(m[3]), level: 'ERROR', message: torchrunEnded(m[2], m[3], Number(m[1])), endsAttempt: true };
  m = SRUN_TASKS.exec(line);
  if (m) {
    const ranks = taskList(m[2]);
    return ranks.length ? { ranks, level: 'ERROR', message: `srun: ${m[1]}: ${m[3].trim()}` } : undefined;
  }
  m = SLURM_CANCELLED.exec(line);
  if (m) return { ranks: 'all', level: 'CRITICAL', message: `Slurm cancelled the job on ${m[1]}${m[3] ? ` due to ${m[3].toLowerCase()}` : ''}`, time: parseAsctime(m[2]) };
  m = PDSH_FAILED.exec(line);
  if (m) return { ranks: [], hosts: [m[1]], level: 'ERROR', message: `pdsh: ${m[1]}: ${m[2]}` };
  m = MPIRUN_SIGNAL.exec(line);
  if (m) {
    const sig = Number(m[4]);
    return { ranks: [Number(m[1])], level: 'ERROR', message: `mpirun: rank ${m[1]} (pid ${m[2]} on ${m[3]}) exited on signal ${sig} (${m[5] ?? SIGNALS[sig] ?? 'signal'})` };
  }
  m = MPI_ABORT.exec(line);
  if (m) return { ranks: [Number(m[1])], level: 'ERROR', message: `MPI_ABORT was invoked on rank ${m[1]} (${m[2]})` };
  return undefined;
}

/** The message of the record torchrun's stop of a rank puts in its log (`stoppedByOf` reads it). */
export function stopMessage(rank: number, stop: TorchrunStop, why: string): string {
  return `torchrun stopped local rank ${rank} (pid ${stop.pid}) with ${stop.signal}, ${why}`;
}

const STOP_MESSAGE = /^torchrun stopped local rank \d{1,7} \(pid \d{1,10}\) with (SIG[A-Z]{2,8}), after (?:local rank \d{1,7} failed|torchrun received (?:SIG[A-Z]{2,8}|signal \d{1,3}))$/;

/** `stopped by torchrun (SIGTERM)` for a record `stopMessage` wrote, else undefined. */
export function stoppedByOf(message: string): string | undefined {
  const m = message.length < 160 ? STOP_MESSAGE.exec(message) : null;
  return m ? `stopped by torchrun (${m[1]})` : undefined;
}

/** The record a launcher's word puts in a rank's log (at the launcher's time, when it gives one). */
export function verdictRecord(rank: number, verdict: LauncherVerdict): string {
  return headerLine(rank, verdict.time, verdict.oneOf ? ANY_RANK_LOGGER : 'launcher', verdict.level, verdict.message);
}

/**
 * A launcher's lines read in order: each line's `launcherVerdict`, and mpirun's word that spans
 * lines (the first process that exited with a non-zero status: a rank that exited with
 * `sys.exit(3)` or `os._exit` wrote nothing of it, and would be shown as healthy).
 */
export class LauncherWords {
  /** mpirun's sentence was read: the lines left to find its process name and exit code in, and the rank once named. */
  private nonZero: { left: number; rank?: number } | undefined;
  /** mpirun named a rank that ended the job; how, its next line says. */
  private exitedDue: { rank: number; pid: string } | undefined;
  /** Hydra's banner was read: the lines left to find its process and how it ended in, and the process once named. */
  private hydra: { left: number; who?: { rank?: number; pid: string; host: string } } | undefined;
  /** In torchrun's `Failures:` section: the lines left to read, and the local rank of the block read. */
  private failures: { left: number; rank?: number } | undefined;
  /** torchrun's stops (`TORCHRUN_CLOSING`) not yet followed by its word on the rank that failed, by node (undefined: the only one). */
  private readonly closing = new Map<number | undefined, { pid: number; signal: string }[]>();
  /** The signal torchrun was told to stop by (`TORCHRUN_DEATH`), by node. */
  private readonly dying = new Map<number | undefined, string>();

  /** `node`: the node whose launcher wrote the line, when a capture has several (srun's or pdsh's prefix on each torchrun's lines). */
  read(line: string, node?: number): LauncherVerdict | undefined {
    if (line.length <= 2000 && line.includes(' closing signal ')) {
      const c = TORCHRUN_CLOSING.exec(line);
      if (c) {
        // (A garbled capture naming thousands of nodes forgets them rather than grow.)
        if (this.closing.size >= PID_SPREAD && !this.closing.has(node)) this.closing.clear();
        const list = this.closing.get(node) ?? [];
        if (list.length < PID_SPREAD) list.push({ pid: Number(c[1]), signal: c[2] });
        this.closing.set(node, list);
        return undefined;
      }
    }
    if (this.failures || line.charCodeAt(0) === 70) {
      const other = this.otherFailure(line);
      if (other !== false) return other;
    }
    if (line.length <= 2000 && line.includes('ignal')) {
      const dying = this.dyingWord(line, node);
      if (dying !== false) return dying;
    }
    const verdict = this.readWord(line);
    if (verdict?.endsAttempt) {
      const stopped = this.stopsOf(node, verdict);
      this.closing.delete(node);
      if (stopped) {
        verdict.stopped = stopped;
        verdict.stoppedWhy = `after local rank ${(verdict.ranks as number[])[0]} failed`;
      }
    }
    return verdict;
  }

  /**
   * torchrun told to stop: `Received Signals.SIGTERM death signal, shutting down workers`, its
   * stops, then its `SignalException` (the end of its traceback), which names every process it
   * stopped, in order of local rank (the caller knows the node's ranks); false for another line.
   */
  private dyingWord(line: string, node: number | undefined): LauncherVerdict | undefined | false {
    const death = TORCHRUN_DEATH.exec(line);
    if (death) {
      if (this.dying.size >= PID_SPREAD) this.dying.clear();
      // torchrun 1.13 names it by number (`Received 15 death signal`), 2.x by name.
      const n = Number(death[1]);
      this.dying.set(node, Number.isNaN(n) ? death[1] : (SIGNALS[n] ?? `signal ${n}`));
      this.closing.delete(node);
      return undefined;
    }
    const signal = this.dying.get(node);
    if (signal === undefined || !TORCHRUN_SIGNAL_EXCEPTION.test(line)) return false;
    this.dying.delete(node);
    const list = this.closing.get(node) ?? [];
    this.closing.delete(node);
    return { ranks: [], level: 'ERROR', message: '', stopped: list.map((c) => ({ pid: c.pid, signal: c.signal })), stoppedWhy: `after torchrun received ${signal}` };
  }

  /**
   * The local ranks of the processes torchrun stopped before its word on the one that failed
   * (its one rank, whose process id the word gives): torchrun starts a node's workers
   * one after the other, in order of their local rank, so their process ids are apart as their
   * ranks are. Undefined when any process id does not fit (ids that wrapped, or another program
   * started between them): no rank is named rather than a wrong one.
   */
  private stopsOf(node: number | undefined, word: LauncherVerdict): LauncherVerdict['stopped'] {
    const list = this.closing.get(node);
    const failed: number | undefined = word.ranks === 'all' || word.ranks.length !== 1 ? undefined : word.ranks[0];
    const anchor = word.pid;
    if (!list?.length || failed === undefined || anchor === undefined) return undefined;
    const seen = new Set<number>();
    const stops: NonNullable<LauncherVerdict['stopped']> = [];
    for (const c of list) {
      const rank: number = failed + (c.pid - anchor);
      if (Math.abs(c.pid - anchor) > PID_SPREAD || rank < 0 || rank === failed || seen.has(rank)) return undefined;
      seen.add(rank);
      stops.push({ rank, pid: c.pid, signal: c.signal });
    }
    return stops;
  }

  /**
   * A line of torchrun's `Failures:` section: the verdict on a rank whose block ends; false for a
   * line that is not one (its `Root Cause` ends the section: that rank's own line named it).
   */
  private otherFailure(line: string): LauncherVerdict | undefined | false {
    if (TORCHRUN_FAILURES.test(line)) {
      this.failures = { left: FAILURES_WINDOW };
      return undefined;
    }
    const f = this.failures;
    if (!f) return false;
    if (--f.left < 0 || TORCHRUN_ROOT_CAUSE.test(line) || line.startsWith('----') || line.startsWith('====')) {
      this.failures = undefined;
      return false;
    }
    const rank = TORCHRUN_BLOCK_RANK.exec(line);
    if (rank) {
      f.rank = Number(rank[1]);
      return undefined;
    }
    const exit = f.rank === undefined ? null : TORCHRUN_BLOCK_EXIT.exec(line);
    if (!exit) return false;
    const local = f.rank!;
    f.rank = undefined;
    return { ranks: [local], pid: Number(exit[2]), level: 'ERROR', message: torchrunEnded(String(local), exit[2], Number(exit[1])) };
  }

  private readWord(line: string): LauncherVerdict | undefined {
    const due = this.exitedDue;
    if (due) {
      this.exitedDue = undefined;
      const how = MPIRUN_EXITED_HOW.exec(line);
      const what = !how ? 'ended the job' : how[2] === 'exiting improperly' ? `on ${how[1]} exited improperly (without MPI_Finalize)` : `on ${how[1]} called abort`;
      return { ranks: [due.rank], level: 'ERROR', message: `mpirun: rank ${due.rank} (pid ${due.pid}) ${what}` };
    }
    const verdict = launcherVerdict(line);
    if (verdict || line.length > 2000) return verdict;
    const exited = MPIRUN_EXITED_DUE.exec(line);
    if (exited) {
      this.exitedDue = { rank: Number(exited[1]), pid: exited[2] };
      return undefined;
    }
    if (MPIRUN_NON_ZERO.test(line)) {
      this.nonZero = { left: NON_ZERO_WINDOW };
      return undefined;
    }
    if (line.charCodeAt(0) === 61) {
      const hydra = this.hydraLine(line);
      if (hydra !== false) return hydra;
    }
    const n = this.nonZero;
    if (!n) return undefined;
    if (--n.left < 0) {
      this.nonZero = undefined;
      return undefined;
    }
    const name = MPIRUN_PROCESS_NAME.exec(line);
    if (name) n.rank = Number(name[1]);
    const code = n.rank === undefined ? null : MPIRUN_EXIT_CODE.exec(line);
    if (!code) return undefined;
    this.nonZero = undefined;
    return { ranks: [n.rank!], level: 'ERROR', message: `mpirun: rank ${n.rank} exited with code ${code[1]} (the first process to exit non-zero)` };
  }

  /**
   * A line of Hydra's banner: its verdict once the process and how it ended are read (on its
   * rank, or on every rank when it names only a process id: Hydra then killed the others); false
   * for a line that is not one.
   */
  private hydraLine(line: string): LauncherVerdict | undefined | false {
    if (HYDRA_BAD.test(line)) {
      this.hydra = { left: HYDRA_WINDOW };
      return undefined;
    }
    const h = this.hydra;
    if (!h) return false;
    if (--h.left < 0) {
      this.hydra = undefined;
      return false;
    }
    const who = HYDRA_WHO.exec(line);
    if (who) {
      h.who = { rank: who[1] === undefined ? undefined : Number(who[1]), pid: who[2], host: who[3] };
      return undefined;
    }
    const how = h.who && HYDRA_HOW.exec(line);
    if (!how) return false;
    this.hydra = undefined;
    const { rank, pid, host } = h.who!;
    const sig = how[2] === undefined ? undefined : Number(how[2]);
    const ended = sig === undefined ? `exited with code ${how[1]}` : `was killed by signal ${sig} (${how[3] || SIGNALS[sig] || 'signal'})`;
    if (rank !== undefined) return { ranks: [rank], level: 'ERROR', message: `Hydra: rank ${rank} (pid ${pid} on ${host}) ${ended}` };
    return { ranks: 'all', oneOf: true, level: 'ERROR', message: `Hydra: a process (pid ${pid} on ${host}) ${ended}, and Hydra ended the others; it names no rank` };
  }

  /** Forgets a sentence half read (the launcher's lines are read again from their start). */
  reset(): void {
    this.closing.clear();
    this.dying.clear();
    this.failures = undefined;
    this.nonZero = undefined;
    this.exitedDue = undefined;
    this.hydra = undefined;
  }
}
