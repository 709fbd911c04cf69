// A file read for what it tells as a combined capture (for importLayouts.ts, streamPairs.ts and
// nodeFiles.ts): its head (its first 64 KiB), windows further in when the head is none (a preamble
// longer than it; torch 2's console without --tee, whose only labelled text is at its end), its
// new end as it grows; heads already read kept by path for the next discovery; a text in UTF-16
// or with NUL bytes a crash left; the kubelet's times; srun's tasks' places among the nodes from
// its end. What a window's lines tell is captureHead.ts's.
import type { FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import type { ForeignJob } from './importLayouts';
import { OUR_RANK_FORMAT } from './formatRanks';
import { CaptureHead, formatCaptureOf, headLines, nodeText, readCaptureHead } from './captureHead';
import { concurrentTorchruns, severalTorchruns, TORCHRUN_OWN } from './unlabelledConsoles';
import { kubeletTimedLines, kubeletTimeOf } from './kubernetes';
import { rankPrefixOf, torchLabelOf } from './rankPrefixes';
import { addTeeNode, tasksOf, TeeNodes, teeSlotsOf } from './teeSlots';
import { tailLinesSync } from './importSources';
import type { LineFormat } from './lineFormats';
import { isLostDataProblem, nulProblem } from './nulBytes';
import { openRegular } from './regularFile';
import { utf16Of, utf16Problem, utf16Text } from './utf16';

/** Bytes of a file read at once for what they tell: its head, a window further in, its end. */
const SNIFF_BYTES = 64 * 1024;

/**
 * srun's tasks' (pdsh's hosts') places among the nodes of a capture of torchrun on several nodes
 * (`ForeignJob.teeSlots`): from the global ranks PyTorch's own lines name in its head, and, when
 * they do not name every node's, in its last 64 KiB too (torch 2's `[rank2]:` on a traceback).
 */
async function teeSlotsOfCapture(file: string, head: CaptureHead): Promise<number[] | undefined> {
  const width = head.teeWidth;
  if (!head.teeNodes || width === undefined) return undefined;
  const nodes: TeeNodes = { seen: new Set(head.teeNodes.seen), named: [...head.teeNodes.named] };
  const told = new Set(nodes.named.map((n) => n.node));
  if ([...nodes.seen].some((n) => !told.has(n))) {
    for (const line of tailLinesSync(file, SNIFF_BYTES) ?? []) {
      const p = rankPrefixOf(line, head.role);
      if (!p || p.style !== head.style) continue;
      const text = nodeText(p);
      const label = torchLabelOf(text, head.role);
      if (label && !label.own) addTeeNode(nodes, p, label, text);
    }
  }
  const indexOf = head.style === 'pdsh' ? (n: number | string) => head.hosts.indexOf(String(n)) : Number;
  const tasks = tasksOf(nodes, indexOf);
  return teeSlotsOf({ seen: new Set([...tasks.seen].filter((t) => t >= 0)), named: tasks.named.filter((n) => n.task >= 0) }, width);
}

/**
 * A combined capture: `file`'s head has rank prefixes, or (without them) its lines name their
 * rank in one of `rankFormats` (user formats with a `rank` group).
 */
export async function readCapture(file: string, rankFormats: readonly LineFormat[] = [], year = new Date().getFullYear(), problems?: string[]): Promise<ForeignJob | undefined> {
  const head = await captureHeadOfFile(file, rankFormats.filter((f) => f.rankKey !== undefined), year);
  // A capture whose text is UTF-16: told, with how to convert it, instead of passed over.
  if (head?.utf16) {
    problems?.push(`${file}: ${utf16Problem(file, head.utf16)}`);
    return undefined;
  }
  if (!head?.style) return undefined;
  // torchrun's console of no node prefixes: one torchrun's (its start and end together), else
  // none when it labels nothing, said when its labels are several nodes' local ranks. One of
  // ranks srun or mpirun started, labelling nothing: none where torchrun ran (its tasks are torchruns).
  const rule = head.launcherRanks ? 'torchrunRan' : head.noLabels ? 'several' : head.ownLabelsOnly ? 'concurrentOwn' : 'concurrent';
  const several = head.style === 'torchrun' && head.teeWidth === undefined && (await severalTorchrunsIn(file, rule));
  if (head.noLabels && several) return undefined;
  const teeSlots = await teeSlotsOfCapture(file, head);
  return { kind: 'capture', source: file, name: path.basename(file), ranks: new Map(), attempts: [], style: head.style, hosts: head.hosts, spacedTags: head.spacedTags, teeWidth: head.teeWidth, role: head.role, rankFormat: head.rankFormat, ...headReading(head), ...(teeSlots ? { teeSlots } : {}), ...(several ? { severalTorchruns: true } : {}) };
}

/** The rules of `severalTorchrunsIn`: `severalTorchruns`; `concurrentTorchruns` of tee labels, or of PyTorch's own labels alone; a line of torchrun's own. */
const TORCHRUNS_RULES = {
  several: severalTorchruns,
  torchrunRan: (lines: readonly string[]) => lines.some((line) => line.length <= 2000 && TORCHRUN_OWN.test(line)),
  concurrent: (lines: readonly string[]) => concurrentTorchruns(lines),
  concurrentOwn: (lines: readonly string[]) => concurrentTorchruns(lines, true),
};

/**
 * `rule` (see `TORCHRUNS_RULES`) of the lines of a file's first 64 KiB and of its last 64 KiB
 * beyond them (none read twice; a line cut by a window's edge left out); kept by path while its
 * size is the same (each discovery asks again).
 */
async function severalTorchrunsIn(file: string, rule: keyof typeof TORCHRUNS_RULES): Promise<boolean> {
  try {
    const h = await openRegular(file);
    try {
      const { size } = await h.stat();
      const key = `${rule}\0${file}`;
      const known = severalKnown.get(key);
      if (known?.size === size) return known.several;
      const buf = Buffer.alloc(Math.min(size, 2 * SNIFF_BYTES));
      const head = (await h.read(buf, 0, Math.min(size, SNIFF_BYTES), 0)).bytesRead;
      const from = Math.max(head, size - SNIFF_BYTES);
      const tail = size > from ? (await h.read(buf, head, size - from, from)).bytesRead : 0;
      const start = buf.toString('utf8', 0, head);
      const lines = start.slice(0, head < size ? Math.max(0, start.lastIndexOf('\n')) : undefined).split('\n');
      if (tail > 0) lines.push(...buf.toString('utf8', head, head + tail).split('\n').slice(1));
      const several = TORCHRUNS_RULES[rule](lines);
      if (severalKnown.size >= 10_000) severalKnown.clear();
      severalKnown.set(key, { size, several });
      return several;
    } finally {
      await h.close();
    }
  } catch {
    return false;
  }
}

/** What `severalTorchrunsIn` found, by its rule and the file, with the file's size then. */
const severalKnown = new Map<string, { size: number; several: boolean }>();

/** How a capture's lines are read beyond their labels, as its head tells: the kubelet's times, syslog's escapes. */
function headReading(head: CaptureHead): Pick<ForeignJob, 'kubeletTimes' | 'escapedControls' | 'ownLabelsOnly' | 'noLabels'> {
  return { ...(head.kubeletTimes ? { kubeletTimes: true } : {}), ...(head.escapedControls ? { escapedControls: true } : {}), ...(head.ownLabelsOnly ? { ownLabelsOnly: true } : {}), ...(head.noLabels ? { noLabels: true } : {}) };
}

/**
 * Heads already read whole (a file's first 64 KiB do not change as it grows): by path, for the
 * same file; what they told, capture or not, binary too (a folder of data files is not read
 * again at each discovery). A text whose head is no capture's was also looked at further in
 * (`laterWindows`), up to `examined` bytes: as it grows, its new end is looked at.
 */
const sniffed = new Map<string, { ino: number; head: CaptureHead | undefined; examined?: number }>();

/**
 * What a file's head tells; each discovery looks at the same files again, so full heads are kept
 * (by path and the formats with a rank group they were read with). A text whose head is no
 * capture's may be one after a preamble longer than the head (a Slurm script's `pip install`,
 * its environment dumped, a data preparation run before `srun -l`): windows further in are read.
 */
async function captureHeadOfFile(file: string, rankFormats: readonly LineFormat[], year: number): Promise<CaptureHead | undefined> {
  try {
    const h = await openRegular(file);
    try {
      const { ino, size } = await h.stat();
      const key = rankFormats.length === 0 ? file : `${file}\0${rankFormats.map((f) => `${f.name}\0${f.rankKey}`).join('\0')}`;
      const known = sniffed.get(key);
      if (known?.ino === ino && size >= SNIFF_BYTES && (known.examined === undefined || size <= known.examined)) return known.head;
      const buf = Buffer.alloc(SNIFF_BYTES);
      if (known?.ino === ino && size >= SNIFF_BYTES) {
        // A text of no capture's head that grew (a job past its preamble, its ranks failing at
        // once): its last 64 KiB, one read each time.
        const { bytesRead } = await h.read(buf, 0, SNIFF_BYTES, size - SNIFF_BYTES);
        const tail = headOfWindow(file, buf.subarray(0, bytesRead), rankFormats, year, false);
        const head = tail?.style ? tail : known.head;
        sniffed.set(key, { ino, head, examined: tail?.style ? undefined : size });
        return head;
      }
      const { bytesRead } = await h.read(buf, 0, SNIFF_BYTES, 0);
      let head = headOfWindow(file, buf.subarray(0, bytesRead), rankFormats, year, true);
      let examined: number | undefined;
      if (head && !head.style && !head.utf16 && bytesRead === SNIFF_BYTES) {
        head = (await laterWindows(file, h, size, buf, rankFormats, year)) ?? head;
        if (!head.style) examined = size;
      }
      if (bytesRead === SNIFF_BYTES) {
        if (sniffed.size >= 10_000) sniffed.clear();
        sniffed.set(key, { ino, head, examined });
      }
      return head;
    } finally {
      await h.close();
    }
  } catch {
    return undefined;
  }
}

/**
 * What a window of a file's bytes tells (its head, `first`; else a window further in, whose first
 * line the read may have cut): undefined for binary bytes; a window beyond the head's in UTF-16
 * is none either (a capture's text is so from its start).
 */
function headOfWindow(file: string, bytes: Buffer, rankFormats: readonly LineFormat[], year: number, first: boolean): CaptureHead | undefined {
  const utf16 = first ? utf16Of(bytes) : undefined;
  if (utf16) {
    // Only a capture's: a data file that happens to be UTF-16 is nobody's business.
    const style = readCaptureHead(headLines(utf16Text(bytes, utf16))).style;
    return style ? { style: undefined, hosts: [], utf16 } : undefined;
  }
  // NUL bytes a crash left among the lines (a job requeued after its node went down appends
  // after them): the lines around them are read.
  if (bytes.includes(0) && !isLostDataProblem(nulProblem(file, bytes))) return undefined;
  let text = bytes.toString('utf8').replace(/\0+/g, '\n');
  text = first ? text.replace(/^\uFEFF/, '') : text.slice(text.indexOf('\n') + 1);
  const lines = headLines(text);
  // The kubelet's or Docker's time before every line (`kubectl logs --timestamps` of one pod,
  // `docker logs -t`): the lines after it are read, and it is each line's time.
  const stamped = kubeletTimedLines(lines, 2);
  let head = readCaptureHead(stamped ? lines.map((line) => kubeletTimeOf(line)?.rest ?? line) : lines, !first);
  if (stamped && head.style) head.kubeletTimes = true;
  // A console of a user format's ranks, or of our own format's (whose records name their rank):
  // PyTorch's own `[rank3]:` labels (2.4+, on what a rank writes to stderr itself: its
  // traceback), or a launcher's word on a failed rank of a console that labels none, make it
  // look like torchrun's; the format, naming more lines, wins (and reads those labels too: see
  // formatRanks.ts).
  if (!head.style || (head.style === 'torchrun' && head.role === undefined)) {
    const format = formatCaptureOf(lines, [...rankFormats, OUR_RANK_FORMAT], year);
    if (format && (!head.style || format.labelled! > (head.labelled ?? 0))) head = format;
  }
  return head;
}

/**
 * The first window further into a text than its head (64 KiB at 64 KiB, 128 KiB, 256 KiB, ...,
 * then its last 64 KiB) that tells a capture, or undefined: a capture's lines may start after a
 * preamble, which its import reads as the launcher's lines. A few reads, however big the file.
 */
async function laterWindows(file: string, h: FileHandle, size: number, buf: Buffer, rankFormats: readonly LineFormat[], year: number): Promise<CaptureHead | undefined> {
  const starts: number[] = [];
  for (let at = SNIFF_BYTES; at < size - SNIFF_BYTES; at *= 2) starts.push(at);
  // (Its last 64 KiB, which may overlap the head: a file of 70 KiB whose first line, a config
  // printed on one line, filled the head has all of its ranks' lines there.)
  if (size > SNIFF_BYTES && !starts.includes(size - SNIFF_BYTES)) starts.push(size - SNIFF_BYTES);
  for (const at of starts) {
    const { bytesRead } = await h.read(buf, 0, SNIFF_BYTES, at);
    const head = headOfWindow(file, buf.subarray(0, bytesRead), rankFormats, year, false);
    if (head?.style) return head;
  }
  return undefined;
}

/**
 * How `file` reads as the other stream of a capture of `job`'s labels (Slurm's `--error` file
 * beside its `--output`): a capture of its own whose ranks are numbered as `job`'s are (the same
 * labels; srun's `-l` is on both of a task's streams), or text without labels (the launcher's own
 * lines: srun's errors, Slurm's cancellation); undefined when it cannot be one (binary, UTF-16,
 * another launcher's labels).
 */
export async function otherStreamOf(file: string, job: ForeignJob, rankFormats: readonly LineFormat[] = [], year = new Date().getFullYear()): Promise<{ job: ForeignJob; labelled: boolean } | undefined> {
  const head = await captureHeadOfFile(file, rankFormats.filter((f) => f.rankKey !== undefined), year);
  if (!head || head.utf16) return undefined;
  const name = path.basename(file);
  // (torchrun's console whose lines name no rank, but its word on a worker: text without labels too.)
  if (head.style === undefined || head.noLabels) return { job: { ...job, source: file, name, otherStream: undefined }, labelled: false };
  if (head.style !== job.style || head.teeWidth !== job.teeWidth || head.rankFormat !== job.rankFormat) return undefined;
  // (torchrun's role and its labels' space are told by its own lines beside the ranks': on stderr.)
  // (Its tasks' places are the job's: the two streams of a rank are one rank.)
  const other: ForeignJob = { kind: 'capture', source: file, name, ranks: new Map(), attempts: [], style: head.style, hosts: head.hosts, spacedTags: head.spacedTags ?? job.spacedTags, teeWidth: head.teeWidth, role: head.role ?? job.role, rankFormat: head.rankFormat, ...headReading(head), teeSlots: job.teeSlots };
  return { job: other, labelled: true };
}
