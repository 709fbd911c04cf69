// Part of `npm run bench`: a 128-node x 8-GPU job, 1,024 rank logs of 1 MB in one folder.
// Time from start to a complete tree model, and the chokidar watcher holding all of them.
import fs from 'node:fs';
import path from 'node:path';
import { writeBenchLog } from './lib/benchLog.mjs';

const RANKS = Number(process.env.BENCH_RANKS ?? 1024);

function openFds() {
  try {
    return fs.readdirSync('/proc/self/fd').length;
  } catch {
    return NaN;
  }
}

export async function benchTree({ dir, check, core }) {
  const { JobStore, LogWatcher } = core;
  const job = path.join(dir, 'job1024');
  fs.mkdirSync(job);
  console.log(`\nTree model for ${RANKS} rank logs of 1 MB in one folder`);
  const t0 = performance.now();
  const template = path.join(job, 'template.tmp');
  writeBenchLog(template, { bytes: 1024 * 1024, sessions: 3, rank: 0, seed: 7 });
  const text = fs.readFileSync(template, 'utf8');
  fs.unlinkSync(template);
  for (let r = 0; r < RANKS; r++) fs.writeFileSync(path.join(job, `worker_${r}.log`), r === 0 ? text : text.replaceAll(' - Worker 0 - ', ` - Worker ${r} - `));
  console.log(`  wrote ${RANKS} files in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const fdsBefore = openFds();
  const start = performance.now();
  const store = new JobStore();
  await store.setFolders([{ dir: job, label: 'job1024' }]);
  const model = store.model();
  const ms = performance.now() - start;
  const ranks = model[0].ranks.length;
  const sessions = model[0].ranks.reduce((n, r) => n + r.sessions.length, 0);
  console.log(`  start -> complete tree model: ${ms.toFixed(0)} ms (${ranks} ranks, ${sessions} sessions)   (target <= 3000 ms)`);
  check('tree model of 1,024 x 1 MB ranks <= 3 s', ms <= 3000 && ranks === RANKS, `${ms.toFixed(0)} ms, ${ranks} ranks`);

  let events = 0;
  let errors = 0;
  const watcher = new LogWatcher(
    (kind, p) => {
      events++;
      store.fileEvent(kind, p);
    },
    { onError: () => errors++ },
  );
  watcher.setFolders([job]);
  // chokidar is ready once it reports no more initial scanning; give it a moment by polling.
  const deadline = Date.now() + 20_000;
  const target = path.join(job, `worker_${RANKS - 1}.log`);
  while (Date.now() < deadline && events === 0) {
    fs.appendFileSync(target, `2026-02-05 10:00:00,000 - Worker ${RANKS - 1} - bench - ERROR - appended\n`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const fdsAfter = openFds();
  const seen = events > 0;
  await new Promise((r) => setTimeout(r, 400));
  const last = store.model()[0].ranks.find((r) => r.rank === RANKS - 1);
  console.log(`  watcher on the folder: ${seen ? 'sees appends' : 'saw NO events'}, ${errors} errors, open fds ${fdsBefore} -> ${fdsAfter}; rank ${RANKS - 1} now ${last?.state}`);
  check('watcher holds 1,024 files (events arrive, no errors, fds bounded)', seen && errors === 0 && fdsAfter - fdsBefore < 64, `${fdsAfter - fdsBefore} extra fds`);
  watcher.dispose();
  store.dispose();
  await benchManyRanks({ dir, check, core });
}

const MANY = Number(process.env.BENCH_MANY_RANKS ?? 20000);

/** A 2,048-node job's worth of small logs: 20,000 ranks x 64 KiB in one folder. */
async function benchManyRanks({ dir, check, core }) {
  const { JobStore } = core;
  const job = path.join(dir, `job${MANY}`);
  fs.mkdirSync(job);
  console.log(`\nTree model for ${MANY.toLocaleString()} rank logs of 64 KiB in one folder`);
  const t0 = performance.now();
  const template = path.join(dir, 'template64k.tmp');
  writeBenchLog(template, { bytes: 64 * 1024, sessions: 2, rank: 0, seed: 11 });
  const text = fs.readFileSync(template, 'utf8');
  for (let r = 0; r < MANY; r++) fs.writeFileSync(path.join(job, `worker_${r}.log`), text.replaceAll(' - Worker 0 - ', ` - Worker ${r} - `));
  console.log(`  wrote ${MANY.toLocaleString()} files in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  let firstRanksAt;
  const start = performance.now();
  const store = new JobStore({
    onProgress: (p) => {
      if (firstRanksAt === undefined && p.done > 0) firstRanksAt = performance.now() - start;
    },
  });
  await store.setFolders([{ dir: job, label: 'many' }]);
  const model = store.model();
  const ms = performance.now() - start;
  const ranks = model[0].ranks.length;
  console.log(`  start -> first ranks shown ${firstRanksAt?.toFixed(0)} ms; -> complete tree model ${ms.toFixed(0)} ms (${ranks.toLocaleString()} ranks)   (target <= 10000 ms)`);
  check(`tree model of ${MANY.toLocaleString()} x 64 KiB ranks <= 10 s`, ms <= 10_000 && ranks === MANY, `${ms.toFixed(0)} ms, ${ranks} ranks`);
  store.dispose();
  fs.rmSync(job, { recursive: true, force: true });
}
