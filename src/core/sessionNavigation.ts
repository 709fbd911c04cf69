// Where "next/previous resume point" goes from a line: session starts in order.
import { Session, sessionHasLines } from './indexModel';

/** Start lines of every session that has lines (the first session's start, then separators). */
export function sessionStarts(sessions: readonly Session[]): number[] {
  return sessions.filter(sessionHasLines).map((s) => s.startLine);
}

export type Step = { line: number; session: number } | { atEnd: 'first' | 'last'; session: number };

/** The next (+1) or previous (-1) session start from `line`; or which end was reached. */
export function stepSession(starts: readonly number[], line: number, direction: 1 | -1): Step {
  if (direction > 0) {
    const i = starts.findIndex((s) => s > line);
    if (i < 0) return { atEnd: 'last', session: starts.length };
    return { line: starts[i], session: i + 1 };
  }
  let i = -1;
  for (let k = starts.length - 1; k >= 0; k--) {
    if (starts[k] < line) {
      i = k;
      break;
    }
  }
  if (i < 0) return { atEnd: 'first', session: 1 };
  return { line: starts[i], session: i + 1 };
}
