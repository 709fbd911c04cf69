// The streaming heart of the index: bytes in, in any chunking, sessions and records out.
// Only complete lines are consumed; a partial last line waits (its head, at most
// `maxLineHead` bytes, is kept) until its newline arrives. Hot path: one native newline
// search and a few byte comparisons per line; strings are decoded only for the rare lines
// that need them (errors, separators, traceback endings).
import { Checkpoint, emptyCounts, ErrorRecord, LevelCounts, Session } from './indexModel';
import { classifyLine, exceptionLineCandidate, HeaderSlots, Level, newHeaderSlots, resumeTimestampText } from './logLine';
import { asctimeFromBytes, parseIsoTimestamp } from './timestamps';

export interface ScannerOptions {
  /** ERROR/CRITICAL records stored per session; the rest are only counted. */
  maxErrorsPerSession?: number;
  /** Distance in bytes between time checkpoints. */
  checkpointEveryBytes?: number;
  /** Bytes of a line kept for classification; a longer line is counted, not stored. */
  maxLineHead?: number;
}

const MESSAGE_CHARS = 500;

function newSession(index: number, line: number, offset: number): Session {
  return {
    index,
    startLine: line,
    startOffset: offset,
    endLine: line - 1,
    endOffset: offset,
    records: 0,
    counts: emptyCounts(),
    errors: [],
    errorsOmitted: 0,
  };
}

function bump(counts: LevelCounts, level: Level, buf: Uint8Array, s: number, e: number): string {
  switch (level) {
    case Level.Info:
      counts.INFO++;
      return 'INFO';
    case Level.Debug:
      counts.DEBUG++;
      return 'DEBUG';
    case Level.Warning:
      counts.WARNING++;
      return 'WARNING';
    case Level.Error:
      counts.ERROR++;
      return 'ERROR';
    case Level.Critical:
      counts.CRITICAL++;
      return 'CRITICAL';
    default: {
      const name = Buffer.from(buf.buffer, buf.byteOffset + s, e - s).toString('latin1');
      counts.other[name] = (counts.other[name] ?? 0) + 1;
      return name;
    }
  }
}

function decode(buf: Uint8Array, s: number, e: number): string {
  return Buffer.from(buf.buffer, buf.byteOffset + s, e - s).toString('utf8');
}

export class LogScanner {
  lines = 0;
  /** Bytes of complete lines consumed. */
  bytes = 0;
  records = 0;
  timedRecords = 0;
  readonly sessions: Session[] = [newSession(0, 0, 0)];
  readonly checkpoints: Checkpoint[] = [];

  private readonly maxErrors: number;
  private readonly checkpointEvery: number;
  private readonly maxLineHead: number;
  private readonly slots: HeaderSlots = newHeaderSlots();
  private nextCheckpoint = 0;

  private pendingHead: Buffer | undefined;
  private pendingLen = 0;

  /** The ERROR/CRITICAL record whose continuation lines are being read. */
  private openError: ErrorRecord | undefined;
  private tracebackArmed = false;

  // Deferred work: the last timed record and the last record of the chunk, decoded once.
  private deferTimeBuf: Uint8Array | undefined;
  private deferTimePos = 0;
  private deferLastBuf: Uint8Array | undefined;
  private deferLast = { line: 0, levelStart: 0, levelEnd: 0, messageStart: 0, end: 0, hasTime: false, start: 0 };

  constructor(options: ScannerOptions = {}) {
    this.maxErrors = options.maxErrorsPerSession ?? 100;
    this.checkpointEvery = options.checkpointEveryBytes ?? 256 * 1024;
    this.maxLineHead = options.maxLineHead ?? 64 * 1024;
  }

  /** Bytes of the trailing partial line received but not yet consumed. */
  get pendingBytes(): number {
    return this.pendingLen;
  }

  get currentSession(): Session {
    return this.sessions[this.sessions.length - 1];
  }

  push(chunk: Uint8Array): void {
    let pos = 0;
    const len = chunk.length;
    if (this.pendingLen > 0) {
      const nl = chunk.indexOf(10);
      if (nl < 0) {
        this.holdPartial(chunk, 0);
        return;
      }
      const head = this.pendingHead ?? Buffer.alloc(0);
      const room = Math.max(0, this.maxLineHead - head.length);
      const line = room > 0 ? Buffer.concat([head, chunk.subarray(0, Math.min(nl, room))]) : head;
      const lineBytes = this.pendingLen + nl + 1;
      this.pendingHead = undefined;
      this.pendingLen = 0;
      // A line longer than the head we kept loses its "\r" check, which is harmless.
      this.consumeLine(line, 0, line.length, lineBytes);
      pos = nl + 1;
    }
    const buf = chunk;
    const cap = this.maxLineHead;
    for (;;) {
      const nl = buf.indexOf(10, pos);
      if (nl < 0) break;
      const end = nl - pos > cap ? pos + cap : nl;
      this.consumeLine(buf, pos, end, nl + 1 - pos);
      pos = nl + 1;
    }
    this.flushDeferred();
    if (pos < len) this.holdPartial(chunk, pos);
  }

  private holdPartial(chunk: Uint8Array, from: number): void {
    const have = this.pendingHead?.length ?? 0;
    const room = this.maxLineHead - have;
    if (room > 0) {
      const piece = Buffer.from(chunk.subarray(from, Math.min(chunk.length, from + room)));
      this.pendingHead = this.pendingHead ? Buffer.concat([this.pendingHead, piece]) : piece;
    }
    this.pendingLen += chunk.length - from;
  }

  /** `buf[s..e)` is the line (maybe only its head) without "\n"; it occupies `lineBytes`. */
  private consumeLine(buf: Uint8Array, s: number, e: number, lineBytes: number): void {
    if (e > s && buf[e - 1] === 13) e--;
    const lineNo = this.lines;
    const offset = this.bytes;
    const slots = this.slots;
    if (classifyLine(buf, s, e, slots)) {
      this.onRecord(buf, s, e, lineNo, offset, slots);
    } else if (this.openError !== undefined) {
      this.onContinuation(buf, s, e);
    }
    this.lines = lineNo + 1;
    this.bytes = offset + lineBytes;
  }

  private onRecord(buf: Uint8Array, s: number, e: number, lineNo: number, offset: number, slots: HeaderSlots): void {
    this.openError = undefined;
    this.records++;
    if (buf[slots.messageStart] === 61) {
      const resumeText = resumeTimestampText(buf, slots.messageStart, e);
      if (resumeText !== undefined) this.startSession(lineNo, offset, resumeText);
    }
    const session = this.currentSession;
    session.records++;
    const level = bump(session.counts, slots.level, buf, slots.levelStart, slots.levelEnd);
    const isError = slots.level === Level.Error || slots.level === Level.Critical || level === 'FATAL';
    let time: number | undefined;
    if (slots.hasTime) {
      this.timedRecords++;
      if (session.firstTime === undefined || offset >= this.nextCheckpoint || isError) {
        time = asctimeFromBytes(buf, s);
        if (session.firstTime === undefined) session.firstTime = time;
        if (time !== undefined && offset >= this.nextCheckpoint) {
          this.checkpoints.push({ line: lineNo, offset, time });
          this.nextCheckpoint = offset + this.checkpointEvery;
        }
      }
      this.deferTimeBuf = buf;
      this.deferTimePos = s;
    }
    const d = this.deferLast;
    this.deferLastBuf = buf;
    d.line = lineNo;
    d.start = s;
    d.levelStart = slots.levelStart;
    d.levelEnd = slots.levelEnd;
    d.messageStart = slots.messageStart;
    d.end = e;
    d.hasTime = slots.hasTime;
    if (isError) {
      const record: ErrorRecord = {
        line: lineNo,
        offset,
        level,
        logger: decode(buf, slots.loggerStart, slots.loggerEnd),
        time,
        message: decode(buf, slots.messageStart, Math.min(e, slots.messageStart + MESSAGE_CHARS * 4)).slice(0, MESSAGE_CHARS),
        lineCount: 1,
      };
      if (session.firstError === undefined) session.firstError = record;
      if (session.errors.length < this.maxErrors) session.errors.push(record);
      else session.errorsOmitted++;
      this.openError = record;
      this.tracebackArmed = false;
    }
  }

  private onContinuation(buf: Uint8Array, s: number, e: number): void {
    const record = this.openError!;
    record.lineCount++;
    const first = buf[s];
    if (e === s || first === 32 || first === 9) return;
    if (first === 84 && e - s >= 10) {
      const text = decode(buf, s, Math.min(e, s + 40));
      if (text.startsWith('Traceback (')) {
        this.tracebackArmed = true;
        return;
      }
    }
    if (!this.tracebackArmed || e - s > 4000) return;
    const text = decode(buf, s, e);
    if (exceptionLineCandidate(text)) {
      record.exception = text.length > MESSAGE_CHARS ? text.slice(0, MESSAGE_CHARS) + '…' : text;
      this.tracebackArmed = false;
    }
  }

  private startSession(lineNo: number, offset: number, resumeText: string): void {
    this.flushDeferred();
    let session = this.currentSession;
    const reuse = session.index === 0 && session.records === 0 && session.startLine === lineNo;
    if (!reuse) {
      session.endLine = lineNo - 1;
      session.endOffset = offset;
      session = newSession(this.sessions.length, lineNo, offset);
      this.sessions.push(session);
    }
    session.resumeTimeText = resumeText;
    session.resumeTime = parseIsoTimestamp(resumeText);
  }

  /** Decodes what was deferred for the current session and brings its end up to date. */
  private flushDeferred(): void {
    const session = this.currentSession;
    if (this.deferTimeBuf !== undefined) {
      const t = asctimeFromBytes(this.deferTimeBuf, this.deferTimePos);
      if (t !== undefined) session.lastTime = t;
      this.deferTimeBuf = undefined;
    }
    if (this.deferLastBuf !== undefined) {
      const d = this.deferLast;
      const b = this.deferLastBuf;
      session.lastRecord = {
        line: d.line,
        level: decode(b, d.levelStart, d.levelEnd),
        message: decode(b, d.messageStart, Math.min(d.end, d.messageStart + MESSAGE_CHARS * 4)).slice(0, MESSAGE_CHARS),
        time: d.hasTime ? asctimeFromBytes(b, d.start) : undefined,
      };
      this.deferLastBuf = undefined;
    }
    session.endLine = this.lines - 1;
    session.endOffset = this.bytes;
  }
}
