import * as assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { indexFile } from '../../src/core/fileIndex';
import { findForeignJobs } from '../../src/core/importLayouts';
import { isUtf16Problem, utf16Of, utf16Text } from '../../src/core/utf16';
import { rng } from '../support/random';
import { tempDirs } from '../support/tempFiles';

/** `text` as Windows PowerShell's `>` saves it: a byte-order mark, then UTF-16LE (or BE). */
function utf16(text: string, bigEndian = false, bom = true): Buffer {
  const body = Buffer.from(text, 'utf16le');
  if (bigEndian) body.swap16();
  return bom ? Buffer.concat([Buffer.from(bigEndian ? [0xfe, 0xff] : [0xff, 0xfe]), body]) : body;
}

const CAPTURE = ['[rank0]:2026-11-30 09:00:00,000 INFO train: step 1', '[rank1]:2026-11-30 09:00:00,002 INFO train: step 1', '[rank1]:Traceback (most recent call last):', '[rank1]:RuntimeError: boom', ''].join('\r\n');

describe('UTF-16 text (Windows PowerShell\'s >): told for what it is, not read as binary', () => {
  const tmp = tempDirs('gwl-utf16-');

  it('is told by its byte-order mark, or without one by every other byte being NUL; binary and UTF-8 are not', () => {
    assert.strictEqual(utf16Of(utf16('hello\r\n')), 'UTF-16LE');
    assert.strictEqual(utf16Of(utf16('hello\r\n', true)), 'UTF-16BE');
    assert.strictEqual(utf16Of(utf16('a worker log line, long enough\n', false, false)), 'UTF-16LE');
    assert.strictEqual(utf16Of(utf16('a worker log line, long enough\n', true, false)), 'UTF-16BE');
    assert.strictEqual(utf16Of(Buffer.from('a worker log line, long enough\n')), undefined);
    assert.strictEqual(utf16Of(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0x3e, 0])), undefined, 'an ELF header');
    const random = rng(7);
    for (let i = 0; i < 200; i++) {
      const bytes = Buffer.from(Array.from({ length: 64 + Math.floor(random() * 4000) }, () => Math.floor(random() * 256)));
      if (bytes[0] === 0xff && bytes[1] === 0xfe) continue;
      if (bytes[0] === 0xfe && bytes[1] === 0xff) continue;
      assert.strictEqual(utf16Of(bytes), undefined, `random bytes ${i}`);
    }
    assert.strictEqual(utf16Text(utf16('naïve ✓\r\n', true), 'UTF-16BE'), 'naïve ✓\r\n');
    assert.strictEqual(utf16Text(Buffer.concat([utf16('ab'), Buffer.from([0x63])]), 'UTF-16LE'), 'ab', 'an odd last byte, cut by a read, left out');
  });

  it('a UTF-16 rank log is unreadable with how to convert it, not "binary"', async () => {
    const dir = tmp();
    const file = path.join(dir, 'worker_3.log');
    fs.writeFileSync(file, utf16('2026-11-30 09:00:00,000 - Worker 3 - x - ERROR - boom\r\n'));
    const index = await indexFile(file);
    assert.strictEqual(index.state, 'binary');
    assert.ok(isUtf16Problem(index.problem), index.problem);
    assert.strictEqual(index.problem, "The file is UTF-16LE text (as Windows PowerShell's > and Out-File save a console), not UTF-8: convert it in place, e.g. iconv -f UTF-16 -t UTF-8 worker_3.log > worker_3.log.utf8 && mv worker_3.log.utf8 worker_3.log");
    fs.writeFileSync(file, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0]));
    assert.strictEqual((await indexFile(file)).problem, 'The file holds NUL bytes: it is binary, not a worker log.');
  });

  it("a capture in UTF-16 is no job, and why is told; a UTF-16 file that is no capture is nobody's business", async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'train.out'), utf16(CAPTURE));
    fs.writeFileSync(path.join(dir, 'notes.txt'), utf16('shopping list\r\nmilk\r\n'));
    const problems: string[] = [];
    assert.deepStrictEqual(await findForeignJobs(dir, undefined, undefined, problems), []);
    assert.deepStrictEqual(problems, [`${path.join(dir, 'train.out')}: The file is UTF-16LE text (as Windows PowerShell's > and Out-File save a console), not UTF-8: convert it in place, e.g. iconv -f UTF-16 -t UTF-8 train.out > train.out.utf8 && mv train.out.utf8 train.out`]);
    // Converted as told, it is the capture of two ranks.
    fs.writeFileSync(path.join(dir, 'train.out'), Buffer.from(CAPTURE));
    const again: string[] = [];
    const jobs = await findForeignJobs(dir, undefined, undefined, again);
    assert.deepStrictEqual([jobs.map((j) => [j.kind, j.style]), again], [[['capture', 'torchrun']], []]);
  });

  it('worker-logs says so, without its usage, and exits 2 (bad input)', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'train.out'), utf16(CAPTURE, true));
    const cli = path.join(__dirname, '..', '..', '..', 'dist', 'cli.js');
    for (const target of [dir, path.join(dir, 'train.out')]) {
      const r = spawnSync(process.execPath, [cli, 'summary', target], { encoding: 'utf8' });
      assert.strictEqual(r.status, 2, r.stderr);
      assert.match(r.stderr, /^worker-logs: .*train\.out: The file is UTF-16BE text .* iconv -f UTF-16 -t UTF-8 train\.out > train\.out\.utf8 && mv train\.out\.utf8 train\.out\n$/);
      assert.strictEqual(r.stdout, '');
    }
  });
});
