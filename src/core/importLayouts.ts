// Which folders hold a job's logs written without our module, and how their files map to ranks,
// sessions and streams: torchrun's `--log-dir` run folder (`attempt_<k>/<local_rank>/{stdout,
// stderr}.log`, `error.json`: torchrunRuns.ts), per-task files (Slurm's `%t`, `workerLogs.rankFilePatterns`, Open
// MPI's `--output-filename` folders of `rank.<N>/{stdout,stderr}`), and
// combined captures whose lines carry the rank (`[rank3]:`, `3: `, `[1,3]<stdout>:`, `[3] `) or
// the host (pdsh's `node3: `), told by their heads (captureFile.ts, captureHead.ts); `worker_<N>.log` files of
// another program's format (rankFileWriter.ts).
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import type { LauncherFacts } from './jobSummary';
import { BUILT_IN_FORMATS, LineFormat, YearOfTimes } from './lineFormats';
import { discoverRanks, discoverRotatedParts, hasRotatedParts, rankOfFileName, rotatedPartOf, rotatedPartsIn } from './rankDiscovery';
import { OTHER_WORKER_FILES, otherWorkerFilesJob, RankFileWriter, rankFileWriter } from './rankFileWriter';
import { podFileJobs } from './kubernetes';
import { PrefixStyle } from './rankPrefixes';
import { naiveFromEpoch } from './timestamps';
import { readCapture } from './captureFile';
import { captureFiles, pairStreams } from './streamPairs';
import { asNodeFiles } from './nodeFiles';
import { mapLimit } from './mapLimit';
import { listDir, listDirOrThrow, push, streamOrder } from './layoutDirs';
import { joinNodes, readTorchrunNodes, readTorchrunRun } from './torchrunRuns';
import { frameworkRankFiles } from './frameworkRankFiles';

export { captureStyleOf } from './captureHead';
export { readCapture } from './captureFile';
export { readErrorJson, readTorchrunNodes, readTorchrunRun } from './torchrunRuns';

/** One file of a rank: its attempt (a session of the rank) and stream. */
export interface RankSource {
  path: string;
  /** `stdout`, `stderr`, `log` (a task's file), or `error.json` (torchrun's record of the failure). */
  stream: string;
  attempt: number;
  /** torchrun: the attempt's folder (its time starts the session); the job's `attempts[attempt]` when absent. */
  attemptDir?: string;
  /** torchrun on several nodes: the node's run folder name and the rank's local rank there. */
  node?: { name: string; localRank: number };
  /**
   * The file is a logging handler's alone (detectron2's, MMEngine's): no print is in it, so a line
   * that is no record continues the record before (a multi-line message), indented or not.
   */
  loggerOnly?: boolean;
}

export interface ForeignJob {
  kind: 'torchrun' | 'tasks' | 'capture';
  /** The folder (torchrun, tasks) or file (capture) the job was found in. */
  source: string;
  /** A name for the job beside its folder: the file pattern or the capture's name. */
  name: string;
  /** torchrun and tasks: each rank's files, by attempt then stream. */
  ranks: Map<number, RankSource[]>;
  /** torchrun: each attempt's folder, in order (their times start sessions). */
  attempts: string[];
  /**
   * tasks: the files of the batch script's output beside them (Slurm's `slurm-<job id>.out`, any
   * file named with the job id the task files' names hold before the task id): srun's word on its tasks (an
   * exit code, a signal, the OOM killer, a time limit) is there, not in the tasks' own files.
   */
  launchers?: string[];
  /** torchrun on several nodes: each node's run folder, in the order their ranks are numbered. */
  nodes?: string[];
  /** torchrun on several nodes: the run id their folders share (`<run_id>_<suffix>`). */
  runId?: string;
  /** torchrun on several nodes: `nodes` ordered by the global ranks their streams name (not by when they started). */
  nodesByRank?: boolean;
  /** tasks of `worker_<N>.log` files: the names of the compressed parts a rotating handler left of them (`worker_0.log.3.gz`), which are not read. */
  compressedParts?: string[];
  /** tasks of `worker_<N>.log` files cut in parts: each rank's files are its parts, oldest first, then its log, read one after another (not merged by time). */
  partsInOrder?: boolean;
  /** capture: the prefix style most of its head uses. */
  style?: PrefixStyle;
  /**
   * capture (pdsh): the hosts its head names, in order: host k is rank k (hosts seen later follow).
   * kubectl: the pods its head names (each pod's rank from its name where it numbers it: `podRankOf`).
   * tasks of pods' files (`podFileJobs`), and their node files: each rank's (each node's) pod, by rank.
   */
  hosts?: string[];
  /** capture: control characters escaped as syslog does (`#015` for a carriage return: SageMaker's CloudWatch log). */
  escapedControls?: boolean;
  /**
   * capture: every line carries the kubelet's time (`kubectl logs --timestamps`), after kubectl's
   * pod prefix (style kubectl) or before the whole line (one pod's log; Docker's `docker logs -t`).
   */
  kubeletTimes?: boolean;
  /** capture (torchrun): torch 2's console without `--tee`, labelled only by PyTorch itself (`CaptureHead.ownLabelsOnly`). */
  ownLabelsOnly?: boolean;
  /**
   * capture (torchrun): a console without `--tee` of which no line is labelled, read for torchrun's
   * word on a failed worker (`CaptureHead.noLabels`): a job only in a folder of no other job (beside
   * torchrun's `--log-dir` or our rank files, it is their console, and they hold the ranks' records).
   */
  noLabels?: boolean;
  /**
   * capture (torchrun, no node prefixes): more than one torchrun wrote it (`srun torchrun` on
   * several nodes without `-l`): its tee labels are each node's local ranks, mixed (`JobImport.notes` says so).
   */
  severalTorchruns?: boolean;
  /**
   * capture (Open MPI): whether its tags are followed by a space (Open MPI 5), which is not the
   * line's. capture (torchrun, and its tee labels under srun or pdsh): false when its `[rank3]:`
   * labels are torchrun's tee's (`--role rank`), a space after them the line's; else they are
   * PyTorch's own, whose space is theirs.
   */
  spacedTags?: boolean;
  /**
   * capture (srun, pdsh) of torchrun on several nodes: its ranks' lines carry torchrun's tee label
   * (`[default3]:`, the local rank) inside the launcher's prefix (`1: `, the node); rank
   * `node * teeWidth + local rank`. Lines with the node's prefix alone are torchrun's own.
   */
  teeWidth?: number;
  /**
   * capture (srun) of torchrun on several nodes numbered by its rendezvous, not by srun's task
   * (`--rdzv_backend c10d`): task t's ranks are `teeSlots[t] * teeWidth + local rank` (as PyTorch's
   * own lines in the head name them); a task without one, its own number.
   */
  teeSlots?: number[];
  /** capture of torchrun given a role (`--role trainer`): its tee labels say `[trainer3]:`, not `[default3]:`. */
  role?: string;
  /** capture of style `format` (a console without prefixes): the user format whose `rank` group names each line's rank. */
  rankFormat?: string;
  /**
   * capture: the file its launcher wrote the ranks' other stream to (Slurm's `--error` beside
   * `--output`, PBS's `.e<id>` beside `.o<id>`, a shell's `2>` beside `>`: streamPairs.ts), read
   * with it into the same ranks, the two merged by time; `first`: its lines come first on equal
   * times (it is stdout).
   */
  otherStream?: { job: ForeignJob; first: boolean };
  /**
   * capture of torchrun's consoles one file per node (srun's `--output=%j_%t.out` of one torchrun
   * per task: `nodeFiles.ts`): this file's node (its lines carry torchrun's tee labels alone, rank
   * `fileNode * teeWidth + local rank`), and on the job, the other nodes' files in node order; the
   * batch output beside them, srun's words on the nodes, is in `launchers`, read after them.
   */
  fileNode?: number;
  nodeFiles?: ForeignJob[];
}

/**
 * How times written without their year (glog's, vLLM's, a user format's without `%Y`) in `job`'s
 * files are dated: in the year of their latest change (a job of last year read this year was
 * dated a year late, after its other records), or the year before (a job across New Year:
 * `YearOfTimes`); this year when none can be looked at.
 */
export async function yearOfTimes(job: ForeignJob): Promise<YearOfTimes> {
  const files = job.kind === 'capture' ? captureFiles(job) : [...job.ranks.values()].flat().map((s) => s.path).slice(0, 256);
  const changed = await mapLimit(files, 32, (f) => fsp.stat(f).then((st) => st.mtimeMs, () => 0));
  const latest = Math.max(0, ...changed);
  if (latest <= 0) return { year: new Date().getFullYear() };
  return { year: new Date(latest).getFullYear(), lastChange: naiveFromEpoch(latest) };
}

/**
 * What the job's launcher does, or tells elsewhere, that its files do not show (for the summary):
 * torchrun stops an attempt's other ranks once one fails; and how ranks ended is not in the files
 * of a torchrun `--log_dir` or of per-rank files alone (a capture holds the launcher's word on
 * each rank that failed, and so does a task job's batch output), where a rank killed by a signal
 * (SIGSEGV, the OOM killer's SIGKILL) wrote nothing of it.
 */
export function launcherFacts(job: ForeignJob): LauncherFacts {
  const facts: LauncherFacts = {};
  if (job.kind === 'torchrun') facts.stopsAttemptOnFailure = true;
  const why = endingsUnrecorded(job);
  if (why) facts.endingsUnrecorded = why;
  return facts;
}

function endingsUnrecorded(job: ForeignJob): string | undefined {
  if (job.kind === 'capture' || (job.launchers?.length ?? 0) > 0) return undefined;
  if (job.kind === 'torchrun') return "torchrun's --log_dir keeps no exit codes, and a rank killed by a signal (SIGSEGV, the OOM killer's SIGKILL) writes nothing there; torchrun's console (its Root Cause) says how each ended";
  // worker_<N>.log files of the job's own logging: no launcher of ours recorded how ranks ended.
  if (job.name === OTHER_WORKER_FILES) return "these worker_<N>.log files are the job's own logging, not our module's: they keep no exit codes, and a rank killed by a signal (SIGSEGV, the OOM killer's SIGKILL) writes nothing there; the launcher's console says how each ended (python -m worker_logging run records it in the rank's log)";
  return "per-rank files keep no exit codes, and a rank killed by a signal (SIGSEGV, the OOM killer's SIGKILL) writes nothing there; the launcher's own output (Slurm's slurm-<job id>.out beside them) says how each ended";
}

/** Slurm's usual `--output` names with the task id, and other common per-rank names. */
export const DEFAULT_RANK_FILE_PATTERNS: readonly string[] = [
  '*_{rank}.out',
  '*_{rank}.err',
  '*.{rank}.out',
  '*.{rank}.err',
  '*.{rank}.log',
  'rank{rank}.log',
  // DeepSpeed's launcher with `--enable_each_rank_log <dir>`: `<YYYYmmddHHMMSS>_rank<N>.log` (a job per time).
  '*_rank{rank}.log',
  'rank_{rank}.log',
  'rank-{rank}.log',
  'task_{rank}.log',
  'task_{rank}.out',
  'task{rank}.out',
  '{rank}.out',
  '{rank}.err',
  // Azure ML's distributed jobs: `user_logs/std_log_process_<N>.txt`, a file a process (its global rank).
  'std_log_process_{rank}.txt',
  // NVIDIA NeMo's exp_manager: a file a rank, its local rank after the global one.
  'nemo_log_globalrank-{rank}_localrank-*.txt',
];

/**
 * A `{rank}` glob (`*` any text without `/`) as a regular expression with groups `pre` (the text of
 * its first `*` before `{rank}`, which names the job: `1234_{rank}.out`'s `1234_`; a `*` after it
 * is each rank's own, a local rank, a host) and `rank`; undefined unless `{rank}` is in it once,
 * without a folder.
 */
export function rankPattern(glob: string): RegExp | undefined {
  if (glob.split('{rank}').length !== 2 || glob.includes('/') || glob.includes('\\')) return undefined;
  let source = '';
  let stars = 0;
  let rank = false;
  for (const part of glob.split(/(\{rank\}|\*|\?)/)) {
    if (part === '{rank}') {
      source += '(?<rank>\\d{1,7})';
      rank = true;
    } else if (part === '*') source += !rank && stars++ === 0 ? '(?<pre>.*?)' : '.*?';
    else if (part === '?') source += '.';
    else source += part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** What is wrong with a name of a rank's file the user gave (`workerLogs.rankFilePatterns`, `--rank-files`); undefined when nothing is. */
export function rankFileProblem(glob: unknown): string | undefined {
  if (typeof glob === 'string' && rankPattern(glob) !== undefined) return undefined;
  return `${JSON.stringify(glob)} is no name of a rank's file: give one with {rank} once, where the rank's number is, without a folder (* any text), for example 'rank{rank}.txt' or '*-task{rank}.log'`;
}

/** The stream a task file's name suggests. */
function taskStream(name: string): string {
  return /\.err$|stderr/i.test(name) ? 'stderr' : /\.out$|stdout/i.test(name) ? 'stdout' : 'log';
}

/**
 * Per-task files in `dir` that match `patterns`: one job per pattern and text in place of its
 * first `*` (`1234_0.out`, `1234_1.out` → job `1234_{rank}.out`). A group counts as a job when it
 * has rank 0 and at least two ranks, so a folder of `slurm-<jobid>.out` files is not one.
 */
export async function readTaskFiles(dir: string, patterns: readonly string[]): Promise<ForeignJob[]> {
  const all = (await listDir(dir)).filter((e) => e.file && rankOfFileName(e.name) === undefined).map((e) => e.name);
  const names = all.filter((n) => !isArrayTaskOutput(n, all));
  const groups = new Map<string, { name: string; ranks: Map<number, RankSource[]>; jobId?: string; pods?: string[] }>();
  const taken = new Set<string>();
  // A rank's one file by rank, each taken from the globs below.
  const oneFileEach = (files: Map<number, string>, loggerOnly: boolean) => {
    const ranks = new Map<number, RankSource[]>();
    for (const [rank, name] of files) {
      ranks.set(rank, [{ path: path.join(dir, name), stream: 'log', attempt: 0, ...(loggerOnly ? { loggerOnly } : {}) }]);
      taken.add(name);
    }
    return ranks;
  };
  // Kubernetes pods' logs, a file each: each pod's rank from its name.
  for (const pods of podFileJobs(names)) groups.set(pods.name, { name: pods.name, ranks: oneFileEach(pods.files, false), pods: pods.pods });
  for (const family of frameworkRankFiles(names)) groups.set(family.name, { name: family.name, ranks: oneFileEach(family.files, true) });
  for (const glob of patterns) {
    const re = rankPattern(glob);
    if (!re) continue;
    for (const name of names) {
      if (taken.has(name)) continue;
      const m = re.exec(name);
      if (!m?.groups) continue;
      const pre = m.groups.pre ?? '';
      // .out and .err of one task belong to one job: the group is named without the extension.
      const shown = (glob.indexOf('*') < glob.indexOf('{rank}') ? glob.replace('*', pre) : glob).replace(/\.(out|err)$/, '.{out,err}');
      // Slurm's `%j_%t` (`%x_%j_%t`, `%N.%j.%t`): the number that ends the text before the task id is the job id.
      const group = groups.get(shown) ?? groups.set(shown, { name: shown, ranks: new Map(), jobId: JOB_ID_BEFORE_TASK.exec(pre)?.[1] }).get(shown)!;
      push(group.ranks, Number(m.groups.rank), { path: path.join(dir, name), stream: taskStream(name), attempt: 0 });
      taken.add(name);
    }
  }
  const jobs: ForeignJob[] = [];
  for (const g of groups.values()) {
    if (!g.ranks.has(0) || g.ranks.size < 2) continue;
    for (const list of g.ranks.values()) list.sort((x, y) => streamOrder(x.stream) - streamOrder(y.stream));
    const launchers = g.jobId === undefined ? [] : launcherFiles(names, taken, g.jobId).map((n) => path.join(dir, n));
    jobs.push({ kind: 'tasks', source: dir, name: g.name, ranks: g.ranks, attempts: [], ...(launchers.length ? { launchers } : {}), ...(g.pods ? { hosts: g.pods } : {}) });
  }
  const mpi = await readOpenMpiOutput(dir);
  if (mpi) jobs.push(mpi);
  return jobs;
}

/** Slurm's default name of a job array's task output, `slurm-%A_%a.out`. */
const SLURM_ARRAY_OUTPUT = /^slurm-(\d{1,12})_\d{1,7}\.(?:out|err)$/;

/**
 * A job array's task output (`slurm-4242_3.out`, Slurm's default name for arrays): each is a job
 * of its own (a capture when its lines carry ranks), not a rank of one, unless the batch output
 * of a job of that id is beside it (`slurm-4242.out`: per-task files named so by `srun`).
 */
function isArrayTaskOutput(name: string, names: readonly string[]): boolean {
  const m = SLURM_ARRAY_OUTPUT.exec(name);
  return !!m && !names.includes(`slurm-${m[1]}.out`) && !names.includes(`slurm-${m[1]}.err`);
}

/** The job id that ends the text before a task file's task id: all of it, or after `_`, `-` or `.`. */
const JOB_ID_BEFORE_TASK = /(?:^|[_.-])(\d{1,12})$/;

/** Batch output files of one job read as its launcher's, at most (`.out` and `.err`, and a copy or two). */
const MAX_LAUNCHER_FILES = 4;

/**
 * The batch script's output files of Slurm job `jobId` among `names` (not task files): named
 * with the job id as a whole number (`slurm-1234.out`, sbatch's default; `train-1234.err`).
 */
function launcherFiles(names: readonly string[], taken: ReadonlySet<string>, jobId: string): string[] {
  const withId = new RegExp(`(?:^|[^0-9])${jobId}(?:[^0-9]|$)`);
  return names.filter((n) => !taken.has(n) && CAPTURE_NAME.test(n) && withId.test(n)).sort().slice(0, MAX_LAUNCHER_FILES);
}

/** A rank's folder of Open MPI's `--output-filename` (zero-filled from 10 ranks on: `rank.03`). */
const OPEN_MPI_RANK = /^rank\.(\d{1,7})$/;
const OPEN_MPI_STREAMS = new Set(['stdout', 'stderr', 'stddiag']);
/** Numbered folders of a folder looked into for Open MPI's `rank.<N>` folders (see `findForeignJobs`). */
const MAX_OPEN_MPI_JOB_IDS = 16;
/** How Open MPI's output folder of a job is named among per-task jobs. */
export const OPEN_MPI_OUTPUT = 'rank.{rank}/std{out,err}';

/**
 * Open MPI's `mpirun --output-filename <dir>`: `<dir>/<job id>/rank.<N>/{stdout,stderr,stddiag}`
 * (`<dir>/rank.<N>/...` with `:nojobid`); `dir` is the folder of the `rank.<N>` folders. A job of
 * per-task files, each rank's streams merged by time. Needs rank 0.
 */
async function readOpenMpiOutput(dir: string): Promise<ForeignJob | undefined> {
  const ranks = new Map<number, RankSource[]>();
  for (const e of await listDir(dir)) {
    const m = e.dir ? OPEN_MPI_RANK.exec(e.name) : null;
    if (!m) continue;
    const folder = path.join(dir, e.name);
    const streams = (await listDir(folder)).filter((f) => f.file && OPEN_MPI_STREAMS.has(f.name)).map((f) => f.name);
    for (const stream of streams.sort((x, y) => streamOrder(x) - streamOrder(y))) push(ranks, Number(m[1]), { path: path.join(folder, stream), stream, attempt: 0 });
  }
  return ranks.has(0) ? { kind: 'tasks', source: dir, name: OPEN_MPI_OUTPUT, ranks, attempts: [] } : undefined;
}

/** The extensions a combined capture's file name may have (a console saved as .txt is one too). */
export const CAPTURE_EXTENSIONS = ['out', 'err', 'log', 'txt'] as const;
/**
 * `.txt` files of one folder looked at as captures, at most: a console saved as text sits among
 * few files, while a folder of text data may hold thousands, each a head to read.
 */
export const MAX_TXT_CAPTURES_PER_FOLDER = 64;
/** PBS's and Grid Engine's output files: `<name>.o<job id>`, `<name>.e<job id>` (an array's `.o<id>-<index>`). */
const BATCH_STREAM_NAME = '\\.[oe]\\d+(?:[.-]\\d+)?';
/** A job id as the name's extension: LSF's `bsub -o output.%J`, Slurm's `--output=train.log.%j` (3 to 8 digits: not a rotated log's `.1`). */
const JOB_ID_EXTENSION = '\\.\\d{3,8}';
/** Those names as globs, one a length (a glob has no count: `*.[0-9]*` would take every `shard.00001.tar` of a dataset). */
const JOB_ID_GLOBS = Array.from({ length: 6 }, (_, i) => `*.${'[0-9]'.repeat(i + 3)}`);
/** File names a combined capture may have. */
export const CAPTURE_NAME = new RegExp(`\\.(${CAPTURE_EXTENSIONS.join('|')})$|${BATCH_STREAM_NAME}$|${JOB_ID_EXTENSION}$`, 'i');
/** A glob of the files a combined capture may be (VS Code's `findFiles`). */
export const CAPTURE_GLOB = `**/{${[...CAPTURE_EXTENSIONS.map((e) => `*.${e}`), '*.[oOeE][0-9]*', ...JOB_ID_GLOBS].join(',')}}`;

/**
 * Every job in `dir` that is not ours: a torchrun run folder (`dir` itself, or its run folders
 * when `dir` is the `--log-dir`), per-task files, combined captures among the other files (a
 * console without prefixes too, whose lines name their rank in one of `formats` with a `rank` group).
 * Why a capture was not read (UTF-16 text) goes to `problems`; who wrote `dir`'s `worker_<N>.log`
 * files, when it has some (`rankFileWriter`), to `writers`. Throws when `dir` is there but cannot
 * be listed (the editor keeps the jobs it found there before).
 */
export async function findForeignJobs(dir: string, patterns: readonly string[] = DEFAULT_RANK_FILE_PATTERNS, formats: readonly LineFormat[] = [], problems?: string[], writers?: Map<string, RankFileWriter>): Promise<ForeignJob[]> {
  const run = await readTorchrunRun(dir);
  if (run) return [run];
  // (A folder there that cannot be listed is an error, not a folder of no jobs: see `listDirOrThrow`.)
  const entries = await listDirOrThrow(dir);
  const runs: ForeignJob[] = [];
  const mpiJobs: ForeignJob[] = [];
  // Open MPI's output folder holds its job ids (`<dir>/1/rank.0/stdout`), a few at most: a folder
  // of many numbered folders (Hydra's multirun) is not listed through.
  let numbered = 0;
  for (const e of entries) {
    if (e.dir && !e.name.startsWith('.')) {
      const sub = await readTorchrunRun(path.join(dir, e.name));
      if (sub) runs.push(sub);
      else if (/^\d{1,9}$/.test(e.name) && ++numbered <= MAX_OPEN_MPI_JOB_IDS) {
        const mpi = await readOpenMpiOutput(path.join(dir, e.name));
        if (mpi) mpiJobs.push(mpi);
      }
    }
  }
  const jobs = await joinNodes(dir, runs);
  for (const j of mpiJobs) jobs.push(j);
  const tasks = await readTaskFiles(dir, patterns);
  // (torchrun's consoles one file per node, srun's `%t`: one capture of their global ranks.)
  for (const t of tasks) jobs.push((await asNodeFiles(t, formats)) ?? t);
  // worker_<N>.log files another program wrote: per-rank files too; so are ours cut in parts by a
  // rotating handler (`worker_0.log.1`): read as ours, a rank would be its last part only.
  const workerFiles = await discoverRanks(dir);
  const parts = rotatedPartsIn(dir, entries.filter((e) => e.file).map((e) => e.name));
  if (workerFiles.length > 0) {
    const writer = await rankFileWriter(workerFiles, [...formats, ...BUILT_IN_FORMATS]);
    writers?.set(dir, writer);
    if (writer === 'other' || hasRotatedParts(parts)) jobs.push(otherWorkerFilesJob(dir, workerFiles, parts));
  } else if (parts.byRank.size > 0) jobs.push(otherWorkerFilesJob(dir, [], parts));
  const inTasks = new Set(tasks.flatMap((t) => [...t.ranks.values()].flat().map((s) => path.basename(s.path))));
  let txt = 0;
  let captures: ForeignJob[] = [];
  for (const e of [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (!e.file || inTasks.has(e.name) || rankOfFileName(e.name) !== undefined || rotatedPartOf(e.name) || !CAPTURE_NAME.test(e.name)) continue;
    if (/\.txt$/i.test(e.name) && ++txt > MAX_TXT_CAPTURES_PER_FOLDER) continue;
    const capture = await readCapture(path.join(dir, e.name), formats, undefined, problems);
    if (capture) captures.push(capture);
  }
  // torchrun's console that labels nothing, beside the ranks' own files: their console, not a job.
  if (jobs.length > 0 || workerFiles.length > 0) captures = captures.filter((c) => !c.noLabels);
  // A capture's two streams in two files (Slurm's --output and --error) are one job.
  const others = new Set(entries.filter((e) => e.file && !inTasks.has(e.name) && rankOfFileName(e.name) === undefined && !rotatedPartOf(e.name)).map((e) => e.name));
  for (const j of await pairStreams(captures, (name) => others.has(name), formats)) jobs.push(j);
  return jobs.sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : a.name < b.name ? -1 : 1));
}

/** The layout of `job` as it is now (new attempts, new task files); undefined when it is gone. */
export async function relistJob(job: ForeignJob, patterns: readonly string[]): Promise<ForeignJob | undefined> {
  if (job.kind === 'torchrun') return job.nodes ? readTorchrunNodes(job) : readTorchrunRun(job.source);
  // worker_<N>.log files of another program's: who wrote them was told once; new ranks join.
  if (job.kind === 'tasks' && job.name === OTHER_WORKER_FILES) {
    const files = await discoverRanks(job.source);
    const parts = await discoverRotatedParts(job.source);
    return files.length > 0 || parts.byRank.size > 0 ? otherWorkerFilesJob(job.source, files, parts) : undefined;
  }
  if (job.kind === 'tasks') return (await readTaskFiles(job.source, patterns)).find((j) => j.name === job.name);
  return undefined;
}
