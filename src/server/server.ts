// Wires the language server's features to a connection. Each feature is a small module under
// features/ that registers its handlers; they share one ServerContext.
import { fileURLToPath } from 'node:url';
import { Connection, InitializeParams, InitializeResult, LogMessageNotification, MessageType, TextDocumentSyncKind, TextDocuments } from 'vscode-languageserver';
import { LOG_FOLDERS_NOTIFICATION, LogFoldersParams } from '../shared/protocol';
import { DocumentIndexes } from './documentIndexes';
import { LOG_DOCUMENTS } from './logDocument';
import { registerDiagnostics } from './features/diagnostics';
import { registerDocumentLinks } from './features/documentLinks';
import { registerDocumentSymbols } from './features/documentSymbols';
import { registerFoldingRanges } from './features/foldingRanges';
import { registerHover } from './features/hover';
import { registerWorkspaceSymbols } from './features/workspaceSymbols';
import { ServerContext } from './serverContext';
import { SettingsSource } from './settings';

function folderPaths(params: InitializeParams): string[] {
  const uris = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  return uris.filter((u) => u.startsWith('file:')).map((u) => fileURLToPath(u));
}

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(LOG_DOCUMENTS);
  const settings = new SettingsSource(connection);
  const indexes = new DocumentIndexes();
  const ctx: ServerContext = {
    connection,
    documents,
    indexes,
    settings,
    workspaceFolders: [],
    logFolders: [],
    async indexFor(doc) {
      const s = await settings.forDocument(doc.uri);
      return indexes.get(doc, { maxErrorsPerSession: s.diagnostics.maxPerFile, storeWarnings: s.diagnostics.minLevel === 'warning' });
    },
    logError(message) {
      // Nowhere left to report a failure to report: the connection is gone.
      connection.sendNotification(LogMessageNotification.type, { type: MessageType.Error, message }).catch(() => undefined);
    },
  };

  connection.onInitialize((params): InitializeResult => {
    settings.supported = params.capabilities.workspace?.configuration === true;
    ctx.workspaceFolders = folderPaths(params);
    const fromOptions = (params.initializationOptions as Partial<LogFoldersParams> | undefined)?.folders;
    if (Array.isArray(fromOptions)) ctx.logFolders = fromOptions;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        documentSymbolProvider: { label: 'Worker log sessions' },
        foldingRangeProvider: true,
        hoverProvider: true,
        documentLinkProvider: { resolveProvider: false },
        workspaceSymbolProvider: true,
      },
      serverInfo: { name: 'worker-log-language-server', version: '0.1.0' },
    };
  });
  connection.onNotification(LOG_FOLDERS_NOTIFICATION, (params: LogFoldersParams) => {
    ctx.logFolders = Array.isArray(params?.folders) ? params.folders : [];
  });
  documents.onDidClose((e) => {
    indexes.delete(e.document.uri);
    settings.forget(e.document.uri);
  });

  registerDocumentSymbols(ctx);
  registerFoldingRanges(ctx);
  const diagnostics = registerDiagnostics(ctx);
  registerHover(ctx);
  registerDocumentLinks(ctx);
  registerWorkspaceSymbols(ctx);
  // Settings shape the indexes (caps, stored warnings): forget both, then publish again.
  connection.onDidChangeConfiguration(() => {
    settings.forget();
    indexes.clear();
    diagnostics.republishAll();
  });

  documents.listen(connection);
  connection.listen();
}
