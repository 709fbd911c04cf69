// Words for counts in labels and messages.

/** `1 rank`, `2 ranks` */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Sorted ranks as runs of consecutive numbers: [[0, 3], [5, 5], [7, 9]]. */
export function rankRuns(ranks: readonly number[]): [number, number][] {
  const sorted = [...new Set(ranks)].sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const r of sorted) {
    const last = runs[runs.length - 1];
    if (last && r === last[1] + 1) last[1] = r;
    else runs.push([r, r]);
  }
  return runs;
}

/** `rank 3`, `ranks 0-3, 5` */
export function ranksLabel(ranks: readonly number[]): string {
  const runs = rankRuns(ranks);
  const one = runs.length === 1 && runs[0][0] === runs[0][1];
  return `${one ? 'rank' : 'ranks'} ${runs.map(([a, b]) => (a === b ? String(a) : `${a}-${b}`)).join(', ')}`;
}

/** `Ranks 0-3` from `ranks 0-3`: a label at the start of a sentence. */
export function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
