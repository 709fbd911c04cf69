// A combined capture as torchrun `--tee 3` writes one for a job that never used our module
// (CONVENTIONS.md, Benchmarks): 16 ranks' lines interleaved in time order, each with its
// `[rank<N>]:` prefix; records in the most common Python `logging` format
// (`%(asctime)s %(levelname)s %(name)s: %(message)s`) from the realistic Zipf mix of
// benchLog.mjs, with multi-line messages and tracebacks (every line prefixed), c10d glog lines,
// NCCL INFO lines, prints, tqdm bars redrawn with `\r`, and launcher lines without a prefix.
// Also a torchrun `--log_dir` run folder of many ranks and attempts, for discovery.
import fs from 'node:fs';
import path from 'node:path';
import { rng, SOURCES, stamp, TRACEBACKS, zipf } from './benchLog.mjs';

const glogStamp = (ms) => {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(5, 7)}${iso.slice(8, 10)} ${iso.slice(11, 23)}${String(ms % 1000).padStart(3, '0')}`;
};

/**
 * How a record of the job's own logger is written, by the `format` of `writeCapture`: Python's
 * `%(asctime)s %(levelname)s %(name)s: %(message)s` (the default), DeepSpeed's logger, Python's
 * `logging.basicConfig()` default, the logging cookbook's `%(asctime)s - %(name)s -
 * %(levelname)s - %(message)s`, Hydra's job logging, and ours (a job that uses our module).
 */
export const RECORD_FORMATS = {
  asctime: (time, level, logger, message) => `${time} ${level} ${logger}: ${message}`,
  deepspeed: (time, level, logger, message) => `[${time}] [${level}] [${logger.split('.').pop()}.py:${100 + logger.length}:step] ${message}`,
  python: (_time, level, logger, message) => `${level}:${logger}:${message}`,
  cookbook: (time, level, logger, message) => `${time} - ${logger} - ${level} - ${message}`,
  hydra: (time, level, logger, message) => `[${time}][${logger}][${level}] - ${message}`,
  ours: (time, level, logger, message, rank) => `${time} - Worker ${rank} - ${logger} - ${level} - ${message}`,
};

/** Writes about `bytes` of a `ranks`-rank capture to `file` (`format`: one of RECORD_FORMATS). Returns { bytes, lines }. */
export function writeCapture(file, { bytes, ranks = 16, seed = 1, start = Date.UTC(2026, 10, 30, 9), format = 'asctime' }) {
  const record = RECORD_FORMATS[format];
  const rand = rng(seed);
  const cumulative = zipf(SOURCES.length, 1.1);
  const fd = fs.openSync(file, 'w');
  let written = 0;
  let lines = 0;
  let t = start;
  const steps = new Array(ranks).fill(0);
  let block = [];
  const emit = (prefix, text) => {
    for (const l of text.split('\n')) {
      const line = `${prefix}${l}\n`;
      block.push(line);
      written += line.length;
      lines++;
    }
    if (block.length > 20000) {
      fs.writeSync(fd, block.join(''));
      block = [];
    }
  };
  emit('', 'WARNING:torch.distributed.run:\n*****************************************\nSetting OMP_NUM_THREADS environment variable for each process to be 1 in default, to avoid your system being overloaded, please further tune the variable for optimal performance in your application as needed.\n*****************************************');
  while (written < bytes) {
    t += Math.floor(rand() * 6);
    const rank = Math.floor(rand() * ranks);
    const p = `[rank${rank}]:`;
    const state = { step: ++steps[rank], rank };
    const kind = rand();
    if (kind < 0.8) {
      const u = rand();
      const [logger, level, make] = SOURCES[cumulative.findIndex((c) => u <= c)];
      emit(p, record(stamp(t), level, logger, make(rand, state), rank));
    } else if (kind < 0.88) {
      emit(p, `[${rand() < 0.5 ? 'I' : 'W'}${glogStamp(t)} ${4000 + rank} ProcessGroupNCCL.cpp:${1100 + Math.floor(rand() * 900)}] [Rank ${rank}] ProcessGroupNCCL watchdog heartbeat seq=${state.step}`);
    } else if (kind < 0.94) {
      emit(p, `node-a17:${4000 + rank}:${4100 + rank} [${rank % 8}] NCCL INFO Channel ${String(Math.floor(rand() * 32)).padStart(2, '0')}/0 : ${rank} -> ${(rank + 1) % ranks} via P2P/IPC/read`);
    } else if (kind < 0.97) {
      emit(p, `step ${state.step}: loss ${(rand() * 3).toFixed(4)}`);
    } else if (kind < 0.995) {
      const n = 1 + Math.floor(rand() * 4);
      emit(p, Array.from({ length: n }, (_, k) => ` ${(k + 1) * 25}%|${'#'.repeat(k + 1).padEnd(4)}| ${k + 1}/4 [00:0${k}<00:0${4 - k}, 1.2it/s]`).join('\r'));
    } else if (kind < 0.998) {
      emit(p, TRACEBACKS[Math.floor(rand() * TRACEBACKS.length)].join('\n'));
    } else {
      emit('', `WARNING:torch.distributed.elastic.agent.server.api:Received 1 death signal, shutting down workers`);
    }
  }
  fs.writeSync(fd, block.join(''));
  fs.closeSync(fd);
  return { bytes: written, lines };
}

/** A torchrun `--log_dir` run folder: `attempts` x `ranks` folders of stderr.log and stdout.log. */
export function writeTorchrunRun(root, { ranks = 64, attempts = 3, linesPerFile = 50 } = {}) {
  const run = path.join(root, 'job42_x7f3k2a1');
  for (let a = 0; a < attempts; a++) {
    for (let r = 0; r < ranks; r++) {
      const d = path.join(run, `attempt_${a}`, String(r));
      fs.mkdirSync(d, { recursive: true });
      const lines = Array.from({ length: linesPerFile }, (_, k) => `${stamp(Date.UTC(2026, 10, 30, 9, a * 10, 0, k * 100))} INFO train: step ${k} rank ${r}`);
      fs.writeFileSync(path.join(d, 'stderr.log'), lines.join('\n') + '\n');
      fs.writeFileSync(path.join(d, 'stdout.log'), `hello from ${r}\n`);
    }
  }
  return run;
}
