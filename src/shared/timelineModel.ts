// The Job Timeline's data as the host sends it to the webview, and the arithmetic both sides
// share: how many records of each level a lane wrote in a stretch of time (interpolated between
// the index's checkpoints), per time bucket, for the histogram and each lane's warning density.
// Pure: no Node, no DOM, no vscode. Times are naive ms (see core/timestamps.ts).

/** How a session ended: by its last records, its ending line, and what came after it. */
/** `ended`: the log just ends, and the job's files do not record how ranks ended (`RankNode.endingUnknown`). */
export type TimelineSessionState = 'finished' | 'failed' | 'stopped' | 'ended' | 'running' | 'stalled';

export type TimelineLaneState = 'running' | 'failed' | 'stalled' | 'finished' | 'unreadable';

/** Record counts by level class, in this order (the order of an index checkpoint's `levels`). */
export const LEVELS = ['debug', 'info', 'warning', 'error'] as const;
/** Numbers per point of `TimelineLane.points`: the time, then one cumulative count per level. */
export const POINT_SIZE = 1 + LEVELS.length;

export interface TimelineSession {
  index: number;
  start: number;
  end: number;
  state: TimelineSessionState;
  /** The 0-based line the session starts at. */
  line: number;
  /** `session 2 (resumed 10:02:00), 1,204 records, failed` */
  label: string;
}

export interface TimelineMark {
  time: number;
  /** An ERROR/CRITICAL record, or a stack dump (a KeyboardInterrupt's traceback too: where Ctrl+C found the rank). */
  kind: 'error' | 'dump';
  line: number;
  /** The session the mark is in (0-based). */
  session: number;
  /** `ERROR 10:25:37.885 CUDA out of memory` */
  text: string;
  /** The job's first failure. */
  first: boolean;
  /**
   * An error its rank went on from (a thread's uncaught exception, one Python ignored, one its rank
   * logged and then logged its work after): no failure, drawn in the warning colour.
   */
  wentOn: boolean;
  /** The time is an estimate (the record had none). */
  approximate: boolean;
}

export interface TimelineLane {
  rank: number;
  state: TimelineLaneState;
  /** The lane's accessible label: `Rank 3: 2 sessions, failed at 10:25:37.885, first failure of the job`. */
  label: string;
  sessions: TimelineSession[];
  /** Errors and stack dumps in time order (the index keeps the first ones of each session). */
  marks: TimelineMark[];
  /** A stalled rank's last record: from it to the job's end the rank wrote nothing while others did. */
  silentSince?: number;
  /**
   * A rank the others waited for (the diagnosis' straggler of a collective timeout), no longer
   * running: its silence ends here (the end of its last session: its launcher stopped it), and
   * `silentWhy` says what it never did (`never entered ALLREDUCE #6; 3 ranks timed out waiting for it`).
   */
  silentUntil?: number;
  silentWhy?: string;
  /** Where the rank's latest stack dump says it was (`in all_reduce <- train_step (train.py:42)`), as the diagnosis groups the dumps. */
  stackWhere?: string;
  /**
   * A rank that timed out in a collective (the diagnosis' reading of its watchdog's timeout):
   * from the collective's start to its timeout it waited, not worked; `waitingWhy` names it
   * (`ALLREDUCE #4131`, `gloo recv`).
   */
  waitingSince?: number;
  waitingUntil?: number;
  waitingWhy?: string;
  /** The wait's times are approximate (gloo's timeout in a traceback: from the last record before it). */
  waitingApproximate?: boolean;
  /** Cumulative records by level at moments, time ascending: [time, debug, info, warning, error, time, ...]. */
  points: number[];
  /** `step 1200/5000, 50 behind` */
  progress?: string;
  /** When the rank logged that step, if its record had a time. */
  progressTime?: number;
  lagging?: boolean;
  firstFailure: boolean;
}

export interface TimelineData {
  /** The job folder's name. */
  title: string;
  /** The span of every lane's sessions; undefined when no record has a time. */
  start?: number;
  end?: number;
  lanes: TimelineLane[];
  /** Attempts of the job (launches and restarts of every rank), as bands across the lanes. */
  attempts: { index: number; start: number; end: number }[];
  /** Ranks whose records carry no time: they have no place on a time axis. */
  untimed: number[];
}

/** The lanes of a job without the lanes: what an update of some lanes comes with. */
export type TimelineFrame = Omit<TimelineData, 'lanes'> & {
  /** Every rank of the job, in lane order. */
  ranks: number[];
};

/**
 * Counts of each level in `count` buckets of [start, end], added into `out` (count * LEVELS.length
 * numbers, bucket-major). Between two points a lane's records are spread evenly: a bucket gets the
 * difference of the cumulative counts at its edges (records at an inner edge fall in the later
 * bucket, those at `end` in the last one). One pass over the points.
 */
export function addBuckets(points: ArrayLike<number>, start: number, end: number, count: number, out: Float64Array): void {
  const n = points.length / POINT_SIZE;
  if (n < 1 || count <= 0 || !(end > start)) return;
  const width = (end - start) / count;
  const L = LEVELS.length;
  const before = new Float64Array(L);
  const at = new Float64Array(L);
  // q: the first point at or after the edge (edges only move forward).
  let q = 0;
  const leftLimit = (t: number, into: Float64Array): void => {
    while (q < n && points[q * POINT_SIZE] < t) q++;
    if (q === n) copyPoint(points, n - 1, into);
    else if (points[q * POINT_SIZE] === t) copyPoint(points, q, into);
    else if (q === 0) into.fill(0);
    else between(points, q - 1, t, into);
  };
  leftLimit(start, before);
  for (let b = 0; b < count; b++) {
    if (b === count - 1) cumulative(points, end, at);
    else leftLimit(start + (b + 1) * width, at);
    for (let l = 0; l < L; l++) {
      out[b * L + l] += Math.max(0, at[l] - before[l]);
      before[l] = at[l];
    }
  }
}

/** The cumulative counts at time `t`, records at `t` included (0 before the first point). */
export function cumulative(points: ArrayLike<number>, t: number, out: Float64Array): void {
  const n = points.length / POINT_SIZE;
  if (n === 0 || t < points[0]) {
    out.fill(0);
    return;
  }
  // The last point at or before t.
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (points[mid * POINT_SIZE] <= t) lo = mid;
    else hi = mid - 1;
  }
  if (lo === n - 1) copyPoint(points, lo, out);
  else between(points, lo, t, out);
}

function copyPoint(points: ArrayLike<number>, p: number, out: Float64Array): void {
  for (let l = 0; l < LEVELS.length; l++) out[l] = points[p * POINT_SIZE + 1 + l];
}

/** Interpolated between point `p` and the next, at `t` in [time p, time p+1]. */
function between(points: ArrayLike<number>, p: number, t: number, out: Float64Array): void {
  const a = p * POINT_SIZE;
  const b = a + POINT_SIZE;
  const span = points[b] - points[a];
  const f = span > 0 ? Math.min(1, Math.max(0, (t - points[a]) / span)) : 1;
  for (let l = 0; l < LEVELS.length; l++) out[l] = points[a + 1 + l] + f * (points[b + 1 + l] - points[a + 1 + l]);
}

/** The histogram of the lanes in `ranks` (every lane when undefined): count buckets of 4 levels. */
export function histogram(lanes: readonly TimelineLane[], ranks: ReadonlySet<number> | undefined, start: number, end: number, count: number): Float64Array {
  const out = new Float64Array(Math.max(0, count) * LEVELS.length);
  for (const lane of lanes) if (!ranks || ranks.has(lane.rank)) addBuckets(lane.points, start, end, count, out);
  return out;
}

/**
 * The points of the sum of several lanes' cumulative counts (the whole job's), so that the job's
 * histogram costs one pass per frame whatever the number of ranks. Each lane's counts are linear
 * between its points; the sum is linear between the union of their times: a sweep over the
 * distinct times (a numeric typed-array sort, no comparator), with slope changes and steps
 * gathered at each.
 */
export function sumPoints(lanes: readonly { points: ArrayLike<number> }[]): Float64Array {
  const L = LEVELS.length;
  let count = 0;
  for (const lane of lanes) count += lane.points.length / POINT_SIZE;
  const times = new Float64Array(count);
  let k = 0;
  for (const { points } of lanes) for (let i = 0; i < points.length; i += POINT_SIZE) times[k++] = points[i];
  times.sort();
  let u = 0;
  for (let i = 0; i < count; i++) if (i === 0 || times[i] !== times[u - 1]) times[u++] = times[i];
  const slope = new Float64Array(u * L);
  const step = new Float64Array(u * L);
  const stepped = new Uint8Array(u);
  const at = (t: number): number => {
    let lo = 0;
    let hi = u - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (times[mid] < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  for (const { points } of lanes) {
    const n = points.length / POINT_SIZE;
    if (n === 0) continue;
    let ia = at(points[0]);
    stepped[ia] = 1;
    for (let l = 0; l < L; l++) step[ia * L + l] += points[1 + l];
    for (let j = 0; j + 1 < n; j++) {
      const a = j * POINT_SIZE;
      const b = a + POINT_SIZE;
      const dt = points[b] - points[a];
      if (dt > 0) {
        const ib = at(points[b]);
        for (let l = 0; l < L; l++) {
          const s = (points[b + 1 + l] - points[a + 1 + l]) / dt;
          slope[ia * L + l] += s;
          slope[ib * L + l] -= s;
        }
        ia = ib;
      } else {
        stepped[ia] = 1;
        for (let l = 0; l < L; l++) step[ia * L + l] += points[b + 1 + l] - points[a + 1 + l];
      }
    }
  }
  let stepsAt = 0;
  for (let i = 0; i < u; i++) stepsAt += stepped[i];
  const out = new Float64Array((u + stepsAt) * POINT_SIZE);
  let o = 0;
  const emit = (t: number): void => {
    out[o++] = t;
    for (let l = 0; l < L; l++) out[o++] = value[l];
  };
  const value = new Float64Array(L);
  const rate = new Float64Array(L);
  for (let i = 0; i < u; i++) {
    if (i > 0) for (let l = 0; l < L; l++) value[l] += rate[l] * (times[i] - times[i - 1]);
    // Before a step: the counts just before it (a bucket edge at this time reads them).
    if (stepped[i]) emit(times[i]);
    for (let l = 0; l < L; l++) {
      value[l] += step[i * L + l];
      rate[l] += slope[i * L + l];
    }
    emit(times[i]);
  }
  return out;
}
