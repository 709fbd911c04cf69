import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { JobImport } from '../../src/core/importJob';
import { findForeignJobs } from '../../src/core/importLayouts';
import { RankLineWriter } from '../../src/core/importLines';
import { RankFiles, RankOutput } from '../../src/core/importOutput';
import { mapLimit } from '../../src/core/mapLimit';
import { ByteText, releaseSpareBuffers, StreamRecords } from '../../src/core/importStreams';
import { RESET, SourceReader } from '../../src/core/importSources';
import { nextReadDelay } from '../../src/imports/importedJobs';
import { BUILT_IN_FORMATS } from '../../src/core/lineFormats';
import { tempDirs, writeFile } from '../support/tempFiles';
import { rng } from '../support/random';

const options = { formats: BUILT_IN_FORMATS, year: 2026 };

// Folders the tests make, removed once they are done (each unit run left ~85, up to 12 MB each).
const tmp = tempDirs('gwl-streams-');
const write = writeFile;

/** A record of the model below: its time and its lines with their sources. */
interface ModelRecord {
  time: number;
  lines: { text: string; line: number; offset: number }[];
}

/**
 * The merge as the rule says it, one record at a time (what the import did before it kept
 * records as bytes): the earliest next record first, the earlier stream on equal times; a held
 * stream's last record is waited for.
 */
class ModelMerge {
  readonly queues = new Map<string, { done: ModelRecord[]; open?: ModelRecord }>();
  readonly out: { text: string; file: string; line: number }[] = [];

  merge(all: boolean, held: ReadonlySet<string>): void {
    const heads: { file: string; queue: ModelRecord[]; open?: ModelRecord }[] = [];
    for (const [file, q] of this.queues) {
      if (q.open && (all || !held.has(file) || this.queues.size === 1)) {
        q.done.push(q.open);
        q.open = undefined;
      }
      if (q.done.length > 0 || q.open) heads.push({ file, queue: q.done, open: q.open });
    }
    const next = (h: (typeof heads)[number]) => h.queue[0] ?? h.open;
    for (;;) {
      let best: (typeof heads)[number] | undefined;
      for (const h of heads) if (next(h) && (!best || next(h)!.time < next(best)!.time)) best = h;
      if (!best || best.queue.length === 0) break;
      for (const l of best.queue.shift()!.lines) this.out.push({ text: l.text, file: best.file, line: l.line });
    }
  }
}

describe('a rank\'s streams merged from their bytes', () => {
  it('writes runs of records by time (equal times: the streams\' order), waits for held records, and maps each line to its source, as one record at a time would (fuzz, 40 seeds)', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const rand = rng(seed);
      const out = new RankOutput(2, '/nowhere/worker_2.log');
      const model = new ModelMerge();
      const files = ['stderr', 'stdout', 'other'].slice(0, 1 + Math.floor(rand() * 3));
      const lineOf = new Map(files.map((f) => [f, 0]));
      for (const f of files) {
        out.streams.set(f, new StreamRecords(f, new RankLineWriter(2, f, options)));
        model.queues.set(f, { done: [] });
      }
      const times = [-Infinity, 10, 10, 20, 30, 30, 30, 40, 50];
      let n = 0;
      const expectWritten = (what: string) => {
        const got = out.text.take().toString('utf8').split('\n').slice(0, -1);
        const want = model.out.splice(0).map((l) => l.text);
        assert.deepStrictEqual(got, want, `seed ${seed}, ${what}`);
      };
      for (let round = 0; round < 30; round++) {
        for (let k = Math.floor(rand() * 12); k > 0; k--) {
          const f = files[Math.floor(rand() * files.length)];
          const st = out.streams.get(f)!;
          const q = model.queues.get(f)!;
          // A record starts, or (sometimes) a line joins the open one.
          if (!st.open || rand() < 0.7) {
            const time = times[Math.floor(rand() * times.length)];
            st.start(time === -Infinity ? undefined : time);
            if (q.open) q.done.push(q.open);
            q.open = { time, lines: [] };
          }
          const text = `${f} ${n++} ${'ü'.repeat(Math.floor(rand() * 3))}`;
          const line = lineOf.get(f)!;
          lineOf.set(f, line + 1 + Math.floor(rand() * 2));
          st.line(text, line, line * 100);
          q.open!.lines.push({ text, line, offset: line * 100 });
        }
        const all = rand() < 0.1;
        const held = new Set(files.filter(() => rand() < 0.5));
        const before = model.out.length;
        out.writeStreams(all, held);
        model.merge(all, held);
        const mapped = model.out.slice(before);
        for (let i = 0; i < mapped.length; i++) {
          const k = out.map.markAt(out.lines - mapped.length + i);
          assert.strictEqual(out.map.file[k], mapped[i].file, `seed ${seed}, round ${round}`);
          assert.strictEqual(out.map.line[k] + (out.lines - mapped.length + i - out.map.out[k]), mapped[i].line, `seed ${seed}, round ${round}`);
        }
        expectWritten(`round ${round}`);
      }
      out.writeStreams(true);
      model.merge(true, new Set());
      expectWritten('at the end');
      for (const st of out.streams.values()) assert.strictEqual(st.count, 0, `seed ${seed}: nothing left`);
    }
  });

  it('a torchrun folder read through the lane, from bytes, from strings, and as it grows gives the same rank logs and sources (fuzz, 20 seeds)', async function () {
    this.timeout(120_000);
    const stamp = (ms: number) => new Date(Date.UTC(2026, 10, 30, 9) + ms).toISOString().replace('T', ' ').replace('.', ',').slice(0, 23);
    const shapes = [
      (t: number, i: number) => `${stamp(t)} INFO train: step ${i}`,
      (t: number, i: number) => `${stamp(t)} WARNING data.loader: slow shard ${i}`,
      (t: number, i: number) => `${stamp(t)} ERROR x: ünïcode ${i}`,
      (t: number, i: number) => `${stamp(t)} INFO a b: spaced ${i}`,
      (t: number, i: number) => `${stamp(t)} DEBUG x: cr ${i}\r`,
      (t: number, i: number) => `${stamp(t)} - Worker 0 - ours - INFO - x ${i}`,
      (_t: number, i: number) => `[2026-11-30 09:00:0${i % 10},000] [INFO] [engine.py:12:step] deepspeed ${i}`,
      (_t: number, i: number) => `[W1130 09:00:0${i % 10}.123456 4242 ProcessGroupNCCL.cpp:1200] watchdog ${i}`,
      (_t: number, i: number) => `node-a:4242:4243 [0] NCCL INFO Channel ${i}`,
      () => 'Traceback (most recent call last):',
      (_t: number, i: number) => `  File "train.py", line ${i}, in step`,
      (_t: number, i: number) => `\tindented by a tab ${i}`,
      (_t: number, i: number) => `  indented ünïcode ${i}`,
      () => 'RuntimeError: boom',
      () => 'During handling of the above exception, another exception occurred:',
      () => '  + Exception Group Traceback (most recent call last):',
      (_t: number, i: number) => `  | ExceptionGroup: many (${i} sub-exceptions)`,
      // PyTorch 2.4+ labels what a worker writes to stderr itself.
      () => '[rank1]: Traceback (most recent call last):',
      (_t: number, i: number) => `[rank1]:   File "x.py", line ${i}, in f`,
      (_t: number, i: number) => `[rank0]:[W1130 09:00:0${i % 10}.123456 4242 ProcessGroupNCCL.cpp:1200] labelled ${i}`,
      () => '[rank12]: RuntimeError: inner',
      (_t: number, i: number) => `step ${i}: loss 0.5`,
      (_t: number, i: number) => ` 50%|#####     | ${i}/10\r 60%|######    | ${i}/10`,
      () => '',
    ];
    for (let seed = 1; seed <= 20; seed++) {
      const rand = rng(100 + seed);
      const root = tmp();
      const run = path.join(root, 'logs', 'none_abc', 'attempt_0');
      // Every fourth job is big enough (one rank, over 1 MiB) to be read in several turns: the
      // lane takes over once the rank's other stream is read and written.
      const big = seed % 4 === 1;
      const ranks = big ? 1 : 1 + Math.floor(rand() * 3);
      // Every third job's ranks have one stream: its records are written as they come.
      const streams = seed % 3 === 0 ? ['stderr.log'] : ['stderr.log', 'stdout.log'];
      const texts = new Map<string, string>();
      let t = 0;
      for (let i = 0; i < (big ? 60_000 : 600); i++) {
        t += Math.floor(rand() * 3);
        const stream = streams[rand() < 0.7 ? 0 : streams.length - 1];
        const file = path.join(run, String(Math.floor(rand() * ranks)), stream);
        // A big job's stdout holds prints (no time: they come first, and its stream is soon written whole).
        const shape = big && stream === 'stdout.log' ? shapes[shapes.length - 3 + Math.floor(rand() * 2)] : shapes[Math.floor(rand() * shapes.length)];
        texts.set(file, (texts.get(file) ?? '') + shape(t, i) + '\n');
      }
      for (let r = 0; r < ranks; r++) for (const s of streams) texts.set(path.join(run, String(r), s), texts.get(path.join(run, String(r), s)) ?? '');
      // The live reading sees the files grow in a few steps, sometimes by half a line.
      for (const file of texts.keys()) write(file, '');
      const [job] = await findForeignJobs(path.join(root, 'logs'));
      assert.strictEqual(job?.kind, 'torchrun', `seed ${seed}`);
      const live = new JobImport(job, path.join(root, 'live'), options);
      const steps = 1 + Math.floor(rand() * 5);
      for (let k = 1; k <= steps; k++) {
        for (const [file, text] of texts) {
          const cut = k === steps ? text.length : Math.floor((text.length * k) / steps);
          fs.writeFileSync(file, text.slice(0, cut));
        }
        await live.update();
      }
      await live.update();
      // One-shot readings: through the lane (a stream whose rank has nothing else left to merge
      // goes straight to the output), from bytes without it, and from strings.
      const fast = new JobImport(job, path.join(root, 'fast'), options);
      const bytes = new JobImport(job, path.join(root, 'bytes'), { ...options, captureLane: false });
      const slow = new JobImport(job, path.join(root, 'slow'), { ...options, byteFastPath: false });
      for (const imp of [fast, bytes, slow]) await imp.readOnce();
      if (big || streams.length === 1) assert.ok(fast.laneLines > 50, `seed ${seed}: ${fast.laneLines} lines in the lane`);
      assert.ok(bytes.linesFromBytes > 50 && bytes.laneLines === 0 && slow.linesFromBytes === 0, `seed ${seed}: ${bytes.linesFromBytes} lines from bytes`);
      const names = fs.readdirSync(path.join(root, 'slow')).sort();
      for (const imp of [fast, bytes, live]) {
        assert.deepStrictEqual(fs.readdirSync(imp.outDir).sort(), names, `seed ${seed}`);
        for (const n of names) {
          const want = fs.readFileSync(path.join(root, 'slow', n), 'utf8');
          assert.strictEqual(fs.readFileSync(path.join(imp.outDir, n), 'utf8'), want, `seed ${seed}, ${path.basename(imp.outDir)}/${n}`);
          const count = want.split('\n').length - 1;
          for (let i = 0; i < count; i += big ? 7 : 1) assert.deepStrictEqual(await imp.sourceOf(path.join(imp.outDir, n), i), await slow.sourceOf(path.join(root, 'slow', n), i), `seed ${seed}, ${path.basename(imp.outDir)}/${n}:${i}`);
        }
      }
    }
  });

  it('the first reading of a torchrun folder unchanged for minutes is a one-shot reading (its last records not held back, the lane used); a folder still written holds them back', async function () {
    this.timeout(60_000);
    const stamp = (ms: number) => new Date(Date.UTC(2026, 10, 30, 9) + ms).toISOString().replace('T', ' ').replace('.', ',').slice(0, 23);
    const lines: string[] = [];
    for (let i = 0; i < 30_000; i++) lines.push(`${stamp(i * 10)} INFO train: step ${i} of a long run`);
    lines.push('Traceback (most recent call last):', '  File "train.py", line 9, in <module>');
    const make = (root: string, age: number) => {
      const attempt = path.join(root, 'logs', 'none_q1', 'attempt_0', '0');
      write(path.join(attempt, 'stderr.log'), lines.join('\n') + '\n');
      write(path.join(attempt, 'stdout.log'), 'hello\nstep 1: loss 0.5\n');
      const when = (Date.now() - age) / 1000;
      for (const f of ['stderr.log', 'stdout.log']) fs.utimesSync(path.join(attempt, f), when, when);
      return path.join(root, 'logs');
    };
    for (const [age, quiet] of [[60 * 60 * 1000, true], [0, false]] as const) {
      const root = tmp();
      const [job] = await findForeignJobs(make(root, age));
      const live = new JobImport(job, path.join(root, 'live'), options);
      const once = new JobImport(job, path.join(root, 'once'), options);
      await live.update();
      await once.readOnce();
      const got = fs.readFileSync(path.join(root, 'live', 'worker_0.log'), 'utf8');
      const whole = fs.readFileSync(path.join(root, 'once', 'worker_0.log'), 'utf8');
      if (quiet) {
        assert.strictEqual(got, whole);
        assert.ok(live.laneLines > 10_000, `${live.laneLines} lines in the lane`);
      } else {
        // The traceback may go on in the next write: held back, with the records it could still precede.
        assert.ok(!got.includes('Traceback') && whole.includes('Traceback'), got.slice(-200));
        assert.strictEqual(live.laneLines, 0);
      }
    }
  });

  it('task files of ranks past the lane\'s 1,024 slots go through it too (up to rank 9,999), each under its own number', async function () {
    this.timeout(60_000);
    const root = tmp();
    const ranks = [0, 1, 1024, 1030, 2048, 9999, 10_000];
    for (const r of ranks) {
      const lines = Array.from({ length: 3000 }, (_, i) => (i % 50 === 49 ? '  an indented line' : `2026-11-30 09:00:${String(i % 60).padStart(2, '0')},${String(r % 1000).padStart(3, '0')} INFO train: rank ${r} step ${i}`));
      write(path.join(root, 'tasks', `job_${r}.out`), lines.join('\n') + '\n');
    }
    const [job] = await findForeignJobs(path.join(root, 'tasks'));
    assert.deepStrictEqual([...job.ranks.keys()].sort((a, b) => a - b), ranks);
    const lane = new JobImport(job, path.join(root, 'lane'), options);
    const slow = new JobImport(job, path.join(root, 'slow'), { ...options, byteFastPath: false });
    await lane.readOnce();
    await slow.readOnce();
    // Rank 10,000's lines are not the lane's (its header would outgrow the room the lane counts on).
    assert.strictEqual(lane.laneLines, 6 * 3000);
    for (const r of ranks) {
      const file = `worker_${r}.log`;
      const got = fs.readFileSync(path.join(root, 'lane', file), 'utf8');
      assert.strictEqual(got, fs.readFileSync(path.join(root, 'slow', file), 'utf8'), file);
      assert.ok(got.startsWith(`2026-11-30 09:00:00,${String(r % 1000).padStart(3, '0')} - Worker ${r} - train - INFO - rank ${r} step 0\n`), got.slice(0, 120));
      assert.deepStrictEqual(await lane.sourceOf(path.join(root, 'lane', file), 2999), { path: path.join(root, 'tasks', `job_${r}.out`), line: 2999 });
    }
  });

  it("a source not grown since it was read is looked at, not read: nothing comes of it; its quiet last line without a break still comes, a vanished one keeps what was read, one replaced at the same size is read anew", async () => {
    const root = tmp();
    const file = path.join(root, 'rank.out');
    write(file, 'a\nb');
    const reader = new SourceReader();
    const got: string[] = [];
    const lines: number[] = [];
    const read = () => reader.read(file, (text, line) => got.push(text) && lines.push(line), { partialAfterMs: 60_000 });
    assert.strictEqual(await read(), true);
    assert.deepStrictEqual(got, ['a']);
    // Unchanged: nothing, however often.
    assert.strictEqual(await read(), false);
    assert.strictEqual(await read(), false);
    assert.deepStrictEqual(got, ['a']);
    // Its last line, without its break, once the file has been quiet for the wait.
    const old = new Date(Date.now() - 120_000);
    fs.utimesSync(file, old, old);
    assert.strictEqual(await read(), true);
    assert.deepStrictEqual(got, ['a', 'b']);
    assert.strictEqual(await read(), false);
    // Gone: what was read stays; back and grown, read on from where it was (the rest of b's line, of its line number).
    fs.renameSync(file, `${file}.away`);
    assert.strictEqual(await read(), false);
    fs.renameSync(`${file}.away`, file);
    fs.appendFileSync(file, 'c\nd\n');
    assert.strictEqual(await read(), true);
    assert.deepStrictEqual(got, ['a', 'b', 'c', 'd']);
    assert.deepStrictEqual(lines, [0, 1, 1, 2]);
    // Replaced by another file of the same size: the import starts over.
    const size = fs.statSync(file).size;
    write(`${file}.new`, 'x'.repeat(size - 1) + '\n');
    fs.renameSync(`${file}.new`, file);
    await assert.rejects(read(), (e) => e === RESET);
  });

  it("an imported job is read every half second while it writes, every 2 s once 20 reads found nothing, and waits 10 times as long as a costly read took (10 s at most)", () => {
    assert.strictEqual(nextReadDelay(500, 0, 3), 500);
    assert.strictEqual(nextReadDelay(500, 19, 3), 500);
    assert.strictEqual(nextReadDelay(500, 20, 3), 2000);
    assert.strictEqual(nextReadDelay(500, 0, 300), 3000);
    assert.strictEqual(nextReadDelay(500, 40, 150), 2000);
    assert.strictEqual(nextReadDelay(500, 40, 500), 5000);
    assert.strictEqual(nextReadDelay(500, 0, 30_000), 10_000);
    // A longer interval set is kept.
    assert.strictEqual(nextReadDelay(60_000, 20, 1), 60_000);
  });
});

describe("an output's bytes", () => {
  afterEach(() => releaseSpareBuffers());

  /** A text grown to about `bytes` of lines of `c`. */
  const grown = (bytes: number, c: string): ByteText => {
    const t = new ByteText();
    const line = c.repeat(1023);
    for (let n = 0; n < bytes; n += 1024) t.line(line);
    return t;
  };

  it("a rank's big buffer, once its bytes are written, is the next rank's that grows (not a launcher's few lines'); the bytes taken are not touched before they are written", () => {
    const a = grown(3 * 1024 * 1024, 'a');
    const big = a.buf;
    assert.ok(big.length > 1024 * 1024);
    // Written while it fills more than a quarter of it: kept. Then a little taken from it: let go once written, not before.
    a.take();
    a.written();
    assert.strictEqual(a.buf, big);
    a.line('a');
    const pending = a.take();
    const b = grown(200 * 1024, 'b');
    assert.notStrictEqual(b.buf, big, 'a buffer whose bytes are still being written went to another text');
    assert.strictEqual(pending.toString(), 'a\n');
    a.written();
    assert.strictEqual(a.length, 0);
    assert.notStrictEqual(a.buf, big, 'the writer kept a buffer 4 times bigger than it needs');
    // A launcher's few lines keep to a small buffer; the next rank that grows takes the spare.
    const launcher = grown(2 * 1024, 'l');
    assert.ok(launcher.buf.length < 64 * 1024);
    const c = grown(300 * 1024, 'c');
    assert.strictEqual(c.buf, big);
    const bytes = c.take();
    assert.strictEqual(bytes.length, 300 * 1024);
    assert.ok(bytes.every((x) => x === 99 || x === 10));
  });

  it("a buffer filled to more than a quarter stays with its text once written; one bigger than 8 MiB goes, and is no spare", () => {
    const a = grown(1536 * 1024, 'a');
    const kept = a.buf;
    a.take();
    a.written();
    assert.strictEqual(a.buf, kept);
    const huge = grown(9 * 1024 * 1024, 'h');
    const hugeBuf = huge.buf;
    huge.take();
    huge.written();
    assert.notStrictEqual(huge.buf, hugeBuf);
    assert.notStrictEqual(grown(100 * 1024, 'x').buf, hugeBuf);
  });
});

describe("an output's writes", () => {
  afterEach(() => releaseSpareBuffers());

  /** `n` outputs under `dir`, each with `lines` lines naming it. */
  const outputs = (dir: string, n: number, lines: number): RankOutput[] =>
    Array.from({ length: n }, (_, rank) => {
      const o = new RankOutput(rank, path.join(dir, `worker_${rank}.log`));
      for (let k = 0; k < lines; k++) o.write(`rank ${rank} line ${k}`, 'src', k, 0);
      return o;
    });

  it('several at a time: once one throws, none is started after it, and the error comes once the ones under way have ended', async () => {
    const started: number[] = [];
    let running = 0;
    let ranAfter = false;
    let thrown = false;
    const err = await mapLimit([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 3, async (i) => {
      started.push(i);
      running++;
      await new Promise((r) => setTimeout(r, i === 2 ? 1 : 20));
      running--;
      if (thrown) ranAfter = true;
      if (i === 2) {
        thrown = true;
        throw new Error('item 2');
      }
      return i;
    }).then(
      () => undefined,
      (e: Error) => ({ message: e.message, running }),
    );
    assert.deepStrictEqual(err, { message: 'item 2', running: 0 });
    assert.deepStrictEqual(started, [0, 1, 2]);
    assert.ok(ranAfter, 'the calls under way ran to their end');
    assert.deepStrictEqual(await mapLimit([3, 1, 2], 2, async (i) => i * 2), [6, 2, 4]);
  });

  for (const n of [3, 80]) {
    it(`a file that cannot be written keeps its output's lines for the next write, the others' are written (${n} outputs, ${n > 64 ? 'each file opened for its write' : 'files kept open'})`, async () => {
      const dir = tmp();
      const all = outputs(dir, n, 50);
      // Rank 1's log is a folder for now (a file that cannot be opened for appending).
      fs.mkdirSync(all[1].file);
      const files = new RankFiles();
      await assert.rejects(files.write(all), /EISDIR/);
      await files.finish();
      const want = (rank: number, from: number, to: number) => Array.from({ length: to - from }, (_, k) => `rank ${rank} line ${from + k}\n`).join('');
      assert.strictEqual(fs.readFileSync(all[0].file, 'utf8'), want(0, 0, 50));
      assert.ok(all[1].text.length > 0, "rank 1's lines were dropped");
      fs.rmdirSync(all[1].file);
      for (const o of all) o.write(`rank ${o.rank} line 50`, 'src', 50, 0);
      await files.write(all);
      await files.finish();
      for (const o of all) assert.strictEqual(fs.readFileSync(o.file, 'utf8'), want(o.rank, 0, 51), `rank ${o.rank}`);
    });
  }

  it("a write that fails once its file is open (a full disk: /dev/full) keeps the bytes it did not write, in order, for the next", async () => {
    const [o] = outputs(tmp(), 1, 3);
    const full = new RankOutput(0, '/dev/full');
    for (let k = 0; k < 3; k++) full.write(`rank 0 line ${k}`, 'src', k, 0);
    const files = new RankFiles();
    await assert.rejects(files.write([full]), /ENOSPC/);
    await files.finish();
    assert.strictEqual(full.text.take().toString(), o.text.take().toString());
  });

  it('an import stopped while it reads writes nothing more: its update ends at its next write, and a later one reads nothing', async function () {
    this.timeout(60_000);
    const root = tmp();
    const lines: string[] = [];
    for (let i = 0; i < 200_000; i++) lines.push(`${i % 4}: 2026-11-30 09:${String(10 + Math.floor(i / 20_000)).padStart(2, '0')}:00,000 INFO train: step ${i} of a long run, its loss and its rate`);
    const capture = path.join(root, 'job', 'slurm-5.out');
    write(capture, lines.join('\n') + '\n');
    const [job] = await findForeignJobs(path.dirname(capture));
    const out = path.join(root, 'out');
    const imp = new JobImport(job, out, options);
    let settled = false;
    const update = imp.update().finally(() => (settled = true));
    // Stopped once it is reading.
    while (imp.readFraction() === undefined && !settled) await new Promise((r) => setImmediate(r));
    assert.ok(!settled, 'the update ended before it was stopped');
    imp.stop();
    assert.strictEqual(await update, false);
    const size = () => (fs.existsSync(out) ? fs.readdirSync(out).reduce((n, f) => n + fs.statSync(path.join(out, f)).size, 0) : 0);
    const after = size();
    assert.ok(after < fs.statSync(capture).size / 2, `${after} bytes written of a capture of ${fs.statSync(capture).size}`);
    assert.strictEqual(await imp.update(), false);
    assert.strictEqual(size(), after);
  });
});
