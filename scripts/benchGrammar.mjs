#!/usr/bin/env node
// `npm run bench:grammar`: lines per second of our grammar and, in the same run, of VS Code's
// built-in `log` grammar (read from the installed code-server, never copied), tokenizing the
// same 100,000 realistic lines with vscode-textmate + vscode-oniguruma. Alternating runs,
// medians, tokens colored by Dark+ through tokenizeLine2 as the editor does. Target: ours >= 5x
// the built-in's lines per second.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { REPO_ROOT, builtinExtensionsDir, ensureCodeServer } from './lib/codeServer.mjs';
import { writeBenchLog } from './lib/benchLog.mjs';
import os from 'node:os';

const require = createRequire(import.meta.url);
const vsctm = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const LINES = Number(process.env.BENCH_LINES ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

ensureCodeServer();
const builtinPath = path.join(builtinExtensionsDir(), 'log', 'syntaxes', 'log.tmLanguage.json');
const oursPath = path.join(REPO_ROOT, 'syntaxes', 'worker-log.tmLanguage.json');

const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')).buffer;
await oniguruma.loadWASM(wasm);
const registry = new vsctm.Registry({
  onigLib: Promise.resolve({ createOnigScanner: (s) => new oniguruma.OnigScanner(s), createOnigString: (s) => new oniguruma.OnigString(s) }),
  loadGrammar: async (scope) => {
    const file = scope === 'text.log.worker' ? oursPath : scope === 'text.log' ? builtinPath : undefined;
    return file ? vsctm.parseRawGrammar(fs.readFileSync(file, 'utf8'), file) : null;
  },
});

// Realistic lines: several ranks' logs with warnings, errors and tracebacks.
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gwl-gbench-'));
const lines = [];
for (let rank = 0; lines.length < LINES; rank++) {
  const f = path.join(tmp, `worker_${rank}.log`);
  writeBenchLog(f, { bytes: 4 * 1024 * 1024, sessions: 3, rank, seed: rank + 1 });
  for (const l of fs.readFileSync(f, 'utf8').split('\n')) if (lines.length < LINES) lines.push(l);
}
fs.rmSync(tmp, { recursive: true, force: true });

function tokenizeAll(grammar) {
  let state = vsctm.INITIAL;
  let tokens = 0;
  const t = process.hrtime.bigint();
  for (const line of lines) {
    // tokenizeLine2 (binary-encoded tokens) is what VS Code's editor calls.
    const r = grammar.tokenizeLine2(line, state);
    state = r.ruleStack;
    tokens += r.tokens.length / 2;
  }
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, tokens };
}

// Tokens are colored as in the editor: Dark+ (read from code-server), so tokenizeLine2 keeps
// the tokens a theme tells apart.
function themeRules(file) {
  const theme = JSON.parse(fs.readFileSync(file, 'utf8'));
  const inherited = theme.include ? themeRules(path.join(path.dirname(file), theme.include)) : [];
  return [...inherited, ...(theme.tokenColors ?? [])];
}
const themeDir = path.join(builtinExtensionsDir(), 'theme-defaults', 'themes');
registry.setTheme({ name: 'Dark+', settings: [{ settings: { foreground: '#D4D4D4', background: '#1E1E1E' } }, ...themeRules(path.join(themeDir, 'dark_plus.json'))] });

const ours = await registry.loadGrammar('text.log.worker');
const builtin = await registry.loadGrammar('text.log');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = { ours: [], builtin: [] };
const tokenCounts = {};
tokenizeAll(ours); // warm both
tokenizeAll(builtin);
for (let i = 0; i < RUNS; i++) {
  for (const [name, g] of [['ours', ours], ['builtin', builtin]]) {
    const r = tokenizeAll(g);
    results[name].push(r.ms);
    tokenCounts[name] = r.tokens;
  }
}
const lps = (ms) => Math.round(lines.length / (ms / 1000));
const oursLps = lps(median(results.ours));
const builtinLps = lps(median(results.builtin));
console.log(`Tokenizing ${lines.length.toLocaleString()} worker-log lines (${RUNS} alternating runs, medians):`);
console.log(`  ours (text.log.worker):      ${oursLps.toLocaleString()} lines/s, ${tokenCounts.ours.toLocaleString()} tokens`);
console.log(`  built-in log (text.log):     ${builtinLps.toLocaleString()} lines/s, ${tokenCounts.builtin.toLocaleString()} tokens`);
console.log(`  ratio: ${(oursLps / builtinLps).toFixed(2)}x   (target >= 5x)  ${oursLps / builtinLps >= 5 ? 'MET' : 'MISS'}`);
