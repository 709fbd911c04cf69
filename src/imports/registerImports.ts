// Jobs written without our module in the editor: their rank logs in our format under the
// extension's storage (ImportedJobs), the settings they read (`workerLogs.formats`,
// `workerLogs.rankFilePatterns`), and opening a line of theirs at its source line.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DEFAULT_RANK_FILE_PATTERNS } from '../core/importLayouts';
import { BUILT_IN_FORMATS, compileUserFormats, LineFormat } from '../core/lineFormats';
import { config } from '../config';
import { JobStore } from '../jobs/jobStore';
import { log } from '../log';
import { setSourceResolver } from '../openLog';
import { inBackground } from '../background';
import { ImportedJobs, removeStaleImports } from './importedJobs';

export function registerImports(context: vscode.ExtensionContext, store: JobStore): ImportedJobs {
  let formats: readonly LineFormat[] | undefined;
  const readFormats = (): readonly LineFormat[] => {
    if (formats) return formats;
    const { formats: own, problems } = compileUserFormats(config.formats);
    for (const p of problems) {
      log.warn(p);
      void vscode.window.showWarningMessage(p, 'Open Settings').then((pick) => {
        if (pick) void vscode.commands.executeCommand('workbench.action.openSettings', 'workerLogs.formats');
      });
    }
    return (formats = [...own, ...BUILT_IN_FORMATS]);
  };
  // Each window its own folder (two windows may show one job); a crashed window's is removed.
  const base = path.join(context.globalStorageUri.fsPath, 'imports');
  inBackground(removeStaleImports(base), 'Removing imported logs of closed windows');
  const imports = new ImportedJobs(path.join(base, String(process.pid)), {
    intervalMs: 500,
    formats: readFormats,
    patterns: () => [...config.rankFilePatterns, ...DEFAULT_RANK_FILE_PATTERNS],
    onError: (m) => log.warn(m),
    // The status bar says so while a job's logs are first read (a 1 GB capture takes a while).
    onFirstRead: (job, done) => {
      void vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Reading ${path.basename(job.source)} (${job.job.kind === 'capture' ? 'a capture' : job.job.kind === 'torchrun' ? 'torchrun logs' : 'task files'})` }, () => done.catch(() => undefined));
    },
    onUpdated: (dir) => {
      store.rescanSoon(dir);
      for (const s of store.siblings(path.join(dir, 'worker_0.log'))) store.fileEvent('change', s.path);
    },
  });
  context.subscriptions.push(imports);
  context.subscriptions.push(setSourceResolver((file, line) => imports.sourceOf(file, line)));
  vscode.workspace.onDidChangeConfiguration(
    (e) => {
      if (config.affects(e, 'formats')) formats = undefined;
    },
    undefined,
    context.subscriptions,
  );
  return imports;
}
