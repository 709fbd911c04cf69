// Gathers what a launch plan needs from this machine and window, then plans (pure core).
import * as vscode from 'vscode';
import { JobDefinition, LaunchPlan, planLaunch } from '../core/launchPlan';
import { findFreePort } from '../core/ports';
import { defaultPython, detectGpus } from './environment';

export interface PlanOptions {
  /** Asked when the job relies on detected GPUs and none are found; false stops the launch. */
  confirmCpu?: (problem: string) => Promise<boolean>;
}

export function workspaceDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('Open a folder first: jobs run in (and log to) a workspace folder.');
  return folder.uri.fsPath;
}

export async function planForJob(context: vscode.ExtensionContext, job: JobDefinition, options: PlanOptions = {}): Promise<LaunchPlan | undefined> {
  const baseDir = workspaceDir();
  let detectedGpus: number[] = [];
  const needsGpus = job.gpus === undefined && job.mode !== 'slurm';
  if (needsGpus) {
    const detection = await detectGpus();
    if ('gpus' in detection) detectedGpus = detection.gpus.map((g) => g.index);
    else if (job.workers === undefined && options.confirmCpu && !(await options.confirmCpu(detection.problem))) return undefined;
  }
  return planLaunch(job, {
    baseDir,
    moduleDir: vscode.Uri.joinPath(context.extensionUri, 'python').fsPath,
    defaultPython: await defaultPython(vscode.workspace.workspaceFolders?.[0]?.uri),
    detectedGpus,
    freePort: job.masterPort ?? (await findFreePort()),
    baseEnv: process.env,
  });
}
