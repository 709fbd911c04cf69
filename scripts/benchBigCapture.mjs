// Part of `npm run bench`: a job of 16,384 ranks in the real editor. Runs the integration test
// "srun -l of 16,384 ranks" (test/integration/otherLaunchers.test.ts) in code-server, which times
// its capture until the Workers view shows every rank, its Job Log's first rows and its timeline's
// lanes, with the extension host's longest stall meanwhile, and quotes its figures (no target).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const RANKS = Number(process.env.BENCH_HUGE_RANKS ?? 16384);

export async function benchBigCapture({ dir, repoRoot }) {
  console.log(`\nA capture of ${RANKS.toLocaleString()} ranks in the real editor (srun -l, 3 steps a rank and a traceback; code-server, printed, no target)`);
  const results = path.join(dir, 'huge-capture.jsonl');
  spawnSync('npx', ['tsc', '-p', 'tsconfig.test.json'], { cwd: repoRoot, stdio: 'inherit' });
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'test', 'integration', 'runIntegration.mjs')], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, GWL_TEST_GREP: 'srun -l of 16,384 ranks', GWL_INTEGRATION_PHASES: 'source', GWL_HUGE_RANKS: String(RANKS), GWL_BENCH_RESULTS: results },
  });
  const f = fs.existsSync(results) ? JSON.parse(fs.readFileSync(results, 'utf8').trim().split('\n').pop()).hugeCapture : undefined;
  if (r.status !== 0 || !f) {
    console.log(`  the integration test did not run (exit ${r.status}):\n${(r.stdout + r.stderr).split('\n').slice(-15).join('\n')}`);
    return;
  }
  console.log(`  capture -> every rank in the Workers view: ${f.treeMs} ms (longest stall of the extension host ${f.treeStallMs} ms)`);
  console.log(`  its Job Log's first rows: ${f.jobLogMs} ms (stall ${f.jobLogStallMs} ms); its timeline's ${RANKS.toLocaleString()} lanes: ${f.timelineMs} ms (stall ${f.timelineStallMs} ms)`);
}
