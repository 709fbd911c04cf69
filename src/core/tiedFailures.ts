// Failures that times cannot order (a capture without times: Python's default `INFO:name:message`
// under `srun -l`, every traceback untimed; a traceback among PyTorch's timed lines) are ordered
// by the capture itself. The summary names the
// records it could not order (`Failure.tiedWith`); their lines are looked up in the file the
// ranks were read from, and each rank is given the order of its records there
// (`RankInput.sourceOrder`) for the summary to be taken again.
import type { JobSummary, RankInput } from './jobSummary';

/** Where lines of rank logs came from (`JobImport.sourcesOf`: one read of a capture for all). */
export type SourcesOf = (lines: readonly { file: string; line: number }[]) => Promise<({ path: string; line: number } | undefined)[]>;

/** A record of a tied failure (`tiedRecords`): its rank log, its line there, its attempt (`group`), whether it won the tie. */
export interface TiedRecord {
  input: RankInput;
  line: number;
  group: number;
  winner: boolean;
}

/** The records of `summary`'s failures that tied (`Failure.tiedWith`), winner first, with the rank logs they are in. */
export function tiedRecords(summary: JobSummary, inputs: readonly RankInput[]): TiedRecord[] {
  const wanted: TiedRecord[] = [];
  let byRank: Map<number, RankInput[]> | undefined;
  summary.attempts.forEach((a, group) => {
    const f = a.firstFailure;
    if (!f?.tiedWith) return;
    if (!byRank) {
      byRank = new Map();
      for (const input of inputs) byRank.set(input.rank, [...(byRank.get(input.rank) ?? []), input]);
    }
    for (const [k, { rank, line }] of [{ rank: f.rank, line: f.record.line }, ...f.tiedWith].entries()) {
      for (const input of byRank.get(rank) ?? []) wanted.push({ input, line, group, winner: k === 0 });
    }
  });
  return wanted;
}

/**
 * Gives the ranks of `summary`'s tied failures the order of those records in the file they share
 * (`inputs` are the summary's, changed in place). True when some were ordered: the caller
 * summarizes again. Records of different files, or lines not found, stay unordered.
 */
export async function orderTiedFailures(summary: JobSummary, inputs: readonly RankInput[], sourcesOf: SourcesOf): Promise<boolean> {
  const orders = await tiedOrders(tiedRecords(summary, inputs), sourcesOf);
  for (const [input, lines] of orders) {
    const before = input.sourceOrder;
    input.sourceOrder = (line) => lines.get(line) ?? before?.(line);
  }
  return orders.size > 1;
}

/** Each rank log's tied records (`tiedRecords`) by line, with their line in the file most of their attempt's came from. */
export async function tiedOrders(wanted: readonly TiedRecord[], sourcesOf: SourcesOf): Promise<Map<RankInput, Map<number, number>>> {
  if (wanted.length === 0) return new Map();
  const found = await sourcesOf(wanted.map((w) => ({ file: w.input.index.path, line: w.line })));
  // Within an attempt, only records of the one file most of them came from are ordered.
  const perGroup = new Map<number, Map<string, number>>();
  wanted.forEach((w, i) => {
    const p = found[i]?.path;
    if (p === undefined) return;
    const counts = perGroup.get(w.group) ?? new Map<string, number>();
    perGroup.set(w.group, counts.set(p, (counts.get(p) ?? 0) + 1));
  });
  const fileOf = new Map([...perGroup].map(([group, counts]) => [group, [...counts].reduce((a, b) => (b[1] > a[1] ? b : a))[0]]));
  const orders = new Map<RankInput, Map<number, number>>();
  wanted.forEach((w, i) => {
    const at = found[i];
    if (!at || at.path !== fileOf.get(w.group)) return;
    let lines = orders.get(w.input);
    if (!lines) orders.set(w.input, (lines = new Map()));
    lines.set(w.line, at.line);
  });
  return orders;
}
