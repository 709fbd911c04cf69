// Starts the worker-log language server (dist/server.js) over IPC for `worker-log` documents.
import * as vscode from 'vscode';
import { inBackground } from '../background';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { LANGUAGE_ID, LOG_FOLDERS_NOTIFICATION, LogFoldersParams, SETTINGS_SECTION } from '../shared/protocol';
import { log } from '../log';

export interface LogFolderSource {
  folders(): string[];
  onDidChange(listener: () => void): { dispose(): void };
}

export async function registerLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, logFolders: LogFolderSource): Promise<LanguageClient> {
  const module = vscode.Uri.joinPath(context.extensionUri, 'dist', 'server.js').fsPath;
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: LANGUAGE_ID }],
    synchronize: { configurationSection: SETTINGS_SECTION },
    outputChannel: output,
    initializationOptions: { folders: logFolders.folders() } satisfies LogFoldersParams,
  };
  const client = new LanguageClient('workerLogs', 'Worker Log Language Server', serverOptions, clientOptions);
  context.subscriptions.push(client);
  try {
    await client.start();
    // Workspace symbols cover the folders the Workers view shows.
    let last = '';
    const announce = (): void => {
      const folders = logFolders.folders();
      const key = folders.join('\n');
      if (key === last || !client.isRunning()) return;
      last = key;
      inBackground(client.sendNotification(LOG_FOLDERS_NOTIFICATION, { folders } satisfies LogFoldersParams), 'Telling the language server the log folders');
    };
    announce();
    context.subscriptions.push(logFolders.onDidChange(announce));
  } catch (e) {
    log.error(`The worker-log language server did not start: ${e instanceof Error ? e.message : String(e)}`);
  }
  return client;
}
