// The first failure of an attempt (a launch, or a restart of all ranks), for jobSummary.ts: its
// ranks' earliest error records that are their own failures, ordered by their timestamps (an
// untimed one by the time before it, its file's last write, the order of a file the ranks share),
// the peer the others lost before their consequences, and a rank's own first failing error. Pure.
import type { Attempt, Failure, RankInput, RankSummary } from './jobSummary';
import { ANY_RANK_LOGGER, ErrorRecord, IndexSnapshot, Session, sessionKnownStart, sessionStartTime } from './indexModel';
import { fallbackTime } from './jobAttempts';
import { CONSEQUENCE, interruptedHere, isLaunchersWord, notAFailure } from './rankEnding';
import { startsCudaAssertion } from './logLine';
import { naiveFromEpoch } from './timestamps';
import { isLastSession, Member, sessionKey } from './unsaidEndings';

/** When a session started, as well as the file tells. */
function startOf(session: Session, index: IndexSnapshot): number | undefined {
  return sessionStartTime(session) ?? fallbackTime(index);
}

/** The session's first error that is a failure (not a `KeyboardInterrupt`, nor one its rank went on from; `around`: its attempt was interrupted). */
export function firstFailingError(session: Session, around = false): ErrorRecord | undefined {
  const first = session.firstError;
  const stopped = interruptedHere(session, around);
  return first === undefined || !notAFailure(first, stopped, session) ? first : session.errors.find((e) => !notAFailure(e, stopped, session));
}

/** The first error of `sessions` that is a failure (`firstFailingError`; `interrupted`: sessions of an interrupted attempt). */
export function failingError(sessions: readonly Session[], interrupted: ReadonlySet<Session>): RankSummary['failure'] {
  for (const s of sessions) {
    const record = firstFailingError(s, interrupted.has(s));
    if (record) return { session: s.index, record };
  }
  return undefined;
}

/**
 * The attempt's first failure: the peer its other ranks lost, when that is known (`vanished`, by `sessionKey`);
 * else its earliest error record that is its rank's own (not a `KeyboardInterrupt`: the rank was
 * stopped); only when it has none, its earliest silent ending (its time is the last record's, a lower bound of when the
 * process died) or launcher's word that did not say which rank it was on (`ANY_RANK_LOGGER`).
 */
export function firstFailureOf(attempt: Attempt, byRank: Map<number, RankInput>, silent: Map<number, ErrorRecord>, vanished: ReadonlyMap<string, ErrorRecord>): Failure | undefined {
  const around = attempt.interrupted === true;
  // The peer the others lost (`silentEndings`' vanished sessions) came before their errors.
  const lostPeer = attempt.members.find((m) => vanished.has(sessionKey(m.rank, m.session)));
  if (lostPeer) return earliestFailure({ ...attempt, members: [lostPeer] }, byRank, (m) => vanished.get(sessionKey(m.rank, m.session)));
  return (
    earliestFailure(attempt, byRank, (_m, session) => {
      const e = firstFailingError(session, around);
      return e?.logger === ANY_RANK_LOGGER ? undefined : e;
    }) ?? earliestFailure(attempt, byRank, (m, session) => firstFailingError(session, around) ?? (isLastSession(m, byRank) ? silent.get(m.rank) : undefined))
  );
}

/** A file written this long after a record's time is not taken as that record's write (copied logs get a new time). */
const LAST_WRITE_WINDOW_MS = 10 * 60_000;
/** File times are coarse (the kernel's clock tick): one may read a little before the record written last. */
const LAST_WRITE_SLACK_MS = 50;

/**
 * When the error that ends a rank's log was written: its file's last change, when nothing came
 * after it and that change is close after the time it is placed at (`key`, the record before's:
 * an error without a time of its own, a traceback). Two ranks whose untimed tracebacks are placed
 * in the same millisecond (ranks in step: one raised, the next collective of the other failed
 * of it) are told apart so, in files each rank wrote itself (torchrun's `--log_dir`, ours); an
 * import dates each rank log by its source. Undefined when the file time tells nothing.
 */
function lastWriteOf(session: Session, record: ErrorRecord, input: RankInput, key: number): number | undefined {
  if (session.lastRecord?.line !== record.line || !Number.isFinite(key)) return undefined;
  const written = naiveFromEpoch(input.index.mtimeMs);
  return written >= key - LAST_WRITE_SLACK_MS && written <= key + LAST_WRITE_WINDOW_MS ? written : undefined;
}

/**
 * A rank's traceback without a time of its own that says it lost its peer, or that its NCCL
 * communicator was aborted (`CONSEQUENCE`), comes after another rank's failure up to this long
 * after the time it is placed at (its last record's, before it waited in the collective the other
 * left; untimed, every rank's the same): its consequence, not before it.
 */
const PEER_LOST_WINDOW_MS = 60_000;

/**
 * srun's word on a task that ended (`srun: gpu-a17: Killed`): srun learns of a task's end at once
 * and says so then, while the others run on, so where its word is in the capture is when the rank
 * ended, near enough to order it after the records before it (a rank quiet since, waiting in a
 * collective, killed once another had failed). Not torchrun's (it looks every few seconds), nor
 * mpirun's or Hydra's (written once the job was ended, every process cleaned up).
 */
function promptWord(record: ErrorRecord): boolean {
  return record.logger === 'launcher' && record.message.startsWith('srun: ');
}

function earliestFailure(attempt: Attempt, byRank: Map<number, RankInput>, recordOf: (m: Member, session: Session) => ErrorRecord | undefined): Failure | undefined {
  // `floor`: a time the record is not before (its own, the record's before it, its session's known start).
  // `peerLost`: the error says its peer went away or it timed out waiting (`CONSEQUENCE`), timed or not.
  type Candidate = { failure: Failure; key: number; floor: number; last?: number; lost: boolean; peerLost: boolean; order?: number };
  let best: Candidate | undefined;
  const all: Candidate[] = [];
  // Same time, same kind, no file time apart: the lower rank, unless the ranks' shared file orders them.
  const tie = (a: Candidate, b: Candidate) => a.key === b.key && a.lost === b.lost && !(a.last !== undefined && b.last !== undefined && a.last !== b.last);
  // A record without a time of its own is placed by the time before it (or none): where the ranks'
  // shared file (a capture) has both records, its order says which came first when the later of
  // the two was written as it happened (a timed record, a rank's own traceback, srun's word on a
  // task: `promptWord`; not another launcher's word that a rank had ended, written when it noticed). A traceback of a job of prints came
  // before the watchdog's timed timeout a line after it, which its rank's last time (none) could
  // not tell. Tied records are ordered so whatever they are.
  const writtenAsHappened = (c: Candidate) => !c.failure.approximate || !isLaunchersWord(c.failure.record.logger) || promptWord(c.failure.record);
  const ordered = (a: Candidate, b: Candidate) =>
    a.order !== undefined && b.order !== undefined && a.order !== b.order && (tie(a, b) || ((a.failure.approximate || b.failure.approximate) && writtenAsHappened(a.order > b.order ? a : b)));
  for (const m of attempt.members) {
    const input = byRank.get(m.rank)!;
    const session = input.index.sessions[m.session];
    const record = recordOf(m, session);
    if (!record) continue;
    const approximate = record.time === undefined || record.timeApproximate === true;
    // (An untimed record is not before its attempt began, whatever its file's time says: a copy dated back.)
    const dated = record.time === undefined ? startOf(session, input.index) : undefined;
    const key = record.time ?? (dated !== undefined && attempt.start !== undefined ? Math.max(dated, attempt.start) : dated) ?? Infinity;
    const last = approximate && isLastSession(m, byRank) ? lastWriteOf(session, record, input, key) : undefined;
    const peerLost = CONSEQUENCE.test(record.exception ?? record.message);
    const lost = approximate && peerLost;
    const floor = record.time ?? sessionKnownStart(session) ?? -Infinity;
    const c: Candidate = { failure: { rank: m.rank, session: m.session, attempt: attempt.index, record, approximate }, key, floor, last, lost, peerLost, order: input.sourceOrder?.(record.line) };
    all.push(c);
    const consequence = best !== undefined && lost !== best.lost && (lost ? key : best.key) + PEER_LOST_WINDOW_MS >= (lost ? best.key : key);
    // Two errors of the same time (times of whole seconds: detectron2's, glog's without a fraction),
    // one a lost peer or a wait that timed out: the other is its cause, whichever rank is lower.
    const causeAtOnce = best !== undefined && key === best.key && peerLost !== best.peerLost;
    if (!best || (consequence ? !lost : causeAtOnce ? !peerLost : ordered(c, best) ? c.order! < best.order! : key < best.key || (tie(c, best) ? m.rank < best.failure.rank : key === best.key && c.last! < best.last!))) best = c;
  }
  if (!best) return undefined;
  const b = best;
  b.failure.deviceAssertion = deviceAssertionOf(byRank.get(b.failure.rank)!.index.sessions[b.failure.session], b.failure.record);
  // Records that may have come before it, not ordered by a shared file (not looked up yet): one of
  // the two without a time of its own, and not after it by the time before it.
  const unordered = (c: Candidate) => (b.failure.approximate || (c.failure.approximate && c.floor <= b.key)) && (c.order === undefined || b.order === undefined);
  const tied = all.filter((c) => c !== b && unordered(c));
  if (tied.length > 0) b.failure.tiedWith = tied.map((c) => ({ rank: c.failure.rank, line: c.failure.record.line }));
  return b.failure;
}

/** PyTorch's error on a CUDA kernel's failed assertion (its message names no kernel, no condition). */
const DEVICE_ASSERT_ERROR = /device-side assert(?:ion)? triggered/;
/** The kernel's assertion behind it: a record of its own (importLines.ts) of the same session. */
function deviceAssertionOf(session: Session, record: ErrorRecord): ErrorRecord | undefined {
  if (!DEVICE_ASSERT_ERROR.test(record.exception ?? record.message)) return undefined;
  return session.errors.find((e) => e !== record && startsCudaAssertion(e.message));
}
