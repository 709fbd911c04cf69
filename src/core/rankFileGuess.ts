// A folder where no layout found a job may still hold one file per rank under a name of its
// own (`gpu0.log`, `rank_3.txt`, `train-4242-3.out`): the name pattern its files suggest, offered
// to the user as a `workerLogs.rankFilePatterns` entry (or the CLI's `--rank-files`), never read
// as ranks on a guess. Pure (names in, a pattern out), but for `nodeConsolesGuess`, which reads
// the heads of the files it guesses.
import * as path from 'node:path';
import { LineFormat } from './lineFormats';
import { fileNames } from './layoutDirs';
import { asNodeFiles } from './nodeFiles';
import { rankPattern, readTaskFiles } from './importLayouts';

/** A group of names this many files at least suggests a pattern (rank 0 and rank 1). */
const MIN_FILES = 2;
/** Names of a folder looked at, at most (a dataset's folder holds millions). */
const MAX_NAMES = 20_000;
/** Files a guess names (the first ranks'). */
const SHOWN_FILES = 3;
/** Numbers of a name looked at as its rank, the last ones. */
const MAX_NUMBERS_A_NAME = 4;
/** The extensions a rank's file may have. */
const RANK_FILE = /\.(log|txt|out|err)$/i;

/** What a guess gives: the pattern, and the files it names (the first few, by rank). */
export interface RankFileGuess {
  pattern: string;
  files: string[];
  ranks: number;
}

/**
 * A `{rank}` pattern of `names` (log, text and output files), where a run of digits is the rank:
 * one whose ranks are 0 and the numbers after it, each once, with no gap (a folder of numbered
 * runs or epochs starts at 1, or skips). Names' last numbers are tried first (`train-4242-{rank}.out`,
 * not `train-{rank}-0.out`), then the ones before them; of patterns of the same place, the one
 * that names the most files.
 */
export function guessRankFilePattern(names: readonly string[]): RankFileGuess | undefined {
  const numbered: { name: string; numbers: { at: number; end: number }[] }[] = [];
  for (const name of names.slice(0, MAX_NAMES)) {
    if (RANK_FILE.test(name) && !/[*?{}/\\]/.test(name)) numbered.push({ name, numbers: lastNumbers(name, MAX_NUMBERS_A_NAME) });
  }
  // The last number of each name first (a rank's is near its end), then the one before it, ...:
  // most folders are told by their names' last numbers, each name one group's.
  for (let back = 1; back <= MAX_NUMBERS_A_NAME; back++) {
    const groups = new Map<string, { ranks: number[]; files: string[] }>();
    for (const { name, numbers } of numbered) {
      const n = numbers[back - 1];
      if (n === undefined || n.end - n.at > 7) continue;
      const pattern = `${name.slice(0, n.at)}{rank}${name.slice(n.end)}`;
      const rank = Number(name.slice(n.at, n.end));
      const g = groups.get(pattern) ?? groups.set(pattern, { ranks: [], files: [] }).get(pattern)!;
      g.ranks.push(rank);
      if (rank < SHOWN_FILES) g.files[rank] = name;
    }
    let best: { pattern: string; files: string[]; size: number } | undefined;
    for (const [pattern, g] of groups) {
      const size = g.ranks.length;
      if (size < MIN_FILES || (best && size <= best.size) || !fromZeroOnce(g.ranks) || rankPattern(pattern) === undefined) continue;
      best = { pattern, files: g.files, size };
    }
    if (best) return { pattern: best.pattern, files: best.files.slice(0, SHOWN_FILES), ranks: best.size };
  }
  return undefined;
}

/** A compressed file's extension, and the command that decompresses it beside itself. */
const COMPRESSED: Record<string, string> = { gz: 'gunzip -k', bz2: 'bunzip2 -k', xz: 'unxz -k', zst: 'unzstd', lz4: 'unlz4', zip: 'unzip' };
/** A compressed log: a rank's file (or a rotated one, `.log.1.gz`) or a capture, compressed. */
const COMPRESSED_LOG = /\.(?:log|txt|out|err)(?:\.\d{1,3})?\.(gz|bz2|xz|zst|lz4|zip)$/i;

/**
 * When `names` hold compressed logs (`worker_0.log.gz`: a job's logs archived after it ran),
 * which no reader here opens: what to tell the user, `<files> are compressed logs: decompress
 * them first (gunzip -k <dir>/*.gz)`; undefined when none is. `dir`: the folder, as shown; `file`:
 * the one file the user named in it, when they named one.
 */
export function compressedLogsHint(dir: string, names: readonly string[], file?: string): string | undefined {
  const byKind = new Map<string, string[]>();
  for (const name of names.slice(0, MAX_NAMES)) {
    const kind = COMPRESSED_LOG.exec(name)?.[1].toLowerCase();
    if (kind) (byKind.get(kind) ?? byKind.set(kind, []).get(kind)!).push(name);
  }
  const [kind, files] = [...byKind].sort((a, b) => b[1].length - a[1].length)[0] ?? [];
  if (!kind || !files) return undefined;
  const sorted = [...files].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const shown = file !== undefined ? path.join(dir, file) : `${sorted.slice(0, SHOWN_FILES).join(', ')}${sorted.length > SHOWN_FILES ? `, ... (${sorted.length} files)` : ''}`;
  const what = file !== undefined ? path.join(dir, file) : path.join(dir, `*.${kind}`);
  const command = kind === 'zip' ? `unzip ${what} -d ${dir}` : `${COMPRESSED[kind]} ${what}`;
  return `${shown} ${sorted.length === 1 ? 'is a compressed log, which is' : 'are compressed logs, which are'} not read: decompress ${sorted.length === 1 ? 'it' : 'them'} first (${command}), then read ${file !== undefined ? 'what it holds' : 'the folder again'}`;
}

/** The files a guess names, for a message: the first ranks', then how many there are (`ellipsis`: `...` in a terminal, `…` in the editor). */
export function guessedFiles(guess: RankFileGuess, ellipsis: string): string {
  return `${guess.files.join(', ')}${guess.ranks > guess.files.length ? `, ${ellipsis} (${guess.ranks} files)` : ''}`;
}

/** The last `count` runs of digits of `name`, the last first: where each starts and ends. */
function lastNumbers(name: string, count: number): { at: number; end: number }[] {
  const found: { at: number; end: number }[] = [];
  const digit = (i: number): boolean => i >= 0 && name.charCodeAt(i) >= 48 && name.charCodeAt(i) <= 57;
  for (let i = name.length - 1; i >= 0 && found.length < count; i--) {
    if (!digit(i)) continue;
    const end = i + 1;
    while (digit(i - 1)) i--;
    found.push({ at: i, end });
  }
  return found;
}

/** Whether `ranks` are 0 to their count less one, each once (`rank01.log` beside `rank1.log`: two files of one rank, no pattern of ranks). */
function fromZeroOnce(ranks: readonly number[]): boolean {
  const seen = new Uint8Array(ranks.length);
  for (const r of ranks) {
    if (r >= ranks.length || seen[r]) return false;
    seen[r] = 1;
  }
  return true;
}

/**
 * When `dir`'s files are torchrun's consoles named alike but for a number that runs from 0
 * (`node0.out`, `node1.out`: one torchrun a node, each console's labels its node's local ranks),
 * the name that reads them as one job's nodes, whose ranks are global, as `--rank-files` or
 * `workerLogs.rankFilePatterns` do (`file`, when given, among them). Read as captures, each node
 * was a job of its own whose ranks were numbered from 0. Offered, never read so on a guess: a
 * sweep's runs on two nodes are named alike too.
 */
export async function nodeConsolesGuess(dir: string, formats: readonly LineFormat[], file?: string): Promise<RankFileGuess | undefined> {
  const guess = guessRankFilePattern(await fileNames(dir));
  if (!guess || (file !== undefined && !rankPattern(guess.pattern)?.test(path.basename(file)))) return undefined;
  for (const job of await readTaskFiles(dir, [guess.pattern])) {
    if (job.ranks.size === guess.ranks && (await asNodeFiles(job, formats))) return guess;
  }
  return undefined;
}
