#!/usr/bin/env node
// `npm test`: builds once, then runs each test tier as its own process. Each tier prints its
// own "N passed, N failed" line; this script ends with the total in the same form and exits
// non-zero if any tier failed.
//   node test/runAllTiers.mjs [unit|integration|python|grammar ...]
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

const TIERS = {
  // The leak guard ends the tier if what a test started outlives the tests (see there).
  unit: [process.execPath, [bin('mocha'), '--require', 'out/test/support/leakGuard.js', '--reporter', 'out/test/support/summaryReporter.js', '--timeout', '30000', 'out/test/unit/**/*.test.js']],
  python: [process.env.PYTHON ?? 'python3', ['python/tests/run_tests.py']],
  grammar: [process.execPath, ['test/grammar/runGrammarTests.mjs']],
  integration: [process.execPath, ['test/integration/runIntegration.mjs']],
};

const requested = process.argv.slice(2);
const unknown = requested.filter((t) => !(t in TIERS));
if (unknown.length) {
  console.error(`Unknown tier(s): ${unknown.join(', ')}. Tiers: ${Object.keys(TIERS).join(', ')}`);
  process.exit(2);
}
const tiers = requested.length ? requested : Object.keys(TIERS);

function step(title, command, args) {
  console.log(`\n> ${title}`);
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`${title} failed.`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}

step('build (esbuild)', process.execPath, [path.join(root, 'esbuild.mjs')]);
step('type check and compile tests (tsc)', process.execPath, [bin('tsc'), '-p', 'tsconfig.test.json']);
step('type check the webviews (tsc, DOM)', process.execPath, [bin('tsc'), '-p', 'src/webview/tsconfig.json']);
step('lint (eslint)', process.execPath, [bin('eslint'), 'src', 'test']);

/** Lines of a tier's failures repeated in the summary. */
const MAX_FAILURE_LINES = 60;

function runTier(name) {
  const [command, args] = TIERS[name];
  console.log(`\n===== ${name} tests =====`);
  return new Promise((resolve) => {
    // In UTC wherever they run: the fixtures' times are a wall clock's on machines in UTC, and
    // times given as instants (file times, error.json's) are read in the local zone, as on the
    // job's machine; elsewhere (a laptop in India) a few would read 5.5 hours off their records'.
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TZ: 'UTC' } });
    let last;
    // What failed, kept for the summary: the last lines of a long run are all a CI log may show.
    const failures = [];
    let inEpilogue = false;
    let partial = '';
    const scan = (chunk) => {
      for (const m of chunk.toString().matchAll(/^(?:\w+: )?(\d+) passed, (\d+) failed/gm)) last = [Number(m[1]), Number(m[2])];
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop();
      for (const raw of lines) {
        const line = raw.replace(/\x1b\[[0-9;]*m/g, '').trimEnd();
        if (/^\s*\d+ failing$/.test(line)) inEpilogue = true;
        else if (/^(?:\w+: )?\d+ passed, \d+ failed/.test(line)) inEpilogue = false;
        const pythonFailure = /^(?:FAIL|ERROR): /.test(line);
        if ((inEpilogue || pythonFailure) && line.trim() && failures.length < MAX_FAILURE_LINES) failures.push(line);
      }
    };
    child.stdout.on('data', (c) => {
      process.stdout.write(c);
      scan(c);
    });
    child.stderr.on('data', (c) => process.stderr.write(c));
    child.on('error', (e) => {
      console.error(`${name}: could not start ${command}: ${e.message}`);
      resolve({ name, passed: 0, failed: 1, code: 1 });
    });
    child.on('close', (code) => {
      let [passed, failed] = last ?? [0, 0];
      // A tier that died, or passed nothing, counts as a failure.
      if ((code !== 0 && failed === 0) || passed + failed === 0) failed += 1;
      resolve({ name, passed, failed, code, failures });
    });
  });
}

const results = [];
for (const t of tiers) results.push(await runTier(t));
console.log('\n===== summary =====');
for (const r of results) {
  if (r.failed === 0 || !r.failures?.length) continue;
  console.log(`${r.name} failures:`);
  for (const line of r.failures) console.log(`  ${line}`);
}
for (const r of results) console.log(`${r.name.padEnd(12)} ${r.passed} passed, ${r.failed} failed (exit ${r.code})`);
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
