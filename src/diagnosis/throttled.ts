// Background work that must not run too often or twice at once: a request starts it after a
// delay; requests while it waits fold into that run, requests while it runs into one more.

export class Throttled {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private disposed = false;

  constructor(
    private readonly work: () => Promise<void>,
    private readonly delayMs: number,
    private readonly onError: (e: unknown) => void,
  ) {}

  /** Runs the work after the delay (once, however often this is called meanwhile). */
  schedule(): void {
    if (this.timer || this.disposed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.running) this.again = true;
      else this.run().catch(this.onError);
    }, this.delayMs);
  }

  /** Runs the work now (after a run under way) and resolves when it is done. */
  async now(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
    await this.run();
  }

  private run(): Promise<void> {
    const running = this.work().finally(() => {
      this.running = undefined;
      if (this.again && !this.disposed) {
        this.again = false;
        this.schedule();
      }
    });
    this.running = running;
    return running;
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
  }
}
