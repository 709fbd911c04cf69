import * as assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findForeignJobs, relistJob } from '../../src/core/importLayouts';
import { BUILT_IN_FORMATS } from '../../src/core/lineFormats';
import { compileUserFormats } from '../../src/core/userFormats';
import { discoverRanks } from '../../src/core/rankDiscovery';
import { OTHER_WORKER_FILES, rankFileWriter } from '../../src/core/rankFileWriter';
import { tempDirs } from '../support/tempFiles';

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
