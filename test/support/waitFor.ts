// Tests wait on conditions, never on fixed sleeps.

export async function waitFor<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  timeoutMs = 10_000,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value as T;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) {
      const detail = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${detail}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Waits until `value()` is `want`; a timeout names what it was last. */
export async function waitForValue<T>(value: () => T, want: T, what: string, timeoutMs = 10_000): Promise<void> {
  let last: T | undefined;
  await waitFor(() => (last = value()) === want, what, timeoutMs).catch((e: Error) => {
    throw new Error(`${e.message}: ${String(last)}`);
  });
}
