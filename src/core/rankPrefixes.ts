// The rank prefixes of a combined capture, as each launcher writes them: torchrun's `--tee`
// (`[rank3]:`, `[default3]:`), `srun -l` (`3: `), Open MPI's `--tag-output` (`[1,3]<stdout>:`;
// horovodrun's Gloo launcher writes the same tag without the job, `[3]<stdout>:`),
// MPICH's and Intel MPI's `-prepend-rank` (`[3] `), pdsh's host (`node017: `), Ray Train's
// worker (`(RayTrainWorker pid=7410, ip=10.0.59.242) `) and SkyPilot's node (`(worker1, rank=1,
// pid=13566, ip=10.146.0.26) `; `(task, pid=4494) ` of a job of one node), kubectl's pod
// (`[pod/train-worker-0/pytorch] `) and the kubelet's time after it (`--timestamps`); a prefix inside a line (a partial line
// the launcher prefixed); a capture split into its ranks. Pure:
// strings in, strings out; nothing here throws.

import { kubectlPrefixOf } from './kubernetes';
import { isDigitCode } from './timestamps';

/** `format`: no prefix, the rank a user format reads in each line (see formatRanks.ts). */
export type PrefixStyle = 'torchrun' | 'srun' | 'openmpi' | 'mpich' | 'pdsh' | 'ray' | 'skypilot' | 'kubectl' | 'format';

export interface RankPrefix {
  style: PrefixStyle;
  /** The rank the prefix names; -1 for pdsh, Ray and kubectl, whose prefixes name a host, a process or a pod (`host`). */
  rank: number;
  /** The stream Open MPI names (`stdout`, `stderr`, `stddiag`). */
  stream?: string;
  /** pdsh: the host the line came from; Ray: the worker process (`rayWorkerName`); kubectl: the pod. */
  host?: string;
  /**
   * A space after the tag was taken off as the tag's: Open MPI 5 writes one (in 4 it is the line's
   * own); PyTorch's `[rank3]: ` (the rest of a partial line gets it back: see CaptureRanks.take).
   */
  spaced?: boolean;
  /** The line without its prefix. */
  rest: string;
  /** Open MPI's `--timestamp-output`: the time the launcher stamped before the tag (naive ms, whole seconds); the kubelet's (`kubectl logs --timestamps`). */
  time?: number;
}

/** `srun -l` / `--label`: `3: ` (right-aligned for wider task ids). */
const SRUN = /^ {0,6}(\d{1,7}): (.*)$/s;

/** The line without srun's label of task `rank` (`srun -l --output=%t`: each task's file labels its lines too), undefined when it has none. */
export function srunLabelOf(line: string, rank: number): string | undefined {
  const m = SRUN.exec(line);
  return m && Number(m[1]) === rank ? m[2] : undefined;
}
/** MPICH's and Intel MPI's `mpiexec -prepend-rank` (Hydra's pattern `[%r] `; Intel MPI's `-l`): `[3] `. */
const MPICH = /^\[(\d{1,7})\] (.*)$/s;
/**
 * Open MPI `--tag-output`: `[jobid,rank]<stdout>:`; horovodrun (its Gloo launcher, which
 * forwards each worker's output as Open MPI does, a piece of a line tagged at a time, with
 * `time.asctime()` before the tag when asked to) writes `[rank]<stdout>:`. SageMaker's MPI jobs
 * (its training toolkit's mpirun, in the job's CloudWatch log) tag the rank and its host:
 * `[1,mpirank:3,algo-1]<stderr>:`.
 */
const OPENMPI = /^\[(?:(\d{1,9}),)?(?:mpirank:)?(\d{1,7})(?:,[A-Za-z0-9][A-Za-z0-9._-]{0,62})?\]<(stdout|stderr|stddiag)>:(.*)$/s;
/**
 * Open MPI's `--timestamp-output` before its tag: C's `ctime()` without its newline,
 * `Tue Dec  1 19:57:26 2026[1,0]<stdout>:text`.
 */
const CTIME_TEXT = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) ([ \\d]\\d) (\\d\\d):(\\d\\d):(\\d\\d) (\\d{4})';
const CTIME = new RegExp(`^${CTIME_TEXT}(?=[[<])`);
const CTIME_LENGTH = 24;
const CTIME_MONTHS = 'JanFebMarAprMayJunJulAugSepOctNovDec';
/** The same tag anywhere in a line (a partial line another tag followed: see `nextPrefixAt`). */
const OPENMPI_ANYWHERE = /\[(?:\d{1,9},)?(?:mpirank:)?\d{1,7}(?:,[A-Za-z0-9][A-Za-z0-9._-]{0,62})?\]<(?:stdout|stderr|stddiag)>:/g;
/**
 * pdsh / pdcp (`host: `): a host name, with a digit in it as cluster nodes have (`node017`,
 * `gpu-a100-3`, `10.0.0.5`), so that `Epoch: 3` or `WARNING: x` are not hosts.
 */
const PDSH = /^([A-Za-z0-9][A-Za-z0-9._-]{0,62}): (.*)$/s;
const HAS_DIGIT = /\d/;
/**
 * Ray's prefix on a line its driver copied from a Ray Train worker (an actor): `(RayTrainWorker
 * pid=7410, ip=10.0.59.242) ` (a worker on another node than the driver's), `(RayTrainWorker
 * pid=7410) ` (on the driver's), coloured when the driver writes to a terminal. Other actors'
 * lines (`(TorchTrainer pid=...)`, `(raylet)`) are the launcher's.
 */
// eslint-disable-next-line no-control-regex -- the driver colours the prefix on a terminal
const RAY = /^(?:\x1b\[[\d;]{0,12}m)?\(RayTrainWorker pid=(\d{1,10})(?:, ip=([0-9A-Fa-f.:]{1,45}))?\)(?:\x1b\[[\d;]{0,12}m)? ?(.*)$/s;

/**
 * SkyPilot's prefix on a line of one node of a job of several (`sky launch`, `sky logs`): `(head,
 * rank=0, pid=18260) `, `(worker1, rank=1, pid=13566, ip=10.146.0.26) ` (its Go agent writes `ip=`
 * before `pid=`), coloured cyan (the colour's codes stay in its log). The rank is the node's
 * (`SKYPILOT_NODE_RANK`). A job of one node names its task instead (`(task, pid=4494) `,
 * `(train, pid=4494) ` for a task named `train`): node 0, its only one. Its
 * setup's lines (`(setup pid=1234) `) name no node: they are the launcher's.
 */
// eslint-disable-next-line no-control-regex -- SkyPilot colours the prefix in its log
const SKYPILOT = /^(?:\x1b\[[\d;]{0,12}m)?\((?:head|worker\d{1,6}), rank=(\d{1,6}), (?:pid=\d{1,10}(?:, ip=[0-9A-Fa-f.:]{1,45})?|ip=[0-9A-Fa-f.:]{1,45}, pid=\d{1,10})\)(?:\x1b\[[\d;]{0,12}m)? ?(.*)$/s;
/** SkyPilot's prefix on a line of a job of one node: its task's name (SkyPilot's names: letters, digits, `.`, `_`, `-`), `pid=`. */
// eslint-disable-next-line no-control-regex -- SkyPilot colours the prefix in its log
const SKYPILOT_TASK = /^(?:\x1b\[[\d;]{0,12}m)?\([A-Za-z0-9][A-Za-z0-9._-]{0,62}, pid=\d{1,10}\)(?:\x1b\[[\d;]{0,12}m)? ?(.*)$/s;

/** Whether a line carries SkyPilot's prefix of a job of one node (`(task, pid=4494) `): its node is the job's only one. */
export function isSkypilotTaskLine(line: string): boolean {
  return SKYPILOT_TASK.test(line);
}

/** The name of a Ray Train worker's process, as its rank's `host`: `pid 7410 on 10.0.59.242`, `pid 7410` (on the driver's node). */
export function rayWorkerName(pid: string, ip: string | undefined): string {
  return ip ? `pid ${pid} on ${ip}` : `pid ${pid}`;
}

/**
 * torchrun `--tee` / `--local-ranks-filter` output: `[default3]:` (role + local rank; `--role
 * trainer` makes it `[trainer3]:`, read when the capture's head told that role: `role`; role `''`
 * reads its prefix template's `[3]:`, see `rankAloneLabelOf`) or
 * `[rank3]:`, at `at`, read by hand (every line of a big capture comes here); the rank and where
 * the text after it starts. `[rank3]: ` is also what PyTorch 2.4+ puts before each line a worker
 * writes to stderr itself (a traceback's, a C++ warning's `[rank3]:[W1130 ...]`): its space is
 * the prefix's, and is taken with it (`spaced`; `torchLabelOf` reads the same label at the start
 * of a rank's own line).
 */
function torchrunPrefixAt(line: string, at: number, role: string | undefined): { rank: number; end: number; spaced: boolean; own: boolean } | undefined {
  if (line.charCodeAt(at) !== 91) return undefined;
  const own = line.startsWith('rank', at + 1);
  const t = own || line.startsWith('default', at + 1) ? labelAt(line, at + (own ? 5 : 8), own) : undefined;
  if (t || role === undefined || !line.startsWith(role, at + 1)) return t;
  const label = labelAt(line, at + 1 + role.length, false);
  // The rank alone with nothing after it (but a carriage return: a console saved with CRLF) is
  // torchrun's failure summary's (`Failures:` then `[1]:` and the failure's fields below it), not
  // a rank's line.
  return role === '' && label && (label.end >= line.length || (label.end === line.length - 1 && line.charCodeAt(label.end) === 13)) ? undefined : label;
}

/** A label's rank at `i` (after its word), its `]:`, and where its text starts (`own`: PyTorch's `[rank3]:`, whose space is its own). */
function labelAt(line: string, i: number, own: boolean): { rank: number; end: number; spaced: boolean; own: boolean } | undefined {
  const start = i;
  let rank = 0;
  while (i < line.length && i - start < 8 && isDigitCode(line.charCodeAt(i))) rank = rank * 10 + line.charCodeAt(i++) - 48;
  if (i === start || i - start > 7 || line.charCodeAt(i) !== 93 || line.charCodeAt(i + 1) !== 58) return undefined;
  const spaced = own && line.charCodeAt(i + 2) === 32;
  return { rank, end: spaced ? i + 3 : i + 2, spaced, own };
}

/**
 * torchrun's label at the start of `text`: a tee label inside another launcher's prefix (its
 * local rank), or PyTorch's own `[rank3]: ` at the start of a rank's line (`own`); the rank, and
 * where the text after it starts. `role`: the tee's role when not `default` (see `torchrunPrefixAt`).
 */
export function torchLabelOf(text: string, role?: string): { rank: number; end: number; spaced: boolean; own: boolean } | undefined {
  return text.charCodeAt(0) === 91 ? torchrunPrefixAt(text, 0, role) : undefined;
}

/**
 * A role torchrun was given (`--role trainer`: its tee labels are `[trainer3]:`), at the start of
 * `text` (a line, or its text after srun's or pdsh's prefix): the role and the local rank. Read in
 * a capture's head (see captureHead.ts), which decides whether the word is a role; `rank` and
 * `default` are read without it. A role ending in a digit reads as a shorter one (`[gpu20]:` is
 * `gpu`, 20): the same for every line, so the ranks stay apart.
 */
const ROLE_LABEL = /^\[([A-Za-z_][A-Za-z0-9_.-]{0,31}?)(\d{1,7})\]:/;

export function roleLabelOf(text: string): { role: string; rank: number } | undefined {
  const m = text.charCodeAt(0) === 91 ? ROLE_LABEL.exec(text) : null;
  return m && m[1] !== 'rank' && m[1] !== 'default' ? { role: m[1], rank: Number(m[2]) } : undefined;
}

/**
 * torchrun's label of the rank alone, `[3]:`: its prefix template (`--log-line-prefix-template
 * '[${rank}]:'`, or `TORCHELASTIC_LOG_LINE_PREFIX_TEMPLATE`, PyTorch 2.2+), the example its
 * documentation gives, whose number is the global rank. Read as the labels of an empty role (`''`,
 * as `torchrunPrefixAt` reads them: one alone on its line is torchrun's failure summary's).
 */
export function rankAloneLabelOf(text: string): { role: string; rank: number } | undefined {
  const label = text.charCodeAt(0) === 91 && isDigitCode(text.charCodeAt(1)) ? torchrunPrefixAt(text, 0, '') : undefined;
  return label ? { role: '', rank: label.rank } : undefined;
}

/** The `--timestamp-output` time at the start of `line` when `next` (a tag's first character) follows it, as naive ms; undefined otherwise. */
function ctimeBefore(line: string, next: number): number | undefined {
  const m = line.length > CTIME_LENGTH && line.charCodeAt(CTIME_LENGTH) === next ? CTIME.exec(line) : null;
  return m ? ctimeOf(m) : undefined;
}

/** Naive ms of a match of CTIME_TEXT. */
function ctimeOf(m: RegExpExecArray): number | undefined {
  const time = Date.UTC(Number(m[6]), CTIME_MONTHS.indexOf(m[1]) / 3, Number(m[2].trim()), Number(m[3]), Number(m[4]), Number(m[5]));
  return Number.isFinite(time) ? time : undefined;
}

const CTIME_ALONE = new RegExp(`^${CTIME_TEXT}$`);

/** C's `ctime()` without its newline (`Wed Apr 22 15:21:52 2026`), as naive ms; undefined for any other text. */
export function parseCtime(text: string): number | undefined {
  const m = text.length === CTIME_LENGTH ? CTIME_ALONE.exec(text) : null;
  return m ? ctimeOf(m) : undefined;
}

/** Open MPI's tag after its `--timestamp-output` time, with that time; undefined for any other line. */
function stampedTagOf(line: string): RankPrefix | undefined {
  const time = ctimeBefore(line, 91);
  if (time === undefined) return undefined;
  const p = rankPrefixOf(line.slice(CTIME_LENGTH));
  return p?.style === 'openmpi' ? { ...p, time } : undefined;
}

/** The stream alone after the time (`--timestamp-output` without `--tag-output`, in `--output-filename`'s files). */
const STREAM_TAG = /^<(?:stdout|stderr|stddiag)>:/;
/** A tag inside a line of those files, with its time or its `[job,rank]` or both: Open MPI tags each chunk it forwards, and a line may come in two. */
const INNER_TAG = new RegExp(`(?:${CTIME_TEXT})?(?:\\[(?:\\d{1,9},)?\\d{1,7}\\])?<(?:stdout|stderr|stddiag)>:`, 'g');

/**
 * A line of a rank's file of Open MPI's `--output-filename` written with `--tag-output` or
 * `--timestamp-output` (`[1,3]<stderr>:text`, `Tue Dec  1 19:57:26 2026[1,3]<stderr>:text`,
 * `Tue Dec  1 19:57:26 2026<stderr>:text`): its text, and the time, when one was stamped.
 */
export function openMpiTagOf(line: string): { rest: string; time?: number } | undefined {
  const lead = leadingOpenMpiTag(line);
  if (!lead || lead.rest.indexOf('>:') < 0) return lead;
  // The rest of a line Open MPI forwarded in pieces: each piece's tag comes off.
  return { ...lead, rest: lead.rest.replace(INNER_TAG, (tag) => (tag.charCodeAt(0) === 60 ? tag : '')) };
}

function leadingOpenMpiTag(line: string): { rest: string; time?: number } | undefined {
  // Open MPI 4 writes these files: a space after the tag is the line's own (a traceback's frame).
  const c = line.charCodeAt(0);
  if (c === 91) {
    const p = rankPrefixOf(line);
    return p?.style === 'openmpi' ? { rest: p.spaced ? ' ' + p.rest : p.rest } : undefined;
  }
  const tagged = stampedTagOf(line);
  if (tagged) return { rest: tagged.spaced ? ' ' + tagged.rest : tagged.rest, time: tagged.time };
  const time = ctimeBefore(line, 60);
  const tag = time === undefined ? null : STREAM_TAG.exec(line.slice(CTIME_LENGTH));
  return tag ? { rest: line.slice(CTIME_LENGTH + tag[0].length), time } : undefined;
}

/** `role`: torchrun's role when its tee labels do not say `default` (`[trainer3]:`; see `roleLabelOf`). */
export function rankPrefixOf(line: string, role?: string): RankPrefix | undefined {
  const c = line.charCodeAt(0);
  // A weekday's capital: Open MPI's time before its tag.
  if (c === 77 || c === 84 || c === 87 || c === 70 || c === 83) {
    const stamped = stampedTagOf(line);
    if (stamped) return stamped;
  }
  if (c === 91) {
    if (line.charCodeAt(1) === 112) {
      const pod = kubectlPrefixOf(line);
      if (pod) return pod;
    }
    const t = torchrunPrefixAt(line, 0, role);
    if (t) return t.spaced ? { style: 'torchrun', rank: t.rank, rest: line.slice(t.end), spaced: true } : { style: 'torchrun', rank: t.rank, rest: line.slice(t.end) };
    const m = OPENMPI.exec(line);
    if (!m) {
      const h = MPICH.exec(line);
      return h ? { style: 'mpich', rank: Number(h[1]), rest: h[2] } : undefined;
    }
    // Open MPI 5 puts a space after the tag, 4 does not.
    return m[4].startsWith(' ') ? { style: 'openmpi', rank: Number(m[2]), stream: m[3], rest: m[4].slice(1), spaced: true } : { style: 'openmpi', rank: Number(m[2]), stream: m[3], rest: m[4] };
  }
  if (c === 32 || isDigitCode(c)) {
    const m = SRUN.exec(line);
    if (m) return { style: 'srun', rank: Number(m[1]), rest: m[2] };
  }
  if (c === 40 || c === 27) {
    const r = RAY.exec(line);
    if (r) return { style: 'ray', rank: -1, host: rayWorkerName(r[1], r[2]), rest: r[3] };
    const sky = SKYPILOT.exec(line);
    if (sky) return { style: 'skypilot', rank: Number(sky[1]), rest: sky[2] };
    const task = SKYPILOT_TASK.exec(line);
    if (task) return { style: 'skypilot', rank: 0, rest: task[1] };
  }
  const m = PDSH.exec(line);
  if (m && HAS_DIGIT.test(m[1])) return { style: 'pdsh', rank: -1, host: m[1], rest: m[2] };
  return undefined;
}

/**
 * Ray Train's table of its workers, written by its trainer (or controller) once they started:
 * `(TorchTrainer pid=7236) - (ip=10.0.59.242, pid=7410) world_rank=0, local_rank=0, node_rank=0`
 * (Ray 2.8 writes `rank=0`; 2.9+ `world_rank=0`, some with `node_id=...` first).
 */
// eslint-disable-next-line no-control-regex -- the driver colours the prefix on a terminal
const RAY_TABLE = /^(?:\x1b\[[\d;]{0,12}m)?\((?:TorchTrainer|TrainController|\w{1,40}Trainer) pid=\d{1,10}(?:, ip=[^)]{1,45})?\)(?:\x1b\[[\d;]{0,12}m)? - \((?:node_id=\w{1,128}, )?ip=([0-9A-Fa-f.:]{1,45}), pid=(\d{1,10})\) (?:world_)?rank=(\d{1,7}),/;

/** The line before Ray Train's table of its workers (Train v1's trainer; v2's controller). */
// eslint-disable-next-line no-control-regex -- the driver colours the prefix on a terminal
const RAY_TABLE_HEAD = /^(?:\x1b\[[\d;]{0,12}m)?\([\w.]{1,60} pid=\d{1,10}(?:, ip=[^)]{1,45})?\)(?:\x1b\[[\d;]{0,12}m)? Started (?:distributed worker processes|training worker group of size \d{1,7}):/;

export function isRayTableHead(line: string): boolean {
  return line.length < 1000 && RAY_TABLE_HEAD.test(line);
}

/** A line of Ray Train's table of its workers: the worker's process and its world rank. */
export function rayTableEntry(line: string): { ip: string; pid: string; rank: number } | undefined {
  const m = line.length < 1000 ? RAY_TABLE.exec(line) : null;
  return m ? { ip: m[1], pid: m[2], rank: Number(m[3]) } : undefined;
}

/**
 * Where in `text` (a line's text after its prefix) another prefix of `style` starts, or -1. A
 * launcher that copies what a rank wrote as it comes (torchrun's tee reads line by line, Open MPI
 * forwards chunks) prefixes a partial line too, and the next prefix, of that rank or another,
 * follows it on the same line: `[rank0]:loss 0.5[rank1]:step 3`. The text before such a prefix is
 * the start of a line its rank finishes later. srun's and pdsh's prefixes are too common in text
 * to be looked for inside a line.
 */
export function nextPrefixAt(text: string, style: PrefixStyle | undefined, role?: string): number {
  if (style === 'torchrun') {
    // The rank alone (`[3]:`, role `''`) is not looked for inside a line: a print's `shape[0]: 32` would cut it.
    const inner = role || undefined;
    // (Most lines hold no label's word: looked for at once, not at each `[`.)
    if (!text.includes('[rank') && !text.includes('[default') && (inner === undefined || !text.includes(`[${inner}`))) return -1;
    for (let i = text.indexOf('['); i >= 0; i = text.indexOf('[', i + 1)) if (torchrunPrefixAt(text, i, inner)) return i;
    return -1;
  }
  if (style === 'openmpi' && text.indexOf('<') >= 0) {
    OPENMPI_ANYWHERE.lastIndex = 0;
    const m = OPENMPI_ANYWHERE.exec(text);
    if (!m) return -1;
    // With `--timestamp-output`, the tag's time comes before it.
    const at = m.index - CTIME_LENGTH;
    return at >= 0 && CTIME.test(text.slice(at, m.index + 1)) ? at : m.index;
  }
  return -1;
}

/** A capture's hosts (pdsh) as ranks: in natural order (`node2` before `node10`). */
export function hostOrder(hosts: Iterable<string>): string[] {
  return [...new Set(hosts)].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

export interface Demultiplexed {
  style?: PrefixStyle;
  /** Each virtual rank's lines, with the capture's line number of each (0-based). */
  ranks: Map<number, { lines: string[]; source: number[] }>;
  /** Lines without the capture's prefix: the launcher's own (torchrun's summary, Slurm's messages). */
  launcher: { lines: string[]; source: number[] };
}

/**
 * A combined capture split into its ranks. The style is the one most prefixed lines of the first
 * 2,000 use (so a message that happens to start with `3: ` in a torchrun capture stays a message);
 * lines in another style, or none, are the launcher's. pdsh's hosts (kubectl's pods) are ranks in their natural
 * order.
 */
export function demultiplex(lines: readonly string[]): Demultiplexed {
  const votes = new Map<PrefixStyle, number>();
  const hosts: string[] = [];
  for (const line of lines.slice(0, 2000)) {
    const p = rankPrefixOf(line);
    if (p) votes.set(p.style, (votes.get(p.style) ?? 0) + 1);
  }
  let style: PrefixStyle | undefined;
  for (const [s, n] of votes) if (style === undefined || n > votes.get(style)! || (style === 'pdsh' && n === votes.get(style))) style = s;
  if (style === 'pdsh' || style === 'kubectl') for (const line of lines) hosts.push(rankPrefixOf(line)?.host ?? '');
  const rankOfHost = new Map(hostOrder(hosts.filter((h) => h !== '')).map((h, i) => [h, i]));
  const out: Demultiplexed = { style, ranks: new Map(), launcher: { lines: [], source: [] } };
  lines.forEach((line, i) => {
    const p = style ? rankPrefixOf(line) : undefined;
    const rank = p?.host !== undefined ? rankOfHost.get(p.host)! : p?.rank;
    const into = p && p.style === style && rank !== undefined ? out.ranks.get(rank) ?? out.ranks.set(rank, { lines: [], source: [] }).get(rank)! : out.launcher;
    into.lines.push(p && p.style === style ? p.rest : line);
    into.source.push(i);
  });
  return out;
}

/**
 * PyTorch's own words on a worker's global rank: its `[rank2]:` label (torch 2.2 and later, on its
 * C++ warnings and a worker's traceback), c10d's store-based barrier at `init_process_group`
 * (torch 1.x, logged at INFO: `Added key: store_based_barrier_key:1 to store for rank: 2`,
 * `Rank 2: Completed store-based barrier for key:...`).
 */
const RANK_WORDS = [/^\[rank(\d{1,7})\]:/m, /\bstore_based_barrier_key:\d+ to store for rank: (\d{1,7})\b/, /\bRank (\d{1,7}): Completed store-based barrier\b/];

/** The global rank PyTorch's own lines in `text` name, if any. */
export function globalRankIn(text: string): number | undefined {
  let best: { at: number; rank: number } | undefined;
  for (const re of RANK_WORDS) {
    const m = re.exec(text);
    if (m && (!best || m.index < best.at)) best = { at: m.index, rank: Number(m[1]) };
  }
  return best?.rank;
}
