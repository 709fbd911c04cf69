// `worker-logs diagnose <dir> [--json]`: the job's diagnosis (first failure, hang, stragglers,
// collective mismatches, stack groups), as a short report or the versioned JSON contract.
// Exit 0: nothing wrong found; 1: a failure, hang or mismatch; 2: bad input (the caller's).
import * as path from 'node:path';
import { diagnoseJob, Diagnosis, diagnosisFoundProblem, QuietRanks, scanRankLog } from '../core/diagnosis';
import { DumpRequestOutcome } from '../core/diagnosisTree';
import { JobSummary, RankInput, summarizeJob } from '../core/jobSummary';
import { StackDump } from '../core/stackDumps';
import { ranksLabel } from '../core/wording';
import { mapLimit } from '../core/mapLimit';
import { indexFileParallel } from '../core/parallelIndex';
import { discoverRanks } from '../core/rankDiscovery';
import { compileProgressPattern, jobProgress, ProgressPattern } from '../core/progress';
import { formatTime } from '../core/timestamps';
import { orderTiedFailures, SourcesOf } from '../core/tiedFailures';

/**
 * Asks a job's ranks for their stacks once its logs are indexed, before they are read for the
 * diagnosis (`--dump-stacks`): the request's outcome, and the stacks read from outside the logs (py-spy).
 */
export type StackAsker = (summary: JobSummary) => Promise<{ outcome: DumpRequestOutcome; extra: StackDump[] }>;

/**
 * Reads every rank of `dir` and diagnoses the job; `quiet`: its ranks alive but long silent, when
 * known; `ask`: asks the ranks for their stacks first.
 */
export async function diagnoseFolder(dir: string, workerScript: string, quiet?: Promise<QuietRanks | undefined>, ask?: StackAsker, sourcesOf?: SourcesOf): Promise<Diagnosis> {
  const files = await discoverRanks(dir);
  // One file at a time: the index of a big file uses every core already.
  const inputs: RankInput[] = [];
  for (const f of files) inputs.push({ rank: f.rank, index: await indexFileParallel(f.path, { workerScript }) });
  let summary = summarizeJob(inputs);
  // Failures whose times tie, in the order the file the ranks were read from (a capture) shows them.
  if (sourcesOf && (await orderTiedFailures(summary, inputs, sourcesOf))) summary = summarizeJob(inputs);
  // (Quiet as the logs were before a dump request writes into them.)
  const q = await quiet;
  const asked = ask ? await ask(summary) : undefined;
  const progress = await jobProgress(files.map((f, i) => ({ rank: f.rank, path: f.path, bytes: inputs[i].index.bytes, lines: inputs[i].index.lines })), compileProgressPattern(undefined) as ProgressPattern);
  const d = await diagnoseIndexed(summary, files, progress, { ...(q ? { quiet: q } : {}), ...(asked ? { extraDumps: asked.extra } : {}) });
  return asked ? { ...d, stackRequest: { answered: asked.outcome.answered, unanswered: asked.outcome.unanswered } } : d;
}

/** The diagnosis of a job already indexed and summarized (`summary`'s Why too): its rank logs scanned for collectives and stack dumps. */
export async function diagnoseIndexed(summary: JobSummary, files: readonly { rank: number; path: string }[], progress: Parameters<typeof diagnoseJob>[0]['progress'], more: { quiet?: QuietRanks; extraDumps?: StackDump[] } = {}): Promise<Diagnosis> {
  // A few files at a time: a job of thousands of ranks must not open them all at once.
  const scans = await mapLimit(files, 16, (f) => scanRankLog(f.path, f.rank));
  return diagnoseJob({ summary, scans, progress, ...more });
}

/** `e`'s file and line; the file relative to `dir` when it is inside it, else as it is (another launcher's file, named as the user named it). */
function where(e: { file: string; line: number }, dir: string): string {
  const rel = path.relative(dir, e.file);
  return `${rel && !rel.startsWith('..') ? rel : e.file}:${e.line + 1}`;
}

export function formatDiagnosis(d: Diagnosis, dir: string): string {
  const out = [d.headline];
  if (d.firstFailure && d.kind !== 'failure') {
    const f = d.firstFailure;
    out.push(`First failure: rank ${f.rank}${f.time !== undefined ? ` at ${formatTime(f.time, true)}${f.approximate ? ' (approximate)' : ''}` : ''}, ${where(f, dir)}: ${f.message}`);
  } else if (d.firstFailure) {
    out.push(`  at ${where(d.firstFailure, dir)}`);
  }
  for (const s of d.stragglers) {
    out.push(`Straggler: rank ${s.rank}: ${s.reason}`);
    for (const e of s.evidence.slice(0, 3)) out.push(`  ${where(e, dir)}  ${e.text}`);
  }
  for (const m of d.collectiveMismatches) {
    out.push(`Mismatch${m.seq === undefined ? '' : ` at collective #${m.seq}`}: ${Object.entries(m.ops).map(([op, ranks]) => `${op} on ${ranks.join(',')}`).join(' vs ')}`);
    for (const e of m.evidence.slice(0, 3)) out.push(`  ${where(e, dir)}  ${e.text}`);
  }
  const timedOut = d.ranks.filter((r) => r.timedOut);
  if (timedOut.length) {
    out.push(`Collective timeouts: ${timedOut.map((r) => `rank ${r.rank} in ${r.timedOut!.opType} #${r.timedOut!.seq}`).join(', ')}`);
  }
  if (d.stackGroups.length) {
    out.push('Stacks (latest dump of each rank, by call path):');
    for (const g of d.stackGroups) {
      out.push(`  ${g.outlier ? '! ' : '  '}${g.label}`);
      const top = g.frames[0];
      if (top) out.push(`      ${top.file}:${top.line}`);
    }
  }
  if (d.stackRequest) {
    const { answered, unanswered } = d.stackRequest;
    // Ranks that gave none for one reason are named together.
    const byReason = new Map<string, number[]>();
    for (const u of unanswered) byReason.set(u.reason, [...(byReason.get(u.reason) ?? []), u.rank]);
    out.push(`Stack dumps asked: ${answered.length ? `${ranksLabel(answered)} answered` : 'no rank answered'}${unanswered.length ? `; ${[...byReason].map(([reason, ranks]) => `${ranksLabel(ranks)} gave none (${reason})`).join('; ')}` : ''}.`);
  }
  return out.join('\n');
}

/** What `diagnoseCommand` knows of a job read from another launcher's files, and how to ask its ranks. */
export interface DiagnoseContext {
  /** What the user named (shown in the report). */
  shown?: string;
  /** Points the diagnosis' files and lines at the launcher's own files. */
  relocate?: (d: Diagnosis) => Promise<void>;
  /** Where rank logs' lines came from, in a file whose order is the time's (`RankFolder.ordersOf`): orders failures times cannot. */
  sourcesOf?: SourcesOf;
  quiet?: Promise<QuietRanks | undefined>;
  ask?: StackAsker;
}

export async function diagnoseCommand(args: string[], write: (text: string) => void, workerScript: string, usage: (message: string) => Error, { shown, relocate, sourcesOf, quiet, ask }: DiagnoseContext = {}): Promise<number> {
  const json = args.includes('--json');
  const unknown = args.filter((a) => a.startsWith('--') && a !== '--json' && a !== '--dump-stacks');
  if (unknown.length) throw usage(`unknown option ${unknown[0]}`);
  const positional = args.filter((a) => !a.startsWith('--'));
  if (positional.length !== 1) throw usage('diagnose takes one folder');
  const dir = positional[0];
  const d = await diagnoseFolder(dir, workerScript, quiet, args.includes('--dump-stacks') ? ask : undefined, sourcesOf);
  if (d.ranks.length === 0) throw usage(`${dir}: no worker_<rank>.log files`);
  await relocate?.(d);
  write(json ? JSON.stringify(d, null, 2) : formatDiagnosis(d, shown ?? dir));
  return diagnosisFoundProblem(d) ? 1 : 0;
}
