import * as assert from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LogText, T0 } from '../support/logWriter';
import { tempDir } from '../support/tempFiles';
import { waitFor } from '../support/waitFor';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const RESUMED = path.join(ROOT, 'test', 'fixtures', 'workspace', 'jobs', 'resumed');

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** The CLI left running (`--follow`): what it printed so far, and its interruption with its exit code. */
function runningCli(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
  const printed = { out: '', err: '' };
  child.stdout.on('data', (c: Buffer) => (printed.out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (printed.err += c.toString()));
  const closed = new Promise<number | null>((resolve) => child.once('close', resolve));
  return { printed, interrupt: (): Promise<number | null> => (child.kill('SIGINT'), closed) };
}

describe('worker-logs merge (the Job Log, headless)', () => {
  const scratch = tempDir('gwl-merge-cli-');

  it('merges 600 ranks with the descriptor limit at 256 (readers do not hold every file open)', () => {
    const job = path.join(scratch, 'many');
    fs.mkdirSync(job);
    for (let rank = 0; rank < 600; rank++) fs.writeFileSync(path.join(job, `worker_${rank}.log`), `2026-02-04 10:00:${String(rank % 60).padStart(2, '0')},000 - Worker ${rank} - train - WARNING - rank ${rank} is slow\n`);
    const r = spawnSync('bash', ['-c', 'ulimit -n 256 && exec "$0" "$@"', process.execPath, CLI, 'merge', job, '--grep', 'slow', '--count'], { encoding: 'utf8' });
    assert.strictEqual(r.status, 0, r.stderr);
    assert.strictEqual(r.stdout.trim(), '600');
  });

  it('prints the warnings and errors of every rank in time order, tracebacks under their record (golden)', () => {
    const r = cli('merge', RESUMED, '--level', 'warning');
    assert.strictEqual(r.code, 0, r.err);
    assert.strictEqual(r.out, fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'golden', 'merge-resumed-warning.txt'), 'utf8'));
  });

  it('counts, filters by rank, text and attempt, and prints JSON objects a script can read', () => {
    const all = Number(cli('merge', RESUMED, '--count').out);
    const first = Number(cli('merge', RESUMED, '--count', '--attempt', '1').out);
    const second = Number(cli('merge', RESUMED, '--count', '--attempt', '2').out);
    assert.ok(first > 0 && second > 0);
    assert.strictEqual(first + second, all, 'the two attempts hold every record');
    const lines = cli('merge', RESUMED, '--json', '--ranks', '!0,!1,!3', '--grep', 'out of MEMORY', '--ignore-case').out.trim().split('\n').map((l) => JSON.parse(l));
    assert.deepStrictEqual(lines.map((o) => [o.rank, o.level, o.line, o.time]), [[2, 'ERROR', 9, '2026-02-04 10:02:10.250']]);
    assert.match(lines[0].continuation.at(-1), /^torch\.cuda\.OutOfMemoryError/);
    const since = cli('merge', RESUMED, '--since', '2026-02-04 10:15:00', '--until', '2026-02-04 10:15:00,999', '--count');
    assert.strictEqual(since.out.trim(), '12', since.err);
  });

  it('a count with only level, rank and attempt filters (read from the indexes) equals the merge\'s own count', () => {
    const lines = (args: string[]) => cli('merge', RESUMED, ...args).out.trimEnd().split('\n').filter((l) => /^ \d{4}-/.test(l)).length;
    for (const args of [['--level', 'warning'], ['--level', 'info', '--ranks', '1-2'], ['--level', 'debug', '--attempt', '2'], ['--level', 'error', '--ranks', '!0', '--attempt', '1']]) {
      const counted = Number(cli('merge', RESUMED, ...args, '--count').out);
      assert.strictEqual(counted, lines(args), args.join(' '));
    }
  });

  it('--grep of an expression that backtracks for ever on a record (case-insensitive too) ends, with the records it matches', () => {
    const dir = path.join(scratch, 'runaway-grep');
    fs.mkdirSync(dir, { recursive: true });
    // `(\w+\s?)+$` splits the 60 letters before the `!` 2^60 ways before it gives up.
    fs.writeFileSync(path.join(dir, 'worker_0.log'), new LogText(0).record(T0, 'INFO', 'step one done').record(T0 + 1000, 'INFO', `${'a'.repeat(60)}!`).record(T0 + 2000, 'ERROR', 'Shard Lost').text());
    fs.writeFileSync(path.join(dir, 'worker_1.log'), new LogText(1).record(T0, 'INFO', 'Step One Done').text());
    for (const flags of [[], ['--ignore-case']]) {
      const r = spawnSync(process.execPath, [CLI, 'merge', dir, '--grep', '^(\\w+\\s?)+$', '--count', ...flags], { encoding: 'utf8', timeout: 60_000, killSignal: 'SIGKILL' });
      assert.strictEqual(r.signal, null, `merge --grep ${flags.join(' ')} ran past 60 s`);
      assert.strictEqual(r.stdout.trim(), '3', r.stderr);
    }
    const upper = spawnSync(process.execPath, [CLI, 'merge', dir, '--grep', '^SHARD (\\w+\\s?)+$', '--count', '-i'], { encoding: 'utf8', timeout: 60_000, killSignal: 'SIGKILL' });
    assert.strictEqual(upper.stdout.trim(), '1', upper.stderr);
  });

  it('bad arguments exit 2 with a message that says what to write', () => {
    const cases: [string[], RegExp][] = [
      [['merge'], /merge takes one folder/],
      [['merge', RESUMED, '--level', 'loud'], /--level needs DEBUG, INFO, WARNING, ERROR, CRITICAL or a number/],
      [['merge', RESUMED, '--ranks', '3-1'], /--ranks: the range "3-1" in "3-1" goes down: write 1-3/],
      [['merge', RESUMED, '--grep', '(unclosed'], /--grep: Invalid regular expression/],
      [['merge', RESUMED, '--since', 'yesterday'], /--since needs a time such as "2026-02-04 10:25:37"/],
      [['merge', RESUMED, '--attempt', '9'], /--attempt 9: the job has 2 attempts/],
      [['merge', RESUMED, '--frobnicate'], /unknown option --frobnicate/],
      [['merge', path.join(RESUMED, 'worker_0.log')], /not a directory/],
    ];
    for (const [args, message] of cases) {
      const r = cli(...args);
      assert.strictEqual(r.code, 2, args.join(' '));
      assert.match(r.err, message, args.join(' '));
    }
  });

  it('--follow prints what ranks append, new ranks included, until interrupted', async () => {
    const dir = tempDir('gwl-follow-');
    fs.writeFileSync(path.join(dir, 'worker_0.log'), new LogText(0).record(T0, 'INFO', 'first').text());
    const run = runningCli(['merge', dir, '--follow']);
    const printed = run.printed;
    let code: number | null;
    try {
      await waitFor(() => printed.out.includes('first'), 'the existing record');
      fs.appendFileSync(path.join(dir, 'worker_0.log'), new LogText(0).record(T0 + 1000, 'ERROR', 'appended later').text());
      fs.writeFileSync(path.join(dir, 'worker_1.log'), new LogText(1).record(T0 + 2000, 'INFO', 'a new rank').text());
      await waitFor(() => printed.out.includes('appended later') && printed.out.includes('a new rank'), 'the appended records');
      assert.ok(printed.out.indexOf('appended later') < printed.out.indexOf('a new rank'), printed.out);
    } finally {
      code = await run.interrupt();
    }
    assert.strictEqual(code, 0);
  });

  it("--follow on a capture prints what its ranks append, a line written in two pieces once, and leaves no temporary folder", async () => {
    const dir = tempDir('gwl-follow-capture-');
    const tmp = tempDir('gwl-follow-tmp-');
    const capture = path.join(dir, 'train.out');
    fs.writeFileSync(capture, '[rank0]:2026-11-30 09:00:00,000 INFO train: first\n[rank1]:2026-11-30 09:00:00,100 INFO train: rank 1 first\n');
    const run = runningCli(['merge', capture, '--follow', '--json'], { ...process.env, TMPDIR: tmp });
    const printed = run.printed;
    let code: number | null;
    try {
      await waitFor(() => printed.out.includes('rank 1 first'), 'the capture as it was', 20_000);
      assert.strictEqual(fs.readdirSync(tmp).length, 1, 'its ranks are read into one temporary folder');
      fs.appendFileSync(capture, '[rank1]:2026-11-30 09:00:01,000 ERROR train: appended lat');
      await new Promise((r) => setTimeout(r, 600));
      fs.appendFileSync(capture, 'er\n[rank0]:2026-11-30 09:00:02,000 WARNING train: rank 0 later\n');
      await waitFor(() => printed.out.includes('rank 0 later'), 'the appended lines', 20_000);
    } finally {
      code = await run.interrupt();
    }
    const { out, err } = printed;
    assert.strictEqual(code, 0, err);
    const records = out.trim().split('\n').map((l) => JSON.parse(l) as { rank: number; message: string; file: string; line: number });
    const late = records.filter((r) => r.message === 'appended later');
    assert.strictEqual(late.length, 1, out);
    // Named by the capture's file and line (1-based), not the temporary copy's.
    assert.deepStrictEqual([late[0].rank, path.resolve(late[0].file), late[0].line], [1, capture, 3]);
    assert.deepStrictEqual(records.map((r) => r.message).slice(-2), ['appended later', 'rank 0 later']);
    assert.deepStrictEqual(fs.readdirSync(tmp), [], 'the temporary folder is removed when the command is interrupted');
  });

  it("--follow on a capture without times prints each poll's records as the capture has them, not rank by rank", async () => {
    const dir = tempDir('gwl-follow-untimed-');
    const capture = path.join(dir, 'train.out');
    fs.writeFileSync(capture, ['0: INFO:train:a', '1: INFO:train:b', '0: INFO:train:c', '1: INFO:train:d'].join('\n') + '\n');
    const run = runningCli(['merge', capture, '--follow']);
    const printed = run.printed;
    let code: number | null;
    try {
      await waitFor(() => printed.out.includes('train: d'), 'the capture as it was', 20_000);
      fs.appendFileSync(capture, ['1: INFO:train:e', '0: INFO:train:f', '1: INFO:train:g', '0: INFO:train:h'].join('\n') + '\n');
      await waitFor(() => printed.out.includes('train: h') && printed.out.includes('train: g'), 'the appended lines', 20_000);
    } finally {
      code = await run.interrupt();
    }
    assert.strictEqual(code, 0, printed.err);
    const messages = printed.out.trim().split('\n').map((l) => l.slice(-1));
    assert.deepStrictEqual(messages, ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'], printed.out);
  });

  it('--follow on a capture that is truncated or replaced reads it again, says so once, and goes on', async () => {
    const dir = tempDir('gwl-follow-reset-');
    const capture = path.join(dir, 'train.out');
    fs.writeFileSync(capture, '[rank0]:2026-11-30 09:00:00,000 INFO train: before\n[rank1]:2026-11-30 09:00:00,100 INFO train: rank 1 before\n');
    const run = runningCli(['merge', capture, '--follow']);
    const printed = run.printed;
    let code: number | null;
    try {
      await waitFor(() => printed.out.includes('rank 1 before'), 'the capture as it was', 20_000);
      fs.writeFileSync(capture, '[rank0]:2026-11-30 09:01:00,000 INFO train: after\n');
      await waitFor(() => printed.out.includes('train: after'), 'the line of the new capture', 20_000);
    } finally {
      code = await run.interrupt();
    }
    assert.strictEqual(code, 0, printed.err);
    assert.strictEqual(printed.err, `worker-logs: ${capture} shrank or was replaced: reading it again from the start\n`);
  });

  it("--follow on rank logs a rotating handler cuts in parts goes on where it was at each rotation: no record printed twice, nothing said", async () => {
    const dir = tempDir('gwl-follow-rotated-');
    const log = (k = 0): string => path.join(dir, k === 0 ? 'worker_0.log' : `worker_0.log.${k}`);
    const steps = (from: number, to: number): string => Array.from({ length: to - from }, (_, k) => new LogText(0).record(T0 + (from + k) * 1000, 'INFO', `step ${from + k}`).text()).join('');
    fs.writeFileSync(log(1), steps(0, 3));
    fs.writeFileSync(log(), steps(3, 5));
    fs.writeFileSync(path.join(dir, 'worker_1.log'), new LogText(1).record(T0, 'INFO', 'rank 1 up').text());
    const run = runningCli(['merge', dir, '--follow']);
    const printed = run.printed;
    let code: number | null;
    try {
      await waitFor(() => printed.out.includes('step 4'), 'the parts and logs as they were', 20_000);
      for (let turn = 0; turn < 3; turn++) {
        // RotatingFileHandler's rollover: each part renamed to the next, the log to .1, a new log.
        for (let k = turn + 1; k >= 1; k--) fs.renameSync(log(k), log(k + 1));
        fs.renameSync(log(), log(1));
        fs.writeFileSync(log(), steps(5 + 2 * turn, 6 + 2 * turn));
        await new Promise((r) => setTimeout(r, 400));
        fs.appendFileSync(log(), steps(6 + 2 * turn, 7 + 2 * turn));
        await waitFor(() => printed.out.includes(`step ${6 + 2 * turn}\n`), `the steps after rotation ${turn + 1}`, 20_000);
      }
      fs.appendFileSync(path.join(dir, 'worker_1.log'), new LogText(1).record(T0 + 20_000, 'ERROR', 'rank 1 late').text());
      await waitFor(() => printed.out.includes('rank 1 late'), "rank 1's record after the rotations", 20_000);
    } finally {
      code = await run.interrupt();
    }
    assert.strictEqual(code, 0, printed.err);
    assert.strictEqual(printed.err, '');
    const messages = printed.out.trim().split('\n').map((l) => l.replace(/^.*gpu_worker: /, ''));
    assert.deepStrictEqual(messages, ['step 0', 'rank 1 up', ...Array.from({ length: 10 }, (_, k) => `step ${k + 1}`), 'rank 1 late']);
  });

  it("--follow on our rank logs whose handler rotates them as it reads (worker_0.log renamed worker_0.log.1): the rest of the part, then the new log, each record once", async () => {
    const dir = tempDir('gwl-follow-rotates-');
    const log = path.join(dir, 'worker_0.log');
    const steps = (from: number, to: number): string => Array.from({ length: to - from }, (_, k) => new LogText(0).record(T0 + (from + k) * 1000, 'INFO', `step ${from + k}`).text()).join('');
    fs.writeFileSync(log, steps(0, 3));
    const run = runningCli(['merge', dir, '--follow']);
    const printed = run.printed;
    let code: number | null;
    try {
      await waitFor(() => printed.out.includes('step 2\n'), 'the log as it was', 20_000);
      for (let turn = 1; turn <= 2; turn++) {
        // Records the follow has not read yet, then the rollover: the log and its parts each one older.
        fs.appendFileSync(log, steps(3 * turn, 3 * turn + 2));
        for (let k = turn - 1; k >= 1; k--) fs.renameSync(`${log}.${k}`, `${log}.${k + 1}`);
        fs.renameSync(log, `${log}.1`);
        fs.writeFileSync(log, steps(3 * turn + 2, 3 * turn + 3));
        await waitFor(() => printed.out.includes(`step ${3 * turn + 2}\n`), `the new log after rollover ${turn}`, 20_000);
      }
    } finally {
      code = await run.interrupt();
    }
    assert.strictEqual(code, 0, printed.err);
    assert.strictEqual(printed.err, '');
    assert.deepStrictEqual(printed.out.trim().split('\n').map((l) => l.replace(/^.*gpu_worker: /, '')), Array.from({ length: 9 }, (_, k) => `step ${k}`));
  });

  it("a capture of last year read this year: glog's times without a year are of the year it was last written, in order with its records", () => {
    const dir = tempDir('gwl-year-');
    const capture = path.join(dir, 'train.out');
    const year = new Date().getFullYear() - 1;
    fs.writeFileSync(capture, [
      `[rank0]:${year}-11-30 09:00:00,000 INFO train: step 1`,
      '[rank0]:[E1130 09:00:05.000000 4000 ProcessGroupNCCL.cpp:1203] [Rank 0] Watchdog caught collective operation timeout',
      `[rank1]:${year}-11-30 09:00:01,000 INFO train: step 1`,
      '',
    ].join('\n'));
    const then = new Date(year, 10, 30, 9, 10, 0);
    fs.utimesSync(capture, then, then);
    const r = spawnSync(process.execPath, [CLI, 'merge', capture, '--level', 'error'], { encoding: 'utf8' });
    assert.strictEqual(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^ ${year}-11-30 09:00:05\\.000  r0  ERROR    ProcessGroupNCCL\\.cpp:1203: \\[Rank 0\\] Watchdog caught`, 'm'));
  });

  it('leaves no temporary folder when its reader stops early (merge of a capture | head)', async () => {
    const tmp = tempDir('gwl-head-tmp-');
    const capture = path.join(ROOT, 'test', 'fixtures', 'launchers', 'torchrun-tee.log');
    const child = spawn(process.execPath, [CLI, 'merge', capture], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TMPDIR: tmp } });
    // The first chunk read, the pipe is closed: the next write fails (EPIPE) and the command ends.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    assert.strictEqual(code, 0);
    assert.deepStrictEqual(fs.readdirSync(tmp), []);
  });
});
