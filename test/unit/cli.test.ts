import * as assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { agedFixtureJobs, tempDir } from '../support/tempFiles';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('worker-logs CLI', () => {
  const JOBS = agedFixtureJobs();
  it('stops quietly when its reader closes the pipe early (| head)', () => {
    // 3,000 sessions: an index far larger than a pipe holds.
    const file = path.join(tempDir(), 'worker_0.log');
    const session = (i: number) => `2026-02-04 10:00:00,000 - Worker 0 - worker_logging - INFO - === Resume at 2026-02-04T10:00:00.${String(i).padStart(6, '0')} ===\n`;
    fs.writeFileSync(file, Array.from({ length: 3000 }, (_, i) => session(i)).join(''));
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI}" index "${file}" --json | head -c 10`], { encoding: 'utf8' });
    assert.strictEqual(r.stdout, '{\n  "path"');
    assert.doesNotMatch(r.stderr, /EPIPE|Error/, r.stderr);
  });

  it('summary prints a table per rank and names the first failure', () => {
    const r = cli('summary', path.join(JOBS, 'resumed'));
    assert.strictEqual(r.code, 0, r.err);
    const rows = r.out.split('\n').filter((l) => /^\d+\s/.test(l));
    assert.strictEqual(rows.length, 4);
    assert.match(rows[2], /^2\s+finished\s+2\s+1\s+1\s+2026-02-04 10:16:28\s+s1 l9: torch\.cuda\.OutOfMemoryError/);
    assert.match(r.out, /First failure: rank 2, session 1 \(attempt 1\) at 2026-02-04 10:02:10\.250, line 9: torch\.cuda\.OutOfMemoryError: CUDA out of memory/);
  });

  it('summary --json gives the summary as data', () => {
    const r = cli('summary', path.join(JOBS, 'crashed'), '--json');
    assert.strictEqual(r.code, 0, r.err);
    const data = JSON.parse(r.out);
    assert.strictEqual(data.firstFailure.rank, 1);
    assert.deepStrictEqual(data.ranks.map((x: { state: string }) => x.state), ['finished', 'failed']);
    assert.strictEqual(data.why, undefined, 'a failure of its own: no why');
  });

  it("summary of a job whose first failure only timed out waiting names the rank it waited for (Why:, and `why` in --json)", () => {
    const capture = path.join(ROOT, 'test', 'fixtures', 'launchers', 'torchrun-1.13-gloo-timeout.log');
    const text = cli('summary', capture);
    assert.strictEqual(text.code, 0, text.err);
    assert.match(text.out, /First failure: rank 0, .*Timed out waiting 5000ms/);
    assert.match(text.out, /\nWhy: Hang: rank 1 logged no timeout, while rank 0 timed out waiting in gloo \(5000 ms\) \(worker-logs diagnose for the evidence\)\n$/);
    const data = JSON.parse(cli('summary', capture, '--json').out);
    assert.strictEqual(data.why, 'Hang: rank 1 logged no timeout, while rank 0 timed out waiting in gloo (5000 ms)');
  });

  it('index --json gives lines, bytes, sessions with offsets, times, counts and first error', () => {
    const file = path.join(JOBS, 'resumed', 'worker_2.log');
    const r = cli('index', file, '--json');
    assert.strictEqual(r.code, 0, r.err);
    const data = JSON.parse(r.out);
    assert.strictEqual(data.bytes, fs.statSync(file).size);
    assert.strictEqual(data.lines, 25);
    assert.strictEqual(data.sessions.length, 2);
    assert.strictEqual(data.sessions[1].startLine, 16);
    assert.strictEqual(data.sessions[1].resumeTimeText, '2026-02-04T10:15:00.125456');
    assert.strictEqual(data.sessions[0].counts.ERROR, 1);
    assert.strictEqual(data.sessions[0].firstError.line, 8);
    assert.ok(typeof data.sessions[1].startOffset === 'number' && data.sessions[1].startOffset > 0);
  });

  it('exits 2 with a clear message for a missing path or bad arguments', () => {
    const missing = cli('summary', '/nonexistent/folder');
    assert.strictEqual(missing.code, 2);
    // A folder or a capture file was meant: said so, without the usage's pages after it.
    assert.strictEqual(missing.err, 'worker-logs: /nonexistent/folder: no such file or directory\n');
    assert.strictEqual(cli('index', '/nonexistent/worker_0.log', '--json').code, 2);
    assert.match(cli('index', path.join(JOBS, 'resumed', 'worker_0.log')).err, /add --json/);
    assert.strictEqual(cli('frobnicate').code, 2);
    assert.strictEqual(cli().code, 2);
    assert.match(cli('--help').out, /worker-logs summary <log-dir>/);
    // A command's own --help is the usage too, not an unknown option.
    for (const command of ['merge', 'summary', 'diagnose', 'index']) {
      const help = cli(command, '--help');
      assert.deepStrictEqual([help.code, help.err], [0, ''], command);
      assert.match(help.out, /worker-logs merge <log-dir> \[--level L\]/, command);
    }
    assert.strictEqual(cli('merge', '-h').code, 0);
    // A bad argument is said with its command's usage alone, not under the 40 lines of all of them.
    const since = cli('merge', path.join(JOBS, 'resumed'), '--since', 'yesterday');
    assert.strictEqual(since.code, 2);
    assert.match(since.err, /^worker-logs: --since needs a time such as "2026-02-04 10:25:37" \(or with ,mmm\), not "yesterday"\n\nUsage:\n {2}worker-logs merge <log-dir> /);
    assert.doesNotMatch(since.err, /worker-logs summary|worker-logs diagnose|horovodrun/);
    assert.match(since.err, /\nworker-logs --help: every command, and the logs of other launchers <log-dir> may hold\.\n$/);
    assert.match(cli('frobnicate').err, /worker-logs summary <log-dir>[^]*worker-logs diagnose <log-dir>/);
    // --ranks that names none of the job's: said, not an empty answer alone.
    const none = cli('merge', path.join(JOBS, 'resumed'), '--ranks', '17');
    assert.deepStrictEqual([none.code, none.out], [0, '']);
    assert.match(none.err, /^worker-logs: --ranks names none of the job's ranks? [\d, -]+\n$/);
    assert.strictEqual(cli('merge', path.join(JOBS, 'resumed'), '--ranks', '0').err, '');
    const notDir = cli('summary', path.join(JOBS, 'resumed', 'worker_0.log'));
    assert.strictEqual(notDir.code, 2);
    assert.match(notDir.err, /not a directory/);
  });

  it('--formats reads the user formats of a JSON file (settings with comments too): one with a rank group splits a console; a bad file or format is a usage error naming it', () => {
    const dir = tempDir();
    const console = path.join(dir, 'console.log');
    fs.writeFileSync(console, ['2026-11-30 09:00:00,000 [rank 0] INFO train: step 1', '2026-11-30 09:00:00,100 [rank 1] INFO train: step 1', 'a print', '2026-11-30 09:00:01,000 [rank 1] ERROR train: boom'].join('\n') + '\n');
    const pattern = '^(?<time>\\S+ \\S+) \\[rank (?<rank>\\d+)\\] (?<level>[A-Z]+) (?<logger>\\S+): (?<message>.*)$';
    const settings = path.join(dir, 'settings.json');
    fs.writeFileSync(settings, `{\n  // the job's format\n  "workerLogs.formats": [{ "name": "job", "pattern": ${JSON.stringify(pattern)}, "samples": ["2026-11-30 09:00:00,000 [rank 0] INFO train: x"] },],\n}\n`);
    const r = cli('summary', console, '--formats', settings);
    assert.strictEqual(r.code, 0, r.err);
    assert.match(r.out, /^Job .*console\.log: 2 ranks/m);
    assert.match(r.out, /First failure: rank 1, .*console\.log:4: boom/);
    // Without it, the console is no capture.
    assert.strictEqual(cli('summary', console).code, 2);
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, '[{ "name": "job", "pattern": "(?<message>x", "samples": ["x"] }]');
    const b = cli('merge', console, '--formats', bad);
    assert.strictEqual(b.code, 2);
    assert.match(b.err, /bad\.json: workerLogs\.formats: format "job": the pattern is not a valid regular expression/);
    // What is wrong with the file is said alone: the usage's pages do not help with it.
    assert.doesNotMatch(b.err, /Usage:/);
    const missing = cli('summary', console, '--formats', path.join(dir, 'nope.json'));
    assert.deepStrictEqual([missing.code, missing.err], [2, `worker-logs: ${path.join(dir, 'nope.json')}: no such file\n`]);
    fs.writeFileSync(bad, '{ "workerLogs.formats": [ ');
    assert.match(cli('diagnose', console, '--formats', bad).err, /bad\.json: not JSON \(\w+ at offset \d+\)/);
    assert.match(cli('summary', console, '--formats').err, /--formats needs a JSON file/);
    // A log named by mistake is not read whole.
    fs.writeFileSync(bad, Buffer.alloc(5 * 2 ** 20, 'a'));
    assert.match(cli('summary', console, '--formats', bad).err, /bad\.json: over 4 MiB/);
  });

  it('a folder (or a file) of compressed logs says how to decompress them, not that it holds no rank logs', () => {
    const dir = tempDir();
    for (const r of [0, 1]) fs.writeFileSync(path.join(dir, `worker_${r}.log.gz`), zlib.gzipSync(`2026-11-30 09:00:00,000 - Worker ${r} - train - INFO - step 1\n`));
    for (const command of ['summary', 'merge', 'diagnose']) {
      const r = cli(command, dir);
      assert.strictEqual(r.code, 2, command);
      assert.strictEqual(r.err, `worker-logs: ${dir}: no rank logs; worker_0.log.gz, worker_1.log.gz are compressed logs, which are not read: decompress them first (gunzip -k ${path.join(dir, '*.gz')}), then read the folder again\n`);
    }
    const file = path.join(dir, 'worker_0.log.gz');
    assert.strictEqual(cli('summary', file).err, `worker-logs: ${file} is a compressed log, which is not read: decompress it first (gunzip -k ${file}), then read what it holds\n`);
  });

  it("a user format that backtracks without end on a line its samples did not show is ended: the job's other lines are read, and the command ends", () => {
    const dir = tempDir();
    const pattern = '^(?<time>\\S+ \\S+) (?<level>[A-Z]+) (?<message>(\\w+\\s?)+)$';
    const formats = path.join(dir, 'formats.json');
    fs.writeFileSync(formats, JSON.stringify([{ name: 'words', pattern, samples: ['2026-11-30 09:00:00,000 INFO hello world'] }]));
    // 2^60 ways to split the word before the `!`: for ever, backtracking.
    const line = (s: number, level: string, message: string) => `2026-11-30 09:00:0${s},000 ${level} ${message}`;
    fs.writeFileSync(path.join(dir, 'r0.txt'), [line(0, 'INFO', 'step one'), line(1, 'INFO', `${'a'.repeat(60)}!`), line(2, 'ERROR', 'boom')].join('\n') + '\n');
    fs.writeFileSync(path.join(dir, 'r1.txt'), [line(0, 'INFO', 'step one'), line(3, 'INFO', 'done')].join('\n') + '\n');
    // SIGKILL at the limit: a process held in a match does not answer SIGTERM.
    const r = spawnSync(process.execPath, [CLI, 'summary', dir, '--formats', formats, '--rank-files', 'r{rank}.txt'], { encoding: 'utf8', timeout: 60_000, killSignal: 'SIGKILL' });
    assert.strictEqual(r.signal, null, 'the command was killed after 60 s');
    assert.strictEqual(r.status, 0, r.stderr);
    assert.match(r.stdout, /First failure: rank 0, session 1 \(attempt 1\) at 2026-11-30 09:00:02\.000, .*r0\.txt:3: boom/);
  });

  it("--rank-files names per-rank files of the user's own (as workerLogs.rankFilePatterns, read from a settings file too); a folder of such files without it says which name to give; a bad name is a usage error naming it", () => {
    const dir = tempDir();
    for (const r of [0, 1, 2]) fs.writeFileSync(path.join(dir, `rank${r}.txt`), `2026-11-30 09:00:0${r},000 INFO train: step 1\n${r === 2 ? 'Traceback (most recent call last):\n  File "t.py", line 1, in <module>\nValueError: bad shard\n' : ''}`);
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'run 7\n');
    const none = cli('summary', dir);
    assert.strictEqual(none.code, 2);
    assert.match(none.err, /no rank logs of a name read by default, but its files rank0\.txt, rank1\.txt, rank2\.txt look like one file per rank: read them with --rank-files 'rank\{rank\}\.txt'/);
    const r = cli('summary', dir, '--rank-files', 'rank{rank}.txt');
    assert.strictEqual(r.code, 0, r.err);
    assert.match(r.out, /^Job .*: 3 ranks, 1 attempt, 1 failed/m);
    assert.match(r.out, /First failure: rank 2, .*rank2\.txt:2: ValueError: bad shard/);
    // One of the files named: the same hint; with the name, its job.
    const one = cli('summary', path.join(dir, 'rank1.txt'));
    assert.strictEqual(one.code, 2);
    assert.match(one.err, /but its folder's files rank0\.txt, rank1\.txt, rank2\.txt look like one file per rank: read them with --rank-files 'rank\{rank\}\.txt'/);
    assert.match(cli('summary', path.join(dir, 'rank1.txt'), '--rank-files', 'rank{rank}.txt').out, /^Job .*: 3 ranks, 1 attempt, 1 failed/m);
    // Another command, the name given twice (a name that finds nothing is no harm).
    const m = cli('merge', dir, '--rank-files', 'gpu{rank}.log', '--rank-files', 'rank{rank}.txt', '--level', 'error');
    assert.strictEqual(m.code, 0, m.err);
    assert.match(m.out, /r2 .*ValueError: bad shard/);
    // The settings of a workspace (--formats): its rankFilePatterns, with no formats of its own.
    const settings = path.join(dir, 'settings.json');
    fs.writeFileSync(settings, '{ "workerLogs.rankFilePatterns": ["rank{rank}.txt"] }');
    assert.match(cli('summary', dir, '--formats', settings).out, /First failure: rank 2, /);
    fs.writeFileSync(settings, '{ "workerLogs.rankFilePatterns": "rank{rank}.txt" }');
    assert.match(cli('summary', dir, '--formats', settings).err, /settings\.json: workerLogs\.rankFilePatterns: give a list of file names with \{rank\}/);
    for (const bad of ['rank.txt', 'logs/rank{rank}.txt', 'rank{rank}_{rank}.txt']) {
      const b = cli('summary', dir, '--rank-files', bad);
      assert.strictEqual(b.code, 2);
      assert.ok(b.err.includes(`--rank-files: ${JSON.stringify(bad)} is no name of a rank's file`), b.err);
    }
    assert.match(cli('diagnose', dir, '--rank-files').err, /--rank-files needs a file name with \{rank\}/);
  });

  it('says so when a folder has no rank logs, and reports a binary file', () => {
    const dir = tempDir();
    assert.match(cli('summary', dir).out, /No rank logs in .*: no worker_<rank>\.log files/);
    fs.writeFileSync(path.join(dir, 'worker_3.log'), '2026-11-30 09:00:00,000 - Worker 3 - train - INFO - step 1\n');
    assert.match(cli('summary', dir).out, /^Job .*: 1 rank, 1 attempt, 0 failed\n/);
    fs.rmSync(path.join(dir, 'worker_3.log'));
    const bin = path.join(dir, 'worker_0.log');
    fs.writeFileSync(bin, Buffer.from([0, 1, 2, 10]));
    const r = cli('index', bin, '--json');
    assert.strictEqual(r.code, 1);
    assert.strictEqual(JSON.parse(r.out).state, 'binary');
  });

  it("reads another launcher's rank file that is binary or UTF-16 as its index would ours: unreadable, not records of garbage; the merge leaves it out", () => {
    // Slurm's task files: rank 1's holds binary data, rank 2's UTF-16 text (PowerShell's >).
    const dir = tempDir();
    const line = (rank: number) => `2026-11-30 09:00:0${rank},000 INFO train: rank ${rank} up\n`;
    fs.writeFileSync(path.join(dir, 'train_7_0.out'), line(0));
    const binary = Buffer.alloc(20_000);
    for (let i = 0; i < binary.length; i++) binary[i] = (i * 7919 + (i >> 3)) & 0xff;
    fs.writeFileSync(path.join(dir, 'train_7_1.out'), binary);
    fs.writeFileSync(path.join(dir, 'train_7_2.out'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(line(2), 'utf16le')]));
    const old = new Date('2026-11-30T09:10:00Z');
    for (const f of fs.readdirSync(dir)) fs.utimesSync(path.join(dir, f), old, old);
    const s = cli('summary', dir);
    assert.strictEqual(s.code, 0, s.err);
    assert.match(s.out, /^1 +unreadable +0 /m);
    assert.match(s.out, /^2 +unreadable +0 /m);
    // Named by the task's file, not the temporary copy; each with what its index says.
    assert.ok(s.out.includes(`Rank 1 (${path.join(dir, 'train_7_1.out')}) is unreadable: The file holds NUL bytes: it is binary, not a worker log.`), s.out);
    assert.match(s.out, new RegExp(`Rank 2 \\(.*train_7_2\\.out\\) is unreadable: The file is UTF-16LE text .*iconv -f UTF-16 -t UTF-8 train_7_2\\.out`));
    // The readable rank is not taken for one that stalled behind the others' (the files' own times).
    assert.match(s.out, /^0 +ended +1 /m);
    const m = cli('merge', dir);
    assert.strictEqual(m.code, 0, m.err);
    assert.strictEqual(m.out, ' 2026-11-30 09:00:00.000  r0  INFO     train: rank 0 up\n');
    assert.ok(m.err.includes(`worker-logs: rank 1 left out: ${path.join(dir, 'train_7_1.out')}: The file holds NUL bytes: it is binary, not a worker log.`), m.err);
    assert.match(m.err, /worker-logs: rank 2 left out: .*train_7_2\.out: The file is UTF-16LE text/);

    // A torchrun --log_dir whose rank 1 has a binary stderr.log beside a stdout.log of text: read
    // from its stdout.log, and the other file told; with nothing else, the rank is unreadable.
    const logs = tempDir();
    for (const r of [0, 1]) fs.mkdirSync(path.join(logs, 'run_a', 'attempt_0', String(r)), { recursive: true });
    const at = (r: number, f: string) => path.join(logs, 'run_a', 'attempt_0', String(r), f);
    fs.writeFileSync(at(0, 'stderr.log'), line(0));
    fs.writeFileSync(at(0, 'stdout.log'), '');
    fs.writeFileSync(at(1, 'stderr.log'), binary);
    fs.writeFileSync(at(1, 'stdout.log'), 'epoch 1 done\n');
    const t = cli('summary', logs);
    assert.strictEqual(t.code, 0, t.err);
    assert.match(t.out, /^1 +(running|ended|stalled) +1 /m);
    assert.match(t.err, /: rank 1's stderr\.log is not read beside its other files: The file holds NUL bytes: it is binary, not a worker log\.\n/);
    assert.strictEqual(cli('merge', logs, '--ranks', '1').out.trim().split('\n').length, 1);
    fs.writeFileSync(at(1, 'stdout.log'), '');
    const u = cli('summary', logs);
    assert.match(u.out, /^1 +unreadable +0 /m);
    assert.ok(u.out.includes(`Rank 1 (${at(1, 'stderr.log')}) is unreadable`), u.out);
  });

  it("says which of another launcher's rank files cannot be opened (a pipe, a link to nothing), and never shows their ranks writing now", () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'train_7_0.out'), '2026-11-30 09:00:00,000 INFO train: up\n');
    spawnSync('mkfifo', [path.join(dir, 'train_7_1.out')]);
    fs.symlinkSync(path.join(dir, 'gone.out'), path.join(dir, 'train_7_2.out'));
    const old = new Date('2026-11-30T09:05:00Z');
    for (const f of ['train_7_0.out', 'train_7_1.out']) fs.utimesSync(path.join(dir, f), old, old);
    fs.lutimesSync(path.join(dir, 'train_7_2.out'), old, old);
    // (A pipe among task files is no task's file at all; the link may be one.)
    const s = cli('summary', dir);
    assert.strictEqual(s.code, 0, s.err);
    assert.match(s.out, /^Job .*: 2 ranks/);
    assert.match(s.out, /^2 +ended /m);
    assert.doesNotMatch(s.out, /running|stalled/);
    assert.match(s.err, /: rank 2's train_7_2\.out cannot be read: it is a link to a file that is not there\.\n/);
    // worker_<N>.log files of the job's own logging: each is a rank, the pipe too.
    for (const f of fs.readdirSync(dir)) fs.renameSync(path.join(dir, f), path.join(dir, f.replace(/^train_7_(\d)\.out$/, 'worker_$1.log')));
    const w = cli('summary', dir);
    assert.strictEqual(w.code, 0, w.err);
    assert.match(w.out, /^Job .*: 3 ranks/);
    assert.doesNotMatch(w.out, /running|stalled/);
    assert.match(w.err, /: rank 1's worker_1\.log cannot be read: it is a pipe, not a file\.\n/);
    assert.match(w.err, /: rank 2's worker_2\.log cannot be read: it is a link to a file that is not there\.\n/);
  });
});
