// The longest silence at the end of a session, read from its last bytes, for the Job Timeline's
// histogram. Between two points the histogram spreads a lane's records evenly, and the index's
// checkpoints are 16-256 KiB apart (a small log has none but its session's edges): a rank that
// logged its last step, hung ten minutes in a collective and then wrote its watchdog's timeout
// was drawn as logging all along, the hang invisible where it should stand out. The records
// after the gap (the timeouts, the traceback) are counted; those before it need not be read.
import { Checkpoint, Session } from './indexModel';
import { lineStartAt } from './lineSource';
import { RecordReader } from './recordReader';

/** Bytes of a session's end read for its gap: a hang's last words (timeouts, a traceback) fit. */
export const GAP_READ_BYTES = 64 * 1024;

/**
 * A lane's silences read from its log: at its ended sessions' ends, by session index; inside
 * stretches between two checkpoints far longer than its others, by the first one's offset.
 */
export interface LaneGaps {
  ends: ReadonlyMap<number, SessionGap>;
  stretches: ReadonlyMap<number, SessionGap>;
}

/** The longest time between two timed records at a session's end. */
export interface SessionGap {
  /** The time of the last record before it, and of the first after it (ms). */
  from: number;
  to: number;
  /** The records from the first after it to the session's end, by level class (`Checkpoint.levels`). */
  after: number[];
}

/** A record's level class, as `Checkpoint.levels` counts it; undefined for what the index does not count (a line before the first header, a stack dump). */
function levelClass(level: string, hasHeader: boolean): number | undefined {
  if (level === 'FATAL') return 3;
  if (!hasHeader) return undefined;
  if (level === 'DEBUG') return 0;
  if (level === 'WARNING') return 2;
  if (level === 'ERROR' || level === 'CRITICAL') return 3;
  return 1;
}

/**
 * The longest gap between two timed records of `session` (of `file`) in its last `maxBytes`
 * (from its last checkpoint, when that is nearer its end); undefined when there is none (fewer
 * than two timed records there) or the file cannot be read.
 */
export async function sessionTailGap(file: string, session: Session, checkpoints: readonly Checkpoint[], maxBytes = GAP_READ_BYTES): Promise<SessionGap | undefined> {
  let anchor = { offset: session.startOffset, line: session.startLine };
  for (const c of checkpoints) if (c.line >= session.startLine && c.offset < session.endOffset && c.offset > anchor.offset) anchor = { offset: c.offset, line: c.line };
  try {
    const from = session.endOffset - anchor.offset > maxBytes ? await lineStartAt(file, session.endOffset - maxBytes, anchor) : anchor;
    // (The session's own Resume record opens it: no record of its run.)
    return await longestGap(file, from, (offset) => offset < session.endOffset, session.startOffset);
  } catch {
    return undefined;
  }
}

/**
 * The longest gap between two timed records of the stretch of `file` from checkpoint `from` to
 * checkpoint `to` (both their records read: a checkpoint's levels count its own record), with
 * the records after it to `to`'s; undefined when there is none or the file cannot be read.
 */
export async function stretchGap(file: string, from: Checkpoint, to: Checkpoint): Promise<SessionGap | undefined> {
  try {
    return await longestGap(file, { offset: from.offset, line: from.line }, (offset) => offset <= to.offset);
  } catch {
    return undefined;
  }
}

/** The longest gap between two timed records read forward from `from` while `within` their offsets (a Resume record at `skipAt` left out). */
async function longestGap(file: string, from: { offset: number; line: number }, within: (offset: number) => boolean, skipAt?: number): Promise<SessionGap | undefined> {
  const times: (number | undefined)[] = [];
  const classes: (number | undefined)[] = [];
  for await (const r of new RecordReader(file, { maxContinuationLines: 0 }).forward(from)) {
    if (!within(r.offset)) break;
    if (r.resumeTime !== undefined && r.offset === skipAt) continue;
    times.push(r.time);
    classes.push(levelClass(r.level, r.hasHeader));
  }
  let best: { from: number; to: number; at: number } | undefined;
  let prev: number | undefined;
  for (let i = 0; i < times.length; i++) {
    const t = times[i];
    if (t === undefined) continue;
    if (prev !== undefined && t > prev && (!best || t - prev > best.to - best.from)) best = { from: prev, to: t, at: i };
    prev = t;
  }
  if (!best) return undefined;
  const after = [0, 0, 0, 0];
  for (let i = best.at; i < classes.length; i++) if (classes[i] !== undefined) after[classes[i]!]++;
  return { from: best.from, to: best.to, after };
}

/** A stretch between two checkpoints this many times as long as a lane's usual one (and `minSpanMs` or more) may hold a silence. */
const SLOW_STRETCH_FACTOR = 4;
/** Slow stretches read per lane at most (the longest): a job that pauses every hour reads a few, not all. */
const SLOW_STRETCHES = 8;
/** A stretch of more bytes than this is not read (checkpoints are at most 256 KiB apart). */
const STRETCH_BYTES = 1024 * 1024;

/**
 * The stretches between two checkpoints of one session (a rank log's checkpoints are 16-256 KiB
 * apart) that span `minSpanMs` or more and far longer than the lane's median stretch: where it may have paused (a silent
 * rank, an evaluation, a slow read) inside a stretch whose records the histogram spreads evenly.
 * The longest SLOW_STRETCHES of them, in file order.
 */
export function slowStretches(sessions: readonly { startLine: number; endLine: number }[], checkpoints: readonly Checkpoint[], minSpanMs: number): [Checkpoint, Checkpoint][] {
  const pairs: [Checkpoint, Checkpoint][] = [];
  let c = 0;
  for (const s of sessions) {
    while (c < checkpoints.length && checkpoints[c].line < s.startLine) c++;
    for (; c + 1 < checkpoints.length && checkpoints[c + 1].line <= s.endLine; c++) pairs.push([checkpoints[c], checkpoints[c + 1]]);
  }
  if (pairs.length < 3) return [];
  const spans = pairs.map(([a, b]) => b.time - a.time).sort((a, b) => a - b);
  const usual = spans[Math.floor(spans.length / 2)];
  return pairs
    .filter(([a, b]) => b.time - a.time >= minSpanMs && b.time - a.time >= SLOW_STRETCH_FACTOR * usual && b.offset - a.offset <= STRETCH_BYTES)
    .sort(([a, b], [x, y]) => y.time - x.time - (b.time - a.time))
    .slice(0, SLOW_STRETCHES)
    .sort(([a], [x]) => a.offset - x.offset);
}
