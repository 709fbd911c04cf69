// Why a job failed or hangs, read across its ranks (rankScan.ts reads each log): the first
// failure (jobSummary), what the ranks' collectives say across ranks (collectiveFindings.ts:
// stragglers, mismatches), the ranks that never reached init_process_group where the others timed
// out, and the latest stack dump of each rank grouped by call path (stackDumps.ts), one headline.
import { Failure, JobSummary } from './jobSummary';
import { ErrorRecord, Session } from './indexModel';
import { mapLimit } from './mapLimit';
import { notTheRanks } from './rankEnding';
import { RecordReader } from './recordReader';
import { MESSAGE_CHARS } from './sessionRecords';
import { ProgressLag } from './progress';
import { Evidence, FactAt, RankScan } from './rankScan';
import { CollectiveMismatch, evidenceOf, findMismatches, findStragglers, listRanks, RankCollectives, rankCollectives, Straggler } from './collectiveFindings';
import { baseName, callPathLabel, groupStacks, isInterruptDump, isLibraryFrame, lastStackOf, StackDump, StackFrame, StackGroup } from './stackDumps';
import { formatTime } from './timestamps';
import { apartStragglers, endedUnsaid, lastRecordEvidence, lastWordsApart, QuietRanks, quietHeadline, quietLastRecords } from './quietRanks';
import { jobWideEnd, jobWideEndFinding, jobWideStop } from './jobWideEnd';
import { plural, ranksLabel } from './wording';
import { maxOf } from './extremes';

export { appendScan, scanRankLog } from './rankScan';
export { quietRanks } from './quietRanks';
export type { QuietRanks } from './quietRanks';
export type { Evidence, FactAt, RankScan, ScanOptions } from './rankScan';
export type { CollectiveMismatch, RankCollectives, Straggler } from './collectiveFindings';

export const DIAGNOSIS_VERSION = 1;

export interface Diagnosis {
  version: typeof DIAGNOSIS_VERSION;
  /** `stoppedBy`: a rank in state `finished` that its launcher (or the user) stopped, what stopped it (as `summary`'s). */
  ranks: (RankCollectives & { file: string; state?: string; stoppedBy?: string; problem?: string })[];
  /** `deviceAssertion`: the CUDA kernel's failed assertion behind a `device-side assert triggered` (see `Failure`). */
  firstFailure: { rank: number; file: string; line: number; time?: number; approximate: boolean; message: string; deviceAssertion?: { file: string; line: number; message: string } } | null;
  /** One sentence: the hang, the first failure, or that nothing was found. */
  headline: string;
  kind: 'clean' | 'failure' | 'hang' | 'mismatch';
  stragglers: Straggler[];
  collectiveMismatches: CollectiveMismatch[];
  progress: { rank: number; step: number; time?: number }[];
  /** `interrupted`: the dump is the rank's `KeyboardInterrupt` traceback (Ctrl+C), not faulthandler's or py-spy's. */
  stackGroups: { ranks: number[]; label: string; outlier: boolean; frames: { function: string; file: string; line: number }[]; dumps: { rank: number; file: string; line: number; time?: number; interrupted?: true }[] }[];
  /** Evidence lines of the collective timeouts, for the reader to open. */
  timeouts: Evidence[];
  /** Ranks alive (a process still writes their files) that wrote nothing for longer than a stall (see `QuietRanks`). */
  quiet?: QuietRanks;
  /** The ranks asked for their stacks first (`worker-logs diagnose --dump-stacks`): which answered, and why each other gave none. */
  stackRequest?: { answered: number[]; unanswered: { rank: number; reason: string }[] };
}

/**
 * The latest dump of each rank (`lastStackOf`), grouped by call path; only dumps taken together (within 60 s of
 * the newest; a dump dated by a record long before it, within 60 s by the record after it).
 * `extra` dumps (taken by py-spy, not in the logs) replace a rank's logged ones.
 */
export function latestStackGroups(scans: readonly RankScan[], sameMomentMs = 60_000, extra: readonly StackDump[] = []): StackGroup[] {
  const extraRanks = new Set(extra.map((d) => d.rank));
  const latest = [...scans.filter((s) => !extraRanks.has(s.rank)).map((s) => lastStackOf(s.dumps)), ...extra].filter((d): d is StackDump => d !== undefined);
  const newest = maxOf(latest.map((d) => d.time ?? -Infinity));
  const together = Number.isFinite(newest) ? latest.filter((d) => d.time === undefined || newest - Math.max(d.time, d.until ?? -Infinity) <= sameMomentMs) : latest;
  return groupStacks(together);
}

export interface DiagnoseInput {
  summary: JobSummary;
  scans: readonly RankScan[];
  /** Stack dumps read from outside the logs (py-spy): `line` -1. */
  extraDumps?: readonly StackDump[];
  /** Each rank's last step and its lag behind the others. */
  progress?: readonly ProgressLag[];
  /** The last record of a rank's own, where its log ends with others' (`ownLastRecords`). */
  ownLastRecords?: ReadonlyMap<number, LastRecord>;
  /** Ranks alive but silent (`quietRanks`): a hang when nothing else explains it. */
  quiet?: QuietRanks;
}

type LastRecord = NonNullable<Session['lastRecord']>;

/**
 * ` in attempt 1 of 3 (the latest ran on)` for a finding of an attempt before the job's latest
 * (0-based; -1: an earlier one, not known which); '' for the latest's, or a job of one attempt.
 * (The summary's first failure is the latest attempt's that had one: an earlier one's means the
 * attempts after it had none.)
 */
function attemptNote(summary: JobSummary, attempt: number | undefined): string {
  const n = summary.attempts.length;
  if (attempt === undefined || n < 2 || attempt >= n - 1) return '';
  // (Of two, the earlier is the first.)
  if (attempt < 0 && n === 2) attempt = 0;
  return `${attempt < 0 ? ` in an earlier attempt of ${n}` : ` in attempt ${attempt + 1} of ${n}`} (the latest ran on)`;
}

/** A line of `rank`'s log before its latest session, which is of the job's latest attempt. */
function beforeLatestAttempt(summary: JobSummary, rank: number, line: number): boolean {
  const latest = summary.attempts[summary.attempts.length - 1];
  const last = summary.ranks.find((r) => r.rank === rank)?.lastSession;
  return summary.attempts.length > 1 && !!last && line >= 0 && line < last.startLine && !!latest?.members.some((m) => m.rank === rank && m.session === last.index);
}

/**
 * The ranks' collective facts of one attempt: the job's latest's when they say anything there,
 * else those of the attempts before it (`earlier`: a job torchrun restarted after ranks timed out,
 * whose latest attempt ran on). A fact of one attempt says nothing of another's ranks.
 */
function factsOfOneAttempt(summary: JobSummary, scans: readonly RankScan[]): { scans: readonly RankScan[]; earlier: boolean } {
  if (summary.attempts.length < 2) return { scans, earlier: false };
  const telling = (f: FactAt) => f.fact.kind !== 'progress';
  const latest = scans.map((s) => ({ ...s, facts: s.facts.filter((f) => !beforeLatestAttempt(summary, s.rank, f.line)) }));
  if (latest.some((s) => s.facts.some(telling)) || !scans.some((s) => s.facts.some(telling))) return { scans: latest, earlier: false };
  return { scans: scans.map((s) => ({ ...s, facts: s.facts.filter((f) => beforeLatestAttempt(summary, s.rank, f.line)) })), earlier: true };
}

/** Records read back from a session's end, at most, for its rank's own last one. */
const OWN_RECORD_LOOKBACK = 16;

/** Lines of a rank's log read back from their end for its own last record: a session, or all before one. */
type Span = Pick<Session, 'startLine' | 'endLine' | 'endOffset'>;

/** The last record of `span` that is its rank's own (not `notTheRanks`), read back from its end. */
async function lastOwnRecord(file: string, span: Span): Promise<LastRecord | undefined> {
  const reader = new RecordReader(file, { maxContinuationLines: 0, end: span.endOffset });
  let read = 0;
  for await (const r of reader.backward({ offset: span.endOffset, line: span.endLine + 1 })) {
    if (r.line < span.startLine || r.resumeTimeText !== undefined || ++read > OWN_RECORD_LOOKBACK) return undefined;
    if (r.hasHeader && !notTheRanks(r.logger, r.message)) return { line: r.line, level: r.level, message: r.message.slice(0, MESSAGE_CHARS), time: r.time };
  }
  return undefined;
}

/**
 * What `ranks` did last, for their evidence as stragglers: the stopped ones' own last records (a
 * stopped rank's log ends with the launcher's stop of it or the runner's record of its ending,
 * which say nothing of where it was), or with `all` every one's; with `earlier` (what they said
 * of their collectives is of an attempt before the latest), each one's last record before its
 * latest session.
 */
async function ownLastRecords(summary: JobSummary, ranks: readonly number[], earlier: boolean, all = false): Promise<Map<number, LastRecord>> {
  const wanted = new Set(ranks);
  const read = summary.ranks.filter((r) => wanted.has(r.rank) && r.lastSession !== undefined && (earlier ? r.lastSession.startLine > 0 : all || r.stoppedBy !== undefined));
  const spanOf = (s: Session): Span => (earlier ? { startLine: 0, endLine: s.startLine - 1, endOffset: s.startOffset } : s);
  const found = await mapLimit(read, 16, (r) => lastOwnRecord(r.path, spanOf(r.lastSession!)).catch(() => undefined));
  const own = new Map<number, LastRecord>();
  read.forEach((r, i) => found[i] && own.set(r.rank, found[i]!));
  return own;
}

/** An error record as the diagnosis names it: its message, and its exception when it has one. */
function recordText(r: ErrorRecord): string {
  return r.exception ? `${r.message} (${r.exception})` : r.message;
}

function failureOf(summary: JobSummary, f: Failure | undefined): Diagnosis['firstFailure'] {
  if (!f) return null;
  const rank = summary.ranks.find((r) => r.rank === f.rank);
  const r = f.record;
  const file = rank?.path ?? '';
  const message = recordText(r);
  const a = f.deviceAssertion;
  if (!a) return { rank: f.rank, file, line: r.line, time: r.time, approximate: f.approximate || !!r.timeApproximate, message };
  return { rank: f.rank, file, line: r.line, time: r.time, approximate: f.approximate || !!r.timeApproximate, message: `${message}; on the device: ${a.message}`, deviceAssertion: { file, line: a.line, message: a.message } };
}

/** `diagnose`, with the stopped stragglers' own last records read from their logs (`ownLastRecords`). */
export async function diagnoseJob(input: DiagnoseInput): Promise<Diagnosis> {
  const first = diagnose(input);
  // A job its launcher ended on every rank: each rank's own last record tells a hang from work cut short.
  // (A stop of every rank at once is no failure: stacks dumped at it may have made it a hang already.)
  const wide = first.kind === 'failure' ? jobWideEnd(input.summary) !== undefined : jobWideStop(input.summary) !== undefined;
  const ranks = wide ? input.summary.ranks.map((r) => r.rank) : first.stragglers.map((s) => s.rank);
  const own = await ownLastRecords(input.summary, ranks, factsOfOneAttempt(input.summary, input.scans).earlier, wide);
  return own.size > 0 ? diagnose({ ...input, ownLastRecords: own }) : first;
}

export function diagnose(input: DiagnoseInput): Diagnosis {
  const { summary, scans } = input;
  // What the ranks said of their collectives, in one attempt (an earlier one's: named so).
  const facts = factsOfOneAttempt(summary, scans);
  const factNote = facts.earlier ? attemptNote(summary, -1) : '';
  const states = facts.scans.map(rankCollectives);
  const stragglers = findStragglers(facts.scans, states);
  // What each straggler did last: where to start reading (in that attempt). The rank whose failure
  // was the job's first, in its last session, is read at that failure (the launcher's word of its
  // end may come after it).
  const failed = summary.firstFailure;
  for (const s of stragglers) {
    const r = summary.ranks.find((x) => x.rank === s.rank);
    if (!r) continue;
    const failure = !facts.earlier && failed?.rank === s.rank && r.lastSession && failed.record.line >= r.lastSession.startLine ? failed.record : undefined;
    const last = failure ? undefined : (input.ownLastRecords?.get(s.rank) ?? (facts.earlier ? undefined : r.lastSession?.lastRecord));
    const at = failure ?? last;
    const text = failure ? `failed: ${recordText(failure)}` : last && `last record: ${last.level} ${last.message}`;
    if (at && text) s.evidence.unshift({ rank: s.rank, file: r.path, line: at.line, time: at.time, text });
  }
  const mismatches = findMismatches(facts.scans);
  const groups = latestStackGroups(scans, undefined, input.extraDumps);
  const firstFailure = failureOf(summary, summary.firstFailure);
  const timeouts = facts.scans.flatMap((s) => s.facts.filter((f) => f.fact.kind === 'timeout').slice(-1).map(evidenceOf));
  const timedOut = states.filter((s) => s.timedOut);

  // Ranks that timed out in init_process_group waiting for the others (a traceback through it;
  // not a Ctrl+C's, nor an error of their own there, which the others would wait for), and the ranks read that never did.
  const timedOutInInit = (rank: number) => {
    const r = summary.ranks.find((x) => x.rank === rank);
    const error = r?.firstError?.record;
    return r?.state === 'failed' && error !== undefined && /\btime(?:d ?out| ?out\b)|\bTimeout\b/i.test(error.exception ?? error.message);
  };
  const joining = facts.scans.filter((s) => s.facts.some((f) => f.fact.kind === 'init') && timedOutInInit(s.rank)).map((s) => s.rank);
  const neverJoined = joining.length === 0 ? [] : scans.filter((s) => !joining.includes(s.rank) && !s.problem && summary.ranks.find((r) => r.rank === s.rank)?.state !== 'unreadable').map((s) => s.rank);
  const initEvidence = facts.scans.flatMap((s) => s.facts.filter((f) => f.fact.kind === 'init').slice(-1).map(evidenceOf));
  let kind: Diagnosis['kind'] = 'clean';
  // The launcher's end of every rank at once, when it is the first failure, and the stragglers its silence tells.
  let jobEnd: ReturnType<typeof jobWideEnd>;
  let endStragglers: Straggler[] = [];
  // Every rank stopped at once while they logged: the stacks the runner dumped at the stop are where busy ranks were, no hang.
  let stoppedWhileLogging = false;
  // A rank that could not be read may be the one that failed: the clean headline says so.
  const unread = summary.ranks.filter((r) => r.state === 'unreadable').map((r) => r.rank);
  let headline =
    unread.length === 0
      ? `No failure, hang or mismatch found in ${plural(scans.length, 'rank')}.`
      : unread.length === scans.length
        ? `No rank could be read (${ranksLabel(unread)}): the summary says why.`
        : `No failure, hang or mismatch found in the ${plural(scans.length - unread.length, 'rank')} read; ${ranksLabel(unread)} could not be read (the summary says why).`;
  if (mismatches.length > 0) {
    kind = 'mismatch';
    const m = mismatches[0];
    headline = `Collective mismatch${factNote}${m.seq === undefined ? '' : ` at #${m.seq}`}: ${Object.entries(m.ops).map(([op, ranks]) => `${listRanks(ranks)} in ${op}`).join('; ')}`;
  } else if (stragglers.length > 0 || timedOut.length > 0) {
    kind = 'hang';
    const seqCount = new Map<number, number>();
    for (const s of timedOut) seqCount.set(s.timedOut!.seq, (seqCount.get(s.timedOut!.seq) ?? 0) + 1);
    const t = timedOut.map((s) => s.timedOut!).sort((a, b) => seqCount.get(b.seq)! - seqCount.get(a.seq)! || b.seq - a.seq)[0];
    const what = t ? `${t.opType} #${t.seq}` : 'the collective';
    const started = timedOut.map((s) => s.timedOut!).filter((x) => x.started !== undefined);
    const first = started.sort((a, b) => a.started! - b.started!)[0];
    // (Of a timeout without a time of its own, the collective began at or after the last record before it.)
    const since = first ? ` (started ${first.approximate ? 'at or after ' : ''}${formatTime(first.started!, true)})` : '';
    const failedFirst = firstFailure && stragglers.some((s) => s.rank === firstFailure.rank) ? firstFailure : undefined;
    const waiting = t ? timedOut.filter((s) => s.timedOut!.seq === t.seq).length : 0;
    const waited = waiting ? `; ${plural(waiting, 'rank')} timed out waiting for it${since}` : '';
    if (failedFirst) headline = `Rank ${failedFirst.rank} failed${factNote} before ${what} (${failedFirst.message})${waited}`;
    else if (stragglers.length > 0 && timedOut.length === 0) headline = `Hang${factNote}: ${stragglers.map((s) => `rank ${s.rank} ${s.reason}`).join('; ')}`;
    else if (stragglers.length > 0) headline = `Hang${factNote}: ${listRanks(stragglers.map((s) => s.rank))} never entered ${what}${waited}`;
    else headline = `Hang${factNote}: ${plural(timedOut.length, 'rank')} timed out in ${what}${since}; no rank stands out`;
  } else if (joining.length > 0 && neverJoined.length > 0) {
    // Ranks raised in init_process_group (a timeout waiting for the others): the ranks that never
    // got there are the ones waited for (torchrun names the first that raised).
    kind = 'hang';
    const failedFirst = firstFailure && neverJoined.includes(firstFailure.rank) ? firstFailure : undefined;
    const waited = `${listRanks(joining)} failed in init_process_group waiting for the others`;
    headline = failedFirst ? `Rank ${failedFirst.rank} failed${factNote} before init_process_group (${failedFirst.message}); ${waited}` : `Hang at init${factNote}: ${listRanks(neverJoined)} never reached init_process_group; ${waited}`;
    for (const rank of neverJoined) {
      const r = summary.ranks.find((x) => x.rank === rank);
      const last = input.ownLastRecords?.get(rank) ?? (facts.earlier ? undefined : r?.lastSession?.lastRecord);
      const evidence = r && last ? [{ rank, file: r.path, line: last.line, time: last.time, text: `last record: ${last.level} ${last.message}` }] : [];
      stragglers.push({ rank, reason: `never reached init_process_group, where ${listRanks(joining)} failed waiting`, evidence: [...evidence, ...initEvidence.slice(0, 2)] });
    }
  } else if (firstFailure) {
    kind = 'failure';
    jobEnd = jobWideEnd(summary);
    const at = firstFailure.time !== undefined ? ` at ${formatTime(firstFailure.time, true)}${firstFailure.approximate ? ' (approximate)' : ''}` : '';
    headline = `First failure${attemptNote(summary, summary.firstFailure?.attempt)}: rank ${firstFailure.rank}${at}: ${firstFailure.message}`;
    // The launcher ended every rank at once (a time limit): whether they still logged before it.
    const found = jobEnd && input.ownLastRecords && jobWideEndFinding(summary, jobEnd, input.ownLastRecords);
    if (found) {
      if (found.hang) kind = 'hang';
      headline = found.headline;
      endStragglers = found.stragglers;
    }
  } else {
    // Every rank stopped at once (SIGTERM from a time limit, a kill of the job): a hang when they
    // had gone silent before it (then, as of a launcher's end, their stacks dumped at it say where
    // they were; a job stopped while it logged is not hung for where its ranks happened to be).
    const stop = jobWideStop(summary);
    const found = stop && input.ownLastRecords && jobWideEndFinding(summary, stop, input.ownLastRecords);
    if (found && found.hang) {
      kind = 'hang';
      headline = found.headline;
      endStragglers = found.stragglers;
      jobEnd = stop;
    }
    stoppedWhileLogging = !!found && !found.hang;
  }
  const lagging = (input.progress ?? []).filter((p) => p.lagging);
  if (kind === 'clean' && lagging.length > 0) {
    // No collective named them, but their step counters stopped behind the others'.
    kind = 'hang';
    const ahead = maxOf((input.progress ?? []).map((p) => p.step));
    headline = `Behind: ${lagging.map((p) => `rank ${p.rank} stopped at step ${p.step}`).join(', ')} while the others reached ${ahead}`;
    for (const p of lagging) {
      const scan = scans.find((x) => x.rank === p.rank);
      stragglers.push({ rank: p.rank, reason: `its last step is ${p.step}, ${p.behind} behind the others`, evidence: scan ? [{ rank: p.rank, file: scan.path, line: p.line, time: p.time, text: `step ${p.step}` }] : [] });
    }
    stragglers.sort((a, b) => a.rank - b.rank);
  }
  // The ranks waiting in a collective: the largest group, or one as large, whose innermost frame
  // is one; the rest are elsewhere (smaller groups; as large ones outside a collective: a job of
  // two ranks, one in all_reduce, one loading data).
  const inCollective = (g: StackGroup) => g.frames[0] !== undefined && isCollectiveFrame(g.frames[0]);
  const waitGroup = groups.length > 1 ? groups.find((g) => g.ranks.length === groups[0].ranks.length && inCollective(g)) : undefined;
  const elsewhere = waitGroup ? groups.filter((g) => g !== waitGroup && (g.outlier || !inCollective(g))) : [];
  const out = waitGroup ? elsewhere : groups.filter((g) => g.outlier);
  // faulthandler's watchdog (`dump_traceback_later(..., exit=True)`) wrote the dumps of the ranks
  // that were elsewhere and then ended them: their exits (torchrun names the first) follow the hang.
  // A failure before the watchdog's dumps keeps the headline: one at a time of its own before the
  // last record above a dump (a time read off a record before it, or none, orders nothing: a
  // launcher's word on the exit the watchdog caused is dated so).
  const failedAt = firstFailure && !firstFailure.approximate ? (firstFailure.time ?? Infinity) : Infinity;
  const watched = kind === 'failure' && waitGroup !== undefined && out.length > 0 && out.every((g) => g.dumps.every((d) => d.watchdog && !(failedAt < (d.time ?? -Infinity))));
  // Stacks dumped as the launcher ended every rank (faulthandler on SIGTERM, as Slurm's time limit sends it) tell the hang too.
  const cutShort = jobEnd !== undefined && waitGroup !== undefined && out.length > 0;
  if (((kind === 'clean' && !stoppedWhileLogging) || watched || cutShort) && groups.length > 1) {
    if (waitGroup && out.length > 0) {
      // Ranks wait in a collective and the rest are somewhere else: those are the stragglers.
      kind = 'hang';
      endStragglers = [];
      const where = (g: StackGroup) => whereLabel(g.frames);
      const ended = watched ? "; faulthandler's timeout then ended the hang" : cutShort ? `; then ${jobEnd!.message} at ${formatTime(jobEnd!.time)}` : '';
      // Dumps of an attempt the job's latest came after (torchrun --max_restarts): that one ran on.
      const before = out.every((g) => g.dumps.every((d) => beforeLatestAttempt(summary, d.rank, d.line)));
      headline = `Hang${before ? attemptNote(summary, watched ? summary.firstFailure?.attempt : -1) : ''}: ${out.map((g) => `${listRanks(g.ranks)} ${g.ranks.length === 1 ? 'is' : 'are'} in ${where(g)}`).join('; ')} while ${listRanks(waitGroup.ranks)} ${waitGroup.ranks.length === 1 ? 'waits' : 'wait'} in ${where(waitGroup)}${ended}`;
      for (const g of out) {
        for (const dump of g.dumps) {
          const scan = scans.find((x) => x.rank === dump.rank);
          const logged = scan && dump.line >= 0;
          stragglers.push({ rank: dump.rank, reason: `not in ${waitGroup.frames[0].function} with ${plural(waitGroup.ranks.length, 'rank')}: its stack dump is in ${where(g)}`, evidence: logged ? [{ rank: dump.rank, file: scan.path, line: dump.line, time: dump.time, text: `stack dump: ${callPathLabel(g.frames, 4)}` }] : [] });
        }
      }
      stragglers.sort((a, b) => a.rank - b.rank);
    } else {
      headline = out.length > 0 ? `Stacks differ: ${out.map((g) => g.label).join('; ')} (the others: ${groups[0].label})` : `Stacks differ: ${groups.map((g) => g.label).join('; ')}`;
    }
  }
  for (const s of endStragglers) stragglers.push(s);
  if (kind === 'clean') {
    // Ctrl+C (or a launcher passing SIGINT on): no rank failed (a KeyboardInterrupt is a stop,
    // jobSummary.ts); where the first interrupted rank was is the question (a hung job is stopped so).
    const interrupts = groups.flatMap((g) => g.dumps.filter(isInterruptDump).map((d) => ({ g, d })));
    interrupts.sort((a, b) => (a.d.time ?? Infinity) - (b.d.time ?? Infinity) || a.d.rank - b.d.rank);
    const first = interrupts[0];
    const at = first?.d.time !== undefined ? ` at ${formatTime(first.d.time, true)}${summary.approximateOrder ? ' (approximate)' : ''}` : '';
    if (first) headline = `Interrupted (KeyboardInterrupt: Ctrl+C, or SIGINT from a launcher): rank ${first.d.rank} first${at}, in ${callPathLabel(first.g.frames, 3)}`;
    else if (input.quiet) {
      // Alive, silent, and nothing in the logs says why: a hang until their stacks say otherwise.
      // A rank whose process ended without a word meanwhile is the one they may wait for.
      kind = 'hang';
      const ended = endedUnsaid(summary, input.quiet);
      // Before their stacks are dumped: the few that last logged something else than most of them.
      const words = groups.length === 0 && ended.length === 0 ? lastWordsApart(quietLastRecords(input.quiet, summary)) : undefined;
      headline = quietHeadline(input.quiet, { only: groups.length === 1 ? whereLabel(groups[0].frames) : undefined, labels: groups.map((g) => g.label) }, ended, words);
      if (words) stragglers.push(...apartStragglers(words, (rank) => lastOfRank(summary.ranks.find((r) => r.rank === rank)!)));
      for (const r of ended) stragglers.push({ rank: r.rank, reason: `ended without saying how, while ${ranksLabel(input.quiet.ranks)} still ${input.quiet.ranks.length === 1 ? 'runs' : 'run'}`, evidence: lastRecordEvidence(r.rank, r.path, r.lastSession?.lastRecord) });
      stragglers.sort((a, b) => a.rank - b.rank);
    }
  }

  return {
    version: DIAGNOSIS_VERSION,
    ranks: states.map((s) => {
      const scan = scans.find((x) => x.rank === s.rank)!;
      const r = summary.ranks.find((x) => x.rank === s.rank);
      return { ...s, file: scan.path, state: r?.state, ...(r?.stoppedBy ? { stoppedBy: r.stoppedBy } : {}), problem: scan.problem ?? r?.problem };
    }),
    firstFailure,
    headline,
    kind,
    stragglers,
    collectiveMismatches: mismatches.map((m) => ({ seq: m.seq, ops: m.ops, evidence: m.evidence })),
    progress: (input.progress ?? []).map((p) => ({ rank: p.rank, step: p.step, time: p.time })),
    stackGroups: groups.map((g) => ({
      ranks: g.ranks,
      label: g.label,
      // (A group as large as the one waiting in a collective, but elsewhere, is its odd one out too.)
      outlier: g.outlier || elsewhere.includes(g),
      frames: g.frames.map((f) => ({ function: f.function, file: f.file, line: f.line })),
      // A dump from py-spy is in no log: file '' and line -1.
      dumps: g.dumps.map((d) => ({ rank: d.rank, file: d.line >= 0 ? (scans.find((s) => s.rank === d.rank)?.path ?? '') : '', line: d.line, time: d.time, ...(isInterruptDump(d) ? { interrupted: true as const } : {}) })),
    })),
    timeouts,
    ...(input.quiet ? { quiet: input.quiet } : {}),
  };
}

/** A rank's log and its last record. */
function lastOfRank(r: JobSummary['ranks'][number]): { file: string; record?: LastRecord } {
  return { file: r.path, record: r.lastSession?.lastRecord };
}

const COLLECTIVES = /^(all_reduce|all_gather\w*|all_to_all\w*|broadcast\w*|reduce\w*|barrier|monitored_barrier|gather\w*|scatter\w*|send|recv|isend|irecv|wait|batch_isend_irecv)$/;

/** A frame of torch.distributed's collectives: where a rank waits for the others. */
export function isCollectiveFrame(frame: StackFrame): boolean {
  return /[\\/]torch[\\/]distributed[\\/]/.test(frame.file) && COLLECTIVES.test(frame.function);
}

/** `all_reduce (train.py:19)`: the innermost function, at the innermost line of the user's own code. */
function whereLabel(frames: readonly StackFrame[]): string {
  const top = frames[0];
  if (!top) return 'no Python frame';
  const own = frames.find((f) => !isLibraryFrame(f));
  return own ? `${top.function} (${baseName(own.file)}:${own.line})` : top.function;
}

/** Something is wrong: exit code 1 of `worker-logs diagnose`. */
export function diagnosisFoundProblem(d: Diagnosis): boolean {
  return d.kind !== 'clean' || d.stackGroups.some((g) => g.outlier);
}
