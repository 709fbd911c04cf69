// Who wrote a folder's `worker_<N>.log` files. Our module's records (`... - Worker 2 - name -
// LEVEL - message`) are read as they are; files of that name a program wrote in its own format
// (`logging.basicConfig(filename=f"worker_{rank}.log")`, a shell's `> worker_$RANK.log 2>&1`)
// are another launcher's per-rank files, read through the import like Slurm's task files:
// read as ours they held no record, and a rank that failed read as finished.
import * as path from 'node:path';
import type { ForeignJob, RankSource } from './importLayouts';
import { classifyLine, isTracebackHead, newHeaderSlots } from './logLine';
import { LineFormat, parseForeignLine } from './lineFormats';
import { RankFile, RotatedParts } from './rankDiscovery';
import { openRegular } from './regularFile';

/** `ours`: a record of our module in a file's head; `other`: lines of another format and none of ours; `unknown`: neither yet (empty files, no whole line). */
export type RankFileWriter = 'ours' | 'other' | 'unknown';

/** Bytes of a file's head read. */
const HEAD_BYTES = 16 * 1024;
/** Files whose heads hold lines that are looked at, at most (the first ranks). */
const FILES_WITH_LINES = 4;
/** Files opened, at most (most may still be empty). */
const FILES_OPENED = 16;

/** The name the per-rank job of such files is shown with (beside its folder). */
export const OTHER_WORKER_FILES = 'worker_{rank}.log';

/** The whole lines of a file's head ([] when it is empty, unreadable, or binary). */
async function headLines(file: string): Promise<Buffer[]> {
  let buf: Buffer;
  try {
    const handle = await openRegular(file);
    try {
      buf = Buffer.alloc(HEAD_BYTES);
      const { bytesRead } = await handle.read(buf, 0, HEAD_BYTES, 0);
      buf = buf.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch {
    return [];
  }
  const end = buf.lastIndexOf(10);
  if (end < 0 || buf.subarray(0, end).includes(0)) return [];
  const lines: Buffer[] = [];
  for (let s = 0; s <= end; ) {
    const e = buf.indexOf(10, s);
    lines.push(buf.subarray(s, e > s && buf[e - 1] === 13 ? e - 1 : e));
    s = e + 1;
  }
  return lines;
}

/**
 * Who wrote `files` (a folder's rank logs, in rank order): `ours` as soon as one line of a head
 * is our record; `other` when heads hold lines another format reads (a level or a time:
 * `formats`, the built-in ones too) or a traceback, and none of ours; else `unknown` (garbage
 * and empty files stay ours, as they always were).
 */
export async function rankFileWriter(files: readonly RankFile[], formats: readonly LineFormat[], year = new Date().getFullYear()): Promise<RankFileWriter> {
  const slots = newHeaderSlots();
  let withLines = 0;
  let other = false;
  for (const f of files.slice(0, FILES_OPENED)) {
    const lines = await headLines(f.path);
    if (lines.length === 0) continue;
    for (const line of lines) {
      if (classifyLine(line, 0, line.length, slots)) return 'ours';
      if (other || line.length === 0) continue;
      const text = line.toString('utf8');
      if (isTracebackHead(text)) other = true;
      else {
        const read = parseForeignLine(text, formats, { year });
        other = read !== undefined && (read.level !== undefined || read.time !== undefined || read.timeOfDay !== undefined);
      }
    }
    if (++withLines >= FILES_WITH_LINES) break;
  }
  return other ? 'other' : 'unknown';
}

/**
 * The per-rank job of `worker_<N>.log` files another program wrote (`rankFileWriter` said
 * `other`), or of rank logs a rotating handler cut in parts (`parts`, `discoverRotatedParts`):
 * each rank reads its parts, oldest first, and its log as one, by time.
 */
export function otherWorkerFilesJob(dir: string, files: readonly RankFile[], parts?: RotatedParts): ForeignJob {
  const ranks = new Map<number, RankSource[]>();
  const log = (file: string): RankSource => ({ path: file, stream: 'log', attempt: 0 });
  for (const f of files) if (!ranks.has(f.rank)) ranks.set(f.rank, [...(parts?.byRank.get(f.rank) ?? []).map(log), log(f.path)]);
  // (A rank of older parts alone, its log itself gone.)
  for (const [rank, list] of parts?.byRank ?? []) if (!ranks.has(rank)) ranks.set(rank, list.map(log));
  const job: ForeignJob = { kind: 'tasks', source: path.resolve(dir), name: OTHER_WORKER_FILES, ranks: new Map([...ranks].sort((a, b) => a[0] - b[0])), attempts: [] };
  if (parts?.compressed.length) job.compressedParts = parts.compressed;
  if (parts?.byRank.size) job.partsInOrder = true;
  return job;
}
