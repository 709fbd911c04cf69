import * as assert from 'node:assert';
import { execFile, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { findForeignJobs, relistJob } from '../../src/core/importLayouts';
import { BUILT_IN_FORMATS } from '../../src/core/lineFormats';
import { compileUserFormats } from '../../src/core/userFormats';
import { discoverRanks, discoverRotatedParts, rotatedPartOf } from '../../src/core/rankDiscovery';
import { JobImport } from '../../src/core/importJob';
import { OTHER_WORKER_FILES, rankFileWriter } from '../../src/core/rankFileWriter';
import { tempDirs } from '../support/tempFiles';
import { ROTATING_HANDLER_JOB } from '../support/rotatingHandler';

const CLI = path.resolve(__dirname, '..', '..', '..', 'dist', 'cli.js');
const OURS = '2026-11-30 09:00:00,000 - Worker 0 - worker_logging - INFO - Worker 0 logging initialized: /tmp/x/worker_0.log\n';
/** `logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s")`. */
const OWN = (rank: number, failed: boolean): string =>
  [
    '2026-11-30 09:00:00,000 INFO train: start',
    '2026-11-30 09:00:01,000 INFO train: step 1',
    ...(failed ? ['2026-11-30 09:00:02,000 ERROR train: training failed', 'Traceback (most recent call last):', '  File "train.py", line 9, in <module>', '    main()', `RuntimeError: CUDA error: an illegal memory access was encountered on rank ${rank}`] : []),
    '',
  ].join('\n');

describe("worker_<N>.log files another program wrote (the job's own logging)", () => {
  const temp = tempDirs('gwl-writer-');
  const folder = (files: Record<string, string | Buffer>): string => {
    const dir = temp();
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    return dir;
  };
  const writer = async (dir: string, formats = BUILT_IN_FORMATS) => rankFileWriter(await discoverRanks(dir), formats);

  it("tells our module's files from another format's by their heads: ours on one record of ours (with or without its time), other on lines of a known format or a traceback, unknown when nothing tells", async () => {
    assert.strictEqual(await writer(folder({ 'worker_0.log': OURS, 'worker_1.log': OWN(1, false) })), 'ours');
    assert.strictEqual(await writer(folder({ 'worker_0.log': 'Worker 0 - train - INFO - no time\n' })), 'ours');
    // Another format, its first lines before one of ours (a file appended to by both): ours.
    assert.strictEqual(await writer(folder({ 'worker_0.log': OWN(0, false) + OURS })), 'ours');
    assert.strictEqual(await writer(folder({ 'worker_0.log': OWN(0, false), 'worker_1.log': OWN(1, true) })), 'other');
    // Python's default format (no time), a shell's redirect of a crash: other.
    assert.strictEqual(await writer(folder({ 'worker_0.log': 'INFO:train:step 1\n' })), 'other');
    assert.strictEqual(await writer(folder({ 'worker_0.log': 'Traceback (most recent call last):\r\n  File "x.py", line 1\r\nImportError: no module\r\n' })), 'other');
    // rich's traceback handler's panel (`rich.traceback.install()`), and rich's logging handler's records: other.
    assert.strictEqual(await writer(folder({ 'worker_0.log': '╭──── Traceback (most recent call last) ────╮\n│ /home/u/x.py:1 in <module> │\n╰───╯\nImportError: no module\n' })), 'other');
    assert.strictEqual(await writer(folder({ 'worker_0.log': '[12/04/26 03:05:14] INFO     step 1 loss 0.500        train.py:26\n' })), 'other');
    // Empty files, a line not yet whole, plain words, a binary file: nothing tells, they stay ours.
    assert.strictEqual(await writer(folder({ 'worker_0.log': '', 'worker_1.log': '' })), 'unknown');
    assert.strictEqual(await writer(folder({ 'worker_0.log': '2026-11-30 09:00:00,000 INFO train: sta' })), 'unknown');
    assert.strictEqual(await writer(folder({ 'worker_0.log': 'hello\nworld\n' })), 'unknown');
    assert.strictEqual(await writer(folder({ 'worker_0.log': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 10, 0x32, 0x30, 10]) })), 'unknown');
    // Rank 0 still empty, rank 1 of ours: ours.
    assert.strictEqual(await writer(folder({ 'worker_0.log': '', 'worker_1.log': OURS.replace(/Worker 0/g, 'Worker 1') })), 'ours');
  });

  it("reads a user's format (workerLogs.formats) too", async () => {
    const { formats, problems } = compileUserFormats([{ name: 'pipes', pattern: '^(?<time>\\d{2}:\\d{2}:\\d{2}) \\| (?<level>\\w+) \\| (?<message>.*)$', timeFormat: '%H:%M:%S', samples: ['09:00:00 | INFO | up'] }]);
    assert.deepStrictEqual(problems, []);
    const dir = folder({ 'worker_0.log': '09:00:00 | INFO | up\n' });
    assert.strictEqual(await writer(dir, formats), 'other');
  });

  it('a folder of them is one job of per-rank files; a folder of ours is none', async () => {
    const other = folder({ 'worker_0.log': OWN(0, false), 'worker_1.log': OWN(1, true), 'worker_2.log': '' });
    const jobs = await findForeignJobs(other);
    assert.deepStrictEqual(
      jobs.map((j) => [j.kind, j.name, [...j.ranks.keys()]]),
      [['tasks', OTHER_WORKER_FILES, [0, 1, 2]]],
    );
    assert.deepStrictEqual(await findForeignJobs(folder({ 'worker_0.log': OURS, 'worker_1.log': OWN(1, true) })), []);
    // Listed again as it runs (the editor's imports, merge --follow): a rank that starts later joins.
    fs.writeFileSync(path.join(other, 'worker_3.log'), OWN(3, false));
    const again = await relistJob(jobs[0], []);
    assert.deepStrictEqual([...(again?.ranks.keys() ?? [])], [0, 1, 2, 3]);
    for (const r of [0, 1, 2, 3]) fs.rmSync(path.join(other, `worker_${r}.log`));
    assert.strictEqual(await relistJob(jobs[0], []), undefined);
  });

  it('worker-logs summary and diagnose read them in their format: the rank that failed is failed, not finished', () => {
    const dir = folder({ 'worker_0.log': OWN(0, false), 'worker_1.log': OWN(1, true) });
    const summary = spawnSync(process.execPath, [CLI, 'summary', dir], { encoding: 'utf8' });
    assert.strictEqual(summary.status, 0, summary.stderr);
    assert.match(summary.stdout, /2 ranks, 1 attempt, 1 failed/);
    assert.match(summary.stdout, /^1\s+failed\s+1\s+0\s+1\s/m);
    assert.match(summary.stdout, /First failure: rank 1, .*worker_1\.log:3: RuntimeError: CUDA error: an illegal memory access was encountered on rank 1/);
    const diagnose = spawnSync(process.execPath, [CLI, 'diagnose', dir, '--json'], { encoding: 'utf8' });
    assert.strictEqual(diagnose.status, 1, diagnose.stderr);
    const d = JSON.parse(diagnose.stdout) as { firstFailure?: { rank: number; file: string; line: number } };
    assert.deepStrictEqual([d.firstFailure?.rank, d.firstFailure?.file, d.firstFailure?.line], [1, path.join(dir, 'worker_1.log'), 2]);
    // Nothing failed: the note says these files keep no exit codes.
    const clean = folder({ 'worker_0.log': OWN(0, false), 'worker_1.log': OWN(1, false) });
    const quiet = spawnSync(process.execPath, [CLI, 'diagnose', clean], { encoding: 'utf8' });
    assert.strictEqual(quiet.status, 0, quiet.stderr);
    assert.match(quiet.stdout, /Note: these worker_<N>\.log files are the job's own logging, not our module's/);
  });
});

describe('rank logs a rotating handler cut in parts (worker_0.log.1)', () => {
  const temp = tempDirs('gwl-rotated-');
  /** Our module's record of rank `rank` at second `s` of 09:00. */
  const record = (rank: number, s: number, message: string, level = 'INFO'): string => `2026-11-30 09:00:${String(s).padStart(2, '0')},000 - Worker ${rank} - train - ${level} - ${message}\n`;
  const steps = (rank: number, from: number, to: number): string => Array.from({ length: to - from }, (_, k) => record(rank, from + k, `step ${from + k}`)).join('');
  /** The import of the job of parts in `dir`, read once as it goes on: its rank 0's log and that log's inode. */
  const liveImport = async (dir: string) => {
    const [job] = await findForeignJobs(dir);
    const imp = new JobImport(job, temp(), { formats: BUILT_IN_FORMATS, year: 2026 }, () => relistJob(job, []));
    await imp.update();
    const rankLog = path.join(imp.outDir, 'worker_0.log');
    return { imp, rankLog, ino: fs.statSync(rankLog).ino };
  };
  /** The messages of an import's rank log (appended to, not written again: its inode `ino`), and each line's file and line now. */
  const readBack = async (imp: JobImport, rankLog: string, ino: number) => {
    const lines = fs.readFileSync(rankLog, 'utf8').split('\n').filter(Boolean);
    assert.strictEqual(fs.statSync(rankLog).ino, ino, 'the rank log was appended to, not written again');
    const sources = await imp.sourcesOf(lines.map((_, line) => ({ file: rankLog, line })));
    imp.stop();
    return { messages: lines.map((l) => l.replace(/^.* - INFO - /, '')), sources: sources.map((s) => s && [path.basename(s.path), s.line]) };
  };

  it("names the parts Python's handlers and logrotate leave, oldest first, and those compressed (not read); another name is none", async () => {
    assert.deepStrictEqual(
      ['worker_0.log.1', 'worker_12.log.10', 'worker_0.log.2026-11-30', 'worker_0.log.2026-11-30_09-00-00', 'worker_0.log-20261130'].map((n) => rotatedPartOf(n)?.rank),
      [0, 12, 0, 0, 0],
    );
    assert.deepStrictEqual(rotatedPartOf('worker_0.log.3.gz'), { rank: 0, age: 3, compressed: true });
    for (const name of ['worker_0.log', 'worker_0.log.1.tar', 'worker_0.log.bak', 'worker_0.logs.1', 'worker_0.log.', 'worker_0.log.2026-11', 'xworker_0.log.1', 'worker_0.log.1234567']) assert.strictEqual(rotatedPartOf(name), undefined, name);
    const dir = temp();
    for (const name of ['worker_0.log', 'worker_0.log.1', 'worker_0.log.10', 'worker_0.log.2', 'worker_1.log.2026-11-30_10', 'worker_1.log.2026-11-30_09', 'worker_1.log.2026-11-29_23', 'worker_2.log-20261201', 'worker_2.log-20261130', 'worker_3.log.1.gz']) fs.writeFileSync(path.join(dir, name), '');
    const parts = await discoverRotatedParts(dir);
    assert.deepStrictEqual(parts.compressed, ['worker_3.log.1.gz']);
    assert.deepStrictEqual(
      [...parts.byRank].map(([rank, list]) => [rank, list.map((p) => path.basename(p))]).sort(),
      [
        [0, ['worker_0.log.10', 'worker_0.log.2', 'worker_0.log.1']],
        [1, ['worker_1.log.2026-11-29_23', 'worker_1.log.2026-11-30_09', 'worker_1.log.2026-11-30_10']],
        [2, ['worker_2.log-20261130', 'worker_2.log-20261201']],
      ],
    );
    assert.deepStrictEqual(await discoverRotatedParts(path.join(dir, 'gone')), { byRank: new Map(), compressed: [] });
  });

  it('a folder of our logs with older parts is one job of per-rank files, each rank its parts then its log; none of them a capture; new parts join as it runs', async () => {
    const dir = temp();
    fs.writeFileSync(path.join(dir, 'worker_0.log.100'), steps(0, 0, 2));
    fs.writeFileSync(path.join(dir, 'worker_0.log.1'), steps(0, 2, 4));
    fs.writeFileSync(path.join(dir, 'worker_0.log'), steps(0, 4, 6));
    fs.writeFileSync(path.join(dir, 'worker_1.log'), steps(1, 0, 6));
    // (A rank whose log itself is gone: its parts.)
    fs.writeFileSync(path.join(dir, 'worker_2.log.1'), steps(2, 0, 6));
    const jobs = await findForeignJobs(dir);
    assert.deepStrictEqual(
      jobs.map((j) => [j.kind, j.name, [...j.ranks].map(([rank, list]) => [rank, list.map((s) => [path.basename(s.path), s.stream, s.attempt])])]),
      [['tasks', OTHER_WORKER_FILES, [[0, [['worker_0.log.100', 'log', 0], ['worker_0.log.1', 'log', 0], ['worker_0.log', 'log', 0]]], [1, [['worker_1.log', 'log', 0]]], [2, [['worker_2.log.1', 'log', 0]]]]]],
    );
    fs.renameSync(path.join(dir, 'worker_1.log'), path.join(dir, 'worker_1.log.1'));
    fs.writeFileSync(path.join(dir, 'worker_1.log'), steps(1, 6, 7));
    const again = await relistJob(jobs[0], []);
    assert.deepStrictEqual(again?.ranks.get(1)?.map((s) => path.basename(s.path)), ['worker_1.log.1', 'worker_1.log']);
    // Without parts, our logs are read as they are.
    const plain = temp();
    fs.writeFileSync(path.join(plain, 'worker_0.log'), steps(0, 0, 2));
    assert.deepStrictEqual(await findForeignJobs(plain), []);
  });

  it("an import read on through the handler's rotations holds each record once, in order, as a reading of the files at once does", async () => {
    const dir = temp();
    const log = (k = 0) => path.join(dir, k === 0 ? 'worker_0.log' : `worker_0.log.${k}`);
    fs.writeFileSync(log(1), steps(0, 0, 5));
    fs.writeFileSync(log(), steps(0, 5, 8));
    const [job] = await findForeignJobs(dir);
    const out = temp();
    const imp = new JobImport(job, out, { formats: BUILT_IN_FORMATS, year: 2026 }, () => relistJob(job, []));
    const messages = (): string[] => fs.readFileSync(path.join(out, 'worker_0.log'), 'utf8').split('\n').filter(Boolean).map((l) => l.replace(/^.* - (INFO|ERROR) - /, ''));
    await imp.update();
    fs.appendFileSync(log(), steps(0, 8, 10));
    await imp.update();
    // RotatingFileHandler's rollover: each part renamed to the next, the log to .1, a new log.
    const rotate = (): void => {
      for (let k = 3; k >= 1; k--) if (fs.existsSync(log(k))) fs.renameSync(log(k), log(k + 1));
      fs.renameSync(log(), log(1));
    };
    rotate();
    fs.writeFileSync(log(), steps(0, 10, 12));
    await imp.update();
    await imp.update();
    fs.appendFileSync(log(), record(0, 12, 'Worker 0 failed', 'ERROR'));
    rotate();
    fs.writeFileSync(log(), `${record(0, 13, '=== Resume at 2026-11-30T09:00:13 ===')}${steps(0, 14, 16)}`);
    for (let k = 0; k < 6; k++) await imp.update();
    const want = [...Array.from({ length: 12 }, (_, k) => `step ${k}`), 'Worker 0 failed', '=== Resume at 2026-11-30T09:00:13 ===', 'step 14', 'step 15'];
    assert.deepStrictEqual(messages(), want);
    imp.stop();
    // What a reading of the parts at once writes.
    const once = temp();
    await new JobImport((await relistJob(job, []))!, once, { formats: BUILT_IN_FORMATS, year: 2026 }).readOnce();
    assert.strictEqual(fs.readFileSync(path.join(out, 'worker_0.log'), 'utf8'), fs.readFileSync(path.join(once, 'worker_0.log'), 'utf8'));
  });

  it("an import reads on through a rollover, each line found where it is now: what was read of each file goes with it to its new name; a part the handler deleted past its count keeps its lines, which have no file", async () => {
    const dir = temp();
    const log = (k = 0) => path.join(dir, k === 0 ? 'worker_0.log' : `worker_0.log.${k}`);
    // RotatingFileHandler(backupCount=2): .2 deleted, .1 to .2, the log to .1, a new log.
    const rollover = (): void => {
      fs.rmSync(log(2), { force: true });
      if (fs.existsSync(log(1))) fs.renameSync(log(1), log(2));
      fs.renameSync(log(), log(1));
    };
    fs.writeFileSync(log(2), steps(0, 0, 2));
    fs.writeFileSync(log(1), steps(0, 2, 4));
    fs.writeFileSync(log(), steps(0, 4, 5));
    const { imp, rankLog, ino } = await liveImport(dir);
    fs.appendFileSync(log(), steps(0, 5, 6));
    rollover();
    fs.writeFileSync(log(), steps(0, 6, 7));
    for (let k = 0; k < 4; k++) await imp.update();
    rollover();
    fs.writeFileSync(log(), steps(0, 7, 8));
    for (let k = 0; k < 4; k++) await imp.update();
    // Steps 0-3 were in the parts deleted: read before, they stay.
    const { messages, sources } = await readBack(imp, rankLog, ino);
    assert.deepStrictEqual(messages, Array.from({ length: 8 }, (_, k) => `step ${k}`));
    assert.deepStrictEqual(
      sources,
      [undefined, undefined, undefined, undefined, ['worker_0.log.2', 0], ['worker_0.log.2', 1], ['worker_0.log.1', 0], ['worker_0.log', 0]],
    );
  });

  it("an import reads on through TimedRotatingFileHandler's rollovers (the log renamed to its time, older parts where they are)", async () => {
    const dir = temp();
    const log = path.join(dir, 'worker_0.log');
    fs.writeFileSync(path.join(dir, 'worker_0.log.2026-11-30_09-00-00'), steps(0, 0, 2));
    fs.writeFileSync(log, steps(0, 2, 3));
    const { imp, rankLog, ino } = await liveImport(dir);
    for (const [at, from] of [[2, 3], [4, 5]]) {
      fs.appendFileSync(log, steps(0, from, from + 1));
      fs.renameSync(log, path.join(dir, `worker_0.log.2026-11-30_09-00-0${at}`));
      fs.writeFileSync(log, steps(0, from + 1, from + 2));
      for (let k = 0; k < 4; k++) await imp.update();
    }
    const { messages, sources } = await readBack(imp, rankLog, ino);
    assert.deepStrictEqual(messages, Array.from({ length: 7 }, (_, k) => `step ${k}`));
    assert.deepStrictEqual(
      sources,
      [['worker_0.log.2026-11-30_09-00-00', 0], ['worker_0.log.2026-11-30_09-00-00', 1], ['worker_0.log.2026-11-30_09-00-02', 0], ['worker_0.log.2026-11-30_09-00-02', 1], ['worker_0.log.2026-11-30_09-00-04', 0], ['worker_0.log.2026-11-30_09-00-04', 1], ['worker_0.log', 0]],
    );
  });

  it("an import read while a real RotatingFileHandler rolls its logs over many times writes what a reading of the files at once does, whenever it looks (a part renamed as the folder is listed or read too)", async function () {
    this.timeout(120_000);
    // Python's own handler: a first run, then restarts of 60 steps whose rollovers (every ~20
    // records) come between, and during, the import's reads.
    const file = path.join(temp(), 'rotating.py');
    fs.writeFileSync(file, ROTATING_HANDLER_JOB);
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    for (let trial = 0; trial < 8; trial++) {
      const dir = temp();
      const run = (phase: string, pause: number) => Promise.all([0, 1].map((rank) => new Promise<void>((done) => execFile('/usr/bin/python3', [file, dir, String(rank), phase, String(pause)], () => done()))));
      await run('first', 0);
      await run('restart', 0);
      const [job] = await findForeignJobs(dir);
      const out = temp();
      const imp = new JobImport(job, out, { formats: BUILT_IN_FORMATS, year: 2026 }, () => relistJob(job, []));
      await imp.update();
      let done = false;
      const running = run('restart', trial % 2 ? 0.002 : 0).then(() => (done = true));
      while (!done) {
        await imp.update();
        await sleep((trial * 7) % 30);
      }
      await running;
      for (let k = 0; k < 6; k++) await imp.update();
      imp.stop();
      const once = temp();
      await new JobImport((await relistJob(job, []))!, once, { formats: BUILT_IN_FORMATS, year: 2026 }).readOnce();
      for (const rank of [0, 1]) {
        const got = fs.readFileSync(path.join(out, `worker_${rank}.log`), 'utf8');
        assert.strictEqual(got, fs.readFileSync(path.join(once, `worker_${rank}.log`), 'utf8'), `trial ${trial}, rank ${rank}`);
        assert.strictEqual(got.split('\n').filter((l) => / - INFO - step /.test(l)).length, 123, `trial ${trial}, rank ${rank}: every step once`);
      }
    }
  });

  it("worker-logs summary and diagnose read a rank's parts and its log as one: a failure in an older part is the first failure, at its part's line", () => {
    const fixture = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'launchers', 'python-rotating-file-handler-restart');
    const summary = spawnSync(process.execPath, [CLI, 'summary', fixture], { encoding: 'utf8' });
    assert.strictEqual(summary.status, 0, summary.stderr);
    assert.match(summary.stdout, /2 ranks, 2 attempts/);
    assert.match(summary.stdout, /^1\s+\w+\s+2\s+0\s+1\s/m);
    assert.match(summary.stdout, /First failure: rank 1, session 1 \(attempt 1\) .*worker_1\.log\.2:22: RuntimeError: CUDA error: an illegal memory access was encountered/);
    const diagnose = spawnSync(process.execPath, [CLI, 'diagnose', fixture, '--json'], { encoding: 'utf8' });
    const d = JSON.parse(diagnose.stdout) as { firstFailure?: { rank: number; file: string; line: number } };
    assert.deepStrictEqual([d.firstFailure?.rank, d.firstFailure?.file, d.firstFailure?.line], [1, path.join(fixture, 'worker_1.log.2'), 21]);
  });

  it("says that parts logrotate compressed are not read, and how to decompress them, whether other parts are read or none", () => {
    for (const plain of [true, false]) {
      const dir = temp();
      fs.writeFileSync(path.join(dir, 'worker_0.log'), steps(0, 4, 6));
      if (plain) fs.writeFileSync(path.join(dir, 'worker_0.log.1'), steps(0, 2, 4));
      fs.writeFileSync(path.join(dir, 'worker_0.log.2.gz'), zlib.gzipSync(steps(0, 0, 2)));
      const summary = spawnSync(process.execPath, [CLI, 'summary', dir], { encoding: 'utf8' });
      assert.strictEqual(summary.status, 0, summary.stderr);
      assert.match(summary.stderr, new RegExp(`: worker_0\\.log\\.2\\.gz is a compressed log, which is not read: decompress it first \\(gunzip -k ${path.join(dir, '\\*\\.gz').replace(/\//g, '\\/')}\\), then read the folder again`), `plain part too: ${plain}`);
      assert.match(summary.stdout, /^0\s+\w+\s+1\s+0\s+0\s/m);
    }
  });
});
