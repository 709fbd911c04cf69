import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FileIndex } from '../../src/core/fileIndex';
import { LogScanner } from '../../src/core/logScanner';
import { randomLog } from '../support/randomLog';
import { rng } from '../support/random';
import { referenceIndex } from '../support/referenceIndex';
import { tempDir } from '../support/tempFiles';

function counts(sc: LogScanner) {
  return {
    lines: sc.lines,
    records: sc.records,
    sessions: sc.sessions.map((s) => {
      const c: Record<string, number> = { ...s.counts.other };
      for (const k of ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'] as const) if (s.counts[k]) c[k] = s.counts[k];
      return { startLine: s.startLine, counts: c, errorLines: s.errors.map((e) => e.line) };
    }),
  };
}

describe('fuzz: the scanner never throws and agrees with the reference', () => {
  it('well-formed logs, random chunking: counts match the line-by-line reference (300 seeds)', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const rand = rng(seed);
      const text = randomLog(rand);
      const bytes = Buffer.from(text);
      const sc = new LogScanner();
      let pos = 0;
      while (pos < bytes.length) {
        const size = 1 + Math.floor(rand() * 200);
        sc.push(bytes.subarray(pos, pos + size));
        pos += size;
      }
      const ref = referenceIndex(text);
      assert.deepStrictEqual(
        counts(sc),
        { lines: ref.lines, records: ref.records, sessions: ref.sessions.map((s) => ({ startLine: s.startLine, counts: s.counts, errorLines: s.errorLines })) },
        `seed ${seed}`,
      );
    }
  });

  it('random bytes and random cuts never throw (500 seeds)', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const rand = rng(seed * 7919);
      const len = Math.floor(rand() * 4000);
      const bytes = Buffer.alloc(len);
      for (let i = 0; i < len; i++) {
        // Mostly ASCII that can form headers, with newlines, CRs and high bytes.
        const r = rand();
        bytes[i] = r < 0.1 ? 10 : r < 0.13 ? 13 : r < 0.2 ? 0x80 + Math.floor(rand() * 128) : 32 + Math.floor(rand() * 95);
      }
      const prefix = Buffer.from(`Worker 1 - a - ERROR - x\nTraceback (most recent call last):\n`);
      const all = Buffer.concat([prefix, bytes]);
      const sc = new LogScanner({ maxLineHead: 64 });
      let pos = 0;
      while (pos < all.length) {
        const size = 1 + Math.floor(rand() * 300);
        sc.push(all.subarray(pos, pos + size));
        pos += size;
      }
      const newlines = all.reduce((n, b) => n + (b === 10 ? 1 : 0), 0);
      assert.strictEqual(sc.lines, newlines, `seed ${seed}`);
    }
  });

  it('random appends, truncations and replacements on disk never throw and end consistent', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'worker_0.log');
    for (let seed = 1; seed <= 25; seed++) {
      const rand = rng(seed * 104729);
      fs.writeFileSync(file, '');
      const index = new FileIndex(file, { chunkSize: 1 + Math.floor(rand() * 512) });
      let content = '';
      for (let op = 0; op < 30; op++) {
        const r = rand();
        if (r < 0.7) {
          const piece = randomLog(rand).slice(0, Math.floor(rand() * 3000));
          fs.appendFileSync(file, piece);
          content += piece;
        } else if (r < 0.8) {
          content = content.slice(0, Math.floor(rand() * content.length));
          fs.writeFileSync(file, content);
        } else if (r < 0.85) {
          fs.rmSync(file, { force: true });
          content = '';
        } else if (r < 0.9) {
          fs.writeFileSync(file, Buffer.from([1, 2, 0, 3]));
          content = '\u0001\u0002\u0000\u0003';
        } else {
          content = randomLog(rand);
          fs.writeFileSync(file + '.tmp', content);
          fs.renameSync(file + '.tmp', file);
        }
        await index.update();
      }
      // Whatever happened, a fresh index of the final file must agree with the live one
      // (binary files aside, which are not indexed).
      fs.writeFileSync(file, content + 'Worker 0 - z - INFO - end\n');
      await index.update();
      const fresh = new FileIndex(file);
      await fresh.update();
      if (fresh.state === 'ok' && index.state === 'ok') {
        const live = index.snapshot();
        const ref = fresh.snapshot();
        assert.deepStrictEqual([live.lines, live.records, live.sessions.length], [ref.lines, ref.records, ref.sessions.length], `seed ${seed}`);
      }
    }
  });
});
