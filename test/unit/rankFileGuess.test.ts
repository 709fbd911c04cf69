import * as assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findForeignJobs, rankFileProblem, rankPattern } from '../../src/core/importLayouts';
import { BUILT_IN_FORMATS } from '../../src/core/lineFormats';
import { compressedLogsHint, guessRankFilePattern, nodeConsolesGuess } from '../../src/core/rankFileGuess';
import { torchrunNodeConsole } from '../support/importHelpers';
import { tempDir } from '../support/tempFiles';

const CLI = path.join(__dirname, '..', '..', '..', 'dist', 'cli.js');

describe('the name of per-rank files a folder suggests', () => {
  it('is the name of the most files whose number runs from 0 with no gap, the number nearest the end taken when two would do', () => {
    const guess = (names: string[]) => guessRankFilePattern(names)?.pattern;
    assert.deepStrictEqual(guessRankFilePattern(['gpu2.log', 'gpu0.log', 'gpu1.log', 'README.md']), { pattern: 'gpu{rank}.log', files: ['gpu0.log', 'gpu1.log', 'gpu2.log'], ranks: 3 });
    assert.strictEqual(guess(['train-4242-0.out', 'train-4242-1.out']), 'train-4242-{rank}.out');
    assert.strictEqual(guess(['2026-11-30_rank0.txt', '2026-11-30_rank1.txt', '2026-11-30_rank2.txt']), '2026-11-30_rank{rank}.txt');
    assert.strictEqual(guess(['node0_rank0.log', 'node0_rank1.log', 'node1_rank0.log']), 'node0_rank{rank}.log');
    // Zero-filled numbers are numbers.
    assert.strictEqual(guess(['rank00.err', 'rank01.err', 'rank02.err']), 'rank{rank}.err');
    // The biggest group wins.
    assert.strictEqual(guess(['a0.log', 'a1.log', 'b0.log', 'b1.log', 'b2.log']), 'b{rank}.log');
    // Only the first few files are named, by rank.
    const many = Array.from({ length: 64 }, (_, r) => `out_${63 - r}.log`);
    assert.deepStrictEqual(guessRankFilePattern(many), { pattern: 'out_{rank}.log', files: ['out_0.log', 'out_1.log', 'out_2.log'], ranks: 64 });
  });

  it('is none for numbered runs or epochs (from 1, or with gaps), one file, two files of one number, other kinds of file, or names a glob would misread', () => {
    for (const names of [
      ['run1.log', 'run2.log', 'run3.log'],
      ['epoch_0.log', 'epoch_5.log', 'epoch_10.log'],
      ['gpu0.log'],
      ['rank1.log', 'rank01.log', 'rank0.log'],
      ['shard0.tar', 'shard1.tar'],
      ['img0.png', 'img1.png'],
      ['a*0.log', 'a*1.log'],
      ['x{0}.log', 'x{1}.log'],
      [],
    ]) {
      assert.strictEqual(guessRankFilePattern(names), undefined, names.join(' '));
    }
  });
});

describe("a name of a rank's file the user gives", () => {
  it('has {rank} once and no folder; anything else is a problem that names it and says what to give', () => {
    assert.strictEqual(rankFileProblem('gpu{rank}.log'), undefined);
    assert.strictEqual(rankFileProblem('*-task{rank}.*'), undefined);
    assert.ok(rankPattern('*-task{rank}.*')!.test('train-task3.log'));
    for (const bad of ['gpu.log', 'logs/gpu{rank}.log', 'logs\\gpu{rank}.log', 'r{rank}_{rank}.log', '', 7, null]) {
      assert.strictEqual(rankPattern(typeof bad === 'string' ? bad : ''), undefined);
      assert.match(rankFileProblem(bad) ?? '', /is no name of a rank's file: give one with \{rank\} once/, String(bad));
    }
  });
});

describe('the name of per-rank files a folder suggests, of a folder of many files', () => {
  it('reads 20,000 names of 80 numbers each (a folder of files named by their hyperparameters), the rank their last number; a job of 20,000 ranks is told', () => {
    const hostile = Array.from({ length: 20_000 }, (_, i) => `${Array.from({ length: 80 }, (_, k) => k % 10).join('_')}_x${i}y.log`.slice(-250));
    assert.strictEqual(guessRankFilePattern(hostile)?.ranks, 20_000);
    const job = Array.from({ length: 20_000 }, (_, i) => `train_2026-11-30_rank${19_999 - i}.log`);
    assert.deepStrictEqual(guessRankFilePattern(job), { pattern: 'train_2026-11-30_rank{rank}.log', files: ['train_2026-11-30_rank0.log', 'train_2026-11-30_rank1.log', 'train_2026-11-30_rank2.log'], ranks: 20_000 });
  });
});

describe("torchrun's consoles one a node, named alike (node0.out, node1.out)", () => {
  it('are offered as one job of global ranks (--rank-files), never read so on a guess; not consoles of one node each, nor other launchers\' captures named alike', async () => {
    const dir = tempDir();
    for (const n of [0, 1]) fs.writeFileSync(path.join(dir, `node${n}.out`), torchrunNodeConsole(n));
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'a note\n');
    assert.strictEqual((await nodeConsolesGuess(dir, BUILT_IN_FORMATS))?.pattern, 'node{rank}.out');
    assert.strictEqual((await nodeConsolesGuess(dir, BUILT_IN_FORMATS, path.join(dir, 'node1.out')))?.pattern, 'node{rank}.out');
    assert.strictEqual(await nodeConsolesGuess(dir, BUILT_IN_FORMATS, path.join(dir, 'notes.txt')), undefined);
    // The discovery finds two jobs of local ranks; the CLI says so, and how to read them as one.
    assert.deepStrictEqual((await findForeignJobs(dir)).map((j) => [j.name, j.style]).sort(), [['node0.out', 'torchrun'], ['node1.out', 'torchrun']]);
    const run = (...args: string[]) => spawnSync(process.execPath, [CLI, 'summary', ...args], { encoding: 'utf8' });
    assert.match(run(dir).stderr, /holds 2 jobs; name one of their folders or files:\n {2}\S*node0\.out\n {2}\S*node1\.out\nIf they are one job's nodes \(torchrun's console of each node, whose labels are its local ranks\), read them as one job: --rank-files 'node\{rank\}\.out'\n/);
    const one = run(path.join(dir, 'node1.out'));
    assert.match(one.stderr, /node1\.out: its ranks are torchrun's local ones; if the files named alike beside it are the same job's other nodes, read them as one job \(global ranks\): --rank-files 'node\{rank\}\.out'\./);
    assert.match(one.stdout, /^Job \S*node1\.out: 2 ranks/);
    const all = run(dir, '--rank-files', 'node{rank}.out');
    assert.match(all.stdout, /: 4 ranks, 1 attempt, 3 failed\n/);
    assert.match(all.stdout, /First failure: rank 3, .*node1\.out:\d+: RuntimeError: rank 3 broke/);
    // Each a job of one node's ranks (PyTorch's own [rank3]: labels, global already), or srun's labels: nothing to offer.
    const own = tempDir();
    for (const n of [0, 1]) fs.writeFileSync(path.join(own, `node${n}.out`), [0, 1].map((l) => `[rank${2 * n + l}]: step 1`).join('\n') + '\n');
    assert.strictEqual(await nodeConsolesGuess(own, BUILT_IN_FORMATS), undefined);
    const srun = tempDir();
    for (const n of [0, 1]) fs.writeFileSync(path.join(srun, `run${n}.out`), '0: step 1\n1: step 1\n0: step 2\n1: step 2\n');
    assert.strictEqual(await nodeConsolesGuess(srun, BUILT_IN_FORMATS), undefined);
  });
});

describe('compressed logs (a job archived after it ran)', () => {
  it('are named with the command that decompresses them; other compressed files, and none, say nothing', () => {
    const dir = path.join('runs', 'r7');
    const names = ['worker_10.log.gz', 'worker_2.log.gz', 'worker_0.log.gz', 'worker_1.log.gz', 'notes.md'];
    assert.strictEqual(compressedLogsHint(dir, names), `worker_0.log.gz, worker_1.log.gz, worker_2.log.gz, ... (4 files) are compressed logs, which are not read: decompress them first (gunzip -k ${path.join(dir, '*.gz')}), then read the folder again`);
    assert.strictEqual(compressedLogsHint(dir, ['train_0.out.xz', 'train_1.out.xz', 'a.log.gz']), `train_0.out.xz, train_1.out.xz are compressed logs, which are not read: decompress them first (unxz -k ${path.join(dir, '*.xz')}), then read the folder again`);
    // A rotated log, compressed by logrotate; a file the user named.
    assert.strictEqual(compressedLogsHint(dir, ['train.log.1.gz'], 'train.log.1.gz'), `${path.join(dir, 'train.log.1.gz')} is a compressed log, which is not read: decompress it first (gunzip -k ${path.join(dir, 'train.log.1.gz')}), then read what it holds`);
    assert.strictEqual(compressedLogsHint(dir, ['data.tar.gz', 'shard_0.npy.gz', 'model.zip', 'worker_0.log']), undefined);
    assert.strictEqual(compressedLogsHint(dir, []), undefined);
  });
});
