import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { WorkerLogsApi } from '../../src/extension';
import { extensionApi, screenshot, screenshotTest, workspaceRoot } from '../support/vscodeHelpers';
import { rankPid } from '../support/rankProcesses';
import { waitFor } from '../support/waitFor';

// Each test launches its own job into its own log folder and stops it afterwards, so a test
// never depends on what an earlier one left running.
describe('launching a multi-GPU job (terminals mode, CPU workers, fake nvidia-smi)', function () {
  this.timeout(180_000);
  let api: WorkerLogsApi;
  let launched = 0;
  const logDirOf = (name: string): string => path.join(workspaceRoot(), 'logs', name);
  const logOf = (name: string, rank: number): string => path.join(logDirOf(name), `worker_${rank}.log`);
  const read = (name: string, rank: number): string => (fs.existsSync(logOf(name, rank)) ? fs.readFileSync(logOf(name, rank), 'utf8') : '');
  const terminalNames = [0, 1, 2, 3].map((r) => `Rank ${r} · GPU ${r}`);

  /** Launches a 4-rank CPU job named `cpu-<n>`; rank `crashRank` raises at step 3. */
  async function launch(crashRank?: number): Promise<string> {
    const name = `cpu-${++launched}`;
    fs.rmSync(logDirOf(name), { recursive: true, force: true });
    const start = Date.now();
    let firstRecordsMs: number | undefined;
    const allFirst = () => [0, 1, 2, 3].every((rank) => read(name, rank).includes(`Worker ${rank} - tests.cpu_job - INFO - rank=${rank}`));
    const watch = setInterval(() => {
      if (firstRecordsMs === undefined && allFirst()) firstRecordsMs = Date.now() - start;
    }, 10);
    const result = (await vscode.commands.executeCommand('workerLogs.launchJob', {
      name,
      program: 'scripts/cpu_job.py',
      args: ['--tag', 'a b', '$(not a shell)'],
      logDir: `logs/${name}`,
      env: crashRank === undefined ? {} : { CRASH_RANK: String(crashRank) },
    })) as { terminals: string[]; timings: Record<string, number> } | undefined;
    assert.ok(result, 'the launch command returned the job');
    assert.deepStrictEqual(result.terminals, terminalNames);
    for (const rank of [0, 1, 2, 3]) await waitFor(() => read(name, rank).includes(`Worker ${rank} - tests.cpu_job - INFO - rank=${rank}`), `rank ${rank}'s first record`, 30_000);
    await waitFor(() => firstRecordsMs !== undefined, 'the first records', 5_000);
    clearInterval(watch);
    console.log(`      (launch of 4 CPU ranks -> every rank's first record: ${firstRecordsMs} ms; the command planned in ${result.timings.planMs} ms, started the ranks ${result.timings.startMs} ms later)`);
    return name;
  }

  const rankNode = (name: string, rank: number) => api.workers.provider.model.find((j) => j.dir === logDirOf(name))?.ranks.find((r) => r.rank === rank);

  before(async () => {
    // No GPU here: a fake nvidia-smi that reports four goes first on the extension host's PATH
    // (code-server gives the host its login shell's PATH, so it is set here, not by the harness).
    process.env.PATH = [path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'bin'), process.env.PATH].join(path.delimiter);
    api = await extensionApi();
  });

  afterEach(async () => {
    for (const job of api.launch.running.all()) await vscode.commands.executeCommand('workerLogs.stopJob', job.plan.name);
    await waitFor(() => !vscode.window.terminals.some((t) => t.name.startsWith('Rank ')), 'every rank terminal to close', 30_000);
  });

  it('opens one terminal per rank, named by rank and GPU, and every rank logs to its file', async () => {
    const name = await launch();
    await waitFor(() => terminalNames.every((n) => vscode.window.terminals.some((t) => t.name === n)), 'four rank terminals');
    for (const rank of [0, 1, 2, 3]) assert.ok(read(name, rank).includes(`rank=${rank} world_size=4 device=${rank} argv=['--tag', 'a b', '$(not a shell)']`), `rank ${rank}'s argv and GPU`);
  });

  it('the crashing rank exits 1 with its traceback in its log and shows as failed in the tree', async () => {
    const name = await launch(2);
    const job = api.launch.running.get(name);
    assert.ok(job);
    await waitFor(() => job.rank(2)?.lastEnding, 'rank 2 to exit', 30_000);
    assert.strictEqual(job.rank(2)!.lastEnding!.code, 1);
    assert.match(read(name, 2), /ERROR - Worker 2 failed with an uncaught exception\nTraceback \(most recent call last\):\n[\s\S]*RuntimeError: CUDA out of memory on rank 2 \(simulated\)\n/);
    assert.ok(job.rank(0)!.process.alive, 'the other ranks keep running');
    await waitFor(() => {
      const r2 = rankNode(name, 2);
      const item = r2 && api.workers.provider.getTreeItem(r2);
      return item && (item.iconPath as vscode.ThemeIcon).id === 'error' && String(item.description).includes('exit 1') && item.contextValue === 'rank.failed.launched';
    }, 'rank 2 failed in the Workers view', 20_000);
    assert.strictEqual(rankNode(name, 0)!.state, 'running');
  });

  screenshotTest('takes a screenshot of the rank terminals', async () => {
    const name = await launch(2);
    await waitFor(() => api.launch.running.get(name)?.rank(2)?.lastEnding, 'rank 2 to exit', 30_000);
    vscode.window.terminals.find((t) => t.name === 'Rank 2 · GPU 2')?.show(true);
    await vscode.commands.executeCommand('workbench.view.extension.workerLogs');
    await screenshot('rank-terminals');
  });

  it('Restart Rank runs it again in its terminal and its log gets a resume record', async () => {
    const name = await launch(2);
    const job = api.launch.running.get(name)!;
    await waitFor(() => job.rank(2)?.lastEnding?.code === 1, 'rank 2 to crash', 30_000);
    await vscode.commands.executeCommand('workerLogs.restartRank', { path: logOf(name, 2) });
    await waitFor(() => /=== Resume at \d{4}-\d{2}-\d{2}T[\d:.]+ ===\n.*Worker 2 logging initialized/.test(read(name, 2)), 'a resume record in rank 2', 30_000);
    await waitFor(() => !job.rank(2)!.process.alive && job.rank(2)!.lastEnding?.code === 1 && read(name, 2).split('CUDA out of memory on rank 2').length === 3, 'rank 2 to crash again', 30_000);
    await waitFor(() => rankNode(name, 2)?.sessions.length === 2, 'two sessions of rank 2 in the tree', 20_000);
  });

  it('a rank killed by SIGKILL (as the OOM killer does) in its terminal: its ending is recorded by the relay, it is failed and the first failure', async () => {
    const name = await launch();
    const pid = rankPid(read(name, 1));
    process.kill(pid, 'SIGKILL');
    await waitFor(() => /Worker 1 ended: signal SIGKILL\n$/.test(read(name, 1)), "rank 1's ending written by its terminal's relay", 20_000);
    const job = await waitFor(() => {
      const j = api.workers.provider.model.find((m) => m.dir === logDirOf(name));
      return j?.firstFailure?.rank === 1 ? j : undefined;
    }, 'rank 1 the first failure', 20_000);
    assert.strictEqual(job.ranks[1].state, 'failed');
    assert.match(job.firstFailure!.record.message, /^Worker 1 was killed by SIGKILL without logging an error \(SIGKILL: the OOM killer kills so/);
    assert.deepStrictEqual([0, 2, 3].map((r) => job.ranks[r].state), ['running', 'running', 'running']);
  });

  it('Stop Job interrupts every rank and closes the terminals', async () => {
    const name = await launch(2);
    const job = api.launch.running.get(name)!;
    await waitFor(() => job.rank(2)?.lastEnding?.code === 1, 'rank 2 to crash', 30_000);
    const alive = job.ranks.filter((r) => r.process.alive).map((r) => r.spec.rank!);
    assert.deepStrictEqual(alive, [0, 1, 3]);
    await vscode.commands.executeCommand('workerLogs.stopJob', name);
    assert.ok(job.ranks.every((r) => !r.process.alive));
    // Each with where it was (the diagnosis reads it as a stack dump).
    for (const rank of alive) assert.match(read(name, rank), new RegExp(`Worker ${rank} received SIGINT; exiting\\nTraceback \\(most recent call last\\):\\n(  .*\\n)+KeyboardInterrupt\\n`));
    await waitFor(() => !vscode.window.terminals.some((t) => t.name.startsWith('Rank ') && t.name.includes('GPU 0')), 'the terminals to close');
    assert.strictEqual(api.launch.running.get(name), undefined);
    // Stopped ranks are not failures; rank 2, which crashed, still is.
    await waitFor(() => {
      const states = api.workers.provider.model.find((j) => j.dir === logDirOf(name))?.ranks.map((r) => r.state);
      return states && states[2] === 'failed' && [0, 1, 3].every((r) => states[r] !== 'failed');
    }, 'stopped ranks not shown as failed');
    // Where each stopped rank was: its KeyboardInterrupt traceback, a stack in the Diagnosis.
    const interrupted = await waitFor(() => {
      const stacks = api.workers.provider.diagnosisOf(logDirOf(name))?.children.find((c) => c.label.startsWith('Stacks: '));
      const labels = stacks?.children.flatMap((g) => g.children.map((c) => c.label)) ?? [];
      return alive.every((r) => labels.includes(`Rank ${r}'s KeyboardInterrupt`)) ? labels : undefined;
    }, "the stopped ranks' KeyboardInterrupt stacks in the Diagnosis", 30_000);
    assert.ok(interrupted.length >= alive.length);
  });

  it('a rank stopped at breakpoint() is debugged from its terminal: line editing, p rank, c', async () => {
    const name = 'pdb-job';
    fs.rmSync(logDirOf(name), { recursive: true, force: true });
    await vscode.commands.executeCommand('workerLogs.launchJob', { name, program: 'scripts/pdb_job.py', workers: 2, logDir: `logs/${name}` });
    const job = api.launch.running.get(name)!;
    const rank0 = job.rank(0)!;
    await waitFor(() => rank0.transcript.includes('(Pdb) '), 'the pdb prompt in rank 0\'s terminal', 30_000);
    const terminal = vscode.window.terminals.find((t) => t.name === 'Rank 0 · GPU 0')!;
    // A typo, fixed with two Backspaces before Enter.
    terminal.sendText('p rnx\x7f\x7fank\r', false);
    await waitFor(() => /\r\n0\r\n\(Pdb\) /.test(rank0.transcript), 'pdb to print rank 0', 20_000);
    terminal.sendText('c\r', false);
    await waitFor(() => rank0.lastEnding !== undefined, 'rank 0 to finish', 20_000);
    assert.strictEqual(rank0.lastEnding!.code, 0, rank0.transcript.slice(-2000));
    assert.match(read(name, 0), /rank=0 after the breakpoint/);
    assert.match(read(name, 1), /rank=1 after the breakpoint/);
  });
});
