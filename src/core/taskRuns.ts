// A task job's batch output (Slurm's `slurm-<job id>.out` beside its task files), read before the
// tasks' own files (importJob.ts): srun's and Slurm's words on the tasks, each told to the ranks
// it names once their lines of its run are written. A job requeued (`sbatch --requeue`, a
// preemption, `scontrol requeue`) appends its next run to the same files: Slurm's cancellation
// ends a run, and a rank's record once the job's kill wait is past is of the next run. Before
// it, the rank is told the words of the run that ended (the cancellation, srun's word on the
// tasks it ended, which follows it), then the run starts. Pure.
import type { LauncherVerdict } from './launcherLines';
import { SLURM_KILL_WAIT_MS } from './slurmWords';

/** A word of the batch output on tasks, and where it is. */
export interface BatchWord {
  verdict: LauncherVerdict;
  file: string;
  line: number;
  offset: number;
}

/** Named ranks past this many are looked up in a set. */
const SET_FROM = 8;

export class TaskRuns {
  private readonly words: { word: BatchWord; named: readonly number[] | ReadonlySet<number> | 'all' }[] = [];
  /**
   * Slurm's cancellations, in order: the time from which a rank's record is of the next run, the
   * cancellation's word, and how many of the words are of the run it ended.
   */
  private readonly cuts: { from: number; word: BatchWord; words: number }[] = [];
  /** srun's and Slurm's lines right after a cancellation are of the run it ended (srun's word on the tasks it ended). */
  private cutOpen = false;
  /** Per rank: the words it has been told (or that are not its), and the cancellations it is past. */
  private readonly ranks = new Map<number, { told: number; run: number }>();

  /** A line of the batch output, in order, with its word on tasks if it has one. */
  read(text: string, word: BatchWord | undefined): void {
    if (word) {
      const r = word.verdict.ranks;
      this.words.push({ word, named: r === 'all' || r.length <= SET_FROM ? r : new Set(r) });
    }
    const v = word?.verdict;
    if (v && v.ranks === 'all' && v.slurmEnded && v.time !== undefined) {
      this.cuts.push({ from: v.time + SLURM_KILL_WAIT_MS, word: word!, words: this.words.length });
      this.cutOpen = true;
    } else if (this.cutOpen && (text.startsWith('srun:') || text.startsWith('slurmstepd'))) {
      if (word) this.cuts[this.cuts.length - 1].words = this.words.length;
    } else this.cutOpen = false;
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
  startRun(rank: number, time: number, tell: (w: BatchWord) => boolean): BatchWord | undefined {
    const s = this.of(rank);
    let k = s.run;
    while (k < this.cuts.length && time >= this.cuts[k].from) k++;
    if (k === s.run) return undefined;
    s.run = k;
    this.tellUpTo(rank, s, this.cuts[k - 1].words, tell);
    return this.cuts[k - 1].word;
  }

  /** Tells `rank` the words it has not been told yet (after its lines so far). */
  tellRest(rank: number, tell: (w: BatchWord) => boolean): void {
    this.tellUpTo(rank, this.of(rank), this.words.length, tell);
  }

  reset(): void {
    this.words.length = 0;
    this.cuts.length = 0;
    this.cutOpen = false;
    this.ranks.clear();
  }

  private of(rank: number): { told: number; run: number } {
    let s = this.ranks.get(rank);
    if (!s) this.ranks.set(rank, (s = { told: 0, run: 0 }));
    return s;
  }

  private tellUpTo(rank: number, s: { told: number }, upTo: number, tell: (w: BatchWord) => boolean): void {
    for (; s.told < upTo; s.told++) {
      const { word, named } = this.words[s.told];
      if (!(named === 'all' || (Array.isArray(named) ? named.includes(rank) : (named as ReadonlySet<number>).has(rank)))) continue;
      // The rank takes no more words before its next line: the rest are skipped.
      if (!tell(word)) s.told = upTo - 1;
    }
  }
}
