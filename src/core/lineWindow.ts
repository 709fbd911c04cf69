// A launcher's word over several lines: an opening line, then within a few lines the rest of it
// (mpirun's process name and exit code, Hydra's banner, torchrun's `Failures:` section). What
// was read of it so far is kept while the window is open. Pure.

export class LineWindow<T> {
  private open_: { left: number; read: T } | undefined;

  /** The opening line was read: the next `lines` lines may complete the word. */
  open(lines: number, read: T): void {
    this.open_ = { left: lines, read };
  }

  /** For the next line: what was read so far, or undefined once the window is closed or past its lines (it closes). */
  next(): T | undefined {
    const w = this.open_;
    if (!w) return undefined;
    if (--w.left < 0) {
      this.open_ = undefined;
      return undefined;
    }
    return w.read;
  }

  get isOpen(): boolean {
    return this.open_ !== undefined;
  }

  close(): void {
    this.open_ = undefined;
  }
}
