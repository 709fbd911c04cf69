import * as assert from 'node:assert';
import { rankFileProblem, rankPattern } from '../../src/core/importLayouts';
import { guessRankFilePattern } from '../../src/core/rankFileGuess';

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
