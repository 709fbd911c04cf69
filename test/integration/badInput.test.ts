import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { extensionApi, workspaceRoot } from '../support/vscodeHelpers';
import { waitFor } from '../support/waitFor';

describe('bad input never breaks the extension', function () {
  this.timeout(60_000);

  it('shows a binary rank log as such, survives its truncation and deletion, and keeps serving', async () => {
    const api = await extensionApi();
    const dir = path.join(workspaceRoot(), 'jobs', 'bad');
    fs.mkdirSync(dir, { recursive: true });
    const binary = path.join(dir, 'worker_0.log');
    const good = path.join(dir, 'worker_1.log');
    fs.writeFileSync(binary, Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0]), Buffer.alloc(4096, 0xff), Buffer.from('\n')]));
    fs.writeFileSync(good, `2026-02-04 10:00:00,000 - Worker 1 - x - INFO - ok\n${'y'.repeat(2_000_000)}\n2026-02-04 10:00:01,000 - Worker 1 - x - ERROR - after a 2 MB line\n`);
    const job = await waitFor(() => api.workers.provider.model.find((j) => j.dir === dir && j.ranks.length === 2), 'the bad job in the tree', 20_000);
    const item = api.workers.provider.getTreeItem(job.ranks[0]);
    assert.match(String(item.description), /not a worker log/);
    assert.strictEqual(job.ranks[1].state, 'failed');

    // VS Code itself refuses to open a file with NUL bytes as text; invalid UTF-8 it opens,
    // and the language server and navigation still answer on it.
    const garbled = path.join(dir, 'worker_2.log');
    fs.writeFileSync(garbled, Buffer.concat([Buffer.from('Worker 2 - x - ERROR - bad bytes '), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from('\nWorker 2 - x - INFO - === Resume at 2026-02-04T10:00:00 ===\n')]));
    const doc = await vscode.workspace.openTextDocument(garbled);
    await vscode.window.showTextDocument(doc);
    const symbols = await waitFor(async () => {
      const s = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri);
      return s?.length ? s : undefined;
    }, 'symbols of the garbled log', 20_000);
    assert.strictEqual(symbols.length, 2);
    assert.deepStrictEqual(await vscode.commands.executeCommand('workerLogs.nextResume'), { path: garbled, line: 1 });
    fs.unlinkSync(garbled);

    // Truncate the good log to nothing, then delete it: the rank is re-indexed, then leaves.
    fs.writeFileSync(good, '');
    await waitFor(() => {
      const r1 = api.workers.provider.model.find((j) => j.dir === dir)?.ranks.find((r) => r.rank === 1);
      return r1 && r1.state !== 'failed' && r1.sessions[0]?.session.records === 0;
    }, 'the truncated rank re-indexed', 20_000);
    fs.unlinkSync(good);
    await waitFor(() => api.workers.provider.model.find((j) => j.dir === dir)?.ranks.length === 1, 'the deleted rank to leave', 20_000);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
