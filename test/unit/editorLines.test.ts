import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EditorLineCounter, editorLineOf } from '../../src/core/editorLines';
import { tempDir } from '../support/tempFiles';

/** The editor's line of line `line` (counted by line feeds) as VS Code shows `text`: its lines broken at `\r\n`, `\r` and `\n`, at the line's last state. */
function shown(text: string, line: number): number {
  let at = 0;
  for (let k = 0; k < line; k++) {
    const nl = text.indexOf('\n', at);
    if (nl < 0) return line;
    at = nl + 1;
  }
  const nl = text.indexOf('\n', at);
  let end = nl < 0 ? text.length : nl;
  while (end > at && text[end - 1] === '\r') end--;
  const cr = end > at ? text.lastIndexOf('\r', end - 1) : -1;
  const target = cr >= at ? cr + 1 : at;
  return text.slice(0, target).split(/\r\n|\r|\n/).length - 1;
}

function counted(text: string, line: number, cuts: number[]): number {
  const bytes = Buffer.from(text);
  const c = new EditorLineCounter(line);
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    if (c.feed(bytes.subarray(from, cut))) break;
    from = cut;
  }
  return c.editorLine;
}

describe('editorLines: a line of a file as the editor counts lines (carriage returns alone break them too)', () => {
  it("opens a capture's line after progress bars further down, at the line's last state", () => {
    const bar = (n: number) => `\r ${n * 25}%|${'#'.repeat(n).padEnd(4)}| ${n}/4 [00:0${n}<00:0${4 - n}]`;
    const text = ['[rank0]:start', `[rank1]:${bar(1)}${bar(2)}${bar(3)}`, '[rank0]:step', `[rank1]:${bar(4)}Traceback (most recent call last):`, '[rank1]:ValueError: x', ''].join('\n');
    // Line 3 (the traceback's) is the editor's 7th: three redraws before it, and its own last one.
    assert.deepStrictEqual([0, 1, 2, 3, 4].map((l) => counted(text, l, [])), [0, 4, 5, 7, 8]);
    assert.deepStrictEqual([0, 1, 2, 3, 4].map((l) => shown(text, l)), [0, 4, 5, 7, 8]);
    // CRLF is one line break; a file without carriage returns alone keeps its numbers; past its end, the number asked.
    assert.deepStrictEqual([0, 1, 2].map((l) => counted('a\r\nb\r\nc\r\n', l, [])), [0, 1, 2]);
    assert.strictEqual(counted('a\nb\n', 9, []), 9);
  });

  it('agrees with the editor on random text of carriage returns, line feeds and letters, fed in random pieces', () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 3000; round++) {
      const text = Array.from({ length: 1 + rand(30) }, () => 'ab\r\n'[rand(4)]).join('');
      const lines = text.split('\n').length;
      for (let line = 0; line < lines + 1; line++) {
        const cuts = Array.from({ length: rand(4) }, () => rand(text.length + 1)).sort((a, b) => a - b);
        assert.strictEqual(counted(text, line, cuts), shown(text, line), `${JSON.stringify(text)} line ${line} cut at ${cuts}`);
      }
    }
  });

  it("reads the file from its start, as far as the line's end; a file it cannot read keeps the number", async () => {
    const dir = tempDir('gwl-editor-lines-');
    const file = path.join(dir, 'train.out');
    const redraws = Array.from({ length: 300_000 }, (_, k) => `\r${k}%`).join('');
    fs.writeFileSync(file, `a\n${redraws}\nb\nc\n`);
    assert.strictEqual(await editorLineOf(file, 2), 2 + 300_000);
    assert.strictEqual(await editorLineOf(path.join(dir, 'gone.out'), 5), 5);
  });
});
