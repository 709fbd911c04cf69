// The streaming heart of the index: bytes in, in any chunking, sessions and records out.
// Only complete lines are consumed; a partial last line waits (its head, at most
// `maxLineHead` bytes, is kept) until its newline arrives. Hot path: the record lane
// (lane/recordLane.wat) consumes the lines whose meaning is settled; every other line is
// classified here, and strings are decoded only for the rare lines that need them (errors,
// separators, traceback endings).
import { Checkpoint, ErrorRecord, Session } from './indexModel';
import { HeaderTable } from './lane/headerTable';
import { LANE_DATA, LANE_MAX_CHUNK, RecordLane, Result } from './lane/recordLane';
import { classifyLine, HeaderSlots, holdsLostBytes, Level, newHeaderSlots, resumeTimestampText } from './logLine';
import { isFatalErrorLine, isStackDumpHeader, watchdogLineAbove } from './headlessLines';
import { startsWithBom, textStart } from './lineSource';
import { PartialLine } from './partialLine';
import { addStackDump, approximateTime, bump, countWord, fatalRecord, FileLevels, lossRecord, mergeSessionInto, newSession, shiftSessions, storedRecord, storeError } from './sessionRecords';
import { asctimeFromBytes, parseIsoTimestamp } from './timestamps';
import { TracebackException, TracebackState, wentOnFrom } from './tracebackException';
import { DeferredRecords } from './deferredRecords';

export interface ScannerOptions {
  /** ERROR/CRITICAL records stored per session; the rest are only counted. */
  maxErrorsPerSession?: number;
  /** Distance in bytes between time checkpoints (default: 16 KiB, growing to 256 KiB with the file). */
  checkpointEveryBytes?: number;
  /** Bytes of a line kept for classification; a longer line is counted, not stored. */
  maxLineHead?: number;
  /**
   * For a scan that starts mid-file (a parallel range): lines before the first record belong
   * to a record of the previous range, so they are measured (`leadingBytes`) but not indexed.
   */
  skipLeadingContinuation?: boolean;
  /** Keep the line span of every record that has continuation lines (for folding). */
  collectMultilineRecords?: boolean;
  /** Store WARNING records per session too (same cap as errors). */
  storeWarnings?: boolean;
  /**
   * Consume the common lines in the WebAssembly record lane (default true); false leaves
   * every line to the TypeScript path, which tests compare the lane against.
   */
  useRecordLane?: boolean;
}

/** What one range of a parallel index hands back to be absorbed (structured-clone safe). */
export interface ScannerState {
  lines: number;
  bytes: number;
  records: number;
  timedRecords: number;
  sessions: Session[];
  checkpoints: Checkpoint[];
  leadingBytes: number;
  /** The ERROR record still open at the end of the range (its line), and its traceback state. */
  openErrorLine?: number;
  traceback: TracebackState;
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
  /** Fixed spacing of checkpoints, when asked for; else `checkpointSpacing`. */
  private readonly checkpointEvery: number | undefined;
  private readonly maxLineHead: number;
  private readonly slots: HeaderSlots = newHeaderSlots();
  private readonly lane: RecordLane | undefined;
  /** Record headers the parser classified, for the lane to recognise (see recordLane.wat). */
  private readonly headers = new HeaderTable();
  /** Lines the record lane consumed (the rest went through `consumeLine`). */
  laneLines = 0;
  private nextCheckpoint = 0;
  private readonly levels = new FileLevels();
  private skippingLeading: boolean;
  private readonly collectMultiline: boolean;
  private readonly storeWarnings: boolean;
  private recordStart = -1;
  private readonly multiline: number[] = [];
  private static readonly MAX_MULTILINE = 200_000;
  /** Bytes of the leading continuation lines skipped (see `skipLeadingContinuation`). */
  leadingBytes = 0;

  /** The trailing partial line, until its newline comes. */
  private readonly partial: PartialLine;
  /** Where `pushFrom` reads when there is no lane. */
  private readBuffer: Buffer | undefined;

  /** The ERROR/CRITICAL record whose continuation lines are being read. */
  private openError: ErrorRecord | undefined;
  /** The exception of the open error's traceback. */
  private readonly traceback = new TracebackException();

  /** The last timed record and the last record of the chunk, decoded once a chunk. */
  private readonly deferred = new DeferredRecords();

  constructor(options: ScannerOptions = {}) {
    this.maxErrors = options.maxErrorsPerSession ?? 100;
    this.checkpointEvery = options.checkpointEveryBytes;
    this.maxLineHead = options.maxLineHead ?? 64 * 1024;
    this.partial = new PartialLine(this.maxLineHead);
    this.skippingLeading = options.skipLeadingContinuation ?? false;
    this.collectMultiline = options.collectMultilineRecords ?? false;
    this.storeWarnings = options.storeWarnings ?? false;
    this.lane = options.useRecordLane === false ? undefined : RecordLane.get();
  }

  /**
   * Bytes to the next checkpoint: 16 KiB near the start of a file, growing with it to 256 KiB
   * from 16 MiB on, so that a small log still has enough of them for the timeline's density,
   * and a large one few enough to stay out of the hot path's way.
   */
  private checkpointSpacing(offset: number): number {
    return this.checkpointEvery ?? Math.min(256 * 1024, Math.max(16 * 1024, Math.floor(offset / 64)));
  }

  /** [startLine, endLine] of each record with continuation lines, the open last one included. */
  multilineRecords(): [number, number][] {
    const out: [number, number][] = [];
    for (let i = 0; i < this.multiline.length; i += 2) out.push([this.multiline[i], this.multiline[i + 1]]);
    if (this.recordStart >= 0 && this.lines - 1 > this.recordStart) out.push([this.recordStart, this.lines - 1]);
    return out;
  }

  /** The head of the trailing partial line (a writer mid-line, or killed mid-write). */
  get partialLine(): Uint8Array | undefined {
    return this.partial.bytes;
  }

  /** The trailing partial line holds NUL bytes a crash left (a log that ends in them). */
  get partialLost(): boolean {
    return this.partial.lost && this.lossIn !== this.currentSession;
  }

  /** Bytes of the trailing partial line received but not yet consumed. */
  get pendingBytes(): number {
    return this.partial.length;
  }

  get currentSession(): Session {
    return this.sessions[this.sessions.length - 1];
  }

  push(chunk: Uint8Array): void {
    if (chunk.length <= LANE_MAX_CHUNK) this.pushPiece(chunk);
    else for (let at = 0; at < chunk.length; at += LANE_MAX_CHUNK) this.pushPiece(chunk.subarray(at, at + LANE_MAX_CHUNK));
  }

  /**
   * Reads the next chunk straight into the lane's memory (no copy), then scans it. `read` fills
   * the array it is given and returns the bytes read; so does this.
   */
  pushFrom(read: (into: Uint8Array) => number, size = LANE_MAX_CHUNK): number {
    const into = this.lane ? this.lane.input(Math.min(size, LANE_MAX_CHUNK)) : this.readBufferOf(size);
    const n = read(into);
    if (n > 0) this.push(into.subarray(0, n));
    return n;
  }

  private readBufferOf(size: number): Buffer {
    if (this.readBuffer === undefined || this.readBuffer.length < size) this.readBuffer = Buffer.allocUnsafe(size);
    return this.readBuffer.subarray(0, size);
  }

  private pushPiece(chunk: Uint8Array): void {
    let pos = 0;
    if (this.partial.length > 0) {
      const nl = chunk.indexOf(10);
      if (nl < 0) {
        this.partial.hold(chunk, 0);
        return;
      }
      const { line, lineBytes, lost } = this.partial.complete(chunk, nl);
      // A line longer than the head we kept loses its "\r" check, which is harmless.
      this.consumeLine(line, 0, line.length, lineBytes, false, lost);
      pos = nl + 1;
    }
    // In the lane's memory the chunk starts at LANE_DATA; `buf` ends where the chunk ends.
    const base = this.lane ? LANE_DATA : 0;
    const buf = this.lane ? this.lane.load(chunk) : chunk;
    pos = this.scanLines(buf, base + pos);
    this.flushDeferred();
    if (pos < buf.length) this.partial.hold(buf, pos);
  }

  /**
   * Consumes the complete lines of `buf` from `pos`; returns where the partial last line
   * begins. The lane takes every line it can; the line it stops at (new, rare, or due a
   * checkpoint) goes through `consumeLine`, then the lane goes on.
   */
  private scanLines(buf: Uint8Array, pos: number): number {
    const lane = this.lane;
    for (;;) {
      // The first line after a byte-order mark goes through `consumeLine`, which steps over it.
      let mayHoldNul = true;
      if (lane !== undefined && !this.skippingLeading && !startsWithBom(buf, pos, buf.length, this.bytes)) {
        pos = this.runLane(lane, buf, pos);
        mayHoldNul = lane.out[Result.StopNul] !== 0;
      }
      const nl = buf.indexOf(10, pos);
      if (nl < 0) return pos;
      // The head is the text's: not the NUL bytes a crash left, however many (see lineText).
      const text = textStart(buf, pos, nl > pos && buf[nl - 1] === 13 ? nl - 1 : nl, this.bytes, mayHoldNul);
      this.consumeLine(buf, text, nl - text > this.maxLineHead ? text + this.maxLineHead : nl, nl + 1 - pos, true, mayHoldNul && holdsLostBytes(buf, pos, nl));
      pos = nl + 1;
    }
  }

  /** Runs the lane from `pos` and takes over what it consumed; returns where it stopped. */
  private runLane(lane: RecordLane, buf: Uint8Array, pos: number): number {
    lane.useHeaders(this.headers);
    const checkpointRoom = this.nextCheckpoint - this.bytes;
    // The arguments of `lane` in recordLane.wat, in its order.
    const stop = lane.run(
      pos,
      buf.length,
      this.maxLineHead, // cap
      this.storeWarnings ? Level.Info : Level.Warning, // maxLevel
      // timedLimit: timestamped records from here on need the full path (first time, checkpoint).
      this.currentSession.firstTime !== undefined ? Math.min(0x7fffffff, pos + Math.max(0, checkpointRoom)) : 0,
      this.openError !== undefined, // errorOpen
      this.collectMultiline, // collect
      this.recordStart >= 0, // recordSeen
      this.recordStart >= 0 && this.lines - 1 > this.recordStart, // afterContinuation
      // errorIndented: an open error's indented lines only lengthen it; its exception line comes
      // here (after `rich`'s panel drawn indented, so is every line: its exception's is indented).
      !this.traceback.inIndentedPanel,
    );
    const r = lane.out;
    const lines = r[Result.Lines];
    if (lines === 0) return stop;
    const errorLines = r[Result.ErrorLines];
    if (errorLines > 0) this.openError!.lineCount += errorLines;
    const debug = r[Result.Debug];
    const info = r[Result.Info];
    const warning = r[Result.Warning];
    const records = debug + info + warning;
    if (records > 0) {
      const session = this.currentSession;
      session.counts.DEBUG += debug;
      session.counts.INFO += info;
      session.counts.WARNING += warning;
      session.records += records;
      this.records += records;
      this.timedRecords += r[Result.Timed];
      this.openError = undefined;
      this.deferred.last(buf, r[Result.LastStart], r[Result.LastEnd], this.lines + r[Result.LastLine]);
      if (this.collectMultiline) this.recordStart = this.lines + r[Result.LastLine];
      const timePos = r[Result.LastTimePos];
      if (timePos >= 0) this.deferred.timed(buf, timePos);
    }
    this.lines += lines;
    this.laneLines += lines;
    this.bytes += stop - pos;
    return stop;
  }

  private noteRecordStart(lineNo: number): void {
    if (this.recordStart >= 0 && lineNo - 1 > this.recordStart && this.multiline.length < 2 * LogScanner.MAX_MULTILINE) {
      this.multiline.push(this.recordStart, lineNo - 1);
    }
    this.recordStart = lineNo;
  }

  /**
   * `buf[s..e)` is the line (maybe only its head) without "\n"; it occupies `lineBytes`. `atText`:
   * `s` is where its text starts (`textStart`: after a UTF-8 byte-order mark, which Windows tools
   * write; after the NUL bytes a crash left, before the record its rank wrote after them).
   */
  private consumeLine(buf: Uint8Array, s: number, e: number, lineBytes: number, atText = false, lost = false): void {
    if (e > s && buf[e - 1] === 13) e--;
    if (!atText) s = textStart(buf, s, e, this.bytes);
    const slots = this.slots;
    const isRecord = classifyLine(buf, s, e, slots);
    // NUL bytes of a crash: the session they end died with its machine (before a resume after them).
    if (lost && !this.skippingLeading) this.onLoss(this.lines, this.bytes);
    if (this.skippingLeading && !isRecord) {
      this.leadingBytes += lineBytes;
      return;
    }
    const lineNo = this.lines;
    const offset = this.bytes;
    if (isRecord) {
      this.skippingLeading = false;
      if (this.collectMultiline) this.noteRecordStart(lineNo);
      if (this.lane !== undefined) this.headers.learn(buf, s, slots);
      this.onRecord(buf, s, e, lineNo, offset, slots);
    } else if (buf[s] === 70 && isFatalErrorLine(buf, s, e)) {
      this.onFatal(buf, s, e, lineNo, offset);
    } else if ((buf[s] === 84 || buf[s] === 67 || buf[s] === 83) && isStackDumpHeader(buf, s, e)) {
      // The line above, when this buffer holds it: faulthandler's timeout writes it just before a
      // dump; a blank one is between two threads of one dump.
      const blank = s >= 2 && (buf[s - 2] === 10 || (buf[s - 2] === 13 && (s === 2 || buf[s - 3] === 10)));
      this.onStackDump(lineNo, offset, watchdogLineAbove(buf, s), blank);
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
    if (session.records++ === 0 && !slots.hasTime && session.resumeTimeText === undefined) session.untimedStart = true;
    const level = bump(session.counts, slots.level, buf, slots.levelStart, slots.levelEnd);
    countWord(session, slots, level, buf);
    const isError = slots.level === Level.Error || slots.level === Level.Critical || level === 'FATAL';
    let time: number | undefined;
    if (slots.hasTime) {
      this.timedRecords++;
      if (session.firstTime === undefined || offset >= this.nextCheckpoint || isError) {
        time = asctimeFromBytes(buf, s);
        if (session.firstTime === undefined) session.firstTime = time;
        if (time !== undefined && offset >= this.nextCheckpoint) {
          this.checkpoints.push({ line: lineNo, offset, time, levels: this.levels.now(this.sessions) });
          this.nextCheckpoint = offset + this.checkpointSpacing(offset);
        }
      }
      this.deferred.timed(buf, s);
    }
    this.deferred.last(buf, s, e, lineNo);
    if (this.storeWarnings && slots.level === Level.Warning) {
      const warnings = (session.warnings ??= []);
      if (warnings.length < this.maxErrors) {
        warnings.push(storedRecord(buf, e, slots, lineNo, offset, level, slots.hasTime ? asctimeFromBytes(buf, s) : undefined));
      }
    }
    if (isError) {
      const record = storedRecord(buf, e, slots, lineNo, offset, level, time);
      const wentOn = wentOnFrom(record.message, buf, s);
      if (wentOn) Object.assign(record, wentOn);
      // One without a time (a traceback another program wrote, a launcher's word) is dated, as a
      // fatal error is, by the last record before it: else its rank's place among the job's
      // failures would be its session's start.
      if (time === undefined) approximateTime(record, this.sessionTime());
      storeError(session, record, this.maxErrors);
      this.openError = record;
      this.traceback.reset();
    }
  }

  /** The time of the current session's last timed record so far (its deferred one decoded). */
  private sessionTime(): number | undefined {
    const t = this.deferred.takeTime();
    if (t !== undefined) this.currentSession.lastTime = t;
    return this.currentSession.lastTime;
  }

  /**
   * A fatal error written by faulthandler (segfault, abort): the rank's failure, though no
   * record header says so. Its time is the last record's before it (approximate), and the
   * dump that follows is its body.
   */
  private onFatal(buf: Uint8Array, s: number, e: number, lineNo: number, offset: number): void {
    this.flushDeferred();
    const session = this.currentSession;
    const record = fatalRecord(session, buf, s, e, lineNo, offset);
    storeError(session, record, this.maxErrors);
    this.openError = record;
    this.traceback.reset();
  }

  /** The session holds its `lossRecord` (one each). */
  private lossIn: Session | undefined;

  /** NUL bytes a crash left at line `lineNo`: the current session's `lossRecord`. */
  private onLoss(lineNo: number, offset: number): void {
    this.flushDeferred();
    const session = this.currentSession;
    if (this.lossIn === session) return;
    this.lossIn = session;
    storeError(session, lossRecord(session, lineNo, offset), this.maxErrors);
    this.openError = undefined;
    this.traceback.reset();
  }

  /**
   * A faulthandler stack dump (SIGUSR1, or after a fatal error): a mark in the session, dated
   * by the last record before it. It ends any open error: its lines are not that record's.
   */
  private onStackDump(lineNo: number, offset: number, watchdog: boolean, nextThread: boolean): void {
    this.flushDeferred();
    const session = this.currentSession;
    // Another thread of the watchdog's dump is the watchdog's too.
    const before = session.stackDumps?.[session.stackDumps.length - 1];
    watchdog ||= nextThread && before?.watchdog === true && this.openError === undefined;
    addStackDump((session.stackDumps ??= []), watchdog ? { line: lineNo, offset, time: session.lastTime, watchdog } : { line: lineNo, offset, time: session.lastTime }, this.maxErrors);
    this.openError = undefined;
    this.traceback.reset();
  }

  private onContinuation(buf: Uint8Array, s: number, e: number): void {
    const record = this.openError!;
    record.lineCount++;
    if (e > s) this.traceback.line(buf, s, e, record);
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
    this.sessionTime();
    const last = this.deferred.takeLast();
    if (last) session.lastRecord = last;
    session.endLine = this.lines - 1;
    session.endOffset = this.bytes;
  }

  /** The state to hand to `absorb` of the scanner of the range before. */
  exportState(): ScannerState {
    this.flushDeferred();
    return {
      lines: this.lines,
      bytes: this.bytes,
      records: this.records,
      timedRecords: this.timedRecords,
      sessions: this.sessions,
      checkpoints: this.checkpoints,
      leadingBytes: this.leadingBytes,
      openErrorLine: this.openError?.line,
      traceback: this.traceback.state,
    };
  }

  /**
   * Appends the index of the range that follows this one. Its leading continuation lines must
   * have been pushed here first, so that they extend this range's last record.
   */
  absorb(next: ScannerState): void {
    this.flushDeferred();
    const lineBase = this.lines;
    const offsetBase = this.bytes;
    const base = this.levels.now(this.sessions);
    shiftSessions(next.sessions, lineBase, offsetBase);
    for (const c of next.checkpoints) this.checkpoints.push({ line: c.line + lineBase, offset: c.offset + offsetBase, time: c.time, levels: c.levels?.map((n, i) => n + base[i]) });
    const [first, ...rest] = next.sessions;
    const current = this.currentSession;
    const startsNewSession = first.resumeTimeText !== undefined && first.startLine === lineBase;
    if (startsNewSession) {
      if (current.index === 0 && current.records === 0 && current.startLine === lineBase) this.sessions.pop();
      else {
        current.endLine = lineBase - 1;
        current.endOffset = offsetBase;
      }
      this.sessions.push(first);
    } else {
      mergeSessionInto(current, first, this.maxErrors);
    }
    for (const s of rest) this.sessions.push(s);
    this.sessions.forEach((s, i) => (s.index = i));
    this.lines += next.lines;
    this.bytes += next.bytes;
    this.records += next.records;
    this.timedRecords += next.timedRecords;
    const last = this.checkpoints[this.checkpoints.length - 1];
    this.nextCheckpoint = last ? last.offset + this.checkpointSpacing(last.offset) : 0;
    // A range without records was all continuation lines, already pushed here: the record
    // they continue stays open.
    if (next.records === 0) return;
    this.openError = undefined;
    if (next.openErrorLine !== undefined) {
      const line = next.openErrorLine + lineBase;
      const owner = this.currentSession;
      this.openError = owner.errors.find((r) => r.line === line) ?? (owner.firstError?.line === line ? owner.firstError : undefined);
      // A record past the stored cap is counted but not stored: keep reading its lines anyway.
      this.openError ??= { line, offset: 0, level: 'ERROR', logger: '', message: '', lineCount: 1 };
    }
    this.traceback.state = next.traceback;
  }
}

