// A combined capture read into its ranks' outputs (for importJob.ts): each line to the rank its
// prefix names, the prefix removed (captureRanks.ts), lines without one to the launcher's output;
// the capture lane and the byte path for its common lines; torchrun's word that it ended an
// attempt (the ranks' next lines start a session of each); the launcher's word on ranks. The
// launcher's lines are read by captureLauncher.ts; what the capture's lines tell of time (a rank's
// that its own lines do not) by captureClock.ts.
import type { LauncherRanks } from './unlabelledConsoles';
import { OUR_RANK_FORMAT } from './formatRanks';
import { headerLine, ImportOptions, RankLineWriter, resumeRecord } from './importLines';
import { commonLineAt } from './importLineShapes';
import { ForeignJob } from './importLayouts';
import { RankOutput } from './importOutput';
import { StreamRecords } from './importStreams';
import { CaptureLineRequest, captureLinesOf } from './importLineMap';
import { CaptureLauncher } from './captureLauncher';
import { CaptureClock } from './captureClock';
import { RunEnds } from './runEnds';
import { parseForeignLine } from './lineFormats';
import { RankPrefix } from './rankPrefixes';
import { CaptureRanks, RankLine } from './captureRanks';
import { naiveFromEpoch } from './timestamps';
import { ImportLane } from './importLane';
import { Turns } from './fastPathTurns';
import { lineAfterLoss, MAX_LINE, PARTIAL_LINE_QUIET_MS, READ_BUFFER, RESET, SourceReader, SourceState } from './importSources';
import { afterFailureWord, RESTART_NOTE } from './unteedRestarts';
import { OverlongLine } from './captureOverlong';

/** Chunks a turn of reading (`CaptureReader.read`'s `turn`) goes on by while one of its ranks' tracebacks is open, at most. */
const MAX_TURN_EXTENSIONS = 4;
/** The longest a restart is taken to take (torchrun's rendezvous, the new processes' start), for `restartTime`. */
const MAX_RESTART_MS = 24 * 3600_000;

/** Where a capture's lines go: the import's outputs. */
export interface CaptureOutputs {
  readonly outputs: Map<number, RankOutput>;
  /** A rank's output, made on first use. */
  output(rank: number): RankOutput;
  /**
   * Whether a rank not seen before may have an output: not past `MAX_CAPTURE_RANKS` ranks (a
   * capture naming more, hostile or garbled, would make a file and its state for each).
   */
  admits(rank: number): boolean;
  /** The launcher's output (lines without a rank prefix), made on first use. */
  launcher(): RankOutput;
  /** Every output: the ranks', then the launcher's when there is one. */
  all(): RankOutput[];
  /** Writes the outputs out once they hold a few MiB. */
  flushIfLarge(): Promise<void>;
}


export class CaptureReader {
  /** A capture's ranks: prefixes, hosts, partial lines. */
  readonly capture: CaptureRanks;
  /** Its lines are found again by reading their prefixes from a mark (not so a console split by a user format's ranks). */
  private readonly demux: boolean;
  /** What the launcher's lines say of ranks, read in order, written to theirs. */
  private readonly launcher: CaptureLauncher;
  /** What the capture's lines tell of time (captureClock.ts). */
  private readonly clock: CaptureClock;
  /** When torchrun's latest restart of the worker group began (its ranks' resume time). */
  private attemptStart: number | undefined;
  /** Lines rewritten from their bytes (the byte path and the lane). */
  linesFromBytes = 0;
  /** The capture's common lines, taken in WebAssembly (importLane.ts); null where it cannot be used. */
  private lane: ImportLane | null | undefined;
  /**
   * torchrun ended an attempt at this line of the capture (see `LauncherVerdict.endsAttempt`):
   * the next line of a rank starts the next attempt, a new session of every rank.
   */
  private attemptEnded: { line: number; offset: number; node?: number; time?: number; lineTime?: number; exited?: boolean } | undefined;
  /** A launcher said ranks' processes ended: a rank's line of a new run of the job starts the next attempt. */
  private readonly runEnds = new RunEnds();
  /** Each rank's line count just after its last resume record: no second one before it writes. */
  private readonly resumedAt = new Map<number, number>();
  /** When the lane, and the byte path, try a line (see `Turns`). */
  private readonly laneTurns = new Turns();
  private readonly bytesTurns = new Turns();

  constructor(
    private readonly job: ForeignJob,
    private readonly reader: SourceReader,
    private readonly options: ImportOptions,
    /** Built-in formats only: the byte path and the lane read common lines as the string path would. */
    private readonly fastPath: boolean,
    private readonly out: CaptureOutputs,
    /** The outputs' stream its lines are written through (each rank's writer): a capture's other stream has its own. */
    private readonly streamKey = 'capture',
  ) {
    const rankFormat = job.style !== 'format' ? undefined : (options.formats.find((f) => f.rankKey !== undefined && f.name === job.rankFormat) ?? (job.rankFormat === OUR_RANK_FORMAT.name ? OUR_RANK_FORMAT : undefined));
    this.capture = new CaptureRanks(job.style, job.hosts, MAX_LINE, job.spacedTags ?? true, job.teeWidth, job.role, rankFormat && { format: rankFormat, year: options.year }, job.fileNode, job.kubeletTimes, job.teeSlots);
    // A console split by a user format: its ranks' lines are found again by their own marks (each
    // run of a rank's lines one), not by reading their prefixes again.
    this.demux = job.style !== 'format';
    this.clock = new CaptureClock(job, reader, options, () => this.lane?.latestTime);
    this.launcher = new CaptureLauncher({
      out,
      capture: this.capture,
      job,
      laneWrites: (rank) => this.laneWrites(rank),
      laneDrainAll: () => this.lane?.drainAll(),
      launcherTime: (text) => this.clock.launcherTime(text),
      latestCaptureTime: () => this.clock.latest(),
      rankTime: (rank) => this.out.outputs.get(rank)?.streams.get(this.streamKey)?.writer.lastTime,
      rankAt: (rank, time) => {
        const writer = this.out.outputs.get(rank)?.streams.get(this.streamKey)?.writer;
        if (writer) writer.lastTime = time;
      },
      summaryTime: (pid) => this.clock.summaryTime(pid, this.capture.nested),
      summaryRanks: (pid) => this.clock.summaryRanks(pid, this.capture.nested),
      attemptStart: () => this.attemptStart ?? this.clock.start,
      captureStart: () => this.clock.start,
    });
  }

  /** The capture's file. */
  get file(): string {
    return this.job.source;
  }

  /** How far in time the reading is: the capture's latest time so far (undefined before any). */
  get readTime(): number | undefined {
    return this.clock.latest();
  }

  /** The launcher that started this capture's ranks themselves, not torchrun (`CaptureLauncher.ranksLauncher`). */
  get ranksLauncher(): LauncherRanks | undefined {
    return this.launcher.ranksLauncher;
  }

  /** The lines the lane took. */
  get laneLines(): number {
    return this.lane?.lines ?? 0;
  }

  /** Ranks whose outputs gained lines since a restart last looked at them (see `RankOutput.onGrow`). */
  private readonly grownSinceRestart = new Set<number>();

  /** Rank `rank`'s output gained lines (its `grown` was clear). */
  grew(rank: number): void {
    this.grownSinceRestart.add(rank);
    this.launcher.grew(rank);
  }

  /** Forgets what was read (the capture is read again from its start). */
  reset(): void {
    this.grownSinceRestart.clear();
    this.ranksLatest = undefined;
    this.capture.reset();
    this.lane?.reset();
    this.clock.reset();
    this.attemptStart = undefined;
    this.attemptEnded = undefined;
    this.runEnds.reset();
    this.resumedAt.clear();
    this.launcher.reset();
    this.overlong = undefined;
  }

  /**
   * The capture line last read as a string, when it went to a rank: an overlong line's pieces
   * after its first (the reader cuts a line at MAX_LINE, each piece with its line's number) are
   * its rank's, not the launcher's lines; of a progress bar of hours on one line (tqdm's `\r`
   * updates), its last state, kept until the line ends (`progressTail`).
   */
  private overlong: OverlongLine | undefined;

  /** The last progress state of the overlong line read (`overlong`), as a line of its rank after its head's. */
  private progressTail(file: string): void {
    const o = this.overlong;
    const tail = o?.takeTail();
    if (!o || tail === undefined) return;
    const { out, writer } = this.captureStream(o.rank, o.prefix);
    // (A second line of the capture's one: marked, so that finding it again reads the line at its start.)
    for (const piece of writer.line(tail, undefined).split('\n')) out.write(piece, file, o.line, o.offset, this.demux, true);
    out.ownLines = out.lines;
  }

  /**
   * Reads what its file gained; `progress` hears of each chunk (bytes read so far, and in all);
   * `final`: a one-shot reading (a last line without its line break is read at once).
   * `turn`: about that many bytes, then stops (`more` tells whether the file holds more), while its
   * other stream is read too (see `JobImport`); `othersWrote`: the other stream's reader wrote to
   * the outputs since this one last read.
   */
  async read(progress: (read: number, total: number) => void, final: boolean, turn?: { bytes: number; more: boolean }, othersWrote = false): Promise<boolean> {
    const file = this.file;
    this.clock.newReading();
    // torchrun's summary came after its word on a process was read: read again from the start.
    if (this.launcher.summaryCame()) throw RESET;
    const capture = this.capture;
    const lane = this.captureLane(file);
    if (othersWrote) lane?.touchAll();
    let read = 0;
    const measure = (bytes: number, left: number) => {
      read += bytes;
      progress(read, read + left);
    };
    // A turn that ends in a traceback one of its ranks has open reads on (a few chunks at most):
    // else the other file's lines of that rank come between its frames and its exception.
    let extended = 0;
    const gained = await this.reader.read(file, (text, line, offset) => {
      if (this.overlong) {
        if (this.overlong.line === line) return this.overlong.piece(text);
        this.progressTail(file);
        this.overlong = undefined;
      }
      let lines = capture.take(text);
      if (lines === undefined) {
        // The launcher's line; or its start, then a rank's line (`hello[default1]:step 1`: see `launcherHead`).
        const split = capture.launcherHead(text);
        const rest = split && capture.take(split.rest);
        const own = split && rest ? split.head : text;
        this.out.launcher().write(own, file, line, offset, this.demux);
        const said = capture.launcherLine(own);
        // (Its word first: what it says is dated by the capture's lines before it.)
        this.launcherWord(said.text, said.node, file, line, offset);
        this.clock.launcherLine(said.text);
        if (this.attemptEnded && this.job.ownLabelsOnly && !this.attemptEnded.exited) this.unteedRestart(said.text, line, offset);
        if (!rest) return;
        lines = rest;
      }
      const last = lines[lines.length - 1];
      // (A piece is over MAX_LINE bytes: a quarter of that in characters at least.)
      if (last && text.length > MAX_LINE / 4) this.overlong = new OverlongLine(line, offset, last.rank, last.prefix);
      // A line joined from pieces opens at the capture line that ended it.
      for (const l of lines) {
        // Slurm's own line under task 0's label (`0: slurmstepd: error: *** STEP 5.0 ... CANCELLED ...`) is the launcher's.
        if (l.text.startsWith('slurmstepd')) {
          this.out.launcher().write(l.text, file, line, offset, false, true);
          this.launcherWord(l.text, undefined, file, line, offset);
        } else if (!this.out.admits(l.rank)) {
          // A rank past the most a capture may name: its line, label and all, is kept with the launcher's.
          this.out.launcher().write(text, file, line, offset, this.demux);
          break;
        } else this.writeCaptureLine(l, line, offset, file);
      }
    }, {
      afterChunk: () => {
        lane?.drainAll();
        return this.out.flushIfLarge();
      },
      onChunk: measure,
      onBytes: this.fastPath ? (data, start, end, line, offset) => this.captureBytes(data, start, end, line, offset, file) : undefined,
      into: lane?.input(READ_BUFFER),
      onRun: lane ? (data, start, s) => this.laneRun(lane, data, start, s) : undefined,
      afterLoss: this.afterLoss,
      turn,
      turnGoesOn: () => extended++ < MAX_TURN_EXTENSIONS && this.tracebackOpen(),
      // A last line without its line break (its rank killed as it wrote): read once no more can come.
      partialAfterMs: final ? 0 : PARTIAL_LINE_QUIET_MS,
    });
    // (A progress bar still growing at the capture's end: its state so far; a later one comes after it.)
    this.progressTail(file);
    if (!turn?.more) this.launcher.afterRead();
    // Every rank of a capture (and its launcher) is as recent as the capture.
    const changed = this.reader.stateOf(file)?.mtimeMs ?? 0;
    for (const o of this.out.all()) o.sourceMtime = Math.max(o.sourceMtime, changed);
    return gained;
  }

  /**
   * Whether the text after a line's last NUL byte is a labelled line of its own: a Slurm job
   * requeued after its node went down appends to its output file (`--open-mode=append`) right
   * after the NUL bytes the crash left, where the file's last pages were lost.
   */
  private readonly afterLoss = (tail: string): boolean => this.capture.ownerOf(tail) >= 0;

  /** The lane takes the lines it can from `start`; returns where it stopped. */
  private laneRun(lane: ImportLane, data: Buffer, start: number, s: SourceState): number {
    // The line after an attempt's end may start the next one: this code reads it.
    // (After a launcher's word that ranks ended, the lane leaves their lines to this code, `launcherWord`; all lines when it named many.)
    if (this.attemptEnded || this.runEnds.anyRank || this.runEnds.manyRanks || !this.laneTurns.due()) return start;
    const before = lane.lines;
    const stop = lane.run(data, start, s);
    this.linesFromBytes += lane.lines - before;
    this.laneTurns.took(lane.lines > before);
    return stop;
  }

  /** The capture lane, for a capture whose labels it reads and lines of the built-in formats. */
  private captureLane(file: string): ImportLane | undefined {
    if (this.lane === undefined) {
      // (torchrun's tee labels inside srun's prefixes too; not inside pdsh's, whose hosts it does not know.)
      // (Not a node's own file (`fileNode`): the lane reads ranks from srun's prefixes, which it has none of.)
      // (Nor one whose lines start with the kubelet's time: the lane reads labels at a line's start.)
      const eligible = this.fastPath && this.options.captureLane !== false && this.job.fileNode === undefined && !this.job.kubeletTimes;
      this.lane = (eligible ? ImportLane.create(this.job.style, this.job.spacedTags, this.job.role, this.job.teeWidth, file, this.options, this.out.outputs, this.capture, this.streamKey, this.job.teeSlots) : undefined) ?? null;
    }
    return this.lane ?? undefined;
  }

  /** A rank's traceback read from this file is open (its exception not read yet). */
  private tracebackOpen(): boolean {
    for (const o of this.out.outputs.values()) if (o.streams.get(this.streamKey)?.writer.inTracebackBlock) return true;
    return false;
  }

  /** This code is about to write to `rank`: what the lane wrote for it comes first, and the lane hears of it. */
  private laneWrites(rank: number): void {
    if (!this.lane) return;
    this.lane.drain(rank);
    this.lane.touch(rank);
  }

  /** A launcher's word, at `line` of the capture: what it says of ranks written to theirs, an attempt it ends. */
  private launcherWord(text: string, node: number | undefined, file: string, line: number, offset: number): void {
    const ended = this.launcher.read(text, node, file, line, offset);
    if (ended?.slurmWaitUntil !== undefined) this.runEnds.slurmWaitUntil(ended.slurmWaitUntil);
    else if (ended?.ranksEnded) {
      // The ranks whose lines may start the next run are read before they are written: the lane leaves them (many or all: it waits, `laneRun`).
      const watched = this.runEnds.said(ended.ranksEnded, line, offset);
      if (watched) this.lane?.exclude(watched);
    } else if (ended) this.attemptEnded = { line, offset, ...ended, ...(this.job.ownLabelsOnly ? { time: this.clock.launcherTime(text) } : {}) };
  }

  /** torch 2's console without --tee: the ranks' record after torchrun's word, before it exited, is its restart (unteedRestarts.ts). */
  private unteedRestart(text: string, line: number, offset: number): void {
    const after = afterFailureWord(text, this.clock.launcherTime(text), this.attemptEnded!.time);
    if (after === 'exited') this.attemptEnded!.exited = true;
    else if (after !== undefined) this.nextAttempt({ line, offset }, after, 'torchrun', RESTART_NOTE);
  }

  /** A capture rank's stream: one writer for its whole lines. */
  private captureStream(rank: number, prefix?: RankPrefix): { out: RankOutput; writer: RankLineWriter } {
    // (Under srun or pdsh, a node's torchrun restarts its own ranks: their next line starts the attempt.)
    if (this.attemptEnded && this.startsAttempt(rank)) this.nextAttempt(this.attemptEnded, this.restartTime(this.attemptEnded));
    this.laneWrites(rank);
    const out = this.out.output(rank);
    let st = out.streams.get(this.streamKey);
    if (!st) {
      const writer = new RankLineWriter(rank, (prefix?.style === 'pdsh' ? prefix.host : prefix?.stream) ?? 'output', this.options);
      writer.dayFrom = this.clock.dayFrom;
      writer.escapedControls = this.job.escapedControls === true;
      out.streams.set(this.streamKey, (st = new StreamRecords(this.streamKey, writer)));
    }
    return { out, writer: st.writer };
  }

  /** Whether `rank`'s next line starts the next attempt, after torchrun ended one (its node's, under srun or pdsh). */
  private startsAttempt(rank: number): boolean {
    const ended = this.attemptEnded;
    return ended !== undefined && (ended.node === undefined || this.capture.nodeOf(rank) === ended.node);
  }

  /**
   * When the next attempt started, after torchrun's word that ended the last one: its own time,
   * when it has one; else the time of the line that starts the next attempt, when that has one and
   * is not before the ranks' latest (the new processes start after the failure, seconds before their
   * first record; the ranks' latest alone drew the new attempt over the last one's waits).
   */
  private restartTime(ended: { time?: number; lineTime?: number }): number | undefined {
    if (ended.time !== undefined || ended.lineTime === undefined) return ended.time;
    const latest = this.latestRankTime();
    // (A line a day or more after the others is a clock gone wrong, not a restart's start.)
    return latest === undefined || (ended.lineTime >= latest && ended.lineTime - latest < MAX_RESTART_MS) ? ended.lineTime : latest;
  }

  /**
   * A rank wrote after torchrun ended an attempt (or Ray Train named new workers; or after a
   * launcher's word that ranks ended, of a new run of the job: `RunEnds.restartAt`): the launcher
   * restarted the whole worker group, so every rank seen so far starts a session, at the latest
   * time the capture gave before, or `at` (its resume record opens at the launcher's line). Ranks
   * that then write nothing keep an empty one, which the next restart does not add to: however
   * many such lines a capture holds, its ranks get at most one resume record per line they wrote.
   */
  private nextAttempt(end: { line: number; offset: number }, at?: number, launcher?: string, note?: string): void {
    this.attemptEnded = undefined;
    this.launcher.newRun();
    // (Once for all ranks: a capture of thousands of ranks and restarts drained each rank at each.)
    this.lane?.drainAll();
    const file = this.job.source;
    const time = at ?? this.latestRankTime() ?? naiveFromEpoch(Math.floor(this.reader.stateOf(file)?.mtimeMs ?? Date.now()));
    this.attemptStart = time;
    // Only ranks that wrote since the last restart can get a resume record (a capture of
    // thousands of ranks and restarts looked at every rank at each).
    const grown = [...this.grownSinceRestart];
    this.grownSinceRestart.clear();
    for (const rank of grown) {
      const out = this.out.outputs.get(rank);
      if (!out) continue;
      out.grown = false;
      const resumed = this.resumedAt.get(rank);
      if (resumed === out.lines || this.launcher.onlyEndedSince(rank, resumed, out.lines)) continue;
      this.laneWrites(rank);
      out.write(resumeRecord(rank, time, launcher ?? (this.job.style === 'ray' ? 'ray' : 'torchrun')), file, end.line, end.offset, false, true);
      if (note) out.write(headerLine(rank, time, 'launcher', 'INFO', note), file, end.line, end.offset, false, true);
      this.resumedAt.set(rank, out.lines);
      // (Both of its streams, when its other stream is a file of its own: a new process writes them.)
      for (const st of out.streams.values()) st.writer.restarted();
    }
  }


  /** The latest time of the ranks' own lines at the last restart, and the rank it was of (see `latestRankTime`). */
  private ranksLatest: { time: number; rank: number } | undefined;

  /**
   * The latest time of any rank's own lines so far (their writers'): from the last restart's and
   * the ranks that wrote since, unless the rank that had it wrote an earlier time since (then
   * from every rank).
   */
  private latestRankTime(): number | undefined {
    const timeOf = (rank: number): number | undefined => this.out.outputs.get(rank)?.streams.get(this.streamKey)?.writer.lastTime;
    const grown = this.grownSinceRestart;
    let latest = this.ranksLatest;
    if (latest && grown.has(latest.rank) && !((timeOf(latest.rank) ?? -Infinity) >= latest.time)) latest = undefined;
    for (const rank of latest ? grown : this.out.outputs.keys()) {
      const t = timeOf(rank);
      if (t !== undefined && (latest === undefined || t > latest.time)) latest = { time: t, rank };
    }
    this.ranksLatest = latest;
    return latest?.time;
  }

  /** One whole line of a capture's rank, rewritten into that rank's output. */
  private writeCaptureLine(l: RankLine, line: number, offset: number, file: string): void {
    if (this.runEnds.watches(l.rank)) {
      const time = this.lineTime(l);
      const end = this.runEnds.restartAt(l.rank, time);
      if (end) {
        this.lane?.include();
        this.nextAttempt(end, time, end.launcher);
      }
    }
    // The first line after an attempt's end without a time of its own (torch 1.x's `failed
    // (exitcode: 1)`): the next attempt starts no later than it (see `restartTime`).
    if (this.attemptEnded && this.attemptEnded.time === undefined && this.startsAttempt(l.rank)) this.attemptEnded.lineTime = this.lineTime(l);
    const { out, writer } = this.captureStream(l.rank, l.prefix);
    // A print, or an uncaught exception's record, is named after the stream its line was tagged with.
    if (l.prefix?.stream !== undefined) writer.streamName = l.prefix.stream;
    const first = out.lines === 0;
    const before = writer.lastTime;
    const converted = writer.line(l.text, l.time);
    const marks = this.clock.timeMarks(l.rank, first, before, writer, l.time !== undefined);
    this.clock.saw(writer.lastTime, first);
    for (const m of marks) out.write(m, file, line, offset, this.demux);
    if (marks.length === 0 && converted.indexOf('\n') < 0) out.write(converted, file, line, offset, this.demux);
    else converted.split('\n').forEach((piece, k) => out.write(piece, file, line, offset, this.demux, k > 0 || marks.length > 0));
    out.ownLines = out.lines;
  }

  /** A rank's line's own time, read ahead of its writer (a time of day dated as the rank's writer dates it); undefined when it has none. */
  private lineTime(l: RankLine): number | undefined {
    if (l.time !== undefined) return l.time;
    const parsed = parseForeignLine(l.text, this.options.formats, this.options);
    if (parsed?.time !== undefined || parsed?.timeOfDay === undefined) return parsed?.time;
    // (Its writer as it is: once an attempt ended, making one starts the next.)
    const writer = this.out.outputs.get(l.rank)?.streams.get(this.streamKey)?.writer ?? (this.attemptEnded ? undefined : this.captureStream(l.rank, l.prefix).writer);
    return writer?.dated(parsed.timeOfDay);
  }

  /** A capture's line of the common shape, demultiplexed and rewritten from its bytes. */
  private captureBytes(data: Buffer, start: number, end: number, line: number, offset: number, file: string): boolean {
    // (After a launcher's word that ranks ended, their lines' times are read before they are written: `RunEnds`.)
    if (this.runEnds.anyRank || !this.bytesTurns.due()) return false;
    const at = this.capture.prefixAt(data, start, end);
    const common = at && commonLineAt(data, at.rest, end);
    this.bytesTurns.took(!!common);
    if (!at || !common || this.runEnds.watches(at.rank)) return false;
    // A rank's first line is read as a string (see `CaptureClock.timeMarks`).
    if (!this.out.outputs.get(at.rank)?.lines) return false;
    // (The line's time, as `lineTime` reads it: the kubelet's, else its record's.)
    if (this.attemptEnded && this.attemptEnded.time === undefined && this.startsAttempt(at.rank)) this.attemptEnded.lineTime = at.time ?? (common === 'indented' ? undefined : common.time);
    const { out, writer } = this.captureStream(at.rank);
    // The kubelet's time dates the line as the string path's `given` does (an indented line's is its stream's last).
    if (at.time !== undefined) writer.lastTime = at.time;
    // An indented line (a traceback's frame, a config dump's line) is kept as it is under its record.
    if (!writer.takeCommon(common)) return false;
    this.linesFromBytes++;
    if (common === 'indented') out.writeLineBytes(data, at.rest, end, file, line, offset);
    else {
      this.clock.saw(common.time);
      out.writeRecordBytes(data, at.rest, common.level, common.loggerStart, common.loggerEnd, common.messageStart, end, file, line, offset);
    }
    out.ownLines = out.lines;
    return true;
  }

  /** The capture's lines of `requests` (each the `skip`-th line of its rank after the line at its `offset`), in one read of `file`; `texts` gets their text. */
  sourceLines(file: string, requests: readonly CaptureLineRequest[], texts?: string[]): Promise<number[]> {
    return captureLinesOf(file, this.ownersOfLine, requests, texts);
  }

  /** The rank a capture's line (read again) is of, -1 for none; a line after the NUL bytes of a crash as it was read (see `afterLoss`). */
  readonly ownerOfLine = (text: string): number => this.capture.ownerOf(lineAfterLoss(text, this.afterLoss) ?? text);

  /** The outputs whose lines a capture's line (read again) ends (`CaptureRanks.ownersOf`), as `ownerOfLine` reads it. */
  private readonly ownersOfLine = (text: string): number | readonly number[] => this.capture.ownersOf(lineAfterLoss(text, this.afterLoss) ?? text);
}
