// A capture's line longer than a read's piece (`MAX_LINE`), read in pieces: the first goes to its
// rank as any line; of a progress bar of hours on one line (tqdm's `\r` updates), the last state
// after it is kept (bounded) until the line ends, then written as a line of its rank. Pure.
import { RankPrefix } from './rankPrefixes';

/** The most characters of an overlong line's last progress state kept. */
const MAX_PROGRESS_STATE = 64 * 1024;

export class OverlongLine {
  /** Its last progress state so far (from its last `\r`). */
  private tail: string | undefined;

  constructor(
    /** Where it starts in the capture. */
    readonly line: number,
    readonly offset: number,
    readonly rank: number,
    readonly prefix: RankPrefix,
  ) {}

  /** A piece after its first: its last progress state is kept (bounded). */
  piece(text: string): void {
    const cut = text.lastIndexOf('\r');
    if (cut >= 0) this.tail = text.slice(cut);
    else if (this.tail !== undefined && this.tail.length < MAX_PROGRESS_STATE) this.tail += text.slice(0, MAX_PROGRESS_STATE);
  }

  /** Its last progress state, once; undefined when it has none. */
  takeTail(): string | undefined {
    const tail = this.tail;
    this.tail = undefined;
    return tail;
  }
}
