// Repeats across ranks: the same record (level, logger and first line of the message) logged by
// several ranks within a short window is one row of the Job Log, `[0-7]`, headed by the first
// of them. Where most ranks logged it and a few did not, those are named ("missing on rank 4"):
// the point where ranks diverged.
//
// Whether a record is a repeat depends only on the records of the window before it (never on
// earlier decisions), so the Job Log index can resume anywhere by reading one window back:
// a record is a repeat when another rank logged the same record within the window before it and
// its own rank did not (a rank that logs the same line every second keeps its rows).
import { MergedRecord } from './jobMerge';
import { rankRuns } from './wording';

/** The window in which the same record of several ranks is one row, by default. */
export const REPEAT_WINDOW_MS = 2000;

export function repeatKey(r: MergedRecord): string {
  return `${r.level}\u0000${r.logger}\u0000${r.message}`;
}

interface Seen {
  /** The message: the map's key (level and logger are compared on the few it finds). */
  message: string;
  level: string;
  logger: string;
  rank: number;
  time: number;
}

/** The records of the last window, by key: enough to tell whether the next record repeats. */
export class RepeatWindow {
  /** The window's records by message. */
  private readonly byKey = new Map<string, Seen[]>();
  private readonly queue: Seen[] = [];
  private queueStart = 0;
  private newest = -Infinity;

  constructor(readonly windowMs = REPEAT_WINDOW_MS) {}

  private expire(now: number): void {
    const q = this.queue;
    while (this.queueStart < q.length && q[this.queueStart].time < now - this.windowMs) {
      const s = q[this.queueStart++];
      const list = this.byKey.get(s.message)!;
      // Both are in the order records came, so the oldest entry is nearly always first.
      if (list[0] === s) list.shift();
      else list.splice(list.indexOf(s), 1);
      if (list.length === 0) this.byKey.delete(s.message);
    }
    if (this.queueStart > 1024 && this.queueStart * 2 > q.length) {
      q.splice(0, this.queueStart);
      this.queueStart = 0;
    }
  }

  /** Takes the next record of the merge (one that passed the filter): true when it is a repeat. */
  accept(r: MergedRecord): boolean {
    if (r.sortTime === undefined || r.approximate) return false;
    const time = r.sortTime;
    if (time > this.newest) {
      this.newest = time;
      this.expire(time);
    }
    const before = this.byKey.get(r.message);
    let other = false;
    let own = false;
    if (before) {
      for (const s of before) {
        if (s.time < time - this.windowMs || s.level !== r.level || s.logger !== r.logger) continue;
        if (s.rank === r.source) own = true;
        else other = true;
      }
    }
    const seen: Seen = { message: r.message, level: r.level, logger: r.logger, rank: r.source, time };
    this.queue.push(seen);
    if (before) before.push(seen);
    else this.byKey.set(r.message, [seen]);
    return other && !own;
  }
}

/** A row that stands for the same record of several ranks. */
export interface Repeat {
  /** Every rank that logged it: the row's own first, then in the order they came. */
  ranks: number[];
  /** The other ranks' records, in the order they came. */
  records: MergedRecord[];
  /** Ranks of the job that had logged before and did not log this one, when most ranks did. */
  missing: number[];
}

/**
 * The ranks that did not log a record most ranks logged: only when at most a quarter of the
 * ranks (at least one) are missing, and only ranks that had logged something by then.
 */
export function missingRanks(ranks: readonly number[], allRanks: readonly number[], seen: (rank: number) => boolean): number[] {
  if (ranks.length < 2) return [];
  const present = new Set(ranks);
  const missing = allRanks.filter((r) => !present.has(r));
  if (missing.length === 0 || missing.length > Math.max(1, Math.floor(allRanks.length / 4))) return [];
  return missing.filter(seen);
}

/** `[0-3,5,7]`: ranks as sorted ranges (two in a row are listed). */
export function rankRanges(ranks: readonly number[]): string {
  return `[${rankRuns(ranks).map(([a, b]) => (a === b ? String(a) : b === a + 1 ? `${a},${b}` : `${a}-${b}`)).join(',')}]`;
}

/**
 * Gathers the repeats of rows already chosen: each repeat joins the earliest row of its key
 * within the window before it that does not have its rank yet.
 */
export class RepeatCollector {
  private readonly heads = new Map<string, { row: MergedRecord & { repeat?: Repeat }; time: number }[]>();

  constructor(readonly windowMs = REPEAT_WINDOW_MS) {}

  addRow(row: MergedRecord & { repeat?: Repeat }): void {
    if (row.sortTime === undefined || row.approximate) return;
    const key = repeatKey(row);
    const list = this.heads.get(key);
    const entry = { row, time: row.sortTime };
    if (list) list.push(entry);
    else this.heads.set(key, [entry]);
  }

  addRepeat(r: MergedRecord): void {
    const list = this.heads.get(repeatKey(r));
    const time = r.sortTime ?? -Infinity;
    const head = list?.find((h) => h.time >= time - this.windowMs && h.time <= time && h.row.source !== r.source && !h.row.repeat?.ranks.includes(r.source));
    if (!head) return;
    head.row.repeat ??= { ranks: [head.row.source], records: [], missing: [] };
    head.row.repeat.ranks.push(r.source);
    head.row.repeat.records.push(r);
  }
}
