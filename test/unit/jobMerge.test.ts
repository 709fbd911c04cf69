import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { JobLogIndex } from '../../src/core/jobLogIndex';
import { levelNumber, MergedRecord, mergeChunkSize, mergeJob, MergeFilter, parseMinLevel, parseRankSet, RankSetError } from '../../src/core/jobMerge';
import { repeatKey } from '../../src/core/jobRepeats';
import { stamp } from '../support/logWriter';
import { rng } from '../support/random';
import { referenceRecords } from '../support/referenceRecords';
import { tempDir } from '../support/tempFiles';

const LEVELS = ['DEBUG', 'INFO', 'INFO', 'WARNING', 'ERROR', 'CRITICAL', 'TRACE'];

/** One rank's log with times that never go back, some records untimed, tracebacks, resumes. */
function rankLog(rand: () => number, rank: number, t0: number): string {
  const lines: string[] = [];
  if (rand() < 0.2) lines.push('launcher noise before any record');
  let t = t0;
  const n = Math.floor(rand() * 40);
  for (let i = 0; i < n; i++) {
    // Coarse steps: equal times across ranks are common and must tie-break by rank.
    t += Math.floor(rand() * 4) * 500;
    const timed = rand() < 0.85 ? `${stamp(t)} - ` : '';
    const r = rand();
    if (r < 0.05) lines.push(`${timed}Worker ${rank} - worker_logging - INFO - === Resume at 2026-01-01T00:00:00.000000 ===`);
    else if (r < 0.12) lines.push(`${timed}Worker ${rank} - train - ERROR - step ${i} failed`, 'Traceback (most recent call last):', '  File "a.py", line 1, in <module>', 'ValueError: boom');
    else if (r < 0.3) lines.push(`${timed}Worker ${rank} - train - INFO - step ${Math.floor(i / 4)} done`);
    else lines.push(`${timed}Worker ${rank} - train.r${rank} - ${LEVELS[Math.floor(rand() * LEVELS.length)]} - msg ${i} of rank ${rank} loss=${(rand() * 3).toFixed(2)}`);
  }
  return lines.map((l) => l + '\n').join('');
}

/** The naive job log: read everything, give each record its file's last time, sort. */
function naiveMerge(files: { rank: number; path: string; bytes: Buffer }[], keep: (r: MergedRecord) => boolean): MergedRecord[] {
  const all: MergedRecord[] = [];
  for (const f of files) {
    let last: number | undefined;
    for (const rec of referenceRecords(f.bytes, 64 * 1024, 1000)) {
      if (rec.time !== undefined) last = rec.time;
      all.push({ ...rec, source: f.rank, path: f.path, sortTime: rec.time ?? last, approximate: rec.time === undefined });
    }
  }
  all.sort((a, b) => (a.sortTime ?? -Infinity) - (b.sortTime ?? -Infinity) || a.source - b.source || a.offset - b.offset);
  return all.filter(keep);
}

async function collect(gen: AsyncGenerator<MergedRecord>): Promise<MergedRecord[]> {
  const out: MergedRecord[] = [];
  for await (const r of gen) out.push(r);
  return out;
}

const key = (r: MergedRecord) => [r.source, r.offset, r.line, r.lineCount, r.sortTime, r.approximate, r.level, r.message, r.continuation.join('|')];

describe('job merge (the Job Log, headless)', () => {
  const dir = tempDir('gwl-merge-');

  it('merges random jobs in (time, rank, offset) order like a read-all-and-sort reference, with and without filters (200 seeds)', async () => {
    for (let seed = 1; seed <= 200; seed++) {
      const rand = rng(seed);
      const job = path.join(dir, `job${seed}`);
      fs.mkdirSync(job);
      const ranks = 1 + Math.floor(rand() * 6);
      const files = Array.from({ length: ranks }, (_, rank) => {
        const p = path.join(job, `worker_${rank}.log`);
        const bytes = Buffer.from(rankLog(rand, rank, Date.UTC(2026, 0, 1) + Math.floor(rand() * 3) * 500));
        fs.writeFileSync(p, bytes);
        return { rank, path: p, bytes };
      });
      const sources = files.map(({ rank, path: p }) => ({ rank, path: p }));
      const where = `seed ${seed}`;
      assert.deepStrictEqual((await collect(mergeJob(sources))).map(key), naiveMerge(files, () => true).map(key), where);
      // Filters: level, a rank set, text, a time range, all at once.
      const since = Date.UTC(2026, 0, 1) + 2000;
      const filter: MergeFilter = { minLevel: 30, ranks: parseRankSet('0-3,!1'), text: /failed|msg [0-9]*[05] /, since };
      const keep = (r: MergedRecord) =>
        levelNumber(r.level) >= 30 && r.source !== 1 && r.source <= 3 && (/failed|msg [0-9]*[05] /.test(r.message) || r.continuation.some((l) => /failed|msg [0-9]*[05] /.test(l))) && r.sortTime !== undefined && r.sortTime >= since;
      assert.deepStrictEqual((await collect(mergeJob(sources, { filter }))).map(key), naiveMerge(files, keep).map(key), `${where} filtered`);
    }
  });

  it('a traceback stays with its record, and an untimed record keeps the time before it, marked approximate', async () => {
    const job = path.join(dir, 'tb');
    fs.mkdirSync(job);
    fs.writeFileSync(path.join(job, 'worker_0.log'), '2026-02-04 10:00:00,000 - Worker 0 - a - INFO - start\n2026-02-04 10:00:02,000 - Worker 0 - a - ERROR - failed\nTraceback (most recent call last):\n  File "x.py", line 1\nRuntimeError: CUDA out of memory\n');
    fs.writeFileSync(path.join(job, 'worker_1.log'), '2026-02-04 10:00:01,000 - Worker 1 - a - INFO - one\nWorker 1 - a - WARNING - untimed\n2026-02-04 10:00:03,000 - Worker 1 - a - INFO - three\n');
    const out = await collect(mergeJob([0, 1].map((rank) => ({ rank, path: path.join(job, `worker_${rank}.log`) }))));
    assert.deepStrictEqual(out.map((r) => [r.source, r.message, r.approximate]), [[0, 'start', false], [1, 'one', false], [1, 'untimed', true], [0, 'failed', false], [1, 'three', false]]);
    assert.deepStrictEqual(out[3].continuation, ['Traceback (most recent call last):', '  File "x.py", line 1', 'RuntimeError: CUDA out of memory']);
  });

  it('parses rank sets and levels, with messages for bad expressions', () => {
    const s = parseRankSet('0,3-5');
    assert.deepStrictEqual([0, 1, 2, 3, 4, 5, 6].filter((r) => s.has(r)), [0, 3, 4, 5]);
    const not2 = parseRankSet('!2');
    assert.deepStrictEqual([0, 1, 2, 3].filter((r) => not2.has(r)), [0, 1, 3]);
    const mixed = parseRankSet(' 0-7 , !3 ');
    assert.deepStrictEqual([0, 3, 7, 8].filter((r) => mixed.has(r)), [0, 7]);
    assert.throws(() => parseRankSet('5-3'), (e: Error) => e instanceof RankSetError && /goes down: write 3-5/.test(e.message));
    assert.throws(() => parseRankSet('a,b'), /"a" in "a,b" is not a rank, a range \(3-5\) or an exclusion \(!2\)/);
    assert.throws(() => parseRankSet(' , '), /names no rank/);
    assert.deepStrictEqual(['warning', 'ERROR', '25', 'loud'].map(parseMinLevel), [30, 40, 25, undefined]);
    assert.deepStrictEqual(['FATAL', 'Level 15', 'TRACE', ''].map(levelNumber), [50, 15, 20, 0]);
  });
});

describe('job log index (windows of rows by number)', () => {
  const dir = tempDir('gwl-index-');

  /** The naive rule: a repeat is a record another rank logged within the window before it, and its own rank did not. */
  function withoutRepeats(records: MergedRecord[], windowMs: number | undefined): { rows: MergedRecord[]; repeats: MergedRecord[] } {
    if (windowMs === undefined) return { rows: records, repeats: [] };
    const rows: MergedRecord[] = [];
    const repeats: MergedRecord[] = [];
    records.forEach((r, i) => {
      const t = r.sortTime;
      const earlier = t === undefined || r.approximate ? [] : records.slice(0, i).filter((q) => !q.approximate && q.sortTime !== undefined && q.sortTime >= t - windowMs && repeatKey(q) === repeatKey(r));
      if (earlier.some((q) => q.source !== r.source) && !earlier.some((q) => q.source === r.source)) repeats.push(r);
      else rows.push(r);
    });
    return { rows, repeats };
  }

  /** Every window, time and record lookup of `index` against the full merge of `sources`. */
  async function checkIndex(rand: () => number, index: JobLogIndex, sources: { rank: number; path: string }[], filter: MergeFilter, where: string, windowMs?: number): Promise<void> {
    const { rows: all, repeats } = withoutRepeats(await collect(mergeJob(sources, { filter, maxContinuationLines: 200 })), windowMs);
    assert.strictEqual(index.rows, all.length, `${where} rows`);
    for (let k = 0; k < 5; k++) {
      const start = Math.floor(rand() * (all.length + 2));
      const count = 1 + Math.floor(rand() * 10);
      const rows = await index.window(start, count);
      assert.deepStrictEqual(rows.map(key), all.slice(start, start + count).map(key), `${where} window ${start}+${count}`);
      for (const row of rows) {
        if (!row.repeat) continue;
        // Every rank of a row logged the same record within the window after it, once.
        const same = repeats.filter((q) => repeatKey(q) === repeatKey(row) && q.sortTime! >= row.sortTime! && q.sortTime! <= row.sortTime! + windowMs!);
        assert.strictEqual(row.repeat.ranks[0], row.source, where);
        assert.strictEqual(new Set(row.repeat.ranks).size, row.repeat.ranks.length, where);
        for (const q of row.repeat.records) assert.ok(same.includes(q as never) || same.some((x) => x.source === q.source && x.offset === q.offset), `${where} repeat of ${row.message}`);
      }
    }
    const timed = all.filter((r) => r.sortTime !== undefined);
    if (timed.length) {
      const t = timed[Math.floor(rand() * timed.length)].sortTime!;
      assert.strictEqual(await index.rowAtTime(t), all.findIndex((r) => r.sortTime !== undefined && r.sortTime >= t), `${where} time`);
      const target = all[Math.floor(rand() * all.length)];
      assert.strictEqual(await index.rowOf(target.source, target.line), all.indexOf(target), `${where} record`);
      const hidden = repeats[Math.floor(rand() * repeats.length)];
      if (hidden) {
        const row = await index.rowOf(hidden.source, hidden.line);
        assert.ok(row !== undefined && repeatKey(all[row]) === repeatKey(hidden), `${where} a repeat is found at a row of its record`);
      }
    }
  }

  const filters: ((rand: () => number) => MergeFilter)[] = [
    () => ({}),
    () => ({ minLevel: 20 }),
    () => ({ minLevel: 40 }),
    () => ({ text: /Traceback|msg 1/i }),
    (rand) => ({ ranks: parseRankSet(`!${Math.floor(rand() * 3)}`) }),
  ];

  it('any window, time and record lookup agrees with the full merge, also after appends (150 seeds, small mark spacing)', async () => {
    for (let seed = 1; seed <= 150; seed++) {
      const rand = rng(seed * 7);
      const job = path.join(dir, `job${seed}`);
      fs.mkdirSync(job);
      const t0 = Date.UTC(2026, 0, 1);
      const sources = Array.from({ length: 1 + Math.floor(rand() * 5) }, (_, rank) => {
        const p = path.join(job, `worker_${rank}.log`);
        fs.writeFileSync(p, rankLog(rand, rank, t0));
        return { rank, path: p };
      });
      const filter = filters[Math.floor(rand() * filters.length)](rand);
      const windowMs = rand() < 0.5 ? undefined : [500, 2000][Math.floor(rand() * 2)];
      const index = await JobLogIndex.build(sources, { filter, every: 1 + Math.floor(rand() * 7), everyRead: 1 + Math.floor(rand() * 15), repeatWindowMs: windowMs });
      await checkIndex(rand, index, sources, filter, `seed ${seed}`, windowMs);
      // Appends: new records (a rank's times never go back, but they land among other ranks'
      // new records), more lines
      // of a rank's last record (a traceback being written), a line written in two parts.
      for (let round = 0; round < 3; round++) {
        const grown = new Set<number>();
        for (const s of sources) {
          if (rand() < 0.5) continue;
          const r = rand();
          const base = t0 + (round + 1) * 100_000;
          const more = r < 0.2 ? '  File "b.py", line 2, in f\n' : r < 0.3 ? `${stamp(base)} - Worker ${s.rank} - train - ERR` : rankLog(rand, s.rank, base + Math.floor(rand() * 40_000));
          fs.appendFileSync(s.path, more);
          if (r >= 0.2 && r < 0.3) fs.appendFileSync(s.path, 'OR - half written\n');
          grown.add(s.rank);
        }
        await index.update(grown);
        await checkIndex(rand, index, sources, filter, `seed ${seed} after append ${round}`, windowMs);
      }
    }
  });

  it("a job of 1,500 ranks: its windows read each rank 4 KiB at a time and agree with the full merge, records longer than that (a 6 KiB message, a 150-line traceback) included", async function () {
    this.timeout(120_000);
    assert.deepStrictEqual([16, 64, 256, 1024, 1500].map((n) => mergeChunkSize(n, false, true)), [65536, 65536, 16384, 4096, 4096]);
    assert.deepStrictEqual([16, 1024].map((n) => mergeChunkSize(n, true, true)), [262144, 4096]);
    assert.deepStrictEqual([16, 1500].map((n) => mergeChunkSize(n, false, false)), [65536, 65536], 'a merge read whole');
    const rand = rng(4242);
    const job = path.join(dir, 'ranks1500');
    fs.mkdirSync(job);
    const t0 = Date.UTC(2026, 0, 1);
    const sources = Array.from({ length: 1500 }, (_, rank) => {
      const p = path.join(job, `worker_${rank}.log`);
      let text = rankLog(rand, rank, t0);
      // (After its other records: a rank's times never go back.)
      if (rank % 97 === 3) text += `${stamp(t0 + 100_000)} - Worker ${rank} - train - WARNING - ${'x'.repeat(6000)}\n`;
      if (rank % 89 === 5) text += `${stamp(t0 + 101_000)} - Worker ${rank} - train - ERROR - failed\nTraceback (most recent call last):\n${'  File "a.py", line 1, in f\n'.repeat(150)}ValueError: deep\n`;
      fs.writeFileSync(p, text);
      return { rank, path: p };
    });
    for (const [filter, windowMs] of [[{}, undefined], [{ minLevel: 30 }, 2000]] as [MergeFilter, number | undefined][]) {
      const index = await JobLogIndex.build(sources, { filter, repeatWindowMs: windowMs });
      await checkIndex(rand, index, sources, filter, `1,500 ranks, ${JSON.stringify(filter)}`, windowMs);
    }
  });

  it('a filter that keeps few rows: records below its level are skipped unread, and an append reads only what was appended', async () => {
    const p = path.join(dir, 'sparse.log');
    fs.writeFileSync(p, Array.from({ length: 5000 }, (_, i) => `${stamp(Date.UTC(2026, 0, 1) + i)} - Worker 0 - train - ${i === 4000 ? 'ERROR' : 'INFO'} - step ${i}\n`).join('') + 'Worker 0 - train - ERROR - untimed, after step 4999\n');
    const index = await JobLogIndex.build([{ rank: 0, path: p }], { filter: { minLevel: 40 }, everyRead: 500 });
    assert.strictEqual(index.rows, 2);
    const [found, untimed] = await index.window(0, 2);
    assert.strictEqual(found.message, 'step 4000');
    // It inherits the time of the last (skipped) record before it.
    assert.deepStrictEqual([untimed.sortTime, untimed.approximate], [Date.UTC(2026, 0, 1) + 4999, true]);
    fs.appendFileSync(p, `${stamp(Date.UTC(2026, 0, 2))} - Worker 0 - train - ERROR - appended\n`);
    await index.update(new Set([0]));
    assert.strictEqual(index.rows, 3);
    assert.strictEqual((await index.window(2, 1))[0].message, 'appended');
  });
});
