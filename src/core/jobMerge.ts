// The Job Log's core: every rank's records merged by (time, rank, byte offset), streamed from
// the record reader with one record per rank in memory. A record without a timestamp keeps
// the time of the record before it in its file and is marked approximate; continuation lines
// (tracebacks) stay with their record. Each rank's own order is kept: a rank whose clock goes
// back is never reordered within itself.
import type { RecordOrder } from './captureOrder';
import { Session } from './indexModel';
import { JobSummary } from './jobSummary';
import { LogRecord, ReadPosition, RecordReader } from './recordReader';
import { levelNumber } from './levels';
import { parseAsctime } from './timestamps';
import { userRegExp } from './caseFold';

export interface MergeSource {
  rank: number;
  path: string;
  /** Where to start reading (a checkpoint at or before `since`, say); the file's start by default. */
  from?: ReadPosition;
  /** The time of the last timed record before `from` (untimed records there inherit it). */
  lastTime?: number;
  /**
   * In a merge's state: the rank had no record left, and `from` is just past its last
   * complete line (where records appended later begin). `partialTail`: its last record was
   * read before its last line was complete.
   */
  ended?: { partialTail: boolean };
  /**
   * Where its records stand among the other ranks' (a capture's: captureOrder.ts), for records
   * whose times tie or are missing. Given to every rank of a merge or to none.
   */
  order?: RecordOrder;
}

export interface MergedRecord extends LogRecord {
  /** The rank of the file it came from (the header's rank may differ in a broken job). */
  source: number;
  path: string;
  /** The time it is ordered by: its own, or the last one before it in its file. */
  sortTime?: number;
  approximate: boolean;
  /** Its place among the other ranks' records when times tie (`MergeSource.order`). */
  order?: number;
}

export { levelNumber };

/** `--level warning` and the panel's level choice: a name or a number; undefined when unknown. */
export function parseMinLevel(text: string): number | undefined {
  const t = text.trim().toUpperCase();
  if (/^\d+$/.test(t)) return Number(t);
  const n = levelNumber(t);
  return ['DEBUG', 'INFO', 'WARNING', 'WARN', 'ERROR', 'CRITICAL', 'FATAL'].includes(t) ? n : undefined;
}

export interface RankSet {
  has(rank: number): boolean;
  /** The expression as written, for messages and labels. */
  readonly text: string;
}

export class RankSetError extends Error {}

/**
 * `0,3-5`, `!2`, `0-7,!3`: ranks and ranges, with `!` leaving some out. Only exclusions means
 * every rank but those.
 */
export function parseRankSet(text: string): RankSet {
  const include: [number, number][] = [];
  const exclude: [number, number][] = [];
  const items = text.split(',').map((s) => s.trim());
  if (items.every((s) => s === '')) throw new RankSetError(`"${text}" names no rank: write ranks such as 0,3-5 or !2`);
  for (const item of items) {
    if (item === '') continue;
    const m = /^(!?)\s*(\d{1,15})(?:\s*-\s*(\d{1,15}))?$/.exec(item);
    if (!m) throw new RankSetError(`"${item}" in "${text}" is not a rank, a range (3-5) or an exclusion (!2)`);
    const lo = Number(m[2]);
    const hi = m[3] !== undefined ? Number(m[3]) : lo;
    if (hi < lo) throw new RankSetError(`the range "${item}" in "${text}" goes down: write ${hi}-${lo}`);
    (m[1] ? exclude : include).push([lo, hi]);
  }
  const inAny = (ranges: [number, number][], r: number): boolean => ranges.some(([lo, hi]) => r >= lo && r <= hi);
  return {
    text,
    has: (r) => (include.length === 0 || inAny(include, r)) && !inAny(exclude, r),
  };
}

/** The toolbar's text as a filter, or what is wrong with it. */
export interface FilterText {
  level: string;
  ranks: string;
  text: string;
  regex: boolean;
  caseSensitive: boolean;
  /** `YYYY-MM-DD HH:MM:SS[,mmm]`, or '' */
  since?: string;
  until?: string;
  /** The job's attempt, 1-based, or '' (spans come from the job model: see `attemptSpans`). */
  attempt?: string;
  /** False: the text does not hide rows, it is what n / N find (`find` of the result). */
  onlyMatches?: boolean;
}

export function filterFromText(f: FilterText): { filter: MergeFilter; find?: RegExp; problem?: string } {
  const filter: MergeFilter = {};
  const problems: string[] = [];
  if (f.level) {
    filter.minLevel = parseMinLevel(f.level);
    if (filter.minLevel === undefined) problems.push(`Level "${f.level}" is not DEBUG, INFO, WARNING, ERROR or CRITICAL.`);
  }
  if (f.ranks.trim()) {
    try {
      filter.ranks = parseRankSet(f.ranks);
    } catch (e) {
      problems.push(`Ranks: ${e instanceof Error ? e.message : String(e)}.`);
    }
  }
  if (f.text) {
    const source = f.regex ? f.text : f.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    try {
      filter.text = userRegExp(source, !f.caseSensitive);
    } catch (e) {
      problems.push(`Text: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  for (const [key, value] of [['since', f.since], ['until', f.until]] as const) {
    if (!value?.trim()) continue;
    const t = parseAsctime(value.trim());
    if (t === undefined) problems.push(`${key === 'since' ? 'From' : 'To'}: "${value}" is not a time such as 2026-02-04 10:25:37.`);
    else filter[key] = key === 'until' && !/[,.]\d/.test(value) ? t + 999 : t;
  }
  if (f.attempt?.trim() && !/^\d+$/.test(f.attempt.trim())) problems.push(`Attempt: "${f.attempt}" is not a number.`);
  const find = f.onlyMatches === false ? filter.text : undefined;
  if (find) delete filter.text;
  return { filter, find, problem: problems.length ? problems.join(' ') : undefined };
}

/** The byte spans of attempt `n` (1-based) per rank, from the job summary and the ranks' sessions. */
export function attemptSpans(summary: JobSummary, sessionsOf: (rank: number) => readonly Session[] | undefined, n: number): Map<number, [number, number][]> | undefined {
  const attempt = summary.attempts[n - 1];
  if (!attempt) return undefined;
  const spans = new Map<number, [number, number][]>();
  for (const m of attempt.members) {
    const sessions = sessionsOf(m.rank);
    const s = sessions?.[m.session];
    if (!sessions || !s) continue;
    const end = m.session === sessions.length - 1 ? Infinity : s.endOffset;
    spans.set(m.rank, [...(spans.get(m.rank) ?? []), [s.startOffset, end]]);
  }
  return spans;
}

export interface MergeFilter {
  /** Records below this level number are left out (headerless lines count as 0). */
  minLevel?: number;
  ranks?: RankSet;
  /** Matched against the message and continuation lines. */
  text?: RegExp;
  /** Naive ms; records ordered before/after are left out. */
  since?: number;
  until?: number;
  /** Per rank, the byte ranges kept (a session or an attempt's sessions). */
  spans?: ReadonlyMap<number, readonly [number, number][]>;
}

export function matchesFilter(r: MergedRecord, f: MergeFilter): boolean {
  if (f.minLevel !== undefined && levelNumber(r.level) < f.minLevel) return false;
  if (f.ranks && !f.ranks.has(r.source)) return false;
  if (f.since !== undefined && (r.sortTime === undefined || r.sortTime < f.since)) return false;
  if (f.until !== undefined && r.sortTime !== undefined && r.sortTime > f.until) return false;
  if (f.spans) {
    const spans = f.spans.get(r.source);
    if (!spans || !spans.some(([s, e]) => r.offset >= s && r.offset < e)) return false;
  }
  if (f.text && !matchesText(r, f.text)) return false;
  return true;
}

/** `re` matches the record's message or one of its continuation lines. */
export function matchesText(r: LogRecord, re: RegExp): boolean {
  re.lastIndex = 0;
  return re.test(r.message) || r.continuation.some((l) => ((re.lastIndex = 0), re.test(l)));
}

/**
 * (time, place in the capture, rank, offset); records without any time so far come first in
 * their rank's order. (Every rank of a merge has a place, or none has: `MergeSource.order`.)
 */
export function compareMerged(a: MergedRecord, b: MergedRecord): number {
  const ta = a.sortTime ?? -Infinity;
  const tb = b.sortTime ?? -Infinity;
  return ta - tb || (a.order ?? 0) - (b.order ?? 0) || a.source - b.source || a.offset - b.offset;
}

interface Head {
  source: MergeSource;
  record: MergedRecord;
  next: AsyncGenerator<LogRecord[]>;
  reader: RecordReader;
  /** The records of the last chunk read, and the next one to take. */
  batch: LogRecord[];
  at: number;
  /** The time of the last timed record read before `record`, and including it. */
  timeBefore?: number;
  lastTime?: number;
}

/** A binary min-heap of the ranks' next records. */
class HeadHeap {
  readonly items: Head[] = [];

  get size(): number {
    return this.items.length;
  }

  push(h: Head): void {
    const a = this.items;
    a.push(h);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (compareMerged(a[p].record, a[i].record) <= 0) break;
      [a[p], a[i]] = [a[i], a[p]];
      i = p;
    }
  }

  pop(): Head | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length && last) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && compareMerged(a[l].record, a[m].record) < 0) m = l;
        if (r < a.length && compareMerged(a[r].record, a[m].record) < 0) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i], a[m]];
        i = m;
      }
    }
    return top;
  }
}

export interface MergeOptions {
  filter?: MergeFilter;
  maxContinuationLines?: number;
  /** Sees every record read, before the filter (where each rank was read to, say). */
  onRead?: (record: MergedRecord) => void;
  /** Stop a rank at a last record whose line is not complete yet (a writer is mid-line). */
  skipPartial?: boolean;
  /** Only a window of rows is read (the Job Log's): each rank's reads are smaller in a job of many ranks (`mergeChunkSize`). */
  window?: boolean;
}

/** A rank's record as the merge orders it: `lastTime`, the last time before it in its file (`source.order` ready for its line: `ensure`d). */
export function mergedRecord(record: LogRecord, source: MergeSource, lastTime: number | undefined): MergedRecord {
  return Object.assign(record, {
    source: source.rank,
    path: source.path,
    sortTime: record.time ?? untimedSortTime(lastTime, source.order?.timeBefore(source.path, record.line)),
    approximate: record.time === undefined,
    order: source.order?.at(source.path, record.line),
  });
}

/**
 * The time a record without one is ordered by: its file's last before it, or, of a capture, the
 * latest of any rank's lines before it there when later (a print after another rank's record of
 * 09:00:05 is at or after 09:00:05 whatever its own rank's last time).
 */
function untimedSortTime(lastTime: number | undefined, capturedBefore: number | undefined): number | undefined {
  return capturedBefore !== undefined && !(capturedBefore <= (lastTime ?? -Infinity)) ? capturedBefore : lastTime;
}

/**
 * Bytes per disk read of each rank: every rank holds a chunk's records until the merge takes
 * them, so chunks stay small (a quarter megabyte each made the merge spend a third of its time
 * collecting garbage); the next chunk is read ahead while this one is merged.
 */
const MERGE_CHUNK = 64 * 1024;
/**
 * With a minimum level of WARNING or more, a chunk holds few records (warnings and errors are a
 * small part of a log), and fewer, larger reads cost the merge less: each read is a call into
 * the thread pool (8 ranks x 100 MB read 64 KiB at a time spent half a second in those calls).
 */
const FILTERED_MERGE_CHUNK = 256 * 1024;
/**
 * A window's reads: all ranks' chunks together at most this many bytes (each 4 KiB at least):
 * the first 200 rows of a job of 1,024 ranks read 64 KiB of each (a whole rank's log there),
 * 1.3 s and 320 MB, for each window the Job Log showed; 0.4 s and 100 MB in 4 KiB reads. A merge
 * read whole keeps its bigger reads (in 4 KiB reads, the CLI's merge of that job took 20% longer).
 */
const WINDOW_CHUNKS_BYTES = 4 * 1024 * 1024;

/** Bytes a read of each of `ranks` ranks: with a level filter of WARNING or more, or not; for a window of rows, or not. */
export function mergeChunkSize(ranks: number, filtered: boolean, window: boolean): number {
  const chunk = filtered ? FILTERED_MERGE_CHUNK : MERGE_CHUNK;
  return window ? Math.max(4 * 1024, Math.min(chunk, Math.floor(WINDOW_CHUNKS_BYTES / Math.max(1, ranks)))) : chunk;
}

/** Above this many ranks, readers open their file for each read (descriptor limits are often 1,024). */
const HELD_OPEN_MAX = 256;

/** Where a merge stands: per rank, the next record to read and the time before it. */
export type MergeState = MergeSource[];

/** The merge as an object: records one by one, and where it stands (to resume it later). */
export class JobMerger {
  private readonly heap = new HeadHeap();
  private readonly opened: AsyncGenerator<LogRecord[]>[] = [];
  /** Ranks read to their end, and where records appended to them will begin. */
  private readonly ended: MergeSource[] = [];
  private started = false;

  constructor(
    private readonly sources: readonly MergeSource[],
    private readonly options: MergeOptions = {},
  ) {}

  /** Puts the rank's next record in the heap: from the chunk in hand, or after reading one. */
  private advance(head: Head): void | Promise<void> {
    if (head.at < head.batch.length) return this.take(head, head.batch[head.at++]);
    return this.refill(head);
  }

  private async refill(head: Head): Promise<void> {
    for (;;) {
      const n = await head.next.next();
      if (n.done) return this.end(head);
      head.batch = n.value;
      head.at = 0;
      if (!head.batch.length) continue;
      const { order, path } = head.source;
      if (order) await order.ensure(path, head.batch[head.batch.length - 1].line);
      return this.take(head, head.batch[head.at++]);
    }
  }

  private end(head: Head): void {
    const at = head.reader.position;
    const { rank, path, order } = head.source;
    const partialTail = head.record?.partial === true;
    if (at) this.ended.push({ rank, path, order, from: { offset: at.offset, line: at.line, ...(at.preamble ? { preamble: true } : {}) }, lastTime: at.lastTime ?? head.lastTime, ended: { partialTail } });
    else this.ended.push({ ...head.source, lastTime: head.lastTime, ended: { partialTail } });
  }

  private take(head: Head, record: LogRecord): void {
    if (this.options.skipPartial && record.partial) return this.end(head);
    // The reader skipped records below the minimum level: the time they carried still counts.
    if (record.precedingTime !== undefined) head.lastTime = record.precedingTime;
    head.timeBefore = head.lastTime;
    const rec = mergedRecord(record, head.source, head.lastTime);
    this.options.onRead?.(rec);
    if (rec.time !== undefined) head.lastTime = rec.time;
    head.record = rec;
    this.heap.push(head);
  }

  private async start(): Promise<void> {
    this.started = true;
    const ranks = this.options.filter?.ranks;
    const readable = ranks ? this.sources.filter((s) => ranks.has(s.rank)) : this.sources;
    await Promise.all(
      readable.map(async (source) => {
        const minLevel = this.options.filter?.minLevel;
        const chunkSize = mergeChunkSize(readable.length, minLevel !== undefined && minLevel >= 30, this.options.window === true);
        const reader = new RecordReader(source.path, { maxContinuationLines: this.options.maxContinuationLines ?? 1000, chunkSize, minLevel, reopen: readable.length > HELD_OPEN_MAX });
        const next = reader.forwardBatches(source.from);
        this.opened.push(next);
        await this.advance({ source: { rank: source.rank, path: source.path, from: source.from, order: source.order }, record: undefined as unknown as MergedRecord, next, reader, batch: [], at: 0, lastTime: source.lastTime });
      }),
    );
  }

  /** The next record in merged order, filtered or not, or undefined at the end. */
  async step(): Promise<MergedRecord | undefined> {
    if (!this.started) await this.start();
    const head = this.heap.pop();
    if (!head) return undefined;
    const record = head.record;
    const reading = this.advance(head);
    if (reading) await reading;
    return record;
  }

  /** The next record that passes the filter, or undefined at the end. */
  async next(): Promise<MergedRecord | undefined> {
    const filter = this.options.filter;
    for (let r = await this.step(); r; r = await this.step()) if (!filter || matchesFilter(r, filter)) return r;
    return undefined;
  }

  /** Where each rank stands now: a merge started from this state goes on from here. */
  state(): MergeState {
    // A head without a header (and not a fatal error) is a line before the file's first header.
    const position = (r: MergedRecord): ReadPosition => (!r.hasHeader && r.level === '' ? { offset: r.offset, line: r.line, preamble: true } : { offset: r.offset, line: r.line });
    const pending = this.heap.items.map((h): MergeSource => ({ rank: h.source.rank, path: h.source.path, order: h.source.order, from: position(h.record), lastTime: h.timeBefore }));
    return [...pending, ...this.ended];
  }

  async close(): Promise<void> {
    await Promise.all(this.opened.map((g) => g.return(undefined).catch(() => undefined)));
  }
}

/** The job's records, merged; filtered records are skipped, not buffered. */
export async function* mergeJob(sources: readonly MergeSource[], options: MergeOptions = {}): AsyncGenerator<MergedRecord> {
  const merger = new JobMerger(sources, options);
  try {
    for (let r = await merger.next(); r; r = await merger.next()) yield r;
  } finally {
    await merger.close();
  }
}
