// torchrun's `--log-dir` run folders (`<run_id>_<suffix>/attempt_<k>/<local_rank>/{stdout,stderr}.log`,
// `error.json`) for importLayouts.ts: one run folder as a job, several nodes' run folders of one
// run joined into global ranks, and what a worker's `error.json` says.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import type { ForeignJob, RankSource } from './importLayouts';
import { listDir, push, streamOrder } from './layoutDirs';
import { naiveFromEpoch } from './timestamps';
import { globalRankIn } from './rankPrefixes';
import { openRegular } from './regularFile';

const ATTEMPT = /^attempt_(\d{1,6})$/;
const DIGITS = /^\d{1,7}$/;

/** torchrun's run folder `<run_id>_<suffix>`: `attempt_<k>/<local_rank>/{stdout,stderr}.log`. */
export async function readTorchrunRun(dir: string): Promise<ForeignJob | undefined> {
  const attempts = (await listDir(dir))
    .filter((e) => e.dir && ATTEMPT.test(e.name))
    .map((e) => ({ n: Number(ATTEMPT.exec(e.name)![1]), dir: path.join(dir, e.name) }))
    .sort((a, b) => a.n - b.n);
  if (attempts.length === 0) return undefined;
  const ranks = new Map<number, RankSource[]>();
  for (const a of attempts) {
    for (const r of await listDir(a.dir)) {
      if (!r.dir || !DIGITS.test(r.name)) continue;
      const rankDir = path.join(a.dir, r.name);
      for (const f of await listDir(rankDir)) {
        const stream = f.name === 'stdout.log' ? 'stdout' : f.name === 'stderr.log' ? 'stderr' : f.name === 'error.json' ? 'error.json' : undefined;
        if (stream && f.file) push(ranks, Number(r.name), { path: path.join(rankDir, f.name), stream, attempt: a.n });
      }
    }
  }
  for (const list of ranks.values()) list.sort((x, y) => x.attempt - y.attempt || streamOrder(x.stream) - streamOrder(y.stream));
  return { kind: 'torchrun', source: dir, name: path.basename(dir), ranks, attempts: attempts.map((a) => a.dir), style: undefined };
}

/** torchrun's run folder: `<run_id>_<suffix>`, the suffix 8 characters of `tempfile.mkdtemp`. */
const RUN_FOLDER = /^(.+)_[a-z0-9_]{8}$/;
/** Seconds of slack between one node's last write and another node's start in one job. */
const NODE_SLACK_MS = 5000;

/**
 * When a run folder's workers started (its first attempt's folder), when it last changed (its
 * newest file), and when torchrun made it (its birth time where the filesystem keeps one: the
 * agent's start, before the rendezvous; else its workers' start).
 */
async function runSpan(run: ForeignJob): Promise<{ start: number; end: number; born: number }> {
  const mtime = async (p: string): Promise<number | undefined> => (await fsp.stat(p).catch(() => undefined))?.mtimeMs;
  const start = (await mtime(run.attempts[0])) ?? 0;
  const born = (await fsp.stat(run.source).catch(() => undefined))?.birthtimeMs || start;
  let end = start;
  for (const list of run.ranks.values()) for (const s of list) end = Math.max(end, (await mtime(s.path)) ?? 0);
  return { start, end, born };
}

/** Bytes of each end of a worker's stream read for the global rank PyTorch's own lines name. */
const HINT_BYTES = 64 * 1024;
/** A node's streams read for that rank, at most (the first that names one settles the node). */
const HINT_FILES = 4;
/** The start and the end of a file (all of it when small), as text; '' when it cannot be read. */
async function endsOf(file: string): Promise<string> {
  // (Not a pipe put in a stream's place: its open would wait for a writer.)
  const handle = await openRegular(file).catch(() => undefined);
  if (!handle) return '';
  try {
    const size = (await handle.stat()).size;
    const head = Buffer.alloc(Math.min(size, HINT_BYTES));
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    let text = head.toString('latin1', 0, bytesRead);
    if (size > HINT_BYTES) {
      const tail = Buffer.alloc(Math.min(size - HINT_BYTES, HINT_BYTES));
      const got = await handle.read(tail, 0, tail.length, size - tail.length);
      text += '\n' + tail.toString('latin1', 0, got.bytesRead);
    }
    return text;
  } catch {
    return '';
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/**
 * The global rank of a node's first local rank, as PyTorch's own lines in its workers' streams of
 * its first attempt name it (global rank less local rank); undefined when none does.
 */
async function nodeBase(run: ForeignJob): Promise<number | undefined> {
  let read = 0;
  for (const local of [...run.ranks.keys()].sort((a, b) => a - b)) {
    for (const s of run.ranks.get(local)!) {
      if (s.attempt !== 0 || s.stream === 'error.json') continue;
      if (read++ >= HINT_FILES) return undefined;
      const rank = globalRankIn(await endsOf(s.path));
      if (rank !== undefined && rank >= local) return rank - local;
    }
  }
  return undefined;
}

/**
 * Several nodes' run folders of one job ordered by the global ranks PyTorch's own lines name in
 * each node's streams: when every node's do and no two overlap; or when all but one node's do, the
 * nodes run as many ranks each, and that one takes the place left (torch 2 labels a traceback
 * `[rank2]:`: of two nodes, the failed one's settles both). Undefined otherwise.
 */
export async function nodesByRank(nodes: readonly ForeignJob[]): Promise<ForeignJob[] | undefined> {
  const bases = await Promise.all(nodes.map(nodeBase));
  if (bases.filter((b) => b === undefined).length === 1) return withOnePlaceLeft(nodes, bases);
  if (bases.some((b) => b === undefined)) return undefined;
  const byBase = nodes.map((run, i) => ({ run, base: bases[i]! })).sort((a, b) => a.base - b.base);
  for (let k = 1; k < byBase.length; k++) {
    const before = byBase[k - 1];
    if (byBase[k].base < before.base + Math.max(-1, ...before.run.ranks.keys()) + 1) return undefined;
  }
  return byBase.map((b) => b.run);
}

/** `nodes` in order of their first ranks (`bases`), the one without one in the place left; undefined unless the nodes run as many ranks each and the others' places are whole and distinct. */
function withOnePlaceLeft(nodes: readonly ForeignJob[], bases: readonly (number | undefined)[]): ForeignJob[] | undefined {
  const width = Math.max(-1, ...nodes[0].ranks.keys()) + 1;
  if (width === 0 || nodes.some((n) => Math.max(-1, ...n.ranks.keys()) + 1 !== width)) return undefined;
  const order: (ForeignJob | undefined)[] = new Array(nodes.length).fill(undefined);
  for (const [i, base] of bases.entries()) {
    if (base === undefined) continue;
    const place = base / width;
    if (!Number.isInteger(place) || place >= nodes.length || order[place]) return undefined;
    order[place] = nodes[i];
  }
  order[order.indexOf(undefined)] = nodes[bases.indexOf(undefined)];
  return order as ForeignJob[];
}

/**
 * Several nodes' run folders of one job in node order. torchrun writes no node rank into them:
 * by the global ranks their streams name (`nodesByRank`), else in the order the nodes started
 * (made first, then first attempt first), then by name.
 */
async function orderedNodes(cluster: { run: ForeignJob; start: number; born: number }[]): Promise<{ nodes: ForeignJob[]; byRank: boolean }> {
  const started = [...cluster].sort((a, b) => a.born - b.born || a.start - b.start || (a.run.source < b.run.source ? -1 : 1)).map((c) => c.run);
  const byRank = await nodesByRank(started);
  return byRank ? { nodes: byRank, byRank: true } : { nodes: started, byRank: false };
}

/**
 * The run folders of one job on several nodes, found in one `--log-dir` on a shared filesystem:
 * each node's torchrun made its own `<run_id>_<suffix>`. Folders of one run id whose activity
 * overlaps (a node started before another's last write) are one job; one run id used again by
 * a later run (torchrun's default `none`) starts a job of its own. A node's local ranks follow
 * the ranks of the nodes before it (`orderedNodes`).
 */
export async function joinNodes(logDir: string, runs: ForeignJob[]): Promise<ForeignJob[]> {
  const byId = new Map<string, ForeignJob[]>();
  const jobs: ForeignJob[] = [];
  for (const run of runs) {
    const id = RUN_FOLDER.exec(path.basename(run.source))?.[1];
    if (id === undefined) jobs.push(run);
    else push(byId, id, run);
  }
  for (const [id, group] of byId) {
    if (group.length === 1) {
      jobs.push(group[0]);
      continue;
    }
    const spans = await Promise.all(group.map(async (run) => ({ run, ...(await runSpan(run)) })));
    spans.sort((a, b) => a.start - b.start || (a.run.source < b.run.source ? -1 : 1));
    const clusters: (typeof spans)[] = [];
    let end = -Infinity;
    for (const s of spans) {
      if (s.start > end + NODE_SLACK_MS) clusters.push([]);
      clusters[clusters.length - 1].push(s);
      end = Math.max(end, s.end);
    }
    for (const cluster of clusters) {
      if (cluster.length === 1) jobs.push(cluster[0].run);
      else {
        const { nodes, byRank } = await orderedNodes(cluster);
        jobs.push({ ...joinedJob(logDir, id, nodes), ...(byRank ? { nodesByRank: true } : {}) });
      }
    }
  }
  return jobs;
}

/** One job of several nodes' run folders, in node order: global ranks, each rank's attempts with their folders. */
function joinedJob(logDir: string, id: string, nodes: ForeignJob[]): ForeignJob {
  const ranks = new Map<number, RankSource[]>();
  let base = 0;
  for (const node of nodes) {
    const name = path.basename(node.source);
    for (const [local, list] of node.ranks) ranks.set(base + local, list.map((s) => ({ ...s, attemptDir: s.attemptDir ?? node.attempts[s.attempt], node: { name, localRank: local } })));
    base += Math.max(-1, ...node.ranks.keys()) + 1;
  }
  const longest = nodes.reduce((a, b) => (b.attempts.length > a.attempts.length ? b : a));
  return { kind: 'torchrun', source: logDir, name: `${id} (${nodes.length} nodes)`, ranks, attempts: longest.attempts, nodes: nodes.map((n) => n.source), runId: id };
}

/** A job of several nodes read again from its run folders (in the same node order); undefined when none is left. */
export async function readTorchrunNodes(job: ForeignJob): Promise<ForeignJob | undefined> {
  const nodes: ForeignJob[] = [];
  for (const dir of job.nodes ?? []) {
    const run = await readTorchrunRun(dir);
    if (run) nodes.push(run);
  }
  if (nodes.length === 0) return undefined;
  // Named as found: a node folder gone since is no reason to import the job again.
  return { ...joinedJob(job.source, job.runId ?? '', nodes), name: job.name, ...(job.nodesByRank ? { nodesByRank: true } : {}) };
}

/** `{"message": {"message": "RuntimeError: boom", "extraInfo": {"py_callstack": "...", "timestamp": "1764490353"}}}`. */
export function readErrorJson(data: unknown): { message: string; time: number | undefined; stack: string[] } {
  const outer = (data as { message?: unknown } | null)?.message;
  const inner = typeof outer === 'object' && outer !== null ? (outer as { message?: unknown; extraInfo?: { py_callstack?: unknown; timestamp?: unknown } }) : undefined;
  const message = typeof outer === 'string' ? outer : typeof inner?.message === 'string' ? inner.message : 'the worker failed (error.json)';
  const stamp = Number(inner?.extraInfo?.timestamp);
  const time = Number.isFinite(stamp) && stamp > 0 && stamp < 1e11 ? naiveFromEpoch(stamp * 1000) : undefined;
  const stack = typeof inner?.extraInfo?.py_callstack === 'string' ? inner.extraInfo.py_callstack.split(/\r?\n/).filter((l, i, a) => l !== '' || i < a.length - 1) : [];
  return { message: message.split(/\r?\n/)[0].slice(0, 4096), time, stack: stack.slice(0, 2000) };
}
