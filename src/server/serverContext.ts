// What the language server's features share.
import { Connection, TextDocuments } from 'vscode-languageserver';
import { LogDocument } from './logDocument';
import { DocumentIndex, DocumentIndexes } from './documentIndexes';
import { SettingsSource } from './settings';

export interface ServerContext {
  connection: Connection;
  documents: TextDocuments<LogDocument>;
  indexes: DocumentIndexes;
  settings: SettingsSource;
  /** Workspace folder paths, for relative traceback paths. */
  workspaceFolders: string[];
  /** Folders of rank logs announced by the client, for workspace symbols. */
  logFolders: string[];
  /** The document's index with its settings applied. */
  indexFor(doc: LogDocument): Promise<DocumentIndex>;
  /** An error for the client's output (window/logMessage); stdout is the protocol. */
  logError(message: string): void;
}
