// What the ranks' lines about their collectives say read across ranks (collectives.ts reads each
// line, rankScan.ts each rank's log): each rank's latest collective state, the ranks the others
// waited for (stragglers), and collectives the ranks ran differently (mismatches: at one sequence
// number the ranks timed out at, or as PyTorch's fingerprints say). Pure; diagnosis.ts puts them
// beside the stacks and the first failure.
import type { RunningCollective } from './collectives';
import type { Evidence, FactAt, RankScan } from './rankScan';
import { plural } from './wording';
import { maxOf, minOf } from './extremes';

export interface Straggler {
  rank: number;
  reason: string;
  evidence: Evidence[];
}

export interface CollectiveMismatch {
  /** The collective's sequence number; none when the ranks' words give none (PyTorch 1's fingerprints). */
  seq?: number;
  /** OpType (with sizes when they differ) -> ranks. */
  ops: Record<string, number[]>;
  evidence: Evidence[];
}

export interface RankCollectives {
  rank: number;
  /** The collective the rank timed out in (its last watchdog timeout). */
  /**
   * `time` is when it timed out, `started` when the collective began (the time less how long it
   * ran); `approximate` when the timeout's line had no time (torch 1.x's watchdog): `started` is
   * the last record's before it, when it began at the earliest, and `time` that plus how long it ran.
   */
  timedOut?: { seq: number; opType: string; timeoutMs?: number; ranForMs?: number; time?: number; started?: number; approximate?: true };
  /**
   * The rank's last gloo timeout (`Timed out waiting 8000ms for recv operation`), as a wait: to
   * the time of its line's record; of one in a traceback, which has no time of its own, from the
   * last record before it for the timeout's length (`approximate`: the wait began then or later).
   */
  glooWait?: { since: number; until: number; op: string; approximate: boolean };
  lastEnqueued?: number;
  lastCompleted?: number;
}

/** A fact's line as evidence for the reader to open. */
export function evidenceOf(f: FactAt): Evidence {
  return { rank: f.rank, file: f.file, line: f.line, time: f.time, text: f.text, quoted: f.quoted };
}

/** The longest wait in a collective drawn (a week): a timeout's digits beyond it are not a job's. */
const MAX_WAIT_MS = 7 * 24 * 3600_000;

function plausibleWait(ms: number | undefined): ms is number {
  return ms !== undefined && Number.isFinite(ms) && ms >= 0 && ms <= MAX_WAIT_MS;
}

/** Each rank's latest collective state from its facts. */
export function rankCollectives(scan: RankScan): RankCollectives {
  const out: RankCollectives = { rank: scan.rank };
  for (const f of scan.facts) {
    const fact = f.fact;
    if (fact.kind === 'timeout') {
      out.lastEnqueued = Math.max(out.lastEnqueued ?? -1, fact.seq);
      // The same timeout again in lines without a time (the watchdog's exception, its `what():`): the timed line's reading stands.
      const prev = out.timedOut;
      if (!f.timed && prev && !prev.approximate && prev.time !== undefined && prev.seq === fact.seq) continue;
      out.timedOut = { seq: fact.seq, opType: fact.opType, timeoutMs: fact.timeoutMs, ranForMs: fact.ranForMs, time: f.time };
      if (f.time !== undefined && plausibleWait(fact.ranForMs)) {
        // Its line's own time is when it timed out; else (torch 1.x's watchdog writes none) the last
        // record's before it, when the collective began at the earliest.
        if (f.timed) out.timedOut.started = f.time - fact.ranForMs;
        else Object.assign(out.timedOut, { started: f.time, time: f.time + fact.ranForMs, approximate: true });
      }
    } else if (fact.kind === 'gloo' && fact.what === 'timeout' && plausibleWait(fact.timeoutMs) && f.time !== undefined) {
      const op = `gloo ${fact.op ?? 'wait'}`;
      // (An untimed line repeating a timed one at its time: that one's reading stands.)
      if (!f.timed && out.glooWait && !out.glooWait.approximate && out.glooWait.until === f.time) continue;
      out.glooWait = f.timed
        ? { since: f.time - fact.timeoutMs, until: f.time, op, approximate: false }
        : { since: f.time, until: f.time + fact.timeoutMs, op, approximate: true };
    } else if (fact.kind === 'progress') {
      out.lastEnqueued = fact.lastEnqueued;
      out.lastCompleted = fact.lastCompleted;
    }
  }
  return out;
}

/** `rank 3`, `ranks 0, 2`. */
export function listRanks(ranks: readonly number[]): string {
  return ranks.length === 1 ? `rank ${ranks[0]}` : `ranks ${ranks.join(', ')}`;
}

/**
 * The ranks the others waited for. Evidence, strongest first: a desync report or a monitored
 * barrier naming them; ranks that logged no timeout at the sequence number the others timed out
 * at (or whose last enqueued collective is below it); when every rank timed out, the ranks whose
 * last enqueued collective is lowest.
 */
export function findStragglers(scans: readonly RankScan[], states: readonly RankCollectives[]): Straggler[] {
  const byRank = new Map<number, Straggler>();
  const add = (rank: number, reason: string, evidence: Evidence[]) => {
    if (!scans.some((s) => s.rank === rank)) return;
    const s = byRank.get(rank);
    if (s) s.evidence.push(...evidence.filter((e) => !s.evidence.includes(e)));
    else byRank.set(rank, { rank, reason, evidence: [...evidence] });
  };
  for (const scan of scans) {
    for (const f of scan.facts) {
      const fact = f.fact;
      if (fact.kind === 'desync' && fact.what !== 'did not finish') {
        for (const r of fact.ranks) add(r, fact.what === 'never joined' ? 'never joined any collective (desync report)' : `finished collective #${fact.seq !== undefined ? fact.seq - 1 : '?'} but never joined #${fact.seq ?? '?'} (desync report)`, [evidenceOf(f)]);
      } else if (fact.kind === 'barrier') {
        for (const r of fact.ranks) add(r, `did not reach the monitored barrier within ${fact.timeoutMs} ms`, [evidenceOf(f)]);
      }
    }
  }
  const timedOut = states.filter((s) => s.timedOut);
  if (timedOut.length > 0) {
    // The collective most ranks timed out in.
    const counts = new Map<number, number>();
    for (const s of timedOut) counts.set(s.timedOut!.seq, (counts.get(s.timedOut!.seq) ?? 0) + 1);
    const seq = [...counts].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0][0];
    const op = timedOut.find((s) => s.timedOut!.seq === seq)!.timedOut!.opType;
    const waiting = timedOut.filter((s) => s.timedOut!.seq === seq).map((s) => s.rank);
    const evidence = scans.flatMap((s) => s.facts.filter((f) => f.fact.kind === 'timeout' && f.fact.seq === seq).slice(-1).map(evidenceOf));
    for (const s of states) {
      if (waiting.includes(s.rank)) continue;
      const scan = scans.find((x) => x.rank === s.rank)!;
      if (scan.problem) continue;
      if (s.lastEnqueued !== undefined && s.lastEnqueued >= seq) continue;
      const own = scan.facts.filter((f) => f.fact.kind === 'progress').slice(-1).map(evidenceOf);
      const why = s.lastEnqueued !== undefined ? `last enqueued collective #${s.lastEnqueued}, never reached ${op} #${seq}` : `never entered ${op} #${seq}`;
      add(s.rank, `${why}; ${plural(waiting.length, 'rank')} timed out waiting for it`, [...own, ...evidence.slice(0, 3)]);
    }
    if (byRank.size === 0 && timedOut.length === states.length) {
      const enq = states.filter((s) => s.lastEnqueued !== undefined);
      const low = minOf(enq.map((s) => s.lastEnqueued!));
      const high = maxOf(enq.map((s) => s.lastEnqueued!));
      if (enq.length > 1 && low < high) {
        for (const s of enq.filter((x) => x.lastEnqueued === low)) {
          const scan = scans.find((x) => x.rank === s.rank)!;
          add(s.rank, `lowest last enqueued collective (#${low}, others up to #${high})`, scan.facts.filter((f) => f.fact.kind === 'progress' || f.fact.kind === 'timeout').slice(-2).map(evidenceOf));
        }
      }
    }
  }
  if (byRank.size === 0 && timedOut.length === 0) {
    // gloo names no peer in its timeouts: the ranks that logged none while others timed out
    // waiting (or saw their peer close) are the ones waited for.
    const gloo = scans.map((s) => ({ scan: s, facts: s.facts.filter((f) => f.fact.kind === 'gloo') }));
    const timeouts = gloo.filter((g) => g.facts.some((f) => f.fact.kind === 'gloo' && f.fact.what === 'timeout'));
    const waiting = gloo.filter((g) => g.facts.length > 0);
    if (timeouts.length > 0 && waiting.length < scans.length) {
      const ms = timeouts.map((g) => g.facts.find((f) => f.fact.kind === 'gloo' && f.fact.what === 'timeout')!).map((f) => (f.fact.kind === 'gloo' ? f.fact.timeoutMs : undefined)).find((x) => x !== undefined);
      const evidence = timeouts.flatMap((g) => g.facts.filter((f) => f.fact.kind === 'gloo' && f.fact.what === 'timeout').slice(-1).map(evidenceOf));
      for (const { scan, facts } of gloo) {
        if (facts.length > 0 || scan.problem) continue;
        add(scan.rank, `logged no timeout, while ${listRanks(timeouts.map((g) => g.scan.rank))} timed out waiting in gloo${ms !== undefined ? ` (${ms} ms)` : ''}`, evidence.slice(0, 3));
      }
    }
  }
  return [...byRank.values()].sort((a, b) => a.rank - b.rank);
}

/**
 * What PyTorch's fingerprints of the ranks' collectives (TORCH_DISTRIBUTED_DEBUG=DETAIL: each
 * rank that ran into a mismatch names its own collective and another rank's) say each rank ran:
 * its own word, else the latest of another's. Grouped by op type, else by the tensors' shape, else
 * by sequence number (a rank that ran more collectives than the others), the largest group first;
 * undefined when all agree.
 */
function fingerprintMismatch(scans: readonly RankScan[]): CollectiveMismatch | undefined {
  const said = new Map<number, { c: RunningCollective; own: boolean; evidence: Evidence }>();
  for (const scan of scans) {
    for (const f of scan.facts) {
      if (f.fact.kind !== 'fingerprint') continue;
      for (const [c, own] of [[f.fact.own, true], [f.fact.other, false]] as const) {
        if (own || !said.get(c.rank)?.own) said.set(c.rank, { c, own, evidence: evidenceOf(f) });
      }
    }
  }
  const all = [...said.values()].map((s) => s.c);
  const differ = (key: (c: RunningCollective) => unknown) => new Set(all.map(key)).size > 1;
  const keyOf = differ((c) => c.opType)
    ? (c: RunningCollective) => c.opType
    : differ((c) => c.shape)
      ? (c: RunningCollective) => `${c.opType}(TensorShape=[${c.shape ?? ''}])`
      : differ((c) => c.seq)
        ? (c: RunningCollective) => `${c.opType} #${c.seq ?? '?'}`
        : undefined;
  if (!keyOf) return undefined;
  const groups = new Map<string, number[]>();
  for (const [rank, s] of [...said].sort((a, b) => a[0] - b[0])) {
    const key = keyOf(s.c);
    groups.set(key, [...(groups.get(key) ?? []), rank]);
  }
  const ops = Object.fromEntries([...groups].sort((a, b) => b[1].length - a[1].length || a[1][0] - b[1][0]));
  // The sequence number most ranks are at, when the fingerprints give one.
  const seqs = new Map<number, number>();
  for (const c of all) if (c.seq !== undefined) seqs.set(c.seq, (seqs.get(c.seq) ?? 0) + 1);
  const seq = [...seqs].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0];
  const evidence = [...new Map([...said.values()].filter((s) => s.own).map((s) => [`${s.evidence.file}:${s.evidence.line}`, s.evidence])).values()];
  return { ...(seq === undefined ? {} : { seq }), ops, evidence: evidence.slice(0, 8) };
}

/**
 * Collectives the ranks ran differently: as PyTorch's fingerprints say (first), and sequence
 * numbers at which ranks timed out in different collectives (op type or sizes).
 */
export function findMismatches(scans: readonly RankScan[]): CollectiveMismatch[] {
  const fingerprinted = fingerprintMismatch(scans);
  const bySeq = new Map<number, Map<string, { ranks: Set<number>; evidence: Evidence[] }>>();
  for (const scan of scans) {
    for (const f of scan.facts) {
      if (f.fact.kind !== 'timeout') continue;
      const key = f.fact.numelIn !== undefined ? `${f.fact.opType}(NumelIn=${f.fact.numelIn}, NumelOut=${f.fact.numelOut})` : f.fact.opType;
      const ops = bySeq.get(f.fact.seq) ?? new Map();
      bySeq.set(f.fact.seq, ops);
      const entry = ops.get(key) ?? { ranks: new Set<number>(), evidence: [] };
      ops.set(key, entry);
      if (!entry.ranks.has(scan.rank)) {
        entry.ranks.add(scan.rank);
        entry.evidence.push(evidenceOf(f));
      }
    }
  }
  const out: CollectiveMismatch[] = fingerprinted ? [fingerprinted] : [];
  for (const [seq, ops] of [...bySeq].sort((a, b) => a[0] - b[0])) {
    if (ops.size < 2) continue;
    // Sizes alone differ only when the op types agree; name the op type when they do not.
    const types = new Set([...ops.keys()].map((k) => k.replace(/\(.*$/, '')));
    const merged = new Map<string, Set<number>>();
    for (const [key, v] of ops) {
      const name = types.size > 1 ? key.replace(/\(.*$/, '') : key;
      const set = merged.get(name) ?? new Set<number>();
      for (const r of v.ranks) set.add(r);
      merged.set(name, set);
    }
    if (merged.size < 2) continue;
    const result: Record<string, number[]> = {};
    for (const [k, v] of merged) result[k] = [...v].sort((a, b) => a - b);
    out.push({ seq, ops: result, evidence: [...ops.values()].flatMap((v) => v.evidence.slice(0, 2)) });
  }
  return out;
}
