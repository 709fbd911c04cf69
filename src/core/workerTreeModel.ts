// What the "Workers" view shows, as plain data: job folders, ranks, sessions and error
// records, with labels, descriptions, states and the lines to open. Built from the core's
// indexes; the view only maps it onto tree items.
import { basename } from 'node:path';
import { DiagnosisNode, FindingNode } from './diagnosisTree';
import { ErrorRecord, errorCount, Session } from './indexModel';
import { DEFAULT_STALL_SECONDS, Failure, inInterruptedAttempt, JobSummary, RankInput, RankState, RankSummary, summarizeJob, SummaryOptions } from './jobSummary';
import { countsText, errorLabel, errorWhere, firstLine, ignoredWhere, sessionDetail, sessionLabel } from './labels';
import { isUtf16Problem } from './utf16';
import { isLostDataProblem } from './nulBytes';
import { endedBadly, endingText, failedSession, loggedAndWentOn, sessionEnding, wentOn } from './rankEnding';
import { formatClock, formatDuration, formatTime } from './timestamps';
import { plural } from './wording';
import { orderApproximate } from './summaryTable';

/** An item under a session that opens its rank's log at a line. */
interface LineNode {
  id: string;
  path: string;
  rank: number;
  label: string;
  description: string;
  line: number;
}

export interface ErrorNode extends LineNode {
  kind: 'error';
  record: ErrorRecord;
  /** Its process went on from it (`wentOn`: a thread's, one Python ignored, one its rank logged and went on from): no failure. */
  wentOn: boolean;
}

/** A faulthandler stack dump in a session: opens at its first line. */
export interface StackDumpNode extends LineNode {
  kind: 'dump';
}

export interface MoreNode {
  kind: 'more';
  id: string;
  path: string;
  label: string;
  /** Where the first record that is not listed starts, or the session's start. */
  line: number;
}

export interface SessionNode {
  kind: 'session';
  id: string;
  path: string;
  rank: number;
  index: number;
  label: string;
  description: string;
  failed: boolean;
  isFirstFailure: boolean;
  /** The separator line, or 0 for the first session. */
  line: number;
  session: Session;
  children: (ErrorNode | StackDumpNode | MoreNode)[];
}

export interface RankNode {
  kind: 'rank';
  id: string;
  dir: string;
  path: string;
  rank: number;
  label: string;
  description: string;
  state: RankState;
  /** Finished because its process was stopped (by a signal, or by its launcher once another rank failed): not shown as passed. */
  stopped?: boolean;
  /** Its log just ends, in a job whose files do not record how ranks ended (`RankSummary.endingUnknown`): not shown as passed either. */
  endingUnknown?: boolean;
  /** This rank holds the job's first failure (in some session, maybe an earlier one). */
  isFirstFailure: boolean;
  /** Running but silent for longer than the stall window: when its log last changed (epoch ms). */
  quietSinceMs?: number;
  tooltip: string;
  /** Start of the last session. */
  line: number;
  exitCode?: number;
  /** Other files claiming this rank (shown, never merged). */
  conflicts: string[];
  sessions: SessionNode[];
}

export interface JobNode {
  kind: 'job';
  id: string;
  dir: string;
  label: string;
  description: string;
  tooltip: string;
  failedRanks: number;
  firstFailure?: Failure;
  summary: JobSummary;
  ranks: RankNode[];
}

/** The launcher's own lines (torchrun's failure summary, Slurm's messages): a combined capture's without a rank prefix, or a task job's batch output. */
export interface LauncherNode {
  kind: 'launcher';
  id: string;
  /** The job folder. */
  dir: string;
  /** The launcher's lines, as the import keeps them. */
  path: string;
  label: string;
  description: string;
  tooltip: string;
  line: number;
}

export type WorkerTreeNode = JobNode | RankNode | SessionNode | ErrorNode | StackDumpNode | MoreNode | DiagnosisNode | FindingNode | LauncherNode;

export interface JobInput {
  dir: string;
  /** How the folder is named in the tree (a workspace-relative path, say). */
  label: string;
  ranks: RankInput[];
}

export interface TreeModelOptions extends SummaryOptions {
  /** Error records listed under a session before "N more". */
  maxErrorsPerSession?: number;
}

function mdEscape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => '\\' + c);
}

function sessionNode(path: string, rank: number, s: Session, failure: Failure | undefined, maxErrors: number, interrupted: boolean): SessionNode {
  const errors = errorCount(s.counts);
  const parts = [sessionDetail(s)];
  const isFirstFailure = failure !== undefined && failure.rank === rank && failure.session === s.index;
  if (isFirstFailure) parts.unshift('first failure');
  const id = `${path}#${s.index}`;
  const logged = loggedAndWentOn(s);
  const children: (ErrorNode | StackDumpNode | MoreNode)[] = s.errors.slice(0, maxErrors).map((r) => ({
    kind: 'error' as const,
    id: `${id}@${r.line}`,
    path,
    rank,
    label: errorLabel(r),
    // A thread's exception, one Python ignored, or one its rank logged and went on from, says so: its rank did not fail of it.
    description: r.thread !== undefined ? `thread ${r.thread} · ${errorWhere(r)}` : r.ignored !== undefined ? `ignored in ${ignoredWhere(r.ignored)} · ${errorWhere(r)}` : logged.has(r) ? `went on after it · ${errorWhere(r)}` : errorWhere(r),
    line: r.line,
    record: r,
    wentOn: wentOn(r, s),
  }));
  const more = errors - children.length;
  if (s.stackDumps?.length) {
    for (const d of s.stackDumps) {
      children.push({ kind: 'dump', id: `${id}@dump${d.line}`, path, rank, label: 'Stack dump', description: `${d.time !== undefined ? `~${formatClock(d.time)} · ` : ''}line ${d.line + 1}`, line: d.line });
    }
    // Errors and dumps in the order of the log.
    children.sort((a, b) => a.line - b.line);
  }
  if (more > 0) {
    const next = s.errors[maxErrors];
    children.push({ kind: 'more', id: `${id}@more`, path, label: `${more} more`, line: next?.line ?? s.startLine });
  }
  return { kind: 'session', id, path, rank, index: s.index, label: sessionLabel(s), description: parts.join(' · '), failed: failedSession(s, interrupted), isFirstFailure, line: s.startLine, session: s, children };
}

function rankTooltip(r: RankSummary, input: RankInput, endingsUnrecorded: string | undefined): string {
  const { rank, state } = r;
  const { index, exitCode } = input;
  const lines = [`**Rank ${rank}** · ${r.endingUnknown ? 'ended' : state}${exitCode !== undefined ? ` (exit code ${exitCode})` : ''}`, ''];
  if (r.endingUnknown && endingsUnrecorded) lines.push(`Its log just ends: it may have exited 0 or been killed (${mdEscape(endingsUnrecorded)}).`, '');
  // Running because a process still writes its files, not because its log is recent: say so (a hang looks the same).
  if (state === 'running' && input.writing && input.alive === undefined) lines.push('A process of this machine still holds its files open for writing: it is alive, however quiet (hung, or in a long step). **Dump Stacks of All Ranks** shows where it is.', '');
  if (r.conflicts.length) lines.push(`**Conflict:** ${[r.path, ...r.conflicts].map((p) => mdEscape(basename(p))).join(' and ')} all claim rank ${rank}; only the first is shown. Rename or move the others.`, '');
  if (index.state !== 'ok') lines.push(mdEscape(index.problem ?? index.state), '');
  lines.push(`${plural(index.sessions.length, 'session')} · ${plural(r.errors, 'error')} · ${plural(r.warnings, 'warning')} · ${plural(index.lines, 'line')}`);
  // Its first error, and what it failed of when that is another (it went on from its first).
  for (const [what, e] of [['First error', r.firstError], ['Its failure', r.failure]] as const) {
    if (!e) continue;
    const rec = e.record;
    lines.push('', `${what} (session ${e.session + 1}, line ${rec.line + 1}${rec.time !== undefined ? `, ${formatTime(rec.time, true)}` : ''}):`, '', '```', firstLine(rec.message, 300));
    if (rec.exception) lines.push(firstLine(rec.exception, 300));
    lines.push('```');
  }
  const last = r.lastSession?.lastRecord;
  if (last) lines.push('', `Last record (line ${last.line + 1}${last.time !== undefined ? `, ${formatTime(last.time)}` : ''}):`, '', '```', `${last.level} - ${firstLine(last.message, 300)}`, '```');
  return lines.join('\n');
}

/** `<1 min` (a stall window set below a minute), `5 min`, `2h 03m`: minutes only (the view is redrawn every few seconds, not every second). */
function quietWords(ms: number): string {
  const min = Math.floor(ms / 60_000);
  if (min === 0) return '<1 min';
  return min < 60 ? `${min} min` : formatDuration(ms);
}

export function buildJobNode(job: JobInput, options: TreeModelOptions = {}): JobNode {
  const summary = summarizeJob(job.ranks, options);
  const maxErrors = options.maxErrorsPerSession ?? 20;
  const failure = summary.firstFailure;
  const byPath = new Map(job.ranks.map((r) => [r.index.path, r]));
  const ranks: RankNode[] = summary.ranks.map((r) => {
    const input = byPath.get(r.path)!;
    const index = input.index;
    const sessions = index.sessions.map((s) => sessionNode(r.path, r.rank, s, failure, maxErrors, inInterruptedAttempt(summary, r.rank, s.index)));
    const isFirstFailure = failure?.rank === r.rank;
    const last = index.sessions[index.sessions.length - 1];
    const parts: string[] = [];
    let quietSinceMs: number | undefined;
    if (isFirstFailure) parts.push('first failure');
    if (r.conflicts.length) parts.push(`conflict: also ${r.conflicts.map((p) => basename(p)).join(', ')}`);
    if (index.state !== 'ok') parts.push(index.state === 'binary' ? (isUtf16Problem(index.problem) ? 'UTF-16 text, not UTF-8: convert it' : isLostDataProblem(index.problem) ? 'NUL bytes: lost in a crash?' : 'not a worker log') : `${index.state}${index.problem ? `: ${firstLine(index.problem, 80)}` : ''}`);
    else {
      parts.push(plural(index.sessions.length, 'session'));
      const counts = countsText(r.errors, r.warnings);
      if (counts) parts.push(counts);
      const ending = last && sessionEnding(last);
      if (input.exitCode !== undefined && input.exitCode !== 0) parts.push(`exit ${input.exitCode}`);
      else if (ending && endedBadly(ending)) parts.push(endingText(ending));
      else if (r.endedSilently) parts.push('ended without a word');
      else if (r.stoppedBy) parts.push(r.stoppedBy);
      else if (r.endingUnknown) parts.push('exit not recorded');
      if (r.lastActivity !== undefined) parts.push(formatClock(r.lastActivity));
      // Alive but silent for longer than a stall (hung in a collective, or a long quiet phase): say for how long.
      const quietMs = (options.now ?? Date.now()) - index.mtimeMs;
      if (r.state === 'running' && quietMs > (options.stallSeconds ?? DEFAULT_STALL_SECONDS) * 1000) {
        parts.push(`quiet ${quietWords(quietMs)}`);
        quietSinceMs = index.mtimeMs;
      }
    }
    return {
      kind: 'rank',
      id: r.path,
      dir: job.dir,
      path: r.path,
      rank: r.rank,
      label: `Rank ${r.rank}`,
      description: parts.join(' · '),
      state: r.state,
      ...(r.stoppedBy ? { stopped: true } : {}),
      ...(r.endingUnknown ? { endingUnknown: true } : {}),
      isFirstFailure,
      ...(quietSinceMs !== undefined ? { quietSinceMs } : {}),
      tooltip: rankTooltip(r, input, summary.endingsUnrecorded),
      line: last ? Math.max(0, last.startLine) : 0,
      exitCode: input.exitCode,
      conflicts: r.conflicts,
      sessions,
    };
  });
  const descParts = [plural(ranks.length, 'rank')];
  if (summary.failedRanks) descParts.push(`${summary.failedRanks} failed`);
  if (failure) descParts.push(`first failure: rank ${failure.rank}, attempt ${failure.attempt + 1}${failure.approximate ? ' (approximate)' : ''}`);
  const tooltip = [
    `**${mdEscape(job.label)}**`,
    '',
    `${plural(ranks.length, 'rank')} · ${plural(summary.attempts.length, 'attempt')} · ${summary.failedRanks} failed now`,
    ...(failure
      ? ['', `First failure: rank ${failure.rank}, session ${failure.session + 1}, attempt ${failure.attempt + 1}${failure.record.time !== undefined ? ` at ${formatTime(failure.record.time, true)}` : ''}`, '', '```', errorLabel(failure.record), '```']
      : []),
    ...(failure?.deviceAssertion ? ['', 'On the device:', '', '```', failure.deviceAssertion.message, '```'] : []),
    ...(failure && orderApproximate(failure) ? ['', '_Some records carry no timestamps: the order across ranks is approximate._'] : []),
    ...(summary.endingsUnrecorded ? ['', `_Ranks whose logs just end read "exit not recorded", not finished: ${mdEscape(summary.endingsUnrecorded)}._`] : []),
  ].join('\n');
  return {
    kind: 'job',
    id: job.dir,
    dir: job.dir,
    label: job.label,
    description: descParts.join(' · '),
    tooltip,
    failedRanks: summary.failedRanks,
    firstFailure: failure,
    summary,
    ranks,
  };
}

/** A job folder whose model could not be built: shown with the reason, so it hides no other folder. */
export function brokenJobNode(job: Pick<JobInput, 'dir' | 'label'>, error: unknown): JobNode {
  const reason = error instanceof Error ? error.message : String(error);
  return {
    kind: 'job',
    id: job.dir,
    dir: job.dir,
    label: job.label,
    description: `could not be read: ${firstLine(reason, 100)}`,
    tooltip: `**${mdEscape(job.label)}**\n\nThis folder could not be read: ${mdEscape(reason)}\n\nThe other folders are not affected; the extension's log (Worker Logs: Show Extension Log) has the details.`,
    failedRanks: 0,
    summary: { ranks: [], attempts: [], approximateOrder: false, failedRanks: 0 },
    ranks: [],
  };
}

/** The node a click should open, with its 0-based line. */
export function openTarget(node: WorkerTreeNode): { path: string; line: number } | undefined {
  if (node.kind === 'job' || node.kind === 'diagnosis') return undefined;
  if (node.kind === 'finding') return node.path !== undefined ? { path: node.path, line: node.line ?? 0 } : undefined;
  return { path: node.path, line: node.line };
}

/**
 * The tree's node of a job's first failure, for "Go to First Failure": the failing record under
 * its session, as the view lists it (a record past the session's listed ones gets a node of its
 * own); undefined for a job that has none.
 */
export function firstFailureNode(job: JobNode): ErrorNode | undefined {
  const failure = job.firstFailure;
  if (!failure) return undefined;
  const session = job.ranks.find((r) => r.rank === failure.rank)?.sessions.find((s) => s.index === failure.session);
  if (!session) return undefined;
  const listed = session.children.find((c): c is ErrorNode => c.kind === 'error' && c.line === failure.record.line);
  if (listed) return listed;
  const r = failure.record;
  return { kind: 'error', id: `${session.id}@${r.line}`, path: session.path, rank: failure.rank, label: errorLabel(r), description: errorWhere(r), line: r.line, record: r, wentOn: false };
}

/** The jobs that have a first failure, the earliest failure first (an untimed one last). */
export function failedJobs(model: readonly JobNode[]): JobNode[] {
  const at = (j: JobNode): number => j.firstFailure?.record.time ?? Number.POSITIVE_INFINITY;
  return model.filter((j) => j.firstFailure).sort((a, b) => at(a) - at(b));
}
