// A rank of another launcher's job whose files a process still writes is alive, however long it
// has been quiet: real processes holding files open (for writing, or only reading), /proc read
// as the extension and the CLI read it.
import * as assert from 'node:assert';
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { heldOpenForWriting, innermostHolders, liveRankLogs } from '../../src/core/heldOpen';
import { JobLiveness } from '../../src/jobs/jobLiveness';
import { indexFile } from '../../src/core/fileIndex';
import { JobImport } from '../../src/core/importJob';
import { findForeignJobs, launcherFacts } from '../../src/core/importLayouts';
import { summarizeJob } from '../../src/core/jobSummary';
import { BUILT_IN_FORMATS } from '../../src/core/lineFormats';
import { processHolding } from '../support/rankProcesses';
import { ageFiles, tempDir } from '../support/tempFiles';
import { waitFor } from '../support/waitFor';

const FIXTURES = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'launchers');
const CLI = path.join(__dirname, '..', '..', '..', 'dist', 'cli.js');

describe('ranks alive while a process writes their files (/proc)', function () {
  this.timeout(30_000);
  const started: ChildProcess[] = [];
  const holding = async (file: string, mode: 'a' | 'r'): Promise<ChildProcess> => {
    const p = await processHolding(file, mode);
    started.push(p);
    return p;
  };
  const ended = (p: ChildProcess): Promise<void> =>
    new Promise((resolve) => {
      if (p.exitCode !== null || p.signalCode !== null) return resolve();
      p.once('exit', () => resolve());
      p.kill('SIGKILL');
    });
  afterEach(async () => {
    await Promise.all(started.splice(0).map(ended));
  });

  it('finds the files another process holds open for writing, not those it only reads, nor its own', async () => {
    const dir = fs.realpathSync(tempDir());
    const [written, read, mine, untouched] = ['written.log', 'read.log', 'mine.log', 'untouched.log'].map((n) => path.join(dir, n));
    for (const f of [written, read, mine, untouched]) fs.writeFileSync(f, 'x\n');
    const writer = await holding(written, 'a');
    await holding(read, 'r');
    const fd = fs.openSync(mine, 'a');
    try {
      assert.deepStrictEqual(await heldOpenForWriting(new Set([written, read, mine, untouched])), new Map([[written, [writer.pid]]]));
    } finally {
      fs.closeSync(fd);
    }
  });

  it('names every process holding a file for writing (a launcher and its worker, another writer), and of a launcher and the worker it started, the worker', async () => {
    const dir = fs.realpathSync(tempDir());
    const file = path.join(dir, 'stderr.log');
    fs.writeFileSync(file, '');
    // As torchrun holds each worker's stderr.log beside the worker itself: a parent and the child it forked, both holding the file.
    const launcher = spawn('python3', ['-c', 'import os, sys, time\nf = open(sys.argv[1], "a")\npid = os.fork()\nif pid: print(pid, flush=True)\ntime.sleep(60)\n', file], { stdio: ['ignore', 'pipe', 'inherit'] });
    started.push(launcher);
    const worker = Number(await new Promise<string>((resolve) => launcher.stdout!.once('data', (d: Buffer) => resolve(d.toString()))));
    try {
      const other = await holding(file, 'a');
      for (let i = 0; i < 5; i++) {
        const pids = (await heldOpenForWriting(new Set([file])))?.get(file) ?? [];
        assert.deepStrictEqual([...pids].sort((a, b) => a - b), [launcher.pid!, worker, other.pid!].sort((a, b) => a - b), 'every holder, each time');
      }
      assert.deepStrictEqual(await innermostHolders([launcher.pid!, worker]), [worker]);
      assert.deepStrictEqual((await innermostHolders([worker, other.pid!])).sort((a, b) => a - b), [worker, other.pid!].sort((a, b) => a - b), 'unrelated processes both stay');
    } finally {
      process.kill(worker, 'SIGKILL');
    }
  });

  it("maps held files to rank logs, through links (/proc names a file by its real path)", async () => {
    const dir = fs.realpathSync(tempDir());
    const real = path.join(dir, 'stderr.log');
    fs.writeFileSync(real, '');
    const link = path.join(dir, 'link');
    fs.symlinkSync(dir, link);
    const writer = await holding(real, 'a');
    const live = await liveRankLogs(new Map([['worker_0.log', [path.join(link, 'stdout.log'), path.join(link, 'stderr.log')]], ['worker_1.log', [path.join(dir, 'other.log')]]]));
    assert.deepStrictEqual(live, new Map([['worker_0.log', [writer.pid]]]));
  });

  it("tells each job's rank logs once as they become alive and once their process ends (watched); looks at a quiet job only while it has live ranks", async () => {
    const dir = fs.realpathSync(tempDir());
    const files = [0, 1].map((r) => path.join(dir, `stderr_${r}.log`));
    for (const f of files) fs.writeFileSync(f, '');
    const told: string[] = [];
    let looks = 0;
    let dirs = ['job'];
    const source = {
      dirs: () => dirs,
      liveSources: () => {
        looks++;
        return new Map([
          ['worker_0.log', [files[0]]],
          ['worker_1.log', [files[1]]],
        ]);
      },
    };
    // Looked at every minute: what this test sees comes from the first look, the watch of the processes found, and its own probes.
    const liveness = new JobLiveness(source, (log, alive) => told.push(`${log} ${alive}`), { intervalMs: 60_000, watchMs: 50, firstLookMs: 10 });
    try {
      const writer = await holding(files[1], 'a');
      liveness.wrote('job');
      await waitFor(() => told.length > 0, 'the first look, soon after the job first wrote', 5000);
      assert.deepStrictEqual(told, ['worker_1.log true']);
      // Alive: looked at again each time, told nothing new.
      await liveness.probe();
      assert.deepStrictEqual(told, ['worker_1.log true']);
      // Its process ends: the watch sees it and looks again, long before the next minute.
      await ended(writer);
      await waitFor(() => told.length === 2, 'the rank no longer alive, once its process ended', 5000);
      assert.deepStrictEqual(told, ['worker_1.log true', 'worker_1.log false']);
      // Nothing alive, nothing written since: not looked at.
      const before = looks;
      await liveness.probe();
      assert.strictEqual(looks, before);
      // It writes again: looked at.
      liveness.wrote('job');
      await liveness.probe();
      assert.strictEqual(looks, before + 1);
      // Alive again, then gone from the view: no longer alive.
      await holding(files[0], 'a');
      liveness.wrote('job');
      await liveness.probe();
      assert.deepStrictEqual(told.slice(2), ['worker_0.log true']);
      dirs = [];
      await liveness.probe();
      assert.deepStrictEqual(told.slice(2), ['worker_0.log true', 'worker_0.log false']);
    } finally {
      liveness.dispose();
    }
  });

  it('worker-logs summary of a torchrun --log_dir: a rank whose stderr.log a process still writes is running, however old its last line, the others ended; diagnose says it is quiet', async () => {
    const root = tempDir();
    const job = path.join(root, 'segv-log-dir');
    fs.cpSync(path.join(FIXTURES, 'torchrun-1.13-log-dir-sigsegv'), job, { recursive: true });
    ageFiles(job, 3600_000);
    const held = path.join(job, 'none_6r01_i36', 'attempt_0', '2', 'stderr.log');
    const states = (): string[] => {
      const r = spawnSync(process.execPath, [CLI, 'summary', job, '--json'], { encoding: 'utf8' });
      assert.strictEqual(r.status, 0, r.stderr);
      return (JSON.parse(r.stdout) as { ranks: { state: string; endingUnknown?: boolean }[] }).ranks.map((x) => (x.endingUnknown ? 'ended' : x.state));
    };
    assert.deepStrictEqual(states(), ['ended', 'ended', 'ended', 'ended']);
    const diagnose = () => spawnSync(process.execPath, [CLI, 'diagnose', job], { encoding: 'utf8' }).stdout;
    assert.doesNotMatch(diagnose(), /^Quiet:/m);
    const writer = await holding(held, 'a');
    assert.deepStrictEqual(states(), ['ended', 'ended', 'running', 'ended']);
    // Alive and quiet for an hour, nothing in the files to say why: a hang, and where to look.
    const hung = spawnSync(process.execPath, [CLI, 'diagnose', job], { encoding: 'utf8' });
    assert.strictEqual(hung.status, 1, hung.stdout);
    // (The three others ended without a word: the one alive stands out, not they.)
    assert.match(hung.stdout, /^Quiet: rank 2 is alive but wrote nothing since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d: Dump Stacks of All Ranks shows where it is$/m);
    assert.doesNotMatch(hung.stdout, /^Straggler:/m);
    assert.match(hung.stdout, new RegExp(`^Its stack: worker-logs diagnose --dump-stacks, Dump Stacks of All Ranks in the editor, or py-spy dump --pid ${writer.pid}\\.$`, 'm'));
    const json = JSON.parse(spawnSync(process.execPath, [CLI, 'diagnose', job, '--json'], { encoding: 'utf8' }).stdout);
    assert.deepStrictEqual([json.kind, json.quiet.ranks, json.quiet.writing], ['hang', [2], []]);
    await ended(writer);
    // Read by another program (tail -f) it is not alive.
    await holding(held, 'r');
    assert.deepStrictEqual(states(), ['ended', 'ended', 'ended', 'ended']);
  });

  it("worker-logs summary and diagnose of our own logs: a rank whose worker_<N>.log its process still holds (hung, an hour quiet) is running, not finished", async () => {
    const job = tempDir();
    for (const r of [0, 1]) fs.writeFileSync(path.join(job, `worker_${r}.log`), `2026-11-30 09:00:00,000 - Worker ${r} - train - INFO - step 4\n`);
    ageFiles(job, 3600_000);
    const states = (): string[] => {
      const r = spawnSync(process.execPath, [CLI, 'summary', job, '--json'], { encoding: 'utf8' });
      assert.strictEqual(r.status, 0, r.stderr);
      return (JSON.parse(r.stdout) as { ranks: { state: string }[] }).ranks.map((x) => x.state);
    };
    assert.deepStrictEqual(states(), ['finished', 'finished']);
    const writer = await holding(path.join(job, 'worker_1.log'), 'a');
    assert.deepStrictEqual(states(), ['finished', 'running']);
    // Its own process, named for py-spy.
    const hung = spawnSync(process.execPath, [CLI, 'diagnose', job], { encoding: 'utf8' }).stdout;
    assert.match(hung, /^Quiet: rank 1 is alive but wrote nothing since .*; rank 0 ended without saying how \(its last record at 2026-11-30 09:00:00\): it may be waiting for it$/m);
    assert.match(hung, new RegExp(`^Its stack: worker-logs diagnose --dump-stacks, Dump Stacks of All Ranks in the editor, or py-spy dump --pid ${writer.pid}\\.$`, 'm'));
  });

  it("a rank whose log says how it ended keeps that state while a process still holds its files (torchrun's stop, a failure)", async () => {
    const job = path.join(tempDir(), 'log-dir');
    fs.cpSync(path.join(FIXTURES, 'torchrun-1.13-log-dir'), job, { recursive: true });
    ageFiles(job, 3600_000);
    const states = (): string[] => {
      const r = spawnSync(process.execPath, [CLI, 'summary', job, '--json'], { encoding: 'utf8' });
      assert.strictEqual(r.status, 0, r.stderr);
      return (JSON.parse(r.stdout) as { ranks: { state: string; stoppedBy?: string }[] }).ranks.map((x) => (x.stoppedBy ? 'stopped' : x.state));
    };
    assert.deepStrictEqual(states(), ['stopped', 'failed']);
    for (const rank of [0, 1]) await holding(path.join(job, 'none_fuamukvk', 'attempt_0', String(rank), 'stderr.log'), 'a');
    assert.deepStrictEqual(states(), ['stopped', 'failed']);
    // The same in the model the views share: a rank written to keeps what its log says (an
    // extension's own terminal, `alive`, is the rank's process itself, and runs).
    const [found] = await findForeignJobs(job);
    const out = tempDir();
    await new JobImport(found, out, { formats: BUILT_IN_FORMATS, year: 2026 }).readOnce();
    const inputs = await Promise.all([0, 1].map(async (rank) => ({ rank, index: await indexFile(path.join(out, `worker_${rank}.log`)) })));
    const model = (extra: object) => summarizeJob(inputs.map((i) => ({ ...i, ...extra })), launcherFacts(found)).ranks.map((r) => (r.stoppedBy ? 'stopped' : r.state));
    assert.deepStrictEqual(model({ writing: true }), ['stopped', 'failed']);
    assert.deepStrictEqual(model({ alive: true }), ['running', 'failed']);
  });
});
