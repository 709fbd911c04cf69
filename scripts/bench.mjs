#!/usr/bin/env node
// `npm run bench`: the log core's speed and memory against its targets, printed as figures.
// Never a test: machines here are noisy, so each comparison alternates with its baseline in
// the same run and quotes medians.
//   BENCH_MB=512 (size of the big log)   BENCH_RUNS=3 (alternating runs)
//   BENCH_SKIP_SERVER=1, BENCH_SKIP_TREE=1, BENCH_SKIP_JOBLOG=1, BENCH_SKIP_DIAGNOSIS=1, BENCH_SKIP_TIMELINE=1, BENCH_SKIP_IMPORT=1, BENCH_SKIP_LIVE=1 (...) leave those parts out
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './lib/codeServer.mjs';
import { writeBenchLog } from './lib/benchLog.mjs';
import { lnavInstalled } from './lib/systemPackages.mjs';

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

// NODE_EXTRA_CA_CERTS (set on these machines for npm's registry) makes every node process parse
// that CA bundle before it runs a line. The CLI opens no TLS connection, and a user's shell does
// not have it: the CLI is timed without it, and what it would add is printed.
if (process.env.NODE_EXTRA_CA_CERTS) {
  const startMs = (env) => median(Array.from({ length: 7 }, () => timed(() => spawnSync(process.execPath, ['-e', '0'], { env })).ms));
  const without = { ...process.env };
  delete without.NODE_EXTRA_CA_CERTS;
  const withVar = startMs(process.env);
  const withoutVar = startMs(without);
  console.log(`NODE_EXTRA_CA_CERTS is set here: node starts in ${fmt(withVar, 0)} ms with it, ${fmt(withoutVar, 0)} ms without (medians of 7). The CLI below runs without it; add ${fmt(withVar - withoutVar, 0)} ms to each CLI figure for a shell that has it.`);
  delete process.env.NODE_EXTRA_CA_CERTS;
}

try {
  // Two inputs (CONVENTIONS.md, Benchmarks): a realistic rank log (18 sources, Zipf-mixed, at
  // four levels, tracebacks, config dumps, restarts) and a harder one with 64 distinct headers.
  const big = path.join(dir, 'worker_0.log');
  const hard = path.join(dir, 'headers64', 'worker_0.log');
  fs.mkdirSync(path.dirname(hard));
  for (const [file, mix, what] of [[big, 'realistic', 'realistic: 18 sources in a Zipf mix, tracebacks, 20 sessions'], [hard, 'headers64', '64 distinct headers, evenly mixed, 20 sessions']]) {
    const gen = timed(() => writeBenchLog(file, { bytes: MB * 1024 * 1024, sessions: 20, mix }));
    console.log(`Wrote a ${(gen.r.bytes / 2 ** 20).toFixed(0)} MiB log (${what}): ${gen.r.lines.toLocaleString()} lines in ${fmt(gen.ms / 1000, 1)} s`);
  }
  // Written a moment ago: their pages go to disk before anything is timed (writeback would be).
  spawnSync('sync');
  const lnav = lnavInstalled();
  // Peak RSS (KiB) of a command, from /usr/bin/time's last stderr line.
  const measured = (cmd, args) => {
    const x = timed(() => spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 }));
    return { ms: x.ms, out: x.r.stdout, rssMB: Number(x.r.stderr.trim().split('\n').pop()) / 1024 };
  };
  for (const [file, label, target] of [[big, 'realistic log', 1.5], [hard, '64-header log', 2.0]]) {
    // Warm the page cache so every tool reads from memory.
    spawnSync('cat', [file], { stdio: ['ignore', 'ignore', 'ignore'] });
    console.log(`\nFull index of the ${label} vs grep -c "=== Resume at" (${RUNS} alternating runs, medians)`);
    const grepMs = [];
    const indexMs = [];
    const rss = [];
    const lnavMs = [];
    const lnavRss = [];
    let grepCount;
    let sessions;
    let lnavCount;
    for (let i = 0; i < RUNS; i++) {
      const g = timed(() => spawnSync('grep', ['-c', '=== Resume at', file], { encoding: 'utf8' }));
      grepMs.push(g.ms);
      grepCount = Number(g.r.stdout.trim());
      const x = measured(process.execPath, [cli, 'index', file, '--json']);
      indexMs.push(x.ms);
      rss.push(x.rssMB);
      sessions = JSON.parse(x.out).sessions.length;
      if (lnav) {
        const l = measured('lnav', ['-n', '-c', ';SELECT count(*) FROM all_logs', file]);
        lnavMs.push(l.ms);
        lnavRss.push(l.rssMB);
        lnavCount = l.out.trim().split('\n').pop().trim();
      }
    }
    const ratio = median(indexMs) / median(grepMs);
    console.log(`  grep -c:           median ${fmt(median(grepMs), 0)} ms (${grepCount} separators)`);
    console.log(`  worker-logs index: median ${fmt(median(indexMs), 0)} ms = ${fmt(MB / (median(indexMs) / 1000), 0)} MB/s (${sessions} sessions), runs ${indexMs.map((x) => fmt(x, 0)).join(', ')}`);
    if (lnav) console.log(`  lnav -n -c ';SELECT count(*) FROM all_logs': median ${fmt(median(lnavMs), 0)} ms, peak RSS ${fmt(median(lnavRss), 0)} MB (${lnavCount} records); worker-logs takes ${fmt(median(indexMs) / median(lnavMs))}x its time`);
    console.log(`  ratio index/grep: ${fmt(ratio)}x   (target <= ${fmt(target, 1)}x)`);
    console.log(`  peak RSS of the CLI: ${fmt(median(rss), 1)} MB   (target <= 150 MB)`);
    check(`index of the ${label} <= ${fmt(target, 1)}x grep -c`, ratio <= target, `${fmt(ratio)}x (${fmt(median(indexMs), 0)} vs ${fmt(median(grepMs), 0)} ms${lnav ? `; lnav ${fmt(median(lnavMs), 0)} ms` : ''})`);
    check(`CLI peak RSS on the ${label} <= 150 MB`, median(rss) <= 150, `${fmt(median(rss), 1)} MB`);
    check(`sessions found in the ${label} = separators + 1`, sessions === grepCount + 1, `${sessions} vs ${grepCount + 1}`);
  }

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
  if (!process.env.BENCH_SKIP_DIAGNOSIS) {
    const { benchDiagnosis } = await import(path.join(REPO_ROOT, 'scripts', 'benchDiagnosis.mjs'));
    await benchDiagnosis({ dir, repoRoot: REPO_ROOT, core, check });
  }
  if (!process.env.BENCH_SKIP_TIMELINE) {
    const { benchTimeline } = await import(path.join(REPO_ROOT, 'scripts', 'benchTimeline.mjs'));
    await benchTimeline({ dir, repoRoot: REPO_ROOT, check });
  }
  if (!process.env.BENCH_SKIP_IMPORT) {
    const { benchImport } = await import(path.join(REPO_ROOT, 'scripts', 'benchImport.mjs'));
    await benchImport({ dir, repoRoot: REPO_ROOT, core, check });
  }
  if (!process.env.BENCH_SKIP_BIG_CAPTURE) {
    const { benchBigCapture } = await import(path.join(REPO_ROOT, 'scripts', 'benchBigCapture.mjs'));
    await benchBigCapture({ dir, repoRoot: REPO_ROOT });
  }
  if (!process.env.BENCH_SKIP_LIVE) {
    const { benchLive } = await import(path.join(REPO_ROOT, 'scripts', 'benchLive.mjs'));
    await benchLive({ dir, repoRoot: REPO_ROOT, check });
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}

console.log('\nTargets:');
for (const r of results) console.log(`  ${r.ok ? 'MET ' : 'MISS'}  ${r.name}: ${r.detail}`);
