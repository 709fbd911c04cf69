// Part of `npm run bench`: the record reader (records one by one, every field decoded) on a
// 64 MiB realistic log, forward from the start and backward from the end, beside the index of
// the same file. Figures only: the Job Log's targets will be set on the merge built on it.
import path from 'node:path';
import { writeBenchLog } from './lib/benchLog.mjs';

export async function benchReader({ dir, core }) {
  const { FileIndex, RecordReader } = core;
  const file = path.join(dir, 'worker_3.log');
  const { bytes } = writeBenchLog(file, { bytes: 64 * 1024 * 1024, sessions: 8, rank: 3, seed: 5 });
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const timeOf = async (fn) => {
    const t = process.hrtime.bigint();
    const r = await fn();
    return [Number(process.hrtime.bigint() - t) / 1e6, r];
  };
  const index = [];
  const forward = [];
  const backward = [];
  let records = 0;
  for (let i = 0; i < 3; i++) {
    const [ix, idx] = await timeOf(async () => {
      const f = new FileIndex(file);
      await f.update();
      return f.snapshot();
    });
    index.push(ix);
    const [fw, n] = await timeOf(async () => {
      let k = 0;
      for await (const r of new RecordReader(file).forward()) k += r.lineCount > 0 ? 1 : 0;
      return k;
    });
    forward.push(fw);
    const [bw, m] = await timeOf(async () => {
      let k = 0;
      for await (const r of new RecordReader(file).backward({ offset: idx.bytes, line: idx.lines })) k += r.lineCount > 0 ? 1 : 0;
      return k;
    });
    backward.push(bw);
    if (n !== m) throw new Error(`the reader found ${n} records forward and ${m} backward`);
    records = n;
  }
  const mib = bytes / 2 ** 20;
  const rate = (ms) => `${(mib / (ms / 1000)).toFixed(0)} MiB/s, ${(records / (ms / 1000) / 1e6).toFixed(2)} M records/s`;
  console.log(`\nRecord reader, ${mib.toFixed(0)} MiB log, ${records.toLocaleString()} records (3 alternating runs, medians)`);
  console.log(`  index ${median(index).toFixed(0)} ms; reader forward ${median(forward).toFixed(0)} ms (${rate(median(forward))}); backward ${median(backward).toFixed(0)} ms (${rate(median(backward))})`);
}
