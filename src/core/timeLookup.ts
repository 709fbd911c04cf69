// "Where was rank k at 19:36:20?": binary search over the index's checkpoints, then the record
// reader from the checkpoint found, so a multi-GB log costs one small read.
import { Checkpoint } from './indexModel';
import { FILE_START, ReadPosition, RecordReader } from './recordReader';

/** The last checkpoint at or before `time`, or -1. */
export function checkpointBefore(checkpoints: readonly Checkpoint[], time: number): number {
  let lo = 0;
  let hi = checkpoints.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (checkpoints[mid].time <= time) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

export interface MomentHit {
  /** 0-based line of the last timed record at or before the moment. */
  line: number;
  time: number;
  level: string;
  /** The first line of its message. */
  message: string;
}

/** The checkpoint nearest before a line (or the file's start). */
function startFor(checkpoints: readonly Checkpoint[], line: number): ReadPosition {
  let start: ReadPosition = FILE_START;
  for (const c of checkpoints) {
    if (c.line <= line) start = c;
    else break;
  }
  return { offset: start.offset, line: start.line };
}

/**
 * The last timestamped record at or before `time` in the file, reading from the nearest
 * checkpoint; undefined when every record is later or none has a timestamp.
 */
export async function findRecordAtOrBefore(
  filePath: string,
  checkpoints: readonly Checkpoint[],
  time: number,
  options: { maxBytes?: number } = {},
): Promise<MomentHit | undefined> {
  const i = checkpointBefore(checkpoints, time);
  const start: ReadPosition = i >= 0 ? { offset: checkpoints[i].offset, line: checkpoints[i].line } : FILE_START;
  const limit = start.offset + (options.maxBytes ?? 64 * 1024 * 1024);
  let best: MomentHit | undefined;
  for await (const record of new RecordReader(filePath, { maxContinuationLines: 0 }).forward(start)) {
    if (record.offset >= limit) break;
    if (record.time === undefined) continue;
    if (record.time > time) break;
    best = { line: record.line, time: record.time, level: record.level, message: record.message };
  }
  return best;
}

/**
 * The time of the record that holds `line` (the line itself, or the record header above a
 * continuation line), read from disk starting at the nearest checkpoint at or before it.
 */
export async function recordTimeAtLine(filePath: string, checkpoints: readonly Checkpoint[], line: number, options: { maxBytes?: number } = {}): Promise<number | undefined> {
  const start = startFor(checkpoints, line);
  const limit = start.offset + (options.maxBytes ?? 64 * 1024 * 1024);
  for await (const record of new RecordReader(filePath, { maxContinuationLines: 0 }).forward(start)) {
    if (record.line > line || record.offset >= limit) return undefined;
    if (line < record.line + record.lineCount) return record.time;
  }
  return undefined;
}
