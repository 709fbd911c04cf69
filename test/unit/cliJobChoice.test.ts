import * as assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { launcherVerdict } from '../../src/core/launcherLines';
import { tempDirs, writeFile } from '../support/tempFiles';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const tmp = tempDirs('gwl-choice-');

function cliIn(cwd: string, ...args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd });
}

describe('worker-logs on one job of a folder of several', () => {
  it("a folder of several runs' per-rank files (DeepSpeed's <time>_rank<N>.log): the list names a file of each, and naming it reads that run", () => {
    const dir = tmp();
    for (const rank of [0, 1]) {
      writeFile(path.join(dir, `20261204101500_rank${rank}.log`), `2026-12-04 10:15:05,00${rank} INFO train: step 10\n`);
      writeFile(path.join(dir, `20261204113000_rank${rank}.log`), `2026-12-04 11:30:05,00${rank} INFO train: step 1\n`);
    }
    writeFile(path.join(dir, '20261204101500_rank1.log'), '2026-12-04 10:15:05,001 INFO train: step 10\nTraceback (most recent call last):\n  File "train.py", line 9, in <module>\nRuntimeError: boom\n');
    const all = cliIn(dir, 'summary', '.');
    assert.strictEqual(all.status, 2);
    assert.match(all.stderr, /holds 2 jobs; name one of their folders or files:\n {2}20261204101500_rank0\.log \(20261204101500_rank\{rank\}\.log: 2 ranks\)\n {2}20261204113000_rank0\.log \(20261204113000_rank\{rank\}\.log: 2 ranks\)\n$/);
    const first = cliIn(dir, 'summary', '20261204101500_rank0.log');
    assert.strictEqual(first.status, 0, first.stderr);
    assert.match(first.stdout, /^Job 20261204101500_rank\{rank\}\.log: 2 ranks, 1 attempt, 1 failed/);
    assert.match(first.stdout, /First failure: rank 1, .*20261204101500_rank1\.log:2: RuntimeError: boom/);
    const second = cliIn(dir, 'diagnose', path.join(dir, '20261204113000_rank1.log'));
    assert.strictEqual(second.status, 0, second.stderr);
    assert.match(second.stdout, /^No failure, hang or mismatch found in 2 ranks/);
  });

  it("a folder of no job whose folders hold some (each node's torchrun --log_dir, a run's folder of its date): they are named, not 'No rank logs'; naming one reads it", () => {
    const dir = tmp();
    for (const node of ['node0', 'node1']) {
      for (const rank of [0, 1]) writeFile(path.join(dir, 'logs', node, 'job7_ab12cd', 'attempt_0', String(rank), 'stderr.log'), `2026-12-04 10:15:0${rank},000 INFO train: step 1\n`);
    }
    writeFile(path.join(dir, 'outputs', '2026-12-04', '10-15-00', 'worker_0.log'), '2026-12-04 10:15:00,000 - Worker 0 - train - INFO - step 1\n');
    writeFile(path.join(dir, 'outputs', 'notes.md'), 'no job here\n');
    writeFile(path.join(dir, 'node_modules', 'x', 'worker_0.log'), '2026-12-04 10:15:00,000 - Worker 0 - train - INFO - step 1\n');
    const none = cliIn(dir, 'summary', '.');
    assert.strictEqual(none.status, 2);
    const named = none.stderr.split('\n').filter((l) => l.startsWith('  ')).map((l) => l.trim()).sort();
    assert.match(none.stderr, /^worker-logs: \. holds no job itself; folders in it do, name one:\n/);
    assert.deepStrictEqual(named, [path.join('logs', 'node0'), path.join('logs', 'node1'), path.join('outputs', '2026-12-04', '10-15-00')]);
    const one = cliIn(dir, 'summary', named[0]);
    assert.strictEqual(one.status, 0, one.stderr);
    assert.match(one.stdout, /: 2 ranks, 1 attempt/);
    // A folder with nothing under it either: what it lacks, as before.
    writeFile(path.join(dir, 'empty', 'sub', 'notes.md'), 'no job here\n');
    const empty = cliIn(dir, 'summary', 'empty');
    assert.match(empty.stdout, /^No rank logs in /);
  });

  it("Slurm's batch output beside its task files names their job too", () => {
    const dir = tmp();
    writeFile(path.join(dir, '41_0.out'), '2026-12-04 10:15:05,000 INFO train: step 1\n');
    writeFile(path.join(dir, '41_1.out'), '2026-12-04 10:15:05,000 INFO train: step 1\n');
    writeFile(path.join(dir, '42_0.out'), '2026-12-04 11:15:05,000 INFO train: step 1\n');
    writeFile(path.join(dir, '42_1.out'), '2026-12-04 11:15:05,000 INFO train: step 1\n');
    writeFile(path.join(dir, 'slurm-42.out'), 'srun: error: gpu-node-1: task 1: Killed\n');
    const r = cliIn(dir, 'summary', 'slurm-42.out');
    assert.strictEqual(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Job 42_\{rank\}\.\{out,err\}: 2 ranks, 1 attempt, 1 failed/);
    assert.match(r.stdout, /srun: gpu-node-1: Killed/);
  });

  it("DeepSpeed's word that a process failed names no rank (its list is the last process it started), and the CLI says how to get each rank's file", () => {
    const line = "[2023-04-14 13:11:27,885] [ERROR] [launch.py:434:sigkill_handler] ['/usr/bin/python3', '-u', 'main.py', '--local_rank=1', " + "'--data_path', 'x', ".repeat(200) + "'--zero_stage', '2'] exits with return code = -9";
    assert.ok(line.length > 2000);
    const v = launcherVerdict(line);
    assert.deepStrictEqual(v && [v.ranks, v.oneOf, v.level, v.message], ['all', true, 'ERROR', 'DeepSpeed: a process was killed by signal 9 (SIGKILL), and DeepSpeed ended the others; it names no rank (its list is the last process it started)']);
    assert.strictEqual(launcherVerdict('[2023-04-14 13:11:27,885] [INFO] [launch.py:428:sigkill_handler] Killing subprocess 13266'), undefined);
    const dir = tmp();
    writeFile(path.join(dir, 'ds.log'), ['[2023-04-14 13:10:02,000] [INFO] [launch.py:163:main] dist_world_size=2', 'Traceback (most recent call last):', '  File "main.py", line 3, in <module>', 'torch.OutOfMemoryError: CUDA out of memory.', line, ''].join('\n'));
    const r = cliIn(dir, 'summary', 'ds.log');
    assert.strictEqual(r.status, 2);
    assert.match(r.stderr, /its launcher's own lines say: DeepSpeed: a process was killed by signal 9 \(SIGKILL\)/);
    assert.match(r.stderr, /`deepspeed --enable_each_rank_log <dir>` writes each rank's own file/);
  });
});
