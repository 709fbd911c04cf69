// Endings a rank's log does not say, said for it: a rank of our module's runner killed without a
// word while its attempt's others recorded theirs, a bad recorded ending with no error of its own,
// a rank faulthandler's watchdog ended (its dump its last word), the peer the others lost in a job
// that records no endings. Each an error record that fails the rank; and the pieces of an
// attempt's members the summary shares. Pure; for jobSummary.ts.
import type { Attempt, RankInput, RankState } from './jobSummary';
import { ErrorRecord, Session } from './indexModel';
import { endedBadly, Ending, endingText, failedSession, lostPeerToInterrupt, notAFailure, PEER_LOST, peerLostOrExit, sessionEndedWithJob, sessionEnding, sessionStoppedBy } from './rankEnding';
import { ranksLabel } from './wording';

export type Member = Attempt['members'][number];

export function sessionOf(m: Member, byRank: Map<number, RankInput>): Session {
  return byRank.get(m.rank)!.index.sessions[m.session];
}

/** Whether a rank of the attempt recorded its ending (the runner's `Worker 3 ended: ...`: a job of our module's). */
export function recordsEndings(attempt: Attempt, byRank: Map<number, RankInput>): boolean {
  return attempt.members.some((m) => sessionEnding(sessionOf(m, byRank)) !== undefined);
}

/** Whether the member's session is its rank's latest. */
export function isLastSession(m: Member, byRank: Map<number, RankInput>): boolean {
  return m.session === byRank.get(m.rank)!.index.sessions.length - 1;
}

/**
 * Ranks whose last session ended without the runner's ending record (`Worker 3 ended: ...`) while
 * another session of its attempt has one: the job runs through the runner, which records every
 * ending it lives to see, so this rank's process was killed without a word (SIGKILL: the OOM
 * killer, a launcher's escalation after SIGTERM) or crashed. Only ranks whose state would
 * otherwise be `finished` (no error, not live) and no launched process's exit code told: each
 * with the record that says so, at its last record. Also the ranks whose recorded ending was bad
 * (`signal SIGKILL`, `exit code 2`) while they logged no error: their ending is their error. Not
 * the ranks Stop Job killed (`killedByStop`).
 */
export function silentEndings(attempts: readonly Attempt[], byRank: Map<number, RankInput>, state: (input: RankInput) => RankState, vanished?: Map<string, ErrorRecord>): Map<number, ErrorRecord> {
  const silent = new Map<number, ErrorRecord>();
  for (const attempt of attempts) {
    watchdogEndings(attempt, byRank, state, silent);
    if (!recordsEndings(attempt, byRank)) {
      lostPeerOf(attempt, byRank, state, silent, vanished);
      continue;
    }
    for (const m of attempt.members) {
      const input = byRank.get(m.rank)!;
      const session = sessionOf(m, byRank);
      if (!isLastSession(m, byRank) || !session.lastRecord || input.killedByStop) continue;
      const ending = sessionEnding(session);
      if (ending) {
        // Ended badly without an error of its own (the OOM killer's SIGKILL, sys.exit(2)): its ending is why.
        // (Not an exit code after a peer the job's stop took away: `lostPeerToInterrupt`.)
        const around = attempt.interrupted === true;
        if (endedBadly(ending) && !failedSession(session, around) && !lostPeerToInterrupt(session, around)) silent.set(m.rank, badEndingRecord(m.rank, ending, session));
        continue;
      }
      if (input.exitCode !== undefined) continue;
      if (state(input) !== 'finished') continue;
      const last = session.lastRecord;
      silent.set(m.rank, endingSaidByUs(last.line, session.endOffset, last.time ?? session.lastTime, `Worker ${m.rank} ended without a word: no ending record after this one (killed by SIGKILL, as the OOM killer does, or crashed), while its attempt's other ranks recorded theirs`));
    }
  }
  return silent;
}

/** The key of a rank's session in `silentEndings`' vanished sessions. */
export function sessionKey(rank: number, session: number): string {
  return `${rank}/${session}`;
}

/**
 * In an attempt whose files record no endings (another launcher's: a torchrun `--log_dir`, per-rank
 * files), where every rank that failed failed only of a lost peer (gloo's `Connection reset by
 * peer`, NCCL's `remote process exited`) or its launcher's word that it exited, and one rank's
 * session just ends, no error, no launcher's word that it was stopped, and no process known to
 * write it still (or its rank restarted after it): that session's rank is the peer they lost, gone
 * first without a word (killed by a signal: the OOM killer's SIGKILL; crashed: SIGSEGV; or exited
 * before the others). A launcher's word that it no longer ran once another failed
 * (`sessionEndedWithJob`) does not say how it ended: it may be that rank still. Its
 * record, at its last one, is added to `vanished` by `sessionKey` (the attempt's first failure,
 * before the errors it caused), and to `silent` when the session is its rank's latest. Not when
 * two or more such ranks could be it.
 */
function lostPeerOf(attempt: Attempt, byRank: Map<number, RankInput>, state: (input: RankInput) => RankState, silent: Map<number, ErrorRecord>, vanished: Map<string, ErrorRecord> | undefined): void {
  if (attempt.interrupted) return;
  const lost: number[] = [];
  let lostText: string | undefined;
  let gone: Member | undefined;
  for (const m of attempt.members) {
    const input = byRank.get(m.rank)!;
    const session = sessionOf(m, byRank);
    // Errors not all read may hold a failure of its own, which explains the attempt better than a silence.
    if (session.errorsOmitted > 0) return;
    // (Errors its rank went on from, all it has, leave it one that may have vanished.)
    const failing = session.errors.filter((e) => !notAFailure(e, false, session));
    if (failing.length > 0) {
      // A failure of its own explains the attempt better than a silence.
      if (failing.some((e) => !peerLostOrExit(e))) return;
      const peer = failing.find((e) => PEER_LOST.test(e.exception ?? e.message));
      if (peer) {
        lost.push(m.rank);
        lostText ??= PEER_LOST.exec(peer.exception ?? peer.message)?.[0];
      }
      continue;
    }
    // (A launcher's word that it no longer ran, after another failed, says no more of how it ended.)
    if (!session.lastRecord || sessionEnding(session) || sessionStoppedBy(session)) continue;
    // Its rank's latest session: not one still alive, or whose end is known otherwise.
    if (isLastSession(m, byRank) && (input.killedByStop || input.exitCode !== undefined || input.alive || input.writing || state(input) === 'failed' || state(input) === 'unreadable')) continue;
    if (gone) return;
    gone = m;
  }
  if (!gone || lost.length === 0 || (isLastSession(gone, byRank) && silent.has(gone.rank))) return;
  const session = sessionOf(gone, byRank);
  const last = session.lastRecord!;
  // Its own last line, not the launcher's word after it that it no longer ran (one line, the
  // import's, at the launcher's line: which names another rank).
  const line = sessionEndedWithJob(session) && last.line > session.startLine ? last.line - 1 : last.line;
  const message = `Rank ${gone.rank} ended without a word while ${ranksLabel(lost)} lost ${lost.length === 1 ? 'its' : 'their'} connection to a peer (${lostText}): it most likely left first: killed by a signal (SIGKILL: the OOM killer, see dmesg), crashed (SIGSEGV) or exited before the others (nothing in its log says which)`;
  const record = endingSaidByUs(line, session.endOffset, last.time ?? session.lastTime, message);
  vanished?.set(sessionKey(gone.rank, gone.session), record);
  if (isLastSession(gone, byRank)) silent.set(gone.rank, record);
}

/** The record that stands for an ending the rank's log does not say (its time: the last one known before it). */
function endingSaidByUs(line: number, offset: number, time: number | undefined, message: string): ErrorRecord {
  return { line, offset, level: 'CRITICAL', logger: 'worker-logs', time, timeApproximate: true, message, lineCount: 1 };
}

/**
 * Ranks whose log ends with the stack faulthandler's watchdog dumped (`dump_traceback_later(...,
 * exit=True)`: it exits 1 at once, before any ending is recorded), no record after it, and that
 * no longer run: each with the record that says so, at its dump. Every rank of a hung job may end
 * so, none recording an ending (`silentEndings` needs one that did).
 */
function watchdogEndings(attempt: Attempt, byRank: Map<number, RankInput>, state: (input: RankInput) => RankState, silent: Map<number, ErrorRecord>): void {
  for (const m of attempt.members) {
    const input = byRank.get(m.rank)!;
    const session = sessionOf(m, byRank);
    const dump = session.stackDumps?.[session.stackDumps.length - 1];
    if (!dump?.watchdog || !isLastSession(m, byRank) || input.killedByStop || input.exitCode !== undefined) continue;
    if ((session.lastRecord && session.lastRecord.line > dump.line) || sessionEnding(session) || state(input) !== 'finished') continue;
    silent.set(m.rank, endingSaidByUs(dump.line, dump.offset, dump.time ?? session.lastTime, `Worker ${m.rank} ended after faulthandler's watchdog dumped its stack (dump_traceback_later's timeout ran out; with exit=True it exits 1), no ending record after it: it hung where the dump says`));
  }
}

/** The record that stands for a rank's bad ending when it logged no error: its ending record. */
function badEndingRecord(rank: number, ending: Ending, session: Session): ErrorRecord {
  const last = session.lastRecord!;
  const how = ending.code !== undefined ? `exited with code ${ending.code}` : `was ${endingText(ending).replace(/^ended by/, 'killed by')}`;
  const hint = ending.signal === 'SIGKILL' ? ' (SIGKILL: the OOM killer kills so, see dmesg; or a kill -9)' : '';
  return { line: last.line, offset: session.endOffset, level: 'ERROR', logger: 'worker-logs', time: last.time ?? session.lastTime, message: `Worker ${rank} ${how} without logging an error${hint}`, lineCount: 1 };
}
