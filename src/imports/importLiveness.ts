// Whether the ranks of jobs read from another launcher's logs are still alive: their files do
// not say how a rank ended (torchrun --log-dir, a capture), so a rank hung in a collective,
// quiet for minutes, would read as ended. A rank whose files a process holds open for writing
// is alive (core/heldOpen.ts). Looked at for a job when it was first read or wrote since, and
// again every `intervalMs` while some of its ranks are alive; not at all where /proc is missing.
// No `vscode` here.
import { liveRankLogs } from '../core/heldOpen';

export interface LivenessSource {
  /** The imported jobs' folders now. */
  dirs(): string[];
  /** The files each rank of the job in `dir` writes while alive, by its rank log (`JobImport.liveSources`). */
  liveSources(dir: string): Map<string, string[]> | undefined;
}

export class ImportLiveness {
  /** Jobs that wrote since they were last looked at. */
  private readonly changed = new Set<string>();
  /** The rank logs found alive, by job. */
  private readonly alive = new Map<string, Set<string>>();
  /** Jobs looked at once. */
  private readonly looked = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private soon: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private unsupported = false;
  private disposed = false;

  constructor(
    private readonly jobs: LivenessSource,
    /** A rank log's rank is alive, or no longer. */
    private readonly onAlive: (rankLog: string, alive: boolean) => void,
    intervalMs = 15_000,
    /** A job looked at for the first time waits this long (its first reading's writes come together). */
    private readonly firstLookMs = 1_000,
  ) {
    this.timer = setInterval(() => void this.probe(), intervalMs);
  }

  /** The job in `dir` wrote: it is looked at next time (soon, the first time). */
  wrote(dir: string): void {
    if (this.unsupported || this.disposed) return;
    const first = !this.looked.has(dir) && !this.changed.has(dir);
    this.changed.add(dir);
    if (first && !this.soon) {
      this.soon = setTimeout(() => {
        this.soon = undefined;
        void this.probe();
      }, this.firstLookMs);
    }
  }

  /** Looks at the jobs that wrote since or have ranks alive; resolves when done (one look at a time). */
  probe(): Promise<void> {
    this.running ??= this.look().finally(() => (this.running = undefined));
    return this.running;
  }

  private async look(): Promise<void> {
    if (this.unsupported || this.disposed) return;
    const current = new Set(this.jobs.dirs());
    for (const dir of [...this.alive.keys()]) if (!current.has(dir)) this.alive.delete(dir);
    for (const dir of [...this.looked]) if (!current.has(dir)) this.looked.delete(dir);
    const dirs = [...new Set([...this.changed, ...this.alive.keys()])].filter((d) => current.has(d));
    this.changed.clear();
    if (dirs.length === 0) return;
    const sources = new Map<string, string[]>();
    const jobOf = new Map<string, string>();
    for (const dir of dirs) {
      this.looked.add(dir);
      for (const [log, files] of this.jobs.liveSources(dir) ?? []) {
        sources.set(log, files);
        jobOf.set(log, dir);
      }
    }
    const live = await liveRankLogs(sources);
    if (this.disposed) return;
    if (!live) {
      this.unsupported = true;
      return;
    }
    for (const dir of dirs) {
      const before = this.alive.get(dir) ?? new Set<string>();
      const now = new Set([...live].filter((log) => jobOf.get(log) === dir));
      for (const log of now) if (!before.has(log)) this.onAlive(log, true);
      for (const log of before) if (!now.has(log)) this.onAlive(log, false);
      if (now.size > 0) this.alive.set(dir, now);
      else this.alive.delete(dir);
    }
  }

  dispose(): void {
    this.disposed = true;
    clearInterval(this.timer);
    clearTimeout(this.soon);
  }
}
