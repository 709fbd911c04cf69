// Records one by one, from disk, forward or backward from any line start, in bounded memory:
// what the Job Log, time lookup and navigation read. Lines are classified exactly as the
// scanner classifies them (`classifyLine` on a line's head of at most `maxLineBytes`), so a
// record here is a record in the index.
import { promises as fsp } from 'node:fs';
import { decode, FILE_START, LineSink, lineStartAt, linesBackward, linesForward, RawLine, ReadHandle, ReadPosition, readLinesForward, reopeningHandle } from './lineSource';
import { LevelSkipper } from './lane/levelSkipper';
import { classifyLine, HeaderSlots, LEVEL_NAMES, newHeaderSlots, resumeTimestampText } from './logLine';
import { headlessRecordLevel } from './headlessLines';
import { levelNumber } from './levels';
import { LOST_IN_A_CRASH } from './sessionRecords';
import { asctimeFromBytes, parseIsoTimestamp } from './timestamps';
import { openRegular } from './regularFile';

export { FILE_START, lineStartAt, type ReadPosition };


export interface LogRecord {
  /** Byte offset of the record's first line, and just past its last line. */
  offset: number;
  endOffset: number;
  /** 0-based line of the first line, and the number of lines. */
  line: number;
  lineCount: number;
  /**
   * False for a line before the file's first record header (a record of its own), and for a
   * fatal error (`Fatal Python error: ...`, level FATAL) or a stack dump's first line (level
   * STACK), each of which starts a record of its own.
   */
  hasHeader: boolean;
  /** The rank named in the header. */
  rank?: number;
  time?: number;
  /** '' when the record has no header; FATAL for a fatal error, STACK for a stack dump. */
  level: string;
  logger: string;
  /** The first line's message (the whole line when there is no header). */
  message: string;
  /** The lines after the first (traceback, multi-line message), at most `maxContinuationLines`. */
  continuation: string[];
  /** Continuation lines read but not kept. */
  continuationOmitted: number;
  /** Some line was longer than `maxLineBytes` and is cut. */
  truncated: boolean;
  /** The last line has no line break yet (a writer is mid-line). */
  partial: boolean;
  /** Set on a resume separator (`=== Resume at <ISO time> ===`). */
  resumeTimeText?: string;
  resumeTime?: number;
  /**
   * With `minLevel`, the time of the last timed record before this one that the reader read
   * (kept or skipped), when it read one: what an untimed record inherits.
   */
  precedingTime?: number;
}


export interface RecordReaderOptions {
  /** Bytes of a line kept (and classified); the rest is skipped. Same default as the scanner. */
  maxLineBytes?: number;
  /** Continuation lines kept per record; the rest are counted. */
  maxContinuationLines?: number;
  /** Bytes per disk read. */
  chunkSize?: number;
  /** Read no further than this offset (default: the file's size when reading starts). */
  end?: number;
  /**
   * Skip records below this level number (lines before the first header count as 0) without
   * decoding them: forward reading only. Kept records carry `precedingTime`.
   */
  minLevel?: number;
  /** Open the file for each read instead of holding it open while reading (many readers at once). */
  reopen?: boolean;
  /**
   * With `minLevel`, skip runs of records below it in the WebAssembly record lane (default
   * true); false reads every line in TypeScript, which tests compare the lane against.
   */
  useRecordLane?: boolean;
}

const LEVELS: [Buffer, number][] = (
  [
    ['DEBUG', 10],
    ['INFO', 20],
    ['WARNING', 30],
    ['WARN', 30],
    ['ERROR', 40],
    ['CRITICAL', 50],
    ['FATAL', 50],
  ] as const
).map(([name, n]) => [Buffer.from(name), n]);

/** `levelNumber` of the level bytes `buf[s..e)`, decoding only a custom level's name. */
function levelNumberAt(buf: Uint8Array, s: number, e: number): number {
  outer: for (const [name, n] of LEVELS) {
    if (name.length !== e - s) continue;
    for (let i = 0; i < name.length; i++) if (buf[s + i] !== name[i]) continue outer;
    return n;
  }
  return levelNumber(decode(buf, s, e));
}


const NO_LINES: string[] = [];
const LEVEL_TEXT: readonly string[] = LEVEL_NAMES;
const LEVEL_BYTES = LEVEL_NAMES.map((name) => Buffer.from(name));

/** The level's text: a standard name without a decode. */
function levelName(buf: Uint8Array, slots: HeaderSlots): string {
  const name = LEVEL_BYTES[slots.level];
  const n = slots.levelEnd - slots.levelStart;
  if (name?.length === n) {
    let i = 0;
    while (i < n && buf[slots.levelStart + i] === name[i]) i++;
    if (i === n) return LEVEL_TEXT[slots.level];
  }
  return decode(buf, slots.levelStart, slots.levelEnd);
}

/**
 * Logger names decoded once: a log has a few dozen loggers and millions of records. Names are
 * found by a hash of their bytes and compared byte by byte; the cache stops growing at 1,024
 * names (a log that names a logger per record just decodes them).
 */
class NameCache {
  private readonly byHash = new Map<number, { bytes: Uint8Array; text: string }[]>();
  private size = 0;

  get(buf: Uint8Array, s: number, e: number): string {
    if (e - s > 64) return decode(buf, s, e);
    let h = e - s;
    for (let i = s; i < e; i++) h = Math.imul(h ^ buf[i], 16777619);
    const list = this.byHash.get(h);
    if (list) {
      outer: for (const known of list) {
        if (known.bytes.length !== e - s) continue;
        for (let i = 0; i < known.bytes.length; i++) if (known.bytes[i] !== buf[s + i]) continue outer;
        return known.text;
      }
    }
    const text = decode(buf, s, e);
    if (this.size < 1024) {
      this.size++;
      const entry = { bytes: Uint8Array.prototype.slice.call(buf, s, e), text };
      if (list) list.push(entry);
      else this.byHash.set(h, [entry]);
    }
    return text;
  }
}

const loggerNames = new NameCache();

/** Builds one record from its header line (or a headless line) and its continuation lines. */
class RecordBuilder {
  readonly record: LogRecord;

  constructor(raw: RawLine, slots: HeaderSlots | undefined, private readonly maxContinuation: number) {
    const r: LogRecord = {
      offset: raw.offset,
      endOffset: raw.endOffset,
      line: raw.line,
      lineCount: 1,
      hasHeader: slots !== undefined,
      level: '',
      logger: '',
      message: '',
      // Never pushed to when no continuation line is kept: one shared empty list.
      continuation: maxContinuation > 0 ? [] : NO_LINES,
      continuationOmitted: 0,
      truncated: raw.cut,
      partial: !raw.terminated,
    };
    if (slots) {
      r.rank = slots.rank;
      if (slots.hasTime) r.time = asctimeFromBytes(raw.buf, raw.s);
      r.level = levelName(raw.buf, slots);
      r.logger = loggerNames.get(raw.buf, slots.loggerStart, slots.loggerEnd);
      r.message = decode(raw.buf, slots.messageStart, raw.e);
      const resume = resumeTimestampText(raw.buf, slots.messageStart, raw.e);
      if (resume !== undefined) {
        r.resumeTimeText = resume;
        r.resumeTime = parseIsoTimestamp(resume);
      }
    } else if (raw.lost) {
      // NUL bytes a crash left where lines were: the rank died with its machine (the index's `lossRecord`).
      r.message = LOST_IN_A_CRASH;
      r.level = 'FATAL';
    } else {
      r.message = decode(raw.buf, raw.s, raw.e);
      r.level = headlessRecordLevel(raw.buf, raw.s, raw.e) ?? '';
    }
    this.record = r;
  }

  /** A continuation line after the ones added so far (forward reading). */
  append(raw: RawLine): void {
    this.count(raw);
    this.record.endOffset = raw.endOffset;
    this.record.partial = !raw.terminated;
    if (this.record.continuation.length < this.maxContinuation) this.record.continuation.push(decode(raw.buf, raw.s, raw.e));
    else this.record.continuationOmitted++;
  }

  private count(raw: RawLine): void {
    this.record.lineCount++;
    if (raw.cut) this.record.truncated = true;
  }

  /** Continuation lines collected backward (last first): the record's end and its lines. */
  attach(reversed: RawLine[], omitted: number, last: RawLine | undefined, anyCut: boolean): void {
    if (anyCut) this.record.truncated = true;
    for (let i = reversed.length - 1; i >= 0; i--) {
      this.count(reversed[i]);
      this.record.continuation.push(decode(reversed[i].buf, reversed[i].s, reversed[i].e));
    }
    this.record.lineCount += omitted;
    this.record.continuationOmitted = omitted;
    if (last) {
      this.record.endOffset = last.endOffset;
      this.record.partial = !last.terminated;
    }
  }
}

export class RecordReader {
  /**
   * Forward reading: just past the last complete line read so far, with the last time read
   * before it (a merge goes on from here when the file grows).
   */
  position: (ReadPosition & { lastTime?: number }) | undefined;
  /** Lines the record lane skipped (reading with a minimum level); the rest were read here. */
  laneLines = 0;
  private readonly maxLine: number;
  private readonly maxContinuation: number;
  private readonly chunkSize: number;

  constructor(
    readonly path: string,
    private readonly options: RecordReaderOptions = {},
  ) {
    this.maxLine = options.maxLineBytes ?? 64 * 1024;
    this.maxContinuation = options.maxContinuationLines ?? 1000;
    this.chunkSize = options.chunkSize ?? 256 * 1024;
  }

  private async withHandle<T>(use: (handle: ReadHandle, size: number) => AsyncGenerator<T>): Promise<AsyncGenerator<T>> {
    // No descriptor held between reads: a merge of thousands of ranks stays under the limit.
    if (this.options.reopen) return use(reopeningHandle(this.path), (await fsp.stat(this.path)).size);
    const handle = await openRegular(this.path);
    const size = (await handle.stat()).size;
    const inner = use(handle, size);
    return (async function* () {
      try {
        yield* inner;
      } finally {
        await handle.close().catch(() => undefined);
      }
    })();
  }

  /**
   * Records that start at or after `from` (a line start), in file order. Lines at `from` that
   * continue a record begun earlier are skipped, except at the file's start (or a `preamble`
   * position), where each line before the first header (or fatal error, or stack dump) is a record of its own.
   */
  async *forward(from: ReadPosition = FILE_START): AsyncGenerator<LogRecord> {
    for await (const batch of this.forwardBatches(from)) yield* batch;
  }

  /**
   * `forward` a disk read at a time: the records completed by each chunk, so a caller that
   * reads millions of records pays one promise per chunk rather than per record.
   */
  async *forwardBatches(from: ReadPosition = FILE_START): AsyncGenerator<LogRecord[]> {
    const slots = newHeaderSlots();
    const { maxLine, maxContinuation, chunkSize } = this;
    const limit = this.options.end;
    const minLevel = this.options.minLevel;
    const skipper = minLevel !== undefined && minLevel > 0 && this.options.useRecordLane !== false ? LevelSkipper.make() : undefined;
    const seen = (at: RecordReader['position']): void => {
      this.position = at;
    };
    const laneTook = (lines: number): void => {
      this.laneLines += lines;
    };
    yield* await this.withHandle(async function* (handle, size) {
      let out: LogRecord[] = [];
      let current: RecordBuilder | undefined;
      // Before any header (lines are records of their own).
      let preamble = from.offset === 0 || from.preamble === true;
      let lastTime: number | undefined;
      // Just past the last complete line, and the number of the line after it.
      let lastEnd = -1;
      let nextLine = 0;
      const keep = (b: RecordBuilder): RecordBuilder => {
        if (minLevel !== undefined && lastTime !== undefined) b.record.precedingTime = lastTime;
        if (b.record.time !== undefined) lastTime = b.record.time;
        return b;
      };
      const sink: LineSink = {
        line(raw) {
          const header = classifyLine(raw.buf, raw.s, raw.e, slots);
          const headless = !header && (raw.lost || headlessRecordLevel(raw.buf, raw.s, raw.e) !== undefined);
          if (header || headless) {
            if (current) out.push(current.record);
            current = undefined;
            preamble = false;
            if (header && minLevel !== undefined && levelNumberAt(raw.buf, slots.levelStart, slots.levelEnd) < minLevel) {
              // A timestamp that does not parse is no time: the one before it still holds.
              if (slots.hasTime) lastTime = asctimeFromBytes(raw.buf, raw.s) ?? lastTime;
              skipper?.learn(raw.buf, raw.s, slots);
            } else current = keep(new RecordBuilder(raw, header ? slots : undefined, maxContinuation));
          } else if (current) current.append(raw);
          else if (preamble && !(minLevel !== undefined && minLevel > 0)) out.push(keep(new RecordBuilder(raw, undefined, maxContinuation)).record);
          if (raw.terminated) {
            lastEnd = raw.endOffset;
            nextLine = raw.line + 1;
          }
        },
        // The lane skips runs of records below the level (with their continuation lines)
        // without a line object or a decode each; a kept record's own lines are read here.
        skip: skipper && ((buf, pos, end, bufOffset, line) => {
          const run = skipper.run(buf, pos, end, maxLine, current !== undefined);
          if (run.lines === 0) return pos;
          sink.skipped = run.lines;
          laneTook(run.lines);
          if (run.records > 0) {
            if (current) out.push(current.record);
            current = undefined;
            preamble = false;
          }
          if (run.time !== undefined) lastTime = run.time;
          lastEnd = bufOffset + run.stop;
          nextLine = line + run.lines;
          return run.stop;
        }),
      };
      for await (const _ of readLinesForward(handle, from, Math.min(size, limit ?? size), maxLine, chunkSize, sink)) {
        if (lastEnd >= 0) {
          seen({ offset: lastEnd, line: nextLine, preamble: preamble || undefined, lastTime });
        }
        if (out.length) {
          yield out;
          out = [];
        }
      }
      if (current) yield [current.record];
    });
  }

  /**
   * Records that start before `from` (a line start, or the file's end), last first, each whole:
   * when `from` falls inside a record, that record is read to its end.
   */
  async *backward(from: ReadPosition): AsyncGenerator<LogRecord> {
    const slots = newHeaderSlots();
    const { maxLine, maxContinuation, chunkSize } = this;
    const limit = this.options.end;
    yield* await this.withHandle(async function* (handle, size) {
      const copyOf = (raw: RawLine): RawLine => ({ ...raw, buf: Buffer.from(raw.buf.subarray(raw.s, raw.e)), s: 0, e: raw.e - raw.s });
      // Continuation lines wait, last first, until their header comes; only the `max` nearest
      // the header are kept. A record cut by `from` is first completed by reading forward.
      let pending: RawLine[] = [];
      let omitted = 0;
      let anyCut = false;
      let last: RawLine | undefined;
      const end = Math.min(size, limit ?? size);
      if (from.offset < end) {
        for await (const raw of linesForward(handle, from, end, maxLine, chunkSize)) {
          if (classifyLine(raw.buf, raw.s, raw.e, slots) || raw.lost || headlessRecordLevel(raw.buf, raw.s, raw.e) !== undefined) break;
          last = copyOf(raw);
          anyCut ||= raw.cut;
          if (pending.length < maxContinuation) pending.push(last);
          else omitted++;
        }
        pending.reverse();
      }
      let tailLines = pending.length + omitted;
      // Where the lines not yet given to a record end: `from`, then the latest header seen.
      let unclaimedEnd = from;
      for await (const raw of linesBackward(handle, from, maxLine, chunkSize)) {
        const header = classifyLine(raw.buf, raw.s, raw.e, slots);
        if (header || raw.lost || headlessRecordLevel(raw.buf, raw.s, raw.e) !== undefined) {
          const b = new RecordBuilder(raw, header ? slots : undefined, maxContinuation);
          b.attach(pending, omitted, last, anyCut);
          yield b.record;
          pending = [];
          omitted = 0;
          tailLines = 0;
          anyCut = false;
          unclaimedEnd = { offset: raw.offset, line: raw.line };
          last = undefined;
          continue;
        }
        const copy = copyOf(raw);
        last ??= copy;
        anyCut ||= raw.cut;
        pending.push(copy);
        if (pending.length > maxContinuation) {
          pending.shift();
          omitted++;
        }
      }
      // No header before these lines: each line before `from` is a record of its own.
      if (omitted === 0) {
        for (const raw of pending.slice(tailLines)) yield new RecordBuilder(raw, undefined, maxContinuation).record;
      } else {
        for await (const raw of linesBackward(handle, unclaimedEnd, maxLine, chunkSize)) yield new RecordBuilder(raw, undefined, maxContinuation).record;
      }
    });
  }
}
