// What a window of a file's lines (its head, its first 64 KiB; or a window further in) tells of it
// as a combined capture: the prefix style most of its lines carry (torchrun's, srun's, Open MPI's,
// Hydra's, pdsh's hosts, Ray Train's workers, numbered by the world ranks of its table of them),
// Open MPI's space after its tags, and torchrun's tee labels inside srun's or pdsh's prefixes; a
// console split by a user format's rank group. Pure: the file is read by captureFile.ts.
import { kubeletTimeOf } from './kubernetes';
import { hostOrder, isSkypilotTaskLine, PrefixStyle, RankPrefix, rankAloneLabelOf, rankPrefixOf, rayTableEntry, rayWorkerName, roleLabelOf, torchLabelOf } from './rankPrefixes';
import { rankOfFormatLine } from './formatRanks';
import { addTeeNode, TeeNodes } from './teeSlots';
import type { LineFormat } from './lineFormats';
import type { Utf16 } from './utf16';
import { LauncherRanks, TORCHRUN_OWN, unlabelledConsole } from './unlabelledConsoles';

/** A Python traceback's first line. */
const TRACEBACK_HEAD = 'Traceback (most recent call last):';
/** A line of PyTorch's C++ log (c10's glog-like format, 2.4+: `[E922 19:01:21.891247234 ProcessGroupNCCL.cpp:632] `). */
const C10_LINE = /^\[[EWIF]\d{3,4} \d\d:\d\d:\d\d\.\d{1,9} [\w.-]{1,200}:\d{1,7}\] /;

/** A carriage return or an escape as syslog writes them (`#015`, `#033[`). */
const ESCAPED_CONTROL = /#015|#033\[/;

/** Prefixes that name a node, inside which torchrun's tee labels name its local ranks (`1: [default3]:`). */
export const NODE_STYLES: ReadonlySet<PrefixStyle> = new Set(['srun', 'pdsh', 'skypilot', 'kubectl']);

/** A node's text after its prefix, without the kubelet's time (`kubectl logs --timestamps`) before it. */
export function nodeText(p: RankPrefix): string {
  return p.style === 'kubectl' ? kubeletTimeOf(p.rest)?.rest ?? p.rest : p.rest;
}

/** What a capture's head tells: its prefix style, and for pdsh the hosts it names (as ranks, in order). */
export interface CaptureHead {
  style: PrefixStyle | undefined;
  hosts: string[];
  spacedTags?: boolean;
  teeWidth?: number;
  /** torchrun on several nodes under srun or pdsh: the nodes its head shows, and the global ranks PyTorch's own lines of their local ranks name there (see `ForeignJob.teeSlots`). */
  teeNodes?: TeeNodes;
  /** torchrun's role, when its tee labels name one of the user's (`--role trainer`: `[trainer3]:`). */
  role?: string;
  /** Style `format`: the user format whose `rank` group names each line's rank. */
  rankFormat?: string;
  /** The head's lines that carry the prefix of its style (style `format`: that the format names a rank in). */
  labelled?: number;
  /** A capture in UTF-16 (Windows PowerShell's `>`), not read: its style is that of its text. */
  utf16?: Utf16;
  /** Control characters escaped as syslog does (`#015`: SageMaker's CloudWatch log). */
  escapedControls?: boolean;
  /** The kubelet's time on every line: after kubectl's pod prefix (`--timestamps`), or before the line (one pod's, `docker logs -t`). */
  kubeletTimes?: boolean;
  /**
   * torch 2's console without `--tee` (torchrun's and `accelerate launch`'s default): its only
   * labels are PyTorch's own, on a failed rank's traceback and C++ log lines; the ranks' records
   * are among the lines without a label.
   */
  ownLabelsOnly?: boolean;
  /** Of those, one with no label at all, told by torchrun's word on a failed worker (`unlabelledTorchrunConsole`), or srun's or mpirun's (`launcherRanks`). */
  noLabels?: boolean;
  /** Of those, one of ranks srun, mpirun or mp.spawn started themselves, told by its word on one that failed (`unlabelledLauncherConsole`). */
  launcherRanks?: LauncherRanks;
}

/** The prefix style of a combined capture, from its head; undefined when it is not one. */
export function captureStyleOf(head: string): PrefixStyle | undefined {
  return readCaptureHead(headLines(head)).style;
}

/** A head's lines, without the last (a read of the head may cut it). */
export function headLines(head: string): string[] {
  const lines = head.split('\n');
  if (lines.length > 1) lines.pop();
  return lines;
}

/**
 * The role torchrun's tee labels name in these lines when it is not `default` (`--role trainer`):
 * the word most labels of a `[<word><N>]:` shape carry, at the start of a line or after srun's or
 * pdsh's prefix; `''` for labels of the rank alone (`[3]:`, torchrun's prefix
 * template `[${rank}]:`). A word like that in a script's own lines (`[epoch3]: loss ...`) is not a role:
 * a role's labels name two ranks at least, whose lines interleave (the number goes back, as ranks
 * writing at once do; an epoch's only goes up): twice, or once beside torchrun's own lines. Rank
 * 0 alone beside them is a job of one rank.
 */
function teeRoleOf(lines: readonly string[], torchrunOwn: boolean): string | undefined {
  const words = new Map<string, { lines: number; ranks: Set<number>; last: number; back: number }>();
  for (const line of lines) {
    const own = roleLabelOf(line) ?? rankAloneLabelOf(line);
    const node = own ? undefined : rankPrefixOf(line);
    const text = node && NODE_STYLES.has(node.style) ? nodeText(node) : undefined;
    const label = own ?? (text !== undefined ? roleLabelOf(text) ?? rankAloneLabelOf(text) : undefined);
    if (!label) continue;
    let w = words.get(label.role);
    if (!w) {
      if (words.size >= 64) continue;
      words.set(label.role, (w = { lines: 0, ranks: new Set(), last: -1, back: 0 }));
    }
    w.lines++;
    if (w.ranks.size < 1024) w.ranks.add(label.rank);
    if (label.rank < w.last) w.back++;
    w.last = label.rank;
  }
  let best: string | undefined;
  for (const [word, w] of words) if (best === undefined || w.lines > words.get(best)!.lines) best = word;
  const w = best === undefined ? undefined : words.get(best)!;
  if (!w) return undefined;
  const interleaved = w.ranks.size >= 2 && w.back >= (torchrunOwn ? 1 : 2);
  return interleaved || (torchrunOwn && w.ranks.size === 1 && w.ranks.has(0)) ? best : undefined;
}

export function readCaptureHead(windowLines: readonly string[], further = false): CaptureHead {
  const role = teeRoleOf(windowLines, windowLines.some((line) => TORCHRUN_OWN.test(line)));
  // Further into a file than its head (see `laterWindows`): its lines from the first with a
  // prefix (the preamble's end), of which the ranks' must be most, four at least, whatever
  // their labels.
  const from = further ? windowLines.findIndex((line) => rankPrefixOf(line, role) !== undefined) : 0;
  if (from < 0) return unlabelledConsole(windowLines) ?? { style: undefined, hosts: [] };
  const lines = from > 0 ? windowLines.slice(from) : windowLines;
  const votes = new Map<PrefixStyle, Set<number | string>>();
  const lineVotes = new Map<PrefixStyle, number>();
  const hostLines = new Map<string, number>();
  let spaced = 0;
  let counted = 0;
  /**
   * torchrun's tee labels inside the prefixes: the lines with one, the nodes of each local rank,
   * whether one names its role `default`, the highest; the nodes seen, the highest numbered (for
   * labels of the rank alone, global ranks: see `teeWidthOf`).
   */
  const tee = { lines: 0, byNode: new Map<number, Set<string>>(), role: false, max: 0, nodes: new Set<string>(), maxNode: 0 };
  /** srun's tasks (pdsh's hosts) with torchrun's tee labels, and the global ranks PyTorch's own lines of their local ranks name. */
  const nodes: TeeNodes = { seen: new Set(), named: [] };
  /** srun's label widths (`  7: ` is 3 wide), and whether a label was padded. */
  const srunWidths = new Set<number>();
  let srunPadded = false;
  /** torchrun's own lines (its banner, its agent's words): one tee label beside them is a capture. */
  let torchrunOwn = false;
  /** Lines of SkyPilot's job of one node (`(task, pid=4494) `): its only node's. */
  let skypilotTask = 0;
  /** kubectl's lines with the kubelet's time after the pod. */
  let kubeletTimes = 0;
  /** Ray Train's table of its workers: each worker's name by world rank. */
  const rayRanks: string[] = [];
  /** `[rank3]:` labels followed by one space and text (PyTorch's own), and by the line's text at once (torchrun's tee given `--role rank`). */
  const rankLabels = { spaced: 0, bare: 0 };
  /**
   * PyTorch's own labelled text (2.2+, on what a rank writes to stderr itself): a traceback
   * (`[rank2]: Traceback (most recent call last):`), and lines of its C++ log (`[rank0]:[E922
   * 19:01:21.891247234 ProcessGroupNCCL.cpp:632] ...`: a watchdog's timeout).
   */
  const ownLabels = { traceback: false, c10: 0 };
  /** Lines of style torchrun whose label is PyTorch's own (`[rank2]: Traceback`, `[rank0]:[E922 ...`), not a tee label. */
  let ownLabelled = 0;
  let rayTableDone = false;
  for (const line of lines) {
    if (!line.trim()) continue;
    counted++;
    const p = rankPrefixOf(line, role);
    if (!p) {
      torchrunOwn ||= TORCHRUN_OWN.test(line);
      const ray = line.charCodeAt(0) === 40 || line.charCodeAt(0) === 27 ? rayTableEntry(line) : undefined;
      if (ray && ray.rank < 100_000 && !rayTableDone) rayRanks[ray.rank] ??= rayWorkerName(ray.pid, ray.ip);
      // (The first table ends at the first line after it that is not one of its lines.)
      rayTableDone ||= !ray && rayRanks.length > 0;
      continue;
    }
    if (p.style === 'torchrun') {
      countRankLabel(rankLabels, line);
      ownLabels.traceback ||= p.rest.trimStart().startsWith(TRACEBACK_HEAD);
      if (C10_LINE.test(p.rest)) ownLabels.c10++;
      if (p.host === undefined && isOwnLabelled(line)) ownLabelled++;
    }
    if (p.style === 'skypilot' && isSkypilotTaskLine(line)) skypilotTask++;
    const text = nodeText(p);
    if (p.style === 'kubectl' && text !== p.rest) kubeletTimes++;
    if (p.style === 'srun') {
      srunWidths.add(line.length - p.rest.length - 2);
      srunPadded ||= line.charCodeAt(0) === 32;
    }
    (votes.get(p.style) ?? votes.set(p.style, new Set()).get(p.style)!).add(p.host ?? p.rank);
    lineVotes.set(p.style, (lineVotes.get(p.style) ?? 0) + 1);
    if (p.host !== undefined) hostLines.set(p.host, (hostLines.get(p.host) ?? 0) + 1);
    const label = NODE_STYLES.has(p.style) ? torchLabelOf(text, role) : undefined;
    if (label) {
      const node = `${p.style}:${p.host ?? p.rank}`;
      tee.nodes.add(node);
      if (p.host === undefined) tee.maxNode = Math.max(tee.maxNode, p.rank);
      tee.lines++;
      (tee.byNode.get(label.rank) ?? tee.byNode.set(label.rank, new Set()).get(label.rank)!).add(node);
      tee.role ||= !label.own;
      tee.max = Math.max(tee.max, label.rank);
      countRankLabel(rankLabels, text);
      if (p.style === 'srun' || p.style === 'pdsh') addTeeNode(nodes, p, label, text);
    }
    if (p.spaced && p.style === 'openmpi') spaced++;
  }
  // A rank prefix wins over pdsh's host, which any `name1: text` line looks like.
  let best: PrefixStyle | undefined;
  for (const [style, ranks] of votes) if (!best || (best === 'pdsh' && style !== 'pdsh') || (style !== 'pdsh' && ranks.size > votes.get(best)!.size)) best = style;
  const none = { style: undefined, hosts: [] };
  if (!best || counted === 0) return unlabelledConsole(lines) ?? none;
  // torchrun's and Open MPI's labels say what they are: two lines are enough, however many the
  // launcher wrote around them (a job that failed at once is a few lines of its ranks, then
  // torchrun's own traceback of thirty). `3: ` and `host: ` start other text too: they must be
  // most of the lines.
  // A job whose ranks log to files (through our module) shows only their warnings on the console:
  // there one line of a rank, beside torchrun's own, is enough.
  const labelled = lineVotes.get(best)!;
  // Further in, a traceback or C++ log lines under PyTorch's own label (torch 2's console without
  // --tee, where they are the only labelled text: at the end of a long run, before torchrun's own
  // words on it) are a capture, though torchrun's summary after them is most of the lines.
  const failedRank = further && best === 'torchrun' && (ownLabels.traceback || ownLabels.c10 >= 2) && labelled >= 3;
  if (further && labelled < 4 && !failedRank) return none;
  if (!failedRank && (!further && (best === 'torchrun' || best === 'openmpi' || best === 'ray' || best === 'skypilot' || best === 'kubectl') ? labelled < (best === 'torchrun' && torchrunOwn ? 1 : 2) : labelled / counted < (best === 'pdsh' ? 0.75 : 0.3))) return none;
  // torchrun on each node under srun, pdsh or SkyPilot: its tee labels inside the node's prefix
  // are local ranks (its prefix template's `[3]:`, global ones). Its role `default` says so in two lines (a job that failed at once is a few of them,
  // then torchrun's traceback of thirty); `[rank3]:` must be most lines and name a rank under two
  // nodes (PyTorch's own label on a worker's traceback is a global rank, one node's). On SkyPilot's
  // only node, local ranks are global: its labels read as they would without its prefix.
  const oneNode = best === 'skypilot' && skypilotTask === labelled;
  const teeLines = tee.lines >= (oneNode && torchrunOwn ? 1 : 2);
  const teeWidth =
    NODE_STYLES.has(best) && teeLines && (tee.role || oneNode || (tee.lines >= 0.3 * labelled && [...tee.byNode.values()].some((n) => n.size > 1))) ? teeWidthOf(tee, role, best) : undefined;
  const ranks = votes.get(best)!;
  // torchrun given `--role rank` (torchtitan's scripts): its tee labels are `[rank3]:`, and a space
  // after one is the line's (a stack dump's frame: `[rank3]:  File ...`), not PyTorch's own label's.
  const rankTee = rankLabels.bare >= 2 && rankLabels.bare >= rankLabels.spaced ? { spacedTags: false } : {};
  // `3: ` starts many lines of many files: srun's labels need two ranks, and rank 0 among them
  // or the mark of srun's own labels: right-aligned to one width (a job of thousands of tasks
  // may not show rank 0 in its first lines). One node's torchrun under srun -l is one task.
  if (best === 'srun' && !(teeWidth !== undefined && ranks.size >= 1) && (ranks.size < 2 || !(ranks.has(0) || (srunPadded && srunWidths.size === 1 && ranks.size >= 4)))) return none;
  // `[3] ` starts a numbered list's lines too: Hydra's labels need two ranks, rank 0 among them.
  if (best === 'mpich' && (ranks.size < 2 || !ranks.has(0))) return none;
  // pdsh: two hosts at least, most lines theirs, and a host with several lines (each key
  // of a `layer1: 64` dump comes once).
  if (best === 'pdsh') {
    if (ranks.size < 2 || Math.max(...hostLines.values()) < 2) return none;
    const hosts = hostOrder([...ranks].map(String));
    // (A host's place among the nodes as the rendezvous numbered it: see `teeSlotsOfCapture`, captureFile.ts.)
    return { style: best, hosts, teeWidth, role: teeWidth === undefined ? undefined : role, ...(teeWidth === undefined ? {} : rankTee), ...(teeWidth !== undefined && role !== '' ? { teeNodes: nodes } : {}) };
  }
  // kubectl: its pods, each numbered by its name where it tells its replica (see `podRankOf`); the
  // kubelet's times when every line of them has one (a line's own ISO time in a log without them is the line's).
  if (best === 'kubectl') return { style: best, hosts: hostOrder([...ranks].map(String)), teeWidth, role: teeWidth === undefined ? undefined : role, ...(teeWidth === undefined ? {} : rankTee), kubeletTimes: kubeletTimes === labelled };
  // Ray Train: its workers by world rank as its first table names them (a later table is a
  // restart's: read with the capture); without one, the workers seen, in order.
  if (best === 'ray') return { style: best, hosts: rayRanks.length > 0 ? rayRanks.filter((h) => h !== undefined) : hostOrder([...ranks].map(String)) };
  if (teeWidth !== undefined) {
    return { style: best, hosts: [], teeWidth, role, ...rankTee, ...(best === 'srun' && role !== '' ? { teeNodes: nodes } : {}) };
  }
  // Open MPI 5 puts a space after every tag; in 4, a line that starts with one (a traceback's frame) has its own.
  // SageMaker's MPI tags (`[1,mpirank:3,algo-1]<stderr>:`): its CloudWatch log escapes control
  // characters as syslog does (a tqdm bar's carriage returns `#015`, a colour's escape `#033`).
  if (best === 'openmpi' && lines.some((line) => line.startsWith('[1,mpirank:') && ESCAPED_CONTROL.test(line))) return { style: best, hosts: [], spacedTags: spaced >= 0.9 * lineVotes.get(best)!, escapedControls: true };
  if (best === 'openmpi') return { style: best, hosts: [], spacedTags: spaced >= 0.9 * lineVotes.get(best)! };
  return { style: best, hosts: [], role: best === 'torchrun' ? role : undefined, labelled, ...(best === 'torchrun' ? rankTee : {}), ...(best === 'torchrun' && ownLabelled === labelled ? { ownLabelsOnly: true } : {}) };
}

/** A line under PyTorch's own label (`[rank2]: Traceback ...`, `[rank0]:[E922 ...`), which torch 2 writes without torchrun's --tee. */
function isOwnLabelled(line: string): boolean {
  const label = line.startsWith('[rank') ? torchLabelOf(line) : undefined;
  return label !== undefined && label.own && (label.spaced || line.charCodeAt(label.end) === 91);
}

/**
 * The ranks each node runs, from torchrun's tee labels inside the nodes' prefixes: the highest
 * local rank + 1; for labels of the rank alone (role `''`, its prefix template `[${rank}]:`),
 * global ranks numbered node by node, the highest + 1 over the nodes (srun's tasks and SkyPilot's
 * nodes by their numbers, pdsh's hosts as many as seen).
 */
function teeWidthOf(tee: { max: number; nodes: Set<string>; maxNode: number }, role: string | undefined, style: PrefixStyle): number {
  if (role !== '') return tee.max + 1;
  return Math.ceil((tee.max + 1) / Math.max(1, style === 'pdsh' || style === 'kubectl' ? tee.nodes.size : tee.maxNode + 1));
}

/**
 * Counts the `[rank3]:` label at the start of `text` (a line, or its text after srun's or pdsh's
 * prefix): followed by one space and text (PyTorch's own label before a traceback's line:
 * `[rank1]: Traceback ...`, `[rank1]: RuntimeError: ...`), or by text at once (not by another label
 * nor a C++ log line's `[`, which follow PyTorch's own label so too). More spaces may be either's
 * (its frame, `[rank1]:   File ...`; a stack dump's frame tee'd, `[rank1]:  File ...`).
 */
function countRankLabel(counts: { spaced: number; bare: number }, text: string): void {
  const label = text.startsWith('[rank') ? torchLabelOf(text) : undefined;
  if (!label?.own || label.end >= text.length) return;
  const next = text.charCodeAt(label.end);
  if (label.spaced) counts.spaced += next === 32 ? 0 : 1;
  else if (next !== 91) counts.bare++;
}

/**
 * A console without prefixes whose lines name their rank in a user format (its `rank` group):
 * the first such format that names two ranks at least in the head.
 */
export function formatCaptureOf(lines: readonly string[], formats: readonly LineFormat[], year: number): CaptureHead | undefined {
  let counted = 0;
  for (const line of lines) if (line.trim()) counted++;
  for (const format of formats) {
    const ranks = new Set<number>();
    let named = 0;
    for (const line of lines) {
      const r = line ? rankOfFormatLine(format, line, year) : undefined;
      if (!r) continue;
      named++;
      ranks.add(r.rank);
    }
    // A tenth of the lines at least (the others are prints, tracebacks, a launcher's): the user's
    // own format names this file's ranks, not a line quoted here and there.
    if (ranks.size >= 2 && named >= 0.1 * counted) return { style: 'format', hosts: [], rankFormat: format.name, labelled: named };
  }
  return undefined;
}
