// Log times are wall-clock times without a zone (Python's asctime). We keep them as "naive"
// milliseconds (the wall-clock fields read as if UTC) so that comparing and printing them never
// shifts them by the reader's time zone.

/**
 * Naive ms of a wall-clock time, or undefined for a date that does not exist: Date.UTC would
 * read year 0099 as 1999 and Feb 30 as Mar 2, and such a record must not become "first".
 */
function naiveMs(year: number, month: number, day: number, hour: number, minute: number, second: number, milli: number): number | undefined {
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return undefined;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second, milli);
  return new Date(ms - (second === 60 ? 1000 : 0)).getUTCDate() === day ? ms : undefined;
}

/** A day in milliseconds. */
export const DAY_MS = 86_400_000;

/**
 * Names of time zones as `%Z` writes them (Python's `time.strftime`, the C library's), read after a
 * line's time where a level follows (a logger in capitals, `NCCL`, is no zone).
 */
const ZONE_NAMES = 'UTC|GMT|WET|WEST|CET|CEST|EET|EEST|MSK|BST|IST|EST|EDT|CST|CDT|MST|MDT|PST|PDT|AKST|AKDT|HST|JST|KST|HKT|SGT|AWST|ACST|ACDT|AEST|AEDT|NZST|NZDT';

/**
 * A line that starts with a date and time (`2026-11-30 09:12:33,123`, ISO `T`, `.`, a zone, in
 * brackets): the date and time, without the zone. A zone after a space (`datefmt` ending in ` %z`
 * or ` %Z`: ` +0100`, ` UTC`) is read where what follows it may follow a time; a zone's name
 * (` CET`, ` PST`) where a level follows it.
 */
export const LEADING_TIME = new RegExp(`^\\[?(\\d{4}-\\d\\d-\\d\\d[ T]\\d\\d:\\d\\d:\\d\\d(?:[.,]\\d{1,9})?)(?:Z|[+-]\\d\\d:?\\d\\d| (?:[+-]\\d\\d:?\\d\\d|UTC|GMT|(?:${ZONE_NAMES})(?=\\]? +(?:DEBUG|INFO|WARNING|WARN|ERROR|CRITICAL|FATAL)(?![\\w.])))(?=[\\s\\]|:-]|$))?\\]?(?=[\\s\\]|:-]|$)`);

/** `2026-02-04 19:36:20,503` (asctime) -> naive ms, or undefined when malformed. */
export function parseAsctime(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:[,.](\d{1,6}))?/.exec(text);
  if (!m) return undefined;
  const frac = m[7] ? Number((m[7] + '000').slice(0, 3)) : 0;
  return naiveMs(+m[1], +m[2], +m[3], +m[4], +m[5], +m[6], frac);
}

/** The separator's ISO time (`2026-02-04T19:36:20.123456`, maybe with a zone suffix we ignore). */
export const parseIsoTimestamp = parseAsctime;

/** Reads the 23 bytes of an asctime at `pos` without allocating a string. */
export function asctimeFromBytes(buf: Uint8Array, pos: number): number | undefined {
  for (const i of DIGITS) {
    const c = buf[pos + i];
    if (!(c >= 48 && c <= 57)) return undefined;
  }
  return asctimeOfDigits((i) => buf[pos + i] - 48);
}

/** The naive ms of an asctime whose digit at position `i` is `d(i)` (`DIGITS`, checked), or undefined for an impossible date or time. */
function asctimeOfDigits(d: (i: number) => number): number | undefined {
  const year = d(0) * 1000 + d(1) * 100 + d(2) * 10 + d(3);
  const month = d(5) * 10 + d(6);
  const day = d(8) * 10 + d(9);
  const hour = d(11) * 10 + d(12);
  const minute = d(14) * 10 + d(15);
  const second = d(17) * 10 + d(18);
  const milli = d(20) * 100 + d(21) * 10 + d(22);
  // Records of a log share their day: the day's start is worked out (and checked) once.
  const dayKey = year * 10000 + month * 100 + day;
  if (dayKey !== lastDay.key) {
    lastDay.key = dayKey;
    lastDay.ms = naiveMs(year, month, day, 0, 0, 0, 0);
  }
  if (lastDay.ms === undefined || hour > 23 || minute > 59 || second > 60) return undefined;
  return lastDay.ms + ((hour * 60 + minute) * 60 + second) * 1000 + milli;
}

const DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22];
const lastDay: { key: number; ms: number | undefined } = { key: -1, ms: undefined };

/** `YYYY-MM-DD HH:MM:SS,mmm` at the start of `text`. */
export function isAsctimeAt(text: string): boolean {
  if (text.length < 23 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 32 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58 || text.charCodeAt(19) !== 44) return false;
  for (const i of DIGITS) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Naive ms of the asctime `isAsctimeAt` found (as `asctimeFromBytes` reads one). */
export function asctimeOfText(text: string): number | undefined {
  return asctimeOfDigits((i) => text.charCodeAt(i) - 48);
}

/** `2026-02-04 19:36:20` */
export function formatTime(ms: number | undefined, withMillis = false): string {
  if (ms === undefined) return '?';
  const iso = new Date(ms).toISOString();
  return iso.slice(0, 10) + ' ' + iso.slice(11, withMillis ? 23 : 19);
}

/** `19:36:20` */
export function formatClock(ms: number | undefined): string {
  if (ms === undefined) return '?';
  return new Date(ms).toISOString().slice(11, 19);
}

/** `19:36:20.503` */
export function formatClockMs(ms: number): string {
  return new Date(ms).toISOString().slice(11, 23);
}

/** `2h 03m`, `4m 12s`, `850 ms` */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '?';
  const sign = ms < 0 ? '-' : '';
  ms = Math.abs(ms);
  if (ms < 1000) return `${sign}${Math.round(ms)} ms`;
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${sign}${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${sign}${m}m ${String(s % 60).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${sign}${h}h ${String(m % 60).padStart(2, '0')}m`;
  return `${sign}${Math.floor(h / 24)}d ${String(h % 24).padStart(2, '0')}h`;
}

/** A real instant (epoch ms, e.g. a file's mtime) as naive local wall-clock ms. */
export function naiveFromEpoch(epochMs: number): number {
  return epochMs - new Date(epochMs).getTimezoneOffset() * 60_000;
}

/** Naive ms of a wall-clock time, or undefined for a date that does not exist. */
export function naive(year: number, month: number, day: number, h: number, m: number, s: number, ms: number): number | undefined {
  if (month < 1 || month > 12 || day < 1 || day > 31 || h > 23 || m > 59 || s > 60) return undefined;
  const t = Date.UTC(year, month - 1, day, h, m, Math.min(s, 59), ms);
  return new Date(t).getUTCDate() === day ? t : undefined;
}

/** `.123456` or `.123456789` -> 123 (ms). */
export function millis(fraction: string | undefined): number {
  return fraction ? Number((fraction + '00').slice(0, 3)) : 0;
}

/** Whether a UTF-16 code is an ASCII digit. */
export function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}
