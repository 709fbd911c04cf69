import * as assert from 'node:assert';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { waitFor } from '../support/waitFor';

const EXTENSION_ID = 'gpu-worker-logs.gpu-worker-logs';

export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests run with the fixture workspace open');
  return folder.uri.fsPath;
}

describe('activation', () => {
  it('activates when a worker_*.log is opened, with language worker-log', async () => {
    const doc = await vscode.workspace.openTextDocument(path.join(workspaceRoot(), 'jobs', 'resumed', 'worker_0.log'));
    await vscode.window.showTextDocument(doc);
    assert.strictEqual(doc.languageId, 'worker-log');
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, 'the extension is installed');
    await waitFor(() => ext.isActive, 'the extension to activate');
  });

  it('registers every contributed command', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const contributed: { command: string }[] = ext.packageJSON.contributes.commands;
    assert.ok(contributed.length > 0);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.map((c) => c.command).filter((c) => !registered.has(c));
    assert.deepStrictEqual(missing, []);
  });
});
