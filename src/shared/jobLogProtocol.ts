// The messages between the Job Log webview (and the Job Timeline, in it or on its own) and the
// extension host, both ways. The host checks every message it receives with
// `parseWebviewMessage`: anything else is ignored and logged.
import type { TimelineData, TimelineFrame, TimelineLane } from './timelineModel';

/** What the toolbar sets. Strings as typed: the host parses and reports what is wrong. */
export interface JobLogFilterText {
  level: string;
  ranks: string;
  text: string;
  regex: boolean;
  caseSensitive: boolean;
  since: string;
  until: string;
  /** The job's attempt, 1-based, or '' for every attempt. */
  attempt: string;
  /** The same record of several ranks within a moment is one row (`[0-7]`). */
  repeats: boolean;
  /** The text hides rows that do not match; when false it only marks matches, for n / N. */
  onlyMatches: boolean;
}

export const EMPTY_FILTER: JobLogFilterText = { level: '', ranks: '', text: '', regex: false, caseSensitive: false, since: '', until: '', attempt: '', repeats: true, onlyMatches: true };

/** One row as the webview shows it: already text, never markup. */
export interface JobLogRow {
  row: number;
  rank: number;
  /** `10:02:10.250`, `~10:02:10.250` when inherited, '' when none. */
  time: string;
  /** The full date and time, for the tooltip and the accessible label. */
  date: string;
  level: string;
  logger: string;
  message: string;
  /** Continuation lines (traceback), shown when the row is expanded. */
  more: string[];
  /** The record starts a session (a resume separator). */
  resume: boolean;
  /** The job's first failure. */
  firstFailure: boolean;
  /** The row stands for the same record of several ranks. */
  group?: {
    /** `[0-3,5-7]` */
    label: string;
    ranks: number[];
    /** Ranks that had logged before and did not log this one, while most ranks did. */
    missing: number[];
    /** `rank 3 at 10:25:37.120, line 4052`, one per other rank. */
    others: string[];
  };
  /** The text to find matches this row (when the text marks rather than hides). */
  match: boolean;
}

export type HostMessage =
  | { type: 'reset'; total: number; records: number; filter: JobLogFilterText; problem?: string; title: string; ranks: number[]; attempts: number; building: boolean }
  | { type: 'rows'; start: number; rows: JobLogRow[]; total: number }
  | { type: 'reveal'; row: number }
  /** The first read of the job goes on: rows [0, total) are final, more are coming while `building`. */
  | { type: 'progress'; total: number; records: number; building: boolean }
  | { type: 'appended'; total: number; records: number; newRows: number }
  /** The answer to `find`: the row of the next match, or none (with why). */
  | { type: 'found'; row?: number; message?: string }
  /** The Job Timeline, every lane (when the webview loads). */
  | { type: 'timeline'; data: TimelineData }
  /** The lanes that changed, with the job's frame (its ranks in order: lanes not listed are kept). */
  | { type: 'timelineLanes'; frame: TimelineFrame; lanes: TimelineLane[] }
  /** The answer to `timelineRecordAt`: the rank's record at or before that moment, as text. */
  | { type: 'timelineRecord'; rank: number; time: number; text?: string }
  /** The filter changed from elsewhere (the timeline): the toolbar shows it. */
  | { type: 'filterFields'; filter: JobLogFilterText }
  /**
   * An imported job's lines that name no rank, which are not in the rows (`text`: what they are;
   * `mostly`: the ranks' records are among them), or none (`text` undefined).
   */
  | { type: 'launcher'; text?: string; mostly?: boolean };

export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'filter'; filter: JobLogFilterText }
  | { type: 'window'; start: number; count: number }
  | { type: 'open'; row: number }
  | { type: 'copy'; rows: number[] }
  | { type: 'follow'; atBottom: boolean }
  /** The next (or previous) row after `from` that the text matches. */
  | { type: 'find'; from: number; backward: boolean }
  /** A timeline mark: the record of `rank` at `line`, shown in the Job Log. */
  | { type: 'timelineOpen'; rank: number; line: number }
  /** The timeline above the Job Log was folded or unfolded (kept as the user's choice). */
  | { type: 'timelineFold'; open: boolean }
  /** The pointer rests on a lane: which record did the rank write last at that moment? */
  | { type: 'timelineRecordAt'; rank: number; time: number }
  /** A click on a lane: that rank's record at that moment, shown in the Job Log. */
  | { type: 'timelineMoment'; rank: number; time: number }
  /** A lane's label (the rank) or a range dragged on the histogram, as the Job Log's filter. */
  | { type: 'timelineFilter'; ranks?: string; since?: string; until?: string }
  /** Open the lines that name no rank (the Launcher item's). */
  | { type: 'openLauncher' };

const MAX_WINDOW = 2000;

function isCount(v: unknown, max = Number.MAX_SAFE_INTEGER): v is number {
  return Number.isInteger(v) && (v as number) >= 0 && (v as number) <= max;
}

function isFilter(v: unknown): v is JobLogFilterText {
  if (typeof v !== 'object' || v === null) return false;
  const f = v as Record<string, unknown>;
  return ['level', 'ranks', 'text', 'since', 'until', 'attempt'].every((k) => typeof f[k] === 'string' && (f[k] as string).length <= 1000) && ['regex', 'caseSensitive', 'repeats', 'onlyMatches'].every((k) => typeof f[k] === 'boolean');
}

/** A message from the webview, checked; undefined for anything malformed or unknown. */
export function parseWebviewMessage(raw: unknown): WebviewMessage | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const m = raw as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
      return { type: 'ready' };
    case 'openLauncher':
      return { type: 'openLauncher' };
    case 'filter':
      if (!isFilter(m.filter)) return undefined;
      return { type: 'filter', filter: { level: m.filter.level, ranks: m.filter.ranks, text: m.filter.text, regex: m.filter.regex, caseSensitive: m.filter.caseSensitive, since: m.filter.since, until: m.filter.until, attempt: m.filter.attempt, repeats: m.filter.repeats, onlyMatches: m.filter.onlyMatches } };
    case 'window':
      return isCount(m.start) && isCount(m.count, MAX_WINDOW) ? { type: 'window', start: m.start, count: m.count } : undefined;
    case 'open':
      return isCount(m.row) ? { type: 'open', row: m.row } : undefined;
    case 'copy':
      return Array.isArray(m.rows) && m.rows.length <= MAX_WINDOW && m.rows.every((r) => isCount(r)) ? { type: 'copy', rows: m.rows as number[] } : undefined;
    case 'follow':
      return typeof m.atBottom === 'boolean' ? { type: 'follow', atBottom: m.atBottom } : undefined;
    case 'find':
      return isCount(m.from) && typeof m.backward === 'boolean' ? { type: 'find', from: m.from, backward: m.backward } : undefined;
    case 'timelineOpen':
      return isCount(m.rank) && isCount(m.line) ? { type: 'timelineOpen', rank: m.rank, line: m.line } : undefined;
    case 'timelineFold':
      return typeof m.open === 'boolean' ? { type: 'timelineFold', open: m.open } : undefined;
    case 'timelineRecordAt':
    case 'timelineMoment':
      return isCount(m.rank) && typeof m.time === 'number' && Number.isFinite(m.time) && Math.abs(m.time) < 1e15 ? { type: m.type, rank: m.rank, time: m.time } : undefined;
    case 'timelineFilter': {
      const text = (v: unknown): v is string | undefined => v === undefined || (typeof v === 'string' && v.length <= 100);
      if (!text(m.ranks) || !text(m.since) || !text(m.until) || (m.ranks === undefined && m.since === undefined && m.until === undefined)) return undefined;
      return { type: 'timelineFilter', ranks: m.ranks, since: m.since, until: m.until };
    }
    default:
      return undefined;
  }
}
