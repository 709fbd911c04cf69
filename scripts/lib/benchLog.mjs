// Deterministic worker logs of the real format for the benchmarks.
import fs from 'node:fs';

function rng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function stamp(ms) {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)},${iso.slice(20, 23)}`;
}

const TRACEBACK = [
  'Traceback (most recent call last):',
  '  File "/home/alice/virnucpro/pipeline/gpu_worker.py", line 214, in run_batch',
  '    embeddings = self.model(batch.tokens.to(self.device))',
  '                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^',
  '  File "/usr/lib/python3/dist-packages/torch/nn/modules/module.py", line 1194, in _call_impl',
  '    return forward_call(*input, **kwargs)',
  'torch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB (GPU 2; 79.15 GiB total capacity)',
].join('\n');

/**
 * Writes about `bytes` of a rank's log with `sessions` sessions, warnings and error records
 * with tracebacks. Returns { bytes, lines }.
 */
export function writeBenchLog(file, { bytes, sessions = 20, rank = 0, seed = 1, start = Date.UTC(2026, 1, 4, 10) }) {
  const rand = rng(seed);
  const fd = fs.openSync(file, 'w');
  let written = 0;
  let lines = 0;
  let t = start;
  const perSession = Math.ceil(bytes / sessions);
  let nextSession = perSession;
  let step = 0;
  let block = [];
  let blockBytes = 0;
  const flush = () => {
    const text = block.join('');
    fs.writeSync(fd, text);
    block = [];
    blockBytes = 0;
  };
  const push = (line) => {
    block.push(line + '\n');
    blockBytes += line.length + 1;
    written += line.length + 1;
    lines += line.split('\n').length;
    if (blockBytes > 4 * 1024 * 1024) flush();
  };
  const head = (level, logger) => `${stamp(t)} - Worker ${rank} - ${logger} - ${level} - `;
  push(head('INFO', 'worker_logging') + `Worker ${rank} logging initialized: /scratch/run/logs/worker_${rank}.log`);
  while (written < bytes) {
    t += 1 + Math.floor(rand() * 40);
    step++;
    if (written >= nextSession) {
      nextSession += perSession;
      t += 60_000;
      const iso = new Date(t).toISOString().replace('Z', '000');
      push(head('INFO', 'worker_logging') + `=== Resume at ${iso} ===`);
      push(head('INFO', 'worker_logging') + `Worker ${rank} logging initialized: /scratch/run/logs/worker_${rank}.log`);
      continue;
    }
    const r = rand();
    if (r < 0.0005) push(head('ERROR', 'virnucpro.pipeline.gpu_worker') + `Batch ${step} failed on cuda:${rank}\n${TRACEBACK}`);
    else if (r < 0.01) push(head('WARNING', 'virnucpro.data.loader') + `Shard shard_${step % 9999} is ${Math.floor(rand() * 100)}% padding; consider repacking`);
    else if (r < 0.05) push(head('DEBUG', 'virnucpro.data.loader') + `prefetch queue depth=${Math.floor(rand() * 16)} wait=${(rand() * 3).toFixed(3)}s`);
    else push(head('INFO', 'virnucpro.pipeline.gpu_worker') + `step=${step} loss=${(2.5 * rand()).toFixed(4)} throughput=${1400 + Math.floor(rand() * 200)} seq/s took ${(rand() * 3).toFixed(2)}s`);
  }
  flush();
  fs.closeSync(fd);
  return { bytes: written, lines };
}
