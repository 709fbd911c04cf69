import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { JobImport } from '../../src/core/importJob';
import { findForeignJobs } from '../../src/core/importLayouts';
import { tempDirs, writeFile } from '../support/tempFiles';
import { IMPORT_OPTIONS, READ_WAYS, summaryOf } from '../support/importHelpers';

const options = IMPORT_OPTIONS;
const tmp = tempDirs('gwl-partial-');

function age(file: string, ms: number): void {
  const when = new Date(Date.now() - ms);
  fs.utimesSync(file, when, when);
}

describe("a log whose last line has no line break (its writer killed as it wrote)", () => {
  const lines = ['0: 2026-06-01 09:00:00,000 INFO train: step 1', '1: 2026-06-01 09:00:00,010 INFO train: step 1', '1: 2026-06-01 09:00:01,000 ERROR train: NCCL communicator was aborted on rank 1'];

  it('a one-shot reading (the CLI) reads it: a capture, the three ways alike, and task files', async () => {
    const dir = tmp();
    writeFile(path.join(dir, 'run.out'), lines.join('\n'));
    const [capture] = await findForeignJobs(dir);
    const texts: string[] = [];
    for (const [name, way] of READ_WAYS) {
      const out = path.join(tmp(), name);
      await new JobImport(capture, out, way).readOnce();
      const s = await summaryOf(out);
      assert.deepStrictEqual([s.firstFailure?.rank, s.firstFailure?.record.message], [1, 'NCCL communicator was aborted on rank 1'], name);
      texts.push(fs.readFileSync(path.join(out, 'worker_1.log'), 'utf8'));
    }
    assert.ok(texts.every((t) => t === texts[0]), texts.join('\n---\n'));
    // Slurm's task files: the same.
    const tasks = tmp();
    writeFile(path.join(tasks, '7_0.out'), '2026-06-01 09:00:00,000 INFO train: step 1\n');
    writeFile(path.join(tasks, '7_1.out'), '2026-06-01 09:00:00,000 INFO train: step 1\n2026-06-01 09:00:01,000 ERROR train: NCCL communicator was aborted on rank 1');
    const [job] = await findForeignJobs(tasks);
    const out = path.join(tmp(), 'tasks');
    await new JobImport(job, out, options).readOnce();
    assert.strictEqual((await summaryOf(out)).firstFailure?.rank, 1);
  });

  it('the editor reads it once the file has been quiet for minutes, not while it is written; what is appended after it is the rest of that line, numbered as it', async () => {
    const dir = tmp();
    writeFile(path.join(dir, '7_0.out'), '2026-06-01 09:00:00,000 INFO train: step 1\n');
    const file = path.join(dir, '7_1.out');
    writeFile(file, '2026-06-01 09:00:00,000 INFO train: step 1\n2026-06-01 09:00:01,000 ERROR train: NCCL communicator was aborted');
    age(path.join(dir, '7_0.out'), 10 * 60_000);
    const [job] = await findForeignJobs(dir);
    const out = path.join(tmp(), 'out');
    const imp = new JobImport(job, out, options);
    await imp.update();
    assert.strictEqual((await summaryOf(out)).firstFailure, undefined, 'a line still being written waits');
    age(file, 6 * 60_000);
    await imp.update();
    assert.strictEqual((await summaryOf(out)).firstFailure?.rank, 1, 'quiet for 6 minutes: its writer is gone');
    // It was not: the rest of the line, then another line.
    fs.appendFileSync(file, ' on rank 1\n2026-06-01 09:00:02,000 INFO train: step 2\n');
    await imp.update();
    const rank1 = fs.readFileSync(path.join(out, 'worker_1.log'), 'utf8').split('\n');
    const step2 = rank1.findIndex((l) => l.endsWith('step 2'));
    assert.ok(step2 > 0, rank1.join('\n'));
    assert.deepStrictEqual(await imp.sourceOf(path.join(out, 'worker_1.log'), step2), { path: file, line: 2 });
  });
});
