// A combined capture's launcher lines (those without a rank prefix), for CaptureReader
// (importCapture.ts): what they say of ranks, each written to that rank's output as a record
// that opens at the launcher's line: its word on a rank (launcherLines.ts), dated by the launcher
// when it can be, or after the rank's last line (or, for a rank that wrote none, at or after the
// capture's latest time); torchrun's stops of the ranks still running; Ray Train's tables of its
// workers, which number them (and, after the first, restart them). Pure but for its outputs.
import { LauncherRanks, ranksWord } from './unlabelledConsoles';
import { CaptureRanks } from './captureRanks';
import type { CaptureOutputs } from './importCapture';
import type { ForeignJob } from './importLayouts';
import { asctimeOf, headerLine } from './importLines';
import { LauncherVerdict, LauncherWords, verdictRecord, WordsTold } from './launcherLines';
import { isRayTableHead, rayTableEntry, rayWorkerName } from './rankPrefixes';
import { endedWithJobMessage } from './rankEnding';
import { spawnStopMessage } from './spawnWords';
import { afterRankTime, writeTorchrunStops } from './torchrunStops';
import { LATE_FIRST_LINE_MS, ranSinceMessage } from './captureClock';
import type { RanksEnded } from './runEnds';
import { SLURM_KILL_WAIT_MS, slurmKillWait } from './slurmWords';
import { SrunOfTorchrun } from './srunOfTorchrun';
import { RankTraceback, UnlabelledTracebacks } from './unlabelledTracebacks';

/**
 * After mpirun's or Hydra's final word on a job (its processes all ended), a rank's line this
 * long after the capture's latest time is of the next run (a script that runs the job again):
 * output the launcher passed on late, as the processes died, comes sooner.
 */
export const RERUN_GAP_MS = 1000;

/** Ranks not seen in a capture yet that one launcher's word may name (a node's worth and more). */
const MAX_UNSEEN_RANKS_NAMED = 64;
/**
 * The same in a console that labels no line (`ForeignJob.noLabels`), where the launcher's words
 * are the only names of its ranks: srun's on every task of a big job that failed at once
 * (`tasks 0-1023: Exited with exit code 1`, a collective's error on every rank). Also the most
 * ranks such a console is read into (`MAX_CAPTURE_RANKS` is for labelled ones).
 */
export const MAX_UNSEEN_RANKS_NAMED_UNLABELLED = 4096;
/** How long after torchrun's word on a failure read before its summary the summary may still come and date it (see `summaryCame`). */
const SUMMARY_WAIT_MS = 30_000;

/** What the capture's reader shares with its launcher's lines. */
export interface LauncherContext {
  readonly out: CaptureOutputs;
  readonly capture: CaptureRanks;
  readonly job: ForeignJob;
  /** This code is about to write to `rank` (the capture lane's lines for it come first). */
  laneWrites(rank: number): void;
  /** Every rank's lines the capture lane took so far are in its output (their counts are whole). */
  laneDrainAll(): void;
  /** The time a launcher's line gives, if any. */
  launcherTime(text: string): number | undefined;
  /** The capture's latest time so far. */
  latestCaptureTime(): number | undefined;
  /** The time of rank `rank`'s latest line (its output's writer's), if any. */
  rankTime(rank: number): number | undefined;
  /** Rank `rank`'s output was given a record of the launcher's at `time`, after its latest: its latest time now. */
  rankAt(rank: number, time: number): void;
  /** When torchrun's summary at the capture's end says it noticed process `pid` failed (`torchrunSummaryTimes`). */
  summaryTime(pid: number): number | undefined;
  /** The local ranks torchrun's summary naming process `pid` says failed (`torchrunSummaryRanks`). */
  summaryRanks(pid: number): readonly number[] | undefined;
  /** When the worker group's latest attempt began, else the capture's first time. */
  attemptStart(): number | undefined;
  /** The capture's first time. */
  captureStart(): number | undefined;
}

/** When a launcher noticed a rank had ended (`CaptureLauncher.noticed`): at `at`; the rank ended at or after `after`. */
interface Noticed {
  at: number;
  after: number;
  message: string;
}

export class CaptureLauncher {
  /** What the launcher's lines say of ranks, read in order (a word on a launcher's nodes only when the capture's ranks are them). */
  private readonly words: LauncherWords;
  /** Ray Train's tables of its workers read so far: each after the first is a restart of the worker group. */
  private rayTables = 0;

  /** srun's words on its tasks when they are torchruns (`srun torchrun ...` without `-l`). */
  private readonly srunOfTorchrun: SrunOfTorchrun;

  constructor(private readonly ctx: LauncherContext) {
    this.words = new LauncherWords(ctx.job.style);
    this.srunOfTorchrun = new SrunOfTorchrun(ctx.job);
  }

  /**
   * A launcher's line (without its node's prefix; `node`, the node's, when a capture has several)
   * at `line` and `offset` of `file`: what it says of ranks written to theirs. When it ends an
   * attempt (torchrun's word on a failed rank; Ray's next table), the node whose ranks restart
   * (undefined: every rank); when it says ranks' processes ended, which (see `RanksEnded`).
   */
  read(text: string, node: number | undefined, file: string, line: number, offset: number): { node?: number; ranksEnded?: RanksEnded; slurmWaitUntil?: number } | undefined {
    // srun's wait for a cancelled step's processes (before or after Slurm's cancellation): this
    // cluster's kill wait; after it, when a run may start once it is past, the time it is.
    let verdict = this.srunOfTorchrun.read(text, this.words.read(text, node));
    const word = verdict && ranksWord(verdict, text);
    if (word && word.by !== 'srun') this.spoke ??= word.by;
    let traceback: RankTraceback | undefined;
    if (this.ctx.job.ownLabelsOnly) {
      // (A console that names no rank: the one traceback before the launcher's word on the rank that failed is that rank's.)
      const launcherFailed = word?.failed === true && (word.by === 'mpirun' || word.by === 'mpiexec' || (word.by === 'srun' && this.srunOfTorchrun.srunRanks));
      ({ verdict, traceback } = this.tracebacks.take(verdict, text, line, offset, launcherFailed, (rank) => this.ctx.out.outputs.get(rank)?.ownLines, this.latestBefore));
    }
    const wait = verdict ? undefined : slurmKillWait(text);
    if (wait !== undefined) {
      this.killWait = wait;
      return this.cancelledAt === undefined ? undefined : { slurmWaitUntil: this.cancelledAt + wait };
    }
    // Slurm's cancellation gives whole seconds: it came after the capture's lines before it (a
    // rank's failure within that second, of which `srun -K` cancelled the step), so a millisecond
    // after the latest of them, within its second.
    if (verdict?.slurmEnded && verdict.time !== undefined) {
      const latest = this.ctx.latestCaptureTime();
      if (latest !== undefined && latest >= verdict.time) verdict = { ...verdict, time: Math.min(verdict.time + 999, latest + 1) };
    }
    // PBS's kill over the walltime gives how long the job had run: from the capture's first
    // time (its first line came a little after the job started), not before its lines before it.
    if (verdict?.ranFor !== undefined && verdict.time === undefined) {
      const start = this.ctx.captureStart();
      const latest = this.ctx.latestCaptureTime();
      if (start !== undefined) verdict = { ...verdict, time: Math.max(start + verdict.ranFor, latest ?? -Infinity) };
    }
    // A word naming far more ranks than the capture has (`tasks 0-99999`, hostile or garbled)
    // names only those it has (as `says` would take them), found once for each list.
    const outputs = this.ctx.out.outputs;
    if (verdict && verdict.ranks !== 'all' && verdict.ranks.length > outputs.size + this.maxUnseen && !this.ctx.capture.nested) {
      const list = verdict.ranks;
      if (this.seenSize !== outputs.size || this.seen.size >= 64) {
        this.seen.clear();
        this.seenSize = outputs.size;
      }
      let ranks = this.seen.get(list);
      if (!ranks) this.seen.set(list, (ranks = list.filter((r) => outputs.has(r))));
      verdict = { ...verdict, ranks };
    }
    const named = verdict && this.ctx.capture.ranksOf(verdict, node);
    if (verdict) this.says(verdict, named!, text, file, line, offset, traceback);
    const stopped = verdict?.stopped ? writeTorchrunStops(this.ctx, verdict, node, text, file, line, offset) : [];
    if (verdict?.endsJob) this.spawnStopped(verdict, file, line, offset);
    if (verdict?.endsRanks) this.endedWithJob(verdict, node, named === 'all' || verdict.oneOf ? [] : named!, stopped, file, line, offset);
    const rayRestart = this.ctx.job.style === 'ray' && this.rayTable(text);
    if (rayRestart) return {};
    if (verdict?.slurmEnded) {
      // (Cancelled: its processes get Slurm's kill wait to end, writing as they die.)
      if (named === 'all') {
        if (verdict.time === undefined) return undefined;
        this.cancelledAt = verdict.time;
        return { ranksEnded: { launcher: 'slurm', after: verdict.time + this.killWait } };
      }
      return { ranksEnded: { launcher: 'slurm', ranks: named!, after: this.ctx.latestCaptureTime() } };
    }
    if (verdict?.runOver) return { ranksEnded: { launcher: verdict.endsRanks ?? 'launcher', after: (this.ctx.latestCaptureTime() ?? -Infinity) + RERUN_GAP_MS } };
    return verdict?.endsAttempt ? { node } : undefined;
  }

  /** The tracebacks among the lines of torch's console without `--tee` since its attempt started. */
  private readonly tracebacks = new UnlabelledTracebacks();

  /** The capture's latest time so far, the lane's lines before counted (asked at an unlabelled traceback's first line). */
  private readonly latestBefore = (): number | undefined => {
    this.ctx.laneDrainAll();
    return this.ctx.latestCaptureTime();
  };

  /** mpirun's, Hydra's or mp.spawn's word on a rank was read (the first's). */
  private spoke: LauncherRanks | undefined;

  /** The launcher that started the ranks themselves, not torchrun: mpirun, Hydra or mp.spawn once it spoke of one, srun (`SrunOfTorchrun.srunRanks`). */
  get ranksLauncher(): LauncherRanks | undefined {
    return this.spoke ?? (this.srunOfTorchrun.srunRanks ? 'srun' : undefined);
  }

  /** Forgets what was read (the capture is read again from its start). */
  reset(): void {
    this.tracebacks.clear();
    this.spoke = undefined;
    this.srunOfTorchrun.reset();
    this.words.reset();
    this.told.clear();
    this.seen.clear();
    this.seenSize = -1;
    this.unseenCounted = undefined;
    this.killWait = SLURM_KILL_WAIT_MS;
    this.cancelledAt = undefined;
    this.rayTables = 0;
    this.spawnStops.clear();
    this.ended.clear();
    this.failedSinceOwn.clear();
    this.jobEnded = undefined;
    this.grownSinceEnded.clear();
    this.undatedBySummary.clear();
  }

  /**
   * Processes whose end torchrun's word told before its summary was written (a reading of a
   * growing capture that stopped between the two), and when (`Date.now()`): dated without the
   * summary's time, which a reading of the whole capture has.
   */
  private readonly undatedBySummary = new Map<number, number>();

  /**
   * Whether torchrun's summary now dates a word on a process read before the summary was written:
   * the capture is then read again from its start (`CaptureReader.read`), as a reading of the
   * whole file dates the word. torchrun writes its summary right after its word; a word older than
   * that gets none (a restart followed it).
   */
  summaryCame(): boolean {
    for (const [pid, at] of this.undatedBySummary) {
      if (Date.now() - at > SUMMARY_WAIT_MS) this.undatedBySummary.delete(pid);
      else if (this.ctx.summaryTime(pid) !== undefined) return true;
    }
    return false;
  }

  /** The job was run again (the next attempt): its ranks writing now do so in the new run, not after the last one ended. */
  newRun(): void {
    this.jobEnded = undefined;
  }

  /** Rank `rank`'s output gained lines since this last looked at it. */
  grew(rank: number): void {
    this.grownSinceEnded.add(rank);
  }

  /** Ranks whose outputs gained lines since `endedWithJob` last looked at them (see `RankOutput.onGrow`). */
  private readonly grownSinceEnded = new Set<number>();

  /**
   * The capture's reading paused at its end: ranks that wrote after mpirun's or Hydra's word that
   * ended the job (output the launcher passed on as the processes died) still no longer run.
   */
  afterRead(): void {
    const e = this.jobEnded;
    if (e) this.endedWithJob(e.verdict, undefined, e.failed, e.stopped, e.file, e.line, e.offset);
  }

  /**
   * The launcher's word on ranks (an exit code, a signal, a time limit) as an error record of
   * each: at the launcher's time when it gives one, else without a time (after the rank's last
   * record). It opens at the launcher's line.
   *
   * A rank with no line of its own before it (torchrun's `--local-ranks-filter` showed only
   * others; it was killed before it wrote) has no record to follow: its word is dated by the
   * launcher's line (torchrun 2's `E1201 00:26:08.212000 ...`), else it comes at or after the
   * capture's latest time, never at the start of the job.
   */
  private says(verdict: LauncherVerdict, named: readonly number[] | 'all', text: string, file: string, line: number, offset: number, traceback?: RankTraceback): void {
    const { out } = this.ctx;
    const outputs = out.outputs;
    // Between two of a rank's own lines (the lane's counted), a word on every rank once and a few in all (`WordsTold`).
    this.ctx.laneDrainAll();
    let ranks = named === 'all' ? [...outputs.keys()] : named;
    // A rank killed before its first line is named before any line of it: a few such are ranks of
    // the job; thousands (`tasks 0-99999`, a hostile or garbled line) would each be a rank file.
    if (named !== 'all' && this.namesManyUnseen(named)) ranks = named.filter((r) => outputs.has(r));
    let word: ((rank: number, tracebackAfter?: number) => string[]) | undefined;
    const noticed = this.noticed(verdict, text);
    for (const rank of ranks) {
      if (!outputs.has(rank) && !out.admits(rank)) continue;
      if (!this.told.take(rank, outputs.get(rank)?.ownLines ?? 0, named === 'all')) continue;
      this.ctx.laneWrites(rank);
      const o = out.output(rank);
      // With the traceback taken as its rank's, the record opens at the traceback (as a labelled one's does), its lines after it.
      const tb = traceback?.rank === rank ? traceback.lines : undefined;
      const at = tb ? tb[0] : { line, offset };
      if (o.lines > 0 || verdict.time !== undefined) {
        if (noticed && afterRankTime(this.ctx, rank, noticed.after) !== undefined) o.write(headerLine(rank, noticed.after, 'launcher', 'INFO', noticed.message), file, line, offset, false, true);
        o.write(verdictRecord(rank, verdict), file, at.line, at.offset, false, true);
      } else {
        word ??= this.unseenRankWord(verdict, text, noticed);
        const records = word(rank, tb ? traceback!.after : undefined);
        for (let k = 0; k < records.length; k++) o.write(records[k], file, k === records.length - 1 ? at.line : line, k === records.length - 1 ? at.offset : offset, false, true);
      }
      if (tb) for (const l of tb) o.write(l.text, file, l.line, l.offset);
      if (verdict.level !== 'INFO' && !verdict.oneOf && named !== 'all') this.failedSinceOwn.set(rank, o.ownLines);
    }
  }

  /** Ranks the launcher said failed, with their own lines then (`RankOutput.ownLines`): since, a word that it ended the others is not theirs. */
  private readonly failedSinceOwn = new Map<number, number>();

  /**
   * Whether `list` names more ranks the capture has no output of than a job's few killed before
   * their first line. A long list is counted once while the capture has as many ranks: the same
   * word again and again (`tasks 0-99999`, a list read again is the same array) counted its
   * thousands of ranks at each.
   */
  private namesManyUnseen(list: readonly number[]): boolean {
    const most = this.maxUnseen;
    if (list.length <= most) return false;
    const outputs = this.ctx.out.outputs;
    const asked = this.unseenCounted;
    if (asked?.list === list && asked.ranks === outputs.size) return asked.many;
    let unseen = 0;
    for (const r of list) if (!outputs.has(r) && ++unseen > most) break;
    this.unseenCounted = { list, ranks: outputs.size, many: unseen > most };
    return this.unseenCounted.many;
  }

  /** Ranks not seen yet that one word may name (`MAX_UNSEEN_RANKS_NAMED`, `MAX_UNSEEN_RANKS_NAMED_UNLABELLED`). */
  private get maxUnseen(): number {
    return this.ctx.job.noLabels ? MAX_UNSEEN_RANKS_NAMED_UNLABELLED : MAX_UNSEEN_RANKS_NAMED;
  }

  /** The long list `namesManyUnseen` last counted, the capture's ranks then, and its answer. */
  private unseenCounted: { list: readonly number[]; ranks: number; many: boolean } | undefined;

  /** Slurm's kill wait, as srun said it (ms), and the time of its latest cancellation of the job or a step. */
  private killWait = SLURM_KILL_WAIT_MS;
  private cancelledAt: number | undefined;

  /** Long lists of ranks words named, and those of each the capture had while it had `seenSize` ranks. */
  private readonly seen = new Map<readonly number[], number[]>();
  private seenSize = -1;

  /** The words each rank was told since its last own line. */
  private readonly told = new WordsTold();

  /**
   * A line of Ray Train's tables of its workers, read as the capture is: each table after the
   * first is a restart of the worker group (Ray Train's `FailureConfig`): new processes at the
   * same world ranks, whose lines are the next session of each rank, as torchrun's restarts are.
   */
  private rayTable(text: string): boolean {
    if (text.charCodeAt(0) !== 40 && text.charCodeAt(0) !== 27) return false;
    if (isRayTableHead(text)) {
      this.ctx.capture.hosts.startTable();
      return ++this.rayTables > 1;
    }
    const entry = rayTableEntry(text);
    if (entry) this.ctx.capture.hosts.nameRank(rayWorkerName(entry.pid, entry.ip), entry.rank, this.rayTables > 1);
    return false;
  }

  /**
   * The launcher's word that a rank failed ends all it runs (torchrun: its node's ranks; mpirun,
   * Hydra: the job's; Ray Train: its worker group's): each other rank that wrote a line since and
   * has no word of its own here (`failed`, the ranks it names; `stopped`, those it stopped) gets
   * a record that it no longer runs (without a time: after its last), so that a log written a
   * moment ago is not shown running.
   */
  private endedWithJob(verdict: LauncherVerdict, node: number | undefined, failed: readonly number[], stopped: number[], file: string, line: number, offset: number): void {
    const { out, capture, job } = this.ctx;
    const local = verdict.endsAttempt === true;
    // (torchrun and Ray Train may restart their group: a rank's next line starts a session. mpirun and Hydra do not.)
    if (!local && job.style !== 'ray') this.jobEnded = { verdict, failed, stopped, file, line, offset };
    const one = failed.length === 1 ? (local ? (verdict.ranks as number[])[0] : failed[0]) : undefined;
    this.ctx.laneDrainAll();
    // Only ranks that wrote since this last looked (a capture of thousands of ranks and such
    // words looked at every rank at each); those it does not end now stay to be looked at again.
    for (const rank of [...this.grownSinceEnded]) {
      const o = out.outputs.get(rank);
      if (!o || failed.includes(rank) || stopped.includes(rank) || (local && node !== undefined && capture.nodeOf(rank) !== node)) continue;
      this.grownSinceEnded.delete(rank);
      o.grown = false;
      // (Nor one it said failed since its last line: Intel MPI's banner on each rank it ended, one after another.)
      if (rank < 0 || o.lines === 0 || this.ended.get(rank)?.after === o.lines || this.failedSinceOwn.get(rank) === o.ownLines) continue;
      this.ctx.laneWrites(rank);
      const shown = local && job.teeWidth !== undefined ? rank % job.teeWidth : rank;
      const before = o.lines;
      o.write(headerLine(rank, undefined, 'launcher', 'INFO', endedWithJobMessage(verdict.endsRanks!, shown, one, local, verdict.noneStopped)), file, line, offset, false, true);
      this.ended.set(rank, { before, after: o.lines });
    }
  }

  /**
   * The rank wrote nothing since it had `lines` lines but `endedWithJob`'s record, and has `now`:
   * a restart does not start another session of it (each would be ended again at the next word).
   */
  onlyEndedSince(rank: number, lines: number | undefined, now: number): boolean {
    const e = this.ended.get(rank);
    return e !== undefined && e.before === lines && e.after === now;
  }

  /** Ranks given `endedWithJob`'s record: their line counts before and after it (one record until they write again). */
  private readonly ended = new Map<number, { before: number; after: number }>();
  /** mpirun's or Hydra's latest word that ended the job, with where it is (see `afterRead`). */
  private jobEnded: { verdict: LauncherVerdict; failed: readonly number[]; stopped: number[]; file: string; line: number; offset: number } | undefined;

  /**
   * mp.spawn's word on a process that failed: it terminated the others still running. Each other
   * rank that wrote a line and has no stop yet gets a record of it (after its last), so that it
   * is shown stopped, not finished; whether it still ran, spawn does not say.
   */
  private spawnStopped(verdict: LauncherVerdict, file: string, line: number, offset: number): void {
    const failed = verdict.ranks === 'all' ? [] : verdict.ranks;
    for (const [rank, o] of this.ctx.out.outputs) {
      if (rank < 0 || failed.includes(rank) || o.lines === 0 || this.spawnStops.has(rank)) continue;
      this.spawnStops.add(rank);
      this.ctx.laneWrites(rank);
      o.write(headerLine(rank, undefined, 'launcher', 'INFO', spawnStopMessage(rank, failed[0] ?? -1)), file, line, offset, false, true);
    }
  }

  /** Ranks given mp.spawn's stop (its word comes once per failure; a rank is stopped once). */
  private readonly spawnStops = new Set<number>();

  /**
   * When a launcher that noticed a rank's end some time after it (torchrun, which looks at its
   * workers every few seconds) noticed it: its word's time, or its summary's. The rank ended at
   * or after `after`, that time less how often it looks: a rank killed without a word of its own
   * (SIGKILL from the OOM killer) and silent long before is placed there, not at its last line,
   * so that another rank's error in between comes first (and a rank that lost it as its peer
   * still comes after).
   */
  private noticed(verdict: LauncherVerdict, text: string): Noticed | undefined {
    const n = verdict.noticed;
    if (!n || verdict.time !== undefined) return undefined;
    // Its summary's time is when it noticed; its word's line comes once it stopped the others (up to 30 s later).
    let at = n.at;
    if (at === undefined && verdict.pid !== undefined) {
      at = this.ctx.summaryTime(verdict.pid);
      // Not written yet (a reading between torchrun's word and its summary): see `summaryCame`.
      if (at === undefined && this.undatedBySummary.size < 1024) this.undatedBySummary.set(verdict.pid, Date.now());
    }
    if (!n.summaryOnly) at ??= this.ctx.launcherTime(text);
    if (at === undefined) return undefined;
    const when = asctimeOf(at).replace(',', '.');
    return { at, after: at - n.withinMs, message: `${n.by} noticed at ${when} that this rank had ended; it looks every ${n.withinMs / 1000} s, so the rank ended at or after this time` };
  }

  /**
   * The records of the launcher's word on a rank that wrote no line before it: it ran since its
   * attempt began (when that is long before), and the word is at or after when the launcher
   * noticed less how often it looks (`noticed`), else at the launcher's own time, else at or after
   * the capture's latest time.
   */
  private unseenRankWord(verdict: LauncherVerdict, text: string, noticed: Noticed | undefined): (rank: number, tracebackAfter?: number) => string[] {
    const own = noticed?.at ?? this.ctx.launcherTime(text);
    const latest = own ?? this.ctx.latestCaptureTime();
    const start = this.ctx.attemptStart();
    const ranSince = start !== undefined && latest !== undefined && latest - start > LATE_FIRST_LINE_MS ? start : undefined;
    return (rank, tracebackAfter) => {
      const records: string[] = [];
      if (ranSince !== undefined) records.push(headerLine(rank, ranSince, 'launcher', 'INFO', ranSinceMessage(rank)));
      if (noticed) records.push(headerLine(rank, noticed.after, 'launcher', 'INFO', noticed.message), verdictRecord(rank, verdict));
      else if (own !== undefined) records.push(verdictRecord(rank, { ...verdict, time: own }));
      else if (tracebackAfter !== undefined) {
        // Its traceback, taken as its own, came before the word, maybe long before (mpirun's box once the others ended): after the capture's latest time before the traceback.
        records.push(headerLine(rank, tracebackAfter, 'launcher', 'INFO', `rank ${rank}'s traceback comes at or after this time (the capture's latest before it)`), verdictRecord(rank, verdict));
      } else {
        if (latest !== undefined) records.push(headerLine(rank, latest, 'launcher', 'INFO', `the launcher's word on rank ${rank} comes at or after this time (the capture's latest before it)`));
        records.push(verdictRecord(rank, verdict));
      }
      return records;
    };
  }
}
