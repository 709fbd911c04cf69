import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { indexFile } from '../../src/core/fileIndex';
import { sessionLabel } from '../../src/core/labels';
import { buildJobNode } from '../../src/core/workerTreeModel';
import { JobOverview } from '../../src/jobs/jobOverview';
import { JobStore } from '../../src/jobs/jobStore';
import { LogWatcher } from '../../src/watch/logWatcher';
import { LogText, T0 } from '../support/logWriter';
import { tempDir } from '../support/tempFiles';
import { waitFor } from '../support/waitFor';

/** Counts what the store reads from disk while `during` runs. */
async function countDiskCalls<T>(during: () => Promise<T>): Promise<{ readdir: number; open: number; result: T }> {
  const fsp = fs.promises as unknown as Record<string, (...a: unknown[]) => unknown>;
  const original = { readdir: fsp.readdir, open: fsp.open };
  const counts = { readdir: 0, open: 0 };
  fsp.readdir = (...a) => (counts.readdir++, original.readdir.apply(fs.promises, a));
  fsp.open = (...a) => (counts.open++, original.open.apply(fs.promises, a));
  try {
    const result = await during();
    return { ...counts, result };
  } finally {
    Object.assign(fsp, original);
  }
}

describe('job model: one store, merged refreshes, one set of labels', () => {
  it('50 new rank files in a watched folder cost one listing, not 50', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'worker_0.log'), new LogText(0).record(T0, 'INFO', 'a').text());
    const store = new JobStore({ updateIntervalMs: 20 });
    after(() => store.dispose());
    await store.setFolders([{ dir, label: 'job' }]);
    const { readdir } = await countDiskCalls(async () => {
      for (let r = 1; r <= 50; r++) {
        const file = path.join(dir, `worker_${r}.log`);
        fs.writeFileSync(file, new LogText(r).record(T0, 'INFO', 'hello').text());
        store.fileEvent('add', file);
      }
      await waitFor(() => store.model()[0].ranks.length === 51, 'all 51 ranks');
    });
    assert.strictEqual(readdir, 1, `listed the folder ${readdir} times`);
  });

  it('appends made before the watcher started reach the model with a catch-up rescan (no event needed)', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'worker_0.log');
    fs.writeFileSync(file, new LogText(0).record(T0, 'INFO', 'a').text());
    const store = new JobStore({ updateIntervalMs: 20, notifyDelayMs: 5 });
    after(() => store.dispose());
    await store.setFolders([{ dir, label: 'job' }]);
    // The crash's last lines, written while no watcher reports them.
    fs.appendFileSync(file, new LogText(0).record(T0 + 1000, 'ERROR', 'CUDA out of memory').text());
    store.rescanSoon(dir);
    await new Promise((r) => setTimeout(r, 200));
    assert.strictEqual(store.model()[0].failedRanks, 0, 'a plain rescan lists files, it does not read them');
    store.rescanSoon(dir, true);
    await waitFor(() => store.model()[0].failedRanks === 1, 'the rank failed');
  });

  it('a deleted log drops its rank without reading the others again', async () => {
    const dir = tempDir();
    for (let r = 0; r < 8; r++) fs.writeFileSync(path.join(dir, `worker_${r}.log`), new LogText(r).record(T0, 'INFO', 'a').text());
    const store = new JobStore({ updateIntervalMs: 20, notifyDelayMs: 5 });
    after(() => store.dispose());
    await store.setFolders([{ dir, label: 'job' }]);
    const { readdir, open } = await countDiskCalls(async () => {
      fs.unlinkSync(path.join(dir, 'worker_3.log'));
      store.fileEvent('unlink', path.join(dir, 'worker_3.log'));
      await waitFor(() => store.model()[0].ranks.length === 7, 'rank 3 to go');
    });
    assert.deepStrictEqual({ readdir, open }, { readdir: 0, open: 0 });
  });

  it('a failed background read is reported, not swallowed', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'worker_0.log');
    fs.writeFileSync(file, new LogText(0).record(T0, 'INFO', 'a').text());
    const problems: string[] = [];
    const store = new JobStore({ updateIntervalMs: 5, onError: (m) => problems.push(m) });
    after(() => store.dispose());
    await store.setFolders([{ dir, label: 'job' }]);
    const index = (await store.indexOf(file))!;
    const update = index.update.bind(index);
    index.update = () => Promise.reject(new Error('disk on fire'));
    store.fileEvent('change', file);
    await waitFor(() => problems.length > 0, 'the failure to be reported');
    index.update = update;
    assert.match(problems[0], /worker_0\.log: disk on fire/);
  });

  it('the overview rebuilds when the store changes and tells its listeners', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'worker_0.log');
    fs.writeFileSync(file, new LogText(0).record(T0, 'INFO', 'a').text());
    const store = new JobStore({ updateIntervalMs: 5, notifyDelayMs: 5 });
    const overview = new JobOverview(store, () => ({ stallSeconds: 120 }));
    after(() => (overview.dispose(), store.dispose()));
    const seen: number[] = [];
    overview.onDidChange((jobs) => seen.push(jobs[0]?.ranks[0]?.sessions.length ?? 0));
    await store.setFolders([{ dir, label: 'job' }]);
    await waitFor(() => overview.current.length === 1, 'the job in the overview');
    fs.appendFileSync(file, new LogText(0).resume(T0 + 60_000).text());
    store.fileEvent('change', file);
    await waitFor(() => overview.current[0].ranks[0].sessions.length === 2, 'the second session');
    assert.strictEqual(seen[seen.length - 1], 2);
  });

  it('labels a session the same in every view, and "resumed" after any separator', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'worker_0.log');
    // The second separator's time does not parse: the session is still a resume.
    const text = new LogText(0).record(T0, 'INFO', 'a').resume(T0 + 60_000).text() + new LogText(0).record(T0 + 120_000, 'INFO', '=== Resume at not-a-time ===', 'worker_logging').text();
    fs.writeFileSync(file, text);
    const index = await indexFile(file);
    const tree = buildJobNode({ dir, label: 'job', ranks: [{ rank: 0, index }] });
    assert.deepStrictEqual(
      tree.ranks[0].sessions.map((s) => s.label),
      ['Session 1 · started 10:00:00', 'Session 2 · resumed 10:01:00', 'Session 3 · resumed 10:02:00'],
    );
    assert.deepStrictEqual(index.sessions.map(sessionLabel), tree.ranks[0].sessions.map((s) => s.label));
  });
});

describe('the watcher: every append reaches the model', () => {
  it('the end of a burst of writes is read, though chokidar reports no change within 50 ms of one it reported', async () => {
    const dir = tempDir();
    const files = [0, 1].map((r) => path.join(dir, `worker_${r}.log`));
    for (const [r, f] of files.entries()) fs.writeFileSync(f, new LogText(r).record(T0, 'INFO', 'rank ready').text());
    const store = new JobStore({ updateIntervalMs: 0, notifyDelayMs: 0 });
    after(() => store.dispose());
    await store.setFolders([{ dir, label: 'job' }]);
    const watcher = new LogWatcher((kind, p) => store.fileEvent(kind, p));
    after(() => watcher.dispose());
    watcher.setFolders([dir]);
    await new Promise((r) => setTimeout(r, 500));
    const last = (): string => store.model()[0]?.ranks.map((x) => x.sessions[0]?.session.lastRecord?.message).join(', ') ?? '';
    // As a rank writes before it blocks in a collective: a record, read at once, then the last ones, and nothing after.
    for (const [r, f] of files.entries()) {
      const seen = new Promise<void>((resolve) => {
        const sub = store.onDidChange(() => {
          if (store.model()[0].ranks[r].sessions[0]?.session.lastRecord?.message === 'step 40') {
            sub.dispose();
            resolve();
          }
        });
      });
      fs.appendFileSync(f, new LogText(r).record(T0 + 1000, 'INFO', 'step 40').text());
      await seen;
      fs.appendFileSync(f, new LogText(r).record(T0 + 1002, 'INFO', 'entering all_reduce').text());
    }
    await waitFor(() => last() === 'entering all_reduce, entering all_reduce', "every rank's last record", 3000).catch((e: Error) => {
      throw new Error(`${e.message}: ${last()}`);
    });
  });
});

describe('job model at scale', () => {
  it('a folder of many rank logs shows its ranks as they are read, and reports progress to the end', async () => {
    const dir = tempDir();
    const total = 600;
    for (let r = 0; r < total; r++) fs.writeFileSync(path.join(dir, `worker_${r}.log`), new LogText(r).record(T0, 'INFO', 'a').text());
    const seen: [number, number][] = [];
    const store = new JobStore({
      onProgress: (p) => {
        const shown = store.model()[0]?.ranks.length ?? 0;
        seen.push([p.done, shown]);
      },
    });
    after(() => store.dispose());
    await store.setFolders([{ dir, label: 'many' }]);
    assert.deepStrictEqual(seen[0], [0, 0], 'a first report before anything is read');
    assert.deepStrictEqual(seen[seen.length - 1], [total, total], 'a last report when all are read');
    assert.ok(seen.some(([done, shown]) => done > 0 && done < total && shown === done), `ranks shown while reading: ${JSON.stringify(seen)}`);
  });
});

describe('rank endings recorded by the runner', () => {
  it('a rank whose log ends with its ending record is finished or failed at once, whatever the clock', async () => {
    const dir = tempDir();
    const ended = (rank: number, how: string) => {
      const file = path.join(dir, `worker_${rank}.log`);
      fs.writeFileSync(file, new LogText(rank).record(T0, 'INFO', 'step=1').record(T0 + 1, 'INFO', `Worker ${rank} ended: ${how}`, 'worker_logging.run').text());
      return file;
    };
    const files = [ended(0, 'exit code 0'), ended(1, 'exit code 3'), ended(2, 'signal SIGTERM'), ended(3, 'signal SIGINT')];
    const ranks = await Promise.all(files.map(async (f, rank) => ({ rank, index: await indexFile(f) })));
    // Written just now: without the ending record every rank would read as running.
    const node = buildJobNode({ dir, label: 'ended', ranks }, { now: Date.now(), stallSeconds: 120 });
    assert.deepStrictEqual(node.ranks.map((r) => r.state), ['finished', 'failed', 'finished', 'finished']);
    assert.match(node.ranks[1].description, /exit 3/);
    assert.match(node.ranks[2].sessions[0].description, /stopped by SIGTERM$/);
    // A rank stopped by a signal is not shown as passed: its description says how.
    assert.deepStrictEqual(node.ranks.map((r) => r.stopped ?? false), [false, false, true, true]);
    assert.match(node.ranks[3].description, /stopped by SIGINT/);
  });
});
