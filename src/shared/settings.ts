// Settings shared by the client and the language server (`workerLogs.*`).

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
