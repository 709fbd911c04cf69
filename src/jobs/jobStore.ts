// The live state of every job folder shown in the sidebar: a FileIndex per rank log, updated
// from the appended bytes when the watcher reports a change. Throttled per rank, so a job that
// writes thousands of lines a second costs one read per rank per interval. No `vscode` here:
// unit tests drive it directly.
import * as path from 'node:path';
import type { LauncherFacts, RankInput } from '../core/jobSummary';
import { SourcesOf, tiedOrders, tiedRecords } from '../core/tiedFailures';
import type { RecordOrder } from '../core/captureOrder';
import { FileIndex } from '../core/fileIndex';
import { discoverRanks, rankOfFileName } from '../core/rankDiscovery';
import { brokenJobNode, buildJobNode, JobNode, TreeModelOptions } from '../core/workerTreeModel';

/** Files read at once: a 1,024-rank job must not need 1,024 descriptors (ulimit -n is often 1024). */
const READ_CONCURRENCY = 32;

async function updateAll(indexes: readonly FileIndex[], onEach?: (index: FileIndex) => void): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < indexes.length) {
      const index = indexes[next++];
      await index.update();
      onEach?.(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, indexes.length) }, worker));
}

export interface JobFolder {
  dir: string;
  label: string;
  /** Another launcher's job: what it does that its files do not show (`launcherFacts` of importLayouts.ts). */
  launcher?: LauncherFacts;
}

export interface ProcessState {
  alive?: boolean;
  exitCode?: number;
  /** Stop Job killed it once it ignored the interrupt (stuck outside Python): a stop, whatever its log says. */
  killedByStop?: boolean;
}

interface RankEntry {
  rank: number;
  path: string;
  index: FileIndex;
  process: ProcessState;
  timer?: NodeJS.Timeout;
  dirty: boolean;
  /** When the last read of the log started (Date.now()); reads are spaced by updateIntervalMs. */
  lastRead: number;
  /** Read once: until then the rank is not in the model (it would look empty). */
  indexed: boolean;
}

interface JobEntry {
  folder: JobFolder;
  ranks: Map<string, RankEntry>;
  /** A pending look at the folder for new rank files (many at once cost one listing). */
  rescanTimer?: NodeJS.Timeout;
  /** The next rescan also reads what the ranks' files gained (see `rescanSoon`). */
  catchUp?: boolean;
}

function dropRank(job: JobEntry, entry: RankEntry): void {
  clearTimeout(entry.timer);
  job.ranks.delete(entry.path);
}

export interface JobStoreOptions {
  /**
   * Minimum time between two reads of one rank's log. A write after a quiet spell is read at
   * once; writes that follow it within the interval fold into one read at its end.
   */
  updateIntervalMs?: number;
  /** Minimum time between change notifications: the first is sent at once, updates within it fold into the next. */
  notifyDelayMs?: number;
  /** Failures of background reads (the caller logs them). */
  onError?: (message: string) => void;
  /** How far the first reading of a folder's many new rank logs has come. */
  onProgress?: (progress: IndexProgress) => void;
}

export interface IndexProgress {
  dir: string;
  done: number;
  total: number;
}

/** New rank logs at once above which the first reading reports progress and shows ranks as they come. */
const PROGRESS_ABOVE = 256;

export class JobStore {
  private readonly jobs = new Map<string, JobEntry>();
  private readonly listeners = new Set<() => void>();
  private notifyTimer: NodeJS.Timeout | undefined;
  private lastNotify = 0;
  private readonly updateIntervalMs: number;
  private readonly notifyDelayMs: number;
  private disposed = false;
  private readonly processes = new Map<string, ProcessState>();
  /** Rank logs whose rank's files a process of this machine still writes (`RankInput.writing`; jobs/jobLiveness.ts). */
  private readonly writing = new Set<string>();
  private readonly onError: (message: string) => void;
  private readonly onProgress: ((progress: IndexProgress) => void) | undefined;
  /** Where imported rank logs' lines came from (`ImportedJobs.sourcesOf`): orders failures whose times tie. */
  private sourceLookup: SourcesOf | undefined;
  private recordOrders: ((dir: string) => RecordOrder | undefined) | undefined;
  private problemSources: ((dir: string, rank: number, problem: string) => string) | undefined;
  /** Lines of rank logs in the file they were read from, by `path\0generation`: the tied failures' (`RankInput.sourceOrder`). */
  private readonly sourceLines = new Map<string, Map<number, number>>();
  /** The tied failures' lines looked up (`path\0generation\0line`): each once. */
  private readonly linesAsked = new Set<string>();

  constructor(options: JobStoreOptions = {}) {
    this.updateIntervalMs = options.updateIntervalMs ?? 100;
    this.notifyDelayMs = options.notifyDelayMs ?? 40;
    this.onError = options.onError ?? (() => undefined);
    this.onProgress = options.onProgress;
  }

  private report(what: string, e: unknown): void {
    this.onError(`${what}: ${e instanceof Error ? e.message : String(e)}`);
  }

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  folders(): JobFolder[] {
    return [...this.jobs.values()].map((j) => j.folder);
  }

  hasFolder(dir: string): boolean {
    return this.jobs.has(path.resolve(dir));
  }

  /** Makes the shown folders exactly these; new ones are discovered and indexed. */
  async setFolders(folders: readonly JobFolder[]): Promise<void> {
    const wanted = new Map(folders.map((f) => [path.resolve(f.dir), f]));
    for (const dir of [...this.jobs.keys()]) {
      if (!wanted.has(dir)) this.removeJob(dir);
    }
    const added: Promise<void>[] = [];
    for (const [dir, folder] of wanted) {
      const job = this.jobs.get(dir);
      if (job) job.folder = { ...folder, dir };
      else {
        this.jobs.set(dir, { folder: { ...folder, dir }, ranks: new Map() });
        added.push(this.rescan(dir));
      }
    }
    await Promise.all(added);
    this.notifySoon();
  }

  /** Finds rank logs that appeared or vanished in a job folder and indexes the new ones. */
  async rescan(dir: string): Promise<void> {
    const job = this.jobs.get(path.resolve(dir));
    if (!job) return;
    const files = await discoverRanks(job.folder.dir);
    const present = new Set(files.map((f) => f.path));
    for (const entry of [...job.ranks.values()]) if (!present.has(entry.path)) dropRank(job, entry);
    const fresh = new Map<FileIndex, RankEntry>();
    for (const f of files) {
      if (job.ranks.has(f.path)) continue;
      const entry: RankEntry = { rank: f.rank, path: f.path, index: new FileIndex(f.path), process: this.processes.get(f.path) ?? {}, dirty: false, lastRead: 0, indexed: false };
      job.ranks.set(f.path, entry);
      fresh.set(entry.index, entry);
    }
    // A big folder shows its ranks as they are read, and says how far it is.
    const big = fresh.size > PROGRESS_ABOVE;
    let done = 0;
    const report = (): void => this.onProgress?.({ dir: job.folder.dir, done, total: fresh.size });
    if (big) report();
    await updateAll([...fresh.keys()], (index) => {
      fresh.get(index)!.indexed = true;
      done++;
      if (big && done % PROGRESS_ABOVE === 0) {
        report();
        this.notifySoon();
      }
    });
    if (big) report();
    this.notifySoon();
  }

  /** A watcher event for a file inside a job folder. */
  fileEvent(kind: 'add' | 'change' | 'unlink', filePath: string): void {
    const rank = rankOfFileName(path.basename(filePath));
    const job = this.jobs.get(path.dirname(path.resolve(filePath)));
    if (rank === undefined || !job) return;
    const entry = job.ranks.get(path.resolve(filePath));
    if (kind === 'unlink') {
      if (entry) {
        dropRank(job, entry);
        this.notifySoon();
      }
      return;
    }
    if (!entry) {
      this.scheduleRescan(job);
      return;
    }
    this.scheduleUpdate(entry);
  }

  /** Re-reads every rank (the Refresh command). */
  async refreshAll(): Promise<void> {
    await Promise.all([...this.jobs.keys()].map((dir) => this.rescan(dir)));
    await updateAll([...this.jobs.values()].flatMap((j) => [...j.ranks.values()].map((e) => e.index)));
    this.notifySoon();
  }

  /** The index of a rank log the store watches, brought up to date; undefined otherwise. */
  async indexOf(logPath: string): Promise<FileIndex | undefined> {
    const key = path.resolve(logPath);
    const entry = this.jobs.get(path.dirname(key))?.ranks.get(key);
    if (!entry) return undefined;
    await entry.index.update();
    return entry.index;
  }

  /** The rank logs of the job folder that holds `logPath`. */
  siblings(logPath: string): { rank: number; path: string; index: FileIndex }[] {
    const job = this.jobs.get(path.dirname(path.resolve(logPath)));
    return job ? [...job.ranks.values()].map((e) => ({ rank: e.rank, path: e.path, index: e.index })).sort((a, b) => a.rank - b.rank) : [];
  }

  /** What the extension knows of the process writing `logPath` (launched jobs). */
  setProcessState(logPath: string, state: ProcessState): void {
    const key = path.resolve(logPath);
    this.processes.set(key, state);
    const job = this.jobs.get(path.dirname(key));
    const entry = job?.ranks.get(key);
    if (entry) entry.process = state;
    this.notifySoon();
  }

  /** Whether a process of this machine still writes the files of the rank of `logPath` (its log, or another launcher's files it was read from). */
  setWriting(logPath: string, writing: boolean): void {
    const key = path.resolve(logPath);
    if (writing === this.writing.has(key)) return;
    if (writing) this.writing.add(key);
    else this.writing.delete(key);
    this.notifySoon();
  }

  /**
   * Lists a folder again soon (merged with other requests): for files no event will report.
   * With `catchUp`, also reads what its ranks' files gained meanwhile: appends made before the
   * watcher had started on a folder raise no event, and a rank that writes nothing after them
   * (a crash's last lines) would never show them.
   */
  rescanSoon(dir: string, catchUp = false): void {
    const job = this.jobs.get(path.resolve(dir));
    if (!job) return;
    if (catchUp) job.catchUp = true;
    this.scheduleRescan(job);
  }

  private scheduleRescan(job: JobEntry): void {
    if (job.rescanTimer || this.disposed) return;
    job.rescanTimer = setTimeout(() => {
      job.rescanTimer = undefined;
      const catchUp = job.catchUp;
      job.catchUp = false;
      this.rescan(job.folder.dir).then(
        () => {
          // An unchanged file costs a stat; a grown one is read from where its index stopped.
          if (catchUp && !this.disposed) for (const entry of job.ranks.values()) if (entry.indexed) this.scheduleUpdate(entry);
        },
        (e) => this.report(`Listing ${job.folder.dir}`, e),
      );
    }, this.updateIntervalMs);
  }

  private scheduleUpdate(entry: RankEntry): void {
    if (entry.timer) {
      entry.dirty = true;
      return;
    }
    entry.dirty = false;
    entry.timer = setTimeout(() => {
      entry.lastRead = Date.now();
      void entry.index.update().then(
        (r) => {
          entry.timer = undefined;
          if (r.changed) this.notifySoon();
          if (entry.dirty && !this.disposed) this.scheduleUpdate(entry);
        },
        (e) => {
          entry.timer = undefined;
          this.report(`Reading ${entry.path}`, e);
        },
      );
    }, Math.max(0, entry.lastRead + this.updateIntervalMs - Date.now()));
  }

  private removeJob(dir: string): void {
    const job = this.jobs.get(dir);
    if (!job) return;
    for (const entry of job.ranks.values()) clearTimeout(entry.timer);
    clearTimeout(job.rescanTimer);
    this.jobs.delete(dir);
    this.notifySoon();
  }

  private notifySoon(): void {
    if (this.notifyTimer || this.disposed) return;
    this.notifyTimer = setTimeout(
      () => {
        this.notifyTimer = undefined;
        this.lastNotify = Date.now();
        for (const l of [...this.listeners]) l();
      },
      Math.max(0, this.lastNotify + this.notifyDelayMs - Date.now()),
    );
  }

  /** Failures whose times tie (a capture without times) are ordered by the lines `lookup` finds them at. */
  setSourceLookup(lookup: SourcesOf): void {
    this.sourceLookup = lookup;
    this.notifySoon();
  }

  /** Where an imported job's records stand in its capture (`ImportedJobs.captureOrderOf`): the Job Log's order of records without times. */
  setRecordOrders(lookup: (dir: string) => RecordOrder | undefined): void {
    this.recordOrders = lookup;
  }

  /**
   * What is said of a rank log of the job in `dir` that cannot be read, its index's `problem`
   * (`ImportedJobs.unreadableProblemOf`: an imported job's is a copy of the launcher's file).
   */
  setProblemSources(lookup: (dir: string, rank: number, problem: string) => string): void {
    this.problemSources = lookup;
  }

  /** The order of the records of the job in `dir` that times do not give (`MergeSource.order`), if any. */
  recordOrderOf(dir: string): RecordOrder | undefined {
    return this.recordOrders?.(dir);
  }

  /** The tree model of every job, built now (rank states depend on the clock). */
  model(options: TreeModelOptions = {}): JobNode[] {
    return [...this.jobs.values()]
      .map((job) => {
        try {
          const ranks: RankInput[] = [...job.ranks.values()].filter((e) => e.indexed).map((e) => {
            const snap = e.index.snapshot();
            const index = snap.problem && this.problemSources ? { ...snap, problem: this.problemSources(job.folder.dir, e.rank, snap.problem) } : snap;
            const lines = this.sourceLines.get(`${e.path}\0${index.generation}`);
            return { rank: e.rank, index, exitCode: e.process.exitCode, alive: e.process.alive, ...(e.process.killedByStop ? { killedByStop: true } : {}), ...(this.writing.has(e.path) ? { writing: true } : {}), ...(lines ? { sourceOrder: (line: number) => lines.get(line) } : {}) };
          });
          const node = buildJobNode({ dir: job.folder.dir, label: job.folder.label, ranks }, job.folder.launcher ? { ...options, ...job.folder.launcher } : options);
          this.orderTies(node, ranks);
          return node;
        } catch (e) {
          // One folder's bad input must never empty the whole view.
          this.report(`Building the tree of ${job.folder.dir}`, e);
          return brokenJobNode(job.folder, e);
        }
      })
      .sort((a, b) => a.label.localeCompare(b.label));
  }

  /**
   * Looks up, once, where the records of the job's tied failures came from (`tiedRecords`); the
   * model is built again when some were found.
   */
  private orderTies(node: JobNode, ranks: readonly RankInput[]): void {
    const lookup = this.sourceLookup;
    if (!lookup) return;
    const key = (input: RankInput) => `${input.index.path}\0${input.index.generation}`;
    // An attempt whose winner was looked up once is not again (a record then left unordered was not found in the capture).
    const all = tiedRecords(node.summary, ranks);
    const done = new Set(all.filter((w) => w.winner && this.linesAsked.has(`${key(w.input)}\0${w.line}`)).map((w) => w.group));
    const wanted = all.filter((w) => !done.has(w.group) && !this.linesAsked.has(`${key(w.input)}\0${w.line}`));
    if (wanted.length === 0) return;
    for (const w of wanted) this.linesAsked.add(`${key(w.input)}\0${w.line}`);
    tiedOrders(wanted, lookup).then(
      (orders) => {
        if (this.disposed || orders.size === 0) return;
        for (const [input, lines] of orders) {
          const known = this.sourceLines.get(key(input)) ?? new Map<number, number>();
          for (const [line, at] of lines) known.set(line, at);
          this.sourceLines.set(key(input), known);
        }
        this.notifySoon();
      },
      (e) => this.report(`Ordering the first failures of ${node.dir}`, e),
    );
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.notifyTimer);
    for (const job of this.jobs.values()) {
      clearTimeout(job.rescanTimer);
      for (const e of job.ranks.values()) clearTimeout(e.timer);
    }
    this.jobs.clear();
    this.listeners.clear();
  }
}
