// Composes the extension: one register call per feature, each owning its disposables.
import * as vscode from 'vscode';
import { registerLanguageClient } from './client/languageClient';
import { createLog, log } from './log';
import { registerCommand } from './registerCommand';
import { LaunchApi, registerLaunch } from './launch/registerLaunch';
import { registerNavigation } from './navigation/registerNavigation';
import { registerWorkersView, WorkersView } from './tree/registerWorkersView';

/** What activate() returns: used by the integration tests (and by other extensions). */
export interface WorkerLogsApi {
  readonly ready: Promise<void>;
  readonly workers: WorkersView;
  readonly launch: LaunchApi;
}

export function activate(context: vscode.ExtensionContext): WorkerLogsApi {
  const output = createLog();
  context.subscriptions.push(output);
  log.info(`GPU Worker Logs ${context.extension.packageJSON.version} activating`);
  registerCommand(context, 'workerLogs.showOutput', () => output.show(true));
  const workers = registerWorkersView(context);
  registerNavigation(context, workers.store);
  const launch = registerLaunch(context, workers.store, (dir) => workers.addFolder(dir));
  const logFolders = { folders: () => workers.store.folders().map((f) => f.dir), onDidChange: (l: () => void) => workers.store.onDidChange(l) };
  const ready = Promise.all([workers.ready, registerLanguageClient(context, output, logFolders)]).then(() => undefined);
  return { ready, workers, launch };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
