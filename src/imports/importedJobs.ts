// The jobs written without our module that the views show: each kept as a folder of rank logs in
// our format under the extension's storage (core/importJob.ts), read again from its sources
// every `intervalMs` (less often once quiet, or when its reads cost: `nextReadDelay`), so the
// store, the tree, the Job Log, the timeline and the diagnosis read it as they read our own. No
// `vscode` here: the CLI and unit tests use it as it is.
import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { findForeignJobs, ForeignJob, readCapture, readTorchrunRun, relistJob, yearOfTimes } from '../core/importLayouts';
import { nodesByRank } from '../core/torchrunRuns';
import { JobImport } from '../core/importJob';
import { LauncherNote, launcherNote } from '../core/launcherNote';
import { LineFormat } from '../core/lineFormats';
import type { RankFileWriter } from '../core/rankFileWriter';
import type { RecordOrder } from '../core/captureOrder';

export interface ImportedJobsOptions {
  /** Time between two reads of a job's sources. */
  intervalMs?: number;
  formats: () => readonly LineFormat[];
  patterns: () => readonly string[];
  onError?: (message: string) => void;
  /** A file found that is no job the way it is (a capture in UTF-16), and why: told once for each. */
  onProblem?: (message: string) => void;
  /** The first reading of a job's sources, as it starts (a big capture takes seconds); `fraction` tells how far a capture's is. */
  onFirstRead?: (job: ImportedFolder, done: Promise<unknown>, fraction: () => number | undefined) => void;
  /** After an update wrote to the job's folder `dir` (new ranks, appended lines): the files it wrote to or created. */
  onUpdated?: (dir: string, files: readonly string[]) => void;
  /** The most ranks a capture is read into (`MAX_CAPTURE_RANKS` by default; tests set fewer). */
  maxCaptureRanks?: number;
}

export interface ImportedFolder {
  /** The folder of rank logs in our format. */
  dir: string;
  /** Where the job's logs are: a folder or a capture. */
  source: string;
  job: ForeignJob;
}

interface Entry extends ImportedFolder {
  imp: JobImport;
  timer?: NodeJS.Timeout;
  /** The folder whose reading found it (one of `sync`'s). */
  from: string;
  /** Its latest update (the ones before it ended first: `JobImport.update`). */
  busy?: Promise<unknown>;
  ticks: number;
  /** Reads in a row that found nothing new. */
  quiet: number;
}

/**
 * After this many reads in a row found nothing new, a job's sources are read every
 * `QUIET_INTERVAL_MS`: an ended job is not read twice a second for as long as the window is open.
 */
const QUIET_READS = 20;
const QUIET_INTERVAL_MS = 2000;
/**
 * A job whose reads cost time waits this many times as long as its last read took: a torchrun job
 * of 1,024 ranks (2,048 files to look at) took 100 ms of the extension host's time each read.
 */
const COST_FACTOR = 10;
/** The longest wait between two reads of a job (unless its interval is longer). */
const MAX_INTERVAL_MS = 10_000;

/** The wait before a job's next read: its interval, longer when it has been quiet or its reads cost more. */
export function nextReadDelay(intervalMs: number, quietReads: number, lastReadMs: number): number {
  const quiet = quietReads >= QUIET_READS ? Math.max(intervalMs, QUIET_INTERVAL_MS) : intervalMs;
  return Math.max(intervalMs, Math.min(MAX_INTERVAL_MS, Math.max(quiet, COST_FACTOR * lastReadMs)));
}

/** A folder name of `name` (file names of other programs may hold anything). */
function safeName(name: string): string {
  return name.replace(/[^\w.-]+/g, '_').slice(0, 80) || 'job';
}

/**
 * A job as discovery finds it. A capture's also holds how its head reads (its prefix style,
 * labels): a capture whose head, read again as it grows, reads otherwise is another job, read
 * anew (`captureKey`).
 */
function keyOf(job: ForeignJob): string {
  // (A role of `''`, torchrun's labels of the rank alone, is not none.)
  const role = job.role === undefined ? '' : `=${job.role}`;
  const head = job.kind === 'capture' ? `\0${job.style}\0${job.teeWidth ?? ''}\0${job.spacedTags ?? ''}\0${role}\0${job.rankFormat ?? ''}\0${job.teeSlots?.join(',') ?? ''}` : '';
  const other = (job.otherStream ? `\0${job.otherStream.job.source}\0${job.otherStream.job.style ?? ''}` : '') + (job.nodeFiles ? `\0nodes ${job.nodeFiles.length + 1}` : '');
  // (torchrun's nodes in their order: numbered otherwise once their streams name their ranks, another job.)
  const nodes = job.nodes ? `\0${job.nodes.join('\0')}` : '';
  return `${job.kind}\0${job.source}\0${job.name}${head}${other}${nodes}`;
}

/** How often a job of torchrun's nodes (up to 8; more, less often) numbered by their start is read for the ranks their streams name. */
const RENUMBER_CHECK_MS = 5000;

export class ImportedJobs {
  private readonly entries = new Map<string, Entry>();
  private disposed = false;
  /** Problems told (`onProblem`): each once in a window. */
  private readonly told = new Set<string>();
  /** When each job of torchrun's nodes numbered by their start was last read for the ranks their streams name (`renumberedKey`). */
  private readonly renumberChecks = new WeakMap<ForeignJob, number>();
  /** Who wrote each synced folder's `worker_<N>.log` files, by the last `sync`. */
  private readonly writers = new Map<string, RankFileWriter>();

  constructor(
    /** A folder of the extension's own (its storage): every imported job's rank logs live under it. */
    private readonly root: string,
    private readonly options: ImportedJobsOptions,
  ) {}

  /** The latest errors of reading jobs (`onError`), for what a test that failed prints. */
  private readonly errors: string[] = [];

  recentErrors(): readonly string[] {
    return this.errors;
  }

  private error(message: string): void {
    if (this.errors.push(message) > 20) this.errors.shift();
    this.options.onError?.(message);
  }

  /** Tells each problem not told before (`onProblem`). */
  private tell(problems: readonly string[]): void {
    for (const p of problems) {
      if (this.told.has(p)) continue;
      this.told.add(p);
      this.options.onProblem?.(p);
    }
  }

  /** The problems told so far (`onProblem`). */
  problems(): string[] {
    return [...this.told];
  }

  /** Every imported job now. */
  folders(): ImportedFolder[] {
    return [...this.entries.values()].map(({ dir, source, job }) => ({ dir, source, job }));
  }

  /**
   * Makes the imported jobs exactly those found in `dirs` (folders that may hold torchrun run
   * folders, per-task files or captures). New ones get their folder at once and are read in the
   * background; ones no longer found stop and their folder is removed.
   */
  async sync(dirs: Iterable<string>): Promise<ImportedFolder[]> {
    const found = new Map<string, ForeignJob>();
    const foundIn = new Map<string, string>();
    /** Folders whose reading failed: the jobs found there before are kept (one bad read hides nothing). */
    const unread = new Set<string>();
    const problems: string[] = [];
    this.writers.clear();
    for (const dir of new Set([...dirs].map((d) => path.resolve(d)))) {
      try {
        for (const job of await findForeignJobs(dir, this.options.patterns(), this.options.formats(), problems, this.writers)) {
          found.set(keyOf(job), job);
          foundIn.set(keyOf(job), dir);
        }
      } catch (e) {
        unread.add(dir);
        this.error(`Reading ${dir}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    this.tell(problems);
    for (const [key, entry] of [...this.entries]) {
      if (!found.has(key) && !unread.has(entry.from)) {
        this.stop(entry);
        this.entries.delete(key);
        // (Its update under way ends at its next write; found again, the job's folder is made anew
        // for another import, which must not get this one's lines too.)
        entry.imp.stop();
        await entry.busy?.catch(() => undefined);
        await fsp.rm(path.dirname(entry.dir), { recursive: true, force: true }).catch(() => undefined);
      }
    }
    for (const [key, job] of found) {
      if (this.entries.has(key)) continue;
      const dir = path.join(this.root, createHash('sha1').update(key).digest('hex').slice(0, 12), safeName(job.name));
      // What an earlier window left there is read again from the sources.
      await fsp.rm(dir, { recursive: true, force: true });
      await fsp.mkdir(dir, { recursive: true });
      const imp = new JobImport(job, dir, { formats: this.options.formats(), maxCaptureRanks: this.options.maxCaptureRanks, ...(await yearOfTimes(job)) }, () => relistJob(job, this.options.patterns()));
      const entry: Entry = { dir, source: job.source, job, imp, from: foundIn.get(key)!, ticks: 0, quiet: 0 };
      this.entries.set(key, entry);
      this.schedule(entry, 0);
    }
    return this.folders();
  }

  /** The folders whose reading found the imported jobs (`sync`'s, looked at again when a search of the workspace was cut short). */
  foundIn(): string[] {
    return [...new Set([...this.entries.values()].map((e) => e.from))];
  }

  /** The imported job whose folder is `dir`. */
  private entryOf(dir: string): Entry | undefined {
    const resolved = path.resolve(dir);
    for (const e of this.entries.values()) if (e.dir === resolved) return e;
    return undefined;
  }

  /** Who wrote the `worker_<N>.log` files of `dir` (rankFileWriter.ts), as the last `sync` of it found; undefined when it had none or was not synced. */
  rankFileWriterOf(dir: string): RankFileWriter | undefined {
    return this.writers.get(path.resolve(dir));
  }

  /** Whether `dir` is the folder of an imported job. */
  isImported(dir: string): boolean {
    return this.entryOf(dir) !== undefined;
  }

  /** The files each rank of the imported job in `dir` writes while alive, by its rank log (`JobImport.liveSources`). */
  liveSources(dir: string): Map<string, string[]> | undefined {
    return this.entryOf(dir)?.imp.liveSources();
  }

  /** The folder or capture file the imported job in `dir` is read from. */
  jobSource(dir: string): string | undefined {
    return this.entryOf(dir)?.source;
  }

  /**
   * The folder of the imported job read from `file`: its capture (or its other stream's), a file
   * of its torchrun run folders, one of its task files or their batch output.
   */
  jobOfFile(file: string): string | undefined {
    const resolved = path.resolve(file);
    const reads = (job: ForeignJob): boolean => {
      if (job.kind === 'capture') return path.resolve(job.source) === resolved;
      if (job.kind === 'torchrun') return [job.source, ...(job.nodes ?? [])].some((d) => resolved.startsWith(path.resolve(d) + path.sep));
      return (job.launchers ?? []).some((f) => path.resolve(f) === resolved) || [...job.ranks.values()].some((files) => files.some((f) => path.resolve(f.path) === resolved));
    };
    for (const e of this.entries.values()) if (reads(e.job) || (e.job.otherStream && reads(e.job.otherStream.job))) return e.dir;
    return undefined;
  }

  /** Whether `file` is one of the rank logs (or the launcher's lines) of an imported job. */
  owns(file: string): boolean {
    return this.isImported(path.dirname(path.resolve(file)));
  }

  /** The launcher's lines of the imported job in `dir` (a capture's lines without a rank prefix), when it has some. */
  launcherOf(dir: string): { file: string; lines: number; batchOutput?: string[] } | undefined {
    return this.entryOf(dir)?.imp.launcherLines;
  }

  /** What the Job Log says of the launcher's lines of the imported job in `dir` (`launcherNote`), and their file; undefined when it has none. */
  launcherNoteOf(dir: string): { file: string; note: LauncherNote } | undefined {
    const e = this.entryOf(dir);
    const lines = e?.imp.launcherLines;
    const facts = e?.imp.launcherLinesFacts();
    const note = facts && launcherNote(facts, path.basename(e!.job.source), 'workerLogs.formats');
    return lines && note ? { file: lines.file, note } : undefined;
  }

  /** What names a rank of the imported job in `dir` besides its number (a pdsh host, a node's folder and local rank). */
  rankNameOf(dir: string, rank: number): string | undefined {
    return this.entryOf(dir)?.imp.rankName(rank);
  }

  /** The source line of a line of an imported rank log; undefined for any other file. */
  async sourceOf(file: string, line: number): Promise<{ path: string; line: number } | undefined> {
    const resolved = path.resolve(file);
    return this.entryOf(path.dirname(resolved))?.imp.sourceOf(resolved, line);
  }

  /** Where the rank logs' lines of the imported job in `dir` stand in its capture, when its records carry no times (`JobImport.captureOrder`). */
  /** What to say of rank `rank` of the job in `dir` its log cannot be read (`JobImport.unreadableProblem`): of the launcher's file. */
  unreadableProblemOf(dir: string, rank: number, problem: string): string {
    return this.entryOf(dir)?.imp.unreadableProblem(rank, problem) ?? problem;
  }

  captureOrderOf(dir: string): RecordOrder | undefined {
    return this.entryOf(path.resolve(dir))?.imp.captureOrder();
  }

  /** `sourceOf` of many lines, one read of a capture for all of its job's (`inTimeOrder`: `JobImport.sourcesOf`'s). */
  async sourcesOf(lines: readonly { file: string; line: number }[], options: { inTimeOrder?: boolean } = {}): Promise<({ path: string; line: number } | undefined)[]> {
    const found: ({ path: string; line: number } | undefined)[] = new Array(lines.length).fill(undefined);
    const byDir = new Map<string, number[]>();
    lines.forEach(({ file }, i) => {
      const dir = path.dirname(path.resolve(file));
      const at = byDir.get(dir);
      if (at) at.push(i);
      else byDir.set(dir, [i]);
    });
    for (const [dir, at] of byDir) {
      const imp = this.entryOf(dir)?.imp;
      if (!imp) continue;
      const sources = await imp.sourcesOf(at.map((i) => ({ file: path.resolve(lines[i].file), line: lines[i].line })), options);
      at.forEach((i, k) => (found[i] = sources[k]));
    }
    return found;
  }

  /**
   * How `file` (a file that changed) reads now as a capture, when a discovery would find a job
   * in it that is not imported yet: a capture that was too short to tell when it was created
   * (Slurm creates its output file empty), or one whose head now reads otherwise (torchrun's
   * tee labels come after srun's first lines). Undefined otherwise: no capture, the capture as
   * imported, or a file of another imported job (a torchrun stream, a task file).
   */
  async captureKey(file: string): Promise<string | undefined> {
    const resolved = path.resolve(file);
    for (const e of this.entries.values()) {
      if (e.job.kind !== 'capture' && [...e.job.ranks.values()].some((list) => list.some((src) => src.path === resolved))) return this.renumberedKey(e.job);
    }
    const job = await readCapture(resolved, this.options.formats());
    if (!job) return undefined;
    const key = keyOf(job);
    return this.entries.has(key) ? undefined : key;
  }

  /**
   * torchrun's nodes numbered in the order they started (their streams named no global rank when
   * the job was found: it had just begun), whose streams now name them in another order: the key
   * of the job as a discovery would now find it. Undefined otherwise.
   */
  private async renumberedKey(job: ForeignJob): Promise<string | undefined> {
    if (!job.nodes || job.nodesByRank) return undefined;
    // (Each of its ranks' streams grows: their nodes' are read at most every few seconds, less often for many nodes.)
    const now = Date.now();
    if (now - (this.renumberChecks.get(job) ?? -Infinity) < RENUMBER_CHECK_MS * Math.ceil(job.nodes.length / 8)) return undefined;
    this.renumberChecks.set(job, now);
    const runs = (await Promise.all(job.nodes.map((dir) => readTorchrunRun(dir)))).filter((r): r is ForeignJob => r !== undefined);
    const byRank = runs.length === job.nodes.length ? await nodesByRank(runs) : undefined;
    if (!byRank) return undefined;
    const nodes = byRank.map((r) => r.source);
    if (nodes.every((n, i) => n === job.nodes![i])) {
      // Numbered as their streams name them: settled.
      job.nodesByRank = true;
      return undefined;
    }
    const key = keyOf({ ...job, nodes });
    return this.entries.has(key) ? undefined : key;
  }

  /** Reads every job's sources now (the Refresh command; tests). */
  async updateAll(): Promise<void> {
    await Promise.all([...this.entries.values()].map((e) => this.updateEntry(e)));
  }

  private async updateEntry(entry: Entry): Promise<void> {
    try {
      const update = entry.imp.update();
      entry.busy = update;
      if (entry.ticks++ === 0) this.options.onFirstRead?.(entry, update, () => entry.imp.readFraction());
      const changed = await update;
      entry.quiet = changed ? 0 : entry.quiet + 1;
      this.tell(entry.imp.notes().map((note) => `${entry.source}: ${note}.`));
      // (Taken after each update, changed or not: a file created empty changes nothing it tells.)
      const files = entry.imp.takeWritten();
      if (changed) this.options.onUpdated?.(entry.dir, files);
    } catch (e) {
      this.error(`Reading the logs of ${entry.source}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private schedule(entry: Entry, delay: number): void {
    if (this.disposed) return;
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      const started = Date.now();
      void this.updateEntry(entry).then(() => {
        if (this.entries.get(keyOf(entry.job)) === entry) this.schedule(entry, nextReadDelay(this.options.intervalMs ?? 500, entry.quiet, Date.now() - started));
      });
    }, delay);
  }

  private stop(entry: Entry): void {
    clearTimeout(entry.timer);
    entry.timer = undefined;
  }

  dispose(): void {
    this.disposed = true;
    for (const e of this.entries.values()) {
      this.stop(e);
      e.imp.stop();
    }
    void fsp.rm(this.root, { recursive: true, force: true }).catch(() => undefined);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: string }).code === 'EPERM';
  }
}

/**
 * Removes the folders (`<base>/<pid>`) of processes that ended without cleaning up (a window
 * that crashed): the copies of other launchers' logs never pile up in the storage.
 */
export async function removeStaleImports(base: string): Promise<void> {
  const names = await fsp.readdir(base).catch(() => [] as string[]);
  for (const name of names) {
    const pid = Number(name);
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && !alive(pid)) await fsp.rm(path.join(base, name), { recursive: true, force: true }).catch(() => undefined);
  }
}
