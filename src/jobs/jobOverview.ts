// The model every view of the jobs renders (tree, status bar, Go to Session): built from the
// job store when it changes, and on a clock while a rank is live (running -> stalled ->
// finished depends on time). No `vscode` here.
import { JobNode, TreeModelOptions } from '../core/workerTreeModel';
import { JobStore } from './jobStore';

const CLOCK_MS = 5000;

export class JobOverview {
  private jobs: JobNode[] = [];
  private readonly listeners = new Set<(jobs: readonly JobNode[]) => void>();
  private readonly storeSubscription: { dispose(): void };
  private readonly clock: NodeJS.Timeout;

  constructor(
    private readonly store: JobStore,
    private readonly options: () => TreeModelOptions,
  ) {
    this.storeSubscription = store.onDidChange(() => this.rebuild());
    this.clock = setInterval(() => {
      if (this.jobs.some((j) => j.ranks.some((r) => r.state === 'running' || r.state === 'stalled'))) this.rebuild();
    }, CLOCK_MS);
  }

  get current(): readonly JobNode[] {
    return this.jobs;
  }

  onDidChange(listener: (jobs: readonly JobNode[]) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Builds the model now (settings changed, or the store changed) and tells the views. */
  rebuild(): readonly JobNode[] {
    this.jobs = this.store.model(this.options());
    for (const l of [...this.listeners]) l(this.jobs);
    return this.jobs;
  }

  dispose(): void {
    clearInterval(this.clock);
    this.storeSubscription.dispose();
    this.listeners.clear();
  }
}
