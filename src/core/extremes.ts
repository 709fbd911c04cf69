// The largest and smallest of many numbers (a job's ranks, their times): `Math.max(...values)`
// passes each value as an argument, and past ~100,000 of them (a capture of 200,000 ranks) the
// call overflows the stack.

/** The largest of `values`; -Infinity when there is none (as `Math.max()`). NaN is passed over. */
export function maxOf(values: Iterable<number>): number {
  let max = -Infinity;
  for (const v of values) if (v > max) max = v;
  return max;
}

/** The smallest of `values`; Infinity when there is none (as `Math.min()`). NaN is passed over. */
export function minOf(values: Iterable<number>): number {
  let min = Infinity;
  for (const v of values) if (v < min) min = v;
  return min;
}
