import * as fs from 'node:fs';
import { RankLineWriter } from '../src/core/importLines';
import { BUILT_IN_FORMATS, rankPrefixOf, parseForeignLine } from '../src/core/lineFormats';
const lines = fs.readFileSync('/tmp/capbench/run.out', 'utf8').split('\n');
const ws = new Map<number, RankLineWriter>();
let t = Date.now();
const rests: string[] = [];
for (const l of lines) { const p = rankPrefixOf(l); rests.push(p ? p.rest : l); }
console.log('prefix', Date.now() - t); t = Date.now();
for (const r of rests) parseForeignLine(r, BUILT_IN_FORMATS, 2026);
console.log('parse', Date.now() - t); t = Date.now();
const w = new RankLineWriter(1, 'x', { formats: BUILT_IN_FORMATS, year: 2026 });
let n = 0;
for (const r of rests) n += w.line(r).length;
console.log('writer', Date.now() - t, n);
