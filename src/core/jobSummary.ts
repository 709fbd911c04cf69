// A job is the rank logs of one folder. Sessions of different ranks that started close together
// form an attempt (a launch, or a restart of all ranks: jobAttempts.ts); per attempt the first
// failure is the earliest ERROR/CRITICAL record across ranks, by the records' own timestamps
// (attemptFailures.ts); each rank's state (running, failed, stalled, finished, and how it was
// stopped).
import { ErrorRecord, errorCount, everyError, IndexSnapshot, Session } from './indexModel';
import { fallbackTime, groupAttempts } from './jobAttempts';
import { ANY_RANK_LOGGER } from './indexModel';
import { endedBadly, endsInterrupted, failedSession, interruptedOnly, isInterrupt, lostPeerToInterrupt, sessionEndedWithJob, sessionEnding, sessionExitedBeforeStop, sessionStoppedBy, stoppedEnding } from './rankEnding';
import { isSrunExit } from './slurmWords';
import { ranksLabel } from './wording';
import { isLastSession, recordsEndings, sessionOf, silentEndings } from './unsaidEndings';
import { failingError, firstFailureOf } from './attemptFailures';

export type RankState = 'running' | 'failed' | 'stalled' | 'finished' | 'unreadable';

export interface RankInput {
  rank: number;
  index: IndexSnapshot;
  /** Exit code of the rank's process when the extension launched it and it ended. */
  exitCode?: number;
  /** True while the extension's terminal for the rank runs its process. */
  alive?: boolean;
  /** The extension's Stop Job killed it once it ignored the interrupt (no ending of its own may say so). */
  killedByStop?: boolean;
  /**
   * Another launcher's rank whose files a process of this machine still holds open for writing (or
   * whose capture its launcher still writes): running, however quiet, unless its log says how it
   * ended (a failure, the launcher's stop).
   */
  writing?: boolean;
  /**
   * Where a line of the rank's log stands in a file all the job's ranks were written to (a
   * capture's line number), for the lines a caller looked up: orders failures that times could not
   * (`Failure.tiedWith`). Undefined for a line not looked up, or of another file.
   */
  sourceOrder?: (line: number) => number | undefined;
}

export interface Failure {
  rank: number;
  /** 0-based session of the rank. */
  session: number;
  /** 0-based attempt of the job. */
  attempt: number;
  record: ErrorRecord;
  /** The record had no timestamp: ordered by session or file times instead. */
  approximate: boolean;
  /** Another launcher's job: the file its record came from (then `record.line` is that file's line). */
  sourceFile?: string;
  /**
   * PyTorch's `device-side assert triggered` says only that a CUDA kernel's assertion failed: the
   * kernel's own word on it (`Loss.cu:250: nll_loss_forward_reduce_cuda_kernel_2d: ... Assertion
   * \`t >= 0 && t < n_classes\` failed.`, a record of the same session), when its rank printed it.
   */
  deviceAssertion?: ErrorRecord;
  /**
   * Other ranks' records that times could not order against this one (it or they have none of
   * their own: a capture without times, or prints beside PyTorch's timed lines), which this one
   * won for want of their order in the file they share (`RankInput.sourceOrder`).
   */
  tiedWith?: { rank: number; line: number }[];
}

export interface Attempt {
  index: number;
  start?: number;
  members: { rank: number; session: number }[];
  firstFailure?: Failure;
  /**
   * A rank of the attempt was interrupted or stopped (a `KeyboardInterrupt` traceback; the runner's
   * ending by SIGINT or SIGTERM, or its kill once it did not answer one: Stop Job, a time limit,
   * torchrun's stop of the others): the others' lost peers are that stop's, no failures (`lostPeerToInterrupt`).
   */
  interrupted?: true;
}

export interface RankSummary {
  rank: number;
  path: string;
  state: RankState;
  sessions: number;
  warnings: number;
  errors: number;
  /** Time of the last record, else the file's mtime (naive ms). */
  lastActivity?: number;
  firstError?: { session: number; record: ErrorRecord; sourceFile?: string };
  /**
   * A failed rank's first error that is a failure, when `firstError` is not (an error it logged and
   * went on from, a thread's, a Ctrl+C's): what it failed of, as the table shows it.
   */
  failure?: { session: number; record: ErrorRecord };
  lastSession?: Session;
  /** Other files that claim the same rank (`worker_007.log` beside `worker_7.log`): never merged. */
  conflicts: string[];
  /** Why the file could not be read, when it could not. */
  problem?: string;
  /** Its process ended without the runner's ending record while its attempt's others recorded theirs (see `silentEndings`). */
  endedSilently?: boolean;
  /** A finished rank whose process was stopped (`sessionStoppedBy`): how. */
  stoppedBy?: string;
  /**
   * A finished rank of a job whose files do not record how ranks ended (`endingsUnrecorded`),
   * whose log just ends: it may have exited 0, or been killed without a word.
   */
  endingUnknown?: boolean;
}

export interface JobSummary {
  ranks: RankSummary[];
  attempts: Attempt[];
  /** The first failure of the latest attempt that had one. */
  firstFailure?: Failure;
  /** Some records carried no timestamps, so the order across ranks is approximate. */
  approximateOrder: boolean;
  failedRanks: number;
  /** Why the job's files do not tell how its ranks ended, when some rank's ending is unknown (`RankSummary.endingUnknown`). */
  endingsUnrecorded?: string;
}

/** What another launcher's job is known to do that its rank files do not show (`launcherFacts` of importLayouts.ts). */
export interface LauncherFacts {
  /**
   * Why the job's files cannot tell how its ranks ended, when they cannot (torchrun's
   * `--log_dir`, task files without the batch output): its ranks whose logs just end are not
   * read as finished, which would show a rank killed by SIGSEGV or the OOM killer as healthy.
   */
  endingsUnrecorded?: string;
  /**
   * The launcher stops every other rank of an attempt as soon as one fails (torchrun's agent: at
   * its next look, a few seconds, then SIGTERM): a rank that wrote nothing since is not running,
   * however recent its log (see `stoppedAfterFailure`).
   */
  stopsAttemptOnFailure?: boolean;
}

export interface SummaryOptions extends LauncherFacts {
  attemptWindowSeconds?: number;
  stallSeconds?: number;
  /** Epoch ms; defaults to Date.now(). */
  now?: number;
}

export const DEFAULT_ATTEMPT_WINDOW_SECONDS = 60;
export const DEFAULT_STALL_SECONDS = 120;

/** Whether some other rank wrote later than `input` and is still live: then `input` is stalled. */
export type OthersActive = (input: RankInput) => boolean;

/** `OthersActive` for a job in one pass (a 20,000-rank job must not compare every pair). */
export function othersActiveOf(inputs: readonly RankInput[], now: number, stallSeconds: number): OthersActive {
  const window = stallSeconds * 1000;
  // The two latest writers among live ranks: the latest other than `input` is one of them.
  let first: RankInput | undefined;
  let second: RankInput | undefined;
  for (const o of inputs) {
    if (!(o.alive || o.writing || now - o.index.mtimeMs <= window)) continue;
    if (!first || o.index.mtimeMs > first.index.mtimeMs) [first, second] = [o, first];
    else if (!second || o.index.mtimeMs > second.index.mtimeMs) second = o;
  }
  return (input) => {
    const latest = first === input ? second : first;
    return latest !== undefined && latest.index.mtimeMs > input.index.mtimeMs;
  };
}

/** `ownErrorsOnly`: errors that are a launcher's word naming no rank (`ANY_RANK_LOGGER`) do not fail it. */
export function rankState(input: RankInput, othersActive: OthersActive, now: number, stallSeconds: number, ownErrorsOnly = false, interrupted?: ReadonlySet<Session>): RankState {
  const { index } = input;
  if (index.state !== 'ok') return 'unreadable';
  if (input.exitCode !== undefined && input.exitCode !== 0) return 'failed';
  const last = index.sessions[index.sessions.length - 1];
  const around = last !== undefined && interrupted?.has(last) === true;
  if (last && failedSession(last, around) && !(ownErrorsOnly && onlyAnyRankErrors(last))) return 'failed';
  if (input.alive) return 'running';
  if (input.killedByStop) return 'finished';
  const ending = last && sessionEnding(last);
  // (An exit code after a peer the job's stop took away: that stop's.)
  if (ending) return endedBadly(ending) && !lostPeerToInterrupt(last, around) ? 'failed' : 'finished';
  // Its launcher stopped it (torchrun, once another rank failed): ended, whatever the clock.
  if (last && sessionStoppedBy(last)) return 'finished';
  // Its launcher ended every rank (torchrun's, mpirun's word that one failed): ended, however recent its log.
  if (last && sessionEndedWithJob(last)) return 'finished';
  // Its terminal's process ended (torchrun's, srun's: one per node, no exit code of its own): neither running nor stalled.
  if (input.alive === false) return 'finished';
  // Its log ends with the KeyboardInterrupt's traceback Python prints as it exits, or with its
  // loss of a peer another rank's interrupt took away.
  if (last && (endsInterrupted(last) || lostPeerToInterrupt(last, around))) return 'finished';
  // A process still writes its files: alive, hung or quiet.
  if (input.writing) return 'running';
  const window = stallSeconds * 1000;
  if (input.exitCode === undefined && now - index.mtimeMs <= window) return 'running';
  if (input.exitCode === undefined && othersActive(input)) return 'stalled';
  return 'finished';
}

/** Every error of the session is a launcher's word that named no rank. */
function onlyAnyRankErrors(session: Session): boolean {
  return everyError(session, (e) => e.logger === ANY_RANK_LOGGER);
}

/** How a rank reads whose only errors are a peer lost as another rank was interrupted (`lostPeerToInterrupt`). */
const LOST_PEER_TO_INTERRUPT = 'lost its peer as the job was stopped (Ctrl+C, a stop signal)';

/** How a rank reads that Stop Job killed (it did not answer the interrupt). */
const KILLED_BY_STOP = 'stopped by SIGKILL (Stop Job: the interrupt unanswered)';

/** A rank that logged this long after its attempt's first failure was not stopped with it. */
const STOPPED_WITH_ATTEMPT_MS = 10 * 60_000;

/**
 * Ranks of an attempt that failed whose logs just end (no error, no ending, no launcher's stop of
 * them), in a job whose ranks record no endings (another launcher's): when a rank fails, its
 * launcher ends the others (torchrun stops its workers, `srun -K` the step's tasks, mpirun
 * aborts, mp.spawn terminates), so such a rank is shown stopped, not finished (a torchrun
 * `--log_dir` holds no word of torchrun's). Not one that logged long after the failure, nor one
 * srun did not name where it named the failed rank's end (`srunNamed`).
 */
function stoppedWithAttempt(attempts: readonly Attempt[], byRank: Map<number, RankInput>, states: Map<number, RankState>): Map<number, string> {
  const stopped = new Map<number, string>();
  for (const attempt of attempts) {
    const f = attempt.firstFailure;
    if (!f || f.record.logger === ANY_RANK_LOGGER) continue;
    if (recordsEndings(attempt, byRank)) continue;
    // srun names each task it saw exit non-zero or by a signal (its stop under `-K` too): where it
    // named the failed rank's, a rank it did not name exited 0 by itself (srun ends no task
    // without `-K`: the others run to their end).
    const failedMember = attempt.members.find((m) => m.rank === f.rank);
    if (failedMember && srunNamed(sessionOf(failedMember, byRank))) continue;
    const failedAt = f.record.time;
    for (const m of attempt.members) {
      if (m.rank === f.rank || !isLastSession(m, byRank) || states.get(m.rank) !== 'finished') continue;
      const s = sessionOf(m, byRank);
      if (failedSession(s) || sessionStoppedBy(s) !== undefined || sessionExitedBeforeStop(s)) continue;
      if (failedAt !== undefined && s.lastTime !== undefined && s.lastTime - failedAt > STOPPED_WITH_ATTEMPT_MS) continue;
      stopped.set(m.rank, `stopped with its attempt, after rank ${f.rank} failed`);
    }
  }
  return stopped;
}

/** srun's word on the session's task is among its records (`isSrunExit`). */
function srunNamed(s: Session): boolean {
  return (s.lastRecord !== undefined && isSrunExit(s.lastRecord.message)) || s.errors.some((e) => isSrunExit(e.message));
}

/**
 * How long torchrun's agent may take to stop the other ranks once one failed: its next look at
 * them (`--monitor_interval`, 5 s by default in torch 1.x) and their SIGTERM.
 */
const STOP_AFTER_FAILURE_MS = 10_000;

/**
 * Of a job whose launcher stops an attempt's other ranks once one fails (`stopsAttemptOnFailure`),
 * the ranks read running only because their logs are recent (no process of ours tells) that
 * wrote nothing since soon after the failing rank's last write, when that is longer ago than the
 * launcher takes: they are ended (then `stoppedWithAttempt` says how), not running for the
 * stall window after a job that is over. A rank still writing after that is running.
 */
function stoppedAfterFailure(attempts: readonly Attempt[], byRank: Map<number, RankInput>, states: Map<number, RankState>, now: number): void {
  for (const attempt of attempts) {
    const f = attempt.firstFailure;
    if (!f || f.record.logger === ANY_RANK_LOGGER) continue;
    const failedWrite = byRank.get(f.rank)!.index.mtimeMs;
    if (now - failedWrite <= STOP_AFTER_FAILURE_MS) continue;
    for (const m of attempt.members) {
      const input = byRank.get(m.rank)!;
      if (m.rank === f.rank || states.get(m.rank) !== 'running' || input.alive !== undefined || input.exitCode !== undefined || !isLastSession(m, byRank)) continue;
      if (input.index.mtimeMs <= failedWrite + STOP_AFTER_FAILURE_MS) states.set(m.rank, 'finished');
    }
  }
}

/** Each summary's sessions that ran in an attempt a rank of which was interrupted, by `rank/session`: built once per summary. */
const interruptedKeys = new WeakMap<JobSummary, Set<string>>();

/** Whether `rank`'s session `session` ran in an attempt a rank of which was interrupted (`Attempt.interrupted`): its lost peer is no failure (the tree's, the timeline's reading of a session). */
export function inInterruptedAttempt(summary: JobSummary, rank: number, session: number): boolean {
  let keys = interruptedKeys.get(summary);
  if (!keys) {
    keys = new Set();
    for (const a of summary.attempts) if (a.interrupted) for (const m of a.members) keys.add(`${m.rank}/${m.session}`);
    interruptedKeys.set(summary, keys);
  }
  return keys.has(`${rank}/${session}`);
}

/**
 * Marks the attempts a rank of which was interrupted (`Attempt.interrupted`); the sessions of
 * their members, whose lost peers are the interrupt's.
 */
function markInterrupted(attempts: readonly Attempt[], byRank: Map<number, RankInput>): Set<Session> {
  const sessions = new Set<Session>();
  for (const a of attempts) {
    const members = a.members.map((m) => byRank.get(m.rank)?.index.sessions[m.session]).filter((s): s is Session => s !== undefined);
    if (!members.some((s) => s.errors.some(isInterrupt) || stoppedEnding(s))) continue;
    a.interrupted = true;
    for (const s of members) sessions.add(s);
  }
  return sessions;
}

/**
 * A launcher's word that names no rank fails every rank only when none failed on its own: in an
 * attempt where one did, the others' state is taken again without it.
 */
function ownFailuresOnly(attempts: readonly Attempt[], byRank: Map<number, RankInput>, states: Map<number, RankState>, silent: Map<number, ErrorRecord>, stateWithout: (input: RankInput) => RankState): void {
  for (const a of attempts) {
    if (!a.firstFailure || a.firstFailure.record.logger === ANY_RANK_LOGGER || silent.has(a.firstFailure.rank)) continue;
    for (const m of a.members) {
      if (isLastSession(m, byRank) && states.get(m.rank) === 'failed' && !silent.has(m.rank)) states.set(m.rank, stateWithout(byRank.get(m.rank)!));
    }
  }
}

export function summarizeJob(inputs: readonly RankInput[], options: SummaryOptions = {}): JobSummary {
  const now = options.now ?? Date.now();
  const windowMs = (options.attemptWindowSeconds ?? DEFAULT_ATTEMPT_WINDOW_SECONDS) * 1000;
  const stallSeconds = options.stallSeconds ?? DEFAULT_STALL_SECONDS;
  // One file per rank is read; any other file claiming that rank is named as a conflict.
  const all = [...inputs].sort((a, b) => a.rank - b.rank || (a.index.path < b.index.path ? -1 : a.index.path > b.index.path ? 1 : 0));
  const byRank = new Map<number, RankInput>();
  const conflicts = new Map<number, string[]>();
  for (const input of all) {
    if (!byRank.has(input.rank)) byRank.set(input.rank, input);
    else conflicts.set(input.rank, [...(conflicts.get(input.rank) ?? []), input.index.path]);
  }
  const sorted = [...byRank.values()];
  const attempts = groupAttempts(sorted, windowMs);
  const interrupted = markInterrupted(attempts, byRank);
  const othersActive = othersActiveOf(sorted, now, stallSeconds);
  const states = new Map(sorted.map((input) => [input.rank, rankState(input, othersActive, now, stallSeconds, false, interrupted)]));
  const vanished = new Map<string, ErrorRecord>();
  const silent = silentEndings(attempts, byRank, (input) => states.get(input.rank)!, vanished);
  for (const rank of silent.keys()) states.set(rank, 'failed');
  for (const a of attempts) a.firstFailure = firstFailureOf(a, byRank, silent, vanished);
  ownFailuresOnly(attempts, byRank, states, silent, (input) => rankState(input, othersActive, now, stallSeconds, true, interrupted));
  const withFailure = attempts.filter((a) => a.firstFailure);
  const firstFailure = withFailure.length ? withFailure[withFailure.length - 1].firstFailure : undefined;
  if (options.stopsAttemptOnFailure) stoppedAfterFailure(attempts, byRank, states, now);
  const withAttempt = stoppedWithAttempt(attempts, byRank, states);
  // Ranks known to run still (launched and alive, or a process of this machine writes their files):
  // a rank whose log just ends beside them ended without a word (killed: SIGKILL, the OOM killer),
  // or early; either way not shown as passed.
  const stillRunning = sorted.filter((i) => i.alive || i.writing).map((i) => i.rank);

  const ranks: RankSummary[] = sorted.map((input) => {
    const { index } = input;
    let warnings = 0;
    let errors = 0;
    let firstError: RankSummary['firstError'];
    for (const s of index.sessions) {
      warnings += s.counts.WARNING;
      errors += errorCount(s.counts);
      if (!firstError && s.firstError) firstError = { session: s.index, record: s.firstError };
    }
    const lastSession = index.sessions[index.sessions.length - 1];
    const silentEnd = silent.get(input.rank);
    if (!firstError && silentEnd) firstError = { session: lastSession.index, record: silentEnd };
    const state = states.get(input.rank)!;
    const failure = state === 'failed' && firstError && firstError.record !== silentEnd ? failingError(index.sessions, interrupted) : undefined;
    const around = lastSession !== undefined && interrupted.has(lastSession);
    const stoppedBy = state === 'finished' && lastSession ? (sessionStoppedBy(lastSession) ?? (input.killedByStop ? KILLED_BY_STOP : interruptedOnly(lastSession) ? 'interrupted (KeyboardInterrupt)' : lostPeerToInterrupt(lastSession, around) ? LOST_PEER_TO_INTERRUPT : withAttempt.get(input.rank))) : undefined;
    const unsaid = state === 'finished' && !stoppedBy && input.exitCode === undefined && !(lastSession && sessionEnding(lastSession));
    const endingUnknown = unsaid && (options.endingsUnrecorded !== undefined || stillRunning.some((r) => r !== input.rank));
    return {
      rank: input.rank,
      path: index.path,
      state,
      sessions: index.sessions.length,
      warnings,
      errors,
      lastActivity: lastSession?.lastTime ?? fallbackTime(index),
      firstError,
      ...(failure && failure.record !== firstError?.record ? { failure } : {}),
      lastSession,
      conflicts: conflicts.get(input.rank) ?? [],
      problem: index.state === 'ok' ? undefined : index.problem,
      ...(silentEnd ? { endedSilently: true } : {}),
      ...(stoppedBy ? { stoppedBy } : {}),
      ...(endingUnknown ? { endingUnknown } : {}),
    };
  });
  return {
    ranks,
    attempts,
    firstFailure,
    approximateOrder: sorted.some((i) => i.index.records > i.index.timedRecords),
    failedRanks: ranks.filter((r) => r.state === 'failed').length,
    ...(ranks.some((r) => r.endingUnknown) ? { endingsUnrecorded: options.endingsUnrecorded ?? `${ranksLabel(stillRunning)} still ${stillRunning.length === 1 ? 'runs' : 'run'}, and a rank whose process is gone without an ending record was killed (SIGKILL: the OOM killer) or ended on its own` } : {}),
  };
}
