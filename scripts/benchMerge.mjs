// Part of `npm run bench`: the Job Log headless beside lnav on the same files, 8 ranks of
// realistic logs. Counts of warnings and above (read from the ranks' indexes), and the full
// merge with a text filter (every record read and matched). lnav comes from Debian's package,
// installed here when root.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { writeBenchLog } from './lib/benchLog.mjs';
import { lnavInstalled } from './lib/systemPackages.mjs';

const RANKS = 8;
const MIB = Number(process.env.BENCH_MERGE_MIB ?? 16);

function timed(cmd, args) {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, out: r.stdout.trim(), err: r.stderr, status: r.status };
}

export async function benchMerge({ dir, repoRoot, check }) {
  const job = path.join(dir, 'merge-job');
  fs.mkdirSync(job);
  for (let r = 0; r < RANKS; r++) writeBenchLog(path.join(job, `worker_${r}.log`), { bytes: MIB * 2 ** 20, sessions: 3, rank: r, seed: r + 1 });
  const files = fs.readdirSync(job).map((f) => path.join(job, f));
  spawnSync('sync');
  spawnSync('cat', files, { stdio: ['ignore', 'ignore', 'ignore'] });
  console.log(`\nThe Job Log headless vs lnav: ${RANKS} ranks x ${MIB} MiB (3 alternating runs, medians)`);
  const lnav = lnavInstalled();
  const cli = path.join(repoRoot, 'dist', 'cli.js');
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const ours = [];
  const oursGrep = [];
  const theirs = [];
  let counts = {};
  for (let i = 0; i < 3; i++) {
    const a = timed(process.execPath, [cli, 'merge', job, '--level', 'warning', '--count']);
    ours.push(a.ms);
    const b = timed(process.execPath, [cli, 'merge', job, '--level', 'warning', '--grep', '.', '--count']);
    oursGrep.push(b.ms);
    counts = { ours: a.out, grep: b.out };
    if (lnav) {
      const c = timed('lnav', ['-n', '-c', ';SELECT count(*) FROM all_logs WHERE log_level >= "warning"', ...files]);
      theirs.push(c.ms);
      counts.lnav = c.out.split('\n').pop().trim();
    }
  }
  console.log(`  worker-logs merge --level warning --count: ${median(ours).toFixed(0)} ms (${counts.ours} records; from the indexes)`);
  console.log(`  the same through the full merge (--grep .): ${median(oursGrep).toFixed(0)} ms (${counts.grep} records)`);
  if (lnav) {
    const ratio = median(ours) / median(theirs);
    console.log(`  lnav -n -c 'SELECT count(*) ... >= "warning"': ${median(theirs).toFixed(0)} ms (${counts.lnav} records)`);
    console.log(`  ratio ours/lnav: ${ratio.toFixed(2)}x (target <= 0.2x); full merge ${(median(oursGrep) / median(theirs)).toFixed(2)}x`);
    check('merge --level warning --count <= 0.2x lnav', ratio <= 0.2 && counts.ours === counts.lnav, `${ratio.toFixed(2)}x, ${counts.ours} vs ${counts.lnav} records`);
  }
  fs.rmSync(job, { recursive: true, force: true });
}
