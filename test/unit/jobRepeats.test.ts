import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { JobLogIndex } from '../../src/core/jobLogIndex';
import { missingRanks, rankRanges } from '../../src/core/jobRepeats';
import { stamp } from '../support/logWriter';
import { tempDir } from '../support/tempFiles';

describe('repeats across ranks (one row for the same record of several ranks)', () => {
  const dir = tempDir('gwl-repeats-');
  const t0 = Date.UTC(2026, 1, 4, 10, 25, 0);

  /** 8 ranks: each logs its own loss, then the same allreduce line; rank 4 never does. */
  function job(name: string): { rank: number; path: string }[] {
    const d = path.join(dir, name);
    fs.mkdirSync(d);
    return Array.from({ length: 8 }, (_, rank) => {
      const p = path.join(d, `worker_${rank}.log`);
      const lines = [`${stamp(t0 + rank)} - Worker ${rank} - train - INFO - step 79 loss=${(2 - rank / 10).toFixed(2)}`];
      if (rank !== 4) lines.push(`${stamp(t0 + 1000 + rank * 10)} - Worker ${rank} - dist - WARNING - entering all_reduce #80`);
      lines.push(`${stamp(t0 + 60_000 + rank)} - Worker ${rank} - dist - WARNING - entering all_reduce #80`);
      fs.writeFileSync(p, lines.map((l) => l + '\n').join(''));
      return { rank, path: p };
    });
  }

  it('shows the same warning of 7 ranks once, names them, and names the rank that did not log it', async () => {
    const sources = job('hang');
    const index = await JobLogIndex.build(sources, { repeatWindowMs: 2000 });
    // 8 own losses, one row for the 7 warnings, one for the 8 later ones.
    assert.strictEqual(index.rows, 10);
    const rows = await index.window(0, 10);
    const grouped = rows[8];
    assert.strictEqual(grouped.message, 'entering all_reduce #80');
    assert.deepStrictEqual(grouped.repeat?.ranks, [0, 1, 2, 3, 5, 6, 7]);
    assert.deepStrictEqual(grouped.repeat?.missing, [4]);
    assert.strictEqual(rankRanges(grouped.repeat!.ranks), '[0-3,5-7]');
    assert.deepStrictEqual(rows[9].repeat?.ranks, [0, 1, 2, 3, 4, 5, 6, 7]);
    assert.deepStrictEqual(rows[9].repeat?.missing, []);
    assert.ok(rows.slice(0, 8).every((r) => r.repeat === undefined), 'different messages are rows of their own');
    // Off: every record is a row; a rank's hidden record is found at its group's row.
    assert.strictEqual((await JobLogIndex.build(sources)).rows, 23);
    assert.strictEqual(await index.rowOf(6, 1), 8);
  });

  it('a window that starts in the middle of the job decides repeats as a read from the start does', async () => {
    const sources = job('middle');
    const index = await JobLogIndex.build(sources, { repeatWindowMs: 2000, every: 1, everyRead: 1 });
    const whole = await index.window(0, 10);
    for (let start = 0; start < 10; start++) {
      assert.deepStrictEqual((await index.window(start, 2)).map((r) => [r.source, r.line, r.repeat?.ranks.length ?? 1]), whole.slice(start, start + 2).map((r) => [r.source, r.line, r.repeat?.ranks.length ?? 1]), `from ${start}`);
    }
  });

  it('names missing ranks only when most ranks logged the record and the rank had logged before', () => {
    const all = [0, 1, 2, 3, 4, 5, 6, 7];
    assert.deepStrictEqual(missingRanks([0, 1, 2, 3, 5, 6, 7], all, () => true), [4]);
    assert.deepStrictEqual(missingRanks([0, 1, 2, 3, 6, 7], all, () => true), [4, 5]);
    assert.deepStrictEqual(missingRanks([0, 1, 2], all, () => true), [], 'three of eight is not a divergence');
    assert.deepStrictEqual(missingRanks([0, 1, 2, 3, 5, 6, 7], all, (r) => r !== 4), [], 'a rank that never logged is not missing');
    assert.deepStrictEqual(missingRanks([0], all, () => true), []);
    assert.deepStrictEqual(missingRanks([0, 1, 2], [0, 1, 2, 3], () => true), [3]);
    assert.strictEqual(rankRanges([7, 0, 1, 2, 5, 9, 10]), '[0-2,5,7,9,10]');
  });
});
