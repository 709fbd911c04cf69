import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isLostDataProblem } from '../../src/core/nulBytes';
import { FileIndex, indexFile } from '../../src/core/fileIndex';
import { errorCount, IndexSnapshot } from '../../src/core/indexModel';
import { LogScanner } from '../../src/core/logScanner';
import { ignoredWhere } from '../../src/core/labels';
import { LogText, T0 } from '../support/logWriter';
import { referenceIndex } from '../support/referenceIndex';
import { tempDir } from '../support/tempFiles';
import { parseAsctime } from '../../src/core/timestamps';

function sampleLog(eol = '\n'): string {
  return new LogText(2)
    .record(T0, 'INFO', 'Worker 2 logging initialized: /logs/worker_2.log', 'worker_logging')
    .record(T0 + 1000, 'INFO', 'step=1 loss=2.5 ünïcödé ✓')
    .record(T0 + 2000, 'WARNING', 'padding 87%')
    .record(T0 + 3000, 'ERROR', 'Batch 512 failed on cuda:2')
    .traceback('torch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB')
    .resume(T0 + 60_000)
    .record(T0 + 60_001, 'INFO', 'restored')
    .record(T0 + 61_000, 'DEBUG', 'detail')
    .record(T0 + 62_000, 'TRACE', 'custom level')
    .record(T0 + 63_000, 'CRITICAL', 'gave up')
    .raw('second line of the critical message')
    .resume(T0 + 120_000)
    .record(T0 + 121_000, 'INFO', 'finished')
    .text(eol);
}

/** What the core and the reference must agree on. */
function shape(s: { lines: number; records: number; sessions: { startLine: number; counts: Record<string, number>; errorLines: number[] }[] }) {
  return s;
}

function coreShape(snap: IndexSnapshot) {
  return shape({
    lines: snap.lines,
    records: snap.records,
    sessions: snap.sessions.map((s) => {
      const counts: Record<string, number> = { ...s.counts.other };
      for (const k of ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'] as const) if (s.counts[k]) counts[k] = s.counts[k];
      return { startLine: s.startLine, counts, errorLines: s.errors.map((e) => e.line) };
    }),
  });
}

function refShape(text: string) {
  const r = referenceIndex(text);
  return shape({
    lines: r.lines,
    records: r.records,
    sessions: r.sessions.map((s) => ({ startLine: s.startLine, counts: s.counts, errorLines: s.errorLines })),
  });
}

function scanInChunks(bytes: Buffer, size: number): LogScanner {
  const scanner = new LogScanner();
  for (let i = 0; i < bytes.length; i += size) scanner.push(bytes.subarray(i, i + size));
  return scanner;
}

function scannerSnapshot(sc: LogScanner): IndexSnapshot {
  return { path: '', state: 'ok', generation: 0, bytes: sc.bytes, lines: sc.lines, size: 0, mtimeMs: 0, records: sc.records, timedRecords: sc.timedRecords, sessions: sc.sessions, checkpoints: sc.checkpoints };
}


/** `text` scanned with the record lane and without, pushed in chunks of each size: `check` each scanner (`what`: which). */
function scanEveryWay(text: string, chunks: number[], check: (scanner: LogScanner, what: string) => void): void {
  const bytes = Buffer.from(text);
  for (const useRecordLane of [true, false]) {
    for (const chunk of chunks) {
      const scanner = new LogScanner({ useRecordLane });
      for (let i = 0; i < bytes.length; i += chunk) scanner.push(bytes.subarray(i, i + chunk));
      check(scanner, `lane ${useRecordLane}, chunks of ${chunk}`);
    }
  }
}
describe('fileIndex: sessions, counts and errors', () => {
  const dir = tempDir();

  it('indexes sessions with lines, offsets, times, counts and the first error', async () => {
    const file = path.join(dir, 'worker_2.log');
    const text = sampleLog();
    fs.writeFileSync(file, text);
    const snap = await indexFile(file);
    assert.strictEqual(snap.state, 'ok');
    assert.strictEqual(snap.lines, text.split('\n').length - 1);
    assert.strictEqual(snap.bytes, Buffer.byteLength(text));
    assert.strictEqual(snap.sessions.length, 3);
    const [s1, s2, s3] = snap.sessions;
    assert.deepStrictEqual([s1.startLine, s1.endLine, s2.startLine, s2.endLine, s3.startLine, s3.endLine], [0, 8, 9, 14, 15, 16]);
    const lines = text.split('\n');
    assert.strictEqual(s2.startOffset, Buffer.byteLength(lines.slice(0, 9).join('\n') + '\n'));
    assert.strictEqual(s1.endOffset, s2.startOffset);
    assert.strictEqual(s1.firstTime, T0);
    assert.strictEqual(s1.lastTime, T0 + 3000);
    assert.strictEqual(s1.resumeTime, undefined);
    assert.strictEqual(s2.resumeTime, T0 + 60_000);
    assert.strictEqual(s2.resumeTimeText, '2026-02-04T10:01:00.000000');
    assert.deepStrictEqual([s1.counts.INFO, s1.counts.WARNING, s1.counts.ERROR], [2, 1, 1]);
    assert.deepStrictEqual([s2.counts.INFO, s2.counts.DEBUG, s2.counts.CRITICAL, s2.counts.other.TRACE], [2, 1, 1, 1]);
    assert.strictEqual(s1.firstError?.line, 3);
    assert.strictEqual(s1.firstError?.message, 'Batch 512 failed on cuda:2');
    assert.strictEqual(s1.firstError?.exception, 'torch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB');
    assert.strictEqual(s1.firstError?.time, T0 + 3000);
    assert.strictEqual(s1.firstError?.lineCount, 6);
    assert.strictEqual(s2.firstError?.level, 'CRITICAL');
    assert.strictEqual(s2.firstError?.exception, undefined);
    assert.strictEqual(s3.lastRecord?.message, 'finished');
    assert.strictEqual(errorCount(s3.counts), 0);
  });

  it("a traceback's exception is its last: a chained traceback's (the one raised), an exception group's (inside its box, Python 3.11), a DataLoader worker's (with where it was caught); with the lane and without", () => {
    const text = [
      '2026-02-04 10:00:00,000 - Worker 3 - run - ERROR - Worker 3 failed with an uncaught exception',
      'Traceback (most recent call last):',
      '  File "train.py", line 4, in load',
      'ZeroDivisionError: division by zero',
      '',
      'The above exception was the direct cause of the following exception:',
      '',
      'Traceback (most recent call last):',
      '  File "train.py", line 12, in <module>',
      'ValueError: bad value in shard',
      '2026-02-04 10:00:01,000 - Worker 3 - run - ERROR - Worker 3 failed with an uncaught exception',
      '  + Exception Group Traceback (most recent call last):',
      '  |   File "train.py", line 14, in <module>',
      '  |     raise ExceptionGroup("many", [KeyError("k"), OSError(5, "io")])',
      '  | ExceptionGroup: many (2 sub-exceptions)',
      '  +-+---------------- 1 ----------------',
      '    | Traceback (most recent call last):',
      '    | KeyError: \'k\'',
      '    +------------------------------------',
      '2026-02-04 10:00:02,000 - Worker 3 - run - ERROR - boxed lines, no group',
      '  | KeyError: 3',
      // An exception a DataLoader worker raised, re-raised by PyTorch with the worker's traceback in its message.
      '2026-02-04 10:00:03,000 - Worker 3 - run - ERROR - Worker 3 failed with an uncaught exception',
      'Traceback (most recent call last):',
      '  File "train.py", line 20, in <module>',
      '    raise exception',
      'ValueError: Caught ValueError in DataLoader worker process 0.',
      'Original Traceback (most recent call last):',
      '  File "/usr/lib/python3/dist-packages/torch/utils/data/_utils/worker.py", line 308, in _worker_loop',
      '    data = fetcher.fetch(index)',
      'ValueError: bad sample 17',
      '',
      // Not after an exception: a line that starts alike arms nothing.
      '2026-02-04 10:00:04,000 - Worker 3 - run - ERROR - Original Traceback (most recent call last):',
      'Original Traceback (most recent call last):',
      'KeyError: 5',
      '',
    ].join('\n');
    scanEveryWay(text, [7, 64, 4096], (scanner, what) => {
      assert.deepStrictEqual(
        scanner.sessions[0].errors.map((e) => [e.line, e.exception]),
        [[0, 'ValueError: bad value in shard'], [10, "ExceptionGroup: many (2 sub-exceptions): KeyError: 'k'"], [19, undefined], [21, 'ValueError: bad sample 17 (in DataLoader worker process 0)'], [31, undefined]],
        what,
      );
    });
  });

  it("rich's traceback panels: the exception after the panel's bottom (chained: the last; ASCII's panel; a panel drawn indented under a record of rich's logging handler, its exception indented too); with the lane and without", () => {
    const text = [
      '2026-02-04 10:00:00,000 - Worker 3 - stderr - ERROR - Uncaught exception',
      '╭───────────────────── Traceback (most recent call last) ──────────────────────╮',
      '│ /home/u/run/chain.py:5 in f                                                  │',
      '│ ❱ 5 │   │   {}["x"]                                                          │',
      '╰──────────────────────────────────────────────────────────────────────────────╯',
      "KeyError: 'x'",
      '',
      'The above exception was the direct cause of the following exception:',
      '',
      '╭───────────────────── Traceback (most recent call last) ──────────────────────╮',
      '│ /home/u/run/chain.py:7 in f                                                  │',
      '│ ❱ 7 │   │   raise RuntimeError("could not load shard 3 of the dataset becaus │',
      '╰──────────────────────────────────────────────────────────────────────────────╯',
      'RuntimeError: could not load shard 3 of the dataset because the key was missing ',
      'from the index; a long message to see wrapping at the console width',
      '2026-02-04 10:00:01,000 - Worker 3 - stderr - ERROR - Uncaught exception',
      '+--------------------- Traceback (most recent call last) ----------------------+',
      '| /home/u/run/chain.py:5 in f                                                  |',
      '| NameError: in a line of the panel                                            |',
      '+------------------------------------------------------------------------------+',
      'ValueError: bad batch',
      '2026-02-04 10:00:02,000 - Worker 3 - train2.py:21 - ERROR - could not load the batch of step 3',
      '                             ╭─ Traceback (most recent call last)─╮             ',
      '                             │ /home/u/run/train2.py:19 in main   │             ',
      '                             │   20 │   │   except KeyError:      │             ',
      '                             ╰────────────────────────────────────╯             ',
      "                             KeyError: 'shard-3'                                ",
      '                             Not: an exception                                  ',
      // No panel: indented lines name nothing.
      '2026-02-04 10:00:03,000 - Worker 3 - train2.py:21 - ERROR - no panel',
      "                             KeyError: 'shard-4'",
      '',
    ].join('\n');
    scanEveryWay(text, [7, 64, 4096], (scanner, what) => {
      assert.deepStrictEqual(
        scanner.sessions[0].errors.map((e) => [e.line, e.exception]),
        // (The first keeps its message's trailing space, as Python's own traceback would.)
        [[0, 'RuntimeError: could not load shard 3 of the dataset because the key was missing '], [15, 'ValueError: bad batch'], [21, "KeyError: 'shard-3'"], [28, undefined]],
        what,
      );
    });
  });

  it("an exception group's sub-exceptions follow its exception (a group in it is one, then its own; at most four; a plain traceback after it is no sub-exception)", () => {
    const head = (msg: string) => `2026-02-04 10:00:00,000 - Worker 3 - run - ERROR - ${msg}`;
    // (Its source lines may read like an exception: `try: f()`.)
    const sub = (depth: string, exception: string) => [`${depth}+-+---------------- 1 ----------------`, `${depth}  | Traceback (most recent call last):`, `${depth}  |   File "a.py", line 1, in f`, `${depth}  |     try: f()`, `${depth}  | ${exception}`];
    const text = [
      head('nested'),
      '  + Exception Group Traceback (most recent call last):',
      '  | ExceptionGroup: outer (2 sub-exceptions)',
      '  +-+---------------- 1 ----------------',
      '    | + Exception Group Traceback (most recent call last):',
      '    | | ExceptionGroup: inner (1 sub-exception)',
      '    | +-+---------------- 1 ----------------',
      '    |   | Traceback (most recent call last):',
      '    |   |     try: g()',
      '    |   | OSError: disk',
      ...sub('  ', 'ValueError: shard 3'),
      head('six'),
      '  + Exception Group Traceback (most recent call last):',
      '  | ExceptionGroup: six (6 sub-exceptions)',
      ...[1, 2, 3, 4, 5, 6].flatMap((k) => sub('  ', `KeyError: ${k}`)),
      head('then a plain traceback in the same record'),
      '  + Exception Group Traceback (most recent call last):',
      '  | ExceptionGroup: one (1 sub-exception)',
      ...sub('  ', 'KeyError: 1'),
      'Traceback (most recent call last):',
      'RuntimeError: raised while handling it',
      '    | KeyError: not of a group any more',
      '',
    ].join('\n');
    scanEveryWay(text, [5, 64, 4096], (scanner, what) => {
      assert.deepStrictEqual(
        scanner.sessions[0].errors.map((e) => e.exception),
        [
          'ExceptionGroup: outer (2 sub-exceptions): ExceptionGroup: inner (1 sub-exception); OSError: disk; ValueError: shard 3',
          'ExceptionGroup: six (6 sub-exceptions): KeyError: 1; KeyError: 2; KeyError: 3; KeyError: 4',
          'RuntimeError: raised while handling it',
        ],
        what,
      );
    });
  });

  it('an error without a time (a launcher\'s word, a traceback another program wrote) is dated by the record before it, approximate; none before any time', () => {
    const text = [
      'Worker 3 - launcher - ERROR - before any time',
      '2026-02-04 10:00:00,000 - Worker 3 - x - INFO - step 1',
      '2026-02-04 10:00:05,250 - Worker 3 - x - INFO - step 2',
      'Worker 3 - output - ERROR - Uncaught exception',
      'Traceback (most recent call last):',
      'RuntimeError: boom',
      '',
    ].join('\n');
    for (const chunk of [7, 64, 4096]) {
      const [session] = scanInChunks(Buffer.from(text), chunk).sessions;
      assert.deepStrictEqual(session.errors.map((e) => [e.line, e.time, e.timeApproximate]), [[0, undefined, undefined], [3, parseAsctime('2026-02-04 10:00:05,250'), true]], `chunks of ${chunk}`);
    }
  });

  it('marks a session whose first record has no time (it started at or before its first time); not one a Resume record starts', () => {
    const text = [
      'Worker 3 - output - INFO - config: lr=0.1',
      '2026-02-04 10:00:05,000 - Worker 3 - x - INFO - step 1',
      '2026-02-04 10:01:00,000 - Worker 3 - torchrun - INFO - === Resume at 2026-02-04T10:01:00.000 ===',
      'Worker 3 - output - INFO - config: lr=0.1',
      'Worker 3 - torchrun - INFO - === Resume at 2026-02-04T10:02:00.000 ===',
      '',
    ].join('\n');
    for (const chunk of [7, 64, 4096]) {
      const sessions = scanInChunks(Buffer.from(text), chunk).sessions;
      assert.deepStrictEqual(sessions.map((s) => [s.untimedStart, s.firstTime]), [[true, parseAsctime('2026-02-04 10:00:05,000')], [undefined, parseAsctime('2026-02-04 10:01:00,000')], [undefined, undefined]], `chunks of ${chunk}`);
    }
    const timed = scanInChunks(Buffer.from('2026-02-04 10:00:05,000 - Worker 3 - x - INFO - step 1\nWorker 3 - output - INFO - print\n'), 64).sessions;
    assert.strictEqual(timed[0].untimedStart, undefined);
  });

  it("a thread's uncaught exception (Python's `Exception in thread <name>:` just before the import's record of it) is marked with the thread, with the lane and without, after thousands of records; a process's is not", () => {
    const many = Array.from({ length: 5000 }, (_, i) => `Worker 1 - stderr - INFO - print ${i}`);
    const lines = [
      ...many,
      'Worker 1 - stderr - INFO - Exception in thread Thread-3 (upload):',
      'Worker 1 - stderr - ERROR - Uncaught exception',
      'Traceback (most recent call last):',
      '  File "/usr/lib/python3.11/threading.py", line 1038, in _bootstrap_inner',
      'ConnectionError: wandb upload failed',
      ...many,
      'Worker 1 - stderr - ERROR - Uncaught exception',
      'Traceback (most recent call last):',
      '  File "train.py", line 3, in <module>',
      'RuntimeError: boom',
      // Our module's own record of one (threading.excepthook).
      '2026-02-04 10:00:00,000 - Worker 1 - worker_logging - ERROR - Uncaught exception in thread loader',
      'Traceback (most recent call last):',
      'OSError: disk gone',
    ];
    // (Large chunks: a record at a chunk's start is not looked behind; it then counts as any error.)
    scanEveryWay(lines.join('\n') + '\n', [1 << 20, 200_000], (scanner, what) => {
      const errors = scanner.sessions[0].errors;
      assert.deepStrictEqual(errors.map((e) => [e.line, e.thread, e.exception]), [[5001, 'Thread-3 (upload)', 'ConnectionError: wandb upload failed'], [10005, undefined, 'RuntimeError: boom'], [10009, 'loader', 'OSError: disk gone']], what);
    });
  });

  it("an exception Python ignored (`Exception ignored in: <function Loader.__del__ ...>`, an exit handler's, before 3.11 `Error in atexit._run_exitfuncs:`) is marked with what it was ignored in; a process's after it is not", () => {
    const ignored = (head: string, exception: string) => [`Worker 1 - stderr - INFO - ${head}`, 'Worker 1 - stderr - ERROR - Uncaught exception', 'Traceback (most recent call last):', '  File "train.py", line 6, in __del__', exception, 'Worker 1 - stderr - INFO - print'];
    const lines = [
      'Worker 1 - stderr - INFO - step 0',
      ...ignored('Exception ignored in: <function Loader.__del__ at 0x7f83afb218a0>', "AttributeError: 'NoneType' object has no attribute 'close'"),
      ...ignored('Exception ignored in atexit callback: <function shutdown at 0x7f08c0b48ae0>', 'KeyboardInterrupt: '),
      ...ignored('Error in atexit._run_exitfuncs:', 'OSError: disk gone'),
      ...ignored('Exception ignored while calling deallocator <function Loader.__del__ at 0x7f83afb218a0>:', 'ValueError: x'),
      'Worker 1 - stderr - ERROR - Uncaught exception',
      'Traceback (most recent call last):',
      'RuntimeError: boom',
    ];
    scanEveryWay(lines.join('\n') + '\n', [1 << 20], (scanner, what) => {
      const errors = scanner.sessions[0].errors;
      assert.deepStrictEqual(
        errors.map((e) => [e.ignored, e.thread]),
        [['<function Loader.__del__ at 0x7f83afb218a0>', undefined], ['atexit callback: <function shutdown at 0x7f08c0b48ae0>', undefined], ['atexit', undefined], ['calling deallocator <function Loader.__del__ at 0x7f83afb218a0>', undefined], [undefined, undefined]],
        what,
      );
    });
    assert.deepStrictEqual(['<function Loader.__del__ at 0x7f83afb218a0>', 'atexit callback: <function shutdown at 0x7f08c0b48ae0>', 'atexit', "<module 'threading' from '/usr/lib/python3.11/threading.py'>", 'something else'].map(ignoredWhere), ['Loader.__del__', 'atexit shutdown', 'atexit', 'threading', 'something else']);
  });

  it('agrees with the reference for every chunk size from 1 to 64 bytes', () => {
    const bytes = Buffer.from(sampleLog());
    const expected = refShape(sampleLog());
    const whole = scannerSnapshot(scanInChunks(bytes, bytes.length));
    for (let size = 1; size <= 64; size++) {
      const snap = scannerSnapshot(scanInChunks(bytes, size));
      assert.deepStrictEqual(coreShape(snap), expected, `chunk size ${size}`);
      assert.deepStrictEqual(snap.sessions, whole.sessions, `chunk size ${size}: full session data`);
    }
  });

  it('reads CRLF files the same as LF files', async () => {
    const file = path.join(dir, 'worker_crlf.log');
    fs.writeFileSync(file, sampleLog('\r\n'));
    const snap = await indexFile(file);
    assert.deepStrictEqual(coreShape(snap), refShape(sampleLog()));
    assert.strictEqual(snap.sessions[1].resumeTimeText, '2026-02-04T10:01:00.000000');
    assert.strictEqual(snap.sessions[0].firstError?.exception, 'torch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB');
  });

  it('counts a 10 MB single line without storing it', async () => {
    const file = path.join(dir, 'worker_long.log');
    const big = 'Worker 0 - x - ERROR - ' + 'y'.repeat(10 * 1024 * 1024);
    fs.writeFileSync(file, `Worker 0 - x - INFO - before\n${big}\nWorker 0 - x - INFO - after\n`);
    const snap = await indexFile(file, { chunkSize: 64 * 1024 });
    assert.strictEqual(snap.lines, 3);
    assert.strictEqual(snap.sessions[0].counts.INFO, 2);
    assert.strictEqual(snap.sessions[0].counts.ERROR, 1);
    assert.ok(snap.sessions[0].firstError!.message.length <= 500);
    assert.strictEqual(snap.sessions[0].lastRecord?.message, 'after');
  });

  it('treats a file of only continuation lines as one session without records', async () => {
    const file = path.join(dir, 'worker_plain.log');
    fs.writeFileSync(file, 'plain print\n  indented\nTraceback (most recent call last):\n');
    const snap = await indexFile(file);
    assert.strictEqual(snap.lines, 3);
    assert.strictEqual(snap.records, 0);
    assert.strictEqual(snap.sessions.length, 1);
  });

  it('indexes an empty file', async () => {
    const file = path.join(dir, 'worker_empty.log');
    fs.writeFileSync(file, '');
    const snap = await indexFile(file);
    assert.strictEqual(snap.state, 'ok');
    assert.deepStrictEqual([snap.lines, snap.bytes, snap.sessions.length, snap.sessions[0].records], [0, 0, 1, 0]);
  });

  it('starts with the separator as session 1 when the file begins with one', async () => {
    const file = path.join(dir, 'worker_sep.log');
    fs.writeFileSync(file, new LogText(0).resume(T0).record(T0, 'INFO', 'x').text());
    const snap = await indexFile(file);
    assert.strictEqual(snap.sessions.length, 1);
    assert.strictEqual(snap.sessions[0].resumeTime, T0);
  });

  it('reports a binary file as not a worker log', async () => {
    const file = path.join(dir, 'worker_bin.log');
    fs.writeFileSync(file, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1, 2, 3, 10, 0, 10]));
    const snap = await indexFile(file);
    assert.strictEqual(snap.state, 'binary');
    assert.match(snap.problem ?? '', /binary/);
    assert.deepStrictEqual(snap.sessions, []);
  });

  it("names the NUL bytes a crash leaves in a log (a node that went down before its writes reached the disk) for what they are, not binary data", async () => {
    const tail = path.join(dir, 'worker_crashed.log');
    fs.writeFileSync(tail, Buffer.concat([Buffer.from('2026-11-30 09:00:00,000 - Worker 2 - train - INFO - step 1\n\x1b[32mcolored\x1b[0m\tline\r\n'), Buffer.alloc(4096)]));
    const damaged = await indexFile(tail);
    assert.strictEqual(damaged.state, 'binary');
    assert.match(damaged.problem ?? '', /^The file holds NUL bytes among its lines: a stretch of it was lost/);
    assert.ok(isLostDataProblem(damaged.problem));
    const zeroed = path.join(dir, 'worker_zeroed.log');
    fs.writeFileSync(zeroed, Buffer.alloc(9000));
    const lost = await indexFile(zeroed);
    assert.match(lost.problem ?? '', /^The file holds only NUL bytes: what was written to it was lost/);
    // Binary data stays binary: an executable's head, a compressed checkpoint's.
    const elf = path.join(dir, 'worker_elf.log');
    fs.writeFileSync(elf, Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(8), Buffer.from([2, 0, 0x3e, 0, 1, 0, 0, 0]), Buffer.from('text in between\n')]));
    assert.strictEqual((await indexFile(elf)).problem, 'The file holds NUL bytes: it is binary, not a worker log.');
    assert.ok(!isLostDataProblem((await indexFile(elf)).problem));
    const noUtf8 = path.join(dir, 'worker_noutf8.log');
    fs.writeFileSync(noUtf8, Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0]), Buffer.alloc(4096, 0xff), Buffer.from('\n')]));
    assert.strictEqual((await indexFile(noUtf8)).problem, 'The file holds NUL bytes: it is binary, not a worker log.');
  });

  it('a log a crash left NUL bytes in is read again once its restarted rank writes on after them: its later records count', async () => {
    const file = path.join(dir, 'worker_restarted.log');
    const rec = (t: string, text: string) => `2026-11-30 09:${t},000 - Worker 3 - train - INFO - ${text}\n`;
    // The crash lost the page holding the end of the last lines: NUL bytes from inside a line.
    fs.writeFileSync(file, Buffer.concat([Buffer.from(rec('00:00', 'step 1') + '2026-11-30 09:00:01,000 - Worker 3 - tr'), Buffer.alloc(3000)]));
    const index = new FileIndex(file);
    await index.update();
    assert.strictEqual(index.snapshot().state, 'binary');
    assert.ok(isLostDataProblem(index.snapshot().problem));
    // Restarted on the same file: its module's resume record follows the NUL bytes on their line.
    fs.appendFileSync(file, '2026-11-30 09:05:00,000 - Worker 3 - worker_logging - INFO - === Resume at 2026-11-30T09:05:00.000000 ===\n' + rec('05:01', 'Worker 3 logging initialized: x') + '2026-11-30 09:05:02,000 - Worker 3 - train - ERROR - after the restart\n');
    await index.update();
    const snap = index.snapshot();
    assert.strictEqual(snap.state, 'ok', snap.problem);
    const last = snap.sessions[snap.sessions.length - 1];
    assert.deepStrictEqual([last.lastRecord?.level, last.lastRecord?.message, errorCount(last.counts)], ['ERROR', 'after the restart', 1]);
    // Read in one go (the CLI) the same way.
    assert.strictEqual((await indexFile(file)).state, 'ok');
  });

  it('tolerates invalid UTF-8', async () => {
    const file = path.join(dir, 'worker_bad_utf8.log');
    fs.writeFileSync(file, Buffer.concat([Buffer.from('Worker 0 - x - ERROR - bad '), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('\nWorker 0 - x - INFO - ok\n')]));
    const snap = await indexFile(file);
    assert.strictEqual(snap.state, 'ok');
    assert.strictEqual(snap.records, 2);
    assert.match(snap.sessions[0].firstError!.message, /^bad /);
  });
});

describe('fileIndex: incremental updates', () => {
  const dir = tempDir();

  it('reads only appended bytes and waits for a partial line', async () => {
    const file = path.join(dir, 'worker_0.log');
    fs.writeFileSync(file, 'Worker 0 - x - INFO - one\n');
    const index = new FileIndex(file);
    assert.deepStrictEqual(await index.update(), { changed: true, reset: false });
    assert.strictEqual(index.snapshot().lines, 1);
    fs.appendFileSync(file, 'Worker 0 - x - ERR');
    await index.update();
    assert.strictEqual(index.snapshot().lines, 1, 'a partial line is not indexed');
    fs.appendFileSync(file, 'OR - two\nWorker 0 - x - INFO - three\n');
    await index.update();
    const snap = index.snapshot();
    assert.strictEqual(snap.lines, 3);
    assert.strictEqual(snap.sessions[0].counts.ERROR, 1);
    assert.strictEqual(snap.sessions[0].firstError?.line, 1);
    assert.deepStrictEqual(await index.update(), { changed: false, reset: false });
  });

  it('re-indexes a file that was truncated and rewritten as a new generation', async () => {
    const file = path.join(dir, 'worker_1.log');
    fs.writeFileSync(file, sampleLog());
    const index = new FileIndex(file);
    await index.update();
    assert.strictEqual(index.snapshot().sessions.length, 3);
    fs.writeFileSync(file, 'Worker 1 - x - INFO - fresh\n');
    const r = await index.update();
    assert.deepStrictEqual(r, { changed: true, reset: true });
    const snap = index.snapshot();
    assert.strictEqual(snap.generation, 1);
    assert.deepStrictEqual([snap.lines, snap.sessions.length, snap.sessions[0].lastRecord?.message], [1, 1, 'fresh']);
  });

  it('re-indexes a file replaced by another of the same size or larger (new inode)', async () => {
    const file = path.join(dir, 'worker_2.log');
    fs.writeFileSync(file, 'Worker 2 - x - INFO - aaa\n');
    const index = new FileIndex(file);
    await index.update();
    fs.writeFileSync(file + '.new', 'Worker 2 - x - ERROR - bbb\nWorker 2 - x - INFO - c\n');
    fs.renameSync(file + '.new', file);
    assert.strictEqual((await index.update()).reset, true);
    assert.strictEqual(index.snapshot().sessions[0].counts.ERROR, 1);
    assert.strictEqual(index.snapshot().sessions[0].counts.INFO, 1);
  });

  it('turns a deleted file into the missing state and recovers when it returns', async () => {
    const file = path.join(dir, 'worker_3.log');
    fs.writeFileSync(file, 'Worker 3 - x - INFO - a\n');
    const index = new FileIndex(file);
    await index.update();
    fs.unlinkSync(file);
    const r = await index.update();
    assert.strictEqual(r.changed, true);
    assert.strictEqual(index.state, 'missing');
    assert.match(index.snapshot().problem ?? '', /no longer exists/);
    fs.writeFileSync(file, 'Worker 3 - x - INFO - b\nWorker 3 - x - INFO - c\n');
    await index.update();
    assert.strictEqual(index.state, 'ok');
    assert.strictEqual(index.snapshot().lines, 2);
  });

  it('reports a path that cannot be read as a state, never an exception', async () => {
    const asDir = path.join(dir, 'worker_4.log');
    fs.mkdirSync(asDir);
    const index = new FileIndex(asDir);
    await index.update();
    assert.strictEqual(index.state, 'unreadable');
    const never = new FileIndex(path.join(dir, 'nope', 'worker_9.log'));
    await never.update();
    assert.strictEqual(never.state, 'missing');
  });

  it('reports permission denied as unreadable (non-root only: root reads every file)', async function () {
    const file = path.join(dir, 'worker_5.log');
    fs.writeFileSync(file, 'Worker 5 - x - INFO - a\n');
    fs.chmodSync(file, 0o000);
    const index = new FileIndex(file);
    await index.update();
    const isRoot = process.getuid?.() === 0;
    assert.strictEqual(index.state, isRoot ? 'ok' : 'unreadable');
    fs.chmodSync(file, 0o644);
  });

  it('folds a burst of update calls into at most one follow-up read', async () => {
    const file = path.join(dir, 'worker_6.log');
    fs.writeFileSync(file, 'Worker 6 - x - INFO - a\n');
    const index = new FileIndex(file);
    const calls = [index.update(), index.update(), index.update()];
    fs.appendFileSync(file, 'Worker 6 - x - INFO - b\n');
    await Promise.all(calls);
    await index.update();
    assert.strictEqual(index.snapshot().lines, 2);
  });
});
