// Async work over many items (rank logs), a few at a time: a job of thousands of ranks must not
// open every file at once.

/**
 * `fn` over `items`, at most `limit` at a time; results in the items' order. When one call
 * throws, no item is started after it, and the error is thrown once the calls under way have
 * ended: nothing runs on after the caller has heard of it (the outputs' writes: the files they
 * write to were closed under them, their bytes lost).
 */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  let failed: { error: unknown } | undefined;
  const lane = async (): Promise<void> => {
    for (let i = next++; i < items.length && !failed; i = next++) {
      try {
        out[i] = await fn(items[i]);
      } catch (error) {
        failed ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  if (failed) throw failed.error;
  return out;
}
