import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** A fresh temp folder, removed after the current mocha suite. */
export function tempDir(prefix = 'gwl-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Makes temp folders for tests that make them as they run (`tempDir` adds a hook, which a
 * running test cannot); all are removed after the tests of the file that called this.
 */
export function tempDirs(prefix: string): () => string {
  const made: string[] = [];
  after(() => {
    for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    made.push(dir);
    return dir;
  };
}

/** Writes `text` to `file`, making its folder. */
export function writeFile(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

/** Sets the mtime of every file below `dir` to `ageMs` ago (a checkout makes them "just written"). */
export function ageFiles(dir: string, ageMs = 2 * 86_400_000): void {
  const when = (Date.now() - ageMs) / 1000;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) fs.utimesSync(path.join(entry.parentPath, entry.name), when, when);
  }
}

/** A copy of test/fixtures/workspace/jobs whose logs were last written two days ago. */
export function agedFixtureJobs(): string {
  const dir = tempDir('gwl-jobs-');
  const source = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'workspace', 'jobs');
  fs.cpSync(source, dir, { recursive: true });
  ageFiles(dir);
  return dir;
}
