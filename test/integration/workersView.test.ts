import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { failedJobs, firstFailureNode, type WorkerTreeNode } from '../../src/core/workerTreeModel';
import type { WorkerLogsApi } from '../../src/extension';
import { closeAllEditors, extensionApi, inWebview, screenshot, workspaceRoot } from '../support/vscodeHelpers';
import { processHolding } from '../support/rankProcesses';
import { ageFiles } from '../support/tempFiles';
import { waitFor, waitForValue } from '../support/waitFor';

function stamp(d: Date): string {
  const iso = d.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)},${iso.slice(20, 23)}`;
}

describe('Workers view (tree of job folders, ranks, sessions)', function () {
  let api: WorkerLogsApi;
  const jobs = (): string => path.join(workspaceRoot(), 'jobs');

  /** What VS Code renders: the provider's items, by label. */
  async function items(node?: WorkerTreeNode): Promise<{ node: WorkerTreeNode; item: vscode.TreeItem }[]> {
    const children = await api.workers.provider.getChildren(node);
    return children.map((c) => ({ node: c, item: api.workers.provider.getTreeItem(c) }));
  }

  async function find(labels: string[]): Promise<{ node: WorkerTreeNode; item: vscode.TreeItem }> {
    let parent: WorkerTreeNode | undefined;
    let found: { node: WorkerTreeNode; item: vscode.TreeItem } | undefined;
    for (const label of labels) {
      const list = await items(parent);
      found = list.find((x) => x.item.label === label);
      assert.ok(found, `no "${label}" among ${list.map((x) => x.item.label).join(', ')}`);
      parent = found.node;
    }
    return found!;
  }

  /**
   * Runs an item's command on it, as its menu's Open Log does (a click runs it without arguments,
   * on the view's selection: the live job's test below clicks in the workbench).
   */
  async function open(x: { node: WorkerTreeNode; item: vscode.TreeItem }): Promise<void> {
    assert.ok(x.item.command, `${String(x.item.label)} has a command`);
    assert.deepStrictEqual(x.item.command.arguments ?? [], [], 'a command without arguments (VS Code forgets those of an item that renders again)');
    await vscode.commands.executeCommand(x.item.command.command, x.node);
  }

  /** Failed ranks outside the fixture jobs (other suites launch jobs in this window). */
  const otherFailures = (): number => api.workers.provider.model.filter((j) => !j.label.startsWith('jobs/')).reduce((n, j) => n + j.failedRanks, 0);

  before(async () => {
    api = await extensionApi();
    await waitFor(() => ['jobs/crashed', 'jobs/resumed'].every((l) => api.workers.provider.model.some((j) => j.label === l)), 'the two fixture jobs in the tree', 20_000);
  });

  it('shows both job folders with their descriptions', async () => {
    const top = (await items()).filter((x) => String(x.item.label).startsWith('jobs/'));
    assert.deepStrictEqual(top.map((x) => x.item.label), ['jobs/crashed', 'jobs/resumed']);
    assert.strictEqual(top[1].item.description, '4 ranks · first failure: rank 2, attempt 1');
    assert.strictEqual(top[0].item.description, '2 ranks · 1 failed · first failure: rank 1, attempt 2');
  });

  it("renders again only the items whose words changed, and nothing when a rebuilt model shows the same (each render of an item replaces its command and its children's: a click on one as it did so ran none)", async () => {
    const provider = api.workers.provider;
    // The view shown with rank 0 of the crashed job in it: VS Code holds its item.
    const rank0 = (await find(['jobs/crashed', 'Rank 0'])).node;
    await api.workers.view.reveal(rank0, { select: false, focus: false });
    const events: (readonly WorkerTreeNode[] | undefined)[] = [];
    const sub = provider.onDidChangeTreeData((e) => events.push(e ?? undefined));
    /** The ids of the items each event rendered again (undefined: the whole view). */
    const rendered = (): (string[] | undefined)[] => events.map((e) => e?.map((n) => n.id));
    try {
      const model = provider.model;
      // The same model rebuilt (new objects, as the clock of a live job rebuilds it): nothing to render.
      provider.setModel(JSON.parse(JSON.stringify(model)));
      provider.setModel([...model]);
      assert.deepStrictEqual(events, []);
      // One rank's description changed: that item alone is rendered again (not the whole view), and shows it.
      const changed = model.map((j) => (j.label === 'jobs/crashed' ? { ...j, ranks: j.ranks.map((r) => (r.rank === 0 ? { ...r, description: `${r.description} · changed` } : r)) } : j));
      provider.setModel(changed);
      assert.deepStrictEqual(rendered(), [[rank0.id]]);
      // (At once, before a rebuild of the real model could come between; by the node VS Code holds.)
      assert.strictEqual(events[0]![0], rank0);
      assert.match(String(provider.getTreeItem(rank0).description), / · changed/);
      // What VS Code holds (and its menus pass to their commands) is the newest node, not a model's own object (it keeps no old model alive).
      assert.match(rank0.kind === 'rank' ? rank0.description : '', / · changed/);
      assert.ok(!changed.some((j) => j === (rank0 as unknown) || j.ranks.includes(rank0 as never)), 'a copy of the provider');
      provider.setModel([...model]);
      assert.deepStrictEqual(rendered(), [[rank0.id], [rank0.id]]);
      assert.doesNotMatch(String(provider.getTreeItem(rank0).description), / · changed/);
    } finally {
      sub.dispose();
    }
  });

  it('lists ranks in numeric order with sessions, counts, states and steps; rank 2 finished yet first to fail', async () => {
    // The step each rank reached is read from its log's end, a moment after the tree shows.
    const ranks = await waitFor(async () => {
      const list = await items((await find(['jobs/resumed'])).node);
      return list.every((x) => String(x.item.description).includes('step ')) && list;
    }, 'the ranks with their steps');
    assert.deepStrictEqual(ranks.map((x) => x.item.label), ['Rank 0', 'Rank 1', 'Rank 2', 'Rank 3']);
    const r2 = ranks[2];
    assert.strictEqual(r2.item.description, 'first failure · 2 sessions · 1 error · 1 warning · 10:16:28 · step 900');
    assert.strictEqual((r2.item.iconPath as vscode.ThemeIcon).id, 'pass');
    assert.strictEqual(ranks[0].item.description, '2 sessions · 2 errors · 1 warning · 10:16:28 · step 900');
    const sessions = await items(r2.node);
    assert.deepStrictEqual(sessions.map((x) => x.item.label), ['Session 1 · started 10:00:00', 'Session 2 · resumed 10:15:00']);
    assert.strictEqual((sessions[0].item.iconPath as vscode.ThemeIcon).id, 'flame');
    assert.match(String(sessions[0].item.description), /^first failure · /);
    const errors = await items(sessions[0].node);
    assert.strictEqual(errors.length, 1);
    assert.match(String(errors[0].item.label), /^torch\.cuda\.OutOfMemoryError: CUDA out of memory/);
  });

  it('shows rank 1 of the crashed job as failed, and counts it in the badge', async () => {
    const r1 = await find(['jobs/crashed', 'Rank 1']);
    assert.strictEqual((r1.item.iconPath as vscode.ThemeIcon).id, 'error');
    assert.strictEqual(api.workers.view.badge?.value, 1 + otherFailures());
  });

  it('opens a session at its separator line when clicked', async () => {
    await closeAllEditors();
    const s2 = await find(['jobs/resumed', 'Rank 2', 'Session 2 · resumed 10:15:00']);
    await open(s2);
    const editor = await waitFor(() => vscode.window.activeTextEditor?.document.uri.fsPath.endsWith('worker_2.log') && vscode.window.activeTextEditor, 'the log to open');
    assert.strictEqual(editor.selection.active.line, 16);
    assert.match(editor.document.lineAt(16).text, /=== Resume at 2026-02-04T10:15:00\.125456 ===$/);
    const err = await find(['jobs/resumed', 'Rank 2', 'Session 1 · started 10:00:00']);
    const record = (await items(err.node))[0];
    await open(record);
    await waitFor(() => vscode.window.activeTextEditor?.selection.active.line === 8, 'the error record line');
  });

  it("a click on a rank of a live job opens its log, however often its item renders again (30 clicks in the workbench while its 4 ranks write every 100 ms)", async function () {
    this.timeout(180_000);
    // Ranks 70-73: their rows alone in the view are labelled so.
    const dir = path.join(jobs(), 'clicked-live');
    fs.mkdirSync(dir, { recursive: true });
    const ranks = [70, 71, 72, 73];
    let step = 0;
    const write = (): void => {
      for (const r of ranks) fs.appendFileSync(path.join(dir, `worker_${r}.log`), `${stamp(new Date())} - Worker ${r} - train - INFO - step ${step} loss 0.5\n`);
      step++;
    };
    write();
    await api.workers.refresh();
    await waitFor(() => api.workers.provider.model.find((j) => j.label === 'jobs/clicked-live')?.ranks.length === 4, 'the live job in the tree');
    let writer: NodeJS.Timeout | undefined;
    try {
      await closeAllEditors();
      await vscode.commands.executeCommand('workbench.view.extension.workerLogs');
      // The other jobs collapsed: rows of theirs that come or go (another suite's live job, a
      // diagnosis) do not move this job's rows under a click (the list reuses a row's element).
      await vscode.commands.executeCommand('workbench.actions.treeView.workerLogs.workers.collapseAll');
      // Its rows in sight (before it writes: a reveal waits for the view to settle).
      await api.workers.view.reveal((await find(['jobs/clicked-live', 'Rank 73'])).node, { select: false, focus: false });
      const rowOf = (rank: number): string => `.monaco-list-row[aria-label^="Rank ${rank} "]`;
      await waitFor(async () => (await inWebview<{ texts: string[] }>({ webview: 'workbench', action: 'text', selector: rowOf(73) })).texts.length === 1, "rank 73's row in the view");
      writer = setInterval(write, 100);
      const opened: string[] = [];
      for (let k = 0; k < 30; k++) {
        const rank = ranks[k % 4];
        const row = rowOf(rank);
        const rows = await inWebview<{ texts: string[] }>({ webview: 'workbench', action: 'text', selector: row });
        assert.strictEqual(rows.texts.length, 1, `one row of rank ${rank}: ${JSON.stringify(rows.texts)}`);
        // The row found and clicked in one step of the page: a click at its place a moment after it
        // was found landed, in two clean clones' runs, on the rank above it (the list had moved its
        // rows down one between the two, though the view's other jobs were collapsed).
        const clicked = await inWebview<{ label: string }>({ webview: 'workbench', action: 'click', selector: row, atOnce: true });
        assert.ok(clicked.label.startsWith(`Rank ${rank} `), clicked.label);
        const ok = await waitFor(() => vscode.window.activeTextEditor?.document.uri.fsPath.endsWith(`worker_${rank}.log`), `rank ${rank}'s log open after click ${k + 1}`, 3000).catch(() => false);
        opened.push(ok ? 'opened' : `click ${k + 1} on rank ${rank}: ${vscode.window.activeTextEditor?.document.uri.fsPath ?? 'no editor'} active`);
      }
      const notes = await inWebview<{ texts: string[] }>({ webview: 'workbench', action: 'text', selector: '.notifications-toasts .notification-toast' });
      assert.deepStrictEqual(notes.texts.filter((t) => /command not found/i.test(t)).map((t) => t.slice(0, 100)), []);
      assert.deepStrictEqual(opened.filter((o) => o !== 'opened'), [], `${step} steps written meanwhile`);
    } finally {
      clearInterval(writer);
      await closeAllEditors();
      fs.rmSync(dir, { recursive: true, force: true });
      await api.workers.refresh();
    }
  });

  it('updates live: appended records, a new rank file, a deleted one', async () => {
    const file = path.join(jobs(), 'crashed', 'worker_0.log');
    const t = new Date(Date.UTC(2026, 1, 5, 9, 5, 0));
    fs.appendFileSync(file, `${stamp(t)} - Worker 0 - train - ERROR - appended by the test\n`);
    await waitFor(async () => {
      const r0 = await find(['jobs/crashed', 'Rank 0']);
      return String(r0.item.description).includes('1 error') && (r0.item.iconPath as vscode.ThemeIcon).id === 'error';
    }, 'rank 0 to show the appended error');
    await waitFor(() => api.workers.view.badge?.value === 2 + otherFailures(), 'the badge to count one more failed rank');

    const newRank = path.join(jobs(), 'resumed', 'worker_4.log');
    fs.writeFileSync(newRank, `${stamp(t)} - Worker 4 - train - INFO - late joiner\n`);
    await waitFor(async () => (await items((await find(['jobs/resumed'])).node)).some((x) => x.item.label === 'Rank 4'), 'Rank 4 to appear');
    fs.unlinkSync(newRank);
    await waitFor(async () => !(await items((await find(['jobs/resumed'])).node)).some((x) => x.item.label === 'Rank 4'), 'Rank 4 to disappear');
  });

  it("a job started from a shell in a folder made with its parents (mkdir -p, os.makedirs) appears without a Refresh when its logs come later, its later ranks and a capture made empty there too", async () => {
    // VS Code's workspace watcher on Linux (@parcel/watcher's inotify) watches a folder made with
    // its parents only at the top: nothing made below it is reported.
    const dir = path.join(workspaceRoot(), 'shell-runs', 'run-7', 'logs');
    fs.mkdirSync(dir, { recursive: true });
    const record = (r: number, text: string) => `2026-11-30 09:00:00,000 - Worker ${r} - train - INFO - ${text}\n`;
    // The job's logs come a while after its folder (a job waiting in Slurm's queue): the discovery
    // the new folder set off has passed.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    for (const r of [0, 1]) fs.writeFileSync(path.join(dir, `worker_${r}.log`), record(r, 'step 1'));
    const label = path.join('shell-runs', 'run-7', 'logs');
    // A capture made empty there, its lines later, as Slurm's output file is.
    const capture = path.join(workspaceRoot(), 'shell-runs', 'run-7', 'slurm-11.out');
    fs.writeFileSync(capture, '');
    try {
      const started = Date.now();
      await waitFor(() => api.workers.provider.model.find((j) => j.label === label)?.ranks.length === 2, 'the job of the new folder with its 2 ranks, without a Refresh', 20_000);
      console.log(`      folder made with its parents -> job in the tree: ${Date.now() - started} ms`);
      fs.writeFileSync(path.join(dir, 'worker_2.log'), record(2, 'late joiner'));
      await waitFor(() => api.workers.provider.model.find((j) => j.label === label)?.ranks.length === 3, 'rank 2, written later', 20_000);
      await new Promise((resolve) => setTimeout(resolve, 2500));
      let step = 1;
      await waitFor(() => {
        fs.appendFileSync(capture, `0: 2026-11-30 09:00:0${step % 10},000 INFO train: step ${step}\n1: 2026-11-30 09:00:0${step % 10},000 INFO train: step ${step++}\n`);
        return api.workers.provider.model.find((j) => j.label.includes('slurm-11.out'))?.ranks.length === 2;
      }, 'the capture made empty in the new folder, as a job once its lines came', 20_000);
    } finally {
      fs.rmSync(path.join(workspaceRoot(), 'shell-runs'), { recursive: true, force: true });
      await api.workers.refresh();
    }
  });

  // The figure `npm run bench` quotes (target <= 300 ms): from a write to the rank's tree item
  // showing it, timed at the provider's change event, for appends a few hundred ms apart as a
  // training job logs; the second half while another rank of the job writes every 20 ms.
  // Printed, never asserted (machines here are noisy); every update must land.
  it('live update latency: write -> tree item updated (printed)', async () => {
    const file = path.join(jobs(), 'crashed', 'worker_0.log');
    const warnings = async (): Promise<number> => Number(/(\d+) warnings?/.exec(String((await find(['jobs/crashed', 'Rank 0'])).item.description))?.[1] ?? 0);
    const runs = Number(process.env.GWL_LIVE_RUNS ?? 10);
    const latencies: number[] = [];
    // The rank's index first counts what the file holds (this test may run alone, right after
    // the job appears): a count read earlier would wait for a number the tree never shows.
    const inFile = (): number => (fs.readFileSync(file, 'utf8').match(/ - WARNING - /g) ?? []).length;
    let count = await waitFor(async () => {
      const n = await warnings();
      return n === inFile() ? n : undefined;
    }, 'rank 0 of jobs/crashed counted');
    const busy = path.join(jobs(), 'crashed', 'worker_1.log');
    let writer: NodeJS.Timeout | undefined;
    for (let i = 0; i < runs; i++) {
      if (i === Math.floor(runs / 2)) {
        // (Warnings: after rank 1's logged error, records of its own below WARNING would say it went on from it, and rank 1 is the job's first failure in the tests after this one.)
        writer = setInterval(() => fs.appendFileSync(busy, `${stamp(new Date())} - Worker 1 - train - WARNING - busy rank writing\n`), 20);
      }
      const t = new Date(Date.UTC(2026, 1, 5, 9, 6, i));
      const seen = new Promise<number>((resolve) => {
        const sub = api.workers.provider.onDidChangeTreeData(() => {
          void warnings().then((n) => {
            if (n !== count + 1) return;
            sub.dispose();
            resolve(performance.now());
          });
        });
      });
      const start = performance.now();
      fs.appendFileSync(file, `${stamp(t)} - Worker 0 - train - WARNING - live update ${i}\n`);
      const at = await Promise.race([seen, new Promise<undefined>((r) => setTimeout(() => r(undefined), 10_000))]);
      if (at === undefined) clearInterval(writer);
      assert.ok(at !== undefined, `append ${i} never reached the tree`);
      latencies.push(at - start);
      count++;
      await new Promise((r) => setTimeout(r, 300 + 50 * (i % 4)));
    }
    clearInterval(writer);
    const sorted = [...latencies].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    console.log(`      live update latency: median ${median.toFixed(0)} ms, max ${sorted[sorted.length - 1].toFixed(0)} ms over ${runs} appends (half of them while rank 1 writes every 20 ms)`);
    if (process.env.GWL_BENCH_RESULTS) fs.appendFileSync(process.env.GWL_BENCH_RESULTS, JSON.stringify({ liveUpdateMs: latencies }) + '\n');
  });

  it("a rank hung an hour ago (its process still holds its worker_<N>.log, started without this window) shows running and how long it has been quiet; finished once the process is gone", async () => {
    const dir = path.join(jobs(), 'hung-by-hand');
    fs.mkdirSync(dir, { recursive: true });
    for (const r of [0, 1]) fs.writeFileSync(path.join(dir, `worker_${r}.log`), `2026-02-05 09:00:00,000 - Worker ${r} - train - INFO - step 40\n`);
    ageFiles(dir, 3600_000);
    const hung = await processHolding(path.join(dir, 'worker_1.log'), 'a', 120);
    const states = (): string | undefined =>
      api.workers.provider.model
        .find((j) => j.label === 'jobs/hung-by-hand')
        ?.ranks.map((r) => `${r.state}${/ · quiet 1h 00m/.test(r.description) ? ' quiet' : ''}`)
        .join(', ');
    try {
      await api.workers.refresh();
      await waitForValue(states, 'finished, running quiet', 'rank 1 running and quiet for an hour, rank 0 finished', 30_000);
      // Rank 0's log just ends while rank 1 still runs: killed without a word, or ended early; not shown passed.
      const rank0 = api.workers.provider.model.find((j) => j.label === 'jobs/hung-by-hand')!.ranks[0];
      assert.match(String(api.workers.provider.getTreeItem(rank0).description), /exit not recorded/);
      // Alive, silent, nothing in the log to say why: the job's Diagnosis says so (rank 1 may wait for rank 0), and a row asks for its stack.
      const diagnosis = (): string | undefined => api.workers.provider.diagnosisOf(dir)?.label;
      await waitFor(() => /^Diagnosis: Quiet: rank 1 is alive but wrote nothing since .*; rank 0 ended without saying how \(its last record at 2026-02-05 09:00:00\): it may be waiting for it$/.test(diagnosis() ?? ''), 'the Diagnosis of the quiet rank', 10_000).catch((e: Error) => {
        throw new Error(`${e.message}: ${diagnosis()}`);
      });
      const row = api.workers.provider.getTreeItem(api.workers.provider.diagnosisOf(dir)!.children.find((c) => c.dumpStacksOf !== undefined)!);
      assert.match(String(row.label), /^Rank 1 quiet since \d\d:\d\d:\d\d$/);
      assert.deepStrictEqual([row.command?.command, row.command?.arguments], ['workerLogs.dumpStacks', [dir]]);
      hung.kill('SIGKILL');
      await waitForValue(states, 'finished, finished', 'rank 1 finished once its process is gone', 10_000);
      await waitForValue(diagnosis, undefined, 'the Diagnosis to leave once no rank is quiet', 10_000);
    } finally {
      hung.kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
      await api.workers.refresh();
    }
  });

  it('Go to First Failure opens the failing record of the job given (its node or its folder), of the rank log in the editor, or of the one picked, the earliest failure first', async () => {
    const job = (label: string) => api.workers.provider.model.find((j) => j.label === label)!;
    const opened = (file: string, line: number) => waitFor(() => {
      const e = vscode.window.activeTextEditor;
      return e?.document.uri.fsPath === file && e.selection.active.line === line && e;
    }, `${path.basename(file)} at line ${line + 1}`);
    await closeAllEditors();
    const resumed = job('jobs/resumed');
    await vscode.commands.executeCommand('workerLogs.goToFirstFailure', resumed);
    const editor = await opened(path.join(resumed.dir, 'worker_2.log'), 8);
    assert.match(editor.document.lineAt(8).text, / - Worker 2 - .* - ERROR - /);
    const crashed = job('jobs/crashed');
    await vscode.commands.executeCommand('workerLogs.goToFirstFailure', crashed.dir);
    const crashedAt = firstFailureNode(crashed)!;
    assert.strictEqual(crashedAt.rank, 1);
    await opened(crashedAt.path, crashedAt.line);
    // No job given, a rank log of a job in the editor: that job's (crashed's, not the earliest).
    await closeAllEditors();
    await vscode.window.showTextDocument(vscode.Uri.file(path.join(crashed.dir, 'worker_0.log')));
    await vscode.commands.executeCommand('workerLogs.goToFirstFailure');
    await opened(crashedAt.path, crashedAt.line);
    // No job given, several failed (the fixtures', maybe other suites'), none in use (nothing in the
    // editor, the Workers view hidden, whatever it selects): a pick, its first item the earliest failure.
    await closeAllEditors();
    await vscode.commands.executeCommand('workbench.view.explorer');
    await waitFor(() => !api.workers.view.visible, 'the Workers view hidden');
    const earliest = firstFailureNode(failedJobs(api.workers.provider.model)[0])!;
    const done = vscode.commands.executeCommand('workerLogs.goToFirstFailure');
    await new Promise((r) => setTimeout(r, 1000));
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await done;
    await opened(earliest.path, earliest.line);
  });

  it("the palette's Open Job Log, Open Job Timeline and Go to First Failure act on the job in use (selected in the Workers view, its log in the editor, its panel active) without a question, and ask, those first, when they name different jobs", async () => {
    const job = (label: string) => api.workers.provider.model.find((j) => j.label === label)!;
    const crashed = job('jobs/crashed');
    const resumed = job('jobs/resumed');
    /** A command that must not ask: it ends within 10 s. */
    const unasked = (command: string) =>
      Promise.race([vscode.commands.executeCommand<unknown>(command), new Promise((_, reject) => setTimeout(() => reject(new Error(`${command} asked which job (or hung)`)), 10_000))]);
    const question = async (): Promise<string[]> =>
      waitFor(async () => {
        const { texts } = await inWebview<{ texts: string[] }>({ webview: 'workbench', action: 'text', selector: '.quick-input-list .monaco-list-row' });
        return texts.length >= 2 && texts;
      }, 'the question which job');
    await closeAllEditors();
    await vscode.commands.executeCommand('workbench.view.extension.workerLogs');
    const rank0 = await find(['jobs/crashed', 'Rank 0']);
    await api.workers.view.reveal(rank0.node, { select: true, focus: false });
    await waitFor(() => api.workers.view.visible && api.workers.view.selection[0]?.id === rank0.node.id, "crashed's rank 0 selected");
    // Selected in the view, nothing in the editor.
    assert.strictEqual(path.resolve(String(await unasked('workerLogs.openJobLog'))), path.resolve(crashed.dir));
    await waitFor(() => api.jobLog.panels.get(path.resolve(crashed.dir))?.panel.active, "crashed's Job Log active");
    // Its Job Log active: that job's timeline.
    assert.strictEqual(await unasked('workerLogs.openTimeline'), path.resolve(crashed.dir));
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    // A rank log of another job in the editor while crashed's rank stays selected: asked, those two first.
    await vscode.window.showTextDocument(vscode.Uri.file(resumed.ranks[0].path));
    const asked = vscode.commands.executeCommand<string>('workerLogs.openJobLog');
    const rows = await question();
    assert.match(rows[0], /jobs\/resumed.*in the editor/);
    assert.match(rows[1], /jobs\/crashed.*selected in the Workers view/);
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    assert.strictEqual(path.resolve(await asked), path.resolve(resumed.dir));
    // The view hidden, the editor's job alone: its first failure, no question.
    await closeAllEditors();
    await vscode.window.showTextDocument(vscode.Uri.file(resumed.ranks[0].path));
    await vscode.commands.executeCommand('workbench.view.explorer');
    await waitFor(() => !api.workers.view.visible, 'the Workers view hidden');
    await unasked('workerLogs.goToFirstFailure');
    const at = firstFailureNode(resumed)!;
    await waitFor(() => vscode.window.activeTextEditor?.document.uri.fsPath === at.path && vscode.window.activeTextEditor.selection.active.line === at.line, "resumed's first failure opened");
    await closeAllEditors();
  });

  it('reveals a rank and opens its error record from the tree (the README screenshot)', async () => {
    await vscode.commands.executeCommand('workbench.view.extension.workerLogs');
    const r2 = await find(['jobs/resumed', 'Rank 2']);
    await api.workers.view.reveal(r2.node, { expand: 2, select: true, focus: false });
    await closeAllEditors();
    const s1 = await find(['jobs/resumed', 'Rank 2', 'Session 1 · started 10:00:00']);
    const rec = (await items(s1.node))[0];
    await open(rec);
    await waitFor(() => vscode.window.activeTextEditor?.selection.active.line === 8, 'the record to open');
    if (process.env.GWL_SCREENSHOT_DIR) assert.ok(fs.statSync(await screenshot('workers-tree')).size > 10_000);
  });
});
