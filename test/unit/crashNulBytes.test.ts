// A machine that goes down before a log's last writes reach its disk leaves NUL bytes where they
// were, without a line break; the rank restarted on the same file appends its resume record right
// after them. That record starts a session wherever it is read: the index (one pass, in pieces,
// in blocks on threads, as the file grows), the record reader (forward, backward, past a level
// filter), an editor's line.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FileIndex, indexFile } from '../../src/core/fileIndex';
import { findForeignJobs } from '../../src/core/importLayouts';
import { JobImport } from '../../src/core/importJob';
import { BUILT_IN_FORMATS } from '../../src/core/lineFormats';
import { IndexSnapshot } from '../../src/core/indexModel';
import { parseRecordLine } from '../../src/core/logLine';
import { recordsAfterLoss } from '../../src/core/nulBytes';
import { LOST_IN_A_CRASH } from '../../src/core/sessionRecords';
import { summarizeJob } from '../../src/core/jobSummary';
import { asctimeFromBytes } from '../../src/core/timestamps';
import { indexFileParallel } from '../../src/core/parallelIndex';
import { LogRecord, RecordReader } from '../../src/core/recordReader';
import { formatRecordLine } from '../../src/core/recordText';
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
      // The session they end died with its machine: its failure, dated by its last record.
      assert.deepStrictEqual(s1.errors.map((e) => [e.line, e.level, e.message, e.time, e.timeApproximate]), [[log.resumeLine, 'FATAL', LOST_IN_A_CRASH, s1.lastTime, true]]);
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

  for (const [what, steps] of [
    ['in its first 64 KiB', 40],
    ['after 300 KiB', 3000],
  ] as const) {
    it(`a Slurm capture (srun -l) a requeued job appended to after its node's crash: the lines after the NUL bytes are their ranks', ${what}`, async () => {
      const dir = tmp();
      const capture = path.join(dir, 'slurm-4242.out');
      const lines: string[] = [];
      for (let i = 0; i < steps; i++) for (const r of [0, 1]) lines.push(`${r}: 2026-12-03 04:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')},000 INFO train: step ${i}`);
      // The crash cut rank 1's last line; the requeued job's first line is rank 0's, right after the NUL bytes.
      const before = lines.join('\n') + '\n1: 2026-12-03 04:59:59,000 INFO train: step ';
      const after = ['0: 2026-12-03 05:20:00,000 INFO train: resumed from step 40', '1: 2026-12-03 05:20:01,000 INFO train: resumed from step 40', '1: 2026-12-03 05:20:05,000 ERROR train: CUDA error: an illegal memory access', '1: Traceback (most recent call last):', '1:   File "train.py", line 9, in <module>', '1: RuntimeError: CUDA error'].join('\n') + '\n';
      fs.writeFileSync(capture, Buffer.concat([Buffer.from(before), Buffer.alloc(5000), Buffer.from(after)]));
      const [job] = await findForeignJobs(dir);
      assert.strictEqual(job?.kind, 'capture', 'read as a capture, NUL bytes and all');
      const out = path.join(dir, 'out');
      const imp = new JobImport(job, out, { formats: BUILT_IN_FORMATS, year: 2026 });
      await imp.readOnce();
      const rank0 = fs.readFileSync(path.join(out, 'worker_0.log'), 'utf8').trimEnd().split('\n');
      assert.strictEqual(rank0[rank0.length - 1], '2026-12-03 05:20:00,000 - Worker 0 - train - INFO - resumed from step 40');
      const holeLine = lines.length;
      assert.deepStrictEqual(await imp.sourceOf(path.join(out, 'worker_0.log'), rank0.length - 1), { path: capture, line: holeLine });
      const index1 = await indexFile(path.join(out, 'worker_1.log'));
      assert.deepStrictEqual(index1.sessions.flatMap((x) => x.errors.map((e) => [e.message, e.exception])), [['CUDA error: an illegal memory access', 'RuntimeError: CUDA error']]);
      // What the crash cut (rank 1's line before the NUL bytes) is gone with them.
      const rank1 = fs.readFileSync(path.join(out, 'worker_1.log'), 'utf8');
      assert.ok(!/\0|\uFFFD|step \n/.test(rank1));
      assert.match(rank1, new RegExp(`INFO - step ${steps - 1}\\n2026-12-03 05:20:01,000 - Worker 1 - train - INFO - resumed from step 40\\n`));
    });
  }

  it("Slurm task files (%j_%t) a requeued job appended to after the node's crash: a timed record after the NUL bytes is a line of its own", async () => {
    const dir = tmp();
    for (const r of [0, 1]) {
      let before = '';
      for (let i = 0; i < 40; i++) before += `2026-12-03 04:00:${String(i).padStart(2, '0')},000 INFO train: step ${i}\n`;
      const after = `2026-12-03 04:20:00,000 INFO train: resumed rank ${r}\n` + (r === 1 ? '2026-12-03 04:20:05,000 ERROR train: boom\nTraceback (most recent call last):\n  File "t.py", line 3, in <module>\nRuntimeError: boom\n' : '');
      fs.writeFileSync(path.join(dir, `train_4242_${r}.out`), Buffer.concat([Buffer.from(before + '2026-12-03 04:00:40,000 INFO train: st'), Buffer.alloc(3000), Buffer.from(after)]));
    }
    const [job] = await findForeignJobs(dir);
    assert.strictEqual(job?.kind, 'tasks');
    const out = path.join(dir, 'out');
    const imp = new JobImport(job, out, { formats: BUILT_IN_FORMATS, year: 2026 });
    await imp.readOnce();
    for (const r of [0, 1]) {
      const log = fs.readFileSync(path.join(out, `worker_${r}.log`), 'utf8').split('\n');
      const at = log.findIndex((l) => l.includes('resumed'));
      assert.strictEqual(log[at], `2026-12-03 04:20:00,000 - Worker ${r} - train - INFO - resumed rank ${r}`);
      assert.deepStrictEqual(await imp.sourceOf(path.join(out, `worker_${r}.log`), at), { path: path.join(dir, `train_4242_${r}.out`), line: 40 });
      // The crash itself, before it: the rank's process died with its machine.
      assert.strictEqual(log[at - 1], `Worker ${r} - output - CRITICAL - ${LOST_IN_A_CRASH}`);
      assert.deepStrictEqual(await imp.sourceOf(path.join(out, `worker_${r}.log`), at - 1), { path: path.join(dir, `train_4242_${r}.out`), line: 40 });
    }
    const index1 = await indexFile(path.join(out, 'worker_1.log'));
    assert.deepStrictEqual(index1.sessions.flatMap((x) => x.errors.map((e) => [e.message, e.exception, e.time !== undefined])), [[LOST_IN_A_CRASH, undefined, true], ['boom', 'RuntimeError: boom', true]]);
  });

  it("a log that ends in a crash's NUL bytes (its node went down, no restart) is its rank's failure, read in one pass, in pieces and as it grows; a stray NUL byte in a message is not", async () => {
    const dir = tmp();
    let records = '';
    for (let i = 0; i < 400; i++) records += record(i, 'INFO', `step=${i}`);
    const facts1 = async (file: string) => {
      const all = [await indexFile(file), await indexFile(file, { chunkSize: 5000 }), await indexFile(file, { chunkSize: 7, useRecordLane: false })];
      for (const other of all.slice(1)) assert.deepStrictEqual(facts(other), facts(all[0]));
      return all[0];
    };
    // (A line that is a record, NUL bytes in its message, stays that record in the Job Log: one record a line.)
    for (const [what, tail, lost, shown] of [
      ['ends in them, no line break', Buffer.alloc(3000), true, true],
      ['ends in more of them than a line head (300 KB), then a line break', Buffer.concat([Buffer.alloc(300_000), Buffer.from('\n')]), true, true],
      ['a line of them, then an empty line', Buffer.concat([Buffer.alloc(100), Buffer.from('\n\n')]), true, true],
      ['a cut line, then them', Buffer.concat([Buffer.from('2026-12-03 04:06:40,000 - Worker 3 - tr'), Buffer.alloc(5000)]), true, true],
      ['eight in a row in a message', Buffer.from(record(400, 'INFO', 'bytes \0\0\0\0\0\0\0\0 read')), true, false],
      ['seven in a row in a message', Buffer.from(record(400, 'INFO', 'bytes \0\0\0\0\0\0\0 read')), false, false],
      ['one in a message', Buffer.from(record(400, 'INFO', 'a \0 in it')), false, false],
    ] as const) {
      const file = path.join(dir, 'worker_3.log');
      fs.writeFileSync(file, Buffer.concat([Buffer.from(records), tail]));
      const index = await facts1(file);
      const session = index.sessions[index.sessions.length - 1];
      // Dated by the last record before them (step=399's), approximate.
      assert.deepStrictEqual(session.errors.map((e) => [e.line, e.message, e.time, e.timeApproximate]), lost ? [[400, LOST_IN_A_CRASH, asctimeFromBytes(Buffer.from(record(399, 'INFO', '')), 0), true]] : [], what);
      const s = summarizeJob([{ rank: 3, index }], { now: Date.now() + 3600_000 });
      assert.strictEqual(s.ranks[0].state, lost ? 'failed' : 'finished', what);
      // The Job Log (the record reader) shows it where the index has it: forward, in pieces,
      // filtered by level (the lane skipping the rest), and backward.
      const end = { offset: fs.statSync(file).size, line: index.lines };
      for (const options of [{}, { chunkSize: 1000 }, { minLevel: 40 }, { minLevel: 40, useRecordLane: false }]) {
        const read = await collect(new RecordReader(file, options).forward());
        assert.deepStrictEqual(read.filter((r) => r.level === 'FATAL').map((r) => [r.line, r.message]), shown ? [[400, LOST_IN_A_CRASH]] : [], `${what} ${JSON.stringify(options)}`);
      }
      // As `worker-logs merge` and the Job Log's copy write it: no logger to name.
      for await (const r of new RecordReader(file).forward()) {
        if (r.level === 'FATAL') assert.match(formatRecordLine({ ...r, source: 3, path: file, sortTime: r.time, approximate: true }, 1), / {2}r3 {2}FATAL {4}NUL bytes where the log's last writes were/);
      }
      const back = await collect(new RecordReader(file).backward(end));
      assert.deepStrictEqual(back.filter((r) => r.level === 'FATAL').map((r) => [r.line, r.message]), shown ? [[400, LOST_IN_A_CRASH]] : [], `${what} backward`);
    }
    // Written as the machine went down: the index that read the records first sees the NUL bytes come.
    const growing = path.join(dir, 'worker_5.log');
    fs.writeFileSync(growing, records);
    const live = new FileIndex(growing);
    await live.update();
    assert.strictEqual(live.snapshot().sessions[0].errors.length, 0);
    fs.appendFileSync(growing, Buffer.alloc(2000));
    await live.update();
    assert.deepStrictEqual(live.snapshot().sessions[0].errors.map((e) => e.message), [LOST_IN_A_CRASH]);
  });

  it("a torchrun --log_dir rank whose node died (its stderr.log ends in NUL bytes) is failed by the crash, its time its last record's", async () => {
    const dir = tmp();
    const run = path.join(dir, 'logs', 'run_abc123', 'attempt_0');
    for (const r of [0, 1]) {
      fs.mkdirSync(path.join(run, String(r)), { recursive: true });
      let text = '';
      for (let i = 0; i < 50; i++) text += `2026-12-03 04:00:${String(i).padStart(2, '0')},000 INFO train: step ${i} rank ${r}\n`;
      fs.writeFileSync(path.join(run, String(r), 'stderr.log'), r === 1 ? Buffer.concat([Buffer.from(text), Buffer.alloc(4096)]) : text + '2026-12-03 04:00:59,000 INFO train: done\n');
      fs.writeFileSync(path.join(run, String(r), 'stdout.log'), '');
    }
    const [job] = await findForeignJobs(path.join(dir, 'logs'));
    assert.strictEqual(job?.kind, 'torchrun');
    const out = path.join(dir, 'out');
    await new JobImport(job, out, { formats: BUILT_IN_FORMATS, year: 2026 }).readOnce();
    const inputs = [];
    for (const r of [0, 1]) inputs.push({ rank: r, index: await indexFile(path.join(out, `worker_${r}.log`)) });
    const s = summarizeJob(inputs, { now: Date.now() + 3600_000 });
    assert.deepStrictEqual(s.ranks.map((r) => [r.rank, r.state, r.firstError?.record.message]), [[0, 'finished', undefined], [1, 'failed', LOST_IN_A_CRASH]]);
    assert.deepStrictEqual(s.firstFailure && [s.firstFailure.rank, s.firstFailure.record.time, s.firstFailure.record.timeApproximate], [1, asctimeFromBytes(Buffer.from('2026-12-03 04:00:49,000'), 0), true]);
  });
});
