// Which folders the Workers view shows: workspace folders' rank-log folders (found without
// walking node_modules, .git and other heavy folders), `workerLogs.logDirectories`, and the
// folders of jobs launched from the extension.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CAPTURE_GLOB } from '../core/importLayouts';
import { skippedFoldersGlob } from '../core/pathRules';
import { discoverRanks, isRankLogPath } from '../core/rankDiscovery';
import { log } from '../log';
import { JobFolder } from '../jobs/jobStore';
import { config } from '../config';

export const MAX_DISCOVERED_FILES = 20_000;
/** Files of other programs' logs looked at in the workspace (each costs a read of its head). */
const MAX_FOREIGN_FILES = 2_000;

/** The searches cut at their limit, each told once in the log. */
const toldCapped = new Set<string>();

/**
 * A search of the workspace cut at its limit gives another part of the workspace's files each
 * time (its walk is parallel; new files shift it): a job found before would come and go between discoveries,
 * read anew each time it came back. Its folders, `known`, are looked at again, those still in a
 * workspace folder (one taken away, its jobs go); returns those it added.
 */
function keepKnown(dirs: Set<string>, capped: boolean, what: string, known: Iterable<string>): string[] {
  if (!capped) return [];
  if (!toldCapped.has(what)) {
    toldCapped.add(what);
    log.warn(`Discovery looks at ${what} of the workspace at most, and it holds more: the jobs found before are kept, new ones may be missed. Add a folder it misses to workerLogs.logDirectories.`);
  }
  const added: string[] = [];
  for (const dir of known) {
    if (dirs.has(dir) || !vscode.workspace.getWorkspaceFolder(vscode.Uri.file(dir))) continue;
    dirs.add(dir);
    added.push(dir);
  }
  return added;
}

/** A setting's folder: absolute, `~/...`, or relative to the first workspace folder. */
export function resolveSettingFolder(value: string): string | undefined {
  const folders = vscode.workspace.workspaceFolders ?? [];
  let v = value.trim();
  if (!v) return undefined;
  v = v.replace(/^\$\{workspaceFolder\}/, folders[0]?.uri.fsPath ?? '');
  if (v.startsWith('~/')) v = path.join(process.env.HOME ?? '', v.slice(2));
  if (path.isAbsolute(v)) return path.normalize(v);
  return folders[0] ? path.join(folders[0].uri.fsPath, v) : undefined;
}

export function folderLabel(dir: string): string {
  const rel = vscode.workspace.asRelativePath(dir, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
  return rel === dir ? dir : rel;
}

/** The folders the user chose: `workerLogs.logDirectories`, and those added by hand or by a launch. */
function addChosenFolders(dirs: Set<string>, extra: Iterable<string>): void {
  for (const value of config.logDirectories) {
    const dir = resolveSettingFolder(value);
    if (dir) dirs.add(dir);
  }
  for (const dir of extra) dirs.add(path.resolve(dir));
}

/**
 * Folders that may hold jobs written without our module: torchrun run folders, Open MPI's output
 * folders and the folders of `.out`/`.err`/`.log` files in the workspace (per-task files,
 * captures), and every folder of the settings or added by hand (read by ImportedJobs, which decides).
 */
export async function foreignCandidates(extra: Iterable<string>, known: Iterable<string> = [], token?: vscode.CancellationToken): Promise<string[]> {
  const dirs = new Set<string>();
  if (config.autoDiscover && vscode.workspace.workspaceFolders?.length) {
    const runs = await vscode.workspace.findFiles('**/attempt_*/*/{stdout,stderr,error}.{log,json}', skippedFoldersGlob(), MAX_DISCOVERED_FILES, token);
    for (const f of runs) {
      // The --log-dir that holds the run folder (several nodes' run folders make one job there), when it is in the workspace.
      const run = path.dirname(path.dirname(path.dirname(f.fsPath)));
      dirs.add(vscode.workspace.getWorkspaceFolder(vscode.Uri.file(path.dirname(run))) ? path.dirname(run) : run);
    }
    // Open MPI's --output-filename: the folder of the rank.<N> folders.
    const mpi = await vscode.workspace.findFiles('**/rank.*/{stdout,stderr}', skippedFoldersGlob(), MAX_DISCOVERED_FILES, token);
    for (const f of mpi) dirs.add(path.dirname(path.dirname(f.fsPath)));
    // Every name a capture may have: the CLI reads a console saved as .txt, so the views do too.
    const files = await vscode.workspace.findFiles(CAPTURE_GLOB, skippedFoldersGlob(), MAX_FOREIGN_FILES, token);
    for (const f of files) {
      const dir = path.dirname(f.fsPath);
      if (!isRankLogPath(f.fsPath) && !/[\\/]attempt_\d+[\\/]\d+$/.test(dir)) dirs.add(dir);
    }
    const capped = files.length >= MAX_FOREIGN_FILES || runs.length >= MAX_DISCOVERED_FILES || mpi.length >= MAX_DISCOVERED_FILES;
    keepKnown(dirs, capped, `${MAX_FOREIGN_FILES.toLocaleString('en-US')} .log, .out, .err and .txt files (other launchers' logs)`, known);
  }
  addChosenFolders(dirs, extra);
  return [...dirs];
}

export async function discoverLogFolders(extra: Iterable<string>, known: Iterable<string> = [], token?: vscode.CancellationToken): Promise<JobFolder[]> {
  const dirs = new Set<string>();
  if (config.autoDiscover && vscode.workspace.workspaceFolders?.length) {
    const files = await vscode.workspace.findFiles('**/worker_*.log', skippedFoldersGlob(), MAX_DISCOVERED_FILES, token);
    for (const f of files) if (isRankLogPath(f.fsPath)) dirs.add(path.dirname(f.fsPath));
    // (Those kept only while they hold rank logs: a folder emptied goes.)
    const kept = keepKnown(dirs, files.length >= MAX_DISCOVERED_FILES, `${MAX_DISCOVERED_FILES.toLocaleString('en-US')} worker_<rank>.log files`, known);
    for (const dir of kept) if ((await discoverRanks(dir)).length === 0) dirs.delete(dir);
  }
  addChosenFolders(dirs, extra);
  return [...dirs].map((dir) => ({ dir, label: folderLabel(dir) }));
}
