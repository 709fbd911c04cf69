// A task job's batch output (Slurm's `slurm-<job id>.out` beside its task files), read before the
// tasks' own files (importJob.ts): srun's and Slurm's words on the tasks, each told to the ranks
// it names once their lines of its run are written. A job requeued (`sbatch --requeue`, a
// preemption, `scontrol requeue`) appends its next run to the same files: Slurm's cancellation
// ends a run, and a rank's record once the job's kill wait is past is of the next run. Before
// it, the rank is told the words of the run that ended (the cancellation, srun's word on the
// tasks it ended, which follows it), then the run starts. Pure.
import type { LauncherVerdict } from './launcherLines';
import { SLURM_KILL_WAIT_MS, slurmKillWait } from './slurmWords';

/** A word of the batch output on tasks, and where it is. */
export interface BatchWord {
  verdict: LauncherVerdict;
  file: string;
  line: number;
  offset: number;
}

/** Words kept until every rank is told them (the end of an update); a hostile batch output's past these are dropped. */
const MAX_WORDS = 4096;
/** Slurm's cancellations kept (a hostile batch output's past these start no run). */
const MAX_CUTS = 4096;

/** Where a word is, in its batch output. */
type Place = Pick<BatchWord, 'file' | 'line' | 'offset'>;

export class TaskRuns {
  /** Words not yet told to every rank (from word number `base` on): each with the job's ranks it names, in order. */
  private words: { word: BatchWord; named: Int32Array | 'all' }[] = [];
  private base = 0;
  /**
   * Slurm's cancellations, in order: the time from which a rank's record is of the next run,
   * where the cancellation is, and how many words (by number) are of the run it ended.
   */
  private readonly cuts: { time: number; from: number; at: Place; words: number }[] = [];
  /** Slurm's kill wait, as srun said it (ms). */
  private killWait = SLURM_KILL_WAIT_MS;
  /** srun's and Slurm's lines right after a cancellation are of the run it ended (srun's word on the tasks it ended). */
  private cutOpen = false;
  /** Per rank: the words it has been told (or that are not its), and the cancellations it is past. */
  private readonly ranks = new Map<number, { told: number; run: number }>();

  /** `isRank`: whether a rank is one of the job's (a word naming `tasks 0-99999` keeps only those). */
  constructor(private readonly isRank: (rank: number) => boolean) {}

  /** A line of the batch output, in order, with its word on tasks if it has one. */
  read(text: string, word: BatchWord | undefined): void {
    if (word && this.words.length < MAX_WORDS) {
      // Kept with the job's ranks it names only (not `tasks 0-99999`'s 100,000).
      const r = word.verdict.ranks;
      const named = r === 'all' ? r : Int32Array.from(r.filter(this.isRank)).sort();
      this.words.push({ word: named === 'all' ? word : { ...word, verdict: { ...word.verdict, ranks: [...named] } }, named });
    }
    const v = word?.verdict;
    const end = this.base + this.words.length;
    // srun's wait for the step's processes, before or after the cancellation: this cluster's kill wait.
    const wait = slurmKillWait(text);
    if (wait !== undefined) {
      this.killWait = wait;
      const cut = this.cuts[this.cuts.length - 1];
      if (this.cutOpen) cut.from = cut.time + wait;
    }
    if (v && v.ranks === 'all' && v.slurmEnded && v.time !== undefined) {
      // (Past MAX_CUTS, none: nor are the lines after it those of the last one kept.)
      this.cutOpen = this.cuts.length < MAX_CUTS;
      if (this.cutOpen) this.cuts.push({ time: v.time, from: v.time + this.killWait, at: { file: word!.file, line: word!.line, offset: word!.offset }, words: end });
    } else if (this.cutOpen && (text.startsWith('srun:') || text.startsWith('slurmstepd'))) {
      if (word) this.cuts[this.cuts.length - 1].words = end;
    } else this.cutOpen = false;
  }

  /** Every rank was told every word (the end of an update): they are not kept. */
  settled(): void {
    this.base += this.words.length;
    this.words = [];
  }

  /** From which time (ms) a record of `rank` is of the job's next run; Infinity when no run is known to follow. */
  nextRunFrom(rank: number): number {
    if (this.cuts.length === 0) return Infinity;
    const k = this.ranks.get(rank)?.run ?? 0;
    return k < this.cuts.length ? this.cuts[k].from : Infinity;
  }

  /**
   * `rank`'s record at `time` (at or after `nextRunFrom`) starts the next run: the words of the
   * runs it ended are told (`tell`: false once the rank takes no more before its next line)
   * first; the cancellation it starts after, or undefined when `time` starts none.
   */
  startRun(rank: number, time: number, tell: (w: BatchWord) => boolean): Place | undefined {
    const s = this.of(rank);
    let k = s.run;
    while (k < this.cuts.length && time >= this.cuts[k].from) k++;
    if (k === s.run) return undefined;
    s.run = k;
    this.tellUpTo(rank, s, this.cuts[k - 1].words, tell);
    return this.cuts[k - 1].at;
  }

  /** Tells `rank` the words it has not been told yet (after its lines so far). */
  tellRest(rank: number, tell: (w: BatchWord) => boolean): void {
    this.tellUpTo(rank, this.of(rank), this.base + this.words.length, tell);
  }

  reset(): void {
    this.words = [];
    this.base = 0;
    this.cuts.length = 0;
    this.cutOpen = false;
    this.killWait = SLURM_KILL_WAIT_MS;
    this.ranks.clear();
  }

  /** A rank's state; one seen first now is told the words from now on (as it was when they were told as they were read). */
  private of(rank: number): { told: number; run: number } {
    let s = this.ranks.get(rank);
    if (!s) this.ranks.set(rank, (s = { told: this.base, run: 0 }));
    return s;
  }

  private tellUpTo(rank: number, s: { told: number }, upTo: number, tell: (w: BatchWord) => boolean): void {
    for (s.told = Math.max(s.told, this.base); s.told < upTo; s.told++) {
      const { word, named } = this.words[s.told - this.base];
      if (named !== 'all' && !includes(named, rank)) continue;
      // The rank takes no more words before its next line: the rest are skipped.
      if (!tell(word)) s.told = upTo - 1;
    }
  }
}

/** Whether sorted `ranks` holds `rank`. */
function includes(ranks: Int32Array, rank: number): boolean {
  let lo = 0;
  let hi = ranks.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ranks[mid] === rank) return true;
    if (ranks[mid] < rank) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
