import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { WorkerLogsApi } from '../../src/extension';
import { extensionApi, workspaceRoot } from '../support/vscodeHelpers';
import { waitFor } from '../support/waitFor';

function read(file: string): string {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
}

describe('real distributed engines', function () {
  this.timeout(240_000);
  let api: WorkerLogsApi;

  before(async () => {
    api = await extensionApi();
  });

  it('torchrun mode: a 2-rank gloo all_reduce, both ranks log the result', async () => {
    const torchLogs = fs.mkdtempSync(path.join(os.tmpdir(), 'gwl-torchrun-'));
    const result = await vscode.commands.executeCommand('workerLogs.launchJob', {
      name: 'ddp-test',
      program: 'scripts/ddp_allreduce.py',
      mode: 'torchrun',
      workers: 2,
      python: '/usr/bin/python3',
      logDir: 'logs/ddp',
      // Debian's torch 1.13 on Python 3.11 needs a single-stream --redirects/--tee.
      torchrun: { extraArgs: ['--redirects', '2', '--tee', '2', '--log_dir', torchLogs] },
    });
    assert.ok(result);
    const dir = path.join(workspaceRoot(), 'logs', 'ddp');
    for (const rank of [0, 1]) {
      await waitFor(() => new RegExp(`Worker ${rank} - tests\\.ddp - INFO - all_reduce result=3\\.0 rank=${rank} world_size=2 local_rank=${rank}`).test(read(path.join(dir, `worker_${rank}.log`))), `rank ${rank}'s all_reduce`, 180_000, 200);
    }
    const job = api.launch.running.get('ddp-test')!;
    await waitFor(() => job.ranks[0].lastEnding, 'torchrun to exit', 60_000);
    assert.strictEqual(job.ranks[0].lastEnding!.code, 0, job.ranks[0].lastEnding!.text);
    assert.deepStrictEqual(vscode.window.terminals.filter((t) => t.name.startsWith('torchrun')).map((t) => t.name), ['torchrun · node 0 · 2 ranks']);
    await waitFor(() => api.workers.provider.model.find((j) => j.dir === dir)?.ranks.length === 2, 'both torchrun ranks in the tree');
    fs.rmSync(torchLogs, { recursive: true, force: true });
  });

  it('slurm mode: srun runs 2 tasks with ranks 0 and 1 and GPUs 0 and 1, and both logs appear', async function () {
    assert.ok(process.env.SLURM_CONF, 'the harness started a one-node Slurm');
    const result = await vscode.commands.executeCommand('workerLogs.launchJob', {
      name: 'slurm-test',
      program: 'scripts/slurm_task.py',
      mode: 'slurm',
      workers: 2,
      logDir: 'logs/slurm',
      slurm: { gpusPerTask: 1, extraArgs: ['--time', '00:02:00'] },
    });
    assert.ok(result);
    const dir = path.join(workspaceRoot(), 'logs', 'slurm');
    const seen: string[] = [];
    for (const rank of [0, 1]) {
      const text = await waitFor(() => {
        const t = read(path.join(dir, `worker_${rank}.log`));
        return /SLURM_PROCID=/.test(t) ? t : undefined;
      }, `task ${rank}'s log`, 120_000, 200);
      const m = /SLURM_PROCID=(\d+) SLURM_LOCALID=\d+ SLURM_NTASKS=2 CUDA_VISIBLE_DEVICES=(\d+)/.exec(text);
      assert.ok(m, text);
      assert.strictEqual(m[1], String(rank));
      seen.push(m[2]);
    }
    assert.deepStrictEqual(seen.sort(), ['0', '1']);
    const job = api.launch.running.get('slurm-test')!;
    await waitFor(() => job.ranks[0].lastEnding, 'srun to exit', 60_000);
    assert.strictEqual(job.ranks[0].lastEnding!.code, 0, job.ranks[0].lastEnding!.text);
  });
});
