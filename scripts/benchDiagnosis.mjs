// Part of `npm run bench`: the diagnosis. `worker-logs diagnose` on 512 ranks x 1 MB of realistic
// logs where rank 137 never reaches the collective the others time out in (target <= 2 s), and
// Dump Stacks on 8 local CPU ranks through the module: signal, wait, dumps read (target <= 3 s).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { writeBenchLog } from './lib/benchLog.mjs';

const RANKS = Number(process.env.BENCH_DIAGNOSE_RANKS ?? 512);
const MB = 1;
const STRAGGLER = 137;

export async function benchDiagnosis({ dir, repoRoot, core, check }) {
  const job = path.join(dir, 'diagnose-job');
  fs.mkdirSync(job);
  const template = path.join(dir, 'diagnose-template.log');
  writeBenchLog(template, { bytes: MB * 2 ** 20, sessions: 2, rank: 0, seed: 17 });
  const body = fs.readFileSync(template, 'utf8');
  for (let r = 0; r < RANKS; r++) {
    let text = body.replaceAll(' - Worker 0 - ', ` - Worker ${r} - `).replaceAll('worker_0.log', `worker_${r}.log`);
    if (r !== STRAGGLER) {
      text += `[rank${r}]:[E1130 10:40:00.000123 ${4000 + r} ProcessGroupNCCL.cpp:632] [PG ID 0 PG GUID 0(default_pg) Rank ${r}] Watchdog caught collective operation timeout: WorkNCCL(SeqNum=80078, OpType=ALLREDUCE, NumelIn=1, NumelOut=1, Timeout(ms)=600000) ran for 600041 milliseconds before timing out.\n`;
      text += `[rank${r}]:[E1130 10:40:00.000456 ${4000 + r} ProcessGroupNCCL.cpp:1664] [PG ID 0 PG GUID 0(default_pg) Rank ${r}] Exception (either an error or timeout) detected by watchdog at work: 80078, last enqueued NCCL work: 80078, last completed NCCL work: 80077.\n`;
    }
    fs.writeFileSync(path.join(job, `worker_${r}.log`), text);
  }
  spawnSync('cat', [job], { stdio: 'ignore' });
  const cli = path.join(repoRoot, 'dist', 'cli.js');
  console.log(`\nDiagnosis: worker-logs diagnose on ${RANKS} ranks x ${MB} MB (rank ${STRAGGLER} never reaches ALLREDUCE #80078; 3 runs, median)`);
  const runs = [];
  let out;
  for (let i = 0; i < 3; i++) {
    const t = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [cli, 'diagnose', job, '--json'], { encoding: 'utf8', maxBuffer: 256 * 2 ** 20 });
    runs.push(Number(process.hrtime.bigint() - t) / 1e6);
    out = r.status === 1 ? JSON.parse(r.stdout) : { error: r.stderr };
  }
  const median = [...runs].sort((a, b) => a - b)[1];
  const found = out.stragglers?.map((s) => s.rank).join(',');
  console.log(`  median ${median.toFixed(0)} ms (runs ${runs.map((x) => x.toFixed(0)).join(', ')}); stragglers found: [${found}]; headline: ${out.headline ?? out.error}   (target <= 2000 ms)`);
  check(`worker-logs diagnose on ${RANKS} ranks x 1 MB <= 2 s`, median <= 2000 && found === String(STRAGGLER), `${median.toFixed(0)} ms, stragglers [${found}]`);
  fs.rmSync(job, { recursive: true, force: true });

  // Dump Stacks round trip: 8 ranks of the module, blocked (one in a sleep, seven on a lock).
  const live = path.join(dir, 'dump-job');
  fs.mkdirSync(live);
  const script = path.join(live, 'block.py');
  fs.writeFileSync(script, 'import logging, os, threading, time\nlogging.getLogger("b").info("ready")\nif os.environ["RANK"] == "5":\n    time.sleep(600)\nlock = threading.Lock(); lock.acquire(); lock.acquire()\n');
  const procs = [];
  const env = { ...process.env, PYTHONPATH: path.join(repoRoot, 'python') };
  for (let r = 0; r < 8; r++) procs.push(spawn('python3', ['-m', 'worker_logging', 'run', '--rank', String(r), '--log-dir', live, '--', script], { env: { ...env, RANK: String(r) }, stdio: 'ignore' }));
  try {
    const deadline = Date.now() + 30_000;
    const ready = () => [...Array(8).keys()].every((r) => fs.existsSync(path.join(live, `worker_${r}.log`)) && fs.readFileSync(path.join(live, `worker_${r}.log`), 'utf8').includes('ready'));
    while (!ready() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const targets = [...Array(8).keys()].map((r) => ({ rank: r, path: path.join(live, `worker_${r}.log`), sessionStart: 0 }));
    const times = [];
    let groups = [];
    for (let i = 0; i < 3; i++) {
      const t = process.hrtime.bigint();
      const outcome = await core.requestStackDumps(targets);
      const scans = await Promise.all(targets.map((x) => core.scanRankLog(x.path, x.rank)));
      groups = core.latestStackGroups(scans).map((g) => g.ranks.join(','));
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
      if (outcome.answered.length !== 8) console.log(`  only ${outcome.answered.length} ranks answered: ${JSON.stringify(outcome.unanswered)}`);
    }
    const m = [...times].sort((a, b) => a - b)[1];
    console.log(`  Dump Stacks on 8 local CPU ranks: median ${m.toFixed(0)} ms (signal, wait for the dumps, read and group them; runs ${times.map((x) => x.toFixed(0)).join(', ')}); groups ${groups.map((g) => `{${g}}`).join(' ')}   (target <= 3000 ms)`);
    check('Dump Stacks round trip on 8 local ranks <= 3 s', m <= 3000 && groups.length === 2, `${m.toFixed(0)} ms`);
  } finally {
    for (const p of procs) p.kill('SIGKILL');
  }
}
