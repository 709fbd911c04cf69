// The Job Timeline's model: every rank of a job on one time axis, built from the job model
// (sessions, their endings, errors, stack dumps, the first failure, attempts), each rank's
// checkpoints (records by level over time) and its progress reading. No I/O: everything comes
// from the indexes the tree already holds, so a 1,024-rank job costs no extra reading, but for
// the silence at an ended session's end (sessionGaps.ts), which its feed reads and hands in.
import type { LaneGaps, SessionGap } from './sessionGaps';
import { addLevels, Checkpoint, Session, sessionStartTime } from './indexModel';
import { ProgressLag, progressLabel } from './progress';
import { endedBadly, endsInterrupted, failedSession, isInterrupt, lostPeerToInterrupt, sessionEnding, sessionStoppedBy, wentOn } from './rankEnding';
import { formatClockMs } from './timestamps';
import { JobNode, RankNode } from './workerTreeModel';
import { inInterruptedAttempt, JobSummary } from './jobSummary';
import { plural } from './wording';
import type { RankCollectives } from './collectiveFindings';
import { callPathLabel, StackFrame } from './stackDumps';
import { isCollectiveTimeout } from './collectives';
import { maxOf, minOf } from './extremes';
import { POINT_SIZE, TimelineData, TimelineLane, TimelineMark, TimelineSession, TimelineSessionState } from '../shared/timelineModel';

/** Points per lane at most (session edges are always kept; checkpoints are thinned). */
export const MAX_POINTS = 512;
/** Points of all lanes at most: what a webview message carries stays a few MB for any job. */
export const MAX_TOTAL_POINTS = 256 * 1024;
/** Marks per lane at most: the earliest are kept (the first failure always). */
export const MAX_MARKS = 400;

export interface TimelineInput {
  job: JobNode;
  /** A rank log's checkpoints, as its index holds them. */
  checkpoints(path: string): readonly Checkpoint[];
  /** A rank's progress reading, when its records carry a step. */
  progress?(path: string): ProgressLag | undefined;
  /** A rank the others waited for (`waitedForRanks`), by rank. */
  waitedFor?(rank: number): WaitedFor | undefined;
  /** Where a rank's latest stack dump says it was (`rankStacks`), by rank. */
  stackOf?(rank: number): RankStack | undefined;
  /** The silences read from a rank log: at its sessions' ends (`sessionTailGap`), inside its slow stretches (`stretchGap`). */
  gaps?(path: string): LaneGaps | undefined;
}

/**
 * A rank the others waited for: from when (their timed-out collective's start), and what it never
 * did; `othersUntil`, when the last of them timed out. With `until`: a rank that waited itself,
 * from its collective's start to its timeout, `why` naming the collective (`waitingRanks`);
 * `approximate` when the timeout's line had no time (gloo's, in a traceback: from the last record
 * before it for the timeout's length).
 */
export interface WaitedFor {
  since: number;
  why: string;
  until?: number;
  approximate?: boolean;
  othersUntil?: number;
}

/** Where a rank's latest stack dump (the diagnosis' reading of it) says it was: its call path, and whether most ranks were elsewhere. */
export interface RankStack {
  /** The dump's line in the rank's log (its mark's). */
  line: number;
  where: string;
  apart: boolean;
}

/** `in load_batch (data.py:17) <- main (train.py:75) (apart from most ranks)` */
function stackWords(stack: RankStack): string {
  return `in ${labelText(stack.where, 300)}${stack.apart ? ' (apart from most ranks)' : ''}`;
}

/** Each rank's latest dump as a diagnosis groups them (`stackGroups`), by rank. */
export function rankStacks(d: { stackGroups: readonly { frames: readonly StackFrame[]; outlier: boolean; dumps: readonly { rank: number; line: number }[] }[] }): Map<number, RankStack> {
  const out = new Map<number, RankStack>();
  for (const g of d.stackGroups) {
    const where = callPathLabel(g.frames);
    for (const dump of g.dumps) out.set(dump.rank, { line: dump.line, where, apart: g.outlier });
  }
  return out;
}

/**
 * The ranks that timed out in a collective (a diagnosis' `ranks`), each from the collective's
 * start to its timeout: NCCL's watchdog (how long it ran), else gloo's (how long it waited).
 */
export function waitingRanks(d: { ranks: readonly RankCollectives[] }): Map<number, WaitedFor> {
  const out = new Map<number, WaitedFor>();
  for (const r of d.ranks) {
    const t = r.timedOut;
    const g = r.glooWait;
    if (t?.started !== undefined && t.time !== undefined && t.time > t.started) out.set(r.rank, { since: t.started, until: t.time, why: labelText(`${t.opType} #${t.seq}`, 100), ...(t.approximate ? { approximate: true } : {}) });
    else if (!t && g && g.until > g.since) out.set(r.rank, { since: g.since, until: g.until, why: g.op, ...(g.approximate ? { approximate: true } : {}) });
  }
  return out;
}

/**
 * The ranks a diagnosis names as waited for in a collective timeout (its stragglers), from when
 * the others waited: the earliest start of the collective they timed out in (none without it);
 * until the last of them timed out (`othersUntil`).
 */
export function waitedForRanks(d: { stragglers: readonly { rank: number; reason: string }[]; ranks: readonly RankCollectives[] }): Map<number, WaitedFor> {
  const out = new Map<number, WaitedFor>();
  const waits = [...waitingRanks(d).values()];
  const started = [...d.ranks.map((r) => r.timedOut?.started).filter((t): t is number => t !== undefined), ...waits.map((w) => w.since)];
  if (started.length === 0) return out;
  const since = minOf(started);
  const othersUntil = waits.length > 0 ? maxOf(waits.map((w) => w.until!)) : undefined;
  for (const s of d.stragglers) if (!out.has(s.rank)) out.set(s.rank, { since, why: labelText(s.reason, 200), ...(othersUntil !== undefined ? { othersUntil } : {}) });
  return out;
}

// Terminal colour codes and other control characters of log text: not part of a label.
// eslint-disable-next-line no-control-regex
const CONTROL = /\x1b\[[0-9;?]*[ -/]*[@-~]|[\x00-\x1f\x7f]/g;

/** Log text for a label: without control characters, at most `max` characters. */
export function labelText(text: string, max: number): string {
  return text.replace(CONTROL, '').slice(0, max);
}


function sessionState(s: Session, isLast: boolean, rank: RankNode, job: JobNode): TimelineSessionState {
  // Not when its only errors are KeyboardInterrupt tracebacks (Ctrl+C, or a launcher's SIGINT,
  // stopped it), peers lost as the job was interrupted, or threads' uncaught exceptions (the
  // process went on), as in the tree.
  const interrupted = inInterruptedAttempt(job.summary, rank.rank, s.index);
  if (failedSession(s, interrupted)) return 'failed';
  if (endsInterrupted(s) || lostPeerToInterrupt(s, interrupted)) return 'stopped';
  const ending = sessionEnding(s);
  if (ending) return endedBadly(ending) ? 'failed' : ending.code === 0 ? 'finished' : 'stopped';
  // A launcher stopped it (torchrun, once another rank failed).
  if (sessionStoppedBy(s)) return 'stopped';
  // A session followed by a resume without an ending: its process was stopped (a restart).
  if (!isLast) return 'stopped';
  // Its launcher ended it with its attempt, once another rank failed (the summary's `stoppedBy`).
  if (rank.stopped && rank.state === 'finished') return 'stopped';
  // Its log just ends, and nothing records how (torchrun's --log_dir): not drawn as passed.
  if (rank.endingUnknown && rank.state === 'finished') return 'ended';
  switch (rank.state) {
    case 'running':
      return 'running';
    case 'stalled':
      return 'stalled';
    case 'failed':
      return 'failed';
    default:
      return 'finished';
  }
}

/**
 * [time, counts] points of one lane, time ascending, thinned to `maxPoints` (and its session
 * edges); a session's silence at its end (`gaps.ends`, by session index), and one inside a slow
 * stretch between two checkpoints (`gaps.stretches`, by the first one's offset), are two points of their own.
 */
function lanePoints(sessions: readonly Session[], checkpoints: readonly Checkpoint[], maxPoints: number, gaps?: LaneGaps): number[] {
  const points: number[] = [];
  const keep: boolean[] = [];
  const before = [0, 0, 0, 0];
  let last = -Infinity;
  let lastLevels: readonly number[] = before.slice();
  let c = 0;
  const push = (t: number, levels: readonly number[], edge: boolean): void => {
    last = Math.max(last, t);
    lastLevels = levels;
    points.push(last, ...levels);
    keep.push(edge);
  };
  // No record between a gap's edges: the records after it (to `total`, the counts at its stretch's end), from its end only.
  const pushGap = (gap: SessionGap, total: readonly number[]): void => {
    const at = total.map((n, k) => Math.min(n, Math.max(lastLevels[k], n - gap.after[k])));
    push(gap.from, at, true);
    push(gap.to, at, true);
  };
  for (const s of sessions) {
    const start = sessionStartTime(s);
    const after = before.slice();
    addLevels(after, s.counts);
    if (start !== undefined) {
      push(start, before, true);
      while (c < checkpoints.length && checkpoints[c].line < s.startLine) c++;
      for (; c < checkpoints.length && checkpoints[c].line <= s.endLine; c++) {
        const levels = checkpoints[c].levels;
        if (levels && levels.length === before.length) push(checkpoints[c].time, levels, false);
        // A silence inside the stretch to the next checkpoint: no record between its edges.
        const inside = gaps?.stretches.get(checkpoints[c].offset);
        const next = checkpoints[c + 1];
        if (inside && next?.levels && next.levels.length === before.length && next.line <= s.endLine && inside.from >= last && inside.to <= next.time) pushGap(inside, next.levels);
      }
      const gap = gaps?.ends.get(s.index);
      if (gap && gap.from >= last && gap.to <= (s.lastTime ?? start)) pushGap(gap, after);
      push(s.lastTime ?? start, after, true);
    }
    before.splice(0, before.length, ...after);
  }
  const n = keep.length;
  if (n <= maxPoints) return points;
  const stride = Math.ceil(n / maxPoints);
  const thinned: number[] = [];
  for (let i = 0; i < n; i++) if (keep[i] || i % stride === 0) thinned.push(...points.slice(i * POINT_SIZE, (i + 1) * POINT_SIZE));
  return thinned;
}

function laneMarks(rank: RankNode, job: JobNode, waited: WaitedFor | undefined, waitSession: Session | undefined, stack: RankStack | undefined): TimelineMark[] {
  const failure = job.firstFailure;
  const marks: TimelineMark[] = [];
  // A timeout without a time of its own (gloo's in a traceback, torch 1.x's watchdog's), and the
  // errors dated with it by the last record before the wait, are drawn where the wait ended.
  const timedOutAt = waited?.approximate ? waited.until : undefined;
  for (const { session: s } of rank.sessions) {
    const fallback = s.lastTime ?? sessionStartTime(s);
    for (const r of s.errors) {
      const untimed = timedOutAt !== undefined && s === waitSession && (r.time === undefined || r.timeApproximate === true);
      const time = untimed && ((r.time ?? fallback) === waited!.since || isCollectiveTimeout(r.exception ?? r.message)) ? timedOutAt : r.time ?? fallback;
      if (time === undefined) continue;
      const approximate = r.time === undefined || r.timeApproximate === true;
      const at = `${approximate ? '~' : ''}${formatClockMs(time)}`;
      // Where Ctrl+C found the rank: drawn as the stack it is (the Diagnosis reads it as one), not as a failure.
      if (isInterrupt(r)) {
        marks.push({ time, kind: 'dump', line: r.line, session: s.index, text: `KeyboardInterrupt ${at}: stopped here`, first: false, wentOn: false, approximate });
        continue;
      }
      const first = failure !== undefined && failure.rank === rank.rank && failure.record.line === r.line;
      const message = labelText(r.exception && r.exception !== r.message ? `${r.message} (${r.exception})` : r.message, 300);
      // (One its process went on from says so, and is drawn so: a thread's, one Python ignored, one its rank logged.)
      const handled = wentOn(r, s);
      marks.push({ time, kind: 'error', line: r.line, session: s.index, text: `${r.level} ${at} ${message}${handled ? ' (its process went on)' : ''}`, first, wentOn: handled, approximate });
    }
    for (const d of s.stackDumps ?? []) {
      const time = d.time ?? fallback;
      if (time === undefined) continue;
      // The latest dump says where the rank was (as the Diagnosis groups it).
      const where = stack?.line === d.line ? ` ${stackWords(stack)}` : '';
      marks.push({ time, kind: 'dump', line: d.line, session: s.index, text: `Stack dump ~${formatClockMs(time)}${where}`, first: false, wentOn: false, approximate: true });
    }
  }
  marks.sort((a, b) => a.time - b.time || a.line - b.line);
  if (marks.length <= MAX_MARKS) return marks;
  const first = marks.find((m) => m.first);
  const kept = marks.slice(0, MAX_MARKS);
  if (first && !kept.includes(first)) kept[kept.length - 1] = first;
  return kept;
}

function sessionLabel(s: Session, state: TimelineSessionState): string {
  const start = sessionStartTime(s);
  const verb = s.resumeTime !== undefined ? 'resumed' : 'started';
  return `session ${s.index + 1}${start !== undefined ? ` (${verb} ${formatClockMs(start)})` : ''}, ${plural(s.records, 'record')}, ${state}`;
}

function stateText(lane: Omit<TimelineLane, 'label'>, lastTime: number | undefined, exitCode: number | undefined): string {
  const lastSession = lane.sessions[lane.sessions.length - 1]?.state;
  const at = (t: number | undefined): string => (t !== undefined ? ` at ${formatClockMs(t)}` : '');
  switch (lane.state) {
    case 'failed': {
      const failed = [...lane.sessions].reverse().find((s) => s.state === 'failed');
      // (Not an error it went on from before its failure: that is not when it failed.)
      const mark = failed && lane.marks.find((m) => m.kind === 'error' && !m.wentOn && m.session === failed.index);
      if (mark) return `failed at ${mark.approximate ? 'about ' : ''}${formatClockMs(mark.time)}`;
      return `failed${exitCode !== undefined ? ` (exit code ${exitCode})` : ''}${at(lastTime)}`;
    }
    case 'stalled':
      return `stalled, silent since ${lastTime !== undefined ? formatClockMs(lastTime) : 'its start'}`;
    case 'running':
      return lane.silentSince !== undefined ? `running, quiet since ${formatClockMs(lane.silentSince)} (alive, writing nothing)` : `running, last record${at(lastTime)}`;
    case 'finished':
      return `${lastSession === 'stopped' ? 'stopped' : lastSession === 'ended' ? 'ended, exit not recorded' : 'finished'}${at(lastTime)}`;
    default:
      return 'unreadable';
  }
}

/** Points a lane may have in a job of `ranks` ranks. */
export function pointsPerLane(ranks: number): number {
  return Math.max(16, Math.min(MAX_POINTS, Math.floor(MAX_TOTAL_POINTS / Math.max(1, ranks))));
}

/**
 * What a lane is built from, as the job model holds it: when this is unchanged, so is the lane.
 * (The model, not the live index: the lane is built from the model.)
 */
export function laneSignature(rank: RankNode, job: JobNode, generation: number | undefined, progress: ProgressLag | undefined, waited?: WaitedFor, stack?: RankStack): string {
  const failure = job.firstFailure?.rank === rank.rank ? job.firstFailure.record.line : -1;
  const p = progress ? `${progress.step}/${progress.total}/${progress.behind}/${progress.lagging}` : '';
  const last = rank.sessions[rank.sessions.length - 1]?.session;
  const end = last ? `${last.startOffset}/${last.endOffset}/${last.records}/${last.lastTime}/${last.errors.length}/${last.stackDumps?.length}` : '';
  // Sessions drawn from their attempt's start move with it.
  const drawn = rank.sessions.flatMap((n, i) => (n.session.untimedStart ? [`${i}:${drawnStart(n.session, i, rank.rank, job.summary)}`] : [])).join(',');
  // How a finished rank reads (stopped, ending unknown) and a running one's quiet change without its log.
  const reads = `${rank.stopped ?? false}/${rank.endingUnknown ?? false}/${rank.quietSinceMs !== undefined}`;
  const w = waited ? `${waited.since}/${waited.until}/${waited.why}/${waited.approximate}/${waited.othersUntil}` : '';
  const st = stack ? `${stack.line}/${stack.apart}/${stack.where}` : '';
  return `${rank.state}|${reads}|${generation}|${rank.sessions.length}|${end}|${rank.exitCode}|${failure}|${p}|${pointsPerLane(job.ranks.length)}|${rank.path}|${drawn}|${w}|${st}`;
}

/** Each session's attempt start, by `rank/session`: built once per summary. */
const attemptStarts = new WeakMap<JobSummary, Map<string, number>>();

/**
 * When a session is drawn from: its start; for one that printed before its first time (another
 * launcher's rank), the start of the attempt it ran in, when that is earlier.
 */
function drawnStart(s: Session, position: number, rank: number, summary: JobSummary): number | undefined {
  const start = sessionStartTime(s);
  if (start === undefined || !s.untimedStart) return start;
  let starts = attemptStarts.get(summary);
  if (!starts) {
    starts = new Map();
    for (const a of summary.attempts) if (a.start !== undefined) for (const m of a.members) starts.set(`${m.rank}/${m.session}`, a.start);
    attemptStarts.set(summary, starts);
  }
  return Math.min(start, starts.get(`${rank}/${position}`) ?? start);
}

/** One rank's lane. */
export function buildLane(rank: RankNode, job: JobNode, checkpoints: readonly Checkpoint[], progress: ProgressLag | undefined, waited?: WaitedFor, gaps?: LaneGaps, stack?: RankStack): TimelineLane {
  const sessions: TimelineSession[] = [];
  const all = rank.sessions.map((n) => n.session);
  const starts = all.map((s, i) => drawnStart(s, i, rank.rank, job.summary));
  // The session a wait began in (the last to start before it), and when the next one starts.
  let waitIn = -1;
  for (let i = 0; waited && i < starts.length; i++) if (starts[i] !== undefined && starts[i]! <= waited.since) waitIn = i;
  const nextStart = minOf(starts.slice(waitIn + 1).filter((t): t is number => t !== undefined));
  let lastTime: number | undefined;
  let waitSession: TimelineSession | undefined;
  all.forEach((s, i) => {
    const t0 = starts[i];
    if (t0 === undefined) return;
    lastTime = Math.max(t0, s.lastTime ?? t0);
    // A wait that ended after the session's last timed record (gloo's timeout, which has no time): the session lasted until then.
    const t1 = i === waitIn && waited?.approximate && waited.until !== undefined ? Math.max(lastTime, Math.min(waited.until, nextStart)) : lastTime;
    const state = sessionState(s, i === all.length - 1, rank, job);
    sessions.push({ index: s.index, start: t0, end: t1, state, line: Math.max(0, s.startLine), label: sessionLabel(s, state) });
    if (i === waitIn) waitSession = sessions[sessions.length - 1];
  });
  const lane: Omit<TimelineLane, 'label'> = {
    rank: rank.rank,
    state: rank.state,
    sessions,
    marks: laneMarks(rank, job, waited, waitIn >= 0 ? all[waitIn] : undefined, stack),
    // A stalled rank is silent from its last record while the others go on; a quiet one, alive.
    silentSince: rank.state === 'stalled' || (rank.state === 'running' && rank.quietSinceMs !== undefined) ? lastTime : undefined,
    points: lanePoints(all, checkpoints, pointsPerLane(job.ranks.length), gaps),
    progress: progress ? progressLabel(progress) : undefined,
    progressTime: progress?.time,
    lagging: progress?.lagging,
    firstFailure: rank.isFirstFailure,
  };
  if (stack) lane.stackWhere = stackWords(stack);
  // A rank that waited in a collective until it timed out: waiting, not working, over its session.
  if (waited?.until !== undefined) {
    lane.waitingSince = waited.since;
    lane.waitingUntil = waited.until;
    lane.waitingWhy = waited.why;
    if (waited.approximate) lane.waitingApproximate = true;
  }
  // The rank the others waited for, over (its launcher stopped it): silent from when they waited to
  // the end of that session, or to the last of their timeouts when that is later (unless it
  // failed: then it was gone), not through a session a restart began after.
  const waitEnd = waitSession?.end;
  const silentEnd = waitEnd !== undefined && waited?.othersUntil !== undefined && waitSession!.state !== 'failed' ? Math.max(waitEnd, Math.min(waited.othersUntil, nextStart)) : waitEnd;
  const waitedSince = waited && waited.until === undefined && lane.silentSince === undefined && silentEnd !== undefined && waited.since < silentEnd ? waited.since : undefined;
  if (waitedSince !== undefined) {
    lane.silentSince = waitedSince;
    lane.silentUntil = silentEnd;
    lane.silentWhy = waited!.why;
  }
  const parts = [plural(rank.sessions.length, 'session'), stateText(lane, lastTime, rank.exitCode)];
  if (waitedSince !== undefined) parts.push(`waited for from ${formatClockMs(waitedSince)}: ${waited!.why}`);
  if (lane.waitingSince !== undefined) {
    const about = lane.waitingApproximate ? '~' : '';
    parts.push(`waited in ${lane.waitingWhy} from ${about}${formatClockMs(lane.waitingSince)} until it timed out at ${about}${formatClockMs(lane.waitingUntil!)}`);
  }
  if (lane.stackWhere) parts.push(`its last stack dump ${lane.stackWhere}`);
  if (lane.firstFailure) parts.push('first failure of the job');
  if (lane.progress) parts.push(lane.progress);
  if (sessions.length === 0 && rank.sessions.length > 0) parts.push('no timestamps');
  return { ...lane, label: `Rank ${rank.rank}: ${parts.join(', ')}` };
}

/** The job's span, attempts and untimed ranks around its lanes (in rank order). */
export function assembleTimeline(job: JobNode, lanes: TimelineLane[]): TimelineData {
  let start = Infinity;
  let end = -Infinity;
  const untimed: number[] = [];
  for (const lane of lanes) {
    if (lane.sessions.length === 0) untimed.push(lane.rank);
    for (const s of lane.sessions) {
      start = Math.min(start, s.start);
      end = Math.max(end, s.end);
    }
  }
  const byRank = new Map(job.ranks.map((r) => [r.rank, r]));
  const attempts = job.summary.attempts
    .map((a) => {
      let aEnd = -Infinity;
      for (const m of a.members) {
        const s = byRank.get(m.rank)?.sessions[m.session]?.session;
        const t = s && (s.lastTime ?? sessionStartTime(s));
        if (t !== undefined) aEnd = Math.max(aEnd, t);
      }
      return a.start !== undefined && Number.isFinite(aEnd) ? { index: a.index, start: a.start, end: Math.max(a.start, aEnd) } : undefined;
    })
    .filter((a): a is TimelineData['attempts'][number] => a !== undefined);
  const timed = Number.isFinite(start);
  return { title: job.label, start: timed ? start : undefined, end: timed ? end : undefined, lanes, attempts, untimed };
}

/** The timeline of one job. */
export function buildTimeline({ job, checkpoints, progress, waitedFor, gaps, stackOf }: TimelineInput): TimelineData {
  return assembleTimeline(
    job,
    job.ranks.map((rank) => buildLane(rank, job, checkpoints(rank.path), progress?.(rank.path), waitedFor?.(rank.rank), gaps?.(rank.path), stackOf?.(rank.rank))),
  );
}
