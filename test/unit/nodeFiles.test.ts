import * as assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { JobImport } from '../../src/core/importJob';
import { findForeignJobs } from '../../src/core/importLayouts';
import { ageFiles, tempDirs, writeFile } from '../support/tempFiles';
import { IMPORT_OPTIONS, READ_WAYS, summaryOf } from '../support/importHelpers';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'launchers', 'slurm-torchrun-node-files');
const options = IMPORT_OPTIONS;
const tmp = tempDirs('gwl-nodes-');

describe("torchrun's consoles one file per node (srun --output=%j_%t.out of one torchrun per task)", () => {
  it('a real run of 2 nodes x 2: one job of 4 global ranks, named by task and local rank; global rank 3 raised first (torchrun blames ranks 0 and 2), opening in its node file', async () => {
    const dir = tmp();
    fs.cpSync(FIXTURE, dir, { recursive: true });
    ageFiles(dir);
    const jobs = await findForeignJobs(dir);
    assert.strictEqual(jobs.length, 1, jobs.map((j) => j.name).join(', '));
    const job = jobs[0];
    assert.deepStrictEqual([job.kind, path.basename(job.source), job.nodeFiles?.map((n) => path.basename(n.source)), job.launchers?.map((f) => path.basename(f)), job.teeWidth], ['capture', 'train_1_0.out', ['train_1_1.out'], ['slurm-1.out'], 2]);
    const texts: string[] = [];
    let imp: JobImport | undefined;
    for (const [name, way] of READ_WAYS) {
      const out = path.join(dir, 'out', name);
      const i = new JobImport(job, out, way);
      await i.readOnce();
      imp ??= i;
      texts.push(fs.readdirSync(out).sort().map((f) => fs.readFileSync(path.join(out, f), 'utf8')).join('\n=='));
    }
    assert.ok(texts.every((t) => t === texts[0]), 'the three ways alike');
    const out = path.join(dir, 'out', 'lane');
    const s = await summaryOf(out);
    assert.deepStrictEqual(s.ranks.map((r) => r.rank), [0, 1, 2, 3]);
    assert.deepStrictEqual([s.firstFailure?.rank, s.firstFailure?.record.exception], [3, 'RuntimeError: bad batch on global rank 3']);
    assert.deepStrictEqual([0, 1, 2, 3].map((r) => imp!.rankName(r)), ['task 0 local 0', 'task 0 local 1', 'task 1 local 0', 'task 1 local 1']);
    // Each rank's lines are its own: rank 2 is node 1's local rank 0.
    assert.match(fs.readFileSync(path.join(out, 'worker_2.log'), 'utf8'), /Added key: store_based_barrier_key:1 to store for rank: 2\n/);
    const src = await imp!.sourceOf(path.join(out, 'worker_3.log'), s.firstFailure!.record.line);
    assert.deepStrictEqual(src && [path.basename(src.path), src.line + 1], ['train_1_1.out', 23]);
  });

  it("nodes their rendezvous numbered otherwise than their tasks (c10d): task 0's file holds global ranks 2 and 3, as its c10d lines say; read so, by each of the three ways", async () => {
    const dir = tmp();
    fs.cpSync(FIXTURE, dir, { recursive: true });
    // The fixture's two node files swapped: task 0 ran node 1.
    fs.renameSync(path.join(dir, 'train_1_0.out'), path.join(dir, 'x'));
    fs.renameSync(path.join(dir, 'train_1_1.out'), path.join(dir, 'train_1_0.out'));
    fs.renameSync(path.join(dir, 'x'), path.join(dir, 'train_1_1.out'));
    ageFiles(dir);
    const [job] = await findForeignJobs(dir);
    assert.deepStrictEqual([job.teeSlots, job.nodeFiles?.map((n) => n.teeSlots)], [[1, 0], [[1, 0]]]);
    for (const [name, way] of READ_WAYS) {
      const out = path.join(dir, 'out', name);
      const imp = new JobImport(job, out, way);
      await imp.readOnce();
      const s = await summaryOf(out);
      assert.deepStrictEqual([s.firstFailure?.rank, s.firstFailure?.record.exception], [3, 'RuntimeError: bad batch on global rank 3'], name);
      for (const r of [0, 1, 2, 3]) assert.match(fs.readFileSync(path.join(out, `worker_${r}.log`), 'utf8'), new RegExp(`to store for rank: ${r}\n`), `${name} rank ${r}`);
      assert.deepStrictEqual([0, 3].map((r) => imp.rankName(r)), ['task 1 local 0', 'task 0 local 1']);
      const src = await imp.sourceOf(path.join(out, 'worker_3.log'), s.firstFailure!.record.line);
      assert.deepStrictEqual(src && [path.basename(src.path), src.line + 1], ['train_1_0.out', 23]);
    }
  });

  it("nodes their rendezvous numbered otherwise, whose heads name no global rank: torch 2's [rank3]: on a traceback at a file's end places its node, and the other takes the place left", async () => {
    const dir = tmp();
    fs.cpSync(FIXTURE, dir, { recursive: true });
    // Task 0 ran node 1 (the fixture's files swapped); no c10d line (logged at WARNING); task 0's
    // file long, its rank 3's traceback labelled at its end as torch 2 does.
    const read = (name: string) => fs.readFileSync(path.join(dir, name), 'utf8').split('\n').filter((l) => !l.includes('store_based_barrier'));
    const [node0, node1] = [read('train_1_0.out'), read('train_1_1.out')];
    const filler = Array.from({ length: 2000 }, (_, i) => `[default${i % 2}]:2026-12-04 01:07:20,000 WARNING train: slow ${'x'.repeat(40)}`);
    fs.writeFileSync(path.join(dir, 'train_1_0.out'), [...filler, ...node1.filter((l) => l !== ''), '[default1]:[rank3]:[W1204 01:07:25.000000 7 ProcessGroupNCCL.cpp:1] Warning: rank 3 exits', ''].join('\n'));
    fs.writeFileSync(path.join(dir, 'train_1_1.out'), node0.join('\n'));
    assert.ok(fs.statSync(path.join(dir, 'train_1_0.out')).size > 128 * 1024);
    ageFiles(dir);
    const [job] = await findForeignJobs(dir);
    assert.deepStrictEqual(job.teeSlots, [1, 0]);
    const out = path.join(dir, 'out');
    await new JobImport(job, out, options).readOnce();
    const s = await summaryOf(out);
    assert.deepStrictEqual([s.firstFailure?.rank, s.firstFailure?.record.exception], [3, 'RuntimeError: bad batch on global rank 3']);
  });

  it('the CLI given one node\'s file reads the whole job, as the folder', () => {
    const dir = tmp();
    fs.cpSync(FIXTURE, dir, { recursive: true });
    ageFiles(dir);
    const r = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'summary', 'train_1_0.out'], { encoding: 'utf8', cwd: dir });
    assert.strictEqual(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Job train_1_\{rank\}\.\{out,err\}: 4 ranks, 1 attempt, 4 failed/);
    assert.match(r.stdout, /First failure: rank 3, .*train_1_1\.out:23: RuntimeError: bad batch on global rank 3/);
  });

  it("each node's stdout and stderr in files of their own (--output=%j_%t.out --error=%j_%t.err): the same job", async () => {
    const dir = tmp();
    fs.cpSync(FIXTURE, dir, { recursive: true });
    for (const node of [0, 1]) {
      const file = path.join(dir, `train_1_${node}.out`);
      const lines = fs.readFileSync(file, 'utf8').split('\n').slice(0, -1);
      // The ranks' prints (not tee'd) on stdout; the tee'd stderr and torchrun's own logging on stderr.
      const print = (l: string) => /^step \d loss/.test(l);
      fs.writeFileSync(file, lines.filter(print).map((l) => `${l}\n`).join(''));
      fs.writeFileSync(path.join(dir, `train_1_${node}.err`), lines.filter((l) => !print(l)).map((l) => `${l}\n`).join(''));
    }
    ageFiles(dir);
    const [job] = await findForeignJobs(dir);
    assert.deepStrictEqual([job.kind, path.basename(job.source), path.basename(job.otherStream?.job.source ?? ''), job.nodeFiles?.map((n) => [path.basename(n.source), path.basename(n.otherStream?.job.source ?? '')])], ['capture', 'train_1_0.out', 'train_1_0.err', [['train_1_1.out', 'train_1_1.err']]]);
    const out = path.join(dir, 'out');
    const imp = new JobImport(job, out, options);
    await imp.readOnce();
    const s = await summaryOf(out);
    assert.deepStrictEqual([s.ranks.length, s.firstFailure?.rank, s.firstFailure?.record.exception], [4, 3, 'RuntimeError: bad batch on global rank 3']);
    const src = await imp.sourceOf(path.join(out, 'worker_3.log'), s.firstFailure!.record.line);
    assert.strictEqual(src && path.basename(src.path), 'train_1_1.err');
  });

  it("per-task files whose lines carry PyTorch's own [rank3]: label (a global rank: one rank a task) stay per-task files", async () => {
    const dir = tmp();
    writeFile(path.join(dir, '7_0.out'), '2026-06-01 09:00:00,000 INFO train: step 1\n');
    writeFile(path.join(dir, '7_1.out'), '2026-06-01 09:00:00,000 INFO train: step 1\n[rank1]: Traceback (most recent call last):\n[rank1]:   File "t.py", line 3, in <module>\n[rank1]: ValueError: bad batch\n');
    const [job] = await findForeignJobs(dir);
    assert.strictEqual(job.kind, 'tasks');
    const out = path.join(tmp(), 'out');
    await new JobImport(job, out, options).readOnce();
    const s = await summaryOf(out);
    assert.deepStrictEqual([s.ranks.length, s.firstFailure?.rank, s.firstFailure?.record.exception], [2, 1, 'ValueError: bad batch']);
  });
});
