// Lines of a log file from disk, forward (a chunk at a time, the next chunk read ahead) or
// backward from any line start, each as a view of its head (at most `maxLine` bytes): what the
// record reader builds records from.
import { AfterLastNul, afterNulBytes, holdsLostBytes, isLostRun, lineText, nulRun } from './logLine';
import { openRegular } from './regularFile';

/** A place in a file: a line start (or the file's end) and the number of line breaks before it. */
export interface ReadPosition {
  offset: number;
  line: number;
  /** The position is before the file's first header: lines there are records of their own. */
  preamble?: boolean;
}

export const FILE_START: ReadPosition = { offset: 0, line: 0 };

/** At most `size` of the tasks run at once; the others wait their turn. */
class Slots {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(size: number) {
    this.free = size;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    }
  }
}

/** Files open at once for readers that open their file for each read. */
const openSlots = new Slots(64);

/** What the line sources read through: an open file, or one opened for each read. */
export interface ReadHandle {
  read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
}
/** A handle that opens `file` for each read, at most 64 files open at once across readers. */
export function reopeningHandle(file: string): ReadHandle {
  return {
    read: (buffer, offset, length, position) =>
      openSlots.run(async () => {
        const h = await openRegular(file);
        try {
          return await h.read(buffer, offset, length, position);
        } finally {
          await h.close();
        }
      }),
  };
}

/** One line as the line sources hand it over: `buf[s..e)` is its head without "\r\n". */
export interface RawLine {
  buf: Uint8Array;
  s: number;
  e: number;
  offset: number;
  /** Offset just past the line and its "\n". */
  endOffset: number;
  line: number;
  cut: boolean;
  terminated: boolean;
  /** The line holds NUL bytes a crash left (`holdsLostBytes`, however they were read). */
  lost?: boolean;
}

const NL = 10;
const CR = 13;

export function decode(buf: Uint8Array, s: number, e: number): string {
  // A Buffer decodes a range in place; a plain Uint8Array needs a Buffer view first.
  return Buffer.isBuffer(buf) ? buf.toString('utf8', s, e) : Buffer.from(buf.buffer, buf.byteOffset + s, e - s).toString('utf8');
}

/** Whether the file's first line starts at `s` of `b` (its `offset` 0) with UTF-8's byte-order mark, which is not its text (the scanner steps over it too). */
export function startsWithBom(b: Uint8Array, s: number, e: number, offset: number): boolean {
  return offset === 0 && e - s >= 3 && b[s] === 0xef && b[s + 1] === 0xbb && b[s + 2] === 0xbf;
}

/**
 * Where the text of the line at `s` of `b` (ending by `e`, at byte `offset` of the file) starts:
 * after the file's byte-order mark, and after the NUL bytes a crash left before it. A machine that
 * goes down before a log's last writes reach its disk leaves NUL bytes where they were, without a
 * line break; the rank restarted on it appends its next record (its resume) right after them.
 */
export function textStart(b: Uint8Array, s: number, e: number, offset: number, mayHoldNul = true): number {
  if (startsWithBom(b, s, e, offset)) s += 3;
  return mayHoldNul ? lineText(b, s, e) : s;
}

function rawLine(buf: Uint8Array, s: number, contentEnd: number, offset: number, endOffset: number, line: number, cut: boolean, terminated: boolean, lost: boolean): RawLine {
  // Like the scanner: a "\r" before the line break goes; a cut line keeps what it has.
  const e = !cut && contentEnd > s && buf[contentEnd - 1] === CR ? contentEnd - 1 : contentEnd;
  return { buf, s: textStart(buf, s, e, offset), e, offset, endOffset, line, cut, terminated, lost };
}

/** Lines from `from` to `end`, in order; a line longer than `maxLine` keeps only its head. */
export async function* linesForward(handle: ReadHandle, from: ReadPosition, end: number, maxLine: number, chunkSize: number): AsyncGenerator<RawLine> {
  const batch: RawLine[] = [];
  const sink: LineSink = { line: (raw) => batch.push({ ...raw }) };
  for await (const _ of readLinesForward(handle, from, end, maxLine, chunkSize, sink)) yield* batch.splice(0);
}

/** What `readLinesForward` hands the lines it finds to, in order. */
export interface LineSink {
  /** One line; `raw` is reused for the next line, and its bytes for a later chunk. */
  line(raw: RawLine): void;
  /**
   * Offered at each line start of `buf` before the line is made (the complete lines of `buf`
   * end by `end`; `buf` starts at byte `bufOffset` of the file, `line` is the line at `pos`):
   * returns where the sink's own walk over whole lines stopped (`pos` when it took none) and
   * sets `skipped` to the number of lines it took. A sink that skips runs of lines it has no
   * use for this way makes no object per line.
   */
  skip?(buf: Uint8Array, pos: number, end: number, bufOffset: number, line: number): number;
  skipped?: number;
}

/**
 * Lines from `from` to `end`, handed to `sink` as they are found; yields after each disk read
 * (one promise per chunk, not per line), so the caller can pass on what the sink gathered.
 */
export async function* readLinesForward(handle: ReadHandle, from: ReadPosition, end: number, maxLine: number, chunkSize: number, sink: LineSink): AsyncGenerator<void> {
  let buf: Uint8Array = Buffer.alloc(0);
  let bufOffset = from.offset;
  let readAt = from.offset;
  let line = from.line;
  const raw: RawLine = { buf, s: 0, e: 0, offset: 0, endOffset: 0, line: 0, cut: false, terminated: false };
  // `s`: where the line's text starts (`textStart`).
  // `lost`: the line holds the NUL bytes a crash left.
  const emit = (b: Uint8Array, s: number, contentEnd: number, offset: number, endOffset: number, cut: boolean, terminated: boolean, lost = false): void => {
    raw.lost = lost;
    raw.buf = b;
    raw.s = s;
    // Like the scanner: a "\r" before the line break goes; a cut line keeps what it has.
    raw.e = !cut && contentEnd > s && b[contentEnd - 1] === CR ? contentEnd - 1 : contentEnd;
    raw.offset = offset;
    raw.endOffset = endOffset;
    raw.line = line++;
    raw.cut = cut;
    raw.terminated = terminated;
    sink.line(raw);
  };
  // A line longer than `maxLine`: its head, and where it started, while we look for its end.
  let longHead: Uint8Array | undefined;
  let longStart = 0;
  // NUL bytes a crash left at the start of the line `buf` holds, dropped (however many: the text
  // after them is the line's): `buf` starts that many bytes after the line.
  let dropped = 0;
  // Whether `buf` holds a NUL byte (looked for once per chunk: lines are searched only then).
  let bufHasNul = false;
  // A line longer than `maxLine` that holds NUL bytes: what follows its last one, which may be the
  // record a restarted rank wrote after what a crash lost (see lineText).
  const longTail = new AfterLastNul(maxLine);
  // The long line's text: the record after its last NUL byte, if one is there, else its head.
  const emitLong = (endOffset: number, terminated: boolean): void => {
    const tail = longTail.record();
    const lost = longTail.lost;
    longTail.clear();
    if (tail) emit(tail, 0, tail.length, longStart, endOffset, false, terminated, lost);
    else emit(longHead!, 0, longHead!.length, longStart, endOffset, true, terminated, lost);
    longHead = undefined;
  };
  // The next chunk is read while the sink works on this one (reads wait on the thread pool).
  // Three buffers take turns (memory touched for the first time is slow to fault in): when chunk
  // k + 1 is read ahead, the caller is done with the lines of chunk k - 2 (it asked for the next
  // chunk; every sink decodes or copies what it keeps) and the end of chunk k - 1 is copied.
  const buffers: Buffer[] = [];
  let chunks = 0;
  const readChunk = (at: number): Promise<Buffer> => {
    const k = chunks++ % 3;
    const size = Math.min(chunkSize, end - at);
    if (!buffers[k] || buffers[k].length < size) buffers[k] = Buffer.allocUnsafe(size);
    const chunk = buffers[k].subarray(0, size);
    return handle.read(chunk, 0, chunk.length, at).then(({ bytesRead }) => chunk.subarray(0, bytesRead));
  };
  let ahead: Promise<Buffer> | undefined;
  try {
    while (readAt < end || buf.length > 0) {
      if (readAt < end) {
        const fresh = await (ahead ?? readChunk(readAt));
        ahead = undefined;
        if (fresh.length === 0) end = readAt;
        readAt += fresh.length;
        if (readAt < end) ahead = readChunk(readAt);
        const nl = buf.length ? fresh.indexOf(NL) : -1;
        if (nl >= 0) {
          // The line the last chunk ended in: joined alone, not the whole chunk copied.
          const joined = Buffer.concat([buf, fresh.subarray(0, nl + 1)]);
          const nuls = joined.indexOf(0) >= 0;
          const text = textStart(joined, 0, joined.length - 1, bufOffset - dropped, nuls);
          const cut = joined.length - 1 - text > maxLine;
          emit(joined, text, cut ? text + maxLine : joined.length - 1, bufOffset - dropped, bufOffset + joined.length, cut, true, (nuls || dropped > 0) && isLostRun(nulRun(joined, 0, joined.length - 1, dropped)));
          dropped = 0;
          bufOffset += joined.length;
          buf = fresh.subarray(nl + 1);
        } else buf = buf.length ? Buffer.concat([buf, fresh]) : fresh;
        bufHasNul = (buf as Buffer).indexOf(0) >= 0;
      }
      let pos = 0;
      for (;;) {
        if (sink.skip && !longHead && dropped === 0 && !startsWithBom(buf, pos, buf.length, bufOffset + pos)) {
          const to = sink.skip(buf, pos, buf.length, bufOffset, line);
          if (to > pos) {
            line += sink.skipped ?? 0;
            pos = to;
          }
        }
        const nl = (buf as Buffer).indexOf(NL, pos);
        if (nl < 0) break;
        if (longHead) {
          if (bufHasNul || longTail.seen) longTail.add(buf.subarray(pos, nl));
          emitLong(bufOffset + nl + 1, true);
        } else {
          const text = textStart(buf, pos, nl, bufOffset + pos - dropped, bufHasNul);
          const cut = nl - text > maxLine;
          emit(buf, text, cut ? text + maxLine : nl, bufOffset + pos - dropped, bufOffset + nl + 1, cut, true, (bufHasNul || dropped > 0) && isLostRun(nulRun(buf, pos, nl, dropped)));
          dropped = 0;
        }
        pos = nl + 1;
      }
      buf = buf.subarray(pos);
      bufOffset += pos;
      if (readAt < end) yield;
      if (!longHead && buf[0] === 0) {
        const text = afterNulBytes(buf, 0, buf.length);
        dropped += text;
        bufOffset += text;
        buf = buf.subarray(text);
      }
      if (!longHead && buf.length > maxLine) {
        longHead = Buffer.from(buf.subarray(0, maxLine));
        longStart = bufOffset - dropped;
        longTail.clear(dropped);
        dropped = 0;
      }
      if (longHead) {
        if (bufHasNul || longTail.seen) longTail.add(buf);
        bufOffset += buf.length;
        buf = Buffer.alloc(0);
      }
      if (readAt >= end) {
        // The end: what is left is a line without its line break.
        if (longHead) emitLong(bufOffset, false);
        else if (buf.length > 0 || dropped > 0) emit(buf, textStart(buf, 0, buf.length, bufOffset - dropped), buf.length, bufOffset - dropped, bufOffset + buf.length, false, false, isLostRun(nulRun(buf, 0, buf.length, dropped)));
        yield;
        return;
      }
    }
  } finally {
    // A read still in flight must finish before the caller closes the file.
    await ahead?.catch(() => undefined);
  }
}

/** Lines before `from`, last first. `from` is a line start or the file's end. */
export async function* linesBackward(handle: ReadHandle, from: ReadPosition, maxLine: number, chunkSize: number): AsyncGenerator<RawLine> {
  // `buf` holds bytes [bufOffset, lineEnd) not yet handed out, where lineEnd is the end of the
  // next line going back ("\n" included). A line longer than `maxLine` is found by its
  // boundaries (only `keepMax` bytes stay in memory) and its head is read apart.
  const keepMax = 2 * maxLine + chunkSize;
  let buf: Uint8Array = Buffer.alloc(0);
  let bufOffset = from.offset;
  let lineEnd = from.offset;
  let newlines = from.line;
  const loadBefore = async (): Promise<void> => {
    const readStart = Math.max(0, bufOffset - chunkSize);
    const chunk = Buffer.allocUnsafe(bufOffset - readStart);
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, readStart);
    if (bytesRead < chunk.length) throw new Error(`The file changed while it was read (at byte ${readStart}).`);
    buf = Buffer.concat([chunk, buf.subarray(0, Math.min(buf.length, keepMax))]);
    bufOffset = readStart;
  };
  while (lineEnd > 0) {
    if (buf.length === 0) await loadBefore();
    const terminated = buf[lineEnd - 1 - bufOffset] === NL;
    const contentEnd = terminated ? lineEnd - 1 : lineEnd;
    let start: number;
    let searchFrom = contentEnd - 1 - bufOffset;
    for (;;) {
      const nl = searchFrom >= 0 ? (buf as Buffer).lastIndexOf(NL, searchFrom) : -1;
      if (nl >= 0) {
        start = bufOffset + nl + 1;
        break;
      }
      if (bufOffset === 0) {
        start = 0;
        break;
      }
      const before = bufOffset;
      await loadBefore();
      searchFrom = before - 1 - bufOffset;
    }
    const line = terminated ? newlines - 1 : newlines;
    // Its text: after the NUL bytes a crash left before it, however many (as `readLinesForward`).
    const text = buf[start - bufOffset] === 0 ? await textAfterNulBytes(handle, buf, bufOffset, start, contentEnd, chunkSize) : start;
    const cut = contentEnd - text > maxLine;
    const tail = cut ? await recordAfterLastNul(handle, Math.max(text, contentEnd - maxLine), contentEnd) : undefined;
    // (`buf` ends with this line: a NUL byte found in it is the line's. A long line's, of its head or its end.)
    const lost = isLostRun(text - start) || ((buf as Buffer).indexOf(0, start - bufOffset) >= 0 && holdsLostBytes(buf, start - bufOffset, Math.min(buf.length, contentEnd - bufOffset)));
    if (tail) yield rawLine(tail, 0, tail.length, start, lineEnd, line, false, terminated, lost);
    else {
      const headEnd = cut ? text + maxLine : contentEnd;
      let head: Uint8Array = buf;
      let hs = text - bufOffset;
      if (headEnd > bufOffset + buf.length) {
        head = Buffer.allocUnsafe(headEnd - text);
        await handle.read(head, 0, head.length, text);
        hs = 0;
      }
      yield rawLine(head, hs, hs + (headEnd - text), start, lineEnd, line, cut, terminated, lost);
    }
    newlines = line;
    lineEnd = start;
    buf = buf.subarray(0, start - bufOffset);
  }
}

/**
 * A long line's end, [from, end) of the file: the record after its last NUL byte when one is there
 * (a restarted rank's, after what a crash lost: see lineText), else undefined.
 */
async function recordAfterLastNul(handle: ReadHandle, from: number, end: number): Promise<Buffer | undefined> {
  const window = Buffer.allocUnsafe(end - from);
  const { bytesRead } = await handle.read(window, 0, window.length, from);
  const tail = new AfterLastNul(bytesRead);
  tail.add(window.subarray(0, bytesRead));
  return tail.record();
}

/** The first byte of [start, end) of the file that is not NUL (`end` if none); `buf` holds its bytes from `bufOffset` on. */
async function textAfterNulBytes(handle: ReadHandle, buf: Uint8Array, bufOffset: number, start: number, end: number, chunkSize: number): Promise<number> {
  let text = bufOffset + afterNulBytes(buf, start - bufOffset, Math.min(buf.length, end - bufOffset));
  // Past what `buf` holds: read on.
  const probe = text < end && text >= bufOffset + buf.length ? Buffer.allocUnsafe(chunkSize) : undefined;
  while (probe && text < end) {
    const { bytesRead } = await handle.read(probe, 0, Math.min(probe.length, end - text), text);
    if (bytesRead === 0) break;
    const k = afterNulBytes(probe, 0, bytesRead);
    text += k;
    if (k < bytesRead) break;
  }
  return text;
}

/**
 * The line start at or before `offset` with its line number, counted from `anchor` (a line
 * start at or before `offset`, such as an index checkpoint): "from any offset" for the reader.
 */
export async function lineStartAt(filePath: string, offset: number, anchor: ReadPosition = FILE_START, chunkSize = 256 * 1024): Promise<ReadPosition> {
  if (anchor.offset > offset) throw new Error(`The anchor (byte ${anchor.offset}) is past the offset ${offset}.`);
  const handle = await openRegular(filePath);
  try {
    let at = anchor.offset;
    let found = { ...anchor };
    const chunk = Buffer.allocUnsafe(chunkSize);
    while (at < offset) {
      const { bytesRead } = await handle.read(chunk, 0, Math.min(chunkSize, offset - at), at);
      if (bytesRead === 0) break;
      let nl = chunk.indexOf(NL, 0);
      while (nl >= 0 && nl < bytesRead) {
        found = { offset: at + nl + 1, line: found.line + 1 };
        nl = chunk.indexOf(NL, nl + 1);
      }
      at += bytesRead;
    }
    return found;
  } finally {
    await handle.close();
  }
}
