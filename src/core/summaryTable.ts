// The CLI's text report of a job folder: one row per rank, then the first failure.
import { jobWideEnd, jobWideStop } from './jobWideEnd';
import { ProgressLag, progressLabel } from './progress';
import { Failure, JobSummary } from './jobSummary';
import { isInterrupt, loggedAndWentOn, peerLostOrExit, wentOn } from './rankEnding';
import { formatTime } from './timestamps';
import { plural, ranksLabel } from './wording';
import { maxOf } from './extremes';

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => maxOf(rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ').trimEnd()).join('\n');
}

function clip(text: string, max: number): string {
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}

export function describeFailure(f: Failure): string {
  const what = f.record.exception ?? f.record.message;
  const when = f.record.time !== undefined ? ` at ${f.record.timeApproximate ? 'or after ' : ''}${formatTime(f.record.time, true)}` : '';
  return `rank ${f.rank}, session ${f.session + 1} (attempt ${f.attempt + 1})${when}, ${f.sourceFile ? `${f.sourceFile}:${f.record.line + 1}` : `line ${f.record.line + 1}`}: ${what}`;
}

/**
 * Whether `f` may not be the first failure for want of times: its record has none, or another
 * rank's failure without one could not be ordered against it (`Failure.tiedWith`). Records
 * without times elsewhere (prints, a launcher's words after the failure) do not make a failure
 * whose time and rivals' times are known approximate.
 */
export function orderApproximate(f: Failure): boolean {
  return f.approximate || (f.tiedWith?.length ?? 0) > 0;
}

export function formatJobSummary(dir: string, summary: JobSummary, progress: readonly ProgressLag[] = []): string {
  if (summary.ranks.length === 0) return `No rank logs in ${dir}: no worker_<rank>.log files, torchrun --log-dir run folders (attempt_<k>/<local_rank>/stderr.log), per-task files (*_<rank>.out, rank.<N>/stdout) or captures whose lines carry the rank. Per-rank files of other names: --rank-files '<name with {rank}>' (for example --rank-files 'rank{rank}.txt').`;
  const steps = new Map(progress.map((p) => [p.rank, p]));
  const rows = [['RANK', 'STATE', 'SESSIONS', 'WARNINGS', 'ERRORS', 'LAST ACTIVITY', 'FIRST ERROR', ...(steps.size ? ['PROGRESS'] : [])]];
  for (const r of summary.ranks) {
    // (A failed rank's failure, not an error before it that it went on from.)
    const shown = r.failure ?? r.firstError;
    const first = shown ? clip(`s${shown.session + 1} l${shown.record.line + 1}: ${shown.record.exception ?? shown.record.message}`, 70) : '-';
    const step = steps.get(r.rank);
    rows.push([String(r.rank), r.stoppedBy ? 'stopped' : r.endingUnknown ? 'ended' : r.state, String(r.sessions), String(r.warnings), String(r.errors), formatTime(r.lastActivity), first, ...(steps.size ? [step ? progressLabel(step) : '-'] : [])]);
  }
  const conflicts = summary.ranks.filter((r) => r.conflicts.length);
  const problems = summary.ranks.filter((r) => r.problem);
  const lines = [`Job ${dir}: ${plural(summary.ranks.length, 'rank')}, ${plural(summary.attempts.length, 'attempt')}, ${summary.failedRanks} failed`, '', table(rows), ''];
  for (const r of conflicts) lines.push(`Conflict: rank ${r.rank} is claimed by ${[r.path, ...r.conflicts].join(' and ')}; only the first is read. Rename or move the others.`);
  for (const r of problems) lines.push(`Rank ${r.rank} (${r.path}) is ${r.state}: ${r.problem}`);
  const lagging = progress.filter((p) => p.lagging);
  for (const p of lagging) lines.push(`Behind: rank ${p.rank} is at step ${p.step}, ${p.behind} steps behind the others' median.`);
  if (conflicts.length || problems.length || lagging.length) lines.push('');
  if (summary.firstFailure) {
    lines.push(`First failure: ${describeFailure(summary.firstFailure)}`);
    // The launcher ended every rank at once (Slurm's time limit): no rank failed first.
    if (jobWideEnd(summary) && summary.ranks.length > 1) lines.push(`  on every rank at once: its launcher ended the job; worker-logs diagnose ${dir} says whether the ranks were hung before it.`);
    const a = summary.firstFailure.deviceAssertion;
    if (a) lines.push(`  on the device (${summary.firstFailure.sourceFile ? `${summary.firstFailure.sourceFile}:${a.line + 1}` : `line ${a.line + 1}`}): ${a.message}`);
    if (orderApproximate(summary.firstFailure)) lines.push('Note: some records carry no timestamps, so the order across ranks is approximate.');
  } else if (summary.ranks.some((r) => r.errors > 0)) {
    const errors = summary.ranks.flatMap((r) => [...(r.firstError ? [r.firstError.record] : []), ...(r.lastSession?.errors ?? [])]);
    // Errors a rank logged and went on from (`loggedAndWentOn`), of its latest session.
    const logged = new Set(summary.ranks.flatMap((r) => (r.lastSession ? [...loggedAndWentOn(r.lastSession)] : [])));
    const kinds = [
      ...(errors.some(isInterrupt) ? ['KeyboardInterrupt tracebacks (stopped with Ctrl+C, or SIGINT from a launcher)'] : []),
      ...(errors.some((e) => !isInterrupt(e) && !wentOn(e) && !logged.has(e) && peerLostOrExit(e)) ? ['peers lost, and exits, as the ranks were interrupted'] : []),
      ...(errors.some((e) => e.thread !== undefined) ? ["threads' uncaught exceptions (each thread died; its process went on)"] : []),
      ...(errors.some((e) => e.ignored !== undefined) ? ['exceptions Python ignored (in a finalizer or an exit handler; the process went on)'] : []),
      ...(logged.size > 0 ? ['errors the ranks logged and went on from (they logged their work after them, and failed of nothing else)'] : []),
    ];
    lines.push(`No rank failed: the job's only ERROR records are ${kinds.length ? kinds.join(' and ') : 'ones that are no failure'}.`);
  } else {
    lines.push('No ERROR or CRITICAL records.');
  }
  // Every rank stopped at once (SIGTERM from a time limit, a kill of the job): a hung job ends so too.
  const stop = jobWideStop(summary);
  if (stop) lines.push(`Stopped: ${stop.message} at ${formatTime(stop.time)}; worker-logs diagnose ${dir} says whether the ranks were hung before it.`);
  // A first failure may be a hang's end (faulthandler's watchdog, a launcher's kill): where the ranks were is the diagnosis's.
  const dumped = summary.ranks.filter((r) => r.lastSession?.stackDumps?.length).map((r) => r.rank);
  if (dumped.length > 0) lines.push(`Stacks: ${ranksLabel(dumped)} dumped ${dumped.length === 1 ? 'its stack' : 'their stacks'}: worker-logs diagnose ${dir} says where each was, and which rank the others waited for.`);
  // "ended", not "finished": how those ranks ended is not known.
  if (summary.endingsUnrecorded) lines.push(`Note: ${plural(summary.ranks.filter((r) => r.endingUnknown).length, 'rank')} shown "ended" may have exited 0 or been killed: ${summary.endingsUnrecorded}.`);
  return lines.join('\n');
}
