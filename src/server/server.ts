// Wires the language server's features to a connection. Each feature is a small module under
// features/ that registers its handlers; they share one DocumentIndexes store.
import { Connection, InitializeResult, TextDocumentSyncKind, TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  connection.onInitialize(
    (): InitializeResult => ({
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
      },
      serverInfo: { name: 'worker-log-language-server' },
    }),
  );
  documents.listen(connection);
  connection.listen();
}
