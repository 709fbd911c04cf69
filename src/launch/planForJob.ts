// Gathers what a launch plan needs from this machine and window, then plans (pure core).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { JobDefinition, LaunchPlan, planLaunch } from '../core/launchPlan';
import { findFreePort } from '../core/ports';
import { defaultPython, detectGpus, realInterpreter } from './environment';

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
  // The three look-ups take a process start or a socket each: at once, not one after another.
  const [detection, python, port] = await Promise.all([
    needsGpus ? detectGpus() : undefined,
    defaultPython(vscode.workspace.workspaceFolders?.[0]?.uri),
    job.masterPort ?? findFreePort(),
  ]);
  if (detection) {
    if ('gpus' in detection) detectedGpus = detection.gpus.map((g) => g.index);
    else if (job.workers === undefined && options.confirmCpu && !(await options.confirmCpu(detection.problem))) return undefined;
  }
  const interpreter = await realInterpreter(job.python || python, job.cwd ? path.resolve(baseDir, job.cwd) : baseDir);
  return planLaunch(job.python ? { ...job, python: interpreter } : job, {
    baseDir,
    moduleDir: vscode.Uri.joinPath(context.extensionUri, 'python').fsPath,
    defaultPython: interpreter,
    detectedGpus,
    freePort: port,
    baseEnv: process.env,
  });
}
