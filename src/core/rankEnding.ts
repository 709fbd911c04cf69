// How a rank's process ended, read from the record the runner leaves last
// (`Worker 2 ended: exit code 0`, `Worker 2 ended: signal SIGTERM`): jobs the extension did not
// launch show as finished or failed at once, from the log alone.
import { ANY_RANK_LOGGER, ErrorRecord, errorCount, everyError, LAUNCHER_LOGGERS, ownOrdinaryCount, RUNNER_LOGGER, Session } from './indexModel';
import { stoppedByOf } from './torchrunWords';
import { UNCAUGHT } from './tracebackException';

export interface Ending {
  code?: number;
  signal?: string;
  /**
   * The stop the rank was asked for before `signal` ended it (`SIGKILL (after SIGINT)`, written by
   * the terminal's relay: Stop Job killed a rank that did not answer, stuck outside Python).
   */
  after?: string;
}

const ENDING = /^Worker \d+ ended: (?:exit code (-?\d+)|signal (SIG[A-Z0-9]+)(?: \(after (SIG[A-Z0-9]+)\))?)$/;
/** Signals a user stops a job with: the rank was stopped, it did not fail. */
const STOP_SIGNALS = new Set(['SIGINT', 'SIGTERM', 'SIGHUP']);

/** A record of this logger is a launcher's word in a rank's log (naming the rank, or any rank), not the rank's own. */
export function isLaunchersWord(logger: string): boolean {
  return LAUNCHER_LOGGERS.has(logger) || logger === ANY_RANK_LOGGER;
}

/** A record of a rank's log that is not its doing: a launcher's word (`isLaunchersWord`), the runner's, an ending or a stop written for it. */
export function notTheRanks(logger: string, message: string): boolean {
  return isLaunchersWord(logger) || logger === RUNNER_LOGGER || endingOf(message) !== undefined || stoppedByOf(message) !== undefined;
}

/** The message of an ending record, as the runner writes it (`endingOf` reads it back). */
export function endingMessage(rank: number, e: Ending): string {
  return `Worker ${rank} ended: ${e.code !== undefined ? `exit code ${e.code}` : `signal ${e.signal}${e.after !== undefined ? ` (after ${e.after})` : ''}`}`;
}

/**
 * What the import writes in the log of each rank of a worker group its launcher said ended well
 * (torchrun's `[default] worker group successfully finished`): every rank of it exited with code
 * 0, which `endingOf` reads back.
 */
export function groupSucceededMessage(launcher: string, group: string): string {
  return `${launcher}: worker group ${group} finished: its ranks exited with code 0`;
}

const GROUP_SUCCEEDED = /^[\w. -]{1,20}: worker group [\w.-]{1,64} finished: its ranks exited with code 0$/;

export function endingOf(message: string): Ending | undefined {
  const m = ENDING.exec(message);
  if (!m) return message.length < 160 && GROUP_SUCCEEDED.test(message) ? { code: 0 } : undefined;
  return m[1] !== undefined ? { code: Number(m[1]) } : m[3] !== undefined ? { signal: m[2], after: m[3] } : { signal: m[2] };
}

/** The ending recorded as the session's last record, if its process ended through the runner. */
export function sessionEnding(s: Session): Ending | undefined {
  return s.lastRecord ? endingOf(s.lastRecord.message) : undefined;
}

/** A stop: by a stop signal, or killed once it did not answer one (a user's stop, not a failure). */
function isStop(e: Ending): boolean {
  return STOP_SIGNALS.has(e.signal!) || (e.after !== undefined && STOP_SIGNALS.has(e.after));
}

/** The session's process was stopped by a signal a user stops a job with, or killed once it did not answer one (the runner's ending, the relay's). */
export function stoppedEnding(s: Session): boolean {
  const e = sessionEnding(s);
  return e !== undefined && e.code === undefined && isStop(e);
}

export function endedBadly(e: Ending): boolean {
  return e.code !== undefined ? e.code !== 0 : !isStop(e);
}

/** `exit 0`, `exit 3`, `stopped by SIGTERM`, `ended by SIGKILL`, `stopped by SIGKILL (SIGINT unanswered)` */
export function endingText(e: Ending): string {
  if (e.code !== undefined) return `exit ${e.code}`;
  if (!isStop(e)) return `ended by ${e.signal}`;
  return e.after !== undefined && !STOP_SIGNALS.has(e.signal!) ? `stopped by ${e.signal} (${e.after} unanswered)` : `stopped by ${e.signal}`;
}

/**
 * How a session's process was stopped, when its last record tells: the runner's ending by a stop
 * signal (`stopped by SIGTERM`), or a launcher's stop of a rank still running after another failed
 * (`stopped by torchrun (SIGTERM)`, written by the import).
 */
export function sessionStoppedBy(s: Session): string | undefined {
  const ending = sessionEnding(s);
  if (ending) return ending.signal !== undefined && !endedBadly(ending) ? endingText(ending) : undefined;
  return s.lastRecord ? stoppedByOf(s.lastRecord.message) : undefined;
}

/**
 * What the import writes in the log of a rank its launcher ended with the others (`launcher`,
 * e.g. `torchrun`; ranks numbered as the launcher numbers them, `local` for torchrun's local
 * ranks): the launcher's word that one rank failed ends all it runs, so this one no longer runs,
 * however recent its log. It does not say how the rank ended (it may have exited before):
 * `sessionEndedWithJob` reads it back.
 */
export function endedWithJobMessage(launcher: string, rank: number, failed: number | undefined, local: boolean, noneStopped = false): string {
  const unit = local ? 'local rank' : 'rank';
  return `${launcher} ended its ranks${failed === undefined ? '' : ` after ${unit} ${failed} failed`}: ${unit} ${rank} ${noneStopped ? `had exited by itself (${launcher} stopped no process)` : 'no longer runs'}`;
}

const ENDED_WITH_JOB = /^[\w. -]{1,20} ended its ranks(?: after (?:local )?rank \d{1,7} failed)?: (?:local )?rank \d{1,7} (?:no longer runs|(had exited by itself) \([\w. -]{1,20} stopped no process\))$/;

/** The session's last record read as `endedWithJobMessage`'s, if it is one. */
function endedWithJob(s: Session): RegExpExecArray | null {
  const m = s.lastRecord?.message;
  return m !== undefined && m.length < 160 ? ENDED_WITH_JOB.exec(m) : null;
}

/** The session's last record is `endedWithJobMessage`'s: its process no longer runs. */
export function sessionEndedWithJob(s: Session): boolean {
  return endedWithJob(s) !== null;
}

/**
 * The session's last record is `endedWithJobMessage`'s for a rank that had exited by itself when
 * its launcher ended the others (torchrun stopped no process): it was not stopped.
 */
export function sessionExitedBeforeStop(s: Session): boolean {
  return endedWithJob(s)?.[1] !== undefined;
}

/** An exception the process did not fail of: Ctrl+C, or a launcher's SIGINT (torchrun passes it on). */
const INTERRUPT = 'KeyboardInterrupt';

/**
 * The error record is a `KeyboardInterrupt` traceback: where its rank was stopped, not a failure.
 * With its message when it has one; Python 3.11 writes an empty one after a colon for the interrupt
 * of an exit handler (`Exception ignored in atexit callback: <function shutdown ...>`, then
 * `KeyboardInterrupt: `: logging's shutdown waited for a lock as torchrun passed on Ctrl+C).
 */
export function isInterrupt(record: ErrorRecord): boolean {
  const e = record.exception;
  return e !== undefined && e.startsWith(INTERRUPT) && (e.length === INTERRUPT.length || e.charCodeAt(INTERRUPT.length) === 58);
}

/**
 * A rank's error that says its peer went away (gloo's `Connection closed by peer`, NCCL's `remote
 * process exited` and, from 2.19, `Connection closed by remote peer`): what the rank that left
 * first does to the others in its collective.
 */
export const PEER_LOST = /Connection closed by (?:remote )?peer|Connection reset by peer|remote process exited/;

/**
 * A collective that timed out waiting for another rank: ProcessGroupNCCL's watchdog (`Watchdog
 * caught collective operation timeout`, then `Some NCCL operations have failed or timed out` and
 * `... taking the entire process down`), its blocking wait (`timed out in blocking wait`), gloo's
 * `Timed out waiting 1800000ms for recv operation to complete`.
 */
const COLLECTIVE_TIMEOUT = /Watchdog caught collective operation timeout|timed out in blocking wait|Some NCCL operations have failed or timed out|taking the entire process down|Timed out waiting \d+ ?ms for (?:recv|send) operation/;

/**
 * A rank's error that is another's consequence, however it came: a lost peer (`PEER_LOST`),
 * PyTorch's `NCCL communicator was aborted on rank 0.` (its communicator aborted once another rank
 * failed, or its watchdog gave up waiting on one), or a collective's timeout (`COLLECTIVE_TIMEOUT`:
 * the rank waited for one that failed or hung).
 */
export const CONSEQUENCE = new RegExp(`${PEER_LOST.source}|NCCL communicator was aborted|${COLLECTIVE_TIMEOUT.source}`);

/**
 * A launcher's word that the rank's process exited with a code (srun's `srunExitMessage`,
 * torchrun's `torchrunEnded`), where it may say that tracebacks before it name no rank
 * (`withUnlabelledTracebacks`); not one killed by a signal (`Killed`: the OOM killer's SIGKILL
 * stays a failure, whatever the others did).
 */
const LAUNCHER_EXIT = /^(?:srun: [\w.-]{1,200}: Exited with exit code \d{1,3}|torchrun: local rank \d{1,7} \(pid \d{1,10}\) exited with code \d{1,3})(?:; (?:\d{1,6} tracebacks before it name|a traceback before it names) no rank \(lines? [\d, …]{1,80}\))?$/;

/**
 * The session's rank was interrupted itself (a `KeyboardInterrupt` traceback of its own), or
 * another rank of its attempt was interrupted or stopped (`around`: `Attempt.interrupted`): its
 * loss of a peer, and its launcher's word that it then exited (`peerLostOrExit`), are that stop's.
 * Ctrl+C reaches every rank, and one waiting in a collective in C++ raises only once a peer,
 * interrupted in Python, has left (its excepthook's print of that error may then be interrupted in
 * turn: `Error in sys.excepthook: ... KeyboardInterrupt`, then `Original exception was:` and the
 * error, as real torchrun and srun runs of a script with rich's traceback handler wrote).
 */
export function interruptedHere(session: Session, around: boolean): boolean {
  return around || session.errors.some(isInterrupt);
}

/** The error says its rank lost a peer (`PEER_LOST`), or is its launcher's word that it exited with a code (`LAUNCHER_EXIT`). */
export function peerLostOrExit(record: ErrorRecord): boolean {
  const text = record.exception ?? record.message;
  return PEER_LOST.test(text) || (text.length < 400 && LAUNCHER_EXIT.test(text));
}

/**
 * The session's rank was interrupted (a `KeyboardInterrupt` traceback of its own; another
 * launcher's job: the import cannot tell one from a failure when it writes its record), and its
 * other errors are peers lost in it (`interruptedHere`): stopped, as our runner records a Ctrl+C,
 * not failed.
 */
export function interruptedOnly(session: Session): boolean {
  return errorCount(session.counts) > 0 && session.errors.some(isInterrupt) && everyError(session, (e) => isInterrupt(e) || peerLostOrExit(e));
}

/**
 * The session's errors are only peers lost as its attempt's other ranks were interrupted (`around`),
 * none an interrupt of its own: its rank was stopped by that, not failed.
 */
export function lostPeerToInterrupt(session: Session, around: boolean): boolean {
  return around && errorCount(session.counts) > 0 && !session.errors.some(isInterrupt) && everyError(session, (e) => peerLostOrExit(e) || wentOn(e, session));
}

/**
 * An error its process went on from: a thread's uncaught exception (`ErrorRecord.thread`: Python's
 * threading printed it, as after a metrics uploader's or a prefetch thread's death), one Python
 * ignored (`ErrorRecord.ignored`: a finalizer's, an exit handler's), or, of `session`, an error its
 * rank logged and then went on from (`loggedAndWentOn`).
 */
export function wentOn(record: ErrorRecord, session?: Session): boolean {
  return record.thread !== undefined || record.ignored !== undefined || (session !== undefined && loggedAndWentOn(session).has(record));
}

/**
 * A record a logger of its rank wrote (`logger.error`, `logger.exception` in a handler): not an
 * uncaught exception (Python's print of it, as the import records it; our runner's record), a
 * launcher's word, a fatal error or a crash's loss (no logger).
 */
function loggedByItsRank(e: ErrorRecord): boolean {
  return (e.level === 'ERROR' || e.level === 'CRITICAL') && e.logger !== '' && !e.message.startsWith(UNCAUGHT) && !notTheRanks(e.logger, e.message) && !wentOn(e);
}

const NONE: ReadonlySet<ErrorRecord> = new Set();
const wentOnCache = new WeakMap<Session, { key: string; errors: ReadonlySet<ErrorRecord> }>();

/**
 * The session's errors its rank logged and went on from (a batch it skipped, an upload it retried):
 * each a record of the rank's own logger (`loggedByItsRank`) after which the rank logged ordinary
 * records (below WARNING: `ErrorRecord.ordinaryBefore`; after a timed one, at a later time) before
 * its next error or its session's end,
 * in a session that did not fail after it (no failure of its own, no bad ending) or failed only of
 * another rank's doing (a peer lost, a collective that timed out waiting: `CONSEQUENCE`; with its
 * launcher's word that it then exited). A logged error the session ended with (no ordinary record
 * after it), or one before a later failure of its own or an exit without another's doing, stays a failure.
 * Torchrun's root cause and a summary by first ERROR record both name such an error as the job's
 * failure. Empty when the session's errors are not all listed.
 */
export function loggedAndWentOn(session: Session): ReadonlySet<ErrorRecord> {
  const errors = session.errors;
  if (errors.length === 0 || session.errorsOmitted > 0 || errors.length !== errorCount(session.counts)) return NONE;
  const key = `${errors.length}/${session.records}/${session.lastRecord?.line}`;
  const cached = wentOnCache.get(session);
  if (cached?.key === key) return cached.errors;
  const found = new Set<ErrorRecord>();
  const ending = sessionEnding(session);
  const endedBadlyHere = ending !== undefined && endedBadly(ending);
  // After the error at hand: the rank's own ordinary records before the next error (or the
  // session's end), and the time the session reached there.
  let next = ownOrdinaryCount(session);
  let nextTime = session.lastTime;
  // What fails the session after the error at hand: a failure of its own, another's doing, its exit.
  let own = false;
  let others = false;
  let exit = false;
  for (let i = errors.length - 1; i >= 0; i--) {
    const e = errors[i];
    const before = e.ordinaryBefore;
    // Its rank's records went on after it; after one with a time, in time too (not only prints
    // or lines without a time of their own, which a rank may write as it dies).
    const timed = e.time !== undefined && !e.timeApproximate;
    const after = before !== undefined && next > before && (!timed || (nextTime !== undefined && nextTime > e.time!));
    if (before !== undefined) next = before;
    nextTime = e.time;
    if (after && loggedByItsRank(e) && !own && (others || (!exit && !endedBadlyHere))) {
      found.add(e);
      continue;
    }
    if (isInterrupt(e) || wentOn(e)) continue;
    const text = e.exception ?? e.message;
    if (CONSEQUENCE.test(text)) others = true;
    else if (text.length < 400 && LAUNCHER_EXIT.test(text)) exit = true;
    else own = true;
  }
  wentOnCache.set(session, { key, errors: found });
  return found;
}

/**
 * An error record that is not its rank's failure: a `KeyboardInterrupt` traceback (it was
 * stopped), or an error its process went on from (`wentOn`; of `session`, one it logged), or, in a session
 * `interruptedHere` (`stopped`), a peer lost.
 */
export function notAFailure(record: ErrorRecord, stopped = false, session?: Session): boolean {
  return isInterrupt(record) || wentOn(record, session) || (stopped && peerLostOrExit(record));
}

/** The session has an error record that is a failure (not only `notAFailure` ones; `around`: another rank of its attempt was interrupted). */
export function failedSession(session: Session, around = false): boolean {
  if (errorCount(session.counts) === 0) return false;
  const stopped = interruptedHere(session, around);
  return !everyError(session, (e) => notAFailure(e, stopped, session));
}

/** The session is `interruptedOnly` and its log ends with that traceback, which Python prints as it exits. */
export function endsInterrupted(session: Session): boolean {
  return interruptedOnly(session) && session.lastRecord?.line === session.errors[session.errors.length - 1].line;
}
