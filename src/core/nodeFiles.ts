// torchrun's consoles one file per node: `srun --output=train_%j_%t.out torchrun --tee ...` runs
// one torchrun per task (a node) and writes each task's output to a file of its own, whose lines
// carry torchrun's tee labels (`[default1]:`, the local rank) and no srun prefix. Read as per-task
// files, each node was one rank whose lines were prints: a rank's traceback failed nothing. Read
// as one capture of global ranks `node * width + local rank`, as `srun -l` writes them into one
// file (`1: [default1]:`), each node's file its node's lines. Pure but for reading the files' heads.
import { readCapture } from './captureFile';
import { teeSlotsOf } from './teeSlots';
import { tailLinesSync } from './importSources';
import type { ForeignJob, RankSource } from './importLayouts';
import type { LineFormat } from './lineFormats';
import { kubeletTimeOf } from './kubernetes';
import { globalRankIn, torchLabelOf } from './rankPrefixes';
import { openRegular } from './regularFile';

/** Bytes of a file's head read for its labels. */
const HEAD_BYTES = 64 * 1024;

/** A file's head as lines (the last, which the read may cut, left out); undefined when it cannot be read. */
async function headLines(file: string): Promise<string[] | undefined> {
  try {
    const h = await openRegular(file);
    try {
      const buf = Buffer.alloc(HEAD_BYTES);
      const { bytesRead } = await h.read(buf, 0, HEAD_BYTES, 0);
      const lines = buf.toString('utf8', 0, bytesRead).split(/\r?\n/);
      if (bytesRead === HEAD_BYTES) lines.pop();
      return lines;
    } finally {
      await h.close();
    }
  } catch {
    return undefined;
  }
}

/**
 * The local ranks torchrun's tee labels name in a file's head (the largest + 1; 0 when its lines
 * carry none yet: torchrun's own lines before its workers'), and the global ranks PyTorch's own
 * lines of those local ranks name (`globalRankIn`); undefined when a label there is PyTorch's own
 * (`[rank3]:`, a global rank) or the file cannot be read.
 */
async function teeWidthOf(file: string, role: string | undefined): Promise<{ width: number; named: { local: number; rank: number }[] } | undefined> {
  const lines = await headLines(file);
  if (!lines) return undefined;
  let width = 0;
  const named: { local: number; rank: number }[] = [];
  for (const line of lines) {
    const tee = teeLineOf(line, role);
    if (!tee) continue;
    if (tee.own) return undefined;
    width = Math.max(width, tee.local + 1);
    if (tee.rank !== undefined) named.push({ local: tee.local, rank: tee.rank });
  }
  return { width, named };
}

/** A node file's line with a tee label (after the kubelet's time, if any): its local rank, whether the label is PyTorch's own, and the global rank the line names. */
function teeLineOf(line: string, role: string | undefined): { local: number; own: boolean; rank?: number } | undefined {
  const text = kubeletTimeOf(line)?.rest ?? line;
  const label = torchLabelOf(text, role);
  return label && { local: label.rank, own: label.own, rank: label.own ? undefined : globalRankIn(text.slice(label.end)) };
}

/**
 * Per-task files (`job`, of one file a task) whose lines carry torchrun's tee labels: one capture
 * of the nodes' files (`ForeignJob.nodeFiles`), its batch output's words on the tasks read after
 * them; undefined for any other job.
 */
export async function asNodeFiles(job: ForeignJob, formats: readonly LineFormat[] = []): Promise<ForeignJob | undefined> {
  if (job.kind !== 'tasks' || job.ranks.size < 2) return undefined;
  const nodes = [...job.ranks.entries()].sort((a, b) => a[0] - b[0]);
  // A file a task, or its stdout's and stderr's (`--output=%t.out --error=%t.err`).
  const streams = (list: readonly RankSource[]) => (list.length === 2 ? [list.find((s) => s.stream === 'stdout'), list.find((s) => s.stream === 'stderr')] : [list[0]]);
  if (nodes.some(([, list], k) => nodes[k][0] !== k || (list.length !== 1 && (list.length !== 2 || streams(list).some((s) => !s))))) return undefined;
  const files = nodes.map(([, list]) => streams(list).map((src) => src!.path));
  const head = (await readCapture(files[0][0], formats)) ?? (files[0][1] === undefined ? undefined : await readCapture(files[0][1], formats));
  // (Labels of the rank alone, torchrun's prefix template `[${rank}]:`, name global ranks, not a node's local ones.)
  if (head?.style !== 'torchrun' || head.role === '') return undefined;
  let width = 0;
  const tasks = { seen: new Set<number>(), named: [] as { task: number; local: number; rank: number }[] };
  for (const [task, pair] of files.entries()) {
    tasks.seen.add(task);
    for (const file of pair) {
      const w = await teeWidthOf(file, head.role);
      if (w === undefined) return undefined;
      width = Math.max(width, w.width);
      tasks.named.push(...w.named.map((n) => ({ task, ...n })));
    }
  }
  if (width === 0) return undefined;
  // Nodes numbered by their rendezvous (c10d), not by their task: as PyTorch's own lines name their
  // ranks, at a file's end too when its head names none (torch 2 labels a traceback `[rank2]:`).
  for (const [task, pair] of files.entries()) {
    if (tasks.named.some((n) => n.task === task)) continue;
    for (const file of pair) {
      for (const line of tailLinesSync(file, HEAD_BYTES) ?? []) {
        const tee = teeLineOf(line, head.role);
        if (tee?.rank !== undefined) tasks.named.push({ task, local: tee.local, rank: tee.rank });
      }
    }
  }
  const teeSlots = job.hosts ? undefined : teeSlotsOf(tasks, width);
  // (Kubernetes pods' files: each node a pod, named so; their lines may start with the kubelet's time.)
  const pods = job.hosts ? { style: 'kubectl' as const, hosts: job.hosts } : { style: 'srun' as const };
  const fileJob = (node: number, file: string): ForeignJob => ({ kind: 'capture', source: file, name: job.name, ranks: new Map(), attempts: [], ...pods, teeWidth: width, role: head.role, spacedTags: head.spacedTags, fileNode: node, ...(head.kubeletTimes ? { kubeletTimes: true } : {}), ...(teeSlots ? { teeSlots } : {}) });
  const [first, ...others] = files.map(([out, err], node): ForeignJob => ({ ...fileJob(node, out), ...(err === undefined ? {} : { otherStream: { job: fileJob(node, err), first: false } }) }));
  return { ...first, nodeFiles: others, ...(job.launchers?.length ? { launchers: job.launchers } : {}) };
}
