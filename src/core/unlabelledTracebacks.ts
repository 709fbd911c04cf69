// The tracebacks among a console's lines that name no rank (torchrun's console without `--tee`,
// plain srun's, mpirun's without `--tag-output`: a rank's uncaught exception, unlabelled in torch
// 1.x and whenever PyTorch did not label it), for the launcher's word on the one rank that failed
// (captureLauncher.ts): when a single such traceback came since the attempt started (or the
// word before), it is that rank's, its exception said with the word (`take`). Pure.
import type { LauncherVerdict } from './launcherLines';
import { exceptionLineCandidate, namesExceptionClass, TRACEBACK_HEAD, tracebackHeadAfterText } from './logLine';

/** A line of the capture: its text, line and byte offset. */
export interface CaptureLine {
  text: string;
  line: number;
  offset: number;
}

/** The unlabelled traceback taken as a rank's (`UnlabelledTracebacks.take`): written after its record, each line mapped to its own. */
export interface RankTraceback {
  rank: number;
  lines: readonly CaptureLine[];
  /** The capture's latest time before its first line: the rank failed at or after it (the launcher's word may come much later). */
  after?: number;
}

/** An unlabelled traceback: its exception, the capture's line that names it, and its lines (a chained error's all), when not too many. */
export interface UnlabelledException {
  text: string;
  line: number;
  lines?: readonly CaptureLine[];
  /** The capture's latest time before it (`RankTraceback.after`). */
  after?: number;
}

/** Python's words between the tracebacks of one chained error. */
const CHAINED = /^(?:During handling of the above exception, another exception occurred:|The above exception was the direct cause of the following exception:)\s*$/;
/** torchrun's own traceback (its `ChildFailedError`, its entry's frames; not elastic's `@record` a worker's frames may pass through). */
const TORCHRUN_FRAMES = /torch\.distributed\.elastic\.multiprocessing\.errors\.ChildFailedError|torch[/.]distributed[/.](?:run|launch)\b/;
/** The most characters of an exception's line said with the word. */
const MAX_TEXT = 300;
/** The most lines of a traceback kept to be written as its rank's (a `RecursionError`'s are folded by Python). */
const MAX_LINES = 400;
/** Errors kept since an attempt began (more are counted), and the lines of their exceptions said. */
const MAX_ERRORS = 8;
const SHOWN_LINES = 5;

interface Found {
  text: string;
  line: number;
  /** The capture's latest time before its first line. */
  after?: number;
  /** Its lines so far (undefined once past `MAX_LINES`), and how many up to its last exception. */
  lines: CaptureLine[] | undefined;
  whole: number;
}

export class UnlabelledTracebacks {
  /** Errors read since `clear` (a chained error counts once, its last exception kept). */
  private found: Found[] = [];
  /** Inside a traceback, before its exception's line: whether it started an error of its own (not a chained one's next), whether its frames are torchrun's. */
  private open: { own: boolean; torchrun: boolean } | undefined;
  /** After an exception: `said`, Python's word that a chained traceback follows came after it. */
  private chain: 'after' | 'said' | undefined;

  /**
   * A line of the console that names no rank, at capture line `line` (byte `offset`); `latest`,
   * asked at a traceback's first line: the capture's latest time before it.
   */
  line(text: string, line: number, offset = 0, latest?: () => number | undefined): void {
    // (A console saved with CRLF line ends.)
    if (text.endsWith('\r')) text = text.slice(0, -1);
    // (After a line left open, a bar's last state: the traceback is from its head.)
    const after = this.open || text.startsWith(TRACEBACK_HEAD) ? -1 : tracebackHeadAfterText(text);
    if (after > 0) text = text.slice(after);
    if (text.startsWith(TRACEBACK_HEAD)) {
      // (A chained error's next traceback: the error is the one already counted, its exception the last.)
      const own = this.chain !== 'said';
      if (own) this.push(line, latest?.());
      this.open = { own, torchrun: false };
      this.chain = undefined;
      this.keep(text, line, offset);
      return;
    }
    if (this.open) {
      this.keep(text, line, offset);
      if (TORCHRUN_FRAMES.test(text)) this.open.torchrun = true;
      if (!exceptionLineCandidate(text) || !namesExceptionClass(text)) return;
      const { own, torchrun } = this.open;
      this.open = undefined;
      const last = this.found[this.found.length - 1];
      if (torchrun) {
        if (own) this.found.pop();
        return;
      }
      last.text = text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
      last.line = line;
      last.whole = last.lines?.length ?? 0;
      this.chain = 'after';
      return;
    }
    if (this.chain && (text.trim() === '' || CHAINED.test(text))) {
      if (CHAINED.test(text)) this.chain = 'said';
      this.keep(text, line, offset);
    } else this.chain = undefined;
  }

  /**
   * A new error's traceback at `line`. Only the one error's lines are written: a second's start
   * lets go of the first's; past `MAX_ERRORS` they are counted only (a console of thousands of
   * logged tracebacks between two words of torchrun's).
   */
  private push(line: number, after: number | undefined): void {
    if (this.found.length > 0) for (const f of this.found) f.lines = undefined;
    if (this.found.length >= MAX_ERRORS) {
      this.found[this.found.length - 1] = { text: '', line, after, lines: undefined, whole: 0 };
      this.past++;
    } else this.found.push({ text: '', line, after, lines: this.found.length === 0 ? [] : undefined, whole: 0 });
  }

  /** Errors read past `MAX_ERRORS` since `clear` (the last kept is the latest's). */
  private past = 0;

  private keep(text: string, line: number, offset: number): void {
    const f = this.found[this.found.length - 1];
    if (!f?.lines) return;
    if (f.lines.length >= MAX_LINES) f.lines = undefined;
    else f.lines.push({ text, line, offset });
  }

  /** The one error read since `clear`, when there is exactly one whose exception was read. */
  only(): UnlabelledException | undefined {
    const f = this.found.length === 1 && this.past === 0 ? this.found[0] : undefined;
    if (!f || f.text === '') return undefined;
    return { text: f.text, line: f.line, ...(f.lines ? { lines: f.lines.slice(0, f.whole) } : {}), ...(f.after !== undefined ? { after: f.after } : {}) };
  }

  /** How many errors were read since `clear` (more than one: whose is whose is not known), and the capture's lines (0-based) of the first few's exceptions. */
  exceptions(): { count: number; lines: number[] } {
    const done = this.found.filter((f) => f.text !== '');
    return { count: done.length + this.past, lines: done.slice(0, SHOWN_LINES).map((f) => f.line) };
  }

  /**
   * A launcher's line read (`verdict`, what it says of ranks; undefined: a line of nobody's, kept
   * when a traceback's). torchrun's word on the one rank that failed (`endsAttempt`), of which no
   * line is labelled (`ownLines`), says the exception of the one traceback since the attempt
   * started, and gives it to be written as the rank's; so does srun's or mpirun's on the one rank
   * it started that failed (`launcherFailed`), of the one since its word before. Several, or a
   * word on several ranks: whose is whose is not known; where they are is said.
   */
  take(verdict: LauncherVerdict | undefined, text: string, line: number, offset: number, launcherFailed: boolean, ownLines: (rank: number) => number | undefined, latest?: () => number | undefined): { verdict: LauncherVerdict | undefined; traceback?: RankTraceback } {
    if (!verdict) {
      this.line(text, line, offset, latest);
      return { verdict };
    }
    if (!verdict.endsAttempt && !launcherFailed) return { verdict };
    const only = this.only();
    const found = this.exceptions();
    this.clear();
    const [rank, more] = verdict.ranks === 'all' ? [] : verdict.ranks;
    if ((verdict.endsRanks !== 'torchrun' && !launcherFailed) || rank === undefined || ownLines(rank)) return { verdict };
    if (found.count > 1 || (more !== undefined && found.count > 0)) return { verdict: { ...verdict, message: withUnlabelledTracebacks(verdict.message, found) } };
    if (!only) return { verdict };
    return { verdict: { ...verdict, message: withUnlabelledException(verdict.message, only) }, ...(only.lines ? { traceback: { rank, lines: only.lines, ...(only.after !== undefined ? { after: only.after } : {}) } } : {}) };
  }

  /** Forgets what was read (an attempt ended; the capture is read again). */
  clear(): void {
    this.found = [];
    this.past = 0;
    this.open = undefined;
    this.chain = undefined;
  }
}

/** torchrun's word on a rank that failed, with how many tracebacks before it name no rank, and where the first few are. */
export function withUnlabelledTracebacks(message: string, found: { count: number; lines: readonly number[] }): string {
  const shown = found.lines.map((l) => l + 1).join(', ');
  const which = found.count === 1 ? 'a traceback before it names' : `${found.count} tracebacks before it name`;
  return `${message}; ${which} no rank (line${found.lines.length > 1 ? 's' : ''} ${shown}${found.count > found.lines.length ? ', …' : ''})`;
}

/**
 * torchrun's word on a rank that failed, with the one unlabelled traceback before it: followed by
 * its lines (`lines`), or, too long to be written, with its exception.
 */
export function withUnlabelledException(message: string, e: UnlabelledException): string {
  if (e.lines) return `${message}; its traceback, the console's only one before this word (no rank named):`;
  return `${message}; the console's only traceback before it (line ${e.line + 1}, no rank named): ${e.text}`;
}
