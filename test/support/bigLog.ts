// Writes a big worker log quickly (for the >50 MB navigation tests): `sessions` sessions of
// records, with an error and traceback now and then. Returns each session's start line.
import * as fs from 'node:fs';
import { stamp } from './logWriter';

export function writeBigLog(file: string, bytes: number, sessions: number, rank = 0, start = Date.UTC(2026, 1, 6, 8)): number[] {
  const fd = fs.openSync(file, 'w');
  const starts: number[] = [];
  let line = 0;
  let written = 0;
  let t = start;
  const per = Math.ceil(bytes / sessions);
  try {
    for (let s = 0; s < sessions; s++) {
      const lines: string[] = [];
      starts.push(line);
      if (s > 0) {
        t += 60_000;
        lines.push(`${stamp(t)} - Worker ${rank} - worker_logging - INFO - === Resume at ${new Date(t).toISOString().replace('Z', '000')} ===`);
      }
      let size = 0;
      let i = 0;
      while (size < per) {
        t += 7;
        const rec =
          i % 5000 === 4999
            ? `${stamp(t)} - Worker ${rank} - train - ERROR - step ${i} failed\nTraceback (most recent call last):\n  File "train.py", line 9, in step\nRuntimeError: boom`
            : `${stamp(t)} - Worker ${rank} - virnucpro.pipeline.gpu_worker - INFO - step=${i} loss=0.${i % 9999} throughput=1500 seq/s took 2.64s`;
        lines.push(rec);
        size += rec.length + 1;
        i++;
        if (lines.length >= 20_000) {
          const text = lines.join('\n') + '\n';
          fs.writeSync(fd, text);
          written += text.length;
          line += text.split('\n').length - 1;
          lines.length = 0;
        }
      }
      const text = lines.length ? lines.join('\n') + '\n' : '';
      fs.writeSync(fd, text);
      written += text.length;
      line += text ? text.split('\n').length - 1 : 0;
    }
  } finally {
    fs.closeSync(fd);
  }
  void written;
  return starts;
}
