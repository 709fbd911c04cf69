import * as assert from 'node:assert';
import { COLLECTIVE_NEEDLES } from '../../src/core/collectives';
import { NeedleSearch } from '../../src/core/lane/needleSearch';
import { LANE_MAX_CHUNK, RecordLane } from '../../src/core/lane/recordLane';
import { needleHits } from '../../src/core/rankScan';
import { rng } from '../support/random';

// The diagnosis looks for a few phrases in every byte of every rank's log. In the record lane it
// must find every line the regular expression finds, and only those, whatever the bytes.
const NEEDLES = [...COLLECTIVE_NEEDLES, '(most recent call first):'];
const FILLER = [
  '2026-11-30 10:00:00,000 - Worker 3 - train - INFO - step 12 loss 0.25',
  '[rank3]:[E1130 10:40:00.000123 4003 ProcessGroupNCCL.cpp:632] [Rank 3] Watchdog caught collective operation timeout',
  'node-a17:4003:4103 [3] NCCL INFO Channel 00/0 : 3 -> 4 via P2P/IPC/read',
  'Current thread 0x00007f3e5a1c7740 (most recent call first):',
  '  File "/home/alice/train.py", line 42 in train_step',
  'Worker loop: waiting for the store, closed connection, lagging behind',
  'ünïcödé ✓ \u0000 \r',
  '',
];

/** Line starts of the lines that hold a hit. */
function lines(buf: Buffer, hits: number[]): number[] {
  return [...new Set(hits.map((h) => buf.lastIndexOf(10, h) + 1))];
}

function randomLog(rand: () => number, lineCount: number): Buffer {
  const out: string[] = [];
  for (let i = 0; i < lineCount; i++) {
    let line = FILLER[Math.floor(rand() * FILLER.length)];
    const r = rand();
    if (r < 0.3) {
      // A needle, whole or with a byte changed or cut, somewhere in the line.
      let needle = NEEDLES[Math.floor(rand() * NEEDLES.length)];
      const how = rand();
      if (how < 0.3) {
        const at = Math.floor(rand() * needle.length);
        needle = needle.slice(0, at) + String.fromCharCode(32 + Math.floor(rand() * 95)) + needle.slice(at + 1);
      } else if (how < 0.45) needle = needle.slice(0, 1 + Math.floor(rand() * (needle.length - 1)));
      const at = Math.floor(rand() * (line.length + 1));
      line = line.slice(0, at) + needle + (rand() < 0.2 ? needle : '') + line.slice(at);
    }
    out.push(line);
  }
  return Buffer.from(out.join('\n') + (rand() < 0.5 ? '\n' : ''), 'latin1');
}

describe('needle search: the diagnosis finds its phrases in WebAssembly', () => {
  it('finds the same lines as the regular expression (300 random logs, near misses, binary bytes)', () => {
    assert.ok(RecordLane.get(), 'WebAssembly SIMD instance');
    let found = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const rand = rng(seed * 7919);
      const buf = randomLog(rand, 1 + Math.floor(rand() * 300));
      const lane = needleHits(buf);
      const regex = needleHits(buf, false);
      assert.deepStrictEqual(lines(buf, lane), lines(buf, regex), `seed ${seed}`);
      // Every hit is a whole needle, in ascending order, each once.
      for (let k = 0; k < lane.length; k++) {
        assert.ok(NEEDLES.some((n) => buf.toString('latin1', lane[k], lane[k] + n.length) === n), `seed ${seed}: hit at ${lane[k]}`);
        if (k > 0) assert.ok(lane[k] > lane[k - 1]);
      }
      found += lane.length;
    }
    assert.ok(found > 1000, `${found} hits`);
  });

  it('a needle at the very start and end of the bytes, and every one of a run of needles in one line', () => {
    const text = `WorkNCCL(${'NCCL work: '.repeat(40)}x\nlagging ranks`;
    const buf = Buffer.from(text, 'latin1');
    const hits = needleHits(buf);
    assert.deepStrictEqual(hits, [0, ...Array.from({ length: 40 }, (_, k) => 9 + 11 * k), text.length - 13]);
  });

  it('finds needles that cross the boundary between two pieces of a buffer larger than the lane takes at once', () => {
    const lane = RecordLane.get()!;
    const search = new NeedleSearch(NEEDLES);
    const buf = Buffer.alloc(LANE_MAX_CHUNK * 2 + 1000, 'x');
    const M = LANE_MAX_CHUNK;
    // Around the end of the first piece's share (M - 64) and of its bytes (M), and of the second's.
    const at = [0, M - 100, M - 64, M - 36, M - 10, M + 20, 2 * M - 140, 2 * M - 100, buf.length - 25];
    for (const p of at) buf.write('Connection closed by peer', p, 'latin1');
    assert.deepStrictEqual(search.find(lane, buf), at);
    assert.deepStrictEqual(search.find(lane, buf, 10, buf.length - 1), at.slice(1, -1));
  });

  it('refuses needles it cannot hold', () => {
    assert.throws(() => new NeedleSearch([]), /1 to 12/);
    assert.throws(() => new NeedleSearch(['ab']), /3 to 32/);
    assert.throws(() => new NeedleSearch(['x'.repeat(33)]), /3 to 32/);
    assert.throws(() => new NeedleSearch(['naïve']), /ASCII/);
  });
});
