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
 * %(levelname)s - %(message)s`, Hydra's job logging, ours (a job that uses our module), a level in
 * brackets (`%(asctime)s [%(levelname)s] %(name)s: %(message)s`), ISO times in UTC, loguru's
 * default, and Hugging Face's examples (a date month first, `LEVEL - name - message`).
 */
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export const RECORD_FORMATS = {
  asctime: (time, level, logger, message) => `${time} ${level} ${logger}: ${message}`,
  deepspeed: (time, level, logger, message) => `[${time}] [${level}] [${logger.split('.').pop()}.py:${100 + logger.length}:step] ${message}`,
  python: (_time, level, logger, message) => `${level}:${logger}:${message}`,
  cookbook: (time, level, logger, message) => `${time} - ${logger} - ${level} - ${message}`,
  hydra: (time, level, logger, message) => `[${time}][${logger}][${level}] - ${message}`,
  ours: (time, level, logger, message, rank) => `${time} - Worker ${rank} - ${logger} - ${level} - ${message}`,
  bracketed: (time, level, logger, message) => `${time} [${level}] ${logger}: ${message}`,
  iso: (time, level, logger, message) => `${time.replace(' ', 'T').replace(',', '.')}Z ${level} ${logger}: ${message}`,
  loguru: (time, level, logger, message) => `${time.replace(',', '.')} | ${level.padEnd(8)} | ${logger}:step:${40 + logger.length} - ${message}`,
  monthfirst: (time, level, logger, message) => `${time.slice(5, 7)}/${time.slice(8, 10)}/${time.slice(0, 4)} ${time.slice(11, 19)} - ${level} - ${logger} - ${message}`,
  // The logging tutorials' `datefmt='%d-%b-%y %H:%M:%S'`: the month's name, day first.
  monthname: (time, level, _logger, message) => `${time.slice(8, 10)}-${MONTHS[+time.slice(5, 7) - 1]}-${time.slice(2, 4)} ${time.slice(11, 19)} - ${level} - ${message}`,
  // detectron2's console: `[%m/%d %H:%M:%S name]: `, its warnings and errors after their word.
  detectron2: (time, level, logger, message) => `${level === 'INFO' || level === 'DEBUG' ? '' : `${level} `}[${time.slice(5, 7)}/${time.slice(8, 10)} ${time.slice(11, 19)} ${logger}]: ${message}`,
  timeofday: (time, level, logger, message) => `${time.slice(11, 19)}.${time.slice(20)} ${level.padEnd(8)} ${logger} - ${message}`,
  // structlog's ConsoleRenderer: its level in lower case padded in brackets, the event padded, then its pairs.
  structlog: (time, level, logger, message) => `${time.slice(0, 19)} [${level.toLowerCase().padEnd(9)}] ${message.padEnd(30)} logger=${logger}`,
  json: (time, level, logger, message) => JSON.stringify({ asctime: time, levelname: level, name: logger, message }),
};

/**
 * The job: about `bytes` of its ranks' output, in time order, handed to `write(rank, stream,
 * text)` (rank -1: the launcher's own lines; stream `stdout` for prints, `stderr` for the rest;
 * text may hold several lines). `format`: one of RECORD_FORMATS. `write` returns the bytes it wrote.
 */
function writeJob({ bytes, ranks = 16, seed = 1, start = Date.UTC(2026, 10, 30, 9), format = 'asctime' }, write) {
  const record = RECORD_FORMATS[format];
  const rand = rng(seed);
  const cumulative = zipf(SOURCES.length, 1.1);
  let written = 0;
  let t = start;
  const steps = new Array(ranks).fill(0);
  const emit = (rank, stream, text) => (written += write(rank, stream, text, t));
  emit(-1, 'stderr', 'WARNING:torch.distributed.run:\n*****************************************\nSetting OMP_NUM_THREADS environment variable for each process to be 1 in default, to avoid your system being overloaded, please further tune the variable for optimal performance in your application as needed.\n*****************************************');
  while (written < bytes) {
    t += Math.floor(rand() * 6);
    const rank = Math.floor(rand() * ranks);
    const state = { step: ++steps[rank], rank };
    const kind = rand();
    if (kind < 0.8) {
      const u = rand();
      const [logger, level, make] = SOURCES[cumulative.findIndex((c) => u <= c)];
      emit(rank, 'stderr', record(stamp(t), level, logger, make(rand, state), rank));
    } else if (kind < 0.88) {
      emit(rank, 'stderr', `[${rand() < 0.5 ? 'I' : 'W'}${glogStamp(t)} ${4000 + rank} ProcessGroupNCCL.cpp:${1100 + Math.floor(rand() * 900)}] [Rank ${rank}] ProcessGroupNCCL watchdog heartbeat seq=${state.step}`);
    } else if (kind < 0.94) {
      emit(rank, 'stderr', `node-a17:${4000 + rank}:${4100 + rank} [${rank % 8}] NCCL INFO Channel ${String(Math.floor(rand() * 32)).padStart(2, '0')}/0 : ${rank} -> ${(rank + 1) % ranks} via P2P/IPC/read`);
    } else if (kind < 0.97) {
      emit(rank, 'stdout', `step ${state.step}: loss ${(rand() * 3).toFixed(4)}`);
    } else if (kind < 0.995) {
      const n = 1 + Math.floor(rand() * 4);
      emit(rank, 'stderr', Array.from({ length: n }, (_, k) => ` ${(k + 1) * 25}%|${'#'.repeat(k + 1).padEnd(4)}| ${k + 1}/4 [00:0${k}<00:0${4 - k}, 1.2it/s]`).join('\r'));
    } else if (kind < 0.998) {
      emit(rank, 'stderr', TRACEBACKS[Math.floor(rand() * TRACEBACKS.length)].join('\n'));
    } else {
      emit(-1, 'stderr', `WARNING:torch.distributed.elastic.agent.server.api:Received 1 death signal, shutting down workers`);
    }
  }
}

/** Appends lines to files, a block at a time. */
class BlockWriter {
  constructor() {
    this.files = new Map();
    this.lines = 0;
  }

  /** Appends `text`'s lines, each after `prefix`, to `file`; returns the bytes. */
  write(file, prefix, text) {
    let f = this.files.get(file);
    if (!f) this.files.set(file, (f = { fd: fs.openSync(file, 'w'), block: [] }));
    let n = 0;
    for (const l of text.split('\n')) {
      const line = `${prefix}${l}\n`;
      f.block.push(line);
      n += line.length;
      this.lines++;
    }
    if (f.block.length > 20000) this.flush(f);
    return n;
  }

  flush(f) {
    fs.writeSync(f.fd, f.block.join(''));
    f.block = [];
  }

  close() {
    for (const f of this.files.values()) {
      this.flush(f);
      fs.closeSync(f.fd);
    }
  }
}

/**
 * The text of a job whose output goes beyond ASCII, as many do: tqdm's bars drawn with blocks (its
 * default on a UTF-8 stream), and, in one output in four, a message with a character beyond ASCII
 * (`→`, `µs`, `±`: `k` counts the outputs).
 */
function beyondAscii(text, k) {
  const bars = text.replace(/\|(#+)( *)\|/g, (_, done, rest) => `|${'█'.repeat(done.length)}${rest}|`);
  if (bars !== text || k % 4 !== 0) return bars;
  return text.replace(/: /, [': → ', ': µs ', ': ± '][(k >> 2) % 3]);
}

/**
 * Writes about `bytes` of a `ranks`-rank capture to `file` (`format`: one of RECORD_FORMATS;
 * `unicode`: text beyond ASCII, see beyondAscii; `nodes`: torchrun on that many nodes under
 * `srun -l`, its tee labels inside srun's, `1: [default3]:`; `mpich`: MPICH's `-prepend-rank`,
 * `[3] `; `pdsh`: each rank on a host of its own, `gpu-node03: `; `rankAlone`: torchrun's prefix
 * template `[${rank}]:`, `[3]:`; `skypilot`: each rank a node of a SkyPilot job, `(worker3, rank=3,
 * pid=2769, ip=10.0.0.3) `, coloured as in its log; `skypilotTask`: SkyPilot's job of one node,
 * torchrun's tee inside its task's prefix, `(task, pid=4494) [default3]:`, torchrun's own lines
 * under the prefix too; `untee`: torch 2's console without --tee, the ranks' lines unlabelled, and
 * at its end a rank's traceback under PyTorch's own `[rank8]: `, torchrun stopping the others).
 * Returns { bytes, lines }.
 */
export function writeCapture(file, { bytes, ranks = 16, seed = 1, start, format, unicode = false, nodes, mpich = false, pdsh = false, rankAlone = false, skypilot = false, skypilotTask = false, kubectl = false, untee = false }) {
  const perNode = nodes ? Math.ceil(ranks / nodes) : 0;
  const sky = (rank) => `\x1b[36m${rank === 0 ? '(head, rank=0, pid=3808)' : `(worker${rank}, rank=${rank}, pid=${2700 + rank}, ip=10.0.0.${rank})`}\x1b[0m `;
  const task = '\x1b[36m(task, pid=4494)\x1b[0m ';
  const label = (rank) =>
    rank < 0
      ? skypilotTask
        ? task
        : ''
      : skypilotTask
        ? `${task}[default${rank}]:`
        : nodes
        ? `${Math.floor(rank / perNode)}: [default${rank % perNode}]:`
        : mpich
          ? `[${rank}] `
          : pdsh
            ? `gpu-node${String(rank).padStart(2, '0')}: `
            : rankAlone
              ? `[${rank}]:`
              : skypilot
                ? sky(rank)
                : `[rank${rank}]:`;
  const out = new BlockWriter();
  let written = 0;
  let k = 0;
  // kubectl logs -f --prefix --timestamps of a PyTorchJob: its pods' lines as they come, the kubelet's time after the pod (nanoseconds).
  const pod = (rank, t) => `[pod/${rank === 0 ? 'train-master-0' : `train-worker-${rank - 1}`}/pytorch] ${new Date(t).toISOString().slice(0, -1)}${String((k * 7919) % 1e6).padStart(6, '0')}Z `;
  writeJob({ bytes, ranks, seed, start, format }, (rank, _stream, text, t) => {
    // torch 2's console without --tee: no line of the ranks' carries a label (see below).
    const prefix = untee ? '' : kubectl ? (rank < 0 ? '' : pod(rank, t)) : label(rank);
    const n = out.write(file, prefix, unicode ? beyondAscii(text, k++) : (k++, text));
    written += n;
    return n;
  });
  // Its end: the rank that failed, its uncaught traceback under PyTorch's own label (the
  // console's only labelled lines), torchrun stopping the others by process id.
  if (untee) {
    const failed = ranks >> 1;
    written += out.write(file, `[rank${failed}]: `, ['Traceback (most recent call last):', '  File "/workspace/train.py", line 212, in <module>', '    loss.backward()', 'torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB.'].join('\n'));
    for (let r = 0; r < ranks; r++) if (r !== failed) written += out.write(file, '', `W1130 10:00:00.100000 6990 torch/distributed/elastic/multiprocessing/api.py:897] Sending process ${7000 + r} closing signal SIGTERM`);
    written += out.write(file, '', `E1130 10:00:00.900000 6990 torch/distributed/elastic/multiprocessing/api.py:869] failed (exitcode: 1) local_rank: ${failed} (pid: ${7000 + failed}) of binary: /usr/bin/python3`);
  }
  out.close();
  return { bytes: written, lines: out.lines };
}

/**
 * The same job as torchrun `--log_dir` keeps it: `<root>/<run>/attempt_0/<rank>/{stderr,stdout}.log`
 * (prints in stdout, logging and the rest in stderr; torchrun's own lines are not in it).
 * Returns { bytes, lines, run }.
 */
export function writeTorchrunLogs(root, { bytes, ranks = 16, seed = 1, start, format }) {
  const run = path.join(root, 'job42_x7f3k2a1');
  for (let r = 0; r < ranks; r++) fs.mkdirSync(path.join(run, 'attempt_0', String(r)), { recursive: true });
  const out = new BlockWriter();
  let written = 0;
  writeJob({ bytes, ranks, seed, start, format }, (rank, stream, text) => {
    if (rank < 0) return 0;
    const n = out.write(path.join(run, 'attempt_0', String(rank), `${stream}.log`), '', text);
    written += n;
    return n;
  });
  out.close();
  return { bytes: written, lines: out.lines, run };
}

/**
 * The same job as Slurm's per-task files keep it (`srun --output=<root>/train_%j_%t.out`, stdout
 * and stderr of a task in one file; srun's own lines are not in them). Returns { bytes, lines, dir }.
 */
export function writeTaskFiles(root, { bytes, ranks = 16, seed = 1, start, format }) {
  fs.mkdirSync(root, { recursive: true });
  const out = new BlockWriter();
  let written = 0;
  writeJob({ bytes, ranks, seed, start, format }, (rank, _stream, text) => {
    if (rank < 0) return 0;
    const n = out.write(path.join(root, `train_4242_${rank}.out`), '', text);
    written += n;
    return n;
  });
  out.close();
  return { bytes: written, lines: out.lines, dir: root };
}

/**
 * The same job's records (ours, with their tracebacks) as a logging handler writes them, each rank's log cut in parts by Python's
 * RotatingFileHandler (`maxBytes` `partBytes`): `worker_<N>.log`, then `.1`, `.2`, ... older
 * (its rollovers done as it does them, the oldest part the highest). Returns { bytes, lines, dir }.
 */
export function writeRotatedLogs(root, { bytes, ranks = 16, seed = 1, start, partBytes = 4 * 2 ** 20 }) {
  fs.mkdirSync(root, { recursive: true });
  const files = new Map();
  let written = 0;
  let lines = 0;
  const rollover = (rank, f) => {
    fs.closeSync(f.fd);
    const log = path.join(root, `worker_${rank}.log`);
    for (let k = f.parts; k >= 1; k--) fs.renameSync(`${log}.${k}`, `${log}.${k + 1}`);
    fs.renameSync(log, `${log}.1`);
    f.parts++;
    f.fd = fs.openSync(log, 'w');
    f.size = 0;
  };
  writeJob({ bytes, ranks, seed, start, format: 'ours' }, (rank, _stream, text) => {
    // The handler's file holds the job's records (and their tracebacks), not its prints, NCCL's or c10d's lines.
    if (rank < 0 || !(/^\d{4}-/.test(text) || text.startsWith('Traceback'))) return 0;
    let f = files.get(rank);
    if (!f) files.set(rank, (f = { fd: fs.openSync(path.join(root, `worker_${rank}.log`), 'w'), size: 0, parts: 0 }));
    const record = `${text}\n`;
    const n = Buffer.byteLength(record);
    if (f.size > 0 && f.size + n > partBytes) rollover(rank, f);
    fs.writeSync(f.fd, record);
    f.size += n;
    written += n;
    lines += text.split('\n').length;
    return n;
  });
  for (const f of files.values()) fs.closeSync(f.fd);
  return { bytes: written, lines, dir: root };
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
