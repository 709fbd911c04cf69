import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { indexFile } from '../../src/core/fileIndex';
import { findForeignJobs } from '../../src/core/importLayouts';
import { JobImport } from '../../src/core/importJob';
import { BUILT_IN_FORMATS } from '../../src/core/lineFormats';
import { Level } from '../../src/core/logLine';
import { indexFileParallel } from '../../src/core/parallelIndex';
import { LogRecord, RecordReader } from '../../src/core/recordReader';
import { tempDirs } from '../support/tempFiles';

const WORKER = path.resolve(__dirname, '..', '..', '..', 'dist', 'indexWorker.js');
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

async function collect(records: AsyncIterable<LogRecord>): Promise<Pick<LogRecord, 'offset' | 'line' | 'level' | 'message' | 'hasHeader'>[]> {
  const out = [];
  for await (const r of records) out.push({ offset: r.offset, line: r.line, level: r.level, message: r.message, hasHeader: r.hasHeader });
  return out;
}

/** A rank's log whose first record is its failure; many records after it (the parallel index cuts it). */
function rankLog(): string {
  const lines = ['2026-11-30 09:00:00,000 - Worker 0 - train - ERROR - first line error', 'Traceback (most recent call last):', '  File "train.py", line 3, in <module>', 'ValueError: bad shard'];
  for (let i = 1; i < 2000; i++) lines.push(`2026-11-30 09:00:${String(i % 60).padStart(2, '0')},000 - Worker 0 - train - INFO - step=${i}`);
  return lines.join('\r\n') + '\r\n';
}

describe("UTF-8's byte-order mark (Windows tools write one) is not part of a log's first line", () => {
  const tmp = tempDirs('gwl-bom-');

  it('the index reads the first record after it, one pass or cut into blocks, as without it', async () => {
    const dir = tmp();
    const plain = path.join(dir, 'plain', 'worker_0.log');
    const marked = path.join(dir, 'marked', 'worker_0.log');
    fs.mkdirSync(path.dirname(plain));
    fs.mkdirSync(path.dirname(marked));
    fs.writeFileSync(plain, rankLog());
    fs.writeFileSync(marked, Buffer.concat([BOM, Buffer.from(rankLog())]));
    const reference = await indexFile(plain);
    assert.strictEqual(reference.sessions[0].counts.ERROR, 1);
    const facts = (s: Awaited<ReturnType<typeof indexFile>>) => [s.lines, s.records, s.timedRecords, s.sessions.map((x) => [x.counts, x.errors.map((e) => [e.line, e.level, e.message, e.exception, e.time])])];
    for (const index of [
      await indexFile(marked),
      await indexFile(marked, { chunkSize: 2 }),
      await indexFileParallel(marked, { workerScript: WORKER, threads: 1 }),
      await indexFileParallel(marked, { workerScript: WORKER, threads: 2, minBytesPerThread: 1024, blockBytes: 4096 }),
    ]) {
      assert.deepStrictEqual(facts(index), facts(reference));
      assert.strictEqual(index.bytes, reference.bytes + 3);
    }
  });

  it('the record reader gives the first record its header, forward, backward and past a level filter', async () => {
    const dir = tmp();
    const file = path.join(dir, 'worker_0.log');
    fs.writeFileSync(file, Buffer.concat([BOM, Buffer.from(rankLog())]));
    const first = { offset: 0, line: 0, level: 'ERROR', message: 'first line error', hasHeader: true };
    for (const options of [{}, { chunkSize: 5 }, { minLevel: Level.Error }, { minLevel: Level.Error, useRecordLane: false }]) {
      const reader = new RecordReader(file, options);
      const forward = await collect(reader.forward());
      assert.deepStrictEqual(forward[0], first, JSON.stringify(options));
      const backward = await collect(reader.backward({ offset: fs.statSync(file).size, line: 2003 }));
      assert.deepStrictEqual(backward[backward.length - 1], first, JSON.stringify(options));
    }
  });

  it("a capture's first line is its rank's, not the launcher's", async () => {
    const dir = tmp();
    const capture = path.join(dir, 'train.out');
    fs.writeFileSync(capture, Buffer.concat([BOM, Buffer.from('[rank0]:2026-11-30 09:00:00,000 ERROR train: boom\r\n[rank0]:Traceback (most recent call last):\r\n[rank0]:ValueError: v\r\n[rank1]:2026-11-30 09:00:01,000 INFO train: ok\r\n')]));
    const [job] = await findForeignJobs(dir);
    assert.strictEqual(job?.kind, 'capture');
    const out = path.join(dir, 'out');
    const imp = new JobImport(job, out, { formats: BUILT_IN_FORMATS, year: 2026 });
    await imp.readOnce();
    assert.ok(!fs.existsSync(path.join(out, 'launcher.log')) || !fs.readFileSync(path.join(out, 'launcher.log'), 'utf8').includes('boom'));
    const rank0 = await indexFile(path.join(out, 'worker_0.log'));
    assert.deepStrictEqual(rank0.sessions.flatMap((s) => s.errors.map((e) => [e.message, e.exception])), [['boom', 'ValueError: v']]);
    assert.deepStrictEqual(await imp.sourceOf(path.join(out, 'worker_0.log'), rank0.sessions[0].errors[0].line), { path: capture, line: 0 });
  });
});
