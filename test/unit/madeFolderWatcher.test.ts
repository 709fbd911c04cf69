import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MAX_MADE_FOLDERS, MadeFolderWatcher, mayBeLog } from '../../src/watch/madeFolderWatcher';
import { tempDir } from '../support/tempFiles';
import { waitFor } from '../support/waitFor';

describe('folders made while the workspace is open (chokidar, where VS Code reports nothing below a folder made with its parents)', () => {
  it("reports the logs made and grown a few levels below a folder it watches, not other files; a folder inside a watched one is not watched twice, and only the latest folders are kept", async () => {
    const root = tempDir();
    const events: string[] = [];
    const watcher = new MadeFolderWatcher((kind, file) => events.push(`${kind} ${path.relative(root, file)}`));
    try {
      const made = path.join(root, 'runs', 'exp1');
      fs.mkdirSync(path.join(made, 'logs', 'attempt_0', '1'), { recursive: true });
      watcher.add(made);
      watcher.add(path.join(made, 'logs'));
      assert.deepStrictEqual(watcher.watched(), [made]);
      // Let chokidar take its first look before the job writes.
      await new Promise((resolve) => setTimeout(resolve, 500));
      fs.writeFileSync(path.join(made, 'logs', 'slurm-12.out'), '');
      fs.writeFileSync(path.join(made, 'logs', 'attempt_0', '1', 'stderr.log'), 'x\n');
      fs.writeFileSync(path.join(made, 'logs', 'model.safetensors'), 'weights');
      await waitFor(() => events.includes(`add ${path.join('runs', 'exp1', 'logs', 'slurm-12.out')}`) && events.includes(`add ${path.join('runs', 'exp1', 'logs', 'attempt_0', '1', 'stderr.log')}`), 'the two logs made', 10_000);
      fs.appendFileSync(path.join(made, 'logs', 'slurm-12.out'), '0: step 1\n');
      await waitFor(() => events.includes(`change ${path.join('runs', 'exp1', 'logs', 'slurm-12.out')}`), 'the capture grown', 10_000);
      assert.ok(!events.some((e) => e.includes('safetensors')), events.join('\n'));
      // The folder that holds it takes its place; beyond the limit, the oldest is let go.
      watcher.add(path.join(root, 'runs'));
      assert.deepStrictEqual(watcher.watched(), [path.join(root, 'runs')]);
      for (let i = 0; i < MAX_MADE_FOLDERS + 2; i++) watcher.add(path.join(root, `other-${i}`));
      assert.strictEqual(watcher.watched().length, MAX_MADE_FOLDERS);
      assert.strictEqual(watcher.watched()[0], path.join(root, 'other-2'));
    } finally {
      watcher.dispose();
    }
    assert.deepStrictEqual(['train.out', 'x.ERR', 'console.txt', 'worker_3.log', 'stdout', 'stderr.log', 'error.json', 'ckpt.pt', 'notes.md'].map(mayBeLog), [true, true, true, true, true, true, true, false, false]);
  });
});
