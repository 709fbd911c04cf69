// A machine that goes down before a log's last writes reach its disk leaves NUL bytes where they
// were, without a line break; the rank restarted on the same file appends its resume record right
// after them. That record starts a session wherever it is read: the index (one pass, in pieces,
// in blocks on threads, as the file grows), the record reader (forward, backward, past a level
// filter), an editor's line.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FileIndex, indexFile } from '../../src/core/fileIndex';
import { IndexSnapshot } from '../../src/core/indexModel';
import { parseRecordLine } from '../../src/core/logLine';
import { recordsAfterLoss } from '../../src/core/nulBytes';
import { indexFileParallel } from '../../src/core/parallelIndex';
import { LogRecord, RecordReader } from '../../src/core/recordReader';
import { tempDirs } from '../support/tempFiles';

const WORKER = path.resolve(__dirname, '..', '..', '..', 'dist', 'indexWorker.js');

const record = (s: number, level: string, message: string, logger = 'train'): string =>
  `2026-12-03 04:${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')},000 - Worker 3 - ${logger} - ${level} - ${message}\n`;

/** Records before the crash (`before` of them), `nuls` NUL bytes, then the restarted rank's records. */
function crashedLog(before: number, nuls: number, eol = '\n'): { bytes: Buffer; resumeLine: number; resumeOffset: number } {
  let head = record(0, 'INFO', 'Worker 3 logging initialized: logs/worker_3.log');
  for (let i = 1; i <= before; i++) head += record(i % 600, i % 97 === 0 ? 'WARNING' : 'INFO', `step=${i} loss=${(2 + Math.sin(i)).toFixed(4)}`);
  // The crash lost the end of the last line too (no line break before the NUL bytes).
  head += '2026-12-03 04:09:59,000 - Worker 3 - train - INFO - step=';
  const after =
    record(600, 'INFO', '=== Resume at 2026-12-03T04:10:00.000000 ===', 'worker_logging') +
    record(600, 'INFO', 'Worker 3 logging initialized: logs/worker_3.log (pid 4242 on gpu-node-3)') +
    record(601, 'ERROR', 'CUDA error: an illegal memory access was encountered') +
    'Traceback (most recent call last):\n  File "train.py", line 9, in <module>\nRuntimeError: CUDA error\n' +
    record(602, 'INFO', 'Worker 3 ended: exit code 1', 'worker_logging');
  const kept = head.replace(/\n/g, eol);
  const text = kept + '\0'.repeat(nuls) + after.replace(/\n/g, eol);
  const resumeLine = head.split('\n').length - 1;
  return { bytes: Buffer.from(text), resumeLine, resumeOffset: Buffer.byteLength(kept.slice(0, kept.lastIndexOf('\n') + 1)) };
}

/** What the views read of an index: its sessions' places, resume times, counts and errors. */
function facts(s: IndexSnapshot): unknown {
  return [s.state, s.lines, s.records, s.sessions.map((x) => [x.startLine, x.startOffset, x.endLine, x.resumeTimeText, x.counts, x.errors.map((e) => [e.line, e.message, e.exception]), x.lastRecord?.message])];
}

async function collect(records: AsyncIterable<LogRecord>): Promise<Pick<LogRecord, 'offset' | 'line' | 'level' | 'message' | 'hasHeader'>[]> {
  const out = [];
  for await (const r of records) out.push({ offset: r.offset, line: r.line, level: r.level, message: r.message, hasHeader: r.hasHeader });
  return out;
}

describe('NUL bytes a crash left before the record a restarted rank wrote after them', () => {
  const tmp = tempDirs('gwl-nul-');

  for (const [what, before, nuls, eol] of [
    ['a few NUL bytes in the first 8 KiB (a short log)', 20, 300, '\n'],
    ['a page of them after a long log', 2000, 4096, '\n'],
    ['more of them than a line head holds (64 KiB)', 2000, 200 * 1024, '\n'],
    ['a megabyte of them, CRLF', 3000, 1024 * 1024, '\r\n'],
  ] as const) {
    it(`the index starts the resume's session at its line: ${what}`, async () => {
      const dir = tmp();
      const file = path.join(dir, 'worker_3.log');
      const log = crashedLog(before, nuls, eol);
      fs.writeFileSync(file, log.bytes);
      const one = await indexFile(file);
      assert.strictEqual(one.state, 'ok', one.problem);
      assert.strictEqual(one.sessions.length, 2);
      const [s1, s2] = one.sessions;
      assert.deepStrictEqual([s2.startLine, s2.startOffset, s2.resumeTimeText], [log.resumeLine, log.resumeOffset, '2026-12-03T04:10:00.000000']);
      assert.strictEqual(s1.endLine, log.resumeLine - 1);
      assert.deepStrictEqual(s2.errors.map((e) => [e.line, e.message, e.exception]), [[log.resumeLine + 2, 'CUDA error: an illegal memory access was encountered', 'RuntimeError: CUDA error']]);
      assert.strictEqual(s1.counts.ERROR, 0);
      // Every way of reading gives the same index: lines cut across reads, the TypeScript path
      // alone, blocks on two threads, the file as it grows (the restart appended later).
      for (const other of [
        await indexFile(file, { chunkSize: 4093 }),
        await indexFile(file, { chunkSize: nuls > 65536 ? 4099 : 7, useRecordLane: false }),
        await indexFileParallel(file, { workerScript: WORKER, threads: 2, minBytesPerThread: 1024, blockBytes: 16 * 1024 }),
      ]) {
        assert.deepStrictEqual(facts(other), facts(one));
      }
      const growing = path.join(dir, 'worker_4.log');
      fs.writeFileSync(growing, '');
      const live = new FileIndex(growing, { chunkSize: 65536 });
      for (let at = 0; at < log.bytes.length; at += 150_001) {
        fs.appendFileSync(growing, log.bytes.subarray(at, at + 150_001));
        await live.update();
      }
      assert.deepStrictEqual(facts(live.snapshot()), facts(one));
    });
  }

  it('the record reader gives the resume its header, forward, backward and past a level filter', async () => {
    const dir = tmp();
    const file = path.join(dir, 'worker_3.log');
    for (const nuls of [500, 200 * 1024]) {
      const log = crashedLog(2000, nuls);
      fs.writeFileSync(file, log.bytes);
      const resume = { offset: log.resumeOffset, line: log.resumeLine, level: 'INFO', message: '=== Resume at 2026-12-03T04:10:00.000000 ===', hasHeader: true };
      const end = { offset: log.bytes.length, line: log.resumeLine + 7 };
      for (const options of [{}, { chunkSize: 4099 }, { useRecordLane: false }]) {
        const reader = new RecordReader(file, options);
        const forward = await collect(reader.forward());
        assert.deepStrictEqual(forward.find((r) => r.line === log.resumeLine), resume, `${nuls} ${JSON.stringify(options)}`);
        // The record before it ends before its line (the crash's cut line, not the resume).
        assert.ok(!forward.some((r) => r.line < log.resumeLine && r.message.includes('Resume')));
        const backward = await collect(reader.backward(end));
        assert.deepStrictEqual(backward.find((r) => r.line === log.resumeLine), resume, `${nuls} backward ${JSON.stringify(options)}`);
      }
      // Past a level filter (the lane skips runs of INFO records): the error after it is read with its place.
      for (const useRecordLane of [true, false]) {
        const errors = await collect(new RecordReader(file, { minLevel: 40, useRecordLane }).forward());
        assert.deepStrictEqual(errors.map((r) => [r.line, r.level, r.message]), [[log.resumeLine + 2, 'ERROR', 'CUDA error: an illegal memory access was encountered']]);
      }
    }
  });

  it("an editor's line of NUL bytes and a record reads as the record, its columns the line's", () => {
    const line = '\0\0\0\0' + record(600, 'INFO', '=== Resume at 2026-12-03T04:10:00.000000 ===', 'worker_logging').trimEnd();
    const parsed = parseRecordLine(line);
    assert.ok(parsed);
    assert.deepStrictEqual([parsed.rank, parsed.level, parsed.resumeTimeText, parsed.timeText, parsed.timeColumns], [3, 'INFO', '2026-12-03T04:10:00.000000', '2026-12-03 04:10:00,000', [4, 27]]);
    assert.strictEqual(line.slice(...parsed.levelColumns), 'INFO');
    assert.strictEqual(parseRecordLine('\0\0\0 text after them'), undefined);
  });

  it("a log whose lost bytes fill its head is read once a record follows them, the one on their line too", () => {
    const rec = Buffer.from(record(600, 'INFO', '=== Resume at 2026-12-03T04:10:00.000000 ===', 'worker_logging'));
    assert.ok(recordsAfterLoss(Buffer.concat([Buffer.from(record(1, 'INFO', 'a')), Buffer.alloc(2000), rec])));
    // Not a record after other bytes of the line: that line is not one.
    assert.ok(!recordsAfterLoss(Buffer.concat([Buffer.from(record(1, 'INFO', 'a')), Buffer.alloc(2000), Buffer.from('x'), Buffer.alloc(3), rec])));
    assert.ok(!recordsAfterLoss(Buffer.concat([Buffer.from(record(1, 'INFO', 'a')), Buffer.alloc(2000), Buffer.from('partial')])));
  });
});
