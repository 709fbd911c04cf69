// Words for counts in labels and messages.

/** `1 rank`, `2 ranks` */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
