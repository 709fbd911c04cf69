import * as assert from 'node:assert';
import { BUILT_IN_FORMATS, lastCarriageState, parseForeignLine, richRepeatedLine, withDay } from '../../src/core/lineFormats';
import { compileUserFormats, timeReader } from '../../src/core/userFormats';
import { demultiplex, rankPrefixOf } from '../../src/core/rankPrefixes';
import { rng } from '../support/random';
import { naiveFromEpoch } from '../../src/core/timestamps';

const at = (y: number, mo: number, d: number, h: number, mi: number, s: number, ms = 0) => Date.UTC(y, mo - 1, d, h, mi, s, ms);
const read = (line: string) => parseForeignLine(line, BUILT_IN_FORMATS, { year: 2026 });

describe('line formats of other programs, as their documentation writes them', () => {
  it("Python's default (logging.basicConfig): level, logger, message; no time", () => {
    assert.deepStrictEqual(read('WARNING:torch.distributed.run:Setting OMP_NUM_THREADS environment variable for each process to be 1 in default'), {
      format: 'python',
      level: 'WARNING',
      logger: 'torch.distributed.run',
      message: 'Setting OMP_NUM_THREADS environment variable for each process to be 1 in default',
    });
    assert.strictEqual(read('ERROR:root:batch 3: CUDA out of memory')?.message, 'batch 3: CUDA out of memory');
  });

  it('glog and c10d: plain and in brackets, micro- and nanoseconds, with or without the thread id; the year is assumed', () => {
    const plain = read('I1130 09:12:33.123456 1234 ProcessGroupNCCL.cpp:1234] [Rank 0] ProcessGroupNCCL initialized with following options');
    assert.deepStrictEqual(plain, { format: 'glog', time: at(2026, 11, 30, 9, 12, 33, 123), yearAssumed: true, level: 'INFO', logger: 'ProcessGroupNCCL.cpp:1234', message: '[Rank 0] ProcessGroupNCCL initialized with following options' });
    const c10d = read('[W1130 09:12:33.123456789 ProcessGroupNCCL.cpp:1168] Warning: WARNING: process group has NOT been destroyed before we destruct ProcessGroupNCCL.');
    assert.strictEqual(c10d?.level, 'WARNING');
    assert.strictEqual(c10d?.time, at(2026, 11, 30, 9, 12, 33, 123));
    const elastic = read('W1130 09:12:33.362000 140245 torch/distributed/elastic/multiprocessing/api.py:897] Sending process 4242 closing signal SIGTERM');
    assert.strictEqual(elastic?.logger, 'torch/distributed/elastic/multiprocessing/api.py:897');
    assert.strictEqual(read('E1130 09:12:33.000001 1 x.cc:1] boom')?.level, 'ERROR');
    assert.strictEqual(read('F1130 09:12:33.000001 1 x.cc:1] fatal')?.level, 'CRITICAL');
    // Feb 30 is no day: the line is read, its time is not.
    assert.strictEqual(read('I0230 09:12:33.000001 1 x.cc:1] odd')?.time, undefined);
    // glog 0.6 and later write the year (a PyTorch built against Debian's glog): not assumed.
    const dated = read('E20251203 19:25:21.222450  7076 ProcessGroupGloo.cpp:137] [Rank 0]: Rank 2 failed to pass monitoredBarrier in 4000 ms');
    assert.deepStrictEqual(dated, { format: 'glog', time: at(2025, 12, 3, 19, 25, 21, 222), yearAssumed: false, level: 'ERROR', logger: 'ProcessGroupGloo.cpp:137', message: '[Rank 0]: Rank 2 failed to pass monitoredBarrier in 4000 ms' });
    assert.strictEqual(read('W2026113 09:12:33.1 1 x.cc:1] seven digits')?.format, undefined);
    // PyTorch 2.4+'s own (c10's): the month unpadded, nanoseconds, no thread id.
    const c10 = read('[E922 19:07:21.891247234 ProcessGroupNCCL.cpp:1870] [PG ID 0 PG GUID 0(default_pg) Rank 1] Watchdog caught collective operation timeout');
    assert.deepStrictEqual(c10 && [c10.format, c10.time, c10.level, c10.logger], ['glog', at(2026, 9, 22, 19, 7, 21, 891), 'ERROR', 'ProcessGroupNCCL.cpp:1870']);
    assert.strictEqual(read('[W909 09:55:46.996672294 ProcessGroupNCCL.cpp:1709] x')?.time, at(2026, 9, 9, 9, 55, 46, 996));
    assert.strictEqual(read('[E1103 07:34:57.460801783 ProcessGroupNCCL.cpp:1834] x')?.time, at(2026, 11, 3, 7, 34, 57, 460));
    // Month 13, and two digits, are no dates.
    assert.strictEqual(read('[E1322 19:07:21.891 x.cc:1] x')?.time, undefined);
    assert.strictEqual(read('[E22 19:07:21.891 x.cc:1] x')?.format, undefined);
  });

  it("c10's own lines of PyTorch before 2.4 (pip's wheels, no glog): the level's initial and the file and line, no time", () => {
    assert.deepStrictEqual(read('[E ProcessGroupNCCL.cpp:475] [Rank 0] Watchdog caught collective operation timeout: WorkNCCL(SeqNum=812, OpType=ALLREDUCE, Timeout(ms)=1800000) ran for 1800283 milliseconds before timing out.'), {
      format: 'c10',
      level: 'ERROR',
      logger: 'ProcessGroupNCCL.cpp:475',
      message: '[Rank 0] Watchdog caught collective operation timeout: WorkNCCL(SeqNum=812, OpType=ALLREDUCE, Timeout(ms)=1800000) ran for 1800283 milliseconds before timing out.',
    });
    const socket = read('[W socket.cpp:601] [c10d] The client socket has failed to connect to [node07]:29500 (errno: 111 - Connection refused).');
    assert.deepStrictEqual(socket && [socket.level, socket.logger, socket.time], ['WARNING', 'socket.cpp:601', undefined]);
    assert.strictEqual(read('[I debug.cpp:49] [c10d] The debug level is set to INFO.')?.level, 'INFO');
    assert.strictEqual(read('[F ../c10/cuda/CUDAFunctions.cpp:109] fatal')?.logger, '../c10/cuda/CUDAFunctions.cpp:109');
    // No file and line, or another letter: not c10's.
    assert.strictEqual(read('[I am here] hello')?.format, undefined);
    assert.strictEqual(read('[E ProcessGroupNCCL.cpp] x')?.format, undefined);
    assert.strictEqual(read('[D socket.cpp:601] x')?.format, undefined);
  });

  it('a time without its year more than half a year after the last change is of the year before (a job across New Year, read in January); a written year, and times before, stay', () => {
    const january = { year: 2027, lastChange: at(2027, 1, 2, 8, 0, 0) };
    const glog = (line: string) => parseForeignLine(line, BUILT_IN_FORMATS, january)?.time;
    assert.strictEqual(glog('E1231 23:59:59.500000 42 ProcessGroupNCCL.cpp:1234] boom'), at(2026, 12, 31, 23, 59, 59, 500));
    assert.strictEqual(glog('I0101 00:00:01.000000 42 train.cpp:1] step'), at(2027, 1, 1, 0, 0, 1));
    // Within half a year after it (a job read as it writes): the year given.
    assert.strictEqual(glog('I0601 00:00:01.000000 42 train.cpp:1] step'), at(2027, 6, 1, 0, 0, 1));
    assert.strictEqual(glog('E20271231 23:59:59.500000 42 x.cc:1] written'), at(2027, 12, 31, 23, 59, 59, 500));
    assert.strictEqual(parseForeignLine('ERROR 12-31 23:59:00 llm_engine.py:79] failed', BUILT_IN_FORMATS, january)?.time, at(2026, 12, 31, 23, 59, 0));
    // February 29th of a leap year read the January after: the year before has none, so the year given.
    assert.strictEqual(parseForeignLine('I0229 10:00:00.000000 42 x.cc:1] leap', BUILT_IN_FORMATS, { year: 2028, lastChange: at(2028, 1, 5, 0, 0, 0) })?.time, at(2028, 2, 29, 10, 0, 0));
    // A user format without %Y too; with it, not.
    const { formats } = compileUserFormats([
      { name: 'md', pattern: '^(?<time>\\S+ \\S+) (?<message>.*)$', timeFormat: '%m/%d %H:%M:%S', samples: ['12/31 23:59:00 x'] },
    ]);
    assert.strictEqual(parseForeignLine('12/31 23:59:00 boom', formats, january)?.time, at(2026, 12, 31, 23, 59, 0));
    const { formats: ymd } = compileUserFormats([
      { name: 'ymd', pattern: '^(?<time>\\S+ \\S+) (?<message>.*)$', timeFormat: '%Y/%m/%d %H:%M:%S', samples: ['2027/12/31 23:59:00 x'] },
    ]);
    assert.strictEqual(parseForeignLine('2027/12/31 23:59:00 boom', ymd, january)?.time, at(2027, 12, 31, 23, 59, 0));
  });

  it('NCCL INFO and WARN lines (their [N] is the CUDA device, not the rank)', () => {
    assert.deepStrictEqual(read('gpu-node-3:4242:4300 [2] NCCL INFO Channel 00/02 :    0   1   2   3'), { format: 'nccl', level: 'INFO', logger: 'NCCL gpu-node-3:4242 cuda:2', message: 'Channel 00/02 :    0   1   2   3' });
    assert.strictEqual(read('gpu-node-3:4242:4300 [2] NCCL WARN NET/Socket : peer 10.0.0.4<52817> shutdown')?.level, 'WARNING');
  });

  it("DeepSpeed's and torch elastic's (PyTorch 1.x) bracketed asctime", () => {
    assert.deepStrictEqual(read('[2026-11-30 09:12:33,123] [INFO] [launch.py:42:main] WORLD INFO DICT: {"localhost": [0, 1, 2, 3]}'), {
      format: 'deepspeed',
      time: at(2026, 11, 30, 9, 12, 33, 123),
      level: 'INFO',
      logger: 'launch.py:42:main',
      message: 'WORLD INFO DICT: {"localhost": [0, 1, 2, 3]}',
    });
    const e = read('[2026-11-30 09:12:33,123] torch.distributed.elastic.multiprocessing.api: [WARNING] Sending process 4242 closing signal SIGTERM');
    assert.deepStrictEqual([e?.format, e?.level, e?.logger], ['elastic', 'WARNING', 'torch.distributed.elastic.multiprocessing.api']);
  });

  it("rich's logging handler (RichHandler): its time column (its default `[%x %X]`, `[%X]`, a datefmt with the path column), its padded level, the message without its padding, the path as the logger", () => {
    // As a real `RichHandler()` wrote it to a pipe (test/fixtures/launchers/srun-l-rich-logging.out).
    assert.deepStrictEqual(read('[12/04/26 03:05:14] INFO     step 1 loss 0.500                      train2.py:26'), {
      format: 'rich',
      time: at(2026, 12, 4, 3, 5, 14),
      level: 'INFO',
      logger: 'train2.py:26',
      message: 'step 1 loss 0.500',
      richColumn: 20,
    });
    assert.deepStrictEqual(read('[12/04/26 03:05:16] ERROR    could not load the batch of step 3     train2.py:21  '), {
      format: 'rich',
      time: at(2026, 12, 4, 3, 5, 16),
      level: 'ERROR',
      logger: 'train2.py:21',
      message: 'could not load the batch of step 3',
      richColumn: 20,
    });
    // rich's docs' `datefmt="[%X]"`: a time of day (the reader dates it); CRITICAL fills its column.
    const tod = read('[03:05:16] CRITICAL lost the store                                      <stdin>:4');
    assert.deepStrictEqual(tod, { format: 'rich', timeOfDay: ((3 * 60 + 5) * 60 + 16) * 1000, level: 'CRITICAL', logger: '<stdin>:4', message: 'lost the store', richColumn: 11 });
    // `show_path=False`: the message alone (its padding gone).
    assert.deepStrictEqual(read('[12/04/26 03:05:14] WARNING  grad norm 12.5                    '), { format: 'rich', time: at(2026, 12, 4, 3, 5, 14), level: 'WARNING', logger: undefined, message: 'grad norm 12.5', richColumn: 20 });
    // Another datefmt is rich's when the path column follows; without it, the timestamped format's (`%(levelname)-8s` pads alike).
    assert.strictEqual(read('[2026-12-04 03:05:14] DEBUG    x                         train.py:9')?.format, 'rich');
    assert.deepStrictEqual(read('[2026-12-04 03:05:14] INFO     train: step 1'), { format: 'timestamped', time: at(2026, 12, 4, 3, 5, 14), level: 'INFO', logger: 'train', message: 'step 1' });
    // `show_time=False`: the level column first, the path column needed.
    assert.deepStrictEqual(read('INFO     step 1 loss 0.500                      train2.py:26'), { format: 'rich', level: 'INFO', logger: 'train2.py:26', message: 'step 1 loss 0.500' });
    assert.strictEqual(read('INFO     step 1 loss 0.500')?.format, undefined);
    // Not rich's: a level not padded to its column, a time that does not exist, a level word too long.
    assert.notStrictEqual(read('[12/04/26 03:05:14] INFO step 1     train.py:3')?.format, 'rich');
    assert.strictEqual(read('[13/04/26 03:05:14] INFO     x     train.py:3'), undefined);
    assert.notStrictEqual(read('[12/04/26 03:05:14] WARNINGS x     train.py:3')?.format, 'rich');
  });

  it("rich's logging handler's record of the same second as its last: spaces where its time was, then its level column (a line of the message before is indented further)", () => {
    assert.deepStrictEqual(richRepeatedLine('                    WARNING  loss scale lowered to 32768            train2.py:24', 20), {
      format: 'rich',
      level: 'WARNING',
      logger: 'train2.py:24',
      message: 'loss scale lowered to 32768',
    });
    assert.strictEqual(richRepeatedLine('                             store_based_barrier_key:1                          ', 20), undefined);
    assert.strictEqual(richRepeatedLine('                             INFO     a message that says INFO     at its start', 20), undefined);
    assert.strictEqual(richRepeatedLine('          INFO     x', 20), undefined);
    // One space fewer: a label that ends with a space (`[rank3]: `) took it.
    assert.strictEqual(richRepeatedLine('                   ERROR    shard 17 truncated      train.py:57', 20)?.level, 'ERROR');
    assert.strictEqual(richRepeatedLine('                  ERROR    x', 20), undefined);
    assert.strictEqual(richRepeatedLine('                    INFO x', 20), undefined);
  });

  it('leaves tracebacks, prints and our own records to other readers', () => {
    for (const line of ['Traceback (most recent call last):', '  File "train.py", line 3, in <module>', 'RuntimeError: CUDA error: an illegal memory access was encountered', 'epoch 3 done', '2026-02-04 19:36:20,503 - Worker 2 - x - INFO - ours', '']) {
      assert.strictEqual(read(line), undefined, line);
    }
  });

  it('keeps the last state of a progress bar redrawn with carriage returns', () => {
    assert.strictEqual(lastCarriageState('  0%|          | 0/100\r 50%|#####     | 50/100\r100%|##########| 100/100'), '100%|##########| 100/100');
    assert.strictEqual(lastCarriageState('plain line\r'), 'plain line');
    assert.strictEqual(lastCarriageState('plain'), 'plain');
  });
});

describe('rank prefixes of a combined capture', () => {
  it('reads torchrun, srun -l and Open MPI prefixes', () => {
    assert.deepStrictEqual(rankPrefixOf('[rank3]:Traceback (most recent call last):'), { style: 'torchrun', rank: 3, rest: 'Traceback (most recent call last):' });
    assert.deepStrictEqual(rankPrefixOf('[default12]:W1130 09:12:33.1 1 a.cc:1] x'), { style: 'torchrun', rank: 12, rest: 'W1130 09:12:33.1 1 a.cc:1] x' });
    assert.deepStrictEqual(rankPrefixOf(' 3: epoch 1'), { style: 'srun', rank: 3, rest: 'epoch 1' });
    assert.deepStrictEqual(rankPrefixOf('[1,3]<stderr>:RuntimeError: boom'), { style: 'openmpi', rank: 3, stream: 'stderr', rest: 'RuntimeError: boom' });
    assert.strictEqual(rankPrefixOf('srun: error: node3: task 2: Exited with exit code 1'), undefined);
    // horovodrun's Gloo launcher: Open MPI's tag without the job, with its time when asked.
    assert.deepStrictEqual(rankPrefixOf('[3]<stderr>:RuntimeError: boom'), { style: 'openmpi', rank: 3, stream: 'stderr', rest: 'RuntimeError: boom' });
    assert.deepStrictEqual(rankPrefixOf('Wed Dec  2 06:00:01 2026[12]<stdout>:x'), { style: 'openmpi', rank: 12, stream: 'stdout', rest: 'x', time: Date.UTC(2026, 11, 2, 6, 0, 1) });
    assert.strictEqual(rankPrefixOf('[12345678]<stdout>:x'), undefined);
  });

  it('splits a capture into ranks and the launcher, in the style most lines use', () => {
    const capture = [
      '0: step=1 loss=2.5',
      '1: step=1 loss=2.6',
      '1: Traceback (most recent call last):',
      '0: [rank0]: a message that looks prefixed',
      'srun: error: node3: task 1: Exited with exit code 1',
      'slurmstepd: error: *** STEP 1234.0 ON node3 CANCELLED AT 2026-11-30T10:00:00 DUE TO TIME LIMIT ***',
      '0: done\r',
    ];
    const d = demultiplex(capture);
    assert.strictEqual(d.style, 'srun');
    assert.deepStrictEqual([...d.ranks.keys()], [0, 1]);
    assert.deepStrictEqual(d.ranks.get(0), { lines: ['step=1 loss=2.5', '[rank0]: a message that looks prefixed', 'done\r'], source: [0, 3, 6] });
    assert.deepStrictEqual(d.ranks.get(1)?.source, [1, 2]);
    assert.deepStrictEqual(d.launcher.source, [4, 5]);
  });

  it('never throws, and every line of the capture lands once, in order, as a suffix of itself (500 seeds)', () => {
    const pieces = ['[rank', '[default', ']:', '[1,', ']<stdout>:', ': ', ' ', '3', '12', 'x', '\r', 'INFO:a:b', 'I1130 09:12:33.1 1 a.cc:1] m', '[2026-11-30 09:12:33,123] [INFO] [a] m', '[pod/', 'train-worker-1', '/pytorch] ', '2026-11-30T09:12:33.1Z '];
    for (let seed = 1; seed <= 500; seed++) {
      const rand = rng(seed);
      const lines = Array.from({ length: Math.floor(rand() * 30) }, () => Array.from({ length: Math.floor(rand() * 6) }, () => pieces[Math.floor(rand() * pieces.length)]).join(''));
      const d = demultiplex(lines);
      const seen: number[] = [];
      for (const part of [...d.ranks.values(), d.launcher]) {
        part.source.forEach((src, k) => {
          assert.ok(lines[src].endsWith(part.lines[k]), `seed ${seed}: ${JSON.stringify(part.lines[k])} from ${JSON.stringify(lines[src])}`);
          if (k > 0) assert.ok(src > part.source[k - 1], `seed ${seed}: in order`);
          seen.push(src);
        });
      }
      assert.deepStrictEqual(seen.sort((a, b) => a - b), lines.map((_, i) => i), `seed ${seed}: every line once`);
      for (const line of lines) parseForeignLine(line, BUILT_IN_FORMATS, { year: 2026 });
    }
  });
});

describe('user formats (workerLogs.formats), checked against their samples', () => {
  const good = {
    name: 'mylog',
    pattern: '^(?<time>\\S+ \\S+) \\| (?<level>\\w+) \\| rank (?<rank>\\d+) \\| (?<logger>[\\w.]+) \\| (?<message>.*)$',
    timeFormat: '%Y/%m/%d %H:%M:%S.%f',
    samples: ['2026/11/30 09:12:33.123 | WARN | rank 3 | trainer | loss is nan'],
  };

  it('reads the lines of a format whose samples it reads', () => {
    const { formats, problems } = compileUserFormats([good]);
    assert.deepStrictEqual(problems, []);
    assert.deepStrictEqual(parseForeignLine('2026/11/30 09:12:34.5 | ERROR | rank 7 | trainer | boom', formats, { year: 2026 }), {
      format: 'mylog',
      time: at(2026, 11, 30, 9, 12, 34, 500),
      level: 'ERROR',
      logger: 'trainer',
      rank: 7,
      message: 'boom',
    });
  });

  it('a format whose time has no day (`%H:%M:%S`) gives its time of day, which the reader dates', () => {
    const { formats, problems } = compileUserFormats([{ name: 'clock', pattern: '^(?<time>\\S+) (?<level>\\w+) (?<message>.*)$', timeFormat: '%H:%M:%S.%f', samples: ['23:59:58.5 INFO x'] }]);
    assert.deepStrictEqual(problems, []);
    const r = parseForeignLine('23:59:58.5 ERROR boom', formats, { year: 2026 });
    assert.deepStrictEqual([r?.time, r?.timeOfDay, r?.level, r?.message], [undefined, 86_398_500, 'ERROR', 'boom']);
  });

  it('names the format and the sample when a pattern is wrong, and keeps the good ones', () => {
    const { formats, problems } = compileUserFormats([
      good,
      { name: 'broken', pattern: '(', samples: ['x'] },
      { name: 'nomessage', pattern: '^(?<level>\\w+)', samples: ['INFO'] },
      { name: 'miss', pattern: '^(?<message>abc.*)$', samples: ['abc ok', 'xyz not read'] },
      { name: 'badtime', pattern: '^(?<time>\\S+) (?<message>.*)$', timeFormat: '%H:%M', samples: ['yesterday hello'] },
      { name: 'directive', pattern: '^(?<message>.*)$', timeFormat: '%Q', samples: ['a'] },
      { name: 'nosamples', pattern: '^(?<message>.*)$' },
      { pattern: 5 },
    ]);
    assert.deepStrictEqual(formats.map((f) => f.name), ['mylog']);
    assert.match(problems[0], /^workerLogs\.formats: format "broken": the pattern is not a valid regular expression/);
    assert.match(problems[1], /format "nomessage": the pattern needs a named group \(\?<message>/);
    assert.strictEqual(problems[2], 'workerLogs.formats: format "miss" does not read its sample 2: "xyz not read"');
    assert.match(problems[3], /format "badtime": the time of sample 1 does not read as "%H:%M"/);
    assert.match(problems[4], /format "directive": timeFormat: unknown directive %Q/);
    assert.match(problems[5], /format "nosamples" has no samples/);
    assert.match(problems[6], /format "#8" has no pattern/);
    assert.deepStrictEqual(compileUserFormats('nope').problems, ['workerLogs.formats must be a list of {name, pattern, timeFormat, samples}.']);
    assert.deepStrictEqual(compileUserFormats(undefined), { formats: [], problems: [] });
  });

  /** The reader of `timeFormat`, which must be one. */
  const r = (timeFormat: string) => {
    const x = timeReader(timeFormat);
    if ('error' in x) throw new Error(x.error);
    return x;
  };

  it('reads times as strftime, iso or epoch', () => {
    assert.strictEqual(r('%d %b %H:%M:%S')('30 Nov 09:12:33', 2026), at(2026, 11, 30, 9, 12, 33));
    assert.strictEqual(r('iso')('2026-11-30T09:12:33.250', 2026), at(2026, 11, 30, 9, 12, 33, 250));
    // Wall-clock as this machine's, as asctime's and a JSON record's: the same instant reads the same, in any zone.
    const zone = process.env.TZ;
    try {
      process.env.TZ = 'UTC';
      assert.strictEqual(r('epoch')('1796025153.5', 2026), 1796025153500);
      for (const tz of ['America/New_York', 'Asia/Kolkata']) {
        process.env.TZ = tz;
        const instant = new Date(Date.UTC(2026, 10, 30, 14, 12, 33, 250));
        const local = at(instant.getFullYear(), instant.getMonth() + 1, instant.getDate(), instant.getHours(), instant.getMinutes(), instant.getSeconds(), 250);
        assert.notStrictEqual(local, instant.getTime(), tz);
        assert.strictEqual(r('epoch')(String(instant.getTime() / 1000), 2026), local, tz);
        assert.strictEqual(r('epoch_ms')(String(instant.getTime()), 2026), local, tz);
        assert.strictEqual(parseForeignLine(JSON.stringify({ time: instant.getTime() / 1000, level: 'info', message: 'step' }), BUILT_IN_FORMATS, { year: 2026 })?.time, local, tz);
      }
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
    assert.strictEqual(r('epoch_ms')('-5', 2026), undefined);
    assert.ok('error' in timeReader('%Y-%m-%d'));
  });

  it("reads the strftime directives Python's datefmt is written with: %y, %I with %p, %B; a weekday and a zone read and left out", () => {
    // The logging HOWTO's datefmt.
    assert.strictEqual(r('%m/%d/%Y %I:%M:%S %p')('12/06/2026 01:17:08 PM', 2000), at(2026, 12, 6, 13, 17, 8));
    assert.strictEqual(r('%m/%d/%Y %I:%M:%S %p')('12/06/2026 12:05:00 am', 2000), at(2026, 12, 6, 0, 5, 0));
    assert.strictEqual(r('%m/%d/%Y %I:%M:%S %p')('12/06/2026 12:05:00 PM', 2000), at(2026, 12, 6, 12, 5, 0));
    // %y as Python reads it: 00-68 the 2000s, 69-99 the 1900s.
    assert.strictEqual(r('%m/%d/%y %H:%M:%S.%f')('12/06/26 01:17:08.250', 2000), at(2026, 12, 6, 1, 17, 8, 250));
    assert.strictEqual(r('%d/%m/%y %H:%M')('31/12/99 23:59', 2000), at(1999, 12, 31, 23, 59, 0));
    assert.strictEqual(r('%a %d %B %Y %H:%M:%S %z')('Sun 06 December 2026 01:17:08 +0100', 2000), at(2026, 12, 6, 1, 17, 8));
    assert.strictEqual(r('%A, %B %d %H:%M:%S %Z')('Sunday, march 01 01:17:08 UTC', 2026), at(2026, 3, 1, 1, 17, 8));
    assert.strictEqual(r('%d %B %H:%M')('06 Decembre 01:17', 2026), undefined);
    // A format that cannot read a time says so.
    assert.match((timeReader('%I:%M:%S') as { error: string }).error, /%I with %p/);
    assert.match((timeReader('%H:%M %H') as { error: string }).error, /given twice/);
    assert.match((timeReader('%H:%M %q') as { error: string }).error, /unknown directive %q \(known: %Y %y .* %Z, or iso/);
    // Without %Y but with %y, the year is the line's: not taken from the job's files.
    const { formats } = compileUserFormats([{ name: 'short', pattern: '^\\[(?<time>[^\\]]+)\\] (?<message>.*)$', timeFormat: '%m/%d/%y %H:%M:%S', samples: ['[12/06/26 01:17:08] step 1'] }]);
    assert.deepStrictEqual(formats[0].parse('[12/06/26 01:17:08] step 1', 2000), { format: 'short', time: at(2026, 12, 6, 1, 17, 8), level: undefined, logger: undefined, rank: undefined, message: 'step 1' });
  });

  it("loguru's default: its level (SUCCESS and TRACE too), name:function:line as the logger, the message after ' - '", () => {
    assert.deepStrictEqual(read('2026-11-30 09:12:33.123 | INFO     | train:step:42 - loss 0.5 - still the message'), {
      format: 'timestamped',
      time: at(2026, 11, 30, 9, 12, 33, 123),
      level: 'INFO',
      logger: 'train:step:42',
      message: 'loss 0.5 - still the message',
    });
    assert.deepStrictEqual([read('2026-11-30 09:12:33.123 | SUCCESS  | __main__:<module>:10 - done')?.level, read('2026-11-30 09:12:33.123 | TRACE    | a.b:f:1 - x')?.level], ['INFO', 'DEBUG']);
    assert.deepStrictEqual(read('2026-11-30 09:12:33.123 | WARNING  | data.loader:load:7 - ')?.message, '');
    // Not loguru's shape: read as any timestamped line.
    assert.strictEqual(read('2026-11-30 09:12:33.123 | INFO | no location - x')?.logger, undefined);
  });

  it("structlog's ConsoleRenderer: its level in lower case padded in brackets (`exception` an error), the event and its key=value pairs the message", () => {
    assert.deepStrictEqual(read('2026-11-30 09:12:33 [error    ] data shard missing           shard=17'), {
      format: 'timestamped',
      time: at(2026, 11, 30, 9, 12, 33, 0),
      level: 'ERROR',
      message: 'data shard missing           shard=17',
    });
    const levels = ['debug    ', 'info     ', 'warning  ', 'warn     ', 'exception', 'critical ', 'fatal    '].map((l) => read(`2026-11-30T09:12:33.123456Z [${l}] x`)?.level);
    assert.deepStrictEqual(levels, ['DEBUG', 'INFO', 'WARNING', 'WARNING', 'ERROR', 'CRITICAL', 'CRITICAL']);
    // Another word in lower case in brackets is no level: the line is a message at no level, as before.
    assert.deepStrictEqual([read('2026-11-30 09:12:33 [main] x')?.level, read('2026-11-30 09:12:33 [errors ] x')?.level], [undefined, undefined]);
  });

  it("a clock of 12 hours (the logging HOWTO's `%m/%d/%Y %I:%M:%S %p`): PM adds 12 hours but to 12, 12 AM is midnight; not after a clock of 24 hours", () => {
    assert.deepStrictEqual(read('11/30/2026 01:30:00 PM - ERROR - train - x'), { format: 'timestamped', time: at(2026, 11, 30, 13, 30, 0, 0), level: 'ERROR', logger: 'train', message: 'x' });
    const times = ['11/30/2026 12:05:00 AM INFO a: x', '2026-11-30 12:30:00,123 PM INFO a: x', '2026-11-30 11:00:00 am INFO a: x', '2026-11-30 09:00:00 pm INFO a: x'].map((l) => read(l)?.time);
    assert.deepStrictEqual(times, [at(2026, 11, 30, 0, 5, 0, 0), at(2026, 11, 30, 12, 30, 0, 123), at(2026, 11, 30, 11, 0, 0, 0), at(2026, 11, 30, 21, 0, 0, 0)]);
    // 13:30 is no clock of 12 hours, and AMD no AM: as before.
    assert.deepStrictEqual([read('2026-11-30 13:30:00 PM INFO a: x')?.time, read('2026-11-30 01:30:00 AMD GPU x')?.time], [at(2026, 11, 30, 13, 30, 0, 0), at(2026, 11, 30, 1, 30, 0, 0)]);
  });

  it("a zone after a space (`datefmt` ending in ` %z` or ` %Z`: ` +0100`, ` -05:00`, ` UTC`, ` GMT`) is part of the time, not the logger; not where what follows it may not follow a time", () => {
    const expected = { format: 'timestamped', time: at(2026, 11, 30, 9, 12, 33, 0), level: 'ERROR', logger: 'train', message: 'x' };
    for (const line of ['2026-11-30 09:12:33 +0100 ERROR train: x', '2026-11-30 09:12:33 -05:00 ERROR train: x', '2026-11-30 09:12:33 UTC ERROR train: x', '[2026-11-30 09:12:33 GMT] ERROR train: x', '2026/11/30 09:12:33 +0000 ERROR train: x']) {
      assert.deepStrictEqual(read(line), expected, line);
    }
    // Python's own asctime (read without a regular expression) before a zone; the cookbook's dashes after one.
    assert.deepStrictEqual(read('2026-11-30 09:12:33,250 +0000 - train - WARNING - y'), { format: 'timestamped', time: at(2026, 11, 30, 9, 12, 33, 250), level: 'WARNING', logger: 'train', message: 'y' });
    // Not a zone: a number or word that goes on, or one of a date day first (which takes none).
    assert.strictEqual(read('2026-11-30 09:12:33 +0100x ERROR train: x')?.logger, '+0100x');
    assert.strictEqual(read('2026-11-30 09:12:33 UTCx INFO a: b')?.logger, 'UTCx');
    assert.strictEqual(read('2026-11-30 09:12:33 +12 items done')?.message, '+12 items done');
    assert.strictEqual(read('04.12.2026 09:00:03 +0000 ERROR train: x')?.logger, '+0000');
    // A zone's name (`%Z` on a machine not set to UTC) where a level follows it, in brackets too; a
    // logger in capitals is none.
    for (const line of ['2026-11-30 09:12:33 CET ERROR train: x', '2026-11-30 09:12:33 AEST ERROR train: x', '[2026-11-30 09:12:33 PST] ERROR train: x']) assert.deepStrictEqual(read(line), expected, line);
    assert.deepStrictEqual([read('2026-11-30 09:12:33 NCCL ERROR x')?.logger, read('2026-11-30 09:12:33 CET started')?.message], ['NCCL', 'CET started']);
  });

  it("a date with slashes, year first (MMEngine's and OpenMMLab's `%Y/%m/%d %H:%M:%S - name - LEVEL - message`): read as ISO's", () => {
    assert.deepStrictEqual(read('2026/11/30 09:12:33 - mmengine - ERROR - loss is nan'), { format: 'timestamped', time: at(2026, 11, 30, 9, 12, 33, 0), level: 'ERROR', logger: 'mmengine', message: 'loss is nan' });
    assert.strictEqual(read('[2026/11/30 09:12:33,5] WARNING x: y')?.time, at(2026, 11, 30, 9, 12, 33, 500));
    // Slashes and dashes mixed, or a month past 12: no date.
    assert.deepStrictEqual([read('2026/11-30 09:12:33 - a - ERROR - x'), read('2026/13/30 09:12:33 - a - ERROR - x')], [undefined, undefined]);
  });

  it("a date day first with the month's name (`%d-%b-%y %H:%M:%S`, the logging tutorials' `datefmt`; `%d-%b-%Y`, `%d %b %Y`): read, a year of two digits this century's", () => {
    assert.deepStrictEqual(read('04-Dec-26 09:00:03 - ERROR - shard missing'), { format: 'timestamped', time: at(2026, 12, 4, 9, 0, 3, 0), level: 'ERROR', logger: undefined, message: 'shard missing' });
    const times = ['04-Dec-2026 09:00:03,250 INFO train: x', '[04 Dec 2026 09:00:03] WARNING x', '04/Dec/2026:09:00:03 x'].map((l) => read(l)?.time);
    assert.deepStrictEqual(times, [at(2026, 12, 4, 9, 0, 3, 250), at(2026, 12, 4, 9, 0, 3, 0), at(2026, 12, 4, 9, 0, 3, 0)]);
    // A month of no name, a day it has not, separators mixed, a name in capitals: no date.
    assert.deepStrictEqual(['04-Dez-26 09:00:03 ERROR x', '31-Feb-26 09:00:03 ERROR x', '04-Dec/26 09:00:03 ERROR x', '04-DEC-26 09:00:03 ERROR x', '10 Epochs 09:00:03 x'].map((l) => read(l)?.time), [undefined, undefined, undefined, undefined, undefined]);
  });

  it('a date day first with dots (`%d.%m.%Y %H:%M:%S`): read; a month past 12, a year of two digits or a host address are no date', () => {
    assert.deepStrictEqual(read('04.12.2026 09:00:03,250 - train - ERROR - nan loss'), { format: 'timestamped', time: at(2026, 12, 4, 9, 0, 3, 250), level: 'ERROR', logger: 'train', message: 'nan loss' });
    assert.strictEqual(read('[13.12.2026T09:00:03] WARNING x')?.time, at(2026, 12, 13, 9, 0, 3, 0));
    assert.deepStrictEqual(['04.13.2026 09:00:03 ERROR x', '04.12.26 09:00:03 ERROR x', '31.11.2026 09:00:03 ERROR x', '10.10.0.5 09:00:03 ERROR x'].map((l) => read(l)?.time), [undefined, undefined, undefined, undefined]);
  });

  it("detectron2's console (`[%(asctime)s %(name)s]: ` with `%m/%d %H:%M:%S`, `WARNING` or `ERROR` before its warnings and errors): its date in the year given, INFO without a word", () => {
    assert.deepStrictEqual(read('ERROR [12/04 09:00:05 d2.engine.train_loop]: Exception during training:'), {
      format: 'detectron2',
      time: at(2026, 12, 4, 9, 0, 5, 0),
      yearAssumed: true,
      level: 'ERROR',
      logger: 'd2.engine.train_loop',
      message: 'Exception during training:',
    });
    assert.deepStrictEqual(['[12/04 09:00:00 d2.utils.events]:  eta: 0:10:00  iter: 19', 'WARNING [12/04 09:00:01 fvcore.common.checkpoint]: Some model parameters are missing'].map((l) => [read(l)?.format, read(l)?.level, read(l)?.message]), [
      ['detectron2', 'INFO', ' eta: 0:10:00  iter: 19'],
      ['detectron2', 'WARNING', 'Some model parameters are missing'],
    ]);
    // A month past 12, a word detectron2 does not write before it, no `]: `: not its lines.
    assert.deepStrictEqual(['[13/04 09:00:00 d2.x]: y', 'INFO [12/04 09:00:00 d2.x]: y', '[12/04 09:00:00 d2.x] y', 'ERROR[12/04 09:00:00 d2.x]: y'].map((l) => read(l)?.format), [undefined, undefined, undefined, undefined]);
  });

  it("detectron2's files (`[%(asctime)s] %(name)s %(levelname)s: %(message)s`, the same date): its level word, its date in the year given", () => {
    // As its console's line of the same record reads (above).
    assert.deepStrictEqual(read('[12/04 09:00:05] d2.engine.train_loop ERROR: Exception during training:'), read('ERROR [12/04 09:00:05 d2.engine.train_loop]: Exception during training:'));
    assert.strictEqual(read('[12/04 09:00:05] d2.engine.train_loop ERROR: x')?.time, at(2026, 12, 4, 9, 0, 5, 0));
    assert.deepStrictEqual(['[12/04 09:00:00] d2.utils.events INFO:  eta: 0:10:00  iter: 19', '[12/04 09:00:01] fvcore.common.checkpoint WARNING: Some model parameters are missing', '[12/04 09:00:02] __main__ DEBUG: '].map((l) => [read(l)?.format, read(l)?.level, read(l)?.logger, read(l)?.message]), [
      ['detectron2', 'INFO', 'd2.utils.events', ' eta: 0:10:00  iter: 19'],
      ['detectron2', 'WARNING', 'fvcore.common.checkpoint', 'Some model parameters are missing'],
      ['detectron2', 'DEBUG', '__main__', ''],
    ]);
    // A month past 12, no level word, a name with a space, no `: `: not its lines.
    assert.deepStrictEqual(['[13/04 09:00:00] d2.x INFO: y', '[12/04 09:00:00] d2.x y', '[12/04 09:00:00] a b INFO: y', '[12/04 09:00:00] d2.x INFO y'].map((l) => read(l)?.format), [undefined, undefined, undefined, undefined]);
  });

  it("MMEngine's console (`%m/%d %H:%M:%S - name - LEVEL - message`): its date without a year, in the year given", () => {
    assert.deepStrictEqual(read('11/30 09:12:33 - mmengine - ERROR - /work/x.py - train_step - 42 - CUDA out of memory'), {
      format: 'mmengine',
      time: at(2026, 11, 30, 9, 12, 33, 0),
      yearAssumed: true,
      level: 'ERROR',
      logger: 'mmengine',
      message: '/work/x.py - train_step - 42 - CUDA out of memory',
    });
    assert.deepStrictEqual([read('13/30 09:12:33 - mmengine - INFO - x'), read('11/30 09:12:33 - mmengine - error - x')?.format], [undefined, undefined]);
  });

  it("TensorFlow's and XLA's C++ logging (JAX's too): the level's initial after the time, the file and line as the logger", () => {
    assert.deepStrictEqual(read('2026-11-30 09:12:33.123456: E external/xla/xla/pjrt/pjrt_stream_executor_client.cc:2985] Execution of replica 0 failed: RESOURCE_EXHAUSTED: Out of memory'), {
      format: 'timestamped',
      time: at(2026, 11, 30, 9, 12, 33, 123),
      level: 'ERROR',
      logger: 'external/xla/xla/pjrt/pjrt_stream_executor_client.cc:2985',
      message: 'Execution of replica 0 failed: RESOURCE_EXHAUSTED: Out of memory',
    });
    assert.deepStrictEqual(['I', 'W', 'F'].map((l) => read(`2026-11-30 09:12:33.123456: ${l} tensorflow/core/a.cc:1] x`)?.level), ['INFO', 'WARNING', 'CRITICAL']);
    // No file and line: not this format's.
    assert.strictEqual(read('2026-11-30 09:12:33.123456: E no location] x')?.logger, undefined);
  });

  it("Hugging Face's examples (transformers, accelerate): a date month first, then `LEVEL - name - message`", () => {
    assert.deepStrictEqual(read('11/30/2026 09:12:33 - WARNING - __main__ - Process rank: 1, device: cuda:1 - still the message'), {
      format: 'timestamped',
      time: at(2026, 11, 30, 9, 12, 33),
      level: 'WARNING',
      logger: '__main__',
      message: 'Process rank: 1, device: cuda:1 - still the message',
    });
    assert.deepStrictEqual(read('2026-11-30 09:12:33,250 - INFO - accelerate.utils - x'), { format: 'timestamped', time: at(2026, 11, 30, 9, 12, 33, 250), level: 'INFO', logger: 'accelerate.utils', message: 'x' });
    assert.strictEqual(read('[11/30/2026 09:12:33.5] ERROR x')?.time, at(2026, 11, 30, 9, 12, 33, 500));
    // Month first only: a day that does not exist so is no time; nor is a line that only starts alike.
    assert.strictEqual(read('30/11/2026 09:12:33 - INFO - a - x'), undefined);
    assert.strictEqual(read('02/29/2026 09:12:33 - INFO - a - x'), undefined);
    assert.strictEqual(read('11/30/20269 09:12:33 INFO x'), undefined);
    // The cookbook's name before the level stays the logger.
    assert.strictEqual(read('2026-11-30 09:12:33,250 - train - INFO - a - b')?.logger, 'train');
  });

  it("fairseq's and metaseq's `<time> | LEVEL | name | message`: the name between the bars", () => {
    assert.deepStrictEqual(read('2026-11-30 09:00:07 | INFO | train_inner | epoch 001:    100 / 1000 loss=9.1, num_updates=100'), {
      format: 'timestamped',
      time: at(2026, 11, 30, 9, 0, 7),
      level: 'INFO',
      logger: 'train_inner',
      message: 'epoch 001:    100 / 1000 loss=9.1, num_updates=100',
    });
    assert.strictEqual(read('2026-11-30 09:00:06 | WARNING | fairseq.trainer | OOM: Ran out of memory | retrying')?.message, 'OOM: Ran out of memory | retrying');
    // A bar and a dash are not a pair: the name stays in the message.
    assert.strictEqual(read('2026-11-30 09:00:06 | INFO | a - b')?.logger, undefined);
  });

  it("NVIDIA NeMo's logging: the level's initial, the time, module:line (and its debug format's rank)", () => {
    assert.deepStrictEqual(read('[NeMo W 2026-12-02 08:00:00 nemo_logging:349] /opt/megatron/core/tensor_parallel/layers.py:647: UserWarning: deprecated'), {
      format: 'nemo',
      time: at(2026, 12, 2, 8, 0, 0),
      level: 'WARNING',
      logger: 'nemo_logging:349',
      message: '/opt/megatron/core/tensor_parallel/layers.py:647: UserWarning: deprecated',
    });
    assert.deepStrictEqual(read('[NeMo E 2026-12-02 08:00:00 train:42 rank:3] boom'), { format: 'nemo', time: at(2026, 12, 2, 8, 0, 0), level: 'ERROR', logger: 'train:42', rank: 3, message: 'boom' });
    assert.strictEqual(read('[I 2026-12-02 08:00:00 exp_manager:396] Experiments will be logged at /results')?.level, 'INFO');
    assert.strictEqual(read('[NeMo X 2026-12-02 08:00:00 a:1] x'), undefined);
    assert.strictEqual(read('[NeMo I 2026-02-30 08:00:00 a:1] x'), undefined);
  });

  it("a time without a date (`datefmt='%H:%M:%S'`, rich's `[08:12:33]`) with a level: its time of day, for the reader to date; a print that starts with a clock is none", () => {
    const parts = (line: string) => {
      const r = read(line);
      return r && { time: r.time, timeOfDay: r.timeOfDay, level: r.level, logger: r.logger, message: r.message };
    };
    assert.deepStrictEqual(parts('08:33:59.509 ERROR    train - nan loss at step 3'), { time: undefined, timeOfDay: ((8 * 60 + 33) * 60 + 59) * 1000 + 509, level: 'ERROR', logger: undefined, message: 'train - nan loss at step 3' });
    assert.deepStrictEqual(parts('[23:59:59] WARNING  disk 91% full'), { time: undefined, timeOfDay: 86_399_000, level: 'WARNING', logger: undefined, message: 'disk 91% full' });
    assert.deepStrictEqual(parts('00:00:01,250 INFO trainer: step 3'), { time: undefined, timeOfDay: 1250, level: 'INFO', logger: 'trainer', message: 'step 3' });
    assert.strictEqual(read('08:33:59 - __main__ - INFO - x')?.logger, '__main__');
    // No level word, a time that is none, or no space after it: not a record.
    for (const line of ['12:30:00 elapsed', '00:01:23 step 3 of 9', '24:00:00 INFO x', '08:60:00 INFO x', '08:33 INFO x', '8:33:59 INFO x', '08:33:59INFO x', '08:33:59.509', '[08:33:59][INFO] x']) {
      assert.strictEqual(read(line), undefined, line);
    }
  });

  it('a time of day gets the day nearest the time around it (the next past midnight, the day before a little after it), else the latest day it can have', () => {
    const before = at(2026, 11, 30, 23, 59, 58);
    assert.strictEqual(withDay(86_399_000, before), at(2026, 11, 30, 23, 59, 59));
    assert.strictEqual(withDay(1000, before), at(2026, 12, 1, 0, 0, 1));
    // Out of order by less than half a day: the same day.
    assert.strictEqual(withDay(((23 * 60 + 50) * 60) * 1000, before), at(2026, 11, 30, 23, 50, 0));
    assert.strictEqual(withDay(((12 * 60 + 1) * 60) * 1000, before), at(2026, 11, 30, 12, 1, 0));
    assert.strictEqual(withDay(((11 * 60 + 59) * 60) * 1000, before), at(2026, 12, 1, 11, 59, 0));
    // A line of a rank a little behind another's past midnight: the day before.
    assert.strictEqual(withDay(86_399_000, at(2026, 12, 1, 0, 0, 1)), at(2026, 11, 30, 23, 59, 59));
    // None before it: on the day of `latest` (the source's last change), the day before when it would come after it.
    const latest = at(2026, 12, 3, 8, 0, 0);
    assert.strictEqual(withDay(((7 * 60) * 60) * 1000, undefined, latest), at(2026, 12, 3, 7, 0, 0));
    assert.strictEqual(withDay(((8 * 60 + 0.5) * 60) * 1000, undefined, latest), at(2026, 12, 3, 8, 0, 30));
    assert.strictEqual(withDay(((23 * 60) * 60) * 1000, undefined, latest), at(2026, 12, 2, 23, 0, 0));
  });

  it('a record logged as one JSON object a line (python-json-logger, structlog, ECS): message, level, time, logger, its exception under it; any other object is a print', () => {
    assert.deepStrictEqual(read('{"asctime": "2026-12-03 08:49:49,079", "levelname": "ERROR", "name": "train", "message": "lookup failed", "exc_info": "Traceback (most recent call last):\\n  File \\"job.py\\", line 16, in <module>\\nKeyError: \'x\'"}'), {
      format: 'json',
      time: at(2026, 12, 3, 8, 49, 49, 79),
      level: 'ERROR',
      logger: 'train',
      message: 'lookup failed\nTraceback (most recent call last):\n  File "job.py", line 16, in <module>\nKeyError: \'x\'',
    });
    // structlog's JSONRenderer (`event`, ISO time with a zone), ECS (`@timestamp`, a flat `log.level`, `log.logger` inside `log`), CRLF.
    assert.deepStrictEqual(read('{"event": "nan loss", "level": "warning", "logger": "trainer", "timestamp": "2026-12-03T08:49:49.5Z"}\r'), { format: 'json', time: at(2026, 12, 3, 8, 49, 49, 500), level: 'WARNING', logger: 'trainer', message: 'nan loss' });
    assert.deepStrictEqual(read('{"@timestamp":"2026-12-03T08:49:49.079Z","log.level":"error","message":"boom","ecs.version":"1.6.0","log":{"logger":"train"}}'), { format: 'json', time: at(2026, 12, 3, 8, 49, 49, 79), level: 'ERROR', logger: 'train', message: 'boom' });
    assert.strictEqual(read('{"msg": "a\\r\\nb\\rc", "level": "INFO"}')?.message, 'a\nb\nc');
    // Seconds since the epoch (`%(created)f`), and a level alone.
    assert.strictEqual(read(`{"created": ${Date.UTC(2026, 11, 3, 8, 0, 0) / 1000 + 0.25}, "msg": "x", "levelname": "INFO"}`)?.time, naiveFromEpoch(Date.UTC(2026, 11, 3, 8, 0, 0, 250)));
    assert.deepStrictEqual(read('{"msg": "x", "severity": "CRITICAL"}'), { format: 'json', time: undefined, level: 'CRITICAL', logger: undefined, message: 'x' });
    // Printed data, not records: no message, a message of no text, neither level nor time, not JSON, not an object, Python's repr.
    for (const line of ['{"lr": 0.1, "batch": 32}', '{"message": 3, "level": "INFO"}', '{"message": "x"}', '{"message": "x", "level": "LOUD"}', '{"message": "x", "level": "INFO"', '{"message": "x", "level": "INFO"} tail', '{ "message": "x", "level": "INFO"}', "{'loss': 2.1, 'learning_rate': 5e-05}", '{}', `{"message": "${'x'.repeat(70_000)}", "level": "INFO"}`]) {
      assert.strictEqual(read(line), undefined, line.slice(0, 80));
    }
  });

  it("Slurm's cancellation in a task's own file (srun --output=%t writes slurmstepd's words in task 0's): a failure with its reason, a stop without one", () => {
    const read = (line: string) => parseForeignLine(line, BUILT_IN_FORMATS, { year: 2026 });
    assert.deepStrictEqual(read('slurmstepd-vm: error: *** STEP 5.0 ON vm CANCELLED AT 2026-12-03T11:34:05 DUE TO TIME LIMIT ***'), { format: 'slurm', time: Date.UTC(2026, 11, 3, 11, 34, 5), level: 'CRITICAL', logger: 'slurm', message: 'Slurm cancelled job step 5.0 on vm due to time limit' });
    assert.deepStrictEqual(read('slurmstepd: error: *** JOB 77 ON gpu-n1 CANCELLED AT 2026-12-03T11:34:05 ***')?.level, 'INFO');
    // Slurm's other words, and one that only starts so, are prints.
    for (const line of ['slurmstepd: error: Detected 1 oom_kill event in StepId=5.0', 'slurmstepd: error: *** STEP 5.0 ON vm CANCELLED AT yesterday ***']) assert.strictEqual(read(line)?.format, undefined, line);
  });

  it("vLLM's logger: the level, a date without its year (assumed), file:line in brackets or not", () => {
    assert.deepStrictEqual(read('INFO 12-03 08:00:21 [__init__.py:239] Automatically detected platform cuda.'), { format: 'vllm', time: at(2026, 12, 3, 8, 0, 21), yearAssumed: true, level: 'INFO', logger: '__init__.py:239', message: 'Automatically detected platform cuda.' });
    assert.deepStrictEqual(read('ERROR 07-24 10:04:06 llm_engine.py:79] Engine background task failed'), { format: 'vllm', time: at(2026, 7, 24, 10, 4, 6), yearAssumed: true, level: 'ERROR', logger: 'llm_engine.py:79', message: 'Engine background task failed' });
    assert.strictEqual(read('WARNING 02-30 10:04:06 [a.py:1] x')?.format, undefined);
    assert.strictEqual(read('INFO 12-03 08:00:21 no file here')?.format, undefined);
  });

  it("a short tag before the date (torchtitan's `[titan] `), or a level in brackets", () => {
    assert.deepStrictEqual(read('[titan] 2026-12-02 08:00:21,007 - root - INFO - step:  10  loss:  9.8712'), {
      format: 'timestamped',
      time: at(2026, 12, 2, 8, 0, 21, 7),
      level: 'INFO',
      logger: 'root',
      message: 'step:  10  loss:  9.8712',
    });
    assert.deepStrictEqual(read('[ERROR] 2026-12-02 08:00:21,007 disk full'), { format: 'timestamped', time: at(2026, 12, 2, 8, 0, 21, 7), level: 'ERROR', message: 'disk full' });
    // coloredlogs' default (`%(asctime)s %(hostname)s %(name)s[%(process)d] %(levelname)s %(message)s`): two words before the level, the logger's name the second's.
    assert.deepStrictEqual(read('2026-12-02 08:00:21 gpu-node-3 __main__[12345] ERROR boom'), { format: 'timestamped', time: at(2026, 12, 2, 8, 0, 21), level: 'ERROR', logger: '__main__', message: 'boom' });
    assert.strictEqual(read('2026-12-02 08:00:21 gpu-node-3 torch.distributed.run[7] WARNING x')?.logger, 'torch.distributed.run');
    // Other two words stay as they were.
    assert.strictEqual(read('2026-12-02 08:00:21 gpu-node-3 trainer ERROR boom')?.logger, 'gpu-node-3 trainer');
    assert.strictEqual(read('2026-12-02 08:00:21 one [two] three ERROR boom')?.level, undefined);
    // The level first, then the date: that level, whatever word follows the time.
    assert.deepStrictEqual(read('ERROR 2026-12-02 08:00:21,007 train: INFO lost'), { format: 'timestamped', time: at(2026, 12, 2, 8, 0, 21, 7), level: 'ERROR', logger: 'train', message: 'INFO lost' });
    assert.deepStrictEqual(read('WARNING - 2026-12-02 08:00:21,007 - disk full'), { format: 'timestamped', time: at(2026, 12, 2, 8, 0, 21, 7), level: 'WARNING', logger: undefined, message: 'disk full' });
    assert.strictEqual(read('INFO: 2026-12-02T08:00:21 x')?.level, 'INFO');
    assert.strictEqual(read('Info 2026-12-02 08:00:21,007 x'), undefined);
    assert.deepStrictEqual(read('WARNING: 2026 was a year'), { format: 'levelled', level: 'WARNING', message: '2026 was a year' });
    // Not a tag: a rank label is the launcher's, a bracket that holds no word, or no date after it.
    assert.strictEqual(read('[titan] step 10'), undefined);
    assert.strictEqual(read('[a b] 2026-12-02 08:00:21,007 INFO x: y'), undefined);
    assert.strictEqual(read('[' + 'x'.repeat(40) + '] 2026-12-02 08:00:21,007 INFO x: y'), undefined);
  });

  it("Hugging Face's trainer lines, lines that start with a level word, and Open MPI 5's tag with a space", () => {
    assert.deepStrictEqual(read('[WARNING|trainer.py:1812] 2026-11-30 09:12:33,123 >> ***** Running training *****'), {
      format: 'transformers',
      level: 'WARNING',
      logger: 'trainer.py:1812',
      time: at(2026, 11, 30, 9, 12, 33, 123),
      message: '***** Running training *****',
    });
    assert.deepStrictEqual(read('ERROR: could not open /data/x'), { format: 'levelled', level: 'ERROR', message: 'could not open /data/x' });
    assert.strictEqual(read('ERRORS: 3'), undefined);
    assert.deepStrictEqual(rankPrefixOf('[1,3]<stdout>: hello'), { style: 'openmpi', rank: 3, stream: 'stdout', rest: 'hello', spaced: true });
    assert.deepStrictEqual(rankPrefixOf('[1,3]<stderr>:hello'), { style: 'openmpi', rank: 3, stream: 'stderr', rest: 'hello' });
  });
});
