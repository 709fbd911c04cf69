import * as assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CAPTURE_NAME, DEFAULT_RANK_FILE_PATTERNS, findForeignJobs, launcherFacts, relistJob, yearOfTimes } from '../../src/core/importLayouts';
import { JobImport } from '../../src/core/importJob';
import { BUILT_IN_FORMATS } from '../../src/core/lineFormats';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'launchers');
const GOLDEN = path.join(ROOT, 'test', 'fixtures', 'golden', 'launchers');
const FORMATS = path.join(ROOT, 'test', 'fixtures', 'launcher-formats');

/** `worker-logs <args>` run in the fixtures' folder (the capture named by its file name, so the output names no machine path), or in `cwd`. */
function cli(...args: string[]): string {
  return cliIn(FIXTURES, ...args);
}

function cliIn(cwd: string, ...args: string[]): string {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd });
  assert.strictEqual(r.status, 0, `worker-logs ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** The fixture `name`'s (in `dir`) `worker-logs summary` and `merge`, as its golden file holds them, its files aged first (see below). */
function goldenRun(dir: string, name: string): string {
  // A capture's ranks are as recent as the capture: an old one is a job that ended (its ranks
  // finished, not running), whenever the checkout was made. (Within half a year of the
  // fixtures' times, which their glog times without a year are read near: `YearOfTimes`.)
  const old = new Date('2026-07-01T00:00:00Z');
  const age = (p: string): void => {
    if (fs.statSync(p).isDirectory()) for (const e of fs.readdirSync(p)) age(path.join(p, e));
    fs.utimesSync(p, old, old);
  };
  age(path.join(dir, name));
  // A console split by the rank group of the user's format: its formats beside it (test/fixtures/launcher-formats).
  const formats = path.join(FORMATS, `${name}.json`);
  const given = fs.existsSync(formats) ? ['--formats', formats] : [];
  const shown = given.length > 0 ? ` --formats launcher-formats/${name}.json` : '';
  return `$ worker-logs summary ${name}${shown}\n${cliIn(dir, 'summary', name, ...given)}\n$ worker-logs merge ${name}${shown}\n${cliIn(dir, 'merge', name, ...given)}`;
}

/** `worker-logs <args>` on a changed copy of a fixture outside their folder: its output, whatever its exit code. */
function cliOn(...args: string[]): string {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' }).stdout;
}

/** Runs `fn` with a folder of its own, removed after it. */
function inTempDir(prefix: string, fn: (root: string) => void): void {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  try {
    fn(root);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/**
 * Fixture folder `name` copied to `dir`, each of ranks 0 and 1's files (`file(rank)`) given
 * `added(rank)` after the line of its step 3 (the real runs' last before they hung) and
 * `first(rank)` before its lines.
 */
function copyWithLines(name: string, dir: string, file: (rank: number) => string, added: (rank: number) => string[], first: (rank: number) => string[] = () => []): void {
  fs.cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  for (const rank of [0, 1]) {
    const f = path.join(dir, file(rank));
    const lines = fs.readFileSync(f, 'utf8').split('\n');
    const at = lines.findIndex((l) => l.includes('step 3 loss'));
    fs.writeFileSync(f, [...first(rank), ...lines.slice(0, at + 1), ...added(rank), ...lines.slice(at + 1)].join('\n'));
  }
}

/** `worker-logs diagnose <fixture>`'s lines, its exit code checked (1: it found a failure, hang or mismatch). */
function diagnoseLines(name: string, status = 1): string[] {
  const r = spawnSync(process.execPath, [CLI, 'diagnose', name], { encoding: 'utf8', cwd: FIXTURES });
  assert.strictEqual(r.status, status, r.stderr);
  return r.stdout.split('\n');
}

describe("other launchers' captures, written from each program's documented output (golden)", () => {
  for (const name of fs.readdirSync(FIXTURES).filter((f) => !f.endsWith('.md')).sort()) {
    it(`${name}: worker-logs summary and merge`, () => {
      const out = goldenRun(FIXTURES, name);
      const golden = path.join(GOLDEN, `${name}.txt`);
      if (process.env.GWL_UPDATE_GOLDEN) fs.writeFileSync(golden, out);
      assert.strictEqual(out, fs.readFileSync(golden, 'utf8'));
    });
  }

  it("each of them saved with CRLF line ends (a console copied from Windows, a terminal's log) reads as it does with LF: worker-logs summary and merge say what its golden file holds", function () {
    this.timeout(300_000);
    inTempDir('gwl-crlf-', (root) => {
      // Each line ends in CRLF, a line that had one kept as it was (tqdm's `\r` inside a line too).
      const convert = (from: string, to: string): void => {
        if (fs.statSync(from).isDirectory()) {
          fs.mkdirSync(to);
          for (const e of fs.readdirSync(from)) convert(path.join(from, e), path.join(to, e));
        } else fs.writeFileSync(to, fs.readFileSync(from, 'latin1').replace(/\r?\n/g, '\r\n'), 'latin1');
      };
      for (const name of fs.readdirSync(FIXTURES).filter((f) => !f.endsWith('.md')).sort()) {
        convert(path.join(FIXTURES, name), path.join(root, name));
        assert.strictEqual(goldenRun(root, name), fs.readFileSync(path.join(GOLDEN, `${name}.txt`), 'utf8'), name);
      }
    });
  });
});

/** The rank logs an import wrote read as its sources grew (`grown`) are those of a reading of them whole (`once`), line for line. */
function sameRankLogs(grown: string, once: string, name: string): void {
  const logs = (dir: string) => fs.readdirSync(dir).filter((f) => f.endsWith('.log')).sort();
  assert.deepStrictEqual(logs(grown), logs(once), name);
  for (const f of logs(once)) {
    const want = fs.readFileSync(path.join(once, f), 'utf8').split('\n');
    const got = fs.readFileSync(path.join(grown, f), 'utf8').split('\n');
    const k = want.findIndex((line, i) => line !== got[i]);
    assert.ok(k < 0 && got.length === want.length, `${name} read as it grew, ${f}:${k}:\n  got  ${got[k]}\n  want ${want[k]}`);
  }
}

describe("each capture read as it grows (the editor reads a running job's file twice a second)", () => {
  /** The rank logs of `name`'s capture read at once, and read after each of `cuts` (byte offsets) was appended; they must be the same. */
  async function sameGrown(name: string, cuts: (data: Buffer) => number[]): Promise<boolean> {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gwl-grown-'));
    try {
      const data = fs.readFileSync(path.join(FIXTURES, name));
      const old = new Date('2026-07-01T00:00:00Z');
      const whole = path.join(root, 'whole', name);
      fs.mkdirSync(path.dirname(whole));
      fs.writeFileSync(whole, data);
      fs.utimesSync(whole, old, old);
      const [job] = await findForeignJobs(path.dirname(whole));
      if (job?.kind !== 'capture') return false;
      // (The year of the times without one, as the CLI and the editor take it from the whole file.)
      const options = { formats: BUILT_IN_FORMATS, ...(await yearOfTimes(job)) };
      const once = new JobImport(job, path.join(root, 'once'), options);
      await once.update();
      const growing = path.join(root, 'growing', name);
      fs.mkdirSync(path.dirname(growing));
      const grown = new JobImport({ ...job, source: growing }, path.join(root, 'grown'), options);
      let at = 0;
      for (const cut of [...cuts(data), data.length]) {
        fs.appendFileSync(growing, data.subarray(at, cut));
        at = cut;
        await grown.update();
      }
      fs.utimesSync(growing, old, old);
      await grown.update();
      sameRankLogs(path.join(root, 'grown'), path.join(root, 'once'), name);
      return true;
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  }

  it("torchrun's word on a rank killed by a signal read before its summary (which dates the kill) was written: the same rank logs as a reading of the whole capture (whose first failure is rank 0's error, not the killed rank's end)", async () => {
    const name = 'torchrun-1.13-sigkill-silent.log';
    // The growing file stops right after the word, then its summary comes.
    const afterWord = (data: Buffer) => [data.indexOf('\n', data.indexOf('failed (exitcode: -9)')) + 1];
    assert.ok(await sameGrown(name, afterWord));
  });

  it('every capture fixture, appended in random pieces (some cut inside a line) and read after each: the same rank logs as a reading of the whole file', async function () {
    this.timeout(300_000);
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const pieces = (data: Buffer) => {
      const cuts: number[] = [];
      for (let at = 0; at < data.length; ) {
        at = Math.min(data.length, at + 1 + Math.floor(rand() * Math.max(64, data.length / 6)));
        // Half of them at a line's end, as a logger writes.
        if (rand() < 0.5) at = Math.min(data.length, data.indexOf(10, Math.max(0, at - 1)) + 1 || data.length);
        if (at < data.length) cuts.push(at);
      }
      return cuts;
    };
    let read = 0;
    for (const name of fs.readdirSync(FIXTURES).sort()) {
      if (!fs.statSync(path.join(FIXTURES, name)).isFile() || name.endsWith('.md')) continue;
      // A restart among lines none of which has a time is dated by the file's time as it is read:
      // as it grows, when it came; read whole, when the job ended. The two readings differ there.
      if (name === 'torchrun-1.13-gloo-sigkill-restart.log') continue;
      if (await sameGrown(name, pieces)) read++;
    }
    assert.ok(read >= 40, `${read} captures read`);
  });
});

describe('each torchrun --log_dir read as it grows, attempt by attempt', () => {
  /** Every file under `dir`, relative to it. */
  const filesUnder = (dir: string, base = dir): string[] =>
    fs.readdirSync(dir).flatMap((e) => (fs.statSync(path.join(dir, e)).isDirectory() ? filesUnder(path.join(dir, e), base) : [path.relative(base, path.join(dir, e))]));

  it("each fixture's attempts made one after another, their ranks' files appended in random whole lines and read after each: the same rank logs as a reading of the whole folder", async function () {
    this.timeout(300_000);
    let seed = 11;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const old = new Date('2026-07-01T00:00:00Z');
    let read = 0;
    for (const name of fs.readdirSync(FIXTURES).sort()) {
      if (!fs.statSync(path.join(FIXTURES, name)).isDirectory() || (await findForeignJobs(path.join(FIXTURES, name)))[0]?.kind !== 'torchrun') continue;
      const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gwl-grown-run-'));
      try {
        const whole = path.join(root, 'whole', name);
        fs.cpSync(path.join(FIXTURES, name), whole, { recursive: true });
        const files = filesUnder(whole);
        for (const f of files) fs.utimesSync(path.join(whole, f), old, old);
        // torchrun makes an attempt's folder as it starts its workers: at about their first line's
        // time, which dates the ranks' sessions (the same in both readings).
        const attemptDir = (f: string) => f.slice(0, f.search(/attempt_\d+/) + (/attempt_\d+/.exec(f)?.[0].length ?? 0));
        const made = new Map<string, Date>();
        for (const f of files) {
          const m = /(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)[,.](\d{3})/.exec(fs.readFileSync(path.join(whole, f), 'latin1'));
          const t = m ? new Date(`${m[1]}T${m[2]}.${m[3]}`) : undefined;
          if (t && !(made.get(attemptDir(f))! <= t)) made.set(attemptDir(f), t);
        }
        // (An attempt none of whose lines has a time: a minute after the attempt before, in both readings.)
        for (const dir of [...new Set(files.map(attemptDir))].filter((d) => /attempt_\d+$/.test(d)).sort()) {
          if (!made.has(dir)) made.set(dir, new Date(old.getTime() + (1 + Number(/attempt_(\d+)$/.exec(dir)![1])) * 60_000));
        }
        for (const [dir, t] of made) fs.utimesSync(path.join(whole, dir), t, t);
        const [job] = await findForeignJobs(whole);
        const options = { formats: BUILT_IN_FORMATS, ...(await yearOfTimes(job)) };
        await new JobImport(job, path.join(root, 'once'), options).update();
        const growing = path.join(root, 'growing', name);
        const data = new Map(files.map((f) => [f, fs.readFileSync(path.join(whole, f))]));
        const at = new Map(files.map((f) => [f, 0]));
        let grown: JobImport | undefined;
        const update = async () => {
          if (!grown) {
            const [found] = await findForeignJobs(growing);
            if (found) grown = new JobImport(found, path.join(root, 'grown'), options, () => relistJob(found, DEFAULT_RANK_FILE_PATTERNS));
          }
          await grown?.update();
        };
        const attemptOf = (f: string) => Number(/attempt_(\d+)/.exec(f)?.[1] ?? 0);
        for (const attempt of [...new Set(files.map(attemptOf))].sort((a, b) => a - b)) {
          const mine = files.filter((f) => attemptOf(f) === attempt);
          for (const f of mine) {
            fs.mkdirSync(path.dirname(path.join(growing, f)), { recursive: true });
            if (!f.endsWith('error.json')) fs.writeFileSync(path.join(growing, f), '');
          }
          for (const dir of new Set(mine.map(attemptDir))) if (made.has(dir)) fs.utimesSync(path.join(growing, dir), made.get(dir)!, made.get(dir)!);
          await update();
          while (mine.some((f) => at.get(f)! < data.get(f)!.length)) {
            // (A worker's error.json comes as it fails, after its records: once its attempt's streams are whole.)
            const streamsWhole = mine.every((f) => f.endsWith('error.json') || at.get(f)! >= data.get(f)!.length);
            for (const f of mine) {
              const d = data.get(f)!;
              const from = at.get(f)!;
              if (from >= d.length || (f.endsWith('error.json') && !streamsWhole)) continue;
              const nl = d.indexOf(10, Math.min(d.length - 1, from + Math.floor(rand() * Math.max(64, d.length / 4))));
              const to = nl < 0 ? d.length : nl + 1;
              fs.appendFileSync(path.join(growing, f), d.subarray(from, to));
              at.set(f, to);
            }
            await update();
          }
        }
        for (const f of files) fs.utimesSync(path.join(growing, f), old, old);
        await update();
        sameRankLogs(path.join(root, 'grown'), path.join(root, 'once'), name);
        read++;
      } finally {
        fs.rmSync(root, { recursive: true, force: true });
      }
    }
    assert.ok(read >= 5, `${read} run folders read`);
  });
});

describe("a capture read right after its launcher ended the job", () => {
  // Each ends with the launcher's word that a rank failed, after which it ends the others
  // (torchrun its node's group, mpirun and Hydra the job, Ray Train its worker group): written a
  // moment ago, no rank runs.
  const ended = [
    'torchrun-1.13-exception-group.log',
    'torchrun-1.13-failed-at-once.log',
    'torchrun-1.13-gloo-cascade.log',
    'torchrun-2-two-ranks-killed.out',
    'openmpi-4.1-exit-code.out',
    'openmpi-4.1-mpi-abort.out',
    'mpich-prepend-rank.out',
    'ray-train-2.9.out',
    'ray-train-2.9-oom.out',
  ];
  for (const name of ended) {
    it(`${name}: no rank is shown running`, () => {
      const file = path.join(FIXTURES, name);
      const now = new Date();
      fs.utimesSync(file, now, now);
      const ranks: { rank: number; state: string }[] = JSON.parse(cli('summary', '--json', name)).ranks;
      assert.ok(ranks.length >= 2, name);
      assert.deepStrictEqual(ranks.filter((r) => r.state === 'running').map((r) => r.rank), [], name);
    });
  }
});

describe("PyTorch 2.5's own log lines (c10's: the month unpadded, nanoseconds)", () => {
  it("a watchdog's collective timeout is an error of its rank, read across ranks: the rank that never entered the collective is named", () => {
    const lines = diagnoseLines('torchrun-2.5-nccl-watchdog-timeout.out');
    assert.strictEqual(lines[0], 'Hang: rank 1 never entered ALLREDUCE #5; 1 rank timed out waiting for it (started 2026-09-22 18:51:21.879)');
    assert.match(lines[1], /^First failure: rank 0 at 2026-09-22 19:01:21\.891, torchrun-2\.5-nccl-watchdog-timeout\.out:6: \[Rank 0\] Watchdog caught collective operation timeout/);
  });
});

describe("accelerate launch (torch 2's console without --tee: only the failed rank's traceback labelled)", () => {
  it("diagnose points at the failed rank's traceback in the capture, and its JSON says the ranks torchrun stopped were stopped", () => {
    const name = 'accelerate-torch-2.4-no-tee-oom.out';
    assert.match(diagnoseLines(name)[1], /^ {2}at accelerate-torch-2\.4-no-tee-oom\.out:48$/);
    const r = spawnSync(process.execPath, [CLI, 'diagnose', '--json', name], { encoding: 'utf8', cwd: FIXTURES });
    const d = JSON.parse(r.stdout) as { ranks: { rank: number; state: string; stoppedBy?: string }[]; firstFailure: { rank: number; line: number } };
    assert.deepStrictEqual([d.firstFailure.rank, d.firstFailure.line], [2, 47]);
    assert.deepStrictEqual(d.ranks.map((x) => [x.rank, x.state, x.stoppedBy]), [
      [0, 'finished', 'stopped by torchrun (SIGTERM)'],
      [1, 'finished', 'stopped by torchrun (SIGTERM)'],
      [2, 'failed', undefined],
      [3, 'finished', 'stopped by torchrun (SIGTERM)'],
    ]);
  });

  it("summary says on stderr that the ranks' records are among the lines that name no rank, and how to have them labelled; a console with --tee gets no such note", () => {
    const stderr = (name: string) => spawnSync(process.execPath, [CLI, 'summary', name], { encoding: 'utf8', cwd: FIXTURES }).stderr;
    assert.match(stderr('accelerate-torch-2.4-no-tee-oom.out'), /^worker-logs: 74 lines of accelerate-torch-2\.4-no-tee-oom\.out name no rank, the ranks' records among them: .*\(run with --tee 3 to have every line read as its rank's\)\. They are read as the launcher's lines, in no rank's records\.$/m);
    assert.doesNotMatch(stderr('torchrun-2-device-assert.out'), /name no rank/);
  });
});

describe("torch 2's torchrun stopping every rank of a hung job (its stops timed, the SignalException after them not)", () => {
  it('dates the stops by their own lines: the ranks were silent for a minute before it, a hang', () => {
    const lines = diagnoseLines('torchrun-2-sigterm-after-hang.out');
    assert.strictEqual(lines[0], 'Hang: no rank logged for 1m 03s before every rank was stopped by torchrun (SIGTERM) at 2026-12-05 08:10:15 (the last: ranks 0, 1, 2, 3 at 2026-12-05 08:09:11.297)');
  });
});

describe('the diagnosis of a real gloo timeout', () => {
  it('names the rank the others waited for, not the one that timed out first (torchrun blames rank 0)', () => {
    const lines = diagnoseLines('torchrun-1.13-gloo-timeout.log');
    assert.strictEqual(lines[0], 'Hang: rank 1 logged no timeout, while rank 0 timed out waiting in gloo (5000 ms)');
    assert.ok(lines.some((l) => /last record: INFO rank 1 stalls in the data loader/.test(l)), lines.join('\n'));
  });

  it("shows the wait: the untimed traceback's exit and the hung rank's stop are dated by torchrun's summary (noticed at 06:44:02), not at the last timed line 8 s before", () => {
    const summary = JSON.parse(spawnSync(process.execPath, [CLI, 'summary', '--json', 'torchrun-1.13-gloo-timeout.log'], { encoding: 'utf8', cwd: FIXTURES }).stdout);
    // Rank 0 raised after waiting 5 s; torchrun, which looks every 5 s, noticed its exit at 06:44:02 and then stopped rank 1.
    assert.deepStrictEqual(summary.ranks.map((r: { lastActivity: number }) => new Date(r.lastActivity).toISOString()), ['2026-12-01T06:43:57.000Z', '2026-12-01T06:44:02.000Z']);
    assert.deepStrictEqual(summary.ranks.map((r: { stoppedBy?: string; state: string }) => r.stoppedBy ?? r.state), ['failed', 'stopped by torchrun (SIGTERM)']);
    // The failure itself stays at its lower bound: its traceback has no time.
    assert.strictEqual(new Date(summary.firstFailure.record.time).toISOString(), '2026-12-01T06:43:53.867Z');
    const merged = cli('merge', 'torchrun-1.13-gloo-timeout.log').split('\n');
    const at = (re: RegExp) => merged.findIndex((l) => re.test(l));
    assert.ok(at(/ 2026-12-01 06:43:57\.000 +r0 +INFO +launcher: torchrun noticed at 2026-12-01 06:44:02\.000 that this rank had ended/) > at(/r0 +\| RuntimeError: .*Timed out waiting 5000ms/), merged.join('\n'));
    assert.ok(at(/ 2026-12-01 06:44:02\.000 +r1 +INFO +launcher: torchrun stopped local rank 1 \(pid 12277\) with SIGTERM/) > 0, merged.join('\n'));
  });

  it("names the rank that never entered the collective in torchrun 2's NCCL watchdog abort (torchrun blames the rank that timed out)", () => {
    const lines = diagnoseLines('torchrun-2-nccl-watchdog-abort.out');
    assert.strictEqual(lines[0], 'Hang: rank 0 never entered ALLREDUCE #6463; 1 rank timed out waiting for it (started 2026-12-01 18:07:01.821)');
    assert.ok(lines.some((l) => /last record: INFO fetching shard 913/.test(l)), lines.join('\n'));
  });

  it("a hung job stopped with Ctrl+C: the job was interrupted (no rank failed), and the rank whose Python got the KeyboardInterrupt was in wait_for_shard; the others, in gloo, were stopped by torchrun", () => {
    const lines = diagnoseLines('torchrun-1.13-sigint-hung-rank.log', 0);
    assert.match(lines[0], /^Interrupted \(KeyboardInterrupt: Ctrl\+C, or SIGINT from a launcher\): rank 2 first at .*, in wait_for_shard \(stuck\.py:11\) <- train_step \(stuck\.py:14\) <- <module> \(stuck\.py:20\)$/);
    const summary = spawnSync(process.execPath, [CLI, 'summary', '--json', 'torchrun-1.13-sigint-hung-rank.log'], { encoding: 'utf8', cwd: FIXTURES });
    assert.deepStrictEqual(JSON.parse(summary.stdout).ranks.map((x: { stoppedBy?: string; state: string }) => x.stoppedBy ?? x.state), ['stopped by torchrun (SIGINT)', 'stopped by torchrun (SIGINT)', 'stopped by torchrun (SIGINT)']);
  });

  it("a job that exited 0 whose rank printed a finalizer's exception Python ignored at its exit (`Exception ignored in: <function Loader.__del__ ...>`): no rank failed", () => {
    const summary = spawnSync(process.execPath, [CLI, 'summary', '--json', 'torchrun-1.13-ignored-in-del.log'], { encoding: 'utf8', cwd: FIXTURES });
    const read = JSON.parse(summary.stdout);
    assert.deepStrictEqual([read.failedRanks, read.firstFailure, read.ranks.map((x: { errors: number }) => x.errors)], [0, undefined, [0, 1]]);
    assert.strictEqual(diagnoseLines('torchrun-1.13-ignored-in-del.log', 0)[0], 'No failure, hang or mismatch found in 2 ranks.');
  });

  it("a rank that logged a caught KeyError (logger.exception) and went on is not the job's failure: the rank that logged its error and exited with code 3 is, though torchrun's root cause names the other (its lost peer); and a job that exited 0 with such an error has no failure; so under Open MPI's tags", () => {
    const read = JSON.parse(spawnSync(process.execPath, [CLI, 'summary', '--json', 'torchrun-1.13-logged-error-then-exit-3.log'], { encoding: 'utf8', cwd: FIXTURES }).stdout);
    assert.deepStrictEqual([read.firstFailure.rank, read.firstFailure.record.message, read.ranks.map((x: { errors: number }) => x.errors)], [1, 'validation loss is nan, stopping', [3, 2]]);
    assert.match(diagnoseLines('torchrun-1.13-logged-error-then-exit-3.log')[0], /^First failure: rank 1 at 2026-12-06 06:59:57\.448: validation loss is nan, stopping$/);
    const ok = JSON.parse(spawnSync(process.execPath, [CLI, 'summary', '--json', 'torchrun-1.13-logged-error-went-on.log'], { encoding: 'utf8', cwd: FIXTURES }).stdout);
    assert.deepStrictEqual([ok.failedRanks, ok.firstFailure, ok.ranks.map((x: { errors: number }) => x.errors)], [0, undefined, [1, 0]]);
    assert.strictEqual(diagnoseLines('torchrun-1.13-logged-error-went-on.log', 0)[0], 'No failure, hang or mismatch found in 2 ranks.');
    // In Python's basicConfig() default (no times): the same.
    const plain = JSON.parse(spawnSync(process.execPath, [CLI, 'summary', '--json', 'torchrun-1.13-basicconfig-logged-error.log'], { encoding: 'utf8', cwd: FIXTURES }).stdout);
    assert.deepStrictEqual([plain.failedRanks, plain.firstFailure, plain.ranks.map((x: { errors: number }) => x.errors)], [0, undefined, [1, 0]]);
    // Under Open MPI's tags: rank 0's caught error is not the failure, rank 1's raise is; rank 0 was stopped by mpirun.
    const mpi = JSON.parse(spawnSync(process.execPath, [CLI, 'summary', '--json', 'openmpi-4.1-logged-error-went-on.out'], { encoding: 'utf8', cwd: FIXTURES }).stdout);
    assert.deepStrictEqual([mpi.firstFailure.rank, mpi.firstFailure.record.exception, mpi.ranks.map((x: { state: string; stoppedBy?: string }) => (x.stoppedBy ? 'stopped' : x.state))], [1, 'ValueError: bad shape in batch 2', ['stopped', 'failed']]);
  });

  it("a hung job stopped by torchrun's SIGINT whose second interrupt cut Python's exit (`KeyboardInterrupt: `, its message empty, in threading's shutdown): no rank failed, and rank 2 was where its first interrupt found it", () => {
    const lines = diagnoseLines('torchrun-1.13-sigint-threading-shutdown.log', 0);
    assert.match(lines[0], /^Interrupted \(KeyboardInterrupt: Ctrl\+C, or SIGINT from a launcher\): rank 2 first at .*, in <module> \(shard_wait\.py:13\)$/);
    assert.ok(!lines.some((l) => /_shutdown|threading/.test(l)), lines.join('\n'));
    const summary = spawnSync(process.execPath, [CLI, 'summary', '--json', 'torchrun-1.13-sigint-threading-shutdown.log'], { encoding: 'utf8', cwd: FIXTURES });
    const read = JSON.parse(summary.stdout);
    assert.deepStrictEqual([read.failedRanks, read.ranks.map((x: { stoppedBy?: string; state: string }) => x.stoppedBy ?? x.state)], [0, ['stopped by torchrun (SIGINT)', 'stopped by torchrun (SIGINT)', 'stopped by torchrun (SIGINT)']]);
  });

  it("the same Ctrl+C of a script with rich's traceback handler (its excepthook interrupted on every rank): no rank failed, though ranks 0 and 1 lost their peer; rank 2 was in wait_for_shard, not in the handler", () => {
    const lines = diagnoseLines('torchrun-1.13-rich-sigint-hung-rank.log', 0);
    assert.match(lines[0], /^Interrupted \(KeyboardInterrupt: Ctrl\+C, or SIGINT from a launcher\): rank 2 first at .*, in wait_for_shard \(hang\.py:12\) <- main \(hang\.py:19\) <- <module> \(hang\.py:26\)$/);
    assert.ok(!lines.some((l) => /excepthook/.test(l)), lines.join('\n'));
  });

  it("srun's SIGINT (scancel --signal=INT, Ctrl+C at srun) of the hung script with rich's handler: srun's `Interrupt` stops rank 1, whose KeyboardInterrupt is rich's panel (where it was); rank 0's exit code after its lost peer is the interrupt's: no rank failed", () => {
    const lines = diagnoseLines('srun-l-rich-sigint-hung-rank.out', 0);
    assert.match(lines[0], /^Interrupted \(KeyboardInterrupt: Ctrl\+C, or SIGINT from a launcher\): rank 1 first at .*, in wait_for_shard \(hang\.py:12\) <- main \(hang\.py:19\) <- <module> \(hang\.py:26\)$/);
    const summary = spawnSync(process.execPath, [CLI, 'summary', '--json', 'srun-l-rich-sigint-hung-rank.out'], { encoding: 'utf8', cwd: FIXTURES });
    assert.deepStrictEqual(
      JSON.parse(summary.stdout).ranks.map((x: { stoppedBy?: string; state: string }) => x.stoppedBy ?? x.state),
      ['interrupted (KeyboardInterrupt)', 'stopped by srun (SIGINT)'],
    );
  });

  it("the same srun SIGINT without rich: rank 0, in gloo, exits with code 1 once rank 1 left (its print of the error interrupted); in an attempt a rank of which was interrupted, that exit is the interrupt's, no failure", () => {
    const lines = diagnoseLines('srun-l-sigint-hung-rank.out', 0);
    assert.match(lines[0], /^Interrupted \(KeyboardInterrupt: Ctrl\+C, or SIGINT from a launcher\): rank 1 first at .*, in wait_for_shard \(hang\.py:11\)/);
    const summary = spawnSync(process.execPath, [CLI, 'summary', '--json', 'srun-l-sigint-hung-rank.out'], { encoding: 'utf8', cwd: FIXTURES });
    const read = JSON.parse(summary.stdout);
    assert.deepStrictEqual([read.failedRanks, read.ranks.map((x: { stoppedBy?: string; state: string }) => x.stoppedBy ?? x.state), read.attempts[0].interrupted], [0, ['lost its peer as the job was stopped (Ctrl+C, a stop signal)', 'stopped by srun (SIGINT)'], true]);
  });

  it("a hung job ended by faulthandler's watchdog under torchrun --role rank (its tee labels `[rank2]:`, the dumps' frames indented after them): the rank in wait_for_shard, not rank 0 whose exit torchrun saw first", () => {
    const lines = diagnoseLines('torchrun-1.13-role-rank-faulthandler.log');
    assert.strictEqual(lines[0], "Hang: rank 2 is in wait_for_shard (stuck.py:11) while ranks 0, 1 wait in all_reduce (stuck.py:17); faulthandler's timeout then ended the hang");
    assert.ok(lines.includes('    {0-1}: all_reduce <- train_step (stuck.py:17) <- main (stuck.py:28) <- <module> (stuck.py:34)'), lines.join('\n'));
    assert.ok(lines.some((l) => /^ {2}torchrun-1\.13-role-rank-faulthandler\.log:34 {2}stack dump: wait_for_shard/.test(l)), lines.join('\n'));
  });

  it("the same hang kept by torchrun --log_dir, restarted, its second attempt run through: the first attempt's hang, named so (of two attempts, the first)", () => {
    assert.strictEqual(diagnoseLines('torchrun-1.13-log-dir-faulthandler-restart')[0], 'Hang in attempt 1 of 2 (the latest ran on): rank 2 is in wait_for_shard (stuck2.py:11) while ranks 0, 1 wait in all_reduce (stuck2.py:17)');
  });

  it("a torchrun restarted at once after rank 1 raised, whose rank 0 printed before it logged: 2 attempts of 2 ranks, not 3, rank 0 not stopped; its --log_dir, and its console (the restart dated by the launch's last time)", () => {
    for (const name of ['torchrun-1.13-log-dir-print-first-restart', 'torchrun-1.13-print-first-restart.log']) {
      const summary: { attempts: { members: { rank: number; session: number }[] }[]; ranks: { state: string }[] } = JSON.parse(cli('summary', '--json', name));
      assert.deepStrictEqual(summary.attempts.map((a) => a.members.map((m) => `${m.rank}.${m.session}`).sort()), [['0.0', '1.0'], ['0.1', '1.1']], name);
      assert.notStrictEqual(summary.ranks[0].state, 'stopped', name);
    }
  });

  it("a monitored barrier rank 2 never reached (rank 0's glog line with its year, E20261203 ...): rank 2 is the straggler, rank 0's report the first failure at its own time, not approximate", () => {
    const lines = diagnoseLines('torchrun-1.13-monitored-barrier.log');
    assert.strictEqual(lines[0], 'Hang: rank 2 did not reach the monitored barrier within 4000 ms');
    assert.match(lines[1], /^First failure: rank 0 at 2026-12-03 19:25:21\.222, torchrun-1\.13-monitored-barrier\.log:15: \[Rank 0\]: Rank 2 failed to pass monitoredBarrier in 4000 ms/);
  });

  it("a Slurm job its time limit cancelled (task files of srun -l, labelled): no rank failed on its own; the silence before the end is the hang, or the rank silent long before the others; a job cut short while logging is said so", () => {
    const name = 'slurm-time-limit-labelled-task-files';
    assert.strictEqual(diagnoseLines(name)[0], 'Hang: no rank logged for 1m 22s before Slurm cancelled job step 1.0 on vm due to time limit at 2026-12-03 19:35:10 (the last: ranks 0, 1 at 2026-12-03 19:33:47.802)');
    // Variants of the same job in a copy, lines added after each rank's step 3: rank 0 logged on until the end while rank 1 was stuck; both logged until the end.
    const label = (rank: number, lines: string[] = []) => lines.map((m) => `${rank}: ${m}`);
    const variant = (dir: string, added: string[][], first: string[] = []): string[] => {
      copyWithLines(name, dir, (rank) => `train_1_${rank}.out`, (rank) => label(rank, added[rank]), (rank) => label(rank, first));
      return cliOn('diagnose', dir).split('\n');
    };
    inTempDir('gwl-time-limit-', (root) => {
      const waited = variant(path.join(root, 'waited'), [['2026-12-03 19:35:05,100 WARNING train: still waiting for rank 1']]);
      assert.strictEqual(waited[0], "Hang: rank 1 went silent 1m 17s or more before the others' last records; then Slurm cancelled job step 1.0 on vm due to time limit at 2026-12-03 19:35:10");
      assert.ok(waited.includes("Straggler: rank 1: silent from 2026-12-03 19:33:47.802, 1m 17s before the others' last records"), waited.join('\n'));
      const working = variant(path.join(root, 'working'), [['2026-12-03 19:35:05,100 INFO train: step 200 loss 0.005'], ['2026-12-03 19:35:04,900 INFO train: step 200 loss 0.005']]);
      assert.strictEqual(working[0], 'Ended by its launcher: Slurm cancelled job step 1.0 on vm due to time limit at 2026-12-03 19:35:10, 4.9 s after the ranks\' last records (no rank failed on its own)');
      // A job that logs every few minutes is not hung for 82 s of quiet.
      const sparse = variant(path.join(root, 'sparse'), [], ['2026-12-03 19:20:00,000 INFO train: loading', '2026-12-03 19:25:00,000 INFO train: loaded', '2026-12-03 19:30:00,000 INFO train: compiled']);
      assert.match(sparse[0], /^Ended by its launcher: Slurm cancelled job step 1\.0 on vm due to time limit at 2026-12-03 19:35:10, 1m 22s after the ranks' last records/);
    });
  });

  it("the same time limit with faulthandler on SIGTERM: the stacks it dumped as Slurm ended the job tell the hang (rank 1's dated by its record 84 s before, taken with rank 0's)", () => {
    const lines = diagnoseLines('slurm-time-limit-faulthandler-task-files');
    assert.strictEqual(lines[0], 'Hang: rank 1 is in <module> (tl.py:13) while rank 0 waits in all_reduce (tl.py:14); then Slurm cancelled job step 1.0 on vm due to time limit at 2026-12-03 19:45:26');
    assert.ok(lines.includes('  train_1_1.out:7  stack dump: <module> (tl.py:13)'), lines.join('\n'));
    // The same job as one capture of srun -l.
    assert.strictEqual(diagnoseLines('srun-l-time-limit-faulthandler.out')[0], 'Hang: rank 1 is in <module> (tl.py:13) while rank 0 waits in all_reduce (tl.py:14); then Slurm cancelled job step 1.0 on vm due to time limit at 2026-12-03 19:54:04');
  });

  it("a PBS job of torchrun its walltime ended (PBS gives no time: its walltime from the capture's first): the stacks dumped on SIGTERM tell the hang; without them, the silence before it; a job logging until the end, cut short", () => {
    const name = 'pbs-walltime-torchrun-faulthandler.out';
    assert.strictEqual(diagnoseLines(name)[0], 'Hang: rank 1 is in <module> (hang.py:15) while rank 0 waits in all_reduce (hang.py:16); then PBS killed the job: walltime 78 exceeded limit 75 at 2026-12-03 21:51:20');
    const lines = fs.readFileSync(path.join(FIXTURES, name), 'utf8').split('\n');
    inTempDir('gwl-pbs-', (root) => {
      const variant = (file: string, text: string[]): string[] => {
        fs.writeFileSync(path.join(root, file), text.join('\n'));
        return cliOn('diagnose', path.join(root, file)).split('\n');
      };
      // Without faulthandler: no dumps.
      const plain = lines.filter((l) => !/^\[default\d\]:(?:Current thread| {2}File )/.test(l));
      assert.strictEqual(variant('plain.out', plain)[0], 'Hang: no rank logged for 1m 14s before PBS killed the job: walltime 78 exceeded limit 75 at 2026-12-03 21:51:20 (the last: ranks 0, 1 at 2026-12-03 21:50:05.624)');
      // Both ranks logged until a few seconds before it.
      const kill = plain.findIndex((l) => l.startsWith('=>> PBS'));
      const working = [...plain.slice(0, kill), '[default0]:2026-12-03 21:51:16,000 INFO train: step 70 loss 0.014', '[default1]:2026-12-03 21:51:16,100 INFO train: step 70 loss 0.014', ...plain.slice(kill)];
      assert.strictEqual(variant('working.out', working)[0], "Ended by its launcher: PBS killed the job: walltime 78 exceeded limit 75 at 2026-12-03 21:51:20, 4.5 s after the ranks' last records (no rank failed on its own)");
    });
  });

  it('a real srun -l stopped by scancel two minutes after every rank went silent: a hang, and the rank whose last record is not the others\' is named with it', () => {
    const lines = diagnoseLines('srun-l-scancel-hung-rank-lock.out');
    assert.strictEqual(lines[0], 'Hang: no rank logged for 2m 07s before every rank was stopped by srun (SIGTERM) at 2026-12-06 02:36:55 (the last: ranks 0, 1, 2 at 2026-12-06 02:34:47.245); last logged: rank 1 "INFO waiting for the checkpoint lock"; the others (ranks 0, 2) "INFO entering barrier"');
    assert.deepStrictEqual(lines.slice(1, 3), ['Straggler: rank 1: last logged something else than ranks 0, 2 ("INFO entering barrier")', '  srun-l-scancel-hung-rank-lock.out:12  last record: INFO waiting for the checkpoint lock']);
  });

  it("an LSF job of torchrun its run limit ended (its job report after the output, TERM_RUNLIMIT at its Terminated at time): no rank logged for 1m 14s before it, a hang", () => {
    assert.strictEqual(diagnoseLines('lsf-run-limit-torchrun.out')[0], 'Hang: no rank logged for 1m 14s before LSF: job killed after reaching LSF run time limit (TERM_RUNLIMIT) at 2026-12-03 22:06:00 (the last: ranks 0, 1 at 2026-12-03 22:04:45.542)');
    const summary: { ranks: { state: string }[] } = JSON.parse(cli('summary', '--json', 'lsf-run-limit-torchrun.out'));
    assert.deepStrictEqual(summary.ranks.map((r) => r.state), ['failed', 'failed']);
    // Killed by its owner (bkill): a stop of each rank, no failure.
    inTempDir('gwl-lsf-', (root) => {
      const owner = path.join(root, 'job.out');
      fs.writeFileSync(owner, fs.readFileSync(path.join(FIXTURES, 'lsf-run-limit-torchrun.out'), 'utf8').replace('TERM_RUNLIMIT: job killed after reaching LSF run time limit.', 'TERM_OWNER: job killed by owner.'));
      const stopped: { ranks: { state: string; stoppedBy?: string }[]; firstFailure?: unknown } = JSON.parse(cliOn('summary', '--json', owner));
      assert.deepStrictEqual(stopped.ranks.map((r) => `${r.state}: ${r.stoppedBy}`), ['finished: stopped by LSF (bkill)', 'finished: stopped by LSF (bkill)']);
      assert.strictEqual(stopped.firstFailure ?? null, null);
    });
  });

  it("a capture named with its job id as its extension (LSF's `bsub -o output.%J`, Slurm's `--output=train.log.%j`) is found in its folder; a rotated log's `.1` is no capture's name", async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gwl-job-id-'));
    try {
      fs.copyFileSync(path.join(FIXTURES, 'lsf-run-limit-torchrun.out'), path.join(root, 'output.4411'));
      fs.copyFileSync(path.join(FIXTURES, 'lsf-run-limit-torchrun.out'), path.join(root, 'train.log.1'));
      const jobs = await findForeignJobs(root);
      assert.deepStrictEqual(jobs.map((j) => [j.kind, path.basename(j.source)]), [['capture', 'output.4411']]);
      assert.ok(CAPTURE_NAME.test('train.log.20261204') && !CAPTURE_NAME.test('train.log.12') && !CAPTURE_NAME.test('model.ckpt.4411x'));
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it("our module's logs of a hang every rank of which got SIGTERM at once (as a time limit sends it): no rank failed, but no rank had logged for 1m 09s; a rank silent long before the others is the straggler; a job stopped while it logged is clean", () => {
    const name = 'torchrun-1.13-module-sigterm-hang';
    assert.strictEqual(diagnoseLines(name)[0], 'Hang: no rank logged for 1m 09s before every rank was stopped by SIGTERM at 2026-12-03 22:15:36 (the last: ranks 0, 1 at 2026-12-03 22:14:27.299)');
    // The runner's stacks dumped at the SIGTERM say where each rank was.
    const stacks = diagnoseLines('torchrun-1.13-module-sigterm-hang-stacks');
    assert.strictEqual(stacks[0], 'Hang: rank 1 is in <module> (hang.py:14) while rank 0 waits in all_reduce (hang.py:15); then every rank was stopped by SIGTERM at 2026-12-03 22:31:20');
    assert.ok(stacks.includes('  worker_1.log:8  stack dump: <module> (hang.py:14)'), stacks.join('\n'));
    // The same stop of a job that logged until it: its stacks are where busy ranks were, no hang.
    const workerLog = (rank: number) => `worker_${rank}.log`;
    inTempDir('gwl-sigterm-busy-', (busy) => {
      copyWithLines('torchrun-1.13-module-sigterm-hang-stacks', busy, workerLog, (rank) => [`2026-12-03 22:31:19,500 - Worker ${rank} - train - INFO - step 80 loss 0.012`]);
      assert.strictEqual(cliOn('diagnose', busy).split('\n')[0], 'No failure, hang or mismatch found in 2 ranks.');
    });
    // Lines added after each rank's step 3.
    const variant = (dir: string, added: string[][]): string[] => {
      copyWithLines(name, dir, workerLog, (rank) => (added[rank] ?? []).map((m) => `2026-12-03 ${m.replace('{rank}', String(rank))}`));
      return cliOn('diagnose', dir).split('\n');
    };
    inTempDir('gwl-sigterm-', (root) => {
      const waited = variant(path.join(root, 'waited'), [['22:15:30,000 - Worker {rank} - train - WARNING - still waiting for rank 1']]);
      assert.strictEqual(waited[0], "Hang: rank 1 went silent 1m 02s or more before the others' last records; then every rank was stopped by SIGTERM at 2026-12-03 22:15:36");
      const working = variant(path.join(root, 'working'), [['22:15:35,000 - Worker {rank} - train - INFO - step 70 loss 0.014'], ['22:15:35,100 - Worker {rank} - train - INFO - step 70 loss 0.014']]);
      assert.strictEqual(working[0], 'No failure, hang or mismatch found in 2 ranks.');
      // Stopped a minute apart: no stop of the job at once (each rank's own).
      const apart = path.join(root, 'apart');
      fs.cpSync(path.join(FIXTURES, name), apart, { recursive: true });
      const rank1 = path.join(apart, 'worker_1.log');
      fs.writeFileSync(rank1, fs.readFileSync(rank1, 'utf8').replaceAll('2026-12-03 22:15:36,', '2026-12-03 22:16:40,'));
      assert.strictEqual(cliOn('diagnose', apart).split('\n')[0], 'No failure, hang or mismatch found in 2 ranks.');
      assert.doesNotMatch(cliOn('summary', apart), /^Stopped:/m);
    });
  });

  it("a job torchrun restarted after two ranks timed out in gloo waiting for the third, whose second attempt ran through: the hang is named as the first attempt's, the straggler's last record in it", () => {
    const lines = diagnoseLines('torchrun-1.13-gloo-timeout-restart.log');
    assert.strictEqual(lines[0], 'Hang in attempt 1 of 2 (the latest ran on): rank 2 logged no timeout, while ranks 0, 1 timed out waiting in gloo (5000 ms)');
    assert.ok(lines.includes('  torchrun-1.13-gloo-timeout-restart.log:16  last record: INFO step 1'), lines.join('\n'));
    // torchrun's word that ended the attempt has no time: the restart is the next attempt's first record's (18:55:17.430), not the last before the waits (18:55:07.684).
    const resumes = cli('merge', 'torchrun-1.13-gloo-timeout-restart.log').split('\n').filter((l) => l.includes('=== Resume at'));
    assert.deepStrictEqual(resumes.map((l) => l.replace(/\s+/g, ' ').trim()), [0, 1, 2].map((r) => `2026-12-03 18:55:17.430 r${r} INFO torchrun: === Resume at 2026-12-03T18:55:17.430 ===`));
    // A first record of a clock gone wrong (2099): the last time before the failure, as before.
    inTempDir('gwl-restart-', (root) => {
      const wrong = path.join(root, 'train.out');
      fs.writeFileSync(wrong, fs.readFileSync(path.join(FIXTURES, 'torchrun-1.13-gloo-timeout-restart.log'), 'utf8').replace('[default0]:2026-12-03 18:55:17,430', '[default0]:2099-12-03 18:55:17,430'));
      assert.deepStrictEqual(cliOn('merge', wrong).split('\n').filter((l) => l.includes('=== Resume at')).map((l) => l.trim().slice(0, 23)), ['2026-12-03 18:55:07.684', '2026-12-03 18:55:07.684', '2026-12-03 18:55:07.684']);
    });
  });

  it("the same hang kept by torchrun --log_dir (each rank's stderr.log ends in the watchdog's dump, torchrun's word only on its console): every rank read failed by the watchdog, not ended, and the rank in wait_for_shard named", () => {
    const name = 'torchrun-1.13-log-dir-faulthandler';
    const old = new Date('2026-01-01T00:00:00Z');
    for (const rank of ['0', '1', '2']) fs.utimesSync(path.join(FIXTURES, name, 'none_qszz8851', 'attempt_0', rank, 'stderr.log'), old, old);
    const summary: { ranks: { state: string; firstError?: { record: { message: string } } }[] } = JSON.parse(cli('summary', '--json', name));
    assert.deepStrictEqual(summary.ranks.map((r) => `${r.state}: ${/^Worker \d ended after faulthandler's watchdog dumped its stack/.test(r.firstError?.record.message ?? '')}`), ['failed: true', 'failed: true', 'failed: true']);
    const lines = diagnoseLines(name);
    assert.strictEqual(lines[0], "Hang: rank 2 is in wait_for_shard (stuck.py:10) while ranks 0, 1 wait in all_reduce (stuck.py:16); faulthandler's timeout then ended the hang");
  });

  it("a hung job of two ranks under srun -l, ended by faulthandler's watchdog: the rank loading data, not the one in all_reduce (srun names both)", () => {
    const lines = diagnoseLines('srun-l-faulthandler-2-ranks.out');
    assert.strictEqual(lines[0], "Hang: rank 1 is in load_shard (stuck.py:13) while rank 0 waits in all_reduce (stuck.py:23); faulthandler's timeout then ended the hang");
    assert.ok(lines.includes('  ! {1}: load_shard (stuck.py:13) <- main (stuck.py:22) <- <module> (stuck.py:28)'), lines.join('\n'));
  });

  it("the same hang in a job torchrun restarted, whose second attempt ran through: the hang is named as the first attempt's", () => {
    assert.strictEqual(diagnoseLines('torchrun-1.13-faulthandler-restart.log')[0], "Hang in attempt 1 of 2 (the latest ran on): rank 2 is in wait_for_shard (stuck.py:11) while ranks 0, 1 wait in all_reduce (stuck.py:17); faulthandler's timeout then ended the hang");
  });

  it("ranks that timed out in init_process_group waiting for one still downloading its weights: that one, not rank 0 (torchrun's Root Cause)", () => {
    const lines = diagnoseLines('torchrun-1.13-init-timeout.log');
    assert.strictEqual(lines[0], 'Hang at init: rank 2 never reached init_process_group; ranks 0, 1 failed in init_process_group waiting for the others');
    assert.ok(lines.includes('Straggler: rank 2: never reached init_process_group, where ranks 0, 1 failed waiting'), lines.join('\n'));
    assert.ok(lines.includes('  torchrun-1.13-init-timeout.log:7  last record: INFO starting'), lines.join('\n'));
  });

  it("the same hang under mpirun --tag-output, whose dumps came in tagged pieces: rank 1, not rank 0 that mpirun names as the first to exit", () => {
    const lines = diagnoseLines('openmpi-4.1-faulthandler-pieces.out');
    assert.strictEqual(lines[0], "Hang: rank 1 is in load_shard (stuck.py:13) while ranks 0, 2 wait in all_reduce (stuck.py:23); faulthandler's timeout then ended the hang");
    assert.ok(lines.includes('    {0,2}: all_reduce <- main (stuck.py:23) <- <module> (stuck.py:28)'), lines.join('\n'));
  });

  it("a collective mismatch told by TORCH_DISTRIBUTED_DEBUG=DETAIL: rank 1 in broadcast while ranks 0 and 2 are in all_reduce (torchrun blames rank 0)", () => {
    const lines = diagnoseLines('torchrun-1.13-collective-mismatch.log');
    assert.strictEqual(lines[0], 'Collective mismatch: ranks 0, 2 in ALLREDUCE; rank 1 in BROADCAST');
    assert.ok(lines.includes('Mismatch: ALLREDUCE on 0,2 vs BROADCAST on 1'), lines.join('\n'));
    assert.ok(lines.some((l) => /^ {2}torchrun-1\.13-collective-mismatch\.log:43 {2}\[default1\]:RuntimeError: Detected mismatch .* Rank 1 is running collective: CollectiveFingerPrint\(OpType=BROADCAST/.test(l)), lines.join('\n'));
  });

  it("a rank SIGKILL ended 9 s after its last line (torchrun names it): rank 0's error 2 s after that line is the first failure; the killed rank's at or after when torchrun noticed, less the 5 s it looks every", () => {
    const out = cli('summary', 'torchrun-1.13-sigkill-silent.log');
    assert.match(out, /\n1 +failed .* torchrun: local rank 1 \(pid 20620\) was killed by signal 9/);
    assert.match(out, /^First failure: rank 0, session 1 \(attempt 1\) at 2026-12-04 11:41:13\.476, torchrun-1\.13-sigkill-silent\.log:14: eval loader: shard 7 unreadable, skipped$/m);
    const merged = cli('merge', 'torchrun-1.13-sigkill-silent.log', '--ranks', '1');
    assert.match(merged, /^ 2026-12-04 11:41:17\.000 +r1 +INFO +launcher: torchrun noticed at 2026-12-04 11:41:22\.000 that this rank had ended; .*\n~2026-12-04 11:41:17\.000 +r1 +ERROR +launcher: torchrun: local rank 1 \(pid 20620\) was killed by signal 9 \(SIGKILL\)$/m);
  });

  it("names the CUDA kernel's failed assertion behind 'device-side assert triggered', at its line of the capture", () => {
    const r = spawnSync(process.execPath, [CLI, 'diagnose', '--json', 'torchrun-2-device-assert.out'], { encoding: 'utf8', cwd: FIXTURES });
    assert.strictEqual(r.status, 1, r.stderr);
    const f = JSON.parse(r.stdout).firstFailure;
    assert.deepStrictEqual([f.rank, f.line + 1], [1, 9]);
    assert.deepStrictEqual(f.deviceAssertion, {
      file: 'torchrun-2-device-assert.out',
      line: 18,
      message: '../aten/src/ATen/native/cuda/Loss.cu:250: nll_loss_forward_reduce_cuda_kernel_2d: block: [0,0,0], thread: [0,0,0] Assertion `t >= 0 && t < n_classes` failed.',
    });
    assert.match(f.message, /^Uncaught exception \(RuntimeError: CUDA error: device-side assert triggered\); on the device: \.\.\/aten\/src\/ATen\/native\/cuda\/Loss\.cu:250: /);
  });
});

describe("what another launcher does that its files do not show", () => {
  it("not torchrun's --log_dir, nor per-rank files alone; a capture and task files beside their batch output do (the launcher's word)", async () => {
    const facts = async (name: string) => {
      const jobs = await findForeignJobs(path.resolve(FIXTURES, name), DEFAULT_RANK_FILE_PATTERNS, []);
      assert.strictEqual(jobs.length, 1, name);
      return launcherFacts(jobs[0]);
    };
    const why = async (name: string) => (await facts(name)).endingsUnrecorded;
    // torchrun also stops an attempt's other ranks once one fails; no other launcher is relied on so.
    assert.deepStrictEqual([(await facts('torchrun-1.13-log-dir')).stopsAttemptOnFailure, (await facts('slurm-sbatch-task-files')).stopsAttemptOnFailure], [true, undefined]);
    assert.match((await why('torchrun-1.13-log-dir-sigsegv')) ?? '', /^torchrun's --log_dir keeps no exit codes, .*torchrun's console \(its Root Cause\) says how each ended$/);
    assert.match((await why('openmpi-4.1-output-filename')) ?? '', /^per-rank files keep no exit codes/);
    assert.strictEqual(await why('slurm-sbatch-task-files'), undefined);
    // worker-logs diagnose finds nothing there, and says what it cannot see.
    assert.match(cli('diagnose', 'torchrun-1.13-log-dir-sigsegv'), /^No failure, hang or mismatch found in 4 ranks\.\nNote: torchrun's --log_dir keeps no exit codes, /);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gwl-capture-'));
    try {
      fs.copyFileSync(path.join(FIXTURES, 'torchrun-1.13-sigsegv.log'), path.join(dir, 'train.log'));
      assert.strictEqual(await why(dir), undefined);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
