import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { indexFile } from '../../src/core/fileIndex';
import { summarizeJob } from '../../src/core/jobSummary';
import type { WorkerLogsApi } from '../../src/extension';
import { extensionApi, workspaceRoot } from '../support/vscodeHelpers';
import { processRunning, rankPid } from '../support/rankProcesses';
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

  it('torchrun mode: a rank killed by SIGKILL (as the OOM killer does) leaves no ending record; once torchrun exits it is failed, "ended without a word", and the first failure', async () => {
    const result = await vscode.commands.executeCommand('workerLogs.launchJob', {
      name: 'ddp-sigkill',
      program: 'scripts/ddp_oom_kill.py',
      mode: 'torchrun',
      workers: 2,
      python: '/usr/bin/python3',
      logDir: 'logs/ddp-sigkill',
      torchrun: { extraArgs: ['--redirects', '2', '--tee', '2'] },
    });
    assert.ok(result);
    const dir = path.join(workspaceRoot(), 'logs', 'ddp-sigkill');
    const job = api.launch.running.get('ddp-sigkill')!;
    await waitFor(() => job.ranks[0].lastEnding, 'torchrun to exit', 180_000);
    assert.notStrictEqual(job.ranks[0].lastEnding!.code, 0, job.ranks[0].lastEnding!.text);
    assert.match(read(path.join(dir, 'worker_0.log')), /Worker 0 ended: signal SIGTERM/);
    const node = await waitFor(() => {
      const j = api.workers.provider.model.find((x) => x.dir === dir);
      return j?.ranks.length === 2 && j.ranks[1].state === 'failed' ? j : undefined;
    }, 'rank 1 failed in the tree', 30_000);
    assert.deepStrictEqual(node.ranks.map((r) => r.state), ['finished', 'failed']);
    assert.match(String(api.workers.provider.getTreeItem(node.ranks[1]).description), /^first failure · .*ended without a word/);
    assert.match(String(api.workers.provider.getTreeItem(node).description), /first failure: rank 1/);
  });

  /** Two torchrun workers stuck in mismatched gloo collectives (they ignore Ctrl+C); their logs and processes. */
  async function stuckTorchrunJob(name: string): Promise<{ log: (rank: number) => string; pids: number[] }> {
    const dir = path.join(workspaceRoot(), 'logs', name);
    fs.rmSync(dir, { recursive: true, force: true });
    assert.ok(await vscode.commands.executeCommand('workerLogs.launchJob', { name, program: 'scripts/stuck_collectives.py', mode: 'torchrun', workers: 2, python: '/usr/bin/python3', logDir: `logs/${name}`, torchrun: { extraArgs: ['--redirects', '2', '--tee', '2'] } }));
    const log = (rank: number) => read(path.join(dir, `worker_${rank}.log`));
    await waitFor(() => log(0).includes('entering all_reduce') && log(1).includes('entering broadcast'), 'both ranks in their collectives', 180_000, 200);
    // Inside them (a log line comes just before the call).
    await new Promise((r) => setTimeout(r, 1000));
    return { log, pids: [0, 1].map((rank) => rankPid(log(rank))) };
  }

  /** None of `pids` runs any more, and each rank's log holds its stacks. */
  async function endedWithStacks({ log, pids }: { log: (rank: number) => string; pids: number[] }, what: string): Promise<void> {
    await waitFor(() => pids.every((pid) => !processRunning(pid)), what, 30_000);
    for (const rank of [0, 1]) assert.match(log(rank), /^Current thread 0x[0-9a-f]+ \(most recent call first\):$/m, `rank ${rank}'s stacks`);
  }

  it('torchrun mode: Stop Job on ranks stuck in C++ collectives leaves none running (torchrun killed, its workers too), each with its stacks in its log', async () => {
    const config = vscode.workspace.getConfiguration('workerLogs');
    await config.update('stopGraceSeconds', 2, vscode.ConfigurationTarget.Workspace);
    try {
      const job = await stuckTorchrunJob('ddp-stuck');
      await vscode.commands.executeCommand('workerLogs.stopJob', 'ddp-stuck');
      await endedWithStacks(job, "torchrun's stuck workers to end");
      // No relay of ours records their kill (torchrun is their parent): the extension writes the
      // ending record into their logs, which any later reading (a reload, the CLI) sees. A rank
      // whose peer was killed first may be freed from its collective (gloo's connection closed) and
      // end on its own: on the SIGINT it had pending, or with code 1 after its lost peer's error
      // (two CI runs in ten); its own ending, recorded as such, and no failure either.
      const KILLED = 'signal SIGKILL \\(after SIGINT\\)';
      const ending = (rank: number, how: string) => new RegExp(`^.* - Worker ${rank} - worker_logging\\.run - INFO - Worker ${rank} ended: (?:${how})\n$`, 'm').test(job.log(rank));
      for (const rank of [0, 1]) {
        await waitFor(() => ending(rank, `${KILLED}|signal SIGINT|exit code 1`), `rank ${rank}'s recorded kill, or its own ending`, 30_000).catch((e: Error) => {
          throw new Error(`${e.message}; its log ends:\n${job.log(rank).slice(-600)}`);
        });
      }
      const killed = [0, 1].filter((rank) => ending(rank, KILLED));
      assert.ok(killed.length >= 1, 'a rank killed (the first one is)');
      const dir = path.join(workspaceRoot(), 'logs', 'ddp-stuck');
      const node = await waitFor(() => {
        const j = api.workers.provider.model.find((x) => x.dir === dir);
        return j?.ranks.length === 2 && j.ranks.every((r) => r.stopped) ? j : undefined;
      }, 'both workers stopped in the Workers view', 20_000).catch((e: Error) => {
        throw new Error(`${e.message}: ${JSON.stringify(api.workers.provider.model.find((x) => x.dir === dir)?.ranks.map((r) => [r.state, r.stopped]))}`);
      });
      assert.deepStrictEqual([node.ranks.map((r) => r.state), node.firstFailure], [['finished', 'finished'], undefined]);
      // The view says so from the extension's memory at once, then from the record it wrote.
      const description = () => String(api.workers.provider.getTreeItem(api.workers.provider.model.find((x) => x.dir === dir)!.ranks[killed[0]]).description);
      assert.match(description(), /stopped by SIGKILL \((Stop Job: the interrupt|SIGINT) unanswered\)/);
      await waitFor(() => /stopped by SIGKILL \(SIGINT unanswered\)/.test(description()), 'the view to read the recorded kill', 10_000).catch((e: Error) => {
        throw new Error(`${e.message}: ${description()}`);
      });
      // Read again without the extension's memory of the kill: the same.
      const again = summarizeJob(await Promise.all([0, 1].map(async (rank) => ({ rank, index: await indexFile(path.join(dir, `worker_${rank}.log`)) }))));
      const own = ['stopped by SIGINT', 'lost its peer as the job was stopped (Ctrl+C, a stop signal)'];
      assert.deepStrictEqual(again.firstFailure, undefined);
      for (const r of again.ranks) {
        assert.strictEqual(r.state, 'finished');
        assert.ok(killed.includes(r.rank) ? r.stoppedBy === 'stopped by SIGKILL (SIGINT unanswered)' : own.includes(r.stoppedBy ?? ''), `rank ${r.rank}: ${r.stoppedBy}`);
      }
    } finally {
      await config.update('stopGraceSeconds', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it("torchrun mode: closing the terminal of workers stuck in C++ collectives leaves none running, each with its stacks in its log", async () => {
    const job = await stuckTorchrunJob('ddp-closed');
    vscode.window.terminals.find((t) => api.launch.running.get('ddp-closed')?.ranks.some((r) => r.terminal === t))!.dispose();
    await endedWithStacks(job, "the closed terminal's stuck workers to end");
    // Recorded once torchrun itself has ended (after its workers: seconds more on a busy machine).
    // A rank whose peer was killed first may be freed from its collective (gloo's connection
    // closed) and end on the SIGTERM it had pending: its own ending, recorded as such.
    for (const rank of [0, 1]) {
      await waitFor(() => new RegExp(`Worker ${rank} ended: signal (SIGKILL \\(after SIGTERM\\)|SIGTERM)\n$`).test(job.log(rank)), `rank ${rank}'s recorded kill`, 30_000).catch((e: Error) => {
        throw new Error(`${e.message}; its log ends:\n${job.log(rank).slice(-600)}`);
      });
    }
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
  it('slurm mode: Stop Job interrupts the tasks through srun (one SIGINT only makes srun report them): each stops with its KeyboardInterrupt, within the grace', async function () {
    assert.ok(process.env.SLURM_CONF, 'the harness started a one-node Slurm');
    const config = vscode.workspace.getConfiguration('workerLogs');
    await config.update('stopGraceSeconds', 30, vscode.ConfigurationTarget.Workspace);
    const dir = path.join(workspaceRoot(), 'logs', 'slurm-stop');
    fs.rmSync(dir, { recursive: true, force: true });
    try {
      assert.ok(await vscode.commands.executeCommand('workerLogs.launchJob', { name: 'slurm-stop', program: 'scripts/sleeper.py', mode: 'slurm', workers: 2, logDir: 'logs/slurm-stop', slurm: { extraArgs: ['--time', '00:03:00'] } }));
      const log = (rank: number) => read(path.join(dir, `worker_${rank}.log`));
      await waitFor(() => [0, 1].every((rank) => log(rank).includes('sleeping')), 'both tasks asleep', 120_000, 200);
      const started = Date.now();
      await vscode.commands.executeCommand('workerLogs.stopJob', 'slurm-stop');
      const took = Date.now() - started;
      for (const rank of [0, 1]) assert.match(log(rank), new RegExp(`Worker ${rank} received SIGINT; exiting\\n[\\s\\S]*KeyboardInterrupt\\n.*Worker ${rank} ended: signal SIGINT\\n$`), log(rank));
      assert.ok(took < 20_000, `stopped in ${took} ms`);
    } finally {
      await config.update('stopGraceSeconds', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
