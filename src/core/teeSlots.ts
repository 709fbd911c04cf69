// srun's tasks' (pdsh's hosts', per-node files') places among the nodes of torchrun on several
// nodes, where its rendezvous numbered them otherwise (`--rdzv_backend c10d`): from the global
// ranks PyTorch's own lines of their local ranks name (`globalRankIn`), for `ForeignJob.teeSlots`. Pure.
import { globalRankIn, RankPrefix } from './rankPrefixes';

/** srun's tasks (pdsh's hosts) seen with torchrun's tee labels, and the global ranks PyTorch's own lines of their local ranks name. */
export interface TeeNodes {
  seen: Set<number | string>;
  named: { node: number | string; local: number; rank: number }[];
}

/** A node's line of a local rank (`p` its prefix, `label` the tee label at the start of its `text`): the node, and the global rank the line names. */
export function addTeeNode(nodes: TeeNodes, p: RankPrefix, label: { rank: number; end: number }, text: string): void {
  const node = p.host ?? p.rank;
  nodes.seen.add(node);
  const rank = globalRankIn(text.slice(label.end));
  if (rank !== undefined && nodes.named.length < 100_000) nodes.named.push({ node, local: label.rank, rank });
}

/** The nodes seen as tasks numbered by `indexOf` (srun's their own numbers, pdsh's hosts their places in the hosts' order). */
export function tasksOf(nodes: { seen: ReadonlySet<number | string>; named: readonly { node: number | string; local: number; rank: number }[] }, indexOf: (node: number | string) => number): { seen: Set<number>; named: { task: number; local: number; rank: number }[] } {
  return { seen: new Set([...nodes.seen].map(indexOf)), named: nodes.named.map(({ node, local, rank }) => ({ task: indexOf(node), local, rank })) };
}

/**
 * torchrun on several nodes under srun (pdsh) with a rendezvous that numbers the nodes as they join
 * (`--rdzv_backend c10d`), not by srun's task (the host's place in the hosts' order): each task's
 * place among the nodes, as the global ranks PyTorch's own lines of its local ranks name
 * (`globalRankIn`). The places are the tasks' numbers in some order: a task no line names takes
 * its own number where no named task has it, else the places left in order (of two nodes, one
 * named settles both). Undefined where that is every task's own number, or where the lines
 * contradict each other (one task two places, two tasks one, a place no task seen has).
 */
export function teeSlotsOf(tasks: { seen: ReadonlySet<number>; named: readonly { task: number; local: number; rank: number }[] }, width: number): number[] | undefined {
  const seen = [...tasks.seen].sort((a, b) => a - b);
  const places = new Set(seen);
  const slots = new Map<number, number>();
  for (const { task, local, rank } of tasks.named) {
    const base = rank - local;
    if (base < 0 || base % width !== 0 || !places.has(task) || !places.has(base / width)) return undefined;
    if ((slots.get(task) ?? base / width) !== base / width) return undefined;
    slots.set(task, base / width);
  }
  const used = new Set(slots.values());
  if (slots.size === 0 || used.size !== slots.size) return undefined;
  for (const t of seen) {
    if (slots.has(t) || used.has(t)) continue;
    slots.set(t, t);
    used.add(t);
  }
  const left = seen.filter((place) => !used.has(place));
  for (const t of seen.filter((task) => !slots.has(task))) slots.set(t, left.shift()!);
  if ([...slots].every(([task, slot]) => task === slot)) return undefined;
  const out: number[] = [];
  for (const t of seen) out[t] = slots.get(t)!;
  return out;
}
