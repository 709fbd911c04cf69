// A job written without our module (importLayouts.ts), kept as a folder of `worker_<N>.log` files
// in our format that every view reads as it reads our own: `update()` reads only the bytes the
// sources gained and appends their lines, rewritten (importLines.ts), to each rank's file. A
// torchrun job's and task files' ranks are read by importRankFiles.ts (attempts as sessions,
// streams merged by time, `error.json`). A capture's lines go to the rank their prefix names, the
// prefix removed (captureRanks.ts); lines without one are the launcher's (`launcher.log`). Each
// output line knows its source line (`sourceOf`). A source that shrank or was replaced starts the
// import over; one that vanished keeps what was read.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { ForeignJob } from './importLayouts';
import { commonLineAt, headerLine, ImportOptions, RankLineWriter } from './importLines';
import { RankFiles, RankOutput } from './importOutput';
import { StreamRecords } from './importStreams';
import { launcherVerdict, LauncherVerdict } from './launcherLines';
import { mapLimit } from './mapLimit';
import { BUILT_IN_FORMATS, parseForeignLine } from './lineFormats';
import { RankPrefix } from './rankPrefixes';
import { CaptureRanks, RankLine } from './captureRanks';
import { naiveFromEpoch } from './timestamps';
import { ImportLane } from './importLane';
import { Turns } from './fastPathTurns';
import { MAX_LINE, READ_BUFFER, RESET, SourceReader, SourceState } from './importSources';
import { RankFilesReader, resumeRecord } from './importRankFiles';
import { openRegular } from './regularFile';

/** A rank's first line this long after a capture's first time: the rank ran before it (the summary's attempt window). */
const LATE_FIRST_LINE_MS = 60_000;
/** A traceback this long after its rank's last time: dated by the capture's latest time too. */
const STALE_TIME_MS = 1_000;

/** Reads that look for a capture's line from a mark of the line map. */
const LOOKUP_CHUNK = 64 * 1024;
/** Bytes gathered for the outputs before they are written (bounds memory on big sources). */
const FLUSH_BYTES = 4 * 1024 * 1024;
/** A job's rank files unchanged for this long are read the first time as a one-shot reading would (see `updateOnce`). */
const QUIET_MS = 5 * 60 * 1000;
/** Reads between two listings of a job's layout (new attempts, new task files). */
const RELIST_EVERY = 4;

export class JobImport {
  /** The job's files, read incrementally. */
  private readonly reader = new SourceReader();
  private readonly outputs = new Map<number, RankOutput>();
  private launcher: RankOutput | undefined;
  /** A capture's ranks: prefixes, hosts, partial lines. */
  private readonly capture: CaptureRanks;
  private started = false;
  private updates = 0;
  /** How far the reading of a capture is: bytes read and to read in this update (see `readFraction`). */
  private reading: { read: number; total: number } | undefined;
  /** How far the first reading of a job's rank files is: bytes read and to read (see `readFraction`). */
  private ranksReading: { read: number; total: number } | undefined;
  /** The rank files' first reading is over (or under way): later ones are not measured. */
  private ranksMeasured = false;
  /** A capture's lines rewritten from their bytes (the byte path and the lane). */
  private captureLinesFromBytes = 0;
  /** Lines rewritten from their bytes (the fast paths), for tests and benchmarks. */
  get linesFromBytes(): number {
    return this.captureLinesFromBytes + this.rankFiles.linesFromBytes;
  }
  /** Of those, the lines the lanes took. */
  get laneLines(): number {
    return (this.lane?.lines ?? 0) + this.rankFiles.laneLines;
  }
  /** A job's rank files (torchrun's streams and error.json, task files). */
  private readonly rankFiles: RankFilesReader;
  private running: Promise<boolean> | undefined;
  /** Nothing is held back for a later read (`readOnce`). */
  private final = false;
  /** Where the outputs' lines are appended. */
  private readonly files = new RankFiles();
  /** A capture's common lines, taken in WebAssembly (importLane.ts); null where it cannot be used. */
  private lane: ImportLane | null | undefined;
  /**
   * torchrun ended an attempt at this line of the capture (see `LauncherVerdict.endsAttempt`):
   * the next line of a rank starts the next attempt, a new session of every rank.
   */
  private attemptEnded: { line: number; offset: number; node?: number } | undefined;
  /** Each rank's line count just after its last resume record: no second one before it writes. */
  private readonly resumedAt = new Map<number, number>();
  /** When the lane, and the byte path, try a line (see `Turns`). */
  private readonly laneTurns = new Turns();
  private readonly bytesTurns = new Turns();

  constructor(
    private job: ForeignJob,
    readonly outDir: string,
    private readonly options: ImportOptions,
    /** Reads the job's layout again (new attempts, new rank files); the job as found when absent. */
    private readonly relist?: () => Promise<ForeignJob | undefined>,
  ) {
    this.capture = new CaptureRanks(job.style, job.hosts, MAX_LINE, job.spacedTags ?? true, job.teeWidth);
    this.rankFiles = new RankFilesReader(this.reader, options, this.fastPath);
  }

  /**
   * Reads the sources to their end as they are now, holding no record back for lines that may
   * follow (a one-shot reading: the CLI's). `update` holds back each stream's last record while
   * its stream grows: its traceback may come in the next read.
   */
  async readOnce(): Promise<boolean> {
    this.final = true;
    try {
      return await this.update();
    } finally {
      this.final = false;
    }
  }

  /** Brings the output up to date with the sources; true when something was written. Calls made while one runs wait for it. */
  update(): Promise<boolean> {
    const run = (this.running ?? Promise.resolve(false)).then(() => this.updateOnce());
    this.running = run.finally(() => {
      if (this.running === run) this.running = undefined;
    });
    return run;
  }

  private async updateOnce(attempt = 0): Promise<boolean> {
    if (!this.started) {
      await fsp.mkdir(this.outDir, { recursive: true });
      this.started = true;
    }
    // The layout is listed again every few reads (a torchrun job of 64 ranks is 200 folders).
    if (this.relist && this.updates++ % RELIST_EVERY === 0) this.job = (await this.relist()) ?? this.job;
    try {
      try {
        if (this.job.kind === 'capture') await this.readCapture(this.job.source);
        else {
          // The first reading of a job whose files have not changed for a while reads them as a
          // one-shot reading would (a last record is not held back for lines that may follow: it
          // reads through the lane sooner); later lines are appended as they come.
          let quiet = false;
          if (!this.ranksMeasured) {
            this.ranksMeasured = true;
            const files = await this.sourceFacts();
            this.ranksReading = { read: 0, total: files.bytes };
            quiet = files.bytes > 0 && Date.now() - files.changed > QUIET_MS;
          }
          try {
            const how = { final: this.final || quiet, flush: () => this.flushIfLarge(), read: (bytes: number) => this.ranksReading && (this.ranksReading.read += bytes) };
            for (const [rank, list] of this.job.ranks) await this.rankFiles.read(this.output(rank), list, this.job, how);
          } finally {
            this.ranksReading = undefined;
          }
        }
      } catch (e) {
        if (e !== RESET || attempt >= 3) throw e;
        await this.reset();
        await this.updateOnce(attempt + 1);
        return true;
      }
      return await this.flush();
    } finally {
      await this.files.finish();
    }
  }

  private output(rank: number): RankOutput {
    let o = this.outputs.get(rank);
    if (!o) this.outputs.set(rank, (o = new RankOutput(rank, path.join(this.outDir, `worker_${rank}.log`))));
    return o;
  }

  /** Appends what each output gathered; true when anything was written. */
  private flush(): Promise<boolean> {
    return this.files.write([...this.outputs.values(), ...(this.launcher ? [this.launcher] : [])]);
  }

  /** Starts over: every output emptied, every source read again from its start. */
  private async reset(): Promise<void> {
    await this.files.close();
    this.reader.clear();
    this.rankFiles.clear();
    this.capture.reset();
    this.lane?.reset();
    this.captureTime = undefined;
    this.captureStart = undefined;
    this.launcherTimes = { tried: 0, last: undefined };
    this.attemptEnded = undefined;
    this.resumedAt.clear();
    const files = [...this.outputs.values()].map((o) => o.file);
    if (this.launcher) files.push(this.launcher.file);
    this.outputs.clear();
    this.launcher = undefined;
    await mapLimit(files, 32, (f) => fsp.writeFile(f, ''));
  }

  /** While a capture, or a job's rank files the first time, are read: the part read (0-1); undefined otherwise. */
  readFraction(): number | undefined {
    const r = this.reading ?? this.ranksReading;
    return r && r.total > 0 ? Math.min(1, r.read / r.total) : undefined;
  }

  /** Bytes of the job's rank files (its streams' files, as they are now), and the latest change of one (ms). */
  private async sourceFacts(): Promise<{ bytes: number; changed: number }> {
    const files = [...this.job.ranks.values()].flat().filter((src) => src.stream !== 'error.json');
    const stats = await mapLimit(files, 32, (src) => fsp.stat(src.path).then((st) => st, () => undefined));
    return { bytes: stats.reduce((n, st) => n + (st?.size ?? 0), 0), changed: stats.reduce((t, st) => Math.max(t, st?.mtimeMs ?? 0), 0) };
  }

  private async readCapture(file: string): Promise<boolean> {
    const capture = this.capture;
    const lane = this.captureLane(file);
    let read = 0;
    const measure = (bytes: number, left: number) => {
      read += bytes;
      this.reading = { read, total: read + left };
    };
    const gained = await this.reader.read(file, (text, line, offset) => {
      const lines = capture.take(text);
      if (lines === undefined) {
        this.launcher ??= new RankOutput(-1, path.join(this.outDir, 'launcher.log'));
        this.launcher.write(text, file, line, offset, true);
        this.launcherLine(text);
        const verdict = launcherVerdict(capture.launcherText(text));
        if (verdict) this.launcherSays(verdict, capture.ranksOf(verdict, text), file, line, offset);
        if (verdict?.endsAttempt) this.attemptEnded = { line, offset, node: capture.nodeOfLine(text) };
        return;
      }
      // A line joined from pieces opens at the capture line that ended it.
      for (const l of lines) this.writeCaptureLine(l, line, offset, file);
    }, {
      afterChunk: () => {
        lane?.drainAll();
        return this.flushIfLarge();
      },
      onChunk: measure,
      onBytes: this.fastPath ? (data, start, end, line, offset) => this.captureBytes(data, start, end, line, offset, file) : undefined,
      into: lane?.input(READ_BUFFER),
      onRun: lane ? (data, start, s) => this.laneRun(lane, data, start, s) : undefined,
    }).finally(() => (this.reading = undefined));
    // Every rank of a capture (and its launcher) is as recent as the capture.
    const changed = this.reader.stateOf(file)?.mtimeMs ?? 0;
    for (const o of [...this.outputs.values(), ...(this.launcher ? [this.launcher] : [])]) o.sourceMtime = Math.max(o.sourceMtime, changed);
    return gained;
  }

  /** The lane takes the lines it can from `start`; returns where it stopped. */
  private laneRun(lane: ImportLane, data: Buffer, start: number, s: SourceState): number {
    // The line after an attempt's end may start the next one: this code reads it.
    if (this.attemptEnded || !this.laneTurns.due()) return start;
    const before = lane.lines;
    const stop = lane.run(data, start, s);
    this.captureLinesFromBytes += lane.lines - before;
    this.laneTurns.took(lane.lines > before);
    return stop;
  }

  /** The capture lane, for a capture whose labels it reads and lines of the built-in formats. */
  private captureLane(file: string): ImportLane | undefined {
    if (this.lane === undefined) {
      // (Not for torchrun's tee labels inside srun's or pdsh's prefixes: the lane reads one prefix.)
      const eligible = this.fastPath && this.options.captureLane !== false && this.job.teeWidth === undefined;
      this.lane = (eligible ? ImportLane.create(this.job.style, this.job.spacedTags, file, this.options.year, this.outputs, this.capture) : undefined) ?? null;
    }
    return this.lane ?? undefined;
  }

  /** This code is about to write to `rank`: what the lane wrote for it comes first, and the lane hears of it. */
  private laneWrites(rank: number): void {
    if (!this.lane) return;
    this.lane.drain(rank);
    this.lane.touch(rank);
  }

  /** A capture rank's stream: one writer for its whole lines. */
  private captureStream(rank: number, prefix?: RankPrefix): { out: RankOutput; writer: RankLineWriter } {
    // (Under srun or pdsh, a node's torchrun restarts its own ranks: their next line starts the attempt.)
    if (this.attemptEnded && (this.attemptEnded.node === undefined || this.capture.nodeOf(rank) === this.attemptEnded.node)) this.nextAttempt(this.attemptEnded);
    this.laneWrites(rank);
    const out = this.output(rank);
    let st = out.streams.get('capture');
    if (!st) out.streams.set('capture', (st = new StreamRecords('capture', new RankLineWriter(rank, prefix?.host ?? prefix?.stream ?? 'output', this.options))));
    return { out, writer: st.writer };
  }

  /**
   * A rank wrote after torchrun ended an attempt: torchrun restarted the whole worker group, so
   * every rank seen so far starts a session, at the latest time the capture gave before (its
   * resume record opens at torchrun's line). Ranks that then write nothing keep an empty one,
   * which the next restart does not add to: however many such lines a capture holds, its ranks
   * get at most one resume record per line they wrote.
   */
  private nextAttempt(end: { line: number; offset: number }): void {
    this.attemptEnded = undefined;
    let time: number | undefined;
    for (const rank of this.outputs.keys()) {
      this.laneWrites(rank);
      const t = this.outputs.get(rank)!.streams.get('capture')?.writer.lastTime;
      if (t !== undefined && (time === undefined || t > time)) time = t;
    }
    const file = this.job.source;
    time ??= naiveFromEpoch(Math.floor(this.reader.stateOf(file)?.mtimeMs ?? Date.now()));
    for (const [rank, out] of this.outputs) {
      if (this.resumedAt.get(rank) === out.lines) continue;
      out.write(resumeRecord(rank, time), file, end.line, end.offset, false, true);
      this.resumedAt.set(rank, out.lines);
      out.streams.get('capture')?.writer.restarted();
    }
  }

  /** The latest time a capture's line gave (a lower bound of the time of the lines after it). */
  private captureTime: number | undefined;

  /** The first time a capture's line gave. */
  private captureStart: number | undefined;

  /**
   * A time a capture's line gave. The start is taken only from lines this code reads in every way
   * of reading (the launcher's, each rank's first), so that the lane, the byte path and the string
   * path write the same marks; the latest time is every line's (the lane keeps its own).
   */
  /**
   * The launcher's lines give times too (a console whose records are not labelled: most of its
   * lines): the first that has one, as the capture's start, then only the last before a time is
   * needed (reading each one's time cost a second in 2 million lines).
   */
  private launcherTimes: { tried: number; last: string | undefined } = { tried: 0, last: undefined };

  private launcherLine(text: string): void {
    const t = this.launcherTimes;
    if (this.captureStart === undefined && t.tried < 1000) {
      t.tried++;
      this.sawTime(this.launcherTime(text), true);
    } else t.last = text;
  }

  private launcherTime(text: string): number | undefined {
    return parseForeignLine(this.capture.launcherText(text), this.options.formats, this.options.year)?.time;
  }

  /** The capture's latest time so far: its lines' and the lane's, and its launcher's last line's. */
  private latestCaptureTime(): number | undefined {
    this.sawTime(this.lane?.latestTime);
    const t = this.launcherTimes;
    if (t.last !== undefined) {
      this.sawTime(this.launcherTime(t.last));
      t.last = undefined;
    }
    return this.captureTime;
  }

  private sawTime(time: number | undefined, start = false): void {
    if (time === undefined) return;
    if (start) this.captureStart ??= time;
    if (!(time <= (this.captureTime ?? -Infinity))) this.captureTime = time;
  }

  /** One whole line of a capture's rank, rewritten into that rank's output. */
  private writeCaptureLine(l: RankLine, line: number, offset: number, file: string): void {
    const { out, writer } = this.captureStream(l.rank, l.prefix);
    const first = out.lines === 0;
    const before = writer.lastTime;
    const converted = writer.line(l.text);
    const marks = this.timeMarks(l.rank, first, before, writer);
    this.sawTime(writer.lastTime, first);
    for (const m of marks) out.write(m, file, line, offset, true);
    if (marks.length === 0 && converted.indexOf('\n') < 0) out.write(converted, file, line, offset, true);
    else converted.split('\n').forEach((piece, k) => out.write(piece, file, line, offset, true, k > 0 || marks.length > 0));
  }

  /**
   * What a capture knows of a rank's time that its own lines do not tell: records of the
   * launcher's, dated by the capture's other lines, written before the rank's line.
   * - A rank whose first line comes late (PyTorch's `[rank1]: Traceback ...` in a console whose
   *   records have no label; a rank that logs nothing before it fails) started with the job: its
   *   first session starts at the capture's first time, as the other ranks' do.
   * - A traceback of a rank that gave no time for a while is at or after the capture's latest time
   *   before it: its failure is placed among the job's by that time (the scanner dates an error
   *   without one by the record before it), not by the rank's last time of its own.
   */
  private timeMarks(rank: number, first: boolean, before: number | undefined, writer: RankLineWriter): string[] {
    const marks: string[] = [];
    const start = this.captureStart;
    const own = writer.lastTime;
    if (first && start !== undefined && (own ?? this.latestCaptureTime() ?? start) - start > LATE_FIRST_LINE_MS) {
      marks.push(headerLine(rank, start, 'launcher', 'INFO', `rank ${rank} runs since the capture began (its first line comes later)`));
      before = start;
    }
    const now = writer.inTracebackBlock && writer.startedRecord ? this.latestCaptureTime() : undefined;
    if (now !== undefined && (before === undefined || now - before > STALE_TIME_MS)) {
      marks.push(headerLine(rank, now, 'launcher', 'INFO', `rank ${rank}'s traceback comes at or after this time (the capture's latest before it)`));
    }
    return marks;
  }

  /** Built-in formats only: the string path would read the common line exactly as `recordShapeAt`. */
  private get fastPath(): boolean {
    return this.options.byteFastPath !== false && this.options.formats.every((f) => BUILT_IN_FORMATS.includes(f));
  }

  /** A capture's line of the common shape, demultiplexed and rewritten from its bytes. */
  private captureBytes(data: Buffer, start: number, end: number, line: number, offset: number, file: string): boolean {
    if (!this.bytesTurns.due()) return false;
    const at = this.capture.prefixAt(data, start, end);
    const common = at && commonLineAt(data, at.rest, end);
    this.bytesTurns.took(!!common);
    if (!at || !common) return false;
    // A rank's first line is read as a string (see `timeMarks`).
    if (!this.outputs.get(at.rank)?.lines) return false;
    const { out, writer } = this.captureStream(at.rank);
    // An indented line (a traceback's frame, a config dump's line) is kept as it is under its record.
    if (!writer.takeCommon(common)) return false;
    this.captureLinesFromBytes++;
    if (common !== 'indented') this.sawTime(common.time);
    if (common === 'indented') out.writeLineBytes(data, at.rest, end, file, line, offset);
    else out.writeRecordBytes(data, at.rest, common.level, common.loggerStart, common.loggerEnd, common.messageStart, end, file, line, offset);
    return true;
  }

  /**
   * The launcher's word on ranks (an exit code, a signal, a time limit) as an error record of
   * each: at the launcher's time when it gives one, else without a time (after the rank's last
   * record). It opens at the launcher's line.
   */
  private launcherSays(verdict: LauncherVerdict, named: number[] | 'all', file: string, line: number, offset: number): void {
    for (const rank of named === 'all' ? [...this.outputs.keys()] : named) {
      this.laneWrites(rank);
      const out = this.output(rank);
      out.write(headerLine(rank, verdict.time, 'launcher', verdict.level, verdict.message), file, line, offset, false, true);
    }
  }

  /** Written out every few MiB: a big capture is never held in memory whole. */
  private pendingBytes(): number {
    let n = 0;
    for (const o of this.outputs.values()) n += o.text.length;
    return n + (this.launcher?.text.length ?? 0);
  }

  private async flushIfLarge(): Promise<void> {
    if (this.pendingBytes() > FLUSH_BYTES) await this.flush();
  }

  /** What names a rank besides its number: a pdsh capture's host, or the node and local rank of a torchrun job on several nodes. */
  rankName(rank: number): string | undefined {
    const node = this.job.ranks.get(rank)?.[0]?.node;
    return node ? `${node.name} local ${node.localRank}` : this.capture.nameOf(rank);
  }

  /** A capture's launcher lines (those without a rank prefix): their file and how many; undefined while there are none. */
  get launcherLines(): { file: string; lines: number } | undefined {
    return this.launcher && this.launcher.lines > 0 ? { file: this.launcher.file, lines: this.launcher.lines } : undefined;
  }

  /** The source line of line `line` (0-based) of an output file, or undefined when it is not one of this import's. */
  async sourceOf(outFile: string, line: number): Promise<{ path: string; line: number } | undefined> {
    const out = [...this.outputs.values(), ...(this.launcher ? [this.launcher] : [])].find((o) => o.file === outFile);
    if (!out) return undefined;
    const k = out.map.markAt(line);
    if (k < 0) return undefined;
    const file = out.map.file[k];
    if (!out.map.demux[k]) return { path: file, line: out.map.line[k] + (line - out.map.out[k]) };
    return { path: file, line: await this.captureLine(file, out.rank, out.map.offset[k], out.map.line[k], line - out.map.out[k]) };
  }

  /** The capture's line of the `skip`-th line of `rank` after the line at `offset` (its line `line`). */
  private async captureLine(file: string, rank: number, offset: number, line: number, skip: number): Promise<number> {
    const h = await openRegular(file);
    try {
      // A mark every 64 of the rank's lines: the line is near, small reads find it.
      const buf = Buffer.allocUnsafe(LOOKUP_CHUNK);
      let carry = '';
      let pos = offset;
      for (;;) {
        const { bytesRead } = await h.read(buf, 0, LOOKUP_CHUNK, pos);
        if (bytesRead === 0) return line;
        pos += bytesRead;
        const lines = (carry + buf.toString('utf8', 0, bytesRead)).split('\n');
        carry = lines.pop()!;
        for (const text of lines) {
          if (this.capture.ownerOf(text) === rank && skip-- === 0) return line;
          line++;
        }
      }
    } finally {
      await h.close();
    }
  }
}
