// A log file's index, kept up to date from disk: `update()` reads only the bytes appended since
// the last call; a file that shrank or was replaced is re-indexed from the start as a new
// generation; a vanished, unreadable or binary file becomes a state, never an exception.
import { promises as fsp } from 'node:fs';
import { Checkpoint, IndexSnapshot, FileState, Session } from './indexModel';
import { classifyLine, Level, newHeaderSlots, resumeTimestampText } from './logLine';
import { isFatalErrorLine } from './headlessLines';
import { LogScanner, ScannerOptions } from './logScanner';
import { bump, countWord, fatalRecord, lossRecord, storedRecord, storeError } from './sessionRecords';
import { asctimeFromBytes } from './timestamps';
import { openRegular } from './regularFile';
import { headProblem, isLostDataProblem, SNIFF_BYTES } from './nulBytes';

export interface FileIndexOptions extends ScannerOptions {
  /** Bytes read per disk read. */
  chunkSize?: number;
}

export interface UpdateResult {
  /** Something new was indexed, or the state changed. */
  changed: boolean;
  /** The index was thrown away and rebuilt (file shrank, was replaced or came back). */
  reset: boolean;
}


function errnoCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : undefined;
}

function cloneSession(s: Session): Session {
  return { ...s, counts: { ...s.counts, other: { ...s.counts.other } }, errors: s.errors.slice() };
}

// Read buffers of the usual full size, reused by every index of this thread: memory touched for
// the first time is slow to fault in on some machines, and a job has hundreds of logs.
const FULL_CHUNK = 1024 * 1024;
const spare: Buffer[] = [];

function takeBuffer(size: number): Buffer {
  return (size === FULL_CHUNK && spare.pop()) || Buffer.allocUnsafe(size);
}

function giveBack(buf: Buffer): void {
  if (buf.length === FULL_CHUNK && spare.length < 8) spare.push(buf);
}

export class FileIndex {
  private scanner: LogScanner;
  private generationNo = 0;
  private fileState: FileState = 'ok';
  private problemText: string | undefined;
  private ino: number | undefined;
  private size = 0;
  private mtimeMs = 0;
  private sniffed = false;
  private running: Promise<UpdateResult> | undefined;
  private rerun = false;

  constructor(
    readonly path: string,
    private readonly options: FileIndexOptions = {},
  ) {
    this.scanner = new LogScanner(options);
  }

  get state(): FileState {
    return this.fileState;
  }

  get generation(): number {
    return this.generationNo;
  }

  /** The checkpoints as they are now: not a copy, to read at once and not keep. */
  checkpointsNow(): readonly Checkpoint[] {
    return this.scanner.checkpoints;
  }

  /** Bytes read so far, including a trailing partial line. */
  private get consumed(): number {
    return this.scanner.bytes + this.scanner.pendingBytes;
  }

  /**
   * Brings the index up to date with the file. Calls made while one runs are folded into a
   * single follow-up run, so a burst of change events costs at most two reads.
   */
  update(): Promise<UpdateResult> {
    if (this.running) {
      this.rerun = true;
      return this.running;
    }
    const run = async (): Promise<UpdateResult> => {
      const total: UpdateResult = { changed: false, reset: false };
      do {
        this.rerun = false;
        const r = await this.updateOnce();
        total.changed ||= r.changed;
        total.reset ||= r.reset;
      } while (this.rerun);
      return total;
    };
    this.running = run().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private reset(): void {
    this.scanner = new LogScanner(this.options);
    this.generationNo++;
    this.sniffed = false;
    this.ino = undefined;
    this.size = 0;
  }

  private setState(state: FileState, problem?: string): boolean {
    const changed = this.fileState !== state || this.problemText !== problem;
    this.fileState = state;
    this.problemText = problem;
    return changed;
  }

  private async updateOnce(): Promise<UpdateResult> {
    let stat;
    try {
      stat = await fsp.stat(this.path);
    } catch (e) {
      const missing = errnoCode(e) === 'ENOENT' || errnoCode(e) === 'ENOTDIR';
      const hadData = this.consumed > 0 || this.ino !== undefined;
      if (hadData) this.reset();
      const changed = this.setState(
        missing ? 'missing' : 'unreadable',
        missing ? 'The file no longer exists.' : `The file cannot be read (${errnoCode(e) ?? String(e)}).`,
      );
      return { changed: changed || hadData, reset: hadData };
    }
    if (!stat.isFile()) {
      return { changed: this.setState('unreadable', 'Not a regular file.'), reset: false };
    }
    let reset = false;
    if ((this.ino !== undefined && stat.ino !== this.ino) || stat.size < this.consumed || this.fileState === 'missing') {
      if (this.consumed > 0 || this.ino !== undefined || this.fileState !== 'ok') reset = true;
      this.reset();
    }
    this.ino = stat.ino;
    const sizeChanged = stat.size !== this.size || stat.mtimeMs !== this.mtimeMs;
    this.size = stat.size;
    this.mtimeMs = stat.mtimeMs;
    if (this.fileState === 'binary' && !reset) {
      // A log a crash left NUL bytes in is looked at again as it grows: its rank may write on.
      if (!sizeChanged || !isLostDataProblem(this.problemText)) return { changed: false, reset };
      this.sniffed = false;
    }
    if (stat.size === this.consumed) {
      const changed = this.setState('ok');
      return { changed: changed || reset || (sizeChanged && stat.size === 0), reset };
    }
    let handle;
    try {
      handle = await openRegular(this.path);
    } catch (e) {
      return { changed: this.setState('unreadable', `The file cannot be opened (${errnoCode(e) ?? String(e)}).`) || reset, reset };
    }
    try {
      const read = await this.readAppended(handle);
      const stateChanged = this.fileState === 'binary' ? false : this.setState('ok');
      return { changed: read > 0 || stateChanged || reset, reset };
    } catch (e) {
      return { changed: this.setState('unreadable', `Reading stopped: ${errnoCode(e) ?? String(e)}.`) || reset, reset };
    } finally {
      await handle.close().catch(() => undefined);
    }
  }

  /** Reads from the consumed position to the end of the file, two buffers in flight. */
  private async readAppended(handle: fsp.FileHandle): Promise<number> {
    // Buffers sized to what is there to read: a 20,000-rank job of small logs must not churn
    // two full chunks per rank through the garbage collector. Full-size ones are reused.
    const chunkSize = Math.min(this.options.chunkSize ?? 1024 * 1024, Math.max(64 * 1024, this.size - this.consumed + 4096));
    const buffers = [takeBuffer(chunkSize), takeBuffer(chunkSize)];
    try {
      return await this.readInto(handle, buffers, chunkSize);
    } finally {
      // Both reads have settled here: nothing writes into the buffers any more.
      buffers.forEach(giveBack);
    }
  }

  private async readInto(handle: fsp.FileHandle, buffers: Buffer[], chunkSize: number): Promise<number> {
    let position = this.consumed;
    const start = position;
    // Read a little past the size seen in stat, but never chase a fast writer forever.
    const limit = Math.max(this.size, position) + 64 * chunkSize;
    let which = 0;
    let next = handle.read(buffers[which], 0, chunkSize, position);
    for (;;) {
      const { bytesRead } = await next;
      if (bytesRead === 0) break;
      const chunk = buffers[which].subarray(0, bytesRead);
      position += bytesRead;
      which = 1 - which;
      const more = position < limit;
      if (more) next = handle.read(buffers[which], 0, chunkSize, position);
      if (!this.sniffed) {
        this.sniffed = true;
        const head = chunk.subarray(0, SNIFF_BYTES);
        const problem = headProblem(this.path, head);
        if (problem) {
          this.setState('binary', problem);
          if (more) await next;
          return position - start;
        }
        if (head.includes(0)) this.setState('ok');
      }
      try {
        this.scanner.push(chunk);
      } catch (e) {
        if (more) await next.catch(() => undefined);
        throw e;
      }
      if (!more) break;
    }
    if (position > this.size) this.size = position;
    else if (position < this.size) {
      // The file ended before the size stat gave: it was truncated (maybe rewritten) while we
      // read. Never report that size with what was read; look again at once.
      this.size = position;
      this.rerun = true;
    }
    return position - start;
  }

  /** A copy of the index that later updates do not change. */
  snapshot(): IndexSnapshot {
    return snapshotOf(this.scanner, {
      path: this.path,
      state: this.fileState,
      problem: this.problemText,
      generation: this.generationNo,
      size: this.size,
      mtimeMs: this.mtimeMs,
    });
  }
}

export type FileFacts = Pick<IndexSnapshot, 'path' | 'state' | 'problem' | 'generation' | 'size' | 'mtimeMs'>;

/**
 * A last line without its line break (a process killed mid-write) still counts: a record or
 * a fatal error there is added to the copy of the last session. The scanner itself waits for
 * the line break, so the line is read again, whole, when it is completed.
 */
function addPartialLine(session: Session, head: Uint8Array, line: number, offset: number): void {
  const slots = newHeaderSlots();
  let e = head.length;
  if (e > 0 && head[e - 1] === 13) e--;
  if (classifyLine(head, 0, e, slots)) {
    if (resumeTimestampText(head, slots.messageStart, e) !== undefined) return;
    const time = slots.hasTime ? asctimeFromBytes(head, 0) : undefined;
    const level = bump(session.counts, slots.level, head, slots.levelStart, slots.levelEnd);
    countWord(session, slots, level, head);
    session.records++;
    if (time !== undefined) session.lastTime = time;
    const record = storedRecord(head, e, slots, line, offset, level, time);
    session.lastRecord = { line, level, message: record.message, time };
    if (slots.level === Level.Error || slots.level === Level.Critical || level === 'FATAL') storeError(session, record, Infinity);
  } else if (isFatalErrorLine(head, 0, e)) {
    storeError(session, fatalRecord(session, head, 0, e, line, offset), Infinity);
  }
}

/** The scanner's index with the file's facts; the open last session is copied. */
export function snapshotOf(sc: LogScanner, facts: FileFacts): IndexSnapshot {
  const sessions = sc.sessions.slice();
  const last = (sessions[sessions.length - 1] = cloneSession(sessions[sessions.length - 1]));
  const partial = sc.partialLine;
  // A log that ends in the NUL bytes of a crash (no line break after them): its last session died with its machine.
  if (sc.partialLost && facts.state === 'ok') storeError(last, lossRecord(last, sc.lines, sc.bytes), Infinity);
  if (partial && facts.state === 'ok') addPartialLine(last, partial, sc.lines, sc.bytes);
  return {
    ...facts,
    bytes: sc.bytes,
    lines: sc.lines,
    records: sc.records,
    timedRecords: sc.timedRecords,
    sessions: facts.state === 'binary' ? [] : sessions,
    checkpoints: sc.checkpoints.slice(),
  };
}

/** Indexes a file once (for the CLI and scripts). */
export async function indexFile(path: string, options?: FileIndexOptions): Promise<IndexSnapshot> {
  const index = new FileIndex(path, options);
  await index.update();
  return index.snapshot();
}
