import * as assert from 'node:assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LogDocument } from '../../src/server/logDocument';
import { rng } from '../support/random';

const PIECES = ['a', 'bc', '\n', '\r\n', '\r', 'é', '😀', 'Worker 1 - x - INFO - m', '  File "x.py", line 2', ''];

function randomText(rand: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += PIECES[Math.floor(rand() * PIECES.length)];
  return s;
}

describe("the language server's log document (appends in O(change))", () => {
  it('agrees with the stock TextDocument after random appends, edits and replacements (300 seeds)', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const rand = rng(seed);
      const initial = randomText(rand, Math.floor(rand() * 30));
      const ref = TextDocument.create('file:///x.log', 'worker-log', 1, initial);
      const doc = new LogDocument('file:///x.log', 'worker-log', 1, initial);
      for (let step = 0; step < 20; step++) {
        const r = rand();
        const text = randomText(rand, 1 + Math.floor(rand() * 6));
        let change;
        if (r < 0.6) {
          const end = ref.positionAt(ref.getText().length);
          change = { range: { start: end, end }, text };
        } else if (r < 0.9) {
          const a = Math.floor(rand() * (ref.getText().length + 1));
          const b = a + Math.floor(rand() * 5);
          change = { range: { start: ref.positionAt(a), end: ref.positionAt(b) }, text };
        } else change = { text };
        const rewritesBefore = doc.rewrites;
        const lengthBefore = doc.length;
        TextDocument.update(ref, [change], step + 2);
        doc.update([change], step + 2);
        const where = `seed ${seed} step ${step}`;
        const full = ref.getText();
        assert.strictEqual(doc.getText(), full, where);
        assert.strictEqual(doc.lineCount, ref.lineCount, where);
        if (doc.rewrites === rewritesBefore) assert.strictEqual(doc.appendedSince(lengthBefore), full.slice(lengthBefore), `${where}: an append hands over just the new text`);
        for (let k = 0; k < 5; k++) {
          const off = Math.floor(rand() * (full.length + 2));
          assert.deepStrictEqual(doc.positionAt(off), ref.positionAt(off), `${where} positionAt(${off})`);
          const pos = { line: Math.floor(rand() * (ref.lineCount + 1)), character: Math.floor(rand() * 8) };
          assert.strictEqual(doc.offsetAt(pos), ref.offsetAt(pos), `${where} offsetAt(${JSON.stringify(pos)})`);
          const line = Math.floor(rand() * ref.lineCount);
          const range = { start: { line, character: 0 }, end: { line, character: 4000 } };
          assert.strictEqual(doc.getText(range), ref.getText(range), `${where} line ${line}`);
        }
      }
    }
  });

  it('counts only edits that are not appends at the end as rewrites', () => {
    const doc = new LogDocument('file:///y.log', 'worker-log', 1, 'a\n');
    const end = () => doc.positionAt(doc.length);
    doc.update([{ range: { start: end(), end: end() }, text: 'b\n' }], 2);
    assert.strictEqual(doc.rewrites, 0, 'an append is no rewrite');
    doc.update([{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, text: 'z' }], 3);
    assert.strictEqual(doc.rewrites, 1);
    assert.strictEqual(doc.getText(), 'z\nb\n');
  });
});
