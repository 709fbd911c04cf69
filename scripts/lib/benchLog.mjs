// Deterministic worker logs of the real format for the benchmarks, written the way training
// jobs write them (CONVENTIONS.md, Benchmarks): many loggers in a skewed (Zipf) mix at several
// levels, messages of varied shapes and lengths, warnings that carry a source line, config
// dumps over several lines, error records with tracebacks of different depths, and restarts.
// `mix: 'headers64'` is the harder input: 64 distinct (logger, level) headers, evenly mixed.
import fs from 'node:fs';

export function rng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function stamp(ms) {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)},${iso.slice(20, 23)}`;
}

const pick = (rand, xs) => xs[Math.floor(rand() * xs.length)];
const hex = (rand, n) => Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join('');
const SHARDS = ['train-00017-of-00128.parquet', 'c4-en-0042.json.gz', 'shard_000913.tar', 'wiki_2026_07.arrow'];
const HOSTS = ['node-a17', 'node-b03', 'gpu-h100-22', 'dgx-041'];

// Each source: logger, level, and a message maker (rand, state) -> text (may hold "\n").
export const SOURCES = [
  ['__main__', 'INFO', (r, s) => `step=${s.step} loss=${(1.5 + r() * 1.5).toFixed(4)} lr=${(3e-4 * (1 - s.step / 1e7)).toExponential(3)} grad_norm=${(r() * 4).toFixed(3)} tokens/s=${Math.floor(180000 + r() * 20000)}`],
  ['trainer', 'INFO', (r, s) => `Epoch ${Math.floor(s.step / 5000)} | Step ${s.step % 5000}/5000 | ${(0.8 + r() * 0.4).toFixed(3)} s/it | eta ${Math.floor(r() * 90)}m`],
  ['data.loader', 'DEBUG', (r) => `prefetch queue depth=${Math.floor(r() * 16)} wait=${(r() * 3).toFixed(3)}s workers=8`],
  ['gpu_monitor', 'INFO', (r, s) => `cuda:${s.rank % 8} util=${Math.floor(60 + r() * 40)}% mem=${(40 + r() * 39).toFixed(1)}/79.6 GiB temp=${Math.floor(55 + r() * 30)}C power=${Math.floor(250 + r() * 450)}W`],
  ['metrics', 'INFO', (r, s) => `{"step": ${s.step}, "loss": ${(r() * 3).toFixed(5)}, "acc": ${r().toFixed(4)}, "ppl": ${(5 + r() * 20).toFixed(2)}, "samples": ${s.step * 256}}`],
  ['torch.nn.parallel.distributed', 'INFO', () => 'Reducer buckets have been rebuilt in this iteration.'],
  ['optim.scheduler', 'DEBUG', (r, s) => `lr=${(3e-4 * r()).toExponential(2)} warmup ${Math.min(s.step, 2000)}/2000 cosine decay`],
  ['data.loader', 'WARNING', (r, s) => `Shard ${pick(r, SHARDS)} is ${Math.floor(r() * 100)}% padding at step ${s.step}; consider repacking`],
  ['urllib3.connectionpool', 'DEBUG', (r) => `https://api.wandb.ai:443 "POST /files/alice/run-${hex(r, 8)}/file_stream HTTP/1.1" 200 ${Math.floor(r() * 4000)}`],
  ['model.checkpoint', 'INFO', (r, s) => `Saved checkpoint to /scratch/alice/runs/llm-7b/ckpt/step_${String(s.step).padStart(7, '0')}.pt (${(1 + r() * 12).toFixed(2)} GiB) in ${(r() * 30).toFixed(1)}s`],
  ['py.warnings', 'WARNING', (r) => `/usr/lib/python3/dist-packages/torch/utils/data/dataloader.py:${550 + Math.floor(r() * 20)}: UserWarning: This DataLoader will create 8 worker processes in total. Our suggested max number of worker in current system is ${Math.floor(2 + r() * 6)}.\n  warnings.warn(_create_warning_msg(`],
  ['torch.distributed.distributed_c10d', 'INFO', (r, s) => `Added key: store_based_barrier_key:${1 + Math.floor(r() * 4)} to store for rank: ${s.rank}`],
  ['fsspec.local', 'DEBUG', (r) => `open file: /scratch/alice/data/${pick(r, SHARDS)}`],
  ['wandb', 'WARNING', (r) => `Network error (ReadTimeout), entering retry loop. host=${pick(r, HOSTS)} attempt=${1 + Math.floor(r() * 5)}`],
  ['transformers.modeling_utils', 'INFO', (r) => `Model config LlamaConfig {\n  "hidden_size": 4096,\n  "num_attention_heads": 32,\n  "num_hidden_layers": ${24 + Math.floor(r() * 8)},\n  "vocab_size": 32000\n}`],
  ['__main__', 'DEBUG', (r, s) => `batch ${s.step}: tokens=${Math.floor(r() * 1e6)} pad=${(r() * 0.2).toFixed(3)} seq_len=${pick(r, [512, 1024, 2048, 4096])}`],
  ['accelerate.utils.memory', 'INFO', (r) => `Reducing batch size to ${pick(r, [8, 16, 32])} after CUDA OOM retry`],
  ['model.checkpoint', 'WARNING', (r) => `Checkpoint write slow: ${(20 + r() * 40).toFixed(1)}s for ${(1 + r() * 12).toFixed(2)} GiB on /scratch`],
];

export const TRACEBACKS = [
  [
    'Traceback (most recent call last):',
    '  File "/home/alice/llm/train.py", line 214, in run_batch',
    '    embeddings = self.model(batch.tokens.to(self.device))',
    '                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^',
    '  File "/usr/lib/python3/dist-packages/torch/nn/modules/module.py", line 1194, in _call_impl',
    '    return forward_call(*input, **kwargs)',
    'torch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB (GPU 2; 79.15 GiB total capacity)',
  ],
  [
    'Traceback (most recent call last):',
    '  File "/home/alice/llm/data/loader.py", line 88, in __next__',
    '    return self._decode(next(self._it))',
    '  File "/home/alice/llm/data/loader.py", line 61, in _decode',
    '    raise ValueError(f"bad record in {self.shard}")',
    'ValueError: bad record in shard_000913.tar',
  ],
  [
    'Traceback (most recent call last):',
    '  File "/home/alice/llm/train.py", line 301, in main',
    '    dist.all_reduce(loss_sum)',
    '  File "/usr/lib/python3/dist-packages/torch/distributed/c10d_logger.py", line 79, in wrapper',
    '    return func(*args, **kwargs)',
    '  File "/usr/lib/python3/dist-packages/torch/distributed/distributed_c10d.py", line 2288, in all_reduce',
    '    work = group.allreduce([tensor], opts)',
    'torch.distributed.DistBackendError: NCCL error in: ../torch/csrc/distributed/c10d/ProcessGroupNCCL.cpp:1970, unhandled system error',
  ],
];

// The harder input: 22 loggers at three levels, the first 64 of those pairs.
const MANY_LOGGERS = [
  '__main__', 'trainer', 'data.loader', 'data.sampler', 'data.tokenizer', 'model.llama', 'model.checkpoint', 'model.lora',
  'optim.adamw', 'optim.scheduler', 'metrics', 'gpu_monitor', 'torch.distributed.distributed_c10d', 'torch.nn.parallel.distributed',
  'torch.distributed.elastic.agent', 'urllib3.connectionpool', 'fsspec.local', 'wandb', 'py.warnings', 'transformers.trainer',
  'accelerate.accelerator', 'deepspeed.runtime.engine',
];
const MANY = MANY_LOGGERS.flatMap((logger) => ['DEBUG', 'INFO', 'WARNING'].map((level) => [logger, level])).slice(0, 64);

/** Zipf weights 1/k^s over n items, as cumulative sums ending at 1. */
export function zipf(n, s) {
  const w = Array.from({ length: n }, (_, k) => 1 / (k + 1) ** s);
  const total = w.reduce((a, b) => a + b, 0);
  let acc = 0;
  return w.map((x) => (acc += x / total));
}

/**
 * Writes about `bytes` of a rank's log with `sessions` sessions. Returns { bytes, lines }.
 * `mix`: 'realistic' (default; 18 sources, Zipf s=1.1) or 'headers64'.
 */
export function writeBenchLog(file, { bytes, sessions = 20, rank = 0, seed = 1, start = Date.UTC(2026, 1, 4, 10), mix = 'realistic' }) {
  const rand = rng(seed);
  const fd = fs.openSync(file, 'w');
  let written = 0;
  let lines = 0;
  let t = start;
  const perSession = Math.ceil(bytes / sessions);
  let nextSession = perSession;
  const state = { step: 0, rank };
  const cumulative = mix === 'headers64' ? MANY.map((_, k) => (k + 1) / MANY.length) : zipf(SOURCES.length, 1.1);
  let block = [];
  let blockBytes = 0;
  const flush = () => {
    fs.writeSync(fd, block.join(''));
    block = [];
    blockBytes = 0;
  };
  const push = (line) => {
    block.push(line + '\n');
    blockBytes += line.length + 1;
    written += line.length + 1;
    for (let i = line.indexOf('\n'); i >= 0; i = line.indexOf('\n', i + 1)) lines++;
    lines++;
    if (blockBytes > 4 * 1024 * 1024) flush();
  };
  const head = (level, logger) => `${stamp(t)} - Worker ${rank} - ${logger} - ${level} - `;
  const init = () => push(head('INFO', 'worker_logging') + `Worker ${rank} logging initialized: /scratch/alice/runs/llm-7b/logs/worker_${rank}.log`);
  init();
  while (written < bytes) {
    t += 1 + Math.floor(rand() * 40);
    state.step++;
    if (written >= nextSession) {
      nextSession += perSession;
      t += 60_000;
      const iso = new Date(t).toISOString().replace('Z', '000');
      push(head('INFO', 'worker_logging') + `=== Resume at ${iso} ===`);
      init();
      continue;
    }
    const r = rand();
    if (r < 0.0005) {
      const tb = pick(rand, TRACEBACKS);
      push(head('ERROR', pick(rand, ['__main__', 'trainer', 'data.loader'])) + `Batch ${state.step} failed on cuda:${rank % 8}\n${tb.join('\n')}`);
      continue;
    }
    const u = rand();
    let k = 0;
    while (cumulative[k] < u) k++;
    if (mix === 'headers64') {
      const [logger, level] = MANY[k];
      push(head(level, logger) + `event ${state.step} ${logger.split('.').pop()} value=${(rand() * 1000).toFixed(3)} id=${hex(rand, 6)} took ${(rand() * 3).toFixed(2)}s`);
    } else {
      const [logger, level, message] = SOURCES[k];
      push(head(level, logger) + message(rand, state));
    }
  }
  flush();
  fs.closeSync(fd);
  return { bytes: written, lines };
}
