// The words every view uses for sessions and error records: the Workers view, Go to Session,
// the outline, hover and workspace symbols all label them here, so they never disagree.
import { ErrorRecord, errorCount, LevelCounts, Session, sessionStartTime } from './indexModel';
import { endingText, sessionEnding } from './rankEnding';
import { formatClock, formatDuration, formatTime } from './timestamps';
import { plural } from './wording';

/** A session after a resume separator was resumed; the file's first session was started. */
export function sessionVerb(s: Session): 'resumed' | 'started' {
  return s.index > 0 || s.resumeTimeText !== undefined ? 'resumed' : 'started';
}

/** `resumed 10:15:00`, or undefined when the session has no time. */
export function sessionStartText(s: Session): string | undefined {
  const start = sessionStartTime(s);
  return start === undefined ? undefined : `${sessionVerb(s)} ${formatClock(start)}`;
}

/** `Session 2 · resumed 10:15:00` */
export function sessionLabel(s: Session): string {
  const start = sessionStartText(s);
  return `Session ${s.index + 1}${start ? ` · ${start}` : ''}`;
}

/** `2 errors · 1 warning`, or '' when there are neither. */
export function countsText(errors: number, warnings: number): string {
  const parts: string[] = [];
  if (errors) parts.push(plural(errors, 'error'));
  if (warnings) parts.push(plural(warnings, 'warning'));
  return parts.join(' · ');
}

export function levelCountsText(c: LevelCounts): string {
  return countsText(errorCount(c), c.WARNING);
}

/** `2m 10s · 1 error · 1 warning` (or `· 12 records` when it has neither). */
export function sessionDetail(s: Session): string {
  const parts: string[] = [];
  const start = sessionStartTime(s);
  if (start !== undefined && s.lastTime !== undefined) parts.push(formatDuration(s.lastTime - start));
  parts.push(levelCountsText(s.counts) || plural(s.records, 'record'));
  const ending = sessionEnding(s);
  if (ending) parts.push(endingText(ending));
  return parts.join(' · ');
}

/** The session's start with its date, for tooltips and the outline: `2026-02-04 10:15:00`. */
export function sessionStartDate(s: Session): string | undefined {
  const start = sessionStartTime(s);
  return start === undefined ? undefined : formatTime(start);
}

/** The first line of `text`, cut at `max` characters. */
export function firstLine(text: string, max = 140): string {
  const line = text.split('\n')[0];
  return line.length > max ? line.slice(0, max - 1) + '…' : line;
}

/** What an error record is called: its exception line when it has a traceback, else its message. */
export function errorLabel(record: ErrorRecord): string {
  return firstLine(record.exception ?? record.message);
}

/**
 * What an exception Python ignored was ignored in (`ErrorRecord.ignored`), short: `<function
 * Loader.__del__ at 0x7f...>` is `Loader.__del__`, `<module 'threading' from '...'>` is
 * `threading`, an exit handler's is `atexit` and its function.
 */
export function ignoredWhere(what: string): string {
  const name = /<function ([\w.<>]{1,200}) at 0x[0-9a-fA-F]+>/.exec(what)?.[1] ?? /<module '([\w.]{1,200})'/.exec(what)?.[1];
  const atexit = what.startsWith('atexit');
  if (name === undefined) return atexit ? 'atexit' : firstLine(what, 60);
  return atexit ? `atexit ${name}` : name;
}

/** `line 12 · 10:16:28` */
export function errorWhere(record: ErrorRecord): string {
  return `line ${record.line + 1}${record.time !== undefined ? ` · ${formatClock(record.time)}` : ''}`;
}
