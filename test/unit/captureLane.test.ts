import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { JobImport } from '../../src/core/importJob';
import { findForeignJobs } from '../../src/core/importLayouts';
import { BUILT_IN_FORMATS } from '../../src/core/lineFormats';
import { CAPTURE_LANE_RANKS } from '../../src/core/lane/captureLane';
import { rng } from '../support/random';

const options = { formats: BUILT_IN_FORMATS, year: 2026 };

/** The three ways a capture's common lines are read: the lane, JavaScript from bytes, strings. */
const WAYS = [
  { name: 'lane', options },
  { name: 'bytes', options: { ...options, captureLane: false } },
  { name: 'strings', options: { ...options, byteFastPath: false } },
];

/** Reads `lines` as a capture each way; asserts the rank logs and their line maps agree; returns the lane's import. */
async function sameEachWay(lines: string[], label: string, sampleEvery = 7): Promise<JobImport> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gwl-lane-'));
  try {
    fs.mkdirSync(path.join(root, 'src'));
    fs.writeFileSync(path.join(root, 'src', 'run.out'), lines.join('\n') + '\n');
    const [job] = await findForeignJobs(path.join(root, 'src'));
    assert.strictEqual(job?.kind, 'capture', label);
    const imports: JobImport[] = [];
    for (const way of WAYS) {
      const imp = new JobImport(job, path.join(root, way.name), way.options);
      await imp.update();
      imports.push(imp);
    }
    const names = fs.readdirSync(path.join(root, 'strings')).sort();
    for (const way of WAYS) assert.deepStrictEqual(fs.readdirSync(path.join(root, way.name)).sort(), names, `${label}: ${way.name}`);
    for (const n of names) {
      const want = fs.readFileSync(path.join(root, 'strings', n), 'utf8');
      for (const way of WAYS.slice(0, 2)) assert.strictEqual(fs.readFileSync(path.join(root, way.name, n), 'utf8'), want, `${label}: ${way.name} ${n}`);
      if (n === 'launcher.log') continue;
      const count = want.split('\n').length - 1;
      for (let i = 0; i < count; i += sampleEvery) {
        const expected = await imports[2].sourceOf(path.join(root, 'strings', n), i);
        for (let w = 0; w < 2; w++) assert.deepStrictEqual(await imports[w].sourceOf(path.join(root, WAYS[w].name, n), i), expected, `${label}: ${WAYS[w].name} ${n}:${i}`);
      }
    }
    return imports[0];
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

describe('the capture lane (WebAssembly) reads a capture as the JavaScript byte path and the string path do', () => {
  it('the same rank logs and line maps, byte for byte, over many chunks, ranks and line shapes (fuzz, 12 seeds of 1-2.5 MiB)', async function () {
    this.timeout(180_000);
    const stamp = (rand: () => number): string => {
      const years = ['2026', '2024', '1969', '1000', '0999', '2000', '1900', '2023'];
      const y = years[Math.floor(rand() * years.length)];
      const m = String(1 + Math.floor(rand() * 13)).padStart(2, '0');
      const d = String(1 + Math.floor(rand() * 31)).padStart(2, '0');
      const h = String(Math.floor(rand() * 25)).padStart(2, '0');
      const s = String(Math.floor(rand() * 62)).padStart(2, '0');
      return `${y}-${m}-${d} ${h}:${String(Math.floor(rand() * 61)).padStart(2, '0')}:${s},${String(Math.floor(rand() * 1000)).padStart(3, '0')}`;
    };
    const good = (rand: () => number, i: number): string => `2026-11-30 09:00:${String(i % 60).padStart(2, '0')},${String(i % 1000).padStart(3, '0')} ${['INFO', 'WARNING', 'ERROR', 'DEBUG', 'CRITICAL', 'WARN', 'FATAL'][Math.floor(rand() * 7)]} train.loop: step ${i} loss ${rand().toFixed(4)}`;
    const shapes: ((rand: () => number, i: number) => string)[] = [
      good,
      good,
      good,
      good,
      (rand, i) => `${stamp(rand)} INFO dates: ${i}`,
      (_rand, i) => `2024-02-29 23:59:59,999 INFO leap.year: ${i}`,
      (_rand, i) => `2023-02-29 10:00:00,000 INFO not.leap: ${i}`,
      (rand, i) => `2026-11-30 09:00:00,000 ${['INFOX', 'WARNINGS', 'CRITICALX', 'info', 'WARN_'][Math.floor(rand() * 5)]} odd.level: ${i}`,
      (rand, i) => `2026-11-30 09:00:00,000 INFO ${'l'.repeat(116 + Math.floor(rand() * 6))}: logger of ${i}`,
      (rand, i) => `2026-11-30 09:00:00,000 INFO x: ${'m'.repeat(Math.floor(rand() * 40_000))} ${i}`,
      (_rand, i) => `2026-11-30 09:00:00,000 INFO : no logger ${i}`,
      (_rand, i) => `2026-11-30 09:00:00,000 INFO a:b:c: colons ${i}`,
      (_rand, i) => `2026-11-30 09:00:00,000 INFO x:y ${i}`,
      (_rand, i) => `2026-11-30 09:00:00,000 INFO ünï: code ${i}`,
      (_rand, i) => `2026-11-30 09:00:00,000 INFO x: bell\x07 and del\x7f ${i}`,
      () => 'Traceback (most recent call last):',
      (_rand, i) => `  File "train.py", line ${i}, in step`,
      (_rand, i) => `\t\ttab ${i}`,
      () => ' ',
      () => '',
      () => 'RuntimeError: CUDA error: an illegal memory access was encountered',
      (_rand, i) => `[W1130 09:00:00.123456 ${i} ProcessGroupNCCL.cpp:1203] [Rank 3] watchdog`,
      (_rand, i) => `node-a17:4004:4104 [4] NCCL INFO Channel ${i}`,
      (_rand, i) => `step ${i}: loss 0.5`,
      (_rand, i) => ` 10%|#   | 1/10\r 50%|#####| 5/10 ${i}`,
      (_rand, i) => `2026-11-30 09:00:00,000 INFO x: part ${i}[rank${i % 7}]:2026-11-30 09:00:00,000 INFO x: then ${i}`,
      (_rand, i) => `2026-11-30 09:00:00,000 - Worker 3 - ours - INFO - ${i}`,
    ];
    for (let seed = 1; seed <= 12; seed++) {
      const rand = rng(seed * 7919);
      const srun = seed % 3 === 0;
      const ranks = seed % 4 === 1 ? CAPTURE_LANE_RANKS + 60 : seed % 4 === 2 ? 3 : 24;
      const target = (1 + (seed % 3) * 0.75) * 1024 * 1024;
      const lines = [srun ? `${'0'.padStart(String(ranks - 1).length)}: start` : '[rank0]:start'];
      let bytes = 0;
      for (let i = 0; bytes < target; i++) {
        // A burst of one rank's lines, as launchers forward them.
        const rank = ranks > CAPTURE_LANE_RANKS && rand() < 0.5 ? CAPTURE_LANE_RANKS - 3 + Math.floor(rand() * 6) : Math.floor(rand() * ranks);
        // srun right-aligns its labels; seven spaces are more than a label has.
        const label = rand() < 0.05 ? `       ${rank}` : String(rank).padStart(String(ranks - 1).length);
        const prefix = srun ? `${label}: ` : rand() < 0.5 ? `[rank${rand() < 0.1 ? '00' : ''}${rank}]:` : `[default${rank}]:`;
        for (let k = 1 + Math.floor(rand() * 4); k > 0; k--) {
          const line = rand() < 0.02 ? `launcher line ${i}` : prefix + shapes[Math.floor(rand() * shapes.length)](rand, i);
          lines.push(line);
          bytes += line.length + 1;
        }
      }
      const lane = await sameEachWay(lines, `seed ${seed}`, 13);
      assert.ok(lane.laneLines > lines.length / 10, `seed ${seed}: the lane took ${lane.laneLines} of ${lines.length} lines`);
    }
  });

  it('a rank whose output region fills comes out in order; a frame after each traceback head (two lines of the JavaScript side) gets its own mark', async function () {
    this.timeout(60_000);
    // Long records fill a rank's region (32 KiB) every few lines.
    const long = Array.from({ length: 400 }, (_, i) => `[rank${i % 2}]:2026-11-30 09:00:00,000 INFO big: ${String(i).padEnd(9000, '.')}`);
    assert.ok((await sameEachWay(long, 'long lines', 1)).laneLines >= 390);
    // A traceback's head (written as two lines by the JavaScript side) before each frame: every
    // frame the lane takes needs a mark of its own, more than its mark list holds per chunk.
    const marks: string[] = [];
    for (let i = 0; i < 12_000; i++) marks.push('[rank0]:Traceback (most recent call last):', `[rank0]:  File "x.py", line ${i}, in f`);
    const lane = await sameEachWay(marks, 'many marks', 97);
    assert.ok(lane.laneLines >= 11_000, `the lane took ${lane.laneLines} lines`);
  });
});
