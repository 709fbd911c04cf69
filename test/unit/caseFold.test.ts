import * as assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import { caseFolded, userRegExp } from '../../src/core/caseFold';

/** What `re` finds in `text`: each match's place and groups, as `g` walks it. */
function matches(re: RegExp, text: string): string {
  const g = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
  const found: string[] = [];
  for (let m = g.exec(text); m && found.length < 50; m = g.exec(text)) {
    found.push(`${m.index}:${JSON.stringify([...m])}:${JSON.stringify(m.groups ?? null)}`);
    if (m[0] === '') g.lastIndex++;
  }
  return found.join(' ');
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

describe('caseFolded: a typed expression case-insensitive without the i flag', () => {
  it('folds letters, escapes and classes as i does; keeps group names, class escapes and what is not a letter', () => {
    assert.strictEqual(caseFolded('loss=nan'), '[lL][oO][sS][sS]=[nN][aA][nN]');
    assert.strictEqual(caseFolded('(?<word>\\w+)\\s\\d'), '(?<word>\\w+)\\s\\d');
    assert.strictEqual(caseFolded('[^a-c_]'), '[^\\u0061-\\u0063\\u0041-\\u0043\\u005f]');
    assert.strictEqual(caseFolded('\\x41'), '[aA]');
    assert.strictEqual(caseFolded('\\bNCCL\\b'), '\\b[nN][cC][cC][lL]\\b');
    assert.strictEqual(caseFolded('█ 100%|→'), '█ 100%|→');
  });

  it('gives none where it cannot be sure: a backreference, a letter or range beyond ASCII', () => {
    for (const s of ['(a)\\1', '(?<x>a)\\k<x>', 'é', '[à-ÿ]', '\\u00e9', 'µ']) assert.strictEqual(caseFolded(s), undefined, s);
  });

  it('matches what the i flag matches: random expressions of letters, classes, escapes and groups on random texts', () => {
    const rand = rng(7);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
    const atoms = ['a', 'B', 'z', 'Q', '_', '0', '9', '.', '-', ' ', '\\w', '\\W', '\\d', '\\s', '\\S', '\\b', '\\x61', '\\x5A', '\\u0062', '\\.', '\\-', '\\a', '\\t', '[a-f]', '[^a-f]', '[A-Z_]', '[Z-a]', '[\\d-z]', '[-a]', '[a-]', '[^]', '[]', '[\\w.]', '[\\b]', '[\\x41-\\x43x]', '[@-~]', '[^A-Za-z]', '[Y-b]', '[\\]]', '^', '$', '\\B', '\\cJ', '\\0', '{', '}', ']', 'x{2', '\\p{L}', '\\k', '\\/', '[\\c_]', '[\\cj]', '\\01', '\\8', '[(?<a>]', '\\(?<b>', '(?<n>q)\\k<n>', '\\xZZ', '\\u12', '[^\\W\\d]'];
    const expression = (depth: number): string => {
      let s = '';
      const n = 1 + Math.floor(rand() * 4);
      for (let k = 0; k < n; k++) {
        const r = rand();
        let atom = r < 0.15 && depth < 2 ? `(${pick(['', '?:', '?<g' + k + depth + '>', '?=', '?!'])}${expression(depth + 1)}${rand() < 0.3 ? `|${expression(depth + 1)}` : ''})` : pick(atoms);
        if (/^[^^$]|^\^./.test(atom) && !/^\\b$|^\\B$|^\(\?[=!]/.test(atom) && rand() < 0.3) atom += pick(['*', '+', '?', '{2}', '{1,3}', '*?', '+?']);
        s += atom;
      }
      return s;
    };
    const alphabet = 'aAbBfFzZqQ_09 -.\t\n@[]^`{~é';
    let compared = 0;
    for (let t = 0; t < 4000; t++) {
      const source = expression(0);
      let withI: RegExp;
      try {
        withI = new RegExp(source, 'i');
      } catch {
        continue;
      }
      const folded = caseFolded(source);
      if (folded === undefined) continue;
      const without = new RegExp(folded);
      for (let k = 0; k < 6; k++) {
        const text = Array.from({ length: 1 + Math.floor(rand() * 12) }, () => pick([...alphabet])).join('');
        assert.strictEqual(matches(without, text), matches(withI, text), `${source} -> ${folded} on ${JSON.stringify(text)}`);
        compared++;
      }
    }
    assert.ok(compared > 10_000, `only ${compared} comparisons`);
  });

  it('userRegExp: case-insensitive without i where it can (the runtime then ends a runaway match), with i where it cannot; a bad source throws', () => {
    assert.strictEqual(userRegExp('(\\w+\\s?)+$', true, 'g').flags, 'g');
    assert.strictEqual(userRegExp('é', true).flags, 'i');
    assert.strictEqual(userRegExp('Loss', false).flags, '');
    assert.ok(userRegExp('LOSS', true).test('loss=1'));
    assert.throws(() => userRegExp('(a', true), /Invalid regular expression/);
    // The runaway match, case-insensitive, ends in a process that asked for the fallback (as the extension and the CLI do).
    const script = `const { userRegExp } = require(${JSON.stringify(require.resolve('../../src/core/caseFold'))}); require('node:v8').setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks'); console.log(userRegExp('(\\\\w+\\\\s?)+$', true).test('${'a'.repeat(60)}!'))`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60_000, killSignal: 'SIGKILL' });
    assert.strictEqual(r.signal, null, 'the match ran past 60 s');
    assert.strictEqual(r.stdout.trim(), 'false', r.stderr);
  });
});
