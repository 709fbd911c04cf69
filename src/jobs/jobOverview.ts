// The model every view of the jobs renders (tree, status bar, Go to Session): built from the
// job store when it changes, and on a clock while a rank is live (running -> stalled ->
// finished depends on time). No `vscode` here. A rebuild costs time in proportion to the
// ranks (about 1 s for 20,000), so changes are folded: rebuilds are spaced by a few times
// what the last one took.
import { JobNode, TreeModelOptions } from '../core/workerTreeModel';
import { JobStore } from './jobStore';

const CLOCK_MS = 5000;
/** Spacing of rebuilds after changes, as a multiple of the last rebuild's time. */
const SPACING = 4;

export class JobOverview {
  private jobs: JobNode[] = [];
  private readonly listeners = new Set<(jobs: readonly JobNode[]) => void>();
  private readonly storeSubscription: { dispose(): void };
  private readonly clock: NodeJS.Timeout;
  private pending: NodeJS.Timeout | undefined;
  private lastStart = 0;
  private lastCost = 0;

  constructor(
    private readonly store: JobStore,
    private readonly options: () => TreeModelOptions,
  ) {
    this.storeSubscription = store.onDidChange(() => this.rebuildSoon());
    this.clock = setInterval(() => {
      if (this.jobs.some((j) => j.ranks.some((r) => r.state === 'running' || r.state === 'stalled'))) this.rebuildSoon();
    }, CLOCK_MS);
  }

  get current(): readonly JobNode[] {
    return this.jobs;
  }

  onDidChange(listener: (jobs: readonly JobNode[]) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** A rebuild as soon as the last one's spacing allows; changes meanwhile fold into it. */
  private rebuildSoon(): void {
    if (this.pending) return;
    const wait = Math.max(0, this.lastStart + SPACING * this.lastCost - Date.now());
    this.pending = setTimeout(() => this.rebuild(), wait);
  }

  /** Builds the model now (settings changed, or a refresh wants it current) and tells the views. */
  rebuild(): readonly JobNode[] {
    clearTimeout(this.pending);
    this.pending = undefined;
    this.lastStart = Date.now();
    this.jobs = this.store.model(this.options());
    this.lastCost = Date.now() - this.lastStart;
    for (const l of [...this.listeners]) l(this.jobs);
    return this.jobs;
  }

  dispose(): void {
    clearInterval(this.clock);
    clearTimeout(this.pending);
    this.storeSubscription.dispose();
    this.listeners.clear();
  }
}
