// What the extension client and the worker-log language server share: the settings the
// server pulls, and the custom messages between them.

export const SETTINGS_SECTION = 'workerLogs';

export type DiagnosticsMinLevel = 'error' | 'warning';

/** What the language server pulls per document (`workspace/configuration`). */
export interface ServerSettings {
  diagnostics: { minLevel: DiagnosticsMinLevel; maxPerFile: number };
}

export const DEFAULT_SERVER_SETTINGS: ServerSettings = {
  diagnostics: { minLevel: 'error', maxPerFile: 1000 },
};

export const LANGUAGE_ID = 'worker-log';

/** Client -> server: the folders of rank logs the Workers view shows (for workspace symbols). */
export const LOG_FOLDERS_NOTIFICATION = 'workerLogs/logFolders';

export interface LogFoldersParams {
  folders: string[];
}
