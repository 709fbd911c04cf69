// A folder where no layout found a job may still hold one file per rank under a name of its
// own (`gpu0.log`, `rank_3.txt`, `train-4242-3.out`): the name pattern its files suggest, offered
// to the user as a `workerLogs.rankFilePatterns` entry (or the CLI's `--rank-files`), never read
// as ranks on a guess. Pure: names in, a pattern out.
import { rankPattern } from './importLayouts';

/** A group of names this many files at least suggests a pattern (rank 0 and rank 1). */
const MIN_FILES = 2;
/** Names of a folder looked at, at most (a dataset's folder holds millions). */
const MAX_NAMES = 20_000;
/** The extensions a rank's file may have. */
const RANK_FILE = /\.(log|txt|out|err)$/i;

/** What a guess gives: the pattern, and the files it names (the first few, by rank). */
export interface RankFileGuess {
  pattern: string;
  files: string[];
  ranks: number;
}

/**
 * The `{rank}` pattern that names the most of `names` (log, text and output files), where a run of
 * digits is the rank: one whose ranks are 0 and the numbers after it, each once, with no gap (a
 * folder of numbered runs or epochs starts at 1, or skips). Of two patterns naming as many files,
 * the one whose number comes later in the name (`train-4242-{rank}.out`, not `train-{rank}-0.out`).
 */
export function guessRankFilePattern(names: readonly string[]): RankFileGuess | undefined {
  const groups = new Map<string, { ranks: Set<number>; files: Map<number, string>; at: number; clash: boolean }>();
  for (const name of names.slice(0, MAX_NAMES)) {
    if (!RANK_FILE.test(name) || /[*?{}/\\]/.test(name)) continue;
    for (const m of name.matchAll(/\d{1,7}/g)) {
      const at = m.index ?? 0;
      // (The whole run of digits: not a part of a longer number.)
      if (/\d/.test(name.charAt(at + m[0].length)) || (at > 0 && /\d/.test(name.charAt(at - 1)))) continue;
      const pattern = `${name.slice(0, at)}{rank}${name.slice(at + m[0].length)}`;
      const rank = Number(m[0]);
      const g = groups.get(pattern) ?? groups.set(pattern, { ranks: new Set(), files: new Map(), at, clash: false }).get(pattern)!;
      // `rank01.log` beside `rank1.log`: two files of one rank, no pattern of ranks.
      if (g.ranks.has(rank)) g.clash = true;
      g.ranks.add(rank);
      g.files.set(rank, name);
    }
  }
  let best: { pattern: string; size: number; at: number; files: Map<number, string> } | undefined;
  for (const [pattern, g] of groups) {
    const size = g.ranks.size;
    if (g.clash || size < MIN_FILES || !g.ranks.has(0) || !g.ranks.has(size - 1) || rankPattern(pattern) === undefined) continue;
    if (!best || size > best.size || (size === best.size && g.at > best.at)) best = { pattern, size, at: g.at, files: g.files };
  }
  if (!best) return undefined;
  const files = [...best.files.entries()].sort((a, b) => a[0] - b[0]).slice(0, 3).map(([, name]) => name);
  return { pattern: best.pattern, files, ranks: best.size };
}
