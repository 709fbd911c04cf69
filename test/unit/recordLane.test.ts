import * as assert from 'node:assert';
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RELEARN_AFTER } from '../../src/core/lane/headerTable';
import { LANE_HEADERS, RecordLane } from '../../src/core/lane/recordLane';
import { LogScanner, ScannerOptions } from '../../src/core/logScanner';
import { LogRecord, RecordReader, RecordReaderOptions } from '../../src/core/recordReader';
import { rng } from '../support/random';

// The record lane (WebAssembly) may only take lines whose meaning the TypeScript path has
// already settled, so a scan with it must equal a scan without it, whatever the bytes,
// options and chunking. Lines here are built to nearly match the headers the lane learns.
const TEMPLATES = [
  '2026-01-01 00:00:01,250 - Worker 0 - train.loop - INFO - step=1 loss=0.5',
  '2026-01-01 00:00:01,250 - Worker 0 - train.loop - DEBUG - batch ready',
  '2026-01-01 00:00:01,250 - Worker 0 - data.loader - WARNING - shard 3 is 50% padding',
  '2026-01-01 00:00:01,250 - Worker 0 - train.loop - ERROR - CUDA out of memory',
  '2026-01-01 00:00:01,250 - Worker 0 - train.loop - CRITICAL - giving up',
  '2026-01-01 00:00:01,250 - Worker 12 - a - b - INFO - INFO - dashes in the logger',
  '2026-01-01 00:00:01,250 - Worker 0 - worker_logging - INFO - === Resume at 2026-01-01T00:00:09.000000 ===',
  // The lane finds a header by its bytes 4-20 (its window) and its length, without looking for
  // its end: headers that share a window (more than a window's set holds: glog's file:line
  // loggers), one shorter than a window, ones that start with a dash (the byte before a line's
  // header is a space: a leading "- " may count as a " - ").
  '2026-01-01 00:00:01,250 - Worker 0 - train.loop.eval - INFO - same window, longer logger',
  '2026-01-01 00:00:01,250 - Worker 0 - ProcessGroupNCCL.cpp:1203 - INFO - [Rank 0] heartbeat',
  '2026-01-01 00:00:01,250 - Worker 0 - ProcessGroupNCCL.cpp:1650 - WARNING - [Rank 0] heartbeat',
  '2026-01-01 00:00:01,250 - Worker 0 - ProcessGroupNCCL.cpp:1950 - INFO - [Rank 0] heartbeat',
  '2026-01-01 00:00:01,250 - Worker 0 - ProcessGroupNCCL.cpp:1100 - DEBUG - [Rank 0] heartbeat',
  '2026-01-01 00:00:01,250 - Worker 0 - train.loop - INFO - - a message that starts with a dash',
  '2026-01-01 00:00:01,250 - W1 - x - INFO - a header shorter than a window',
  '2026-01-01 00:00:01,250 - - Worker 0 - train.loop - INFO - a header that starts with a dash',
  '2026-01-01 00:00:01,250 - -orker 0 - train.loop - INFO - INFO - a dash, then three more',
  'Worker 0 - train.loop - INFO - untimed record',
  'Worker 0 - train.loop - Level 5 - custom level',
  'Worker 0 - train.loop - INFO -',
  'Traceback (most recent call last):',
  '  File "train.py", line 9, in <module>',
  'RuntimeError: CUDA out of memory',
  'The above exception was the direct cause of the following exception:',
  '  + Exception Group Traceback (most recent call last):',
  '  |   File "train.py", line 9, in <module>',
  '  | ExceptionGroup: many (2 sub-exceptions)',
  '  +-+---------------- 1 ----------------',
  '    | KeyError: 3',
  'Worker 0 printed this',
  'Thread 0x00007f3e4b7fe640 (most recent call first):',
  'Current thread 0x00007f3e5a1c7740 (most recent call first):',
  'Stack (most recent call first):',
  '  File "/home/alice/train.py", line 42 in train_step',
  'Current weather: sunny',
  '',
  '\t    return self._call_impl(*args, **kwargs)',
  ' ',
  '\r',
];
const NOISE = ' -W=\r0123456789ABCINFOLevel:,.é';

function nearMissLog(rand: () => number): Buffer {
  const lines: string[] = [];
  const n = 1 + Math.floor(rand() * 200);
  for (let i = 0; i < n; i++) {
    let line = TEMPLATES[Math.floor(rand() * TEMPLATES.length)];
    const r = rand();
    if (r < 0.25) {
      // Change a byte or two, anywhere (header, timestamp shape, message start).
      for (let k = 0; k < 1 + Math.floor(rand() * 2); k++) {
        const at = Math.floor(rand() * (line.length + 1));
        line = line.slice(0, at) + NOISE[Math.floor(rand() * NOISE.length)] + line.slice(at + 1);
      }
    } else if (r < 0.35) {
      line = line.slice(0, Math.floor(rand() * line.length));
    } else if (r < 0.4) {
      line = line + 'x'.repeat(Math.floor(rand() * 300));
    }
    lines.push(line + (rand() < 0.15 ? '\r\n' : '\n'));
  }
  if (rand() < 0.5) lines.push(TEMPLATES[0].slice(0, Math.floor(rand() * 60)));
  return Buffer.from(lines.join(''));
}

function scan(bytes: Buffer, options: ScannerOptions, cuts: number[]) {
  const sc = new LogScanner(options);
  let pos = 0;
  for (const size of cuts) {
    sc.push(bytes.subarray(pos, pos + size));
    pos += size;
  }
  sc.push(bytes.subarray(pos));
  return { state: JSON.parse(JSON.stringify(sc.exportState())), multiline: sc.multilineRecords(), pending: sc.pendingBytes };
}

describe('record lane: the WebAssembly fast path agrees with the TypeScript path', () => {
  it('is available on this Node', () => {
    assert.ok(RecordLane.get(), 'WebAssembly SIMD instance');
  });

  it('near-miss lines, random options and chunking: identical index (400 seeds)', () => {
    for (let seed = 1; seed <= 400; seed++) {
      const rand = rng(seed * 31337);
      const bytes = nearMissLog(rand);
      const options: ScannerOptions = {
        maxLineHead: rand() < 0.3 ? 40 + Math.floor(rand() * 80) : undefined,
        checkpointEveryBytes: rand() < 0.5 ? 1 + Math.floor(rand() * 2000) : undefined,
        collectMultilineRecords: rand() < 0.5,
        storeWarnings: rand() < 0.3,
        maxErrorsPerSession: rand() < 0.3 ? 2 : undefined,
        skipLeadingContinuation: rand() < 0.2,
      };
      const cuts: number[] = [];
      for (let total = 0; total < bytes.length && rand() < 0.9; ) {
        const size = 1 + Math.floor(rand() * 400);
        cuts.push(size);
        total += size;
      }
      const withLane = scan(bytes, options, cuts);
      const without = scan(bytes, { ...options, useRecordLane: false }, cuts);
      assert.deepStrictEqual(withLane, without, `seed ${seed}, options ${JSON.stringify(options)}`);
    }
  });

  it('two scanners taking turns on one lane keep their own headers', () => {
    const a = Buffer.from(`${TEMPLATES[0]}\n`.repeat(50));
    const b = Buffer.from(`${TEMPLATES[2]}\n${TEMPLATES[1]}\n`.repeat(50));
    const x = new LogScanner();
    const y = new LogScanner();
    for (let i = 0; i < 10; i++) {
      x.push(a.subarray(i * 100, (i + 1) * 100));
      y.push(b.subarray(i * 100, (i + 1) * 100));
    }
    x.push(a.subarray(1000));
    y.push(b.subarray(1000));
    assert.deepStrictEqual(x.sessions[0].counts, { DEBUG: 0, INFO: 50, WARNING: 0, ERROR: 0, CRITICAL: 0, other: {} });
    assert.deepStrictEqual(y.sessions[0].counts, { DEBUG: 50, INFO: 0, WARNING: 50, ERROR: 0, CRITICAL: 0, other: {} });
  });

  it('reads straight into lane memory with pushFrom', () => {
    const bytes = Buffer.from(`${TEMPLATES[0]}\n${TEMPLATES[3]}\n${TEMPLATES[10]}\n${TEMPLATES[12]}\n`.repeat(300));
    const sc = new LogScanner();
    let pos = 0;
    while (pos < bytes.length) {
      pos += sc.pushFrom((into) => bytes.copy(into, 0, pos, Math.min(bytes.length, pos + 777)), 777);
    }
    const ref = scan(bytes, { useRecordLane: false }, []);
    assert.deepStrictEqual(JSON.parse(JSON.stringify(sc.exportState())), ref.state);
  });

  it("takes an open error's indented and empty lines, and leaves its other lines to TypeScript", () => {
    const error = [
      '2026-01-01 00:00:02,000 - Worker 0 - train.loop - ERROR - batch failed',
      'Traceback (most recent call last):',
      '  File "train.py", line 9, in <module>',
      '    main()',
      '',
      '\t  File "model.py", line 3, in forward',
      '\r',
      'ValueError: bad shard',
    ];
    const bytes = Buffer.from(`${TEMPLATES[0]}\n${error.join('\n')}\n${TEMPLATES[0]}\n`.repeat(200));
    // One checkpoint (at the start): a checkpoint due leaves its record to TypeScript too.
    const sc = new LogScanner({ maxErrorsPerSession: 1000, checkpointEveryBytes: 2 ** 30 });
    sc.push(bytes);
    const errors = sc.sessions[0].errors;
    assert.strictEqual(errors.length, 200);
    for (const e of errors) {
      assert.strictEqual(e.lineCount, error.length);
      assert.strictEqual(e.exception, 'ValueError: bad shard');
    }
    // The header, Traceback and exception lines of each error are TypeScript's; the records
    // between them are the lane's (the first one learns its header), and so are the five others.
    assert.strictEqual(sc.lines - sc.laneLines, 200 * 3 + 1, `lane took ${sc.laneLines} of ${sc.lines} lines`);
    assert.deepStrictEqual(scan(bytes, { maxErrorsPerSession: 1000 }, [333, 4096]).state, scan(bytes, { maxErrorsPerSession: 1000, useRecordLane: false }, [333, 4096]).state);
  });

  // Real logs interleave many (logger, level) pairs; the lane must take their lines whatever
  // the mix, and a file with more headers than the table holds must not thrash.
  const LEVELS = ['DEBUG', 'INFO', 'WARNING'];
  const header = (k: number, logger = `pkg${k % 7}.module_${Math.floor(k / 3)}`) => `Worker 3 - ${logger} - ${LEVELS[k % 3]} - `;

  function mixedLog(rand: () => number, headers: number, lines: number, first = 0): Buffer {
    const out: string[] = [];
    for (let i = 0; i < lines; i++) {
      const k = first + Math.floor(rand() * headers);
      const ms = String(i % 1000).padStart(3, '0');
      out.push(`2026-01-01 00:00:${String(Math.floor(i / 1000) % 60).padStart(2, '0')},${ms} - ${header(k)}value=${(rand() * 100).toFixed(3)} step ${i}\n`);
      if (rand() < 0.01) out.push('  a continuation line of that record\n');
    }
    return Buffer.from(out.join(''));
  }

  function laneShare(bytes: Buffer): { share: number; scanner: LogScanner } {
    const scanner = new LogScanner();
    for (let at = 0; at < bytes.length; at += 65536) scanner.push(bytes.subarray(at, at + 65536));
    return { share: scanner.laneLines / scanner.lines, scanner };
  }

  it('takes at least 95% of the lines of a log with 64 distinct headers, evenly mixed', () => {
    const bytes = mixedLog(rng(64), 64, 20000);
    const { share, scanner } = laneShare(bytes);
    assert.ok(share >= 0.95, `lane took ${(share * 100).toFixed(1)}% of ${scanner.lines} lines`);
    assert.deepStrictEqual(scan(bytes, {}, []).state, scan(bytes, { useRecordLane: false }, []).state);
  });

  it('with more distinct headers than the table holds, keeps the ones it learned and agrees with the TypeScript path', () => {
    const rand = rng(7);
    // The first LANE_HEADERS headers, then each line a header never seen before.
    const known = mixedLog(rand, LANE_HEADERS, 5000);
    const unique = Buffer.from(
      Array.from({ length: 3000 }, (_, i) => `2026-01-01 00:01:00,000 - ${header(0, `unique.logger_${i}`)}once\n${`2026-01-01 00:01:00,000 - ${header(i % LANE_HEADERS)}again\n`}`).join(''),
    );
    const bytes = Buffer.concat([known, unique]);
    const { scanner } = laneShare(bytes);
    // Every line of a known header after the first 5,000 lines is the lane's.
    assert.ok(scanner.laneLines >= 3000 + 0.9 * 5000 - LANE_HEADERS, `lane took ${scanner.laneLines} lines`);
    assert.deepStrictEqual(scan(bytes, {}, [1000, 77777]).state, scan(bytes, { useRecordLane: false }, [1000, 77777]).state);
  });

  it(`learns a new set of headers after ${RELEARN_AFTER} offers of unknown ones to a full table`, () => {
    const rand = rng(11);
    const before = mixedLog(rand, LANE_HEADERS, 2000);
    // Later in the file the job logs through other loggers only.
    const after = mixedLog(rand, 40, RELEARN_AFTER * 3, 1000);
    const bytes = Buffer.concat([before, after]);
    const { scanner } = laneShare(bytes);
    const afterLines = scanner.lines - laneShare(before).scanner.lines;
    // The first RELEARN_AFTER of them go through TypeScript, the rest mostly through the lane.
    assert.ok(scanner.laneLines - laneShare(before).scanner.laneLines >= afterLines - RELEARN_AFTER - 200);
    assert.deepStrictEqual(scan(bytes, {}, []).state, scan(bytes, { useRecordLane: false }, []).state);
  });
});


// Reading with a minimum level, the record reader skips runs of records below it in the lane:
// what it returns (records, the time before each, where it stopped) must not change.
describe('record lane in the record reader: skipping records below a level changes nothing', () => {
  let dir: string;
  before(async () => {
    dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'gwl-lane-reader-'));
  });
  after(async () => {
    await fsp.rm(dir, { recursive: true, force: true });
  });

  let laneLines = 0;
  async function read(file: string, options: RecordReaderOptions): Promise<{ records: LogRecord[]; position: RecordReader['position'] }> {
    const reader = new RecordReader(file, options);
    const records: LogRecord[] = [];
    for await (const batch of reader.forwardBatches()) records.push(...batch);
    laneLines += reader.laneLines;
    return { records, position: reader.position };
  }

  it('near-miss lines, random levels, chunk sizes and line caps: the same records (300 seeds)', async () => {
    let kept = 0;
    laneLines = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const rand = rng(seed * 7919);
      // Runs of one template make the lane learn and take them, as a real log's steady state.
      const bytes = Buffer.concat(Array.from({ length: 1 + Math.floor(rand() * 4) }, () => nearMissLog(rand)).flatMap((b) => [b, Buffer.from(`${TEMPLATES[Math.floor(rand() * 3)]}\n`.repeat(Math.floor(rand() * 50)))]));
      // Some files end in (or hold) bytes that are no log at all.
      const noise = Buffer.from(Array.from({ length: rand() < 0.2 ? Math.floor(rand() * 5000) : 0 }, () => Math.floor(rand() * 256)));
      const file = path.join(dir, `seed${seed}.log`);
      await fsp.writeFile(file, rand() < 0.5 ? Buffer.concat([bytes, noise, bytes]) : Buffer.concat([bytes, noise]));
      const options: RecordReaderOptions = {
        minLevel: [20, 30, 40, 50][Math.floor(rand() * 4)],
        chunkSize: 16 + Math.floor(rand() * 3000),
        maxLineBytes: rand() < 0.3 ? 40 + Math.floor(rand() * 80) : undefined,
        maxContinuationLines: rand() < 0.5 ? 0 : 5,
      };
      const withLane = await read(file, options);
      const without = await read(file, { ...options, useRecordLane: false });
      assert.deepStrictEqual(withLane, without, `seed ${seed}, options ${JSON.stringify(options)}`);
      kept += without.records.length;
    }
    assert.ok(kept > 1000, `${kept} records kept`);
    assert.ok(laneLines > 10000, `the lane skipped ${laneLines} lines`);
  });

  it('readers taking turns on one lane (a merge of ranks) each keep their own records', async () => {
    const files = await Promise.all(
      [0, 1, 2].map(async (k) => {
        const file = path.join(dir, `turns${k}.log`);
        const lines = [TEMPLATES[k], TEMPLATES[2], TEMPLATES[1], TEMPLATES[10], TEMPLATES[12], TEMPLATES[3]].map((l) => `${l}\n`);
        await fsp.writeFile(file, lines.join('').repeat(400));
        return file;
      }),
    );
    const options: RecordReaderOptions = { minLevel: 30, chunkSize: 1000 };
    laneLines = 0;
    const together = await Promise.all(files.map((f) => read(f, options)));
    const alone: Awaited<ReturnType<typeof read>>[] = [];
    for (const f of files) alone.push(await read(f, { ...options, useRecordLane: false }));
    assert.deepStrictEqual(together, alone);
    assert.strictEqual(alone[2].records.length, 1200, 'the two WARNING records and the ERROR record of each of 400 runs');
    assert.ok(laneLines > 3000, `the lane skipped ${laneLines} lines`);
  });

  it('a record whose timestamp does not parse gives no time: the one before it holds, with the lane and without', async () => {
    const file = path.join(dir, 'corrupt-time.log');
    const steady = `${'2026-01-01 00:00:01,250 - Worker 0 - train.loop - DEBUG - batch ready\n'.repeat(20)}`;
    await fsp.writeFile(file, `${steady}2026-01-01 00:00:01,850 - Worker 0 - train.loop - DEBUG - batch ready\n2026-01-0F 00:00:02,000 - Worker 0 - train.loop - DEBUG - batch ready\n2026-01-01 00:00:03,000 - Worker 0 - train.loop - ERROR - failed\n`);
    for (const useRecordLane of [true, false]) {
      laneLines = 0;
      const { records } = await read(file, { minLevel: 40, useRecordLane });
      assert.strictEqual(records.length, 1);
      assert.strictEqual(records[0].precedingTime, Date.UTC(2026, 0, 1, 0, 0, 1, 850), `lane ${useRecordLane}`);
      assert.ok(useRecordLane ? laneLines > 15 : laneLines === 0, `the lane took ${laneLines} lines`);
    }
  });
});
