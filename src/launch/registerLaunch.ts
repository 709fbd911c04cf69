// Launching jobs from the command palette (and tasks.json), one terminal per rank, and the
// commands that act on a launched job: stop, restart a rank, restart failed ranks, show a
// rank's terminal. Launching runs programs, so it is refused in untrusted workspaces.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { inBackground } from '../background';
import { JobDefinition, LaunchPlan } from '../core/launchPlan';
import { WorkerTreeNode } from '../core/workerTreeModel';
import { config } from '../config';
import { JobStore } from '../jobs/jobStore';
import { log } from '../log';
import { ActionableError, registerCommand } from '../registerCommand';
import { askNewJob, configuredJobs, saveJob } from './jobDefinitions';
import { planForJob } from './planForJob';
import { RunningJob, RunningJobs } from './runningJobs';
import { registerWorkerJobTasks } from './workerJobTasks';

export interface LaunchApi {
  readonly running: RunningJobs;
}

const OPEN_JOB_SETTINGS = { title: 'Open Settings', command: 'workbench.action.openSettings', args: ['workerLogs.jobs'] };
const NEW_JOB = '$(add) New job...';

function requireTrust(): void {
  if (!vscode.workspace.isTrusted) {
    throw new ActionableError('Launching a job runs programs, so it is disabled in Restricted Mode. Trust this workspace to launch jobs.', [
      { title: 'Manage Workspace Trust', command: 'workbench.trust.manage' },
    ]);
  }
}

async function confirmCpu(problem: string): Promise<boolean> {
  const choice = await vscode.window.showWarningMessage(`${problem}, so no GPUs were found. Run the job's workers on the CPU?`, { modal: true }, 'Run on CPU');
  return choice === 'Run on CPU';
}

export function registerLaunch(context: vscode.ExtensionContext, store: JobStore, addFolder: (dir: string) => Promise<void>): LaunchApi {
  const running = new RunningJobs(store);
  context.subscriptions.push(running);
  const syncContext = (): void => {
    void vscode.commands.executeCommand('setContext', 'workerLogs.jobRunning', running.all().some((j) => j.alive));
  };
  running.onDidChange(syncContext, undefined, context.subscriptions);

  async function launch(job: JobDefinition): Promise<RunningJob | undefined> {
    requireTrust();
    const existing = running.get(job.name);
    if (existing?.alive) {
      const choice = await vscode.window.showWarningMessage(`"${job.name}" is running. Stop it and launch it again?`, { modal: true }, 'Stop and Relaunch');
      if (choice !== 'Stop and Relaunch') return undefined;
      await running.stop(existing, config.stopGraceSeconds);
    } else if (existing) {
      for (const r of existing.ranks) r.terminal?.dispose();
    }
    const t0 = Date.now();
    const plan = await planForJob(context, job, { confirmCpu });
    if (!plan) return undefined;
    const t1 = Date.now();
    await prepareLogDir(plan);
    // Ranks first: showing the folder in the Workers view runs a workspace search.
    const started = running.start(plan);
    const t2 = Date.now();
    await addFolder(plan.logDir);
    lastTimings = { planMs: t1 - t0, startMs: t2 - t1, showFolderMs: Date.now() - t2 };
    log.info(`Launched "${plan.name}": planned in ${lastTimings.planMs} ms, ${plan.terminals.length} processes started ${lastTimings.startMs} ms later, folder shown after ${lastTimings.showFolderMs} ms more`);
    return started;
  }
  let lastTimings: { planMs: number; startMs: number; showFolderMs: number } | undefined;

  registerCommand(context, 'workerLogs.launchJob', async (arg?: JobDefinition | string) => {
    requireTrust();
    let job: JobDefinition | undefined;
    let isNew = false;
    if (typeof arg === 'object' && arg) job = arg;
    else {
      const { jobs, problems } = configuredJobs();
      const wanted = typeof arg === 'string' ? jobs.find((j) => j.name === arg) : undefined;
      if (typeof arg === 'string' && !wanted) {
        const problem = problems.find((p) => p.startsWith(`Job "${arg}"`));
        throw new ActionableError(problem ?? `No job named "${arg}" in workerLogs.jobs.`, [OPEN_JOB_SETTINGS]);
      }
      job = wanted;
      if (!job && (jobs.length || problems.length)) {
        const pick = await vscode.window.showQuickPick(
          [
            ...jobs.map((j) => ({ label: j.name, description: j.program, detail: `${j.mode ?? 'terminals'} · ${j.gpus ? `GPUs ${j.gpus.join(', ')}` : j.workers ? `${j.workers} workers` : 'one worker per GPU'} · logs in ${j.logDir ?? 'logs/'}`, job: j as JobDefinition | undefined, problem: undefined as string | undefined })),
            ...problems.map((p) => ({ label: '$(warning) Not usable', description: '', detail: p, job: undefined, problem: p })),
            { label: NEW_JOB, description: 'Pick a script, workers and a log folder', job: undefined, problem: undefined },
          ],
          { title: 'Launch Multi-GPU Job', placeHolder: 'A job from workerLogs.jobs, or a new one' },
        );
        if (!pick) return undefined;
        if (pick.problem) throw new ActionableError(pick.problem, [OPEN_JOB_SETTINGS]);
        job = pick.job;
      }
      if (!job) {
        job = await askNewJob();
        isNew = true;
      }
    }
    if (!job) return undefined;
    const started = await launch(job);
    if (started && isNew) {
      const newJob = job;
      const offer = vscode.window.showInformationMessage(`Launched "${newJob.name}" on ${started.plan.worldSize} ranks. Save it to the workspace settings to launch it again in one step?`, 'Save Job');
      inBackground(
        offer.then((c) => (c ? saveJob(newJob) : undefined)),
        `Saving job "${newJob.name}" to the workspace settings`,
      );
    }
    return started ? { name: started.plan.name, logDir: started.plan.logDir, terminals: started.plan.terminals.map((t) => t.name), timings: lastTimings } : undefined;
  });

  async function pickRunning(): Promise<RunningJob | undefined> {
    const jobs = running.all().filter((j) => j.alive);
    // (Stop Job is offered only while one runs, but the last rank may end between the click and here: nothing is wrong.)
    if (jobs.length === 0) {
      void vscode.window.showInformationMessage('No job launched from this window is running: there is nothing to stop.');
      return undefined;
    }
    if (jobs.length === 1) return jobs[0];
    const pick = await vscode.window.showQuickPick(jobs.map((j) => ({ label: j.plan.name, description: `${j.plan.worldSize} ranks`, job: j })), { title: 'Stop Job' });
    return pick?.job;
  }

  registerCommand(context, 'workerLogs.stopJob', async (arg?: string | WorkerTreeNode) => {
    const job = typeof arg === 'string' ? running.get(arg) : arg && 'dir' in arg ? running.all().find((j) => path.resolve(j.plan.logDir) === path.resolve(arg.dir)) : await pickRunning();
    if (!job) return undefined;
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Stopping "${job.plan.name}"` }, (progress) =>
      running.stop(job, config.stopGraceSeconds, (message) => progress.report({ message })),
    );
    return true;
  });

  const target = (node?: WorkerTreeNode | { path: string }): { job: RunningJob; terminal: ReturnType<RunningJob['terminalForLog']> & object } => {
    const logPath = node && 'path' in node ? node.path : undefined;
    if (!logPath) throw new Error('Pick a rank in the Workers view.');
    const hit = running.forLog(logPath);
    if (!hit) throw new Error(`${path.basename(logPath)} was not launched from this window, so it has no terminal here.`);
    return hit;
  };

  registerCommand(context, 'workerLogs.showTerminal', (node?: WorkerTreeNode | { path: string }) => {
    const { terminal } = target(node);
    terminal.terminal?.show();
  });
  registerCommand(context, 'workerLogs.restartRank', (node?: WorkerTreeNode | { path: string }) => {
    requireTrust();
    const { job, terminal } = target(node);
    running.restart(job, terminal);
    terminal.terminal?.show(true);
  });
  registerCommand(context, 'workerLogs.restartFailedRanks', async (arg?: string) => {
    requireTrust();
    const jobs = typeof arg === 'string' ? [running.get(arg)].filter((j): j is RunningJob => !!j) : running.all();
    const failed = jobs.flatMap((job) => job.ranks.filter((r) => !r.process.alive && r.lastEnding && r.lastEnding.code !== 0).map((r) => ({ job, r })));
    if (failed.length === 0) {
      void vscode.window.showInformationMessage('No launched rank has failed.');
      return 0;
    }
    for (const { job, r } of failed) running.restart(job, r);
    return failed.length;
  });

  registerWorkerJobTasks(context, {
    plan: (job) => planForJob(context, job),
    prepare: async (plan) => {
      await prepareLogDir(plan);
      await addFolder(plan.logDir);
    },
    processState: (logPaths, state) => {
      for (const p of logPaths) store.setProcessState(p, state);
    },
  });
  return { running };
}

async function prepareLogDir(plan: LaunchPlan): Promise<void> {
  try {
    await vscode.workspace.fs.createDirectory(vscode.Uri.file(plan.logDir));
  } catch (e) {
    throw new Error(`Cannot create the log folder ${plan.logDir}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}
