// Part of `npm run bench`: the Job Timeline in the real editor on 1,024 ranks x 24 h of records
// (scripts/lib/timelineJob.mjs, ~320 MB). Runs the integration test "Job Timeline of a large job"
// in code-server with that size; the webview measures its frames with performance marks, and the
// test prints them: the first frame after the data is in the panel, zoom/pan frames, and a live
// update (an append to the stalled rank -> its lane drawn as running).
import path from 'node:path';
import { integrationFigures } from './lib/integrationFigures.mjs';

const RANKS = Number(process.env.BENCH_TIMELINE_RANKS ?? 1024);
const HOURS = Number(process.env.BENCH_TIMELINE_HOURS ?? 24);

export async function benchTimeline({ dir, repoRoot, check }) {
  console.log(`\nJob Timeline in the real editor: ${RANKS} ranks x ${HOURS} h (code-server, frames measured in the webview)`);
  const { records, failure } = integrationFigures({ repoRoot, grep: 'Job Timeline of a large job', env: { GWL_TIMELINE_RANKS: String(RANKS), GWL_TIMELINE_HOURS: String(HOURS) }, results: path.join(dir, 'timeline.jsonl') });
  const figures = records.map((l) => l.timeline).find(Boolean);
  if (failure || !figures) {
    console.log(`  ${failure ?? 'the integration test measured nothing'}`);
    for (const name of ['timeline first frame <= 300 ms', 'timeline pan/zoom frames <= 16 ms (median)', 'timeline live update <= 500 ms']) check(name, false, 'not measured');
    return;
  }
  console.log(`  ${figures.ranks} ranks, ${figures.mb} MB, ${figures.records.toLocaleString()} records; lanes on screen ${figures.shownMs} ms after the command (indexing included)`);
  console.log(`  first frame ${figures.firstFrameMs.toFixed(1)} ms after the data reached the panel   (target <= 300 ms)`);
  console.log(`  pan/zoom frames: median ${figures.frameMedianMs.toFixed(1)} ms over ${figures.frames} frames   (target <= 16 ms)`);
  console.log(`  live update: ${figures.liveMs} ms from an append to the stalled rank to its lane drawn as running   (target <= 500 ms)`);
  check(`timeline first frame <= 300 ms (${figures.ranks} ranks x ${figures.hours} h)`, figures.firstFrameMs <= 300, `${figures.firstFrameMs.toFixed(1)} ms`);
  check(`timeline pan/zoom frames <= 16 ms (median, ${figures.ranks} ranks)`, figures.frameMedianMs <= 16, `${figures.frameMedianMs.toFixed(1)} ms`);
  check(`timeline live update <= 500 ms (${figures.ranks} ranks)`, figures.liveMs <= 500, `${figures.liveMs} ms`);
}
