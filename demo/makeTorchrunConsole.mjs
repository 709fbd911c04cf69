// The demo's job from another launcher: the console of an 8-rank `torchrun --tee 3` run, as
// torch 2 writes it (its `[default<N>]:` labels, NCCL's watchdog, torchrun's own summary), that
// never went through our module. Rank 5 stalls fetching a data shard; the other seven wait for it
// in an all-reduce until NCCL's watchdog times them out, and torchrun's "Root Cause" names the
// first of those it noticed, rank 3, not the rank they waited for. Written, not run: it needs no
// GPU, no NCCL and no torch.
import fs from 'node:fs';
import path from 'node:path';

const WORLD = 8;
const STALLED = 5;
const BLAMED = 3;
const STEPS = 40;
const SEQ = 4131;
const TIMEOUT_MS = 600_000;
const PID = 31_400;

const pad = (n, w = 2) => String(n).padStart(w, '0');
/** `2026-12-07 08:00:00,004` (Python's asctime). */
const asctime = (ms) => {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())},${pad(d.getUTCMilliseconds(), 3)}`;
};
/** glog's `W1207 08:00:00.120000` (torchrun's own logger, and c10d's with nanoseconds). */
const glog = (level, ms, digits = 6) => {
  const d = new Date(ms);
  return `${level}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}${'0'.repeat(digits - 3)}`;
};

/** Writes the console into `dir` (train.out); returns its path. `start`: the job's first time (ms). */
export function makeTorchrunConsole(dir, start = Date.UTC(2026, 11, 7, 8, 0, 0)) {
  const lines = [];
  const launcher = (level, ms, where, text) => lines.push(`${glog(level, ms)} ${PID} site-packages/torch/distributed/${where}] ${text}`);
  const rank = (r, text) => lines.push(`[default${r}]:${text}`);
  const banner = '*****************************************';
  for (const text of ['', banner, 'Setting OMP_NUM_THREADS environment variable for each process to be 1 in default, to avoid your system being overloaded, please further tune the variable for optimal performance in your application as needed. ', banner]) launcher('W', start, 'run.py:793', text);
  let t = start + 2_000;
  for (let r = 0; r < WORLD; r++) rank(r, `${asctime(t + r * 3)} INFO train: rank ${r} of ${WORLD} on cuda:${r}, backend nccl`);
  t += 4_000;
  for (let r = 0; r < WORLD; r++) rank(r, `${asctime(t + r * 5)} INFO data: ${r === STALLED ? 'streaming shards from object storage' : 'shards cached locally'}`);
  for (let step = 1; step <= STEPS; step++) {
    t += 2_100 + ((step * 37) % 90);
    for (let r = 0; r < WORLD; r++) {
      const loss = (2.9 - step * 0.02 + ((r * 7 + step) % 5) * 0.004).toFixed(4);
      rank(r, `${asctime(t + ((r * 13 + step) % 40))} INFO train: step ${step} loss ${loss}`);
    }
    if (step % 10 === 0) rank(0, `${asctime(t + 60)} INFO checkpoint: saved step ${step} to ckpt/step_${step}.pt`);
  }
  // Step 41: rank 5 goes to fetch its next shard and never comes back; the others all-reduce.
  t += 2_050;
  rank(STALLED, `${asctime(t + 11)} INFO data: fetching shard 913 from object storage`);
  rank(STALLED, `${asctime(t + 1_512)} WARNING data: shard 913: slow response from object storage, retrying`);
  const entered = t + 2_000;
  for (let r = 0; r < WORLD; r++) if (r !== STALLED) rank(r, `${asctime(t + 40 + r * 7)} INFO train: step ${STEPS + 1} loss ${(2.9 - (STEPS + 1) * 0.02).toFixed(4)}`);
  // Ten minutes later each waiting rank's watchdog times out, rank 3's first.
  const order = [BLAMED, 0, 6, 1, 7, 2, 4];
  let end = 0;
  order.forEach((r, i) => {
    const at = entered + TIMEOUT_MS + 17 + i * 9;
    end = at;
    const ran = at - entered;
    const c10d = (line, text) => rank(r, `[rank${r}]:[${glog('E', at + line, 9)} ProcessGroupNCCL.cpp:${[607, 1664, 1515][line]}] ${text}`);
    const timedOut = `[Rank ${r}] Watchdog caught collective operation timeout: WorkNCCL(SeqNum=${SEQ}, OpType=ALLREDUCE, NumelIn=1048576, NumelOut=1048576, Timeout(ms)=${TIMEOUT_MS}) ran for ${ran} milliseconds before timing out.`;
    c10d(0, timedOut);
    c10d(1, `[PG 0 (default_pg) Rank ${r}] Exception (either an error or timeout) detected by watchdog at work: ${SEQ}, last enqueued NCCL work: ${SEQ}, last completed NCCL work: ${SEQ - 1}.`);
    c10d(2, `[PG 0 (default_pg) Rank ${r}] Process group watchdog thread terminated with exception: ${timedOut}`);
    rank(r, 'terminate called after throwing an instance of \'c10::DistBackendError\'');
    rank(r, `  what():  [PG 0 (default_pg) Rank ${r}] Process group watchdog thread terminated with exception: ${timedOut}`);
    rank(r, 'Exception raised from ncclCommWatchdog at /opt/conda/work/torch/csrc/distributed/c10d/ProcessGroupNCCL.cpp:1521 (most recent call first):');
    rank(r, 'frame #0: c10::Error::Error(c10::SourceLocation, std::string) + 0x96 (0x7f3eb989ef86 in /opt/conda/lib/python3.12/site-packages/torch/lib/libc10.so)');
    rank(r, 'frame #1: clone + 0x6d (0x7f3f2bad0b0d in /lib64/libc.so.6)');
    rank(r, '');
  });
  // torchrun notices rank 3's exit, stops the others, and blames rank 3.
  const noticed = end + 580;
  for (let r = 0; r < WORLD; r++) if (r !== BLAMED) launcher('W', noticed, 'elastic/multiprocessing/api.py:897', `Sending process ${PID + 2 + r} closing signal SIGTERM`);
  launcher('E', noticed + 612, 'elastic/multiprocessing/api.py:869', `failed (exitcode: -6) local_rank: ${BLAMED} (pid: ${PID + 2 + BLAMED}) of binary: /opt/venv/bin/python3`);
  const stamp = new Date(noticed + 612).toISOString().slice(0, 19).replace('T', '_');
  lines.push(
    'Traceback (most recent call last):',
    '  File "/opt/venv/bin/torchrun", line 8, in <module>',
    '    sys.exit(main())',
    '             ^^^^^^',
    'torch.distributed.elastic.multiprocessing.errors.ChildFailedError: ',
    '=====================================================',
    'train.py FAILED',
    '-----------------------------------------------------',
    'Failures:',
    '  <NO_OTHER_FAILURES>',
    '-----------------------------------------------------',
    'Root Cause (first observed failure):',
    '[0]:',
    `  time      : ${stamp}`,
    '  host      : gpu-node-07',
    `  rank      : ${BLAMED} (local_rank: ${BLAMED})`,
    `  exitcode  : -6 (pid: ${PID + 2 + BLAMED})`,
    '  error_file: <N/A>',
    `  traceback : Signal 6 (SIGABRT) received by PID ${PID + 2 + BLAMED}`,
    '=====================================================',
  );
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'train.out');
  fs.writeFileSync(file, lines.join('\n') + '\n');
  // The console was last written when torchrun ended: not a job that runs now.
  const last = new Date(noticed + 700);
  fs.utimesSync(file, last, last);
  return file;
}
