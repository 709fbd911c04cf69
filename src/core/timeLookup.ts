// "Where was rank k at 19:36:20?": binary search over the index's checkpoints, then a bounded
// read from the checkpoint found, so a multi-GB log costs one small read.
import { promises as fsp } from 'node:fs';
import { Checkpoint } from './indexModel';
import { classifyLine, newHeaderSlots } from './logLine';
import { asctimeFromBytes } from './timestamps';

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
}

/**
 * Reads lines from `start` (a line start), calling `visit` with each complete line until it
 * returns true, the file ends, or `maxBytes` were read. Lines are passed without "\r\n".
 */
async function visitLinesFrom(
  filePath: string,
  start: { line: number; offset: number },
  maxBytes: number,
  visit: (buf: Buffer, s: number, e: number, line: number) => boolean,
): Promise<void> {
  const handle = await fsp.open(filePath, 'r');
  try {
    const chunkSize = 256 * 1024;
    let buf = Buffer.alloc(0);
    let position = start.offset;
    let line = start.line;
    while (position - start.offset < maxBytes) {
      const chunk = Buffer.allocUnsafe(chunkSize);
      const { bytesRead } = await handle.read(chunk, 0, chunkSize, position);
      if (bytesRead === 0) return;
      position += bytesRead;
      buf = buf.length ? Buffer.concat([buf, chunk.subarray(0, bytesRead)]) : chunk.subarray(0, bytesRead);
      let pos = 0;
      for (;;) {
        const nl = buf.indexOf(10, pos);
        if (nl < 0) break;
        const end = nl > pos && buf[nl - 1] === 13 ? nl - 1 : nl;
        if (visit(buf, pos, end, line)) return;
        line++;
        pos = nl + 1;
      }
      buf = buf.subarray(pos);
    }
  } finally {
    await handle.close();
  }
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
  const start = i >= 0 ? checkpoints[i] : { line: 0, offset: 0 };
  const slots = newHeaderSlots();
  let best: MomentHit | undefined;
  await visitLinesFrom(filePath, start, options.maxBytes ?? 64 * 1024 * 1024, (buf, s, e, line) => {
    if (!classifyLine(buf, s, e, slots) || !slots.hasTime) return false;
    const t = asctimeFromBytes(buf, s);
    if (t === undefined) return false;
    if (t > time) return true;
    best = { line, time: t };
    return false;
  });
  return best;
}

/**
 * The time of the record that holds `line` (the line itself, or the record header above a
 * continuation line), read from disk starting at the nearest checkpoint at or before it.
 */
export async function recordTimeAtLine(filePath: string, checkpoints: readonly Checkpoint[], line: number, options: { maxBytes?: number } = {}): Promise<number | undefined> {
  let start = { line: 0, offset: 0 };
  for (const c of checkpoints) {
    if (c.line <= line) start = c;
    else break;
  }
  const slots = newHeaderSlots();
  let last: number | undefined;
  await visitLinesFrom(filePath, start, options.maxBytes ?? 64 * 1024 * 1024, (buf, s, e, current) => {
    if (classifyLine(buf, s, e, slots)) last = slots.hasTime ? asctimeFromBytes(buf, s) : undefined;
    return current === line;
  });
  return last;
}
