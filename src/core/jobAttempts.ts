// A job's attempts (for jobSummary.ts): sessions of different ranks that started within a window
// of each other form one (a launch, or a restart of all ranks); a session whose start its records
// do not give is placed by its first time, its rank's next session or its file's last write.
// Pure.
import { IndexSnapshot, sessionKnownStart, sessionStartTime } from './indexModel';
import type { Attempt, RankInput } from './jobSummary';
import { minOf } from './extremes';
import { naiveFromEpoch } from './timestamps';

/** A rank log's last write (naive ms), for a session whose records give no time. */
export function fallbackTime(index: IndexSnapshot): number | undefined {
  return index.mtimeMs > 0 ? naiveFromEpoch(index.mtimeMs) : undefined;
}

/** A session placed in an attempt, or waiting for one: its own start when its records tell it. */
interface Placed {
  rank: number;
  session: number;
  start?: number;
  /** The last time of its rank's session before: an attempt that began before it cannot hold this one. */
  after?: number;
  /**
   * The first time of its rank's session before, when that one's start is not known (placed
   * after these, by that time): this one is not in the attempt that session falls in.
   */
  previousFirst?: number;
}

/**
 * Sessions of different ranks that started within `windowMs` of the attempt's first form an
 * attempt. A session whose first record carries no time (a rank that printed before it logged,
 * or only printed, in another launcher's job) cannot be placed by its start: it joins the
 * latest attempt that began by its first time (else by its rank's next session, else by its
 * file's last write), between the attempts of its rank's sessions before and after it; failing
 * that, the first that began within the window after. Dated by its first time or its file's, it
 * formed an attempt of its own at the job's end. Only sessions no attempt can take (no rank
 * with a known start) are grouped by those times.
 */
export function groupAttempts(inputs: readonly RankInput[], windowMs: number): Attempt[] {
  const timed: Placed[] = [];
  const untimed: { input: RankInput; session: number }[] = [];
  for (const input of inputs) {
    input.index.sessions.forEach((s, i) => {
      if (s.records === 0 && s.endLine < s.startLine) return;
      const start = sessionKnownStart(s);
      if (start === undefined) {
        untimed.push({ input, session: i });
        return;
      }
      const placed: Placed = { rank: input.rank, session: i, start };
      const previous = i > 0 ? input.index.sessions[i - 1] : undefined;
      if (previous?.lastTime !== undefined) placed.after = previous.lastTime;
      if (previous && sessionKnownStart(previous) === undefined && previous.firstTime !== undefined) placed.previousFirst = previous.firstTime;
      timed.push(placed);
    });
  }
  const attempts = clusterByStart(timed, windowMs);
  // Where each rank's sessions are so far: attempt by session.
  const placed = new Map<number, Map<number, number>>();
  for (const a of attempts) for (const m of a.members) placed.set(m.rank, (placed.get(m.rank) ?? new Map()).set(m.session, a.index));
  const left: Placed[] = [];
  /** Those of `left` dated by their file's last write. */
  const datedByFile = new Set<Placed>();
  for (const { input, session } of untimed) {
    const rank = input.rank;
    const mine = placed.get(rank) ?? new Map<number, number>();
    placed.set(rank, mine);
    let after = -1;
    let before = attempts.length;
    for (const [k, a] of mine) {
      if (k < session) after = Math.max(after, a);
      else before = Math.min(before, a);
    }
    const sessions = input.index.sessions;
    let bound: number | undefined;
    let next = false;
    for (let k = session; k < sessions.length && bound === undefined; k++) {
      bound = k === session ? sessions[k].firstTime : sessionStartTime(sessions[k]);
      next = k > session;
    }
    const byFile = bound === undefined;
    bound ??= fallbackTime(input.index);
    let home = -1;
    if (bound !== undefined) {
      for (let a = after + 1; a < before; a++) {
        const start = attempts[a].start;
        if (start === undefined) continue;
        if (start <= bound) home = a;
        else if (home < 0 && start - bound <= windowMs) home = a;
      }
      // Its file last written before the job's first attempt began: its time is no write's (a copy
      // dated back, a clock off by hours): the first attempt its rank's sessions leave it.
      if (home < 0 && byFile && after + 1 < before && attempts.every((a) => a.start === undefined || a.start - bound! > windowMs)) home = after + 1;
    }
    if (home < 0) {
      // Dated by a later session's start, it began before that one (a millisecond, so that its
      // attempt comes before the one that session is in: a torchrun --log_dir whose first
      // attempt's records have no time, its restart's start its folder's).
      left.push({ rank, session, start: next && bound !== undefined ? bound - 1 : bound });
      if (byFile) datedByFile.add(left[left.length - 1]);
      continue;
    }
    attempts[home].members.push({ rank, session });
    mine.set(session, home);
  }
  if (left.length === 0) return attempts;
  // Files last written before every time the job's records give: their times are no writes'
  // (a copy dated back, a clock off by hours): their sessions are dated by the job's first time.
  const known = [...attempts.map((a) => a.start), ...left.filter((p) => !datedByFile.has(p)).map((p) => p.start)].filter((t): t is number => t !== undefined);
  const first = known.length > 0 ? minOf(known) : undefined;
  if (first !== undefined) for (const p of datedByFile) if (p.start !== undefined && first - p.start > windowMs) p.start = first;
  const all = [...attempts, ...clusterByStart(left, windowMs)];
  all.sort((a, b) => (a.start ?? Infinity) - (b.start ?? Infinity));
  all.forEach((a, i) => (a.index = i));
  return all;
}

/**
 * Whether a session whose start is not known, first timed at `first`, is `current`'s rather than
 * its rank's next session: `current` is a launch (each of its sessions its rank's first) that
 * began within the window after `first`, and no attempt before it began by then. (Its rank printed
 * before it logged; the next session, a restart, belongs to the attempt after.)
 */
function launchOf(attempts: readonly Attempt[], current: Attempt, first: number, windowMs: number): boolean {
  if (current.start === undefined || first >= current.start || current.start - first > windowMs) return false;
  return current.members.every((m) => m.session === 0) && !attempts.some((a) => a !== current && a.start !== undefined && a.start <= first);
}

/**
 * Sessions grouped in order of their starts (at the same start, ranks' first sessions before
 * their restarts: a restart dated by the launch's last time): a rank's second session, or one
 * past the window, starts the next attempt.
 */
function clusterByStart(sessions: Placed[], windowMs: number): Attempt[] {
  sessions.sort((a, b) => (a.start ?? Infinity) - (b.start ?? Infinity) || Math.sign(a.session) - Math.sign(b.session) || a.rank - b.rank || a.session - b.session);
  const attempts: Attempt[] = [];
  let current: Attempt | undefined;
  let ranksIn = new Set<number>();
  for (const s of sessions) {
    const fits =
      current !== undefined &&
      !ranksIn.has(s.rank) &&
      !(s.after !== undefined && current.start !== undefined && current.start < s.after) &&
      !(s.previousFirst !== undefined && launchOf(attempts, current, s.previousFirst, windowMs)) &&
      (s.start === undefined || current.start === undefined ? s.start === current.start : s.start - current.start <= windowMs);
    if (!fits) {
      current = { index: attempts.length, start: s.start, members: [] };
      attempts.push(current);
      ranksIn = new Set();
    }
    current!.members.push({ rank: s.rank, session: s.session });
    ranksIn.add(s.rank);
  }
  return attempts;
}
