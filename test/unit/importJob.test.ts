import * as assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { indexFile } from '../../src/core/fileIndex';
import { JobImport } from '../../src/core/importJob';
import { captureStyleOf, DEFAULT_RANK_FILE_PATTERNS, findForeignJobs, ForeignJob, rankPattern, readErrorJson, readTaskFiles, readTorchrunNodes, relistJob } from '../../src/core/importLayouts';
import { globalRankIn } from '../../src/core/rankPrefixes';
import { headerLine, RankLineWriter } from '../../src/core/importLines';
import { launcherVerdict, LauncherVerdict, LauncherWords } from '../../src/core/launcherLines';
import { stoppedByOf, torchrunSummaryTimes } from '../../src/core/torchrunWords';
import { ImportedJobs, removeStaleImports } from '../../src/imports/importedJobs';
import { BUILT_IN_FORMATS, parseForeignLine } from '../../src/core/lineFormats';
import { compileUserFormats } from '../../src/core/userFormats';
import { summarizeJob } from '../../src/core/jobSummary';
import { orderTiedFailures } from '../../src/core/tiedFailures';
import { diagnoseJob } from '../../src/core/diagnosis';
import { scanRankLog } from '../../src/core/rankScan';
import { discoverRanks } from '../../src/core/rankDiscovery';
import { kubeletTimeOf, podFileJobs, podRankOf } from '../../src/core/kubernetes';
import { openMpiTagOf, rankPrefixOf } from '../../src/core/rankPrefixes';
import { tempDirs, writeFile } from '../support/tempFiles';
import { rng } from '../support/random';
import { parseAsctime } from '../../src/core/timestamps';
import { buildJobNode } from '../../src/core/workerTreeModel';
import { buildTimeline } from '../../src/core/timeline';
import { IMPORT_OPTIONS, READ_WAYS, summaryOf } from '../support/importHelpers';

const options = IMPORT_OPTIONS;

/** Every file an import wrote to `out`, each named, as one text. */
function writtenText(out: string): string {
  return fs.readdirSync(out).sort().map((f) => `== ${f}\n${fs.readFileSync(path.join(out, f), 'utf8')}`).join('');
}

/** `job` read the three ways (`READ_WAYS`) into folders of `root`, which must hold the same files; the lane's folder. */
async function readThreeWays(job: ForeignJob, root: string, what = ''): Promise<string> {
  const texts: string[] = [];
  for (const [name, way] of READ_WAYS) {
    const out = path.join(root, name);
    await new JobImport(job, out, way).readOnce();
    texts.push(writtenText(out));
  }
  assert.strictEqual(texts[1], texts[0], `${what}bytes vs lane`);
  assert.strictEqual(texts[2], texts[0], `${what}strings vs lane`);
  return path.join(root, 'lane');
}

// Folders the tests make, removed once they are done (each unit run left ~85, up to 12 MB each).
const tmp = tempDirs('gwl-import-');
const write = writeFile;

/** The other launchers' fixtures (test/fixtures/launchers). */
const FIXTURES = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'launchers');

/** `worker-logs <args>` of the built CLI. */
function cli(...args: string[]) {
  return spawnSync(process.execPath, [path.join(__dirname, '..', '..', '..', 'dist', 'cli.js'), ...args], { encoding: 'utf8' });
}

/** A capture of `lines` written to `file`, as the layouts find it. */
async function captureJob(file: string, lines: string[]): Promise<ForeignJob> {
  write(file, lines.join('\n') + '\n');
  const [job] = await findForeignJobs(path.dirname(file));
  assert.strictEqual(job?.kind, 'capture', file);
  return job;
}

/** The rank logs of `out`, indexed as the summary takes them. */
async function rankInputs(out: string) {
  const inputs = [];
  for (const f of await discoverRanks(out)) inputs.push({ rank: f.rank, index: await indexFile(f.path) });
  return inputs;
}

/** `job` read once into `out`: its import, and its rank logs' indexes (`rankInputs`). */
async function importedInputs(job: ForeignJob, out: string) {
  const imp = new JobImport(job, out, options);
  await imp.readOnce();
  return { imp, inputs: await rankInputs(out) };
}

/**
 * The fractions `readFraction` gives while `imp` first updates, sampled between its reads (a chunk
 * of 1 MiB each): each from 0 to 1, never going back, and none once done.
 */
async function fractionsOfFirstUpdate(imp: JobImport): Promise<number[]> {
  const seen: number[] = [];
  let done = false;
  const update = imp.update().finally(() => (done = true));
  while (!done) {
    const f = imp.readFraction();
    if (f !== undefined) seen.push(f);
    await new Promise((r) => setImmediate(r));
  }
  await update;
  assert.ok(seen.every((f, i) => f >= 0 && f <= 1 && (i === 0 || f >= seen[i - 1])), `fractions seen: ${seen.join(', ')}`);
  assert.strictEqual(imp.readFraction(), undefined);
  return seen;
}

/** A job of 2 ranks run twice (a requeue) read into `out`: 2 sessions each, rank 1's `message` in the second run the first failure. */
async function assertRunTwice(out: string, message: string, what = ''): Promise<void> {
  const s = await summaryOf(out);
  assert.deepStrictEqual(s.ranks.map((r) => [r.rank, r.sessions]), [[0, 2], [1, 2]], what);
  assert.strictEqual(s.attempts.length, 2, what);
  // The requeued run's failure is the job's latest; Slurm's cancellation is each rank's error of the first.
  assert.deepStrictEqual([s.firstFailure?.rank, s.firstFailure?.session, s.firstFailure?.record.message], [1, 1, message], what);
}

/** A torchrun `--log-dir` run folder (Debian's torch 1.13 wrote this layout): rank 1 fails in attempt 0, the restart succeeds. */
function torchrunRun(root: string): string {
  const run = path.join(root, 'none_gcw138t6');
  write(path.join(run, 'attempt_0/0/stderr.log'), '2026-11-30 19:33:59,703 INFO train: step 1 rank 0\n2026-11-30 19:33:59,703 WARNING root: a warning\n');
  write(path.join(run, 'attempt_0/0/stdout.log'), 'hello from 0\n');
  write(
    path.join(run, 'attempt_0/1/stderr.log'),
    "2026-11-30 19:33:59,704 INFO train: step 1 rank 1\nTraceback (most recent call last):\n  File \"/tmp/w.py\", line 10, in <module>\n    raise RuntimeError('boom on rank 1')\nRuntimeError: boom on rank 1\n",
  );
  write(path.join(run, 'attempt_0/1/error.json'), JSON.stringify({ message: { message: 'RuntimeError: boom on rank 1', extraInfo: { py_callstack: 'Traceback (most recent call last):\n  File "w.py", line 10\nRuntimeError: boom on rank 1\n', timestamp: '1796067240' } } }));
  write(path.join(run, 'attempt_1/0/stderr.log'), '2026-11-30 19:34:04,746 INFO train: step 1 rank 0 again\n');
  write(path.join(run, 'attempt_1/1/stderr.log'), '2026-11-30 19:34:04,745 INFO train: step 1 rank 1 again\n');
  return run;
}

describe('logs of other launchers, read as rank logs of our format', () => {
  it('a line that starts with a date and time is a record, whatever the logging format around the level', () => {
    const read = (line: string) => parseForeignLine(line, BUILT_IN_FORMATS, { year: 2026 });
    assert.deepStrictEqual(read('2026-11-30 19:33:59,703 INFO train: step 1'), { format: 'timestamped', time: Date.UTC(2026, 10, 30, 19, 33, 59, 703), level: 'INFO', logger: 'train', message: 'step 1' });
    assert.strictEqual(read('2026-11-30 19:33:59,703 - train.x - WARNING - a - b')?.message, 'a - b');
    assert.strictEqual(read('2026-11-30 19:33:59,703 - train.x - WARNING - a - b')?.logger, 'train.x');
    assert.strictEqual(read('[2026-11-30 19:33:59,703][train][ERROR] - boom')?.level, 'ERROR');
    assert.strictEqual(read('2026-11-30T19:33:59.703+01:00 | INFO | x')?.message, 'x');
    // A level word deep in the message is not the line's level.
    assert.strictEqual(read('2026-11-30 19:33:59 step 5 of the loop INFO x')?.level, undefined);
    assert.strictEqual(read('2026-13-30 19:33:59 bad month'), undefined);
  });

  it('a rank stream: records with time and level, a traceback as one ERROR record, prints as records of their stream, progress bars as their last state', () => {
    const w = new RankLineWriter(3, 'stderr', options);
    const out = [
      '2026-11-30 19:33:59,703 WARNING root: careful',
      '  indented detail',
      'hello',
      'Traceback (most recent call last):',
      '  File "x.py", line 1, in <module>',
      'ValueError: bad',
      'For debugging consider passing CUDA_LAUNCH_BLOCKING=1.',
      '2026-11-30 19:34:00,001 INFO train: after',
      '\x1b[32mdone\x1b[0m',
      ' 10%|#         | 1/10\r 50%|#####     | 5/10\r',
      '/x/y.py:12: UserWarning: deprecated',
    ].map((l) => w.line(l));
    assert.deepStrictEqual(out, [
      '2026-11-30 19:33:59,703 - Worker 3 - root - WARNING - careful',
      '  indented detail',
      'Worker 3 - stderr - INFO - hello',
      'Worker 3 - stderr - ERROR - Uncaught exception\nTraceback (most recent call last):',
      '  File "x.py", line 1, in <module>',
      'ValueError: bad',
      'For debugging consider passing CUDA_LAUNCH_BLOCKING=1.',
      '2026-11-30 19:34:00,001 - Worker 3 - train - INFO - after',
      'Worker 3 - stderr - INFO - done',
      'Worker 3 - stderr - INFO - 50%|#####     | 5/10',
      'Worker 3 - stderr - WARNING - /x/y.py:12: UserWarning: deprecated',
    ]);
    // CRLF (a Windows-side capture): the line break is not text.
    assert.strictEqual(w.line('2026-11-30 19:33:59,703 INFO train: crlf\r'), '2026-11-30 19:33:59,703 - Worker 3 - train - INFO - crlf');
    // Lines of our own format (a job using our module, captured) stay as they are.
    assert.strictEqual(w.line('2026-11-30 19:33:59,703 - Worker 3 - app - INFO - x'), '2026-11-30 19:33:59,703 - Worker 3 - app - INFO - x');
    // A logger name cannot break our header.
    assert.strictEqual(headerLine(3, undefined, 'a - b', 'INFO', 'x'), 'Worker 3 - a-b - INFO - x');
  });

  it('finds a torchrun run folder from its --log-dir, per-task files, and captures; a folder of slurm-<jobid>.out files is no job', async () => {
    const root = tmp();
    const run = torchrunRun(root);
    const jobs = await findForeignJobs(root);
    assert.deepStrictEqual(jobs.map((j) => [j.kind, j.source, [...j.ranks.keys()].sort()]), [['torchrun', run, [0, 1]]]);
    assert.deepStrictEqual(jobs[0].ranks.get(0)!.map((s) => [s.attempt, s.stream]), [[0, 'stderr'], [0, 'stdout'], [1, 'stderr']]);
    assert.deepStrictEqual((await findForeignJobs(run)).map((j) => j.source), [run]);

    const slurm = tmp();
    for (const r of [0, 1, 2]) write(path.join(slurm, `1234_${r}.out`), `task ${r}\n`);
    write(path.join(slurm, '1234_0.err'), 'oops\n');
    write(path.join(slurm, 'slurm-5678.out'), 'x\n');
    write(path.join(slurm, 'slurm-5679.out'), 'x\n');
    write(path.join(slurm, 'README.txt'), 'notes\n');
    write(path.join(slurm, 'capture.log'), ['0: a', '1: b', '0: c', 'srun: error: node1: task 1: Exited with exit code 1'].join('\n') + '\n');
    const found = await findForeignJobs(slurm);
    assert.deepStrictEqual(found.map((j) => [j.kind, j.name]), [['tasks', '1234_{rank}.{out,err}'], ['capture', 'capture.log']]);
    const tasks = found.find((j) => j.kind === 'tasks')!;
    assert.deepStrictEqual(tasks.ranks.get(0)!.map((s) => s.stream), ['stderr', 'stdout']);
    assert.deepStrictEqual(await readTaskFiles(slurm, ['train_{rank}.txt']), []);
    assert.strictEqual(rankPattern('no-placeholder.log'), undefined);
    assert.ok(rankPattern('*_{rank}.out')!.test('job.x_12.out'));
  });

  it("Open MPI's --output-filename folders: rank.<N> (zero-filled from 10 ranks) under the job id or not, stdout, stderr and stddiag merged; none without rank 0", async () => {
    const root = tmp();
    const ranks = (dir: string, names: string[], streams = ['stdout', 'stderr']) => {
      for (const n of names) for (const st of streams) write(path.join(dir, n, st), `2026-11-30 09:00:00,000 INFO train: ${n} ${st}\n`);
    };
    ranks(path.join(root, 'out', '1'), Array.from({ length: 11 }, (_, r) => `rank.${String(r).padStart(2, '0')}`));
    ranks(path.join(root, 'nojobid'), ['rank.0', 'rank.1'], ['stdout', 'stderr', 'stddiag']);
    ranks(path.join(root, 'norank0', '7'), ['rank.1', 'rank.2']);
    write(path.join(root, 'nojobid', 'rank.x', 'stdout'), 'not a rank\n');
    const [withId] = await findForeignJobs(path.join(root, 'out'));
    assert.deepStrictEqual([withId.kind, withId.source, withId.ranks.size], ['tasks', path.join(root, 'out', '1'), 11]);
    assert.deepStrictEqual(withId.ranks.get(10)!.map((s) => path.relative(root, s.path)), [path.join('out', '1', 'rank.10', 'stderr'), path.join('out', '1', 'rank.10', 'stdout')]);
    assert.deepStrictEqual((await findForeignJobs(path.join(root, 'out', '1'))).map((j) => j.source), [path.join(root, 'out', '1')]);
    const [plain] = await findForeignJobs(path.join(root, 'nojobid'));
    assert.deepStrictEqual(plain.ranks.get(0)!.map((s) => s.stream), ['stderr', 'stdout', 'stddiag']);
    assert.deepStrictEqual(await findForeignJobs(path.join(root, 'norank0')), []);
    // Read as any per-task files: the streams of a rank merged by time, and the editor finds the job again.
    const imp = new JobImport(plain, path.join(root, 'imp'), options);
    await imp.readOnce();
    assert.strictEqual(fs.readFileSync(path.join(root, 'imp', 'worker_1.log'), 'utf8').split('\n').length - 1, 3);
    assert.deepStrictEqual((await readTaskFiles(path.join(root, 'nojobid'), DEFAULT_RANK_FILE_PATTERNS)).map((j) => j.name), [plain.name]);
  });

  it("Open MPI's --output-filename files written with --tag-output and --timestamp-output: the tags come off (a frame's indent kept), their time is the lines', the traceback fails its rank, read the same three ways", async () => {
    const root = tmp();
    const dir = path.join(root, 'mpi', '1');
    // Open MPI tags each chunk it forwards: a print's text and its newline came apart (a real run's line).
    write(path.join(dir, 'rank.0', 'stdout'), 'Tue Dec  1 21:07:37 2026[1,0]<stdout>:rank 0 step 0Tue Dec  1 21:07:37 2026[1,0]<stdout>:\nTue Dec  1 21:07:38 2026[1,0]<stdout>:2026-12-01 21:07:38,500 INFO train: its own time\n');
    write(path.join(dir, 'rank.1', 'stdout'), 'Tue Dec  1 21:07:37 2026[1,1]<stdout>:rank 1 step 0\n');
    write(path.join(dir, 'rank.1', 'stderr'), ['Traceback (most recent call last):', '  File "ts.py", line 6, in <module>', 'RuntimeError: boom on rank 1'].map((l) => `Tue Dec  1 21:07:39 2026[1,1]<stderr>:${l}`).join('\n') + '\n');
    const [job] = await findForeignJobs(path.join(root, 'mpi'));
    assert.strictEqual(job?.name, 'rank.{rank}/std{out,err}');
    const out = await readThreeWays(job, root);
    assert.deepStrictEqual(fs.readFileSync(path.join(out, 'worker_1.log'), 'utf8').split('\n').slice(0, -1), [
      '2026-12-01 21:07:37,000 - Worker 1 - stdout - INFO - rank 1 step 0',
      '2026-12-01 21:07:39,000 - Worker 1 - stderr - ERROR - Uncaught exception',
      'Traceback (most recent call last):',
      '  File "ts.py", line 6, in <module>',
      'RuntimeError: boom on rank 1',
    ]);
    assert.match(fs.readFileSync(path.join(out, 'worker_0.log'), 'utf8'), /^2026-12-01 21:07:37,000 - Worker 0 - stdout - INFO - rank 0 step 0\n2026-12-01 21:07:38,500 - Worker 0 - train - INFO - its own time\n$/);
    const s = await summaryOf(out);
    assert.strictEqual(s.firstFailure?.rank, 1);
    assert.strictEqual(s.firstFailure?.record.time, parseAsctime('2026-12-01 21:07:39,000'));
    assert.strictEqual(s.approximateOrder, false);
    assert.deepStrictEqual(openMpiTagOf('Tue Dec  1 21:07:37 2026<stdout>:a <stdout>: b[1,0]<stderr>:cTue Dec  1 21:07:38 2026<stdout>:d'), { rest: 'a <stdout>: bcd', time: Date.UTC(2026, 11, 1, 21, 7, 37) });
    // A task file's line that happens to start like a tag keeps it: only Open MPI's own files are read so.
    write(path.join(root, 'tasks', '9_0.out'), '[1,0]<stdout>:kept\n');
    write(path.join(root, 'tasks', '9_1.out'), 'x\n');
    const [tasks] = await findForeignJobs(path.join(root, 'tasks'));
    await new JobImport(tasks, path.join(root, 'tasks-out'), options).readOnce();
    assert.match(fs.readFileSync(path.join(root, 'tasks-out', 'worker_0.log'), 'utf8'), /\[1,0\]<stdout>:kept/);
  });

  it("a console saved as .txt among a folder's text files is a capture; the rest are not, read once", async () => {
    const root = tmp();
    const names = Array.from({ length: 40 }, (_, i) => `sample-${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}.txt`);
    for (const n of names) write(path.join(root, n), `${'the quick brown fox\n'.repeat(4000)}`);
    write(path.join(root, 'console.txt'), ['[default0]:2026-11-30 09:00:00,000 INFO train: step 1', '[default1]:2026-11-30 09:00:00,100 INFO train: step 1'].join('\n') + '\n');
    const jobs = await findForeignJobs(root);
    assert.deepStrictEqual(jobs.map((j) => [j.kind, j.name]), [['capture', 'console.txt']]);
    // Each data file's head was read once, and what it told is kept (a file's first 64 KiB do not
    // change as it grows): labels written over a head in place are not seen by the next discovery.
    const fd = fs.openSync(path.join(root, names[0]), 'r+');
    fs.writeSync(fd, '[default0]:a\n[default1]:b\n[default0]:c\n', 0);
    fs.closeSync(fd);
    assert.deepStrictEqual((await findForeignJobs(root)).map((j) => j.name), ['console.txt']);
  });

  it("a capture whose ranks start after a preamble longer than its head (a Slurm script's pip install, nvidia-smi, a data preparation) is found, the preamble the launcher's; a plain log with a few labels is none; a text that becomes a capture as it grows is found then", async () => {
    const root = tmp();
    // pip's lines, nvidia-smi's table, an environment's dump: 300 KiB, then srun -l's ranks, which fail at once.
    const preamble: string[] = [];
    for (let i = 0; preamble.join('\n').length < 300 * 1024; i++) {
      preamble.push(`Collecting package-${i}==1.${i % 7}.0 (from -r requirements.txt (line ${i}))`, `  Downloading package_${i}-1.0-py3-none-any.whl (${i % 900} kB)`);
      if (i % 200 === 0) preamble.push('+-----------------------------------------------------------------------------+', '| NVIDIA-SMI 535.104.05   Driver Version: 535.104.05   CUDA Version: 12.2     |', 'GPU 0: NVIDIA A100-SXM4-80GB', `SLURM_JOB_ID=${i}`);
    }
    const ranks = ['0: 2026-11-30 09:00:00,000 INFO train: starting', '1: 2026-11-30 09:00:00,010 INFO train: starting', '1: 2026-11-30 09:00:02,000 ERROR train: shard missing', '1: Traceback (most recent call last):', '1:   File "train.py", line 9, in <module>', '1: FileNotFoundError: shard_7.tar', '0: 2026-11-30 09:00:03,000 INFO train: waiting', 'srun: error: node1: task 1: Exited with exit code 1'];
    write(path.join(root, 'srun', 'slurm-77.out'), [...preamble, ...ranks].join('\n') + '\n');
    const [job] = await findForeignJobs(path.join(root, 'srun'));
    assert.deepStrictEqual([job?.kind, job?.style], ['capture', 'srun']);
    const out = path.join(root, 'srun-out');
    await new JobImport(job, out, options).readOnce();
    const summary = await summaryOf(out);
    assert.deepStrictEqual([summary.ranks.length, summary.firstFailure?.rank], [2, 1]);
    assert.match(`${summary.firstFailure!.record.message} ${summary.firstFailure!.record.exception}`, /shard_7/);
    // torchrun's tee labels after the same preamble, a few ranks' lines only.
    write(path.join(root, 'tee', 'train.log'), [...preamble, '[default0]:ready', '[default1]:ready', '[default1]:Traceback (most recent call last):', '[default1]:ValueError: x'].join('\n') + '\n');
    assert.deepStrictEqual((await findForeignJobs(path.join(root, 'tee'))).map((j) => [j.kind, j.style]), [['capture', 'torchrun']]);
    // A plain log of 1 MiB: labels and `name1: ` lines here and there past its head are no capture
    // (in its head, two of torchrun's labels would be: they say what they are).
    const plain: string[] = [];
    for (let i = 0; plain.length < 20000; i++) plain.push(i > 2000 && i % 97 === 0 ? `[rank${i % 2}]: note ${i}` : i > 2000 && i % 51 === 0 ? `step${i}: loss 0.5` : `2026-11-30 09:00:00,000 INFO train: step ${i} loss 0.5 lr 1e-4`);
    write(path.join(root, 'plain', 'train.log'), plain.join('\n') + '\n');
    assert.deepStrictEqual(await findForeignJobs(path.join(root, 'plain')), []);
    // A job writing its preamble is none yet (nor as it writes more of it); once its ranks have
    // written their few lines (failing at once), it is found.
    const growing = path.join(root, 'live', 'slurm-78.out');
    write(growing, preamble.join('\n') + '\n');
    assert.deepStrictEqual(await findForeignJobs(path.dirname(growing)), []);
    fs.appendFileSync(growing, preamble.slice(0, 400).join('\n') + '\n');
    assert.deepStrictEqual(await findForeignJobs(path.dirname(growing)), []);
    fs.appendFileSync(growing, ranks.join('\n') + '\n');
    assert.deepStrictEqual((await findForeignJobs(path.dirname(growing))).map((j) => [j.kind, j.style]), [['capture', 'srun']]);
    // A file of 70 to 128 KiB whose first line fills its head (rank 0 prints its config on one line): its ranks' lines after it are found.
    for (const kib of [70, 100, 127]) {
      const config = `0: config: {${'"lr": 0.0001, '.repeat(Math.ceil((kib - 2) * 1024 / 14))}}`;
      write(path.join(root, `config-${kib}`, 'slurm-79.out'), [config, ...ranks].join('\n') + '\n');
      assert.deepStrictEqual((await findForeignJobs(path.join(root, `config-${kib}`))).map((j) => [j.kind, j.style]), [['capture', 'srun']], `${kib} KiB`);
    }
  });

  it("torch 2's console without --tee of a long run (its ranks' records unlabelled, only the failed rank's traceback under PyTorch's own label, at the end, then torchrun's words and summary) is a capture, found by that traceback: once it is written, not before", async () => {
    const root = tmp();
    const body = ['W1203 14:20:00.511000 7310 torch/distributed/run.py:793] Setting OMP_NUM_THREADS environment variable for each process to be 1 in default'];
    for (let i = 0; body.join('\n').length < 400 * 1024; i++) body.push(`12/03/2026 14:${String(21 + Math.floor(i / 400)).padStart(2, '0')}:${String(Math.floor(i / 7) % 60).padStart(2, '0')} - INFO - __main__ - step ${i} loss 0.${i % 97}`, ` ${i % 100}%|###       | ${i % 345}/345 [00:01<00:00, 3.2it/s]`);
    const failure = [
      '[rank1]: Traceback (most recent call last):',
      '[rank1]:   File "/app/train.py", line 160, in <module>',
      '[rank1]:     outputs = model(**batch)',
      '[rank1]: torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 1.50 GiB.',
      ...[7325, 7327].map((pid) => `W1203 15:40:31.802000 7310 torch/distributed/elastic/multiprocessing/api.py:897] Sending process ${pid} closing signal SIGTERM`),
      'E1203 15:40:32.460000 7310 torch/distributed/elastic/multiprocessing/api.py:869] failed (exitcode: 1) local_rank: 1 (pid: 7326) of binary: /usr/bin/python3',
      'Traceback (most recent call last):',
      '  File "/usr/local/bin/torchrun", line 8, in <module>',
      'torch.distributed.elastic.multiprocessing.errors.ChildFailedError: ',
      '============================================================',
      'train.py FAILED',
      ...Array.from({ length: 14 }, (_, i) => (i % 2 ? '------------------------------------------------------------' : `  field${i} : value`)),
    ];
    const file = path.join(root, 'console', 'train.out');
    write(file, body.join('\n') + '\n');
    assert.deepStrictEqual(await findForeignJobs(path.dirname(file)), []);
    fs.appendFileSync(file, failure.join('\n') + '\n');
    const [job] = await findForeignJobs(path.dirname(file));
    assert.deepStrictEqual([job?.kind, job?.style], ['capture', 'torchrun']);
    const out = await readThreeWays(job, root);
    const s = await summaryOf(out);
    assert.deepStrictEqual(s.ranks.map((r) => [r.rank, r.state]), [[0, 'finished'], [1, 'failed'], [2, 'finished']]);
    assert.deepStrictEqual([s.firstFailure?.rank, s.firstFailure?.record.exception], [1, 'torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 1.50 GiB.']);
    // Every rank ran since the job began (those torchrun stopped wrote nothing before its word on them).
    assert.deepStrictEqual(s.ranks.map((r) => r.lastSession?.firstTime), [0, 1, 2].map(() => parseAsctime('2026-12-03 14:20:00,511')));
    // A watchdog's timeout instead (its rank aborted: no traceback, lines of PyTorch's C++ log under its label).
    const watchdog = [
      '[rank0]:[E1203 15:40:21.891247234 ProcessGroupNCCL.cpp:632] [Rank 0] Watchdog caught collective operation timeout: WorkNCCL(SeqNum=5, OpType=ALLREDUCE, NumelIn=1, NumelOut=1, Timeout(ms)=600000) ran for 600012 milliseconds before timing out.',
      '[rank0]:[E1203 15:40:21.891350001 ProcessGroupNCCL.cpp:2168] [PG ID 0 PG GUID 0(default_pg) Rank 0]  failure detected by watchdog at work sequence id: 5 PG status: last enqueued work: 5, last completed work: 4',
      '[rank0]:[E1203 15:40:21.891380004 ProcessGroupNCCL.cpp:695] [Rank 0] To avoid data inconsistency, we are taking the entire process down.',
      'W1203 15:40:22.217000 7310 torch/distributed/elastic/multiprocessing/api.py:897] Sending process 7326 closing signal SIGTERM',
      'E1203 15:40:22.517000 7310 torch/distributed/elastic/multiprocessing/api.py:869] failed (exitcode: -6) local_rank: 0 (pid: 7325) of binary: /usr/bin/python3',
      ...failure.slice(7),
    ];
    write(path.join(root, 'watchdog', 'train.out'), [...body, ...watchdog].join('\n') + '\n');
    const [timedOut] = await findForeignJobs(path.join(root, 'watchdog'));
    const w = await summaryOf(await readThreeWays(timedOut, path.join(root, 'watchdog-out')));
    assert.deepStrictEqual(w.ranks.map((r) => [r.rank, r.state]), [[0, 'failed'], [1, 'finished']]);
    assert.match(w.firstFailure!.record.message, /^\[Rank 0\] Watchdog caught collective operation timeout/);
    // The same lines with a note that names a rank here and there, and no labelled traceback: none.
    write(path.join(root, 'plain', 'train.out'), [...body, '[rank1]: note 1', '[rank1]: note 2', '[rank1]: note 3', '[rank1]: note 4', ...failure.slice(4)].join('\n') + '\n');
    assert.deepStrictEqual(await findForeignJobs(path.join(root, 'plain')), []);
  });

  it("a capture without times: a rank's own error is the first failure, not the others' consequences of it (PyTorch's `NCCL communicator was aborted`, NCCL's `Connection closed by remote peer`) on ranks numbered before it", async () => {
    const root = tmp();
    const failing = (own: string, consequence: (rank: number) => string) => [
      ...[0, 1, 2, 3].map((r) => `${r}: INFO:train:step 1`),
      '2: Traceback (most recent call last):', '2:   File "train.py", line 20, in <module>', '2:     loss.backward()', `2: ${own}`,
      ...[0, 1].flatMap((r) => [`${r}: Traceback (most recent call last):`, `${r}:   File "train.py", line 18, in <module>`, `${r}:     dist.all_reduce(t)`, `${r}: ${consequence(r)}`]),
      'srun: error: node1: tasks 0-2: Exited with exit code 1',
    ];
    const cases: [string, string[]][] = [
      ['aborted', failing('RuntimeError: CUDA error: an illegal memory access was encountered', (r) => `torch.distributed.DistBackendError: NCCL communicator was aborted on rank ${r}. `)],
      ['remote peer', failing('ValueError: bad record in shard_000913.tar', () => 'torch.distributed.DistBackendError: NCCL error in: ../torch/csrc/distributed/c10d/ProcessGroupNCCL.cpp:1970, unhandled system error (run with NCCL_DEBUG=INFO for details), NCCL version 2.19.3 ncclSystemError: System call (e.g. socket, malloc) or external library call failed or device error. Last error: socketProgress: Connection closed by remote peer node1<53012>')],
    ];
    for (const [what, lines] of cases) {
      write(path.join(root, what, 'train.out'), lines.join('\n') + '\n');
      const [job] = await findForeignJobs(path.join(root, what));
      const out = path.join(root, `${what}-out`);
      await new JobImport(job, out, options).readOnce();
      const summary = await summaryOf(out);
      assert.deepStrictEqual([summary.firstFailure?.rank, summary.ranks.slice(0, 3).map((r) => r.state)], [2, ['failed', 'failed', 'failed']], what);
    }
  });

  it("a capture without times: of two ranks' own errors, the one the capture shows first is the first failure (not the lower rank), and the watchdog's timeout of PyTorch before 2.4 (`[E ProcessGroupNCCL.cpp:475]`) is an error, the others' consequence", async () => {
    const root = tmp();
    const lines = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'launchers', 'srun-l-untimed-c10-timeout.out'), 'utf8').split('\n');
    write(path.join(root, 'job', 'train.out'), lines.join('\n'));
    const [job] = await findForeignJobs(path.join(root, 'job'));
    const { imp, inputs } = await importedInputs(job, path.join(root, 'out'));
    const before = summarizeJob(inputs);
    // Rank 0's timeout is an error of its own format, but the others' consequence; ranks 1 and 3 tie on time.
    assert.deepStrictEqual(before.ranks.filter((r) => r.rank !== 2).map((r) => [r.rank, r.state, r.errors]), [[0, 'failed', 1], [1, 'failed', 2], [3, 'failed', 2]]);
    assert.strictEqual(before.ranks[0].warnings, 1);
    // Rank 0's timeout, timed, may come after the others' untimed tracebacks: looked up too.
    assert.deepStrictEqual([before.firstFailure?.rank, before.firstFailure?.tiedWith?.map((t) => t.rank)], [1, [0, 3]]);
    assert.strictEqual(await orderTiedFailures(before, inputs, (lines) => imp.sourcesOf(lines)), true);
    const after = summarizeJob(inputs);
    assert.deepStrictEqual([after.firstFailure?.rank, after.firstFailure?.tiedWith, after.firstFailure?.record.exception], [3, undefined, 'ValueError: corrupt shard 17']);
    assert.strictEqual((await imp.sourceOf(after.ranks[3].path, after.firstFailure!.record.line))?.line, lines.indexOf('3: Traceback (most recent call last):'));
  });

  it("srun -l: a rank quiet since it entered a collective, whose task srun says was killed after its word on another's exit, is not the first failure for its earlier last line: srun says a task ended when it does", async () => {
    const root = tmp();
    const lines = [1, 2, 3].flatMap((step) => [`0: 2026-12-07 09:00:0${step},000 INFO train: step ${step}`, `1: 2026-12-07 09:00:0${step},100 INFO train: step ${step}`]);
    lines.push('0: 2026-12-07 09:00:04,000 INFO train: entering all_reduce', ...[4, 5, 6, 7, 8].map((n) => `1: 2026-12-07 09:00:0${n},100 INFO data: loading shard ${n}`));
    lines.push('srun: error: n1: task 1: Exited with exit code 1', 'srun: error: n1: task 0: Segmentation fault (core dumped)');
    const job = await captureJob(path.join(root, 'job', 'train.out'), lines);
    const { imp, inputs } = await importedInputs(job, path.join(root, 'out'));
    // By the ranks' last times alone, rank 0 (quiet since 09:00:04) came first; rank 1 is named to be looked up.
    const before = summarizeJob(inputs);
    assert.deepStrictEqual([before.firstFailure?.rank, before.firstFailure?.tiedWith?.map((t) => t.rank)], [0, [1]]);
    assert.strictEqual(await orderTiedFailures(before, inputs, (l) => imp.sourcesOf(l)), true);
    const after = summarizeJob(inputs);
    assert.deepStrictEqual([after.firstFailure?.rank, after.firstFailure?.record.message], [1, 'srun: n1: Exited with exit code 1']);
    assert.deepStrictEqual(after.ranks.map((r) => [r.rank, r.state]), [[0, 'failed'], [1, 'failed']]);
    // The same job as Slurm's task files, srun's words in the batch output: ordered there.
    const tasks = path.join(root, 'tasks');
    for (const rank of [0, 1]) write(path.join(tasks, `train_7_${rank}.out`), lines.filter((l) => l.startsWith(`${rank}: `)).map((l) => l.slice(3)).join('\n') + '\n');
    write(path.join(tasks, 'slurm-7.out'), lines.filter((l) => l.startsWith('srun: ')).join('\n') + '\n');
    const [taskJob] = await findForeignJobs(tasks);
    assert.strictEqual(taskJob?.kind, 'tasks');
    const read = await importedInputs(taskJob, path.join(root, 'tasks-out'));
    assert.strictEqual(await orderTiedFailures(summarizeJob(read.inputs), read.inputs, (l) => read.imp.sourcesOf(l)), true);
    const first = summarizeJob(read.inputs).firstFailure;
    assert.deepStrictEqual([first?.rank, first?.record.message], [1, 'srun: n1: Exited with exit code 1']);
  });

  it("a job of prints under srun -l: its rank's traceback without a time, before PyTorch's timed watchdog timeout in the capture, is the first failure (its rank's last time, none, could not tell), and the diagnosis says it failed before the collective the others waited in", async () => {
    const root = tmp();
    const text = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'launchers', 'srun-l-lightning-prints-c10-timeout.out'), 'utf8');
    write(path.join(root, 'job', 'train.out'), text);
    const [job] = await findForeignJobs(path.join(root, 'job'));
    const out = path.join(root, 'out');
    const imp = new JobImport(job, out, options);
    await imp.readOnce();
    const files = await discoverRanks(out);
    const inputs = [];
    for (const f of files) inputs.push({ rank: f.rank, index: await indexFile(f.path) });
    // By times alone rank 0's timeout, the only timed failure, came first; rank 2's is named to be looked up.
    const before = summarizeJob(inputs);
    assert.deepStrictEqual([before.firstFailure?.rank, before.firstFailure?.tiedWith?.map((t) => t.rank)], [0, [2]]);
    assert.strictEqual(await orderTiedFailures(before, inputs, (lines) => imp.sourcesOf(lines)), true);
    const after = summarizeJob(inputs);
    assert.deepStrictEqual([after.firstFailure?.rank, after.firstFailure?.approximate, after.firstFailure?.record.exception], [2, true, 'RuntimeError: CUDA error: an illegal memory access was encountered']);
    assert.strictEqual((await imp.sourceOf(after.ranks[2].path, after.firstFailure!.record.line))?.line, text.split('\n').indexOf('2: Traceback (most recent call last):'));
    const scans = await Promise.all(files.map((f) => scanRankLog(f.path, f.rank)));
    const d = await diagnoseJob({ summary: after, scans });
    assert.match(d.headline, /^Rank 2 failed before ALLREDUCE #5 \(Uncaught exception \(RuntimeError: CUDA error: an illegal memory access was encountered\)\); 1 rank timed out waiting for it/);
    // As a straggler, rank 2 is read at its failure, not at Slurm's cancelling of the step after it.
    const evidence = d.stragglers.find((s) => s.rank === 2)?.evidence[0];
    assert.deepStrictEqual([evidence?.line, evidence?.text], [after.firstFailure!.record.line, 'failed: Uncaught exception (RuntimeError: CUDA error: an illegal memory access was encountered)']);
  });

  it('a capture is recognised by its prefixes; "3: " alone needs another rank, and rank 0 or labels right-aligned to one width', () => {
    assert.strictEqual(captureStyleOf('[default0]:a\n[default1]:b\nlauncher line\n'), 'torchrun');
    assert.strictEqual(captureStyleOf('[1,0]<stdout>:a\n[1,1]<stderr>:b\n'), 'openmpi');
    assert.strictEqual(captureStyleOf('0: a\n1: b\n'), 'srun');
    assert.strictEqual(captureStyleOf('3: a\n3: b\n'), undefined);
    // MPICH's and Intel MPI's `[3] `; a numbered list is none (no rank 0), nor glog's or DeepSpeed's brackets.
    assert.strictEqual(captureStyleOf('[0] a\n[1] b\n[0] c\n'), 'mpich');
    assert.strictEqual(captureStyleOf('[1] first\n[2] second\n[3] third\n'), undefined);
    assert.strictEqual(captureStyleOf('[W1130 09:12:33.123456 1 a.cpp:1] x\n[2026-11-30 09:12:33,123] [INFO] [a.py:1:f] y\n'), undefined);
    // Thousands of tasks: rank 0 may not be among the first lines; srun's labels are right-aligned to one width.
    assert.strictEqual(captureStyleOf(' 512: a\n2999: b\n  17: c\n1024: d\n'), 'srun');
    assert.strictEqual(captureStyleOf('512: a\n2999: b\n17: c\n1024: d\n'), undefined);
    assert.strictEqual(captureStyleOf(' 512: a\n2999: b\n 17: c\n1024: d\n'), undefined);
    assert.strictEqual(captureStyleOf(' 512: a\n2999: b\n'), undefined);
    assert.strictEqual(captureStyleOf('a\nb\nc\nd\n[rank0]:x\n'), undefined);
    // Ranks that log to files (our module) show only their warnings: one line of a rank beside torchrun's own is enough.
    const banner = 'WARNING:torch.distributed.run:\n*****\nSetting OMP_NUM_THREADS environment variable for each process to be 1 in default\n*****\n';
    assert.strictEqual(captureStyleOf(`${banner}[default0]:2026-11-30 09:00:00,000 - Worker 0 - run - WARNING - received SIGTERM\n`), 'torchrun');
    assert.strictEqual(captureStyleOf('E1130 09:00:01.000000 77 site-packages/torch/distributed/elastic/multiprocessing/api.py:869] failed (exitcode: -9) local_rank: 1\n[rank0]:x\n'), 'torchrun');
    assert.strictEqual(captureStyleOf('import torch.distributed as dist\n[rank0]:x\n'), undefined);
    assert.strictEqual(captureStyleOf(`${banner}0: x\n`), undefined);
    // A job that failed at once: a few lines of its ranks, then thirty of torchrun's traceback.
    const launcher = Array.from({ length: 30 }, (_, i) => `  File "/usr/lib/python3/dist-packages/torch/distributed/run.py", line ${i}, in main`).join('\n');
    assert.strictEqual(captureStyleOf(`[default0]:step 0\n[default1]:RuntimeError: boom\n${launcher}\n`), 'torchrun');
    assert.strictEqual(captureStyleOf(`[1,0]<stdout>:step 0\n[1,1]<stderr>:RuntimeError: boom\n${launcher}\n`), 'openmpi');
    assert.strictEqual(captureStyleOf(`0: step 0\n1: RuntimeError: boom\n${launcher}\n`), undefined);
  });

  it("torchrun given a role (--role trainer): its tee labels [trainer3]: are read as [default3]:, inside srun's prefixes too; a script's own [epoch3]: lines are no capture", async () => {
    const banner = 'WARNING:__main__:\n*****\nSetting OMP_NUM_THREADS environment variable for each process to be 1 in default\n*****\n';
    assert.strictEqual(captureStyleOf(`${banner}[trainer0]:2026-11-30 09:00:00,000 WARNING train: slow step\n`), 'torchrun');
    assert.strictEqual(captureStyleOf(`${banner}[trainer1]:a\n[trainer0]:b\n`), 'torchrun');
    // A script's counter beside torchrun's own lines (no --tee) is no role.
    assert.strictEqual(captureStyleOf(`${banner}[epoch1]: loss 0.9\n[epoch2]: loss 0.5\n[epoch3]: loss 0.4\n`), undefined);
    assert.strictEqual(captureStyleOf(`${banner}[epoch3]: loss 0.4\n`), undefined);
    // Without torchrun's own lines, a role's labels name two ranks whose lines interleave.
    assert.strictEqual(captureStyleOf('[trainer0]:a\n[trainer1]:b\n[trainer0]:c\n[trainer1]:d\n[trainer0]:e\n'), 'torchrun');
    assert.strictEqual(captureStyleOf('[epoch1]: loss 0.9\n[epoch2]: loss 0.5\n[epoch3]: loss 0.4\n[epoch4]: loss 0.3\n'), undefined);
    assert.strictEqual(captureStyleOf('[epoch1]: loss 0.9\n[epoch1]: acc 0.2\n[epoch2]: loss 0.5\n[epoch2]: acc 0.4\n'), undefined);
    const root = tmp();
    // A role starting as `rank` and `default` do; a partial line cut by another rank's label; a
    // line of another role's shape is the launcher's.
    const job = await captureJob(path.join(root, 'logs', 'train.out'), [
      banner.trimEnd(),
      '[ranker0]:2026-11-30 09:00:00,000 INFO train: step 1',
      '[ranker1]:2026-11-30 09:00:00,010 INFO train: step 1',
      '[ranker0]:2026-11-30 09:00:01,000 INFO train: loss 0.5[ranker1]:2026-11-30 09:00:01,010 INFO train: step 2',
      '[ranker0]: and more',
      '[reader0]:a line of the launcher',
      '[ranker1]:Traceback (most recent call last):',
      '[ranker1]:  File "t.py", line 3, in <module>',
      '[ranker1]:RuntimeError: boom on rank 1',
      '[ranker0]:2026-11-30 09:00:02,000 INFO train: step 2',
    ]);
    assert.strictEqual(job.role, 'ranker');
    const out = await readThreeWays(job, path.join(root, 'imp'));
    const worker0 = fs.readFileSync(path.join(out, 'worker_0.log'), 'utf8');
    assert.match(worker0, /train - INFO - loss 0\.5 and more\n/);
    assert.doesNotMatch(worker0 + fs.readFileSync(path.join(out, 'worker_1.log'), 'utf8'), /reader0/);
    const summary = await summaryOf(out);
    assert.strictEqual(summary.firstFailure?.rank, 1);
    assert.match(summary.firstFailure?.record.exception ?? '', /boom on rank 1/);
    // Under srun -l, one torchrun per node: the labels are local ranks of each task.
    const nested = await captureJob(path.join(root, 'srun', 'train.out'), [
      '0: [trainer0]:2026-11-30 09:00:00,000 INFO train: step 1',
      '0: [trainer1]:2026-11-30 09:00:00,000 INFO train: step 1',
      '1: [trainer0]:2026-11-30 09:00:00,000 INFO train: step 1',
      '1: [trainer1]:2026-11-30 09:00:00,000 INFO train: step 1',
      '0: [trainer0]:2026-11-30 09:00:01,000 INFO train: step 2',
      '1: [trainer1]:RuntimeError: boom on rank 3',
    ]);
    assert.deepStrictEqual([nested.style, nested.teeWidth, nested.role], ['srun', 2, 'trainer']);
    const nestedOut = path.join(root, 'srun-out');
    await new JobImport(nested, nestedOut, options).readOnce();
    assert.deepStrictEqual(fs.readdirSync(nestedOut).filter((f) => f.startsWith('worker_')).sort(), ['worker_0.log', 'worker_1.log', 'worker_2.log', 'worker_3.log']);
    assert.match(fs.readFileSync(path.join(nestedOut, 'worker_3.log'), 'utf8'), /boom on rank 3/);
  });

  it("torchrun's prefix template of the rank alone (`--log-line-prefix-template '[${rank}]:'`, the example of its documentation): `[3]:` labels are ranks, global ones inside srun's labels; a numbered list is no capture", async () => {
    const banner = 'WARNING:__main__:\n*****\nSetting OMP_NUM_THREADS environment variable for each process to be 1 in default\n*****\n';
    assert.strictEqual(captureStyleOf(`${banner}[1]:a\n[0]:b\n`), 'torchrun');
    assert.strictEqual(captureStyleOf('[0]:a\n[1]:b\n[0]:c\n[1]:d\n[0]:e\n'), 'torchrun');
    // A list numbered in order, beside torchrun's lines or not, is no role's.
    assert.strictEqual(captureStyleOf('[1]: first\n[2]: second\n[3]: third\n[4]: fourth\n'), undefined);
    assert.strictEqual(captureStyleOf(`${banner}[1]: first\n[2]: second\n`), undefined);
    // MPICH's `[3] ` and horovodrun's `[3]<stdout>:` stay theirs.
    assert.strictEqual(captureStyleOf('[0] a\n[1] b\n[0] c\n[1] d\n'), 'mpich');
    assert.strictEqual(captureStyleOf('[0]<stdout>:a\n[1]<stdout>:b\n[0]<stdout>:c\n[1]<stdout>:d\n'), 'openmpi');
    const root = tmp();
    const job = await captureJob(path.join(root, 'logs', 'train.out'), [
      banner.trimEnd(),
      '[0]:2026-12-04 09:00:00,100 INFO train: starting',
      '[1]:2026-12-04 09:00:00,101 INFO train: starting',
      '[0]:2026-12-04 09:00:01,100 INFO train: x.shape[0]: 32 [1]:not a label inside a line',
      '[1]:Traceback (most recent call last):',
      '[1]:  File "train.py", line 10, in <module>',
      '[1]:RuntimeError: CUDA error: an illegal memory access was encountered',
      '[0]:2026-12-04 09:00:02,100 INFO train: step 2',
      'E1204 09:00:05.123000 140 torch/distributed/elastic/multiprocessing/api.py:826] failed (exitcode: 1) local_rank: 1 (pid: 4242) of binary: /usr/bin/python3',
    ]);
    assert.deepStrictEqual([job.style, job.role], ['torchrun', '']);
    const out = await readThreeWays(job, path.join(root, 'imp'));
    assert.match(fs.readFileSync(path.join(out, 'worker_0.log'), 'utf8'), /train - INFO - x\.shape\[0\]: 32 \[1\]:not a label inside a line\n/);
    const summary = await summaryOf(out);
    assert.strictEqual(summary.firstFailure?.rank, 1);
    assert.match(summary.firstFailure?.record.exception ?? '', /illegal memory access/);
    assert.deepStrictEqual(summary.ranks.map((r) => r.rank), [0, 1]);
    // Under srun -l on two nodes, the labels are global ranks (not local ones as torchrun's
    // `[default1]:`): rank 3 is task 1's; its torchrun's `local_rank: 1` is rank 3 too.
    const lines: string[] = [];
    for (const step of [1, 2]) for (const rank of [0, 1, 2, 3]) lines.push(`${rank >> 1}: [${rank}]:2026-12-04 09:00:0${step},${rank}00 INFO train: step ${step}`);
    lines.push('1: [3]:Traceback (most recent call last):', '1: [3]:RuntimeError: boom on rank 3');
    lines.push('1: E1204 09:00:05.000000 140 torch/distributed/elastic/multiprocessing/api.py:826] failed (exitcode: 1) local_rank: 1 (pid: 4242) of binary: /usr/bin/python3', '1: [1]:', 'srun: error: node2: task 1: Exited with exit code 1');
    const nested = await captureJob(path.join(root, 'srun', 'train.out'), lines);
    assert.deepStrictEqual([nested.style, nested.teeWidth, nested.role], ['srun', 2, '']);
    const nestedOut = await readThreeWays(nested, path.join(root, 'srun-imp'));
    const nestedSummary = await summaryOf(nestedOut);
    assert.deepStrictEqual(nestedSummary.ranks.map((r) => [r.rank, r.state === 'failed']), [[0, false], [1, false], [2, false], [3, true]]);
    assert.match(nestedSummary.firstFailure?.record.exception ?? '', /boom on rank 3/);
    const named = new JobImport(nested, path.join(root, 'srun-named'), options);
    await named.readOnce();
    assert.deepStrictEqual([0, 3].map((r) => named.rankName(r)), ['task 0 local 0', 'task 1 local 1']);
  });

  it('pdsh: each host is a rank, in natural order (node2 before node10), named in its records; pdsh\'s own lines are the launcher\'s; a config dump is no capture', async () => {
    assert.strictEqual(captureStyleOf('node10: a\nnode2: b\nnode10: c\n'), 'pdsh');
    assert.strictEqual(captureStyleOf('layer1: 64\nlayer2: 128\nlayer3: 256\n'), undefined);
    assert.strictEqual(captureStyleOf('epoch: 1\nloss: 0.5\nepoch: 2\n'), undefined);
    assert.strictEqual(captureStyleOf('[rank0]:a\n[rank1]:b\nnode1: x\n'), 'torchrun');
    const root = tmp();
    const job = await captureJob(
      path.join(root, 'logs', 'pdsh.out'),
      [
        'node10: 2026-11-30 10:00:00,000 INFO train: step 1',
        'node2: 2026-11-30 10:00:00,100 INFO train: step 1',
        'gpu-a100-1: hello from a print',
        'node10: Traceback (most recent call last):',
        'node10:   File "t.py", line 3, in <module>',
        'node10: RuntimeError: boom on node10',
        'pdsh@login1: node10: ssh exited with exit code 1',
        'node2: 2026-11-30 10:00:01,000 INFO train: step 2',
      ],
    );
    assert.strictEqual(job?.style, 'pdsh');
    assert.deepStrictEqual(job.hosts, ['gpu-a100-1', 'node2', 'node10']);
    const imp = new JobImport(job, path.join(root, 'out'), options);
    await imp.update();
    const read = (n: string) => fs.readFileSync(path.join(root, 'out', n), 'utf8');
    assert.strictEqual(read('worker_0.log'), 'Worker 0 - gpu-a100-1 - INFO - hello from a print\n');
    assert.strictEqual(read('worker_1.log'), '2026-11-30 10:00:00,100 - Worker 1 - train - INFO - step 1\n2026-11-30 10:00:01,000 - Worker 1 - train - INFO - step 2\n');
    assert.match(read('worker_2.log'), /^2026-11-30 10:00:00,000 - Worker 2 - train - INFO - step 1\n2026-11-30 10:00:00,101 - Worker 2 - launcher - INFO - rank 2's traceback comes after the capture's line of 2026-11-30 10:00:00\.100 \(its latest time before it\)\nWorker 2 - node10 - ERROR - Uncaught exception\nTraceback/);
    assert.strictEqual(read('launcher.log'), 'pdsh@login1: node10: ssh exited with exit code 1\n');
    assert.deepStrictEqual([0, 1, 2].map((r) => imp.rankName(r)), ['gpu-a100-1', 'node2', 'node10']);
    const s = await summaryOf(path.join(root, 'out'));
    assert.strictEqual(s.firstFailure?.rank, 2);
    // pdsh's word on a host fails its rank: node10's after its traceback, node2's on its own.
    assert.match(read('worker_2.log'), /Worker 2 - launcher - ERROR - pdsh: node10: ssh exited with exit code 1\n$/);
    fs.appendFileSync(path.join(root, 'logs', 'pdsh.out'), 'pdsh@login1: node2: ssh exited with exit code 137\n');
    await imp.update();
    assert.strictEqual((await summaryOf(path.join(root, 'out'))).ranks.find((r) => r.rank === 1)?.state, 'failed');
    assert.deepStrictEqual(await imp.sourceOf(path.join(root, 'out', 'worker_2.log'), 1), { path: path.join(root, 'logs', 'pdsh.out'), line: 3 });
  });

  it("torch 2's console without --tee (only the failed rank's traceback labelled): the ranks torchrun stopped by process id are ranks, stopped; the traceback is dated after the capture's last timed line before it, past untimed lines; its line is found again in a lookup that mixes the launcher's words on ranks with ranks' lines", async () => {
    const root = tmp();
    const said = (pid: number) => `W1203 14:20:31.802000 7310 torch/distributed/elastic/multiprocessing/api.py:897] Sending process ${pid} closing signal SIGTERM`;
    const lines = [
      '12/03/2026 14:20:06 - INFO - __main__ - Distributed environment: MULTI_GPU  Backend: nccl',
      ...Array.from({ length: 70 }, (_, i) => `Process index: ${i % 4}`),
      '12/03/2026 14:20:19 - INFO - __main__ - epoch 0: accuracy 0.684',
      '  0%|          | 0/345 [00:00<?, ?it/s]',
      '',
      '[rank2]: Traceback (most recent call last):',
      '[rank2]:   File "/app/nlp_example.py", line 160, in training_function',
      '[rank2]: torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 1.50 GiB.',
      said(7325),
      said(7326),
      said(7328),
      'E1203 14:20:32.460000 7310 torch/distributed/elastic/multiprocessing/api.py:869] failed (exitcode: 1) local_rank: 2 (pid: 7327) of binary: /usr/bin/python3',
    ];
    const job = await captureJob(path.join(root, 'logs', 'accelerate.out'), lines);
    const out = await readThreeWays(job, root);
    const s = await summaryOf(out);
    assert.deepStrictEqual(s.ranks.map((r) => [r.rank, r.state, r.stoppedBy]), [
      [0, 'finished', 'stopped by torchrun (SIGTERM)'],
      [1, 'finished', 'stopped by torchrun (SIGTERM)'],
      [2, 'failed', undefined],
      [3, 'finished', 'stopped by torchrun (SIGTERM)'],
    ]);
    const failure = s.firstFailure!;
    assert.strictEqual(failure.rank, 2);
    assert.strictEqual(failure.record.time, parseAsctime('2026-12-03 14:20:19,001'));
    const imp = new JobImport(job, path.join(root, 'again'), options);
    await imp.readOnce();
    const again = await summaryOf(path.join(root, 'again'));
    // Rank 0's first line (torchrun's word, written as it is) asked first, then rank 2's traceback.
    const [stop, traceback] = await imp.sourcesOf([
      { file: again.ranks[0].path, line: 0 },
      { file: again.ranks[2].path, line: failure.record.line },
    ], { withText: true });
    assert.deepStrictEqual([stop?.line, stop?.text], [80, lines[80]]);
    assert.deepStrictEqual([traceback?.line, traceback?.text], [74, lines[74]]);
    // Its lines without a label hold the ranks' records: the Job Log and the CLI say so (launcherNote.ts).
    assert.strictEqual(job.ownLabelsOnly, true);
    assert.deepStrictEqual(imp.launcherLinesFacts(), { lines: 78, ownLabelsOnly: true });
  });

  it("torch 2's console without --tee of a job torchrun restarted: a record after its word on the failed rank, before torchrun's own traceback, starts every rank's next session; after that traceback (torchrun exited: a script's next command) it does not", async () => {
    const root = tmp();
    const head = ['W1206 09:00:00.100000 5000 torch/distributed/run.py:793] *****', '2026-12-06 09:00:01,100 INFO train: step 1', '2026-12-06 09:00:01,101 INFO train: step 1'];
    const failed = [
      '[rank1]: Traceback (most recent call last):',
      '[rank1]:   File "train.py", line 9, in <module>',
      '[rank1]: RuntimeError: NCCL error: unhandled system error',
      'W1206 09:00:05.500000 5000 torch/distributed/elastic/multiprocessing/api.py:897] Sending process 5001 closing signal SIGTERM',
      'E1206 09:00:06.000000 5000 torch/distributed/elastic/multiprocessing/api.py:869] failed (exitcode: 1) local_rank: 1 (pid: 5002) of binary: /usr/bin/python3',
    ];
    const rerun = ['2026-12-06 09:00:11,100 INFO train: step 1', '2026-12-06 09:00:20,000 INFO train: training done'];
    // (Written an hour ago: the job is over, its ranks not running.)
    const aged = async (file: string, lines: string[]): Promise<ForeignJob> => {
      const job = await captureJob(file, lines);
      const hourAgo = new Date(Date.now() - 3600_000);
      fs.utimesSync(file, hourAgo, hourAgo);
      return job;
    };
    const restarted = await summaryOf(await readThreeWays(await aged(path.join(root, 'restart', 'train.out'), [...head, ...failed, ...rerun]), path.join(root, 'r')));
    assert.strictEqual(restarted.attempts.length, 2);
    assert.deepStrictEqual(restarted.ranks.map((r) => [r.rank, r.sessions, r.state]), [[0, 2, 'finished'], [1, 2, 'finished']]);
    assert.strictEqual(restarted.firstFailure?.rank, 1);
    const resumed = fs.readFileSync(restarted.ranks[0].path, 'utf8');
    assert.match(resumed, /=== Resume at 2026-12-06T09:00:11\.100 ===\n.* - launcher - INFO - torchrun restarted the worker group: in a console without --tee, the records of this attempt name no rank \(the Launcher's lines\)\n$/);
    // torchrun exited (its traceback, its ChildFailedError summary): a later record is another command's.
    const exited = ['Traceback (most recent call last):', '  File "/usr/local/bin/torchrun", line 8, in <module>', 'torch.distributed.elastic.multiprocessing.errors.ChildFailedError: ', '============================================================'];
    const over = await summaryOf(await readThreeWays(await aged(path.join(root, 'over', 'train.out'), [...head, ...failed, ...exited, '2026-12-06 09:00:30,000 INFO eval: start']), path.join(root, 'o')));
    assert.strictEqual(over.attempts.length, 1);
    assert.deepStrictEqual(over.ranks.map((r) => [r.rank, r.sessions, r.state]), [[0, 1, 'finished'], [1, 1, 'failed']]);
    // Slurm's timed word between torchrun's and its traceback (the job's time limit) is no record of the ranks'.
    const cancelled = ['slurmstepd: error: *** STEP 7.0 ON gpu-node-1 CANCELLED AT 2026-12-06T09:00:07 DUE TO TIME LIMIT ***', ...exited];
    const limit = await summaryOf(await readThreeWays(await aged(path.join(root, 'limit', 'train.out'), [...head, ...failed, ...cancelled]), path.join(root, 'l')));
    assert.deepStrictEqual([limit.attempts.length, limit.ranks.find((r) => r.rank === 1)?.state], [1, 'failed']);
  });

  it("tells torch 2's console without --tee (PyTorch's own labels only) from one with it (torchrun's tee labels, PyTorch's inside them, or the role `rank`'s)", async () => {
    const root = tmp();
    const own = ['W1203 14:20:00.511000 7310 torch/distributed/run.py:793] *****', 'epoch 0', '[rank1]: Traceback (most recent call last):', '[rank1]: RuntimeError: boom', '[rank0]:[E922 19:01:21.891247234 ProcessGroupNCCL.cpp:632] [Rank 0] Watchdog caught collective operation timeout'];
    const tee = ['[default0]:2026-12-02 07:10:04,511 INFO train: up', '[default1]:[rank1]: Traceback (most recent call last):', '[default1]:[rank1]: RuntimeError: boom'];
    const roleRank = ['[rank0]:2026-12-02 07:10:04,511 INFO train: up', '[rank1]:2026-12-02 07:10:04,512 INFO train: up', '[rank1]:[rank1]: Traceback (most recent call last):'];
    const flags = await Promise.all([own, tee, roleRank].map(async (lines, i) => (await captureJob(path.join(root, String(i), 'run.out'), lines)).ownLabelsOnly));
    assert.deepStrictEqual(flags, [true, undefined, undefined]);
  });

  it("torchrun's console of which no line is labelled is a job of its own only in a folder of no other: beside a --log-dir, our rank files or a labelled stream, it is their console", async () => {
    const root = tmp();
    const console = fs.readFileSync(path.join(FIXTURES, 'torchrun-1.13-no-tee-sigkill.out'), 'utf8');
    // Alone: a job, its ranks from torchrun's words.
    writeFile(path.join(root, 'alone', 'console.txt'), console);
    const alone = await findForeignJobs(path.join(root, 'alone'));
    assert.deepStrictEqual(alone.map((j) => [j.name, j.style, j.noLabels]), [['console.txt', 'torchrun', true]]);
    // Two torchruns' (plain srun on two nodes), the second's summary beyond the head: no job (their local ranks are not one node's).
    const filler = Array.from({ length: 2000 }, (_, i) => `2026-12-06 20:26:13,917 INFO train: step ${i} ${'x'.repeat(40)}`);
    writeFile(path.join(root, 'two', 'console.txt'), [console, ...filler, console.replace(/host {6}: localhost/, 'host      : gpu-node04')].join('\n'));
    assert.deepStrictEqual(await findForeignJobs(path.join(root, 'two')), []);
    // Growing (the editor's discoveries, its head read once): no job until torchrun's word is written, past the head's 64 KiB.
    const records = Array.from({ length: 3000 }, (_, i) => `2026-12-06 20:26:13,917 INFO train: step ${i} loss 2.1`).join('\n') + '\n';
    writeFile(path.join(root, 'growing', 'console.txt'), records);
    assert.deepStrictEqual(await findForeignJobs(path.join(root, 'growing')), []);
    fs.appendFileSync(path.join(root, 'growing', 'console.txt'), records + console.slice(console.indexOf('WARNING:torch.distributed.elastic')));
    assert.deepStrictEqual((await findForeignJobs(path.join(root, 'growing'))).map((j) => [j.name, j.noLabels]), [['console.txt', true]]);
    // Beside torchrun's --log-dir run (a run folder in the folder): the run only.
    fs.cpSync(path.join(FIXTURES, 'torchrun-1.13-log-dir-gloo-sigkill'), path.join(root, 'logdir'), { recursive: true });
    writeFile(path.join(root, 'logdir', 'console.txt'), console);
    assert.deepStrictEqual((await findForeignJobs(path.join(root, 'logdir'))).map((j) => j.kind), ['torchrun']);
    // Beside our module's rank files: none (the folder's job is ours).
    writeFile(path.join(root, 'ours', 'worker_0.log'), '2026-12-06 20:26:13,917 - Worker 0 - INFO - train - step 3\n');
    writeFile(path.join(root, 'ours', 'console.txt'), console);
    assert.deepStrictEqual(await findForeignJobs(path.join(root, 'ours')), []);
    // The --error file of a labelled --output: its other stream, the labelled one first.
    const tee = fs.readFileSync(path.join(FIXTURES, 'torchrun-1.13-sigkill-silent.log'), 'utf8').split('\n');
    writeFile(path.join(root, 'pair', 'train-9.out'), tee.filter((l) => l.startsWith('[default')).join('\n') + '\n');
    writeFile(path.join(root, 'pair', 'train-9.err'), tee.filter((l) => !l.startsWith('[default')).join('\n'));
    const pair = await findForeignJobs(path.join(root, 'pair'));
    assert.deepStrictEqual(pair.map((j) => [j.name, j.noLabels, j.otherStream?.job.name]), [['train-9.out + train-9.err', undefined, 'train-9.err']]);
  });

  it("srun's word on its task in a console of torchrun's labels without srun's (`srun torchrun` of one node, no -l) is torchrun's, not rank 0's: the rank torchrun named stays the first failure; where torchrun named none, every rank ended", async () => {
    const root = tmp();
    const teed = ['WARNING:torch.distributed.run:', '*****************************************', '[default0]:2026-11-30 09:12:33,100 - train - INFO - step 1', '[default1]:2026-11-30 09:12:33,102 - train - INFO - step 1', '[default1]:2026-11-30 09:12:34,000 - train - INFO - step 2'];
    const raised = ['[default1]:Traceback (most recent call last):', '[default1]:  File "/home/alice/train.py", line 12, in <module>', '[default1]:RuntimeError: boom on rank 1', 'ERROR:torch.distributed.elastic.multiprocessing.api:failed (exitcode: 1) local_rank: 1 (pid: 7000) of binary: /usr/bin/python3'];
    const srunWord = 'srun: error: gpu-a17: task 0: Exited with exit code 1';
    const one = await summaryOf(await readThreeWays(await captureJob(path.join(root, 'one', 'train.out'), [...teed, ...raised, srunWord]), path.join(root, 'o')));
    assert.deepStrictEqual([one.firstFailure?.rank, one.firstFailure?.record.exception, one.ranks.map((r) => r.state)], [1, 'RuntimeError: boom on rank 1', ['finished', 'failed']]);
    // torchrun killed itself (no word of its on a rank): srun's word ends every rank.
    const killed = await summaryOf(await readThreeWays(await captureJob(path.join(root, 'killed', 'train.out'), [...teed, 'srun: error: gpu-a17: task 0: Killed']), path.join(root, 'k')));
    assert.deepStrictEqual(killed.ranks.map((r) => r.state), ['failed', 'failed']);
    // srun of the ranks themselves (no torchrun; PyTorch's own labels): its task is the rank.
    const own = ['2026-11-30 09:12:33,100 INFO train: step 1', '[rank2]: Traceback (most recent call last):', '[rank2]: RuntimeError: boom on rank 2', '[rank0]:[E1130 09:12:40.100000000 ProcessGroupNCCL.cpp:632] [Rank 0] Watchdog caught collective operation timeout', '[rank0]:[E1130 09:12:40.200000000 ProcessGroupNCCL.cpp:632] [Rank 0] timed out', 'srun: error: gpu-a17: task 3: Exited with exit code 1'];
    const direct = await summaryOf(await readThreeWays(await captureJob(path.join(root, 'direct', 'train.out'), own), path.join(root, 'd')));
    assert.ok(direct.ranks.some((r) => r.rank === 3 && r.state === 'failed'), JSON.stringify(direct.ranks.map((r) => [r.rank, r.state])));
  });

  it("a console of torchrun's tee labels that two torchruns wrote at once (srun of torchrun on two nodes without -l, from a real run) says its ranks mix the nodes'; one run after another does not", async () => {
    const root = tmp();
    const plain = fs.readFileSync(path.join(FIXTURES, 'srun-l-torchrun-2-nodes.out'), 'utf8').replace(/^\d+: /gm, '');
    writeFile(path.join(root, 'plain', 'train.out'), plain);
    const [job] = await findForeignJobs(path.join(root, 'plain'));
    assert.strictEqual(job.severalTorchruns, true);
    const imp = new JobImport(job, path.join(root, 'p'), options);
    await imp.readOnce();
    assert.deepStrictEqual(imp.notes(), ["more than one torchrun wrote it at once (srun of torchrun on several nodes without -l): its tee labels name each node's local ranks, so the ranks read mix the nodes' (run srun with -l, --label, to have each node's lines told apart)"]);
    // The same console twice, one run after the other (a script's retry): no note.
    const one = fs.readFileSync(path.join(FIXTURES, 'torchrun-1.13-sigkill-silent.log'), 'utf8');
    writeFile(path.join(root, 'again', 'train.out'), one + one);
    const [again] = await findForeignJobs(path.join(root, 'again'));
    assert.strictEqual(again.severalTorchruns, undefined);
  });

  it("torchrun's stops whose process ids are not consecutive name no rank past the group's: a rank that wrote nothing is made only when the group is whole", async () => {
    const root = tmp();
    const lines = [
      '[rank1]: Traceback (most recent call last):',
      '[rank1]: RuntimeError: boom',
      'W1203 14:20:31.802000 7310 torch/distributed/elastic/multiprocessing/api.py:897] Sending process 7325 closing signal SIGTERM',
      'E1203 14:20:32.460000 7310 torch/distributed/elastic/multiprocessing/api.py:869] failed (exitcode: 1) local_rank: 1 (pid: 7320) of binary: /usr/bin/python3',
    ];
    const job = await captureJob(path.join(root, 'logs', 'run.out'), lines);
    const out = await readThreeWays(job, root);
    assert.deepStrictEqual((await summaryOf(out)).ranks.map((r) => r.rank), [1]);
  });

  it("a capture's lines are found again past a progress bar of hours on one line (megabytes of \\r updates: its head is read, as the import reads it), each with its text", async () => {
    const root = tmp();
    const bar = Array.from({ length: 120_000 }, (_, i) => `\r${Math.floor(i / 1200)}%|###| ${i}/120000 [00:01<00:00, 9it/s]`).join('');
    const lines = ['0: 2026-11-30 10:00:00,000 INFO train: start', '1: 2026-11-30 10:00:00,001 INFO train: start', `0: ${bar}`, '1: Traceback (most recent call last):', '1:   File "train.py", line 9, in <module>', '1: ValueError: x'];
    const job = await captureJob(path.join(root, 'logs', 'run.out'), lines);
    assert.ok(bar.length > 4 * 1024 * 1024, `${bar.length} characters`);
    const out = path.join(root, 'out');
    const imp = new JobImport(job, out, options);
    await imp.readOnce();
    const s = await summaryOf(out);
    const failure = s.firstFailure!;
    assert.strictEqual(failure.rank, 1);
    const [traceback, start, barLine] = await imp.sourcesOf([
      { file: s.ranks[1].path, line: failure.record.line },
      { file: s.ranks[0].path, line: 0 },
      { file: s.ranks[0].path, line: 1 },
    ], { withText: true });
    assert.deepStrictEqual([traceback?.line, traceback?.text], [3, '1: Traceback (most recent call last):']);
    assert.deepStrictEqual([start?.line, start?.text], [0, lines[0]]);
    assert.strictEqual(barLine?.line, 2);
    assert.ok(barLine!.text!.startsWith('0: \r0%|###| 0/120000') && barLine!.text!.length === 501, `${barLine!.text!.length} characters`);
    // The bar's last state is rank 0's (the reader cut the line in pieces of a MiB): after the
    // state its first piece ended in, and found again at the bar's line; none of it is the launcher's.
    const rank0 = fs.readFileSync(s.ranks[0].path, 'utf8').split('\n');
    assert.match(rank0[2], / - INFO - 99%\|###\| 119999\/120000 \[00:01<00:00, 9it\/s\]$/);
    assert.deepStrictEqual((await imp.sourcesOf([{ file: s.ranks[0].path, line: 2 }]))[0]?.line, 2);
    assert.ok(!fs.existsSync(path.join(out, 'launcher.log')) || !fs.readFileSync(path.join(out, 'launcher.log'), 'utf8').includes('%|###|'));
  });

  it('a partial line the launcher prefixed, then another prefix on the same line (torchrun tee, Open MPI), is joined with the rest of its line', async () => {
    const root = tmp();
    const job = await captureJob(
      path.join(root, 'logs', 'run.out'),
      [
        '[rank0]:2026-11-30 10:00:00,000 INFO train: loss[rank1]:2026-11-30 10:00:00,001 INFO train: step 3',
        '[rank1]:2026-11-30 10:00:00,002 INFO train: step 4',
        '[rank0]: 0.5',
        '[rank0]:\r 10%|#         |[rank0]:\r 50%|#####     |[rank1]:2026-11-30 10:00:00,003 INFO train: step 5',
        '[rank0]:\r100%|##########|',
      ],
    );
    for (const byteFastPath of [true, false]) {
      const out = path.join(root, `out-${byteFastPath}`);
      const imp = new JobImport(job, out, { ...options, byteFastPath });
      await imp.update();
      const read = (n: string) => fs.readFileSync(path.join(out, n), 'utf8');
      assert.strictEqual(read('worker_0.log'), '2026-11-30 10:00:00,000 - Worker 0 - train - INFO - loss 0.5\nWorker 0 - output - INFO - 100%|##########|\n');
      assert.strictEqual(read('worker_1.log'), ['step 3', 'step 4', 'step 5'].map((m, i) => `2026-11-30 10:00:00,00${i + 1} - Worker 1 - train - INFO - ${m}\n`).join(''));
      // A joined line opens where it ends; the line of several pieces is the last piece's rank's.
      assert.strictEqual((await imp.sourceOf(path.join(out, 'worker_0.log'), 0))?.line, 2);
      assert.strictEqual((await imp.sourceOf(path.join(out, 'worker_1.log'), 0))?.line, 0);
      assert.strictEqual((await imp.sourceOf(path.join(out, 'worker_1.log'), 2))?.line, 3);
      assert.strictEqual((await imp.sourceOf(path.join(out, 'worker_0.log'), 1))?.line, 4);
    }
    const mpi = path.join(root, 'mpi');
    write(path.join(mpi, 'run.out'), '[1,0]<stdout>:epoch 1 loss=[1,1]<stdout>:epoch 1 done\n[1,0]<stdout>:0.25\n[1,1]<stderr>:warning x\n');
    const [mjob] = await findForeignJobs(mpi);
    const imp = new JobImport(mjob, path.join(root, 'mout'), options);
    await imp.update();
    assert.strictEqual(fs.readFileSync(path.join(root, 'mout', 'worker_0.log'), 'utf8'), 'Worker 0 - stdout - INFO - epoch 1 loss=0.25\n');
  });

  it("a worker's unlabelled print, its line break written apart, with torchrun's labelled line of another rank between: the label's line is the rank's (a console, kubectl's pods, one pod's log with the kubelet's times)", async () => {
    const root = tmp();
    const glued = (stamp: (line: string) => string) => [
      stamp('hello from rank 0[default1]:2026-11-30 10:00:00,100 INFO train: step 1 rank 1'),
      stamp(''),
      stamp('[default0]:2026-11-30 10:00:00,101 INFO train: step 1 rank 0'),
      stamp('[default1]:2026-11-30 10:00:00,102 INFO train: step 2 rank 1'),
    ];
    const kubelet = (line: string) => `2026-11-30T10:00:01.000000Z ${line}`;
    const cases = [
      { name: 'console', file: 'run.out', lines: glued((l) => l) },
      { name: 'pods', file: 'train.log', lines: [...glued((l) => `[pod/train-master-0/pytorch] ${kubelet(l)}`), ...['[default0]:2026-11-30 10:00:00,200 INFO train: step 1 rank 2', '[default1]:2026-11-30 10:00:00,201 INFO train: step 1 rank 3'].map((l) => `[pod/train-worker-0/pytorch] ${kubelet(l)}`)] },
      { name: 'pod', file: 'train-master-0.log', lines: glued(kubelet) },
    ];
    for (const c of cases) {
      const src = path.join(root, c.name, c.file);
      write(src, c.lines.join('\n') + '\n');
      const [job] = await findForeignJobs(path.dirname(src));
      assert.strictEqual(job?.kind, 'capture', c.name);
      for (const byteFastPath of [true, false]) {
        const out = path.join(root, `${c.name}-out-${byteFastPath}`);
        const imp = new JobImport(job, out, { ...options, byteFastPath });
        await imp.update();
        const read = (n: string) => fs.readFileSync(path.join(out, n), 'utf8');
        assert.deepStrictEqual(read('worker_1.log').split('\n').filter((l) => l).map((l) => l.replace(/^.* - INFO - /, '')), ['step 1 rank 1', 'step 2 rank 1'], `${c.name}: rank 1`);
        assert.match(read('worker_0.log'), / - INFO - step 1 rank 0\n$/, `${c.name}: rank 0`);
        assert.match(read('launcher.log'), /hello from rank 0\n/, `${c.name}: the print's start is the launcher's`);
        assert.doesNotMatch(read('launcher.log'), /step 1 rank 1/, c.name);
        // Each opens at its capture line; rank 1's next line is found after the glued one.
        assert.strictEqual((await imp.sourceOf(path.join(out, 'worker_1.log'), 0))?.line, 0, c.name);
        assert.strictEqual((await imp.sourceOf(path.join(out, 'worker_1.log'), 1))?.line, 3, c.name);
        assert.strictEqual((await imp.sourceOf(path.join(out, 'worker_0.log'), 0))?.line, 2, c.name);
        // The launcher's lines too: the print's start, then its line break.
        assert.deepStrictEqual(await imp.sourcesOf([0, 1].map((line) => ({ file: path.join(out, 'launcher.log'), line }))), [0, 1].map((line) => ({ path: src, line })), c.name);
        if (c.name === 'pods') assert.match(read('worker_3.log'), /step 1 rank 3/);
      }
    }
    // The pods' logs saved a file each (`kubectl logs --timestamps <pod> > <pod>.log`): one job of their ranks.
    const pods = path.join(root, 'pod-files');
    write(path.join(pods, 'train-master-0.log'), glued(kubelet).join('\n') + '\n');
    write(path.join(pods, 'train-worker-0.log'), ['[default0]:2026-11-30 10:00:00,200 INFO train: step 1 rank 2', '[default1]:2026-11-30 10:00:00,201 INFO train: step 1 rank 3'].map(kubelet).join('\n') + '\n');
    const [podJob] = await findForeignJobs(pods);
    const imp = new JobImport(podJob, path.join(root, 'pod-files-out'), options);
    await imp.update();
    const rank1 = path.join(root, 'pod-files-out', 'worker_1.log');
    assert.deepStrictEqual(fs.readFileSync(rank1, 'utf8').split('\n').filter((l) => l).map((l) => l.replace(/^.* - INFO - /, '')), ['step 1 rank 1', 'step 2 rank 1']);
    assert.deepStrictEqual(await imp.sourceOf(rank1, 1), { path: path.join(pods, 'train-master-0.log'), line: 3 });
  });

  it('partial lines of random ranks, cut by other prefixes on the same line (or after a launcher\'s text), come out whole in their rank, read at once or in pieces (fuzz, 40 seeds)', async () => {
    for (let seed = 1; seed <= 40; seed++) {
      const rand = rng(seed);
      const mpi = seed % 2 === 0;
      // Every third seed's torchrun was given a role (`--role trainer`).
      const role = seed % 3 === 0 ? 'trainer' : 'default';
      const prefix = (r: number) => (mpi ? `[1,${r}]<stdout>:` : rand() < 0.5 ? `[rank${r}]:` : `[${role}${r}]:`);
      const capture: string[] = [`${prefix(0)}start`, `${prefix(1)}start`];
      const expected = new Map<number, string[]>([[0, ['start']], [1, ['start']]]);
      const open = new Map<number, string>();
      let id = 0;
      for (let i = 0; i < 150; i++) {
        let line = '';
        if (rand() < 0.1) {
          // A line of the launcher's, or the start of one a rank's labelled line follows (a worker's unlabelled print).
          line = `launcher line ${i}`;
          if (rand() < 0.5) {
            capture.push(line);
            continue;
          }
        }
        const pieces = 1 + Math.floor(rand() * 3);
        for (let k = 0; k < pieces; k++) {
          const r = Math.floor(rand() * 4);
          const text = `m${id++}`;
          line += prefix(r) + text;
          // The last piece ends its rank's line; the others wait for more of theirs.
          const sofar = (open.get(r) ?? '') + text;
          if (k === pieces - 1) {
            (expected.get(r) ?? expected.set(r, []).get(r)!).push(sofar);
            open.delete(r);
          } else open.set(r, sofar);
        }
        capture.push(line);
      }
      const root = tmp();
      const src = path.join(root, 'src', 'run.out');
      write(src, capture.join('\n') + '\n');
      const [job] = await findForeignJobs(path.dirname(src));
      assert.strictEqual(job?.kind, 'capture', `seed ${seed}`);
      const once = new JobImport(job, path.join(root, 'once'), options);
      await once.update();
      // The same capture appended in random cuts, read after each.
      fs.writeFileSync(src, '');
      const live = new JobImport(job, path.join(root, 'live'), options);
      const text = capture.join('\n') + '\n';
      for (let at = 0; at < text.length; ) {
        const n = 1 + Math.floor(rand() * 400);
        fs.appendFileSync(src, text.slice(at, at + n));
        at += n;
        await live.update();
      }
      for (const [rank, lines] of expected) {
        const read = (dir: string) => fs.readFileSync(path.join(root, dir, `worker_${rank}.log`), 'utf8').split('\n').filter((l) => l !== '').map((l) => l.replace(/^Worker \d+ - \w+ - INFO - /, ''));
        assert.deepStrictEqual(read('once'), lines, `seed ${seed}, rank ${rank}`);
        assert.deepStrictEqual(read('live'), lines, `seed ${seed}, rank ${rank}, read in pieces`);
      }
    }
  });

  it('torchrun on several nodes: run folders of one run id that ran together are one job with global ranks, in the order the nodes started; a later run of the same id is a job of its own', async () => {
    const root = tmp();
    const logDir = path.join(root, 'logs');
    const t0 = Date.UTC(2026, 10, 30, 10, 0, 0) / 1000;
    const node = (name: string, start: number, end: number, lines: Record<string, string>) => {
      for (const [file, text] of Object.entries(lines)) {
        write(path.join(logDir, name, file), text);
        fs.utimesSync(path.join(logDir, name, file), end, end);
      }
      for (const a of fs.readdirSync(path.join(logDir, name))) fs.utimesSync(path.join(logDir, name, a), start, start);
    };
    // Nodes are numbered in the order they started (made first, first attempt first).
    node('job1_zzzz0002', t0, t0 + 59, {
      'attempt_0/0/stderr.log': '2026-11-30 10:00:01,000 INFO t: node b local 0\n',
      'attempt_0/1/stderr.log': '2026-11-30 10:00:01,000 INFO t: node b local 1\nTraceback (most recent call last):\nRuntimeError: boom on node b\n',
    });
    await new Promise((r) => setTimeout(r, 20));
    node('job1_aaaa0001', t0 + 1, t0 + 60, { 'attempt_0/0/stderr.log': '2026-11-30 10:00:02,000 INFO t: node a local 0\n', 'attempt_0/1/stderr.log': '2026-11-30 10:00:02,000 INFO t: node a local 1\n' });
    // The default run id twice, one run after the other: two jobs.
    node('none_aaaaaaaa', t0, t0 + 10, { 'attempt_0/0/stderr.log': 'x\n', 'attempt_0/1/stderr.log': 'y\n' });
    node('none_bbbbbbbb', t0 + 100, t0 + 110, { 'attempt_0/0/stderr.log': 'x\n', 'attempt_0/1/stderr.log': 'y\n' });
    const jobs = await findForeignJobs(logDir);
    assert.deepStrictEqual(jobs.map((j) => j.name).sort(), ['job1 (2 nodes)', 'none_aaaaaaaa', 'none_bbbbbbbb']);
    const job = jobs.find((j) => j.nodes)!;
    assert.deepStrictEqual(job.nodes?.map((n) => path.basename(n)), ['job1_zzzz0002', 'job1_aaaa0001']);
    assert.deepStrictEqual([...job.ranks.keys()].sort(), [0, 1, 2, 3]);
    const imp = new JobImport(job, path.join(root, 'out'), options);
    await imp.update();
    const read = (r: number) => fs.readFileSync(path.join(root, 'out', `worker_${r}.log`), 'utf8');
    assert.match(read(0), /node b local 0/);
    assert.match(read(3), /node a local 1/);
    assert.deepStrictEqual([0, 3].map((r) => imp.rankName(r)), ['job1_zzzz0002 local 0', 'job1_aaaa0001 local 1']);
    const s = await summaryOf(path.join(root, 'out'));
    assert.strictEqual(s.ranks.length, 4);
    assert.strictEqual(s.firstFailure?.rank, 1);
    assert.deepStrictEqual(await imp.sourceOf(path.join(root, 'out', 'worker_1.log'), 1), { path: path.join(logDir, 'job1_zzzz0002', 'attempt_0', '1', 'stderr.log'), line: 1 });
    // Read again, in the same node order, when a node restarts.
    write(path.join(logDir, 'job1_aaaa0001', 'attempt_1', '0', 'stderr.log'), '2026-11-30 10:01:00,000 INFO t: node a again\n');
    const again = await readTorchrunNodes(job);
    assert.strictEqual(again?.name, 'job1 (2 nodes)');
    assert.deepStrictEqual(again?.ranks.get(2)?.map((r) => [r.attempt, path.relative(logDir, r.attemptDir!)]), [[0, path.join('job1_aaaa0001', 'attempt_0')], [1, path.join('job1_aaaa0001', 'attempt_1')]]);
  });

  it("torchrun on several nodes: nodes numbered by the global ranks PyTorch's own lines name (c10d's barrier at INFO, torch 2's [rank2]: labels at a stream's end), not by which started first; the place left to the one node whose streams name none; in the order they started when more name none or two would overlap; a job found as it began renumbered once they name them", async () => {
    const t0 = Date.UTC(2026, 10, 30, 10, 0, 0) / 1000;
    const node = (logDir: string, name: string, start: number, lines: Record<string, string>) => {
      for (const [file, text] of Object.entries(lines)) write(path.join(logDir, name, file), text);
      for (const a of fs.readdirSync(path.join(logDir, name))) fs.utimesSync(path.join(logDir, name, a), start, start);
    };
    const barrier = (rank: number) => `2026-11-30 10:00:01,000 INFO torch.distributed.distributed_c10d: Added key: store_based_barrier_key:1 to store for rank: ${rank}\n2026-11-30 10:00:01,001 INFO torch.distributed.distributed_c10d: Rank ${rank}: Completed store-based barrier for key:store_based_barrier_key:1 with 4 nodes.\n`;
    const orderOf = async (logDir: string) => {
      const job = (await findForeignJobs(logDir)).find((j) => j.nodes)!;
      return job.nodes!.map((n) => path.basename(n));
    };
    // torch 1.x: node 1 (global ranks 2, 3) started first.
    const old = path.join(tmp(), 'logs');
    node(old, 'none_node1aaa', t0, { 'attempt_0/0/stderr.log': barrier(2) + '2026-11-30 10:00:02,000 INFO t: x\nTraceback (most recent call last):\nRuntimeError: boom\n', 'attempt_0/1/stderr.log': barrier(3) });
    node(old, 'none_node0bbb', t0 + 1, { 'attempt_0/0/stderr.log': barrier(0), 'attempt_0/1/stderr.log': barrier(1) });
    assert.deepStrictEqual(await orderOf(old), ['none_node0bbb', 'none_node1aaa']);
    const job = (await findForeignJobs(old)).find((j) => j.nodes)!;
    assert.match(job.ranks.get(2)![0].path, /none_node1aaa.attempt_0.0.stderr\.log$/);
    const out = path.join(path.dirname(old), 'out');
    await new JobImport(job, out, options).update();
    assert.strictEqual((await summaryOf(out)).firstFailure?.rank, 2);
    // torch 2: a [rankN]: label only in the end of a long stream (past what is read of its start); stdout first.
    const modern = path.join(tmp(), 'logs');
    const filler = '2026-11-30 10:00:02,000 INFO t: step\n'.repeat(4000);
    node(modern, 'job9_first000', t0, { 'attempt_0/0/stdout.log': 'hello\n', 'attempt_0/0/stderr.log': filler + '[rank4]: Traceback (most recent call last):\n[rank4]: RuntimeError: boom\n', 'attempt_0/1/stderr.log': filler });
    node(modern, 'job9_second00', t0 + 1, { 'attempt_0/0/stderr.log': '[rank0]:[W1130 10:00:01.000000 7 ProcessGroupNCCL.cpp:1] Warning\n', 'attempt_0/1/stderr.log': 'x\n' });
    node(modern, 'job9_third000', t0 + 2, { 'attempt_0/0/stderr.log': 'y\n', 'attempt_0/1/stderr.log': '[rank3]:[W1130 10:00:01.000000 7 ProcessGroupNCCL.cpp:1] Warning\n' });
    assert.deepStrictEqual(await orderOf(modern), ['job9_second00', 'job9_third000', 'job9_first000']);
    // One node of two whose streams name no rank: the place left (torch 2: only the failed rank's traceback is labelled).
    const some = path.join(tmp(), 'logs');
    node(some, 'none_node1ccc', t0, { 'attempt_0/0/stderr.log': 'x\n', 'attempt_0/1/stderr.log': '[rank3]: Traceback (most recent call last):\n[rank3]: RuntimeError: boom\n' });
    node(some, 'none_node0ddd', t0 + 1, { 'attempt_0/0/stderr.log': 'x\n', 'attempt_0/1/stderr.log': 'y\n' });
    assert.deepStrictEqual(await orderOf(some), ['none_node0ddd', 'none_node1ccc']);
    // Two nodes of three whose streams name none: the order they started.
    node(some, 'none_node2eee', t0 + 2, { 'attempt_0/0/stderr.log': 'x\n', 'attempt_0/1/stderr.log': 'y\n' });
    assert.deepStrictEqual(await orderOf(some), ['none_node1ccc', 'none_node0ddd', 'none_node2eee']);
    // Two nodes that would overlap (the first of 2 ranks at 0, the other at 1): the order they started.
    const overlap = path.join(tmp(), 'logs');
    node(overlap, 'none_node1eee', t0, { 'attempt_0/0/stderr.log': barrier(1), 'attempt_0/1/stderr.log': 'x\n' });
    node(overlap, 'none_node0fff', t0 + 1, { 'attempt_0/0/stderr.log': barrier(0), 'attempt_0/1/stderr.log': 'y\n' });
    assert.deepStrictEqual(await orderOf(overlap), ['none_node1eee', 'none_node0fff']);
    // Found in the editor as it began (no stream named a rank yet), numbered as the nodes started;
    // once their streams name their ranks, a stream that grew gives the key of the job renumbered,
    // which a discovery then imports in its place.
    const live = path.join(tmp(), 'logs');
    node(live, 'none_node1ggg', t0, { 'attempt_0/0/stderr.log': '', 'attempt_0/1/stderr.log': '' });
    node(live, 'none_node0hhh', t0 + 1, { 'attempt_0/0/stderr.log': '', 'attempt_0/1/stderr.log': '' });
    const jobs = new ImportedJobs(path.join(path.dirname(live), 'storage', String(process.pid)), { intervalMs: 60_000, formats: () => BUILT_IN_FORMATS, patterns: () => DEFAULT_RANK_FILE_PATTERNS });
    try {
      const nodesOf = async () => (await jobs.sync([live])).filter((f) => f.job.nodes).map((f) => f.job.nodes!.map((n) => path.basename(n)));
      assert.deepStrictEqual(await nodesOf(), [['none_node1ggg', 'none_node0hhh']]);
      const stream = path.join(live, 'none_node1ggg', 'attempt_0', '0', 'stderr.log');
      assert.strictEqual(await jobs.captureKey(stream), undefined, 'no stream names a rank yet');
      for (const [name, base] of [['none_node1ggg', 2], ['none_node0hhh', 0]] as const) for (const r of [0, 1]) fs.appendFileSync(path.join(live, name, 'attempt_0', String(r), 'stderr.log'), barrier(base + r));
      assert.strictEqual(await jobs.captureKey(stream), undefined, 'read again a few seconds later, not at each line');
      (jobs as unknown as { renumberChecks: WeakMap<object, number> }).renumberChecks = new WeakMap();
      assert.ok(await jobs.captureKey(stream), 'renumbered');
      assert.deepStrictEqual(await nodesOf(), [['none_node0hhh', 'none_node1ggg']]);
      assert.strictEqual(await jobs.captureKey(stream), undefined, 'as imported');
    } finally {
      jobs.dispose();
    }
    assert.strictEqual(globalRankIn('[rank12]: Traceback'), 12);
    assert.strictEqual(globalRankIn('2026 INFO x: my rank: 3 of 4'), undefined, "the user's own words");
  });

  it('torchrun: attempts are sessions, stdout and stderr merge by time, the traceback fails rank 1 and error.json adds a word on it (the same failure: no second error)', async () => {
    const root = tmp();
    const run = torchrunRun(root);
    const [job] = await findForeignJobs(run);
    const out = path.join(root, 'out');
    const imp = new JobImport(job, out, options);
    assert.strictEqual(await imp.update(), true);
    // A stream's last record may wait for a line that shows it whole; the next read writes it.
    await imp.update();
    const s = await summaryOf(out);
    assert.deepStrictEqual(s.ranks.map((r) => [r.rank, r.sessions]), [[0, 2], [1, 2]]);
    assert.strictEqual(s.attempts.length, 2);
    assert.strictEqual(s.firstFailure?.rank, 1);
    const rank1 = fs.readFileSync(path.join(out, 'worker_1.log'), 'utf8').split('\n');
    assert.ok(rank1.includes('Worker 1 - stderr - ERROR - Uncaught exception'), rank1.join('\n'));
    assert.ok(rank1.some((l) => / - Worker 1 - torchrun.error.json - INFO - @record recorded the uncaught RuntimeError: boom on rank 1$/.test(l)), rank1.join('\n'));
    assert.deepStrictEqual(s.ranks.map((r) => r.errors), [0, 1]);
    assert.ok(rank1.some((l) => / - Worker 1 - torchrun - INFO - === Resume at 2026-/.test(l)));
    // Rank 0's print has no time: it comes first (before its stream's first timed line), as one record.
    const rank0 = fs.readFileSync(path.join(out, 'worker_0.log'), 'utf8').split('\n');
    assert.strictEqual(rank0[0], 'Worker 0 - stdout - INFO - hello from 0');
    // Lines open at their source: rank 1's third line is the traceback's first in attempt_0/1/stderr.log.
    assert.deepStrictEqual(await imp.sourceOf(path.join(out, 'worker_1.log'), 2), { path: path.join(run, 'attempt_0/1/stderr.log'), line: 1 });
    assert.deepStrictEqual(await imp.sourceOf(path.join(out, 'worker_1.log'), 4), { path: path.join(run, 'attempt_0/1/stderr.log'), line: 3 });
    assert.strictEqual(await imp.sourceOf(path.join(root, 'elsewhere.log'), 0), undefined);
    // Nothing new: nothing written.
    assert.strictEqual(await imp.update(), false);
  });

  it("torchrun: error.json whose failure the rank's streams do not show (its stderr kept elsewhere, or another exception printed) is the rank's error record, with its traceback; torch's class name alone matches a traceback's qualified one", async () => {
    const read = async (stderr: string, message: string) => {
      const root = tmp();
      const run = path.join(root, 'none_ab12cd34');
      write(path.join(run, 'attempt_0/0/stderr.log'), '2026-11-30 19:33:59,703 INFO train: step 1 rank 0\n');
      write(path.join(run, 'attempt_0/1/stderr.log'), stderr);
      write(path.join(run, 'attempt_0/1/error.json'), JSON.stringify({ message: { message, extraInfo: { py_callstack: `Traceback (most recent call last):\n  File "w.py", line 10\n${message}\n`, timestamp: '1796067240' } } }));
      const [job] = await findForeignJobs(run);
      const out = path.join(root, 'out');
      await new JobImport(job, out, options).readOnce();
      const s = await summaryOf(out);
      const lines = fs.readFileSync(path.join(out, 'worker_1.log'), 'utf8').split('\n').filter((l) => l.includes('torchrun.error.json'));
      return { errors: s.ranks[1].errors, failed: s.ranks[1].state === 'failed', lines: lines.map((l) => l.replace(/^.* - torchrun\.error\.json - /, '')) };
    };
    const oom = 'OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB';
    const step = '2026-11-30 19:33:59,704 INFO train: step 1 rank 1\n';
    // No traceback in its stream: error.json's record is the error.
    assert.deepStrictEqual(await read(step, oom), { errors: 1, failed: true, lines: [`ERROR - ${oom}`] });
    // Python's traceback of the same exception, its class qualified by its module.
    const traceback = `${step}Traceback (most recent call last):\n  File "/tmp/w.py", line 10, in <module>\ntorch.cuda.${oom}\n`;
    assert.deepStrictEqual(await read(traceback, oom), { errors: 1, failed: true, lines: [`INFO - @record recorded the uncaught ${oom}`] });
    // Another exception's traceback (the one error.json names was not printed): both are errors.
    assert.deepStrictEqual(await read(traceback, 'ValueError: bad shard 7'), { errors: 2, failed: true, lines: ['ERROR - ValueError: bad shard 7'] });
    // An exception logged with its traceback (logger.exception), then error.json's: that is no uncaught one printed.
    const logged = `${step}2026-11-30 19:33:59,705 ERROR train: step 2 failed\nTraceback (most recent call last):\n  File "/tmp/w.py", line 10, in <module>\nValueError: bad shard 7\n`;
    assert.deepStrictEqual(await read(logged, 'ValueError: bad shard 7'), { errors: 2, failed: true, lines: ['ERROR - ValueError: bad shard 7'] });
  });

  it("torchrun: an attempt's session starts when its folder was made; for a folder copied without its times (made after its records, or dated before the attempt before it), at its first record", async () => {
    const resumes = async (times: Date | undefined) => {
      const root = tmp();
      const run = torchrunRun(root);
      if (times) for (const dir of ['attempt_0', 'attempt_0/0', 'attempt_0/1', 'attempt_1', 'attempt_1/0', 'attempt_1/1']) fs.utimesSync(path.join(run, dir), times, times);
      const [job] = await findForeignJobs(run);
      const out = path.join(root, 'out');
      await new JobImport(job, out, options).readOnce();
      const s = await summaryOf(out);
      const lines = [0, 1].map((r) => fs.readFileSync(path.join(out, `worker_${r}.log`), 'utf8').split('\n').find((l) => l.includes('=== Resume at ')));
      return { attempts: s.attempts.length, resumes: lines.map((l) => l?.replace(/^.* === Resume at (\S+) ===$/, '$1')) };
    };
    const first = { attempts: 2, resumes: ['2026-11-30T19:34:04.746', '2026-11-30T19:34:04.745'] };
    // Copied now (after the records), or dated by an archive long before them.
    assert.deepStrictEqual(await resumes(undefined), first);
    assert.deepStrictEqual(await resumes(new Date('2026-01-01T00:00:00Z')), first);
    // Made just before its records, as torchrun makes it: its time (local, as the records').
    const made = new Date(2026, 10, 30, 19, 34, 2, 500);
    assert.deepStrictEqual(await resumes(made), { attempts: 2, resumes: ['2026-11-30T19:34:02.500', '2026-11-30T19:34:02.500'] });
  });

  it("torchrun: a rank's big stderr and stdout are read a few MiB at a time and merge by time (equal times: stderr first), as one reading of each would", async function () {
    this.timeout(60_000);
    const rand = rng(11);
    const stamp = (ms: number) => new Date(Date.UTC(2026, 10, 30, 9) + ms).toISOString().replace('T', ' ').replace('.', ',').slice(0, 23);
    const streams = ['stderr', 'stdout'].map((name) => {
      const lines: string[] = [];
      const records: { time: number; text: string }[] = [];
      let t = 0;
      for (let i = 0; lines.length < 110_000; i++) {
        t += Math.floor(rand() * 3);
        lines.push(`${stamp(t)} INFO ${name}.x: ${name} ${i}`);
        records.push({ time: t, text: `${stamp(t)} - Worker 0 - ${name}.x - INFO - ${name} ${i}` });
      }
      return { name, lines, records };
    });
    const root = tmp();
    const attempt = path.join(root, 'logs', 'none_x1', 'attempt_0', '0');
    for (const st of streams) write(path.join(attempt, `${st.name}.log`), st.lines.join('\n') + '\n');
    assert.ok(fs.statSync(path.join(attempt, 'stderr.log')).size > 5 * 1024 * 1024);
    // The merge, done here: the earlier record first, stderr's on equal times.
    const want: string[] = [];
    const [e, o] = streams.map((st) => st.records);
    for (let i = 0, j = 0; i < e.length || j < o.length; ) want.push(j >= o.length || (i < e.length && e[i].time <= o[j].time) ? e[i++].text : o[j++].text);
    const [job] = await findForeignJobs(path.join(root, 'logs'));
    const imp = new JobImport(job, path.join(root, 'out'), options);
    await imp.readOnce();
    const got = fs.readFileSync(path.join(root, 'out', 'worker_0.log'), 'utf8').split('\n').slice(0, -1);
    assert.strictEqual(got.length, want.length);
    for (let k = 0; k < want.length; k++) if (got[k] !== want[k]) assert.fail(`line ${k}: ${got[k]} instead of ${want[k]}`);
  });

  it('appends are read as they come and give the same files as one reading; a shrunk source starts the import over', async () => {
    const root = tmp();
    const src = path.join(root, 'logs');
    const lines: string[] = [];
    const rand = rng(7);
    for (let i = 0; i < 400; i++) {
      const rank = Math.floor(rand() * 4);
      const kind = rand();
      const body = kind < 0.6 ? `2026-11-30 10:00:${String(i % 60).padStart(2, '0')},${String(i % 1000).padStart(3, '0')} INFO train: step ${i}` : kind < 0.8 ? `  detail ${i}` : kind < 0.9 ? 'Traceback (most recent call last):' : `plain ${i}`;
      // A launcher's line; sometimes a rank's labelled line after it (a worker's print and its line break written apart).
      const launcher = rand() < 0.08 ? `launcher says ${i}` : '';
      lines.push(launcher && rand() < 0.5 ? launcher : `${launcher}[rank${rank}]:${body}`);
    }
    write(path.join(src, 'run.out'), '');
    const [job] = await findForeignJobs(src).then(async (j) => (j.length ? j : (write(path.join(src, 'run.out'), lines.slice(0, 10).join('\n') + '\n'), findForeignJobs(src))));
    assert.strictEqual(job.kind, 'capture');
    const live = new JobImport(job, path.join(root, 'live'), options);
    let at = 10;
    await live.update();
    while (at < lines.length) {
      const n = 1 + Math.floor(rand() * 40);
      // Sometimes half a line: it waits for its end.
      const chunk = lines.slice(at, at + n).join('\n') + '\n';
      const cut = rand() < 0.3 ? Math.floor(chunk.length / 2) : chunk.length;
      fs.appendFileSync(path.join(src, 'run.out'), chunk.slice(0, cut));
      await live.update();
      fs.appendFileSync(path.join(src, 'run.out'), chunk.slice(cut));
      at += n;
    }
    await live.update();
    const once = new JobImport(job, path.join(root, 'once'), options);
    await once.update();
    const names = fs.readdirSync(path.join(root, 'once')).sort();
    assert.deepStrictEqual(fs.readdirSync(path.join(root, 'live')).sort(), names);
    for (const n of names) assert.strictEqual(fs.readFileSync(path.join(root, 'live', n), 'utf8'), fs.readFileSync(path.join(root, 'once', n), 'utf8'), n);

    // Every rank's lines, put back in the capture's order through the line map, are the capture.
    const capture = fs.readFileSync(path.join(src, 'run.out'), 'utf8').split('\n').slice(0, -1);
    const seen = new Array<boolean>(capture.length).fill(false);
    const ofRank = new Array<boolean>(capture.length).fill(false);
    for (const n of names) {
      const file = path.join(root, 'once', n);
      const count = fs.readFileSync(file, 'utf8').split('\n').length - 1;
      for (let i = 0; i < count; i++) {
        const src2 = await once.sourceOf(file, i);
        assert.ok(src2, `${n}:${i}`);
        seen[src2.line] = true;
        if (n === 'launcher.log') {
          const text = fs.readFileSync(file, 'utf8').split('\n')[i];
          assert.ok(capture[src2.line] === text || capture[src2.line].startsWith(`${text}[rank`), `${n}:${i} -> ${src2.line}: ${capture[src2.line]}`);
        } else {
          assert.match(capture[src2.line], new RegExp(`^(launcher says \\d+)?\\[rank${n.replace(/\D/g, '')}\\]:`), `${n}:${i} -> ${src2.line}`);
          ofRank[src2.line] = true;
        }
      }
    }
    assert.ok(seen.every(Boolean), 'every capture line is in one rank file or the launcher');
    capture.forEach((line, k) => line.includes('[rank') && assert.ok(ofRank[k], `a rank's line: ${k}: ${line}`));

    // The capture is truncated and rewritten: the import starts over.
    fs.writeFileSync(path.join(src, 'run.out'), '[rank0]:2026-11-30 11:00:00,000 INFO x: again\n');
    await live.update();
    assert.strictEqual(fs.readFileSync(path.join(root, 'live', 'worker_0.log'), 'utf8'), '2026-11-30 11:00:00,000 - Worker 0 - x - INFO - again\n');
    assert.strictEqual(fs.readFileSync(path.join(root, 'live', 'worker_1.log'), 'utf8'), '');
  });

  it('hostile sources never throw: binary bytes, NULs, a huge line without a break, a vanished file, bad error.json', async () => {
    const root = tmp();
    const dir = path.join(root, 'tasks');
    const big = Buffer.alloc(3 * 1024 * 1024, 0x41);
    write(path.join(dir, 'x_0.out'), '');
    fs.writeFileSync(path.join(dir, 'x_0.out'), Buffer.concat([Buffer.from([0, 1, 2, 255, 10]), big]));
    write(path.join(dir, 'x_1.out'), 'ok\n');
    const [job] = await findForeignJobs(dir, DEFAULT_RANK_FILE_PATTERNS);
    const imp = new JobImport(job, path.join(root, 'out'), options);
    await imp.update();
    const text = fs.readFileSync(path.join(root, 'out', 'worker_0.log'), 'utf8');
    assert.ok(!text.includes('\0'));
    fs.rmSync(path.join(dir, 'x_1.out'));
    await imp.update();
    assert.strictEqual(fs.readFileSync(path.join(root, 'out', 'worker_1.log'), 'utf8'), 'Worker 1 - stdout - INFO - ok\n');
    for (const bad of [null, 3, 'x', { message: 7 }, { message: { extraInfo: { timestamp: 'soon', py_callstack: 5 } } }]) assert.doesNotThrow(() => readErrorJson(bad));
    assert.strictEqual(readErrorJson({ message: 'plain' }).message, 'plain');
  });

  it("a capture naming more ranks than are read (a hostile or garbled one: each a file and its state): the lines of those past them are the launcher's, kept, said once; srun's word on ranks never seen makes none past them either", async () => {
    const root = tmp();
    const lines: string[] = [];
    for (let r = 0; r < 12; r++) lines.push(`${r}: 2026-11-30 09:00:0${r % 10},000 INFO train: up on ${r}`);
    // (srun -l's labels: its tasks are the ranks, so its word on tasks 40-49 names ranks.)
    lines.push('3: 2026-11-30 09:00:09,000 ERROR train: boom', 'srun: error: n1: tasks 40-49: Exited with exit code 1', '11: 2026-11-30 09:00:09,500 INFO train: still here');
    const job = await captureJob(path.join(root, 'cap', 'train.out'), lines);
    for (const [name, way] of READ_WAYS) {
      const out = path.join(root, name);
      const imp = new JobImport(job, out, { ...way, maxCaptureRanks: 8 });
      await imp.readOnce();
      assert.deepStrictEqual(fs.readdirSync(out).filter((f) => f.startsWith('worker_')).length, 8, name);
      const launcher = fs.readFileSync(path.join(out, 'launcher.log'), 'utf8');
      for (const r of [8, 9, 10]) assert.ok(launcher.includes(`${r}: 2026-11-30 09:00:0${r % 10},000 INFO train: up on ${r}`), `${name}: rank ${r}'s line kept`);
      assert.ok(launcher.includes('11: 2026-11-30 09:00:09,500 INFO train: still here'), name);
      assert.match(fs.readFileSync(path.join(out, 'worker_3.log'), 'utf8'), /ERROR - boom$/m, name);
      assert.deepStrictEqual(imp.notes(), ["it names more than 8 ranks: the lines of the ranks past the first 8 are kept with the launcher's lines, not read as ranks"], name);
    }
    // Under the default (32,768), nothing of that kind: 12 ranks and the 10 srun named (killed before their first line).
    const imp = new JobImport(job, path.join(root, 'all'), options);
    await imp.readOnce();
    assert.deepStrictEqual([fs.readdirSync(path.join(root, 'all')).filter((f) => f.startsWith('worker_')).length, imp.notes()], [22, []]);
  });

  it("a capture's lines looked up many at once (`sourcesOf`: one read for all) are where each came from, in any order asked, and as asked one by one", async () => {
    const root = tmp();
    for (const seed of [1, 2, 3]) {
      const random = rng(seed);
      const ranks = 2 + Math.floor(random() * 40);
      const lines: string[] = [];
      // Ranks' lines interleaved (some ranks far more than others: marks every 64 of a rank's lines), the launcher's now and then, a traceback's lines.
      for (let i = 0; i < 3000; i++) {
        const r = random() < 0.5 ? 0 : Math.floor(random() * ranks);
        if (random() < 0.02) lines.push(`srun: launcher's line ${i}`);
        else if (random() < 0.05) lines.push(`${r}: Traceback (most recent call last):`, `${r}:   File "train.py", line ${i}, in <module>`, `${r}: RuntimeError: boom ${i}`);
        else lines.push(`${r}: INFO:train:line ${i} of rank ${r} ${'é'.repeat(Math.floor(random() * 3))}`);
      }
      for (let r = 0; r < ranks; r++) lines.push(`${r}: INFO:train:last of rank ${r}`);
      const job = await captureJob(path.join(root, `cap${seed}`, 'run.out'), lines);
      const out = path.join(root, `out${seed}`);
      const imp = new JobImport(job, out, options);
      await imp.readOnce();
      const asked: { file: string; line: number; want: number }[] = [];
      // Each line of a rank log that says which line of the capture it is (a traceback's record has a line of its own before it).
      const KEY = /line \d+ of rank \d+|last of rank \d+|boom \d+|line \d+, in <module>/;
      const where = new Map(lines.map((l, i) => [KEY.exec(l)?.[0], i]));
      for (const f of await discoverRanks(out)) {
        fs.readFileSync(f.path, 'utf8')
          .split('\n')
          .forEach((text, line) => {
            const key = KEY.exec(text)?.[0];
            if (key !== undefined) asked.push({ file: f.path, line, want: where.get(key)! });
          });
      }
      assert.ok(asked.length > 2900, `seed ${seed}: ${asked.length} lines`);
      for (let i = asked.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [asked[i], asked[j]] = [asked[j], asked[i]];
      }
      const found = await imp.sourcesOf(asked);
      assert.deepStrictEqual(found.map((f) => f?.line), asked.map((a) => a.want), `seed ${seed}`);
      assert.ok(found.every((f) => f?.path === path.join(root, `cap${seed}`, 'run.out')));
      // A few far apart: read in stretches, each from its mark (the read goes on at the next mark where none is counting).
      const few = asked.filter((_, i) => i % 97 === 0);
      assert.deepStrictEqual((await imp.sourcesOf(few)).map((f) => f?.line), few.map((a) => a.want), `seed ${seed}: a few`);
      for (const a of asked.slice(0, 50)) assert.strictEqual((await imp.sourceOf(a.file, a.line))?.line, a.want);
      assert.deepStrictEqual(await imp.sourcesOf([{ file: path.join(root, 'elsewhere.log'), line: 0 }]), [undefined]);
    }
  });

  it('a line cut for its length (3 MiB) is one line of its source: the lines after it open at their own line, in a task file and in a capture', async () => {
    const root = tmp();
    const long = 'x'.repeat(3 * 1024 * 1024);
    write(path.join(root, 'tasks', '7_0.out'), '2026-11-30 09:00:00,000 INFO train: a\n');
    write(path.join(root, 'tasks', '7_1.out'), `2026-11-30 09:00:00,000 INFO train: b\n${long}\n2026-11-30 09:00:01,000 ERROR train: boom\n`);
    const [tasks] = await findForeignJobs(path.join(root, 'tasks'));
    const capture = await captureJob(path.join(root, 'cap', 'run.out'), ['0: a', '1: b', `0: ${long}`, '0: c', '1: d']);
    for (const [job, name, file, line] of [[tasks, 'tasks-out', path.join(root, 'tasks', '7_1.out'), 2], [capture, 'cap-out', path.join(root, 'cap', 'run.out'), 3]] as const) {
      const out = path.join(root, name);
      const imp = new JobImport(job, out, options);
      await imp.readOnce();
      const rank = job === tasks ? 1 : 0;
      const lines = fs.readFileSync(path.join(out, `worker_${rank}.log`), 'utf8').split('\n');
      const at = lines.findIndex((l) => /boom$| - c$/.test(l));
      assert.ok(at > 0, lines.map((l) => l.slice(0, 80)).join('\n'));
      assert.deepStrictEqual(await imp.sourceOf(path.join(out, `worker_${rank}.log`), at), { path: file, line }, name);
    }
  });

  it("the README's example of workerLogs.formats compiles and reads its sample", () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
    const block = /```jsonc\n"workerLogs.formats": (\[[\s\S]*?\])\n```/.exec(readme);
    assert.ok(block, 'the example is in the README');
    const setting = JSON.parse(block[1]) as { samples: string[] }[];
    const { formats, problems } = compileUserFormats(setting);
    assert.deepStrictEqual(problems, []);
    const w = new RankLineWriter(3, 'stderr', { formats: [...formats, ...BUILT_IN_FORMATS], year: 2026 });
    assert.strictEqual(w.line(setting[0].samples[0]), '2026-11-30 09:12:33,123 - Worker 3 - trainer - WARNING - loss is NaN');
  });

  it("torchrun's stops of the ranks still running (`Sending process 8803 closing signal SIGTERM`) are named by local rank from the failed rank's process id, else in order; per node", () => {
    const closing = (pid: number) => `W1201 18:37:02.410000 8801 site-packages/torch/distributed/elastic/multiprocessing/api.py:897] Sending process ${pid} closing signal SIGTERM`;
    const failed = (rank: number, pid: number) => `E1201 18:37:03.112000 8801 site-packages/torch/distributed/elastic/multiprocessing/api.py:869] failed (exitcode: -6) local_rank: ${rank} (pid: ${pid}) of binary: /usr/bin/python3`;
    const words = new LauncherWords();
    const stopsAfter = (lines: string[], node?: number) => {
      let v: LauncherVerdict | undefined;
      for (const l of lines) v = words.read(l, node) ?? v;
      // (Each with torchrun's line that named it, whose time is the stop's.)
      return v?.stopped?.map(({ said, ...stop }) => {
        assert.ok(said?.includes(`Sending process ${stop.pid} closing signal`), said);
        return stop;
      });
    };
    assert.deepStrictEqual(stopsAfter([closing(8803), closing(8805), closing(8806), failed(1, 8804)]), [
      { rank: 0, pid: 8803, signal: 'SIGTERM' },
      { rank: 2, pid: 8805, signal: 'SIGTERM' },
      { rank: 3, pid: 8806, signal: 'SIGTERM' },
    ]);
    assert.strictEqual(stopsAfter([failed(1, 8804)]), undefined, 'the stops are forgotten once named');
    // A process id that does not fit (below the failed rank's by more than its rank; the failed rank's own): none is named by id, the stops come in order (the caller names them when they are as many as the node's other ranks).
    assert.deepStrictEqual(stopsAfter([closing(8801), failed(1, 8804)]), [{ pid: 8801, signal: 'SIGTERM' }]);
    assert.deepStrictEqual(stopsAfter([closing(8804), failed(1, 8804)]), [{ pid: 8804, signal: 'SIGTERM' }]);
    // Each node's torchrun (srun's or pdsh's prefix) is read on its own.
    words.read(closing(500), 1);
    assert.deepStrictEqual(stopsAfter([closing(8803), failed(1, 8804)], 0), [{ rank: 0, pid: 8803, signal: 'SIGTERM' }]);
    assert.deepStrictEqual(stopsAfter([failed(0, 499)], 1), [{ rank: 1, pid: 500, signal: 'SIGTERM' }]);
    // torchrun told to stop (2.x names the signal; 1.13 gives its number): every process it stopped, in order; the caller knows the node's ranks.
    const dying = ['W1202 04:00:00.100000 9 torch/distributed/elastic/agent/server/api.py:704] Received Signals.SIGTERM death signal, shutting down workers', closing(12), closing(13), 'torch.distributed.elastic.multiprocessing.api.SignalException: Process 9 got signal: 15'];
    const death = dying.map((l) => words.read(l)).filter((v) => v !== undefined);
    assert.deepStrictEqual(death.map((v) => [v!.ranks, v!.stopped, v!.stoppedWhy]), [[[], [{ pid: 12, signal: 'SIGTERM', said: closing(12) }, { pid: 13, signal: 'SIGTERM', said: closing(13) }], 'after torchrun received SIGTERM']]);
    assert.strictEqual(words.read('WARNING:torch.distributed.elastic.agent.server.api:Received 2 death signal, shutting down workers'), undefined);
    assert.strictEqual(words.read('torch.distributed.elastic.multiprocessing.api.SignalException: Process 9 got signal: 2')?.stoppedWhy, 'after torchrun received SIGINT');
    // A SignalException without the death signal before it names nothing.
    assert.strictEqual(words.read('torch.distributed.elastic.multiprocessing.api.SignalException: Process 9 got signal: 15'), undefined);
    // torchrun 1.13's Python logging format.
    assert.deepStrictEqual(stopsAfter(['WARNING:torch.distributed.elastic.multiprocessing.api:Sending process 12277 closing signal SIGTERM', 'ERROR:torch.distributed.elastic.multiprocessing.api:failed (exitcode: 1) local_rank: 0 (pid: 12276) of binary: /usr/bin/python3']), [{ rank: 1, pid: 12277, signal: 'SIGTERM' }]);
  });

  it("a rank torchrun stopped once another failed is stopped, at once, whatever the clock: not passed in the tree, a stopped session in the timeline; a rank it did not name (it had exited) no longer runs either", async () => {
    const root = tmp();
    const lines = [
      '[default0]:2026-11-30 09:00:00,000 INFO train: step 1',
      '[default1]:2026-11-30 09:00:00,100 INFO train: step 1',
      '[default2]:2026-11-30 09:00:00,200 INFO train: step 1',
      '[default1]:Traceback (most recent call last):',
      '[default1]:RuntimeError: boom',
      'W1130 09:00:05.000000 700 site-packages/torch/distributed/elastic/multiprocessing/api.py:897] Sending process 702 closing signal SIGTERM',
      'E1130 09:00:05.500000 700 site-packages/torch/distributed/elastic/multiprocessing/api.py:869] failed (exitcode: 1) local_rank: 1 (pid: 703) of binary: /usr/bin/python3',
    ];
    const out = await readThreeWays(await captureJob(path.join(root, 'src', 'console.log'), lines), root);
    const inputs = await rankInputs(out);
    // Written just now: a rank without an ending would be running.
    const s = summarizeJob(inputs, { now: Date.now() });
    // torchrun names a failed rank once its others are stopped: rank 2 had exited, its log is recent, it no longer runs.
    assert.deepStrictEqual(s.ranks.map((r) => [r.rank, r.state, r.stoppedBy]), [[0, 'finished', 'stopped by torchrun (SIGTERM)'], [1, 'failed', undefined], [2, 'finished', 'stopped with its attempt, after rank 1 failed']]);
    assert.strictEqual(fs.readFileSync(path.join(out, 'worker_2.log'), 'utf8').split('\n').slice(-2)[0], 'Worker 2 - launcher - INFO - torchrun ended its ranks after local rank 1 failed: local rank 2 no longer runs');
    assert.strictEqual(fs.readFileSync(path.join(out, 'worker_0.log'), 'utf8').split('\n').slice(-2)[0], '2026-11-30 09:00:05,500 - Worker 0 - launcher - INFO - torchrun stopped local rank 0 (pid 702) with SIGTERM, after local rank 1 failed');
    const job = buildJobNode({ dir: out, label: 'console', ranks: inputs }, { now: Date.now() });
    assert.deepStrictEqual(job.ranks.map((r) => [r.stopped ?? false, /stopped by torchrun \(SIGTERM\)/.test(r.description)]), [[true, true], [false, false], [true, false]]);
    const timeline = buildTimeline({ job, checkpoints: () => [] });
    assert.deepStrictEqual(timeline.lanes.map((l) => l.sessions.map((x) => x.state)), [['stopped'], ['failed'], ['stopped']]);
    assert.match(timeline.lanes[0].label, /^Rank 0: 1 session, stopped at /);
  });

  it("torchrun's word that its worker group ended well (LOGLEVEL=INFO: torch 1's and 2's formats) ends its ranks at once, exit 0, in a capture written just now (they read running for the stall window); under srun's labels of two nodes, only its own node's ranks", async () => {
    assert.deepStrictEqual(launcherVerdict('INFO:torch.distributed.elastic.agent.server.api:[default] worker group successfully finished. Waiting 300 seconds for other agents to finish.'), { ranks: 'all', itsNode: true, level: 'INFO', message: 'torchrun: worker group default finished: its ranks exited with code 0' });
    assert.strictEqual(launcherVerdict('I1205 19:40:11.000000 140123 torch/distributed/elastic/agent/server/api.py:879] [trainer] worker group successfully finished. Waiting 300 seconds for other agents to finish.')?.message, 'torchrun: worker group trainer finished: its ranks exited with code 0');
    // A script's own words are no launcher's.
    assert.strictEqual(launcherVerdict('[default0]:INFO:__main__:epoch 3 successfully finished'), undefined);
    const states = async (lines: string[]) => {
      const root = tmp();
      const out = await readThreeWays(await captureJob(path.join(root, 'src', 'console.log'), lines), root);
      const inputs = await rankInputs(out);
      return summarizeJob(inputs, { now: Date.now() }).ranks.map((r) => r.state);
    };
    const done = ['[default0]:INFO:__main__:done', '[default1]:INFO:__main__:done'];
    const word = 'INFO:torch.distributed.elastic.agent.server.api:[default] worker group successfully finished. Waiting 300 seconds for other agents to finish.';
    assert.deepStrictEqual(await states(done), ['running', 'running']);
    assert.deepStrictEqual(await states([...done, word]), ['finished', 'finished']);
    const nodes = ['0: [default0]:2026-12-05 19:40:10,000 INFO __main__: done', '0: [default1]:2026-12-05 19:40:10,001 INFO __main__: done', '1: [default0]:2026-12-05 19:40:10,002 INFO __main__: done', '1: [default1]:2026-12-05 19:40:10,003 INFO __main__: step 900'];
    assert.deepStrictEqual(await states([...nodes, `0: I1205 19:40:11.000000 140123 torch/distributed/elastic/agent/server/api.py:879] [default] worker group successfully finished. Waiting 300 seconds for other agents to finish.`]), ['finished', 'finished', 'running', 'running']);
  });

  it('a rank that had exited by itself when torchrun named the failed one (torchrun stopped no process, its warnings showing) is finished, not stopped; with its warnings hidden it stays stopped', async () => {
    const states = async (banner: string[], closing: string[]) => {
      const root = tmp();
      const lines = [
        ...banner,
        '[default0]:2026-11-30 09:00:00,000 INFO train: step 1',
        '[default1]:2026-11-30 09:00:00,100 INFO train: step 1',
        '[default1]:Traceback (most recent call last):',
        '[default1]:RuntimeError: boom',
        '[default0]:2026-11-30 09:00:00,300 INFO train: done',
        ...closing,
        'ERROR:torch.distributed.elastic.multiprocessing.api:failed (exitcode: 1) local_rank: 1 (pid: 703) of binary: /usr/bin/python3',
      ];
      const out = await readThreeWays(await captureJob(path.join(root, 'src', 'console.log'), lines), root);
      const inputs = await rankInputs(out);
      const s = summarizeJob(inputs, { now: Date.now() });
      const last = fs.readFileSync(path.join(out, 'worker_0.log'), 'utf8').split('\n').slice(-2)[0];
      const job = buildJobNode({ dir: out, label: 'console', ranks: inputs }, { now: Date.now() });
      return { ranks: s.ranks.map((r) => [r.rank, r.state, r.stoppedBy]), last, stopped: job.ranks.map((r) => r.stopped ?? false) };
    };
    // torch 1.13's banner and its warnings (torch 2's `W1130 ...` lines are read as well).
    const banner = ['WARNING:torch.distributed.run:', '*****************************************', 'Setting OMP_NUM_THREADS environment variable for each process to be 1 in default', '*****************************************'];
    assert.deepStrictEqual(await states(banner, []), {
      ranks: [[0, 'finished', undefined], [1, 'failed', undefined]],
      last: 'Worker 0 - launcher - INFO - torchrun ended its ranks after local rank 1 failed: local rank 0 had exited by itself (torchrun stopped no process)',
      stopped: [false, false],
    });
    const torch2 = ['W1130 08:59:58.000000 700 site-packages/torch/distributed/run.py:793] ', 'W1130 08:59:58.000000 700 site-packages/torch/distributed/run.py:793] *****************************************'];
    assert.deepStrictEqual((await states(torch2, [])).stopped, [false, false]);
    // Its warnings hidden (LOGLEVEL=ERROR hides its stops too): not known, stopped with its attempt.
    assert.deepStrictEqual((await states([], [])).ranks, [[0, 'finished', 'stopped with its attempt, after rank 1 failed'], [1, 'failed', undefined]]);
    // A stop of it: stopped.
    assert.deepStrictEqual((await states(banner, ['WARNING:torch.distributed.elastic.multiprocessing.api:Sending process 702 closing signal SIGTERM'])).ranks, [[0, 'finished', 'stopped by torchrun (SIGTERM)'], [1, 'failed', undefined]]);
  });

  it("mpirun's word that a rank failed ended the job: its other ranks no longer run however recent the capture, also one that wrote after it; once each until it writes again", async () => {
    const root = tmp();
    const lines = [
      '[1,0]<stdout>:2026-11-30 09:00:00,000 INFO train: step 1',
      '[1,1]<stdout>:2026-11-30 09:00:00,100 INFO train: step 1',
      '[1,2]<stdout>:2026-11-30 09:00:00,200 INFO train: step 1',
      '--------------------------------------------------------------------------',
      'MPI_ABORT was invoked on rank 1 in communicator MPI_COMM_WORLD',
      'with errorcode 3.',
      '--------------------------------------------------------------------------',
      // Output Open MPI passed on as it killed rank 2, then mpirun's second word on the same rank.
      '[1,2]<stderr>:2026-11-30 09:00:00,300 WARNING train: terminating',
      'mpirun has exited due to process rank 1 with PID 0 on',
      'node vm calling "abort". This may have caused other processes',
    ];
    const out = await readThreeWays(await captureJob(path.join(root, 'src', 'console.log'), lines), root);
    const inputs = await rankInputs(out);
    const summary = summarizeJob(inputs, { now: Date.now() });
    assert.deepStrictEqual(summary.ranks.map((r) => [r.rank, r.state, r.stoppedBy]), [[0, 'finished', 'stopped with its attempt, after rank 1 failed'], [1, 'failed', undefined], [2, 'finished', 'stopped with its attempt, after rank 1 failed']]);
    const ended = (rank: number) => fs.readFileSync(path.join(out, `worker_${rank}.log`), 'utf8').split('\n').filter((l) => l.includes('no longer runs'));
    assert.deepStrictEqual(ended(0), ['Worker 0 - launcher - INFO - mpirun ended its ranks after rank 1 failed: rank 0 no longer runs']);
    assert.deepStrictEqual(ended(1), []);
    // Once after its line before the word, once after its line after it.
    assert.deepStrictEqual(ended(2).length, 2);
    assert.match(fs.readFileSync(path.join(out, 'worker_2.log'), 'utf8'), /terminating\n.*no longer runs\n$/);
  });

  it("Ray's word on a worker that raised (`RayTaskError(...)`, coloured or not, old and new) takes the exception after its traceback; on a worker that died (`ActorDiedError`), its exit; once however often Ray repeats it", () => {
    const words = new LauncherWords();
    const task = (pid: number, how = '\x1b[36mray::_RayTrainWorker__execute.get_next()\x1b[39m') => `ray.exceptions.RayTaskError(ValueError): ${how} (pid=${pid}, ip=10.0.0.5, actor_id=a2b4, repr=<RayTrainWorker>)`;
    const read = (lines: string[]) => lines.map((l) => words.read(l)).filter((v) => v !== undefined).map((v) => [v!.hosts, v!.message]);
    assert.deepStrictEqual(read([task(41), '  File "/w/train.py", line 3, in f', '', '    x = 1 / 0', 'ValueError: bad shard 913']), [[['pid 41 on 10.0.0.5'], 'Ray: the worker (pid 41 on 10.0.0.5) raised ValueError: bad shard 913']]);
    // Repeated in Ray's summary: once.
    assert.deepStrictEqual(read([task(41), 'ValueError: bad shard 913']), []);
    // Without its exception line: the word alone, at the line that ends the wait; a second word right after is read too.
    assert.deepStrictEqual(read([task(42, 'ray::RayTrainWorker._RayTrainWorker__execute()'), task(43), '  File "t.py", line 1', 'ValueError']), [
      [['pid 42 on 10.0.0.5'], 'Ray: the worker (pid 42 on 10.0.0.5) raised ValueError'],
      [['pid 43 on 10.0.0.5'], 'Ray: the worker (pid 43 on 10.0.0.5) raised ValueError'],
    ]);
    // Another actor's task error is no worker's.
    assert.deepStrictEqual(read(['ray.exceptions.RayTaskError(ValueError): ray::_Inner.train() (pid=7236, ip=10.0.0.5, actor_id=f1c3, repr=TorchTrainer)', 'ValueError: x']), []);
    // A worker whose process died (the OOM killer): Ray's ActorDiedError block names it; another actor's names no rank.
    const died = (cls: string, pid: number) => [
      'ray.exceptions.ActorDiedError: The actor died unexpectedly before finishing this task.',
      `\tclass_name: ${cls}`,
      '\tactor_id: 17f730ef04a3a7406b421ea101000000',
      `\tpid: ${pid}`,
      '\tnamespace: bd542de1-90f2-46ba-8ece-bfcd459a3150',
      '\tip: 10.0.0.6',
      'The actor is dead because its worker process has died. Worker exit type: SYSTEM_ERROR Worker exit detail: Worker unexpectedly exits with a connection error code 2. End of file. There are some potential root causes. (1) The process is killed by SIGKILL by OOM killer due to high memory usage.',
    ];
    assert.deepStrictEqual(read([...died('RayTrainWorker', 51), ...died('RayTrainWorker', 51), ...died('TrainController', 52)]), [
      [['pid 51 on 10.0.0.6'], 'Ray: the worker (pid 51 on 10.0.0.6) died (SYSTEM_ERROR): Worker unexpectedly exits with a connection error code 2'],
    ]);
  });

  it("mp.spawn's word on a process that raised takes the exception after its traceback (a chained one's first); on one that died, its signal or exit code; either ends the job", () => {
    const words = new LauncherWords();
    const read = (lines: string[]) => lines.map((l) => words.read(l)).filter((v) => v !== undefined).map((v) => [v!.ranks, v!.message, v!.endsJob]);
    const raised = [
      'torch.multiprocessing.spawn.ProcessRaisedException: ',
      '',
      '-- Process 2 terminated with the following error:',
      'Traceback (most recent call last):',
      '  File "/usr/lib/python3/dist-packages/torch/multiprocessing/spawn.py", line 69, in _wrap',
      '    fn(i, *args)',
      'KeyError: 913',
      '',
      'During handling of the above exception, another exception occurred:',
      '',
      'Traceback (most recent call last):',
      '  File "t.py", line 9, in worker',
      'RuntimeError: bad shard 913',
      'the next line',
    ];
    // A chained exception's first exception ends the wait (the word is given at its line, also the last of a console).
    assert.deepStrictEqual(read(raised), [[[2], 'mp.spawn: process 2 raised KeyError: 913', 'mp.spawn']]);
    assert.deepStrictEqual(read(['torch.multiprocessing.spawn.ProcessExitedException: process 1 terminated with signal SIGKILL']), [[[1], 'mp.spawn: process 1 was killed by SIGKILL', 'mp.spawn']]);
    assert.deepStrictEqual(read(['torch.multiprocessing.spawn.ProcessExitedException: process 0 terminated with exit code 3']), [[[0], 'mp.spawn: process 0 exited with code 3', 'mp.spawn']]);
    assert.deepStrictEqual(read(['-- Process 1 terminated with the following error: and more', 'Process 1 terminated']), []);
  });

  it("a console without prefixes whose lines name their rank in a user format (mp.spawn's) is split by its rank group: a record's indented lines and an error record's traceback are its rank's, other lines the launcher's; mp.spawn's stop of the others shows them stopped", async () => {
    const { formats } = compileUserFormats([
      { name: 'spawn', pattern: '^(?<time>\\S+ \\S+) \\[rank (?<rank>\\d+)\\] (?<level>[A-Z]+) (?<logger>\\S+): (?<message>.*)$', timeFormat: 'iso', samples: ['2026-11-30 09:00:00,000 [rank 0] INFO train: step 1'] },
    ]);
    const root = tmp();
    const file = path.join(root, 'logs', 'console.log');
    const lines = [
      '2026-11-30 09:00:00,000 [rank 0] INFO train: step 1',
      '2026-11-30 09:00:00,010 [rank 1] INFO train: config',
      '  lr: 0.1',
      'print from somewhere',
      '2026-11-30 09:00:00,020 [rank 2] INFO train: step 1',
      '2026-11-30 09:00:01,000 [rank 0] ERROR train: bad shard, skipping',
      'Traceback (most recent call last):',
      '  File "t.py", line 3, in worker',
      "KeyError: 'shard_913'",
      '2026-11-30 09:00:01,500 [rank 1] INFO train: step 2',
      'Traceback (most recent call last):',
      '  File "t.py", line 25, in <module>',
      'torch.multiprocessing.spawn.ProcessRaisedException: ',
      '',
      '-- Process 2 terminated with the following error:',
      'Traceback (most recent call last):',
      '  File "t.py", line 20, in worker',
      'RuntimeError: boom on rank 2',
    ];
    write(file, lines.join('\n') + '\n');
    // Without the format, a console whose lines name no rank, read by mp.spawn's word alone; split by the format with it.
    assert.deepStrictEqual((await findForeignJobs(path.dirname(file))).map((j) => [j.kind, j.noLabels, j.rankFormat]), [['capture', true, undefined]]);
    const [job] = await findForeignJobs(path.dirname(file), DEFAULT_RANK_FILE_PATTERNS, [...formats, ...BUILT_IN_FORMATS]);
    assert.deepStrictEqual([job?.kind, job?.style, job?.rankFormat], ['capture', 'format', 'spawn']);
    const out = path.join(root, 'out');
    const imp = new JobImport(job, out, { formats: [...formats, ...BUILT_IN_FORMATS], year: 2026 });
    await imp.readOnce();
    const log = (r: number | string) => fs.readFileSync(path.join(out, `worker_${r}.log`), 'utf8');
    assert.ok(log(1).includes('config\n  lr: 0.1\n'), log(1));
    assert.ok(log(0).includes('ERROR - bad shard, skipping\nTraceback (most recent call last):\n  File "t.py", line 3, in worker\nKeyError: \'shard_913\'\n'), log(0));
    const launcher = fs.readdirSync(out).find((f) => !/^worker_\d+\.log$/.test(f) && f.endsWith('.log'));
    assert.ok(launcher, fs.readdirSync(out).join(', '));
    const own = fs.readFileSync(path.join(out, launcher!), 'utf8');
    assert.match(own, /print from somewhere/);
    assert.match(own, /line 25, in <module>/);
    assert.doesNotMatch(log(0) + log(1) + log(2), /print from somewhere|line 25|line 20/);
    const summary = await summaryOf(out);
    assert.strictEqual(summary.firstFailure?.rank, 2);
    assert.match(summary.firstFailure?.record.message ?? '', /^mp\.spawn: process 2 raised RuntimeError: boom on rank 2$/);
    assert.deepStrictEqual(summary.ranks.map((r) => r.stoppedBy ?? r.state), ['failed', 'stopped by mp.spawn (SIGTERM)', 'failed']);
    // Each rank's line opens at its own line of the console.
    assert.deepStrictEqual(await imp.sourceOf(path.join(out, 'worker_1.log'), 1), { path: file, line: 2 });

    // torchrun 2.4+ without --tee: the ranks' records name their rank in the format only, their
    // tracebacks carry PyTorch's own `[rank1]: ` (which alone would make it torchrun's capture).
    const torchrun = path.join(root, 'torchrun', 'console.log');
    write(torchrun, [
      'W1130 09:00:00.000000 77 site-packages/torch/distributed/run.py:793] Setting OMP_NUM_THREADS environment variable for each process to be 1 in default',
      ...[0, 1, 0, 1].map((r, i) => `2026-11-30 09:00:0${i},000 [rank ${r}] INFO train: step ${i}`),
      '[rank1]: Traceback (most recent call last):',
      '[rank1]:   File "t.py", line 3, in <module>',
      '[rank1]: RuntimeError: boom on rank 1',
      'E1130 09:00:08.212000 77 site-packages/torch/distributed/elastic/multiprocessing/api.py:869] failed (exitcode: 1) local_rank: 1 (pid: 7) of binary: /usr/bin/python3',
    ].join('\n') + '\n');
    assert.strictEqual((await findForeignJobs(path.dirname(torchrun)))[0]?.style, 'torchrun');
    const [tjob] = await findForeignJobs(path.dirname(torchrun), DEFAULT_RANK_FILE_PATTERNS, formats);
    assert.deepStrictEqual([tjob?.style, tjob?.rankFormat], ['format', 'spawn']);
    const tout = path.join(root, 'tout');
    await new JobImport(tjob, tout, { formats: [...formats, ...BUILT_IN_FORMATS], year: 2026 }).readOnce();
    assert.match(fs.readFileSync(path.join(tout, 'worker_1.log'), 'utf8'), /step 3\n(?:.*\n)?Worker 1 - output - ERROR - Uncaught exception\nTraceback \(most recent call last\):\n {2}File "t\.py", line 3, in <module>\nRuntimeError: boom on rank 1\n/);
    assert.strictEqual((await summaryOf(tout)).firstFailure?.rank, 1);
  });

  it("torchrun's stops whose process ids do not fit (another program started between its workers) name the node's other ranks in order when they are as many; else none", async () => {
    const root = tmp();
    const lines = (stops: number[]) => [
      ...[0, 1, 2].map((r) => `[default${r}]:2026-11-30 09:00:00,00${r} INFO train: step 1`),
      '[default1]:Traceback (most recent call last):',
      '[default1]:RuntimeError: boom',
      ...stops.map((pid) => `WARNING:torch.distributed.elastic.multiprocessing.api:Sending process ${pid} closing signal SIGTERM`),
      'ERROR:torch.distributed.elastic.multiprocessing.api:failed (exitcode: 1) local_rank: 1 (pid: 700) of binary: /usr/bin/python3',
    ];
    const states = async (name: string, stops: number[]) => {
      const out = await readThreeWays(await captureJob(path.join(root, name, 'console.log'), lines(stops)), path.join(root, `${name}-out`));
      return (await summaryOf(out)).ranks.map((r) => r.stoppedBy ?? r.state);
    };
    assert.deepStrictEqual(await states('apart', [500, 9000]), ['stopped by torchrun (SIGTERM)', 'failed', 'stopped by torchrun (SIGTERM)']);
    // One stop for two other ranks: which one is not known; torchrun's word on rank 1 says both no longer run.
    assert.deepStrictEqual(await states('fewer', [500]), ['stopped with its attempt, after rank 1 failed', 'failed', 'stopped with its attempt, after rank 1 failed']);
  });

  it("torchrun's summary names the other ranks that had failed under `Failures:` (not its Root Cause again): each is a verdict on its local rank", () => {
    const block = (n: number, rank: number, code: number, pid: number) => [`[${n}]:`, '  time      : 2026-12-02_04:03:40', '  host      : gpu-node-11', `  rank      : ${rank + 8} (local_rank: ${rank})`, `  exitcode  : ${code} (pid: ${pid})`, '  error_file: <N/A>', '  traceback : Signal 9 (SIGKILL) received by PID 9105'];
    const summary = ['torch.distributed.elastic.multiprocessing.errors.ChildFailedError: ', '='.repeat(60), 'train.py FAILED', '-'.repeat(60), 'Failures:', ...block(1, 3, -9, 9105), ...block(2, 2, 1, 9104), '-'.repeat(60), 'Root Cause (first observed failure):', ...block(0, 1, -9, 9103), '='.repeat(60)];
    const words = new LauncherWords();
    const verdicts = summary.map((l) => words.read(l)).filter((v) => v !== undefined);
    assert.deepStrictEqual(verdicts.map((v) => [v!.ranks, v!.message]), [
      [[3], 'torchrun: local rank 3 (pid 9105) was killed by signal 9 (SIGKILL)'],
      [[2], 'torchrun: local rank 2 (pid 9104) exited with code 1'],
    ]);
    // No other failures: nothing; a `rank :` line outside the section: nothing.
    assert.deepStrictEqual(['Failures:', '  <NO_OTHER_FAILURES>', '-'.repeat(60), '  rank      : 1 (local_rank: 1)', '  exitcode  : -9 (pid: 9103)'].map((l) => words.read(l)).filter((v) => v !== undefined), []);
  });

  it("a launcher's word fails a rank that wrote none: torchrun's exit codes and signals, srun's tasks, Slurm's time limit, mpirun's signals", () => {
    assert.deepStrictEqual(launcherVerdict('ERROR:torch.distributed.elastic.multiprocessing.api:failed (exitcode: -9) local_rank: 3 (pid: 4242) of binary: /usr/bin/python3'), {
      ranks: [3],
      pid: 4242,
      level: 'ERROR',
      message: 'torchrun: local rank 3 (pid 4242) was killed by signal 9 (SIGKILL)',
      endsAttempt: true,
      endsRanks: 'torchrun',
      // torchrun noticed it when it looked (every 5 s): a signal's kill is placed by that (captureLauncher.ts).
      noticed: { by: 'torchrun', withinMs: 5000 },
    });
    assert.strictEqual(launcherVerdict('E1130 09:12:33.362000 140245 torch/distributed/elastic/multiprocessing/api.py:826] failed (exitcode: 1) local_rank: 0 (pid: 77) of binary: /usr/bin/python3')?.message, 'torchrun: local rank 0 (pid 77) exited with code 1');
    assert.deepStrictEqual(launcherVerdict('srun: error: gpu-node-3: tasks 0-2,5: Killed')?.ranks, [0, 1, 2, 5]);
    // srun's SIGTERM (`srun -K` once another task failed, a cancellation) stops a task: no failure of its own.
    const terminated = launcherVerdict('srun: error: gpu-node-3: task 0: Terminated');
    assert.deepStrictEqual([terminated?.level, stoppedByOf(terminated?.message ?? '')], ['INFO', 'stopped by srun (SIGTERM)']);
    assert.deepStrictEqual(launcherVerdict('slurmstepd: error: *** STEP 1234.0 ON gpu-node-3 CANCELLED AT 2026-11-30T09:12:33 DUE TO TIME LIMIT ***'), {
      ranks: 'all',
      level: 'CRITICAL',
      message: 'Slurm cancelled job step 1234.0 on gpu-node-3 due to time limit',
      time: Date.UTC(2026, 10, 30, 9, 12, 33),
      slurmEnded: true,
    });
    // PBS's kill over a limit (PBS Pro's and Torque's MoM, on the job's stderr): every rank's failure; its walltime is how long the job ran.
    assert.deepStrictEqual(launcherVerdict('=>> PBS: job killed: walltime 3630 exceeded limit 3600'), { ranks: 'all', level: 'CRITICAL', message: 'PBS killed the job: walltime 3630 exceeded limit 3600', ranFor: 3_630_000 });
    assert.deepStrictEqual(launcherVerdict('=>> PBS: job killed: mem 4219124kb exceeded limit 4194304kb'), { ranks: 'all', level: 'CRITICAL', message: 'PBS killed the job: mem 4219124kb exceeded limit 4194304kb' });
    assert.strictEqual(launcherVerdict('=>> PBS: job killed: walltime 01:00:30 exceeded limit 01:00:00')?.ranFor, 3_630_000);
    assert.strictEqual(launcherVerdict('=>> PBS: job killed: ncpus 4.12 exceeded limit 4')?.message, 'PBS killed the job: ncpus 4.12 exceeded limit 4');
    for (const other of ['=>> PBS: job killed: walltime soon exceeded limit 60', '=>> PBS: job killed: walltime 65 exceeded limit 60 and more', 'PBS: job killed: walltime 65 exceeded limit 60']) assert.strictEqual(launcherVerdict(other), undefined, other);
    // LSF's job report after the job's output: its TERM_ reason, at its `Terminated at` time; a limit fails every rank, bkill stops them; outside a report, nothing.
    const report = (reason: string, words = new LauncherWords()) =>
      ['------------------------------------------------------------', 'Sender: LSF System <lsfadmin@gpu-node-3>', 'Subject: Job 4411: <hang> in cluster <gpu> Exited', 'Started at Thu Dec  3 22:02:29 2026', 'Terminated at Thu Dec  3 22:03:34 2026', '# LSBATCH: User input', 'TERM_RUNLIMIT: in the script, not the report', '------------------------------------------------------------', '', reason, 'Exited with exit code 140.', 'The output (if any) is above this job summary.']
        .map((l) => words.read(l))
        .filter((v) => v !== undefined);
    assert.deepStrictEqual(report('TERM_RUNLIMIT: job killed after reaching LSF run time limit.'), [{ ranks: 'all', level: 'CRITICAL', message: 'LSF: job killed after reaching LSF run time limit (TERM_RUNLIMIT)', time: Date.UTC(2026, 11, 3, 22, 3, 34) }]);
    assert.deepStrictEqual(report('TERM_OWNER: job killed by owner.').map((v) => [v!.level, v!.message]), [['INFO', 'LSF: job killed by owner (TERM_OWNER)']]);
    assert.strictEqual(launcherVerdict('TERM_RUNLIMIT: job killed after reaching LSF run time limit.'), undefined);
    assert.strictEqual(new LauncherWords().read('TERM_MEMLIMIT: job killed after reaching LSF memory usage limit.'), undefined, 'a TERM_ line outside a report');
    // Cancelled without a reason (`scancel`, srun ending the step of a task that failed): a stop.
    const cancelled = launcherVerdict('slurmstepd: error: *** JOB 1234 ON gpu-node-3 CANCELLED AT 2026-11-30T09:12:33 ***');
    assert.deepStrictEqual([cancelled?.level, cancelled?.message, stoppedByOf(cancelled?.message ?? '')], ['INFO', 'Slurm cancelled job 1234 on gpu-node-3', 'stopped by Slurm (cancelled)']);
    // The job's and its step's cancellation at one time, on one node, for one reason: one word.
    const words = new LauncherWords();
    const cancel = (what: string, at: string) => words.read(`slurmstepd: error: *** ${what} ON gpu-node-3 CANCELLED AT 2026-11-30T${at} DUE TO PREEMPTION ***`)?.message;
    assert.deepStrictEqual([cancel('STEP 1234.0', '09:12:33'), cancel('JOB 1234', '09:12:33'), cancel('JOB 1234', '09:40:00')], ['Slurm cancelled job step 1234.0 on gpu-node-3 due to preemption', undefined, 'Slurm cancelled job 1234 on gpu-node-3 due to preemption']);
    assert.deepStrictEqual(launcherVerdict('mpirun noticed that process rank 1 with PID 0 on node n1 exited on signal 11 (Segmentation fault).')?.ranks, [1]);
    for (const line of ['srun: error: x: tasks : y', 'failed (exitcode: x)', '', 'x'.repeat(5000)]) assert.strictEqual(launcherVerdict(line), undefined);
    assert.deepStrictEqual(launcherVerdict('MPI_ABORT was invoked on rank 2 in communicator MPI_COMM_WORLD'), { ranks: [2], level: 'ERROR', message: 'MPI_ABORT was invoked on rank 2 (MPI_COMM_WORLD)', endsRanks: 'mpirun' });
    // horovodrun (Gloo): a signal's death reported as a shell does, 128 + its number.
    assert.deepStrictEqual(launcherVerdict('Process 3 exit with status code 137.'), { ranks: [3], level: 'ERROR', message: 'horovodrun: rank 3 exited with status code 137 (SIGKILL)' });
    assert.strictEqual(launcherVerdict('Process 3 exit with status code 1.')?.message, 'horovodrun: rank 3 exited with status code 1');
    assert.strictEqual(launcherVerdict('Process 3 exit with status code 1. And more'), undefined);
  });

  it("a launcher's word may name a rank not seen yet (killed before its first line), but not thousands: `tasks 0-99999` fails the ranks there are", async () => {
    const root = tmp();
    const file = path.join(root, 'run.out');
    const lines = ['0: a', '1: b', '0: c', '1: d', 'srun: error: n1: task 3: Out Of Memory', 'srun: error: n1: tasks 0-99999: Killed'];
    const job = await captureJob(file, lines);
    const out = path.join(root, 'out');
    await new JobImport(job, out, options).readOnce();
    assert.deepStrictEqual(fs.readdirSync(out).sort(), ['launcher.log', 'worker_0.log', 'worker_1.log', 'worker_3.log']);
    assert.deepStrictEqual((await summaryOf(out)).ranks.map((r) => [r.rank, r.state]), [[0, 'failed'], [1, 'failed'], [3, 'failed']]);
  });

  it("a launcher's word on a rank that wrote nothing before it (torchrun's --local-ranks-filter) is by the launcher's own time, else at or after the capture's latest, in the attempt the rank ran in; read the same three ways", async () => {
    const root = tmp();
    const steps = (from: number, rank = 0) => Array.from({ length: 20 }, (_, i) => `[rank${rank}]:2026-11-30 09:${String(from + i).padStart(2, '0')}:05,000 - root - INFO - step: ${i + 1}/20`);
    // torchrun 2 (`--role rank --tee 3 --local-ranks-filter 0`): its own lines in glog's format.
    const torch2 = [
      'W1130 09:00:00.100000 500 site-packages/torch/distributed/run.py:793] *****************************************',
      ...steps(0),
      '[rank0]:terminate called without an active exception',
      '[rank0]:Fatal Python error: Aborted',
      'E1130 09:20:08.212000 500 site-packages/torch/distributed/elastic/multiprocessing/api.py:869] failed (exitcode: -6) local_rank: 1 (pid: 502) of binary: /usr/bin/python3',
    ];
    // torchrun 1.13: its word has no time; rank 0 failed earlier (its last word: a rank that logged an error and went on did not fail of it), rank 2 ran on.
    const torch113 = [...steps(0).slice(0, 3), '[rank0]:2026-11-30 09:02:30,000 - root - ERROR - loss is NaN', ...steps(3, 2), 'ERROR:torch.distributed.elastic.multiprocessing.api:failed (exitcode: -9) local_rank: 1 (pid: 502) of binary: /usr/bin/python3'];
    // A job through our module: its console holds only the ranks' warnings, in our format (their times count too).
    const module = [
      'WARNING:torch.distributed.elastic.multiprocessing.api:Sending process 20786 closing signal SIGTERM',
      '[default0]:2026-11-30 09:22:05,000 - Worker 0 - worker_logging.run - WARNING - Worker 0 received SIGTERM; exiting',
      'ERROR:torch.distributed.elastic.multiprocessing.api:failed (exitcode: -9) local_rank: 1 (pid: 20787) of binary: /usr/bin/python3',
    ];
    for (const [name, lines] of [['torch2', torch2], ['torch113', torch113], ['module', module]] as const) {
      const job = await captureJob(path.join(root, name, 'console.log'), [...lines]);
      const s = await summaryOf(await readThreeWays(job, path.join(root, name), `${name}: `));
      const rank1 = s.ranks.find((r) => r.rank === 1)!;
      assert.deepStrictEqual([s.attempts.length, rank1.state, rank1.sessions], [1, 'failed', 1], name);
      assert.strictEqual(s.attempts[0].start, parseAsctime(name === 'torch2' ? '2026-11-30 09:00:00,100' : name === 'module' ? '2026-11-30 09:22:05,000' : '2026-11-30 09:00:05,000'), name);
      const error = rank1.firstError!.record;
      if (name === 'torch2') {
        // By torchrun's own time, when it noticed (it looks every 5 s): at or after 5 s before it.
        // Rank 0's abort (C++'s last words) came before it.
        assert.deepStrictEqual([error.time, !!error.timeApproximate], [parseAsctime('2026-11-30 09:20:03,212'), true]);
        assert.strictEqual(rank1.lastActivity, parseAsctime('2026-11-30 09:20:03,212'));
        assert.deepStrictEqual([s.firstFailure?.rank, s.firstFailure?.record.message], [0, 'terminate called without an active exception']);
      } else if (name === 'module') {
        assert.deepStrictEqual([error.time, !!error.timeApproximate, s.firstFailure?.rank], [parseAsctime('2026-11-30 09:22:05,000'), true, 1]);
      } else {
        // At or after the capture's last line (rank 2's), never at the job's start: rank 0's NaN was first.
        assert.deepStrictEqual([error.time, !!error.timeApproximate], [parseAsctime('2026-11-30 09:22:05,000'), true]);
        assert.deepStrictEqual([s.firstFailure?.rank, s.firstFailure?.record.message], [0, 'loss is NaN']);
      }
    }
  });

  it("torchrun's word on a rank a signal killed (or that exited with a code), silent minutes before: placed by when torchrun noticed (its summary's time, else its line's) less the 5 s it looks every, so another rank's error in between comes first; read the same three ways", async () => {
    const root = tmp();
    const head = [
      '[rank0]:2026-12-04 09:00:00,000 INFO train: step 1',
      '[rank1]:2026-12-04 09:00:00,000 INFO train: step 1',
      '[rank1]:2026-12-04 09:00:05,000 INFO train: building the eval cache',
      '[rank0]:2026-12-04 09:02:00,000 ERROR train: loss is NaN',
    ];
    const summary = (time: string, code = -9) => [
      'Traceback (most recent call last):',
      '  File "/usr/local/bin/torchrun", line 8, in <module>',
      'torch.distributed.elastic.multiprocessing.errors.ChildFailedError: ',
      '============================================================',
      'train.py FAILED',
      '------------------------------------------------------------',
      'Failures:',
      '  <NO_OTHER_FAILURES>',
      '------------------------------------------------------------',
      'Root Cause (first observed failure):',
      '[0]:',
      `  time      : ${time}`,
      '  host      : gpu-node01',
      '  rank      : 1 (local_rank: 1)',
      `  exitcode  : ${code} (pid: 5002)`,
      '  error_file: <N/A>',
      '============================================================',
    ];
    const torch113 = (code = -9) => `ERROR:torch.distributed.elastic.multiprocessing.api:failed (exitcode: ${code}) local_rank: 1 (pid: 5002) of binary: /usr/bin/python3`;
    // torch 2.4+: its word carries its time, written once it stopped the others (here 30 s after it noticed).
    const torch24 = (code = -9) => `E1204 09:03:40.600000 140233 torch/distributed/elastic/multiprocessing/api.py:869] failed (exitcode: ${code}) local_rank: 1 (pid: 5002) of binary: /usr/bin/python3`;
    const cases: [string, string[], string | undefined, number, string][] = [
      // [name, lines, rank 1's error's time (approximate), the first failure's rank, why]
      ['1.13 with its summary', [...head, torch113(), ...summary('2026-12-04_09:03:10')], '2026-12-04 09:03:05,000', 0, "the summary's time less 5 s"],
      ['2.4 with its summary', [...head, torch24(), ...summary('2026-12-04_09:03:10')], '2026-12-04 09:03:05,000', 0, "the summary's, not its line's (written after the stops)"],
      ['2.4 without a summary', [...head, torch24()], '2026-12-04 09:03:35,600', 0, "its line's time less 5 s"],
      ['1.13 without a summary', [...head, torch113()], '2026-12-04 09:00:05,000', 1, "no time at all: at or after its last line, as before"],
      ['noticed soon after its last line', [...head, torch113(), ...summary('2026-12-04_09:00:07')], '2026-12-04 09:00:05,000', 1, 'its last line is later than 5 s before: no earlier'],
      // (A rank's traceback Python printed has no time either: a rank that waited out a collective's timeout raised long after its last line.)
      ['an exit code', [...head, torch113(1), ...summary('2026-12-04_09:03:10', 1)], '2026-12-04 09:03:05,000', 0, "an exit code without a time of its own: as a signal's, the summary's time less 5 s"],
      ['an exit code, 2.4 without a summary', [...head, torch24(1)], '2026-12-04 09:00:05,000', 1, 'not by its line: torchrun writes it once it stopped the others (up to 30 s later): at its last line'],
    ];
    for (const [name, lines, time, first, why] of cases) {
      const job = await captureJob(path.join(root, name.replace(/\W+/g, '-'), 'train.out'), lines);
      const out = await readThreeWays(job, path.join(root, `${name.replace(/\W+/g, '-')}-out`), `${name}: `);
      const s = await summaryOf(out);
      const error = s.ranks.find((r) => r.rank === 1)!.firstError!.record;
      assert.deepStrictEqual([error.message, error.time, error.timeApproximate], [`torchrun: local rank 1 (pid 5002) ${name.startsWith('an exit code') ? 'exited with code 1' : 'was killed by signal 9 (SIGKILL)'}`, parseAsctime(time!), true], `${name}: ${why}`);
      assert.strictEqual(s.firstFailure?.rank, first, name);
      const noted = fs.readFileSync(path.join(out, 'worker_1.log'), 'utf8').includes('torchrun noticed at');
      assert.strictEqual(noted, first === 0, `${name}: the note of when torchrun noticed`);
    }
    // The note says when torchrun noticed, in the rank's log just before the word.
    const log = fs.readFileSync(path.join(root, '1-13-with-its-summary-out', 'lane', 'worker_1.log'), 'utf8').trimEnd().split('\n');
    assert.deepStrictEqual(log.slice(-2), [
      '2026-12-04 09:03:05,000 - Worker 1 - launcher - INFO - torchrun noticed at 2026-12-04 09:03:10.000 that this rank had ended; it looks every 5 s, so the rank ended at or after this time',
      'Worker 1 - launcher - ERROR - torchrun: local rank 1 (pid 5002) was killed by signal 9 (SIGKILL)',
    ]);
  });

  it("torchrun's summary times by process id: each block's time and exit line (Failures and Root Cause), nothing from a block cut short or from other lines", () => {
    const lines = [
      'Failures:',
      '[1]:',
      '  time      : 2026-12-02_04:03:40',
      '  rank      : 3 (local_rank: 3)',
      '  exitcode  : -9 (pid: 9105)',
      '[2]:',
      '  time      : 2026-12-02_04:03:41',
      '------------------------------------------------------------',
      '  exitcode  : -9 (pid: 9106)',
      'Root Cause (first observed failure):',
      '[0]:',
      '  time      : 2026-12-02_04:03:39',
      '  rank      : 1 (local_rank: 1)',
      '  exitcode  : 1 (pid: 9103)',
      '  time      : not a time',
      '  exitcode  : -9 (pid: 9107)',
    ];
    assert.deepStrictEqual([...torchrunSummaryTimes(lines)], [
      [9105, parseAsctime('2026-12-02 04:03:40')],
      [9103, parseAsctime('2026-12-02 04:03:39')],
    ]);
    assert.strictEqual(torchrunSummaryTimes(['x'.repeat(1_000_000), '']).size, 0);
  });

  it("mpirun's word on the first process that exited non-zero spans lines: its name, then its exit code, read in order", () => {
    const banner = [
      '--------------------------------------------------------------------------',
      'mpirun detected that one or more processes exited with non-zero status, thus causing',
      'the job to be terminated. The first process to do so was:',
      '',
      '  Process name: [[25776,1],1]',
      '  Exit code:    3',
      '--------------------------------------------------------------------------',
    ];
    const read = (lines: string[]) => {
      const words = new LauncherWords();
      return lines.map((l) => words.read(l)).flatMap((v, i) => (v ? [[i, v.ranks, v.message]] : []));
    };
    assert.deepStrictEqual(read(banner), [[5, [1], 'mpirun: rank 1 exited with code 3 (the first process to exit non-zero)']]);
    // Without the sentence, or too far after it, a process name and an exit code say nothing.
    assert.deepStrictEqual(read(banner.slice(2)), []);
    assert.deepStrictEqual(read([...banner.slice(0, 4), ...Array(6).fill('more text'), ...banner.slice(4)]), []);
    // A rank that ended the job without an exit code: how, the line after says.
    const due = 'mpirun has exited due to process rank 1 with PID 0 on';
    assert.deepStrictEqual(read([due, 'node gpu-1 exiting improperly. There are three reasons this could occur:']), [[1, [1], 'mpirun: rank 1 (pid 0) on gpu-1 exited improperly (without MPI_Finalize)']]);
    assert.deepStrictEqual(read([due, 'node gpu-1 calling "abort". This may have caused other processes']), [[1, [1], 'mpirun: rank 1 (pid 0) on gpu-1 called abort']]);
    assert.deepStrictEqual(read([due, 'something else']), [[1, [1], 'mpirun: rank 1 (pid 0) ended the job']]);
    // Lines that say something themselves are still read within it.
    assert.deepStrictEqual(read([banner[1], 'srun: error: n1: task 0: Killed', banner[4], banner[5]]).map((v) => v[1]), [[0], [1]]);
    // Hydra (MPICH, Intel MPI): its banner names the rank, or only a process (then it is on one of every rank).
    const hydra = (who: string, how: string) => ['='.repeat(83), '=   BAD TERMINATION OF ONE OF YOUR APPLICATION PROCESSES', `=   ${who}`, `=   ${how}`, '='.repeat(83)];
    assert.deepStrictEqual(read(hydra('RANK 1 PID 27494 RUNNING AT node1', 'KILLED BY SIGNAL: 11 (Segmentation fault)')), [[3, [1], 'Hydra: rank 1 (pid 27494 on node1) was killed by signal 11 (Segmentation fault)']]);
    assert.deepStrictEqual(read(hydra('PID 31129 RUNNING AT vm', 'EXIT CODE: 9')), [[3, 'all', 'Hydra: a process (pid 31129 on vm) exited with code 9, and Hydra ended the others; it names no rank']]);
    assert.deepStrictEqual(read(['=   BAD TERMINATION OF ONE OF YOUR APPLICATION PROCESSES', '=   RANK 1 PID 2 RUNNING AT n', '= x', '= y', '=   EXIT CODE: 9']), []);
    assert.deepStrictEqual(read(['=   RANK 1 PID 2 RUNNING AT n', '=   EXIT CODE: 9']), []);
  });

  it("Intel MPI's banners on ranks one after another (mpiexec -prepend-rank): each named rank's last word is its own failure, not that Hydra ended it after another's; a rank no banner named is ended with the job", async () => {
    const root = tmp();
    const banner = (rank: number) => ['='.repeat(83), '=   BAD TERMINATION OF ONE OF YOUR APPLICATION PROCESSES', `=   RANK ${rank} PID ${48210 + rank} RUNNING AT gpu-node-1`, '=   KILLED BY SIGNAL: 9 (Killed)', '='.repeat(83), ''];
    const file = path.join(root, 'run.out');
    const steps = [1, 2, 3, 4].flatMap((step) => [0, 1, 2].map((r) => `[${r}] 2026-12-07 02:31:4${step},40${r} INFO train: step ${step}`));
    const job = await captureJob(file, [...steps, ...banner(1), ...banner(0)]);
    const out = path.join(root, 'out');
    await new JobImport(job, out, options).readOnce();
    const last = (rank: number) => fs.readFileSync(path.join(out, `worker_${rank}.log`), 'utf8').trimEnd().split('\n').pop();
    assert.match(last(1)!, /ERROR - Hydra: rank 1 \(pid 48211 on gpu-node-1\) was killed by signal 9/);
    assert.match(last(0)!, /ERROR - Hydra: rank 0 \(pid 48210 on gpu-node-1\) was killed by signal 9/);
    assert.match(last(2)!, /INFO - Hydra ended its ranks after rank 1 failed: rank 2 no longer runs$/);
    const s = await summaryOf(out);
    assert.deepStrictEqual(s.ranks.map((r) => [r.rank, r.state]), [[0, 'failed'], [1, 'failed'], [2, 'finished']]);
  });

  it('a capture: the rank the launcher says died is failed, at its last record, and its record opens at the launcher line', async () => {
    const root = tmp();
    const file = path.join(root, 'run.out');
    write(
      file,
      [
        '0: 2026-11-30 09:00:00,000 INFO train: step 1',
        '1: 2026-11-30 09:00:00,100 INFO train: step 1',
        '0: 2026-11-30 09:00:05,000 INFO train: step 2',
        'srun: error: gpu-node-3: task 1: Killed',
        '0: 2026-11-30 09:00:06,000 INFO train: step 3',
      ].join('\n') + '\n',
    );
    const [job] = await findForeignJobs(root);
    const out = path.join(root, 'out');
    const imp = new JobImport(job, out, options);
    await imp.update();
    const s = await summaryOf(out);
    assert.deepStrictEqual(s.ranks.map((r) => [r.rank, r.state]), [[0, 'running'], [1, 'failed']]);
    assert.strictEqual(s.firstFailure?.rank, 1);
    assert.strictEqual(s.firstFailure?.record.message, 'srun: gpu-node-3: Killed');
    assert.deepStrictEqual(await imp.sourceOf(path.join(out, 'worker_1.log'), 1), { path: file, line: 3 });
    assert.deepStrictEqual(await imp.sourceOf(path.join(out, 'worker_0.log'), 2), { path: file, line: 4 });
  });

  it("rich's record of the same second under a label that ends with a space (`[rank0]: `, which took one of its spaces) is a record at its level: its error fails the rank; the same read three ways", async () => {
    const root = tmp();
    const capture = path.join(root, 'cap', 'train.out');
    const job = await captureJob(capture, [
      '[rank0]:[12/04/26 09:00:02] INFO     loading shard 17                      train.py:42',
      `[rank0]:${' '.repeat(20)}ERROR    shard 17 is truncated at byte 1234567; train.py:57`,
      `[rank0]:${' '.repeat(29)}expected 8912345 bytes`,
      '[rank1]:[12/04/26 09:00:03] WARNING  slow step                             train.py:88',
      `[rank1]:${' '.repeat(29)}a wrapped part of the warning`,
    ]);
    const out = await readThreeWays(job, path.join(root, 'cap-out'));
    const s = await summaryOf(out);
    assert.deepStrictEqual(s.ranks.map((r) => r.state), ['failed', 'running']);
    assert.strictEqual(s.firstFailure?.record.message, 'shard 17 is truncated at byte 1234567;');
    assert.strictEqual(s.firstFailure?.record.time, parseAsctime('2026-12-04 09:00:02,000'));
  });

  it("records whose time has no date (`datefmt='%H:%M:%S'`, rich's `[08:12:33]`) are records at their level, dated by the time before them (past midnight: the next day), else by the file's last change; the same read three ways", async () => {
    const root = tmp();
    // A capture whose records give only their time, the job running past midnight; its last change the next morning.
    const capture = path.join(root, 'cap', 'train.out');
    const job = await captureJob(capture, [
      '[default0]:23:59:58.500 INFO     train - step 1',
      '[default1]:23:59:59.000 INFO     train - step 1',
      '[default0]:00:00:01.250 INFO     train - step 2',
      '[default1]:[00:00:02] ERROR    nan loss at step 2',
      'ERROR:torch.distributed.elastic.multiprocessing.api:failed (exitcode: 1) local_rank: 1 (pid: 4242) of binary: /usr/bin/python3',
    ]);
    const changed = new Date(2026, 11, 1, 0, 0, 5);
    fs.utimesSync(capture, changed, changed);
    const out = await readThreeWays(job, path.join(root, 'cap-out'));
    const s = await summaryOf(out);
    assert.deepStrictEqual(s.ranks.map((r) => r.state), ['finished', 'failed']);
    assert.strictEqual(s.firstFailure?.rank, 1);
    assert.strictEqual(s.firstFailure?.record.message, 'nan loss at step 2');
    assert.strictEqual(s.firstFailure?.record.time, parseAsctime('2026-12-01 00:00:02,000'));
    assert.match(fs.readFileSync(path.join(out, 'worker_0.log'), 'utf8'), /^2026-11-30 23:59:58,500 - Worker 0 - timestamped - INFO - train - step 1\n2026-12-01 00:00:01,250 - Worker 0 - timestamped - INFO - train - step 2\n/);
    // A job of days: its first lines dated by the first date the capture's head gives (a glog line of c10d), not by its last change.
    const long = path.join(root, 'long', 'train.out');
    const longJob = await captureJob(long, ['[rank0]:10:00:00.000 INFO     train - step 1', '[rank1]:10:00:00.100 INFO     train - step 1', '[rank1]:[W1130 10:00:05.000000 42 ProcessGroupNCCL.cpp:1203] heartbeat', '[rank0]:10:00:06.000 ERROR    train - boom']);
    const later = new Date(2026, 11, 3, 9, 0, 0);
    fs.utimesSync(long, later, later);
    const longOut = await readThreeWays(longJob, path.join(root, 'long-out'));
    assert.deepStrictEqual(fs.readFileSync(path.join(longOut, 'worker_0.log'), 'utf8').split('\n').map((l) => l.slice(0, 23)), ['2026-11-30 10:00:00,000', '2026-11-30 10:00:06,000', '']);
    // Task files: each file's first such record is dated by the file's last change (the day before, when its time of day comes after it).
    const tasks = path.join(root, 'tasks');
    write(path.join(tasks, '77_0.out'), '22:00:00 INFO train: step 1\n22:30:00 WARNING train: slow\n');
    write(path.join(tasks, '77_1.out'), '07:00:00 INFO train: step 1\n');
    const morning = new Date(2026, 11, 2, 7, 30, 0);
    for (const r of [0, 1]) fs.utimesSync(path.join(tasks, `77_${r}.out`), morning, morning);
    const [taskJob] = await findForeignJobs(tasks);
    const taskOut = path.join(root, 'tasks-out');
    await new JobImport(taskJob, taskOut, options).readOnce();
    assert.match(fs.readFileSync(path.join(taskOut, 'worker_0.log'), 'utf8'), /^2026-12-01 22:00:00,000 - Worker 0 - train - INFO - step 1\n2026-12-01 22:30:00,000 - Worker 0 - train - WARNING - slow\n/);
    assert.match(fs.readFileSync(path.join(taskOut, 'worker_1.log'), 'utf8'), /^2026-12-02 07:00:00,000 - Worker 1 - train - INFO - step 1\n/);
  });

  it("glog times without their year, of a job that ran across New Year read in January, are December's of the year before; the same read three ways; a job read as it writes keeps the year", async () => {
    const root = tmp();
    // Enough lines of each rank for the lane to take turns (a rank's December failure first).
    const lines: string[] = [];
    for (let k = 0; k < 40; k++) lines.push(`[rank${k % 2}]:I1231 23:58:${String(k).padStart(2, '0')}.100000 41${k % 2} train.cpp:10] step ${k}`);
    lines.push('[rank1]:E1231 23:59:59.500000 411 ProcessGroupNCCL.cpp:1234] [Rank 1] NCCL watchdog thread terminated with exception: CUDA error');
    for (let k = 0; k < 40; k++) lines.push(`[rank0]:I0101 00:00:${String(k).padStart(2, '0')}.000000 410 train.cpp:10] step ${k + 40}`);
    lines.push('[rank0]:E0101 00:00:41.000000 410 ProcessGroupNCCL.cpp:1234] [Rank 0] Watchdog caught collective operation timeout');
    const job = await captureJob(path.join(root, 'cap', 'train.out'), lines);
    const january = { formats: BUILT_IN_FORMATS, year: 2027, lastChange: parseAsctime('2027-01-01 00:00:45,000')! };
    const ways = READ_WAYS.map(([name, way]) => [name, { ...way, ...january }] as const);
    const texts: string[] = [];
    for (const [name, way] of ways) {
      await new JobImport(job, path.join(root, name), way).readOnce();
      texts.push(writtenText(path.join(root, name)));
    }
    assert.strictEqual(texts[1], texts[0], 'bytes vs lane');
    assert.strictEqual(texts[2], texts[0], 'strings vs lane');
    const s = await summaryOf(path.join(root, 'lane'));
    assert.strictEqual(s.firstFailure?.rank, 1);
    assert.strictEqual(s.firstFailure?.record.time, parseAsctime('2026-12-31 23:59:59,500'));
    const rank0 = fs.readFileSync(path.join(root, 'lane', 'worker_0.log'), 'utf8').split('\n');
    assert.deepStrictEqual([rank0[0].slice(0, 23), rank0[20].slice(0, 23), rank0[60].slice(0, 23)], ['2026-12-31 23:58:00,100', '2027-01-01 00:00:00,000', '2027-01-01 00:00:41,000']);
    // Read as it writes (its lines a month after the last change the import began with), no time is put back a year.
    const december = { formats: BUILT_IN_FORMATS, year: 2027, lastChange: parseAsctime('2027-12-02 10:00:00,000')! };
    await new JobImport(job, path.join(root, 'december'), december).readOnce();
    assert.match(fs.readFileSync(path.join(root, 'december', 'worker_1.log'), 'utf8'), /^2027-12-31 23:58:01,100 /);
  });

  it("Slurm task files of glog lines without their year, across New Year, read in January: each rank's December lines of the year before, in the lane as in JavaScript", async () => {
    const root = tmp();
    const tasks = path.join(root, 'tasks');
    const glog = (level: string, day: string, time: string, what: string) => `${level}${day} ${time}.100000 4242 train.cpp:10] ${what}`;
    for (const rank of [0, 1]) {
      const lines = Array.from({ length: 30 }, (_, k) => glog('I', '1231', `23:59:${String(20 + k).padStart(2, '0')}`, `step ${k}`));
      if (rank === 1) lines.push(glog('E', '1231', '23:59:55', 'NCCL watchdog thread terminated with exception'));
      else lines.push(...Array.from({ length: 30 }, (_, k) => glog('I', '0101', `00:00:${String(k).padStart(2, '0')}`, `step ${k + 30}`)), glog('E', '0101', '00:00:31', 'Watchdog caught collective operation timeout'));
      write(path.join(tasks, `77_${rank}.out`), lines.join('\n') + '\n');
    }
    const [job] = await findForeignJobs(tasks);
    const january = { year: 2027, lastChange: Date.UTC(2027, 0, 1, 0, 1, 0) };
    const texts: string[] = [];
    for (const [name, way] of READ_WAYS) {
      await new JobImport(job, path.join(root, name), { ...way, ...january }).readOnce();
      texts.push(writtenText(path.join(root, name)));
    }
    assert.strictEqual(texts[1], texts[0], 'bytes vs lane');
    assert.strictEqual(texts[2], texts[0], 'strings vs lane');
    const s = await summaryOf(path.join(root, 'lane'));
    assert.deepStrictEqual([s.firstFailure?.rank, s.firstFailure?.record.time], [1, Date.UTC(2026, 11, 31, 23, 59, 55, 100)]);
  });

  it("a capture read as it writes across New Year: the glog lines written after midnight take the new year, those written before it keep theirs; the same read three ways", async () => {
    const root = tmp();
    const file = path.join(root, 'cap', 'train.out');
    const glog = (rank: number, day: string, time: string, what: string) => `[rank${rank}]:I${day} ${time}.100000 41${rank} train.cpp:10] ${what}`;
    const before = Array.from({ length: 40 }, (_, k) => glog(k % 2, '1231', `23:59:${String(10 + k).padStart(2, '0')}`, `step ${k}`));
    // Rank 1's last December line comes in the read after midnight.
    const after = [glog(1, '1231', '23:59:59', 'last of the year'), ...Array.from({ length: 40 }, (_, k) => glog(k % 2, '0101', `00:00:${String(k).padStart(2, '0')}`, `step ${k + 40}`))];
    const job = await captureJob(file, before);
    const clock = { now: new Date(2026, 11, 31, 23, 59, 56).getTime() };
    const texts: string[] = [];
    for (const [name, way] of READ_WAYS) {
      fs.writeFileSync(file, before.join('\n') + '\n');
      fs.utimesSync(file, new Date(2026, 11, 31, 23, 59, 55), new Date(2026, 11, 31, 23, 59, 55));
      clock.now = new Date(2026, 11, 31, 23, 59, 56).getTime();
      const imp = new JobImport(job, path.join(root, name), { ...way, year: 2026, lastChange: Date.UTC(2026, 11, 31, 23, 59, 0), now: () => clock.now });
      await imp.update();
      fs.appendFileSync(file, after.join('\n') + '\n');
      fs.utimesSync(file, new Date(2027, 0, 1, 0, 0, 45), new Date(2027, 0, 1, 0, 0, 45));
      clock.now = new Date(2027, 0, 1, 0, 0, 46).getTime();
      await imp.readOnce();
      texts.push(writtenText(path.join(root, name)));
    }
    assert.strictEqual(texts[1], texts[0], 'bytes vs lane');
    assert.strictEqual(texts[2], texts[0], 'strings vs lane');
    const rank1 = fs.readFileSync(path.join(root, 'lane', 'worker_1.log'), 'utf8').split('\n');
    assert.deepStrictEqual([rank1[19], rank1[20], rank1[21]].map((l) => l.slice(0, 23)), ['2026-12-31 23:59:49,100', '2026-12-31 23:59:59,100', '2027-01-01 00:00:01,100']);
    assert.match(rank1[20], /last of the year$/);
  });

  it('records logged as JSON (python-json-logger, structlog) are records at their level and time, a logged exception under its record; printed objects stay prints; the same read three ways', async () => {
    const root = tmp();
    const job = await captureJob(path.join(root, 'cap', 'train.out'), [
      '{"lr": 0.1, "batch": 32}',
      '[default0]:{"asctime": "2026-12-03 08:49:48,488", "levelname": "INFO", "name": "train", "message": "step 0"}',
      '[default1]:{"asctime": "2026-12-03 08:49:48,476", "levelname": "INFO", "name": "train", "message": "step 0"}',
      '[default1]:{"step": 1, "loss": 2.5}',
      '[default1]:{"asctime": "2026-12-03 08:49:49,079", "levelname": "ERROR", "name": "train", "message": "lookup failed", "exc_info": "Traceback (most recent call last):\\n  File \\"job.py\\", line 16, in <module>\\n    {}[\\"x\\"]\\nKeyError: \'x\'"}',
      '[default0]:{"event": "waiting", "level": "warning", "logger": "data", "timestamp": "2026-12-03T08:49:50.000Z"}',
      'ERROR:torch.distributed.elastic.multiprocessing.api:failed (exitcode: 1) local_rank: 1 (pid: 9915) of binary: /usr/bin/python3',
    ]);
    const out = await readThreeWays(job, path.join(root, 'out'));
    const s = await summaryOf(out);
    assert.deepStrictEqual(s.ranks.map((r) => [r.state, r.warnings, r.errors]), [['finished', 1, 0], ['failed', 0, 2]]);
    assert.strictEqual(s.firstFailure?.rank, 1);
    assert.strictEqual(s.firstFailure?.record.time, parseAsctime('2026-12-03 08:49:49,079'));
    assert.strictEqual(s.firstFailure?.record.message, 'lookup failed');
    const rank1 = fs.readFileSync(path.join(out, 'worker_1.log'), 'utf8').split('\n');
    assert.deepStrictEqual(rank1.slice(0, 7), [
      '2026-12-03 08:49:48,476 - Worker 1 - train - INFO - step 0',
      'Worker 1 - output - INFO - {"step": 1, "loss": 2.5}',
      '2026-12-03 08:49:49,079 - Worker 1 - train - ERROR - lookup failed',
      'Traceback (most recent call last):',
      '  File "job.py", line 16, in <module>',
      '    {}["x"]',
      "KeyError: 'x'",
    ]);
  });

  it("task files: a word on every rank in the batch output (Slurm's cancellation) is written once to each rank until its output grows; 300 of them for 300 ranks stay small", async () => {
    const root = tmp();
    for (let r = 0; r < 300; r++) write(path.join(root, `train_77_${r}.out`), `2026-11-30 09:00:00,000 INFO train: up ${r}\n`);
    const cancels: string[] = [];
    for (let i = 0; i < 300; i++) cancels.push(`slurmstepd: error: *** JOB 77 ON n1 CANCELLED AT 2026-11-30T09:00:${String(i % 60).padStart(2, '0')} DUE TO PREEMPTION ***`, 'a line of the batch script');
    write(path.join(root, 'slurm-77.out'), cancels.join('\n') + '\n');
    const [job] = await findForeignJobs(root);
    assert.strictEqual(job?.kind, 'tasks');
    const out = path.join(root, 'out');
    await new JobImport(job, out, options).readOnce();
    const s = await summaryOf(out);
    assert.strictEqual(s.ranks.length, 300);
    assert.ok(s.ranks.every((r) => r.state === 'failed'));
    assert.deepStrictEqual(fs.readFileSync(path.join(out, 'worker_7.log'), 'utf8').split('\n').filter((l) => l.includes('Slurm cancelled')).length, 1);
  });

  it("task files: a step's time limit, which Slurm writes in task 0's own file, fails rank 0 at its line and time; srun's Terminated in the batch output stops the others", async () => {
    const root = tmp();
    const steps = (r: number) => Array.from({ length: 5 }, (_, i) => `2026-12-03 11:33:0${i},00${r} INFO train: step ${i}`);
    write(path.join(root, 'train_5_0.out'), [...steps(0), 'slurmstepd-vm: error: *** STEP 5.0 ON vm CANCELLED AT 2026-12-03T11:34:05 DUE TO TIME LIMIT ***'].join('\n') + '\n');
    write(path.join(root, 'train_5_1.out'), steps(1).join('\n') + '\n');
    write(path.join(root, 'slurm-5.out'), ['srun: Job step aborted: Waiting up to 32 seconds for job step to finish.', 'srun: error: vm: tasks 0-1: Terminated'].join('\n') + '\n');
    const [job] = await findForeignJobs(root);
    assert.strictEqual(job?.kind, 'tasks');
    const out = path.join(root, 'out');
    await new JobImport(job, out, options).readOnce();
    const s = await summaryOf(out);
    assert.deepStrictEqual(s.ranks.map((r) => [r.rank, r.state, r.stoppedBy]), [[0, 'failed', undefined], [1, 'finished', 'stopped by srun (SIGTERM)']]);
    assert.deepStrictEqual([s.firstFailure?.rank, s.firstFailure?.record.line, s.firstFailure?.record.message, s.firstFailure?.record.time], [0, 5, 'Slurm cancelled job step 5.0 on vm due to time limit', Date.UTC(2026, 11, 3, 11, 34, 5)]);
  });

  it("task files of `srun -l --output=%t` (each line labelled with its task, right-aligned past 10 tasks): the labels come off, records and tracebacks read as without them; read the same three ways, also as the files grew", async () => {
    const root = tmp();
    const label = (r: number) => `${r < 10 ? ' ' : ''}${r}: `;
    const rankLines = (r: number) => [`2026-12-03 11:33:00,00${r % 10} INFO train: step 0`, `2026-12-03 11:33:01,00${r % 10} WARNING train: slow step`];
    for (const r of [0, 1, 11]) {
      const lines = [...rankLines(r), ...(r === 1 ? ['Traceback (most recent call last):', '  File "/home/alice/train.py", line 9, in <module>', 'RuntimeError: boom on rank 1'] : [])];
      write(path.join(root, `train_7_${r}.out`), lines.map((l) => label(r) + l).join('\n') + '\n');
    }
    const [job] = await findForeignJobs(root);
    assert.strictEqual(job?.kind, 'tasks');
    const lane = await readThreeWays(job, path.join(root, 'three'));
    const rank1 = fs.readFileSync(path.join(lane, 'worker_1.log'), 'utf8').split('\n');
    assert.deepStrictEqual(rank1.slice(0, 3), ['2026-12-03 11:33:00,001 - Worker 1 - train - INFO - step 0', '2026-12-03 11:33:01,001 - Worker 1 - train - WARNING - slow step', 'Worker 1 - stdout - ERROR - Uncaught exception']);
    const s = await summaryOf(lane);
    assert.deepStrictEqual(s.ranks.map((r) => [r.rank, r.warnings, r.errors]), [[0, 1, 0], [1, 1, 1], [11, 1, 0]]);
    assert.strictEqual(s.firstFailure?.record.exception, 'RuntimeError: boom on rank 1');
    // A file whose first line is not whole yet, then grown: the same.
    const grown = path.join(root, 'grown');
    write(path.join(grown, 'train_8_0.out'), ' 0: 2026-12-03 11:33');
    write(path.join(grown, 'train_8_1.out'), rankLines(1).map((l) => label(1) + l).join('\n') + '\n');
    const [growing] = await findForeignJobs(grown);
    const out = path.join(grown, 'out');
    const imp = new JobImport(growing, out, options);
    await imp.update();
    fs.appendFileSync(path.join(grown, 'train_8_0.out'), `:00,000 INFO train: step 0\n${label(0)}2026-12-03 11:33:01,000 WARNING train: slow step\n`);
    await imp.update();
    await imp.update();
    assert.deepStrictEqual(fs.readFileSync(path.join(out, 'worker_0.log'), 'utf8').split('\n').slice(0, 2), ['2026-12-03 11:33:00,000 - Worker 0 - train - INFO - step 0', '2026-12-03 11:33:01,000 - Worker 0 - train - WARNING - slow step']);
  });

  it("task files: srun's word in the batch output beside them (slurm-<job id>.out) fails the ranks it names, after their lines, and opens at its line; the batch output is the launcher's", async () => {
    const root = tmp();
    write(path.join(root, '1234_0.out'), '2026-11-30 09:00:00,000 INFO train: step 1\n2026-11-30 09:00:09,000 INFO train: step 2\n');
    write(path.join(root, '1234_1.out'), '2026-11-30 09:00:00,100 INFO train: step 1\n');
    // (SkyPilot's word on its nodes, of a SkyPilot job on this cluster, names no task.)
    const batch = ['job 1234 starts', 'slurmstepd: error: Detected 1 oom-kill event(s) in StepId=1234.0.', 'srun: error: gpu-node-3: task 1: Out Of Memory', 'srun: Force Terminated StepId=1234.0', 'ERROR: Job 1 failed with return code list: [137]'];
    write(path.join(root, 'slurm-1234.out'), batch.join('\n') + '\n');
    // Another job's batch output, a file whose number only starts with the job id, and a job id inside a longer number: not this job's.
    for (const other of ['slurm-999.out', '12345.out', 'run-91234.out']) write(path.join(root, other), 'srun: error: gpu-node-3: task 0: Killed\n');
    const [job] = await findForeignJobs(root);
    assert.deepStrictEqual([job.kind, job.launchers], ['tasks', [path.join(root, 'slurm-1234.out')]]);
    const out = path.join(root, 'out');
    const imp = new JobImport(job, out, options);
    await imp.readOnce();
    const s = await summaryOf(out);
    assert.deepStrictEqual(s.ranks.map((r) => [r.rank, r.state === 'failed']), [[0, false], [1, true]]);
    assert.strictEqual(s.firstFailure?.rank, 1);
    assert.strictEqual(s.firstFailure?.record.message, 'srun: gpu-node-3: Out Of Memory');
    assert.deepStrictEqual(await imp.sourceOf(path.join(out, 'worker_1.log'), 1), { path: path.join(root, 'slurm-1234.out'), line: 2 });
    assert.deepStrictEqual(imp.launcherLines, { file: path.join(out, 'launcher.log'), lines: 5, batchOutput: [path.join(root, 'slurm-1234.out')] });
    assert.strictEqual(fs.readFileSync(path.join(out, 'launcher.log'), 'utf8'), batch.join('\n') + '\n');
    assert.deepStrictEqual(await imp.sourceOf(path.join(out, 'launcher.log'), 3), { path: path.join(root, 'slurm-1234.out'), line: 3 });
    // Slurm's time limit names no task: every rank.
    fs.appendFileSync(path.join(root, 'slurm-1234.out'), 'slurmstepd: error: *** JOB 1234 ON gpu-node-3 CANCELLED AT 2026-11-30T09:10:00 DUE TO TIME LIMIT ***\n');
    await imp.readOnce();
    assert.deepStrictEqual((await summaryOf(out)).ranks.map((r) => r.state), ['failed', 'failed']);
    // The job id after the job's name (`%x_%j_%t.out`); a name that only ends in a digit is no job id.
    const named = tmp();
    for (const r of [0, 1]) write(path.join(named, `train_5678_${r}.out`), 'a\n');
    write(path.join(named, 'train-5678.out'), 'srun: error: n1: task 1: Killed\n');
    for (const r of [0, 1]) write(path.join(named, `exp3_${r}.out`), 'a\n');
    write(path.join(named, 'slurm-3.out'), 'srun: error: n1: task 1: Killed\n');
    assert.deepStrictEqual((await findForeignJobs(named)).map((j) => [j.name, j.launchers]).sort(), [['exp3_{rank}.{out,err}', undefined], ['train_5678_{rank}.{out,err}', [path.join(named, 'train-5678.out')]]]);
    // Task files named without the job id (`%t.out`) have no batch output of their own.
    const plain = tmp();
    write(path.join(plain, '0.out'), 'a\n');
    write(path.join(plain, '1.out'), 'b\n');
    write(path.join(plain, 'slurm-77.out'), 'srun: error: n1: task 1: Killed\n');
    assert.deepStrictEqual((await findForeignJobs(plain)).map((j) => [j.kind, j.launchers]), [['tasks', undefined]]);
    // A job array's outputs (`slurm-%A_%a.out`) are jobs of their own: one whose lines carry ranks is a
    // capture; with the batch output of a job of that id beside them they are that job's task files.
    const array = tmp();
    write(path.join(array, 'slurm-4242_0.out'), '0: a\n1: b\n0: c\n1: d\n');
    write(path.join(array, 'slurm-4242_1.out'), 'single process, lr 0.1\n');
    write(path.join(array, 'slurm-4242_2.out'), 'single process, lr 0.01\n');
    assert.deepStrictEqual((await findForeignJobs(array)).map((j) => [j.kind, path.basename(j.source)]), [['capture', 'slurm-4242_0.out']]);
    write(path.join(array, 'slurm-4242.out'), 'srun: error: n1: task 1: Killed\n');
    assert.deepStrictEqual((await findForeignJobs(array)).map((j) => [j.kind, j.name, [...j.ranks!.keys()].sort()]), [['tasks', 'slurm-4242_{rank}.{out,err}', [0, 1, 2]]]);
    // DeepSpeed's `--enable_each_rank_log <dir>`: a job per launch (the time before `_rank<N>`).
    const ds = tmp();
    for (const t of ['20261202080000', '20261202091500']) for (const r of [0, 1, 2]) write(path.join(ds, `${t}_rank${r}.log`), `[2026-12-02 08:00:0${r},000] [INFO] [engine.py:1${r}:step] rank ${r}\n`);
    const found = await findForeignJobs(ds);
    assert.deepStrictEqual(found.map((j) => [j.kind, j.name, [...j.ranks!.keys()]]).sort(), [['tasks', '20261202080000_rank{rank}.log', [0, 1, 2]], ['tasks', '20261202091500_rank{rank}.log', [0, 1, 2]]]);
  });

  it("Open MPI's --timestamp-output: the time before each tag is the time of a line without its own (a print, a traceback), read the same three ways; a partial line keeps its first piece's; a traceback is named after its stream", async () => {
    const root = tmp();
    const file = path.join(root, 'src', 'run.out');
    const lines = [
      'Tue Dec  1 19:57:27 2026[1,0]<stdout>:rank 0 step 0',
      'Tue Dec  1 19:57:27 2026[1,1]<stdout>:rank 1 step 0',
      'Tue Dec  1 19:57:28 2026[1,0]<stdout>:2026-12-01 19:57:28,250 INFO train: its own time',
      'Tue Dec  1 19:57:28 2026[1,1]<stdout>:loss 0.5Tue Dec  1 19:57:29 2026[1,0]<stdout>:rank 0 step 2',
      'Wed Dec  2 00:00:01 2026[1,1]<stdout>: (rest of the line)',
      'Wed Dec  2 00:00:03 2026[1,1]<stderr>:Traceback (most recent call last):',
      'Wed Dec  2 00:00:03 2026[1,1]<stderr>:  File "ts.py", line 6, in <module>',
      'Wed Dec  2 00:00:03 2026[1,1]<stderr>:RuntimeError: boom on rank 1',
      '--------------------------------------------------------------------------',
    ];
    write(file, lines.join('\n') + '\n');
    const [job] = await findForeignJobs(path.dirname(file));
    assert.strictEqual(job.style, 'openmpi');
    const out = await readThreeWays(job, root);
    assert.deepStrictEqual(fs.readFileSync(path.join(out, 'worker_1.log'), 'utf8').split('\n').slice(0, -1), [
      '2026-12-01 19:57:27,000 - Worker 1 - stdout - INFO - rank 1 step 0',
      '2026-12-01 19:57:28,000 - Worker 1 - stdout - INFO - loss 0.5 (rest of the line)',
      '2026-12-02 00:00:03,000 - Worker 1 - stderr - ERROR - Uncaught exception',
      'Traceback (most recent call last):',
      '  File "ts.py", line 6, in <module>',
      'RuntimeError: boom on rank 1',
    ]);
    assert.deepStrictEqual(fs.readFileSync(path.join(out, 'worker_0.log'), 'utf8').split('\n').slice(0, -1), [
      '2026-12-01 19:57:27,000 - Worker 0 - stdout - INFO - rank 0 step 0',
      '2026-12-01 19:57:28,250 - Worker 0 - train - INFO - its own time',
      '2026-12-01 19:57:29,000 - Worker 0 - stdout - INFO - rank 0 step 2',
    ]);
    const s = await summaryOf(out);
    assert.strictEqual(s.firstFailure?.rank, 1);
    assert.strictEqual(s.firstFailure?.approximate, false);
    assert.strictEqual(s.approximateOrder, false);
    // A tag without the time, or a time that is not C's ctime(), is no such prefix.
    assert.strictEqual(rankPrefixOf('Tue Dec  1 19:57:27 2026 [1,0]<stdout>:x'), undefined);
    assert.strictEqual(rankPrefixOf('Tue Dec 1 19:57:27 2026[1,0]<stdout>:x'), undefined);
    assert.deepStrictEqual(rankPrefixOf('Sun Nov 29 23:59:59 2026[5,12]<stddiag>:x'), { style: 'openmpi', rank: 12, stream: 'stddiag', rest: 'x', time: Date.UTC(2026, 10, 29, 23, 59, 59) });
  });

  it("a torchrun capture's restart: after torchrun's word that it ended an attempt, a rank's next line starts a session of every rank, read at once or in pieces, with the lane or without", async () => {
    const root = tmp();
    const file = path.join(root, 'src', 'run.out');
    const first = [
      '[default0]:2026-11-30 09:00:00,000 INFO train: attempt 0 step 0',
      '[default1]:2026-11-30 09:00:00,100 INFO train: attempt 0 step 0',
      '[default1]:Traceback (most recent call last):',
      '[default1]:  File "job.py", line 9, in <module>',
      '[default1]:RuntimeError: boom',
      'ERROR:torch.distributed.elastic.multiprocessing.api:failed (exitcode: 1) local_rank: 1 (pid: 77) of binary: /usr/bin/python3',
    ];
    const second = ['[default1]:2026-11-30 09:00:09,000 INFO train: attempt 1 step 0', '[default0]:  an indented line, the new process\'s first', '[default0]:2026-11-30 09:00:09,200 INFO train: attempt 1 step 0'];
    write(file, [...first, ...second].join('\n') + '\n');
    const [job] = await findForeignJobs(path.dirname(file));
    const outputs: string[][] = [];
    for (const [name, opts] of READ_WAYS) {
      const out = path.join(root, name);
      const imp = new JobImport(job, out, opts);
      await imp.update();
      const s = await summaryOf(out);
      assert.deepStrictEqual(s.ranks.map((r) => [r.rank, r.sessions]), [[0, 2], [1, 2]], name);
      assert.strictEqual(s.firstFailure?.rank, 1, name);
      assert.strictEqual(s.firstFailure?.session, 0, name);
      // Each rank's resume record opens at torchrun's line.
      const rank0 = fs.readFileSync(path.join(out, 'worker_0.log'), 'utf8').split('\n');
      // (torchrun's word has no time: the next attempt's first record's, 09:00:09.)
      const resume = rank0.findIndex((l) => l.includes('=== Resume at 2026-11-30T09:00:09.000 ==='));
      assert.ok(resume > 0, rank0.join('\n'));
      assert.deepStrictEqual(await imp.sourceOf(path.join(out, 'worker_0.log'), resume), { path: file, line: 5 }, name);
      outputs.push(['worker_0.log', 'worker_1.log'].map((n) => fs.readFileSync(path.join(out, n), 'utf8')).concat(rank0[resume + 1]));
    }
    assert.deepStrictEqual(outputs[0], outputs[1]);
    assert.deepStrictEqual(outputs[0], outputs[2]);
    // The new process's indented first line is no continuation of the old one's record.
    assert.strictEqual(outputs[0][2], "Worker 0 - output - INFO -   an indented line, the new process's first");

    // Read in pieces: the attempt's end in one read, the next attempt in a later one.
    write(file, first.join('\n') + '\n');
    const live = new JobImport(job, path.join(root, 'live'), options);
    await live.update();
    let s = await summaryOf(path.join(root, 'live'));
    assert.deepStrictEqual(s.ranks.map((r) => r.sessions), [1, 1], 'no session before a rank writes again');
    fs.appendFileSync(file, second.join('\n') + '\n');
    await live.update();
    await live.readOnce();
    s = await summaryOf(path.join(root, 'live'));
    assert.deepStrictEqual(s.ranks.map((r) => r.sessions), [2, 2]);
    assert.strictEqual(fs.readFileSync(path.join(root, 'live', 'worker_1.log'), 'utf8'), outputs[0][1]);
  });

  it("torchrun's word before every line of a capture of many ranks: at most one resume record per line a rank wrote", async () => {
    const root = tmp();
    const lines: string[] = [];
    for (let r = 0; r < 64; r++) lines.push(`[rank${r}]:2026-11-30 09:00:00,000 INFO train: up`);
    for (let i = 0; i < 3000; i++) {
      lines.push(`ERROR:torch.distributed.elastic.multiprocessing.api:failed (exitcode: 1) local_rank: 0 (pid: ${i}) of binary: x`);
      lines.push(`[rank${i % 3}]:2026-11-30 09:00:01,000 INFO train: line ${i}`);
    }
    const job = await captureJob(path.join(root, 'run.out'), lines);
    const out = path.join(root, 'out');
    await new JobImport(job, out, options).readOnce();
    let written = 0;
    for (const n of fs.readdirSync(out).filter((f) => f.startsWith('worker_'))) written += fs.readFileSync(path.join(out, n), 'utf8').split('\n').length - 1;
    // 64 + 3,000 lines of the ranks and 3,000 launcher records of rank 0, each followed by at
    // most one record that it no longer runs and one resume record, and the first restart's of
    // all 64 ranks: not one per rank and restart (64 x 3,000).
    assert.ok(written <= 3 * (64 + 3000 + 3000) + 64, `${written} lines`);
  });

  it("a torchrun capture that ends after torchrun's word on a rank (no restart left) keeps one session per rank, and no rank runs", async () => {
    const root = tmp();
    const job = await captureJob(path.join(root, 'run.out'), [
      '[rank0]:2026-11-30 09:00:00,000 INFO train: step 0',
      '[rank1]:2026-11-30 09:00:00,100 INFO train: step 0',
      'ERROR:torch.distributed.elastic.multiprocessing.api:failed (exitcode: -9) local_rank: 1 (pid: 77) of binary: /usr/bin/python3',
      'Traceback (most recent call last):',
      '  File "/usr/bin/torchrun", line 33, in <module>',
      'torch.distributed.elastic.multiprocessing.errors.ChildFailedError: ',
    ]);
    const out = path.join(root, 'out');
    await new JobImport(job, out, options).readOnce();
    const s = await summaryOf(out);
    assert.deepStrictEqual(s.ranks.map((r) => [r.rank, r.sessions, r.state]), [[0, 1, 'finished'], [1, 1, 'failed']]);
  });

  it("a Slurm job requeued after a preemption (its output appended to): a rank's timed line once the job's kill wait is past starts the next attempt; its dying lines stay in the attempt before; read the same three ways", async () => {
    const root = tmp();
    const file = path.join(root, 'src', 'slurm-4242.out');
    const job = await captureJob(file, [
      '0: 2026-12-03 10:00:00,000 INFO train: starting, world size 2',
      '1: 2026-12-03 10:00:00,010 INFO train: starting, world size 2',
      '0: 2026-12-03 10:00:10,000 INFO train: step 100 loss 2.1',
      '1: 2026-12-03 10:00:10,000 INFO train: step 100 loss 2.1',
      'slurmstepd: error: *** STEP 4242.0 ON gpu-node01 CANCELLED AT 2026-12-03T10:00:15 DUE TO PREEMPTION ***',
      'slurmstepd: error: *** JOB 4242 ON gpu-node01 CANCELLED AT 2026-12-03T10:00:15 DUE TO PREEMPTION ***',
      // Within Slurm's kill wait: the processes' last words.
      '0: 2026-12-03 10:00:16,000 WARNING train: SIGTERM received, saving a checkpoint',
      '1: Traceback (most recent call last):',
      '1:   File "train.py", line 40, in <module>',
      '1: KeyboardInterrupt',
      // The requeued run, minutes later.
      '0: 2026-12-03 10:05:00,000 INFO train: starting, world size 2',
      '1: 2026-12-03 10:05:00,010 INFO train: starting, world size 2',
      '1: 2026-12-03 10:05:10,000 ERROR train: loss is nan',
      '0: 2026-12-03 10:05:10,000 INFO train: step 200 loss 1.9',
    ]);
    const out = await readThreeWays(job, root);
    await assertRunTwice(out, 'loss is nan');
    const rank0 = fs.readFileSync(path.join(out, 'worker_0.log'), 'utf8').split('\n');
    assert.strictEqual(rank0.filter((l) => l.includes('Slurm cancelled')).length, 1, rank0.join('\n'));
    const resume = rank0.findIndex((l) => l.includes('=== Resume at 2026-12-03T10:05:00.000 ==='));
    assert.ok(resume > rank0.findIndex((l) => l.includes('SIGTERM received')), rank0.join('\n'));
    // The resume record opens at Slurm's word.
    const imp = new JobImport(job, path.join(root, 'again'), options);
    await imp.readOnce();
    assert.deepStrictEqual(await imp.sourceOf(path.join(root, 'again', 'worker_0.log'), resume), { path: file, line: 4 });
    const rank1 = fs.readFileSync(path.join(out, 'worker_1.log'), 'utf8');
    assert.ok(rank1.indexOf('KeyboardInterrupt') < rank1.indexOf('=== Resume at'), rank1);
  });

  it("a cluster whose kill wait is longer (KillWait=120: srun's `Waiting up to 122 seconds`, before or after the cancellation): a checkpoint's last words a minute after it stay in the run before; the requeued run starts the next; in a capture and in task files", async () => {
    const root = tmp();
    const run = (rank: number): [string[], string[]] => [
      [`2026-12-03 10:00:00,00${rank} INFO train: starting`, `2026-12-03 10:00:10,00${rank} INFO train: step 100`, `2026-12-03 10:00:16,00${rank} WARNING train: SIGTERM received, saving a checkpoint`, `2026-12-03 10:01:20,00${rank} INFO train: checkpoint saved`],
      [`2026-12-03 10:05:00,00${rank} INFO train: starting`, ...(rank === 1 ? ['2026-12-03 10:05:10,000 ERROR train: loss is nan'] : ['2026-12-03 10:05:10,000 INFO train: step 1'])],
    ];
    const cancel = 'slurmstepd: error: *** JOB 4244 ON gpu-node01 CANCELLED AT 2026-12-03T10:00:15 DUE TO PREEMPTION ***';
    const waiting = 'srun: Job step aborted: Waiting up to 122 seconds for job step to finish.';
    for (const [k, words] of [[cancel, waiting], [waiting, cancel]].entries()) {
      const label = (rank: number, lines: string[]) => lines.map((l) => `${rank}: ${l}`);
      // (The capture in its order: the ranks' lines, Slurm's and srun's words, their last words, the requeued run.)
      const [before, last] = [(rank: number) => label(rank, run(rank)[0].slice(0, 2)), (rank: number) => label(rank, run(rank)[0].slice(2))];
      const capture = await captureJob(path.join(root, `capture-${k}`, 'slurm-4244.out'), [...before(0), ...before(1), ...words, ...last(0), ...last(1), ...label(0, run(0)[1]), ...label(1, run(1)[1])]);
      const out = await readThreeWays(capture, path.join(root, `capture-${k}-out`), `capture ${k}: `);
      await assertRunTwice(out, 'loss is nan', `capture ${k}`);
      const rank0 = fs.readFileSync(path.join(out, 'worker_0.log'), 'utf8');
      assert.ok(rank0.indexOf('checkpoint saved') < rank0.indexOf('=== Resume at 2026-12-03T10:05:00.000'), rank0);
      const tasks = path.join(root, `tasks-${k}`);
      for (const rank of [0, 1]) write(path.join(tasks, `train_4244_${rank}.out`), [...run(rank)[0], ...run(rank)[1]].join('\n') + '\n');
      write(path.join(tasks, 'slurm-4244.out'), words.join('\n') + '\n');
      const [job] = await findForeignJobs(tasks);
      const taskOut = await readThreeWays(job, path.join(root, `tasks-${k}-out`), `tasks ${k}: `);
      await assertRunTwice(taskOut, 'loss is nan', `tasks ${k}`);
      const task0 = fs.readFileSync(path.join(taskOut, 'worker_0.log'), 'utf8');
      assert.ok(task0.indexOf('checkpoint saved') < task0.indexOf('=== Resume at 2026-12-03T10:05:00.000'), task0);
    }
  });

  it("a Slurm job requeued whose records give only their time of day (`datefmt='%H:%M:%S'`): the requeued run's first record once the kill wait is past starts the next attempt; read the same three ways", async () => {
    const root = tmp();
    const job = await captureJob(path.join(root, 'src', 'slurm-4243.out'), [
      '0: 2026-12-03 10:00:00,000 INFO train: starting, world size 2',
      '1: 2026-12-03 10:00:00,010 INFO train: starting, world size 2',
      '0: 10:00:10.000 INFO     train - step 100 loss 2.1',
      '1: 10:00:10.000 INFO     train - step 100 loss 2.1',
      'slurmstepd: error: *** JOB 4243 ON gpu-node01 CANCELLED AT 2026-12-03T10:00:15 DUE TO PREEMPTION ***',
      '0: 10:00:16.000 WARNING  train - SIGTERM received, saving a checkpoint',
      '0: 10:05:00.000 INFO     train - starting, world size 2',
      '1: 10:05:00.010 INFO     train - starting, world size 2',
      '1: 10:05:10.000 ERROR    train - loss is nan',
    ]);
    const out = await readThreeWays(job, root);
    await assertRunTwice(out, 'train - loss is nan');
    const rank0 = fs.readFileSync(path.join(out, 'worker_0.log'), 'utf8');
    assert.ok(rank0.indexOf('SIGTERM received') < rank0.indexOf('=== Resume at 2026-12-03T10:05:00.000 ==='), rank0);
  });

  it("task files of a Slurm job requeued (a real `sbatch --requeue` run's words, appended to): a rank's record once the kill wait is past starts the next attempt, after the cancellation and srun's word on the tasks it ended; read the same three ways, with .out and .err merged, and as the files grew", async () => {
    const root = tmp();
    const steps = (rank: number, at: string, n: number) => Array.from({ length: n }, (_, i) => `2026-12-03 ${at}:${String(20 + i).padStart(2, '0')},${String(391 + rank * 10).padStart(3, '0')} INFO train: step ${i} loss ${(2 - i * 0.01).toFixed(3)}`);
    const runs = (rank: number): [string[], string[]] => [
      [
        `2026-12-03 13:16:19,${391 + rank * 10} INFO train: starting rank ${rank}, restart 0`,
        ...steps(rank, '13:16', 6),
        ...(rank === 0 ? ['slurmstepd-vm: error: *** STEP 1.0 ON vm CANCELLED AT 2026-12-03T13:16:26 DUE TO JOB REQUEUE ***'] : []),
        `2026-12-03 13:16:26,15${6 - rank} WARNING train: SIGTERM received, saving a checkpoint`,
      ],
      [
        `2026-12-03 13:19:15,${730 - rank * 14} INFO train: starting rank ${rank}, restart 1`,
        ...steps(rank, '13:19', 3),
        ...(rank === 1 ? ['2026-12-03 13:19:23,718 ERROR train: loss is nan'] : ['done rank 0']),
      ],
    ];
    const batch: [string[], string[]] = [
      [
        'batch starts, restart 0',
        'slurmstepd-vm: error: *** JOB 1 ON vm CANCELLED AT 2026-12-03T13:16:26 DUE TO JOB REQUEUE ***',
        'srun: Job step aborted: Waiting up to 32 seconds for job step to finish.',
        'srun: got SIGCONT',
        'srun: forcing job termination',
        'srun: error: vm: tasks 0-1: Exited with exit code 143',
      ],
      ['batch starts, restart 1', 'srun: error: vm: task 1: Exited with exit code 1', 'srun exit 1'],
    ];
    const lines = (list: string[]) => list.map((l) => l + '\n').join('');
    const check = async (dir: string, what: string) => {
      const [job] = await findForeignJobs(dir);
      assert.strictEqual(job?.kind, 'tasks', what);
      const out = await readThreeWays(job, path.join(root, `${what}-out`), `${what}: `);
      await assertRunTwice(out, 'loss is nan', what);
      for (const rank of [0, 1]) {
        const log = fs.readFileSync(path.join(out, `worker_${rank}.log`), 'utf8').split('\n');
        const resume = log.findIndex((l) => l.includes('slurm - INFO - === Resume at 2026-12-03T13:19:15'));
        assert.ok(resume > 0, `${what}, rank ${rank}:\n${log.join('\n')}`);
        const before = log.slice(0, resume).join('\n');
        assert.ok(before.includes('Slurm cancelled job 1 on vm due to job requeue') && before.indexOf('SIGTERM received') < before.indexOf('srun: vm: Exited with exit code 143'), `${what}, rank ${rank}:\n${before}`);
        const after = log.slice(resume).join('\n');
        assert.strictEqual(after.includes('Exited with exit code 1'), rank === 1, `${what}, rank ${rank}:\n${after}`);
        assert.ok(!after.includes('cancelled') && !after.includes('143'), `${what}, rank ${rank}:\n${after}`);
      }
      return out;
    };
    // One file per task (`srun --output=train_%j_%t.out`).
    const tasks = path.join(root, 'tasks');
    for (const rank of [0, 1]) write(path.join(tasks, `train_1_${rank}.out`), lines([...runs(rank)[0], ...runs(rank)[1]]));
    write(path.join(tasks, 'slurm-1.out'), lines([...batch[0], ...batch[1]]));
    const out = await check(tasks, 'task files');
    // stdout and stderr apart (`--output=%j_%t.out --error=%j_%t.err`): merged by time.
    const streams = path.join(root, 'streams');
    for (const rank of [0, 1]) {
      const all = [...runs(rank)[0], ...runs(rank)[1]];
      write(path.join(streams, `train_1_${rank}.err`), lines(all.filter((l) => l !== 'done rank 0')));
      write(path.join(streams, `train_1_${rank}.out`), lines(all.filter((l) => l === 'done rank 0')));
    }
    write(path.join(streams, 'slurm-1.out'), lines([...batch[0], ...batch[1]]));
    await check(streams, 'streams');
    // Read as the job ran: the first run and its cancellation, then the requeued run appended.
    const live = path.join(root, 'live');
    for (const rank of [0, 1]) write(path.join(live, `train_1_${rank}.out`), lines(runs(rank)[0]));
    write(path.join(live, 'slurm-1.out'), lines(batch[0]));
    const [job] = await findForeignJobs(live);
    const imp = new JobImport(job, path.join(root, 'live-out'), options);
    await imp.update();
    for (const rank of [0, 1]) fs.appendFileSync(path.join(live, `train_1_${rank}.out`), lines(runs(rank)[1]));
    fs.appendFileSync(path.join(live, 'slurm-1.out'), lines(batch[1]));
    await imp.readOnce();
    assert.strictEqual(writtenText(path.join(root, 'live-out')), writtenText(out));
  });

  it("a launcher's words on named ranks, again and again between two of a rank's lines (`tasks 0-99999: ...` 500 times, for 500 ranks): a few of them each, in a capture and in task files; the rank's next line lets it be told again", async () => {
    const root = tmp();
    const words = Array.from({ length: 500 }, (_, i) => `srun: error: n1: tasks 0-99999: Exited with exit code ${1 + (i % 200)}`);
    const counted = (dir: string) => {
      const counts = fs.readdirSync(dir).filter((f) => f.startsWith('worker_')).map((f) => fs.readFileSync(path.join(dir, f), 'utf8').split('\n').filter((l) => l.includes('Exited with exit code')).length);
      return [counts.length, Math.min(...counts), Math.max(...counts)];
    };
    const capture = await captureJob(path.join(root, 'capture', 'slurm-9.out'), [
      ...Array.from({ length: 500 }, (_, r) => `${r}: 2026-11-30 09:00:00,000 INFO train: up`),
      ...words,
      '3: 2026-11-30 09:00:01,000 INFO train: still here',
      ...words,
    ]);
    const out = await readThreeWays(capture, path.join(root, 'capture-out'));
    assert.deepStrictEqual(counted(out), [500, 8, 16]);
    assert.strictEqual(fs.readFileSync(path.join(out, 'worker_3.log'), 'utf8').split('\n').filter((l) => l.includes('Exited with exit code')).length, 16);
    const tasks = path.join(root, 'tasks');
    for (let r = 0; r < 500; r++) write(path.join(tasks, `train_9_${r}.out`), '2026-11-30 09:00:00,000 INFO train: up\n');
    write(path.join(tasks, 'slurm-9.out'), words.join('\n') + '\n');
    const [job] = await findForeignJobs(tasks);
    const taskOut = await readThreeWays(job, path.join(root, 'tasks-out'));
    assert.deepStrictEqual(counted(taskOut), [500, 8, 8]);
  });

  it("Slurm's cancellation is written to the ranks that wrote since the last one (the lane's lines counted): twice for a job preempted twice; a hostile capture of 2,000 ranks and 400 cancellations between one rank's lines stays small", async () => {
    const root = tmp();
    const run = (at: string, n: number) => Array.from({ length: n }, (_, i) => `${i % 2}: 2026-12-03 ${at}:${String(i % 60).padStart(2, '0')},000 INFO train: step ${i}`);
    const cancel = (at: string) => `slurmstepd: error: *** JOB 42 ON gpu-node01 CANCELLED AT 2026-12-03T${at} DUE TO PREEMPTION ***`;
    const twice = await captureJob(path.join(root, 'twice', 'slurm-42.out'), [...run('10:00', 400), cancel('10:01:00'), ...run('10:05', 400), cancel('10:06:00'), ...run('10:10', 400)]);
    const out = await readThreeWays(twice, path.join(root, 'twice-out'));
    const s = await summaryOf(out);
    assert.deepStrictEqual(s.ranks.map((r) => r.sessions), [3, 3]);
    for (const rank of [0, 1]) assert.strictEqual(fs.readFileSync(path.join(out, `worker_${rank}.log`), 'utf8').split('\n').filter((l) => l.includes('Slurm cancelled job 42')).length, 2, `rank ${rank}`);

    const lines: string[] = [];
    for (let r = 0; r < 2000; r++) lines.push(`${r}: 2026-11-30 09:00:00,000 INFO train: up`);
    for (let i = 0; i < 400; i++) lines.push(cancel(`09:00:0${i % 10}`), `${i % 5}: 2026-11-30 09:${String(i % 60).padStart(2, '0')}:01,000 INFO train: line ${i}`);
    const hostile = await captureJob(path.join(root, 'hostile', 'run.out'), lines);
    const dir = path.join(root, 'hostile-out');
    await new JobImport(hostile, dir, options).readOnce();
    let written = 0;
    for (const n of fs.readdirSync(dir).filter((f) => f.startsWith('worker_'))) written += fs.readFileSync(path.join(dir, n), 'utf8').split('\n').length - 1;
    // Its own lines, a cancellation and a resume of each rank once, and a few records of the one that writes each time; not 2,000 x 400.
    assert.ok(written < 4 * (2000 + 400 * 3), `${written} lines`);
  });

  it("srun's word on many tasks at once (`tasks 0-99`, one list of 100) reads as the same word in short lists: each rank's next run starts the next attempt, its dying line stays in the run before; the same word again and again changes nothing; read the same three ways", async () => {
    const root = tmp();
    const ranks = 100;
    const run = (at: string, what: string) => Array.from({ length: ranks }, (_, r) => `${r}: 2026-12-03 10:${at},${String(r).padStart(3, '0')} INFO train: ${what}`);
    const job = async (name: string, words: string[]) => {
      const capture = await captureJob(path.join(root, name, 'slurm-8.out'), [
        ...run('00:00', 'starting'),
        ...run('00:05', 'step 1'),
        ...words,
        '7:   File "train.py", line 9, in <module>',
        ...words,
        ...run('03:00', 'starting again'),
        ...run('03:05', 'step 1'),
      ]);
      const out = await readThreeWays(capture, path.join(root, `${name}-out`), `${name}: `);
      return { out, summary: await summaryOf(out) };
    };
    const long = await job('long', Array.from({ length: 300 }, () => 'srun: error: gpu-node01: tasks 0-99: Exited with exit code 1'));
    const short = await job('short', ['srun: error: gpu-node01: tasks 0-63: Exited with exit code 1', 'srun: error: gpu-node01: tasks 64-99: Exited with exit code 1']);
    assert.deepStrictEqual(long.summary.ranks.map((r) => r.sessions), Array(ranks).fill(2));
    assert.deepStrictEqual(short.summary.ranks.map((r) => r.sessions), Array(ranks).fill(2));
    const rank7 = (out: string) => fs.readFileSync(path.join(out, 'worker_7.log'), 'utf8');
    for (const [what, out] of [['long', long.out], ['short', short.out]]) {
      const text = rank7(out);
      assert.ok(text.indexOf('File "train.py", line 9') < text.indexOf('starting again') && text.indexOf('Exited with exit code 1') < text.indexOf('starting again'), `${what}:\n${text}`);
    }
  });

  it("a batch script's next srun after srun's word that its tasks ended (a retry loop) is the next attempt, however soon; a task that ended while the others run on starts none", async () => {
    const root = tmp();
    const retried = await captureJob(path.join(root, 'retry', 'slurm-7.out'), [
      '0: 2026-12-03 10:00:00,000 INFO train: starting',
      '1: 2026-12-03 10:00:00,010 INFO train: starting',
      '1: 2026-12-03 10:00:10,000 ERROR train: NCCL error: unhandled system error',
      '1: Traceback (most recent call last):',
      '1: RuntimeError: NCCL error',
      'srun: error: gpu-node01: task 1: Exited with exit code 1',
      'srun: Job step aborted: Waiting up to 32 seconds for job step to finish.',
      'slurmstepd: error: *** STEP 7.0 ON gpu-node01 CANCELLED AT 2026-12-03T10:00:11 ***',
      // Rank 0's last words: after the step's cancellation, before srun's word on its task.
      '0: 2026-12-03 10:00:12,000 INFO train: received SIGTERM',
      'srun: error: gpu-node01: task 0: Terminated',
      'attempt 1 failed, retrying',
      '0: 2026-12-03 10:00:20,000 INFO train: starting',
      '1: 2026-12-03 10:00:20,010 INFO train: starting',
      '0: 2026-12-03 10:00:30,000 INFO train: step 100',
      '1: 2026-12-03 10:00:30,000 INFO train: step 100',
    ]);
    const out = await readThreeWays(retried, path.join(root, 'retry-out'));
    const s = await summaryOf(out);
    assert.deepStrictEqual(s.ranks.map((r) => [r.rank, r.sessions, r.state === 'failed']), [[0, 2, false], [1, 2, false]]);
    const rank0 = fs.readFileSync(path.join(out, 'worker_0.log'), 'utf8');
    assert.ok(rank0.indexOf('received SIGTERM') < rank0.indexOf('=== Resume at 2026-12-03T10:00:20.000 ==='), rank0);

    const oom = await captureJob(path.join(root, 'oom', 'slurm-8.out'), [
      '0: 2026-12-03 10:00:00,000 INFO train: starting',
      '1: 2026-12-03 10:00:00,000 INFO train: starting',
      '2: 2026-12-03 10:00:00,000 INFO train: starting',
      'srun: error: gpu-node01: task 2: Out Of Memory',
      '0: 2026-12-03 10:00:20,000 INFO train: step 1',
      '1: 2026-12-03 10:00:20,000 INFO train: step 1',
      '2: a line of the rank after its word, without a time',
    ]);
    const t = await summaryOf(await readThreeWays(oom, path.join(root, 'oom-out')));
    assert.deepStrictEqual(t.ranks.map((r) => [r.rank, r.sessions]), [[0, 1], [1, 1], [2, 1]]);
    assert.strictEqual(t.ranks[2].state, 'failed');

    // The others' lines after the word still go through the lane (only the ended rank's are read first).
    const longer = Array.from({ length: 3000 }, (_, i) => `${i % 2}: 2026-12-03 10:01:${String(Math.floor(i / 60) % 60).padStart(2, '0')},${String(i % 1000).padStart(3, '0')} INFO train: step ${i}`);
    const running = await captureJob(path.join(root, 'running', 'slurm-9.out'), ['0: 2026-12-03 10:00:00,000 INFO train: starting', '1: 2026-12-03 10:00:00,000 INFO train: starting', '2: 2026-12-03 10:00:00,000 INFO train: starting', 'srun: error: gpu-node01: task 2: Out Of Memory', ...longer]);
    await readThreeWays(running, path.join(root, 'running-out'));
    const imp = new JobImport(running, path.join(root, 'running-lane'), options);
    await imp.readOnce();
    assert.ok(imp.laneLines > 2900, `${imp.laneLines} lines by the lane`);
  });

  it("a script that runs mpirun again once it failed (a real run's words): a rank's timed line a while after mpirun's final word is the next attempt, in which no rank is ended by the run before; a line just after it is of the run before", async () => {
    const root = tmp();
    const job = await captureJob(path.join(root, 'src', 'mp.out'), [
      '[1,0]<stdout>:2026-12-03 11:40:35,525 INFO train: rank 0 starts (attempt 1)',
      '[1,1]<stdout>:2026-12-03 11:40:35,525 INFO train: rank 1 starts (attempt 1)',
      '[1,1]<stdout>:2026-12-03 11:40:36,126 ERROR train: loss is nan',
      '--------------------------------------------------------------------------',
      'Primary job  terminated normally, but 1 process returned',
      'a non-zero exit code. Per user-direction, the job has been aborted.',
      '--------------------------------------------------------------------------',
      '[1,0]<stdout>:2026-12-03 11:40:36,727 INFO train: step 3',
      '--------------------------------------------------------------------------',
      'mpirun detected that one or more processes exited with non-zero status, thus causing',
      'the job to be terminated. The first process to do so was:',
      '',
      '  Process name: [[15633,1],1]',
      '  Exit code:    1',
      '--------------------------------------------------------------------------',
      // Passed on late, as rank 0 died: of the run before.
      '[1,0]<stdout>:2026-12-03 11:40:36,900 INFO train: step 4',
      'attempt 1 failed, retrying',
      '[1,0]<stdout>:2026-12-03 11:40:38,407 INFO train: rank 0 starts (attempt 2)',
      '[1,1]<stdout>:2026-12-03 11:40:38,407 INFO train: rank 1 starts (attempt 2)',
      '[1,0]<stdout>:2026-12-03 11:40:39,609 INFO train: step 3',
      '[1,1]<stdout>:2026-12-03 11:40:39,609 INFO train: step 3',
    ]);
    const out = await readThreeWays(job, root);
    const s = await summaryOf(out);
    assert.deepStrictEqual(s.ranks.map((r) => [r.rank, r.sessions, r.state === 'failed']), [[0, 2, false], [1, 2, false]]);
    const rank0 = fs.readFileSync(path.join(out, 'worker_0.log'), 'utf8').split('\n');
    const resume = rank0.findIndex((l) => l.includes('mpirun - INFO - === Resume at 2026-12-03T11:40:38.407 ==='));
    assert.ok(resume > rank0.findIndex((l) => l.includes('step 4')), rank0.join('\n'));
    // mpirun's word ended rank 0 in the first run, not in the second.
    assert.deepStrictEqual(rank0.map((l, i) => (l.includes('no longer runs') ? i < resume : undefined)).filter((x) => x !== undefined), [true]);
  });

  it("srun -K (a real run's words): the task srun terminated once another failed is stopped, not failed; the failed one is the first failure though its error came after the other's last record", async () => {
    const root = tmp();
    const job = await captureJob(path.join(root, 'src', 'one.out'), [
      '0: 2026-12-03 11:23:26,220 INFO train: rank 0 starts (srun step 0)',
      '1: 2026-12-03 11:23:26,222 INFO train: rank 1 starts (srun step 0)',
      '0: 2026-12-03 11:23:26,822 INFO train: step 1',
      '1: 2026-12-03 11:23:26,823 ERROR train: loss is nan',
      'srun: error: vm: task 1: Exited with exit code 1',
      'srun: launch/slurm: _step_signal: Terminating StepId=3.0',
      '0: slurmstepd-vm: error: *** STEP 3.0 ON vm CANCELLED AT 2026-12-03T11:23:26 ***',
      'srun: error: vm: task 0: Terminated',
      'srun: Force Terminated StepId=3.0',
    ]);
    const s = await summaryOf(await readThreeWays(job, root));
    assert.deepStrictEqual(s.ranks.map((r) => [r.rank, r.state, r.stoppedBy]), [[0, 'finished', 'stopped by srun (SIGTERM)'], [1, 'failed', undefined]]);
    assert.deepStrictEqual([s.firstFailure?.rank, s.firstFailure?.record.message], [1, 'loss is nan']);
  });

  it("a step's time limit (a real srun -l --time run's words): Slurm's word under task 0's label is the launcher's, on every rank; srun's Terminated after it does not hide it", async () => {
    const root = tmp();
    const lines: string[] = [];
    for (let i = 0; i < 40; i++) lines.push(`${i % 2}: 2026-12-03 11:33:${String(20 + (i >> 1)).padStart(2, '0')},${i % 2 ? '337' : '336'} INFO train: step ${i >> 1}`);
    const job = await captureJob(path.join(root, 'src', 'tl.out'), [
      ...lines,
      '0: 2026-12-03 11:34:05,500 INFO train: step 20',
      'srun: Job step aborted: Waiting up to 32 seconds for job step to finish.',
      '0: slurmstepd-vm: error: *** STEP 5.0 ON vm CANCELLED AT 2026-12-03T11:34:05 DUE TO TIME LIMIT ***',
      'srun: error: vm: tasks 0-1: Terminated',
    ]);
    const out = await readThreeWays(job, root);
    const s = await summaryOf(out);
    assert.deepStrictEqual(s.ranks.map((r) => [r.rank, r.state, r.sessions]), [[0, 'failed', 1], [1, 'failed', 1]]);
    // Slurm's line is the launcher's, not a print of rank 0.
    assert.ok(!fs.readFileSync(path.join(out, 'worker_0.log'), 'utf8').includes('slurmstepd'));
    assert.match(fs.readFileSync(path.join(out, 'launcher.log'), 'utf8'), /^slurmstepd-vm: error: \*\*\* STEP 5\.0 .* DUE TO TIME LIMIT \*\*\*$/m);
    // Its whole second, made precise by the capture's lines before it: a millisecond after the latest.
    assert.deepStrictEqual([s.firstFailure?.record.message, s.firstFailure?.record.time], ['Slurm cancelled job step 5.0 on vm due to time limit', Date.UTC(2026, 11, 3, 11, 34, 5, 501)]);
  });

  it('worker-logs summary, merge and diagnose read a torchrun --log-dir; the diagnosis points at the files torchrun wrote; several jobs need one named', function () {
    this.timeout(60_000);
    const root = tmp();
    const run = torchrunRun(root);
    const summary = cli('summary', root);
    assert.strictEqual(summary.status, 0, summary.stderr);
    assert.match(summary.stdout, /^Job .*: 2 ranks, 2 attempts/);
    const merged = cli('merge', root, '--level', 'error');
    assert.strictEqual(merged.status, 0, merged.stderr);
    assert.match(merged.stdout, /r1 +ERROR +stderr: Uncaught exception/);
    // --json names the files torchrun wrote (1-based lines), not the temporary copies.
    const json = cli('merge', root, '--json');
    assert.strictEqual(json.status, 0, json.stderr);
    const records = json.stdout.trim().split('\n').map((l) => JSON.parse(l) as { file: string; line: number; message: string; offset: number | null });
    assert.ok(records.length >= 6 && records.every((r) => r.file.startsWith(run + path.sep) && r.offset === null), json.stdout);
    const failure = records.find((r) => r.message === 'Uncaught exception')!;
    assert.deepStrictEqual([failure.file, failure.line], [path.join(run, 'attempt_0', '1', 'stderr.log'), 2]);
    const diagnose = cli('diagnose', run, '--json');
    assert.strictEqual(diagnose.status, 1, diagnose.stderr);
    const d = JSON.parse(diagnose.stdout) as { firstFailure: { rank: number; file: string; line: number } };
    assert.deepStrictEqual([d.firstFailure.rank, d.firstFailure.file, d.firstFailure.line], [1, path.join(run, 'attempt_0', '1', 'stderr.log'), 1]);
    torchrunRun(path.join(root, 'second'));
    fs.renameSync(path.join(root, 'second', 'none_gcw138t6'), path.join(root, 'none_abc'));
    const two = cli('summary', root);
    assert.strictEqual(two.status, 2);
    assert.match(two.stderr, /holds 2 jobs; name one of their folders/);
    // A part of the run named instead of the run: which folder to name.
    const bad = cli('summary', path.join(run, 'attempt_0', '1', 'stderr.log'));
    assert.strictEqual(bad.status, 2);
    assert.ok(bad.stderr.includes(`one rank's file in a torchrun --log-dir run folder: name the run folder, ${run}`), bad.stderr);
    const attempt = cli('merge', path.join(run, 'attempt_0'));
    assert.strictEqual(attempt.status, 2);
    assert.ok(attempt.stderr.includes(`one attempt of a torchrun --log-dir run: name the run folder, ${run} (merge --attempt N`), attempt.stderr);
    assert.doesNotMatch(attempt.stderr, /Usage:/);
    // torchrun 1.13 given --tee 3 crashes before it starts a rank (a real console, its middle frames cut).
    const crashed = path.join(root, 'crashed.out');
    fs.writeFileSync(crashed, [
      'WARNING:__main__:',
      '*****************************************',
      'Setting OMP_NUM_THREADS environment variable for each process to be 1 in default, to avoid your system being overloaded, please further tune the variable for optimal performance in your application as needed. ',
      '*****************************************',
      'Traceback (most recent call last):',
      '  File "<frozen runpy>", line 198, in _run_module_as_main',
      '  File "/usr/lib/python3/dist-packages/torch/distributed/elastic/multiprocessing/api.py", line 162, in to_map',
      '    map[i] = val_or_map.get(i, Std.NONE)',
      '             ^^^^^^^^^^^^^^',
      "AttributeError: 'NoneType' object has no attribute 'get'",
      '',
    ].join('\n'));
    const launcherCrash = cli('summary', crashed);
    assert.strictEqual(launcherCrash.status, 2);
    assert.match(launcherCrash.stderr, /nor a capture whose lines carry the rank .*; it ends in a traceback, AttributeError: 'NoneType' object has no attribute 'get' \(a launcher that failed before it started its ranks/);
    // What its end says is the answer: said alone, not above the usage's pages.
    assert.doesNotMatch(launcherCrash.stderr, /Usage:/);
    // mp.spawn's console (a real run of torch 1.13, frames cut): its ranks ran unlabelled, spawn names the process that failed.
    const spawned = path.join(root, 'spawn.out');
    fs.writeFileSync(spawned, [
      '2026-12-02 19:38:23,448 INFO train: step 2 loss 0.333',
      '2026-12-02 19:38:23,448 INFO train: step 2 loss 0.333',
      'Traceback (most recent call last):',
      '  File "/tmp/u1/spawn.py", line 14, in <module>',
      '    mp.spawn(run, args=(2,), nprocs=2)',
      '  File "/usr/lib/python3/dist-packages/torch/multiprocessing/spawn.py", line 160, in join',
      '    raise ProcessRaisedException(msg, error_index, failed_process.pid)',
      'torch.multiprocessing.spawn.ProcessRaisedException: ',
      '',
      '-- Process 1 terminated with the following error:',
      'Traceback (most recent call last):',
      '  File "/usr/lib/python3/dist-packages/torch/multiprocessing/spawn.py", line 69, in _wrap',
      '    fn(i, *args)',
      '  File "/tmp/u1/spawn.py", line 11, in run',
      '    if r == 1: raise RuntimeError("bad batch on rank 1")',
      'RuntimeError: bad batch on rank 1',
      '',
    ].join('\n'));
    // A job of the process spawn names (its index the rank on one node), failed as spawn says.
    const spawnCrash = cli('summary', spawned);
    assert.strictEqual(spawnCrash.status, 0, spawnCrash.stderr);
    assert.match(spawnCrash.stdout, /^First failure: rank 1, .*spawn\.out:16: mp\.spawn: process 1 raised RuntimeError: bad batch on rank 1$/m);
    assert.match(spawnCrash.stderr, /name no rank, the ranks' records among them: mp\.spawn labels none of its processes' lines \(have each record name its rank/);
    // mpirun without --tag-output (a real Open MPI 4.1 run): its banner names the first rank to exit non-zero.
    const untagged = path.join(root, 'untagged.out');
    fs.writeFileSync(untagged, [
      '2026-12-02 20:14:04,896 INFO train: step 2',
      'Traceback (most recent call last):',
      '  File "/tmp/u7/mpi.py", line 8, in <module>',
      '    raise RuntimeError("bad batch on rank 1")',
      'RuntimeError: bad batch on rank 1',
      '--------------------------------------------------------------------------',
      'Primary job  terminated normally, but 1 process returned',
      'a non-zero exit code. Per user-direction, the job has been aborted.',
      '--------------------------------------------------------------------------',
      '--------------------------------------------------------------------------',
      'mpirun detected that one or more processes exited with non-zero status, thus causing',
      'the job to be terminated. The first process to do so was:',
      '',
      '  Process name: [[20424,1],1]',
      '  Exit code:    1',
      '--------------------------------------------------------------------------',
      '',
    ].join('\n'));
    // A job of the rank mpirun names, the one traceback before its word that rank's failure.
    const mpirunCrash = cli('summary', untagged);
    assert.strictEqual(mpirunCrash.status, 0, mpirunCrash.stderr);
    assert.match(mpirunCrash.stdout, /^First failure: rank 1, .*untagged\.out:2: RuntimeError: bad batch on rank 1$/m);
    assert.match(mpirunCrash.stderr, /name no rank, the ranks' records among them: mpirun without --tag-output labels none of a rank's lines .*\(run mpirun with --tag-output to have/);
    // torchrun's console without --tee (torch 1.x labels no line): a job of the rank torchrun's
    // word names, its failure the word with the worker's traceback, not torchrun's own
    // ChildFailedError after it; a rank killed by a signal, which left none: no traceback named.
    const childFailed = (worker: string[], code: number) => [
      ...worker,
      `ERROR:torch.distributed.elastic.multiprocessing.api:failed (exitcode: ${code}) local_rank: 1 (pid: 7326) of binary: /usr/bin/python3`,
      'Traceback (most recent call last):',
      '  File "/usr/bin/torchrun", line 33, in <module>',
      '    sys.exit(load_entry_point("torch", "console_scripts", "torchrun")())',
      'torch.distributed.elastic.multiprocessing.errors.ChildFailedError: ',
      '============================================================',
      'train.py FAILED',
      '',
    ].join('\n');
    write(untagged, childFailed(['Traceback (most recent call last):', '  File "train.py", line 9, in <module>', 'ValueError: bad shard 7'], 1));
    const raised = cli('summary', untagged);
    assert.strictEqual(raised.status, 0, raised.stderr);
    assert.match(raised.stdout, /^Job .*untagged\.out: 1 rank, 1 attempt, 1 failed$/m);
    assert.match(raised.stdout, /^First failure: rank 1, .*untagged\.out:1: ValueError: bad shard 7$/m);
    // The traceback is rank 1's record, torchrun's word its message, opening at the traceback, each line at its own in the capture.
    const raisedJson = cli('merge', untagged, '--json');
    const wordRecord = raisedJson.stdout.trim().split('\n').map((l) => JSON.parse(l) as { rank: number; line: number; message: string; traceback?: string[] }).find((r) => r.rank === 1 && /exited with code 1/.test(r.message))!;
    assert.strictEqual(wordRecord.line, 1);
    assert.match(wordRecord.message, /^torchrun: local rank 1 \(pid 7326\) exited with code 1; its traceback, the console's only one before this word \(no rank named\):$/);
    assert.match(JSON.stringify(wordRecord), /ValueError: bad shard 7/);
    assert.match(raised.stderr, /lines of .*untagged\.out name no rank, the ranks' records among them: without --tee/);
    write(untagged, childFailed(['step 3 loss 2.1'], -9));
    const killed = cli('summary', untagged);
    assert.strictEqual(killed.status, 0, killed.stderr);
    assert.match(killed.stdout, /^First failure: rank 1, .*untagged\.out:2: torchrun: local rank 1 \(pid 7326\) was killed by signal 9 \(SIGKILL\)$/m);
    // srun without -l (srun started the ranks): a job of the rank srun's word names, the one
    // traceback before it its failure (its exception, not Slurm's word after it, a `name: text` line too).
    write(untagged, ['Traceback (most recent call last):', '  File "train.py", line 40, in <module>', 'RuntimeError: CUDA out of memory.', 'srun: error: gpu-node-1: task 2: Exited with exit code 1', 'slurmstepd: error: *** STEP 1234.0 ON gpu-node-1 CANCELLED AT 2026-12-04T00:45:20 ***', ''].join('\n'));
    const srunWord = cli('summary', untagged);
    assert.strictEqual(srunWord.status, 0, srunWord.stderr);
    assert.match(srunWord.stdout, /^First failure: rank 2, .*untagged\.out:1: RuntimeError: CUDA out of memory\.$/m);
    assert.match(srunWord.stderr, /lines of .*untagged\.out name no rank, the ranks' records among them: srun without -l labels none of a rank's lines .*\(run srun with -l, --label,/);
    // Every task of a big job failing at once: srun's word the only names of its ranks, all read.
    write(untagged, ['step 9', 'srun: error: gpu-node-1: tasks 0-1023: Exited with exit code 1', ''].join('\n'));
    assert.match(cli('summary', untagged).stdout, /^Job .*: 1024 ranks, 1 attempt, 1024 failed$/m);
    // Words on more tasks than that, one by one (hostile, or garbled): read into 4,096 ranks, said.
    write(untagged, Array.from({ length: 5000 }, (_, i) => `srun: error: gpu-node-1: task ${i}: Exited with exit code 1`).join('\n') + '\n');
    const many = cli('summary', untagged);
    assert.match(many.stdout, /^Job .*: 4096 ranks, 1 attempt, 4096 failed$/m);
    assert.match(many.stderr, /it names more than 4,096 ranks/);
  });

  it("a traceback written on the line a progress bar left open (tqdm, Lightning's bar: no line break after its last state) is the rank's failure, in a capture, a rank's stream and a console of no label", async () => {
    const root = tmp();
    const bar = '\rEpoch 0:  10%|#         | 100/1000 [00:10<01:30, 10.00it/s]\rEpoch 0:  45%|####5     | 450/1000 [01:23<01:40,  5.40it/s, train_loss=2.310]';
    const frames = ['  File "train.py", line 88, in <module>', '    trainer.fit(model, dm)', 'RuntimeError: CUDA error: an illegal memory access was encountered'];
    const capture = await captureJob(path.join(root, 'cap', 'train.out'), [
      '[rank0]:2026-11-30 09:00:00,000 INFO train: start',
      '[rank1]:2026-11-30 09:00:00,000 INFO train: start',
      `[rank1]:${bar}Traceback (most recent call last):`,
      ...frames.map((f) => `[rank1]:${f}`),
      '[rank0]:2026-11-30 09:01:00,000 ERROR train: lost peer rank 1',
    ]);
    const out = await readThreeWays(capture, path.join(root, 'imp'));
    // The bar's last state a record of its own, the traceback an uncaught exception's.
    assert.match(fs.readFileSync(path.join(out, 'worker_1.log'), 'utf8'), /output - INFO - Epoch 0: {2}45%\|.*train_loss=2\.310\]\n.*output - ERROR - Uncaught exception\nTraceback \(most recent call last\):\n/);
    const summary = await summaryOf(out);
    assert.deepStrictEqual([summary.firstFailure?.rank, summary.firstFailure?.record.exception], [1, frames[2]]);
    // A rank's own stream (torchrun's --log_dir): the same.
    const run = path.join(root, 'logs', 'abc_0');
    for (const r of [0, 1]) write(path.join(run, `attempt_0/${r}/stdout.log`), '2026-11-30 09:00:00,000 INFO train: start\n');
    write(path.join(run, 'attempt_0/0/stderr.log'), '');
    write(path.join(run, 'attempt_0/1/stderr.log'), [`${bar}Traceback (most recent call last):`, ...frames, ''].join('\n'));
    const ran = cli('summary', path.join(root, 'logs'));
    assert.strictEqual(ran.status, 0, ran.stderr);
    assert.match(ran.stdout, /^First failure: rank 1, .*attempt_0\/1\/stderr\.log:1: RuntimeError: CUDA error: an illegal memory access was encountered$/m);
    // Plain srun's console: the one traceback before srun's word is its rank's, read from its head.
    const plain = path.join(root, 'plain', 'slurm-81234.out');
    write(plain, ['GPU available: True (cuda), used: True', `${bar}Traceback (most recent call last):`, ...frames, 'srun: error: gpu-node-07: task 2: Exited with exit code 1', 'srun: error: gpu-node-07: tasks 0-1,3: Killed', ''].join('\n'));
    const unlabelled = cli('summary', plain);
    assert.strictEqual(unlabelled.status, 0, unlabelled.stderr);
    assert.match(unlabelled.stdout, /^First failure: rank 2, .*slurm-81234\.out:2: RuntimeError: CUDA error: an illegal memory access was encountered$/m);
  });

  it('rank files carry their sources\' time of last change: an old job reads as ended, a growing one as live', async () => {
    const root = tmp();
    const old = new Date('2026-01-01T00:00:00Z');
    const capture = path.join(root, 'cap', 'run.out');
    const job = await captureJob(capture, ['[rank0]:2026-11-30 09:00:00,000 INFO train: a', '[rank1]:2026-11-30 09:00:00,000 INFO train: b', 'launcher line']);
    fs.utimesSync(capture, old, old);
    const imp = new JobImport(job, path.join(root, 'out'), options);
    await imp.update();
    const near = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 1, `${what}: ${a} vs ${b}`);
    for (const f of ['worker_0.log', 'worker_1.log', 'launcher.log']) near(fs.statSync(path.join(root, 'out', f)).mtimeMs, old.getTime(), f);
    // The capture grows: its ranks are as recent as it is.
    fs.appendFileSync(capture, '[rank0]:2026-11-30 09:00:01,000 INFO train: c\n');
    const now = fs.statSync(capture).mtimeMs;
    await imp.update();
    near(fs.statSync(path.join(root, 'out', 'worker_0.log')).mtimeMs, now, 'worker_0.log after the append');
    // A torchrun rank: the latest of its own files.
    const run = torchrunRun(path.join(root, 'logs'));
    const [tjob] = await findForeignJobs(path.join(root, 'logs'));
    for (const f of ['attempt_0/0/stderr.log', 'attempt_0/0/stdout.log', 'attempt_1/0/stderr.log']) fs.utimesSync(path.join(run, f), old, old);
    const later = new Date('2026-02-01T00:00:00Z');
    fs.utimesSync(path.join(run, 'attempt_1/0/stderr.log'), later, later);
    const timp = new JobImport(tjob, path.join(root, 'tout'), options);
    await timp.update();
    near(fs.statSync(path.join(root, 'tout', 'worker_0.log')).mtimeMs, later.getTime(), 'torchrun worker_0.log');
  });

  it('a one-shot reading (the CLI) holds no record back: the traceback that ends a rank\'s stderr is its error', async () => {
    const root = tmp();
    fs.cpSync(path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'launchers', 'torchrun-1.13-log-dir'), path.join(root, 'logs'), { recursive: true });
    const [job] = await findForeignJobs(path.join(root, 'logs'));
    const rank1 = (dir: string) => fs.readFileSync(path.join(root, dir, 'worker_1.log'), 'utf8');
    // The editor's reading waits for the next read before it writes a stream's last record (its traceback may follow)...
    const live = new JobImport(job, path.join(root, 'live'), options);
    await live.update();
    assert.ok(!rank1('live').includes('RuntimeError: boom on rank 1'), rank1('live'));
    await live.update();
    assert.ok(rank1('live').includes('RuntimeError: boom on rank 1'), rank1('live'));
    // ...a one-shot reading writes it at once.
    const once = new JobImport(job, path.join(root, 'once'), options);
    await once.readOnce();
    assert.strictEqual(rank1('once'), rank1('live'));
  });

  it("torchrun --log_dir of ranks in step (real run): the untimed tracebacks of both are placed in one millisecond; each stream's file time (as the run left it) tells rank 1 raised first, not rank 0", async () => {
    const root = tmp();
    const logs = path.join(root, 'logs');
    fs.cpSync(path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'file-times', 'torchrun-1.13-log-dir-cascade'), logs, { recursive: true });
    const stderr = (rank: number) => path.join(logs, 'none__w6tkx_j', 'attempt_0', String(rank), 'stderr.log');
    const written = (rank: number, ms: number) => {
      const naive = Date.UTC(2026, 11, 2, 6, 0, 58, ms);
      const epoch = (naive + new Date(naive).getTimezoneOffset() * 60_000) / 1000;
      fs.utimesSync(stderr(rank), epoch, epoch);
    };
    const firstFailure = async (name: string) => {
      const [job] = await findForeignJobs(logs);
      await new JobImport(job, path.join(root, name), options).readOnce();
      const f = (await summaryOf(path.join(root, name))).firstFailure;
      return [f?.rank, f?.record.exception];
    };
    written(0, 264);
    written(1, 124);
    assert.deepStrictEqual(await firstFailure('as-run'), [1, 'RuntimeError: boom on rank 1']);
    // Copied without its times: rank 0's traceback says its peer closed the connection, rank 1's
    // failure is the cause (before, only the ranks' order was left, and rank 0 was named).
    fs.utimesSync(stderr(0), new Date(), new Date());
    fs.utimesSync(stderr(1), new Date(), new Date());
    assert.strictEqual((await firstFailure('copied'))[0], 1);
  });

  it("torchrun given --role rank (torchtitan's scripts): its tee labels `[rank0]:` keep a line's own leading space (a stack dump's frames, a config's indent), PyTorch's own label inside one comes off with its space; alone, under srun -l, read the same three ways", async () => {
    const root = tmp();
    const rankLines = (r: number): string[] => {
      const lines: string[] = [];
      for (let step = 1; step <= 40; step++) lines.push(`2026-11-30 09:00:${String(step).padStart(2, '0')},00${r} INFO train: step ${step}`, ` loss: ${step}`, `  "step": ${step},`);
      return lines;
    };
    const dump = ['Thread 0x00007f9221392040 (most recent call first):', '  File "/home/a/stuck.py", line 17 in train_step', '  File "/home/a/stuck.py", line 34 in <module>'];
    const raised = ['[rank1]: Traceback (most recent call last):', '[rank1]:   File "train.py", line 3, in <module>', '[rank1]: RuntimeError: boom'];
    const interleave = (label: (r: number) => string): string[] => {
      const [a, b] = [rankLines(0), rankLines(1)];
      const lines = a.flatMap((l, i) => [`${label(0)}${l}`, `${label(1)}${b[i]}`]);
      return [...lines, ...dump.map((l) => `${label(0)}${l}`), ...raised.map((l) => `${label(1)}${l}`)];
    };
    const expectIn = (out: string, what: string, rank: number) => {
      const log = fs.readFileSync(path.join(out, `worker_${rank}.log`), 'utf8');
      if (rank === 0) {
        assert.ok(log.includes(`\n${dump.join('\n')}\n`), `${what}: ${log.slice(-400)}`);
        assert.ok(log.includes('step 40\n loss: 40\n  "step": 40,\n'), `${what}: ${log.slice(-600)}`);
      } else assert.ok(log.includes('\nTraceback (most recent call last):\n  File "train.py", line 3, in <module>\nRuntimeError: boom\n'), `${what}: ${log.slice(-400)}`);
    };
    const alone = await captureJob(path.join(root, 'alone', 'train.out'), interleave((r) => `[rank${r}]:`));
    assert.strictEqual(alone.spacedTags, false);
    const out = await readThreeWays(alone, path.join(root, 'alone-out'), 'alone: ');
    for (const r of [0, 1]) expectIn(out, 'alone', r);
    assert.strictEqual((await summaryOf(out)).firstFailure?.rank, 1);
    // torchrun on each of two nodes under srun -l: `1: [rank0]:` is node 1's local rank 0.
    const lines = interleave((r) => `0: [rank${r}]:`);
    const srun = await captureJob(path.join(root, 'srun', 'slurm-7.out'), [...lines, ...lines.map((l) => l.replace(/^0: /, '1: '))]);
    assert.deepStrictEqual([srun.teeWidth, srun.spacedTags], [2, false]);
    const srunOut = await readThreeWays(srun, path.join(root, 'srun-out'), 'srun: ');
    for (const r of [0, 1]) expectIn(srunOut, 'srun', r);
    // PyTorch's own label alone (torchrun without --tee): its space is the label's.
    const own = await captureJob(path.join(root, 'own', 'train.out'), ['[rank0]:2026-11-30 09:00:01,000 INFO train: up', ...raised]);
    assert.strictEqual(own.spacedTags, undefined);
  });

  it("PyTorch 2.4+'s own `[rank1]: ` before a worker's traceback and C++ warnings: rank 1 fails at its exception, in task files, torchrun's folders, srun -l and torchrun captures", async () => {
    const root = tmp();
    const torch = [
      '[rank1]:[W1130 09:12:34.123456 4242 ProcessGroupNCCL.cpp:1200] Warning: watchdog slow',
      '[rank1]: Traceback (most recent call last):',
      '[rank1]:   File "train.py", line 3, in <module>',
      '[rank1]:     main()',
      '[rank1]: RuntimeError: boom on rank 1',
    ];
    const step = (r: number) => `2026-11-30 09:12:33,000 INFO train: step 1 rank ${r}`;
    write(path.join(root, 'tasks', 'train_77_0.out'), `${step(0)}\n`);
    write(path.join(root, 'tasks', 'train_77_1.out'), [step(1), ...torch, ''].join('\n'));
    write(path.join(root, 'torchrun', 'none_x', 'attempt_0', '0', 'stderr.log'), `${step(0)}\n`);
    write(path.join(root, 'torchrun', 'none_x', 'attempt_0', '1', 'stderr.log'), [step(1), ...torch, ''].join('\n'));
    write(path.join(root, 'srun', 'slurm-77.out'), [`0: ${step(0)}`, `1: ${step(1)}`, ...torch.map((l) => `1: ${l}`), ''].join('\n'));
    // torchrun's tee before PyTorch's own label; and PyTorch's label as the capture's only one.
    write(path.join(root, 'tee', 'train.out'), [`[default0]:${step(0)}`, `[default1]:${step(1)}`, ...torch.map((l) => `[default1]:${l}`), ''].join('\n'));
    write(path.join(root, 'plain', 'train.out'), ['[rank0]:2026-11-30 09:12:33,000 INFO train: up', ...torch, ''].join('\n'));
    for (const name of ['tasks', 'torchrun', 'srun', 'tee', 'plain']) {
      const [job] = await findForeignJobs(path.join(root, name));
      assert.ok(job, name);
      for (const way of [{ byteFastPath: false }, {}]) {
        const out = path.join(root, `${name}-out-${way.byteFastPath === false ? 'strings' : 'bytes'}`);
        await new JobImport(job, out, { ...options, ...way }).readOnce();
        const summary = await summaryOf(out);
        const rank1 = summary.ranks.find((r) => r.rank === 1);
        assert.strictEqual(rank1?.firstError?.record.exception, 'RuntimeError: boom on rank 1', `${name}: ${fs.readFileSync(path.join(out, 'worker_1.log'), 'utf8')}`);
        assert.strictEqual(summary.firstFailure?.rank, 1, name);
        const log = fs.readFileSync(path.join(out, 'worker_1.log'), 'utf8');
        assert.ok(log.includes('2026-11-30 09:12:34,123 - Worker 1 - ProcessGroupNCCL.cpp:1200 - WARNING - Warning: watchdog slow\n'), `${name}: ${log}`);
        assert.ok(log.includes('\n  File "train.py", line 3, in <module>\n    main()\nRuntimeError: boom on rank 1\n'), `${name}: ${log}`);
        assert.ok(!log.includes('[rank1]'), `${name}: ${log}`);
      }
    }
  });

  it('torchrun on several nodes under srun -l or pdsh: its tee labels inside the node\'s prefix are local ranks, node * width + local; torchrun\'s word names a node\'s rank, srun\'s a node torchrun said nothing of', async () => {
    const root = tmp();
    const lines: string[] = [];
    for (let step = 1; step <= 3; step++)
      for (let node = 0; node < 2; node++) for (let local = 0; local < 4; local++) lines.push(`${node}: [default${local}]:2026-11-30 09:00:0${step},${node}${local}0 INFO __main__: step=${step} node ${node} local ${local}`);
    lines.push(
      // torchrun's tee cut a partial line; PyTorch's own label (a global rank) inside a tee label.
      '0: [default0]:loss=[default1]:2026-11-30 09:00:04,000 INFO __main__: step=4',
      '0: [default0]:0.5',
      '1: [default2]:[rank6]: Traceback (most recent call last):',
      '1: [default2]:[rank6]:   File "train.py", line 3, in <module>',
      '1: [default2]:[rank6]: RuntimeError: boom on rank 6',
      '1: [E1130 09:00:05.000000 555 torch/distributed/elastic/multiprocessing/api.py:869] failed (exitcode: 1) local_rank: 2 (pid: 4242) of binary: /usr/bin/python3',
      // Node 0's ranks wait in their collective, and are killed with their torchrun.
      ...[0, 1, 2, 3].map((local) => `0: [default${local}]:2026-11-30 09:00:09,000 WARNING __main__: waiting`),
      'srun: error: gpu-b: task 1: Exited with exit code 1',
      'srun: error: gpu-a: task 0: Killed',
      '',
    );
    write(path.join(root, 'srun', 'slurm-77.out'), lines.join('\n'));
    write(path.join(root, 'pdsh', 'train.out'), lines.map((l) => l.replace(/^0: /, 'node001: ').replace(/^1: /, 'node002: ').replace('srun: error: gpu-b: task 1: Exited with exit code 1', 'pdsh@login: node002: ssh exited with exit code 1').replace('srun: error: gpu-a: task 0: Killed', 'pdsh@login: node001: ssh exited with exit code 137')).join('\n'));
    for (const name of ['srun', 'pdsh']) {
      const [job] = await findForeignJobs(path.join(root, name));
      assert.strictEqual(job?.teeWidth, 4, name);
      for (const way of [{ byteFastPath: false }, {}]) {
        const out = path.join(root, `${name}-out-${way.byteFastPath === false ? 'strings' : 'bytes'}`);
        const imp = new JobImport(job, out, { ...options, ...way });
        await imp.readOnce();
        const summary = await summaryOf(out);
        assert.deepStrictEqual(summary.ranks.map((r) => r.rank), [0, 1, 2, 3, 4, 5, 6, 7], name);
        const log = (r: number) => fs.readFileSync(path.join(out, `worker_${r}.log`), 'utf8');
        assert.ok(log(5).includes('- Worker 5 - __main__ - INFO - step=3 node 1 local 1\n'), log(5));
        assert.strictEqual(imp.rankName(6), name === 'srun' ? 'task 1 local 2' : 'node002 local 2');
        assert.ok(log(0).includes('- INFO - loss=0.5\n'), log(0));
        assert.ok(log(1).includes('- INFO - step=4\n'), log(1));
        // The node whose torchrun named its failed rank: that rank alone; the node killed whole: every rank.
        assert.strictEqual(summary.firstFailure?.rank, 6, name);
        assert.strictEqual(summary.ranks.find((r) => r.rank === 6)?.firstError?.record.exception, 'RuntimeError: boom on rank 6', log(6));
        assert.ok(!log(6).includes('[rank6]'), log(6));
        for (const r of [4, 5, 7]) assert.ok(!summary.ranks.find((x) => x.rank === r)?.firstError, `${name} rank ${r}: ${log(r)}`);
        for (const r of [0, 1, 2, 3]) assert.ok(summary.ranks.find((x) => x.rank === r)?.firstError, `${name} rank ${r}: ${log(r)}`);
        const launcher = fs.readFileSync(path.join(out, 'launcher.log'), 'utf8');
        assert.ok(launcher.includes('local_rank: 2 (pid: 4242)'), launcher);
      }
    }
    // srun launching each rank itself, PyTorch's own labels in their lines: one prefix, ranks as srun numbers them.
    write(path.join(root, 'direct', 'slurm-78.out'), ['0: 2026-11-30 09:00:01,000 INFO x: up', '1: 2026-11-30 09:00:01,000 INFO x: up', '1: [rank1]: Traceback (most recent call last):', '1: [rank1]: RuntimeError: boom', '0: [rank0]:[W1130 09:00:02.000000 1 ProcessGroupNCCL.cpp:1] slow', ''].join('\n'));
    const [direct] = await findForeignJobs(path.join(root, 'direct'));
    assert.strictEqual(direct?.style, 'srun');
    assert.strictEqual(direct?.teeWidth, undefined);
  });

  it("torchrun on several nodes under srun -l (or pdsh), its rendezvous numbering srun's task 1 as the first node (c10d): ranks as PyTorch's own lines name them, not task * width + local, from the head or the capture's end, a task no line names in a place left; by the task's number where its lines contradict each other", async () => {
    const root = tmp();
    const barrier = (task: number, local: number, rank: number) => [
      `${task}: [default${local}]:2026-11-30 09:00:01,00${rank} INFO torch.distributed.distributed_c10d: Added key: store_based_barrier_key:1 to store for rank: ${rank}`,
      `${task}: [default${local}]:2026-11-30 09:00:01,01${rank} INFO torch.distributed.distributed_c10d: Rank ${rank}: Completed store-based barrier for key:store_based_barrier_key:1 with 4 nodes.`,
    ];
    const lines = [
      '1: WARNING:torch.distributed.run:',
      '0: WARNING:torch.distributed.run:',
      ...barrier(1, 0, 0), ...barrier(0, 0, 2), ...barrier(1, 1, 1), ...barrier(0, 1, 3),
      ...[[1, 0, 0], [1, 1, 1], [0, 0, 2], [0, 1, 3]].map(([task, local, rank]) => `${task}: [default${local}]:2026-11-30 09:00:02,000 INFO train: step 1 rank ${rank}`),
      '0: [default0]:Traceback (most recent call last):',
      '0: [default0]:  File "train.py", line 3, in <module>',
      '0: [default0]:RuntimeError: boom on rank 2',
      '0: ERROR:torch.distributed.elastic.multiprocessing.api:failed (exitcode: 1) local_rank: 0 (pid: 4242) of binary: /usr/bin/python3',
      ...[[1, 0, 0], [1, 1, 1], [0, 1, 3]].map(([task, local, rank]) => `${task}: [default${local}]:2026-11-30 09:00:09,000 WARNING train: waiting on rank ${rank}`),
      'srun: error: gpu-a: task 0: Exited with exit code 1',
      '',
    ];
    write(path.join(root, 'c10d', 'slurm-80.out'), lines.join('\n'));
    const [job] = await findForeignJobs(path.join(root, 'c10d'));
    assert.strictEqual(job?.teeWidth, 2);
    assert.deepStrictEqual(job?.teeSlots, [1, 0]);
    for (const [name, way] of READ_WAYS) {
      const out = path.join(root, `out-${name}`);
      const imp = new JobImport(job, out, way);
      await imp.readOnce();
      // (The capture lane numbers them so too: it takes the steps' records.)
      if (name === 'lane') assert.ok(imp.laneLines >= 4, `the lane took ${imp.laneLines} lines`);
      const summary = await summaryOf(out);
      const log = (r: number) => fs.readFileSync(path.join(out, `worker_${r}.log`), 'utf8');
      for (const r of [0, 1, 2, 3]) assert.match(log(r), new RegExp(`step 1 rank ${r}\n`), `rank ${r}: ${log(r)}`);
      assert.strictEqual(summary.firstFailure?.rank, 2);
      assert.strictEqual(summary.ranks.find((r) => r.rank === 2)?.firstError?.record.exception, 'RuntimeError: boom on rank 2');
      assert.deepStrictEqual([0, 2].map((r) => imp.rankName(r)), ['task 1 local 0', 'task 0 local 0']);
      for (const r of [0, 1, 3]) assert.ok(!summary.ranks.find((x) => x.rank === r)?.firstError, `rank ${r}: ${log(r)}`);
    }
    // pdsh's hosts: in their order (node001, node002), node002's ranks are 0 and 1.
    write(path.join(root, 'pdsh', 'train.out'), lines.map((l) => l.replace(/^0: /, 'node001: ').replace(/^1: /, 'node002: ').replace('srun: error: gpu-a: task 0: Exited with exit code 1', 'pdsh@login: node001: ssh exited with exit code 1')).join('\n'));
    const [pdsh] = await findForeignJobs(path.join(root, 'pdsh'));
    assert.deepStrictEqual([pdsh?.style, pdsh?.hosts, pdsh?.teeSlots], ['pdsh', ['node001', 'node002'], [1, 0]]);
    const pdshOut = path.join(root, 'out-pdsh');
    const pdshImport = new JobImport(pdsh, pdshOut, options);
    await pdshImport.readOnce();
    for (const r of [0, 1, 2, 3]) assert.match(fs.readFileSync(path.join(pdshOut, `worker_${r}.log`), 'utf8'), new RegExp(`step 1 rank ${r}\n`), `pdsh rank ${r}`);
    assert.deepStrictEqual([(await summaryOf(pdshOut)).firstFailure?.rank, pdshImport.rankName(2)], [2, 'node001 local 0']);
    // torch 2: its C++ warnings' `[rank2]:` labels inside the tee labels name them (no c10d line at WARNING).
    const warn = (task: number, local: number, rank: number) => `${task}: [default${local}]:[rank${rank}]:[W1130 09:00:01.000000 7 ProcessGroupNCCL.cpp:1] Warning: slow`;
    write(path.join(root, 'torch2', 'slurm-82.out'), [warn(1, 0, 0), warn(0, 0, 2), warn(1, 1, 1), warn(0, 1, 3), '0: [default0]:[rank2]: Traceback (most recent call last):', '0: [default0]:[rank2]: RuntimeError: boom on rank 2', ''].join('\n'));
    const [torch2] = await findForeignJobs(path.join(root, 'torch2'));
    assert.deepStrictEqual([torch2?.teeWidth, torch2?.teeSlots], [2, [1, 0]]);
    const torch2Out = path.join(root, 'out-torch2');
    await new JobImport(torch2, torch2Out, options).readOnce();
    assert.strictEqual((await summaryOf(torch2Out)).firstFailure?.rank, 2);
    // Task 0's lines name no rank: of two nodes, task 1's settle both.
    write(path.join(root, 'untold', 'slurm-81.out'), lines.filter((l) => !(l.startsWith('0: ') && l.includes('c10d'))).join('\n'));
    const [untold] = await findForeignJobs(path.join(root, 'untold'));
    assert.deepStrictEqual([untold?.teeWidth, untold?.teeSlots], [2, [1, 0]]);
    // torch 2 at WARNING: the head names no rank; the traceback's [rank4]: labels at the end (past
    // the first 64 KiB) place task 0 (3 nodes of 2); tasks 1 and 2 take the places left, their own
    // number first.
    const step = (task: number, local: number, n: number) => `${task}: [default${local}]:2026-11-30 09:00:${String(n % 60).padStart(2, '0')},000 WARNING train: slow step ${n} ${'x'.repeat(40)}`;
    const long = [];
    for (let n = 0; n < 300; n++) for (const task of [0, 1, 2]) for (const local of [0, 1]) long.push(step(task, local, n));
    long.push('0: [default0]:[rank4]: Traceback (most recent call last):', '0: [default0]:[rank4]: RuntimeError: boom on rank 4', '');
    write(path.join(root, 'tail', 'slurm-83.out'), long.join('\n'));
    assert.ok(fs.statSync(path.join(root, 'tail', 'slurm-83.out')).size > 128 * 1024);
    const [tail] = await findForeignJobs(path.join(root, 'tail'));
    assert.deepStrictEqual([tail?.teeWidth, tail?.teeSlots], [2, [2, 1, 0]]);
    const tailOut = path.join(root, 'out-tail');
    await new JobImport(tail, tailOut, options).readOnce();
    assert.strictEqual((await summaryOf(tailOut)).firstFailure?.rank, 4);
    // Lines that contradict each other (task 0's ranks named 0 and 2): the tasks' numbers.
    write(path.join(root, 'contradicting', 'slurm-84.out'), [...lines.slice(0, -1), '0: [default0]:[rank0]:[W1130 09:00:03.000000 7 ProcessGroupNCCL.cpp:1] Warning: slow', ''].join('\n'));
    const [contradicting] = await findForeignJobs(path.join(root, 'contradicting'));
    assert.deepStrictEqual([contradicting?.teeWidth, contradicting?.teeSlots], [2, undefined]);
  });

  it("a torchrun log folder's first reading tells how far it is, from 0 to 1, and nothing once done", async () => {
    const root = tmp();
    for (let rank = 0; rank < 4; rank++) {
      const lines = Array.from({ length: 20_000 }, (_, i) => `2026-11-30 09:00:00,000 INFO train: step ${i} ${'x'.repeat(40)}`);
      write(path.join(root, 'logs', 'none_x1', 'attempt_0', String(rank), 'stderr.log'), lines.join('\n') + '\n');
      write(path.join(root, 'logs', 'none_x1', 'attempt_0', String(rank), 'stdout.log'), 'hello\n');
    }
    const [job] = await findForeignJobs(path.join(root, 'logs'));
    const imp = new JobImport(job, path.join(root, 'out'), options);
    const seen = await fractionsOfFirstUpdate(imp);
    assert.ok(seen.some((f) => f > 0.2 && f < 1), `fractions seen: ${seen.join(', ')}`);
    // Later readings are not measured.
    fs.appendFileSync(path.join(root, 'logs', 'none_x1', 'attempt_0', '0', 'stderr.log'), '2026-11-30 09:00:01,000 INFO train: more\n');
    const later = imp.update();
    assert.strictEqual(imp.readFraction(), undefined);
    await later;
  });

  it("a capture's first reading tells how far it is, from 0 to 1, and nothing once done", async () => {
    const root = tmp();
    const lines: string[] = [];
    for (let i = 0; i < 60_000; i++) lines.push(`[rank${i % 4}]:2026-11-30 09:00:00,000 INFO train: step ${i} ${'x'.repeat(40)}`);
    write(path.join(root, 'src', 'run.out'), lines.join('\n') + '\n');
    const [job] = await findForeignJobs(path.join(root, 'src'));
    const seen = await fractionsOfFirstUpdate(new JobImport(job, path.join(root, 'out'), options));
    assert.ok(seen.some((f) => f > 0 && f < 1), `fractions seen: ${seen.join(', ')}`);
  });

  it("a chained traceback is one error, its exception the one raised; an exception group's traceback (Python 3.11, indented) fails its rank and ends at its rank's next line; read the same three ways", async () => {
    const root = tmp();
    const chained = [
      'Traceback (most recent call last):',
      '  File "/home/alice/data.py", line 4, in load',
      'ZeroDivisionError: division by zero',
      '',
      'During handling of the above exception, another exception occurred:',
      '',
      'Traceback (most recent call last):',
      '  File "/home/alice/train.py", line 12, in <module>',
      'ValueError: bad value in shard_000913.tar',
    ];
    const group = [
      '  + Exception Group Traceback (most recent call last):',
      '  |   File "/home/alice/train.py", line 14, in <module>',
      '  | ExceptionGroup: checkpoint upload failed (2 sub-exceptions)',
      '  +-+---------------- 1 ----------------',
      "    | KeyError: 'k'",
      '    +------------------------------------',
    ];
    const lines = [
      '[default0]:2026-11-30 09:00:00,000 INFO train: step 1',
      '[default1]:2026-11-30 09:00:00,100 INFO train: step 1',
      '[default2]:2026-11-30 09:00:00,200 INFO train: step 1',
      ...chained.map((l) => `[default0]:${l}`),
      '[default1]:2026-11-30 09:00:05,000 INFO train: uploading',
      ...group.map((l) => `[default1]:${l}`),
      '[default1]:cleanup done',
      // A print after an exception: no chain follows, it is a record of its own.
      '[default2]:ValueError: not raised, printed',
      '[default2]:',
      '[default2]:next print',
    ];
    const out = await readThreeWays(await captureJob(path.join(root, 'src', 'console.log'), lines), root);
    const s = await summaryOf(out);
    const first = (rank: number) => s.ranks.find((r) => r.rank === rank)?.firstError?.record;
    assert.deepStrictEqual(s.ranks.map((r) => [r.rank, r.state, r.errors]), [[0, 'failed', 1], [1, 'failed', 1], [2, 'running', 0]]);
    assert.strictEqual(first(0)?.exception, 'ValueError: bad value in shard_000913.tar');
    assert.strictEqual(first(1)?.exception, 'ExceptionGroup: checkpoint upload failed (2 sub-exceptions)');
    const log1 = fs.readFileSync(path.join(out, 'worker_1.log'), 'utf8').split('\n');
    assert.strictEqual(log1[log1.length - 2], 'Worker 1 - output - INFO - cleanup done', log1.join('\n'));
    // Rank 0's chain is one record: its lines, then nothing else.
    const log0 = fs.readFileSync(path.join(out, 'worker_0.log'), 'utf8');
    const placed = "2026-11-30 09:00:00,201 - Worker 0 - launcher - INFO - rank 0's traceback comes after the capture's line of 2026-11-30 09:00:00.200 (its latest time before it)";
    assert.ok(log0.startsWith(`2026-11-30 09:00:00,000 - Worker 0 - train - INFO - step 1\n${placed}\nWorker 0 - output - ERROR - Uncaught exception\n${chained.join('\n')}\n`), log0);
  });

  it("an exception group raised out after a logged exception (a real torchrun run's rank: logger.exception, then Python's own print of the group) is an uncaught exception of its own; the logged one keeps its exception; read the same three ways", async () => {
    const root = tmp();
    const logged = ['[default1]:ERROR:trainer:config failed on rank 1', '[default1]:Traceback (most recent call last):', '[default1]:  File "/tmp/job.py", line 12, in <module>', '[default1]:KeyError: \'missing\'', '[default1]:', '[default1]:The above exception was the direct cause of the following exception:', '[default1]:', '[default1]:Traceback (most recent call last):', '[default1]:  File "/tmp/job.py", line 14, in <module>', '[default1]:ValueError: bad config'];
    const raised = ['  + Exception Group Traceback (most recent call last):', '  |   File "/tmp/job.py", line 17, in <module>', '  | ExceptionGroup: many (2 sub-exceptions)', '  +-+---------------- 1 ----------------', '    | RuntimeError: a', '    +------------------------------------'].map((l) => `[default1]:${l}`);
    const lines = ['[default0]:INFO:trainer:step 0', '[default1]:INFO:trainer:step 0', ...logged, ...raised, '[default0]:INFO:trainer:done'];
    const out = await readThreeWays(await captureJob(path.join(root, 'src', 'console.log'), lines), root);
    const s = await summaryOf(out);
    const rank1 = s.ranks.find((r) => r.rank === 1)!;
    assert.deepStrictEqual(rank1.lastSession?.errors.map((e) => [e.message, e.exception]), [['config failed on rank 1', 'ValueError: bad config'], ['Uncaught exception', 'ExceptionGroup: many (2 sub-exceptions)']]);
    assert.strictEqual(rank1.firstError?.record.exception, 'ValueError: bad config');
  });

  it("C++'s `terminate called ...` fails its rank (a task that only printed), as do a fatal signal's first words from Abseil's or glog's handler and a script that does not compile (`SyntaxError: ...` without a `Traceback` line); c10's backtrace (`Exception raised from ...`, `frame #0: ...`) stays with the record before; read the same three ways", async () => {
    const root = tmp();
    const backtrace = [
      'Exception raised from checkTimeout at /pytorch/torch/csrc/distributed/c10d/ProcessGroupNCCL.cpp:609 (most recent call first):',
      'frame #0: c10::Error::Error(c10::SourceLocation, std::string) + 0x96 (0x7fbeb989ef86 in /opt/venv/lib/python3.12/site-packages/torch/lib/libc10.so)',
      'frame #1: clone + 0x6d (0x7fbf2bad0b0d in /lib64/libc.so.6)',
      '',
    ];
    const lines = [
      '0: 2026-11-30 09:00:00,000 INFO train: step 1',
      '1: epoch 0 starts',
      '0: [rank0]:[E1130 09:30:01.832146912 ProcessGroupNCCL.cpp:1515] [PG 0 (default_pg) Rank 0] Process group watchdog thread terminated with exception: [Rank 0] Watchdog caught collective operation timeout',
      ...backtrace.map((l) => `0: ${l}`),
      "1: terminate called after throwing an instance of 'std::bad_alloc'",
      '1:   what():  std::bad_alloc',
      '0: frame #7: printed after a print',
      // A script that does not compile: its frame, then the error, with no `Traceback` line.
      '2: starting',
      '2:   File "/home/alice/train.py", line 12',
      '2:     x = (1,',
      '2:         ^',
      "2: SyntaxError: '(' was never closed",
      // Abseil's fatal signal handler (JAX, TensorFlow), its stack under its first words; glog's.
      '3: step 3',
      '3: *** SIGSEGV received at time=1796029215 on cpu 3 ***',
      '3: PC: @     0x7f1c2a3b4c5d  (unknown)  ncclGroupEnd',
      '3:     @     0x7f1c2a000000       1024  (unknown)',
      '4: step 3',
      '4: *** Aborted at 1796029215 (unix time) try "date -d @1796029215" if you are using GNU date ***',
      '4: *** SIGSEGV (@0x0) received by PID 4242 (TID 0x7f1c2a3b4c5d) from PID 0; stack trace: ***',
      '4:     @     0x7f1c2a3b4c5d  (unknown)',
      // A line that only looks alike is a print.
      '5: *** SIGSEGV received somewhere ***',
    ];
    const s = await summaryOf(await readThreeWays(await captureJob(path.join(root, 'src', 'srun.out'), lines), root));
    assert.deepStrictEqual(s.ranks.map((r) => [r.rank, r.state, r.errors]), [[0, 'failed', 1], [1, 'failed', 1], [2, 'failed', 1], [3, 'failed', 1], [4, 'failed', 1], [5, 'running', 0]]);
    assert.strictEqual(s.ranks[2].firstError?.record.message, "SyntaxError: '(' was never closed");
    assert.deepStrictEqual(s.ranks.slice(0, 5).map((r) => [r.firstError?.record.level, r.firstError?.record.lineCount]), [['ERROR', 1 + backtrace.length + 1], ['CRITICAL', 2], ['ERROR', 1], ['CRITICAL', 3], ['CRITICAL', 3]]);
    assert.strictEqual(s.ranks[3].firstError?.record.message, '*** SIGSEGV received at time=1796029215 on cpu 3 ***');
    assert.strictEqual(s.ranks[1].firstError?.record.message, "terminate called after throwing an instance of 'std::bad_alloc'");
  });

  it("a traceback right after an ERROR or CRITICAL record is the exception it logged (`logger.exception`), under it; after any other record it is a record of its own; read the same three ways", async () => {
    const root = tmp();
    const tb = (e: string) => ['Traceback (most recent call last):', '  File "/w/train.py", line 30, in train_step', `${e}`];
    const lines = [
      ...['ERROR:__main__:batch 7 failed, skipping', ...tb('ValueError: shapes (3,) and (4,) not aligned'), 'INFO:__main__:step 2'].map((l) => `[default0]:${l}`),
      ...['2026-11-30 09:00:03,000 CRITICAL trainer: step failed', ...tb("KeyError: 'labels'"), '2026-11-30 09:00:04,000 INFO trainer: step 3'].map((l) => `[default1]:${l}`),
      ...['2026-11-30 09:00:03,000 - Worker 2 - train - ERROR - step failed', ...tb('OSError: disk full')].map((l) => `[default2]:${l}`),
      // An uncaught exception after an INFO record: a record of its own, which fails the rank.
      ...['2026-11-30 09:00:05,000 INFO trainer: step 5', ...tb('RuntimeError: boom')].map((l) => `[default3]:${l}`),
    ];
    const out = await readThreeWays(await captureJob(path.join(root, 'src', 'console.log'), lines), root);
    const s = await summaryOf(out);
    assert.deepStrictEqual(s.ranks.map((r) => [r.rank, r.errors, r.firstError?.record.message, r.firstError?.record.exception, r.firstError?.record.lineCount]), [
      [0, 1, 'batch 7 failed, skipping', 'ValueError: shapes (3,) and (4,) not aligned', 4],
      [1, 1, 'step failed', "KeyError: 'labels'", 4],
      [2, 1, 'step failed', 'OSError: disk full', 4],
      [3, 1, 'Uncaught exception', 'RuntimeError: boom', 4],
    ]);
  });

  it("SkyPilot's job of several nodes (`(head, rank=0, pid=...)`, `(worker1, rank=1, pid=..., ip=...)`, coloured or not): each node a rank, torchrun's tee labels inside a node's local ranks; its word on the job's return codes fails the nodes it names, not those its cleanup ended (137), and no rank of a capture of one node's ranks; its setup's lines are the launcher's; a job of one node (`(task, pid=...)`) is read as without that prefix", async () => {
    const cyan = (text: string) => `\x1b[36m${text}\x1b[0m`;
    const head = '(head, rank=0, pid=3808)';
    const worker = '(worker1, rank=1, pid=2769, ip=10.100.10.12)';
    assert.strictEqual(captureStyleOf(`${head} a\n${worker} b\n`), 'skypilot');
    // Its Go agent writes the address first.
    assert.strictEqual(captureStyleOf(`${cyan(head)} a\n${cyan('(worker1, rank=1, ip=10.100.10.12, pid=2769)')} b\n`), 'skypilot');
    assert.strictEqual(captureStyleOf('(setup pid=2210) Collecting torch\n(setup pid=2210, ip=10.0.0.2) Collecting torch\n'), undefined);
    // A job of one node: its task's name before each line.
    assert.strictEqual(captureStyleOf('(train, pid=1234) step 1\n(train, pid=1234) step 2\n'), 'skypilot');
    const root = tmp();
    const job = await captureJob(path.join(root, 'logs', 'run.log'), [
      '(setup pid=2210) Requirement already satisfied: torch',
      `${cyan(head)} 2026-12-04 09:00:00,100 INFO train: starting`,
      `${cyan(worker)} 2026-12-04 09:00:00,120 INFO train: starting`,
      `${cyan(worker)} Traceback (most recent call last):`,
      `${cyan(worker)}   File "train.py", line 40, in <module>`,
      `${cyan(worker)} torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB.`,
      `${cyan(head)} 2026-12-04 09:00:02,100 INFO train: step 2`,
      'ERROR: \x1b[31mJob 2 failed with return code list:\x1b[0m [137, 1] (A Worker failed with return code 1, SkyPilot cleaned up the processes on other nodes with return code 137)',
    ]);
    assert.strictEqual(job.style, 'skypilot');
    const out = await readThreeWays(job, path.join(root, 'imp'));
    const summary = await summaryOf(out);
    assert.deepStrictEqual(summary.ranks.map((r) => [r.rank, r.stoppedBy ? 'stopped' : r.state]), [[0, 'stopped'], [1, 'failed']]);
    assert.match(summary.firstFailure?.record.exception ?? '', /CUDA out of memory/);
    assert.match(fs.readFileSync(path.join(out, 'worker_1.log'), 'utf8'), /launcher - ERROR - SkyPilot: job 2 failed: node 1 exited with code 1 \(return codes by node: \[137, 1\]\)/);
    assert.doesNotMatch(fs.readFileSync(path.join(out, 'worker_0.log'), 'utf8'), / - ERROR - /);
    // torchrun on each node with --tee: its labels are the node's local ranks.
    const lines: string[] = [];
    for (const [node, prefix] of [head, worker].entries()) for (const local of [0, 1]) lines.push(`${prefix} [default${local}]:2026-12-04 09:00:0${node},${local}00 INFO train: step 1`);
    // (The node's torchrun names its local rank 1: SkyPilot's word on node 1 fails no other rank of it.)
    lines.push(`${worker} [default1]:RuntimeError: boom on rank 3`, `${worker} E1204 09:00:05.000000 140 torch/distributed/elastic/multiprocessing/api.py:826] failed (exitcode: 1) local_rank: 1 (pid: 4242) of binary: /usr/bin/python3`, 'ERROR: Job 3 failed with return code list: [137, 1]');
    const nested = await captureJob(path.join(root, 'nested', 'run.log'), lines);
    assert.deepStrictEqual([nested.style, nested.teeWidth], ['skypilot', 2]);
    const nestedOut = await readThreeWays(nested, path.join(root, 'nested-imp'));
    const named = new JobImport(nested, path.join(root, 'nested-named'), options);
    await named.readOnce();
    assert.strictEqual(named.rankName(3), 'node 1 local 1');
    assert.deepStrictEqual(fs.readdirSync(nestedOut).filter((f) => f.startsWith('worker_')).sort(), ['worker_0.log', 'worker_1.log', 'worker_2.log', 'worker_3.log']);
    assert.match(fs.readFileSync(path.join(nestedOut, 'worker_3.log'), 'utf8'), /boom on rank 3/);
    const nestedSummary = await summaryOf(nestedOut);
    assert.strictEqual(nestedSummary.firstFailure?.rank, 3);
    assert.deepStrictEqual(nestedSummary.ranks.filter((r) => r.state === 'failed').map((r) => r.rank), [3]);
    // A job of one node: its lines carry torchrun's labels, not SkyPilot's; SkyPilot's word names its node, not rank 0.
    const one = await captureJob(path.join(root, 'one', 'run.log'), [
      '[default0]:2026-12-04 09:00:00,100 INFO train: step 1',
      '[default1]:2026-12-04 09:00:00,100 INFO train: step 1',
      '[default1]:Traceback (most recent call last):',
      '[default1]:  File "t.py", line 3, in <module>',
      '[default1]:RuntimeError: boom on rank 1',
      'ERROR: Job 1 failed with return code list: [1]',
    ]);
    assert.strictEqual(one.style, 'torchrun');
    const oneSummary = await summaryOf(await readThreeWays(one, path.join(root, 'one-imp')));
    assert.deepStrictEqual(oneSummary.ranks.filter((r) => r.state === 'failed').map((r) => r.rank), [1]);
    // The same job as SkyPilot streams it (`(task, pid=4494) ` before each line of its one node):
    // read as without the prefix, torchrun's own lines its launcher's, SkyPilot's word on its node
    // failing no rank torchrun did not name.
    const task = await captureJob(path.join(root, 'task', 'run.log'), [
      '(setup pid=2210) Requirement already satisfied: torch',
      `${cyan('(task, pid=4494)')} W1204 09:00:00.412000 4494 torch/distributed/run.py:793] Setting OMP_NUM_THREADS environment variable for each process to be 1 in default`,
      '(task, pid=4494) [default0]:2026-12-04 09:00:00,100 INFO train: step 1',
      '(task, pid=4494) [default1]:2026-12-04 09:00:00,100 INFO train: step 1',
      '(task, pid=4494) [default1]:Traceback (most recent call last):',
      '(task, pid=4494) [default1]:  File "t.py", line 3, in <module>',
      '(task, pid=4494) [default1]:RuntimeError: boom on rank 1',
      '(task, pid=4494) E1204 09:00:05.000000 4494 torch/distributed/elastic/multiprocessing/api.py:869] failed (exitcode: 1) local_rank: 1 (pid: 4242) of binary: /usr/bin/python3',
      'ERROR: Job 1 failed with return code list: [1]',
    ]);
    assert.deepStrictEqual([task.style, task.teeWidth], ['skypilot', 2]);
    const taskOut = await readThreeWays(task, path.join(root, 'task-imp'));
    const taskSummary = await summaryOf(taskOut);
    assert.deepStrictEqual(taskSummary.ranks.map((r) => [r.rank, r.state]), [[0, 'finished'], [1, 'failed']]);
    assert.match(taskSummary.firstFailure?.record.exception ?? '', /boom on rank 1/);
    assert.match(fs.readFileSync(path.join(taskOut, 'worker_1.log'), 'utf8'), /torchrun: local rank 1 \(pid 4242\) exited with code 1/);
    // PyTorch's own labels alone (no --tee), on its node: global ranks, as on a console without SkyPilot's prefix.
    const own = await captureJob(path.join(root, 'own', 'run.log'), [
      '(train, pid=4494) W1204 09:00:00.412000 4494 torch/distributed/run.py:793] Setting OMP_NUM_THREADS environment variable for each process to be 1 in default',
      '(train, pid=4494) 2026-12-04 09:00:00,100 INFO train: step 1',
      '(train, pid=4494) [rank3]: Traceback (most recent call last):',
      '(train, pid=4494) [rank3]:   File "t.py", line 3, in <module>',
      '(train, pid=4494) [rank3]: RuntimeError: boom on rank 3',
    ]);
    assert.deepStrictEqual([own.style, own.teeWidth], ['skypilot', 4]);
    const ownSummary = await summaryOf(await readThreeWays(own, path.join(root, 'own-imp')));
    assert.deepStrictEqual(ownSummary.ranks.filter((r) => r.state === 'failed').map((r) => r.rank), [3]);
  });

  it("kubectl's pods (`kubectl logs -l <selector> --prefix`): each pod a rank by the replica its name numbers (a PyTorchJob's master 0, its workers after it), whatever order kubectl writes them in; an untimed traceback dated by its own pod's lines; with `--timestamps`, the kubelet's time taken off every line and given to those without one, torchrun's tee labels behind it a node's local ranks; an app's own ISO time without them stays the line's", async () => {
    assert.strictEqual(captureStyleOf('[pod/train-master-0/pytorch] step 1\n[pod/train-worker-0/pytorch] step 1\n'), 'kubectl');
    // Not Kubernetes' names (upper case, no container), nor one line alone.
    assert.strictEqual(captureStyleOf('[pod/Train-0/pytorch] step 1\n[pod/Train-1/pytorch] step 1\n'), undefined);
    assert.strictEqual(captureStyleOf('[pod/train-0] step 1\n[pod/train-1] step 1\n'), undefined);
    assert.strictEqual(captureStyleOf('[pod/train-0/pytorch] step 1\nother text\n'), undefined);
    assert.deepStrictEqual(rankPrefixOf('[pod/train-worker-3/pytorch] [default1]:x'), { style: 'kubectl', rank: -1, host: 'train-worker-3', rest: '[default1]:x' });
    // A sidecar's line is the launcher's: the mesh's proxy logs on while its rank hangs.
    assert.strictEqual(rankPrefixOf('[pod/train-worker-3/istio-proxy] [2026-11-30T09:12:33.123Z] "GET /healthz/ready HTTP/1.1" 200'), undefined);
    assert.deepStrictEqual(kubeletTimeOf('2026-11-30T09:12:33.1234Z [default1]:x'), { time: Date.UTC(2026, 10, 30, 9, 12, 33, 123), rest: '[default1]:x' });
    assert.deepStrictEqual(kubeletTimeOf('2026-11-30T09:12:33Z '), { time: Date.UTC(2026, 10, 30, 9, 12, 33), rest: '' });
    assert.strictEqual(kubeletTimeOf('2026-13-30T09:12:33Z x'), undefined);
    assert.strictEqual(kubeletTimeOf('2026-11-30 09:12:33 x'), undefined);
    assert.deepStrictEqual(
      ['train-master-0', 'train-worker-0', 'train-worker-10', 'train-node-0-3-x7k2p', 'train-node-1-3-x7k2p', 'train-3-x7k2p', 'train-3', 'train-7cfd7bf68f-nk5kr'].map((p) => podRankOf(p, true)),
      [0, 1, 11, 3, undefined, 3, 3, undefined],
    );
    assert.strictEqual(podRankOf('train-worker-2', false), 2);
    const root = tmp();
    // A PyTorchJob of 12 pods, one process each, as kubectl writes it without -f: pod after pod in
    // the order of their names. train-worker-1 (rank 2) failed first, at 09:00:03; the master's
    // traceback comes first in the file but after its step of 09:00:09.
    const pods = ['train-master-0', ...Array.from({ length: 11 }, (_, i) => `train-worker-${i}`)].sort();
    const lines = ['error: a container name must be specified for pod train-launcher, choose one of: [pytorch istio-proxy]'];
    for (const pod of pods) {
      const last = pod === 'train-worker-1' ? 3 : 9;
      for (let s = 1; s <= last; s += 2) lines.push(`[pod/${pod}/pytorch] 2026-12-04 09:00:0${s},100 INFO train: step ${s}`);
      if (pod === 'train-worker-1' || pod === 'train-master-0') {
        lines.push(`[pod/${pod}/pytorch] Traceback (most recent call last):`, `[pod/${pod}/pytorch]   File "train.py", line 40, in <module>`);
        lines.push(`[pod/${pod}/pytorch] ${pod === 'train-master-0' ? 'ValueError: bad record in shard 3' : 'torch.OutOfMemoryError: CUDA out of memory.'}`);
      }
    }
    const job = await captureJob(path.join(root, 'seq', 'train.log'), lines);
    assert.strictEqual(job.style, 'kubectl');
    const out = await readThreeWays(job, path.join(root, 'seq-imp'));
    const summary = await summaryOf(out);
    assert.deepStrictEqual(summary.ranks.map((r) => r.rank), Array.from({ length: 12 }, (_, i) => i));
    assert.strictEqual(summary.firstFailure?.rank, 2);
    assert.match(summary.firstFailure?.record.exception ?? '', /CUDA out of memory/);
    assert.strictEqual(summary.firstFailure?.record.time, Date.UTC(2026, 11, 4, 9, 0, 3, 100));
    assert.match(fs.readFileSync(path.join(out, 'worker_0.log'), 'utf8'), /bad record in shard 3/);
    assert.match(fs.readFileSync(path.join(out, 'worker_11.log'), 'utf8'), /step 9/);
    const named = new JobImport(job, path.join(root, 'seq-named'), options);
    await named.readOnce();
    assert.deepStrictEqual([0, 1, 2, 11].map((r) => named.rankName(r)), ['train-master-0', 'train-worker-0', 'train-worker-1', 'train-worker-10']);
    // Pod after pod, the file's order is not the time's: it orders no failure (the master's
    // traceback, first in it, came after its step of 09:00:09).
    const inputs = [];
    for (const f of await discoverRanks(path.join(root, 'seq-named'))) inputs.push({ rank: f.rank, index: await indexFile(f.path) });
    assert.strictEqual(await orderTiedFailures(summarizeJob(inputs), inputs, (l) => named.sourcesOf(l, { inTimeOrder: true })), false);
    assert.strictEqual(summarizeJob(inputs).firstFailure?.rank, 2);
    // With --timestamps, torchrun on each of two pods with --tee: global rank node * 2 + local
    // rank, the kubelet's time on the traceback's lines (09:00:02.5, before the other node's
    // later steps), not the capture's order.
    const stamped: string[] = [];
    for (const [node, pod] of ['train-master-0', 'train-worker-0'].entries()) {
      stamped.push(`[pod/${pod}/pytorch] 2026-12-04T09:00:00.41Z W1204 09:00:00.412000 140 torch/distributed/run.py:793] Setting OMP_NUM_THREADS environment variable for each process to be 1 in default`);
      for (let s = 1; s <= 4; s++) for (const local of [0, 1]) stamped.push(`[pod/${pod}/pytorch] 2026-12-04T09:00:0${s}.1000${local}Z [default${local}]:2026-12-04 09:00:0${s},100 INFO train: node ${node} step ${s}`);
      if (node === 1) {
        stamped.push('[pod/train-worker-0/pytorch] 2026-12-04T09:00:02.5Z [default1]:Traceback (most recent call last):');
        stamped.push('[pod/train-worker-0/pytorch] 2026-12-04T09:00:02.5Z [default1]:  File "train.py", line 40, in <module>');
        stamped.push('[pod/train-worker-0/pytorch] 2026-12-04T09:00:02.5Z [default1]:ValueError: bad record in shard 3');
        stamped.push('[pod/train-worker-0/pytorch] 2026-12-04T09:00:02.6Z ');
      }
    }
    const tee = await captureJob(path.join(root, 'tee', 'train.log'), stamped);
    assert.deepStrictEqual([tee.style, tee.teeWidth, tee.kubeletTimes], ['kubectl', 2, true]);
    const teeOut = await readThreeWays(tee, path.join(root, 'tee-imp'));
    const teeSummary = await summaryOf(teeOut);
    assert.deepStrictEqual(teeSummary.ranks.map((r) => r.rank), [0, 1, 2, 3]);
    assert.strictEqual(teeSummary.firstFailure?.rank, 3);
    assert.strictEqual(teeSummary.firstFailure?.record.time, Date.UTC(2026, 11, 4, 9, 0, 2, 500));
    assert.doesNotMatch(fs.readFileSync(path.join(teeOut, 'worker_3.log'), 'utf8'), /2026-12-04T09/);
    const teeNamed = new JobImport(tee, path.join(root, 'tee-named'), options);
    await teeNamed.readOnce();
    assert.strictEqual(teeNamed.rankName(3), 'train-worker-0 local 1');
    // Without --timestamps, a line's own ISO time (structlog's, say) is the line's: its level stays.
    const own = await captureJob(path.join(root, 'own', 'train.log'), [
      '[pod/train-0/trainer] 2026-12-04T09:00:01.100Z [info     ] step 1',
      '[pod/train-1/trainer] 2026-12-04T09:00:01.200Z [warning  ] slow step',
      '[pod/train-1/trainer] print without a time',
      // (`--all-containers`: the mesh's proxy logs on; its rank's last activity stays its own.)
      '[pod/train-1/istio-proxy] [2026-12-04T09:05:00.000Z] "GET /healthz/ready HTTP/1.1" 200 - via_upstream',
    ]);
    assert.deepStrictEqual([own.style, own.kubeletTimes], ['kubectl', undefined]);
    const ownSummary = await summaryOf(await readThreeWays(own, path.join(root, 'own-imp')));
    assert.deepStrictEqual(ownSummary.ranks.map((r) => [r.rank, r.warnings]), [[0, 0], [1, 1]]);
    assert.strictEqual(ownSummary.ranks[1].lastActivity, Date.UTC(2026, 11, 4, 9, 0, 1, 200));
  });

  it("one pod's log with the kubelet's time before every line (`kubectl logs --timestamps <pod>`, `docker logs -t`): the lines after it read as a capture, torchrun's words too, the time given to lines without one; not so when a line of its head lacks it", async () => {
    const root = tmp();
    const stamp = (s: number, ms: number) => `2026-12-04T09:00:0${s}.${String(ms).padStart(3, '0')}417Z `;
    const lines = [
      `${stamp(0, 412)}W1204 09:00:00.412000 4494 torch/distributed/run.py:793] Setting OMP_NUM_THREADS environment variable for each process to be 1 in default`,
      ...[1, 2, 3].flatMap((s) => [0, 1].map((r) => `${stamp(s, 100 + r)}[default${r}]:2026-12-04 09:00:0${s},10${r} INFO train: step ${s}`)),
      `${stamp(3, 500)}[default1]:Traceback (most recent call last):`,
      `${stamp(3, 500)}[default1]:  File "train.py", line 40, in <module>`,
      `${stamp(3, 501)}[default1]:RuntimeError: boom on rank 1`,
      `${stamp(4, 0)}[default0]:2026-12-04 09:00:04,000 INFO train: step 4`,
      `${stamp(4, 977)}W1204 09:00:04.977000 4494 torch/distributed/elastic/multiprocessing/api.py:897] Sending process 4496 closing signal SIGTERM`,
      `${stamp(5, 143)}E1204 09:00:05.143000 4494 torch/distributed/elastic/multiprocessing/api.py:869] failed (exitcode: 1) local_rank: 1 (pid: 4497) of binary: /usr/bin/python3`,
    ];
    const job = await captureJob(path.join(root, 'pod', 'train.log'), lines);
    assert.deepStrictEqual([job.style, job.kubeletTimes], ['torchrun', true]);
    const out = await readThreeWays(job, path.join(root, 'pod-imp'));
    const summary = await summaryOf(out);
    assert.deepStrictEqual(summary.ranks.map((r) => [r.rank, r.stoppedBy ? 'stopped' : r.state]), [[0, 'stopped'], [1, 'failed']]);
    assert.strictEqual(summary.firstFailure?.record.time, Date.UTC(2026, 11, 4, 9, 0, 3, 500));
    assert.doesNotMatch(fs.readFileSync(path.join(out, 'worker_1.log'), 'utf8'), /2026-12-04T09/);
    // One line without the time: no line's start is taken as the kubelet's (only that line reads labelled).
    const mixed = path.join(root, 'mixed', 'train.log');
    write(mixed, [...lines.slice(0, 4), lines[4].slice(stamp(0, 0).length), ...lines.slice(5)].join('\n') + '\n');
    const [other] = await findForeignJobs(path.dirname(mixed));
    assert.deepStrictEqual([other?.style, other?.kubeletTimes], ['torchrun', undefined]);
  });

  it("Kubernetes pods' logs saved a file each (`kubectl logs <pod> > <pod>.log`): a PyTorchJob's pods one job, each pod's rank from its name (its master 0); torchrun's tee labels in them make each pod a node of global ranks; the kubelet's time before each line (`--timestamps`) taken off and dating lines without one; an application's own ISO times kept", async () => {
    const root = tmp();
    const kubelet = (s: number, ms: number, r: number) => `2026-12-04T09:00:0${s}.${String(ms).padStart(3, '0')}${String(417203 + r).padStart(6, '0')}Z `;
    // One process a pod, the kubelet's times before the lines: rank 2's traceback (no time of its own) at 09:00:02.9.
    const pods = ['train-master-0', 'train-worker-0', 'train-worker-1'];
    for (const [r, pod] of pods.entries()) {
      const lines = [1, 2].flatMap((s) => [`${kubelet(s, 100, r)}2026-12-04 09:00:0${s},100 WARNING train: step ${s} rank ${r}`, `${kubelet(s, 200, r)}print ${s}`]);
      if (r === 2) lines.push(`${kubelet(2, 900, r)}Traceback (most recent call last):`, `${kubelet(2, 900, r)}  File "train.py", line 3, in <module>`, `${kubelet(2, 901, r)}ValueError: bad record`);
      else lines.push(`${kubelet(3, 100, r)}2026-12-04 09:00:03,100 INFO train: step 3 rank ${r}`);
      write(path.join(root, 'plain', `${pod}.log`), lines.join('\n') + '\n');
    }
    write(path.join(root, 'plain', 'notes.log'), 'not a pod\n');
    const [job] = await findForeignJobs(path.join(root, 'plain'));
    assert.deepStrictEqual([job.kind, job.name, [...job.ranks.keys()].sort(), job.hosts], ['tasks', 'train-<pod>.log', [0, 1, 2], pods]);
    const out = await readThreeWays(job, path.join(root, 'plain-imp'));
    const summary = await summaryOf(out);
    assert.deepStrictEqual(summary.ranks.map((r) => [r.rank, r.warnings, r.state === 'failed']), [[0, 2, false], [1, 2, false], [2, 2, true]]);
    assert.strictEqual(summary.firstFailure?.record.time, Date.UTC(2026, 11, 4, 9, 0, 2, 900));
    assert.doesNotMatch(fs.readFileSync(path.join(out, 'worker_2.log'), 'utf8'), /2026-12-04T09/);
    const named = new JobImport(job, path.join(root, 'plain-named'), options);
    await named.readOnce();
    assert.strictEqual(named.rankName(2), 'train-worker-1');
    // An application's own ISO times (to the millisecond) before its records: its lines, kept whole.
    for (const [r, pod] of ['train-worker-0', 'train-worker-1'].entries()) write(path.join(root, 'iso', `${pod}.log`), `2026-12-04T09:00:01.100Z WARNING step 1 rank ${r}\nprint\n`);
    const [iso] = await findForeignJobs(path.join(root, 'iso'));
    const isoOut = await readThreeWays(iso, path.join(root, 'iso-imp'));
    assert.match(fs.readFileSync(path.join(isoOut, 'worker_0.log'), 'utf8'), /2026-12-04 09:00:01,100 - Worker 0 - \S+ - WARNING - /);
    // torchrun on each pod (--tee): the pods' files are one capture of global ranks, pod k's local rank l rank 2k + l.
    for (const stamped of [false, true]) {
      const dir = path.join(root, stamped ? 'tee-stamped' : 'tee');
      for (const [node, pod] of pods.entries()) {
        const lines = [`W1204 09:00:00.412000 ${40 + node} torch/distributed/run.py:793] Setting OMP_NUM_THREADS environment variable for each process to be 1 in default`];
        for (const local of [0, 1]) lines.push(`[default${local}]:2026-12-04 09:00:01,1${node}${local} INFO train: step 1`);
        if (node === 1) lines.push('[default1]:Traceback (most recent call last):', '[default1]:  File "train.py", line 3, in <module>', '[default1]:RuntimeError: boom on rank 3');
        write(path.join(dir, `${pod}.log`), lines.map((l, k) => (stamped ? kubelet(1, 500 + k, node) : '') + l).join('\n') + '\n');
      }
      const [tee] = await findForeignJobs(dir);
      assert.deepStrictEqual([tee.style, tee.teeWidth, tee.kubeletTimes, tee.nodeFiles?.length], ['kubectl', 2, stamped ? true : undefined, 2], `stamped ${stamped}`);
      const teeOut = await readThreeWays(tee, path.join(root, `${stamped}-imp`));
      const teeSummary = await summaryOf(teeOut);
      assert.deepStrictEqual(teeSummary.ranks.map((r) => r.rank), [0, 1, 2, 3, 4, 5]);
      assert.strictEqual(teeSummary.firstFailure?.rank, 3);
      if (stamped) assert.strictEqual(teeSummary.firstFailure?.record.time, Date.UTC(2026, 11, 4, 9, 0, 1, 503));
      const teeNamed = new JobImport(tee, path.join(root, `${stamped}-named`), options);
      await teeNamed.readOnce();
      assert.deepStrictEqual([teeNamed.rankName(3), teeNamed.rankName(4)], ['train-worker-0 local 1', 'train-worker-1 local 0']);
    }
  });

  it("SageMaker's MPI jobs (`[1,mpirank:11,algo-2]<stderr>:`, its toolkit's mpirun in the job's CloudWatch log): each mpirank a rank, mpirun's word on the first process to exit names it; the toolkit's lines the launcher's; CloudWatch's escaped carriage returns read as such; read the same three ways", async () => {
    assert.deepStrictEqual(rankPrefixOf('[1,mpirank:11,algo-2]<stderr>:boom'), { style: 'openmpi', rank: 11, stream: 'stderr', rest: 'boom' });
    const root = tmp();
    const lines = ['2026-12-04 09:00:00,101 sagemaker-training-toolkit INFO     Invoking user script', 'mpirun --host algo-1:2,algo-2:2 -np 4 --allow-run-as-root --tag-output smddprun /opt/conda/bin/python3.10 train.py'];
    for (let s = 1; s <= 3; s++) for (let r = 0; r < 4; r++) lines.push(`[1,mpirank:${r},algo-${1 + (r >> 1)}]<stderr>:12/04/2026 09:00:0${s} - INFO - __main__ - step ${s} rank ${r}`);
    lines.push('[1,mpirank:3,algo-2]<stderr>:Traceback (most recent call last):', '[1,mpirank:3,algo-2]<stderr>:  File "train.py", line 41, in <module>', '[1,mpirank:3,algo-2]<stderr>:torch.cuda.OutOfMemoryError: CUDA out of memory.');
    lines.push('[1,mpirank:0,algo-1]<stdout>:12/04/2026 09:00:04 - INFO - __main__ - step 4 rank 0');
    // CloudWatch escapes a tqdm bar's carriage returns as syslog does (`#015`): the bar's last state is kept.
    lines.push('[1,mpirank:0,algo-1]<stderr>:#015 50%|█████     | 40/79 [00:09<00:09,  4.21it/s]#015 51%|█████     | 41/79 [00:09<00:09,  4.22it/s]');
    lines.push('mpirun detected that one or more processes exited with non-zero status, thus causing', 'the job to be terminated. The first process to do so was:', '', '  Process name: [[52813,1],3]', '  Exit code:    1');
    lines.push('2026-12-04 09:00:05,188 sagemaker-training-toolkit ERROR    Reporting training FAILURE');
    const job = await captureJob(path.join(root, 'sm', 'algo-1-1733302800.log'), lines);
    assert.strictEqual(job.style, 'openmpi');
    const out = await readThreeWays(job, path.join(root, 'sm-imp'));
    const summary = await summaryOf(out);
    assert.deepStrictEqual(summary.ranks.map((r) => r.rank), [0, 1, 2, 3]);
    assert.strictEqual(summary.firstFailure?.rank, 3);
    assert.match(summary.firstFailure?.record.exception ?? '', /CUDA out of memory/);
    assert.match(fs.readFileSync(path.join(out, 'worker_3.log'), 'utf8'), /launcher - ERROR - mpirun: rank 3 exited with code 1/);
    assert.match(fs.readFileSync(path.join(out, 'worker_0.log'), 'utf8'), /step 4 rank 0/);
    assert.strictEqual(job.escapedControls, true);
    assert.match(fs.readFileSync(path.join(out, 'worker_0.log'), 'utf8'), / - INFO - 51%\|█████ {5}\| 41\/79 \[00:09<00:09, {2}4.22it\/s\]\n/);
    assert.doesNotMatch(fs.readFileSync(path.join(out, 'worker_0.log'), 'utf8'), /#015|40\/79/);
  });

  it("Kubernetes' names and times read from random text never throw: a pod's rank is a number or none, a kubelet's time a finite one with the rest of its line, pods' files each of one rank (fuzz, 300 seeds)", () => {
    const pieces = ['[pod/', 'train', '-master-', '-worker-', '-node-0-', '-', '0', '12', '999999', '1000000', 'x7k2p', '/', '] ', 'pytorch', 'istio-proxy', '2026-11-30T09:12:33', '.', '123456789', 'Z', '+05:30', ' ', '.log', '.txt', 'A', '\u00e9', '\n'];
    for (let seed = 1; seed <= 300; seed++) {
      const rand = rng(seed);
      const texts = Array.from({ length: 20 }, () => Array.from({ length: Math.floor(rand() * 8) }, () => pieces[Math.floor(rand() * pieces.length)]).join(''));
      for (const text of texts) {
        const p = rankPrefixOf(text);
        if (p?.style === 'kubectl') assert.ok(text.startsWith(`[pod/${p.host}/`) && text.endsWith(p.rest), `seed ${seed}: ${text}`);
        const t = kubeletTimeOf(text);
        if (t) assert.ok(Number.isFinite(t.time) && text.endsWith(t.rest), `seed ${seed}: ${text}`);
        const r = podRankOf(text, rand() < 0.5);
        assert.ok(r === undefined || (Number.isInteger(r) && r >= 0), `seed ${seed}: ${text}`);
      }
      for (const job of podFileJobs(texts)) {
        assert.ok(job.files.size >= 1, `seed ${seed}`);
        for (const [rank, file] of job.files) assert.ok(texts.includes(file) && job.pods[rank] !== undefined, `seed ${seed}: ${file}`);
      }
    }
  });

  it("Azure ML's distributed jobs' user_logs (std_log_process_<N>.txt, a file a process; std_log.txt and mpi_log.txt beside them): one job of its processes' ranks", async () => {
    const root = tmp();
    const dir = path.join(root, 'user_logs');
    for (const r of [0, 1, 2]) write(path.join(dir, `std_log_process_${r}.txt`), `2026-12-04 09:00:01,100 INFO train: step 1 rank ${r}\n${r === 2 ? 'Traceback (most recent call last):\n  File "train.py", line 3, in <module>\nRuntimeError: boom on rank 2\n' : ''}`);
    write(path.join(dir, 'std_log.txt'), 'the job started\n');
    write(path.join(dir, 'mpi_log.txt'), '[2026-12-04T09:00:00.000000] Starting mpirun\n');
    const jobs = await findForeignJobs(dir);
    assert.deepStrictEqual(jobs.map((j) => [j.kind, j.name, [...j.ranks.keys()].sort()]), [['tasks', 'std_log_process_{rank}.txt', [0, 1, 2]]]);
    const summary = await summaryOf(await readThreeWays(jobs[0], path.join(root, 'imp')));
    assert.strictEqual(summary.firstFailure?.rank, 2);
  });

  it("detectron2's files (rank 0's log.txt, each other rank's log.txt.rank<N>, its plain format): one job of every rank, rank 0 the file without a number, a message's lines its record's, indented or not, a run resumed into them each rank's next session; a name without its .rank1 file beside it, or .rank1 without its name, is none", async () => {
    const root = tmp();
    const dir = path.join(root, 'output');
    const line = (r: number, s: number, level = 'INFO', text = `iter: ${s}`) => `[12/04 09:00:0${s}] d2.engine.train_loop ${level}: ${text} (rank ${r})\n`;
    // A message of several lines (detectron2's environment table): its lines, indented or not, are the record's (no print is in a logger's file).
    write(path.join(dir, 'log.txt'), line(0, 1, 'WARNING', 'Environment info:') + '----------  ----\nsys.platform  linux\n' + line(0, 3));
    write(path.join(dir, 'log.txt.rank1'), line(1, 1) + line(1, 2, 'ERROR', 'Exception during training:') + 'Traceback (most recent call last):\n  File "train_net.py", line 3, in <module>\nFloatingPointError: Loss became infinite or NaN at iteration=45!\n');
    write(path.join(dir, 'log.txt.rank2'), line(2, 1));
    write(path.join(dir, 'metrics.json'), '{"iteration": 19, "total_loss": 1.3}\n');
    // (Another name's ranks beside them: a job of their own; a rank-0 file alone, none.)
    write(path.join(dir, 'eval.log'), line(0, 1));
    write(path.join(dir, 'eval.log.rank1'), line(1, 1));
    write(path.join(dir, 'other.txt.rank2'), line(2, 1));
    const jobs = await findForeignJobs(dir);
    assert.deepStrictEqual(
      jobs.filter((j) => j.kind === 'tasks').map((j) => [j.name, [...j.ranks].map(([r, s]) => [r, s.map((x) => path.basename(x.path))]).sort()]),
      [
        ['eval.log[.rank{rank}]', [[0, ['eval.log']], [1, ['eval.log.rank1']]]],
        ['log.txt[.rank{rank}]', [[0, ['log.txt']], [1, ['log.txt.rank1']], [2, ['log.txt.rank2']]]],
      ],
    );
    // Its files are no capture of their own.
    assert.deepStrictEqual(jobs.filter((j) => j.kind === 'capture').map((j) => path.basename(j.source)), []);
    const job = jobs.find((j) => j.name === 'log.txt[.rank{rank}]')!;
    assert.strictEqual((await relistJob(job, DEFAULT_RANK_FILE_PATTERNS))?.ranks.size, 3, 'found again as it grows');
    const out = await readThreeWays(job, path.join(root, 'imp'));
    assert.deepStrictEqual(fs.readFileSync(path.join(out, 'worker_0.log'), 'utf8').split('\n').filter((l) => !/^\d{4}-/.test(l)), ['----------  ----', 'sys.platform  linux', '']);
    const summary = await summaryOf(out);
    assert.strictEqual(summary.firstFailure?.rank, 1);
    assert.match(summary.firstFailure?.record.exception ?? '', /^FloatingPointError: Loss became infinite/);
    assert.strictEqual(summary.firstFailure?.record.level, 'ERROR');
    // Run again with --resume, appending to the files: `Rank of current process` starts each rank's second session.
    for (const [r, file] of [[0, 'log.txt'], [1, 'log.txt.rank1'], [2, 'log.txt.rank2']] as const) {
      fs.appendFileSync(path.join(dir, file), `[12/04 09:10:0${r}] detectron2 INFO: Rank of current process: ${r}. World size: 3\n${line(r, 5, 'INFO', 'Starting training from iteration 40')}`);
    }
    const resumed = await summaryOf(await readThreeWays((await relistJob(job, DEFAULT_RANK_FILE_PATTERNS))!, path.join(root, 'resumed')));
    assert.deepStrictEqual([resumed.attempts.length, resumed.firstFailure?.rank, resumed.firstFailure?.attempt], [2, 1, 0]);
    // Without its ranks' files, log.txt is what it was before: a file of its own.
    for (const r of [1, 2]) fs.rmSync(path.join(dir, `log.txt.rank${r}`));
    assert.deepStrictEqual((await findForeignJobs(dir)).filter((j) => j.name.startsWith('log.txt[')).length, 0);
  });

  it("MMEngine's files of every rank (log_level='DEBUG' or distributed=True: <time>_<user>@<host>_device<N>_rank<N>.log, two nodes' hosts, or no host): one job of its ranks, not a job a device; DeepSpeed's <time>_rank<N>.log stays its own", async () => {
    const root = tmp();
    const dir = path.join(root, '20261207_201500');
    const line = (r: number, level = 'INFO') => `2026/12/07 20:15:0${r} - mmengine - ${level} - Epoch(train)  [1][10/60]  loss: 2.0 (rank ${r})\n`;
    write(path.join(dir, '20261207_201500_alice_b@gpu-node01_device0_rank0.log'), line(0));
    write(path.join(dir, '20261207_201500_alice_b@gpu-node01_device1_rank1.log'), line(1));
    write(path.join(dir, '20261207_201500_alice_b@gpu_node02_device0_rank2.log'), line(2, 'ERROR'));
    write(path.join(dir, '20261207_201500_alice_b@gpu_node02_device1_rank3.log'), line(3));
    write(path.join(dir, 'vis_data', 'scalars.json'), '{"loss": 2.0}\n');
    // Where getpass finds no user: no host in the name.
    write(path.join(dir, 'other', '20261207_201600_device0_rank0.log'), line(0));
    write(path.join(dir, 'other', '20261207_201600_device1_rank1.log'), line(1));
    write(path.join(dir, 'other', '20261207101500_rank0.log'), line(0));
    write(path.join(dir, 'other', '20261207101500_rank1.log'), line(1));
    const names = async (d: string) => (await findForeignJobs(d)).map((j) => [j.name, [...j.ranks].map(([r, s]) => [r, path.basename(s[0].path)]).sort()]);
    assert.deepStrictEqual(await names(dir), [
      [
        // (A user's name with _ in it: its first part is read as the time's, one for every rank.)
        '20261207_201500_alice_*_rank{rank}.log',
        [
          [0, '20261207_201500_alice_b@gpu-node01_device0_rank0.log'],
          [1, '20261207_201500_alice_b@gpu-node01_device1_rank1.log'],
          [2, '20261207_201500_alice_b@gpu_node02_device0_rank2.log'],
          [3, '20261207_201500_alice_b@gpu_node02_device1_rank3.log'],
        ],
      ],
    ]);
    assert.deepStrictEqual(await names(path.join(dir, 'other')), [
      ['20261207101500_rank{rank}.log', [[0, '20261207101500_rank0.log'], [1, '20261207101500_rank1.log']]],
      ['20261207_201600_*_rank{rank}.log', [[0, '20261207_201600_device0_rank0.log'], [1, '20261207_201600_device1_rank1.log']]],
    ]);
    const [job] = await findForeignJobs(dir);
    assert.strictEqual((await summaryOf(await readThreeWays(job, path.join(root, 'imp')))).firstFailure?.rank, 2);
  });

  it("NVIDIA NeMo's exp_manager files (nemo_log_globalrank-<N>_localrank-<n>.txt, two nodes; its error and Lightning logs beside them): one job of the global ranks; a glob's * after {rank} is each rank's own text, not a job's", async () => {
    const root = tmp();
    const dir = path.join(root, 'megatron_gpt');
    for (const r of [0, 1, 2, 3]) write(path.join(dir, `nemo_log_globalrank-${r}_localrank-${r % 2}.txt`), `[NeMo I 2026-12-07 10:00:0${r} exp_manager:396] Experiments will be logged at /results\n${r === 2 ? '[NeMo E 2026-12-07 10:00:09 nlp_overrides:123] CUDA out of memory\n' : ''}`);
    write(path.join(dir, 'nemo_error_log.txt'), '[NeMo E 2026-12-07 10:00:09 nlp_overrides:123] CUDA out of memory\n');
    write(path.join(dir, 'lightning_logs.txt'), 'GPU available: True (cuda), used: True\n');
    const jobs = await findForeignJobs(dir);
    assert.deepStrictEqual(jobs.map((j) => [j.kind, j.name, [...j.ranks.keys()].sort()]), [['tasks', 'nemo_log_globalrank-{rank}_localrank-*.txt', [0, 1, 2, 3]]]);
    assert.strictEqual((await summaryOf(await readThreeWays(jobs[0], path.join(root, 'imp')))).firstFailure?.rank, 2);
    // A user's glob with * after {rank} (a host each): one job; its text before {rank} still names jobs.
    const other = path.join(root, 'own');
    for (const [job, r] of [['a', 0], ['a', 1], ['b', 0], ['b', 1]] as const) write(path.join(other, `${job}-run_${r}_node${r + 7}.log`), `2026-12-07 10:00:0${r},000 INFO train: step 1\n`);
    assert.deepStrictEqual((await readTaskFiles(other, ['*-run_{rank}_*.log'])).map((j) => [j.name, [...j.ranks.keys()].sort()]), [['a-run_{rank}_*.log', [0, 1]], ['b-run_{rank}_*.log', [0, 1]]]);
  });

  it("SkyPilot's word on its job's return codes: the nodes that failed, signals by a shell's 128 + n, every node killed when all are 137; other lines and lists of no failure are no word", () => {
    assert.deepStrictEqual(launcherVerdict('ERROR: Job 2 failed with return code list: [0, 1, 137, 139]'), {
      ranks: [1, 3],
      nodesOf: 'skypilot',
      level: 'ERROR',
      message: 'SkyPilot: job 2 failed: node 1 exited with code 1, node 3 was killed by signal 11 (SIGSEGV) (return codes by node: [0, 1, 137, 139])',
      endsRanks: 'SkyPilot',
    });
    assert.deepStrictEqual(launcherVerdict('ERROR: \x1b[31mJob 7 failed with return code list:\x1b[0m [137, 137] ')?.ranks, [0, 1]);
    assert.deepStrictEqual(launcherVerdict('ERROR: Job 2 failed with return code list: [2]')?.ranks, [0]);
    for (const line of ['ERROR: Job 2 failed with return code list: [0, 0]', 'ERROR: Job 2 failed with return code list: []', 'ERROR: Job x failed with return code list: [1]', 'Job finished (status: FAILED).', `ERROR: Job 2 failed with return code list: [${Array(20_000).fill(1).join(', ')}]`]) {
      assert.strictEqual(launcherVerdict(line), undefined, line.slice(0, 80));
    }
  });

  it("Ray Train's driver output: its workers (`(RayTrainWorker pid=7410, ip=...)`) are ranks by the world ranks of its trainer's table (a process id on two nodes is two ranks; a worker on the driver's node is named without its address), and its word on a worker that raised fails that rank once; a later table (a restart) is each rank's next session; read the same three ways", async () => {
    const root = tmp();
    const src = path.join(root, 'src');
    fs.mkdirSync(src, { recursive: true });
    fs.copyFileSync(path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'launchers', 'ray-train-2.9.out'), path.join(src, 'driver.out'));
    const [job] = await findForeignJobs(src);
    assert.deepStrictEqual([job?.kind, job?.style, job?.hosts], ['capture', 'ray', ['pid 7410 on 10.0.59.242', 'pid 7411 on 10.0.59.242', 'pid 3381 on 10.0.12.174', 'pid 7410 on 10.0.12.174']]);
    const out = await readThreeWays(job, root);
    const read = (rank: number) => fs.readFileSync(path.join(out, `worker_${rank}.log`), 'utf8');
    for (const rank of [0, 1, 2, 3]) assert.match(read(rank), new RegExp(`INFO - rank ${rank} loading shards`), `rank ${rank}`);
    assert.match(read(0), /^Worker 0 - output - INFO - Setting up process group for: env:\/\/ \[rank=0, world_size=4\]\n/);
    const s = await summaryOf(out);
    assert.deepStrictEqual(s.ranks.map((r) => [r.rank, r.errors]), [[0, 0], [1, 1], [2, 0], [3, 0]]);
    assert.deepStrictEqual([s.firstFailure?.rank, s.firstFailure?.record.message], [1, 'Ray: the worker (pid 7411 on 10.0.59.242) raised RuntimeError: CUDA error: an illegal memory access was encountered']);
    const imp = new JobImport(job, path.join(root, 'names'), options);
    await imp.readOnce();
    assert.deepStrictEqual([0, 1, 2, 3].map((r) => imp.rankName(r)), job.hosts);
    // Restarted (FailureConfig): Ray's next table names new processes at the same world ranks, each rank's next session.
    const again = path.join(root, 'restart');
    fs.mkdirSync(path.join(again, 'src'), { recursive: true });
    fs.copyFileSync(path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'launchers', 'ray-train-2.9-restart.out'), path.join(again, 'src', 'driver.out'));
    const [restarted] = await findForeignJobs(path.join(again, 'src'));
    const rout = await readThreeWays(restarted, again);
    const rs = await summaryOf(rout);
    assert.deepStrictEqual([rs.ranks.map((r) => [r.rank, r.sessions]), rs.attempts.length], [[[0, 2], [1, 2], [2, 2], [3, 2]], 2]);
    for (const rank of [0, 1, 2, 3]) assert.match(fs.readFileSync(path.join(rout, `worker_${rank}.log`), 'utf8'), new RegExp(`ray - INFO - === Resume at [^\\n]*\\n[^]*rank ${rank} restored from the checkpoint`), `rank ${rank}`);
    const rimp = new JobImport(restarted, path.join(again, 'names'), options);
    await rimp.readOnce();
    assert.deepStrictEqual([0, 1, 2, 3].map((r) => rimp.rankName(r)), ['pid 7601 on 10.0.59.242', 'pid 7602 on 10.0.59.242', 'pid 3455 on 10.0.12.174', 'pid 3456 on 10.0.12.174']);
  });

  it("an exception's message of several lines (NCCL's `Last error:`, CUDA's advice) stays in its error record, a chained traceback after it too; past 24 lines, or at a record or a warning, prints are records again; read the same three ways", async () => {
    const root = tmp();
    const nccl = [
      'Traceback (most recent call last):',
      '  File "/workspace/train.py", line 42, in <module>',
      'torch.distributed.DistBackendError: NCCL error in: ../torch/csrc/distributed/c10d/NCCLUtils.hpp:275, unhandled system error, NCCL version 2.20.5',
      'ncclSystemError: System call (e.g. socket, malloc) or external library call failed or device error. ',
      'Last error:',
      'socketStartConnect: Connect to 10.1.2.3<43261> failed : Software caused connection abort',
      '',
      'During handling of the above exception, another exception occurred:',
      '',
      'Traceback (most recent call last):',
      '  File "/workspace/train.py", line 44, in <module>',
      'RuntimeError: cleanup failed',
      'after the chain, its message',
    ];
    const long = ['Traceback (most recent call last):', '  File "/workspace/eval.py", line 3, in <module>', 'ValueError: a table follows', ...Array.from({ length: 30 }, (_, i) => `row ${i}`)];
    const lines = [
      ...['2026-11-30 09:00:00,000 INFO train: step 1', ...nccl, 'and its last line'].map((l) => `[rank0]:${l}`),
      ...['2026-11-30 09:00:00,100 INFO train: step 1', ...long].map((l) => `[rank1]:${l}`),
      ...['2026-11-30 09:00:00,200 INFO train: step 1', 'Traceback (most recent call last):', 'KeyError: 3', '/x/y.py:12: UserWarning: at exit', 'then a print', 'Traceback (most recent call last):', 'KeyError: 4', '2026-11-30 09:00:01,000 INFO train: caught', 'a print'].map((l) => `[rank2]:${l}`),
    ];
    const out = await readThreeWays(await captureJob(path.join(root, 'src', 'console.log'), lines), root);
    const s = await summaryOf(out);
    assert.deepStrictEqual(s.ranks.map((r) => [r.rank, r.state, r.errors]), [[0, 'failed', 1], [1, 'failed', 1], [2, 'failed', 2]]);
    assert.strictEqual(s.ranks[0].firstError?.record.exception, 'RuntimeError: cleanup failed');
    assert.strictEqual(s.ranks[0].firstError?.record.lineCount, 1 + nccl.length + 1);
    assert.strictEqual(s.ranks[1].firstError?.record.exception, 'ValueError: a table follows');
    const log = (rank: number) => fs.readFileSync(path.join(out, `worker_${rank}.log`), 'utf8').split('\n');
    // Rank 1: 24 lines of the message in the record, then prints.
    const rows = log(1).filter((l) => l.includes('row '));
    assert.deepStrictEqual([rows[23], rows[24]], ['row 23', 'Worker 1 - output - INFO - row 24']);
    // Rank 2: a warning ends a message, as a record does; the message after a record is a print.
    assert.deepStrictEqual(log(2).slice(-11), [
      'Worker 2 - output - ERROR - Uncaught exception',
      'Traceback (most recent call last):',
      'KeyError: 3',
      'Worker 2 - output - WARNING - /x/y.py:12: UserWarning: at exit',
      'Worker 2 - output - INFO - then a print',
      'Worker 2 - output - ERROR - Uncaught exception',
      'Traceback (most recent call last):',
      'KeyError: 4',
      '2026-11-30 09:00:01,000 - Worker 2 - train - INFO - caught',
      'Worker 2 - output - INFO - a print',
      '',
    ]);
    assert.deepStrictEqual(log(0).slice(-4), ['RuntimeError: cleanup failed', 'after the chain, its message', 'and its last line', '']);
  });

  it("Megatron-LM's training log (a space before its date) is a record of each line with its time, not lines of the record before; read the same three ways", async () => {
    const root = tmp();
    const iteration = (n: number) => ` [2026-12-02 08:00:3${n}] iteration        ${n}/     500 | consumed samples:          ${256 * n} | lm loss: 1.10${n}E+01 |`;
    const lines = [
      '[default0]:2026-12-02 08:00:00,100 INFO megatron.core: rank 0 ready',
      '[default1]:2026-12-02 08:00:00,100 INFO megatron.core: rank 1 ready',
      ...[1, 2, 3].map((n) => `[default1]:${iteration(n)}`),
      // A traceback's indented lines stay its own.
      '[default0]:Traceback (most recent call last):',
      '[default0]:  File "/home/alice/pretrain_gpt.py", line 12, in <module>',
      '[default0]:    [2026, 12]',
      '[default0]:RuntimeError: boom',
    ];
    const out = await readThreeWays(await captureJob(path.join(root, 'src', 'console.log'), lines), root);
    assert.deepStrictEqual(fs.readFileSync(path.join(out, 'worker_1.log'), 'utf8').split('\n').slice(1, -1), [1, 2, 3].map((n) => `2026-12-02 08:00:3${n},000 - Worker 1 - timestamped - INFO - ${iteration(n).slice(23)}`));
    const s = await summaryOf(out);
    assert.strictEqual(s.ranks[1].lastActivity, parseAsctime('2026-12-02 08:00:33,000'));
    assert.strictEqual(s.ranks[0].firstError?.record.exception, 'RuntimeError: boom');
  });

  it("a CUDA kernel's failed assertions (one line per GPU thread) are one ERROR record of their rank, after the device-side assert's traceback; read the same three ways", async () => {
    const root = tmp();
    const assertion = (t: number, where = '../aten/src/ATen/native/cuda/Loss.cu:250: nll_loss_forward_reduce_cuda_kernel_2d') => `${where}: block: [0,0,0], thread: [${t},0,0] Assertion \`t >= 0 && t < n_classes\` failed.`;
    const lines = [
      '[default0]:2026-11-30 09:00:00,000 INFO train: step 1',
      '[default1]:2026-11-30 09:00:00,000 INFO train: step 1',
      '[default0]:Traceback (most recent call last):',
      '[default0]:  File "/home/alice/train.py", line 40, in <module>',
      '[default0]:    loss = F.cross_entropy(logits, labels)',
      '[default0]:RuntimeError: CUDA error: device-side assert triggered',
      '[default0]:CUDA kernel errors might be asynchronously reported at some other API call, so the stacktrace below might be incorrect.',
      '[default0]:For debugging consider passing CUDA_LAUNCH_BLOCKING=1',
      '[default0]:',
      ...[0, 1, 2, 3].map((t) => `[default0]:${assertion(t)}`),
      '[default1]:2026-11-30 09:00:01,000 INFO train: step 2',
      // Another kernel's: a record of its own.
      '[default0]:' + assertion(0, '/pytorch/aten/src/ATen/native/cuda/Indexing.cu:1141: indexSelectLargeIndex'),
      '[default0]:2026-11-30 09:00:02,000 INFO train: after',
      // Not a CUDA assertion: a print that names one.
      '[default1]:see ../x.cu:3: Assertion `a` failed.',
      '[default1]:x.cu:3: k: Assertion `a` failed.',
    ];
    const out = await readThreeWays(await captureJob(path.join(root, 'src', 'console.log'), lines), root);
    const log0 = fs.readFileSync(path.join(out, 'worker_0.log'), 'utf8').split('\n');
    const at = log0.findIndex((l) => l.includes('Assertion'));
    assert.deepStrictEqual(log0.slice(at - 1, at + 6), [
      '',
      `Worker 0 - output - ERROR - ${assertion(0)}`,
      assertion(1),
      assertion(2),
      assertion(3),
      `Worker 0 - output - ERROR - ${assertion(0, '/pytorch/aten/src/ATen/native/cuda/Indexing.cu:1141: indexSelectLargeIndex')}`,
      '2026-11-30 09:00:02,000 - Worker 0 - train - INFO - after',
    ], log0.join('\n'));
    const s = await summaryOf(out);
    assert.deepStrictEqual(s.ranks.map((r) => [r.rank, r.errors]), [[0, 3], [1, 0]]);
    assert.strictEqual(s.ranks[0].firstError?.record.exception, 'RuntimeError: CUDA error: device-side assert triggered');
  });

  it("a console of PyTorch 2.4+ without tee (only tracebacks labelled): ranks start with the job, a traceback is placed by the capture's time before it, and the rank that failed first is named", async () => {
    const root = tmp();
    const lines = [
      'W1130 09:12:30.796000 578 site-packages/torch/distributed/run.py:792] Setting OMP_NUM_THREADS environment variable for each process to be 1',
      ...Array.from({ length: 200 }, (_, i) => `2026-11-30 09:${String(12 + Math.floor(i / 20)).padStart(2, '0')}:${String(31 + (i % 20)).padStart(2, '0')},000 INFO train: rank ${i % 2} step ${i}`),
      '[rank1]: Traceback (most recent call last):',
      '[rank1]:   File "/home/alice/train.py", line 41, in <module>',
      '[rank1]: ValueError: bad record in shard_000913.tar',
      '2026-11-30 09:25:00,000 INFO train: rank 0 waits',
      '[rank0]:[E1130 09:35:00.500000 4242 ProcessGroupNCCL.cpp:616] [Rank 0] Watchdog caught collective operation timeout',
      '[rank0]: Traceback (most recent call last):',
      '[rank0]: torch.distributed.DistBackendError: NCCL communicator was aborted on rank 0.',
      'E1130 09:35:01.100000 578 site-packages/torch/distributed/elastic/multiprocessing/api.py:869] failed (exitcode: 1) local_rank: 1 (pid: 4243) of binary: /usr/bin/python3',
    ];
    const job = await captureJob(path.join(root, 'src', 'console.log'), lines);
    const logs: string[] = [];
    for (const [name, way] of READ_WAYS) {
      const out = path.join(root, name);
      await new JobImport(job, out, way).readOnce();
      const summary = await summaryOf(out);
      assert.strictEqual(summary.attempts.length, 1, name);
      assert.strictEqual(summary.firstFailure?.rank, 1, name);
      // A millisecond after the capture's latest time before it (09:21:50, rank 0's step).
      assert.strictEqual(summary.firstFailure?.record.time, parseAsctime('2026-11-30 09:21:50,001'), name);
      assert.ok(summary.firstFailure?.approximate, name);
      logs.push(['worker_0.log', 'worker_1.log'].map((f) => fs.readFileSync(path.join(out, f), 'utf8')).join('\n'));
    }
    assert.strictEqual(logs[1], logs[0]);
    assert.strictEqual(logs[2], logs[0]);
    // Rank 0 ran since 09:12:30.796, though its first line is at 09:35.
    assert.ok(logs[0].startsWith('2026-11-30 09:12:30,796 - Worker 0 - launcher - INFO - rank 0 runs since the capture began'), logs[0]);
  });

  it('captures of random pieces (nested labels, Hydra\'s, PyTorch\'s own, kubectl\'s pods and the kubelet\'s times, tracebacks, Slurm\'s words, times going back) never throw, and the lane, bytes and strings write the same (fuzz, 60 seeds)', async function () {
    this.timeout(120_000);
    const outers = [(r: number) => `${r % 3}: `, (r: number) => `node00${r % 3}: `, (r: number) => `[${r % 4}] `, (r: number) => `[rank${r % 4}]:`, (r: number) => `[1,${r % 4}]<stdout>:`, (r: number) => `Tue Dec  1 09:00:0${r % 10} 2026[1,${r % 4}]<stderr>:`, (r: number) => `[${r % 4}]<stderr>:`, (r: number) => `[trainer${r % 4}]:`, (r: number) => `[${r % 4}]:`, (r: number) => (r % 3 === 0 ? '(head, rank=0, pid=3808) ' : `(worker${r % 3}, rank=${r % 3}, pid=2769, ip=10.0.0.${r % 3}) `),
      // kubectl's pods, without and with the kubelet's times (which go back as the lines' own may).
      (r: number) => `[pod/train-${r % 3 === 0 ? 'master-0' : `worker-${r % 3}`}/pytorch] `,
      (r: number, t: number) => `[pod/train-node-0-${r % 4}-x7k2p/node] 2026-11-30T09:${String(Math.floor(t / 60) % 60).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}.${r}0${t % 10}Z `,
      // SageMaker's MPI tags (the rank and its host).
      (r: number) => `[1,mpirank:${r % 4},algo-${1 + (r % 2)}]<stderr>:`];
    const inner = ['', '', '[default0]:', '[default1]:', '[default7]:', '[rank1]: ', '[rank5]:', '[default1]:[rank9]: ', '[trainer2]:', '[trainer5]:'];
    const bodies = [
      (t: number) => `2026-11-30 09:${String(Math.floor(t / 60) % 60).padStart(2, '0')}:${String(t % 60).padStart(2, '0')},000 INFO train: step ${t}`,
      () => 'Traceback (most recent call last):',
      () => '  File "x.py", line 1, in f',
      () => 'RuntimeError: boom',
      // Error records a traceback may follow (`logger.exception`).
      (t: number) => `2026-11-30 09:00:${String(t % 60).padStart(2, '0')},000 ERROR train: step ${t} failed`,
      (t: number) => `ERROR:root:step ${t} failed`,
      (t: number) => `[W1130 09:00:${String(t % 60).padStart(2, '0')}.123456 1 a.cpp:1] warn`,
      () => 'a print',
      () => '',
      // Megatron-LM's training log (a space before its date), and an indented line that is no record.
      (t: number) => ` [2026-11-30 09:00:${String(t % 60).padStart(2, '0')}] iteration ${t}/500 | lm loss: 1.0 |`,
      (t: number) => `    [${t}, 2]`,
      // A CUDA kernel's failed assertions (of two kernels), one line per GPU thread.
      (t: number) => `../aten/src/ATen/native/cuda/Loss.cu:${250 + (t % 2)}: k: block: [0,0,0], thread: [${t % 5},0,0] Assertion \`t >= 0\` failed.`,
      (t: number) => `srun: error: gpu-a: task ${t % 3}: Exited with exit code 1`,
      // Slurm's words that ranks ended (a timed line of theirs after them may start the next attempt).
      (t: number) => `srun: error: gpu-a: tasks 0-${t % 3}: Terminated`,
      (t: number) => `slurmstepd: error: *** JOB 7 ON gpu-a CANCELLED AT 2026-11-30T09:${String(Math.floor(t / 60) % 60).padStart(2, '0')}:${String(t % 60).padStart(2, '0')} DUE TO PREEMPTION ***`,
      (t: number) => `ERROR:torch.distributed.elastic.multiprocessing.api:failed (exitcode: 1) local_rank: ${t % 2} (pid: 1) of binary: x`,
      // mpirun's word that ends the job (its ranks no longer run, also those that write after it).
      (t: number) => `mpirun noticed that process rank ${t % 4} with PID 0 on node n1 exited on signal 9 (Killed).`,
    ];
    const styles = new Set<string | undefined>();
    let slurmRestarts = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const rand = rng(900 + seed);
      const outer = outers[seed % outers.length];
      const lines: string[] = [];
      let t = Math.floor(rand() * 1000);
      for (let i = 0; i < 300; i++) {
        t += rand() < 0.1 ? -Math.floor(rand() * 200) : Math.floor(rand() * 90);
        t = Math.max(0, t);
        const body = bodies[Math.floor(rand() * bodies.length)](t);
        const r = Math.floor(rand() * 6);
        lines.push(rand() < 0.08 ? body : `${outer(r, t)}${inner[Math.floor(rand() * inner.length)]}${body}`);
      }
      const root = tmp();
      const file = path.join(root, 'src', 'run.out');
      write(file, lines.join('\n') + '\n');
      const [job] = await findForeignJobs(path.dirname(file));
      if (!job) continue;
      styles.add(`${job.style}${job.teeWidth ? ' tee' : ''}${job.role !== undefined ? ` (${job.role})` : ''}${job.kubeletTimes ? ' stamped' : ''}`);
      const out = await readThreeWays(job, root, `seed ${seed}: `);
      if (/ - slurm - INFO - === Resume at /.test(writtenText(out))) slurmRestarts++;
    }
    assert.deepStrictEqual([...styles].sort(), ['kubectl tee (trainer)', 'kubectl tee (trainer) stamped', 'mpich', 'openmpi', 'pdsh tee (trainer)', 'skypilot tee (trainer)', 'srun tee (trainer)', 'torchrun', 'torchrun ()', 'torchrun (trainer)']);
    assert.ok(slurmRestarts > 5, `${slurmRestarts} captures with an attempt after Slurm's words`);
  });

  it('a capture that shrank is read again from its start, through the lane as the first time (its level parts kept)', async () => {
    const root = tmp();
    const line = (r: number, i: number) => `[rank${r}]:2026-11-30 09:00:00,000 INFO train: step ${i}`;
    const file = path.join(root, 'src', 'run.out');
    const job = await captureJob(file, Array.from({ length: 40_000 }, (_, i) => line(i % 2, i)));
    const imp = new JobImport(job, path.join(root, 'out'), options);
    await imp.update();
    write(file, Array.from({ length: 20_000 }, (_, i) => line(i % 2, i)).join('\n') + '\n');
    await imp.update();
    await imp.update();
    const fresh = new JobImport(job, path.join(root, 'fresh'), options);
    await fresh.update();
    assert.ok(imp.laneLines > 30_000, `${imp.laneLines} lines by the lane`);
    for (const name of ['worker_0.log', 'worker_1.log']) assert.strictEqual(fs.readFileSync(path.join(root, 'out', name), 'utf8'), fs.readFileSync(path.join(root, 'fresh', name), 'utf8'), name);
    const rank0 = fs.readFileSync(path.join(root, 'out', 'worker_0.log'), 'utf8').split('\n');
    assert.deepStrictEqual(rank0.slice(0, 2), ['2026-11-30 09:00:00,000 - Worker 0 - train - INFO - step 0', '2026-11-30 09:00:00,000 - Worker 0 - train - INFO - step 2']);
    assert.strictEqual(rank0[9999], '2026-11-30 09:00:00,000 - Worker 0 - train - INFO - step 19998');
  });

  it('a capture of many chunks, with lines of up to 1 MiB across their ends, comes out whole in its ranks, with the lane, from bytes and from strings', async function () {
    this.timeout(60_000);
    const rand = rng(7);
    const lines: string[] = [];
    const expected = new Map<number, string[]>();
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    let bytes = 0;
    for (let i = 0; bytes < 9 * 1024 * 1024; i++) {
      const rank = Math.floor(rand() * 3);
      let body: string;
      let out: string;
      if (rand() < 0.004) {
        // A print of up to 1 MiB with its prefix: the read after it starts with most of it.
        const n = 600 * 1024 + Math.floor(rand() * (1024 * 1024 - 600 * 1024 - 16));
        body = letters[i % 26].repeat(n);
        out = `Worker ${rank} - output - INFO - ${body}`;
      } else if (rand() < 0.5) {
        body = `2026-11-30 09:${String(Math.floor(i / 60000) % 60).padStart(2, '0')}:00,000 INFO train: step ${i}`;
        out = `${body.slice(0, 23)} - Worker ${rank} - train - INFO - step ${i}`;
      } else {
        body = `p${i} ${letters.slice(0, Math.floor(rand() * 26))}`;
        out = `Worker ${rank} - output - INFO - ${body}`;
      }
      lines.push(`[rank${rank}]:${body}`);
      (expected.get(rank) ?? expected.set(rank, []).get(rank)!).push(out);
      bytes += body.length + 9;
    }
    const root = tmp();
    const job = await captureJob(path.join(root, 'src', 'run.out'), lines);
    for (const [name, opts] of READ_WAYS) {
      const imp = new JobImport(job, path.join(root, name), opts);
      await imp.readOnce();
      if (name === 'lane') assert.ok(imp.laneLines > lines.length / 2, `${imp.laneLines} of ${lines.length} lines by the lane`);
      for (const [rank, want] of expected) {
        const got = fs.readFileSync(path.join(root, name, `worker_${rank}.log`), 'utf8').split('\n').slice(0, -1);
        assert.strictEqual(got.length, want.length, `${name}, rank ${rank}`);
        for (let k = 0; k < want.length; k++) if (got[k] !== want[k]) assert.fail(`${name}, rank ${rank}, line ${k}: ${got[k].slice(0, 80)} instead of ${want[k].slice(0, 80)}`);
      }
    }
  });

  it('a fast path rests through a stretch of lines it cannot take, and takes every line again after it; a line it cannot take now and then costs it nothing', async () => {
    // torch elastic's format (PyTorch 1.x) is read by the string path only.
    const elastic = (rank: number, i: number) => `[rank${rank}]:[2026-11-30 09:00:00,000] torch.distributed.elastic.agent: [INFO] e${i}`;
    const record = (rank: number, i: number) => `[rank${rank}]:2026-11-30 09:00:01,000 INFO train: step ${i}`;
    const stretch: string[] = [];
    for (let i = 0; i < 3000; i++) stretch.push(elastic(i % 2, i));
    for (let i = 0; i < 1000; i++) stretch.push(record(i % 2, i));
    const mixed: string[] = [];
    for (let i = 0; i < 4000; i++) mixed.push(i % 8 === 0 ? elastic(i % 2, i) : record(i % 2, i));
    const root = tmp();
    for (const [name, lines, fromBytes] of [['stretch', stretch, 1000], ['mixed', mixed, 3500]] as const) {
      const job = await captureJob(path.join(root, name, 'run.out'), lines);
      const lane = new JobImport(job, path.join(root, `${name}-lane`), options);
      await lane.readOnce();
      const bytes = new JobImport(job, path.join(root, `${name}-bytes`), { ...options, captureLane: false });
      await bytes.readOnce();
      const strings = new JobImport(job, path.join(root, `${name}-strings`), { ...options, byteFastPath: false });
      await strings.readOnce();
      // After the stretch, at most 64 lines wait for the next try.
      assert.ok(lane.laneLines >= fromBytes - 64 && lane.laneLines <= fromBytes, `${name}: the lane took ${lane.laneLines} lines`);
      assert.ok(bytes.linesFromBytes >= fromBytes - 64 && bytes.linesFromBytes <= fromBytes, `${name}: the byte path took ${bytes.linesFromBytes} lines`);
      for (const rank of [0, 1]) {
        const want = fs.readFileSync(path.join(root, `${name}-strings`, `worker_${rank}.log`), 'utf8');
        assert.strictEqual(fs.readFileSync(path.join(root, `${name}-lane`, `worker_${rank}.log`), 'utf8'), want, `${name}, rank ${rank}, lane`);
        assert.strictEqual(fs.readFileSync(path.join(root, `${name}-bytes`, `worker_${rank}.log`), 'utf8'), want, `${name}, rank ${rank}, bytes`);
      }
    }
  });

  it('a capture naming 600 ranks is read with 256 file descriptors (its rank files are written a few at a time)', function () {
    this.timeout(60_000);
    const root = tmp();
    write(path.join(root, 'many.out'), Array.from({ length: 600 }, (_, r) => `${r}: 2026-11-30 10:00:00,000 INFO x: rank ${r}`).join('\n') + '\n');
    const cliPath = path.join(__dirname, '..', '..', '..', 'dist', 'cli.js');
    const r = spawnSync('bash', ['-c', 'ulimit -n 256 && exec "$0" "$@"', process.execPath, cliPath, 'summary', path.join(root, 'many.out')], { encoding: 'utf8' });
    assert.strictEqual(r.status, 0, r.stderr);
    assert.match(r.stdout, /600 ranks/);
  });

  it("the editor's imported jobs: a capture created empty is found once it reads as one; one whose head reads otherwise as it grows is read anew; a torchrun stream is never a capture of its own", async () => {
    const root = tmp();
    const logs = path.join(root, 'logs');
    const capture = path.join(logs, 'slurm-77.out');
    write(capture, '');
    const run = torchrunRun(logs);
    // torch 2.4+ labels a traceback in a rank's own stream: that stream is its job's, not a capture.
    fs.appendFileSync(path.join(run, 'attempt_0', '1', 'stderr.log'), '[rank1]: Traceback (most recent call last):\n[rank1]: RuntimeError: boom\n');
    const jobs = new ImportedJobs(path.join(root, 'storage', String(process.pid)), { intervalMs: 60_000, formats: () => BUILT_IN_FORMATS, patterns: () => DEFAULT_RANK_FILE_PATTERNS });
    try {
      assert.deepStrictEqual((await jobs.sync([logs])).map((f) => f.job.kind), ['torchrun']);
      assert.strictEqual(await jobs.captureKey(capture), undefined, 'empty');
      assert.strictEqual(await jobs.captureKey(path.join(run, 'attempt_0', '1', 'stderr.log')), undefined, "a torchrun job's stream");
      // srun's first lines: torchrun's own warning on each node.
      fs.appendFileSync(capture, '0: WARNING:__main__:\n1: WARNING:__main__:\n0: Setting OMP_NUM_THREADS\n1: Setting OMP_NUM_THREADS\n');
      assert.ok(await jobs.captureKey(capture), 'srun -l lines');
      const srun = (await jobs.sync([logs])).find((f) => f.source === capture)!;
      assert.strictEqual(srun.job.teeWidth, undefined);
      assert.strictEqual(await jobs.captureKey(capture), undefined, 'as imported');
      // Then the ranks' tee labels: the same file is another job now, read anew.
      fs.appendFileSync(capture, ['0: [default0]:a', '0: [default1]:b', '1: [default0]:c', '1: [default1]:2026-11-30 09:00:00,000 INFO x: d', ''].join('\n'));
      assert.ok(await jobs.captureKey(capture), 'tee labels');
      const tee = (await jobs.sync([logs])).find((f) => f.source === capture)!;
      assert.strictEqual(tee.job.teeWidth, 2);
      assert.ok(!fs.existsSync(srun.dir), 'the first reading is dropped');
      // The job a file in the editor was read from (the palette's commands act on it).
      const torchrun = (await jobs.sync([logs])).find((f) => f.job.kind === 'torchrun')!;
      assert.strictEqual(jobs.jobOfFile(capture), tee.dir);
      assert.strictEqual(jobs.jobOfFile(path.join(run, 'attempt_0', '1', 'stderr.log')), torchrun.dir);
      assert.strictEqual(jobs.jobOfFile(path.join(logs, 'notes.txt')), undefined, 'a file beside them');
      assert.strictEqual(jobs.jobOfFile(run + '-other/x.log'), undefined, 'a folder whose name starts alike');
      await jobs.updateAll();
      assert.deepStrictEqual((await discoverRanks(tee.dir)).map((r) => r.rank), [0, 1, 2, 3]);
      assert.match(fs.readFileSync(path.join(tee.dir, 'worker_3.log'), 'utf8'), /Worker 3 - x - INFO - d/);
      // PyTorch's own `[rank1]:` labels, then torchrun's prefix template's `[1]:`: read anew too.
      const own = path.join(logs, 'console.out');
      write(own, '[rank0]:a\n[rank1]:b\n[rank0]:c\n[rank1]:d\n');
      assert.strictEqual((await jobs.sync([logs])).find((f) => f.source === own)?.job.role, undefined);
      assert.strictEqual(await jobs.captureKey(own), undefined, 'as imported');
      fs.appendFileSync(own, '[0]:e\n[1]:f\n[0]:g\n[1]:h\n[0]:i\n[1]:j\n');
      assert.ok(await jobs.captureKey(own), 'labels of the rank alone');
      assert.strictEqual((await jobs.sync([logs])).find((f) => f.source === own)?.job.role, '');
    } finally {
      jobs.dispose();
    }
  });

  it("the editor's imported jobs: found in folders, read, mapped back, dropped when gone; a crashed window's copies removed", async () => {
    const root = tmp();
    const run = torchrunRun(path.join(root, 'logs'));
    const storage = path.join(root, 'storage');
    const updated: string[] = [];
    const jobs = new ImportedJobs(path.join(storage, String(process.pid)), { intervalMs: 60_000, formats: () => BUILT_IN_FORMATS, patterns: () => DEFAULT_RANK_FILE_PATTERNS, onUpdated: (d) => updated.push(d) });
    try {
      const [folder] = await jobs.sync([path.join(root, 'logs'), path.join(root, 'missing')]);
      assert.strictEqual(folder.source, run);
      assert.ok(folder.dir.startsWith(storage) && path.basename(folder.dir) === 'none_gcw138t6', folder.dir);
      await jobs.updateAll();
      await jobs.updateAll();
      assert.deepStrictEqual((await discoverRanks(folder.dir)).map((r) => r.rank), [0, 1]);
      assert.ok(updated.includes(folder.dir));
      assert.deepStrictEqual(await jobs.sourceOf(path.join(folder.dir, 'worker_1.log'), 1), { path: path.join(run, 'attempt_0', '1', 'stderr.log'), line: 1 });
      assert.strictEqual(await jobs.sourceOf(path.join(root, 'worker_1.log'), 1), undefined);
      assert.deepStrictEqual(await jobs.sync([]), []);
      assert.ok(!fs.existsSync(folder.dir));
    } finally {
      jobs.dispose();
    }
    const other = path.join(root, 'other-storage');
    fs.mkdirSync(path.join(other, '999999999'), { recursive: true });
    fs.mkdirSync(path.join(other, String(process.pid)), { recursive: true });
    await removeStaleImports(other);
    assert.deepStrictEqual(fs.readdirSync(other), [String(process.pid)]);
  });

  it("the editor's import of a capture naming more ranks than are read tells the user so, once however often it is read again", async () => {
    const root = tmp();
    const file = path.join(root, 'logs', 'train.out');
    await captureJob(file, Array.from({ length: 6 }, (_, r) => `[rank${r}]:2026-11-30 09:00:00,000 INFO train: up`));
    const told: string[] = [];
    const jobs = new ImportedJobs(path.join(root, 'storage', String(process.pid)), { intervalMs: 60_000, formats: () => BUILT_IN_FORMATS, patterns: () => DEFAULT_RANK_FILE_PATTERNS, onProblem: (m) => told.push(m), maxCaptureRanks: 4 });
    try {
      const [folder] = await jobs.sync([path.join(root, 'logs')]);
      await jobs.updateAll();
      fs.appendFileSync(file, '[rank5]:2026-11-30 09:00:01,000 INFO train: more\n');
      await jobs.updateAll();
      assert.deepStrictEqual((await discoverRanks(folder.dir)).map((r) => r.rank), [0, 1, 2, 3]);
      assert.deepStrictEqual(told, [`${file}: it names more than 4 ranks: the lines of the ranks past the first 4 are kept with the launcher's lines, not read as ranks.`]);
    } finally {
      jobs.dispose();
    }
  });

  it("the editor's imported jobs of a folder that cannot be listed a moment (there, but its listing fails) are kept, not dropped as if it were emptied; a folder gone drops them", async () => {
    const root = tmp();
    const logs = path.join(root, 'logs');
    const file = path.join(logs, 'train.out');
    await captureJob(file, ['[rank0]:2026-11-30 09:00:00,000 INFO train: up', '[rank1]:2026-11-30 09:00:00,000 ERROR train: boom']);
    const errors: string[] = [];
    const jobs = new ImportedJobs(path.join(root, 'storage', String(process.pid)), { intervalMs: 60_000, formats: () => BUILT_IN_FORMATS, patterns: () => DEFAULT_RANK_FILE_PATTERNS, onError: (m) => errors.push(m) });
    try {
      const [folder] = await jobs.sync([logs]);
      await jobs.updateAll();
      // Its listing fails (a link to itself here: ELOOP; as EACCES or EIO would, which root does not get).
      fs.renameSync(logs, `${logs}.away`);
      fs.symlinkSync(path.basename(logs), logs);
      assert.deepStrictEqual((await jobs.sync([logs])).map((f) => f.dir), [folder.dir]);
      assert.ok(fs.existsSync(path.join(folder.dir, 'worker_1.log')));
      assert.match(errors.join('\n'), /could not be listed \(ELOOP\)/);
      // Back as it was: the same job, not read anew.
      fs.rmSync(logs);
      fs.renameSync(`${logs}.away`, logs);
      assert.deepStrictEqual((await jobs.sync([logs])).map((f) => f.dir), [folder.dir]);
      // Gone: its job goes.
      fs.rmSync(logs, { recursive: true });
      assert.deepStrictEqual(await jobs.sync([logs]), []);
      assert.ok(!fs.existsSync(folder.dir));
    } finally {
      jobs.dispose();
    }
  });

  it("the editor's imported jobs of a folder whose reading failed (a discovery's error) are kept, not dropped and read anew", async () => {
    const root = tmp();
    const run = torchrunRun(path.join(root, 'logs'));
    let fail = false;
    const errors: string[] = [];
    const patterns = () => {
      if (fail) throw new Error('the folder could not be read');
      return DEFAULT_RANK_FILE_PATTERNS;
    };
    const jobs = new ImportedJobs(path.join(root, 'storage', String(process.pid)), { intervalMs: 60_000, formats: () => BUILT_IN_FORMATS, patterns, onError: (m) => errors.push(m) });
    try {
      const [folder] = await jobs.sync([path.join(root, 'logs')]);
      assert.strictEqual(folder.source, run);
      await jobs.updateAll();
      fail = true;
      assert.deepStrictEqual((await jobs.sync([path.join(root, 'logs')])).map((f) => f.dir), [folder.dir]);
      assert.ok(fs.existsSync(path.join(folder.dir, 'worker_0.log')));
      assert.match(errors.join('\n'), /could not be read/);
      // Not looked at any more (a folder taken out of the settings), its jobs go.
      assert.deepStrictEqual(await jobs.sync([]), []);
      assert.ok(!fs.existsSync(folder.dir));
    } finally {
      jobs.dispose();
    }
  });

  it("the editor's imported job dropped while its first reading runs, then found again: its folder holds the new reading's lines once, none of the old one's", async function () {
    this.timeout(60_000);
    const root = tmp();
    const dir = path.join(root, 'run');
    const capture = path.join(dir, 'slurm-6.out');
    const lines: string[] = [];
    for (let i = 0; i < 160_000; i++) lines.push(`${i % 4}: 2026-11-30 09:${String(10 + Math.floor(i / 20_000)).padStart(2, '0')}:00,000 INFO train: step ${i} of a long run, its loss and its rate`);
    write(capture, lines.join('\n') + '\n');
    const once = path.join(root, 'once');
    await new JobImport((await findForeignJobs(dir))[0], once, IMPORT_OPTIONS).readOnce();
    const jobs = new ImportedJobs(path.join(root, 'storage', String(process.pid)), { intervalMs: 60_000, formats: () => BUILT_IN_FORMATS, patterns: () => DEFAULT_RANK_FILE_PATTERNS });
    try {
      const [first] = await jobs.sync([dir]);
      // Dropped once its reading has written a first part (a discovery that did not find it: a folder that could not be read a moment).
      let settled = false;
      const reading = jobs.updateAll().finally(() => (settled = true));
      while (!settled && !fs.existsSync(path.join(first.dir, 'worker_0.log'))) await new Promise((r) => setImmediate(r));
      assert.ok(!settled, 'the reading ended before the job was dropped');
      assert.deepStrictEqual(await jobs.sync([]), []);
      // The drop waited for the reading to end: it writes nothing into the folder made next.
      assert.ok(settled, 'the dropped reading still runs');
      const [again] = await jobs.sync([dir]);
      assert.strictEqual(again.dir, first.dir);
      await reading;
      await jobs.updateAll();
      for (let r = 0; r < 4; r++) assert.ok(fs.readFileSync(path.join(again.dir, `worker_${r}.log`), 'utf8') === fs.readFileSync(path.join(once, `worker_${r}.log`), 'utf8'), `rank ${r}'s log is not the capture's lines once`);
    } finally {
      jobs.dispose();
    }
  });

  it("the editor's imported capture tells the files each update wrote: every rank's at first, then only the rank whose lines came (a job of thousands of ranks had each read again at each update)", async () => {
    const root = tmp();
    const capture = path.join(root, 'run', 'slurm-5.out');
    write(capture, Array.from({ length: 40 }, (_, r) => `${r}: 2026-11-30 09:00:00,000 INFO train: step 1`).join('\n') + '\n');
    const told: { dir: string; files: string[] }[] = [];
    const jobs = new ImportedJobs(path.join(root, 'storage', String(process.pid)), { intervalMs: 60_000, formats: () => BUILT_IN_FORMATS, patterns: () => DEFAULT_RANK_FILE_PATTERNS, onUpdated: (dir, files) => told.push({ dir, files: [...files].sort() }) });
    try {
      const [folder] = await jobs.sync([path.join(root, 'run')]);
      await jobs.updateAll();
      const ranks = (await discoverRanks(folder.dir)).map((r) => r.path).sort();
      assert.strictEqual(ranks.length, 40);
      assert.deepStrictEqual(told.map((t) => t.dir), [folder.dir]);
      for (const f of ranks) assert.ok(told[0].files.includes(f), f);
      fs.appendFileSync(capture, '17: 2026-11-30 09:00:01,000 INFO train: step 2\n17: 2026-11-30 09:00:02,000 INFO train: step 3\n');
      await jobs.updateAll();
      await jobs.updateAll();
      assert.deepStrictEqual(told.slice(1).flatMap((t) => t.files), [path.join(folder.dir, 'worker_17.log')]);
      assert.match(fs.readFileSync(path.join(folder.dir, 'worker_17.log'), 'utf8'), /step 3/);
    } finally {
      jobs.dispose();
    }
  });

  it("a capture read from its bytes gives the same rank logs, byte for byte, as read line by line as strings (fuzz, 45 seeds: torchrun's labels, srun's, kubectl's pods with the kubelet's times or not)", async function () {
    this.timeout(60_000);
    const shapes = [
      (r: number) => `2026-11-30 09:00:${String(r % 60).padStart(2, '0')},${String(r % 1000).padStart(3, '0')} INFO train: step ${r}`,
      (r: number) => `2026-11-30 09:00:00,000 WARN data.loader: shard ${r}`,
      (r: number) => `2026-11-30 09:00:00,000 WARNING root: w${r}`,
      (r: number) => `2026-11-30 09:00:60,000 INFO leap: second ${r}`,
      (r: number) => `2026-02-30 09:00:00,000 ERROR bad: day ${r}`,
      (r: number) => `2026-11-30 09:00:00,000 CRITICAL x: ünïcode ${r}`,
      (r: number) => `2026-11-30 09:00:00,000 INFO a b: spaced ${r}`,
      (r: number) => `2026-11-30 09:00:00,000 INFO a\tb: tab ${r}`,
      (r: number) => `2026-11-30 09:00:00,000 DEBUG x: cr ${r}\r`,
      (r: number) => `2026-11-30 09:00:00,000 INFO \x1b[32mx\x1b[0m: ansi ${r}`,
      () => `2026-11-30 09:00:00,000 INFO x:`,
      () => `2026-11-30 09:00:00,000 INFO x: `,
      (r: number) => `2026-11-30 09:00:00,000 FATAL ${'l'.repeat(110 + (r % 20))}: long logger`,
      () => 'Traceback (most recent call last):',
      // Error records a traceback may follow (`logger.exception`): the lane's, the byte path's, a glog line's, Python's default format's, ours.
      (r: number) => `2026-11-30 09:00:00,000 ERROR train: step ${r} failed`,
      (r: number) => `2026-11-30 09:00:00,000 - train - CRITICAL - step ${r} failed`,
      (r: number) => `E1130 09:00:00.000000 77 train.cpp:12] step ${r} failed`,
      (r: number) => `ERROR:root:step ${r} failed`,
      (r: number) => `2026-11-30 09:00:00,000 - Worker 3 - ours - ERROR - x ${r}`,
      () => 'Traceback (most recent call last):',
      () => '  File "x.py", line 1, in f',
      (r: number) => `\tindented by a tab ${r}`,
      (r: number) => `  indented ünïcode ${r}`,
      (r: number) => `  indented with cr ${r}\r`,
      () => '    ',
      () => 'ValueError: boom',
      () => 'The above exception was the direct cause of the following exception:',
      () => '  + Exception Group Traceback (most recent call last):',
      (r: number) => `  | ExceptionGroup: many (${r} sub-exceptions)`,
      () => "terminate called after throwing an instance of 'std::bad_alloc'",
      (r: number) => `frame #${r % 9}: clone + 0x6d (0x7fbf2bad0b0d in /lib64/libc.so.6)`,
      (r: number) => `plain ${r}`,
      () => '',
      (r: number) => `2026-11-30 09:00:00,000 - Worker 3 - ours - INFO - x ${r}`,
      // A partial line and the next prefix on the same line (joined on the string path).
      (r: number) => `2026-11-30 09:00:00,000 INFO x: part ${r}[rank${r % 5}]:2026-11-30 09:00:00,000 INFO x: then ${r}`,
      (r: number) => `\r${r % 100}%|[default${r % 3}]:  more ${r}`,
    ];
    // kubectl's pods (`--prefix`, with the kubelet's times after it or not): a sidecar's lines, a
    // line of a pod without the kubelet's time, one whose time is none (a 13th month), a prefix
    // that is none (upper case), past the head (64 KiB: the head read has every time).
    const pod = (rank: number, timed: boolean, noisy: boolean, i: number, rand: () => number): string => {
      const u = noisy ? rand() : 0.5;
      const name = u < 0.03 ? '[pod/train-worker-1/istio-proxy] ' : u < 0.04 ? '[pod/Train-worker-1/pytorch] ' : `[pod/train-${rank === 0 ? 'master-0' : `worker-${rank - 1}`}/pytorch] `;
      if (!timed || u > 0.98) return name;
      const ns = String(Math.floor(rand() * 1e9)).padStart(9, '0').replace(/0+$/, '');
      const zone = rand() < 0.1 ? '+00:00' : 'Z';
      return `${name}2026-${u > 0.96 ? '13' : '11'}-30T09:00:${String(i % 60).padStart(2, '0')}${ns ? `.${ns}` : ''}${zone} `;
    };
    for (let seed = 1; seed <= 45; seed++) {
      const rand = rng(seed);
      const srun = seed % 3 === 2;
      const kubectl = seed % 3 === 0;
      const timed = kubectl && seed % 2 === 0;
      const lines: string[] = [];
      for (let i = 0; i < (kubectl ? 1500 : 300); i++) {
        const rank = Math.floor(rand() * (srun ? 12 : 5));
        const body = shapes[Math.floor(rand() * shapes.length)](i);
        const prefix = kubectl ? pod(rank, timed, i >= 1000, i, rand) : srun ? `${rank < 10 && rand() < 0.5 ? ' ' : ''}${rank}: ` : rand() < 0.5 ? `[rank${rank}]:` : `[default${rank}]:`;
        const launcher = rand() < 0.3 ? `ERROR:torch.distributed.elastic.multiprocessing.api:failed (exitcode: 1) local_rank: ${rank} (pid: ${i}) of binary: /usr/bin/python3` : `launcher ${i}`;
        lines.push(rand() < 0.05 ? launcher : prefix + body);
      }
      const root = tmp();
      write(path.join(root, 'src', 'run.out'), lines.join('\n') + '\n');
      const [job] = await findForeignJobs(path.join(root, 'src'));
      assert.strictEqual(job?.kind, 'capture', `seed ${seed}`);
      assert.deepStrictEqual([job.style, job.kubeletTimes === true], [kubectl ? 'kubectl' : srun ? 'srun' : 'torchrun', timed], `seed ${seed}`);
      const fast = new JobImport(job, path.join(root, 'fast'), options);
      const slow = new JobImport(job, path.join(root, 'slow'), { ...options, byteFastPath: false });
      await fast.update();
      await slow.update();
      assert.ok(fast.linesFromBytes > 10 && slow.linesFromBytes === 0, `seed ${seed}: ${fast.linesFromBytes} lines from bytes`);
      const names = fs.readdirSync(path.join(root, 'slow')).sort();
      assert.deepStrictEqual(fs.readdirSync(path.join(root, 'fast')).sort(), names, `seed ${seed}`);
      for (const n of names) assert.strictEqual(fs.readFileSync(path.join(root, 'fast', n), 'utf8'), fs.readFileSync(path.join(root, 'slow', n), 'utf8'), `seed ${seed}, ${n}`);
      for (const n of names.filter((x) => x !== 'launcher.log')) {
        const count = fs.readFileSync(path.join(root, 'fast', n), 'utf8').split('\n').length - 1;
        for (let i = 0; i < count; i += 7) assert.deepStrictEqual(await fast.sourceOf(path.join(root, 'fast', n), i), await slow.sourceOf(path.join(root, 'slow', n), i), `seed ${seed}, ${n}:${i}`);
      }
    }
  });
});
