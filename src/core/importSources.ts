// The sources of an import (importJob.ts), read incrementally: each call hands over the whole
// lines a file gained since the last one (a trailing partial line waits for its end, a line
// longer than MAX_LINE is cut), with each line's number and byte offset in the file. A file that
// shrank or was replaced throws RESET (the import starts over); one that is not there keeps what
// was read. The next chunk is read ahead while the lines of this one are taken.
import * as fs from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { openRegular, openRegularSync } from './regularFile';
import { startsWithBom } from './lineSource';
import { holdsLostBytes } from './logLine';

const CHUNK = 1024 * 1024;
/** A line longer than this is cut (a binary file without line breaks must not fill memory). */
export const MAX_LINE = 1024 * 1024;
/** Half of the buffer sources are read into: a partial line, then a chunk (see `read`). */
const HALF = MAX_LINE + CHUNK;
/** Bytes of the buffer sources are read into (`ReadOptions.into` must hold as many). */
export const READ_BUFFER = 2 * HALF;
/** Thrown when a source shrank or was replaced: the import starts over. */
export const RESET = new Error('a source shrank or was replaced');

/** How far a source was read. */
export interface SourceState {
  offset: number;
  line: number;
  /** The source's last change, as last read. */
  mtimeMs: number;
  ino: number;
  partial: Buffer | undefined;
  /** The line whose NUL bytes of a crash were told (`lost` of `onLine`, or `ReadOptions.onLoss`): once a line. */
  lostTold?: number;
  /** The last line was read without its line break (`ReadOptions.partialAfterMs`): bytes after it are the rest of that line. */
  partialTaken?: boolean;
  /** The file's first bytes (`HEAD_ID_BYTES` at most), as first read: a file of the same inode since is the same file if its head is. */
  head?: Buffer;
}

/** Bytes of a source's head kept (`SourceState.head`): a new file given a deleted one's inode has its own. */
export const HEAD_ID_BYTES = 64;

/** A file's last line without its line break is read as a line once the file has not changed for this long (`ReadOptions.partialAfterMs`). */
export const PARTIAL_LINE_QUIET_MS = 5 * 60 * 1000;

export interface ReadOptions {
  /** After each chunk's lines. */
  afterChunk?: () => Promise<unknown>;
  /** After each chunk is read: its bytes, and the bytes the file still holds past it. */
  onChunk?: (bytes: number, left: number) => void;
  /** Takes a line from its bytes when it can (true), before it is decoded for `onLine`. */
  onBytes?: (data: Buffer, start: number, end: number, line: number, offset: number) => boolean;
  /** Where to read (a lane's input, READ_BUFFER bytes) instead of the reader's own buffer. */
  into?: Buffer;
  /** Takes the lines it can from `start` on, before each line read here; returns where it stopped (and moved `s` on). */
  onRun?: (data: Buffer, start: number, s: SourceState) => number;
  /** Reads about `bytes` (whole chunks) and stops; `more` tells whether the file holds more. */
  turn?: { bytes: number; more: boolean };
  /**
   * With `turn`, asked once its bytes are read and their lines taken: whether to read one more
   * chunk (a traceback its reader has open would be cut by the other file's lines).
   */
  turnGoesOn?: () => boolean;
  /**
   * The file's last line without its line break is read as a line once the file has not changed
   * for this long (ms; 0: at once, a one-shot reading): its writer ended mid-line (killed as it
   * wrote: a rank's last words). Undefined: it waits for its line break.
   */
  partialAfterMs?: number;
  /**
   * Whether what follows a line's last NUL byte is a line of its own: one a crash cut (its node
   * lost the file's last pages: NUL bytes from inside a line, no line break) before the job,
   * requeued, appended on. The line is then that text alone.
   */
  afterLoss?: (tail: string) => boolean;
  /**
   * The file ends, for now, in a line without its line break that holds the NUL bytes a crash
   * left (its machine went down): told once, at that line, which `onLine` gets (without `lost`)
   * if its end comes.
   */
  onLoss?: (line: number, offset: number) => void;
}

/**
 * The last line of a file that ends without its line break, read as a line (`partialAfterMs`):
 * true when it was. Not a line that holds a crash's NUL bytes (`onLoss` tells of those).
 */
function takePartial(s: SourceState, st: { size: number; mtimeMs: number }, afterMs: number | undefined, onLine: (text: string, line: number, offset: number, lost: boolean) => void, afterLoss: ((tail: string) => boolean) | undefined): boolean {
  const partial = s.partial;
  if (!partial || afterMs === undefined || Date.now() - st.mtimeMs < afterMs || s.offset + partial.length !== st.size || lostBytes(partial, 0, partial.length)) return false;
  s.partial = undefined;
  onLine(lineText(partial, 0, partial.length, afterLoss), s.line, s.offset, false);
  s.line++;
  s.offset += partial.length;
  s.partialTaken = true;
  return true;
}

export class SourceReader {
  private readonly states = new Map<string, SourceState>();
  /** Where sources are read (memory touched the first time is slow to fault in: one for all). */
  private buffer: Buffer | undefined;

  /** How far `file` was read, if it was. */
  stateOf(file: string): SourceState | undefined {
    return this.states.get(file);
  }

  /** The sources read so far, and how far each was. */
  allStates(): ReadonlyMap<string, SourceState> {
    return this.states;
  }

  /**
   * Each source named in `where` goes on under its new name (a rotating handler renamed its file:
   * what was read of it goes with it), or is forgotten (`''`: its file is gone).
   */
  rename(where: ReadonlyMap<string, string>): void {
    const moved = [...this.states].map(([file, s]) => [where.get(file) ?? file, s] as const);
    this.states.clear();
    for (const [file, s] of moved) if (file !== '') this.states.set(file, s);
  }

  /** The latest change of the sources read so far (epoch ms); 0 before any. */
  latestChange(): number {
    let latest = 0;
    for (const s of this.states.values()) latest = Math.max(latest, s.mtimeMs);
    return latest;
  }

  /** Every source is read again from its start. */
  clear(): void {
    this.states.clear();
  }

  /**
   * The bytes `file` gained since the last call, as whole lines to `onLine`; true when it gained
   * any. Throws RESET when the file shrank or was replaced.
   */
  async read(file: string, onLine: (text: string, line: number, offset: number, lost: boolean) => void, options: ReadOptions = {}): Promise<boolean> {
    const { afterChunk, onChunk, onBytes, into, onRun, turn, turnGoesOn, afterLoss, onLoss, partialAfterMs } = options;
    // A file read before that has not grown: one stat, not an open, two stats and a close (the
    // editor reads each job's files twice a second: 2,048 files of a torchrun job of 1,024 ranks).
    const known = this.states.get(file);
    if (known) {
      const st = await fs.promises.stat(file).catch(() => undefined);
      if (!st) return false; // not there (any more): what was read stays
      if (st.isFile() && st.ino === known.ino && st.size === known.offset + (known.partial?.length ?? 0)) {
        known.mtimeMs = st.mtimeMs;
        return takePartial(known, st, partialAfterMs, onLine, afterLoss);
      }
    }
    let handle: FileHandle;
    let reading: Promise<{ bytesRead: number }> | undefined;
    try {
      handle = await openRegular(file);
    } catch {
      return false; // not there (yet, or any more): what was read stays
    }
    try {
      const st = await handle.stat();
      let s = this.states.get(file);
      if (s && (st.ino !== s.ino || st.size < s.offset + (s.partial?.length ?? 0))) throw RESET;
      if (!s) this.states.set(file, (s = { offset: 0, line: 0, ino: st.ino, partial: undefined, mtimeMs: st.mtimeMs }));
      const state = s;
      // Whether the line at `state.line`, [start, end) of `data`, holds a crash's NUL bytes not yet told.
      const lost = (data: Buffer, start: number, end: number): boolean => {
        if (state.lostTold === state.line || !lostBytes(data, start, end)) return false;
        state.lostTold = state.line;
        return true;
      };
      s.mtimeMs = st.mtimeMs;
      let pos = s.offset + (s.partial?.length ?? 0);
      if (pos >= st.size) return takePartial(s, st, partialAfterMs, onLine, afterLoss);
      // The line read without its line break goes on: what follows is more of it, of its line number.
      if (s.partialTaken) {
        s.partialTaken = false;
        s.line--;
      }
      const first = pos;
      // Two halves of one buffer: the next chunk is read ahead into one while the lines of the
      // other are taken (waiting for each read was a sixth of a capture's import). A half is room
      // for a partial line, then a chunk: the partial line before a chunk is copied in front of it.
      const buf = into ?? (this.buffer ??= Buffer.allocUnsafe(READ_BUFFER));
      const readAhead = (at: number, half: number) => (at < st.size && (!turn || at - first < turn.bytes) ? handle.read(buf, half * HALF + MAX_LINE, Math.min(CHUNK, st.size - at), at) : undefined);
      let half = 0;
      reading = readAhead(pos, half);
      let ended = false;
      while (reading) {
        const { bytesRead } = await reading;
        reading = undefined;
        if (bytesRead === 0) {
          ended = true;
          break;
        }
        const chunkStart = half * HALF + MAX_LINE;
        const have = s.partial ? s.partial.copy(buf, chunkStart - s.partial.length) : 0;
        s.partial = undefined;
        pos += bytesRead;
        half = 1 - half;
        reading = readAhead(pos, half);
        onChunk?.(bytesRead, st.size - pos);
        const data = buf.subarray(chunkStart - have, chunkStart + bytesRead);
        if (first === 0 && !s.head) s.head = Buffer.from(data.subarray(0, Math.min(HEAD_ID_BYTES, data.length)));
        let start = 0;
        // A first line after UTF-8's byte-order mark (Windows tools write one): read without it.
        const nl0 = s.offset === 0 ? data.indexOf(10) : -1;
        if (nl0 >= 0 && startsWithBom(data, 0, nl0, 0)) {
          onLine(lineText(data, 3, nl0, afterLoss), s.line, s.offset, lost(data, 3, nl0));
          s.line++;
          s.offset += nl0 + 1;
          start = nl0 + 1;
        }
        for (;;) {
          if (onRun) start = onRun(data, start, s);
          const nl = data.indexOf(10, start);
          if (nl < 0) break;
          if (!onBytes?.(data, start, nl, s.line, s.offset)) onLine(lineText(data, start, nl, afterLoss), s.line, s.offset, lost(data, start, nl));
          s.line++;
          s.offset += nl + 1 - start;
          start = nl + 1;
        }
        if (start < data.length) {
          if (data.length - start > MAX_LINE) {
            // A piece of an overlong line: the next piece is of the same line (its number stays).
            onLine(lineText(data, start, data.length, afterLoss), s.line, s.offset, lost(data, start, data.length));
            s.offset += data.length - start;
          } else s.partial = Buffer.from(data.subarray(start));
        }
        await afterChunk?.();
        // The turn's bytes are read: one more chunk when its reader asks (`turnGoesOn`).
        if (!reading && turn && turnGoesOn && pos < st.size && turnGoesOn()) reading = handle.read(buf, half * HALF + MAX_LINE, Math.min(CHUNK, st.size - pos), pos);
      }
      if (onLoss && s.partial && lost(s.partial, 0, s.partial.length)) onLoss(s.line, s.offset);
      if (turn) turn.more = !ended && pos < st.size;
      if (!turn?.more) takePartial(s, st, partialAfterMs, onLine, afterLoss);
      return true;
    } finally {
      // A read still running when a line's handler threw: the handle closes after it.
      await reading?.catch(() => undefined);
      await handle.close();
    }
  }
}

/** Whether [start, end) of `data` holds the NUL bytes a crash left (`holdsLostBytes`). */
function lostBytes(data: Buffer, start: number, end: number): boolean {
  const z = data.subarray(start, end).indexOf(0);
  return z >= 0 && holdsLostBytes(data, start + z, end);
}

/**
 * A line's text: UTF-8, each run of NULs shown as one U+FFFD (an index reads NULs as a binary
 * file; a crashed node's log may end in a hole of zeros, which came out 3 bytes for each of its
 * bytes and took 50 s for 200 MB); a trailing `\r` stays, for the writer. What follows the last
 * NUL byte alone when `afterLoss` takes it (see `ReadOptions.afterLoss`).
 */
function lineText(data: Buffer, start: number, end: number, afterLoss?: (tail: string) => boolean): string {
  const text = data.toString('utf8', start, end);
  if (text.indexOf('\0') < 0) return text;
  return lineAfterLoss(text, afterLoss) ?? text.replace(/\0+/g, '\uFFFD');
}

/** What follows the last NUL byte of `text` when `afterLoss` takes it for a line of its own (`ReadOptions.afterLoss`). */
export function lineAfterLoss(text: string, afterLoss: ((tail: string) => boolean) | undefined): string | undefined {
  const z = text.lastIndexOf('\0');
  const tail = z >= 0 ? text.slice(z + 1) : undefined;
  return tail !== undefined && afterLoss?.(tail) ? tail : undefined;
}

/** Bytes of a source's head looked at for a time (`firstTimeOfHead`): read at once, in the extension host too (64 KiB of lines without one: 5-10 ms). */
const HEAD_TIME_BYTES = 64 * 1024;

/**
 * The first time `timeOf` reads in the lines of `file`'s first 64 KiB, or undefined (none; the file
 * unreadable): the day of lines that give only their time of day, when no line before them gave
 * one (a job of days dated by the day its log was last written would jump back at its first date).
 */
export function firstTimeOfHead(file: string, timeOf: (line: string) => number | undefined): number | undefined {
  let fd: number | undefined;
  try {
    fd = openRegularSync(file);
    const buf = Buffer.allocUnsafe(HEAD_TIME_BYTES);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    const text = buf.toString('utf8', 0, n);
    let start = 0;
    while (start < text.length) {
      const end = text.indexOf('\n', start);
      // (The head's last line may be cut: it is not read.)
      if (end < 0) break;
      const line = text.slice(start, end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end);
      start = end + 1;
      const t = timeOf(line);
      if (t !== undefined) return t;
    }
    return undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * The whole lines of the last `bytes` of `file` (the first, maybe cut, left out; undefined when it
 * cannot be read): where a launcher's summary of the job's end is.
 */
export function tailLinesSync(file: string, bytes: number): string[] | undefined {
  let fd: number | undefined;
  try {
    fd = openRegularSync(file);
    const size = fs.fstatSync(fd).size;
    const from = Math.max(0, size - bytes);
    const buf = Buffer.allocUnsafe(size - from);
    return wholeLinesOf(buf, fs.readSync(fd, buf, 0, buf.length, from), from);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** `tailLinesSync`, read without blocking (the editor's look at many files' ends). */
export async function tailLines(file: string, bytes: number): Promise<string[] | undefined> {
  let handle: FileHandle | undefined;
  try {
    handle = await openRegular(file);
    const size = (await handle.stat()).size;
    const from = Math.max(0, size - bytes);
    const buf = Buffer.allocUnsafe(size - from);
    return wholeLinesOf(buf, (await handle.read(buf, 0, buf.length, from)).bytesRead, from);
  } catch {
    return undefined;
  } finally {
    await handle?.close();
  }
}

/** The lines of the first `n` bytes of `buf`, read from `from` of a file: the first left out when cut (`from` > 0). */
function wholeLinesOf(buf: Buffer, n: number, from: number): string[] {
  const lines = buf.toString('utf8', 0, n).split(/\r?\n/);
  if (from > 0) lines.shift();
  return lines;
}

/** `firstTimeOfHead` of `file`, read at the first call only. */
export function headTimeOnce(file: string, timeOf: (line: string) => number | undefined): () => number | undefined {
  let read: number | null | undefined;
  return () => (read ??= firstTimeOfHead(file, timeOf) ?? null) ?? undefined;
}
