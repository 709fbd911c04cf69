import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { WorkerLogsApi } from '../../src/extension';
import { extensionApi, screenshot, workspaceRoot } from '../support/vscodeHelpers';
import { waitFor } from '../support/waitFor';

describe('launching a multi-GPU job (terminals mode, CPU workers, fake nvidia-smi)', function () {
  this.timeout(180_000);
  let api: WorkerLogsApi;
  const logDir = (): string => path.join(workspaceRoot(), 'logs', 'cpu');
  const logOf = (rank: number): string => path.join(logDir(), `worker_${rank}.log`);
  const read = (rank: number): string => (fs.existsSync(logOf(rank)) ? fs.readFileSync(logOf(rank), 'utf8') : '');

  before(async () => {
    // No GPU here: a fake nvidia-smi that reports four goes first on the extension host's PATH
    // (code-server gives the host its login shell's PATH, so it is set here, not by the harness).
    process.env.PATH = [path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'bin'), process.env.PATH].join(path.delimiter);
    api = await extensionApi();
  });

  it('opens one terminal per rank, named by rank and GPU, and every rank logs to its file', async () => {
    const result = (await vscode.commands.executeCommand('workerLogs.launchJob', {
      name: 'cpu-test',
      program: 'scripts/cpu_job.py',
      args: ['--tag', 'a b', '$(not a shell)'],
      logDir: 'logs/cpu',
      env: { CRASH_RANK: '2' },
    })) as { terminals: string[] } | undefined;
    assert.ok(result, 'the launch command returned the job');
    assert.deepStrictEqual(result.terminals, ['Rank 0 · GPU 0', 'Rank 1 · GPU 1', 'Rank 2 · GPU 2', 'Rank 3 · GPU 3']);
    await waitFor(() => ['Rank 0 · GPU 0', 'Rank 1 · GPU 1', 'Rank 2 · GPU 2', 'Rank 3 · GPU 3'].every((n) => vscode.window.terminals.some((t) => t.name === n)), 'four rank terminals');
    for (const rank of [0, 1, 2, 3]) {
      await waitFor(() => read(rank).includes(`Worker ${rank} - tests.cpu_job - INFO - rank=${rank} world_size=4 device=${rank} argv=['--tag', 'a b', '$(not a shell)']`), `rank ${rank}'s first record`, 30_000);
    }
  });

  it('the crashing rank exits 1 with its traceback in its log and shows as failed in the tree', async () => {
    const job = api.launch.running.get('cpu-test');
    assert.ok(job);
    await waitFor(() => job.rank(2)?.lastEnding, 'rank 2 to exit', 30_000);
    assert.strictEqual(job.rank(2)!.lastEnding!.code, 1);
    assert.match(read(2), /ERROR - Worker 2 failed with an uncaught exception\nTraceback \(most recent call last\):\n[\s\S]*RuntimeError: CUDA out of memory on rank 2 \(simulated\)\n/);
    assert.ok(job.rank(0)!.process.alive, 'the other ranks keep running');
    await waitFor(() => {
      const jobNode = api.workers.provider.model.find((j) => j.dir === logDir());
      const r2 = jobNode?.ranks.find((r) => r.rank === 2);
      const item = r2 && api.workers.provider.getTreeItem(r2);
      return item && (item.iconPath as vscode.ThemeIcon).id === 'error' && String(item.description).includes('exit 1') && item.contextValue === 'rank.failed.launched';
    }, 'rank 2 failed in the Workers view', 20_000);
    const running = api.workers.provider.model.find((j) => j.dir === logDir())!.ranks.find((r) => r.rank === 0)!;
    assert.strictEqual(running.state, 'running');
  });

  it('takes a screenshot of the rank terminals', async () => {
    vscode.window.terminals.find((t) => t.name === 'Rank 2 · GPU 2')?.show(true);
    await vscode.commands.executeCommand('workbench.view.extension.workerLogs');
    await screenshot('rank-terminals');
  });

  it('Restart Rank runs it again in its terminal and its log gets a resume record', async () => {
    const job = api.launch.running.get('cpu-test')!;
    await vscode.commands.executeCommand('workerLogs.restartRank', { path: logOf(2) });
    await waitFor(() => /=== Resume at \d{4}-\d{2}-\d{2}T[\d:.]+ ===\n.*Worker 2 logging initialized/.test(read(2)), 'a resume record in rank 2', 30_000);
    await waitFor(() => job.rank(2)!.lastEnding?.code === 1, 'rank 2 to crash again', 30_000);
    const model = api.workers.provider.model.find((j) => j.dir === logDir())!;
    assert.strictEqual(model.ranks.find((r) => r.rank === 2)!.sessions.length, 2);
  });

  it('Stop Job interrupts every rank and closes the terminals', async () => {
    const job = api.launch.running.get('cpu-test')!;
    const alive = job.ranks.filter((r) => r.process.alive).map((r) => r.spec.rank!);
    assert.deepStrictEqual(alive, [0, 1, 3]);
    await vscode.commands.executeCommand('workerLogs.stopJob', 'cpu-test');
    assert.ok(job.ranks.every((r) => !r.process.alive));
    for (const rank of alive) assert.match(read(rank), new RegExp(`Worker ${rank} received SIGINT; exiting`));
    await waitFor(() => !vscode.window.terminals.some((t) => t.name.startsWith('Rank ') && t.name.endsWith('GPU 0')), 'the terminals to close');
    assert.strictEqual(api.launch.running.get('cpu-test'), undefined);
    // Stopped ranks are not failures; rank 2, which crashed, still is.
    await waitFor(() => {
      const states = api.workers.provider.model.find((j) => j.dir === logDir())?.ranks.map((r) => r.state);
      return states && states[2] === 'failed' && [0, 1, 3].every((r) => states[r] !== 'failed');
    }, 'stopped ranks not shown as failed');
  });
});
