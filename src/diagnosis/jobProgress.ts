// Each rank's last step (progress.ts) for the jobs the Workers view shows, kept current: a rank is
// read again only when its log grew, a job at most once a second, and each job's ranks are
// compared (steps behind the median). Plain Node.
import { ProgressLag, progressLag, ProgressPattern, lastProgress, RankProgress } from '../core/progress';
import { JobNode } from '../core/workerTreeModel';
import { Throttled } from './throttled';

interface RankState {
  end: number;
  reading?: RankProgress;
}

export class JobProgress {
  private readonly ranks = new Map<string, RankState>();
  private readonly lags = new Map<string, ProgressLag>();
  private readonly listeners = new Set<() => void>();
  private readonly reads: Throttled;
  private jobs: readonly JobNode[] = [];
  private disposed = false;

  constructor(
    private readonly pattern: () => ProgressPattern,
    private readonly lagSteps: () => number,
    onError: (message: string) => void,
    delayMs = 1000,
  ) {
    this.reads = new Throttled(() => this.read(), delayMs, (e) => onError(`Reading progress: ${e instanceof Error ? e.message : String(e)}`));
  }

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** The progress of the rank whose log is `path`, if its records carry a step. */
  of(path: string): ProgressLag | undefined {
    return this.lags.get(path);
  }

  /** Every rank of a job that has a reading. */
  ofJob(job: JobNode): ProgressLag[] {
    return job.ranks.map((r) => this.lags.get(r.path)).filter((p): p is ProgressLag => p !== undefined);
  }

  setModel(jobs: readonly JobNode[]): void {
    this.jobs = jobs;
    this.reads.schedule();
  }

  /** The pattern or threshold changed: read every rank again. */
  reset(): void {
    this.ranks.clear();
    this.setModel(this.jobs);
  }

  private async read(): Promise<void> {
    const pattern = this.pattern();
    const seen = new Set<string>();
    let changed = false;
    for (const job of this.jobs) {
      const readings: RankProgress[] = [];
      for (const rank of job.ranks) {
        seen.add(rank.path);
        const last = rank.sessions[rank.sessions.length - 1]?.session;
        if (!last) continue;
        const end = last.endOffset;
        let state = this.ranks.get(rank.path);
        if (!state || state.end !== end) {
          state = { end, reading: await lastProgress(rank.path, rank.rank, pattern, { offset: end, line: last.endLine + 1 }) };
          this.ranks.set(rank.path, state);
        }
        if (state.reading) readings.push(state.reading);
      }
      const withReading = new Set<string>();
      for (const lag of progressLag(readings, this.lagSteps())) {
        const path = job.ranks.find((r) => r.rank === lag.rank)?.path;
        if (!path) continue;
        withReading.add(path);
        const old = this.lags.get(path);
        if (!old || old.step !== lag.step || old.behind !== lag.behind || old.lagging !== lag.lagging) changed = true;
        this.lags.set(path, lag);
      }
      for (const rank of job.ranks) {
        if (!withReading.has(rank.path) && this.lags.delete(rank.path)) changed = true;
      }
    }
    for (const p of [...this.lags.keys()]) {
      if (!seen.has(p)) {
        this.lags.delete(p);
        this.ranks.delete(p);
        changed = true;
      }
    }
    if (changed && !this.disposed) for (const l of [...this.listeners]) l();
  }

  dispose(): void {
    this.disposed = true;
    this.reads.dispose();
    this.listeners.clear();
  }
}
