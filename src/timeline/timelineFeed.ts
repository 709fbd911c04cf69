// Feeds a webview the Job Timeline of one job folder: built from the job model when it changed
// (an append, a rank's state, a new rank, a progress reading), lane by lane: a lane whose rank
// did not change is neither built nor sent again, so a live 1,024-rank job costs one lane per
// append. Everything is sent again when the webview (re)loads. Nothing is read from disk but
// the last bytes of a session whose last stretch spans a while (`sessionTailGap`): where it fell
// silent (a hang before a timeout), once for each session as it is, and its lane built again.
import * as path from 'node:path';
import { ProgressLag } from '../core/progress';
import { assembleTimeline, buildLane, labelText, laneSignature, RankStack, WaitedFor } from '../core/timeline';
import { Checkpoint, sessionStartTime } from '../core/indexModel';
import { LaneGaps, SessionGap, sessionTailGap, slowStretches, stretchGap } from '../core/sessionGaps';
import { RankNode } from '../core/workerTreeModel';
import { formatClockMs } from '../core/timestamps';
import { findRecordAtOrBefore, MomentHit } from '../core/timeLookup';
import { JobNode } from '../core/workerTreeModel';
import { JobOverview } from '../jobs/jobOverview';
import { JobStore } from '../jobs/jobStore';
import { log } from '../log';
import { HostMessage } from '../shared/jobLogProtocol';
import { TimelineLane } from '../shared/timelineModel';

/** Where the ranks' progress comes from (the diagnosis' reader, once it is registered). */
export interface ProgressSource {
  of(path: string): ProgressLag | undefined;
  /** The ranks of the job in `dir` the others waited for (the diagnosis' stragglers of a collective timeout), and those that waited (`until` their timeout). */
  waitedFor?(dir: string, rank: number): WaitedFor | undefined;
  /** Where a rank's latest stack dump says it was (the diagnosis' stack groups). */
  stackOf?(dir: string, rank: number): RankStack | undefined;
  onDidChange(listener: () => void): { dispose(): void };
}

/** Changes folded into one send (the model's rebuilds are already spaced by their cost). */
const FOLD_MS = 0;
/** A session's last stretch (from its last checkpoint) shorter than this is drawn as it is: a silence in it is no wider than a few pixels' worth of a job. */
const GAP_SPAN_MS = 30_000;
/** Sessions' ends read at once. */
const GAP_READS = 4;
/** Lanes whose gaps were read are sent at most this often. */
const GAP_SEND_MS = 250;
/** Sessions' gaps kept (a key per session as it is); past this many, all are forgotten. */
const GAPS_KEPT = 20_000;

export class TimelineFeed {
  private readonly lanes = new Map<string, { signature: string; lane: TimelineLane }>();
  /** The webview holds every lane (after a full send), so updates can carry only changed ones. */
  private complete = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly subscriptions: { dispose(): void }[] = [];
  private progressSubscription: { dispose(): void } | undefined;
  private progress: ProgressSource | undefined;
  /** Sessions' gaps read (null: none), by `gapKey`; and those waiting to be read, or being read. */
  private readonly gaps = new Map<string, SessionGap | null>();
  private readonly gapQueue: { key: string; path: string; run: () => Promise<SessionGap | undefined> }[] = [];
  private readonly gapsAsked = new Set<string>();
  private gapReads = 0;
  private gapSend: NodeJS.Timeout | undefined;
  private disposed = false;

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

  /** Sends every lane (`full`: the webview loaded), else the lanes that changed, if any. */
  send(full = true): void {
    try {
      const job = this.job();
      if (!job) {
        this.lanes.clear();
        this.complete = true;
        this.post({ type: 'timeline', data: { title: path.basename(this.dir), lanes: [], attempts: [], untimed: [] } });
        return;
      }
      const files = new Map(this.store.siblings(path.join(this.dir, 'worker_0.log')).map((s) => [s.path, s.index]));
      const lanes: TimelineLane[] = [];
      const changed: TimelineLane[] = [];
      const seen = new Set<string>();
      for (const rank of job.ranks) {
        const index = files.get(rank.path);
        const progress = this.progress?.of(rank.path);
        const waited = this.progress?.waitedFor?.(job.dir, rank.rank);
        const stack = this.progress?.stackOf?.(job.dir, rank.rank);
        const signature = laneSignature(rank, job, index?.generation, progress, waited, stack);
        let entry = this.lanes.get(rank.path);
        if (!entry || entry.signature !== signature) {
          const checkpoints = index?.checkpointsNow() ?? [];
          entry = { signature, lane: buildLane(rank, job, checkpoints, progress, waited, this.gapsOf(rank, index?.generation ?? 0, checkpoints), stack) };
          this.lanes.set(rank.path, entry);
          changed.push(entry.lane);
        }
        lanes.push(entry.lane);
        seen.add(rank.path);
      }
      let removed = false;
      for (const p of [...this.lanes.keys()]) {
        if (seen.has(p)) continue;
        this.lanes.delete(p);
        removed = true;
      }
      const data = assembleTimeline(job, lanes);
      if (full || !this.complete) {
        this.complete = true;
        this.post({ type: 'timeline', data });
      } else if (changed.length > 0 || removed) {
        const { lanes: all, ...frame } = data;
        this.post({ type: 'timelineLanes', frame: { ...frame, ranks: all.map((l) => l.rank) }, lanes: changed });
      }
    } catch (e) {
      log.error(`Job Timeline of ${this.dir}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /**
   * The gaps known of `rank`'s ended sessions whose last stretch (from their last checkpoint, or
   * their start) spans GAP_SPAN_MS or more, and of its slow stretches (`slowStretches`); those not
   * known yet are read, and the rank's lane built again once they are. The session a running rank
   * still writes is left as it is (each append would read it again), but for its slow stretches.
   */
  private gapsOf(rank: RankNode, generation: number, checkpoints: readonly Checkpoint[]): LaneGaps {
    const ends = new Map<number, SessionGap>();
    const stretches = new Map<number, SessionGap>();
    const ask = (key: string, into: Map<number, SessionGap>, at: number, run: () => Promise<SessionGap | undefined>): void => {
      const gap = this.gaps.get(key);
      if (gap) into.set(at, gap);
      if (gap !== undefined || this.gapsAsked.has(key)) return;
      this.gapsAsked.add(key);
      this.gapQueue.push({ key, path: rank.path, run });
    };
    const sessions = rank.sessions.map((n) => n.session);
    // (Checkpoints and sessions both in file order: one pass over each.)
    let c = 0;
    sessions.forEach((s, i) => {
      let stretch = sessionStartTime(s);
      while (c < checkpoints.length && checkpoints[c].line < s.startLine) c++;
      for (; c < checkpoints.length && checkpoints[c].offset < s.endOffset; c++) stretch = Math.max(stretch ?? -Infinity, checkpoints[c].time);
      if (i === sessions.length - 1 && rank.state === 'running') return;
      if (stretch === undefined || s.lastTime === undefined || s.lastTime - stretch < GAP_SPAN_MS) return;
      ask(`${rank.path}\0${generation}\0${s.index}\0${s.endOffset}`, ends, s.index, () => sessionTailGap(rank.path, s, checkpoints));
    });
    for (const [from, to] of slowStretches(sessions, checkpoints, GAP_SPAN_MS)) ask(`${rank.path}\0${generation}\0@${from.offset}\0${to.offset}`, stretches, from.offset, () => stretchGap(rank.path, from, to));
    this.readGaps();
    return { ends, stretches };
  }

  /** Reads the queued sessions' ends, GAP_READS at a time; each rank whose gap is read is built again. */
  private readGaps(): void {
    while (this.gapReads < GAP_READS && this.gapQueue.length > 0 && !this.disposed) {
      const { key, path: file, run } = this.gapQueue.shift()!;
      this.gapReads++;
      void run()
        .then((gap) => {
          if (this.gaps.size >= GAPS_KEPT) this.gaps.clear();
          this.gaps.set(key, gap ?? null);
          this.gapsAsked.delete(key);
          if (gap && !this.disposed) {
            this.lanes.delete(file);
            // (Lanes read one after another are sent together: the webview sums every lane's points for each send.)
            this.gapSend ??= setTimeout(() => {
              this.gapSend = undefined;
              this.soon();
            }, GAP_SEND_MS);
          }
        })
        .catch((e) => log.warn(`Job Timeline: reading where ${file} fell silent: ${e instanceof Error ? e.message : String(e)}`))
        .finally(() => {
          this.gapReads--;
          this.readGaps();
        });
    }
  }

  /** The record `rank` wrote last at or before `time`, read from the checkpoint before it (at most 2 MiB). */
  private async hitAt(rank: number, time: number): Promise<MomentHit | undefined> {
    const entry = this.store.siblings(path.join(this.dir, 'worker_0.log')).find((s) => s.rank === rank);
    if (!entry) return undefined;
    try {
      return await findRecordAtOrBefore(entry.path, entry.index.checkpointsNow().slice(), time, { maxBytes: 2 * 1024 * 1024 });
    } catch (e) {
      log.warn(`Job Timeline: reading rank ${rank} at a moment: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  }

  /** What the pointer rests on, sent to the webview as text. */
  async recordAt(rank: number, time: number): Promise<void> {
    const hit = await this.hitAt(rank, time);
    const text = hit && `${formatClockMs(hit.time)} ${hit.level} ${labelText(hit.message, 200)} (line ${hit.line + 1})`;
    this.post({ type: 'timelineRecord', rank, time, text });
  }

  /** The line of the record `rank` wrote last at or before `time`, if any. */
  async lineAt(rank: number, time: number): Promise<number | undefined> {
    return (await this.hitAt(rank, time))?.line;
  }

  dispose(): void {
    this.disposed = true;
    this.gapQueue.length = 0;
    clearTimeout(this.gapSend);
    clearTimeout(this.timer);
    this.progressSubscription?.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
