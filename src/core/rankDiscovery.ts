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
