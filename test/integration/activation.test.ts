import * as assert from 'node:assert';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { waitFor } from '../support/waitFor';
import { extensionApi, inWebview } from '../support/vscodeHelpers';

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

  it("says what it looked for, in the Workers view, when the workspace holds no rank logs", async () => {
    const api = await extensionApi();
    await api.ready;
    const section = vscode.workspace.getConfiguration('workerLogs');
    const welcome = async (): Promise<string> => (await inWebview<{ texts: string[] }>({ webview: 'workbench', action: 'text', selector: '.welcome-view-content' })).texts.join(' ');
    await vscode.commands.executeCommand('workerLogs.workers.focus');
    await section.update('autoDiscover', false, vscode.ConfigurationTarget.Workspace);
    try {
      await waitFor(() => api.jobs.store.folders().length === 0, 'the store to drop the discovered folders');
      let text = '';
      await waitFor(async () => /No rank logs found in this workspace yet/.test((text = await welcome())), 'the view to say it found no rank logs', 20_000, 500);
      // Not only our module's files: the launchers' logs it reads as they are.
      assert.match(text, /worker_<N>\.log files, torchrun --log-dir folders, Slurm per-task files, or captures/);
      assert.match(text, /Launch Multi-GPU Job/);
      assert.doesNotMatch(text, /Looking for rank logs/);
      // And why it did not look: discovery is off.
      assert.match(text, /Automatic discovery is off \(workerLogs\.autoDiscover\)/);
    } finally {
      await section.update('autoDiscover', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitFor(() => api.jobs.store.folders().length > 0, 'the discovered folders to come back');
    await waitFor(async () => !/No rank logs found|Automatic discovery is off/.test(await welcome()), 'the welcome to leave once ranks are shown', 20_000, 500);
  });
});
