// Helpers for tests inside the real VS Code.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { WorkerLogsApi } from '../../src/extension';
import { waitFor } from './waitFor';

export const EXTENSION_ID = 'gpu-worker-logs.gpu-worker-logs';

/** A capture of another launcher's from the repository's fixtures (test/fixtures/launchers). */
export function launcherFixture(name: string): string {
  return path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'launchers', name);
}

export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests run with the fixture workspace open');
  return folder.uri.fsPath;
}

export async function extensionApi(): Promise<WorkerLogsApi> {
  const ext = vscode.extensions.getExtension<WorkerLogsApi>(EXTENSION_ID);
  assert.ok(ext, 'the extension is installed');
  const api = await ext.activate();
  await api.ready;
  return api;
}

/**
 * A screenshot of the workbench saved with the test results: a test when the harness saves
 * screenshots (runIntegration.mjs always sets GWL_SCREENSHOT_DIR), and no test at all under a
 * harness that cannot (rather than a skipped one).
 */
export function screenshotTest(title: string, capture: () => Promise<void>): void {
  if (process.env.GWL_SCREENSHOT_DIR) it(title, capture);
}

/** Asks the harness for a screenshot of the workbench and waits until it is written. */
export async function screenshot(name: string): Promise<string> {
  const dir = process.env.GWL_SCREENSHOT_DIR;
  if (!dir) throw new Error('No screenshot folder (GWL_SCREENSHOT_DIR): define the capture with screenshotTest.');
  const file = path.join(dir, `${name}.png`);
  fs.rmSync(file, { force: true });
  await ensureDarkPlus();
  console.log(`[[screenshot:${name}]]`);
  await waitFor(() => fs.existsSync(file) && fs.statSync(file).size > 0, `screenshot ${name}`, 20_000);
  return file;
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** Asks for Dark+ (code-server 4.100's web workbench may keep its light default; see the README). */
async function ensureDarkPlus(): Promise<void> {
  const dark = (): boolean => vscode.window.activeColorTheme.kind === vscode.ColorThemeKind.Dark;
  if (dark()) return;
  await vscode.workspace.getConfiguration('workbench').update('colorTheme', 'Default Dark+', vscode.ConfigurationTarget.Global);
}

/**
 * Asks the harness (Playwright, in Chromium) to act in a webview's own document and answers
 * with what it found: what the user sees, not the host's model. `webview: 'workbench'` with
 * `action: 'text'` reads the workbench's own document (`{ texts }` of what `selector` matches).
 */
export async function inWebview<T>(request: {
  webview: string;
  action: 'rows' | 'fill' | 'press' | 'click' | 'timeline' | 'clickAt' | 'dragAt' | 'hoverAt' | 'wheel' | 'text';
  selector?: string;
  value?: string;
  key?: string;
  x?: number;
  y?: number;
  x2?: number;
  count?: number;
  /** A workbench click that does not wait for its target to settle. */
  force?: boolean;
  /** A workbench click whose target is found and clicked in one step of the page (a row come above it meanwhile cannot take the click); answers with the label of what it clicked. */
  atOnce?: boolean;
}): Promise<T> {
  const dir = process.env.GWL_WEBVIEW_DIR;
  if (!dir) throw new Error('No GWL_WEBVIEW_DIR: the harness cannot read webviews in this run.');
  const id = `q${Date.now()}${Math.floor(Math.random() * 1e6)}`;
  const file = path.join(dir, `${id}.json`);
  console.log(`[[webview:${id}:${Buffer.from(JSON.stringify(request)).toString('base64')}]]`);
  await waitFor(() => fs.existsSync(file), `the harness to answer ${request.action} in the ${request.webview} webview`, 20_000);
  const answer = JSON.parse(fs.readFileSync(file, 'utf8')) as T & { error?: string };
  fs.rmSync(file, { force: true });
  if (answer.error) throw new Error(answer.error);
  return answer;
}
