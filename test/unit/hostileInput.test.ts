// Bad input that used to be read as health or crash the views (issue "Bad input and faults").
import * as assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FileIndex, indexFile } from '../../src/core/fileIndex';
import { classifyLine, newHeaderSlots } from '../../src/core/logLine';
import { rankOfFileName } from '../../src/core/rankDiscovery';
import { asctimeFromBytes, parseAsctime } from '../../src/core/timestamps';
import { summarizeJob } from '../../src/core/jobSummary';
import { buildJobNode } from '../../src/core/workerTreeModel';
import { JobStore } from '../../src/jobs/jobStore';
import { LogText, T0 } from '../support/logWriter';
import { tempDir } from '../support/tempFiles';
import { JobImport } from '../../src/core/importJob';
import { findForeignJobs } from '../../src/core/importLayouts';
import { BUILT_IN_FORMATS } from '../../src/core/lineFormats';
import { LOST_IN_A_CRASH } from '../../src/core/sessionRecords';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');

describe('hostile input: crashes and failures never read as health', () => {
  const dir = tempDir('gwl-hostile-');

  it('two files claiming one rank are a conflict on that rank, never merged, and the summary does not crash', async () => {
    const job = path.join(dir, 'dup');
    fs.mkdirSync(job);
    fs.writeFileSync(path.join(job, 'worker_0.log'), new LogText(0).record(T0, 'INFO', 'ok').text());
    fs.writeFileSync(path.join(job, 'worker_7.log'), new LogText(7).record(T0, 'INFO', 'a').resume(T0 + 60_000).record(T0 + 61_000, 'ERROR', 'late').text());
    fs.writeFileSync(path.join(job, 'worker_007.log'), new LogText(7).record(T0 + 1000, 'ERROR', 'early').text());
    const ranks = await Promise.all(['worker_0.log', 'worker_007.log', 'worker_7.log'].map(async (f) => ({ rank: Number(/\d+/.exec(f)![0]), index: await indexFile(path.join(job, f)) })));
    // Any order of the inputs gives the same answer.
    for (const order of [ranks, ranks.slice().reverse()]) {
      const summary = summarizeJob(order, { now: T0 });
      assert.deepStrictEqual(summary.ranks.map((r) => [r.rank, path.basename(r.path), r.conflicts.map((p) => path.basename(p))]), [[0, 'worker_0.log', []], [7, 'worker_007.log', ['worker_7.log']]]);
      const node = buildJobNode({ dir: job, label: 'dup', ranks: order }, { now: T0 });
      assert.match(node.ranks[1].description, /conflict: also worker_7\.log/);
      assert.ok(node.ranks[1].tooltip.includes('all claim rank 7'), node.ranks[1].tooltip);
    }
    const r = spawnSync(process.execPath, [CLI, 'summary', job], { encoding: 'utf8' });
    assert.strictEqual(r.status, 0, r.stderr);
    assert.match(r.stdout, /Conflict: rank 7 is claimed by .*worker_007\.log and .*worker_7\.log/);
  });

  it('one folder whose model cannot be built is shown with the reason; the other folders stay', async () => {
    const good = path.join(dir, 'good');
    const bad = path.join(dir, 'bad');
    for (const d of [good, bad]) {
      fs.mkdirSync(d);
      fs.writeFileSync(path.join(d, 'worker_0.log'), new LogText(0).record(T0, 'INFO', 'ok').text());
    }
    const problems: string[] = [];
    const store = new JobStore({ onError: (m) => problems.push(m) });
    after(() => store.dispose());
    await store.setFolders([
      { dir: good, label: 'good' },
      { dir: bad, label: 'bad' },
    ]);
    const index = (await store.indexOf(path.join(bad, 'worker_0.log'))) as FileIndex;
    index.snapshot = () => {
      throw new TypeError("Cannot read properties of undefined (reading 'firstError')");
    };
    const model = store.model();
    assert.deepStrictEqual(model.map((j) => [j.label, j.ranks.length]), [['bad', 0], ['good', 1]]);
    assert.match(model[0].description, /^could not be read: Cannot read properties/);
    assert.match(problems[0], /bad: Cannot read properties/);
  });

  it('a segfault through the module is the rank failing, and can be the job\'s first failure', function () {
    this.timeout(30_000);
    const script = path.join(dir, 'segfault.py');
    fs.writeFileSync(script, 'import ctypes, logging\nlogging.getLogger("train").info("step=1")\nctypes.string_at(0)\n');
    const logs = path.join(dir, 'segv');
    const env = { ...process.env, PYTHONPATH: path.join(ROOT, 'python') };
    const run = spawnSync(process.env.PYTHON ?? 'python3', ['-m', 'worker_logging', 'run', '--rank', '0', '--log-dir', logs, '--', script], { env, encoding: 'utf8' });
    assert.notStrictEqual(run.status, 0);
    // A peer that noticed later: the segfault, with no ERROR record at all, still comes first.
    const stamps = [...fs.readFileSync(path.join(logs, 'worker_0.log'), 'utf8').matchAll(/^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d),(\d{3})/gm)];
    const lastRecord = Date.parse(`${stamps[stamps.length - 1][1]}T${stamps[stamps.length - 1][2]}.${stamps[stamps.length - 1][3]}Z`);
    fs.writeFileSync(path.join(logs, 'worker_1.log'), new LogText(1).record(lastRecord + 2000, 'ERROR', 'Connection closed by peer').text());
    const r = spawnSync(process.execPath, [CLI, 'summary', logs], { encoding: 'utf8' });
    assert.strictEqual(r.status, 0, r.stderr);
    assert.match(r.stdout, /^0\s+failed\s+1\s+0\s+1\s/m);
    assert.match(r.stdout, /First failure: rank 0, session 1 \(attempt 1\) at or after .*: Fatal Python error: Segmentation fault/);
  });

  it('an abort (faulthandler\'s "Fatal Python error: Aborted") fails the rank without the lane or with it', async () => {
    const file = path.join(dir, 'worker_3.log');
    const text = new LogText(3).record(T0, 'INFO', 'step=1').record(T0 + 10, 'INFO', 'step=2').text() + 'Fatal Python error: Aborted\n\nThread 0x00007f (most recent call first):\n  File "x.py", line 1 in f\n';
    fs.writeFileSync(file, text);
    for (const useRecordLane of [true, false]) {
      const index = await indexFile(file, { useRecordLane });
      const s = index.sessions[0];
      // The crash is the error record; the thread stacks after it are a stack dump of their own.
      assert.deepStrictEqual([s.firstError?.level, s.firstError?.message, s.firstError?.line, s.firstError?.lineCount], ['FATAL', 'Fatal Python error: Aborted', 2, 2], `lane ${useRecordLane}`);
      assert.deepStrictEqual(s.stackDumps, [{ line: 4, offset: text.indexOf('Thread 0x'), time: T0 + 10 }], `lane ${useRecordLane}`);
      assert.strictEqual(summarizeJob([{ rank: 3, index }], { now: T0 }).ranks[0].state, 'failed');
    }
  });

  it('a last record without its line break counts, once, and is read again when completed', async () => {
    const file = path.join(dir, 'partial', 'worker_0.log');
    fs.mkdirSync(path.dirname(file));
    fs.writeFileSync(file, `${new LogText(0).record(T0, 'INFO', 'ok').text()}2026-02-04 10:00:01,000 - Worker 0 - a - ERROR - crashed`);
    const index = new FileIndex(file);
    await index.update();
    let s = index.snapshot().sessions[0];
    assert.deepStrictEqual([s.records, s.counts.ERROR, s.errors.map((e) => e.message)], [2, 1, ['crashed']]);
    fs.appendFileSync(file, ' hard\n');
    await index.update();
    s = index.snapshot().sessions[0];
    assert.deepStrictEqual([s.records, s.counts.ERROR, s.errors.map((e) => e.message)], [2, 1, ['crashed hard']]);
    const r = spawnSync(process.execPath, [CLI, 'summary', path.dirname(file)], { encoding: 'utf8' });
    assert.match(r.stdout, /First failure: rank 0, .*line 2: crashed hard/);
  });
});

describe('hostile input: impossible times', () => {
  it('a record dated in year 0000, 0099 or on Feb 30 has no time, so it is never the first failure', () => {

    for (const text of ['0000-01-01 00:00:00,000', '0099-06-01 10:00:00,000', '2026-02-30 10:00:00,000', '2026-04-31 10:00:00,000', '2026-13-01 10:00:00,000']) {
      assert.strictEqual(parseAsctime(text), undefined, text);
      assert.strictEqual(asctimeFromBytes(Buffer.from(text), 0), undefined, text);
    }
    assert.strictEqual(parseAsctime('2028-02-29 23:59:60,500'), Date.UTC(2028, 1, 29, 23, 59, 60, 500), 'a leap day and a leap second are real');
    assert.strictEqual(asctimeFromBytes(Buffer.from('2026-02-04 19:36:20,503'), 0), Date.UTC(2026, 1, 4, 19, 36, 20, 503));
  });
});

describe('hostile input: ranks, caps, reasons and races', () => {
  const dir = tempDir('gwl-hostile2-');

  it('a rank past 15 digits is not a rank: no header, no rank file, so two ranks never look the same', async () => {
    const line = (rank: string) => Buffer.from(`2026-02-04 10:00:00,000 - Worker ${rank} - x - INFO - m`);
    assert.ok(classifyLine(line('123456789012345'), 0, line('123456789012345').length, newHeaderSlots()));
    assert.ok(!classifyLine(line('9007199254740993'), 0, line('9007199254740993').length, newHeaderSlots()));
    assert.strictEqual(rankOfFileName('worker_123456789012345.log'), 123456789012345);
    assert.strictEqual(rankOfFileName('worker_9007199254740993.log'), undefined);
    assert.strictEqual(rankOfFileName('worker_9007199254740992.log'), undefined);
  });

  it('an unreadable rank says why, in the tree and the CLI', async () => {
    const job = path.join(dir, 'unreadable');
    fs.mkdirSync(job);
    fs.mkdirSync(path.join(job, 'worker_0.log'));
    fs.writeFileSync(path.join(job, 'worker_1.log'), new LogText(1).record(T0, 'INFO', 'ok').text());
    const index = new FileIndex(path.join(job, 'worker_0.log'));
    await index.update();
    const node = buildJobNode({ dir: job, label: 'j', ranks: [{ rank: 0, index: index.snapshot() }] }, { now: T0 });
    assert.strictEqual(node.ranks[0].description, 'unreadable: Not a regular file.');
    const r = spawnSync(process.execPath, [CLI, 'summary', job], { encoding: 'utf8' });
    assert.match(r.stdout, /Rank 0 \(.*worker_0\.log\) is unreadable: Not a regular file\./);
  });

  it('a file that ends before the size stat gave is never reported as that size with fewer lines', async () => {
    const file = path.join(dir, 'race', 'worker_0.log');
    fs.mkdirSync(path.dirname(file));
    fs.writeFileSync(file, new LogText(0).record(T0, 'INFO', 'a').record(T0 + 1, 'INFO', 'b').text());
    const index = new FileIndex(file);
    // The truncate lands between the index's stat and its read.
    const fsp = fs.promises as unknown as { open: (...a: unknown[]) => Promise<unknown> };
    const open = fsp.open;
    let once = true;
    fsp.open = async (...a: unknown[]) => {
      if (once) {
        once = false;
        fs.truncateSync(file, 0);
      }
      return open.apply(fs.promises, a);
    };
    try {
      await index.update();
    } finally {
      fsp.open = open;
    }
    const snap = index.snapshot();
    assert.deepStrictEqual([snap.state, snap.size, snap.lines, snap.bytes], ['ok', 0, 0, 0]);
  });

  it('a pipe named as a log (a rank log, a task file, a torchrun stream, an Open MPI stream, a capture) never blocks a command, and is no log', function () {
    this.timeout(120_000);
    const root = path.join(dir, 'pipes');
    const file = (rel: string, text = '2026-11-30 09:00:00,000 INFO train: step 1\n') => {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    };
    const pipe = (rel: string) => {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      assert.strictEqual(spawnSync('mkfifo', [path.join(root, rel)]).status, 0, 'mkfifo');
    };
    file('ours/worker_0.log', new LogText(0).record(T0, 'INFO', 'ok').text());
    pipe('ours/worker_1.log');
    file('tasks/job_0.out');
    file('tasks/job_1.out');
    pipe('tasks/job_2.out');
    file('torchrun/none_x1/attempt_0/0/stderr.log');
    file('torchrun/none_x1/attempt_0/1/stderr.log');
    pipe('torchrun/none_x1/attempt_0/1/stdout.log');
    file('mpi/1/rank.0/stdout');
    pipe('mpi/1/rank.0/stderr');
    file('mpi/1/rank.1/stdout');
    file('captures/run.out', '[rank0]:2026-11-30 09:00:00,000 INFO train: a\n[rank1]:2026-11-30 09:00:00,000 INFO train: b\n');
    pipe('captures/console.out');
    pipe('lone.out');
    const cli = (...args: string[]) => {
      const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 30_000 });
      assert.ok(r.error === undefined && r.status !== null, `worker-logs ${args.join(' ')} did not finish: ${r.error?.message}`);
      return r;
    };
    const ours = cli('summary', path.join(root, 'ours'));
    assert.match(ours.stdout, /Rank 1 \(.*worker_1\.log\) is unreadable: Not a regular file\./);
    assert.strictEqual(cli('merge', path.join(root, 'ours')).status, 0);
    assert.ok([0, 1].includes(cli('diagnose', path.join(root, 'ours')).status!));
    assert.match(cli('summary', path.join(root, 'tasks')).stdout, /: 2 ranks, /);
    assert.match(cli('summary', path.join(root, 'torchrun')).stdout, /: 2 ranks, /);
    assert.match(cli('summary', path.join(root, 'mpi')).stdout, /: 2 ranks, /);
    assert.match(cli('summary', path.join(root, 'captures')).stdout, /: 2 ranks, /);
    const lone = cli('summary', path.join(root, 'lone.out'));
    assert.strictEqual(lone.status, 2);
    assert.match(lone.stderr, /not a directory/);
  });

  it("a crashed node's log that ends in a hole of zeros is read as one unreadable line per chunk, not three bytes for each zero", async function () {
    this.timeout(60_000);
    const root = path.join(dir, 'hole');
    fs.mkdirSync(root);
    fs.writeFileSync(path.join(root, 'job_0.out'), '2026-11-30 09:00:00,000 INFO train: step 1\n');
    fs.writeFileSync(path.join(root, 'job_1.out'), '2026-11-30 09:00:00,000 INFO train: step 1\n');
    // 32 MiB of zeros after the last line (a sparse file: the node died before its data reached the disk).
    fs.truncateSync(path.join(root, 'job_1.out'), 32 * 1024 * 1024);
    const [job] = await findForeignJobs(root);
    const imp = new JobImport(job, path.join(dir, 'hole-out'), { formats: BUILT_IN_FORMATS, year: 2026 });
    await imp.readOnce();
    const text = fs.readFileSync(path.join(dir, 'hole-out', 'worker_1.log'), 'utf8');
    const lines = text.split('\n').slice(0, -1);
    assert.strictEqual(lines[0], '2026-11-30 09:00:00,000 - Worker 1 - train - INFO - step 1');
    // The crash, once (crashNulBytes.test.ts), then the zeros' pieces.
    assert.strictEqual(lines[1], `Worker 1 - output - CRITICAL - ${LOST_IN_A_CRASH}`);
    assert.ok(lines.length > 2 && lines.length <= 34 && lines.slice(2).every((l) => l.endsWith(' - \uFFFD')), `${lines.length} lines: ${text.slice(0, 300)}`);
  });
});
