// A job its launcher ended on every rank at once (Slurm's time limit, a preemption, PBS's
// walltime, LSF's run limit) is no rank's failure: the summary's first failure names the first
// rank it was written to. What the diagnosis asks instead is whether the ranks were still logging
// when it came: a hang (every rank silent for a while, or one silent long before the others), or
// work cut short. Pure.
import type { JobSummary } from './jobSummary';
import type { Straggler } from './collectiveFindings';
import { listRanks } from './collectiveFindings';
import { LAUNCHER_LOGGERS } from './indexModel';
import { cancellationReason } from './slurmWords';
import { pbsKillReason } from './pbsWords';
import { lsfEndReason } from './lsfWords';
import { formatDuration, formatTime } from './timestamps';
import { apartStragglers, lastRecordEvidence, lastWordsApart, lastWordsLabel } from './quietRanks';

/**
 * Silence before the launcher's end (or one rank's before the others' last records) that reads as
 * a hang: at least this, and `QUIET_INTERVALS` of the rank's time between records (a job that logs
 * every five minutes is not hung for being quiet three).
 */
export const SILENCE_MS = 60_000;
const QUIET_INTERVALS = 10;

/** A rank's own last record (not the launcher's words written to it). */
export interface OwnRecord {
  line: number;
  level: string;
  message: string;
  time?: number;
}

/** What a launcher's end of the job says, the same on every rank it ended: Slurm's cancellation's reason, PBS's kill, LSF's. */
function endReason(message: string): string | undefined {
  return cancellationReason(message) ?? pbsKillReason(message) ?? lsfEndReason(message);
}

/**
 * The launcher's word that ended every readable rank at once, when it is the first failure: each
 * rank's first error is the same cancellation by Slurm (its time limit, a preemption; scancel's is
 * a stop) or kill by PBS (its walltime, another limit) or LSF (its run limit, a preemption; bkill's
 * is a stop), of the same second.
 */
export function jobWideEnd(summary: JobSummary): { message: string; time: number } | undefined {
  const f = summary.firstFailure?.record;
  const time = f?.time;
  // (Slurm's cancellations, PBS's and LSF's kills: a launcher's word on the ranks' exits, srun's `tasks 0-1: Exited with exit code 1`, ends nothing.)
  const reason = f && endReason(f.message);
  if (!f || !LAUNCHER_LOGGERS.has(f.logger) || time === undefined || reason === undefined) return undefined;
  const readable = summary.ranks.filter((r) => r.state !== 'unreadable');
  const same = (r: (typeof readable)[number]) => {
    const e = (r.failure ?? r.firstError)?.record;
    return r.state === 'failed' && e !== undefined && LAUNCHER_LOGGERS.has(e.logger) && endReason(e.message) === reason && e.time !== undefined && Math.abs(e.time - time) < 1000;
  };
  return readable.length > 0 && readable.every(same) ? { message: f.message, time } : undefined;
}

/** The largest of `xs` (a job of many thousands of ranks: no spread into Math.max). */
function latest(xs: readonly number[]): number {
  return span(xs).last;
}

/** The smallest and the largest of `xs`. */
function span(xs: readonly number[]): { first: number; last: number } {
  let first = Infinity;
  let last = -Infinity;
  for (const x of xs) {
    if (x < first) first = x;
    if (x > last) last = x;
  }
  return { first, last };
}

/** Every rank's stops at most this far apart are one (a signal to the whole job, each rank handling it when it can). */
const STOP_WINDOW_MS = 5000;

/**
 * A job stopped on every rank at once, none failed: each rank's last session ended by the same
 * stop (our runner's record of SIGTERM, as Slurm's time limit or scancel, PBS's or a launcher's
 * kill sends it; a launcher's or the editor's stop), within a few seconds. Not a Ctrl+C (its
 * KeyboardInterrupt tracebacks say where each rank was). Its diagnosis asks, as of a launcher's
 * end (`jobWideEndFinding`), whether the ranks still logged before it.
 */
export function jobWideStop(summary: JobSummary): { message: string; time: number } | undefined {
  if (summary.firstFailure) return undefined;
  const readable = summary.ranks.filter((r) => r.state !== 'unreadable');
  const how = readable[0]?.stoppedBy;
  if (readable.length < 2 || how === undefined || how.startsWith('interrupted') || readable.some((r) => r.state !== 'finished' || r.stoppedBy !== how)) return undefined;
  const times = readable.map((r) => r.lastSession?.lastTime);
  if (times.some((t) => t === undefined)) return undefined;
  const { first, last } = span(times as number[]);
  return last - first <= STOP_WINDOW_MS ? { message: `every rank was ${how}`, time: last } : undefined;
}

/**
 * The diagnosis of such an end from each rank's own last record: a hang when every rank had been
 * silent for long (`SILENCE_MS`) before it, or some ranks for long before the others' last records
 * (those are the stragglers); else the end alone. Undefined when some rank's own last time is unknown.
 */
export function jobWideEndFinding(summary: JobSummary, end: { message: string; time: number }, own: ReadonlyMap<number, OwnRecord>): { headline: string; hang: boolean; stragglers: Straggler[] } | undefined {
  const ranks = summary.ranks.filter((r) => r.state !== 'unreadable');
  const times = ranks.map((r) => own.get(r.rank)?.time);
  if (times.some((t) => t === undefined)) return undefined;
  const last = latest(times as number[]);
  const lastRanks = ranks.filter((_, i) => last - times[i]! < 1000).map((r) => r.rank);
  // Silent for long: beyond a minute and beyond its rank's usual time between records (its session's, up to its own last).
  const quietFor = (i: number, ms: number): boolean => {
    const s = ranks[i].lastSession;
    const usual = s?.firstTime !== undefined && s.records > 1 ? Math.max(0, times[i]! - s.firstTime) / (s.records - 1) : 0;
    return ms >= SILENCE_MS && ms >= QUIET_INTERVALS * usual;
  };
  const silent = ranks.filter((_, i) => quietFor(i, last - times[i]!));
  const what = `${end.message} at ${formatTime(end.time)}`;
  const stragglers: Straggler[] = silent.map((r) => {
    const rec = own.get(r.rank)!;
    return { rank: r.rank, reason: `silent from ${formatTime(rec.time, true)}, ${formatDuration(last - rec.time!)} before the others' last records`, evidence: lastRecordEvidence(r.rank, r.path, rec) };
  });
  if (silent.length > 0) return { headline: `Hang: ${listRanks(silent.map((r) => r.rank))} went silent ${formatDuration(last - latest(silent.map((r) => own.get(r.rank)!.time!)))} or more before the others' last records; then ${what}`, hang: true, stragglers };
  const gap = end.time - last;
  if (ranks.every((_, i) => quietFor(i, end.time - times[i]!))) {
    // Every rank silent: the few that last logged something else than most of them.
    const words = lastWordsApart(ranks.map((r) => ({ rank: r.rank, record: own.get(r.rank) })));
    const apart = words ? `; last logged: ${lastWordsLabel(words)}` : '';
    if (words) stragglers.push(...apartStragglers(words, (rank) => ({ file: ranks.find((r) => r.rank === rank)!.path, record: own.get(rank) })));
    return { headline: `Hang: no rank logged for ${formatDuration(gap)} before ${what} (the last: ${listRanks(lastRanks)} at ${formatTime(last, true)})${apart}`, hang: true, stragglers };
  }
  return { headline: `Ended by its launcher: ${what}, ${formatDuration(Math.max(0, gap))} after the ranks' last records (no rank failed on its own)`, hang: false, stragglers };
}
