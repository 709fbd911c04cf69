import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { extensionApi, workspaceRoot } from '../support/vscodeHelpers';
import { waitFor } from '../support/waitFor';

describe('worker-job tasks (tasks.json)', function () {
  this.timeout(120_000);

  before(async () => {
    await extensionApi();
    await vscode.workspace.getConfiguration('workerLogs').update(
      'jobs',
      [{ name: 'task-job', program: 'scripts/cpu_job.py', workers: 2, logDir: 'logs/task', env: { STEPS: '4', CRASH_RANK: '1' } }],
      vscode.ConfigurationTarget.Workspace,
    );
  });

  after(async () => {
    await vscode.workspace.getConfiguration('workerLogs').update('jobs', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('provides a task per job, runs every rank in it, and the Workers view shows how each ended', async () => {
    const tasks = await vscode.tasks.fetchTasks({ type: 'worker-job' });
    const task = tasks.find((t) => t.name === 'task-job');
    assert.ok(task, `tasks: ${tasks.map((t) => t.name).join(', ')}`);
    assert.deepStrictEqual(task.definition, { type: 'worker-job', job: 'task-job' });
    const ended = new Promise<void>((resolve) => {
      const sub = vscode.tasks.onDidEndTask((e) => {
        if (e.execution.task.name === 'task-job') {
          sub.dispose();
          resolve();
        }
      });
    });
    await vscode.tasks.executeTask(task);
    await ended;
    const dir = path.join(workspaceRoot(), 'logs', 'task');
    assert.match(fs.readFileSync(path.join(dir, 'worker_0.log'), 'utf8'), /Worker 0 - tests\.cpu_job - INFO - done/);
    assert.match(fs.readFileSync(path.join(dir, 'worker_1.log'), 'utf8'), /RuntimeError: CUDA out of memory on rank 1/);
    // As for a palette launch: the folder is in the tree, with each rank's ending.
    const api = await extensionApi();
    await waitFor(() => {
      const ranks = api.workers.provider.model.find((j) => j.dir === dir)?.ranks;
      return ranks?.length === 2 && ranks[0].state === 'finished' && ranks[1].state === 'failed' && ranks[1].exitCode === 1;
    }, 'the task job in the Workers view, rank 0 finished and rank 1 failed with exit 1', 20_000);
  });
});
