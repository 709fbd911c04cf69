// The shapes of a line the byte path of an import writes from its bytes, without decoding it
// (a capture's, a rank's stream's: importCapture.ts, importRankFiles.ts): a record of Python's
// most common format, or a plain indented line. A line of any other shape takes the string path
// (`RankLineWriter.line`, importLines.ts), which must write exactly what the byte path would for
// these; the capture lane (lane/captureLane.wat) reads the same shapes. Pure.
import { asctimeShapeAt } from './logLine';
import { asctimeFromBytes } from './timestamps';

/** A line the byte path reads: a record of the common shape, or an indented plain line. */
export type CommonLine = RecordShape | 'indented';

/** `buf[s..e)` as a line the byte path reads (`recordShapeAt`, `plainIndentedAt`), or undefined. */
export function commonLineAt(buf: Uint8Array, s: number, e: number): CommonLine | undefined {
  return recordShapeAt(buf, s, e) ?? (plainIndentedAt(buf, s, e) ? 'indented' : undefined);
}

export interface RecordShape {
  time: number;
  level: string;
  loggerStart: number;
  loggerEnd: number;
  messageStart: number;
}

const LEVEL_BYTES: [Buffer, string][] = [
  ['INFO', 'INFO'],
  ['WARNING', 'WARNING'],
  ['ERROR', 'ERROR'],
  ['DEBUG', 'DEBUG'],
  ['CRITICAL', 'CRITICAL'],
  ['WARN', 'WARNING'],
  ['FATAL', 'CRITICAL'],
].map(([w, l]) => [Buffer.from(w + ' '), l]);

/**
 * `buf[s..e)` as the most common line of Python's `logging` (`%(asctime)s %(levelname)s
 * %(name)s: %(message)s`), all ASCII, no carriage return, escape or NUL: where its parts are,
 * or undefined for any other line (which takes the string path, `RankLineWriter.line`). What
 * the string path would write for such a line is exactly the header this gives.
 */
export function recordShapeAt(buf: Uint8Array, s: number, e: number): RecordShape | undefined {
  if (e - s < 27 || !asctimeShapeAt(buf, s) || buf[s + 23] !== 32) return undefined;
  for (let i = s; i < e; i++) {
    const b = buf[i];
    if (b >= 0x80 || b === 13 || b === 27 || b === 0) return undefined;
  }
  // A leap second (:60) is written as the next minute by the string path: not taken here.
  if (buf[s + 17] === 54) return undefined;
  const time = asctimeFromBytes(buf, s);
  if (time === undefined) return undefined;
  const ls = s + 24;
  for (const [word, level] of LEVEL_BYTES) {
    let k = 0;
    while (k < word.length && buf[ls + k] === word[k]) k++;
    if (k < word.length) continue;
    const loggerStart = ls + word.length;
    // The logger: no space, at most 119 bytes, then ": ".
    for (let i = loggerStart; i < e - 1 && i - loggerStart < 119; i++) {
      const b = buf[i];
      if (b === 32 || b === 9) return undefined;
      if (b === 58 && buf[i + 1] === 32) return i > loggerStart ? { time, level, loggerStart, loggerEnd: i, messageStart: i + 2 } : undefined;
    }
    return undefined;
  }
  return undefined;
}

/** Whether a date may start at `buf[i]`, before `e`: four digits and `-`, maybe after `[`. */
function dateAhead(buf: Uint8Array, i: number, e: number): boolean {
  if (i < e && buf[i] === 91) i++;
  if (i + 5 > e) return false;
  for (let k = i; k < i + 4; k++) if (buf[k] < 48 || buf[k] > 57) return false;
  return buf[i + 4] === 45;
}

const RICH_LEVELS = ['DEBUG    ', 'INFO     ', 'WARNING  ', 'ERROR    ', 'CRITICAL '].map((w) => Buffer.from(w));

/** rich's logging handler's level column at `buf[i]` (`INFO     `, then no space): maybe its record of the same second as its last (`richRepeatedLine`), the string path's. */
function richLevelAt(buf: Uint8Array, i: number, e: number): boolean {
  if (i + 10 > e || buf[i + 8] !== 32 || buf[i + 9] === 32) return false;
  return RICH_LEVELS.some((w) => w[0] === buf[i] && w.every((b, k) => buf[i + k] === b));
}

/** `buf[s..e)` starts with a space or tab and is plain ASCII (no carriage return, escape or NUL). */
export function plainIndentedAt(buf: Uint8Array, s: number, e: number): boolean {
  if (s >= e || (buf[s] !== 32 && buf[s] !== 9)) return false;
  let i = s;
  while (i < e && (buf[i] === 32 || buf[i] === 9)) i++;
  // `  + Exception Group Traceback ...` starts a record, as may a date (`INDENTED_TIME`; four
  // digits and `-`, maybe after `[`): the string path's. (` 25%|#  | 1/4`, a bar's first state, is not.)
  if (i < e && (buf[i] === 43 || dateAhead(buf, i, e) || richLevelAt(buf, i, e))) return false;
  for (; i < e; i++) {
    const b = buf[i];
    if (b >= 0x80 || b === 13 || b === 27 || b === 0) return false;
  }
  return true;
}
