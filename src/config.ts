// Typed access to the `workerLogs.*` settings; read on use, never cached.
import * as vscode from 'vscode';
import { SETTINGS_SECTION } from './shared/protocol';

function section(scope?: vscode.ConfigurationScope): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(SETTINGS_SECTION, scope);
}

export const config = {
  get logDirectories(): string[] {
    return section().get<string[]>('logDirectories', []);
  },
  get stallSeconds(): number {
    return section().get<number>('stallSeconds', 120);
  },
  get attemptWindowSeconds(): number {
    return section().get<number>('attemptWindowSeconds', 60);
  },
  /** `workerLogs.rankFilePatterns`: the user's own per-rank file names (with `{rank}`). */
  get rankFilePatterns(): string[] {
    const v = section().get<unknown>('rankFilePatterns', []);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  },
  /** `workerLogs.formats` as written (checked by compileUserFormats). */
  get formats(): unknown {
    return section().get<unknown>('formats', []);
  },
  get autoDiscover(): boolean {
    return section().get<boolean>('autoDiscover', true);
  },
  get maxErrorsShown(): number {
    return section().get<number>('tree.maxErrorsPerSession', 20);
  },
  get usePolling(): boolean {
    return section().get<boolean>('watch.usePolling', false);
  },
  get stopGraceSeconds(): number {
    return section().get<number>('stopGraceSeconds', 10);
  },
  /** `workerLogs.jobs` as written (checked where it is planned). */
  get jobs(): unknown {
    return section().get<unknown>('jobs', []);
  },
  /** Writes a setting to the workspace settings. */
  updateWorkspace(key: string, value: unknown): Thenable<void> {
    return section().update(key, value, vscode.ConfigurationTarget.Workspace);
  },
  /** Where `updateNearest` writes: the workspace's settings when a folder is open, else the user's (a window with no folder has no workspace settings). */
  get nearestSettings(): 'Workspace' | 'User' {
    return vscode.workspace.workspaceFolders?.length ? 'Workspace' : 'User';
  },
  /** Writes a setting to the workspace settings, or the user's in a window with no folder open. */
  updateNearest(key: string, value: unknown): Thenable<void> {
    return section().update(key, value, this.nearestSettings === 'Workspace' ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global);
  },
  affects(e: vscode.ConfigurationChangeEvent, key: string): boolean {
    return e.affectsConfiguration(`${SETTINGS_SECTION}.${key}`);
  },
};
