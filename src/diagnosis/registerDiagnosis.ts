// The diagnosis in the editor: a Diagnosis item heading each job folder that has something to
// say (kept current by JobDiagnoses), and "Worker Logs: Dump Stacks of All Ranks", which
// signals the job's live ranks, waits for their stack dumps and shows them grouped by call path.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { inBackground } from '../background';
import { DiagnosisNode, diagnosisNode, DumpRequestOutcome } from '../core/diagnosisTree';
import { StackDump } from '../core/stackDumps';
import { JobNode, WorkerTreeNode } from '../core/workerTreeModel';
import { plural, ranksLabel } from '../core/wording';
import { JobModel } from '../jobs/registerJobModel';
import { log } from '../log';
import { registerCommand } from '../registerCommand';
import { WorkersView } from '../tree/registerWorkersView';
import { JobDiagnosis, JobDiagnoses } from './jobDiagnoses';
import { compileProgressPattern, DEFAULT_LAG_STEPS, ProgressPattern } from '../core/progress';
import { JobProgress } from './jobProgress';
import type { Diagnosis } from '../core/diagnosis';
import { RankStack, rankStacks, WaitedFor, waitedForRanks, waitingRanks } from '../core/timeline';
import type { ProgressSource } from '../timeline/timelineFeed';
import { findPySpy, jobScopeOf, withPySpy } from '../core/pySpy';
import { NO_INIT_RECORD, requestStackDumps } from '../core/stackDumpRequest';
import { guardRegExps } from '../regexpGuard';

export interface DiagnosisApi {
  readonly diagnoses: JobDiagnoses;
  readonly progress: JobProgress;
  /** What the timelines draw of the diagnosis: each rank's progress, and the ranks the others waited for. */
  readonly timeline: ProgressSource;
}

/** The ranks each diagnosis names as waited for (`waitedForRanks`) and those that waited (`waitingRanks`), read once a diagnosis. */
const waitedByDiagnosis = new WeakMap<Diagnosis, Map<number, WaitedFor>>();

/** Each diagnosis' ranks' latest dumps (`rankStacks`), read once a diagnosis. */
const stacksByDiagnosis = new WeakMap<Diagnosis, Map<number, RankStack>>();

/** The timelines' source: `progress`, and the ranks the diagnoses say the others waited for; changes of either. */
function timelineSource(progress: JobProgress, diagnoses: JobDiagnoses): ProgressSource {
  return {
    of: (p) => progress.of(p),
    waitedFor: (dir, rank) => {
      const d = diagnoses.get(dir)?.diagnosis;
      if (!d) return undefined;
      let waited = waitedByDiagnosis.get(d);
      // The stragglers, and the ranks that waited for them in a collective until it timed out.
      if (!waited) waitedByDiagnosis.set(d, (waited = new Map([...waitingRanks(d), ...waitedForRanks(d)])));
      return waited.get(rank);
    },
    stackOf: (dir, rank) => {
      const d = diagnoses.get(dir)?.diagnosis;
      if (!d || d.stackGroups.length === 0) return undefined;
      let stacks = stacksByDiagnosis.get(d);
      if (!stacks) stacksByDiagnosis.set(d, (stacks = rankStacks(d)));
      return stacks.get(rank);
    },
    onDidChange: (listener) => {
      const a = progress.onDidChange(listener);
      const b = diagnoses.onDidChange(() => listener());
      return { dispose: () => (a.dispose(), b.dispose()) };
    },
  };
}

/**
 * A frame's file as a path that exists: as written, else against the job's folder, its parent or
 * a workspace folder. Answers are kept: the Diagnosis is drawn again on every change of the model.
 */
function sourceResolver(dir: string): (file: string) => string | undefined {
  const cache = new Map<string, string | undefined>();
  return (file) => {
    if (cache.has(file)) return cache.get(file);
    const bases = [dir, path.dirname(dir), ...(vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath)];
    const candidates = path.isAbsolute(file) ? [file] : bases.map((b) => path.join(b, file));
    const found = candidates.find((c) => {
      try {
        return fs.statSync(c).isFile();
      } catch {
        return false;
      }
    });
    cache.set(file, found);
    return found;
  };
}

export function registerDiagnosis(
  context: vscode.ExtensionContext,
  { overview, inUse }: JobModel,
  workers: WorkersView,
  /** Jobs read from another launcher's logs: where each was read from. */
  imports: { jobSource(dir: string): string | undefined },
): DiagnosisApi {
  // The step counter of each rank, read with the pattern of the settings (a bad one is named once
  // and the built-in pattern is used).
  let pattern: ProgressPattern = compileProgressPattern(undefined) as ProgressPattern;
  const readPattern = (): void => {
    const source = vscode.workspace.getConfiguration('workerLogs').get<string>('progressPattern');
    if (source?.trim()) guardRegExps();
    const compiled = compileProgressPattern(source);
    if ('error' in compiled) {
      pattern = compileProgressPattern(undefined) as ProgressPattern;
      void vscode.window.showWarningMessage(`${compiled.error}. The built-in step pattern is used until it is fixed.`, 'Open Settings').then((c) => c && vscode.commands.executeCommand('workbench.action.openSettings', 'workerLogs.progressPattern'));
    } else pattern = compiled;
  };
  readPattern();
  const progress = new JobProgress(
    () => pattern,
    () => vscode.workspace.getConfiguration('workerLogs').get<number>('progressLagSteps') ?? DEFAULT_LAG_STEPS,
    (message) => log.warn(message),
  );
  const diagnoses = new JobDiagnoses((message) => log.warn(message), undefined, (job) => progress.ofJob(job));
  context.subscriptions.push(diagnoses, progress);
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('workerLogs.progressPattern')) readPattern();
      if (e.affectsConfiguration('workerLogs.progressPattern') || e.affectsConfiguration('workerLogs.progressLagSteps')) progress.reset();
    }),
  );
  context.subscriptions.push(
    progress.onDidChange(() => {
      workers.provider.setProgress((p) => progress.of(p));
      diagnoses.setModel(overview.current);
  progress.setModel(overview.current);
    }),
  );

  // Each job's Diagnosis item, built again only when its diagnosis changed (the model changes
  // far more often: every append of a running job).
  const built = new Map<string, { from: JobDiagnosis; node: DiagnosisNode | undefined; resolve: (file: string) => string | undefined }>();
  const render = (): void => {
    const nodes = new Map<string, DiagnosisNode>();
    let changed = false;
    const dirs = new Set(overview.current.map((j) => j.dir));
    for (const dir of [...built.keys()]) {
      if (!dirs.has(dir)) {
        built.delete(dir);
        changed = true;
      }
    }
    for (const job of overview.current) {
      const d = diagnoses.get(job.dir);
      let entry = built.get(job.dir);
      if (!d) {
        if (entry) built.delete(job.dir);
        changed ||= entry !== undefined;
        continue;
      }
      if (!entry || entry.from.diagnosis !== d.diagnosis || entry.from.dumps !== d.dumps) {
        const resolve = entry?.resolve ?? sourceResolver(job.dir);
        entry = { from: d, node: diagnosisNode(job.dir, d.diagnosis, { dumps: d.dumps, resolveSource: resolve }), resolve };
        built.set(job.dir, entry);
        changed = true;
      }
      if (entry.node) nodes.set(job.dir, entry.node);
    }
    if (changed) workers.provider.setDiagnoses(nodes);
  };
  context.subscriptions.push(diagnoses.onDidChange(render));
  context.subscriptions.push(
    overview.onDidChange((jobs) => {
      diagnoses.setModel(jobs);
      progress.setModel(jobs);
      render();
    }),
  );
  diagnoses.setModel(overview.current);

  async function pickJob(arg: unknown): Promise<JobNode | undefined> {
    const jobs = overview.current.filter((j) => j.ranks.length > 0);
    let dir: string | undefined;
    if (typeof arg === 'string') dir = arg;
    else if (arg && typeof arg === 'object' && 'kind' in arg && ((arg as WorkerTreeNode).kind === 'job' || (arg as WorkerTreeNode).kind === 'diagnosis')) dir = (arg as JobNode | DiagnosisNode).dir;
    if (dir) {
      const key = path.resolve(dir);
      const job = jobs.find((j) => path.resolve(j.dir) === key);
      if (!job) throw new Error(`${dir} is not a job folder in the Workers view: open it there first.`);
      return job;
    }
    // The Job Log's title bar gives none: the job of the active panel, as the palette's.
    return inUse.pick({ title: 'Dump Stacks of All Ranks', placeHolder: 'The job whose ranks to ask for their stacks' });
  }

  registerCommand(context, 'workerLogs.dumpStacks', async (arg?: unknown) => {
    const job = await pickJob(arg);
    if (!job) return undefined;
    // Finished ranks have no process left to ask; a rank whose log just ends, in a job whose files do
    // not record how ranks end (torchrun's --log-dir, a capture), may be hung in a collective, quiet.
    const live = job.ranks.filter((r) => r.state !== 'finished' || r.endingUnknown);
    if (live.length === 0) {
      void vscode.window.showInformationMessage(`Every rank of ${job.label} has finished: there is no process to ask for its stack.`);
      return undefined;
    }
    const targets = live.map((r) => ({ rank: r.rank, path: r.path, sessionStart: r.sessions[r.sessions.length - 1]?.session.startOffset ?? 0 }));
    const outcome: DumpRequestOutcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Dumping the stacks of ${plural(targets.length, 'rank')} of ${job.label}` },
      (progress) => requestStackDumps(targets, { onProgress: (answered, asked) => progress.report({ message: `${answered} of ${asked} answered` }) }),
    );
    const external = await offerPySpy(outcome, job);
    const result = await diagnoses.refresh(job, outcome, external);
    render();
    const groups = result?.diagnosis.stackGroups ?? [];
    const node = workers.provider.diagnosisOf(job.dir);
    if (node) inBackground(Promise.resolve(workers.view.reveal(node, { expand: 2, focus: false, select: false })), 'Revealing the diagnosis');
    // Ranks that gave none for one reason are named together (every rank of another job's processes, of a finished job).
    const byReason = new Map<string, number[]>();
    for (const u of outcome.unanswered) byReason.set(u.reason, [...(byReason.get(u.reason) ?? []), u.rank]);
    const missing = outcome.unanswered.length ? ` ${plural(outcome.unanswered.length, 'rank')} gave none: ${[...byReason].map(([reason, ranks]) => `${ranksLabel(ranks)} (${reason})`).join('; ')}.` : '';
    const summary = outcome.answered.length
      ? `Stacks of ${plural(outcome.answered.length, 'rank')}: ${groups.map((g) => `${g.outlier ? '⚠ ' : ''}${g.label}`).join(' | ')}.${missing}`
      : `No rank gave a stack dump.${missing}`;
    const show = outcome.answered.length ? vscode.window.showInformationMessage(summary, 'Show in Workers View') : vscode.window.showWarningMessage(summary);
    inBackground(
      Promise.resolve(show).then((choice) => (choice ? vscode.commands.executeCommand('workerLogs.workers.focus') : undefined)),
      'Showing the stack dump summary',
    );
    return { outcome, groups };
  });

  /**
   * Ranks that were not started by the module (no init record) can still be read with py-spy,
   * from the Python processes of this machine whose environment names their rank. Asks first.
   */
  async function offerPySpy(outcome: DumpRequestOutcome, job: JobNode): Promise<StackDump[]> {
    const noModule = outcome.unanswered.filter((u) => u.reason.startsWith(NO_INIT_RECORD));
    if (noModule.length === 0) return [];
    const pySpy = await findPySpy(vscode.workspace.getConfiguration('workerLogs').get<string>('pySpyPath') || undefined);
    if (!pySpy) {
      for (const u of noModule) u.reason += '; install py-spy (or set workerLogs.pySpyPath) to read the stacks of ranks started without the module';
      return [];
    }
    const ranks = noModule.map((u) => u.rank);
    const choice = await vscode.window.showInformationMessage(
      `${plural(ranks.length, 'rank')} (${ranks.join(', ')}) did not start through the worker_logging module. Read their stacks with py-spy from the Python processes on this machine whose environment names those ranks?`,
      'Use py-spy',
    );
    if (choice !== 'Use py-spy') return [];
    return withPySpy(outcome, pySpy, ranks, await jobScopeOf(job.dir, job.ranks.map((r) => r.path), imports.jobSource(job.dir)));
  }

  return { diagnoses, progress, timeline: timelineSource(progress, diagnoses) };
}
