import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { NavigationResult } from '../../src/navigation/registerNavigation';
import { writeBigLog } from '../support/bigLog';
import { closeAllEditors, extensionApi, screenshot, screenshotTest, workspaceRoot } from '../support/vscodeHelpers';
import { waitFor } from '../support/waitFor';

const log = (rank: number): string => path.join(workspaceRoot(), 'jobs', 'resumed', `worker_${rank}.log`);

async function openAt(file: string, line: number): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(file);
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  editor.selection = new vscode.Selection(line, 0, line, 0);
  return editor;
}

async function run(command: string, ...args: unknown[]): Promise<NavigationResult> {
  return (await vscode.commands.executeCommand(command, ...args)) as NavigationResult;
}

describe('language server in the real VS Code', () => {
  before(async () => {
    await extensionApi();
  });

  it('gives the outline one symbol per session with the errors inside', async () => {
    const uri = vscode.Uri.file(log(2));
    await vscode.window.showTextDocument(uri);
    const symbols = await waitFor(async () => {
      const s = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', uri);
      return s && s.length ? s : undefined;
    }, 'document symbols', 20_000);
    assert.deepStrictEqual(symbols.map((s) => s.name), ['Session 1 · started 10:00:00', 'Session 2 · resumed 10:15:00']);
    assert.deepStrictEqual(symbols.map((s) => s.range.start.line), [0, 16]);
    assert.match(symbols[0].children[0].name, /^torch\.cuda\.OutOfMemoryError/);
  });

  it('reports one diagnostic per ERROR/CRITICAL record', async () => {
    for (const [rank, expected] of [[0, 2], [2, 1]] as const) {
      const uri = vscode.Uri.file(log(rank));
      await vscode.window.showTextDocument(uri);
      const diags = await waitFor(() => {
        const d = vscode.languages.getDiagnostics(uri).filter((x) => x.source === 'worker-log');
        return d.length === expected ? d : undefined;
      }, `${expected} diagnostics on rank ${rank}`, 20_000);
      assert.ok(diags.every((d) => d.severity === vscode.DiagnosticSeverity.Error));
    }
    const diags = vscode.languages.getDiagnostics(vscode.Uri.file(log(0)));
    assert.deepStrictEqual(diags.map((d) => d.range.start.line), [8, 15]);
    assert.match(diags[0].message, /RuntimeError: .*Connection closed by peer/);
  });

  it('folds tracebacks and sessions', async () => {
    const uri = vscode.Uri.file(log(2));
    const ranges = await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', uri);
    assert.ok(ranges.some((r) => r.start === 8 && r.end === 15), JSON.stringify(ranges));
    assert.ok(ranges.some((r) => r.start === 16 && r.end === 24), JSON.stringify(ranges));
  });

  screenshotTest('takes a screenshot of a highlighted log with a traceback', async () => {
    await closeAllEditors();
    const editor = await openAt(log(2), 8);
    editor.revealRange(new vscode.Range(8, 0, 8, 0), vscode.TextEditorRevealType.InCenter);
    await screenshot('highlighted-log');
  });
});

describe('navigation between sessions and ranks', () => {
  before(async () => {
    await extensionApi();
    await closeAllEditors();
  });

  it('next/previous resume point land on the separator lines and report the ends', async () => {
    const editor = await openAt(log(1), 3);
    assert.deepStrictEqual(await run('workerLogs.nextResume'), { path: log(1), line: 16 });
    await waitFor(() => editor.selection.active.line === 16 || vscode.window.activeTextEditor?.selection.active.line === 16, 'the cursor on the separator');
    assert.match(vscode.window.activeTextEditor!.document.lineAt(16).text, /=== Resume at/);
    const end = await run('workerLogs.nextResume');
    assert.ok('message' in end && /No later session in worker_1\.log/.test(end.message), JSON.stringify(end));
    assert.deepStrictEqual(await run('workerLogs.previousResume'), { path: log(1), line: 0 });
    const start = await run('workerLogs.previousResume');
    assert.ok('message' in start && /No earlier session/.test(start.message), JSON.stringify(start));
  });

  it('go to session opens rank 2 session 2', async () => {
    await closeAllEditors();
    const r = await run('workerLogs.goToSession', { path: log(2), session: 2 });
    assert.deepStrictEqual(r, { path: log(2), line: 16 });
    const editor = await waitFor(() => vscode.window.activeTextEditor?.document.uri.fsPath === log(2) && vscode.window.activeTextEditor, 'rank 2 to open');
    assert.strictEqual(editor.selection.active.line, 16);
  });

  it('same moment in another rank lands on its last record at or before the cursor time', async () => {
    // Rank 2's OOM at 10:02:10.250; rank 3's last record before it is its WARNING at 10:01:45.
    await openAt(log(2), 8);
    const r = await run('workerLogs.goToSameMomentInRank', { rank: 3 });
    assert.deepStrictEqual(r, { path: log(3), line: 7 });
    await waitFor(() => vscode.window.activeTextEditor?.document.uri.fsPath === log(3), 'rank 3 to open');
    assert.match(vscode.window.activeTextEditor!.document.lineAt(7).text, /WARNING - Shard shard_0033/);
    // From a traceback line, the moment is the record's.
    await openAt(log(2), 12);
    assert.deepStrictEqual(await run('workerLogs.goToSameMomentInRank', { rank: 0 }), { path: log(0), line: 7 });
  });

  it('works on a 60 MB log that VS Code does not hand to extensions', async function () {
    this.timeout(120_000);
    const dir = path.join(workspaceRoot(), 'jobs', 'big');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'worker_0.log');
    const starts = writeBigLog(file, 60 * 1024 * 1024, 4);
    assert.ok(fs.statSync(file).size > 60 * 1024 * 1024);
    await closeAllEditors();
    await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(file));
    await waitFor(() => {
      const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      return input instanceof vscode.TabInputText && input.uri.fsPath === file;
    }, 'the big log to open in an editor');
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.fsPath === file), 'VS Code does not sync a 60 MB document');
    const t0 = Date.now();
    const r1 = await run('workerLogs.nextResume');
    const firstMs = Date.now() - t0;
    assert.deepStrictEqual(r1, { path: file, line: starts[1] });
    const t1 = Date.now();
    assert.deepStrictEqual(await run('workerLogs.nextResume'), { path: file, line: starts[2] });
    const secondMs = Date.now() - t1;
    assert.deepStrictEqual(await run('workerLogs.previousResume'), { path: file, line: starts[1] });
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    assert.match(lines[starts[1]], /=== Resume at /);
    console.log(`      (60 MB log: first jump ${firstMs} ms including indexing, next jump ${secondMs} ms)`);
    await closeAllEditors();
    fs.rmSync(dir, { recursive: true, force: true });
    const api = await extensionApi();
    await waitFor(() => !api.workers.provider.model.some((j) => j.dir === dir), 'the deleted folder to leave the Workers view', 20_000);
  });
});
