// Which job folders the store holds, kept current: discovery in the workspace and the
// settings, chokidar on the folders (appends) and on folders made meanwhile, VS Code's watcher for new folders, and the
// Refresh / Open Log Folder commands. Refreshes are merged: a burst of new rank files costs
// one discovery, not one per file.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { inBackground } from '../background';
import { config } from '../config';
import { JobFolder, JobStore } from '../jobs/jobStore';
import { log } from '../log';
import { registerCommand } from '../registerCommand';
import { LogWatcher } from '../watch/logWatcher';
import { MadeFolderWatcher } from '../watch/madeFolderWatcher';
import { discoverLogFolders, folderLabel, foreignCandidates } from './logFolders';
import { RankFileOffer } from './rankFileOffer';
import { discoverRanks, isRotatedPartPath } from '../core/rankDiscovery';
import { launcherFacts } from '../core/importLayouts';
import { OTHER_WORKER_FILES } from '../core/rankFileWriter';
import { inSkippedFolder } from '../core/pathRules';
import { ImportedFolder, ImportedJobs } from '../imports/importedJobs';

/** Events closer together than this fold into one discovery. */
const MERGE_MS = 150;
/** Time chokidar takes to start watching a folder added to it. */
const WATCH_START_MS = 500;
/** A file that may be a capture is read again at most this often as it grows (see `captureGrew`). */
const CAPTURE_CHECK_MS = 2000;
/** A capture that still reads as a job not imported yet, this long after it was found so, is looked for again. */
const CAPTURE_RETRY_MS = 8000;
/** Paths made in one burst whose kind is looked at (a folder among them sets off discovery). */
const MAX_MADE_LOOKED_AT = 256;
/** Whether `p` is `dir` or a path inside it. */
function isUnder(p: string, dir: string): boolean {
  const rel = path.relative(dir, path.resolve(p));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Whether one of `folders` holds a rank log (looked at one after another, up to the first that does). */
async function anyRanks(folders: readonly JobFolder[]): Promise<boolean> {
  for (const f of folders) if ((await discoverRanks(f.dir)).length > 0) return true;
  return false;
}

/** Our own rank logs: appended to all the time, never another launcher's capture. */
const OUR_RANK_LOG = /^worker_\d+\.log$/;

export interface JobDiscovery {
  /** Discovers folders now; calls made while one runs share one follow-up run. */
  refresh(): Promise<void>;
  /** A refresh soon, merged with the others asked for meanwhile. */
  refreshSoon(): void;
  /** Shows a folder (a launched job's) even before it has logs. */
  addFolder(dir: string): Promise<void>;
  /** Folders added by the user or a launch, shown even without logs. */
  isExtraFolder(dir: string): boolean;
  /** The first discovery, started on registration. */
  readonly ready: Promise<void>;
}

/**
 * The label of an imported job: its folder or capture, and the file pattern of per-task files,
 * the run id of several nodes' run folders, or the user format that split a console into ranks.
 */
function importedLabel(f: ImportedFolder): string {
  if (f.job.kind === 'capture' && f.job.rankFormat !== undefined) return `${folderLabel(f.source)} · ranks by format "${f.job.rankFormat}"`;
  // torchrun's consoles one file per node: their folder and name pattern.
  if (f.job.nodeFiles) return `${folderLabel(path.dirname(f.source))} · ${f.job.name}`;
  // A capture with its other stream's file: both names.
  if (f.job.otherStream) return `${folderLabel(f.source)} + ${path.basename(f.job.otherStream.job.source)}`;
  return f.job.kind === 'tasks' || f.job.nodes ? `${folderLabel(f.source)} · ${f.job.name}` : folderLabel(f.source);
}

export function registerJobDiscovery(context: vscode.ExtensionContext, store: JobStore, imports: ImportedJobs): JobDiscovery {
  const subs = context.subscriptions;
  const extraFolders = new Set<string>();
  const rankFiles = new RankFileOffer(context);
  /** Folders of rank logs shown as ours whose files held no line to tell who writes them. */
  const undecided = new Map<string, number>();
  // A rank log of a folder not told yet: its first lines may be another program's, which makes
  // the folder a job of per-rank files. Looked at again at most every 2 s for each folder.
  const rankFileGrew = (file: string): void => {
    const dir = path.dirname(file);
    const at = undecided.get(dir);
    if (at === undefined || Date.now() - at < CAPTURE_CHECK_MS || !config.autoDiscover) return;
    undecided.set(dir, Date.now());
    refreshSoon();
  };
  const createWatcher = (): LogWatcher =>
    new LogWatcher(
      (kind, p) => {
        // A rank log rotated (`worker_0.log.1` made): its folder is read through the import from now on.
        if (isRotatedPartPath(p)) {
          if (kind === 'add') refreshSoon();
          return;
        }
        store.fileEvent(kind, p);
        if (kind !== 'unlink') rankFileGrew(p);
      },
      {
        usePolling: config.usePolling,
        onError: (e) => log.warn(`File watcher: ${e instanceof Error ? e.message : String(e)}`),
      },
    );
  let watcher = createWatcher();
  subs.push({ dispose: () => watcher.dispose() });
  // An imported job's folder is written by its import, which tells the store after each update
  // (registerImports.ts): not watched. chokidar listed the whole folder again for files created
  // in it, a few at a time: the 16,384 rank logs of a capture took 90 s to show, the extension
  // host stalled up to 1.7 s at a time.
  const watchedDirs = (folders: readonly JobFolder[]): string[] => folders.map((f) => f.dir).filter((dir) => !imports.isImported(dir));

  let running: Promise<void> | undefined;
  let again = false;
  const discoverOnce = async (): Promise<void> => {
    // (The folders shown before: looked at again when a search of a big workspace was cut short.)
    const ours = await discoverLogFolders(extraFolders, store.folders().map((f) => f.dir).filter((dir) => !imports.isImported(dir)));
    // Folders of worker_<N>.log files too: another program may have written them (per-rank files then).
    const candidates = await foreignCandidates(extraFolders, imports.foundIn());
    const imported = await imports.sync([...candidates, ...ours.map((f) => f.dir)]);
    // A folder that only holds another launcher's logs is shown as those jobs, not as an empty one.
    const sources = new Set(imported.map((f) => f.source));
    const otherWritten = new Set(imported.filter((f) => f.job.kind === 'tasks' && f.job.name === OTHER_WORKER_FILES).map((f) => f.source));
    const kept: JobFolder[] = [];
    const told = new Map(undecided);
    undecided.clear();
    for (const f of ours) {
      if (otherWritten.has(path.resolve(f.dir))) continue;
      if (sources.has(f.dir) && (await discoverRanks(f.dir)).length === 0) continue;
      kept.push(f);
      // Files without a line yet: who writes them is told by their first lines (`rankFileGrew`).
      if (imports.rankFileWriterOf(f.dir) === 'unknown') undecided.set(f.dir, told.get(f.dir) ?? 0);
    }
    const folders: JobFolder[] = [...kept, ...imported.map((f) => ({ dir: f.dir, label: importedLabel(f), launcher: launcherFacts(f.job) }))];
    // No job anywhere: files named alike but for a number may be one per rank (the view offers them).
    await rankFiles.discovered(imported.length > 0 || (await anyRanks(kept)), candidates);
    // torchrun's consoles one a node, named alike: each found as a job of local ranks (the view offers them as one; their heads are read off the discovery's path).
    inBackground(rankFiles.nodeConsoles(imported), 'Looking for torchrun consoles of one job');
    const fresh = folders.filter((f) => !store.hasFolder(f.dir));
    await store.setFolders(folders);
    watcher.setFolders(watchedDirs(folders));
    // A rank file created (or appended to) after the store read a new folder, but before
    // chokidar watched it, raises no event: read new folders once more after the watch has
    // started, and again later for a watch slow to start on a busy machine.
    for (const f of fresh) for (const ms of [WATCH_START_MS, 4 * WATCH_START_MS]) setTimeout(() => store.rescanSoon(f.dir, true), ms);
  };
  function refresh(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await discoverOnce();
      } while (again);
    })().finally(() => {
      running = undefined;
    });
    return running;
  }

  let soon: NodeJS.Timeout | undefined;
  function refreshSoon(): void {
    if (soon) return;
    soon = setTimeout(() => {
      soon = undefined;
      inBackground(refresh(), 'Discovering log folders');
    }, MERGE_MS);
  }
  subs.push({ dispose: () => clearTimeout(soon) });

  // New log folders anywhere in the workspace (a job started outside the extension). A
  // deleted log is dropped from its folder alone; a folder left empty is dropped by the next
  // discovery.
  const fsWatcher = vscode.workspace.createFileSystemWatcher('**/worker_*.log', false, true, false);
  subs.push(fsWatcher);
  fsWatcher.onDidCreate(
    (uri) => {
      if (!store.hasFolder(path.dirname(uri.fsPath)) && config.autoDiscover) refreshSoon();
    },
    undefined,
    subs,
  );
  fsWatcher.onDidDelete((uri) => store.fileEvent('unlink', uri.fsPath), undefined, subs);
  // Other launchers' logs: a new torchrun run folder, Slurm task files, Open MPI's output folder, a capture.
  for (const glob of ['**/{stdout.log,stderr.log,*.out,*.err}', '**/rank.*/{stdout,stderr}']) {
    const foreignWatcher = vscode.workspace.createFileSystemWatcher(glob, false, true, true);
    subs.push(foreignWatcher);
    foreignWatcher.onDidCreate(
      () => {
        if (config.autoDiscover) refreshSoon();
      },
      undefined,
      subs,
    );
  }
  // A capture created empty (Slurm's output file, a shell's redirect) is no job when it appears;
  // it becomes one as it grows, and its head may read otherwise later (torchrun's tee labels
  // after srun's first lines). A file that grew is read again (at most every 2 s), and found
  // anew when it reads as a capture not imported yet; once per way it reads.
  const checked = new Map<string, { at: number; key?: string; keyAt?: number }>();
  const captureGrew = async (file: string): Promise<void> => {
    if (!config.autoDiscover || OUR_RANK_LOG.test(path.basename(file))) return;
    const seen = checked.get(file);
    const now = Date.now();
    if (seen && now - seen.at < CAPTURE_CHECK_MS) return;
    if (checked.size > 10_000) checked.clear();
    checked.set(file, { ...seen, at: now });
    // (Undefined once imported.) A key asked for before is asked again after a while: the refresh
    // it set off may have been one already under way, which read the file before it had lines.
    const key = await imports.captureKey(file);
    if (key === undefined || (key === seen?.key && now - (seen.keyAt ?? 0) < CAPTURE_RETRY_MS)) return;
    checked.set(file, { at: now, key, keyAt: now });
    refreshSoon();
  };
  const captureWatcher = vscode.workspace.createFileSystemWatcher('**/*.{out,err,log,txt}', true, false, true);
  subs.push(captureWatcher);
  captureWatcher.onDidChange((uri) => inBackground(captureGrew(uri.fsPath), 'Reading a capture that grew'), undefined, subs);
  // A folder made in the workspace: VS Code's watcher on Linux (@parcel/watcher's inotify) watches
  // a folder made with its parents (mkdir -p, os.makedirs, torchrun's --log_dir) only at its top,
  // so nothing made below it (rank logs, captures) is reported. Discovery reads the disk: it runs
  // when a folder is made, and chokidar watches the folder for the job's logs to come.
  const made = new Set<string>();
  let madeSoon: NodeJS.Timeout | undefined;
  const madeFolders = new MadeFolderWatcher(
    (kind, file) => {
      if (!config.autoDiscover) return;
      if (kind === 'add') refreshSoon();
      else if (OUR_RANK_LOG.test(path.basename(file))) rankFileGrew(file);
      else inBackground(captureGrew(file), 'Reading a capture that grew');
    },
    { usePolling: config.usePolling, onError: (e) => log.warn(`File watcher of new folders: ${e instanceof Error ? e.message : String(e)}`) },
  );
  subs.push(madeFolders);
  const foldersMade = async (): Promise<void> => {
    madeSoon = undefined;
    const paths = [...made].slice(0, MAX_MADE_LOOKED_AT);
    made.clear();
    const dirs = await Promise.all(paths.map((p) => fsp.stat(p).then((st) => st.isDirectory(), () => false)));
    if (!dirs.some(Boolean)) return;
    for (const [i, p] of paths.entries()) if (dirs[i]) madeFolders.add(p);
    refreshSoon();
  };
  const madeWatcher = vscode.workspace.createFileSystemWatcher('**/*', false, true, true);
  subs.push(madeWatcher, { dispose: () => clearTimeout(madeSoon) });
  madeWatcher.onDidCreate(
    (uri) => {
      if (!config.autoDiscover || uri.scheme !== 'file' || inSkippedFolder(uri.fsPath) || made.size >= MAX_MADE_LOOKED_AT) return;
      made.add(uri.fsPath);
      madeSoon ??= setTimeout(() => inBackground(foldersMade(), 'Discovering log folders in a folder made'), MERGE_MS);
    },
    undefined,
    subs,
  );
  vscode.workspace.onDidChangeWorkspaceFolders(refreshSoon, undefined, subs);
  vscode.workspace.onDidChangeConfiguration(
    (e) => {
      if (config.affects(e, 'watch.usePolling')) {
        watcher.dispose();
        watcher = createWatcher();
        watcher.setFolders(watchedDirs(store.folders()));
      }
      // (A format with a rank group may make a console a job; a file pattern, files a job.)
      if (['logDirectories', 'autoDiscover', 'formats', 'rankFilePatterns'].some((k) => config.affects(e, k))) refreshSoon();
    },
    undefined,
    subs,
  );

  registerCommand(context, 'workerLogs.refresh', async () => {
    await vscode.window.withProgress({ location: { viewId: 'workerLogs.workers' } }, async () => {
      await refresh();
      await store.refreshAll();
    });
  });
  /** Shows the jobs of a folder the user named (Open Log Folder, the Explorer's menu). */
  const showFolder = async (dir: string): Promise<void> => {
    extraFolders.add(dir);
    await refresh();
    if (!(await holdsJobs(dir))) return rankFiles.folderWithoutJobs(dir);
    const save = await vscode.window.showInformationMessage(`Showing the rank logs of ${folderLabel(dir)}.`, `Remember in ${config.nearestSettings} Settings`);
    if (save) {
      const current = config.logDirectories;
      if (!current.includes(dir)) await config.updateNearest('logDirectories', [...current, dir]);
    }
  };
  registerCommand(context, 'workerLogs.openLogFolder', async () => {
    const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, openLabel: 'Show Logs of This Folder' });
    if (picked?.[0]) await showFolder(picked[0].fsPath);
  });
  // The Explorer's menu on a folder.
  registerCommand(context, 'workerLogs.showFolderLogs', async (uri?: vscode.Uri) => {
    if (uri?.scheme === 'file') await showFolder(uri.fsPath);
    else await vscode.commands.executeCommand('workerLogs.openLogFolder');
  });

  /** Whether discovery found a job in `dir` or below it: our rank logs, or another launcher's. */
  const holdsJobs = async (dir: string): Promise<boolean> =>
    store.folders().some((f) => f.dir !== dir && isUnder(f.dir, dir)) || imports.folders().some((f) => isUnder(f.source, dir)) || (await discoverRanks(dir)).length > 0;

  return {
    refresh,
    refreshSoon,
    ready: refresh(),
    isExtraFolder: (dir) => extraFolders.has(path.resolve(dir)),
    addFolder: async (dir: string) => {
      extraFolders.add(path.resolve(dir));
      await refresh();
    },
  };
}
