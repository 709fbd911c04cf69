// The jobs launched from this window: their terminals, processes and how each rank ended.
// Process states flow to the job store, so the Workers view shows exits as they happen.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LaunchPlan } from '../core/launchPlan';
import { indexFile } from '../core/fileIndex';
import { rankOfFileName } from '../core/rankDiscovery';
import { sessionEnding } from '../core/rankEnding';
import { plural } from '../core/wording';
import { DumpTarget, reachableRank, requestStackDumps } from '../core/stackDumpRequest';
import { JobStore } from '../jobs/jobStore';
import { log } from '../log';
import { appendEndingRecord } from './endingRecord';
import { RankTerminal } from './rankTerminal';

const COLORS = ['terminal.ansiGreen', 'terminal.ansiCyan', 'terminal.ansiBlue', 'terminal.ansiMagenta', 'terminal.ansiYellow', 'terminal.ansiRed'];
const SPLIT_UP_TO = 4;
/** How long ranks stuck at a stop get to write their stacks (Dump Stacks waits as long). */
const DUMP_MS = 3000;
/** How long the terminals' processes get to end once their stuck ranks were killed (a relay records the kill). */
const RELAY_MS = 3000;

export class RunningJob {
  readonly ranks: RankTerminal[] = [];
  /** Set by Stop Job: the ranks' ends are the user's doing, not failures. */
  stopping = false;
  /** Rank logs whose processes Stop Job killed (they ignored the interrupt). */
  readonly killed = new Set<string>();

  constructor(readonly plan: LaunchPlan) {}

  get alive(): boolean {
    return this.ranks.some((r) => r.process.alive);
  }

  rank(rank: number): RankTerminal | undefined {
    return this.ranks.find((r) => r.spec.rank === rank);
  }

  /** The terminal that writes a rank's log (its own, or the torchrun/srun one). */
  terminalForLog(logPath: string): RankTerminal | undefined {
    const key = path.resolve(logPath);
    return this.ranks.find((r) => r.spec.logPaths.some((p) => path.resolve(p) === key));
  }
}

export class RunningJobs implements vscode.Disposable {
  private readonly jobs = new Map<string, RunningJob>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(private readonly store: JobStore) {
    vscode.window.onDidCloseTerminal((t) => this.forgetTerminal(t), undefined, this.disposables);
  }

  get(name: string): RunningJob | undefined {
    return this.jobs.get(name);
  }

  all(): RunningJob[] {
    return [...this.jobs.values()];
  }

  /** The job whose terminal writes this log. */
  forLog(logPath: string): { job: RunningJob; terminal: RankTerminal } | undefined {
    for (const job of this.jobs.values()) {
      const terminal = job.terminalForLog(logPath);
      if (terminal) return { job, terminal };
    }
    return undefined;
  }

  start(plan: LaunchPlan): RunningJob {
    const job = new RunningJob(plan);
    this.jobs.set(plan.name, job);
    let first: vscode.Terminal | undefined;
    let previous: vscode.Terminal | undefined;
    for (const [i, spec] of plan.terminals.entries()) {
      const pty: RankTerminal = new RankTerminal(
        spec,
        (ending) => {
          log.info(`${plan.name} · ${spec.name}: ${ending.text}`);
          // Only a terminal that runs one rank knows that rank's exit code; a stopped rank did not fail.
          const known = spec.rank !== undefined && !job.stopping;
          for (const p of spec.logPaths) this.store.setProcessState(p, known ? { alive: false, exitCode: ending.code } : { alive: false, ...(job.killed.has(path.resolve(p)) ? { killedByStop: true } : {}) });
          this.changed.fire();
        },
        // Its terminal closed and it did not end on SIGTERM: its stuck ranks (torchrun's workers) too.
        async () => {
          const killed = await this.killStuck(plan.name, [pty], 'SIGTERM', 5);
          if (killed.length) void pty.process.whenEnded().then(() => this.recordKills(killed, 'SIGTERM'));
        },
      );
      job.ranks.push(pty);
      for (const p of spec.logPaths) this.store.setProcessState(p, { alive: true });
      pty.start();
      log.info(`${plan.name} · ${spec.name}: started pid ${pty.process.pid ?? '?'}: ${JSON.stringify(spec.argv)}`);
      pty.terminal = vscode.window.createTerminal({
        name: spec.name,
        pty,
        iconPath: new vscode.ThemeIcon(spec.rank !== undefined ? 'server-process' : 'server-environment'),
        color: new vscode.ThemeColor(COLORS[(spec.rank ?? i) % COLORS.length]),
        isTransient: true,
        // Small jobs split side by side, each beside the one before, so ranks read in order.
        location: previous && plan.terminals.length <= SPLIT_UP_TO ? { parentTerminal: previous } : vscode.TerminalLocation.Panel,
      });
      first ??= pty.terminal;
      previous = pty.terminal;
    }
    first?.show(true);
    this.changed.fire();
    return job;
  }

  restart(job: RunningJob, terminal: RankTerminal): void {
    if (terminal.process.alive) throw new Error(`${terminal.spec.name} is still running: stop it first.`);
    job.stopping = false;
    for (const p of terminal.spec.logPaths) job.killed.delete(path.resolve(p));
    for (const p of terminal.spec.logPaths) this.store.setProcessState(p, { alive: true });
    log.info(`${job.plan.name} · ${terminal.spec.name}: restarting`);
    terminal.restart();
    this.changed.fire();
  }

  /** Interrupts every rank, kills what is left after the grace period, then closes the terminals. */
  async stop(job: RunningJob, graceSeconds: number, report: (message: string) => void = () => undefined): Promise<void> {
    job.stopping = true;
    report(`interrupting every rank (Ctrl+C); waiting up to ${graceSeconds} s`);
    for (const r of job.ranks) r.process.signal('SIGINT');
    const all = Promise.all(job.ranks.map((r) => r.process.whenEnded()));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), graceSeconds * 1000)));
    if ((await Promise.race([all, timeout])) === 'timeout') {
      const killed = await this.killStuck(job.plan.name, job.ranks, 'the interrupt', graceSeconds, report);
      for (const p of killed) job.killed.add(path.resolve(p));
      const relayed = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), RELAY_MS));
      // What is left (a relay, torchrun): killed, and the ranks with it.
      if ((await Promise.race([all, relayed])) === 'timeout') for (const r of job.ranks) r.process.signal('SIGKILL');
      await all;
      await this.recordKills(killed, 'SIGINT');
    }
    clearTimeout(timer);
    for (const r of job.ranks) r.terminal?.dispose();
    this.jobs.delete(job.plan.name);
    this.changed.fire();
  }

  /**
   * Ranks still running after the interrupt (Stop Job), or SIGTERM (their terminal closed), are
   * stuck outside Python (a C++ collective, I/O), where no Python signal handler runs: each
   * writes its stacks into its log first (SIGUSR1: the module's faulthandler, which runs in C), so
   * the Diagnosis says where it hung; then it is killed itself, not only its terminal's process
   * (its relay, torchrun), which would leave it running and holding its GPU. The relay records
   * the kill as a stop (`ended: signal SIGKILL (after SIGINT)`).
   */
  /** Returns the logs of the ranks it killed. */
  private async killStuck(name: string, terminals: readonly RankTerminal[], asked: string, graceSeconds: number, report: (message: string) => void = () => undefined): Promise<string[]> {
    const targets: DumpTarget[] = [];
    for (const t of terminals) {
      if (!t.process.alive) continue;
      for (const p of t.spec.logPaths) {
        const rank = rankOfFileName(path.basename(p));
        const sessions = (await this.store.indexOf(p))?.snapshot().sessions;
        const target = rank !== undefined && sessions?.length ? { rank, path: p, sessionStart: sessions[sessions.length - 1].startOffset } : undefined;
        // Only ranks still running (torchrun's other workers may have ended).
        if (target && 'pid' in (await reachableRank(target))) targets.push(target);
      }
    }
    if (targets.length === 0) return [];
    report(`${plural(targets.length, 'rank')} did not answer within ${graceSeconds} s (stuck outside Python): writing their stacks into their logs, then killing them`);
    const outcome = await requestStackDumps(targets, { timeoutMs: DUMP_MS }).catch(() => undefined);
    log.warn(`${name}: ${plural(targets.length, 'rank')} ignored ${asked} for ${graceSeconds} s (stuck outside Python: a collective, I/O)${outcome?.answered.length ? `; ranks ${outcome.answered.join(', ')} wrote their stacks into their logs` : ''}; killing them.`);
    const killed: string[] = [];
    for (const target of targets) {
      const proc = await reachableRank(target);
      if ('pid' in proc) {
        try {
          process.kill(proc.pid, 'SIGKILL');
          killed.push(target.path);
        } catch {
          // ended meanwhile
        }
      }
    }
    return killed;
  }

  /**
   * The logs of ranks `killStuck` killed, once their terminals' processes ended, get the ending
   * record a relay writes (`Worker 0 ended: signal SIGKILL (after SIGINT)`) where none did
   * (torchrun's and srun's workers): read later (a reloaded window, the CLI), they show stopped,
   * not ended without a word.
   */
  private async recordKills(logs: readonly string[], asked: 'SIGINT' | 'SIGTERM'): Promise<void> {
    for (const p of logs) {
      const rank = rankOfFileName(path.basename(p));
      if (rank === undefined) continue;
      try {
        const index = await this.store.indexOf(p);
        const last = (index?.snapshot() ?? (await indexFile(p))).sessions.at(-1);
        if (last && sessionEnding(last)) continue;
        if (await appendEndingRecord(p, rank, { signal: 'SIGKILL', after: asked })) log.info(`${p}: recorded its kill (SIGKILL after ${asked}), which no relay wrote`);
      } catch (e) {
        log.warn(`${p}: could not record its kill: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }

  /** A job whose terminals the user closed, all of them, is forgotten once its processes end. */
  private forgetTerminal(t: vscode.Terminal): void {
    for (const [name, job] of this.jobs) {
      for (const r of job.ranks) if (r.terminal === t) r.terminal = undefined;
      if (!job.alive && job.ranks.every((r) => !r.terminal)) this.jobs.delete(name);
    }
    this.changed.fire();
  }

  dispose(): void {
    for (const job of this.jobs.values()) for (const r of job.ranks) r.process.signal('SIGTERM');
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
