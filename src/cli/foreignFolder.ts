// The CLI on logs written without our module: a torchrun `--log-dir` (or one of its run folders),
// per-task files, or a capture file are read into rank logs of our format in a temporary folder,
// which the commands then read as they read our own.
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { LauncherFacts } from '../core/jobSummary';
import type { SourcesOf } from '../core/tiedFailures';
import type { SourceLine } from '../core/importLineMap';
import type { RecordOrder } from '../core/captureOrder';
import { compressedLogsHint, guessedFiles, guessRankFilePattern, nodeConsolesGuess } from '../core/rankFileGuess';
import { fileNames } from '../core/layoutDirs';
import { DEFAULT_RANK_FILE_PATTERNS, findForeignJobs, rankPattern, ForeignJob, launcherFacts, readCapture, readTaskFiles, relistJob, yearOfTimes } from '../core/importLayouts';
import { asNodeFiles } from '../core/nodeFiles';
import { JobImport } from '../core/importJob';
import { otherStreamName, withOtherStream } from '../core/streamPairs';
import { BUILT_IN_FORMATS, LineFormat } from '../core/lineFormats';
import { discoverRanks, discoverRotatedParts, hasRotatedParts } from '../core/rankDiscovery';
import { rankFileWriter } from '../core/rankFileWriter';
import { readConsoleEnd, unlabelledWords } from '../core/consoleEnd';
import { launcherNote } from '../core/launcherNote';
import { liveRankLogs } from '../core/heldOpen';
import { temporaryFolders } from './temporaryFolders';
import { SKIPPED_FOLDER_NAMES } from '../core/pathRules';

export interface RankFolder {
  /** A folder of `worker_<N>.log` files. */
  dir: string;
  /** What the user named (shown in messages). */
  shown: string;
  /** Removes the temporary folder, if one was made. */
  dispose(): Promise<void>;
  /** Where a line of a rank log of the temporary folder came from (other launchers' logs). */
  sourceOf?(file: string, line: number): Promise<{ path: string; line: number } | undefined>;
  /** `sourceOf` of many lines at once (one read of a capture for all of them). */
  sourcesOf?: SourcesOf;
  /** `sourcesOf` with each source line's text (`JobImport.sourcesOf`'s `withText`): what a diagnosis quotes. */
  sourcesWithText?: (lines: readonly { file: string; line: number }[]) => Promise<(SourceLine | undefined)[]>;
  /** `sourcesOf` where the capture's order is the time's: orders failures times cannot (`JobImport.sourcesOf`'s `inTimeOrder`). */
  ordersOf?: SourcesOf;
  /** What the job's launcher does that its files do not show (`launcherFacts` of importLayouts.ts). */
  launcher?: LauncherFacts;
  /**
   * The rank logs of the temporary folder whose ranks are alive: a process of this machine still
   * writes their files (those processes; undefined where that cannot be told).
   */
  liveRanks?(): Promise<ReadonlyMap<string, number[]> | undefined>;
  /** Appends what the launcher's files gained since to the temporary folder's rank logs (a live job, `live`). */
  update?(): Promise<unknown>;
  /** Where the rank logs' lines stand in a capture without times (`JobImport.captureOrder`). */
  captureOrder?(): RecordOrder | undefined;
}

/**
 * Points every `{file, line}` of a command's result (the diagnosis' evidence, its first failure,
 * its stack dumps; `{file}` alone as line 0) at the launcher's own files instead of the
 * temporary folder; a line quoted there (`{text, quoted: true}`, evidence) is quoted as the
 * launcher's file has it (a capture's line with its rank's prefix), not as the rank log.
 */
export async function relocate(value: unknown, folder: RankFolder): Promise<void> {
  const sourcesOf = folder.sourcesWithText ?? folder.sourcesOf;
  if (!sourcesOf) return;
  const found: { file?: unknown; line?: unknown; text?: unknown; quoted?: unknown }[] = [];
  const gather = (v: unknown): void => {
    if (typeof v !== 'object' || v === null) return;
    if (Array.isArray(v)) return v.forEach(gather);
    const o = v as { file?: unknown; line?: unknown; text?: unknown; quoted?: unknown };
    if (typeof o.file === 'string' && o.file.startsWith(folder.dir + path.sep)) found.push(o);
    Object.values(v).forEach(gather);
  };
  gather(value);
  const lineOf = (o: { line?: unknown }) => (typeof o.line === 'number' && o.line >= 0 ? o.line : undefined);
  // One read of the capture for all of them (a diagnosis of thousands of ranks names thousands of lines).
  const sources: (SourceLine | undefined)[] = await sourcesOf(found.map((o) => ({ file: o.file as string, line: lineOf(o) ?? 0 })));
  found.forEach((o, i) => {
    const src = sources[i];
    if (!src) return;
    o.file = src.path;
    if (lineOf(o) === undefined) return;
    o.line = src.line;
    if (o.quoted === true && typeof o.text === 'string' && src.text !== undefined) o.text = src.text;
  });
}

export class ForeignFolderError extends Error {
  constructor(
    message: string,
    /** Said alone, without the usage: the file is what it is (UTF-16 text), or the message says what to name instead. */
    readonly ofTheFile = false,
  ) {
    super(message);
  }
}

/**
 * What the end of a file whose lines carry no rank says (`consoleEnd.ts`): its launcher's own
 * word on ranks, or the traceback it ends in (a launcher that crashed before it started its ranks:
 * torchrun's own traceback).
 */
async function endWords(file: string): Promise<string> {
  const end = await readConsoleEnd(file);
  if (!end) return '';
  const words = unlabelledWords(end, '--formats');
  if (words) return words;
  return end.exception ? `; it ends in a traceback, ${end.exception} (a launcher that failed before it started its ranks, or one program run alone, writes no rank prefixes)` : '';
}

/** `findForeignJobs`, a folder that cannot be listed said as the command's error. */
async function foreignJobsIn(...args: Parameters<typeof findForeignJobs>): Promise<ForeignJob[]> {
  try {
    return await findForeignJobs(...args);
  } catch (e) {
    throw new ForeignFolderError(`${e instanceof Error ? e.message : String(e)}: check that it can be read`, true);
  }
}

/** How deep under a folder `jobFoldersBelow` looks, how many folders it lists at most, and how many it names. */
const BELOW_DEPTH = 3;
const BELOW_FOLDERS = 400;
const BELOW_NAMED = 20;

/**
 * The folders under `dir` (down to `BELOW_DEPTH`, the first `BELOW_FOLDERS` listed, breadth first)
 * that hold a job, ours or another launcher's, as `rankFolderOf` reads one; not the folders of the
 * jobs found (a run folder's attempts). Folders that cannot be read are passed over.
 */
async function jobFoldersBelow(dir: string, names: readonly string[], formats: readonly LineFormat[]): Promise<string[]> {
  const found: string[] = [];
  let level = [dir];
  let listed = 0;
  for (let depth = 1; depth <= BELOW_DEPTH && level.length > 0 && found.length < BELOW_NAMED; depth++) {
    const next: string[] = [];
    for (const parent of level) {
      const entries = await fsp.readdir(parent, { withFileTypes: true }).catch(() => []);
      for (const e of entries) {
        if (!e.isDirectory() || e.name.startsWith('.') || SKIPPED_FOLDER_NAMES.has(e.name) || ++listed > BELOW_FOLDERS) continue;
        const sub = path.join(parent, e.name);
        const holds = (await discoverRanks(sub).catch(() => [])).length > 0 || (await findForeignJobs(sub, names, formats).catch(() => [])).length > 0;
        if (holds) found.push(sub);
        else next.push(sub);
        if (found.length >= BELOW_NAMED) break;
      }
      if (found.length >= BELOW_NAMED) break;
    }
    level = next;
  }
  return found;
}

/**
 * The job of per-rank files (or of their batch output beside them) that `file` is one of, as its
 * folder's discovery finds it: a folder of several jobs' files (Slurm's `%j_%t.out` of many
 * jobs, DeepSpeed's `<time>_rank<N>.log` of many runs) is read one job at a time by naming a file.
 */
async function taskJobOf(file: string, formats: readonly LineFormat[], names: readonly string[]): Promise<ForeignJob | undefined> {
  const resolved = path.resolve(file);
  // (Only the folder's per-rank files are listed: its captures' heads are not read for this.)
  for (const job of await readTaskFiles(path.dirname(resolved), names)) {
    const holds = [...job.ranks.values()].some((list) => list.some((src) => path.resolve(src.path) === resolved)) || (job.launchers ?? []).some((f) => path.resolve(f) === resolved);
    // torchrun's consoles one file per node are read as their discovery reads them.
    if (holds) return (await asNodeFiles(job, formats)) ?? job;
  }
  return undefined;
}

/**
 * When `dir`'s files are named alike but for a number that runs from 0 (`gpu0.log`, `gpu1.log`;
 * `file` among them, when given): the `--rank-files` that reads them as ranks, said after a
 * message. Undefined otherwise.
 */
async function rankFilesHint(dir: string, file?: string): Promise<string | undefined> {
  const guess = guessRankFilePattern(await fileNames(dir));
  if (!guess || (file !== undefined && !rankPattern(guess.pattern)?.test(file))) return undefined;
  return `, but ${file === undefined ? 'its' : 'its folder\'s'} files ${guessedFiles(guess, '...')} look like one file per rank: read them with --rank-files '${guess.pattern}'`;
}

/** The first file of a job of per-rank files (rank 0's), to name it by. */
function firstFileOf(job: ForeignJob): string {
  const first = [...job.ranks.entries()].sort((a, b) => a[0] - b[0])[0]?.[1][0]?.path;
  return first ?? job.source;
}

/**
 * How the job the user named is shown: a per-rank file's job by its name pattern; a capture file
 * read with its other stream's by both names; else as named.
 */
function shownName(target: string, job: ForeignJob, ofTasks: boolean, isFile: boolean): string {
  if (ofTasks) return path.join(path.dirname(target), job.name);
  if (!job.otherStream || !isFile) return target;
  const other = path.resolve(job.source) === path.resolve(target) ? job.otherStream.job.source : job.source;
  return `${target} + ${path.basename(other)}`;
}

/** A file exists and is a file (or a link to one). */
async function isFileNamed(file: string): Promise<boolean> {
  return (await fsp.stat(file).catch(() => undefined))?.isFile() ?? false;
}

/**
 * The capture `target` is, with its other stream's file when there is one (`withOtherStream`); or,
 * when `target` is no capture, the capture of its other stream with it, when that is one.
 */
async function captureWithOtherStream(target: string, capture: ForeignJob | undefined, formats: readonly LineFormat[]): Promise<ForeignJob | undefined> {
  const dir = path.dirname(target);
  const exists = (name: string): Promise<boolean> => isFileNamed(path.join(dir, name));
  if (capture) return withOtherStream(capture, exists, formats);
  const other = otherStreamName(path.basename(target));
  const otherCapture = other && (await exists(other.name)) ? await readCapture(path.join(dir, other.name), formats) : undefined;
  const paired = otherCapture && (await withOtherStream(otherCapture, exists, formats));
  return paired?.otherStream ? paired : undefined;
}

/**
 * When `target` is a part of another launcher's job (one rank's file, or one attempt, of a torchrun
 * run folder; one rank's file of mpirun --output-filename), what it is and the folder to name.
 */
function partOfAJob(target: string, isFile: boolean): string | undefined {
  const parts = path.resolve(target).split(path.sep);
  const at = (n: number): string => parts[parts.length - 1 - n] ?? '';
  // The folder `n` levels up, as the user would type it: relative to here when it is below here.
  const up = (n: number): string => {
    const dir = parts.slice(0, parts.length - n).join(path.sep) || path.sep;
    const rel = path.relative(process.cwd(), dir);
    return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : dir;
  };
  const attempt = /^attempt_\d+$/;
  if (isFile && /^(stdout|stderr)\.log$|^error\.json$/.test(at(0)) && /^\d+$/.test(at(1)) && attempt.test(at(2))) return `one rank's file in a torchrun --log-dir run folder: name the run folder, ${up(3)}`;
  if (isFile && /^(stdout|stderr)$/.test(at(0)) && /^rank\.\d+$/.test(at(1))) return `one rank's file of mpirun --output-filename: name its folder, ${up(2)}`;
  if (!isFile && attempt.test(at(0))) return `one attempt of a torchrun --log-dir run: name the run folder, ${up(1)} (merge --attempt N shows one attempt)`;
  if (!isFile && /^\d+$/.test(at(0)) && attempt.test(at(1))) return `one rank's folder in a torchrun --log-dir run: name the run folder, ${up(2)}`;
  return undefined;
}

/**
 * `target` as a folder of rank logs: itself when it has ours, else its other launcher's job read
 * into a temporary folder. `formats`: the user's (`--formats`), read before the built-in ones; one
 * with a `rank` group splits a console without prefixes. `live`: the job may still be writing
 * (the folder's `update` reads what its files gain).
 */
export async function rankFolderOf(target: string, { formats = [], patterns = [], live = false }: { formats?: readonly LineFormat[]; patterns?: readonly string[]; live?: boolean } = {}): Promise<RankFolder> {
  const names = [...patterns, ...DEFAULT_RANK_FILE_PATTERNS];
  const none = { dir: target, shown: target, dispose: async () => undefined };
  const st = await fsp.stat(target).catch(() => undefined);
  let jobs: ForeignJob[];
  const taskJob = st?.isFile() ? await taskJobOf(target, formats, names) : undefined;
  if (taskJob) {
    // One of a job's per-rank files (a folder of several Slurm jobs' `%j_%t.out`): that job.
    jobs = [taskJob];
  } else if (st?.isFile()) {
    const compressed = compressedLogsHint(path.dirname(target), [path.basename(target)], path.basename(target));
    if (compressed) throw new ForeignFolderError(compressed, true);
    const problems: string[] = [];
    let capture = await readCapture(target, formats, undefined, problems);
    if (problems.length) throw new ForeignFolderError(problems.join('\n'), true);
    // Its other stream's file beside it (Slurm's --error beside --output) is read with it; a file of
    // prints without labels is read with the capture of its other stream.
    capture = await captureWithOtherStream(target, capture, formats);
    const part = capture ? undefined : partOfAJob(target, true);
    if (part) throw new ForeignFolderError(`${target}: ${part}`, true);
    if (!capture) {
      // A launcher that crashed before it started its ranks (torchrun's own traceback) leaves a file with no rank in it: say so.
      // (What its end says is the answer, said alone: the usage's pages would bury it.)
      const ends = (await rankFilesHint(path.dirname(target), path.basename(target))) ?? (await endWords(target));
      throw new ForeignFolderError(`${target}: not a directory, nor a capture whose lines carry the rank ([rank3]:, [default3]:, [trainer3]: from torchrun --role trainer, [3]: from torchrun --log-line-prefix-template '[\${rank}]:', "3: " from srun -l, [1,3]<stdout>: from Open MPI, [3]<stdout>: from horovodrun, "[3] " from mpiexec -prepend-rank, "(worker1, rank=1, ...) " or "(task, pid=4494) " from SkyPilot, "node3: " from pdsh, "[pod/train-worker-0/pytorch] " from kubectl logs --prefix; or lines naming their rank in a format of --formats with a rank group)${ends}`, ends !== '');
    }
    jobs = [capture];
  } else if (!st) {
    // `<log-dir>/<run_id>`: the job several nodes' run folders (`<run_id>_<suffix>`) hold.
    const id = path.basename(target);
    jobs = (await foreignJobsIn(path.dirname(target), names, formats)).filter((j) => j.runId === id);
    if (jobs.length !== 1) return none;
  } else {
    if (!st.isDirectory()) return none;
    const own = await discoverRanks(target);
    // Our rank logs are read as they are; worker_<N>.log files of another format through the
    // import, as are ours cut in parts by a rotating handler (`worker_0.log.1`).
    if (own.length > 0 && !hasRotatedParts(await discoverRotatedParts(target)) && (await rankFileWriter(own, [...formats, ...BUILT_IN_FORMATS])) !== 'other') return none;
    const problems: string[] = [];
    jobs = await foreignJobsIn(target, names, formats, problems);
    // Nothing to read but a capture in UTF-16: say why, rather than that the folder holds no job.
    if (jobs.length === 0 && problems.length) throw new ForeignFolderError(problems.join('\n'), true);
    const part = jobs.length === 0 ? partOfAJob(target, false) : undefined;
    if (part) throw new ForeignFolderError(`${target}: ${part}`, true);
    // Files of one name but their number (`gpu0.log`, `gpu1.log`): say how to read them as ranks.
    const hint = jobs.length === 0 && own.length === 0 ? await rankFilesHint(target) : undefined;
    if (hint) throw new ForeignFolderError(`${target}: no rank logs of a name read by default${hint}`, true);
    // Logs archived after the run (`worker_0.log.gz`): say how to read them.
    const compressed = jobs.length === 0 && own.length === 0 ? compressedLogsHint(target, await fileNames(target)) : undefined;
    if (compressed) throw new ForeignFolderError(`${target}: no rank logs; ${compressed}`, true);
    // None in it, but in folders under it (each node's --log_dir, a run's folder of its date): name them.
    const below = jobs.length === 0 && own.length === 0 ? await jobFoldersBelow(target, names, formats) : [];
    if (below.length > 0) throw new ForeignFolderError(`${target} holds no job itself; ${below.length === 1 ? 'a folder in it does' : 'folders in it do'}, name one:\n${below.map((d) => `  ${d}`).join('\n')}`, true);
  }
  if (jobs.length === 0) return none;
  if (jobs.length > 1) {
    const list = jobs.map((j) => `  ${j.kind === 'tasks' ? `${firstFileOf(j)} (${j.name}: ${j.ranks.size} ranks)` : j.nodes && j.runId ? `${path.join(j.source, j.runId)} (${j.nodes.length} nodes: ${j.nodes.map((n) => path.basename(n)).join(', ')})` : j.source}`).join('\n');
    const nodes = jobs.every((j) => j.kind === 'capture') ? await nodeConsolesGuess(target, formats) : undefined;
    const asOne = nodes ? `\nIf they are one job's nodes (torchrun's console of each node, whose labels are its local ranks), read them as one job: --rank-files '${nodes.pattern}'` : '';
    // (The list is what to do: the usage's pages after it would hide it.)
    throw new ForeignFolderError(`${target} holds ${jobs.length} jobs; name one of their folders or files:\n${list}${asOne}`, true);
  }
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'worker-logs-'));
  temporaryFolders.add(dir);
  const job = jobs[0];
  const options = { formats: [...formats, ...BUILT_IN_FORMATS], ...(await yearOfTimes(job)) };
  // A job still writing (`merge --follow`) is read as the editor reads it: a record that may
  // still grow held back, new attempts and task files found as they appear.
  const imp = new JobImport(job, dir, options, live ? () => relistJob(job, names) : undefined);
  await (live ? imp.update() : imp.readOnce());
  const shown = shownName(target, job, taskJob !== undefined, st?.isFile() ?? false);
  // (On stderr: what the command prints on stdout stays what it is, `--json` too.)
  for (const note of imp.notes()) process.stderr.write(`worker-logs: ${shown}: ${note}.\n`);
  // Most of a capture's lines name no rank (torch 2's console without --tee): say what the commands leave out, and how to have them labelled.
  const facts = imp.launcherLinesFacts();
  const unlabelled = facts && launcherNote(facts, shown, '--formats');
  if (unlabelled?.mostly) process.stderr.write(`worker-logs: ${unlabelled.text}. They are read as the launcher's lines, in no rank's records.\n`);
  // One node's console of several named alike: its ranks are that node's local ones.
  const nodes = st?.isFile() && job.kind === 'capture' && !job.nodeFiles && job.style === 'torchrun' ? await nodeConsolesGuess(path.dirname(target), formats, target) : undefined;
  if (nodes) process.stderr.write(`worker-logs: ${shown}: its ranks are torchrun's local ones; if the files named alike beside it are the same job's other nodes, read them as one job (global ranks): --rank-files '${nodes.pattern}'.\n`);
  return {
    dir,
    shown,
    dispose: () => fsp.rm(dir, { recursive: true, force: true }).then(() => void temporaryFolders.delete(dir)),
    sourceOf: (file, line) => imp.sourceOf(file, line),
    sourcesOf: (lines) => imp.sourcesOf(lines),
    sourcesWithText: (lines) => imp.sourcesOf(lines, { withText: true }),
    ordersOf: (lines) => imp.sourcesOf(lines, { inTimeOrder: true }),
    liveRanks: () => liveRankLogs(imp.liveSources()),
    captureOrder: () => imp.captureOrder(),
    launcher: launcherFacts(job),
    ...(live ? { update: () => imp.update() } : {}),
  };
}
