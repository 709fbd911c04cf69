// A job written without our module (importLayouts.ts), kept as a folder of `worker_<N>.log` files
// in our format that every view reads as it reads our own: `update()` reads only the bytes the
// sources gained and appends their lines, rewritten (importLines.ts), to each rank's file. A
// torchrun job's and task files' ranks are read by importRankFiles.ts (attempts as sessions,
// streams merged by time, `error.json`), a capture's by importCapture.ts (each line to the rank its
// prefix names; lines without one are the launcher's, `launcher.log`; for task files, the batch
// output beside them is; a capture's other stream's file, or torchrun's consoles one file per
// node, are read with it a turn at a time, into the same ranks). Each
// output line knows its source line (`sourceOf`). A source that shrank or was replaced starts the
// import over; one that vanished keeps what was read.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { ForeignJob, RankSource } from './importLayouts';
import { ImportOptions } from './importLines';
import { LauncherWords, verdictRecord, WordsTold } from './launcherLines';
import { NextRun, RankFiles, RankOutput, STOPPED } from './importOutput';
import { mapLimit } from './mapLimit';
import { BUILT_IN_FORMATS } from './lineFormats';
import { PARTIAL_LINE_QUIET_MS, RESET, SourceReader } from './importSources';
import { RankFilesReader, resumeRecord } from './importRankFiles';
import { BatchWord, TaskRuns } from './taskRuns';
import { CaptureOutputs, CaptureReader } from './importCapture';
import { CaptureLineRequest, captureLinesOf, SourceLine } from './importLineMap';
import { CaptureOrder, RecordOrder } from './captureOrder';
import { captureFiles } from './streamPairs';
import { naiveFromEpoch } from './timestamps';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Bytes gathered for the outputs before they are written (bounds memory on big sources): 4 MiB,
 * or 32 KiB a rank for a job of more than 128 ranks, 64 MiB at most. A capture of 1,024 ranks
 * written every 4 MiB appended 4 KiB to each rank's file each time (an open, a write and a close
 * each): the CLI's summary of 64 MiB of it took 2.5-2.8 s, 2.0-2.1 s in bigger pieces.
 */
const FLUSH_BYTES = 4 * 1024 * 1024;
const FLUSH_BYTES_A_RANK = 32 * 1024;
const FLUSH_BYTES_MAX = 64 * 1024 * 1024;
/** A rank's output gathered at least this much once its files are read: written then (see `readRank`). */
const RANK_WRITE_BYTES = 1024 * 1024;
/** A job's rank files unchanged for this long are read the first time as a one-shot reading would (see `updateOnce`). */
const QUIET_MS = 5 * 60 * 1000;

/**
 * The most ranks a capture is read into: each is a file and its state (~15 KB; 200,000 ranks of a
 * 9 MB capture took 3.5 GB and two minutes). Twice the largest capture measured (16,384 ranks).
 */
export const MAX_CAPTURE_RANKS = 32_768;
/** Bytes of a capture's stream read before the other stream's file is looked at again (see `readCapture`). */
const STREAM_TURN_BYTES = 256 * 1024;
/** The outputs' stream of a capture's other stream's file (`CaptureReader.streamKey`). */
const OTHER_STREAM = 'capture (other stream)';
/** Reads between two listings of a job's layout (new attempts, new task files). */
const RELIST_EVERY = 4;

export class JobImport {
  /** The job's files, read incrementally. */
  private readonly reader = new SourceReader();
  private readonly outputs = new Map<number, RankOutput>();
  private launcher: RankOutput | undefined;
  /** A capture's lines to their ranks. */
  private readonly captureReader: CaptureReader;
  /**
   * Every file of the capture's: its own reader, its other stream's file's (`ForeignJob.otherStream`,
   * in the order they go on equal times), the other nodes' files' (`nodeFiles`) and their batch
   * output's (`afterTheOthers`).
   */
  private readonly captureReaders: CaptureReader[];
  private started = false;
  private updates = 0;
  /** How far the reading of a capture is: bytes read and to read in this update (see `readFraction`). */
  private reading: { read: number; total: number } | undefined;
  /** How far the first reading of a job's rank files is: bytes read and to read (see `readFraction`). */
  private ranksReading: { read: number; total: number } | undefined;
  /** The rank files' first reading is over (or under way): later ones are not measured. */
  private ranksMeasured = false;
  /** Lines rewritten from their bytes (the fast paths), for tests and benchmarks. */
  get linesFromBytes(): number {
    return this.captureReaders.reduce((n, r) => n + r.linesFromBytes, 0) + this.rankFiles.linesFromBytes;
  }
  /** Of those, the lines the lanes took. */
  get laneLines(): number {
    return this.captureReaders.reduce((n, r) => n + r.laneLines, 0) + this.rankFiles.laneLines;
  }
  /** A job's rank files (torchrun's streams and error.json, task files). */
  private readonly rankFiles: RankFilesReader;
  private running: Promise<boolean> | undefined;
  /** Nothing is held back for a later read (`readOnce`). */
  private final = false;
  /** What a task job's batch output says of its ranks, read in order (no launcher's word on its nodes: they are no tasks). */
  private readonly batchWords = new LauncherWords();
  /** Those words kept until they are told to their ranks, and the runs of a job requeued they tell apart. */
  private readonly taskRuns = new TaskRuns((rank) => this.job.ranks.has(rank));
  /** Where the outputs' lines are appended. */
  private readonly files = new RankFiles();

  /** The options the readers share: the caller's, with the dating of times without a year this import moves on (`followDating`). */
  private readonly options: Mutable<ImportOptions>;

  constructor(
    private job: ForeignJob,
    readonly outDir: string,
    given: ImportOptions,
    /** Reads the job's layout again (new attempts, new rank files); the job as found when absent. */
    private readonly relist?: () => Promise<ForeignJob | undefined>,
  ) {
    const options = (this.options = { ...given });
    const fastPath = options.byteFastPath !== false && options.formats.every((f) => BUILT_IN_FORMATS.includes(f));
    this.rankFiles = new RankFilesReader(this.reader, options, fastPath);
    const outputs: CaptureOutputs = {
      outputs: this.outputs,
      output: (rank) => this.output(rank),
      admits: (rank) => this.admits(rank),
      launcher: () => this.launcherOutput(),
      all: () => this.allOutputs(),
      flushIfLarge: () => this.flushIfLarge(),
    };
    this.captureReader = new CaptureReader(job, this.reader, options, fastPath, outputs);
    const other = job.otherStream && new CaptureReader(job.otherStream.job, this.reader, options, fastPath, outputs, OTHER_STREAM);
    const readers = !other ? [this.captureReader] : job.otherStream!.first ? [other, this.captureReader] : [this.captureReader, other];
    // torchrun's consoles one file per node: each node's file, then the batch output beside them (srun's words on the nodes).
    for (const node of job.nodeFiles ?? []) {
      readers.push(new CaptureReader(node, this.reader, options, fastPath, outputs));
      // (A node's stderr beside its stdout: `--output=%t.out --error=%t.err`.)
      if (node.otherStream) readers.push(new CaptureReader(node.otherStream.job, this.reader, options, fastPath, outputs, OTHER_STREAM));
    }
    if (job.kind === 'capture') {
      for (const file of job.launchers ?? []) {
        const words = new CaptureReader({ ...job, source: file, name: file, fileNode: undefined, nodeFiles: undefined, launchers: undefined, otherStream: undefined }, this.reader, options, fastPath, outputs);
        readers.push(words);
        this.afterTheOthers.add(words);
      }
    }
    this.captureReaders = readers;
  }

  /**
   * The capture's reader that read last, in this update or one before: another reader's lane is
   * told of what it wrote before it runs again (`CaptureReader.read`'s `othersWrote`).
   */
  private lastReader: CaptureReader | undefined;

  /** A capture's readers read once the others are read to their end (a batch output's words on nodes come after the nodes' lines). */
  private readonly afterTheOthers = new Set<CaptureReader>();

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

  /** `stop` was called. */
  private stopped = false;

  /**
   * Nothing more is read or written: an update under way ends at its next write (its job is no
   * longer found, its folder about to be removed; wait for `update`'s promise before removing it).
   */
  stop(): void {
    this.stopped = true;
    this.files.stop();
  }

  /** The rank logs (and the launcher's) the updates that ended since the last call wrote to, or created. */
  takeWritten(): string[] {
    return this.files.takeWritten();
  }

  /** Brings the output up to date with the sources; true when something was written. Calls made while one runs wait for it. */
  update(): Promise<boolean> {
    const run = (this.running ?? Promise.resolve(false))
      .then(() => (this.stopped ? false : this.updateOnce()))
      .catch((e) => {
        if (e === STOPPED) return false;
        throw e;
      });
    // (An update that failed does not fail the next: its error is its caller's.)
    const tail: Promise<boolean> = run
      .catch(() => false)
      .finally(() => {
        if (this.running === tail) this.running = undefined;
      });
    this.running = tail;
    return run;
  }

  private async updateOnce(attempt = 0): Promise<boolean> {
    if (!this.started) {
      await fsp.mkdir(this.outDir, { recursive: true });
      this.started = true;
    }
    // The layout is listed again every few reads (a torchrun job of 64 ranks is 200 folders).
    if (this.relist && this.updates++ % RELIST_EVERY === 0) this.job = (await this.relist()) ?? this.job;
    this.followDating();
    let read: number | undefined;
    try {
      try {
        if (this.job.kind === 'capture') {
          await this.readCapture().finally(() => (this.reading = undefined));
          read = this.reader.stateOf(this.captureReader.file)?.offset ?? 0;
        }
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
            // The batch output first: a Slurm job requeued appended its next run to the task
            // files, which its cancellation tells apart (taskRuns.ts); its words on the tasks are
            // told to theirs after their lines.
            for (const file of this.job.launchers ?? []) await this.readLauncherFile(file);
            const how = { final: this.final || quiet, flush: () => this.flushIfLarge(), read: (bytes: number) => this.ranksReading && (this.ranksReading.read += bytes) };
            for (const [rank, list] of this.job.ranks) await this.readRank(this.output(rank), list, how);
            for (const rank of this.job.ranks.keys()) this.taskRuns.tellRest(rank, (w) => this.tell(rank, w));
            this.taskRuns.settled();
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
      const wrote = await this.flush();
      // The capture's order reads it this far: the rank logs hold its lines' (their times are read there).
      if (read !== undefined) this.orderLimit = read;
      return wrote;
    } finally {
      await this.files.finish();
    }
  }

  /**
   * A capture's lines; with its other stream's file (or torchrun's consoles one file per node), the
   * files read a turn at a time, the one behind in time first (one whose lines gave no time yet, a
   * file of prints, before any): each rank's lines come in the order of their times, give or take a
   * turn's span. A batch output's words on the nodes are read after the nodes' files.
   */
  private async readCapture(): Promise<void> {
    const readers = this.captureReaders;
    if (readers.length === 1) {
      await this.captureReader.read((read, total) => (this.reading = { read, total }), this.final);
      return;
    }
    const progress = readers.map(() => ({ read: 0, total: 0 }));
    const more = readers.map(() => true);
    for (;;) {
      let next = -1;
      const othersDone = readers.every((r, k) => !more[k] || this.afterTheOthers.has(r));
      for (let k = 0; k < readers.length; k++) {
        if (!more[k] || (!othersDone && this.afterTheOthers.has(readers[k]))) continue;
        if (next < 0 || (readers[k].readTime ?? -Infinity) < (readers[next].readTime ?? -Infinity)) next = k;
      }
      if (next < 0) return;
      const r = readers[next];
      const turn = { bytes: STREAM_TURN_BYTES, more: false };
      const before = progress[next].read;
      await r.read((read, total) => {
        progress[next] = { read: before + read, total: before + total };
        this.reading = { read: progress.reduce((n, p) => n + p.read, 0), total: progress.reduce((n, p) => n + p.total, 0) };
      }, this.final, turn, this.lastReader !== undefined && this.lastReader !== r);
      this.lastReader = r;
      more[next] = turn.more;
    }
  }

  /**
   * A job whose files changed after its times without a year were dated (`YearOfTimes`, by its
   * files' last change as the import began) is still written: from then on, each read dates them
   * by the time it reads (what it reads was written before). Read as it wrote across New Year,
   * January's glog lines took December's year, a year early.
   */
  private followDating(): void {
    const o = this.options;
    if (o.lastChange === undefined) return;
    if (!this.written && naiveFromEpoch(this.reader.latestChange()) <= o.lastChange) return;
    this.written = true;
    o.lastChange = Math.max(o.lastChange, naiveFromEpoch((o.now ?? Date.now)()));
    o.year = new Date(o.lastChange).getUTCFullYear();
  }

  /** The job's files changed after the import began (see `followDating`). */
  private written = false;

  /** A capture's rank output gained lines: its reader looks at it at the next restart or launcher's word. */
  private readonly captureGrew = (o: RankOutput): void => {
    for (const r of this.captureReaders) r.grew(o.rank);
  };

  /** A capture named more ranks than it may (`MAX_CAPTURE_RANKS`): the lines of those past it are the launcher's. */
  private tooManyRanks = false;

  private get maxRanks(): number {
    return this.options.maxCaptureRanks ?? MAX_CAPTURE_RANKS;
  }

  private admits(rank: number): boolean {
    if (this.outputs.has(rank) || this.outputs.size < this.maxRanks) return true;
    this.tooManyRanks = true;
    return false;
  }

  /** What the user should know of the reading that is no error (a capture of more ranks than are read), each said of the job's source. */
  notes(): string[] {
    const most = this.maxRanks.toLocaleString('en-US');
    return this.tooManyRanks ? [`it names more than ${most} ranks: the lines of the ranks past the first ${most} are kept with the launcher's lines, not read as ranks`] : [];
  }

  private output(rank: number): RankOutput {
    let o = this.outputs.get(rank);
    if (!o) {
      this.outputs.set(rank, (o = new RankOutput(rank, path.join(this.outDir, `worker_${rank}.log`))));
      if (this.job.kind === 'capture') o.onGrow = this.captureGrew;
      else if (this.job.kind === 'tasks') o.nextRun = this.nextRunOf(o);
    }
    return o;
  }

  /**
   * A task job's batch output (see `ForeignJob.launchers`): its lines are the launcher's, and its
   * words on tasks (srun's `task 1: Out Of Memory`, Slurm's time limit) are kept (`taskRuns`) to
   * be told to those ranks after their lines of its run.
   */
  private async readLauncherFile(file: string): Promise<void> {
    await this.reader.read(file, (text, line, offset) => {
      this.launcherOutput().write(text, file, line, offset);
      const verdict = this.batchWords.read(text);
      this.taskRuns.read(text, verdict && { verdict, file, line, offset });
    }, { partialAfterMs: this.final ? 0 : PARTIAL_LINE_QUIET_MS });
  }

  /**
   * A word of the batch output on rank `rank` (a task is the rank of its file, `%t`): a record of
   * the rank, opening at the launcher's line; between two of the rank's own lines, one word on
   * every rank (Slurm's cancellation) and a few in all (`WordsTold`). Whether it may be told more
   * before its next line.
   */
  private tell(rank: number, w: BatchWord): boolean {
    const out = this.output(rank);
    const told = this.toldLines.get(rank) ?? 0;
    // The rank's own lines: its output's but the words it was told (a word told leaves them as they are).
    const own = out.lines - told;
    if (this.wordsTold.take(rank, own, w.verdict.ranks === 'all')) {
      out.write(verdictRecord(rank, w.verdict), w.file, w.line, w.offset, false, true);
      this.toldLines.set(rank, told + 1);
    }
    return !this.wordsTold.full(rank, own);
  }

  /** The words each rank was told since its last own line, and the lines they took in its output. */
  private readonly wordsTold = new WordsTold();
  private readonly toldLines = new Map<number, number>();

  /** Where rank `rank`'s next run starts in its task files (a job requeued), and the Resume record it starts with. */
  private nextRunOf(out: RankOutput): NextRun {
    const runs = this.taskRuns;
    const rank = out.rank;
    return {
      get from() {
        return runs.nextRunFrom(rank);
      },
      start: (time) => {
        const cut = runs.startRun(rank, time, (w) => this.tell(rank, w));
        if (cut && out.lines > 0) out.write(resumeRecord(rank, time, 'slurm'), cut.file, cut.line, cut.offset, false, true);
      },
    };
  }

  /** The launcher's lines (a capture's without a rank prefix, a task job's batch output). */
  private launcherOutput(): RankOutput {
    return (this.launcher ??= new RankOutput(-1, path.join(this.outDir, 'launcher.log')));
  }

  /**
   * A rank's files read; what its output gathered is written now when it is big, and its buffer
   * is left for the next rank's (see `ByteText.written`): the ranks are read one after another.
   */
  private async readRank(out: RankOutput, list: readonly RankSource[], how: Parameters<RankFilesReader['read']>[3]): Promise<void> {
    await this.rankFiles.read(out, list, this.job, how);
    if (out.text.length >= RANK_WRITE_BYTES) await this.files.write([out]);
  }

  /** Every output: the ranks', then the launcher's when there is one. */
  private allOutputs(): RankOutput[] {
    return [...this.outputs.values(), ...(this.launcher ? [this.launcher] : [])];
  }

  /** Appends what each output gathered; true when anything was written. */
  private flush(): Promise<boolean> {
    return this.files.write(this.allOutputs());
  }

  /** Starts over: every output emptied, every source read again from its start. */
  private async reset(): Promise<void> {
    if (this.stopped) throw STOPPED;
    await this.files.close();
    this.reader.clear();
    this.rankFiles.clear();
    for (const r of this.captureReaders) r.reset();
    this.lastReader = undefined;
    this.order = undefined;
    this.orderLimit = 0;
    this.batchWords.reset();
    this.taskRuns.reset();
    this.wordsTold.clear();
    this.toldLines.clear();
    const files = this.allOutputs().map((o) => o.file);
    this.outputs.clear();
    this.launcher = undefined;
    await mapLimit(files, 32, (f) => fsp.writeFile(f, ''));
    // (Each is read again by the store, though no rank writes to it now.)
    this.files.wrote(files);
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

  /** Written out every few MiB: a big capture is never held in memory whole. */
  private pendingBytes(): number {
    let n = 0;
    for (const o of this.outputs.values()) n += o.text.length;
    return n + (this.launcher?.text.length ?? 0);
  }

  private async flushIfLarge(): Promise<void> {
    // (Called after each chunk read: a stopped import's update ends there.)
    if (this.stopped) throw STOPPED;
    if (this.pendingBytes() > Math.min(FLUSH_BYTES_MAX, Math.max(FLUSH_BYTES, this.outputs.size * FLUSH_BYTES_A_RANK))) await this.flush();
  }

  /** What names a rank besides its number: a pdsh capture's host, or the node and local rank of a torchrun job on several nodes. */
  rankName(rank: number): string | undefined {
    const node = this.job.ranks.get(rank)?.[0]?.node;
    if (node) return `${node.name} local ${node.localRank}`;
    // (Kubernetes pods' files: each rank's pod.)
    if (this.job.kind === 'tasks' && this.job.hosts?.[rank] !== undefined) return this.job.hosts[rank];
    // (torchrun's consoles one file per node: each node's reader knows its ranks.)
    for (const r of this.captureReaders) {
      const name = r.capture.nameOf(rank);
      if (name !== undefined) return name;
    }
    return undefined;
  }

  /**
   * The launcher's lines (a capture's without a rank prefix; a task job's batch output, whose files
   * `batchOutput` names): their file and how many; undefined while there are none.
   */
  get launcherLines(): { file: string; lines: number; batchOutput?: string[] } | undefined {
    if (!this.launcher || this.launcher.lines === 0) return undefined;
    const batchOutput = this.job.kind === 'capture' ? undefined : this.job.launchers;
    return batchOutput ? { file: this.launcher.file, lines: this.launcher.lines, batchOutput } : { file: this.launcher.file, lines: this.launcher.lines };
  }

  /**
   * The files a rank that is still alive writes, by its output file: its latest attempt's streams
   * (torchrun), its task files, or the capture (every rank of it: its launcher holds it for them).
   */
  liveSources(): Map<string, string[]> {
    const files = new Map<string, string[]>();
    for (const o of this.outputs.values()) {
      if (this.job.kind === 'capture') {
        files.set(o.file, captureFiles(this.job));
        continue;
      }
      const own = (this.job.ranks.get(o.rank) ?? []).filter((src) => src.stream !== 'error.json');
      const latest = Math.max(...own.map((src) => src.attempt));
      files.set(o.file, own.filter((src) => src.attempt === latest).map((src) => src.path));
    }
    return files;
  }

  /** The source line of line `line` (0-based) of an output file, or undefined when it is not one of this import's. */
  async sourceOf(outFile: string, line: number): Promise<{ path: string; line: number } | undefined> {
    return (await this.sourcesOf([{ file: outFile, line }]))[0];
  }

  /** `captureOrder`'s, once made; and how far its capture was read by the updates that ended (their marks are in the line maps). */
  private order: CaptureOrder | undefined;
  private orderLimit = 0;

  /**
   * Where each rank log's lines stand in the capture, for the merge (`MergeSource.order`): in a
   * capture of one file, records whose times tie are in the capture's order, not the ranks', and
   * a record without a time is at or after the capture's latest time before it (Python's default
   * `INFO:name:message` under `srun -l` gives none: each rank's lines came one rank after the
   * other). (Reading the capture again costs a merge of it some 10 per cent.)
   * Undefined for a job of several files (their lines have no one order), and for kubectl's
   * pods (it writes each pod's log after the last's: the capture's order is not the time's).
   */
  captureOrder(): RecordOrder | undefined {
    if (this.order || this.job.kind !== 'capture' || this.captureReaders.length !== 1 || !this.inTimeOrder()) return this.order;
    return (this.order = new CaptureOrder(this.captureReader.file, this.captureReader.ownerOfLine, this.outputs, () => this.orderLimit));
  }

  /** Whether the capture's order is the time's: not of kubectl's pods (it writes each pod's log after the last's). */
  private inTimeOrder(): boolean {
    return this.job.style !== 'kubectl';
  }

  /**
   * `sourceOf` of many lines at once: one read of each capture for all of its lines (thousands of
   * ranks' failures). `inTimeOrder`: only where the capture's order is the time's, to order
   * records by (none of kubectl's pods, written one after another). `withText`: each with the
   * source's line as it is there (a diagnosis quoting a line quotes the launcher's file, not the
   * rank log written from it), one more read of each source file that is not a capture.
   */
  async sourcesOf(lines: readonly { file: string; line: number }[], { inTimeOrder = false, withText = false } = {}): Promise<(SourceLine | undefined)[]> {
    const found: (SourceLine | undefined)[] = new Array(lines.length).fill(undefined);
    if (inTimeOrder && !this.inTimeOrder()) return found;
    const outputs = new Map(this.allOutputs().map((o) => [o.file, o]));
    // By file and kind: a capture's rank lines are found by counting that rank's lines, its lines
    // written as they are (a launcher's word on a rank) by counting every line.
    const bySource = new Map<string, { at: number; request: CaptureLineRequest; demux: boolean; file: string }[]>();
    lines.forEach(({ file, line }, at) => {
      const out = outputs.get(file);
      const k = out ? out.map.markAt(line) : -1;
      if (!out || k < 0) return;
      const source = out.map.file[k];
      const demux = out.map.demux[k];
      // A rank's own file: its line counted from the mark, read only for its text.
      if (!demux) found[at] = { path: source, line: out.map.line[k] + (line - out.map.out[k]) };
      if (!demux && !withText) return;
      const key = `${demux ? 'd' : 'f'}${source}`;
      const list = bySource.get(key) ?? [];
      list.push({ at, demux, file: source, request: { rank: demux ? out.rank : 0, offset: out.map.offset[k], line: out.map.line[k], skip: line - out.map.out[k] } });
      bySource.set(key, list);
    });
    for (const list of bySource.values()) {
      const file = list[0].file;
      const texts: string[] | undefined = withText ? [] : undefined;
      const requests = list.map((l) => l.request);
      const at = list[0].demux
        ? await (this.captureReaders.find((r) => r.file === file) ?? this.captureReader).sourceLines(file, requests, texts)
        : await captureLinesOf(file, () => 0, requests, texts).catch(() => undefined);
      list.forEach((l, i) => {
        if (l.demux) found[l.at] = { path: file, line: at![i] };
        if (texts?.[i] !== undefined && found[l.at]) found[l.at]!.text = texts[i];
      });
    }
    return found;
  }

}
