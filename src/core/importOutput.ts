// What an import writes for one rank (or the launcher): its lines in our format gathered as
// bytes until they are appended, with each line's source in the line map; a stream's records
// held back while stdout and stderr are merged by time; the files they are appended to; and an
// import's outputs as a whole (`ImportOutputs`).
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import type { FileHandle } from 'node:fs/promises';
import { goneOf, LineMap } from './importLineMap';
import { mapLimit } from './mapLimit';
import { ByteText, recordBytes, releaseSpareBuffers, StreamRecords } from './importStreams';

/** Where a rank's next run of its job starts, in its own files (see `RankOutput.nextRun`). */
export interface NextRun {
  /** A record of the rank at or after this time (ms) is of the next run; Infinity: none known. */
  readonly from: number;
  /** The rank's record at `time` starts the next run: writes what comes before it (the launcher's words on the run before, a Resume record). */
  start(time: number): void;
}

export class RankOutput {
  lines = 0;
  /** `lines` after the rank's own last line (a capture's: not a launcher's record about it). */
  ownLines = 0;
  /** The latest change of the sources its lines came from (ms; 0 until one is read). */
  sourceMtime = 0;
  readonly map = new LineMap();
  readonly text = new ByteText();
  /** Per stream of the current attempt (by its file): its writer and the records not yet written. */
  readonly streams = new Map<string, StreamRecords>();
  attempt = -1;
  /** It gained lines since a reader last cleared this (see `onGrow`). */
  grown = false;
  /** Told when the output gains lines while `grown` is clear: a capture's reader, which looks only at ranks that wrote since. */
  onGrow: ((o: RankOutput) => void) | undefined;
  /** Where the rank's next run of its job starts in its own files (a task job requeued: taskRuns.ts); undefined: none known. */
  nextRun: NextRun | undefined;

  constructor(
    readonly rank: number,
    readonly file: string,
  ) {}

  private forceNext = false;

  /** The next line gets a mark of its own (the line before it became two). */
  get markNext(): boolean {
    return this.forceNext;
  }

  /**
   * Lines the capture lane took from a rank's own file (see importStreamLane.ts): their bytes,
   * `src[start..end)`, the output's line count after them, and where the first came from (the
   * others follow it in the file).
   */
  tookStreamLines(src: Uint8Array, start: number, end: number, lines: number, file: string, line: number, offset: number): void {
    this.mark(file, line, offset, false, false);
    this.text.copy(src, start, end);
    this.lines = lines;
  }

  /** Lines the capture lane wrote (see captureLane.ts): their bytes, `src[start..end)`, and the output's line count after them. */
  tookLaneLines(src: Uint8Array, start: number, end: number, lines: number): void {
    this.text.copy(src, start, end);
    this.lines = lines;
    this.ownLines = lines;
    this.forceNext = false;
    if (!this.grown) this.grew();
  }

  private grew(): void {
    this.grown = true;
    this.onGrow?.(this);
  }
  /** `workerBytes()`, made on first use. */
  private worker = Buffer.alloc(0);

  private mark(srcFile: string, srcLine: number, srcOffset: number, demux: boolean, force: boolean): void {
    this.map.add(this.lines, srcFile, srcLine, srcOffset, demux, force || this.forceNext);
    this.forceNext = force;
    this.lines++;
    if (!this.grown) this.grew();
  }

  write(line: string, srcFile: string, srcLine: number, srcOffset: number, demux = false, force = false): void {
    this.mark(srcFile, srcLine, srcOffset, demux, force);
    this.text.line(line);
  }

  /** A line kept as it is, from its bytes (`demux`: a capture's). */
  writeLineBytes(src: Buffer, start: number, end: number, srcFile: string, srcLine: number, srcOffset: number, demux = true): void {
    this.mark(srcFile, srcLine, srcOffset, demux, false);
    this.text.bytes(src, start, end);
    this.text.byte(10);
  }

  /**
   * A line of the most common shape (`<asctime> LEVEL logger: message`, ASCII) in our format,
   * from its bytes: `src[time..time+23)` the asctime, then the logger and the message (`demux`: a capture's).
   */
  writeRecordBytes(src: Buffer, time: number, level: string, loggerStart: number, loggerEnd: number, messageStart: number, end: number, srcFile: string, srcLine: number, srcOffset: number, demux = true): void {
    this.mark(srcFile, srcLine, srcOffset, demux, false);
    recordBytes(this.text, this.workerBytes(), src, time, level, loggerStart, loggerEnd, messageStart, end);
  }

  /** ` - Worker <rank> - `, the part of every header that is the rank's. */
  workerBytes(): Buffer {
    if (this.worker.length === 0) this.worker = Buffer.from(` - Worker ${this.rank} - `);
    return this.worker;
  }

  /**
   * The rank's sources named in `where` renamed (a rotating handler's rollover), kept under a name
   * of no file (`goneName`: not found) or gone (`''`): each stream goes on under its file's name
   * now, what one not found still held written first, and the line map names the names now.
   */
  renameSources(where: ReadonlyMap<string, string>): void {
    const streams = [...this.streams];
    const lost = (to: string | undefined): boolean => to !== undefined && (to === '' || goneOf(to) !== undefined);
    if (streams.some(([file, st]) => lost(where.get(file)) && st.count > 0)) this.writeStreams(true);
    this.streams.clear();
    for (const [file, st] of streams) {
      const to = where.get(file) ?? file;
      if (to === '') continue;
      st.file = to;
      this.streams.set(to, st);
    }
    this.map.renameFiles(where);
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
    const heads: { st: StreamRecords; next: number; whole: number }[] = [];
    for (const [file, st] of this.streams) {
      if (st.open && (all || !held.has(file) || this.streams.size === 1)) st.close();
      if (st.count > 0) heads.push({ st, next: 0, whole: st.open ? st.count - 1 : st.count });
    }
    // Whether a record of heads[k] at `time` comes before every other head's next record.
    const first = (k: number, time: number): boolean => {
      for (let o = 0; o < heads.length; o++) {
        const h = heads[o];
        if (o === k || h.next === h.st.count) continue;
        const t = h.st.time(h.next);
        if (time > t || (time === t && o < k)) return false;
      }
      return true;
    };
    let nextRun = this.nextRun?.from ?? Infinity;
    for (;;) {
      let best = -1;
      for (let k = 0; k < heads.length; k++) {
        const h = heads[k];
        if (h.next < h.st.count && (best < 0 || h.st.time(h.next) < heads[best].st.time(heads[best].next))) best = k;
      }
      if (best < 0) break;
      const h = heads[best];
      if (h.next === h.whole) break;
      // A record of the job's next run: what comes before it first.
      if (h.st.time(h.next) >= nextRun) {
        this.nextRun!.start(h.st.time(h.next));
        nextRun = this.nextRun!.from;
      }
      // The run of its records that come before the other streams' next ones (and the next run), written at once.
      let end = h.next + 1;
      while (end < h.whole && first(best, h.st.time(end)) && h.st.time(end) < nextRun) end++;
      this.writeHeld(h.st, h.next, end);
      h.next = end;
    }
    for (const h of heads) h.st.drop(h.next);
  }

  /** Bytes of the streams' records not written yet. */
  heldBytes(): number {
    let n = 0;
    for (const st of this.streams.values()) n += st.heldBytes;
    return n;
  }

  /** Records `from` to `to` of a stream, each line mapped to its source line. */
  private writeHeld(st: StreamRecords, from: number, to: number): void {
    const file = st.file;
    st.emit(from, to, this.text, (line, offset) => this.mark(file, line, offset, false, false));
  }

  /** Of the streams being read, the one whose latest record is earliest (one not read yet first; then the first in order). */
  streamBehind<S extends { path: string }>(reading: ReadonlySet<S>): S {
    let best: S | undefined;
    let bestTime = Infinity;
    for (const src of reading) {
      const time = this.streams.get(src.path)?.openTime;
      if (time === undefined) return src;
      if (!best || time < bestTime) {
        best = src;
        bestTime = time;
      }
    }
    return best!;
  }
}

/**
 * Appends what `o` gathered through `handle`. What a failed write did not write stays gathered
 * (written first at the next write: a full disk, a folder gone a moment): dropped, a rank's
 * lines would be missing from its log for good, as later reads append only what follows them.
 */
async function appendText(handle: FileHandle, o: RankOutput): Promise<void> {
  const bytes = o.text.take();
  let at = 0;
  try {
    while (at < bytes.length) at += (await handle.write(bytes, at, bytes.length - at)).bytesWritten;
  } catch (e) {
    o.text.unwritten(at);
    throw e;
  } finally {
    o.text.written();
  }
}

/** Outputs of a job whose files stay open through an update (more are opened for each write). */
const KEEP_OPEN = 64;

/** Thrown by a write of an import that was stopped (`RankFiles.stop`). */
export const STOPPED = new Error('the import was stopped');

/** The outputs' files through one update: lines appended, then the files closed and dated. */
export class RankFiles {
  /** No file is opened or written any more (`stop`). */
  private stopped = false;

  /**
   * The import was let go (its job is no longer found; its folder is about to be removed): no
   * file is opened or written from now on. A folder made again for the same job must not get
   * this one's lines too.
   */
  stop(): void {
    this.stopped = true;
  }

  /** Files open for appending (see `write`). */
  private readonly appending = new Map<string, FileHandle>();
  /** Outputs written in this update (see `finish`). */
  private readonly written = new Set<RankOutput>();
  /** The files of the outputs written since `takeWritten` (updates that ended). */
  private readonly writtenFiles = new Set<string>();

  /** Files written outside `write` (emptied to be written again from the start). */
  wrote(files: Iterable<string>): void {
    for (const f of files) this.writtenFiles.add(f);
  }

  /** The files written by the updates that ended since the last call. */
  takeWritten(): string[] {
    const files = [...this.writtenFiles];
    this.writtenFiles.clear();
    return files;
  }

  /** Appends what each of `all` gathered (an output without a line yet gets its empty file); true when anything was written. */
  async write(all: readonly RankOutput[]): Promise<boolean> {
    const wrote = all.some((o) => o.text.length > 0);
    // A job of a few ranks keeps its files open through an update (a big capture is written
    // every few MiB: opening and closing each file each time was a tenth of its import).
    const keepOpen = all.length <= KEEP_OPEN;
    // A few files at a time: a capture may name thousands of ranks.
    await mapLimit(all, 32, async (o) => {
      if (this.stopped) throw STOPPED;
      if (o.text.length === 0) {
        o.text.idle();
        if (o.lines === 0) {
          await fsp.appendFile(o.file, '');
          this.written.add(o);
        }
        return;
      }
      this.written.add(o);
      let handle = this.appending.get(o.file);
      if (!handle) {
        handle = await fsp.open(o.file, 'a');
        if (keepOpen) this.appending.set(o.file, handle);
      }
      try {
        await appendText(handle, o);
      } finally {
        if (!keepOpen) await handle.close();
      }
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
    for (const o of outputs) this.writtenFiles.add(o.file);
    // Their bytes are written: no output holds a buffer until the next update gathers some.
    for (const o of outputs) o.text.idle();
    releaseSpareBuffers();
    await mapLimit(outputs, 32, async (o) => {
      if (o.sourceMtime > 0) await fsp.utimes(o.file, Date.now() / 1000, o.sourceMtime / 1000).catch(() => undefined);
    });
  }
}

/**
 * Bytes gathered for the outputs before they are written (bounds memory on big sources): 4 MiB,
 * or 32 KiB a rank for a job of more than 128 ranks, 64 MiB at most. A capture of 1,024 ranks
 * written every 4 MiB appended 4 KiB to each rank's file each time (an open, a write and a close
 * each): the CLI's summary of 64 MiB of it took 2.5-2.8 s, 2.0-2.1 s in bigger pieces.
 */
const FLUSH_BYTES = 4 * 1024 * 1024;
const FLUSH_BYTES_A_RANK = 32 * 1024;
const FLUSH_BYTES_MAX = 64 * 1024 * 1024;

/**
 * An import's outputs (importJob.ts): each rank's (`worker_<N>.log`) and the launcher's
 * (`launcher.log`), made on first use, those of a capture's ranks past `maxRanks` not (their
 * lines are the launcher's); gathered, and appended to their files every few MiB.
 */
export class ImportOutputs {
  readonly outputs = new Map<number, RankOutput>();
  private launcherOutput: RankOutput | undefined;
  /** Where the outputs' lines are appended. */
  readonly files = new RankFiles();
  /** A capture named more ranks than it may: the lines of those past it are the launcher's. */
  private tooMany = false;

  constructor(
    private readonly dir: string,
    readonly maxRanks: number,
    /** A rank's output was made. */
    private readonly made: (out: RankOutput) => void,
    /** The import was stopped: its reading ends at the next chunk (`flushIfLarge`). */
    private readonly stopped: () => boolean,
  ) {}

  /** A rank's output, made on first use. */
  output(rank: number): RankOutput {
    let o = this.outputs.get(rank);
    if (!o) {
      this.outputs.set(rank, (o = new RankOutput(rank, path.join(this.dir, `worker_${rank}.log`))));
      this.made(o);
    }
    return o;
  }

  /** Whether a rank not seen before may have an output: not past `maxRanks` ranks. */
  admits(rank: number): boolean {
    if (this.outputs.has(rank) || this.outputs.size < this.maxRanks) return true;
    this.tooMany = true;
    return false;
  }

  /** A rank was not admitted. */
  get tooManyRanks(): boolean {
    return this.tooMany;
  }

  /** The launcher's output (a capture's lines without a rank prefix, a task job's batch output), made on first use. */
  launcher(): RankOutput {
    return (this.launcherOutput ??= new RankOutput(-1, path.join(this.dir, 'launcher.log')));
  }

  /** The launcher's output when it was made. */
  get launcherIfMade(): RankOutput | undefined {
    return this.launcherOutput;
  }

  /** Every output: the ranks', then the launcher's when there is one. */
  all(): RankOutput[] {
    return [...this.outputs.values(), ...(this.launcherOutput ? [this.launcherOutput] : [])];
  }

  /** Appends what each output gathered; true when anything was written. */
  flush(): Promise<boolean> {
    return this.files.write(this.all());
  }

  /** Written out every few MiB: a big source is never held in memory whole. */
  async flushIfLarge(): Promise<void> {
    // (Called after each chunk read: a stopped import's update ends there.)
    if (this.stopped()) throw STOPPED;
    let pending = this.launcherOutput?.text.length ?? 0;
    for (const o of this.outputs.values()) pending += o.text.length;
    if (pending > Math.min(FLUSH_BYTES_MAX, Math.max(FLUSH_BYTES, this.outputs.size * FLUSH_BYTES_A_RANK))) await this.flush();
  }

  /** Every output let go and its file emptied (the import starts over). */
  async clear(): Promise<void> {
    await this.files.close();
    const files = this.all().map((o) => o.file);
    this.outputs.clear();
    this.launcherOutput = undefined;
    await mapLimit(files, 32, (f) => fsp.writeFile(f, ''));
    // (Each is read again by the store, though no rank writes to it now.)
    this.files.wrote(files);
  }
}
