import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { JobImport } from '../../src/core/importJob';
import { findForeignJobs, ForeignJob } from '../../src/core/importLayouts';
import { MergedRecord, mergeJob, MergeSource } from '../../src/core/jobMerge';
import { JobLogIndex } from '../../src/core/jobLogIndex';
import { discoverRanks } from '../../src/core/rankDiscovery';
import { IMPORT_OPTIONS, READ_WAYS } from '../support/importHelpers';
import { rng } from '../support/random';
import { tempDirs, writeFile } from '../support/tempFiles';

const tmp = tempDirs('gwl-order-');

async function captureJob(file: string, lines: string[]): Promise<ForeignJob> {
  writeFile(file, lines.join('\n') + '\n');
  const [job] = await findForeignJobs(path.dirname(file));
  assert.strictEqual(job?.kind, 'capture', file);
  return job;
}

/** A capture of Python's default format under `srun -l` (no times): ranks' lines interleaved, tracebacks, a line of two ranks at once, the launcher's words. */
function untimedCapture(seed: number, count: number, timed = 0): string[] {
  const random = rng(seed);
  // Now and then a record with a time (PyTorch's own c10 lines have one), the times rising through the capture.
  const stamp = (i: number): string => new Date(Date.UTC(2026, 11, 5, 9, 0, 0, i * 7)).toISOString().replace('T', ' ').replace('.', ',').slice(0, 23);
  const ranks = 2 + Math.floor(random() * 30);
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    // Some ranks write far more than others (their marks are 64 of their lines apart).
    const r = random() < 0.5 ? 0 : Math.floor(random() * ranks);
    const p = random();
    if (p < 0.02) lines.push(`srun: launcher's line ${i}`);
    else if (p < 0.06) lines.push(`${r}: Traceback (most recent call last):`, `${r}:   File "train.py", line ${i}, in <module>`, `${r}: RuntimeError: boom ${i}`);
    else if (p < 0.08) lines.push(`${r}: WARNING:train:warned ${i}`, `${r}:   indented under it ${i}`);
    else if (p < 0.08 + timed) lines.push(`${r}: ${stamp(i)} INFO train: line ${i} of rank ${r}`);
    else lines.push(`${r}: INFO:train:line ${i} of rank ${r} ${'é'.repeat(Math.floor(random() * 3))}`);
  }
  for (let r = 0; r < ranks; r++) lines.push(`${r}: INFO:train:last of rank ${r}`);
  return lines;
}

/** The capture's line of a merged record: of its key (its message's, or its traceback's exception). */
function captureLineOf(lines: readonly string[]): (r: MergedRecord) => number {
  const KEY = /line \d+ of rank \d+|last of rank \d+|boom \d+|warned \d+/;
  const where = new Map(lines.map((l, i) => [KEY.exec(l)?.[0], i]));
  return (r) => {
    const key = [r.message, ...r.continuation].map((t) => KEY.exec(t)?.[0]).find((k) => k !== undefined);
    assert.ok(key !== undefined && where.has(key), `no key in ${r.message}`);
    return where.get(key)!;
  };
}

async function merged(imp: JobImport, out: string): Promise<MergedRecord[]> {
  const order = imp.captureOrder();
  const sources: MergeSource[] = (await discoverRanks(out)).map((f) => ({ rank: f.rank, path: f.path, order }));
  const records: MergedRecord[] = [];
  for await (const r of mergeJob(sources)) records.push(r);
  return records;
}

describe('capture order (records without times merged as the capture has them)', () => {
  for (const [way, options] of READ_WAYS) {
    it(`a capture without times merges in the capture's order, each record where its capture puts it (${way})`, async () => {
      const root = tmp();
      for (const seed of [1, 2, 3]) {
        const lines = untimedCapture(seed, 2500);
        const job = await captureJob(path.join(root, `cap${seed}`, 'run.out'), lines);
        const out = path.join(root, `out${seed}`);
        const imp = new JobImport(job, out, options);
        await imp.readOnce();
        assert.ok(imp.captureOrder(), 'a capture without times has an order');
        const records = await merged(imp, out);
        const at = records.map(captureLineOf(lines));
        // Every record of the ranks, each once, in the capture's order (the launcher's own lines are its log's, not merged).
        assert.strictEqual(records.length, lines.filter((l) => /^\d+: (INFO|WARNING|Traceback)/.test(l)).length, `seed ${seed}`);
        const back = at.findIndex((c, i) => i > 0 && c <= at[i - 1]);
        assert.strictEqual(back, -1, `seed ${seed}: record ${back} (capture line ${at[back]}) after capture line ${at[back - 1]}`);
        // The order agrees with where each line came from (`sourcesOf`, as navigation opens it).
        const order = imp.captureOrder()!;
        const asked = records.map((r) => ({ file: r.path, line: r.line }));
        const sources = await imp.sourcesOf(asked);
        assert.deepStrictEqual(asked.map((a) => order.at(a.file, a.line)), sources.map((s) => s?.line), `seed ${seed}`);
      }
    });
  }

  it("a capture of records without times and a few with (prints, and PyTorch's c10 lines): each untimed record at or after the latest time before it in the capture; the merge in the capture's order", async () => {
    const root = tmp();
    for (const seed of [4, 5, 6]) {
      const lines = untimedCapture(seed, 2500, 0.03);
      assert.ok(lines.filter((l) => / 2026-12-05 /.test(l)).length > 30);
      const job = await captureJob(path.join(root, `cap${seed}`, 'run.out'), lines);
      const out = path.join(root, `out${seed}`);
      const imp = new JobImport(job, out, IMPORT_OPTIONS);
      await imp.readOnce();
      // (The import's own records that date an untimed traceback, "rank 5's traceback comes after ...", left out: no line of the capture is theirs.)
      const own = (r: MergedRecord): boolean => !/'s traceback comes after /.test(r.message);
      const records = (await merged(imp, out)).filter(own);
      const at = records.map(captureLineOf(lines));
      const back = at.findIndex((c, i) => i > 0 && c <= at[i - 1]);
      assert.strictEqual(back, -1, `seed ${seed}: record ${back} (capture line ${at[back]}: ${records[back]?.message}) after capture line ${at[back - 1]}`);
      // Without the capture's times before them, each rank's untimed records would follow its own last time (ranks in turn between times).
      const plain: MergedRecord[] = [];
      for await (const r of mergeJob((await discoverRanks(out)).map((f) => ({ rank: f.rank, path: f.path })))) if (own(r)) plain.push(r);
      const plainAt = plain.map(captureLineOf(lines));
      assert.ok(plainAt.some((c, i) => i > 0 && c < plainAt[i - 1]), 'the plain merge is not in the capture order');
    }
  });

  it('without its order, the same merge lists ranks in turn (what the order mends); equal times go in the capture order; files of ranks have none', async () => {
    const root = tmp();
    const lines = ['0: INFO:train:line 0 of rank 0', '1: INFO:train:line 1 of rank 1', '0: INFO:train:line 2 of rank 0', '1: INFO:train:line 3 of rank 1'];
    const imp = new JobImport(await captureJob(path.join(root, 'cap', 'run.out'), lines), path.join(root, 'out'), IMPORT_OPTIONS);
    await imp.readOnce();
    const sources = (await discoverRanks(path.join(root, 'out'))).map((f) => ({ rank: f.rank, path: f.path }));
    const plain: string[] = [];
    for await (const r of mergeJob(sources)) plain.push(r.message);
    assert.deepStrictEqual(plain, ['line 0 of rank 0', 'line 2 of rank 0', 'line 1 of rank 1', 'line 3 of rank 1']);
    assert.deepStrictEqual((await merged(imp, path.join(root, 'out'))).map((r) => r.message), ['line 0 of rank 0', 'line 1 of rank 1', 'line 2 of rank 0', 'line 3 of rank 1']);

    // Times first; of equal ones (Open MPI's `--timestamp-output` has whole seconds), the capture's order.
    const timed = ['1: 2026-12-05 09:00:01,000 INFO train: b', '0: 2026-12-05 09:00:00,000 INFO train: a', '0: 2026-12-05 09:00:01,000 INFO train: c'];
    const withTimes = new JobImport(await captureJob(path.join(root, 'timed', 'run.out'), timed), path.join(root, 'timed-out'), IMPORT_OPTIONS);
    await withTimes.readOnce();
    assert.deepStrictEqual((await merged(withTimes, path.join(root, 'timed-out'))).map((r) => r.message), ['a', 'b', 'c']);

    // Task files (one file a rank): no one order of their lines.
    writeFile(path.join(root, 'tasks', 'train_7_0.out'), 'INFO:train:x\n');
    writeFile(path.join(root, 'tasks', 'train_7_1.out'), 'INFO:train:y\n');
    const [tasks] = await findForeignJobs(path.join(root, 'tasks'));
    assert.ok(tasks && tasks.kind !== 'capture', `${tasks?.kind}`);
    const files = new JobImport(tasks, path.join(root, 'tasks-out'), IMPORT_OPTIONS);
    await files.readOnce();
    assert.strictEqual(files.captureOrder(), undefined);
  });

  it('a line of 3 MiB among them is one line of its rank; a capture gone before the merge reads it leaves the merge whole, records where their marks say', async () => {
    const root = tmp();
    const long = `1: INFO:train:long ${'x'.repeat(3 * 1024 * 1024)}`;
    // (The long line after the capture's head: the layouts tell a capture by its first lines.)
    const lines = [...Array.from({ length: 8 }, (_, i) => `${i % 2}: INFO:train:head ${i}`), '0: INFO:train:line 0 of rank 0', long, '0: INFO:train:line 2 of rank 0', '1: INFO:train:line 3 of rank 1', '0: INFO:train:line 4 of rank 0'];
    const file = path.join(root, 'cap', 'run.out');
    const imp = new JobImport(await captureJob(file, lines), path.join(root, 'out'), IMPORT_OPTIONS);
    await imp.readOnce();
    const firstWords = (rs: MergedRecord[]) => rs.slice(8).map((r) => r.message.slice(0, 16));
    assert.deepStrictEqual(firstWords(await merged(imp, path.join(root, 'out'))), ['line 0 of rank 0', `long ${'x'.repeat(11)}`, 'line 2 of rank 0', 'line 3 of rank 1', 'line 4 of rank 0']);

    const gone = new JobImport(await captureJob(path.join(root, 'gone', 'run.out'), lines), path.join(root, 'gone-out'), IMPORT_OPTIONS);
    await gone.readOnce();
    fs.rmSync(path.join(root, 'gone', 'run.out'));
    // Every record, each rank's in its own order (their places among the others' are their marks' guesses).
    const whole = await merged(gone, path.join(root, 'gone-out'));
    for (const rank of [0, 1]) {
      const own = whole.filter((r) => r.source === rank).map((r) => r.message.slice(0, 16));
      assert.deepStrictEqual(own, lines.filter((l) => l.startsWith(`${rank}: `)).map((l) => l.slice(14, 30)));
    }
  });

  it("a launcher's word the import wrote to a rank, asked for first: its time before is the capture's latest before it, another rank's timed line before it counted (the merge's order did not depend on which rank it asked first)", async () => {
    const root = tmp();
    // A real torch 1.13 console: rank 0's timed record, then torchrun's word that rank 1 was killed.
    const lines = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'launchers', 'torchrun-1.13-module-console-sigkill.log'), 'utf8').split('\n');
    const out = path.join(root, 'out');
    const imp = new JobImport(await captureJob(path.join(root, 'cap', 'console.log'), lines), out, IMPORT_OPTIONS);
    await imp.readOnce();
    const order = imp.captureOrder()!;
    const rank1 = path.join(out, 'worker_1.log');
    const text = fs.readFileSync(rank1, 'utf8').split('\n');
    const killed = text.findIndex((l) => l.includes('was killed by signal 9'));
    assert.ok(killed > 0, text.join('\n'));
    // Asked for before any line of rank 0: its place is known from its mark at once; the times before it are not, until the capture is read there.
    await order.ensure(rank1, killed);
    assert.strictEqual(order.at(rank1, killed), lines.findIndex((l) => l.includes('failed (exitcode: -9)')));
    assert.strictEqual(order.timeBefore(rank1, killed), Date.UTC(2026, 11, 1, 22, 39, 26, 213));
  });

  it("a live capture without times: the Job Log's index reads on from its last marks when a rank quiet since the start writes again (its records' places in the capture tell they come after), as a new index would", async () => {
    const root = tmp();
    const file = path.join(root, 'cap', 'run.out');
    // Rank 1 writes at the start, then only ranks 0 and 2 for 12,000 lines; then rank 1 again.
    const head = ['1: INFO:train:line 0 of rank 1', '1: INFO:train:line 1 of rank 1'];
    const body = Array.from({ length: 12_000 }, (_, i) => `${i % 2 === 0 ? 0 : 2}: INFO:train:line ${i + 2} of rank ${i % 2 === 0 ? 0 : 2}`);
    const tail = ['1: INFO:train:line 12002 of rank 1', '0: INFO:train:line 12003 of rank 0', '1: INFO:train:line 12004 of rank 1'];
    const job = await captureJob(file, [...head, ...body]);
    const out = path.join(root, 'out');
    const imp = new JobImport(job, out, IMPORT_OPTIONS);
    await imp.update();
    const sources = async (): Promise<MergeSource[]> => (await discoverRanks(out)).map((f) => ({ rank: f.rank, path: f.path, order: imp.captureOrder() }));
    let looks = 0;
    const index = await JobLogIndex.build(await sources(), { every: 100, everyRead: 100, progress: () => void looks++ });
    assert.ok(looks >= 3, `${looks}`);
    fs.appendFileSync(file, tail.join('\n') + '\n');
    await imp.update();
    looks = 0;
    await index.update(new Set([0, 1]));
    // (Read again from before rank 1's last record, the index would look at its progress every 4,096 records: 3 times.)
    assert.ok(looks <= 1, `read again from the start: ${looks}`);
    const fresh = await JobLogIndex.build(await sources());
    assert.strictEqual(index.rows, fresh.rows);
    const rows = await index.window(0, fresh.rows);
    const want = await fresh.window(0, fresh.rows);
    assert.deepStrictEqual(rows.map((r) => `${r.source}:${r.line}`), want.map((r) => `${r.source}:${r.line}`));
    assert.deepStrictEqual(rows.slice(-3).map((r) => r.message), ['line 12002 of rank 1', 'line 12003 of rank 0', 'line 12004 of rank 1']);
  });

  it("a live capture without times: the Job Log's index, read again as the capture grows, keeps the capture's order", async () => {
    const root = tmp();
    const file = path.join(root, 'cap', 'run.out');
    const all = untimedCapture(7, 1200);
    const job = await captureJob(file, all.slice(0, 600));
    const out = path.join(root, 'out');
    const imp = new JobImport(job, out, IMPORT_OPTIONS);
    await imp.update();
    const sources = async (): Promise<MergeSource[]> => (await discoverRanks(out)).map((f) => ({ rank: f.rank, path: f.path, order: imp.captureOrder() }));
    const index = await JobLogIndex.build(await sources());
    fs.appendFileSync(file, all.slice(600).join('\n') + '\n');
    await imp.update();
    // The ranks the capture named first and those it named since: all read again (records without times may come anywhere).
    const now = await sources();
    const grown = new Set(now.map((s) => s.rank));
    await index.update(grown);
    const fresh = await JobLogIndex.build(now);
    const rows = await index.window(0, fresh.rows);
    const want = await fresh.window(0, fresh.rows);
    assert.deepStrictEqual(rows.map((r) => `${r.source}:${r.line}`), want.map((r) => `${r.source}:${r.line}`));
    const at = rows.map(captureLineOf(all));
    const back = at.findIndex((c, i) => i > 0 && c <= at[i - 1]);
    assert.strictEqual(back, -1, `record ${back} (capture line ${at[back]}: ${rows[back]?.message}) after capture line ${at[back - 1]}`);
  });
});
