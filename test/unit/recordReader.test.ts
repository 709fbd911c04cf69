import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FILE_START, LogRecord, lineStartAt, ReadPosition, RecordReader, RecordReaderOptions } from '../../src/core/recordReader';
import { referenceRecords, refLines } from '../support/referenceRecords';
import { randomLog, RandomLogOptions, WELL_FORMED } from '../support/randomLog';
import { rng } from '../support/random';
import { tempDir } from '../support/tempFiles';

const HOSTILE: RandomLogOptions = { maxRecords: 80, minRecords: 0, levels: [...WELL_FORMED.levels, 'Level 15'], hostile: true };

async function collect(gen: AsyncGenerator<LogRecord>, max = Infinity): Promise<LogRecord[]> {
  const out: LogRecord[] = [];
  for await (const r of gen) {
    out.push(r);
    if (out.length >= max) break;
  }
  return out;
}

function endPosition(bytes: Buffer): ReadPosition {
  let lines = 0;
  for (const b of bytes) if (b === 10) lines++;
  return { offset: bytes.length, line: lines };
}

describe('record reader', () => {
  const dir = tempDir('gwl-reader-');

  it('reads records forward and backward, from the start, the end and any record or line (400 seeds against the reference)', async () => {
    for (let seed = 1; seed <= 400; seed++) {
      const rand = rng(seed);
      const bytes = Buffer.from(randomLog(rand, HOSTILE));
      const file = path.join(dir, `fuzz_${seed}.log`);
      fs.writeFileSync(file, bytes);
      const options: RecordReaderOptions = {
        chunkSize: 1 + Math.floor(rand() * 300),
        maxLineBytes: rand() < 0.5 ? 64 * 1024 : 40 + Math.floor(rand() * 200),
        maxContinuationLines: rand() < 0.5 ? 1000 : Math.floor(rand() * 3),
      };
      const ref = referenceRecords(bytes, options.maxLineBytes!, options.maxContinuationLines!);
      const reader = new RecordReader(file, options);
      const where = `seed ${seed} ${JSON.stringify(options)}`;
      assert.deepStrictEqual(await collect(reader.forward()), ref, `forward, ${where}`);
      assert.deepStrictEqual(await collect(reader.backward(endPosition(bytes))), ref.slice().reverse(), `backward from the end, ${where}`);
      // From a record start: forward gives that record on, backward what came before it.
      const withHeader = ref.filter((r) => r.hasHeader);
      if (withHeader.length) {
        const at = withHeader[Math.floor(rand() * withHeader.length)];
        const pos = { offset: at.offset, line: at.line };
        assert.deepStrictEqual(await collect(reader.forward(pos)), ref.filter((r) => r.offset >= at.offset), `forward from ${at.offset}, ${where}`);
        assert.deepStrictEqual(await collect(reader.backward(pos)), ref.filter((r) => r.offset < at.offset).reverse(), `backward from ${at.offset}, ${where}`);
      }
      // From any byte: the line start found there; backward completes the record it cuts.
      const offset = Math.floor(rand() * (bytes.length + 1));
      const pos = await lineStartAt(file, offset, FILE_START, 1 + Math.floor(rand() * 50));
      const lines = refLines(bytes, Infinity);
      const expectedLine = lines.findIndex((l) => l.offset <= offset && offset < l.endOffset);
      if (expectedLine >= 0 && lines[expectedLine].terminated) assert.deepStrictEqual(pos, { offset: lines[expectedLine].offset, line: expectedLine }, `lineStartAt(${offset}), ${where}`);
      assert.deepStrictEqual(await collect(reader.backward(pos)), ref.filter((r) => r.offset < pos.offset).reverse(), `backward from line ${pos.line}, ${where}`);
      // Stopping early (the consumer breaks) closes the file and keeps what was read.
      assert.deepStrictEqual(await collect(reader.forward(), 2), ref.slice(0, 2), `first two, ${where}`);
    }
  });

  it('a log without any record header: every line is a record, in either direction, past the continuation cap', async () => {
    const lines = Array.from({ length: 50 }, (_, i) => `[rank${i % 4}]: plain line ${i}`);
    const file = path.join(dir, 'headerless.log');
    fs.writeFileSync(file, lines.join('\n') + '\n');
    const reader = new RecordReader(file, { maxContinuationLines: 3, chunkSize: 37 });
    const fwd = await collect(reader.forward());
    assert.deepStrictEqual(fwd.map((r) => r.message), lines);
    const back = await collect(reader.backward({ offset: fs.statSync(file).size, line: 50 }));
    assert.deepStrictEqual(back.map((r) => r.message), lines.slice().reverse());
    assert.ok(back.every((r) => !r.hasHeader && r.lineCount === 1));
  });

  it('a 3 MB line keeps only its head, and the records around it are whole', async () => {
    const file = path.join(dir, 'long.log');
    const big = 'x'.repeat(3 * 1024 * 1024);
    fs.writeFileSync(file, `2026-01-01 00:00:00,000 - Worker 0 - a - INFO - before\n2026-01-01 00:00:01,000 - Worker 0 - a - ERROR - ${big}\n  at frame\n2026-01-01 00:00:02,000 - Worker 0 - a - INFO - after\n`);
    const reader = new RecordReader(file, { chunkSize: 64 * 1024 });
    const fwd = await collect(reader.forward());
    assert.deepStrictEqual(fwd.map((r) => [r.level, r.line, r.lineCount, r.truncated]), [['INFO', 0, 1, false], ['ERROR', 1, 2, true], ['INFO', 3, 1, false]]);
    assert.ok(fwd[1].message.length < 70 * 1024, 'the cut message is bounded');
    const back = await collect(reader.backward({ offset: fs.statSync(file).size, line: 4 }));
    assert.deepStrictEqual(back.map((r) => [r.level, r.line, r.continuation]), [['INFO', 3, []], ['ERROR', 1, ['  at frame']], ['INFO', 0, []]]);
  });

  it('a vanished file is an error the caller sees, not a hang', async () => {
    await assert.rejects(collect(new RecordReader(path.join(dir, 'nope.log')).forward()), /ENOENT/);
  });
});
