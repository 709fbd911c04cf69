// The bytes an import gathers before it writes them: an output's lines (`ByteText`), and each
// of a rank's streams' records while stdout and stderr are merged by time (`StreamRecords`):
// their lines in our format as bytes, each line's source and each record's time in typed arrays,
// so that the merge copies runs of records rather than handling each line as an object (a
// torchrun log folder's records as objects were a third of its import in garbage collection).
import { RankLineWriter } from './importLines';

/** The largest buffer an output keeps between writes. */
const KEEP_BYTES = 8 * 1024 * 1024;
/**
 * A buffer above this size is kept after a write only while its output fills a quarter of it,
 * and one let go goes to the spares. A capture's rank gets a few hundred KiB between two writes;
 * a rank's files give it several MiB while they are read, then nothing (keeping each rank's
 * buffer held 128 MB for 16 ranks; dropping them at every write made a tenth of the import
 * copies of growing buffers).
 */
const IDLE_BYTES = 1024 * 1024;

/**
 * Big buffers that outputs and streams let go of while an update runs, for the next that grows
 * (see `ByteText.room`): a job's ranks are read one after another, and each grew a buffer of
 * fresh memory of its own, whose pages are slow to fault in here (a tenth of a torchrun log
 * folder's import). Forgotten when the update ends (`releaseSpareBuffers`).
 */
const spares: Buffer[] = [];
const SPARE_BUFFERS = 4;

/** The update is over: spare buffers go. */
export function releaseSpareBuffers(): void {
  spares.length = 0;
}

/** An output's or a stream's buffer until it gathers its first bytes (see `ByteText.idle`). */
const NO_BYTES = Buffer.alloc(0);
/**
 * The first buffer a text gets, and the next when that one is outgrown. A capture of tens of
 * thousands of ranks gives most of them a line or two between writes: 64 KiB each from the start
 * was a tenth of its import in allocations and more in garbage collection.
 */
const FIRST_BYTES = 4 * 1024;
const GROWN_BYTES = 64 * 1024;

/** Lines of an output gathered as bytes until they are written. */
export class ByteText {
  buf: Buffer = NO_BYTES;
  length = 0;

  private room(n: number): void {
    const need = this.length + n;
    if (need <= this.buf.length) return;
    // (A spare only for a text past its second buffer: a launcher's few lines took a rank's 8 MiB.)
    const k = need > GROWN_BYTES ? spares.findIndex((b) => b.length >= need) : -1;
    const next = k >= 0 ? spares.splice(k, 1)[0] : Buffer.allocUnsafe(Math.max(this.buf === NO_BYTES ? FIRST_BYTES : GROWN_BYTES, this.buf.length * 2, need));
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
   * (memory touched for the first time is slow to fault in here): write them, then call
   * `written()`, before the next line is added.
   */
  take(): Buffer {
    const out = this.buf.subarray(0, this.length);
    this.taken = this.length;
    this.length = 0;
    return out;
  }

  /** Bytes `take` gave last. */
  private taken = 0;

  /**
   * Writing what `take` gave stopped after its first `done` bytes (a file that could not be
   * opened or written): the rest is gathered again, to be written first at the next write.
   */
  unwritten(done: number): void {
    // (Lines added since `take` wrote over those bytes: the contract `take` states was broken.)
    if (this.length !== 0 || done >= this.taken) return;
    this.buf.copy(this.buf, 0, done, this.taken);
    this.length = this.taken - done;
  }

  /**
   * What `take` gave is written. A buffer bigger than needed is not kept (see IDLE_BYTES): one
   * of up to KEEP_BYTES goes to the spares, for the next output that grows (a job's rank files
   * are read one after another: each rank grew 8 MiB of fresh memory of its own, a quarter of
   * the reading of Slurm's task files). Only now: another job's update may take a spare while
   * this one's bytes are still being written.
   */
  written(): void {
    if (this.length !== 0 || !(this.buf.length > KEEP_BYTES || (this.buf.length > IDLE_BYTES && this.taken * 4 < this.buf.length))) return;
    if (this.buf.length <= KEEP_BYTES && spares.length < SPARE_BUFFERS) spares.push(this.buf);
    this.buf = NO_BYTES;
  }

  /**
   * Nothing was gathered since the last write: the buffer is let go (a big one kept as a spare
   * while an update runs). A job of many ranks held a buffer for each output and each stream
   * between updates: 370 MB for a torchrun log folder of 1,024 ranks.
   */
  idle(): void {
    if (this.length !== 0 || this.buf === NO_BYTES) return;
    if (this.buf.length > IDLE_BYTES && spares.length < SPARE_BUFFERS) spares.push(this.buf);
    this.buf = NO_BYTES;
  }
}

const LEVEL_PARTS = new Map(['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'].map((l) => [l, Buffer.from(` - ${l} - `)]));

/**
 * A line of the most common shape (`<asctime> LEVEL logger: message`, ASCII; `recordShapeAt`)
 * appended to `t` in our format, from its bytes: `src[time..time+23)` the asctime, `worker` the
 * rank's ` - Worker <rank> - `, then the logger and the message.
 */
export function recordBytes(t: ByteText, worker: Buffer, src: Uint8Array, time: number, level: string, loggerStart: number, loggerEnd: number, messageStart: number, end: number): void {
  t.bytes(src, time, time + 23);
  t.bytes(worker, 0, worker.length);
  t.bytes(src, loggerStart, loggerEnd);
  const lv = LEVEL_PARTS.get(level) ?? Buffer.from(` - ${level} - `);
  t.bytes(lv, 0, lv.length);
  t.bytes(src, messageStart, end);
  t.byte(10);
}

/** `a` with room for `n` numbers (its first `used` kept). */
function room(a: Float64Array<ArrayBuffer>, used: number, n: number): Float64Array<ArrayBuffer> {
  if (n <= a.length) return a;
  const next = new Float64Array(Math.max(n, a.length * 2, 64));
  next.set(a.subarray(0, used));
  return next;
}

/**
 * One of a rank's streams while it is merged with the others: its writer, and its records not
 * written yet. The last record stays open (it may gain lines) until `close()` or the next record.
 */
export class StreamRecords {
  private readonly text = new ByteText();
  /** Per line held: its source line and byte offset. */
  private srcLine = new Float64Array(0);
  private srcOffset = new Float64Array(0);
  private lineCount = 0;
  /** Per record held: its first line, its first byte, its time (-Infinity when it has none). */
  private recLine = new Float64Array(0);
  private recByte = new Float64Array(0);
  private recTime = new Float64Array(0);
  /** Records held, the last one open while `open`. */
  count = 0;
  /** The last record may still gain lines. */
  open = false;

  constructor(
    /** The stream's file (the source of its lines in the line map; renamed by a rotating handler, see `RankOutput.renameSources`). */
    public file: string,
    readonly writer: RankLineWriter,
  ) {}

  /** A record starts at the next line, at `time` (undefined: before any time of its stream, -Infinity). */
  start(time: number | undefined): void {
    const n = this.count;
    this.recLine = room(this.recLine, n, n + 1);
    this.recByte = room(this.recByte, n, n + 1);
    this.recTime = room(this.recTime, n, n + 1);
    this.recLine[n] = this.lineCount;
    this.recByte[n] = this.text.length;
    this.recTime[n] = time ?? -Infinity;
    this.count = n + 1;
    this.open = true;
  }

  /** A line of the open record, from line `line` (at byte `offset`) of the stream's file. */
  line(text: string, line: number, offset: number): void {
    this.source(line, offset);
    this.text.line(text);
  }

  /** The next line's source. */
  private source(line: number, offset: number): void {
    const k = this.lineCount;
    if (k === this.srcLine.length) {
      this.srcLine = room(this.srcLine, k, k + 1);
      this.srcOffset = room(this.srcOffset, k, k + 1);
    }
    this.srcLine[k] = line;
    this.srcOffset[k] = offset;
    this.lineCount = k + 1;
  }

  /** A line of the open record from its bytes, `src[start..end)`, kept as it is. */
  lineBytes(src: Uint8Array, start: number, end: number, line: number, offset: number): void {
    this.source(line, offset);
    this.text.bytes(src, start, end);
    this.text.byte(10);
  }

  /** A record's first line from its bytes, in our format (see `recordBytes`). */
  recordBytes(worker: Buffer, src: Uint8Array, time: number, level: string, loggerStart: number, loggerEnd: number, messageStart: number, end: number, line: number, offset: number): void {
    this.source(line, offset);
    recordBytes(this.text, worker, src, time, level, loggerStart, loggerEnd, messageStart, end);
  }

  /** The open record is whole: a line that follows starts another. */
  close(): void {
    this.open = false;
  }

  /** Record `k`'s time (-Infinity when it has none). */
  time(k: number): number {
    return this.recTime[k];
  }

  /** Bytes of the records held. */
  get heldBytes(): number {
    return this.text.length;
  }

  /** Where the stream's reading is in time: its open record's time; undefined when none is open. */
  get openTime(): number | undefined {
    return this.open ? this.recTime[this.count - 1] : undefined;
  }

  /**
   * Records `from` to `to` (exclusive): their bytes appended to `out`, each line's source handed
   * to `mark` in order. Returns the lines.
   */
  emit(from: number, to: number, out: ByteText, mark: (line: number, offset: number) => void): number {
    const first = this.recLine[from];
    const last = to < this.count ? this.recLine[to] : this.lineCount;
    const start = this.recByte[from];
    const end = to < this.count ? this.recByte[to] : this.text.length;
    out.copy(this.text.buf, start, end);
    for (let k = first; k < last; k++) mark(this.srcLine[k], this.srcOffset[k]);
    return last - first;
  }

  /** Forgets the first `n` records (written). */
  drop(n: number): void {
    if (n === 0) return;
    if (n === this.count) {
      this.count = 0;
      this.lineCount = 0;
      this.text.length = 0;
      return;
    }
    const line = this.recLine[n];
    const byte = this.recByte[n];
    const left = this.count - n;
    this.recLine.copyWithin(0, n, this.count);
    this.recByte.copyWithin(0, n, this.count);
    this.recTime.copyWithin(0, n, this.count);
    for (let k = 0; k < left; k++) {
      this.recLine[k] -= line;
      this.recByte[k] -= byte;
    }
    this.srcLine.copyWithin(0, line, this.lineCount);
    this.srcOffset.copyWithin(0, line, this.lineCount);
    this.lineCount -= line;
    this.text.buf.copyWithin(0, byte, this.text.length);
    this.text.length -= byte;
    this.count = left;
  }

  /** The stream is not being read: its buffers go if nothing is held in them. */
  idle(): void {
    if (this.count > 0) return;
    this.text.idle();
    if (this.srcLine.length > 4096) {
      this.srcLine = this.srcOffset = new Float64Array(0);
      this.recLine = this.recByte = this.recTime = new Float64Array(0);
    }
  }
}
