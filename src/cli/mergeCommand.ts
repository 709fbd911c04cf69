// `worker-logs merge <dir>`: the Job Log, headless. Every rank's records by time, filtered, one
// line per record with a rank column (tracebacks below their record), or one JSON object per
// line; `--follow` goes on printing what the ranks append.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { indexFile } from '../core/fileIndex';
import { indexFileParallel } from '../core/parallelIndex';
import { attemptSpans, compareMerged, mergedRecord, levelNumber, MergedRecord, mergeJob, MergeFilter, MergeSource, matchesFilter, parseMinLevel, parseRankSet, RankSetError } from '../core/jobMerge';
import type { RecordOrder } from '../core/captureOrder';
import { summarizeJob } from '../core/jobSummary';
import { discoverRanks, discoverRotatedParts } from '../core/rankDiscovery';
import { LogRecord, RecordReader } from '../core/recordReader';
import { formatRecordLine, recordJson } from '../core/recordText';
import { parseAsctime } from '../core/timestamps';
import { UsageError } from './usage';
import { maxOf } from '../core/extremes';
import { ranksLabel } from '../core/wording';
import { headProblem, SNIFF_BYTES, sourceProblem } from '../core/nulBytes';
import { openRegular, readHead } from '../core/regularFile';
import { userRegExp } from '../core/caseFold';
import { guardRegExps } from '../regexpGuard';

interface MergeArgs {
  dir: string;
  filter: MergeFilter;
  attempt?: number;
  count: boolean;
  json: boolean;
  follow: boolean;
}

const VALUED = new Set(['--level', '--ranks', '--grep', '--since', '--until', '--attempt']);
const FLAGS = new Set(['--count', '--json', '--follow', '--ignore-case', '-i']);

function parseTime(flag: string, text: string): number {
  const t = parseAsctime(text.trim());
  if (t === undefined) throw new UsageError(`${flag} needs a time such as "2026-02-04 10:25:37" (or with ,mmm), not "${text}"`);
  return t;
}

export function parseMergeArgs(args: string[]): MergeArgs {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (VALUED.has(a)) {
      if (i + 1 >= args.length) throw new UsageError(`${a} needs a value`);
      values.set(a, args[++i]);
    } else if (FLAGS.has(a)) flags.add(a);
    else if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
    else positional.push(a);
  }
  if (positional.length !== 1) throw new UsageError('merge takes one folder of rank logs');
  const filter: MergeFilter = {};
  const level = values.get('--level');
  if (level !== undefined) {
    filter.minLevel = parseMinLevel(level);
    if (filter.minLevel === undefined) throw new UsageError(`--level needs DEBUG, INFO, WARNING, ERROR, CRITICAL or a number, not "${level}"`);
  }
  const ranks = values.get('--ranks');
  if (ranks !== undefined) {
    try {
      filter.ranks = parseRankSet(ranks);
    } catch (e) {
      if (e instanceof RankSetError) throw new UsageError(`--ranks: ${e.message}`);
      throw e;
    }
  }
  const grep = values.get('--grep');
  if (grep !== undefined) {
    try {
      guardRegExps();
      filter.text = userRegExp(grep, flags.has('--ignore-case') || flags.has('-i'));
    } catch (e) {
      throw new UsageError(`--grep: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (values.has('--since')) filter.since = parseTime('--since', values.get('--since')!);
  if (values.has('--until')) filter.until = parseTime('--until', values.get('--until')!);
  if (filter.since !== undefined && filter.until !== undefined && filter.until < filter.since) throw new UsageError('--until is before --since');
  let attempt: number | undefined;
  if (values.has('--attempt')) {
    attempt = Number(values.get('--attempt'));
    if (!Number.isInteger(attempt) || attempt < 1) throw new UsageError(`--attempt needs a whole number from 1, not "${values.get('--attempt')}"`);
  }
  return { dir: positional[0], filter, attempt, count: flags.has('--count'), json: flags.has('--json'), follow: flags.has('--follow') };
}

/** The byte spans of attempt `n` (1-based) per rank, from the ranks' indexes. */
async function spansOfAttempt(sources: MergeSource[], n: number): Promise<Map<number, [number, number][]>> {
  const inputs = await Promise.all(sources.map(async (s) => ({ rank: s.rank, index: await indexFile(s.path) })));
  const summary = summarizeJob(inputs);
  const spans = attemptSpans(summary, (rank) => inputs.find((i) => i.rank === rank)?.index.sessions, n);
  if (!spans) throw new UsageError(`--attempt ${n}: the job has ${summary.attempts.length} attempt${summary.attempts.length === 1 ? '' : 's'}`);
  return spans;
}

/**
 * `--count` with only level, rank and attempt filters, from the indexes' level counts per
 * session (the index is read on every core); exact, as the merge would count: a level filter
 * leaves out the lines without a header, which the index does not count as records.
 */
async function countFromIndexes(opts: MergeArgs, sources: MergeSource[]): Promise<number | undefined> {
  const f = opts.filter;
  if (f.minLevel === undefined || f.minLevel < 1 || f.text || f.since !== undefined || f.until !== undefined || opts.follow) return undefined;
  const wanted = f.ranks ? sources.filter((s) => f.ranks!.has(s.rank)) : sources;
  const indexes = await Promise.all(wanted.map(async (s) => ({ rank: s.rank, index: await indexFileParallel(s.path, { workerScript: path.join(__dirname, 'indexWorker.js') }) })));
  let spans: Map<number, [number, number][]> | undefined;
  if (opts.attempt !== undefined) {
    const summary = summarizeJob(indexes);
    spans = attemptSpans(summary, (rank) => indexes.find((i) => i.rank === rank)?.index.sessions, opts.attempt);
    if (!spans) throw new UsageError(`--attempt ${opts.attempt}: the job has ${summary.attempts.length} attempt${summary.attempts.length === 1 ? '' : 's'}`);
  }
  let count = 0;
  for (const { rank, index } of indexes) {
    for (const s of index.sessions) {
      if (spans && !spans.get(rank)?.some(([start]) => start === s.startOffset)) continue;
      const c = s.counts;
      for (const [name, n] of [...Object.entries({ DEBUG: c.DEBUG, INFO: c.INFO, WARNING: c.WARNING, ERROR: c.ERROR, CRITICAL: c.CRITICAL }), ...Object.entries(c.other)]) {
        if (levelNumber(name) >= f.minLevel) count += n;
      }
    }
  }
  return count;
}

/** Another launcher's job read into a temporary folder (`RankFolder`): what the merge asks of it. */
export interface MergeContext {
  /** Where a line of it came from (`--json` names that file and line). */
  locate?: (file: string, line: number) => Promise<{ path: string; line: number } | undefined>;
  /**
   * Its live job (`--follow`): `update` appends what its files gained to the temporary folder
   * before each look; `shown` names the job in messages.
   */
  live?: { update(): Promise<unknown>; shown: string };
  /** Where its ranks' records stand in its capture (`JobImport.captureOrder`): a capture without times merges in the capture's order. */
  order?: () => RecordOrder | undefined;
}

export async function mergeCommand(args: string[], out: (text: string) => void, { locate, live, order }: MergeContext = {}): Promise<number> {
  const opts = parseMergeArgs(args);
  const stat = await fsp.stat(opts.dir).catch(() => undefined);
  if (!stat?.isDirectory()) throw new UsageError(`${opts.dir}: not a folder`);
  const found = await discoverRanks(opts.dir);
  if (found.length === 0) throw new UsageError(`no worker_<rank>.log files in ${opts.dir}`);
  // A rank log that is not a file (a folder, a pipe) is left out, and said so; the others merge.
  const sources: MergeSource[] = [];
  // So is one its index does not read (binary, UTF-16), as the Job Log leaves it out (and --follow
  // after it): named by its launcher's file.
  const unread = new Set<string>();
  const readable = async (f: { rank: number; path: string }): Promise<boolean> => {
    const problem = await unreadHead(f.path);
    if (problem === undefined) return true;
    unread.add(f.path);
    const source = (locate && (await locate(f.path, 0))?.path) ?? f.path;
    process.stderr.write(`worker-logs: rank ${f.rank} left out: ${source}: ${sourceProblem(problem, f.path, source)}\n`);
    return false;
  };
  for (const f of found) {
    if (!(await fsp.stat(f.path).catch(() => undefined))?.isFile()) process.stderr.write(`worker-logs: rank ${f.rank} left out: ${f.path} is not a regular file\n`);
    else if (await readable(f)) sources.push({ rank: f.rank, path: f.path });
  }
  if (sources.length === 0) throw new UsageError(`no readable worker_<rank>.log files in ${opts.dir}`);
  // (A typo in --ranks printed nothing at all, as a job with no such records would.)
  const wanted = opts.filter.ranks;
  if (wanted && !sources.some((s) => wanted.has(s.rank))) process.stderr.write(`worker-logs: --ranks names none of the job's ${ranksLabel(sources.map((s) => s.rank))}\n`);
  const placed = order?.();
  if (placed) for (const s of sources) s.order = placed;
  if (opts.attempt !== undefined) opts.filter.spans = await spansOfAttempt(sources, opts.attempt);
  if (opts.count) {
    const counted = await countFromIndexes(opts, sources);
    if (counted !== undefined) {
      out(String(counted));
      return 0;
    }
  }
  const rankWidth = String(maxOf(sources.map((s) => s.rank))).length;
  const print = async (r: MergedRecord): Promise<void> => {
    if (!opts.json) return out(formatRecordLine(r, rankWidth));
    const src = locate ? await locate(r.path, r.line) : undefined;
    // The launcher's file and line; the offset was the temporary copy's.
    out(src ? recordJson({ ...r, path: src.path, line: src.line, offset: -1 }) : recordJson(r));
  };
  // Where each rank was read to, for --follow: after its last complete record.
  const ends = new Map<number, ReadTo>();
  const onRead = (r: MergedRecord): void => {
    if (r.partial) return;
    const prev = ends.get(r.source);
    ends.set(r.source, { offset: r.endOffset, line: r.line + r.lineCount, lastTime: r.time ?? prev?.lastTime });
  };
  let count = 0;
  for await (const r of mergeJob(sources, { filter: opts.filter, onRead, skipPartial: opts.follow })) {
    count++;
    if (!opts.count) await print(r);
  }
  if (opts.count) out(String(count));
  if (!opts.follow) return 0;
  const pathOf = new Map(sources.map((s) => [s.rank, s.path]));
  for (const [rank, to] of ends) to.tail = await tailBefore(pathOf.get(rank) ?? '', to.offset);
  return follow(opts, ends, (r) => (opts.count ? out(String(++count)) : print(r)), { live, order, readable: (f) => !unread.has(f.path) && (ends.has(f.rank) || readable(f)) });
}

/** Why a rank log is not read as one (`headProblem`: binary, UTF-16), from its head; undefined when it is (or cannot be opened: the merge says so). */
async function unreadHead(file: string): Promise<string | undefined> {
  const head = await readHead(file, SNIFF_BYTES).catch(() => undefined);
  return head && headProblem(file, head);
}

/** Where --follow read a rank to: after its last complete record. */
interface ReadTo {
  offset: number;
  line: number;
  lastTime?: number;
  /** The bytes before `offset` (`TAIL_BYTES` at most), as read: a file rewritten alike has them there again. */
  tail?: Buffer;
  /** Polls the file was found shorter than `offset` in a row (an import starting over writes it again). */
  short?: number;
}

/** Bytes before where a rank was read to that tell its file rewritten alike from one rewritten otherwise. */
const TAIL_BYTES = 256;
/**
 * Polls (of 250 ms) a rank log of another launcher's job may stay shorter than it was read to, its
 * import starting over (a rotating handler renamed its parts, a file replaced), before it is read
 * again from its start: the import writes it again, its last records held back a while.
 */
const REWRITE_POLLS = 8;

/** The bytes of `file` before `end` (`TAIL_BYTES` at most); undefined when it cannot be read. */
async function tailBefore(file: string, end: number): Promise<Buffer | undefined> {
  const handle = await openRegular(file).catch(() => undefined);
  if (!handle) return undefined;
  try {
    const length = Math.min(TAIL_BYTES, end);
    const buf = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buf, 0, length, end - length);
    return bytesRead === length ? buf : undefined;
  } catch {
    return undefined;
  } finally {
    await handle.close();
  }
}

/**
 * Whether rank log `file`, `size` bytes now, still holds what --follow read of it (`to`): `same`
 * (read on from there), `short` (shorter than it was read to), `changed` (read again from its start).
 */
async function stillRead(file: string, size: number, to: ReadTo): Promise<'same' | 'short' | 'changed'> {
  if (to.offset === 0) return 'same';
  if (size < to.offset) return 'short';
  if (!to.tail) return 'same';
  const now = await tailBefore(file, to.offset);
  return now && now.equals(to.tail) ? 'same' : 'changed';
}

/**
 * The older part of rank `rank`'s log in `dir` a rotating handler renamed it to (`worker_0.log.1`,
 * `worker_0.log.2026-11-30_09-00-00`), once --follow had read it to `from`: the part that holds
 * the same bytes before that place; undefined when none does.
 */
async function rotatedTo(dir: string, rank: number, from: ReadTo): Promise<string | undefined> {
  if (!from.tail || from.offset === 0) return undefined;
  // (The newest part first: the log was renamed to it at the last rollover.)
  for (const part of [...((await discoverRotatedParts(dir)).byRank.get(rank) ?? [])].reverse()) {
    const size = (await fsp.stat(part).catch(() => undefined))?.size ?? 0;
    if (size >= from.offset && (await tailBefore(part, from.offset))?.equals(from.tail)) return part;
  }
  return undefined;
}

/** Prints what the ranks append (new ranks too), in time order per poll, until interrupted. */
async function follow(
  opts: MergeArgs,
  ends: Map<number, ReadTo>,
  print: (r: MergedRecord) => void | Promise<void>,
  { live, order, readable }: Pick<MergeContext, 'live' | 'order'> & { readable: (f: { rank: number; path: string }) => boolean | Promise<boolean> },
): Promise<number> {
  let stopped = false;
  const stop = (): void => {
    stopped = true;
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  while (!stopped) {
    await new Promise((r) => setTimeout(r, 250));
    if (stopped) break;
    if (live) {
      try {
        await live.update();
      } catch (e) {
        // A launcher's file that vanished or cannot be read now: said, and looked at again next time.
        process.stderr.write(`worker-logs: reading the launcher's files: ${e instanceof Error ? e.message : String(e)}\n`);
      }
    }
    // Each rank's new records, with the last time before each in its file.
    const read: { rec: LogRecord; source: MergeSource; before: number | undefined }[] = [];
    // A capture's records of one poll whose times tie: as the capture has them (`MergeSource.order`).
    const placed = order?.();
    let shrank = false;
    for (const f of await discoverRanks(opts.dir)) {
      if (!(await readable(f))) continue;
      const from = ends.get(f.rank) ?? { offset: 0, line: 0 };
      const size = (await fsp.stat(f.path).catch(() => undefined))?.size ?? 0;
      // Another launcher's job is read again whole when one of its files shrank or was replaced,
      // and its rank logs written again: one that holds what was read of it again is read on
      // from there (a rotating handler's renames change no record), else read again from its start.
      const still = await stillRead(f.path, size, from);
      if (still === 'short' && live && (from.short = (from.short ?? 0) + 1) <= REWRITE_POLLS) continue;
      // Records of `file` from where `start` was read to: to this poll's, the rank read to their end.
      const readOn = async (file: string, start: ReadTo): Promise<ReadTo> => {
        let to = start;
        const source: MergeSource = { rank: f.rank, path: file, order: placed };
        for await (const rec of new RecordReader(file).forward({ offset: start.offset, line: start.line })) {
          if (rec.partial) break;
          read.push({ rec, source, before: to.lastTime });
          to = { offset: rec.endOffset, line: rec.line + rec.lineCount, lastTime: rec.time ?? to.lastTime };
        }
        if (to !== start) to.tail = await tailBefore(file, to.offset);
        return to;
      };
      let at = from;
      if (still !== 'same') {
        // Our rank log rotated by a handler (`worker_0.log` renamed `worker_0.log.1`, a new one
        // begun): the rest of the part it became, then the new log from its start.
        const part = live ? undefined : await rotatedTo(opts.dir, f.rank, from);
        if (part) at = { offset: 0, line: 0, lastTime: (await readOn(part, from)).lastTime };
        else {
          // (Said once, of its files.)
          if (!live) process.stderr.write(`worker-logs: ${f.path} ${still === 'short' ? 'shrank' : 'was replaced'}: reading it again from the start\n`);
          else if (!shrank) process.stderr.write(`worker-logs: ${live.shown} shrank or was replaced: reading it again from the start\n`);
          shrank = true;
          ends.set(f.rank, { offset: 0, line: 0 });
          continue;
        }
      }
      at.short = 0;
      ends.set(f.rank, at);
      if (size === at.offset) continue;
      ends.set(f.rank, await readOn(f.path, at));
    }
    if (placed) for (const { rec, source } of read) await placed.ensure(source.path, rec.line);
    const fresh = read.map(({ rec, source, before }) => mergedRecord(rec, source, before)).sort(compareMerged);
    for (const r of fresh) if (matchesFilter(r, opts.filter)) await print(r);
  }
  return 0;
}
