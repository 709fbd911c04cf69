import * as assert from 'node:assert';
import { RunEnds } from '../../src/core/runEnds';

describe('RunEnds: launchers\' words that ranks ended, merged as a capture is read', () => {
  const list = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => from + k);

  it('short lists are merged and returned for the lane to leave; a rank named starts the next run at or after the time then, another does not', () => {
    const ends = new RunEnds();
    assert.deepStrictEqual([...(ends.said({ launcher: 'srun', ranks: [1], after: 100 }, 5, 50) ?? [])], [1]);
    assert.deepStrictEqual([...(ends.said({ launcher: 'srun', ranks: [3, 4], after: 90 }, 6, 60) ?? [])].sort(), [1, 3, 4]);
    assert.ok(ends.watches(3) && !ends.watches(2) && !ends.manyRanks && !ends.anyRank);
    assert.strictEqual(ends.restartAt(2, 500), undefined);
    assert.strictEqual(ends.restartAt(3, 99), undefined, 'before the latest time any word gave');
    assert.strictEqual(ends.restartAt(3, undefined), undefined, 'a line without a time is of the run before');
    assert.deepStrictEqual(ends.restartAt(3, 100), { line: 6, offset: 60, launcher: 'srun' });
    assert.ok(!ends.active && !ends.watches(3));
  });

  it('a long list is kept as given (the same array again adds nothing); its ranks are watched and many; merged with short ones, and its ranks still start the next run', () => {
    const ends = new RunEnds();
    const all = list(0, 4999);
    assert.strictEqual(ends.said({ launcher: 'srun', ranks: all, after: 10 }, 1, 0), undefined, 'many: the lane waits');
    for (let i = 0; i < 1000; i++) assert.strictEqual(ends.said({ launcher: 'srun', ranks: all, after: 10 }, 2 + i, i), undefined);
    assert.strictEqual(ends.said({ launcher: 'srun', ranks: [7000] }, 2000, 9), undefined);
    assert.ok(ends.manyRanks && !ends.anyRank);
    for (const r of [0, 2500, 4999, 7000]) assert.ok(ends.watches(r), `rank ${r}`);
    assert.ok(!ends.watches(5000) && !ends.watches(-1));
    assert.strictEqual(ends.restartAt(5000, 50), undefined);
    assert.deepStrictEqual(ends.restartAt(4321, 10), { line: 2000, offset: 9, launcher: 'srun' });
    assert.ok(!ends.manyRanks && !ends.watches(0));
  });

  it('more long lists than are kept: their ranks are merged, none is lost', () => {
    const ends = new RunEnds();
    for (let k = 0; k < 40; k++) ends.said({ launcher: 'srun', ranks: list(k * 100, k * 100 + 99) }, k, k);
    assert.ok(ends.manyRanks);
    for (let r = 0; r < 4000; r += 37) assert.ok(ends.watches(r), `rank ${r}`);
    assert.ok(!ends.watches(4000));
  });

  it("a word on any rank (Slurm's cancellation, mpirun's) watches every rank: any line at or after its time starts the next run", () => {
    const ends = new RunEnds();
    ends.said({ launcher: 'srun', ranks: [2] }, 1, 10);
    assert.strictEqual(ends.said({ launcher: 'slurm', after: 1000 }, 2, 20), undefined);
    assert.ok(ends.anyRank && ends.watches(9));
    ends.slurmWaitUntil(4000);
    assert.strictEqual(ends.restartAt(9, 3999), undefined);
    assert.deepStrictEqual(ends.restartAt(9, 4000), { line: 2, offset: 20, launcher: 'slurm' });
    ends.said({ launcher: 'srun', ranks: list(0, 99) }, 3, 30);
    ends.reset();
    assert.ok(!ends.active && !ends.manyRanks && !ends.watches(5));
  });
});
