// Feeds a webview the Job Timeline of one job folder: built from the job model when it changed
// (an append, a rank's state, a new rank, a progress reading), and sent again when the webview
// (re)loads. Nothing is read from disk: the model and the indexes' checkpoints hold it all.
import * as path from 'node:path';
import { ProgressLag } from '../core/progress';
import { buildTimeline } from '../core/timeline';
import { JobNode } from '../core/workerTreeModel';
import { JobOverview } from '../jobs/jobOverview';
import { JobStore } from '../jobs/jobStore';
import { log } from '../log';
import { HostMessage } from '../shared/jobLogProtocol';

/** Where the ranks' progress comes from (the diagnosis' reader, once it is registered). */
export interface ProgressSource {
  of(path: string): ProgressLag | undefined;
  onDidChange(listener: () => void): { dispose(): void };
}

/** Changes folded into one send: a burst of appends costs one build. */
const FOLD_MS = 40;

export class TimelineFeed {
  private signature = '';
  private timer: NodeJS.Timeout | undefined;
  private readonly subscriptions: { dispose(): void }[] = [];
  private progressSubscription: { dispose(): void } | undefined;
  private progress: ProgressSource | undefined;

  constructor(
    readonly dir: string,
    private readonly store: JobStore,
    private readonly overview: JobOverview,
    private readonly post: (m: HostMessage) => void,
  ) {
    this.subscriptions.push(overview.onDidChange(() => this.soon()));
  }

  useProgress(source: ProgressSource | undefined): void {
    this.progressSubscription?.dispose();
    this.progress = source;
    this.progressSubscription = source?.onDidChange(() => this.soon());
  }

  job(): JobNode | undefined {
    return this.overview.current.find((j) => path.resolve(j.dir) === path.resolve(this.dir));
  }

  private soon(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.send(false);
    }, FOLD_MS);
  }

  /** What the lanes depend on: a change of any of it means a new timeline. */
  private signatureOf(job: JobNode | undefined, files: Map<string, { generation: number; bytes: number; mtimeMs: number }>): string {
    if (!job) return 'none';
    const parts = [job.firstFailure ? `${job.firstFailure.rank}@${job.firstFailure.record.line}` : '', String(job.summary.attempts.length)];
    for (const r of job.ranks) {
      const f = files.get(r.path);
      const p = this.progress?.of(r.path);
      parts.push(`${r.rank}:${r.state}:${f?.generation}:${f?.bytes}:${r.sessions.length}:${p ? `${p.step}/${p.behind}/${p.lagging}` : ''}`);
    }
    return parts.join('|');
  }

  /** Sends the timeline; unless `force`, only when it changed since the last send. */
  send(force = true): void {
    try {
      const job = this.job();
      const siblings = this.store.siblings(path.join(this.dir, 'worker_0.log'));
      const snapshots = new Map(siblings.map((s) => [s.path, s.index.snapshot()]));
      const signature = this.signatureOf(job, snapshots);
      if (!force && signature === this.signature) return;
      this.signature = signature;
      if (!job) {
        this.post({ type: 'timeline', data: { title: path.basename(this.dir), lanes: [], attempts: [], untimed: [] } });
        return;
      }
      const data = buildTimeline({ job, checkpoints: (p) => snapshots.get(p)?.checkpoints ?? [], progress: (p) => this.progress?.of(p) });
      this.post({ type: 'timeline', data });
    } catch (e) {
      log.error(`Job Timeline of ${this.dir}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.progressSubscription?.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
