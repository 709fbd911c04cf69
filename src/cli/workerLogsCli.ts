// `worker-logs`: the core for terminals, CI and scripts.
//   worker-logs summary <dir>        per-rank table and the first failure
//   worker-logs index <file> --json  the file's index as JSON
//   worker-logs merge <dir> [...]    every rank's records by time, filtered (the Job Log)
//   worker-logs diagnose <dir>       why the job failed or hangs (JSON contract with --json)
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { indexFileParallel } from '../core/parallelIndex';
import { RankInput, summarizeJob } from '../core/jobSummary';
import { ErrorRecord } from '../core/indexModel';
import { discoverRanks } from '../core/rankDiscovery';
import { compileProgressPattern, jobProgress, ProgressPattern } from '../core/progress';
import { formatJobSummary } from '../core/summaryTable';
import { ForeignFolderError, RankFolder, rankFolderOf, relocate } from './foreignFolder';
import { DIAGNOSE_USAGE, diagnoseCommand } from './diagnoseCommand';
import { MERGE_USAGE, mergeCommand, MergeUsageError } from './mergeCommand';

const USAGE = `Usage:
  worker-logs summary <log-dir> [--json] [--attempt-window <seconds>]
      A table of every rank (worker_<N>.log) in <log-dir> and the job's first failure.
  worker-logs index <file> --json
      The index of one log: lines, bytes, sessions (lines, offsets, times, counts, first error).
${MERGE_USAGE}
${DIAGNOSE_USAGE}
  worker-logs --help

  <log-dir> may also hold another launcher's logs: a torchrun --log-dir (or one of its run
  folders), per-task files (Slurm's %j_%t.out), or be a capture file whose lines carry the
  rank ([rank3]:, [default3]:, "3: " from srun -l, [1,3]<stdout>: from Open MPI) or the host
  ("node017: " from pdsh).`;

class UsageError extends Error {}

async function checkPath(p: string, kind: 'file' | 'directory'): Promise<void> {
  let stat;
  try {
    stat = await fsp.stat(p);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `${p}: no such ${kind}` : `${p}: cannot be read (${code})`);
  }
  if (kind === 'directory' && !stat.isDirectory()) throw new UsageError(`${p}: not a directory`);
  if (kind === 'file' && !stat.isFile()) throw new UsageError(`${p}: not a regular file`);
  try {
    await fsp.access(p, fsp.constants.R_OK);
  } catch {
    throw new UsageError(`${p}: permission denied`);
  }
}

/** Points a failure of another launcher's job (read into a temporary folder) at the launcher's file and line; once. */
async function locateFailure(f: { record: ErrorRecord; sourceFile?: string } | undefined, file: string | undefined, folder: RankFolder): Promise<void> {
  if (!f || !file || f.sourceFile !== undefined) return;
  const src = await folder.sourceOf?.(file, f.record.line);
  if (!src) return;
  f.record = { ...f.record, line: src.line };
  const relative = path.relative(process.cwd(), src.path);
  f.sourceFile = relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : src.path;
}

async function summary(args: string[], folder?: RankFolder): Promise<number> {
  const shown = folder?.shown;
  const json = args.includes('--json');
  const w = args.indexOf('--attempt-window');
  let attemptWindowSeconds: number | undefined;
  if (w >= 0) {
    attemptWindowSeconds = Number(args[w + 1]);
    if (!Number.isFinite(attemptWindowSeconds) || attemptWindowSeconds < 0) throw new UsageError('--attempt-window needs a number of seconds');
    args.splice(w, 2);
  }
  const positional = args.filter((a) => !a.startsWith('--'));
  if (positional.length !== 1) throw new UsageError('summary takes one folder');
  const dir = positional[0];
  await checkPath(dir, 'directory');
  const files = await discoverRanks(dir);
  const inputs: RankInput[] = [];
  for (const f of files) inputs.push({ rank: f.rank, index: await indexFileParallel(f.path, { workerScript: path.join(__dirname, 'indexWorker.js') }) });
  const result = summarizeJob(inputs, { attemptWindowSeconds });
  if (folder?.sourceOf) {
    for (const r of result.ranks) await locateFailure(r.firstError, r.path, folder);
    await locateFailure(result.firstFailure, result.ranks.find((r) => r.rank === result.firstFailure?.rank)?.path, folder);
  }
  const progress = await jobProgress(files.map((f, i) => ({ rank: f.rank, path: f.path, bytes: inputs[i].index.bytes, lines: inputs[i].index.lines })), compileProgressPattern(undefined) as ProgressPattern);
  if (json && folder?.sourceOf) {
    // The temporary copies are gone once the command ends: a rank is named by the file its first line came from.
    for (const r of result.ranks) r.path = (await folder.sourceOf(r.path, 0))?.path ?? r.path;
  }
  if (json) process.stdout.write(JSON.stringify({ ...result, progress }, null, 2) + '\n');
  else process.stdout.write(formatJobSummary(shown ?? dir, result, progress) + '\n');
  return 0;
}

async function index(args: string[]): Promise<number> {
  const positional = args.filter((a) => !a.startsWith('--'));
  const unknown = args.filter((a) => a.startsWith('--') && a !== '--json');
  if (unknown.length) throw new UsageError(`unknown option ${unknown[0]}`);
  if (!args.includes('--json')) throw new UsageError('index prints JSON: add --json');
  if (positional.length !== 1) throw new UsageError('index takes one file');
  const file = positional[0];
  await checkPath(file, 'file');
  const snapshot = await indexFileParallel(file, { workerScript: path.join(__dirname, 'indexWorker.js') });
  process.stdout.write(JSON.stringify(snapshot, null, 2) + '\n');
  return snapshot.state === 'ok' ? 0 : 1;
}

/**
 * A job command on the folder its arguments name: ours as it is; another launcher's logs (a
 * torchrun log folder, per-task files, a capture file) read into rank logs of our format first.
 */
async function onRankFolder(command: 'summary' | 'merge' | 'diagnose', args: string[]): Promise<number> {
  const at = args.findIndex((a, i) => !a.startsWith('--') && !(i > 0 && VALUE_OPTIONS.has(args[i - 1])));
  let folder: RankFolder | undefined;
  if (at >= 0) {
    const st = await fsp.stat(args[at]).catch(() => undefined);
    if (st && !st.isFile()) await checkPath(args[at], 'directory');
    try {
      folder = await rankFolderOf(args[at]);
    } catch (e) {
      if (e instanceof ForeignFolderError) throw new UsageError(e.message);
      throw e;
    }
    // Not there, nor the run id of several nodes' torchrun folders beside it.
    if (!st && folder.dir === args[at]) await checkPath(args[at], 'directory');
    if (folder.dir !== args[at] && args.includes('--follow')) throw new UsageError('--follow follows worker_<rank>.log files; for other launchers\' logs, open the folder in VS Code');
  }
  const argv = folder ? args.map((a, i) => (i === at ? folder!.dir : a)) : args;
  try {
    if (command === 'summary') return await summary(argv, folder);
    if (command === 'merge') return await mergeCommand(argv, (text) => process.stdout.write(text + '\n'), folder?.sourceOf ? (file, line) => folder!.sourceOf!(file, line) : undefined);
    const f = folder;
    return await diagnoseCommand(argv, (text) => process.stdout.write(text + '\n'), path.join(__dirname, 'indexWorker.js'), (m) => new UsageError(m), f?.shown, f ? (d) => relocate(d, f) : undefined);
  } finally {
    await folder?.dispose();
  }
}

/** Options of the job commands that take a value (the value is not the folder). */
const VALUE_OPTIONS = new Set(['--attempt-window', '--level', '--ranks', '--grep', '--since', '--until', '--attempt']);

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === '--help' || command === '-h' || command === 'help') {
      process.stdout.write(USAGE + '\n');
      return 0;
    }
    if (command === 'index') return await index(rest);
    if (command === 'summary' || command === 'merge' || command === 'diagnose') return await onRankFolder(command, rest);
    throw new UsageError(command ? `unknown command '${command}'` : 'no command given');
  } catch (e) {
    if (e instanceof UsageError || e instanceof MergeUsageError) {
      process.stderr.write(`worker-logs: ${e.message}\n\n${USAGE}\n`);
      return 2;
    }
    process.stderr.write(`worker-logs: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}
