// A job folder for the Job Timeline, written the way a training job writes it: `ranks` rank logs
// over `hours`, a step every `stepMs` (jittered per rank) with the bench log's mix of loggers and
// levels between steps, one rank that goes quiet at `stallAt` (a fraction of the run; its file
// is aged so that it reads as stalled while the others write) and one that dies of a CUDA error
// with its traceback at `crashAt`. Used by the timeline's integration test (sizes from the
// environment: `npm run bench` asks for 1,024 ranks x 24 h) and the README screenshot.
import fs from 'node:fs';
import path from 'node:path';
import { rng, SOURCES, stamp, TRACEBACKS, zipf } from './benchLog.mjs';

export function writeTimelineJob(dir, { ranks = 16, hours = 0.5, stepMs = 2000, stallRank = 11, stallAt = 0.6, crashRank = 6, crashAt = 0.8, start = Date.UTC(2026, 1, 4, 10), seed = 7 } = {}) {
  fs.mkdirSync(dir, { recursive: true });
  const duration = hours * 3_600_000;
  const cumulative = zipf(SOURCES.length, 1.1);
  const old = new Date(Date.now() - 30 * 60_000);
  let bytes = 0;
  let records = 0;
  for (let rank = 0; rank < ranks; rank++) {
    const rand = rng(seed * 7919 + rank);
    const end = rank === stallRank ? duration * stallAt : rank === crashRank ? duration * crashAt : duration;
    const out = [];
    const head = (t, level, logger) => `${stamp(t)} - Worker ${rank} - ${logger} - ${level} - `;
    out.push(head(start, 'INFO', 'worker_logging') + `Worker ${rank} logging initialized: /scratch/alice/runs/llm-7b/logs/worker_${rank}.log`);
    const state = { step: 0, rank };
    for (let t = start + Math.floor(rand() * 50); t < start + end; t += stepMs + Math.floor((rand() - 0.5) * stepMs * 0.1)) {
      state.step++;
      out.push(head(t, 'INFO', '__main__') + `step=${state.step} loss=${(1.5 + rand() * 1.5).toFixed(4)} grad_norm=${(rand() * 4).toFixed(3)}`);
      // A few other records between steps, from the skewed mix of loggers.
      for (let k = Math.floor(rand() * 3); k > 0; k--) {
        const r = rand();
        const [logger, level, make] = SOURCES[cumulative.findIndex((c) => r <= c)];
        out.push(head(t + 1 + k, level, logger) + make(rand, state));
      }
    }
    if (rank === crashRank) {
      const t = start + end;
      out.push(head(t, 'ERROR', 'trainer') + 'Batch failed: CUDA out of memory', ...TRACEBACKS[0]);
    }
    const text = out.join('\n') + '\n';
    const file = path.join(dir, `worker_${rank}.log`);
    fs.writeFileSync(file, text);
    if (rank === stallRank) fs.utimesSync(file, old, old);
    bytes += Buffer.byteLength(text);
    records += out.length;
  }
  return { bytes, records };
}
