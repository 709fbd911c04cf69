// Ranks alive but silent (the diagnosis' quiet ranks): running, launched or with their files
// still held open for writing, and writing nothing for longer than the stall window; the ranks
// that ended without a word beside them; the headline that names them. Pure.
import { JobSummary } from './jobSummary';
import { sessionEnding } from './rankEnding';
import { formatTime, naiveFromEpoch } from './timestamps';
import { plural, ranksLabel } from './wording';
import { maxOf } from './extremes';
import type { Straggler } from './collectiveFindings';
import type { Evidence } from './rankScan';
import type { Session } from './indexModel';

/** A rank's last record (its own, or its log's), as a session keeps it. */
type LastRecord = NonNullable<Session['lastRecord']>;

/**
 * Ranks alive but silent: still running (launched, or a process of this machine writes their
 * files) with no write for longer than the stall window. A hung job looks so (every rank waiting in
 * a collective, or one rank stuck and the rest waiting for it), and so does a long quiet phase:
 * their stacks tell which (Dump Stacks of All Ranks).
 */
export interface QuietRanks {
  ranks: number[];
  /** The latest write among them (naive ms): they are silent since then. */
  since: number;
  /** Ranks that are running and still write (the quiet ones lag behind them). */
  writing: number[];
}

/**
 * The quiet ones of a job's ranks (`QuietRanks`), or undefined when none is: `quietSinceMs` is
 * when a running rank's log last changed (epoch ms), set only when that was longer ago than the
 * stall window.
 */
export function quietRanks(ranks: readonly { rank: number; running: boolean; quietSinceMs?: number }[]): QuietRanks | undefined {
  const running = ranks.filter((r) => r.running);
  const quiet = running.filter((r) => r.quietSinceMs !== undefined);
  if (quiet.length === 0) return undefined;
  const latest = maxOf(quiet.map((r) => r.quietSinceMs!));
  return { ranks: quiet.map((r) => r.rank).sort((a, b) => a - b), since: naiveFromEpoch(latest), writing: running.filter((r) => r.quietSinceMs === undefined).map((r) => r.rank).sort((a, b) => a - b) };
}

/**
 * The ranks of a job whose quiet ones are alive (`QuietRanks`) that ended without a word: not
 * running, their logs saying neither how they ended (an ending record, a stop) nor failing. In a
 * job whose ranks meet in collectives, the alive ones may be waiting for them. Only when they are
 * no more than the alive ones: a few alive among many ended stand out themselves (a last rank
 * still saving its checkpoint, a hung straggler), not the many.
 */
export function endedUnsaid(summary: JobSummary, q: QuietRanks): JobSummary['ranks'] {
  const alive = new Set([...q.ranks, ...q.writing]);
  const ended = summary.ranks.filter((r) => !alive.has(r.rank) && (r.state === 'finished' || r.state === 'stalled') && !r.stoppedBy && !(r.lastSession && sessionEnding(r.lastSession)));
  return ended.length <= alive.size ? ended : [];
}

/** Quiet ranks that last logged the same thing (their numbers aside), and what. */
export interface LastWords {
  ranks: number[];
  /** `INFO step=2 loss=0.500`: one of theirs. */
  text: string;
}

/** What most silent ranks last logged, and the groups of the few that last logged something else (`lastWordsApart`). */
export interface LastWordsApart {
  most: LastWords;
  apart: LastWords[];
}

/** Groups of last records shown at most, the most ranks' aside. */
const MAX_APART = 3;
/** Characters of a last record shown. */
const LAST_WORDS_CHARS = 100;

/**
 * Of ranks that went silent (quiet ones whose stacks are not dumped, or ranks their launcher ended
 * after a silence), the few whose last records say something else than most of them (`apart`),
 * beside what most last logged (`most`): where a hung job's ranks last logged alike (`entering
 * all_reduce`), the one that logged `loading shard 913` is the one to look at, as the odd stack
 * is (LLNL STAT's grouping, from the logs alone). Records alike but for their numbers (`step 2`,
 * `rank 3`) are one group. Only for three ranks or more, each with its last record, when more
 * than half of them last logged alike (of a few groups as large, none is the odd one).
 */
export function lastWordsApart(last: readonly { rank: number; record?: { level: string; message: string } }[]): LastWordsApart | undefined {
  if (last.length < 3) return undefined;
  const groups = new Map<string, LastWords>();
  for (const { rank, record } of last) {
    if (!record) return undefined;
    const text = `${record.level} ${record.message}`.slice(0, LAST_WORDS_CHARS);
    const key = text.replace(/\d+/g, '#');
    const g = groups.get(key);
    if (g) g.ranks.push(rank);
    else groups.set(key, { ranks: [rank], text });
  }
  if (groups.size < 2) return undefined;
  const sorted = [...groups.values()].sort((a, b) => b.ranks.length - a.ranks.length || a.ranks[0] - b.ranks[0]);
  const most = sorted[0];
  if (most.ranks.length * 2 <= last.length) return undefined;
  return { most, apart: sorted.slice(1) };
}

/** The last records of the quiet ones of `summary`'s ranks, for `lastWordsApart`. */
export function quietLastRecords(q: QuietRanks, summary: JobSummary): { rank: number; record?: { level: string; message: string } }[] {
  const quiet = new Set(q.ranks);
  return summary.ranks.filter((r) => quiet.has(r.rank)).map((r) => ({ rank: r.rank, record: r.lastSession?.lastRecord }));
}

/** Ranks whose last records are apart given a row of their own at most (thousands apart are told by the headline's groups). */
const MAX_APART_ROWS = 16;

/** A straggler of each rank `words` finds apart (a few), in rank order, with its last record (`lastOf`: its file and record) as evidence. */
export function apartStragglers(words: LastWordsApart, lastOf: (rank: number) => { file: string; record?: LastRecord }): Straggler[] {
  const ranks = words.apart.flatMap((g) => g.ranks).slice(0, MAX_APART_ROWS).sort((a, b) => a - b);
  return ranks.map((rank) => {
    const { file, record } = lastOf(rank);
    return { rank, reason: `last logged something else than ${ranksLabel(words.most.ranks)} ("${words.most.text}")`, evidence: lastRecordEvidence(rank, file, record) };
  });
}

/** `last record: INFO entering all_reduce` at its line of `file`; none without a record. */
export function lastRecordEvidence(rank: number, file: string, record: LastRecord | undefined): Evidence[] {
  return record ? [{ rank, file, line: record.line, time: record.time, text: `last record: ${record.level} ${record.message}` }] : [];
}

/** `rank 2 "INFO loading shard 913"; the others (ranks 0-1, 3) "INFO entering all_reduce"`. */
export function lastWordsLabel(words: LastWordsApart): string {
  const shown = words.apart.slice(0, MAX_APART).map((g) => `${ranksLabel(g.ranks)} "${g.text}"`);
  if (words.apart.length > MAX_APART) shown.push(`${plural(words.apart.length - MAX_APART, 'other group')} of ranks something else`);
  return `${shown.join('; ')}; the others (${ranksLabel(words.most.ranks)}) "${words.most.text}"`;
}

/**
 * `Quiet: ranks 0-3 are alive but wrote nothing since ...`, the ranks that ended without a word
 * meanwhile, and where their stacks are when dumped (`stacks`: where the one group of them is, and
 * every group's label); before any is, what the few that last logged something else than most of
 * them last logged (`words`, `lastWordsApart`).
 */
export function quietHeadline(q: QuietRanks, stacks: { only?: string; labels: readonly string[] }, ended: JobSummary['ranks'], words?: LastWordsApart): string {
  const one = q.ranks.length === 1;
  const others = q.writing.length ? ` (${ranksLabel(q.writing)} still ${q.writing.length === 1 ? 'writes' : 'write'})` : '';
  const last = maxOf(ended.map((r) => r.lastActivity ?? -Infinity));
  const gone = ended.length
    ? `; ${ranksLabel(ended.map((r) => r.rank))} ended without saying how${Number.isFinite(last) ? ` (${ended.length === 1 ? 'its' : 'their'} last record at ${formatTime(last)})` : ''}: ${one ? 'it' : 'they'} may be waiting for ${ended.length === 1 ? 'it' : 'them'}`
    : '';
  // (Found only before any stack is dumped and when no rank ended without a word: the caller's.)
  const apart = words ? `; last logged: ${lastWordsLabel(words)}` : '';
  const sep = ended.length ? '; ' : apart ? '. ' : ': ';
  const where = stacks.labels.length === 0 ? (ended.length ? '' : `${sep}Dump Stacks of All Ranks shows where ${one ? 'it is' : 'they are'}`) : stacks.only !== undefined ? `${sep}every stack dumped is in ${stacks.only}` : `${sep}the stacks differ: ${stacks.labels.join('; ')}`;
  return `Quiet: ${ranksLabel(q.ranks)} ${one ? 'is' : 'are'} alive but wrote nothing since ${formatTime(q.since)}${others}${gone}${apart}${where}`;
}
