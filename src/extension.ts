// Composes the extension: one register call per feature, each owning its disposables.
import * as vscode from 'vscode';
import { registerLanguageClient } from './client/languageClient';
import { createLog, log } from './log';
import { registerCommand } from './registerCommand';

export interface WorkerLogsApi {
  readonly ready: Promise<void>;
}

export function activate(context: vscode.ExtensionContext): WorkerLogsApi {
  const output = createLog();
  context.subscriptions.push(output);
  log.info(`GPU Worker Logs ${context.extension.packageJSON.version} activating`);
  registerCommand(context, 'workerLogs.showOutput', () => output.show(true));
  const ready = registerLanguageClient(context, output).then(() => undefined);
  return { ready };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
