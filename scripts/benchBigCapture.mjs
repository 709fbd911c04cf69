// Part of `npm run bench`: a job of 16,384 ranks in the real editor. Runs the integration test
// "srun -l of 16,384 ranks" (test/integration/otherLaunchers.test.ts) in code-server, which times
// its capture until the Workers view shows every rank, its Job Log's first rows and its timeline's
// lanes, with the extension host's longest stall meanwhile, and quotes its figures (no target).
import path from 'node:path';
import { integrationFigures } from './lib/integrationFigures.mjs';

const RANKS = Number(process.env.BENCH_HUGE_RANKS ?? 16384);

export async function benchBigCapture({ dir, repoRoot }) {
  console.log(`\nA capture of ${RANKS.toLocaleString()} ranks in the real editor (srun -l, 3 steps a rank and a traceback; code-server, printed, no target)`);
  const { records, failure } = integrationFigures({ repoRoot, grep: 'srun -l of 16,384 ranks', env: { GWL_HUGE_RANKS: String(RANKS) }, results: path.join(dir, 'huge-capture.jsonl') });
  const f = records.map((l) => l.hugeCapture).find(Boolean);
  if (failure || !f) {
    console.log(`  ${failure ?? 'the integration test measured nothing'}`);
    return;
  }
  console.log(`  capture -> every rank in the Workers view: ${f.treeMs} ms (longest stall of the extension host ${f.treeStallMs} ms)`);
  console.log(`  its Job Log's first rows: ${f.jobLogMs} ms (stall ${f.jobLogStallMs} ms); its timeline's ${RANKS.toLocaleString()} lanes: ${f.timelineMs} ms (stall ${f.timelineStallMs} ms)`);
}
