// Whether the ranks of jobs that this window did not launch are still alive: a rank hung in a
// collective writes nothing, and another launcher's files do not say how a rank ended (torchrun
// --log-dir, a capture), so after a stall it would read as ended. A rank whose files a process
// of this machine holds open for writing is alive (core/heldOpen.ts): our module's rank holds its
// worker_<N>.log, torchrun's worker its stderr.log, a launcher the capture it writes. A job is
// looked at when it was first seen or changed since, and again every `intervalMs` while some of
// its ranks are alive; the processes found are watched every `watchMs`, and a job is looked at
// again as soon as one of its ends. Nothing is looked at where /proc is missing. No `vscode` here.
import { liveRankLogs, processRuns } from '../core/heldOpen';
import type { JobModel } from './registerJobModel';

export interface LivenessSource {
  /** The jobs' folders now. */
  dirs(): string[];
  /** The files each rank of the job in `dir` writes while alive, by its rank log (its log itself; `JobImport.liveSources`). */
  liveSources(dir: string): Map<string, string[]> | undefined;
}

export interface LivenessTiming {
  /** Between two looks at the jobs with live ranks (a /proc walk each). */
  intervalMs?: number;
  /** Between two checks that the processes found still run (one file of /proc each). */
  watchMs?: number;
  /** A job looked at for the first time waits this long (its first reading's writes come together). */
  firstLookMs?: number;
}

export class JobLiveness {
  /** Jobs that wrote since they were last looked at. */
  private readonly changed = new Set<string>();
  /** The rank logs found alive, by job, with the processes that write their files. */
  private readonly alive = new Map<string, Map<string, number[]>>();
  /** Jobs looked at once. */
  private readonly looked = new Set<string>();
  private readonly timers: NodeJS.Timeout[];
  private soon: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private watching = false;
  private unsupported = false;
  private disposed = false;
  private readonly firstLookMs: number;

  constructor(
    private readonly jobs: LivenessSource,
    /** A rank log's rank is alive, or no longer. */
    private readonly onAlive: (rankLog: string, alive: boolean) => void,
    timing: LivenessTiming = {},
  ) {
    this.firstLookMs = timing.firstLookMs ?? 1_000;
    // (A look that fails, /proc changing under it, leaves the states as they were until the next.)
    this.timers = [setInterval(() => void this.probe().catch(() => undefined), timing.intervalMs ?? 15_000), setInterval(() => void this.watch().catch(() => undefined), timing.watchMs ?? 1_000)];
  }

  /** The job in `dir` was seen or changed: it is looked at next time (soon, the first time). */
  wrote(dir: string): void {
    if (this.unsupported || this.disposed) return;
    const first = !this.looked.has(dir) && !this.changed.has(dir);
    this.changed.add(dir);
    if (first && !this.soon) {
      this.soon = setTimeout(() => {
        this.soon = undefined;
        void this.probe().catch(() => undefined);
      }, this.firstLookMs);
    }
  }

  /** Looks at the jobs that wrote since or have ranks alive; resolves when done (one look at a time). */
  probe(): Promise<void> {
    this.running ??= this.look().finally(() => (this.running = undefined));
    return this.running;
  }

  /** Whether a process found writing a rank's files has ended since: then the jobs are looked at again. */
  private async watch(): Promise<void> {
    if (this.watching || this.running || this.alive.size === 0) return;
    this.watching = true;
    try {
      const pids = new Set([...this.alive.values()].flatMap((logs) => [...logs.values()].flat()));
      const runs = await Promise.all([...pids].map((pid) => processRuns(pid)));
      if (runs.includes(false)) await this.probe();
    } finally {
      this.watching = false;
    }
  }

  private async look(): Promise<void> {
    if (this.unsupported || this.disposed) return;
    const current = new Set(this.jobs.dirs());
    // A job gone from the view (its folder removed) is no longer alive: said, so that it does not
    // come back so with its folder.
    for (const [dir, logs] of [...this.alive]) {
      if (current.has(dir)) continue;
      this.alive.delete(dir);
      for (const log of logs.keys()) this.onAlive(log, false);
    }
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
      const before = this.alive.get(dir) ?? new Map<string, number[]>();
      const now = new Map([...live].filter(([log]) => jobOf.get(log) === dir));
      for (const log of now.keys()) if (!before.has(log)) this.onAlive(log, true);
      for (const log of before.keys()) if (!now.has(log)) this.onAlive(log, false);
      if (now.size > 0) this.alive.set(dir, now);
      else this.alive.delete(dir);
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const t of this.timers) clearInterval(t);
    clearTimeout(this.soon);
  }
}

/** The jobs of the model (ours and other launchers'), watched: the store hears which ranks are alive. */
export function watchJobLiveness(
  { store, overview }: JobModel,
  imports: { liveSources(dir: string): Map<string, string[]> | undefined },
): { dispose(): void } {
  const liveness = new JobLiveness(
    {
      dirs: () => overview.current.map((j) => j.dir),
      liveSources: (dir) => imports.liveSources(dir) ?? new Map(overview.current.find((j) => j.dir === dir)?.ranks.map((r) => [r.path, [r.path]])),
    },
    (rankLog, alive) => store.setWriting(rankLog, alive),
  );
  const seen = overview.onDidChange((jobs) => {
    for (const j of jobs) liveness.wrote(j.dir);
  });
  for (const j of overview.current) liveness.wrote(j.dir);
  return {
    dispose: () => {
      seen.dispose();
      liveness.dispose();
    },
  };
}
