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
    const times: (number | undefined)[] = [];
    const classes: (number | undefined)[] = [];
    for await (const r of new RecordReader(file, { maxContinuationLines: 0 }).forward(from)) {
      if (r.offset >= session.endOffset) break;
      // (The session's own Resume record opens it: no record of its run.)
      if (r.resumeTime !== undefined && r.offset === session.startOffset) continue;
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
  } catch {
    return undefined;
  }
}
