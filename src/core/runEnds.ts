// A launcher's words that the processes of a capture's ranks ended (`RanksEnded`: srun's on its
// tasks, Slurm's cancellation, mpirun's and Hydra's final word on the job), merged as the capture
// is read: a rank's timed line after them that is of a new run of the job (requeued, the batch
// script's next srun or mpirun) starts the next attempt (importCapture.ts). Pure.

/**
 * A launcher said ranks' processes ended (`launcher`: named so): srun's word on its tasks
 * (`ranks`; a timed line of one at or after `after`, the capture's latest time then, is of a new
 * run), or the job or a step cancelled, or mpirun's or Hydra's final word on the job (a timed line
 * of any rank at or after `after`: Slurm's kill wait past, or mpirun's gap).
 */
export interface RanksEnded {
  launcher: string;
  ranks?: readonly number[];
  after?: number;
}

/** Where the launcher's latest such word is in the capture, and the launcher. */
export interface RunEnd {
  line: number;
  offset: number;
  launcher: string;
}

/**
 * A list of ranks longer than this is kept as it is, beside the others' ranks (a word read again
 * is the same array: srun's `tasks 0-99999` again and again merged its thousands at each), and
 * watching that many ranks is as watching any (`manyRanks`).
 */
const LONG_LIST = 64;
/** Long lists kept in one pending word at most; past them, their ranks are merged. */
const LONG_LISTS_KEPT = 16;

/** Each long list's ranks as a set, made once. */
const setsOfLists = new WeakMap<readonly number[], ReadonlySet<number>>();
function setOf(list: readonly number[]): ReadonlySet<number> {
  let set = setsOfLists.get(list);
  if (!set) setsOfLists.set(list, (set = new Set(list)));
  return set;
}

interface PendingEnd extends RunEnd {
  /** The ranks of short lists. */
  ranks: Set<number>;
  /** Long lists, as given. */
  lists: (readonly number[])[];
  ranksAfter?: number;
  anyAfter?: number;
}

export class RunEnds {
  private pending: PendingEnd | undefined;

  /**
   * What a launcher said at `line` (merged with what it said before): the ranks whose lines are
   * now read before they are written (`watches`), those of a long list (`manyRanks`), or any
   * rank's (`anyRank`): then undefined; else the ranks watched (the short lists').
   */
  said(end: RanksEnded, line: number, offset: number): ReadonlySet<number> | undefined {
    const e = (this.pending ??= { line, offset, launcher: end.launcher, ranks: new Set(), lists: [] });
    e.line = line;
    e.offset = offset;
    e.launcher = end.launcher;
    if (end.ranks) {
      if (end.ranks.length <= LONG_LIST) for (const r of end.ranks) e.ranks.add(r);
      else if (!e.lists.includes(end.ranks)) {
        if (e.lists.length >= LONG_LISTS_KEPT) {
          for (const list of e.lists) for (const r of list) e.ranks.add(r);
          e.lists = [];
        }
        e.lists.push(end.ranks);
      }
      if (end.after !== undefined) e.ranksAfter = Math.max(e.ranksAfter ?? -Infinity, end.after);
    } else if (end.after !== undefined) e.anyAfter = Math.min(e.anyAfter ?? Infinity, end.after);
    return e.anyAfter === undefined && !this.manyRanks ? e.ranks : undefined;
  }

  /**
   * Slurm's cancellation is pending (any rank's line may start the next run once its kill wait is
   * past): that wait ends at `after`, as srun said after Slurm's word.
   */
  slurmWaitUntil(after: number): void {
    const e = this.pending;
    if (e?.anyAfter !== undefined && e.launcher === 'slurm') e.anyAfter = after;
  }

  /** Some rank's line may start the next run. */
  get active(): boolean {
    return this.pending !== undefined;
  }

  /** Any rank's line may: every line is read before it is written. */
  get anyRank(): boolean {
    return this.pending?.anyAfter !== undefined;
  }

  /** A long list's ranks (or more than a long list's) are watched: as many as a word on any rank would. */
  get manyRanks(): boolean {
    const e = this.pending;
    return e !== undefined && (e.lists.length > 0 || e.ranks.size > LONG_LIST);
  }

  /** Whether `rank`'s lines are read before they are written. */
  watches(rank: number): boolean {
    const e = this.pending;
    return e !== undefined && (e.anyAfter !== undefined || named(e, rank));
  }

  /**
   * A line of `rank` at `time` is of a new run of the job: a line with a time, of a rank whose
   * process ended, at or after the capture's latest time then; or of any rank once the job's kill
   * wait (or mpirun's gap) is past. A line without one (a traceback as the process died) is of the
   * run before. The launcher's word the run starts after, then forgotten; else undefined.
   */
  restartAt(rank: number, time: number | undefined): RunEnd | undefined {
    const e = this.pending;
    if (!e || time === undefined) return undefined;
    if (!((named(e, rank) && time >= (e.ranksAfter ?? -Infinity)) || time >= (e.anyAfter ?? Infinity))) return undefined;
    this.pending = undefined;
    return { line: e.line, offset: e.offset, launcher: e.launcher };
  }

  reset(): void {
    this.pending = undefined;
  }
}

/** Whether the launcher's words pending named `rank`. */
function named(e: PendingEnd, rank: number): boolean {
  return e.ranks.has(rank) || e.lists.some((list) => setOf(list).has(rank));
}
