// What a rank's output says about its collectives, in the wordings of PyTorch's own sources
// (c10d ProcessGroupNCCL.cpp and TraceUtils.h, ProcessGroupGloo.cpp, distributed_c10d.py) and
// gloo's transport, old and new. Each recogniser takes one line (a record's message, a
// continuation line or raw stderr, with any prefix such as "[rank3]:[E1130 ...] [PG ID 0 ...]")
// and returns what it states. Pure; `diagnosis.ts` reads them across ranks.

import { tracebackFrame } from './stackDumps';

export type CollectiveFact =
  /** `Watchdog caught collective operation timeout: WorkNCCL(SeqNum=7, OpType=ALLREDUCE, NumelIn=1, NumelOut=1, Timeout(ms)=600000) ran for 600034 milliseconds before timing out.` */
  | { kind: 'timeout'; seq: number; opType: string; numelIn?: number; numelOut?: number; timeoutMs?: number; ranForMs?: number }
  /** `... at work: 7, last enqueued NCCL work: 7, last completed NCCL work: 6.` (and the periodic and dump-signal forms) */
  | { kind: 'progress'; lastEnqueued: number; lastCompleted: number; atWork?: number }
  /** TORCH_NCCL_DESYNC_DEBUG: ranks that never joined, or joined and did not finish, or finished and did not join the next. */
  | { kind: 'desync'; ranks: number[]; seq?: number; what: 'never joined' | 'did not finish' | 'did not join' }
  /** `[Rank 0]: Rank 3 failed to pass monitoredBarrier in 5000 ms` / `Ranks 1, 2 failed ...` */
  | { kind: 'barrier'; ranks: number[]; timeoutMs: number }
  /** `Timed out initializing process group in store based barrier on rank: 3, for key: ... (world_size=8, worker_count=7, ...)` */
  | { kind: 'store-barrier'; worldSize?: number; joined?: number }
  /** gloo: `Timed out waiting 1800000ms for recv operation to complete`, `Connection closed by peer [10.0.0.5]:29500` */
  | { kind: 'gloo'; what: 'timeout' | 'peer closed'; timeoutMs?: number; op?: 'recv' | 'send' }
  /**
   * TORCH_DISTRIBUTED_DEBUG=DETAIL: `Detected mismatch between collectives on ranks. Rank 0 is
   * running collective: CollectiveFingerPrint(SequenceNumber=3, OpType=ALLREDUCE, TensorShape=[20],
   * ...), but Rank 1 is running collective: CollectiveFingerPrint(SequenceNumber=3,
   * OpType=BROADCAST, ...).` (no sequence number before PyTorch 2): the rank's own collective,
   * then the other's.
   */
  | { kind: 'fingerprint'; own: RunningCollective; other: RunningCollective }
  /**
   * A traceback's frame in `init_process_group` (`File ".../distributed_c10d.py", line 761, in
   * init_process_group`): the rank raised while joining the process group (a timeout waiting for
   * the others: gloo's `Socket Timeout`, `DistStoreError: ... waiting for clients`, the store
   * barrier's), or was interrupted there.
   */
  | { kind: 'init' };

/** A rank's collective as PyTorch's fingerprint names it. */
export interface RunningCollective {
  rank: number;
  seq?: number;
  opType: string;
  /** The first tensor's shape (`20`, `4, 1024`), when the collective has tensors. */
  shape?: string;
}

const WORK = /WorkNCCL\(SeqNum=(\d+), OpType=([A-Za-z_]+)(?:, NumelIn=(\d+), NumelOut=(\d+))?(?:, Timeout\(ms\)=(\d+))?\)/;
const RAN_FOR = /\) ran for (\d+) milliseconds before timing out/;
const PROGRESS = /last enqueued NCCL work: (-?\d+), last completed NCCL work: (-?\d+)/i;
const AT_WORK = /(?:at work|Timeout at NCCL work): (\d+)/;
const RANK_LIST = /\[([\d, ]*)\]/;
const BARRIER = /Ranks? ([\d, ]+) failed to pass monitoredBarrier in (\d+) ms/;
const STORE_BARRIER = /Timed out initializing process group in store based barrier.*\(world_size=(\d+), (?:worker_count|num_workers_joined)=(\d+)/;
const GLOO_TIMEOUT = /Timed out waiting (\d+) ?ms for (recv|send) operation to complete/;

/** A message or exception line that is a collective's timeout: NCCL's watchdog's, or gloo's (`collectiveFact`'s `timeout`, `gloo` timeout). */
export function isCollectiveTimeout(text: string): boolean {
  if (text.includes('Timed out waiting')) return GLOO_TIMEOUT.test(text);
  return text.includes('WorkNCCL(') && collectiveFact(text)?.kind === 'timeout';
}
const FINGERPRINT = /Rank (\d{1,7}) is running collective: CollectiveFingerPrint\((?:SequenceNumber=(\d{1,15}), )?OpType=([A-Za-z_]{1,40})(?:, TensorShape=\[([^\]]{0,200})\])?/g;

function ranksIn(text: string): number[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => /^\d{1,9}$/.test(s))
    .map(Number);
}

/** A traceback's frame in torch.distributed's `init_process_group`. */
function isInitFrame(text: string): boolean {
  const frame = tracebackFrame(text);
  return frame?.function === 'init_process_group' && frame.file.endsWith('distributed_c10d.py');
}

/** What `text` says about collectives, or undefined (most lines: a cheap check comes first). */
export function collectiveFact(text: string): CollectiveFact | undefined {
  if (text.length > 4000) text = text.slice(0, 4000);
  if (text.includes('WorkNCCL(')) {
    const w = WORK.exec(text);
    if (!w || !/timing out|timed out/.test(text)) return undefined;
    const ran = RAN_FOR.exec(text);
    const num = (s: string | undefined) => (s === undefined ? undefined : Number(s));
    return { kind: 'timeout', seq: Number(w[1]), opType: w[2].toUpperCase(), numelIn: num(w[3]), numelOut: num(w[4]), timeoutMs: num(w[5]), ranForMs: num(ran?.[1]) };
  }
  if (text.includes('NCCL work: ')) {
    const p = PROGRESS.exec(text);
    if (!p) return undefined;
    const at = AT_WORK.exec(text);
    return { kind: 'progress', lastEnqueued: Number(p[1]), lastCompleted: Number(p[2]), atWork: at ? Number(at[1]) : undefined };
  }
  if (text.includes('lagging ranks')) {
    const r = RANK_LIST.exec(text.slice(text.indexOf('ranks')));
    return r ? { kind: 'desync', ranks: ranksIn(r[1]), what: 'never joined' } : undefined;
  }
  if (text.includes("didn't finish collective #")) {
    const r = RANK_LIST.exec(text);
    const seq = /collective #(\d+)/.exec(text);
    return r ? { kind: 'desync', ranks: ranksIn(r[1]), seq: seq ? Number(seq[1]) : undefined, what: 'did not finish' } : undefined;
  }
  if (text.includes("but didn't join collective #")) {
    const r = RANK_LIST.exec(text);
    const seq = /didn't join collective #(\d+)/.exec(text);
    return r ? { kind: 'desync', ranks: ranksIn(r[1]), seq: seq ? Number(seq[1]) : undefined, what: 'did not join' } : undefined;
  }
  if (text.includes('monitoredBarrier')) {
    const b = BARRIER.exec(text);
    return b ? { kind: 'barrier', ranks: ranksIn(b[1]), timeoutMs: Number(b[2]) } : undefined;
  }
  if (text.includes('store based barrier')) {
    if (!text.includes('Timed out')) return undefined;
    const s = STORE_BARRIER.exec(text);
    return { kind: 'store-barrier', worldSize: s ? Number(s[1]) : undefined, joined: s ? Number(s[2]) : undefined };
  }
  if (text.includes('Timed out waiting')) {
    const g = GLOO_TIMEOUT.exec(text);
    return g ? { kind: 'gloo', what: 'timeout', timeoutMs: Number(g[1]), op: g[2] as 'recv' | 'send' } : undefined;
  }
  if (text.includes('Connection closed by peer')) return { kind: 'gloo', what: 'peer closed' };
  if (text.includes(', in init_process_group') && isInitFrame(text)) return { kind: 'init' };
  if (text.includes('CollectiveFingerPrint(')) {
    FINGERPRINT.lastIndex = 0;
    const [own, other] = [FINGERPRINT.exec(text), FINGERPRINT.exec(text)].map((m) => m && { rank: Number(m[1]), seq: m[2] === undefined ? undefined : Number(m[2]), opType: m[3].toUpperCase(), shape: m[4] });
    return own && other ? { kind: 'fingerprint', own, other } : undefined;
  }
  return undefined;
}

/** Substrings one of which every recognised line holds: the byte search looks for these. */
export const COLLECTIVE_NEEDLES = [
  'WorkNCCL(',
  'NCCL work: ',
  'lagging ranks',
  'collective #',
  'monitoredBarrier',
  'store based barrier',
  'Timed out waiting',
  'Connection closed by peer',
  'CollectiveFingerPrint(',
  ', in init_process_group',
] as const;
