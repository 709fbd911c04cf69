import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { inWebview } from '../../support/vscodeHelpers';
import { waitFor } from '../../support/waitFor';

describe('the packaged .vsix, installed with --install-extension', () => {
  it('is installed from the extensions folder, not the source tree', () => {
    const ext = vscode.extensions.getExtension('gpu-worker-logs.gpu-worker-logs');
    assert.ok(ext, 'the extension is installed');
    assert.ok(!ext.extensionPath.includes(`${path.sep}test${path.sep}integration`), ext.extensionPath);
    assert.match(ext.extensionPath, /gpu-worker-logs\.gpu-worker-logs-\d+\.\d+\.\d+/);
  });

  it('activates on a worker log and gives it the worker-log language', async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const doc = await vscode.workspace.openTextDocument(path.join(folder, 'jobs', 'resumed', 'worker_2.log'));
    await vscode.window.showTextDocument(doc);
    assert.strictEqual(doc.languageId, 'worker-log');
    const ext = vscode.extensions.getExtension('gpu-worker-logs.gpu-worker-logs')!;
    await waitFor(() => ext.isActive, 'the installed extension to activate', 20_000);
    // The job list of Launch Multi-GPU Job opens right after activation (the jobs are read from
    // the settings, nothing else is awaited), so this is the wait a first command sees.
    console.log(`      (the installed extension activated in ${(ext.exports as { activationMs: number }).activationMs} ms)`);
    const commands = await vscode.commands.getCommands(true);
    for (const c of ext.packageJSON.contributes.commands as { command: string }[]) assert.ok(commands.includes(c.command), c.command);
  });

  it('carries its webviews: the Job Timeline opens and draws the lanes of a job', async () => {
    const ext = vscode.extensions.getExtension('gpu-worker-logs.gpu-worker-logs')!;
    for (const f of ['dist/webview/jobLog.js', 'dist/webview/timeline.js', 'dist/webview/timeline.css', 'media/jobLog.css', 'media/timeline.css']) {
      assert.ok(fs.existsSync(path.join(ext.extensionPath, f)), `${f} is in the package`);
    }
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    await vscode.commands.executeCommand('workerLogs.openTimeline', path.join(folder, 'jobs', 'resumed'));
    let lanes: { rank: number; label: string }[] = [];
    await waitFor(async () => {
      lanes = (await inWebview<{ lanes: { rank: number; label: string }[] }>({ webview: 'timeline', action: 'timeline' }).catch(() => ({ lanes: [] }))).lanes;
      return lanes.length === 4;
    }, 'four lanes in the timeline', 30_000);
    assert.match(lanes[2].label, /^Rank 2: 2 sessions, /);
  });
});
