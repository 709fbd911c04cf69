// Jobs written without our module in the editor: their rank logs in our format under the
// extension's storage (ImportedJobs), the settings they read (`workerLogs.formats`,
// `workerLogs.rankFilePatterns`), and opening a line of theirs at its source line.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DEFAULT_RANK_FILE_PATTERNS, rankFileProblem } from '../core/importLayouts';
import { BUILT_IN_FORMATS, LineFormat } from '../core/lineFormats';
import { compileGuardedUserFormats } from '../regexpGuard';
import { config } from '../config';
import { JobStore } from '../jobs/jobStore';
import { activeFilePath, JobsInUse } from '../jobs/jobsInUse';
import { log } from '../log';
import { openLogAt, setSourceResolver } from '../openLog';
import { registerCommand } from '../registerCommand';
import { LauncherNode, RankNode } from '../core/workerTreeModel';
import { OPEN_OWN_LINES_COMMAND } from '../tree/rankTreeProvider';
import { inBackground } from '../background';
import { ImportedJobs, removeStaleImports } from './importedJobs';
import { ViewSearch } from '../tree/viewSearch';

/** A problem of a setting (`workerLogs.<key>`): logged, and shown with a button that opens the setting. */
function warnOfSetting(message: string, key: string): void {
  log.warn(message);
  void vscode.window.showWarningMessage(message, 'Open Settings').then((pick) => {
    if (pick) void vscode.commands.executeCommand('workbench.action.openSettings', `workerLogs.${key}`);
  });
}

export function registerImports(context: vscode.ExtensionContext, store: JobStore, inUse: JobsInUse, search: ViewSearch): ImportedJobs {
  let formats: readonly LineFormat[] | undefined;
  const readFormats = (): readonly LineFormat[] => {
    if (formats) return formats;
    const { formats: own, problems } = compileGuardedUserFormats(config.formats);
    for (const p of problems) warnOfSetting(p, 'formats');
    return (formats = [...own, ...BUILT_IN_FORMATS]);
  };
  // The user's names of rank files, each checked once a setting: a bad one is said and left out.
  let patterns: readonly string[] | undefined;
  const readPatterns = (): readonly string[] => {
    if (patterns) return patterns;
    const own: string[] = [];
    for (const glob of config.rankFilePatterns) {
      const problem = rankFileProblem(glob);
      if (problem) warnOfSetting(`workerLogs.rankFilePatterns: ${problem}`, 'rankFilePatterns');
      else own.push(glob);
    }
    return (patterns = [...own, ...DEFAULT_RANK_FILE_PATTERNS]);
  };
  // Each window its own folder (two windows may show one job); a crashed window's is removed.
  const base = path.join(context.globalStorageUri.fsPath, 'imports');
  inBackground(removeStaleImports(base), 'Removing imported logs of closed windows');
  const imports = new ImportedJobs(path.join(base, String(process.pid)), {
    intervalMs: 500,
    formats: readFormats,
    patterns: readPatterns,
    onError: (m) => log.warn(m),
    onProblem: (m) => {
      log.warn(m);
      void vscode.window.showWarningMessage(m);
    },
    // The status bar says so while a job's logs are first read (a 1 GB capture takes a while),
    // with how far the reading is; the Workers view shows it is still looking.
    onFirstRead: (job, done, fraction) => {
      search.track(done);
      const title = `Reading ${path.basename(job.source)}${job.job.otherStream ? ` and ${path.basename(job.job.otherStream.job.source)}` : ''} (${job.job.kind === 'capture' ? 'a capture' : job.job.kind === 'torchrun' ? 'torchrun logs' : 'task files'})`;
      void vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title }, (progress) => {
        const timer = setInterval(() => {
          const f = fraction();
          if (f !== undefined) progress.report({ message: `${Math.floor(f * 100)}%` });
        }, 500);
        return done.catch(() => undefined).finally(() => clearInterval(timer));
      });
    },
    // Only the files the update wrote are read again (each of a job of 16,384 ranks was, at each update).
    onUpdated: (dir, files) => {
      store.rescanSoon(dir);
      for (const file of files) store.fileEvent('change', file);
    },
  });
  context.subscriptions.push(imports);
  context.subscriptions.push(setSourceResolver((file, line) => imports.sourceOf(file, line)));
  // A capture's failures that times cannot order are ordered by the capture's lines.
  store.setSourceLookup((lines) => imports.sourcesOf(lines, { inTimeOrder: true }));
  store.setRecordOrders((dir) => imports.captureOrderOf(dir));
  store.setProblemSources((dir, rank, problem) => imports.unreadableProblemOf(dir, rank, problem));
  registerOwnLines(context, imports);
  // A launcher's file in the editor (a capture, a torchrun stderr.log): the job read from it is in use.
  context.subscriptions.push(
    inUse.add({
      what: 'in the editor',
      path: () => {
        const file = activeFilePath();
        return file !== undefined ? imports.jobOfFile(file) : undefined;
      },
    }),
  );
  vscode.workspace.onDidChangeConfiguration(
    (e) => {
      if (config.affects(e, 'formats')) formats = undefined;
      if (config.affects(e, 'rankFilePatterns')) patterns = undefined;
    },
    undefined,
    context.subscriptions,
  );
  return imports;
}

/**
 * An imported rank's own lines (a capture's rank, the launcher's lines) opened alone, read-only,
 * and from such a document back to the line in the launcher's file.
 */
function registerOwnLines(context: vscode.ExtensionContext, imports: ImportedJobs): void {
  registerCommand(context, OPEN_OWN_LINES_COMMAND, async (node?: RankNode | LauncherNode) => {
    if (!node?.path || !imports.owns(node.path)) throw new Error("Pick a rank (or the launcher) of a job read from another launcher's logs in the Workers view.");
    await openLogAt(node.path, node.kind === 'launcher' ? 0 : node.line, { own: true, preview: false });
  });
  registerCommand(context, 'workerLogs.goToSourceLine', async () => {
    const editor = vscode.window.activeTextEditor;
    const file = editor?.document.uri.fsPath;
    if (!editor || !file || !imports.owns(file)) throw new Error("The active editor is not a rank's own lines of another launcher's job (open them from the Workers view).");
    const source = await imports.sourceOf(file, editor.selection.active.line);
    if (!source) throw new Error(`Line ${editor.selection.active.line + 1} has no line in the launcher's file (the job may have been read again since): reopen the rank's lines.`);
    await openLogAt(source.path, source.line);
  });
  const setContext = (editor: vscode.TextEditor | undefined): void => {
    void vscode.commands.executeCommand('setContext', 'workerLogs.importedEditor', editor !== undefined && editor.document.uri.scheme === 'file' && imports.owns(editor.document.uri.fsPath));
  };
  setContext(vscode.window.activeTextEditor);
  vscode.window.onDidChangeActiveTextEditor(setContext, undefined, context.subscriptions);
}
