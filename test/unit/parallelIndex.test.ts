import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { indexFile } from '../../src/core/fileIndex';
import { IndexSnapshot } from '../../src/core/indexModel';
import { defaultThreads, indexFileParallel } from '../../src/core/parallelIndex';
import { LogText, T0 } from '../support/logWriter';
import { tempDir } from '../support/tempFiles';

const WORKER = path.resolve(__dirname, '..', '..', '..', 'dist', 'indexWorker.js');

function comparable(s: IndexSnapshot) {
  const { checkpoints, ...rest } = s;
  void checkpoints;
  return JSON.parse(JSON.stringify(rest));
}

function bigLog(sessions: number, perSession: number, withCrLf = false): string {
  const log = new LogText(3);
  let t = T0;
  for (let s = 0; s < sessions; s++) {
    if (s > 0) log.resume((t += 60_000));
    for (let i = 0; i < perSession; i++) {
      t += 37;
      if (i % 23 === 5) log.record(t, 'ERROR', `failure ${s}.${i}`).traceback(`RuntimeError: boom ${s}.${i}`);
      else if (i % 11 === 0) log.record(t, 'WARNING', `warn ${i}`);
      else if (i % 31 === 0) log.raw('a plain print line');
      else log.record(t, i % 7 === 0 ? 'DEBUG' : 'INFO', `step=${i} loss=0.5`);
    }
  }
  return log.text(withCrLf ? '\r\n' : '\n');
}

function untimedAmongTimed(): string {
  const lines: string[] = [];
  for (let i = 0; i < 3000; i++) {
    const ms = String(i % 1000).padStart(3, '0');
    if (i % 17 === 3) lines.push(`Worker 3 - launcher - ERROR - killed ${i}`);
    // A launcher's and the runner's words below WARNING, counted apart from the rank's own records (whose count each error keeps).
    else if (i % 13 === 5) lines.push(i % 2 ? `Worker 3 - launcher - INFO - noticed ${i}` : `2026-02-04 10:00:00,000 - Worker 3 - worker_logging.run - INFO - Worker 3 ended: exit code 0`);
    else if (i % 97 === 50) lines.push('Fatal Python error: Segmentation fault', '', 'Current thread 0x00007f00 (most recent call first):', '  File "a.py", line 1 in f');
    else lines.push(`2026-02-04 10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')},${ms} - Worker 3 - x - INFO - step ${i}`);
  }
  return lines.join('\n') + '\n';
}

/** Error records with Python 3.11's exception groups (sub-exceptions, a group in a group), cut anywhere by blocks. */
function exceptionGroups(): string {
  const lines: string[] = [];
  for (let i = 0; i < 80; i++) {
    lines.push(`2026-02-04 10:00:${String(i % 60).padStart(2, '0')},000 - Worker 3 - run - ERROR - Worker 3 failed with an uncaught exception`);
    lines.push('  + Exception Group Traceback (most recent call last):', '  |   File "train.py", line 14, in <module>', `  | ExceptionGroup: loaders ${i} (${(i % 6) + 1} sub-exceptions)`);
    for (let k = 0; k <= i % 6; k++) {
      lines.push(`  +-+---------------- ${k + 1} ----------------`);
      if (k === 2) lines.push('    | + Exception Group Traceback (most recent call last):', `    | | ExceptionGroup: inner ${i} (1 sub-exception)`, '    | +-+---------------- 1 ----------------', '    |   | Traceback (most recent call last):', `    |   | OSError: disk ${i}`);
      else lines.push('    | Traceback (most recent call last):', '    |   File "train.py", line 10, in a', `    | ValueError: shard ${i}.${k}`);
    }
    lines.push('    +------------------------------------', `2026-02-04 10:01:${String(i % 60).padStart(2, '0')},000 - Worker 3 - x - INFO - step ${i}`);
  }
  return lines.join('\n') + '\n';
}

/** Error records whose tracebacks are rich's panels, drawn indented under a record of rich's logging handler (its exception indented too), cut anywhere by blocks. */
function richPanels(): string {
  const lines: string[] = [];
  const pad = ' '.repeat(29);
  for (let i = 0; i < 120; i++) {
    lines.push(`2026-02-04 10:00:${String(i % 60).padStart(2, '0')},000 - Worker 3 - train.py:21 - ERROR - could not load batch ${i}`);
    lines.push(`${pad}╭─ Traceback (most recent call last)─╮`);
    for (let k = 0; k < i % 9; k++) lines.push(`${pad}│ /home/u/run/train.py:${k} in main   │`);
    lines.push(`${pad}╰────────────────────────────────────╯`, `${pad}KeyError: 'shard-${i}'`, `2026-02-04 10:01:${String(i % 60).padStart(2, '0')},000 - Worker 3 - x - INFO - step ${i}`);
  }
  return lines.join('\n') + '\n';
}

describe('parallel index: blocks stitched back equal one sequential pass', () => {
  const dir = tempDir();

  for (const [name, text] of [
    ['sessions with tracebacks', bigLog(6, 400)],
    ['CRLF', bigLog(3, 300, true)],
    ['untimed, one huge traceback', new LogText(0, false).record(0, 'ERROR', 'x').traceback(Array(5000).fill('  File "a.py", line 1, in f').join('\n') + '\nValueError: deep').record(0, 'INFO', 'after').text()],
    ['no records at all', 'plain\n'.repeat(20_000)],
    // Errors without a time (a launcher's word, a fatal error) are dated by the record before them, also across blocks;
    // its launcher's words below WARNING are counted apart.
    ['untimed errors and dumps among timed records', untimedAmongTimed()],
    ['a last line without its newline', bigLog(2, 50) + '2026-02-04 10:00:00,000 - Worker 3 - x - ERROR - cut off'],
    ['an empty file', ''],
    // The first record has no time, in a block after one of no records at all.
    ['prints, then an untimed first record, then timed records and restarts', 'plain\n'.repeat(3000) + new LogText(3, false).record(0, 'INFO', 'hello').text() + bigLog(2, 200)],
    // A group's sub-exceptions follow its exception, whichever block they are in.
    ['exception groups with their sub-exceptions', exceptionGroups()],
    // rich's panel drawn indented: its exception (indented) is read whichever block it is in.
    ['rich panels under records of rich\'s logging handler', richPanels()],
  ] as const) {
    it(`${name}: same sessions, counts, errors and lines for 2, 3 and 4 threads`, async () => {
      const file = path.join(dir, `worker_${name.length}.log`);
      fs.writeFileSync(file, text);
      const expected = comparable(await indexFile(file));
      // One thread: the direct pass the CLI takes for a small file.
      assert.deepStrictEqual(comparable(await indexFileParallel(file, { workerScript: WORKER, threads: 1, chunkSize: 3000 })), expected, 'one thread');
      for (const threads of [2, 3, 4]) {
        for (const blockBytes of [1000, 4096, 77_777]) {
          const got = await indexFileParallel(file, { workerScript: WORKER, threads, minBytesPerThread: 1024, blockBytes, chunkSize: 3000 });
          assert.deepStrictEqual(comparable(got), expected, `${threads} threads, blocks of ${blockBytes} bytes`);
          const times = got.checkpoints.map((c) => c.line);
          assert.deepStrictEqual(times, [...times].sort((a, b) => a - b), 'checkpoints in order');
        }
      }
    });
  }

  it('each checkpoint counts the records up to it by level, also across blocks', async () => {
    const text = bigLog(6, 400);
    const file = path.join(dir, 'worker_77.log');
    fs.writeFileSync(file, text);
    const lines = text.split('\n');
    const classOf: Record<string, number> = { DEBUG: 0, INFO: 1, WARNING: 2, ERROR: 3, CRITICAL: 3 };
    const expected = (line: number): number[] => {
      const n = [0, 0, 0, 0];
      for (const l of lines.slice(0, line + 1)) {
        const m = / - (DEBUG|INFO|WARNING|ERROR|CRITICAL) - /.exec(l);
        if (m) n[classOf[m[1]]]++;
      }
      return n;
    };
    const serial = await indexFile(file, { checkpointEveryBytes: 2000 });
    const parallel = await indexFileParallel(file, { workerScript: WORKER, threads: 3, minBytesPerThread: 1024, blockBytes: 4096, chunkSize: 3000, checkpointEveryBytes: 2000 });
    for (const snap of [serial, parallel]) {
      assert.ok(snap.checkpoints.length > 20, `${snap.checkpoints.length} checkpoints`);
      for (const c of snap.checkpoints) assert.deepStrictEqual(c.levels, expected(c.line), `checkpoint at line ${c.line}`);
    }
  });

  it('falls back to one pass for a small, binary or missing file', async () => {
    const small = path.join(dir, 'worker_90.log');
    fs.writeFileSync(small, 'Worker 0 - x - INFO - a\n');
    assert.strictEqual((await indexFileParallel(small, { workerScript: WORKER })).lines, 1);
    const bin = path.join(dir, 'worker_91.log');
    fs.writeFileSync(bin, Buffer.concat([Buffer.from([0, 1, 2]), Buffer.alloc(100_000, 65)]));
    assert.strictEqual((await indexFileParallel(bin, { workerScript: WORKER, minBytesPerThread: 1000 })).state, 'binary');
    assert.strictEqual((await indexFileParallel(path.join(dir, 'nope.log'), { workerScript: WORKER })).state, 'missing');
  });
});

describe('parallel index: threads by default', () => {
  it('one thread below four cores (a second one did not pay for itself on two), then up to four', () => {
    assert.deepStrictEqual([1, 2, 3, 4, 8, 64].map(defaultThreads), [1, 1, 1, 4, 4, 4]);
  });
});
