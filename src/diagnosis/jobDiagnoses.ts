// The diagnosis of each job the Workers view shows, kept current as its logs grow: each rank's
// log is read for collective facts and stack dumps from where the last read stopped (a file that
// shrank is read again from its start), then `diagnose` runs over the job. Only jobs that need
// one are read: a failed, stalled or quiet rank, a stack dump, or a dump request. Plain Node.
import { promises as fsp } from 'node:fs';
import { appendScan, diagnoseJob, Diagnosis, QuietRanks, quietRanks, RankScan, scanRankLog } from '../core/diagnosis';
import { DumpRequestOutcome } from '../core/diagnosisTree';
import { ProgressLag } from '../core/progress';
import { StackDump } from '../core/stackDumps';
import { JobNode } from '../core/workerTreeModel';
import { Throttled } from './throttled';

interface JobState {
  files: Map<string, RankScan>;
  diagnosis?: Diagnosis;
  dumps?: DumpRequestOutcome;
  /** Stacks of the last request read by py-spy (not in the logs). */
  external: StackDump[];
  node?: JobNode;
  /** The ranks quiet when their stacks were last asked for, and each one's last record's time then (see `stillQuiet`). */
  quietAtDump?: { quiet: QuietRanks; lastActivity: Map<number, number | undefined> };
  reads: Throttled;
}

export interface JobDiagnosis {
  diagnosis: Diagnosis;
  dumps?: DumpRequestOutcome;
}

/**
 * A job worth reading for a diagnosis: a rank failed or stalls, or is alive but quiet, or dumped
 * its stacks, or was stopped (Ctrl+C on a hung job: its `KeyboardInterrupt` traceback says where it was);
 * or it failed in an earlier attempt, which a restart then ran past (why it failed is still asked).
 */
export function needsDiagnosis(job: JobNode): boolean {
  return job.firstFailure !== undefined || job.ranks.some((r) => r.state === 'failed' || r.state === 'stalled' || r.quietSinceMs !== undefined || r.stopped === true || r.sessions.some((s) => (s.session.stackDumps?.length ?? 0) > 0));
}

/** The job's ranks alive but silent, as its model tells (`RankNode.quietSinceMs`). */
function quietOf(job: JobNode): QuietRanks | undefined {
  return quietRanks(job.ranks.map((r) => ({ rank: r.rank, running: r.state === 'running', quietSinceMs: r.quietSinceMs })));
}

/**
 * The ranks that were quiet when their stacks were asked for, while none of them logged a record
 * since and all still run: a stack dump written into a log changes the file, not what its rank does
 * (its lines are no record), so a hung job stays hung once it has said where it is.
 */
function stillQuiet(job: JobNode, at: NonNullable<JobState['quietAtDump']>): QuietRanks | undefined {
  const ranks = new Map(job.summary.ranks.map((r) => [r.rank, r]));
  const same = at.quiet.ranks.every((rank) => {
    const r = ranks.get(rank);
    return r !== undefined && r.state === 'running' && r.lastActivity === at.lastActivity.get(rank);
  });
  return same ? at.quiet : undefined;
}

/** The job's quiet ranks now: those quiet since before their stacks were dumped (`stillQuiet`), else as the model tells. */
function currentQuiet(job: JobNode, state: JobState): QuietRanks | undefined {
  const kept = state.quietAtDump && stillQuiet(job, state.quietAtDump);
  if (kept) return kept;
  state.quietAtDump = undefined;
  return quietOf(job);
}

export class JobDiagnoses {
  private readonly jobs = new Map<string, JobState>();
  private readonly listeners = new Set<(dir: string) => void>();
  private disposed = false;

  constructor(
    private readonly onError: (message: string) => void,
    private readonly delayMs = 300,
    /** Each rank's step and lag, when known: a rank behind the others is a finding too. */
    private readonly progressOf: (job: JobNode) => ProgressLag[] = () => [],
  ) {}

  onDidChange(listener: (dir: string) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  get(dir: string): JobDiagnosis | undefined {
    const state = this.jobs.get(dir);
    return state?.diagnosis ? { diagnosis: state.diagnosis, dumps: state.dumps } : undefined;
  }

  /** The jobs of the current model: read again those that need it; forget the ones gone. */
  setModel(jobs: readonly JobNode[]): void {
    const dirs = new Set(jobs.map((j) => j.dir));
    for (const [dir, state] of this.jobs) {
      if (!dirs.has(dir)) {
        state.reads.dispose();
        this.jobs.delete(dir);
      }
    }
    for (const job of jobs) {
      if (!this.jobs.has(job.dir) && !needsDiagnosis(job) && !this.progressOf(job).some((p) => p.lagging)) continue;
      const state = this.stateOf(job.dir);
      state.node = job;
      state.reads.schedule();
    }
  }

  private stateOf(dir: string): JobState {
    let state = this.jobs.get(dir);
    if (!state) {
      const created: JobState = { files: new Map(), external: [], reads: new Throttled(() => this.read(dir, created), this.delayMs, (e) => this.onError(`Diagnosing ${dir}: ${e instanceof Error ? e.message : String(e)}`)) };
      state = created;
      this.jobs.set(dir, state);
    }
    return state;
  }

  /** Reads the job now (after a dump request, say) and resolves when its diagnosis is current. */
  async refresh(job: JobNode, dumps?: DumpRequestOutcome, external: StackDump[] = []): Promise<JobDiagnosis | undefined> {
    const state = this.stateOf(job.dir);
    state.node = job;
    if (dumps) {
      state.dumps = dumps;
      state.external = external;
      state.diagnosis = undefined;
      // (A second request soon after the first finds the files changed by the first's dumps.)
      const quiet = currentQuiet(job, state);
      state.quietAtDump = quiet && { quiet, lastActivity: new Map(job.summary.ranks.map((r) => [r.rank, r.lastActivity])) };
    }
    await state.reads.now();
    return this.get(job.dir);
  }

  private async read(dir: string, state: JobState): Promise<void> {
    const job = state.node;
    if (!job) return;
    const wanted = new Set(job.ranks.map((r) => r.path));
    for (const p of [...state.files.keys()]) {
      if (!wanted.has(p)) state.files.delete(p);
    }
    for (const rank of job.ranks) {
      let size: number;
      try {
        size = (await fsp.stat(rank.path)).size;
      } catch {
        size = -1;
      }
      let scan = state.files.get(rank.path);
      if (scan && (size < scan.end || scan.rank !== rank.rank)) scan = undefined;
      if (scan && size === scan.end) continue;
      const next = await scanRankLog(rank.path, rank.rank, scan ? { from: scan.end, line: scan.lines, lastTime: scan.lastTime, completeLinesOnly: true } : { completeLinesOnly: true });
      if (scan) appendScan(scan, next);
      else state.files.set(rank.path, next);
    }
    // The summary (first failure, states) changes without the files growing: diagnose each time.
    const scans = job.ranks.map((r) => state.files.get(r.path)).filter((s): s is RankScan => s !== undefined);
    const quiet = currentQuiet(job, state);
    const diagnosis = await diagnoseJob({ summary: job.summary, scans, extraDumps: state.external, progress: this.progressOf(job), ...(quiet ? { quiet } : {}) });
    if (this.disposed) return;
    const changed = JSON.stringify(diagnosis) !== JSON.stringify(state.diagnosis);
    state.diagnosis = diagnosis;
    if (changed) for (const l of [...this.listeners]) l(dir);
  }

  dispose(): void {
    this.disposed = true;
    for (const state of this.jobs.values()) state.reads.dispose();
    this.listeners.clear();
  }
}
