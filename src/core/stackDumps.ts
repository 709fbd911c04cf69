// Stack dumps written by Python's faulthandler (the runner registers it on SIGUSR1; a crash
// writes one after "Fatal Python error"), read from a rank's log, and grouped across ranks by
// call path the way LLNL STAT groups MPI stacks: ranks waiting in the same place form one group,
// the odd one out stands alone. Format (CPython traceback.c, all threads):
//   Thread 0x00007f3e4b7fe640 (most recent call first):
//     File "/usr/lib/python3.11/threading.py", line 324 in wait
//   <blank line>
//   Current thread 0x00007f3e5a1c7740 (most recent call first):
//     File "train.py", line 42 in train_step
//     File "train.py", line 80 in <module>
// Python 3.12+ may print "Stack (most recent call first):" for a single thread, and
// "  <no Python frame>", "  ..." (more than 100 frames) or "  Garbage-collecting" lines; 3.14+
// names each thread as the system does, in brackets: "Thread 0x00007f3e4b7fe640 [loader]
// (most recent call first):", "Current thread 0x00007f3e5a1c7740 [python3] (most recent ...".

import { isTracebackHead, richPanelLine, TRACEBACK_HEAD } from './logLine';
import { rankRuns } from './wording';

export interface StackFrame {
  file: string;
  /** 1-based; 0 when faulthandler printed "???". */
  line: number;
  function: string;
}

export interface StackThread {
  id: string;
  /** The thread that handled the signal ("Current thread"). */
  current: boolean;
  /** Innermost first, as faulthandler prints them. */
  frames: StackFrame[];
  /** More frames than faulthandler prints (it wrote "  ..."). */
  truncated: boolean;
}

export interface StackDump {
  rank: number;
  /** 0-based line of the dump's first thread header in the rank's log. */
  line: number;
  offset: number;
  /** The time of the last record before the dump (faulthandler writes none): approximate. */
  time?: number;
  /** The time of a record soon after it, when one is: it was written by then (a rank silent before it dumped). */
  until?: number;
  threads: StackThread[];
  /**
   * Written by `faulthandler.dump_traceback_later` (its `Timeout (0:05:00)!` line above the
   * dump): the rank was where it is for that long, and with `exit=True` faulthandler then ended it.
   */
  watchdog?: boolean;
}

const THREAD_HEADER = /^(Current thread|Thread) (0x[0-9a-fA-F]+)(?: \[[ -~]{0,100}\])? \(most recent call first\):\s*$/;
const STACK_HEADER = /^Stack \(most recent call first\):\s*$/;
const FRAME = /^ {2}File "(.*)", line (\d+|\?\?\?) in (.*?)\s*$/;

/** Whether `text` starts a thread of a stack dump. */
export function isStackDumpStart(text: string): boolean {
  return THREAD_HEADER.test(text) || STACK_HEADER.test(text);
}

/**
 * Reads the threads of one dump from `lines`, starting at `start` (a thread header). Stops at
 * the first line that is neither a thread header, a frame, a faulthandler note nor the blank
 * line between threads. Returns the threads and the index after the last line used.
 */
export function parseStackDump(lines: readonly string[], start: number): { threads: StackThread[]; end: number } {
  const threads: StackThread[] = [];
  let i = start;
  let thread: StackThread | undefined;
  for (; i < lines.length; i++) {
    const text = lines[i].replace(/\r$/, '');
    const header = THREAD_HEADER.exec(text);
    if (header || STACK_HEADER.test(text)) {
      thread = { id: header ? header[2] : 'main', current: header ? header[1] === 'Current thread' : true, frames: [], truncated: false };
      threads.push(thread);
      continue;
    }
    if (!thread) break;
    const frame = FRAME.exec(text);
    if (frame) {
      if (thread.frames.length < MAX_FRAMES) thread.frames.push({ file: frame[1], line: frame[2] === '???' ? 0 : Number(frame[2]), function: frame[3] });
      continue;
    }
    if (text === '  ...') thread.truncated = true;
    else if (text === '  <no Python frame>' || text === '  Garbage-collecting') continue;
    // A blank line separates threads; a second one, or one not followed by a thread, ends the dump.
    else if (text === '' && i + 1 < lines.length && isStackDumpStart(lines[i + 1].replace(/\r$/, ''))) continue;
    else break;
  }
  return { threads, end: i };
}

/** faulthandler prints at most 100 frames a thread; a hostile log may claim more. */
const MAX_FRAMES = 200;

/**
 * The exception line of a traceback that ends in `KeyboardInterrupt`: Ctrl+C in a job's terminal
 * (every rank gets SIGINT), or a launcher passing it on (torchrun told to stop). Each rank's
 * traceback then says where it was, as a dump would: the ranks of a hung job stopped so are
 * grouped by it.
 */
export function isInterruptLine(text: string): boolean {
  return text.startsWith('KeyboardInterrupt') && (text.length === 17 || text.startsWith(': ', 17) || text.trimEnd().length === 17);
}

/** The thread of a dump read from a `KeyboardInterrupt` traceback (`tracebackAbove`). */
export const INTERRUPT_THREAD = 'KeyboardInterrupt';

/** The dump is a rank's `KeyboardInterrupt` traceback (Ctrl+C), not faulthandler's or py-spy's. */
export function isInterruptDump(d: StackDump): boolean {
  return d.threads[0]?.id === INTERRUPT_THREAD;
}

/**
 * The dump that tells where a rank was last (of its dumps, in their order): its last; but of
 * `KeyboardInterrupt` tracebacks one after another at one time (no timed record between them),
 * the first: the later ones are its exit's (an exit handler the interrupt cut, Python 3.11's
 * `Exception ignored in atexit callback: <function shutdown ...>` in logging's lock).
 */
export function lastStackOf(dumps: readonly StackDump[]): StackDump | undefined {
  let k = dumps.length - 1;
  while (k > 0 && isInterruptDump(dumps[k]) && isInterruptDump(dumps[k - 1]) && dumps[k - 1].time === dumps[k].time) k--;
  return dumps[k];
}

/** A frame of a Python traceback (outermost first): `  File "train.py", line 42, in train_step`. */
const TRACEBACK_FRAME = /^ {2}File "(.*)", line (\d+), in (.*?)\s*$/;

/** The frame a traceback's line names (`  File "train.py", line 42, in train_step`), or undefined. */
export function tracebackFrame(text: string): StackFrame | undefined {
  const m = TRACEBACK_FRAME.exec(text);
  return m ? { file: m[1], line: Number(m[2]), function: m[3] } : undefined;
}

/**
 * Reads a traceback upward, from the line above its exception: `lineAbove(k)` gives the k-th line
 * above it (0: the nearest), undefined past what can be read. Frames, their source lines and
 * carets are the traceback's; its `Traceback (most recent call last):` head, or any other line,
 * ends it. The thread of the frames (innermost first) and the lines read, the head's included;
 * undefined when no frame was read, or the outermost is an excepthook's.
 */
export function tracebackAbove(lineAbove: (k: number) => string | undefined): { thread: StackThread; lines: number } | undefined {
  const frames: StackFrame[] = [];
  let k = 0;
  const bottom = lineAbove(0);
  if (bottom !== undefined && richPanelLine(bottom) === 'bottom') k = richFramesAbove(lineAbove, frames);
  else for (; k < 4 * MAX_FRAMES; k++) {
    const text = lineAbove(k);
    if (text === undefined) break;
    const frame = tracebackFrame(text);
    if (frame) {
      frames.push(frame);
      continue;
    }
    if (text.trimEnd() === TRACEBACK_HEAD) {
      k++;
      break;
    }
    // A frame's source line and its carets (indented deeper); anything else is no traceback's.
    if (!text.startsWith('    ')) break;
  }
  // No frame, or the interrupt came as an excepthook printed another exception (Python's `Error in
  // sys.excepthook:` before it; rich's handler takes long enough to be interrupted): it does not
  // say where the rank was working.
  if (frames.length === 0 || frames[frames.length - 1].function === 'excepthook') return undefined;
  return { thread: { id: INTERRUPT_THREAD, current: true, frames: frames.slice(0, MAX_FRAMES), truncated: frames.length > MAX_FRAMES }, lines: k };
}

/** Characters of a line of rich's panel at most (its console's width; 80 in a file by default). */
const RICH_LINE_MAX = 1000;
/** A frame's line in rich's panel: `│ /job/train.py:42 in train_step   │` (a long path's function alone on the next line). */
const RICH_FRAME = /^[│|] ([^\s│|]+):(\d{1,7}) in(?: (\S+))?\s*[│|]\s*$/;

/**
 * The frames of rich's panel above its bottom border (`lineAbove(0)`), innermost first, into
 * `frames`; the lines read, the panel's top included (`tracebackAbove`).
 */
function richFramesAbove(lineAbove: (k: number) => string | undefined, frames: StackFrame[]): number {
  // The text of the line below the one read: a long path's function, on the line after its frame.
  let below: string | undefined;
  let k = 1;
  for (; k < 16 * MAX_FRAMES; k++) {
    const text = lineAbove(k);
    if (text === undefined) break;
    if (isTracebackHead(text)) return k + 1;
    // (A panel's line is as wide as its console: a longer one is none, and is not searched.)
    if (richPanelLine(text) !== 'inside' || text.length > RICH_LINE_MAX) break;
    const m = RICH_FRAME.exec(text);
    const fn = m && (m[3] ?? below?.replace(/[│|]/g, '').trim());
    if (m && fn) frames.push({ file: m[1], line: Number(m[2]), function: fn });
    below = text;
  }
  return k;
}

/**
 * The thread a dump is about: the one running the script (its outermost frame is a module's
 * `<module>`, not threading's bootstrap), else the thread that handled the signal.
 */
export function mainThread(dump: { threads: readonly StackThread[] }): StackThread | undefined {
  const byModule = dump.threads.find((t) => t.frames.length > 0 && t.frames[t.frames.length - 1].function === '<module>');
  return byModule ?? dump.threads.find((t) => t.current) ?? dump.threads[0];
}

const LAUNCHER_FRAME = /[\\/]worker_logging[\\/]|^<frozen runpy>$|[\\/]runpy\.py$/;

/** The frames without the launcher's at the outer end (runpy, `python -m worker_logging run`). */
export function userFrames(frames: readonly StackFrame[]): StackFrame[] {
  let end = frames.length;
  while (end > 1 && LAUNCHER_FRAME.test(frames[end - 1].file)) end--;
  return frames.slice(0, end);
}

/** Library code (site-packages, the standard library): shown by function name only. */
export function isLibraryFrame(frame: StackFrame): boolean {
  return /[\\/](site-packages|dist-packages)[\\/]|[\\/]lib[\\/]python\d|^<frozen |^<string>/.test(frame.file);
}

/** The file name of a frame's path, `/` or `\\` separated. */
export function baseName(file: string): string {
  const cut = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return file.slice(cut + 1);
}

/** `all_reduce <- train_step (train.py:42) <- <module> (train.py:80)`: innermost first. */
export function callPathLabel(frames: readonly StackFrame[], max = 6): string {
  const parts = frames.slice(0, max).map((f) => (isLibraryFrame(f) ? f.function : `${f.function} (${baseName(f.file)}:${f.line})`));
  if (frames.length > max) parts.push(`… ${frames.length - max} more`);
  return parts.length ? parts.join(' <- ') : '(no Python frame)';
}

/** `{0-3,5}` */
export function rankSetLabel(ranks: readonly number[]): string {
  return `{${rankRuns(ranks).map(([a, b]) => (a === b ? String(a) : `${a}-${b}`)).join(',')}}`;
}

export interface StackGroup {
  ranks: number[];
  /** The main thread's frames, innermost first. */
  frames: StackFrame[];
  label: string;
  /** A small group beside a larger one: the ranks that are somewhere else. */
  outlier: boolean;
  /** Each rank's dump, for the line it is at in that rank's log. */
  dumps: StackDump[];
}

/**
 * Groups ranks by where their main thread is: the same frames (file, line, function) from the
 * innermost out, the launcher's left out. Largest group first (ties: lowest rank first); every group smaller than the
 * largest, when there is more than one group, is an outlier.
 */
export function groupStacks(dumps: readonly StackDump[]): StackGroup[] {
  const groups = new Map<string, StackGroup>();
  for (const dump of dumps) {
    const thread = mainThread(dump);
    const frames = userFrames(thread?.frames ?? []);
    const key = frames.map((f) => `${f.file}\0${f.line}\0${f.function}`).join('\n');
    let group = groups.get(key);
    if (!group) {
      group = { ranks: [], frames, label: '', outlier: false, dumps: [] };
      groups.set(key, group);
    }
    group.ranks.push(dump.rank);
    group.dumps.push(dump);
  }
  const list = [...groups.values()];
  for (const g of list) {
    g.ranks.sort((a, b) => a - b);
    g.label = `${rankSetLabel(g.ranks)}: ${callPathLabel(g.frames)}`;
  }
  list.sort((a, b) => b.ranks.length - a.ranks.length || a.ranks[0] - b.ranks[0]);
  const largest = list[0]?.ranks.length ?? 0;
  for (const g of list) g.outlier = list.length > 1 && g.ranks.length < largest;
  return list;
}
