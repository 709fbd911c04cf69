// Root hook of the unit tier: when the tests are done but something they started still keeps
// the process alive (a child's child holding a pipe, a timer), it says what, and the tier ends
// 10 s later with the tests' own result, rather than leaving `npm test` (and CI) waiting.
export const mochaHooks = {
  afterAll(): void {
    const timer = setTimeout(() => {
      const open = process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap');
      console.error(`The unit tests left ${open.length} resource(s) open 10 s after they ended (${open.join(', ')}): ending the tier.`);
      process.exit();
    }, 10_000);
    // Only if something else keeps the process alive does this fire.
    timer.unref();
  },
};
