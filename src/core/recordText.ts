// A merged record as text, for the CLI's merge and the Job Log's copy: one line per record with
// a rank column, continuation lines below it; or one JSON object per line.
import { MergedRecord } from './jobMerge';
import { formatTime } from './timestamps';

/** Text: time (~ when inherited), rank, level, logger, message; continuation lines below. */
export function formatRecordLine(r: MergedRecord, rankWidth: number): string {
  const time = r.sortTime === undefined ? '-'.padEnd(24) : `${r.approximate ? '~' : ' '}${formatTime(r.sortTime, true)}`;
  const rank = `r${r.source}`.padEnd(rankWidth + 1);
  // (A record without a logger: a fatal error's line, a crash's NUL bytes.)
  const head = `${time}  ${rank}  ${r.level.padEnd(8)} ${r.level && r.logger ? `${r.logger}: ` : ''}${r.message}`;
  const indent = `${''.padEnd(24)}  ${rank}  | `;
  const more = r.continuationOmitted ? [`${indent}(${r.continuationOmitted} more lines)`] : [];
  return [head, ...r.continuation.map((l) => indent + l), ...more].join('\n');
}

export function recordJson(r: MergedRecord): string {
  return JSON.stringify({
    rank: r.source,
    file: r.path,
    line: r.line + 1,
    offset: r.offset >= 0 ? r.offset : null,
    time: r.sortTime === undefined ? null : formatTime(r.sortTime, true),
    approximate: r.approximate,
    level: r.level,
    logger: r.logger,
    message: r.message,
    continuation: r.continuation,
  });
}
