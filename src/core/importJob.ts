// A job written without our module (importLayouts.ts), kept as a folder of `worker_<N>.log` files
// in our format that every view reads as it reads our own: `update()` reads only the bytes the
// sources gained and appends their lines, rewritten (importLines.ts), to each rank's file. A
// torchrun job's and task files' ranks are read by importRankFiles.ts (attempts as sessions,
// streams merged by time, `error.json`), a capture's by importCapture.ts (each line to the rank its
// prefix names; lines without one are the launcher's, `launcher.log`; for task files, the batch
// output beside them is: batchOutput.ts; a capture's other stream's file, or torchrun's consoles one file per
// node, are read with it a turn at a time, into the same ranks). Each
// output line knows its source line (`sourceOf`). A source that shrank or was replaced starts the
// import over; one that vanished keeps what was read.
import { MAX_UNSEEN_RANKS_NAMED_UNLABELLED } from './captureLauncher';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { ForeignJob, RankSource } from './importLayouts';
import { sourceProblem } from './nulBytes';
import { ImportOptions } from './importLines';
import { ImportOutputs, RankOutput, STOPPED } from './importOutput';
import { mapLimit } from './mapLimit';
import { BUILT_IN_FORMATS } from './lineFormats';
import { RESET, SourceReader } from './importSources';
import { RankFilesReader } from './importRankFiles';
import { BatchOutput } from './batchOutput';
import { CaptureOutputs, CaptureReader } from './importCapture';
import { CaptureLinesReader, SourceLine, sourceLinesOf } from './importLineMap';
import { CaptureOrder, RecordOrder } from './captureOrder';
import { captureFiles } from './streamPairs';
import { naiveFromEpoch } from './timestamps';
import type { LauncherLinesFacts } from './launcherNote';
import { compressedLogsHint } from './rankFileGuess';
import { Renames, renamesOf } from './importRenames';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

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
/** What is said of a capture more than one torchrun wrote without node prefixes (`ForeignJob.severalTorchruns`). */
const SEVERAL_TORCHRUNS_NOTE =
  "more than one torchrun wrote it at once (srun of torchrun on several nodes without -l): its tee labels name each node's local ranks, so the ranks read mix the nodes' (run srun with -l, --label, to have each node's lines told apart)";

export class JobImport {
  /** The job's files, read incrementally. */
  private readonly reader = new SourceReader();
  /** The ranks' outputs and the launcher's, and the files they are appended to. */
  private readonly outs: ImportOutputs;
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
  /** A task job's batch output: what it says of its ranks, told to them after their lines of its run (batchOutput.ts). */
  private readonly batch = new BatchOutput((rank) => this.job.ranks.has(rank), (rank) => this.outs.output(rank), () => this.outs.launcher());

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
    // (A console that labels no line: its ranks are those its launcher's words name, a few thousand at most.)
    const maxRanks = Math.min(options.maxCaptureRanks ?? MAX_CAPTURE_RANKS, job.noLabels ? MAX_UNSEEN_RANKS_NAMED_UNLABELLED : Infinity);
    const outputs: CaptureOutputs = (this.outs = new ImportOutputs(outDir, maxRanks, (o) => {
      if (job.kind === 'capture') o.onGrow = this.captureGrew;
      else if (job.kind === 'tasks') o.nextRun = this.batch.nextRunOf(o);
    }, () => this.stopped));
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
    this.outs.files.stop();
  }

  /** The rank logs (and the launcher's) the updates that ended since the last call wrote to, or created. */
  takeWritten(): string[] {
    return this.outs.files.takeWritten();
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
    // The layout is listed again every few reads (a torchrun job of 64 ranks is 200 folders), and
    // when a source was replaced: a rotating handler renamed each part of a rank's log to the next.
    if (this.relist && (this.updates++ % RELIST_EVERY === 0 || attempt > 0)) await this.relistNow(attempt > 0);
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
            for (const file of this.job.launchers ?? []) await this.batch.read(this.reader, file, this.final);
            const how = { final: this.final || quiet, flush: () => this.outs.flushIfLarge(), read: (bytes: number) => this.ranksReading && (this.ranksReading.read += bytes) };
            for (const [rank, list] of this.job.ranks) await this.readRank(this.outs.output(rank), list, how);
            this.batch.tellRest(this.job.ranks.keys());
          } finally {
            this.ranksReading = undefined;
          }
        }
      } catch (e) {
        if (e !== RESET || attempt >= 3) throw e;
        // (A job of rank logs in parts lists its files again first: a rotating handler's rollover is followed, see `relistNow`.)
        if (!this.job.partsInOrder) await this.reset();
        await this.updateOnce(attempt + 1);
        return true;
      }
      const wrote = await this.outs.flush();
      // The capture's order reads it this far: the rank logs hold its lines' (their times are read there).
      if (read !== undefined) this.orderLimit = read;
      return wrote;
    } finally {
      await this.outs.files.finish();
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

  /** What the user should know of the reading that is no error (a capture of more ranks than are read), each said of the job's source. */
  notes(): string[] {
    const notes = [...(this.job.severalTorchruns ? [SEVERAL_TORCHRUNS_NOTE] : []), ...this.rankFiles.notes()];
    // A rotating handler's parts compressed (logrotate's `compress`): the ranks' records there are not read.
    const compressed = this.job.compressedParts?.length ? compressedLogsHint(this.job.source, this.job.compressedParts) : undefined;
    if (compressed) notes.push(compressed);
    if (!this.outs.tooManyRanks) return notes;
    // (Only then: the first toLocaleString loads the locale's data, 10-20 ms of every CLI command.)
    const most = this.outs.maxRanks.toLocaleString('en-US');
    return [...notes, `it names more than ${most} ranks: the lines of the ranks past the first ${most} are kept with the launcher's lines, not read as ranks`];
  }

  /** A capture's rank output gained lines: its reader looks at it at the next restart or launcher's word. */
  private readonly captureGrew = (o: RankOutput): void => {
    for (const r of this.captureReaders) r.grew(o.rank);
  };


  /**
   * A rank's files read; what its output gathered is written now when it is big, and its buffer
   * is left for the next rank's (see `ByteText.written`): the ranks are read one after another.
   */
  private async readRank(out: RankOutput, list: readonly RankSource[], how: Parameters<RankFilesReader['read']>[3]): Promise<void> {
    await this.rankFiles.read(out, list, this.job, how);
    if (out.text.length >= RANK_WRITE_BYTES) await this.outs.files.write([out]);
  }

  /**
   * The job's layout listed again. A job of rank logs cut in parts follows its files first (see
   * `renamesOf`): what was read of each goes with it to its new name before any is read
   * (a new part read from its start would be the lines of one read before under another name);
   * when they changed otherwise, or a source was replaced (`afterReset`) and none was renamed,
   * the import starts over.
   */
  private async relistNow(afterReset: boolean): Promise<void> {
    const job = await this.relist!();
    if (!job) {
      if (afterReset && this.job.partsInOrder) await this.reset();
      return;
    }
    const parts = this.job.partsInOrder === true || job.partsInOrder === true;
    let followed: Renames = 'same';
    if (parts) {
      const found = await renamesOf(this.job, job, this.reader.allStates(), this.updates);
      followed = found.kind;
      if (found.kind !== 'changed' && found.where.size > 0) {
        this.reader.rename(found.where);
        this.rankFiles.rename(found.where);
        for (const out of this.outs.all()) out.renameSources(found.where);
      }
    }
    this.job = job;
    if (followed === 'changed' || (afterReset && parts && followed === 'same')) await this.reset();
  }

  /** Starts over: every output emptied, every source read again from its start. */
  private async reset(): Promise<void> {
    if (this.stopped) throw STOPPED;
    this.reader.clear();
    this.rankFiles.clear();
    for (const r of this.captureReaders) r.reset();
    this.lastReader = undefined;
    this.order = undefined;
    this.orderLimit = 0;
    this.batch.reset();
    await this.outs.clear();
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

  /**
   * What the views say of rank `rank` when none of its files could be read, its log `problem` (as
   * the index of the log, a copy of the file's head, tells it): said of that file, not of the copy.
   */
  unreadableProblem(rank: number, problem: string): string {
    const file = this.rankFiles.unreadableFile(rank);
    return file ? sourceProblem(problem, this.outs.outputs.get(rank)?.file, file) : problem;
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
    const launcher = this.outs.launcherIfMade;
    if (!launcher || launcher.lines === 0) return undefined;
    const batchOutput = this.job.kind === 'capture' ? undefined : this.job.launchers;
    return batchOutput ? { file: launcher.file, lines: launcher.lines, batchOutput } : { file: launcher.file, lines: launcher.lines };
  }

  /** What `launcherNote` says of the launcher's lines (whether the ranks' records are among them); undefined while there are none. */
  launcherLinesFacts(): LauncherLinesFacts | undefined {
    const l = this.launcherLines;
    if (!l) return undefined;
    return { lines: l.lines, ...(l.batchOutput ? { batchOutput: l.batchOutput.map((f) => path.basename(f)) } : {}), ...(this.job.ownLabelsOnly ? { ownLabelsOnly: true, ...(this.captureReader.ranksLauncher ? { ranksLauncher: this.captureReader.ranksLauncher } : {}) } : {}) };
  }

  /**
   * The files a rank that is still alive writes, by its output file: its latest attempt's streams
   * (torchrun), its task files, or the capture (every rank of it: its launcher holds it for them).
   */
  liveSources(): Map<string, string[]> {
    const files = new Map<string, string[]>();
    for (const o of this.outs.outputs.values()) {
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
    return (this.order = new CaptureOrder(this.captureReader.file, this.captureReader.ownerOfLine, this.outs.outputs, () => this.orderLimit));
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
    if (inTimeOrder && !this.inTimeOrder()) return new Array(lines.length).fill(undefined);
    const outputs = new Map(this.outs.all().map((o) => [o.file, o]));
    const captureLines: CaptureLinesReader = (file, requests, texts) => (this.captureReaders.find((r) => r.file === file) ?? this.captureReader).sourceLines(file, requests, texts);
    return sourceLinesOf(outputs, captureLines, lines, withText);
  }

}
