// Which files are rank logs, and in which order ranks are shown.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';

// At most 15 digits (MAX_RANK_DIGITS): a longer number would not stay exact.
const RANK_FILE = /^worker_(\d{1,15})\.log$/;

/** The rank of `worker_<N>.log`, or undefined for any other name. */
export function rankOfFileName(fileName: string): number | undefined {
  const m = RANK_FILE.exec(fileName);
  return m ? Number(m[1]) : undefined;
}

export function isRankLogPath(filePath: string): boolean {
  return rankOfFileName(path.basename(filePath)) !== undefined;
}

/**
 * An older part of `worker_<N>.log` a rotating handler left beside it: Python's
 * RotatingFileHandler's `worker_0.log.1` (the higher, the older; logrotate's too),
 * TimedRotatingFileHandler's `worker_0.log.2026-11-30` (`_09`, `_09-00`, `_09-00-00` by hour,
 * minute, second), logrotate's `dateext` `worker_0.log-20261130`; compressed (`.1.gz`, logrotate's
 * `compress`) or not.
 */
const ROTATED_PART = /^worker_(\d{1,15})\.log(?:\.(\d{1,6})|\.(\d{4}-\d{2}-\d{2}(?:_\d{2}(?:-\d{2}){0,2})?)|-(\d{8}))(\.(?:gz|bz2|xz|zst|lz4|zip))?$/i;

/** The rank of an older part of a rank log (`ROTATED_PART`), where it comes among the rank's parts (`age`: the larger, the older), and whether it is compressed. */
export function rotatedPartOf(fileName: string): { rank: number; age: number; compressed: boolean } | undefined {
  const m = ROTATED_PART.exec(fileName);
  if (!m) return undefined;
  // (Dated parts before numbered ones: a folder holds one kind. A date's digits read as one number, the later the younger.)
  const age = m[2] !== undefined ? Number(m[2]) : 1e15 - Number((m[3] ?? m[4]).replace(/\D/g, '').padEnd(14, '0'));
  return { rank: Number(m[1]), age, compressed: m[5] !== undefined };
}

export function isRotatedPartPath(filePath: string): boolean {
  return rotatedPartOf(path.basename(filePath)) !== undefined;
}

/** A folder's older parts of rank logs (`rotatedPartOf`). */
export interface RotatedParts {
  /** Each rank's parts that are read, oldest first. */
  byRank: Map<number, string[]>;
  /** The names of those compressed, which are not read. */
  compressed: string[];
}

/** The older parts of each rank's log in `dir`; none when it has none or cannot be read. */
export async function discoverRotatedParts(dir: string): Promise<RotatedParts> {
  return rotatedPartsIn(dir, await fsp.readdir(dir).catch(() => []));
}

/** The older parts of each rank's log among `names`, the files of `dir` (a folder listed already). */
export function rotatedPartsIn(dir: string, names: readonly string[]): RotatedParts {
  const found = new Map<number, { path: string; age: number }[]>();
  const compressed: string[] = [];
  for (const name of names) {
    const part = rotatedPartOf(name);
    if (!part) continue;
    if (part.compressed) {
      compressed.push(name);
      continue;
    }
    const list = found.get(part.rank) ?? [];
    list.push({ path: path.join(dir, name), age: part.age });
    found.set(part.rank, list);
  }
  const byRank = new Map([...found].map(([rank, list]) => [rank, list.sort((a, b) => b.age - a.age || (a.path < b.path ? -1 : 1)).map((p) => p.path)]));
  return { byRank, compressed: compressed.sort((a, b) => a.localeCompare(b, 'en', { numeric: true })) };
}

/** Whether a folder's `parts` make its rank logs a job of per-rank files (read through the import). */
export function hasRotatedParts(parts: RotatedParts): boolean {
  return parts.byRank.size > 0 || parts.compressed.length > 0;
}

export interface RankFile {
  rank: number;
  path: string;
}

/** Numeric order (2 before 10); ties (worker_02 and worker_2) by name. */
export function compareRankFiles(a: RankFile, b: RankFile): number {
  return a.rank - b.rank || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
}

/** The rank logs directly inside `dir`, sorted; [] when the folder is missing or unreadable. */
export async function discoverRanks(dir: string): Promise<RankFile[]> {
  let names: string[];
  try {
    names = await fsp.readdir(dir);
  } catch {
    return [];
  }
  const files: RankFile[] = [];
  for (const name of names) {
    const rank = rankOfFileName(name);
    if (rank !== undefined) files.push({ rank, path: path.join(dir, name) });
  }
  return files.sort(compareRankFiles);
}
