// What an import writes for one rank (or the launcher): its lines in our format gathered as
// bytes until they are appended, with each line's source in the line map; a stream's records
// held back while stdout and stderr are merged by time; and the files they are appended to.
import { promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { LineMap } from './importLineMap';
import { mapLimit } from './mapLimit';
import { RankLineWriter } from './importLines';

/** One record of a stream: its lines in our format, and where each came from. */
export interface PendingRecord {
  time: number | undefined;
  lines: string[];
  src: { file: string; line: number; offset: number }[];
}

/** The largest buffer an output keeps between writes. */
const KEEP_BYTES = 8 * 1024 * 1024;
/**
 * A buffer above this size is kept only while its output uses it. A capture's rank gets a few
 * hundred KiB between two writes; a rank's files give it several MiB while they are read, then
 * nothing (keeping each rank's buffer held 128 MB for 16 ranks; dropping them at every write
 * made a tenth of the import copies of growing buffers).
 */
const IDLE_BYTES = 1024 * 1024;

/** Lines of an output gathered as bytes until they are written. */
class ByteText {
  buf = Buffer.allocUnsafe(64 * 1024);
  length = 0;

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + n));
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
  }

  line(text: string): void {
    this.room(text.length * 3 + 1);
    this.length += this.buf.write(text, this.length);
    this.buf[this.length++] = 10;
  }

  bytes(src: Uint8Array, start: number, end: number): void {
    const n = end - start;
    this.room(n);
    if (n < 128) {
      // Byte by byte: Buffer.copy makes a view of each range, which costs more than a short copy.
      const buf = this.buf;
      let at = this.length;
      for (let i = start; i < end; i++) buf[at++] = src[i];
    } else this.buf.set(src.subarray(start, end), this.length);
    this.length += n;
  }

  /** `src[start..end)`: a few lines, copied through a view (cheaper than Buffer.copy's checks at this size). */
  copy(src: Uint8Array, start: number, end: number): void {
    this.room(end - start);
    this.buf.set(src.subarray(start, end), this.length);
    this.length += end - start;
  }

  byte(b: number): void {
    this.room(1);
    this.buf[this.length++] = b;
  }

  /**
   * The bytes gathered, and a fresh start. The bytes are a view of the buffer, not a copy
   * (memory touched for the first time is slow to fault in here): write them before the next
   * line is added. A buffer bigger than needed is not kept (see IDLE_BYTES).
   */
  take(): Buffer {
    const out = this.buf.subarray(0, this.length);
    if (this.buf.length > KEEP_BYTES || (this.buf.length > IDLE_BYTES && this.length * 4 < this.buf.length)) this.buf = Buffer.allocUnsafe(64 * 1024);
    this.length = 0;
    return out;
  }

  /** Nothing was gathered since the last write: a big buffer is let go. */
  idle(): void {
    if (this.length === 0 && this.buf.length > IDLE_BYTES) this.buf = Buffer.allocUnsafe(64 * 1024);
  }
}

const LEVEL_PARTS = new Map(['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'].map((l) => [l, Buffer.from(` - ${l} - `)]));

export class RankOutput {
  lines = 0;
  /** The latest change of the sources its lines came from (ms; 0 until one is read). */
  sourceMtime = 0;
  readonly map = new LineMap();
  readonly text = new ByteText();
  /** Per stream of the current attempt: its writer and the record not yet written. */
  readonly streams = new Map<string, { writer: RankLineWriter; pending?: PendingRecord; queue: PendingRecord[] }>();
  attempt = -1;

  constructor(
    readonly rank: number,
    readonly file: string,
  ) {}

  private forceNext = false;

  /** The next line gets a mark of its own (the line before it became two). */
  get markNext(): boolean {
    return this.forceNext;
  }

  /** Lines the capture lane wrote (see captureLane.ts): their bytes, `src[start..end)`, and the output's line count after them. */
  tookLaneLines(src: Uint8Array, start: number, end: number, lines: number): void {
    this.text.copy(src, start, end);
    this.lines = lines;
    this.forceNext = false;
  }
  /** ` - Worker <rank> - `, the part of every header that is the rank's. */
  private worker = Buffer.alloc(0);

  private mark(srcFile: string, srcLine: number, srcOffset: number, demux: boolean, force: boolean): void {
    this.map.add(this.lines, srcFile, srcLine, srcOffset, demux, force || this.forceNext);
    this.forceNext = force;
    this.lines++;
  }

  write(line: string, srcFile: string, srcLine: number, srcOffset: number, demux = false, force = false): void {
    this.mark(srcFile, srcLine, srcOffset, demux, force);
    this.text.line(line);
  }

  /** A capture's line kept as it is, from its bytes. */
  writeLineBytes(src: Buffer, start: number, end: number, srcFile: string, srcLine: number, srcOffset: number): void {
    this.mark(srcFile, srcLine, srcOffset, true, false);
    this.text.bytes(src, start, end);
    this.text.byte(10);
  }

  /**
   * A capture's line of the most common shape (`<asctime> LEVEL logger: message`, ASCII) in our
   * format, from its bytes: `src[time..time+23)` the asctime, then the logger and the message.
   */
  writeRecordBytes(src: Buffer, time: number, level: string, loggerStart: number, loggerEnd: number, messageStart: number, end: number, srcFile: string, srcLine: number, srcOffset: number): void {
    this.mark(srcFile, srcLine, srcOffset, true, false);
    if (this.worker.length === 0) this.worker = Buffer.from(` - Worker ${this.rank} - `);
    const t = this.text;
    t.bytes(src, time, time + 23);
    t.bytes(this.worker, 0, this.worker.length);
    t.bytes(src, loggerStart, loggerEnd);
    const lv = LEVEL_PARTS.get(level) ?? Buffer.from(` - ${level} - `);
    t.bytes(lv, 0, lv.length);
    t.bytes(src, messageStart, end);
    t.byte(10);
  }

  /**
   * Writes the streams' whole records, merged by time (each stream's own order kept; on equal
   * times, the streams' order). A stream's last record is held back while it may still grow:
   * when its stream is in `held` (being read, or just gained bytes: its traceback may follow in
   * the next read), unless `all` or the stream is the rank's only one. The merge stops where a
   * held record would come next, so what it writes is always the start of what one reading of
   * every stream to its end writes.
   */
  writeStreams(all: boolean, held: ReadonlySet<string> = new Set()): void {
    const heads: { queue: PendingRecord[]; next: number; held?: PendingRecord }[] = [];
    for (const [file, st] of this.streams) {
      if (st.pending && (all || !held.has(file) || this.streams.size === 1)) {
        st.queue.push(st.pending);
        st.pending = undefined;
      }
      if (st.queue.length > 0 || st.pending) heads.push({ queue: st.queue, next: 0, held: st.pending });
    }
    const timeOf = (h: (typeof heads)[number]) => (h.next < h.queue.length ? h.queue[h.next] : h.held!).time ?? -Infinity;
    for (;;) {
      let best: (typeof heads)[number] | undefined;
      for (const h of heads) {
        if (h.next === h.queue.length && !h.held) continue;
        if (!best || timeOf(h) < timeOf(best)) best = h;
      }
      if (!best || best.next === best.queue.length) break;
      this.writeRecord(best.queue[best.next++]);
    }
    // Written records are cut off at once (taking them off one by one moved the whole queue each
    // time: 8 s of a 59 MiB torchrun log folder).
    for (const h of heads) h.queue.splice(0, h.next);
  }

  /** A stream's record, each line mapped to its source line. */
  writeRecord(rec: PendingRecord): void {
    rec.lines.forEach((l, i) => this.write(l, rec.src[i].file, rec.src[i].line, rec.src[i].offset));
  }

  /** Of the streams being read, the one whose latest record is earliest (one not read yet first; then the first in order). */
  streamBehind<S extends { path: string }>(reading: ReadonlySet<S>): S {
    let best: S | undefined;
    let bestTime = Infinity;
    for (const src of reading) {
      const pending = this.streams.get(src.path)?.pending;
      const time = pending ? (pending.time ?? -Infinity) : -Infinity;
      if (!best || time < bestTime || (!pending && time === bestTime)) {
        best = src;
        bestTime = time;
        if (!pending) break;
      }
    }
    return best!;
  }
}

/** Outputs of a job whose files stay open through an update (more are opened for each write). */
const KEEP_OPEN = 64;

/** The outputs' files through one update: lines appended, then the files closed and dated. */
export class RankFiles {
  /** Files open for appending (see `write`). */
  private readonly appending = new Map<string, FileHandle>();
  /** Outputs written in this update (see `finish`). */
  private readonly written = new Set<RankOutput>();

  /** Appends what each of `all` gathered (an output without a line yet gets its empty file); true when anything was written. */
  async write(all: readonly RankOutput[]): Promise<boolean> {
    const wrote = all.some((o) => o.text.length > 0);
    // A job of a few ranks keeps its files open through an update (a big capture is written
    // every few MiB: opening and closing each file each time was a tenth of its import).
    const keepOpen = all.length <= KEEP_OPEN;
    // A few files at a time: a capture may name thousands of ranks.
    await mapLimit(all, 32, async (o) => {
      if (o.text.length === 0) {
        o.text.idle();
        if (o.lines === 0) {
          await fsp.appendFile(o.file, '');
          this.written.add(o);
        }
        return;
      }
      this.written.add(o);
      if (!keepOpen) return fsp.appendFile(o.file, o.text.take());
      let handle = this.appending.get(o.file);
      if (!handle) this.appending.set(o.file, (handle = await fsp.open(o.file, 'a')));
      const bytes = o.text.take();
      for (let at = 0; at < bytes.length; ) at += (await handle.write(bytes, at, bytes.length - at)).bytesWritten;
    });
    return wrote;
  }

  /** Closes the files `write` kept open. */
  async close(): Promise<void> {
    const handles = [...this.appending.values()];
    this.appending.clear();
    await Promise.all(handles.map((h) => h.close().catch(() => undefined)));
  }

  /**
   * The update is over: the files are closed, and those written get their sources' time of last
   * change: a job that ended long ago reads as ended (its ranks finished, not running), one
   * still writing as live.
   */
  async finish(): Promise<void> {
    await this.close();
    const outputs = [...this.written];
    this.written.clear();
    await mapLimit(outputs, 32, async (o) => {
      if (o.sourceMtime > 0) await fsp.utimes(o.file, Date.now() / 1000, o.sourceMtime / 1000).catch(() => undefined);
    });
  }
}
