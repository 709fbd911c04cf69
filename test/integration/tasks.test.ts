import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { extensionApi, workspaceRoot } from '../support/vscodeHelpers';

describe('worker-job tasks (tasks.json)', function () {
  this.timeout(120_000);

  before(async () => {
    await extensionApi();
    await vscode.workspace.getConfiguration('workerLogs').update(
      'jobs',
      [{ name: 'task-job', program: 'scripts/cpu_job.py', workers: 2, logDir: 'logs/task', env: { STEPS: '3' } }],
      vscode.ConfigurationTarget.Workspace,
    );
  });

  after(async () => {
    await vscode.workspace.getConfiguration('workerLogs').update('jobs', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('provides a task per job and runs every rank in it', async () => {
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
    for (const rank of [0, 1]) {
      const text = fs.readFileSync(path.join(dir, `worker_${rank}.log`), 'utf8');
      assert.match(text, new RegExp(`Worker ${rank} - tests\\.cpu_job - INFO - done`));
    }
  });
});
