import * as assert from 'node:assert';
import { exceptionLineCandidate, isCudaAssertion, parseRecordLine, startsCudaAssertion, tracebackHeadAfterText } from '../../src/core/logLine';
import { isWatchdogLineBytes } from '../../src/core/headlessLines';
import { formatDuration, formatTime, parseAsctime } from '../../src/core/timestamps';

describe('logLine: one line of the format', () => {
  it('parses a timestamped record', () => {
    const line = '2026-02-04 19:36:20,503 - Worker 2 - virnucpro.pipeline.gpu_worker - INFO - message - with dashes';
    const r = parseRecordLine(line);
    assert.ok(r);
    assert.strictEqual(r.rank, 2);
    assert.strictEqual(r.logger, 'virnucpro.pipeline.gpu_worker');
    assert.strictEqual(r.level, 'INFO');
    assert.strictEqual(r.message, 'message - with dashes');
    assert.strictEqual(r.timeText, '2026-02-04 19:36:20,503');
    assert.strictEqual(r.time, Date.UTC(2026, 1, 4, 19, 36, 20, 503));
    assert.deepStrictEqual(r.levelColumns, [line.indexOf('INFO'), line.indexOf('INFO') + 4]);
  });

  it('parses a record without the timestamp the same way', () => {
    const r = parseRecordLine('Worker 12 - root - CRITICAL - boom');
    assert.ok(r);
    assert.strictEqual(r.rank, 12);
    assert.strictEqual(r.level, 'CRITICAL');
    assert.strictEqual(r.time, undefined);
    assert.strictEqual(r.message, 'boom');
  });

  it('accepts custom level names, "Level N", empty messages and CRLF', () => {
    assert.strictEqual(parseRecordLine('Worker 0 - x - TRACE - t')?.level, 'TRACE');
    assert.strictEqual(parseRecordLine('Worker 0 - x - Level 5 - t')?.level, 'Level 5');
    assert.strictEqual(parseRecordLine('Worker 0 - x - INFO - ')?.message, '');
    assert.strictEqual(parseRecordLine('Worker 0 - x - INFO -')?.message, '');
    assert.strictEqual(parseRecordLine('Worker 0 - x - INFO - crlf\r')?.message, 'crlf');
  });

  it('finds the level after a logger name that contains " - "', () => {
    const r = parseRecordLine('Worker 1 - my - odd - logger - WARNING - w');
    assert.strictEqual(r?.logger, 'my - odd - logger');
    assert.strictEqual(r?.level, 'WARNING');
  });

  it('treats everything else as a continuation line', () => {
    for (const line of [
      'Traceback (most recent call last):',
      '  File "x.py", line 3, in f',
      'RuntimeError: boom',
      'Worker started',
      'Worker x - a - INFO - b',
      'Worker 1 - a - info - lowercase level',
      '2026-02-04 19:36:20,503 - not a worker record',
      '2026-02-04 19:36:20 - Worker 1 - a - INFO - no millis',
      '',
    ]) {
      assert.strictEqual(parseRecordLine(line), undefined, line);
    }
  });

  it('recognises the resume separator only as a whole message', () => {
    const r = parseRecordLine('2026-02-04 19:36:20,503 - Worker 2 - root - INFO - === Resume at 2026-02-04T19:36:20.123456 ===');
    assert.strictEqual(r?.resumeTimeText, '2026-02-04T19:36:20.123456');
    assert.strictEqual(r?.resumeTime, Date.UTC(2026, 1, 4, 19, 36, 20, 123));
    assert.strictEqual(parseRecordLine('Worker 2 - root - INFO - note: === Resume at 2026-02-04T19:36:20 ===')?.resumeTime, undefined);
    assert.strictEqual(parseRecordLine('Worker 2 - root - INFO - === Resume at 2026 === and more')?.resumeTime, undefined);
  });

  it("tells a CUDA kernel's failed assertion, and one cut short in a stored message", () => {
    const line = '../aten/src/ATen/native/cuda/Loss.cu:250: nll_loss_forward_reduce_cuda_kernel_2d: block: [0,0,0], thread: [5,0,0] Assertion `t >= 0 && t < n_classes` failed.';
    // The old THCUNN kernels' names hold their template arguments: longer than a stored message.
    const long = `/opt/conda/conda-bld/pytorch_1503966894950/work/torch/lib/THCUNN/SpatialClassNLLCriterion.cu:40: void cunn_SpatialClassNLLCriterion_updateOutput_kernel(${'T *, '.repeat(80)}long) [with T = float, AccumT = float]: block: [0,0,0], thread: [769,0,0] Assertion \`t >= 0 && t < n_classes\` failed.`;
    assert.ok(isCudaAssertion(line) && isCudaAssertion(long) && isCudaAssertion('/pytorch/aten/src/ATen/native/cuda/Indexing.cuh:9: k: Assertion `x` failed.\r'));
    for (const not of ['see ../x.cu:3: Assertion `a` failed.', 'x.cu:3: k: Assertion `a` failed.', '../x.cu:3: k: Assertion `a` failed', '../x.py:3: k: Assertion `a` failed.', `../${'a'.repeat(600)}.cu:1: k: Assertion \`a\` failed.`]) {
      assert.ok(!isCudaAssertion(not), not);
    }
    // A stored message is cut at 500 characters, maybe before its `Assertion`: its source location tells.
    assert.ok(startsCudaAssertion(long.slice(0, 500) + '…'));
    assert.ok(!startsCudaAssertion('RuntimeError: ../x.cu:3: k: boom'));
  });

  it('tells a traceback exception line', () => {
    assert.ok(exceptionLineCandidate('RuntimeError: CUDA out of memory'));
    assert.ok(exceptionLineCandidate('torch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB'));
    assert.ok(exceptionLineCandidate('KeyboardInterrupt'));
    assert.ok(exceptionLineCandidate('StopIteration'));
    assert.ok(exceptionLineCandidate('my.pkg.Custom: detail'));
    assert.ok(!exceptionLineCandidate('  File "x.py", line 1'));
    assert.ok(!exceptionLineCandidate('During handling of the above exception, another exception occurred:'));
    assert.ok(!exceptionLineCandidate('some words here'));
  });

  it("tells where a traceback's head ends a line something left open before it (a bar's last state, a print)", () => {
    const head = 'Traceback (most recent call last):';
    const bar = ' 45%|####  | 450/1000 [01:23<01:40]';
    assert.strictEqual(tracebackHeadAfterText(`${bar}${head}`), bar.length);
    assert.strictEqual(tracebackHeadAfterText(`Loading shards...${head}\r`), 'Loading shards...'.length);
    assert.strictEqual(tracebackHeadAfterText(`x${head}  `), 1);
    // At the line's start, indented (a record's line, a frame's), after a word (PyTorch's `Original
    // Traceback` of a DataLoader worker's error), not at the end, or no head: none.
    for (const line of [head, `   ${head}`, `\t${head}`, `Original ${head}`, `x${head} y`, `x${head.slice(0, -1)}`, 'x', '', ':', `x${head.slice(1)}`]) assert.strictEqual(tracebackHeadAfterText(line), -1, line);
  });

  it("tells faulthandler's timeout line, alone or as the end of a record's message (an imported rank's line rewritten), and nothing like it", () => {
    const watchdog = (line: string): boolean => {
      const buf = Buffer.from(`x\n${line}\ny`);
      return isWatchdogLineBytes(buf, 2, 2 + Buffer.byteLength(line));
    };
    for (const line of ['Timeout (0:00:06)!', 'Timeout (0:05:00)!\r', 'Timeout (12:00:00.250000)!  ', 'Timeout (123456789:59:59)!', 'Worker 2 - stderr - INFO - Timeout (0:00:06)!', '2026-11-30 09:00:05,000 - Worker 0 - stdout - INFO - Timeout (0:00:30.5)!']) assert.ok(watchdog(line), line);
    for (const line of ['Timeout (0:00:06)', 'Timeout (:00:06)!', 'Timeout (0:0:06)!', 'Timeout (0:00:6)!', 'Timeout (1234567890:00:00)!', 'Timeout (0:00:06.)!', 'Timeout (0:00:06.1234567)!', 'Timeout(0:00:06)!', 'NoTimeout (0:00:06)!', 'Worker 2 - stderr - INFO - connect Timeout (0:00:06)! retry', `${'x '.repeat(200)}Timeout (0:00:06)!`, '']) assert.ok(!watchdog(line), line);
  });
});

describe('timestamps', () => {
  it('parses asctime and ISO, formats them without shifting zones', () => {
    assert.strictEqual(parseAsctime('2026-02-04 19:36:20,503'), Date.UTC(2026, 1, 4, 19, 36, 20, 503));
    assert.strictEqual(parseAsctime('2026-02-04T19:36:20.123456'), Date.UTC(2026, 1, 4, 19, 36, 20, 123));
    assert.strictEqual(parseAsctime('nope'), undefined);
    assert.strictEqual(formatTime(Date.UTC(2026, 1, 4, 19, 36, 20, 503)), '2026-02-04 19:36:20');
    assert.strictEqual(formatDuration(850), '850 ms');
    assert.strictEqual(formatDuration(252_000), '4m 12s');
    assert.strictEqual(formatDuration(2 * 3600_000 + 3 * 60_000), '2h 03m');
  });
});
