import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { indexFile } from '../../src/core/fileIndex';
import { discoverRanks } from '../../src/core/rankDiscovery';
import { buildJobNode, failedJobs, firstFailureNode, openTarget } from '../../src/core/workerTreeModel';
import { JobStore } from '../../src/jobs/jobStore';
import { LogText, T0 } from '../support/logWriter';
import { agedFixtureJobs, tempDir } from '../support/tempFiles';
import { waitFor } from '../support/waitFor';

async function jobNode(dir: string) {
  const files = await discoverRanks(dir);
  const ranks = await Promise.all(files.map(async (f) => ({ rank: f.rank, index: await indexFile(f.path) })));
  return buildJobNode({ dir, label: path.basename(dir), ranks });
}

describe('tree model: what the Workers view shows', () => {
  const jobs = agedFixtureJobs();

  it('the first failure\'s node ("Go to First Failure"): the failing record under its session, as listed, or one of its own past the listed; the failed jobs, the earliest failure first', async () => {
    const resumed = await jobNode(path.join(jobs, 'resumed'));
    const node = firstFailureNode(resumed);
    assert.deepStrictEqual([node?.kind, node?.rank, node?.line, node?.path], ['error', 2, 8, resumed.ranks[2].path]);
    assert.strictEqual(node, resumed.ranks[2].sessions[0].children[0]);
    assert.deepStrictEqual(openTarget(node!), { path: resumed.ranks[2].path, line: 8 });
    // A session that lists none of its errors (maxErrorsPerSession 0): a node of its own, at the same line.
    const files = await discoverRanks(path.join(jobs, 'resumed'));
    const ranks = await Promise.all(files.map(async (f) => ({ rank: f.rank, index: await indexFile(f.path) })));
    const unlisted = firstFailureNode(buildJobNode({ dir: path.join(jobs, 'resumed'), label: 'resumed', ranks }, { maxErrorsPerSession: 0 }));
    assert.deepStrictEqual([unlisted?.kind, unlisted?.rank, unlisted?.line, unlisted?.label], ['error', 2, 8, node?.label]);
    const crashed = await jobNode(path.join(jobs, 'crashed'));
    assert.deepStrictEqual([firstFailureNode(crashed)?.rank, firstFailureNode(crashed)?.record.time !== undefined], [1, true]);
    // The earliest failure first; a job without one is left out.
    // (resumed's failure on Feb 4, crashed's on Feb 5)
    assert.deepStrictEqual(failedJobs([crashed, { ...resumed, label: 'none', firstFailure: undefined }, resumed]).map((j) => j.label), ['resumed', 'crashed']);
    assert.strictEqual(firstFailureNode({ ...resumed, firstFailure: undefined }), undefined);
  });

  it('resumed job: ranks in order, sessions, counts, rank 2 finished but holding the first failure', async () => {
    const job = await jobNode(path.join(jobs, 'resumed'));
    assert.deepStrictEqual(job.ranks.map((r) => r.label), ['Rank 0', 'Rank 1', 'Rank 2', 'Rank 3']);
    assert.strictEqual(job.description, '4 ranks · first failure: rank 2, attempt 1');
    const r2 = job.ranks[2];
    assert.strictEqual(r2.state, 'finished');
    assert.strictEqual(r2.isFirstFailure, true);
    assert.match(r2.description, /^first failure · 2 sessions · 1 error · 1 warning · 10:16:28$/);
    assert.deepStrictEqual(r2.sessions.map((s) => s.label), ['Session 1 · started 10:00:00', 'Session 2 · resumed 10:15:00']);
    assert.deepStrictEqual(r2.sessions.map((s) => [s.failed, s.isFirstFailure]), [[true, true], [false, false]]);
    assert.match(r2.sessions[0].description, /^first failure · 2m 10s · 1 error · 1 warning$/);
    assert.deepStrictEqual(r2.sessions[0].children.map((c) => c.label), ['torch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB (GPU 2; 79.15 GiB total capacity; 76.80 GiB already allocated)']);
    assert.deepStrictEqual(openTarget(r2.sessions[1]), { path: r2.path, line: 16 });
    assert.deepStrictEqual(openTarget(r2), { path: r2.path, line: 16 });
    assert.deepStrictEqual(openTarget(r2.sessions[0].children[0]), { path: r2.path, line: 8 });
    assert.deepStrictEqual(job.ranks.map((r) => r.isFirstFailure), [false, false, true, false]);
    assert.deepStrictEqual(job.ranks[0].sessions[0].children.map((c) => c.label), [
      'RuntimeError: [/build/torch/third_party/gloo/gloo/transport/tcp/pair.cc:598] Connection closed by peer [127.0.0.1]:29500',
      'Worker exiting after collective failure',
    ]);
    assert.match(r2.tooltip, /First error \(session 1, line 9, 2026-02-04 10:02:10\.250\)/);
  });

  it("a 'device-side assert triggered' first failure names the CUDA kernel's failed assertion of its session (the job's tooltip, the summary)", async () => {
    const dir = tempDir('gwl-device-assert-');
    const assertion = '../aten/src/ATen/native/cuda/Loss.cu:250: nll_loss_forward_reduce_cuda_kernel_2d: block: [0,0,0], thread: [0,0,0] Assertion `t >= 0 && t < n_classes` failed.';
    fs.writeFileSync(path.join(dir, 'worker_0.log'), new LogText(0).record(T0, 'INFO', 'step 1').text());
    fs.writeFileSync(
      path.join(dir, 'worker_1.log'),
      new LogText(1)
        .record(T0, 'INFO', 'step 1')
        .record(T0 + 1000, 'ERROR', 'Uncaught exception', 'output')
        .traceback('RuntimeError: CUDA error: device-side assert triggered')
        .record(T0 + 1000, 'WARNING', 'slow shard')
        .raw(`Worker 1 - output - ERROR - ${assertion}\n${assertion.replace('[0,0,0] Assertion', '[1,0,0] Assertion')}`)
        .text(),
    );
    const job = await jobNode(dir);
    assert.match(job.tooltip, /On the device:\n\n```\n\.\.\/aten\/src\/ATen\/native\/cuda\/Loss\.cu:250: nll_loss_forward_reduce_cuda_kernel_2d: block: \[0,0,0\], thread: \[0,0,0\] Assertion/);
    // Another exception has none.
    fs.writeFileSync(path.join(dir, 'worker_1.log'), new LogText(1).record(T0, 'ERROR', 'Uncaught exception', 'output').traceback('RuntimeError: boom').raw(`Worker 1 - output - ERROR - ${assertion}`).text());
    assert.doesNotMatch((await jobNode(dir)).tooltip, /On the device/);
  });

  it('crashed job: rank 1 failed in its last session', async () => {
    const job = await jobNode(path.join(jobs, 'crashed'));
    assert.deepStrictEqual(job.ranks.map((r) => r.state), ['finished', 'failed']);
    assert.strictEqual(job.failedRanks, 1);
    assert.strictEqual(job.description, '2 ranks · 1 failed · first failure: rank 1, attempt 2');
  });

  it('caps listed errors with an "N more" node', async () => {
    const dir = tempDir();
    const log = new LogText(0);
    for (let i = 0; i < 30; i++) log.record(T0 + i, 'ERROR', `e${i}`);
    fs.writeFileSync(path.join(dir, 'worker_0.log'), log.text());
    const snap = await indexFile(path.join(dir, 'worker_0.log'));
    const job = buildJobNode({ dir, label: 'x', ranks: [{ rank: 0, index: snap }] }, { maxErrorsPerSession: 5, now: Date.now() + 1e9 });
    const children = job.ranks[0].sessions[0].children;
    assert.deepStrictEqual(children.map((c) => c.label), ['e0', 'e1', 'e2', 'e3', 'e4', '25 more']);
    assert.strictEqual(children[5].line, 5);
  });

  it('shows an unreadable or binary rank file as such', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'worker_0.log'), Buffer.from([0, 1, 2]));
    const job = await jobNode(dir);
    assert.strictEqual(job.ranks[0].state, 'unreadable');
    assert.match(job.ranks[0].description, /not a worker log/);
    // The log of a rank whose node went down: NUL bytes after its lines, a rank not shown healthy.
    fs.writeFileSync(path.join(dir, 'worker_1.log'), Buffer.concat([Buffer.from('2026-11-30 09:00:00,000 - Worker 1 - train - INFO - step 1\n'), Buffer.alloc(2048)]));
    const crashed = (await jobNode(dir)).ranks[1];
    assert.strictEqual(crashed.state, 'unreadable');
    assert.match(crashed.description, /NUL bytes: lost in a crash\?/);
  });

  it('an alive rank silent for longer than a stall says how long it has been quiet (a hang); one that wrote recently does not', async () => {
    const dir = tempDir();
    for (const r of [0, 1]) fs.writeFileSync(path.join(dir, `worker_${r}.log`), `2026-11-30 09:00:00,000 - Worker ${r} - train - INFO - step 4\n`);
    const [quiet, busy] = await Promise.all([0, 1].map((r) => indexFile(path.join(dir, `worker_${r}.log`))));
    const now = quiet.mtimeMs;
    const at = (quietMs: number) =>
      buildJobNode({ dir, label: 'x', ranks: [{ rank: 0, index: { ...quiet, mtimeMs: now - quietMs }, alive: true }, { rank: 1, index: { ...busy, mtimeMs: now - 5_000 }, alive: true }] }, { now });
    assert.deepStrictEqual(at(14 * 60_000 + 59_000).ranks.map((r) => [r.state, r.description]), [
      ['running', '1 session · 09:00:00 · quiet 14 min'],
      ['running', '1 session · 09:00:00'],
    ]);
    assert.match(at(3 * 3_600_000 + 5 * 60_000).ranks[0].description, / · quiet 3h 05m$/);
    // Running because a process still writes its log (a job this window did not launch): its tooltip says so.
    const written = buildJobNode({ dir, label: 'x', ranks: [{ rank: 0, index: { ...quiet, mtimeMs: now - 3_600_000 }, writing: true }] }, { now });
    assert.deepStrictEqual([written.ranks[0].state, written.ranks[0].description], ['running', '1 session · 09:00:00 · quiet 1h 00m']);
    assert.match(written.ranks[0].tooltip, /A process of this machine still holds its files open for writing: it is alive, however quiet/);
    assert.doesNotMatch(at(14 * 60_000).ranks[0].tooltip, /still holds its files open/);
    // Within the stall window: nothing said.
    assert.doesNotMatch(at(60_000).ranks[0].description, /quiet/);
    // A stall window set below a minute: quiet for less than one.
    const short = buildJobNode({ dir, label: 'x', ranks: [{ rank: 0, index: { ...quiet, mtimeMs: now - 30_000 }, alive: true }] }, { now, stallSeconds: 10 });
    assert.match(short.ranks[0].description, / · quiet <1 min$/);
  });
});

describe('job store: live updates from the file system', () => {
  it('indexes appended bytes, new ranks and deleted ranks, and notifies once per burst', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'worker_0.log'), new LogText(0).record(T0, 'INFO', 'a').text());
    const store = new JobStore({ updateIntervalMs: 20, notifyDelayMs: 10 });
    after(() => store.dispose());
    let notes = 0;
    store.onDidChange(() => notes++);
    await store.setFolders([{ dir, label: 'job' }]);
    assert.strictEqual(store.model()[0].ranks.length, 1);
    const file = path.join(dir, 'worker_0.log');
    for (let i = 0; i < 50; i++) {
      fs.appendFileSync(file, new LogText(0).record(T0 + i, i === 49 ? 'ERROR' : 'INFO', `line ${i}`).text());
      store.fileEvent('change', file);
    }
    await waitFor(() => store.model()[0].ranks[0].sessions[0].session.records === 51, 'the appended records');
    assert.strictEqual(store.model()[0].ranks[0].state, 'failed');
    const before = notes;
    fs.writeFileSync(path.join(dir, 'worker_10.log'), new LogText(10).record(T0, 'INFO', 'new').text());
    store.fileEvent('add', path.join(dir, 'worker_10.log'));
    await waitFor(() => store.model()[0].ranks.length === 2, 'rank 10 to appear');
    assert.deepStrictEqual(store.model()[0].ranks.map((r) => r.rank), [0, 10]);
    fs.unlinkSync(file);
    store.fileEvent('unlink', file);
    await waitFor(() => store.model()[0].ranks.length === 1, 'rank 0 to disappear');
    assert.ok(notes > before && notes < before + 10, `notified ${notes - before} times`);
  });

  it('marks a launched rank failed by its exit code', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'worker_0.log'), new LogText(0).record(T0, 'INFO', 'a').text());
    const store = new JobStore();
    after(() => store.dispose());
    await store.setFolders([{ dir, label: 'job' }]);
    store.setProcessState(path.join(dir, 'worker_0.log'), { alive: true });
    assert.strictEqual(store.model()[0].ranks[0].state, 'running');
    store.setProcessState(path.join(dir, 'worker_0.log'), { alive: false, exitCode: -11 });
    assert.strictEqual(store.model()[0].ranks[0].state, 'failed');
    assert.match(store.model()[0].ranks[0].description, /exit -11/);
  });
});
