// The benches measured in the real editor: one integration test run in code-server (the source
// tree's extension), which appends its figures as JSON lines to the file GWL_BENCH_RESULTS names.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Runs the integration tests whose names match `grep`, with `env` besides, into `results`: the
 * records it wrote (parsed, in order), and what it printed last when it failed or wrote none.
 */
export function integrationFigures({ repoRoot, grep, env = {}, results }) {
  spawnSync('npx', ['tsc', '-p', 'tsconfig.test.json'], { cwd: repoRoot, stdio: 'inherit' });
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'test', 'integration', 'runIntegration.mjs')], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, GWL_TEST_GREP: grep, GWL_INTEGRATION_PHASES: 'source', GWL_BENCH_RESULTS: results, ...env },
  });
  const records = fs.existsSync(results) ? fs.readFileSync(results, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [];
  const failure = r.status !== 0 || records.length === 0 ? `the integration test did not run (exit ${r.status}):\n${(r.stdout + r.stderr).split('\n').slice(-15).join('\n')}` : undefined;
  return { records, failure };
}
