// When an import's fast paths (the capture lane, the JavaScript byte path; importJob.ts) try a
// line: each line is tried until a run of misses, then tries thin out until one is taken.

/** Lines in a row a fast path may fail to take before it rests (fewer cost the fuzz tests a third of their lane lines). */
const MISSES_BEFORE_REST = 32;
/** Lines it then leaves to the string path before it tries again, at most. */
const MAX_REST = 64;

/**
 * When a fast path (the capture lane, the byte path) tries a line. After 32 lines in a row it did
 * not take, it rests for 1, 2, 4 ... 64 lines between tries, and one line taken makes it try every
 * line again: a capture of a format it does not read (loguru's, a user's) pays for a try every 64
 * lines, not for every line (which made the import of a capture of DeepSpeed records, before the
 * lane read them, 1.5x slower than the string path alone), while a capture that mixes in such
 * lines keeps its fast path.
 */
export class Turns {
  private misses = 0;
  private rest = 0;
  private step = 0;

  /** Whether the path tries this line. */
  due(): boolean {
    if (this.rest === 0) return true;
    this.rest--;
    return false;
  }

  /** What its try gave. */
  took(some: boolean): void {
    if (some) {
      this.misses = this.step = 0;
    } else if (++this.misses >= MISSES_BEFORE_REST) {
      this.rest = this.step = Math.min(MAX_REST, this.step * 2 || 1);
    }
  }
}
