import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { WorkerLogsApi } from '../../src/extension';
import { closeAllEditors, extensionApi, inWebview, workspaceRoot } from '../support/vscodeHelpers';
import { waitFor } from '../support/waitFor';

interface Shown {
  count: string;
  problem: string;
  status: string;
  /** The lines of each opened row (traceback, other ranks). */
  opened: string[][];
  icons: string[];
  iconFont: boolean;
  rows: { row: number; label: string; selected: boolean; cells: string[] }[];
  elements: { img: number; iframe: number; scripts: string[] };
  grid: { role: string; rowcount: string };
}

const rows = () => inWebview<Shown>({ webview: 'job-log', action: 'rows' });

/** Polls what the webview shows until `ok` holds (the host answers windows asynchronously). */
async function shownWhen(ok: (s: Shown) => boolean, what: string): Promise<Shown> {
  let last: Shown | undefined;
  let problem = '';
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    last = await rows().catch((e: Error) => ((problem = e.message), undefined));
    if (last !== undefined && ok(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out after 30 s waiting for ${what} (last seen: ${JSON.stringify(last)?.slice(0, 800)}; last error: ${problem || 'none'})`);
}

describe('Job Log panel (what the webview shows, read from its DOM)', function () {
  this.timeout(120_000);
  let api: WorkerLogsApi;
  const dir = (): string => path.join(workspaceRoot(), 'jobs', 'joblog');
  const rec = (s: number, rank: number, level: string, message: string) => `2026-02-04 10:00:${String(s).padStart(2, '0')},000 - Worker ${rank} - train - ${level} - ${message}\n`;

  before(async () => {
    api = await extensionApi();
    fs.mkdirSync(dir(), { recursive: true });
    fs.writeFileSync(path.join(dir(), 'worker_0.log'), rec(1, 0, 'INFO', 'step=1') + rec(4, 0, 'INFO', '<img src=x onerror=alert(1)>') + rec(7, 0, 'WARNING', 'step 3 failed to sync'));
    fs.writeFileSync(path.join(dir(), 'worker_1.log'), rec(2, 1, 'INFO', 'step=1') + rec(5, 1, 'INFO', '<script>alert(2)</script>'));
    fs.writeFileSync(path.join(dir(), 'worker_2.log'), rec(3, 2, 'INFO', 'step=1') + rec(6, 2, 'ERROR', 'batch failed') + 'Traceback (most recent call last):\n  File "x.py", line 1, in step\nRuntimeError: CUDA out of memory\n');
    await api.workers.refresh();
    await vscode.commands.executeCommand('workerLogs.openJobLog', dir());
  });

  after(async () => {
    await closeAllEditors();
    fs.rmSync(dir(), { recursive: true, force: true });
    await api.workers.refresh();
  });

  it('shows the same record of three ranks once, as [0-2], and can show every record', async () => {
    const grouped = await shownWhen((s) => s.rows.length === 5, 'five rows');
    assert.deepStrictEqual(grouped.rows.map((r) => r.cells[1]), ['[0-2]', '0', '1', '2', '0']);
    assert.match(grouped.rows[0].label, /^2026-02-04 10:00:01\.000, ranks 0-2, INFO: step=1/);
    assert.match(grouped.count, /^5 rows of 7 records$/);
    // Open the grouped row: the other ranks that logged it, with their times.
    await inWebview({ webview: 'job-log', action: 'click', selector: '#spacer .row[data-row="0"]' });
    await inWebview({ webview: 'job-log', action: 'press', selector: '#grid', key: 'ArrowRight' });
    const opened = await shownWhen((s) => s.opened.length === 1, 'the group opened');
    assert.deepStrictEqual(opened.opened[0], ['rank 1 at 10:00:02.000, line 1', 'rank 2 at 10:00:03.000, line 1']);
    assert.ok(opened.iconFont, 'the codicon font is loaded (CSP and resource roots allow it)');
    assert.ok(opened.icons.includes('codicon-chevron-down'), JSON.stringify(opened.icons));
    await inWebview({ webview: 'job-log', action: 'click', selector: '#repeats' });
  });

  it('shows every rank\'s records in time order with rank badges, as a grid with labels', async () => {
    const shown = await shownWhen((s) => s.rows.length === 7, 'seven rows');
    assert.deepStrictEqual(shown.rows.map((r) => r.cells[1]), ['0', '1', '2', '0', '1', '2', '0']);
    assert.deepStrictEqual(shown.rows.map((r) => r.cells[0]), ['10:00:01.000', '10:00:02.000', '10:00:03.000', '10:00:04.000', '10:00:05.000', '10:00:06.000', '10:00:07.000']);
    assert.match(shown.count, /^7 rows of 7 records$/);
    assert.deepStrictEqual(shown.grid, { role: 'grid', rowcount: '7' });
    assert.match(shown.rows[5].label, /^2026-02-04 10:00:06\.000, rank 2, ERROR: batch failed, first failure of the job, 3 more lines$/);
    assert.deepStrictEqual(shown.rows[5].cells.slice(4), ['batch failed', '3 more lines']);
    assert.ok(['codicon-flame', 'codicon-error', 'codicon-warning'].every((i) => shown.icons.includes(i)), JSON.stringify(shown.icons));
  });

  it('one key in the list keeps only errors (e), and another shows every level again (a)', async () => {
    await inWebview({ webview: 'job-log', action: 'press', selector: '#grid', key: 'e' });
    const errors = await shownWhen((s) => s.rows.length === 1, 'only the error');
    assert.match(errors.rows[0].label, /rank 2, ERROR: batch failed/);
    await inWebview({ webview: 'job-log', action: 'press', selector: '#grid', key: 'a' });
    await shownWhen((s) => s.rows.length === 7, 'every level again');
  });

  it('a traceback opens under its record', async () => {
    await inWebview({ webview: 'job-log', action: 'click', selector: '#spacer .row[data-row="5"]' });
    await inWebview({ webview: 'job-log', action: 'press', selector: '#grid', key: 'ArrowRight' });
    const shown = await shownWhen((s) => s.opened.length === 1, 'the traceback opened');
    assert.deepStrictEqual(shown.opened[0], ['Traceback (most recent call last):', '  File "x.py", line 1, in step', 'RuntimeError: CUDA out of memory']);
    await inWebview({ webview: 'job-log', action: 'press', selector: '#grid', key: 'ArrowLeft' });
    await shownWhen((s) => s.opened.length === 0, 'the traceback closed');
  });

  it('n and N step through the rows the text matches, when it marks rather than hides', async () => {
    await inWebview({ webview: 'job-log', action: 'click', selector: '#only-matches' });
    await inWebview({ webview: 'job-log', action: 'fill', selector: '#text', value: 'failed' });
    await shownWhen((s) => s.rows.length === 7 && s.rows.filter((r) => /, matches$/.test(r.label)).length === 2, 'every row, two marked');
    await inWebview({ webview: 'job-log', action: 'click', selector: '#spacer .row[data-row="0"]' });
    await inWebview({ webview: 'job-log', action: 'press', selector: '#grid', key: 'n' });
    await shownWhen((s) => s.rows.find((r) => r.selected)?.row === 5, 'the first match selected');
    await inWebview({ webview: 'job-log', action: 'press', selector: '#grid', key: 'n' });
    await shownWhen((s) => s.rows.find((r) => r.selected)?.row === 6, 'the second match selected');
    await inWebview({ webview: 'job-log', action: 'press', selector: '#grid', key: 'n' });
    await shownWhen((s) => s.status === 'No later match.', 'no later match');
    await inWebview({ webview: 'job-log', action: 'press', selector: '#grid', key: 'N' });
    await shownWhen((s) => s.rows.find((r) => r.selected)?.row === 5, 'back to the first match');
    await inWebview({ webview: 'job-log', action: 'fill', selector: '#text', value: '' });
    await inWebview({ webview: 'job-log', action: 'click', selector: '#only-matches' });
    await shownWhen((s) => s.rows.length === 7, 'seven rows again');
  });

  it('shows log text that looks like HTML as text, creating no element', async () => {
    // The rows settle after the filters of the test before are cleared (a late answer may redraw them).
    const shown = await shownWhen((s) => s.rows.length === 7 && s.rows[3]?.cells[4] === '<img src=x onerror=alert(1)>', 'the seven rows, as text');
    assert.strictEqual(shown.rows[3].cells[4], '<img src=x onerror=alert(1)>');
    assert.strictEqual(shown.rows[4].cells[4], '<script>alert(2)</script>');
    assert.deepStrictEqual([shown.elements.img, shown.elements.iframe], [0, 0], 'no element from log text');
    assert.ok(shown.elements.scripts.some((s) => s.endsWith('/dist/webview/jobLog.js')), 'the page\'s own script');
    assert.ok(!shown.elements.scripts.some((s) => s.includes('alert')), JSON.stringify(shown.elements.scripts));
  });

  it('typing a filter reduces the rows and the count', async () => {
    await inWebview({ webview: 'job-log', action: 'fill', selector: '#text', value: 'failed' });
    const shown = await shownWhen((s) => s.rows.length === 2, 'two matching rows');
    // Rank 2's error is the job's first failure.
    assert.deepStrictEqual(shown.rows.map((r) => r.cells[4]), ['batch failed', 'step 3 failed to sync']);
    assert.match(shown.count, /^2 rows of 7 records$/);
    await inWebview({ webview: 'job-log', action: 'fill', selector: '#ranks', value: '3-1' });
    await shownWhen((s) => /goes down: write 1-3/.test(s.problem), 'a message for a bad rank set');
    await inWebview({ webview: 'job-log', action: 'fill', selector: '#ranks', value: '!2' });
    await shownWhen((s) => s.rows.length === 1 && s.problem === '', 'rank 2 left out');
  });

  it('a time range keeps the records between its ends', async () => {
    await inWebview({ webview: 'job-log', action: 'fill', selector: '#ranks', value: '' });
    await inWebview({ webview: 'job-log', action: 'fill', selector: '#text', value: '' });
    await inWebview({ webview: 'job-log', action: 'fill', selector: '#since', value: '2026-02-04 10:00:05' });
    const shown = await shownWhen((s) => s.rows.length === 3, 'the records from 10:00:05 on');
    assert.deepStrictEqual(shown.rows.map((r) => r.cells[0]), ['10:00:05.000', '10:00:06.000', '10:00:07.000']);
    await inWebview({ webview: 'job-log', action: 'fill', selector: '#since', value: '' });
    await inWebview({ webview: 'job-log', action: 'fill', selector: '#text', value: 'failed' });
    await inWebview({ webview: 'job-log', action: 'fill', selector: '#ranks', value: '!2' });
    await shownWhen((s) => s.rows.length === 1, 'back to the failed records of ranks other than 2');
  });

  it('a record appended to a rank appears', async () => {
    fs.appendFileSync(path.join(dir(), 'worker_1.log'), rec(8, 1, 'ERROR', 'allreduce failed on rank 1'));
    const shown = await shownWhen((s) => s.rows.some((r) => r.cells[4] === 'allreduce failed on rank 1'), 'the appended record');
    assert.deepStrictEqual(shown.rows.map((r) => `${r.cells[1]} ${r.cells[4]}`), ['0 step 3 failed to sync', '1 allreduce failed on rank 1'], JSON.stringify(shown));
  });

  it('Enter on a row opens the rank\'s file at that line', async () => {
    await inWebview({ webview: 'job-log', action: 'fill', selector: '#ranks', value: '' });
    await inWebview({ webview: 'job-log', action: 'fill', selector: '#text', value: '' });
    await shownWhen((s) => s.rows.length === 8, 'all eight rows again');
    await inWebview({ webview: 'job-log', action: 'click', selector: '#spacer .row[data-row="5"]' });
    await inWebview({ webview: 'job-log', action: 'press', selector: '#grid', key: 'Enter' });
    await waitFor(() => vscode.window.activeTextEditor?.document.uri.fsPath === path.join(dir(), 'worker_2.log'), 'rank 2\'s log to open');
    assert.strictEqual(vscode.window.activeTextEditor!.selection.active.line, 1);
  });

  it('Reveal in Job Log selects the record of a line in a rank\'s log', async () => {
    const found = await vscode.commands.executeCommand('workerLogs.revealInJobLog', { path: path.join(dir(), 'worker_0.log'), line: 2 });
    assert.strictEqual(found, true);
    await shownWhen((s) => s.rows.some((r) => r.selected && /rank 0, WARNING: step 3 failed to sync/.test(r.label)), 'rank 0\'s warning selected');
  });

  it('a typed expression that backtracks for ever on a record (case-insensitive, as typed) does not hold the window: its rows are shown', async () => {
    // `(\w+\s?)+$` splits the 60 letters before the `!` 2^60 ways before it gives up.
    fs.appendFileSync(path.join(dir(), 'worker_1.log'), rec(9, 1, 'INFO', `${'a'.repeat(60)}!`));
    await shownWhen((s) => s.rows.length === 9, 'the appended record among nine rows');
    await inWebview({ webview: 'job-log', action: 'click', selector: '#regex' });
    try {
      await inWebview({ webview: 'job-log', action: 'fill', selector: '#text', value: '^(\\w+\\s?)+$' });
      const shown = await shownWhen((s) => s.rows.length === 3, 'the three records of words alone');
      assert.deepStrictEqual(shown.rows.map((r) => r.cells[4]), ['batch failed', 'step 3 failed to sync', 'allreduce failed on rank 1']);
    } finally {
      await inWebview({ webview: 'job-log', action: 'fill', selector: '#text', value: '' });
      await inWebview({ webview: 'job-log', action: 'click', selector: '#regex' });
    }
  });
});
