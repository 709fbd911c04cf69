// Part of `npm run bench` (and on its own: `node scripts/benchImport.mjs`): logs of other
// launchers. A combined capture of 16 ranks (torchrun --tee: `[rank3]:` prefixes, the realistic
// mix of scripts/lib/captureJob.mjs) demultiplexed, rewritten and indexed by
// `worker-logs summary <capture>`, beside `grep -c` of the same file; the same job with its records
// in other logging formats, kept by torchrun --log_dir and as Slurm task files (printed); and the
// discovery of a torchrun --log_dir run folder of 64 ranks x 3 attempts; a hostile capture of
// 5,000 ranks whose launcher's words end them between its lines (printed).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { pathToFileURL } from 'node:url';
import { RECORD_FORMATS, writeCapture, writeRotatedLogs, writeTaskFiles, writeTorchrunLogs, writeTorchrunRun } from './lib/captureJob.mjs';

const MIB = Number(process.env.BENCH_IMPORT_MIB ?? 256);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function timed(cmd, args) {
  const t = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, out: r.stdout, status: r.status, err: r.stderr, rssMB: Number(r.stderr.trim().split('\n').pop()) / 1024 };
}

export async function benchImport({ dir, repoRoot, core, check }) {
  const capture = path.join(dir, 'capture', 'train.out');
  fs.mkdirSync(path.dirname(capture), { recursive: true });
  const w = writeCapture(capture, { bytes: MIB * 2 ** 20, ranks: 16 });
  console.log(`\nOther launchers: a ${MIB} MiB capture of 16 ranks (${w.lines.toLocaleString()} lines, [rank<N>]: prefixes), worker-logs summary vs grep -c (3 alternating runs, medians)`);
  spawnSync('sync');
  spawnSync('cat', [capture], { stdio: ['ignore', 'ignore', 'ignore'] });
  const cli = path.join(repoRoot, 'dist', 'cli.js');
  const ours = [];
  const grep = [];
  const rss = [];
  for (let i = 0; i < 3; i++) {
    const g = timed('grep', ['-c', 'Traceback', capture]);
    grep.push(g.ms);
    const o = timed(process.execPath, [cli, 'summary', capture]);
    if (o.status !== 0) throw new Error(`worker-logs summary failed: ${o.err}`);
    ours.push(o.ms);
    rss.push(o.rssMB);
  }
  const ratio = median(ours) / median(grep);
  console.log(`  worker-logs summary: ${median(ours).toFixed(0)} ms (${(MIB / (median(ours) / 1000)).toFixed(0)} MiB/s, peak RSS ${median(rss).toFixed(0)} MB);  grep -c: ${median(grep).toFixed(0)} ms;  ratio ${ratio.toFixed(1)}x (target <= 2.5)`);
  check('demultiplex + index a 16-rank capture <= 2.5x grep -c', ratio <= 2.5, `${ratio.toFixed(1)}x`);

  // The same job logging in other formats: a fast path that only fits the format above shows here.
  const OTHER_MIB = Math.min(MIB, 64);
  console.log(`  the same job, its own records in other formats, then with other labels and text (${OTHER_MIB} MiB captures, 3 alternating runs, medians):`);
  // Then the first format again: its bars drawn with blocks and a quarter of its messages beyond
  // ASCII; torchrun on two nodes under `srun -l` (its tee labels inside srun's); MPICH's labels;
  // pdsh's hosts (DeepSpeed's launcher on several nodes); torchrun's prefix template of the rank
  // alone; SkyPilot's nodes; SkyPilot's job of one node, torchrun's tee labels inside its prefix;
  // kubectl's pods of a PyTorchJob, the kubelet's times after them; torch 2's console without --tee.
  const variants = [
    ...Object.keys(RECORD_FORMATS).map((format) => ({ what: format, options: { format } })),
    { what: 'beyond ASCII', options: { unicode: true }, note: "tqdm's █ bars, → µs ± in a quarter of the messages" },
    { what: 'srun+tee', options: { nodes: 2 }, note: '`1: [default3]:`, 2 nodes of 8' },
    { what: 'mpich', options: { mpich: true }, note: "MPICH's and Intel MPI's `[3] `" },
    { what: 'pdsh', options: { pdsh: true }, note: '`gpu-node03: `' },
    { what: 'rank alone', options: { rankAlone: true }, note: "torchrun's prefix template `[3]:`" },
    { what: 'skypilot', options: { skypilot: true }, note: "SkyPilot's nodes, `(worker3, rank=3, pid=2703, ip=10.0.0.3) `, coloured" },
    { what: 'sky 1 node', options: { skypilotTask: true }, note: "SkyPilot's job of one node, `(task, pid=4494) [default3]:`, coloured" },
    { what: 'no --tee', options: { untee: true }, note: "torch 2's console without --tee: every line unlabelled (the launcher's) but the failed rank's traceback at its end, `[rank8]: `; the others named by torchrun's stops" },
    { what: 'kubectl', options: { kubectl: true }, note: '`kubectl logs -f --prefix --timestamps` of a PyTorchJob, `[pod/train-worker-2/pytorch] 2026-11-30T09:00:00.123456789Z `, JavaScript (no lane), common records from bytes' },
  ];
  for (const { what, options, note } of variants) {
    const file = path.join(dir, 'capture-variant', 'train.out');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    writeCapture(file, { bytes: OTHER_MIB * 2 ** 20, ranks: 16, ...options });
    spawnSync('cat', [file], { stdio: ['ignore', 'ignore', 'ignore'] });
    const g = [];
    const o = [];
    for (let i = 0; i < 3; i++) {
      g.push(timed('grep', ['-c', 'Traceback', file]).ms);
      const r = timed(process.execPath, [cli, 'summary', file]);
      if (r.status !== 0 || !/^Job .*: 16 ranks/.test(r.out)) throw new Error(`worker-logs summary failed on the ${what} capture: ${r.err}${r.out.slice(0, 200)}`);
      o.push(r.ms);
    }
    console.log(`    ${what.padEnd(10)} worker-logs summary ${median(o).toFixed(0)} ms, grep -c ${median(g).toFixed(0)} ms: ${(median(o) / median(g)).toFixed(1)}x${note ? ` (${note})` : ''}`);
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }

  // The same job as rank files: worker-logs summary of the folder beside grep -r -c, 3 alternating runs.
  const folderRuns = (what, folder) => {
    const g = [];
    const o = [];
    const rss = [];
    for (let i = 0; i < 3; i++) {
      g.push(timed('grep', ['-r', '-c', 'Traceback', folder]).ms);
      const r = timed(process.execPath, [cli, 'summary', folder]);
      if (r.status !== 0 || !/^Job .*: 16 ranks/.test(r.out)) throw new Error(`worker-logs summary failed on ${what}: ${r.err}${r.out.slice(0, 200)}`);
      o.push(r.ms);
      rss.push(r.rssMB);
    }
    return `worker-logs summary ${median(o).toFixed(0)} ms (peak RSS ${median(rss).toFixed(0)} MB), grep -r -c ${median(g).toFixed(0)} ms: ${(median(o) / median(g)).toFixed(1)}x`;
  };
  // Kept by torchrun --log_dir: each rank's stderr.log and stdout.log, merged by time.
  const logs = writeTorchrunLogs(path.join(dir, 'torchrun-read'), { bytes: OTHER_MIB * 2 ** 20, ranks: 16 });
  console.log(`  the same job as a torchrun --log_dir (${OTHER_MIB} MiB in 16 ranks' stderr.log and stdout.log): ${folderRuns('the torchrun log folder', logs.run)}`);
  fs.rmSync(path.join(dir, 'torchrun-read'), { recursive: true, force: true });
  // As Slurm's per-task files: one file per rank, its streams together.
  const tasks = writeTaskFiles(path.join(dir, 'task-files'), { bytes: OTHER_MIB * 2 ** 20, ranks: 16 });
  console.log(`  the same job as Slurm task files (${OTHER_MIB} MiB in 16 files train_%j_%t.out): ${folderRuns('the task files', tasks.dir)}`);
  fs.rmSync(tasks.dir, { recursive: true, force: true });

  // Our module's records, each rank's log cut in 1 MiB parts by a RotatingFileHandler: read through
  // the import (each rank its parts one after another), beside the same logs whole (read as ours).
  const rotated = writeRotatedLogs(path.join(dir, 'rotated-logs'), { bytes: OTHER_MIB * 2 ** 20, ranks: 16, partBytes: 2 ** 20 });
  const parts = fs.readdirSync(rotated.dir).length;
  const whole = path.join(dir, 'rotated-whole');
  fs.mkdirSync(whole);
  for (let r = 0; r < 16; r++) {
    const names = fs.readdirSync(rotated.dir).filter((n) => n === `worker_${r}.log` || n.startsWith(`worker_${r}.log.`)).sort((a, b) => (b.split('.')[2] ?? 0) - (a.split('.')[2] ?? 0));
    fs.writeFileSync(path.join(whole, `worker_${r}.log`), Buffer.concat(names.map((n) => fs.readFileSync(path.join(rotated.dir, n)))));
  }
  console.log(`  the same job's own records cut in 1 MiB parts by a rotating handler (${OTHER_MIB} MiB in ${parts} files, worker_<N>.log.<k>): ${folderRuns('the rotated logs', rotated.dir)}`);
  console.log(`    the same logs whole (worker_<N>.log, read as ours): ${folderRuns('the whole logs', whole)}`);
  for (const d of [rotated.dir, whole]) fs.rmSync(d, { recursive: true, force: true });

  await bigJob({ dir, cli, core, mib: OTHER_MIB });

  const root = path.join(dir, 'torchrun-logs');
  writeTorchrunRun(root, { ranks: 64, attempts: 3 });
  const times = [];
  let found;
  for (let i = 0; i < 5; i++) {
    const t = process.hrtime.bigint();
    found = await core.findForeignJobs(root);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  const ranks = found[0]?.ranks.size ?? 0;
  console.log(`  discovery of a torchrun --log_dir of 64 ranks x 3 attempts (${ranks} ranks found): median ${median(times).toFixed(1)} ms over 5 (target <= 500)`);
  check('discovery of a torchrun log folder of 64 ranks x 3 attempts <= 500 ms', median(times) <= 500 && ranks === 64, `${median(times).toFixed(1)} ms`);

  // Hostile: launcher words that end ranks between the lines of a capture of many ranks (each
  // word, and each restart after torchrun's, must not look at every rank). Printed, no target.
  const hostile = path.join(dir, 'hostile', 'run.out');
  fs.mkdirSync(path.dirname(hostile), { recursive: true });
  const lines = [];
  for (let r = 0; r < 5000; r++) lines.push(`[rank${r}]:2026-11-30 09:00:00,000 INFO train: up`);
  for (let i = 0; i < 20000; i++) lines.push(`ERROR:torch.distributed.elastic.multiprocessing.api:failed (exitcode: 1) local_rank: 0 (pid: ${i}) of binary: x`, `[rank${i % 3}]:2026-11-30 09:00:01,000 INFO train: line ${i}`);
  for (let i = 0; i < 20000; i++) lines.push('mpirun noticed that process rank 1 with PID 0 on node n1 exited on signal 9 (Killed).', `[rank${i % 3}]:2026-11-30 09:00:02,000 INFO train: line ${i}`);
  // Slurm's words that ranks ended (each may start the next attempt; a cancellation is on every rank).
  for (let i = 0; i < 5000; i++) {
    lines.push(`srun: error: n1: task ${i % 3}: Exited with exit code 1`, `[rank${i % 3}]:2026-11-30 09:00:03,000 INFO train: line ${i}`);
    lines.push(`slurmstepd: error: *** JOB 7 ON n1 CANCELLED AT 2026-11-30T09:00:0${i % 10} DUE TO PREEMPTION ***`, `[rank${i % 5}]:2026-11-30 09:${String(i % 60).padStart(2, '0')}:04,000 INFO train: line ${i}`);
    // srun's word on every task there could be (`tasks 0-99999`), again and again.
    lines.push(`srun: error: n1: tasks 0-99999: Exited with exit code ${1 + (i % 200)}`);
  }
  fs.writeFileSync(hostile, lines.join('\n') + '\n');
  const h = timed(process.execPath, [cli, 'summary', hostile]);
  if (h.status !== 0) throw new Error(`worker-logs summary failed on the hostile capture: ${h.err}`);
  console.log(`  hostile: 5,000 ranks, torchrun's word on a failed rank before 20,000 lines, mpirun's before 20,000 more, srun's and Slurm's cancellation before 5,000 each, srun's on 'tasks 0-99999' 5,000 times (${(fs.statSync(hostile).size / 2 ** 20).toFixed(1)} MiB): worker-logs summary ${h.ms.toFixed(0)} ms, peak RSS ${h.rssMB.toFixed(0)} MB`);
  // A capture that names 200,000 ranks in one line each (9 MiB): read into its first 32,768
  // (MAX_CAPTURE_RANKS), the others' lines the launcher's; each rank read is a file and its state.
  const many = [];
  for (let r = 0; r < 200_000; r++) many.push(`[rank${r}]:2026-11-30 09:00:00,000 INFO train: up`);
  fs.writeFileSync(hostile, many.join('\n') + '\n');
  const m = timed(process.execPath, [cli, 'summary', hostile]);
  if (m.status !== 0 || !/^Job .*: 32768 ranks/.test(m.out)) throw new Error(`worker-logs summary failed on the capture of 200,000 ranks: ${m.err}${m.out.slice(0, 200)}`);
  console.log(`  hostile: a capture naming 200,000 ranks (${(fs.statSync(hostile).size / 2 ** 20).toFixed(1)} MiB; 32,768 read): worker-logs summary ${(m.ms / 1000).toFixed(1)} s, peak RSS ${m.rssMB.toFixed(0)} MB`);
  fs.rmSync(path.dirname(hostile), { recursive: true, force: true });
}

/**
 * A job of 1,024 ranks (128 nodes x 8), `mib` MiB each way (printed, no target): the summary of
 * its capture, its torchrun --log_dir and its task files (time, peak RSS); the editor's reading
 * again of the log folder once the job has ended (nothing new: what each look at it costs), and
 * the Job Log's first 200 rows of it (a window's reads, and a merge's read whole).
 */
async function bigJob({ dir, cli, core, mib }) {
  const ranks = 1024;
  const capture = path.join(dir, 'big-capture', 'train.out');
  fs.mkdirSync(path.dirname(capture), { recursive: true });
  writeCapture(capture, { bytes: mib * 2 ** 20, ranks });
  const logs = writeTorchrunLogs(path.join(dir, 'big-logs'), { bytes: mib * 2 ** 20, ranks });
  const tasks = writeTaskFiles(path.join(dir, 'big-tasks'), { bytes: mib * 2 ** 20, ranks });
  console.log(`  a job of ${ranks.toLocaleString()} ranks, ${mib} MiB each way (printed, no target; medians of 3):`);
  for (const [what, target] of [['srun -l capture', capture], ['torchrun --log_dir', logs.run], ['Slurm task files', tasks.dir]]) {
    const runs = [0, 1, 2].map(() => timed(process.execPath, [cli, 'summary', target]));
    if (runs.some((r) => r.status !== 0 || !new RegExp(`^Job .*: ${ranks} ranks`).test(r.out))) throw new Error(`worker-logs summary failed on the ${what} of ${ranks} ranks: ${runs[0].err}${runs[0].out.slice(0, 200)}`);
    console.log(`    ${what.padEnd(18)} worker-logs summary ${median(runs.map((r) => r.ms)).toFixed(0)} ms, peak RSS ${median(runs.map((r) => r.rssMB)).toFixed(0)} MB`);
  }
  // The editor's reading of the ended log folder again: nothing new in its 2,048 files.
  const [job] = await core.findForeignJobs(logs.run);
  const out = path.join(dir, 'big-import');
  const imp = new core.JobImport(job, out, { formats: core.BUILT_IN_FORMATS });
  await imp.update();
  const again = [];
  for (let i = 0; i < 10; i++) {
    const t = process.hrtime.bigint();
    await imp.update();
    again.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  console.log(`    the log folder read again, ended (as the editor does, every 2 s once quiet): ${median(again).toFixed(0)} ms a reading (median of 10)`);
  const sources = fs.readdirSync(out).filter((f) => /^worker_\d+\.log$/.test(f)).map((f) => ({ rank: Number(f.match(/\d+/)[0]), path: path.join(out, f) }));
  // (The collector asked to run before and after each, so what the merge holds is what it adds:
  // a few times, a turn of the event loop apart, for the imports' buffers before it are let go of
  // as their owners are collected; after one, the first figure read -121 MB.)
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc');
  const settled = async () => {
    for (let i = 0; i < 4; i++) {
      gc();
      await new Promise((resolve) => setImmediate(resolve));
    }
    return process.memoryUsage().arrayBuffers;
  };
  for (const window of [true, false]) {
    const before = await settled();
    const t = process.hrtime.bigint();
    const merger = new core.JobMerger(sources, { window });
    for (let n = 0; n < 200 && (await merger.next()); n++);
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    const held = ((await settled()) - before) / 2 ** 20;
    await merger.close();
    console.log(`    the Job Log's first 200 rows, ${window ? "a window's reads" : 'read as a whole merge'}: ${ms.toFixed(0)} ms, ${held.toFixed(0)} MB of buffers held`);
  }
  for (const d of [path.dirname(capture), path.join(dir, 'big-logs'), tasks.dir, out]) fs.rmSync(d, { recursive: true, force: true });
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
  execFileSync(process.execPath, [path.join(repoRoot, 'esbuild.mjs')], { stdio: 'ignore' });
  const esbuild = await import('esbuild');
  await esbuild.build({ entryPoints: [path.join(repoRoot, 'scripts', 'benchCore.ts')], bundle: true, platform: 'node', format: 'cjs', logLevel: 'warning', outfile: path.join(repoRoot, 'out', 'bench', 'benchCore.js') });
  const core = await import(path.join(repoRoot, 'out', 'bench', 'benchCore.js'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gwl-bench-import-'));
  const results = [];
  try {
    await benchImport({ dir, repoRoot, core, check: (name, ok, detail) => results.push({ name, ok, detail }) });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  for (const r of results) console.log(`  ${r.ok ? 'MET ' : 'MISS'}  ${r.name}: ${r.detail}`);
}
