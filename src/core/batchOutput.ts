// A task job's batch output (Slurm's `slurm-<job id>.out` beside its task files) as the import
// reads it (importJob.ts): its lines are the launcher's, its words on tasks (srun's `task 1: Out
// Of Memory`, Slurm's time limit) are told to those ranks after their lines of its run
// (taskRuns.ts), and a job requeued starts its next run in each rank's output with a Resume record.
import { LauncherWords, verdictRecord, WordsTold } from './launcherLines';
import { NextRun, RankOutput } from './importOutput';
import { resumeRecord } from './importLines';
import { PARTIAL_LINE_QUIET_MS, SourceReader } from './importSources';
import { BatchWord, TaskRuns } from './taskRuns';

export class BatchOutput {
  private readonly words = new LauncherWords();
  private readonly runs: TaskRuns;
  /** The words each rank was told since its last own line, and the lines they took in its output. */
  private readonly wordsTold = new WordsTold();
  private readonly toldLines = new Map<number, number>();

  constructor(
    /** Whether a task is one of the job's ranks. */
    isRank: (rank: number) => boolean,
    /** A rank's output, made on first use. */
    private readonly output: (rank: number) => RankOutput,
    /** The launcher's output, made on first use. */
    private readonly launcher: () => RankOutput,
  ) {
    this.runs = new TaskRuns(isRank);
  }

  /** Reads what the batch output `file` gained (`final`: a last line without its line break is read at once). */
  async read(reader: SourceReader, file: string, final: boolean): Promise<void> {
    await reader.read(file, (text, line, offset) => {
      this.launcher().write(text, file, line, offset);
      const verdict = this.words.read(text);
      this.runs.read(text, verdict && { verdict, file, line, offset });
    }, { partialAfterMs: final ? 0 : PARTIAL_LINE_QUIET_MS });
  }

  /** The ranks' files were read: each rank (of `ranks`) is told the words left for it. */
  tellRest(ranks: Iterable<number>): void {
    for (const rank of ranks) this.runs.tellRest(rank, (w) => this.tell(rank, w));
    this.runs.settled();
  }

  /**
   * A word of the batch output on rank `rank` (a task is the rank of its file, `%t`): a record of
   * the rank, opening at the launcher's line; between two of the rank's own lines, one word on
   * every rank (Slurm's cancellation) and a few in all (`WordsTold`). Whether it may be told more
   * before its next line.
   */
  private tell(rank: number, w: BatchWord): boolean {
    const out = this.output(rank);
    const told = this.toldLines.get(rank) ?? 0;
    // The rank's own lines: its output's but the words it was told (a word told leaves them as they are).
    const own = out.lines - told;
    if (this.wordsTold.take(rank, own, w.verdict.ranks === 'all')) {
      out.write(verdictRecord(rank, w.verdict), w.file, w.line, w.offset, false, true);
      this.toldLines.set(rank, told + 1);
    }
    return !this.wordsTold.full(rank, own);
  }

  /** Where rank `out.rank`'s next run starts in its task files (a job requeued), and the Resume record it starts with. */
  nextRunOf(out: RankOutput): NextRun {
    const runs = this.runs;
    const rank = out.rank;
    return {
      get from() {
        return runs.nextRunFrom(rank);
      },
      start: (time) => {
        const cut = runs.startRun(rank, time, (w) => this.tell(rank, w));
        if (cut && out.lines > 0) out.write(resumeRecord(rank, time, 'slurm'), cut.file, cut.line, cut.offset, false, true);
      },
    };
  }

  /** Forgets what was read (every source is read again from its start). */
  reset(): void {
    this.words.reset();
    this.runs.reset();
    this.wordsTold.clear();
    this.toldLines.clear();
  }
}
