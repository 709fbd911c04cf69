// Tasks of type "worker-job": the jobs of workerLogs.jobs from tasks.json. The plan needs the
// machine (GPUs, a free port), so the task runs through a CustomExecution that spawns argv
// directly: torchrun and slurm jobs as their one launcher process, a terminals-mode job as
// every rank in one task terminal, each output line prefixed with its rank.
import * as vscode from 'vscode';
import { JobDefinition, LaunchPlan } from '../core/launchPlan';
import { configuredJobs } from './jobDefinitions';
import { Ending, RankProcess } from './rankProcess';

export const TASK_TYPE = 'worker-job';

interface WorkerJobTaskDefinition extends vscode.TaskDefinition {
  job: string;
}

/** What a task launch shares with a palette launch: the prepared log folder, and process states. */
export interface TaskLaunchHooks {
  plan(job: JobDefinition): Promise<LaunchPlan | undefined>;
  /** Creates the log folder and shows it in the Workers view. */
  prepare(plan: LaunchPlan): Promise<void>;
  /** A rank's process started (exitCode undefined) or ended. */
  processState(logPaths: readonly string[], state: { alive: boolean; exitCode?: number }): void;
}

class AllRanksTaskTerminal implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  private readonly closeEmitter = new vscode.EventEmitter<number>();
  readonly onDidWrite = this.writeEmitter.event;
  readonly onDidClose = this.closeEmitter.event;
  private readonly processes: RankProcess[] = [];

  constructor(
    private readonly plan: LaunchPlan,
    private readonly hooks: TaskLaunchHooks,
  ) {}

  open(): void {
    const endings: Ending[] = [];
    for (const spec of this.plan.terminals) {
      let partial = '';
      const prefix = spec.rank !== undefined ? `[rank ${spec.rank}] ` : '';
      const p = new RankProcess(spec, {
        onOutput: (text) => {
          const lines = (partial + text).split(/\r?\n/);
          partial = lines.pop() ?? '';
          for (const l of lines) this.writeEmitter.fire(`${prefix}${l}\r\n`);
        },
        onExit: (ending) => {
          if (partial) this.writeEmitter.fire(`${prefix}${partial}\r\n`);
          this.writeEmitter.fire(`${prefix}${ending.text}\r\n`);
          this.hooks.processState(spec.logPaths, { alive: false, exitCode: ending.code });
          endings.push(ending);
          if (endings.length === this.plan.terminals.length) this.closeEmitter.fire(endings.find((e) => e.code !== 0)?.code ?? 0);
        },
      });
      this.processes.push(p);
      this.hooks.processState(spec.logPaths, { alive: true });
      p.start();
    }
  }

  close(): void {
    for (const p of this.processes) p.signal('SIGTERM');
  }

  handleInput(data: string): void {
    if (data === '\x03') for (const p of this.processes) p.signal('SIGINT');
  }
}

function taskFor(job: JobDefinition, definition: WorkerJobTaskDefinition, hooks: TaskLaunchHooks, scope: vscode.WorkspaceFolder | vscode.TaskScope): vscode.Task {
  const execution = new vscode.CustomExecution(async () => {
    const p = await hooks.plan(job);
    if (!p) throw new Error(`The job "${job.name}" was not launched.`);
    await hooks.prepare(p);
    if (p.mode !== 'terminals') {
      // One launcher process: show it as it is, argv intact.
      const spec = p.terminals[0];
      return new AllRanksTaskTerminal({ ...p, terminals: [{ ...spec, rank: undefined }] }, hooks);
    }
    return new AllRanksTaskTerminal(p, hooks);
  });
  const task = new vscode.Task(definition, scope, job.name, TASK_TYPE, execution, []);
  task.detail = `${job.mode ?? 'terminals'}: ${job.program}${job.args?.length ? ' ' + job.args.join(' ') : ''}`;
  return task;
}

export function registerWorkerJobTasks(context: vscode.ExtensionContext, hooks: TaskLaunchHooks): void {
  context.subscriptions.push(
    vscode.tasks.registerTaskProvider(TASK_TYPE, {
      provideTasks: () => {
        const scope = vscode.workspace.workspaceFolders?.[0] ?? vscode.TaskScope.Workspace;
        return configuredJobs().jobs.map((job) => taskFor(job, { type: TASK_TYPE, job: job.name }, hooks, scope));
      },
      resolveTask: (task) => {
        const definition = task.definition as WorkerJobTaskDefinition;
        const job = configuredJobs().jobs.find((j) => j.name === definition.job);
        if (!job) return undefined;
        return taskFor(job, definition, hooks, task.scope ?? vscode.TaskScope.Workspace);
      },
    }),
  );
}
