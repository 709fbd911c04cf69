// Random worker-log text for fuzz tests: records with and without times, resumes, tracebacks,
// plain lines; with `hostile`, also launcher lines before the first record, fatal errors, long
// lines and a last line without its break. With `hostile` off the sequence of random draws is
// fixed, so a seed replays the same log.
import { stamp } from './logWriter';

export interface RandomLogOptions {
  /** Records (and blocks) at most, plus `minRecords`. */
  maxRecords: number;
  minRecords: number;
  levels: readonly string[];
  hostile: boolean;
}

export const WELL_FORMED: RandomLogOptions = { maxRecords: 120, minRecords: 1, levels: ['DEBUG', 'INFO', 'INFO', 'INFO', 'WARNING', 'ERROR', 'CRITICAL', 'TRACE'], hostile: false };

export function randomLog(rand: () => number, o: RandomLogOptions = WELL_FORMED): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const lines: string[] = [];
  if (o.hostile && rand() < 0.3) for (let k = Math.floor(rand() * 4); k >= 0; k--) lines.push(pick(['launcher: starting', '', 'W1130 09:12:33.123 c10d warning', 'raw print ✓']));
  const n = o.minRecords + Math.floor(rand() * o.maxRecords);
  let t = Date.UTC(2026, 0, 1);
  for (let i = 0; i < n; i++) {
    t += Math.floor(rand() * 5000);
    const timed = rand() < 0.8 ? `${stamp(t)} - ` : '';
    const rank = Math.floor(rand() * 16);
    const r = rand();
    if (r < 0.08) lines.push(`${timed}Worker ${rank} - worker_logging - INFO - === Resume at 2026-01-01T00:00:0${i % 10}.000000 ===`);
    else if (r < 0.18) lines.push('Traceback (most recent call last):', '  File "a.py", line 1, in <module>', 'ValueError: x ✓');
    else if (r < 0.22) lines.push('plain print ünï', '', '   ');
    else if (o.hostile && r < 0.23) lines.push('Fatal Python error: Segmentation fault', '', 'Current thread 0x00007f (most recent call first):', '  File "a.py", line 3 in crash');
    else if (o.hostile && r < 0.26) lines.push(`${timed}Worker ${rank} - pkg - INFO - long ${'é-x'.repeat(Math.floor(rand() * 60))}`);
    else if (o.hostile && r < 0.28) lines.push('w'.repeat(Math.floor(rand() * 300)));
    else lines.push(`${timed}Worker ${rank} - pkg.mod - ${pick(o.levels)} - msg ${i} - é`);
  }
  const eol = rand() < 0.2 ? '\r\n' : '\n';
  let text = lines.map((l) => l + eol).join('');
  // A writer killed mid-line leaves a last line without its break.
  if (o.hostile && rand() < 0.3) text += pick([`${stamp(t)} - Worker 1 - pkg - ERROR - crashed mid`, 'partial tail', '  File "x.py", line 2']);
  return text;
}
