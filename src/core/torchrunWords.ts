// torchrun's words on its workers that take more than one line to read: its stops of the ranks
// still running (`Sending process 8803 closing signal SIGTERM` names a process id: each is named
// by local rank from the failed rank's, or in order when torchrun itself was told to stop), and
// the other failures its `ChildFailedError` summary lists under `Failures:`. For `LauncherWords`
// (launcherLines.ts); pure.
import { slurmStoppedBy } from './slurmWords';
import { lsfStoppedBy } from './lsfWords';
import { spawnStoppedBy } from './spawnWords';
import type { LauncherVerdict } from './launcherLines';
import { LineWindow } from './lineWindow';
import { signalName } from './signals';
import { parseAsctime } from './timestamps';

/** A process torchrun stopped: its local rank, or undefined for the next of its node's ranks in order (it stopped them all). */
export interface TorchrunStop {
  rank?: number;
  pid: number;
  signal: string;
  /** torchrun's line that named it (torch 2's has a time: the stop's, where the word that ends it has none). */
  said?: string;
}

/** torchrun stopping a worker that still runs, once one failed (or it was itself told to stop). */
const CLOSING = /Sending process (\d{1,10}) closing signal (SIG[A-Z]{2,8})\s*$/;
/** A warning of torchrun's own (torch 1.x `WARNING:__main__:`, 2.x `W1130 09:12:33.123000 139 torch/distributed/run.py:793] `). */
const WARNING = /^(?:WARNING:(?:__main__|torch\.distributed\.[\w.]{1,80}):|W\d{4} [\d:.]{8,15} \d{1,10} [^\s\]]{0,200}torch\/distributed\/)/;
/** torchrun told to stop (Ctrl+C, `kill`, Slurm's `scancel`): it stops every worker, then raises. */
const DEATH = /Received (?:Signals\.)?(SIG[A-Z]{2,8}|\d{1,3}) death signal, shutting down workers/;
const SIGNAL_EXCEPTION = /SignalException: Process \d{1,10} got signal: \d{1,3}\s*$/;
/**
 * torchrun's summary of its `ChildFailedError`: under `Failures:` a block for each other rank that
 * had failed by the time it looked (`[1]:`, `  rank      : 3 (local_rank: 3)`, `  exitcode  :
 * -9 (pid: 7127)`) up to a line of dashes, then `Root Cause (first observed failure):` and its
 * block (the rank its `failed (exitcode: ...)` line named already).
 */
const FAILURES = /^Failures:\s*$/;
const ROOT_CAUSE = /^Root Cause \(first observed failure\):\s*$/;
/** A block's time: when torchrun noticed the failure (whole seconds), or when the worker recorded its error. */
const BLOCK_TIME = /^\s+time\s*: (\d{4}-\d\d-\d\d)_(\d\d:\d\d:\d\d)\s*$/;
const BLOCK_RANK = /^\s+rank\s*: \d{1,7} \(local_rank: (\d{1,7})\)\s*$/;
const BLOCK_EXIT = /^\s+exitcode\s*: (-?\d{1,4}) \(pid: (\d{1,10})\)\s*$/;
/**
 * How often torchrun looks at its workers (`--monitor_interval`: 5 s in torch 1.x, less in later
 * releases): it notices a worker's end at most this long after it, so its word's time (and its
 * summary's) is up to this long after the rank ended.
 */
const TORCHRUN_LOOKS_EVERY_MS = 5000;
/** Lines of the `Failures:` section read at most (a block is 7 lines). */
const FAILURES_WINDOW = 7 * 64;
/** Process ids torchrun's workers of one node are apart at most, for `stopsOf`; also the most nodes and stops kept. */
const PID_SPREAD = 4096;

/** torchrun's word on a local rank's process that ended with `code` (negative: the signal). */
export function torchrunEnded(rank: string, pid: string, code: number): string {
  const name = code < 0 ? signalName(-code) : undefined;
  const how = code < 0 ? `was killed by signal ${-code}${name ? ` (${name})` : ''}` : `exited with code ${code}`;
  return `torchrun: local rank ${rank} (pid ${pid}) ${how}`;
}

/**
 * `LauncherVerdict.noticed` of torchrun's word on a rank that ended with `code`: it noticed the
 * end at most `TORCHRUN_LOOKS_EVERY_MS` after it. For a signal's kill (the OOM killer's SIGKILL, a
 * segfault), after which a rank often wrote nothing, its end is placed by when torchrun noticed it
 * (`at`, its summary's time, else its line's) rather than at its last line, maybe minutes before;
 * so is an exit code's (a rank that raised), whose traceback Python prints without a time (a rank
 * that waited out a collective's timeout before it raised ended long after its last timed line),
 * but only by its summary's time: its line comes once the other ranks were stopped.
 */
export function torchrunNoticed(code: number, at?: number): Pick<LauncherVerdict, 'noticed'> {
  return { noticed: { by: 'torchrun', withinMs: TORCHRUN_LOOKS_EVERY_MS, ...(at !== undefined ? { at } : {}), ...(code >= 0 ? { summaryOnly: true } : {}) } };
}

/** The message of the record torchrun's stop of a rank puts in its log (`stoppedByOf` reads it). */
export function stopMessage(rank: number, stop: TorchrunStop, why: string): string {
  return `torchrun stopped local rank ${rank} (pid ${stop.pid}) with ${stop.signal}, ${why}`;
}

const STOP_MESSAGE = /^torchrun stopped local rank \d{1,7} \(pid \d{1,10}\) with (SIG[A-Z]{2,8}), after (?:local rank \d{1,7} failed|torchrun received (?:SIG[A-Z]{2,8}|signal \d{1,3}))$/;

/** `stopped by torchrun (SIGTERM)` for a record `stopMessage` wrote (mp.spawn's and Slurm's too: `spawnStopMessage`, slurmWords.ts), else undefined. */
export function stoppedByOf(message: string): string | undefined {
  const m = message.length < 160 ? STOP_MESSAGE.exec(message) : null;
  return m ? `stopped by torchrun (${m[1]})` : (spawnStoppedBy(message) ?? slurmStoppedBy(message) ?? lsfStoppedBy(message));
}

/**
 * The local ranks of the processes torchrun stopped (`list`) before its word on the one that
 * failed (local rank `failed`, process id `anchor`): torchrun starts a node's workers one after
 * the other, in order of their local rank, so their process ids are apart as their ranks are.
 * Undefined when any process id does not fit (ids that wrapped, or another program started
 * between them): no rank is named by id rather than a wrong one.
 */
function stopsOf(list: readonly TorchrunStop[], failed: number, anchor: number | undefined): TorchrunStop[] | undefined {
  if (anchor === undefined) return undefined;
  const seen = new Set<number>();
  const stops: TorchrunStop[] = [];
  for (const c of list) {
    const rank: number = failed + (c.pid - anchor);
    if (Math.abs(c.pid - anchor) > PID_SPREAD || rank < 0 || rank === failed || seen.has(rank)) return undefined;
    seen.add(rank);
    stops.push({ ...c, rank });
  }
  return stops;
}

/**
 * When torchrun noticed each failure its `ChildFailedError` summary lists (its `Root Cause` and
 * the blocks under `Failures:`), by process id, from `lines` (the end of its console): a block's
 * `time` line, then its `exitcode ... (pid: N)` line. Its word on the failed rank (`failed
 * (exitcode: -9) local_rank: 1 (pid: 5002)`) comes before it, with no time in torch 1.x and
 * torch 2 before 2.4 (`ERROR:torch.distributed...`).
 */
export function torchrunSummaryTimes(lines: readonly string[]): Map<number, number> {
  const times = new Map<number, number>();
  let time: number | undefined;
  for (const line of lines) {
    if (line.length > 200) continue;
    const t = BLOCK_TIME.exec(line);
    if (t) {
      time = parseAsctime(`${t[1]} ${t[2]}`);
      continue;
    }
    const exit = time === undefined ? null : BLOCK_EXIT.exec(line);
    if (exit) {
      times.set(Number(exit[2]), time!);
      time = undefined;
    } else if (line.startsWith('====') || line.startsWith('----') || /^\[\d{1,7}\]:\s*$/.test(line)) time = undefined;
  }
  return times;
}

/**
 * The local ranks each of torchrun's `ChildFailedError` summaries in `lines` says failed (its
 * `Failures:` blocks and its root cause), by the process id of each: the ranks that failed with
 * process `pid` (for `wholeGroup`, torchrunStops.ts: a rank its word did not name, failed with it).
 */
export function torchrunSummaryRanks(lines: readonly string[]): Map<number, number[]> {
  const groups = new Map<number, number[]>();
  let summary: { ranks: number[]; pids: number[] } | undefined;
  let rank: number | undefined;
  const close = () => {
    for (const pid of summary?.pids ?? []) groups.set(pid, summary!.ranks);
  };
  for (const line of lines) {
    if (line.length > 200) continue;
    if (FAILURES.test(line)) {
      close();
      summary = { ranks: [], pids: [] };
      rank = undefined;
      continue;
    }
    if (!summary) continue;
    const r = BLOCK_RANK.exec(line);
    if (r) rank = Number(r[1]);
    const exit = rank === undefined ? null : BLOCK_EXIT.exec(line);
    if (exit && summary.ranks.length < PID_SPREAD) {
      summary.ranks.push(rank!);
      summary.pids.push(Number(exit[2]));
      rank = undefined;
    }
  }
  close();
  return groups;
}

/** torchrun's lines read in order, by node (undefined: a capture of one). */
export class TorchrunWords {
  /** In the `Failures:` section: the lines left to read, and the local rank of the block read. */
  private readonly failures = new LineWindow<{ rank?: number; time?: number }>();
  /** Stops (`CLOSING`) not yet followed by the word on the rank that failed, by node. */
  private readonly closing = new Map<number | undefined, TorchrunStop[]>();
  /** A warning of torchrun's was read (its stops, warnings too, show). */
  private warns = false;
  /** The signal torchrun was told to stop by (`DEATH`), by node. */
  private readonly dying = new Map<number | undefined, string>();

  /** A verdict; undefined for a line read that says nothing yet; false for a line that is none of these. */
  read(line: string, node: number | undefined): LauncherVerdict | undefined | false {
    if (line.charCodeAt(0) === 87 && !this.warns && WARNING.test(line)) this.warns = true;
    if (this.failures.isOpen || line.charCodeAt(0) === 70) {
      const other = this.otherFailure(line);
      if (other !== false) return other;
    }
    if (line.length > 2000 || !line.includes('ignal')) return false;
    const c = CLOSING.exec(line);
    if (c) {
      // (A garbled capture naming thousands of nodes forgets them rather than grow.)
      if (this.closing.size >= PID_SPREAD && !this.closing.has(node)) this.closing.clear();
      const list = this.closing.get(node) ?? [];
      // A worker that did not stop in time is sent SIGTERM after SIGINT (then SIGKILL): one stop, by its first signal.
      const pid = Number(c[1]);
      if (list.length < PID_SPREAD && !list.some((x) => x.pid === pid)) list.push({ pid, signal: c[2], said: line });
      this.closing.set(node, list);
      return undefined;
    }
    return this.dyingWord(line, node);
  }

  /**
   * torchrun's word on the rank that failed (`failed (exitcode: ...)`): its stops before it, named
   * by process id (`stopsOf`), else in order (torchrun stops the workers still running in order of
   * local rank: the caller names them when they are as many as the node's other ranks).
   */
  failed(verdict: LauncherVerdict, node: number | undefined): void {
    const list = this.closing.get(node);
    this.closing.delete(node);
    if (verdict.ranks === 'all' || verdict.ranks.length !== 1) return;
    if (!list?.length) {
      // (Only where torchrun's warnings show: `LOGLEVEL=ERROR` hides its stops too.)
      if (this.warns) verdict.noneStopped = true;
      return;
    }
    verdict.stopped = stopsOf(list, verdict.ranks[0], verdict.pid) ?? list;
    verdict.stoppedWhy = `after local rank ${verdict.ranks[0]} failed`;
  }

  reset(): void {
    this.warns = false;
    this.failures.close();
    this.closing.clear();
    this.dying.clear();
  }

  /**
   * torchrun told to stop: `Received Signals.SIGTERM death signal, shutting down workers`, its
   * stops, then its `SignalException` (the end of its traceback), which names every process it
   * stopped, in order of local rank (the caller knows the node's ranks); false for another line.
   */
  private dyingWord(line: string, node: number | undefined): LauncherVerdict | undefined | false {
    const death = DEATH.exec(line);
    if (death) {
      if (this.dying.size >= PID_SPREAD) this.dying.clear();
      // torchrun 1.13 names it by number (`Received 15 death signal`), 2.x by name.
      const n = Number(death[1]);
      this.dying.set(node, Number.isNaN(n) ? death[1] : (signalName(n) ?? `signal ${n}`));
      this.closing.delete(node);
      return undefined;
    }
    const signal = this.dying.get(node);
    if (signal === undefined || !SIGNAL_EXCEPTION.test(line)) return false;
    this.dying.delete(node);
    const list = this.closing.get(node) ?? [];
    this.closing.delete(node);
    return { ranks: [], level: 'ERROR', message: '', stopped: list, stoppedWhy: `after torchrun received ${signal}` };
  }

  /**
   * A line of the `Failures:` section: the verdict on a rank whose block ends; false for a line
   * that is not one (its `Root Cause` ends the section: that rank's own line named it).
   */
  private otherFailure(line: string): LauncherVerdict | undefined | false {
    if (FAILURES.test(line)) {
      this.failures.open(FAILURES_WINDOW, {});
      return undefined;
    }
    const f = this.failures.next();
    if (!f) return false;
    if (ROOT_CAUSE.test(line) || line.startsWith('----') || line.startsWith('====')) {
      this.failures.close();
      return false;
    }
    const time = BLOCK_TIME.exec(line);
    if (time) {
      f.time = parseAsctime(`${time[1]} ${time[2]}`);
      return undefined;
    }
    const rank = BLOCK_RANK.exec(line);
    if (rank) {
      f.rank = Number(rank[1]);
      return undefined;
    }
    const exit = f.rank === undefined ? null : BLOCK_EXIT.exec(line);
    if (!exit) return false;
    const local = f.rank!;
    const noticedAt = f.time;
    f.rank = f.time = undefined;
    return { ranks: [local], pid: Number(exit[2]), level: 'ERROR', message: torchrunEnded(String(local), exit[2], Number(exit[1])), ...torchrunNoticed(Number(exit[1]), noticedAt) };
  }
}
