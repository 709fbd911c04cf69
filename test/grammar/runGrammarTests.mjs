#!/usr/bin/env node
// The grammar tier: vscode-tmgrammar-test over the assertion files and vscode-tmgrammar-snap
// over the snapshots (update them only with `npm run grammar:snap:update`). Counts files.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const grammar = 'syntaxes/worker-log.tmLanguage.json';
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

function run(tool, args) {
  const r = spawnSync(bin(tool), args, { cwd: root, encoding: 'utf8', timeout: 300_000 });
  const out = (r.stdout ?? '') + (r.stderr ?? '');
  process.stdout.write(out);
  const passed = (out.match(/^✓ /gm) ?? []).length;
  let failed = (out.match(/^✖ |^ERROR /gm) ?? []).length;
  if (r.status !== 0 && failed === 0) failed = 1;
  return { passed, failed };
}

const a = run('vscode-tmgrammar-test', ['-g', grammar, 'test/grammar/*.test.log']);
const s = run('vscode-tmgrammar-snap', ['-s', 'text.log.worker', '-g', grammar, 'test/grammar/snapshots/*.log']);
console.log(`${a.passed + s.passed} passed, ${a.failed + s.failed} failed`);
process.exit(a.failed + s.failed > 0 ? 1 : 0);
