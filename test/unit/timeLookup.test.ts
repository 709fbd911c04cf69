import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { indexFile } from '../../src/core/fileIndex';
import { checkpointBefore, findRecordAtOrBefore } from '../../src/core/timeLookup';
import { LogText, T0 } from '../support/logWriter';
import { tempDir } from '../support/tempFiles';

describe('timeLookup: the last record at or before a moment', () => {
  it('binary-searches checkpoints', () => {
    const cps = [10, 20, 30].map((time, i) => ({ line: i * 100, offset: i * 1000, time }));
    assert.deepStrictEqual([5, 10, 15, 30, 99].map((t) => checkpointBefore(cps, t)), [-1, 0, 0, 2, 2]);
  });

  it('finds the exact line in a file with many checkpoints', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'worker_0.log');
    const log = new LogText(0);
    for (let i = 0; i < 20_000; i++) {
      log.record(T0 + i * 1000, 'INFO', `step=${i} ${'pad '.repeat(10)}`);
      if (i % 1000 === 7) log.traceback('RuntimeError: x');
    }
    fs.writeFileSync(file, log.text());
    const snap = await indexFile(file, { checkpointEveryBytes: 16 * 1024 });
    assert.ok(snap.checkpoints.length > 50, `${snap.checkpoints.length} checkpoints`);
    const lines = log.text().split('\n');
    for (const step of [0, 1, 999, 1007, 1008, 12_345, 19_999]) {
      const hit = await findRecordAtOrBefore(file, snap.checkpoints, T0 + step * 1000 + 500);
      assert.ok(hit, `step ${step}`);
      assert.match(lines[hit.line], new RegExp(`step=${step} `), `step ${step}`);
    }
    assert.strictEqual(await findRecordAtOrBefore(file, snap.checkpoints, T0 - 1), undefined);
  });
});
