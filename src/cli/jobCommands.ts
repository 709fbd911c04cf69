// The job commands (`summary`, `merge`, `diagnose`) on a folder of rank logs, or on another
// launcher's logs read into one first. Loaded by workerLogsCli.ts only when one of them runs:
// `index` starts without them.
import { promises as fsp } from 'node:fs';
import { parse as parseJsonc, ParseError, printParseErrorCode } from 'jsonc-parser';
import * as path from 'node:path';
import { indexFileParallel } from '../core/parallelIndex';
import { orderTiedFailures } from '../core/tiedFailures';
import { DEFAULT_STALL_SECONDS, JobSummary, RankInput, summarizeJob } from '../core/jobSummary';
import { innermostHolders, liveRankLogs } from '../core/heldOpen';
import { sessionEnding } from '../core/rankEnding';
import { ErrorRecord } from '../core/indexModel';
import { QuietRanks, quietRanks } from '../core/diagnosis';
import { collectiveFact } from '../core/collectives';
import { LineFormat } from '../core/lineFormats';
import { compileGuardedUserFormats } from '../regexpGuard';
import { rankFileProblem } from '../core/importLayouts';
import { sourceProblem } from '../core/nulBytes';
import { discoverRanks } from '../core/rankDiscovery';
import { compileProgressPattern, jobProgress, ProgressPattern } from '../core/progress';
import { formatJobSummary } from '../core/summaryTable';
import { ForeignFolderError, RankFolder, rankFolderOf, relocate } from './foreignFolder';
import { diagnoseCommand, diagnoseIndexed, StackAsker } from './diagnoseCommand';
import { findPySpy, jobScopeOf, withPySpy } from '../core/pySpy';
import { NO_INIT_RECORD, requestStackDumps } from '../core/stackDumpRequest';
import { mergeCommand } from './mergeCommand';
import { checkPath, UsageError } from './usage';

type Located = { record: ErrorRecord; sourceFile?: string; deviceAssertion?: ErrorRecord };

/** Points failures of another launcher's job (read into a temporary folder, each in its rank log `file`) at the launcher's file and line; once each, all in one read of a capture. */
async function locateFailures(failures: readonly { f: Located | undefined; file: string | undefined }[], folder: RankFolder): Promise<void> {
  const wanted = failures.filter((w): w is { f: Located; file: string } => w.f !== undefined && w.file !== undefined && w.f.sourceFile === undefined);
  // (Each failure once: the job's first failure may be its rank's first error too.)
  const unique = [...new Map(wanted.map((w) => [w.f, w])).values()];
  const lines = unique.flatMap(({ f, file }) => [{ file, line: f.record.line }, ...(f.deviceAssertion ? [{ file, line: f.deviceAssertion.line }] : [])]);
  const sources = (await folder.sourcesOf?.(lines)) ?? [];
  let at = 0;
  for (const { f } of unique) {
    const src = sources[at++];
    const device = f.deviceAssertion ? sources[at++] : undefined;
    if (!src) continue;
    f.record = { ...f.record, line: src.line };
    if (device) f.deviceAssertion = { ...f.deviceAssertion!, line: device.line };
    const relative = path.relative(process.cwd(), src.path);
    f.sourceFile = relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : src.path;
  }
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
  // Which ranks a process still writes: a walk of /proc, mostly waiting on the file system, started
  // now so that it overlaps the index (it is used only when a rank's log does not say it ended).
  const liveSoon = liveRanksOf(folder, files).catch(() => undefined);
  const inputs: RankInput[] = [];
  for (const f of files) inputs.push({ rank: f.rank, index: await indexFileParallel(f.path, { workerScript: path.join(__dirname, 'indexWorker.js') }) });
  let result = summarizeJob(inputs, { attemptWindowSeconds, ...folder?.launcher });
  // A rank whose files a process still writes (its worker_<N>.log; another launcher's files) is
  // alive, however long it has been quiet (hung): looked for (a walk of /proc) only when a rank's
  // log does not say it ended.
  // (Also one taken for the peer its attempt's others lost: not if a process still writes it.)
  if (result.ranks.some((r) => r.endingUnknown || r.endedSilently || r.state === 'stalled' || (r.state === 'finished' && !r.stoppedBy && !(r.lastSession && sessionEnding(r.lastSession))))) {
    const live = await liveSoon;
    if (live?.size) {
      for (const [i, f] of files.entries()) if (live.has(f.path)) inputs[i].writing = true;
      result = summarizeJob(inputs, { attemptWindowSeconds, ...folder?.launcher });
    }
  }
  if (folder?.sourcesOf) {
    // Failures times cannot order, in the order the file the ranks were read from (a capture) shows them.
    if (folder.ordersOf && (await orderTiedFailures(result, inputs, folder.ordersOf))) result = summarizeJob(inputs, { attemptWindowSeconds, ...folder?.launcher });
    // Every rank's first error (and failure) and the job's at their lines of the capture: one read of it for all.
    const pathOf = new Map(result.ranks.map((r) => [r.rank, r.path]));
    await locateFailures([...result.ranks.flatMap((r) => [{ f: r.firstError, file: r.path }, { f: r.failure, file: r.path }]), { f: result.firstFailure, file: result.firstFailure && pathOf.get(result.firstFailure.rank) }], folder);
  }
  const progress = await jobProgress(files.map((f, i) => ({ rank: f.rank, path: f.path, bytes: inputs[i].index.bytes, lines: inputs[i].index.lines })), compileProgressPattern(undefined) as ProgressPattern);
  if (folder?.sourcesOf) {
    // The temporary copies are gone once the command ends: a rank is named by the file its first
    // line came from (in the table, only the ranks it names: those it cannot read).
    const named = json ? result.ranks : result.ranks.filter((r) => r.state === 'unreadable');
    const firstLines = await folder.sourcesOf(named.map((r) => ({ file: r.path, line: 0 })));
    named.forEach((r, i) => {
      const source = firstLines[i]?.path;
      if (!source) return;
      // (What the index told of the copy, a command that converts it, is said of the launcher's file.)
      if (r.problem) r.problem = sourceProblem(r.problem, r.path, source);
      r.path = source;
    });
  }
  const why = await collectiveCause(result, files, progress);
  if (json) process.stdout.write(JSON.stringify({ ...result, progress, ...(why ? { why } : {}) }, null, 2) + '\n');
  else process.stdout.write(formatJobSummary(shown ?? dir, result, progress) + '\n' + (why ? `Why: ${why} (worker-logs diagnose for the evidence)\n` : ''));
  return 0;
}

/**
 * When the job's first failure is a collective's symptom (a rank timed out waiting for its
 * peers, or lost one), the first failure names a rank that waited, not the one that kept it
 * waiting: the diagnosis' headline on that (`worker-logs diagnose`), read only then.
 */
async function collectiveCause(result: JobSummary, files: readonly { rank: number; path: string }[], progress: Awaited<ReturnType<typeof jobProgress>>): Promise<string | undefined> {
  const f = result.firstFailure?.record;
  if (!f || !(collectiveFact(f.exception ?? '') ?? collectiveFact(f.message))) return undefined;
  const d = await diagnoseIndexed(result, files, progress);
  return d.kind === 'hang' || d.kind === 'mismatch' ? d.headline : undefined;
}

/** A job's rank logs whose rank's files a process still writes: another launcher's (`RankFolder.liveRanks`), or ours (each its own log). */
function liveRanksOf(folder: RankFolder | undefined, files: readonly { path: string }[]): Promise<ReadonlyMap<string, number[]> | undefined> {
  return folder?.liveRanks ? folder.liveRanks() : liveRankLogs(new Map(files.map((f) => [f.path, [f.path]])));
}

/**
 * The ranks of a job alive (a process of this machine still writes their files) but quiet for
 * longer than the stall window (`quietRanks`), with each one's process when each has its own (not
 * a launcher holding a capture for all of them).
 */
async function quietLiveRanks(all: readonly { rank: number; path: string }[], live: ReadonlyMap<string, number[]> | undefined): Promise<{ quiet: QuietRanks; pids?: number[] } | undefined> {
  if (!live?.size) return undefined;
  const files = all.filter((f) => live.has(f.path));
  // (The temporary rank logs carry the time their sources last changed.)
  const times = await Promise.all(files.map((f) => fsp.stat(f.path).then((st) => st.mtimeMs, () => Date.now())));
  const now = Date.now();
  const quiet = quietRanks(files.map((f, i) => ({ rank: f.rank, running: true, ...(now - times[i] > DEFAULT_STALL_SECONDS * 1000 ? { quietSinceMs: times[i] } : {}) })));
  if (!quiet) return undefined;
  const pids = await Promise.all(files.filter((f) => quiet.ranks.includes(f.rank)).map((f) => innermostHolders(live.get(f.path)!)));
  const own = pids.every((p) => p.length === 1) && new Set(pids.map((p) => p[0])).size === pids.length;
  return { quiet, ...(own ? { pids: pids.map((p) => p[0]) } : {}) };
}

/** The CLI's line on where to read the stacks of ranks alive but quiet (`quietLiveRanks`). */
function stacksLine({ quiet, pids }: { quiet: QuietRanks; pids?: number[] }): string {
  const where = !pids
    ? 'py-spy dump --pid <pid>'
    : pids.length === 1
      ? `py-spy dump --pid ${pids[0]}`
      : `py-spy dump --pid <pid> of each: ${quiet.ranks.slice(0, 8).map((r, i) => `rank ${r} ${pids[i]}`).join(', ')}${quiet.ranks.length > 8 ? ', ...' : ''}`;
  return `${quiet.ranks.length === 1 ? 'Its stack' : 'Their stacks'}: worker-logs diagnose --dump-stacks, Dump Stacks of All Ranks in the editor, or ${where}.`;
}

/**
 * `--dump-stacks`: every readable rank is asked for its stack, as Dump Stacks does in the editor:
 * a rank of the module by `SIGUSR1` to the process its init record names (its dump lands in its
 * log), a rank started without it through py-spy (when on PATH) from the Python process of this
 * machine that names it and is the job's.
 */
function stackAsker(folder: RankFolder, liveSoon: Promise<ReadonlyMap<string, number[]> | undefined>): StackAsker {
  return async (summary) => {
    const targets = summary.ranks.filter((r) => r.state !== 'unreadable').map((r) => ({ rank: r.rank, path: r.path, sessionStart: r.lastSession?.startOffset ?? 0 }));
    const outcome = await requestStackDumps(targets);
    const noModule = outcome.unanswered.filter((u) => u.reason.startsWith(NO_INIT_RECORD)).map((u) => u.rank);
    if (noModule.length === 0) return { outcome, extra: [] };
    const pySpy = await findPySpy();
    if (!pySpy) {
      for (const u of outcome.unanswered) if (noModule.includes(u.rank)) u.reason += '; install py-spy (on PATH) to read the stacks of ranks started without the module';
      return { outcome, extra: [] };
    }
    // Only the ranks a process of this machine still writes the files of (where that can be told) are looked for.
    const live = await liveSoon;
    const pathOf = new Map(summary.ranks.map((r) => [r.rank, r.path]));
    const alive = live ? noModule.filter((rank) => live.has(pathOf.get(rank)!)) : noModule;
    for (const u of outcome.unanswered) if (noModule.includes(u.rank) && !alive.includes(u.rank)) u.reason = 'no process of this machine writes its files: it has ended, or runs on another machine';
    if (alive.length === 0) return { outcome, extra: [] };
    const scope = await jobScopeOf(folder.dir, summary.ranks.map((r) => r.path), folder.sourceOf ? folder.shown : undefined);
    return { outcome, extra: await withPySpy(outcome, pySpy, alive, scope) };
  };
}

/** A settings file larger than this is not one (a log named by mistake). */
const MAX_FORMATS_FILE = 4 * 2 ** 20;

/**
 * `--formats <file>` taken out of `args`: the user formats the file holds (a JSON list of `{name,
 * pattern, timeFormat, samples}`, or settings whose `workerLogs.formats` is one: a workspace's
 * `.vscode/settings.json`, with its comments), each checked against its samples, and the settings'
 * `workerLogs.rankFilePatterns`; a problem is a usage error that names it.
 */
async function takeFormats(args: string[]): Promise<{ formats: LineFormat[]; patterns: string[] }> {
  const at = args.indexOf('--formats');
  if (at < 0) return { formats: [], patterns: [] };
  const file = args[at + 1];
  if (file === undefined || file.startsWith('--')) throw new UsageError('--formats needs a JSON file of workerLogs.formats');
  args.splice(at, 2);
  await checkPath(file, 'file');
  if ((await fsp.stat(file)).size > MAX_FORMATS_FILE) throw new UsageError(`${file}: over ${MAX_FORMATS_FILE / 2 ** 20} MiB; --formats takes a settings file or a list of formats`);
  const errors: ParseError[] = [];
  let setting: unknown = parseJsonc(await fsp.readFile(file, 'utf8'), errors, { allowTrailingComma: true });
  if (errors.length > 0) {
    throw new UsageError(`${file}: not JSON (${printParseErrorCode(errors[0].error)} at offset ${errors[0].offset}); give a list of {name, pattern, timeFormat, samples}, or settings with "workerLogs.formats"`, false);
  }
  let patterns: string[] = [];
  if (setting !== null && typeof setting === 'object' && !Array.isArray(setting)) {
    const settings = setting as Record<string, unknown>;
    const names = settings['workerLogs.rankFilePatterns'];
    if (names !== undefined) patterns = checkedRankFiles(names, `${file}: workerLogs.rankFilePatterns`);
    setting = settings['workerLogs.formats'] ?? (names !== undefined ? [] : undefined);
  }
  if (setting === undefined) throw new UsageError(`${file}: holds no "workerLogs.formats"`, false);
  const { formats, problems } = compileGuardedUserFormats(setting);
  if (problems.length > 0) throw new UsageError(`${file}: ${problems.join('\n')}`, false);
  return { formats, patterns };
}

/** Each `--rank-files <glob>` taken out of `args`: names of per-rank files besides the built-in ones. */
function takeRankFiles(args: string[]): string[] {
  const globs: string[] = [];
  for (let at = args.indexOf('--rank-files'); at >= 0; at = args.indexOf('--rank-files')) {
    const glob = args[at + 1];
    if (glob === undefined || glob.startsWith('--')) throw new UsageError("--rank-files needs a file name with {rank} where the rank's number is, for example 'rank{rank}.txt'");
    args.splice(at, 2);
    globs.push(glob);
  }
  return checkedRankFiles(globs, '--rank-files');
}

/** File names of ranks (globs with `{rank}`, no folder), each checked; a bad one is a usage error naming it and `where` it was given. */
function checkedRankFiles(globs: unknown, where: string): string[] {
  if (!Array.isArray(globs)) throw new UsageError(`${where}: give a list of file names with {rank}, for example ["rank{rank}.txt"]`);
  for (const glob of globs) {
    const problem = rankFileProblem(glob);
    if (problem) throw new UsageError(`${where}: ${problem}`);
  }
  return globs as string[];
}

/**
 * A job command on the folder its arguments name: ours as it is; another launcher's logs (a
 * torchrun log folder, per-task files, a capture file) read into rank logs of our format first.
 */
export async function onRankFolder(command: 'summary' | 'merge' | 'diagnose', args: string[]): Promise<number> {
  args = [...args];
  const { formats, patterns } = await takeFormats(args);
  patterns.push(...takeRankFiles(args));
  const at = args.findIndex((a, i) => !a.startsWith('--') && !(i > 0 && VALUE_OPTIONS.has(args[i - 1])));
  let folder: RankFolder | undefined;
  if (at >= 0) {
    const st = await fsp.stat(args[at]).catch(() => undefined);
    if (st && !st.isFile()) await checkPath(args[at], 'directory');
    try {
      folder = await rankFolderOf(args[at], { formats, patterns, live: command === 'merge' && args.includes('--follow') });
    } catch (e) {
      if (e instanceof ForeignFolderError) throw new UsageError(e.message, !e.ofTheFile);
      throw e;
    }
    // Not there, nor the run id of several nodes' torchrun folders beside it (a folder or a capture file was meant: the usage would not help).
    if (!st && folder.dir === args[at]) throw new UsageError(`${args[at]}: no such file or directory`, false);
  }
  const argv = folder ? args.map((a, i) => (i === at ? folder!.dir : a)) : args;
  try {
    if (command === 'summary') return await summary(argv, folder);
    if (command === 'merge') {
      const f = folder;
      return await mergeCommand(argv, (text) => process.stdout.write(text + '\n'), f && { locate: f.sourceOf && ((file, line) => f.sourceOf!(file, line)), live: f.update && { update: f.update, shown: f.shown }, order: f.captureOrder });
    }
    const f = folder;
    // Which ranks are alive (one walk of /proc, beside the reading of the logs): those long quiet
    // are a hang when nothing else explains it, and --dump-stacks looks for those only through py-spy.
    const ranksSoon = f ? discoverRanks(f.dir) : Promise.resolve([]);
    const liveSoon = f ? ranksSoon.then((all) => liveRanksOf(f, all)).catch(() => undefined) : Promise.resolve(undefined);
    const quietSoon = Promise.all([ranksSoon, liveSoon]).then(([all, live]) => quietLiveRanks(all, live)).catch(() => undefined);
    const found = await diagnoseCommand(argv, (text) => process.stdout.write(text + '\n'), path.join(__dirname, 'indexWorker.js'), (m) => new UsageError(m), {
      shown: f?.shown,
      relocate: f ? (d) => relocate(d, f) : undefined,
      sourcesOf: f?.ordersOf,
      quiet: quietSoon.then((q) => q?.quiet),
      ask: f && stackAsker(f, liveSoon),
    });
    const json = argv.includes('--json');
    // Nothing found in files that would not show a rank killed by a signal: say so.
    if (found === 0 && f?.launcher?.endingsUnrecorded && !json) process.stdout.write(`Note: ${f.launcher.endingsUnrecorded}.\n`);
    const quiet = await quietSoon;
    if (quiet && !json && !argv.includes('--dump-stacks')) process.stdout.write(stacksLine(quiet) + '\n');
    return found;
  } finally {
    await folder?.dispose();
  }
}

/** Options of the job commands that take a value (the value is not the folder). */
const VALUE_OPTIONS = new Set(['--attempt-window', '--level', '--ranks', '--grep', '--since', '--until', '--attempt']);
