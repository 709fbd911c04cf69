import * as assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { tempDir } from '../support/tempFiles';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');

function run(args: string[]) {
  const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("npm start's demo", () => {
  it("its torchrun console is read as its README says: 8 ranks, rank 3 the first failure torchrun blames, rank 5 the one the others waited for", () => {
    const dir = tempDir();
    const made = run(['-e', `import(${JSON.stringify(pathToFileURL(path.join(ROOT, 'demo', 'makeTorchrunConsole.mjs')).href)}).then((m) => console.log(m.makeTorchrunConsole(process.argv[1])))`, dir]);
    assert.strictEqual(made.code, 0, made.err);
    const file = made.out.trim();
    const s = run([CLI, 'summary', file]);
    assert.strictEqual(s.code, 0, s.err);
    assert.match(s.out, /^Job .*train\.out: 8 ranks, 1 attempt, 7 failed\n/);
    assert.match(s.out, /^First failure: rank 3, .*Watchdog caught collective operation timeout/m);
    assert.match(s.out, /^Why: Hang: rank 5 never entered ALLREDUCE #4131; 7 ranks timed out waiting for it/m);
    assert.match(s.out, /^5 +stopped /m);
    const d = run([CLI, 'diagnose', file]);
    assert.strictEqual(d.code, 1, d.err);
    assert.match(d.out, /^Straggler: rank 5: never entered ALLREDUCE #4131; 7 ranks timed out waiting for it\n.*train\.out:\d+ +last record: WARNING shard 913: slow response/m);
  });
});
