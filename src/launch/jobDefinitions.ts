// `workerLogs.jobs` (workspace settings) and the "New job..." questions.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { config } from '../config';
import { ParsedJobs, parseJobs } from '../core/jobSettings';
import { JobDefinition, scriptStem } from '../core/launchPlan';
import { log } from '../log';
import { detectGpus } from './environment';
import { workspaceDir } from './planForJob';

/** The usable jobs of `workerLogs.jobs`, and a message for each entry that is not. */
export function configuredJobs(): ParsedJobs {
  const parsed = parseJobs(config.jobs);
  for (const problem of parsed.problems) log.warn(problem);
  return parsed;
}

export async function saveJob(job: JobDefinition): Promise<void> {
  // Entries as written stay, even ones that are wrong: the user may be fixing them.
  const written = Array.isArray(config.jobs) ? (config.jobs as unknown[]) : [];
  const others = written.filter((j) => !(typeof j === 'object' && j !== null && (j as { name?: unknown }).name === job.name));
  await config.updateWorkspace('jobs', [...others, job]);
}

/** Asks for a script, a number of workers and a log folder; undefined when cancelled. */
export async function askNewJob(): Promise<JobDefinition | undefined> {
  const base = workspaceDir();
  const active = vscode.window.activeTextEditor?.document;
  const suggested = active?.languageId === 'python' && active.uri.scheme === 'file' ? path.relative(base, active.uri.fsPath) : '';
  const program = await vscode.window.showInputBox({
    title: 'New Multi-GPU Job (1/3)',
    prompt: 'The Python script every rank runs (relative to the workspace), or -m package.module',
    value: suggested,
    placeHolder: 'train.py',
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : 'Name a script, such as train.py, or a module, such as -m mypkg.train'),
  });
  if (!program) return undefined;
  const detection = await detectGpus();
  const detected = 'gpus' in detection ? detection.gpus.length : 0;
  const workersText = await vscode.window.showInputBox({
    title: 'New Multi-GPU Job (2/3)',
    prompt: detected ? `Number of workers (${detected} GPUs detected)` : `Number of workers (${'problem' in detection ? detection.problem : 'no GPUs'}: they will run on the CPU)`,
    value: String(detected || 2),
    ignoreFocusOut: true,
    validateInput: (v) => (/^\d+$/.test(v.trim()) && Number(v) >= 1 && Number(v) <= 4096 ? undefined : 'A whole number from 1 to 4096'),
  });
  if (!workersText) return undefined;
  const stem = scriptStem(program);
  const logDir = await vscode.window.showInputBox({
    title: 'New Multi-GPU Job (3/3)',
    prompt: 'Folder of the rank logs (worker_<N>.log), relative to the workspace',
    value: path.join('logs', stem),
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : 'Name a folder, such as logs/train'),
  });
  if (!logDir) return undefined;
  return { name: stem, program: program.trim(), workers: Number(workersText), logDir: logDir.trim() };
}
