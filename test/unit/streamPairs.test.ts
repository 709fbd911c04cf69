import * as assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { JobImport } from '../../src/core/importJob';
import { findForeignJobs, ForeignJob } from '../../src/core/importLayouts';
import { discoverRanks } from '../../src/core/rankDiscovery';
import { otherStreamName } from '../../src/core/streamPairs';
import { ageFiles, tempDirs, writeFile } from '../support/tempFiles';
import { IMPORT_OPTIONS, READ_WAYS, summaryOf } from '../support/importHelpers';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'launchers');
const options = IMPORT_OPTIONS;
const tmp = tempDirs('gwl-pairs-');

function writtenText(out: string): string {
  return fs.readdirSync(out).sort().map((f) => `== ${f}\n${fs.readFileSync(path.join(out, f), 'utf8')}`).join('');
}

/** The one job of `dir`, which must be a capture read with its other stream. */
async function pairOf(dir: string): Promise<ForeignJob> {
  const jobs = await findForeignJobs(dir);
  assert.strictEqual(jobs.length, 1, jobs.map((j) => j.name).join(', '));
  assert.ok(jobs[0].otherStream, `${jobs[0].name}: no other stream`);
  return jobs[0];
}

/** `job` read the three ways into folders of `root` (the same files each way); the lane's import. */
async function readThreeWays(job: ForeignJob, root: string): Promise<JobImport> {
  const texts: string[] = [];
  let lane: JobImport | undefined;
  for (const [name, way] of READ_WAYS) {
    const imp = new JobImport(job, path.join(root, name), way);
    await imp.readOnce();
    lane ??= imp;
    texts.push(writtenText(path.join(root, name)));
  }
  assert.strictEqual(texts[1], texts[0], 'bytes vs lane');
  assert.strictEqual(texts[2], texts[0], 'strings vs lane');
  return lane!;
}

/** Each line of each rank file of `out` and the line of the source `imp` names for it: the two must hold the same text. */
async function assertEveryLineFound(imp: JobImport, out: string): Promise<number> {
  let checked = 0;
  const cache = new Map<string, string[]>();
  for (const f of await discoverRanks(out)) {
    const lines = fs.readFileSync(f.path, 'utf8').split('\n').slice(0, -1);
    for (let k = 0; k < lines.length; k++) {
      // Records of ours: the message after the header (the launcher's, and a traceback's header, are not its source's text).
      const m = /^(?:\S+ \S+ - )?Worker \d+ - (\S+) - \w+ - (.*)$/.exec(lines[k]);
      if (m && (m[1] === 'launcher' || m[2] === 'Uncaught exception')) continue;
      const text = m ? m[2] : lines[k];
      const src = await imp.sourceOf(f.path, k);
      assert.ok(src, `${f.path}:${k}`);
      if (!cache.has(src.path)) cache.set(src.path, fs.readFileSync(src.path, 'utf8').split('\n'));
      const source = cache.get(src.path)![src.line];
      assert.ok(source?.includes(text), `rank ${f.rank} line ${k} (${lines[k]}) is said to come from ${path.basename(src.path)}:${src.line + 1}: ${source}`);
      checked++;
    }
  }
  return checked;
}

describe("a capture's two streams in two files (Slurm's --output and --error)", () => {
  it("names the other stream's file by the word of its name that names a stream", () => {
    const cases: [string, string | undefined, boolean?][] = [
      ['train-4242.out', 'train-4242.err', false],
      ['train-4242.err', 'train-4242.out', true],
      ['run.stdout.log', 'run.stderr.log', false],
      ['job_stderr.txt', 'job_stdout.txt', true],
      ['out.log', 'err.log', false],
      ['RUN.OUT', 'RUN.ERR', false],
      ['train.o12345', 'train.e12345', false],
      ['train.e12345', 'train.o12345', true],
      ['train.o12345-7', 'train.e12345-7', false],
      ['train.O12345', 'train.E12345', false],
      ['output.log', undefined],
      ['layout.txt', undefined],
      ['train.log', undefined],
    ];
    for (const [name, other, stdout] of cases) {
      const got = otherStreamName(name);
      assert.deepStrictEqual(got && [got.name, got.stdout], other === undefined ? undefined : [other, stdout], name);
    }
  });

  it('a real sbatch --output/--error job: one job, the prints and the traceback in the same ranks, each line found in its file', async () => {
    const dir = path.join(FIXTURES, 'slurm-output-error-pair');
    const job = await pairOf(dir);
    assert.strictEqual(path.basename(job.source), 'train-1.out');
    assert.strictEqual(path.basename(job.otherStream!.job.source), 'train-1.err');
    const root = tmp();
    const imp = await readThreeWays(job, root);
    const out = path.join(root, 'lane');
    const s = await summaryOf(out);
    assert.deepStrictEqual(s.ranks.map((r) => [r.rank, r.state === 'failed']), [[0, false], [1, true]]);
    assert.strictEqual(s.firstFailure?.rank, 1);
    assert.match(s.firstFailure!.record.exception ?? '', /TypeError: 'NoneType' object is not subscriptable/);
    // The prints (stdout) and the records (stderr) of each rank are in its log.
    const rank1 = fs.readFileSync(path.join(out, 'worker_1.log'), 'utf8');
    assert.match(rank1, /output - INFO - epoch 0 step 3 loss 2\.200/);
    assert.match(rank1, /train - INFO - step 3 done/);
    // The failure's line is the traceback's in the stderr file.
    const failure = await imp.sourceOf(path.join(out, 'worker_1.log'), s.firstFailure!.record.line);
    assert.deepStrictEqual(failure && [path.basename(failure.path), failure.line + 1], ['train-1.err', 9]);
    assert.ok((await assertEveryLineFound(imp, out)) > 20);
    // Every line of both files is in a rank's or the launcher's file.
    const sourceLines = ['train-1.out', 'train-1.err'].reduce((n, f) => n + fs.readFileSync(path.join(dir, f), 'utf8').split('\n').length - 1, 0);
    const written = fs.readdirSync(out).reduce((n, f) => n + fs.readFileSync(path.join(out, f), 'utf8').split('\n').filter((l) => !/ - launcher - |Uncaught exception$/.test(l)).length - 1, 0);
    assert.strictEqual(written, sourceLines);
  });

  it("srun names each task it ends: without -K the rank it did not name ran to its end (finished), under -K the rank it terminated reads stopped by srun", () => {
    const root = tmp();
    fs.cpSync(FIXTURES, root, { recursive: true, filter: (src) => !/golden/.test(src) });
    ageFiles(root);
    const ranksOf = (target: string): { rank: number; state: string; stoppedBy?: string }[] => {
      const r = spawnSync(process.execPath, [CLI, 'summary', '--json', target], { encoding: 'utf8', cwd: root });
      assert.strictEqual(r.status, 0, r.stderr);
      return JSON.parse(r.stdout).ranks.map((x: { rank: number; state: string; stoppedBy?: string }) => ({ rank: x.rank, state: x.state, stoppedBy: x.stoppedBy }));
    };
    assert.deepStrictEqual(ranksOf('slurm-output-error-pair'), [{ rank: 0, state: 'finished', stoppedBy: undefined }, { rank: 1, state: 'failed', stoppedBy: undefined }]);
    assert.deepStrictEqual(ranksOf('srun-l-kill-on-bad-exit.out')[0], { rank: 0, state: 'finished', stoppedBy: 'stopped by srun (SIGTERM)' });
    // Without srun's word on the failed rank, a rank whose log just ends in the attempt reads stopped with it.
    fs.writeFileSync(path.join(root, 'slurm-output-error-pair', 'train-1.err'), fs.readFileSync(path.join(root, 'slurm-output-error-pair', 'train-1.err'), 'utf8').replace(/^srun: error.*\n/m, ''));
    ageFiles(root);
    assert.strictEqual(ranksOf('slurm-output-error-pair')[0].stoppedBy, 'stopped with its attempt, after rank 1 failed');
  });

  it("a hung job its time limit ended, its ranks logging to stdout: the stderr file's cancellation (no rank label) is each rank's, and diagnose says hang", () => {
    const name = 'slurm-output-error-time-limit';
    const root = tmp();
    fs.cpSync(path.join(FIXTURES, name), root, { recursive: true });
    ageFiles(root);
    const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: root });
    const diagnosis = run('diagnose', '.');
    assert.strictEqual(diagnosis.status, 1, diagnosis.stderr);
    assert.match(diagnosis.stdout, /^Hang: no rank logged for 1m 24s before Slurm cancelled job step 1\.0 on gpu-node-1 due to time limit/);
    // Named by either file, the job is the same; the stdout file alone knew nothing of the end.
    for (const file of ['hang-1.out', 'hang-1.err']) {
      const summary = run('summary', file);
      assert.strictEqual(summary.status, 0, summary.stderr);
      assert.match(summary.stdout, /^Job hang-1\.(out|err) \+ hang-1\.(out|err): 2 ranks, 1 attempt, 2 failed/);
    }
    fs.rmSync(path.join(root, 'hang-1.err'));
    assert.match(run('diagnose', '.').stdout, /^No failure, hang or mismatch found/);
  });

  it('records on both streams are merged by their times, across many turns of reading, each line found again', async function () {
    // (2 MiB read three ways, then every line looked up: 7.5 s alone here, past 30 s in a clean clone's run on a slow day.)
    this.timeout(120_000);
    const dir = tmp();
    const out: string[] = [];
    const err: string[] = [];
    const start = Date.UTC(2026, 5, 1, 9, 0, 0);
    const stamp = (ms: number) => new Date(start + ms).toISOString().replace('T', ' ').replace('Z', '').replace('.', ',');
    // Two ranks; each logs to stdout at even and to stderr at odd tenths of a second (1 MiB each:
    // several turns), a traceback on stderr now and then, and a print without a time on stdout.
    for (let k = 0; k < 12_000; k++) {
      const rank = k % 2;
      const t = Math.floor(k / 2) * 100;
      out.push(`${rank}: ${stamp(t)} INFO data: batch ${k} loaded from shard_${String(k % 97).padStart(4, '0')}.tar with padding ${'x'.repeat(k % 40)}`);
      err.push(`${rank}: ${stamp(t + 50)} INFO train: step ${k} loss ${(3 - k / 10_000).toFixed(4)}`);
      if (k % 1000 === 999) err.push(`${rank}: Traceback (most recent call last):`, `${rank}:   File "train.py", line 9, in <module>`, `${rank}: RuntimeError: retryable ${k}`);
      if (k % 500 === 0) out.push(`${rank}: checkpoint ${k} saved`);
    }
    writeFile(path.join(dir, 'job.out'), out.join('\n') + '\n');
    writeFile(path.join(dir, 'job.err'), err.join('\n') + '\n');
    const root = tmp();
    const imp = await readThreeWays(await pairOf(dir), root);
    const lane = path.join(root, 'lane');
    for (const rank of [0, 1]) {
      const times = fs
        .readFileSync(path.join(lane, `worker_${rank}.log`), 'utf8')
        .split('\n')
        .map((l) => /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) - Worker \d+ - (?!launcher)/.exec(l)?.[1])
        .filter((t): t is string => t !== undefined);
      assert.strictEqual(times.length, 12_000, `rank ${rank}`);
      // Out of order by less than a turn of reading (256 KiB: ~2,000 lines of each, 10 s apart at most).
      let behind = 0;
      for (let k = 1; k < times.length; k++) if (times[k] < times[k - 1]) behind++;
      assert.ok(behind < times.length / 20, `rank ${rank}: ${behind} records before the one above them`);
    }
    assert.ok((await assertEveryLineFound(imp, lane)) >= 24_000);
  });

  it("a traceback on stderr across the end of a turn of reading: its rank's prints on stdout do not come between its frames and its exception (the turn reads on), the same each way", async function () {
    // (3 MiB read three ways, then every line looked up: 13 s alone here, past 30 s beside other work.)
    this.timeout(120_000);
    const dir = tmp();
    const start = Date.UTC(2026, 5, 1, 9, 0, 0);
    const stamp = (ms: number) => new Date(start + ms).toISOString().replace('T', ' ').replace('Z', '').replace('.', ',');
    // stderr: records of both ranks up to just before 1 MiB (a turn reads a chunk), then rank 1's
    // traceback across it; stdout: records of both ranks at the same times, longer (its first turn
    // ends earlier in time: it is read next), over 2 MiB.
    const err: string[] = [];
    let bytes = 0;
    for (let k = 0; bytes < 1024 * 1024 - 300; k++) {
      const line = `${k % 2}: ${stamp(k * 10)} INFO train: step ${k} loss ${(3 - k / 100_000).toFixed(5)}`;
      err.push(line);
      bytes += line.length + 1;
    }
    const frames = Array.from({ length: 12 }, (_, i) => [`1:   File "/home/u/run/train.py", line ${10 + i}, in level_${i}`, `1:     next_level(batch_${i})`]).flat();
    err.push('1: Traceback (most recent call last):', ...frames, '1: ValueError: bad batch 913', `0: ${stamp(10_000_000)} INFO train: still here`);
    const out: string[] = [];
    for (let k = 0; k < err.length; k++) out.push(`${k % 2}: ${stamp(k * 10 + 5)} INFO data: batch ${k} of shard ${k % 97} loaded, ${'x'.repeat(60)}`);
    writeFile(path.join(dir, 'train-7.err'), err.join('\n') + '\n');
    writeFile(path.join(dir, 'train-7.out'), out.join('\n') + '\n');
    const root = tmp();
    const imp = await readThreeWays(await pairOf(dir), root);
    const summary = await summaryOf(path.join(root, 'lane'));
    assert.deepStrictEqual([summary.firstFailure?.rank, summary.firstFailure?.record.exception, summary.firstFailure?.record.lineCount], [1, 'ValueError: bad batch 913', 27]);
    // The traceback's lines follow each other in rank 1's log, its exception last.
    const rank1 = fs.readFileSync(path.join(root, 'lane', 'worker_1.log'), 'utf8').split('\n');
    const head = rank1.findIndex((l) => l === 'Traceback (most recent call last):');
    assert.deepStrictEqual(rank1.slice(head + 1, head + 26), [...frames.map((f) => f.slice(3)), 'ValueError: bad batch 913']);
    // Every line, but the traceback's head's header (its own line is checked).
    assert.strictEqual(await assertEveryLineFound(imp, path.join(root, 'lane')), err.length + out.length);
  });

  it('both streams read as they grow, update by update: every line of each rank is found again in its own file, as when read at once', async () => {
    const dir = tmp();
    const stamp = (ms: number) => new Date(Date.UTC(2026, 5, 1, 9, 0, 0) + ms).toISOString().replace('T', ' ').replace('Z', '').replace('.', ',');
    writeFile(path.join(dir, 'job.out'), '0: starting\n1: starting\n');
    writeFile(path.join(dir, 'job.err'), '');
    const job = await pairOf(dir);
    const out = path.join(tmp(), 'live');
    const imp = new JobImport(job, out, options);
    let t = 0;
    for (let update = 0; update < 12; update++) {
      const outLines: string[] = [];
      const errLines: string[] = [];
      for (let k = 0; k < 40; k++, t += 10) {
        const rank = k % 2;
        outLines.push(`${rank}: step ${t} loss ${(t % 97) / 10}`);
        errLines.push(`${rank}: ${stamp(t)} INFO train: step ${t} done`);
        if (k % 13 === 5) errLines.push(`${rank}:   detail ${t}`);
      }
      fs.appendFileSync(path.join(dir, 'job.out'), outLines.join('\n') + '\n');
      fs.appendFileSync(path.join(dir, 'job.err'), errLines.join('\n') + '\n');
      await imp.update();
    }
    assert.ok((await assertEveryLineFound(imp, out)) >= 12 * 80);
  });

  it('a capture whose other stream grows later is read as it grows, no line lost', async () => {
    const dir = tmp();
    writeFile(path.join(dir, 'run.out'), '0: 2026-06-01 09:00:00,000 INFO train: step 1\n1: 2026-06-01 09:00:00,010 INFO train: step 1\n');
    writeFile(path.join(dir, 'run.err'), '');
    const job = await pairOf(dir);
    const out = path.join(tmp(), 'out');
    const imp = new JobImport(job, out, options);
    await imp.update();
    fs.appendFileSync(path.join(dir, 'run.err'), '1: Traceback (most recent call last):\n1:   File "train.py", line 3, in <module>\n1: ValueError: bad batch\nsrun: error: gpu-node-1: task 1: Exited with exit code 1\n');
    fs.appendFileSync(path.join(dir, 'run.out'), '0: 2026-06-01 09:00:01,000 INFO train: step 2\n');
    await imp.update();
    const s = await summaryOf(out);
    assert.strictEqual(s.firstFailure?.rank, 1);
    assert.match(s.firstFailure!.record.exception ?? '', /ValueError: bad batch/);
    assert.match(fs.readFileSync(path.join(out, 'worker_0.log'), 'utf8'), /step 2/);
    assert.match(fs.readFileSync(path.join(out, 'worker_1.log'), 'utf8'), /exit code 1/);
  });

  it('two captures of other launchers, a binary file, or a link to the same file, beside each other stay apart', async () => {
    const dir = tmp();
    writeFile(path.join(dir, 'a.out'), '0: 2026-06-01 09:00:00,000 INFO train: step 1\n1: 2026-06-01 09:00:00,000 INFO train: step 1\n');
    writeFile(path.join(dir, 'a.err'), '[1,0]<stderr>:2026-06-01 09:00:00,000 INFO x: y\n[1,1]<stderr>:2026-06-01 09:00:00,000 INFO x: y\n');
    fs.writeFileSync(path.join(dir, 'b.out'), '0: 2026-06-01 09:00:00,000 INFO train: step 1\n1: 2026-06-01 09:00:00,000 INFO train: step 1\n');
    fs.writeFileSync(path.join(dir, 'b.err'), Buffer.from([0, 1, 2, 3, 0, 0, 255, 10]));
    // A link named as the other stream is the same file: read once.
    fs.writeFileSync(path.join(dir, 'c.out'), '0: 2026-06-01 09:00:00,000 INFO train: step 1\n1: 2026-06-01 09:00:00,000 INFO train: step 1\n');
    fs.symlinkSync('c.out', path.join(dir, 'c.err'));
    const jobs = await findForeignJobs(dir);
    assert.deepStrictEqual(jobs.map((j) => [path.basename(j.source), !!j.otherStream]), [['a.err', false], ['a.out', false], ['b.out', false], ['c.err', false], ['c.out', false]]);
  });

  it("PBS's and Grid Engine's output files (<name>.o<id>) are captures, the .e<id> file read with them", async () => {
    const dir = tmp();
    writeFile(path.join(dir, 'train.o4711'), '0: epoch 1\n1: epoch 1\n');
    writeFile(path.join(dir, 'train.e4711'), '1: 2026-06-01 09:00:00,000 ERROR train: NCCL error\n0: 2026-06-01 09:00:00,100 INFO train: fine\n=>> PBS: job killed: walltime 3610 exceeded limit 3600\n');
    const job = await pairOf(dir);
    assert.deepStrictEqual([path.basename(job.source), path.basename(job.otherStream!.job.source), job.otherStream!.first], ['train.o4711', 'train.e4711', false]);
    const out = path.join(tmp(), 'out');
    await new JobImport(job, out, options).readOnce();
    const s = await summaryOf(out);
    assert.deepStrictEqual(s.ranks.map((r) => r.state), ['failed', 'failed']);
  });
});
