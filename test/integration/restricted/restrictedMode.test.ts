import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { extensionApi, workspaceRoot } from '../../support/vscodeHelpers';
import { waitFor } from '../../support/waitFor';

describe('Restricted Mode (untrusted workspace)', () => {
  it('the workspace is not trusted, yet the extension reads logs', async () => {
    assert.strictEqual(vscode.workspace.isTrusted, false);
    const api = await extensionApi();
    await waitFor(() => api.workers.provider.model.length === 2, 'the fixture jobs in the tree', 20_000);
  });

  it('refuses to launch a job, starting nothing', async () => {
    const before = vscode.window.terminals.length;
    const result = await vscode.commands.executeCommand('workerLogs.launchJob', { name: 'nope', program: 'scripts/cpu_job.py', workers: 1, logDir: 'logs/restricted' });
    assert.strictEqual(result, undefined);
    assert.strictEqual(vscode.window.terminals.length, before);
    assert.ok(!fs.existsSync(path.join(workspaceRoot(), 'logs', 'restricted')));
    const api = await extensionApi();
    assert.strictEqual(api.launch.running.all().length, 0);
  });
});
