#!/usr/bin/env node
// `npm run bench`: the log core's speed and memory against its targets, printed as figures.
// Never a test: machines here are noisy, so each comparison alternates with its baseline in
// the same run and quotes medians.
//   BENCH_MB=512 (size of the big log)   BENCH_RUNS=3 (alternating runs)
//   BENCH_SKIP_SERVER=1, BENCH_SKIP_TREE=1, BENCH_SKIP_JOBLOG=1 (...) leave those parts out
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './lib/codeServer.mjs';
import { writeBenchLog } from './lib/benchLog.mjs';

const MB = Number(process.env.BENCH_MB ?? 512);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
// Appends timed per file: each update takes well under a millisecond, so many are needed.
const UPDATES = 41;
const cli = path.join(REPO_ROOT, 'dist', 'cli.js');
execFileSync(process.execPath, [path.join(REPO_ROOT, 'esbuild.mjs')], { stdio: 'ignore' });
const esbuild = await import('esbuild');
await esbuild.build({ entryPoints: [path.join(REPO_ROOT, 'scripts', 'benchCore.ts')], bundle: true, platform: 'node', format: 'cjs', logLevel: 'warning', outfile: path.join(REPO_ROOT, 'out', 'bench', 'benchCore.js') });
const core = await import(path.join(REPO_ROOT, 'out', 'bench', 'benchCore.js'));
const { FileIndex } = core;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gwl-bench-'));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (x, d = 2) => x.toFixed(d);
const results = [];
const check = (name, ok, detail) => results.push({ name, ok, detail });

function timed(fn) {
  const t = process.hrtime.bigint();
  const r = fn();
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, r };
}

try {
  console.log(`Writing a deterministic ${MB} MiB log (20 sessions, tracebacks, warnings)...`);
  const big = path.join(dir, 'worker_0.log');
  const gen = timed(() => writeBenchLog(big, { bytes: MB * 1024 * 1024, sessions: 20 }));
  console.log(`  ${gen.r.lines.toLocaleString()} lines, ${(gen.r.bytes / 2 ** 20).toFixed(0)} MiB in ${fmt(gen.ms / 1000, 1)} s`);
  // Warm the page cache so both sides read from memory.
  spawnSync('cat', [big], { stdio: ['ignore', 'ignore', 'ignore'] });

  console.log(`\nFull index vs grep -c "=== Resume at" (${RUNS} alternating runs, medians)`);
  const grepMs = [];
  const indexMs = [];
  const rssKiB = [];
  let grepCount;
  let sessions;
  for (let i = 0; i < RUNS; i++) {
    const g = timed(() => spawnSync('grep', ['-c', '=== Resume at', big], { encoding: 'utf8' }));
    grepMs.push(g.ms);
    grepCount = Number(g.r.stdout.trim());
    const x = timed(() => spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, cli, 'index', big, '--json'], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 }));
    indexMs.push(x.ms);
    rssKiB.push(Number(x.r.stderr.trim().split('\n').pop()));
    sessions = JSON.parse(x.r.stdout).sessions.length;
  }
  const ratio = median(indexMs) / median(grepMs);
  console.log(`  grep -c:        median ${fmt(median(grepMs), 0)} ms (${grepCount} separators)`);
  console.log(`  worker-logs index: median ${fmt(median(indexMs), 0)} ms = ${fmt(MB / (median(indexMs) / 1000), 0)} MB/s (${sessions} sessions), runs ${indexMs.map((x) => fmt(x, 0)).join(', ')}`);
  console.log(`  ratio index/grep: ${fmt(ratio)}x   (target <= 2.0x)`);
  console.log(`  peak RSS of the CLI: ${fmt(median(rssKiB) / 1024, 1)} MB   (target <= 150 MB)`);
  check('index time <= 2.0x grep -c', ratio <= 2.0, `${fmt(ratio)}x`);
  check('CLI peak RSS <= 150 MB', median(rssKiB) / 1024 <= 150, `${fmt(median(rssKiB) / 1024, 1)} MB`);
  check('sessions found = separators + 1', sessions === grepCount + 1, `${sessions} vs ${grepCount + 1}`);

  // What the extension does with the same file: one thread, FileIndex, with and without the lane.
  const laneMs = [];
  const plainMs = [];
  let bigIndex;
  for (let i = 0; i < RUNS; i++) {
    for (const [useRecordLane, out] of [[true, laneMs], [false, plainMs]]) {
      const index = new FileIndex(big, { useRecordLane });
      const t = process.hrtime.bigint();
      await index.update();
      out.push(Number(process.hrtime.bigint() - t) / 1e6);
      if (useRecordLane) bigIndex = index;
    }
  }
  console.log(`  in process, as the extension indexes it (FileIndex, one thread): median ${fmt(median(laneMs), 0)} ms = ${fmt(MB / (median(laneMs) / 1000), 0)} MB/s; without the WebAssembly record lane ${fmt(median(plainMs), 0)} ms`);
  console.log('\nIncremental update() after appending 1 KiB: 512 MiB file vs 1 MiB file (medians of 41)');
  const small = path.join(dir, 'worker_1.log');
  writeBenchLog(small, { bytes: 2 ** 20, sessions: 2, rank: 1 });
  const smallIndex = new FileIndex(small);
  await smallIndex.update();
  const kib = Buffer.from(`${'2026-02-05 10:00:00,000 - Worker 0 - bench - INFO - appended record '.padEnd(127, 'x')}\n`.repeat(8));
  const bigT = [];
  const smallT = [];
  for (let i = 0; i < UPDATES; i++) {
    for (const [file, index, out] of [[big, bigIndex, bigT], [small, smallIndex, smallT]]) {
      fs.appendFileSync(file, kib);
      const t = process.hrtime.bigint();
      await index.update();
      out.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  }
  const uRatio = median(bigT) / median(smallT);
  console.log(`  512 MiB file: median ${fmt(median(bigT), 3)} ms;  1 MiB file: median ${fmt(median(smallT), 3)} ms;  ratio ${fmt(uRatio)} (target <= 1.5)`);
  check('update cost independent of size (ratio <= 1.5)', uRatio <= 1.5, fmt(uRatio));

  if (!process.env.BENCH_SKIP_SERVER) {
    const { benchServer } = await import(path.join(REPO_ROOT, 'scripts', 'benchServer.mjs'));
    await benchServer({ dir, repoRoot: REPO_ROOT, check });
  }
  if (!process.env.BENCH_SKIP_READER) {
    const { benchReader } = await import(path.join(REPO_ROOT, 'scripts', 'benchReader.mjs'));
    await benchReader({ dir, core });
  }
  if (!process.env.BENCH_SKIP_MERGE) {
    const { benchMerge } = await import(path.join(REPO_ROOT, 'scripts', 'benchMerge.mjs'));
    await benchMerge({ dir, repoRoot: REPO_ROOT, check });
  }
  if (!process.env.BENCH_SKIP_JOBLOG) {
    const { benchJobLog } = await import(path.join(REPO_ROOT, 'scripts', 'benchJobLog.mjs'));
    await benchJobLog({ dir, core, check });
  }
  if (!process.env.BENCH_SKIP_TREE) {
    const { benchTree } = await import(path.join(REPO_ROOT, 'scripts', 'benchTree.mjs'));
    await benchTree({ dir, check, core });
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}

console.log('\nTargets:');
for (const r of results) console.log(`  ${r.ok ? 'MET ' : 'MISS'}  ${r.name}: ${r.detail}`);
