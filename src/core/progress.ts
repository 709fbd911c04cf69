// Progress of a rank: the last step counter its records carry (`step=1200`, `Step 120/5000`,
// `global_step=N`, `iter N`, `epoch 3`), read backward from the end of its log, and how far each
// rank is behind the others. The pattern is a setting (`workerLogs.progressPattern`).
import { mapLimit } from './mapLimit';
import { LogRecord, ReadPosition, RecordReader } from './recordReader';
import { userRegExp } from './caseFold';
import { WORD_LOGGERS } from './indexModel';

/**
 * The default: a step keyword as a word of its own (not inside a path or a name such as
 * `steps_per_epoch` or `/ckpt/step_0001200.pt`), then the number, maybe `/total`. When a message
 * names several (`Epoch 3 | Step 120/5000`), the most specific keyword wins. MMEngine's trainers
 * (OpenMMLab) write theirs `Iter(train) [ 40/1000]` and `Epoch(train)  [1][ 40/60]` (read as
 * epoch 1); their validation's and tests' counters are not the job's progress. A bare tqdm
 * bar's count (`45%|████▌     | 450/1000 [01:23<01:40,  5.40it/s]`: Hugging Face's Trainer, whose
 * logged metrics name no step) is read when nothing else in the message is; not a described
 * one's (`Map: 100%|...| 50000/50000 [`, `Loading checkpoint shards: ...`), which counts
 * something else than steps, on some ranks only. A whole number written as a float after `=` is
 * one (NeMo's bar: `global_step=9.000`), not `step 1.5`.
 */
export const DEFAULT_PROGRESS_PATTERN = '(?<![\\w./\\\\-])(?<keyword>global_step|num_updates|step|iteration|iter|epoch|(?<=^\\s{0,3}\\d{1,3}%\\|[^|]{0,200})\\|(?=\\s*\\d{1,12}/\\d{1,12} \\[))(?:\\(train\\)\\s*\\[\\s*|\\s*[=:]?\\s*)(?<step>\\d{1,12})(?:(?<==\\d{1,12})\\.0{1,6}(?!\\d))?(?:\\s*/\\s*(?<total>\\d{1,12}))?(?![\\w.])';

/** Steps behind the median of the ranks beyond which a rank is flagged (`workerLogs.progressLagSteps`). */
export const DEFAULT_LAG_STEPS = 10;

// fairseq's `num_updates=N` is its global step (its `epoch 001:    100 / 1000` the step of an epoch);
// a tqdm bar's count (`| 450/1000 [`) the last (Lightning's bar counts the batches of its `Epoch 3`).
const KEYWORD_RANK = ['global_step', 'num_updates', 'step', 'iteration', 'iter', 'epoch', '|'];

export interface ProgressPattern {
  source: string;
  regex: RegExp;
}

/** The pattern of the setting, or a message that says what is wrong with it. */
export function compileProgressPattern(source: string | undefined): ProgressPattern | { error: string } {
  const text = source?.trim() ? source : DEFAULT_PROGRESS_PATTERN;
  let regex: RegExp;
  try {
    regex = userRegExp(text, true, 'g');
  } catch (e) {
    return { error: `workerLogs.progressPattern is not a valid regular expression: ${e instanceof Error ? e.message : String(e)}` };
  }
  const groups = new RegExp(`${text}|`).exec('')?.length ?? 1;
  if (!/\(\?<step>/.test(text) && groups < 2) return { error: 'workerLogs.progressPattern needs a group for the step number: a named group (?<step>...) or a first group (...)' };
  if (regex.test('')) return { error: 'workerLogs.progressPattern matches an empty message: it must match a step number' };
  regex.lastIndex = 0;
  return { source: text, regex };
}

export interface StepReading {
  step: number;
  total?: number;
}

/** The step a message states, or undefined. */
export function stepIn(message: string, pattern: ProgressPattern): StepReading | undefined {
  const re = pattern.regex;
  re.lastIndex = 0;
  let best: { rank: number; reading: StepReading } | undefined;
  // Step counters sit early in a message; a short head also bounds what a user's pattern can cost.
  const text = message.length > 1000 ? message.slice(0, 1000) : message;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0] === '') {
      re.lastIndex++;
      continue;
    }
    const stepText = m.groups?.step ?? m[1];
    if (stepText === undefined || !/^\d+$/.test(stepText)) continue;
    const keyword = m.groups?.keyword?.toLowerCase();
    const rank = keyword ? KEYWORD_RANK.indexOf(keyword) : 0;
    const total = m.groups?.total;
    const reading = { step: Number(stepText), total: total !== undefined ? Number(total) : undefined };
    if (!best || rank < best.rank) best = { rank: rank < 0 ? KEYWORD_RANK.length : rank, reading };
  }
  return best?.reading;
}

export interface RankProgress extends StepReading {
  rank: number;
  /** The record's time, when it has one. */
  time?: number;
  /** 0-based line of the record. */
  line: number;
}

/**
 * The last step of a rank's log: the highest of the last few step counters of its last session
 * (a line printed out of order does not set a rank back), read backward from `end` (the end of
 * its last complete line, with its line count, as the index knows them), over at most
 * `maxRecords` records (a rank that stopped logging steps long ago has no current reading).
 */
export async function lastProgress(filePath: string, rank: number, pattern: ProgressPattern, end: ReadPosition, options: { maxRecords?: number; matches?: number } = {}): Promise<RankProgress | undefined> {
  const reader = new RecordReader(filePath, { maxContinuationLines: 0, end: end.offset });
  let seen = 0;
  let found = 0;
  let best: RankProgress | undefined;
  const max = options.maxRecords ?? 2000;
  try {
    for await (const r of reader.backward(end)) {
      const reading = readingOf(r, pattern);
      if (reading) {
        if (!best || reading.step > best.step) best = { rank, ...reading, time: r.time, line: r.line };
        if (++found >= (options.matches ?? 8)) break;
      }
      // The session's first record: steps before it belong to an earlier run.
      if (r.resumeTimeText !== undefined || ++seen >= max) break;
    }
  } catch {
    return best;
  }
  return best;
}

function readingOf(r: LogRecord, pattern: ProgressPattern): StepReading | undefined {
  // (A launcher's words are not the rank's progress: Slurm's `job step 81234.0`.)
  return r.hasHeader && !WORD_LOGGERS.has(r.logger) ? stepIn(r.message, pattern) : undefined;
}

export interface ProgressLag extends RankProgress {
  /** Steps behind the median of the ranks (0 when at or ahead of it). */
  behind: number;
  /** Behind by more than the threshold. */
  lagging: boolean;
}

/** Each rank's lag behind the median step; lagging when more than `threshold` steps behind. */
export function progressLag(readings: readonly RankProgress[], threshold: number): ProgressLag[] {
  if (readings.length === 0) return [];
  const steps = readings.map((r) => r.step).sort((a, b) => a - b);
  const median = steps[Math.floor((steps.length - 1) / 2)];
  return readings.map((r) => {
    const behind = Math.max(0, median - r.step);
    return { ...r, behind, lagging: readings.length > 1 && behind > threshold };
  });
}

/** `step 1200/5000`, `step 1200, 50 behind` */
export function progressLabel(p: ProgressLag | RankProgress): string {
  const base = `step ${p.step}${p.total !== undefined ? `/${p.total}` : ''}`;
  return 'lagging' in p && p.lagging ? `${base}, ${p.behind} behind` : base;
}

/** The progress of every rank of a job from its indexes (ranks without a step are left out). */
export async function jobProgress(ranks: readonly { rank: number; path: string; bytes: number; lines: number }[], pattern: ProgressPattern, lagSteps = DEFAULT_LAG_STEPS): Promise<ProgressLag[]> {
  const readings = await mapLimit(ranks, 16, (r) => lastProgress(r.path, r.rank, pattern, { offset: r.bytes, line: r.lines }));
  return progressLag(readings.filter((p): p is RankProgress => p !== undefined), lagSteps);
}
