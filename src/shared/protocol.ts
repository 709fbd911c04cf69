// Custom messages between the extension client and the worker-log language server.

/** Client -> server: the folders of rank logs the Workers view shows (for workspace symbols). */
export const LOG_FOLDERS_NOTIFICATION = 'workerLogs/logFolders';

export interface LogFoldersParams {
  folders: string[];
}
