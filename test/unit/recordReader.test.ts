import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FILE_START, LogRecord, lineStartAt, ReadPosition, RecordReader, RecordReaderOptions } from '../../src/core/recordReader';
import { parseAsctime } from '../../src/core/timestamps';
import { randomLog, RandomLogOptions, WELL_FORMED } from '../support/randomLog';
import { rng } from '../support/random';
import { tempDir } from '../support/tempFiles';

// The reference: the whole file in memory, split at "\n", grouped by a regular expression
// written apart from the core's byte classifier.
const HEADER = /^(?:(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3}) - )?Worker (\d+) - (.+?) - ([A-Z][A-Z0-9_]*|Level \d+) -(?: (.*))?$/;
const RESUME = /^=== Resume at (.+) ===$/;

interface RefLine {
  text: string;
  offset: number;
  endOffset: number;
  cut: boolean;
  terminated: boolean;
}

function refLines(bytes: Buffer, maxLine: number): RefLine[] {
  const out: RefLine[] = [];
  let at = 0;
  while (at < bytes.length) {
    const nl = bytes.indexOf(10, at);
    const terminated = nl >= 0;
    const contentEnd = terminated ? nl : bytes.length;
    const cut = contentEnd - at > maxLine;
    let raw = bytes.subarray(at, cut ? at + maxLine : contentEnd);
    if (!cut && raw.length > 0 && raw[raw.length - 1] === 13) raw = raw.subarray(0, raw.length - 1);
    out.push({ text: raw.toString('utf8'), offset: at, endOffset: terminated ? nl + 1 : bytes.length, cut, terminated });
    at = terminated ? nl + 1 : bytes.length;
  }
  return out;
}

function referenceRecords(bytes: Buffer, maxLine: number, maxCont: number): LogRecord[] {
  const records: LogRecord[] = [];
  let current: LogRecord | undefined;
  refLines(bytes, maxLine).forEach((l, lineNo) => {
    const m = HEADER.exec(l.text);
    if (!m && l.text.startsWith('Fatal Python error: ')) {
      current = { offset: l.offset, endOffset: l.endOffset, line: lineNo, lineCount: 1, hasHeader: false, level: 'FATAL', logger: '', message: l.text, continuation: [], continuationOmitted: 0, truncated: l.cut, partial: !l.terminated };
      records.push(current);
    } else if (m) {
      current = {
        offset: l.offset,
        endOffset: l.endOffset,
        line: lineNo,
        lineCount: 1,
        hasHeader: true,
        rank: Number(m[2]),
        time: m[1] ? parseAsctime(m[1]) : undefined,
        level: m[4],
        logger: m[3],
        message: m[5] ?? '',
        continuation: [],
        continuationOmitted: 0,
        truncated: l.cut,
        partial: !l.terminated,
      };
      const resume = RESUME.exec(m[5] ?? '');
      if (resume) {
        current.resumeTimeText = resume[1];
        current.resumeTime = parseAsctime(resume[1]);
      }
      if (current.time === undefined) delete current.time;
      records.push(current);
    } else if (current) {
      current.lineCount++;
      current.endOffset = l.endOffset;
      current.partial = !l.terminated;
      current.truncated ||= l.cut;
      if (current.continuation.length < maxCont) current.continuation.push(l.text);
      else current.continuationOmitted++;
    } else {
      records.push({ offset: l.offset, endOffset: l.endOffset, line: lineNo, lineCount: 1, hasHeader: false, level: '', logger: '', message: l.text, continuation: [], continuationOmitted: 0, truncated: l.cut, partial: !l.terminated });
    }
  });
  return records;
}

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
