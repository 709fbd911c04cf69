// A rank's log read for what the diagnosis needs: the lines that state something about
// collectives (collectives.ts) and the stack dumps (stackDumps.ts), each with its line and the
// time of the record at or before it. The needles are found in the record lane's WebAssembly
// (lane/needleSearch.ts; a regular expression over small text windows without it), so only the
// lines that hold one are decoded; reading resumes where it stopped.
import { promises as fsp } from 'node:fs';
import { collectiveFact, CollectiveFact, COLLECTIVE_NEEDLES } from './collectives';
import { classifyLine, newHeaderSlots, startsWithAsctime } from './logLine';
import { watchdogLineAbove } from './headlessLines';
import { isInterruptLine, isStackDumpStart, parseStackDump, StackDump, tracebackAbove } from './stackDumps';
import { asctimeFromBytes, parseAsctime } from './timestamps';
import { NeedleSearch } from './lane/needleSearch';
import { RecordLane } from './lane/recordLane';
import { openRegular } from './regularFile';

/** One recognised line of a rank's log. */
export interface Evidence {
  rank: number;
  file: string;
  /** 0-based. */
  line: number;
  /** The time of the line's record, or of the last record before it. */
  time?: number;
  text: string;
  /** `text` is the line at `file:line` as it is written there (not what the diagnosis says of it). */
  quoted?: boolean;
}

export interface FactAt extends Evidence {
  fact: CollectiveFact;
  /** Of timeouts' facts: the line's record (the line, or its header) has a time, `time` (else it is the last record's before it). */
  timed?: true;
}

export interface RankScan {
  rank: number;
  path: string;
  facts: FactAt[];
  /** In file order; each dump's time is the last record time before it. */
  dumps: StackDump[];
  /** Why the file could not be read. */
  problem?: string;
  /** Where reading stopped (past the last line read), the lines before it, and the last record time. */
  end: number;
  lines: number;
  lastTime?: number;
}

export interface ScanOptions {
  /** A line start to read from (with `line` and `lastTime` as they were there). */
  from?: number;
  line?: number;
  lastTime?: number;
  /** Leave a last line without its newline for the next read (a log being written). */
  completeLinesOnly?: boolean;
}

// Small chunks from a pool of reused buffers, and their text as new-space strings: memory that is
// touched for the first time is slow to fault in on some machines (5 ms a MB was seen here), so a
// job of 512 files must not allocate a fresh buffer per file.
const CHUNK = 1024 * 1024;
/** Text windows for the search: strings this small live in the young generation (recycled). */
const WINDOW = 64 * 1024;
const pool: Buffer[] = [];
/** Every needle in one expression (without the lane): one pass over each chunk's text. */
const NEEDLE_MAX = Math.max(...COLLECTIVE_NEEDLES.map((n) => n.length), 32);
const NEEDLES = [...COLLECTIVE_NEEDLES, '(most recent call first):', 'KeyboardInterrupt'];
const NEEDLE_RE = new RegExp(NEEDLES.map((n) => n.replace(/[.*+?^${}()|[\]\\#]/g, '\\$&')).join('|'), 'g');
let search: NeedleSearch | undefined;

/**
 * Where needles start in `buf` (ascending; every line that holds one has at least one): in the
 * record lane, else (no WebAssembly SIMD, or `useLane` false) with the regular expression over
 * the bytes as latin1 text (a char per byte), in small windows.
 */
export function needleHits(buf: Buffer, useLane = true): number[] {
  const lane = useLane ? RecordLane.get() : undefined;
  if (lane) return (search ??= new NeedleSearch(NEEDLES)).find(lane, buf);
  const hits: number[] = [];
  for (let w = 0; w < buf.length; w += WINDOW) {
    // Windows overlap by a needle's length; a hit belongs to the window it starts in.
    const text = buf.toString('latin1', w, Math.min(buf.length, w + WINDOW + NEEDLE_MAX));
    NEEDLE_RE.lastIndex = 0;
    for (let m = NEEDLE_RE.exec(text); m && m.index < WINDOW; m = NEEDLE_RE.exec(text)) hits.push(w + m.index);
  }
  return hits;
}

/** A rank that logs thousands of these (a periodic status line) keeps the latest ones. */
const MAX_FACTS = 2000;
const MAX_DUMPS = 50;
/** The most a dump may span (100 frames of long paths, several threads). */
const DUMP_BYTES = 512 * 1024;
const LINE_CHARS = 4000;

/**
 * Visits the line starting at `s` and those before it (at most 64, not before `floor`), nearest
 * first, with each line's start and end (before its line break), until `visit` returns a value.
 */
function lineBack<T>(buf: Buffer, s: number, floor: number, visit: (s: number, e: number) => T | undefined): T | undefined {
  for (let k = 0; k < 64 && s >= floor; k++) {
    const nl = buf.indexOf(10, s);
    const found = visit(s, nl < 0 ? buf.length : nl);
    if (found !== undefined) return found;
    if (s === floor) break;
    s = buf.lastIndexOf(10, s - 2) + 1;
    if (s < floor) break;
  }
  return undefined;
}

/** The time of the record at or before the line starting at `s` (looking back at most 64 lines). */
function timeAtOrBefore(buf: Buffer, s: number, floor: number): number | undefined {
  // (The first line that starts with a time ends the search, even when its digits do not parse.)
  return lineBack(buf, s, floor, (ls, e) => (buf[ls] >= 48 && buf[ls] <= 57 && startsWithAsctime(buf, ls, e) ? { time: asctimeFromBytes(buf, ls) } : undefined))?.time;
}

/** Whether the record the line starting at `s` belongs to (the line's own, or the header above it, at most 64 lines up) has a time. */
function recordHasTime(buf: Buffer, s: number, floor: number): boolean {
  const slots = newHeaderSlots();
  return lineBack(buf, s, floor, (ls, e) => (classifyLine(buf, ls, e > ls && buf[e - 1] === 13 ? e - 1 : e, slots) ? slots.hasTime : undefined)) ?? false;
}

function decodeLine(buf: Buffer, s: number, e: number): string {
  return buf.toString('utf8', s, Math.min(e, s + LINE_CHARS * 4)).replace(/\r$/, '');
}

/**
 * Reads a rank's log from byte `from` for collective facts and stack dumps. Missing or
 * unreadable files give a `problem`, never a throw.
 */
export async function scanRankLog(path: string, rank: number, options: ScanOptions = {}): Promise<RankScan> {
  const scan: RankScan = { rank, path, facts: [], dumps: [], end: options.from ?? 0, lines: options.line ?? 0, lastTime: options.lastTime };
  let handle: fsp.FileHandle;
  try {
    handle = await openRegular(path);
  } catch (e) {
    scan.problem = (e as NodeJS.ErrnoException).code ?? String(e);
    return scan;
  }
  try {
    let pos = options.from ?? 0;
    let line = options.line ?? 0;
    let lastTime = options.lastTime;
    let carry = Buffer.alloc(0);
    let skipLineRest = false;
    // Hits inside a dump already read (its other threads' headers) are skipped.
    let skipUntil = -1;
    for (;;) {
      const chunk = pool.pop() ?? Buffer.allocUnsafe(CHUNK);
      let bytesRead: number;
      try {
        bytesRead = (await handle.read(chunk, 0, CHUNK, pos)).bytesRead;
      } catch (e) {
        pool.push(chunk);
        throw e;
      }
      const atEnd = bytesRead === 0;
      let fresh = chunk.subarray(0, bytesRead);
      let freshAt = pos;
      if (skipLineRest) {
        // The rest of a line longer than a chunk: nothing of it is read.
        const nl = fresh.indexOf(10);
        if (nl < 0 && !atEnd) {
          pool.push(chunk);
          pos += bytesRead;
          continue;
        }
        skipLineRest = false;
        if (nl >= 0) {
          line++;
          fresh = fresh.subarray(nl + 1);
          freshAt += nl + 1;
        }
      }
      const data = carry.length ? Buffer.concat([carry, fresh]) : fresh;
      const base = freshAt - carry.length;
      // Complete lines only, unless the file ends here (and a partial last line is wanted).
      const cut = atEnd && !options.completeLinesOnly ? data.length : data.lastIndexOf(10) + 1;
      const buf = data.subarray(0, cut);
      const hits = needleHits(buf);
      let counted = 0;
      let lastLineStart = -1;
      for (const hit of hits) {
        const s = buf.lastIndexOf(10, hit) + 1;
        if (s === lastLineStart || base + s < skipUntil) continue;
        lastLineStart = s;
        for (let i = buf.indexOf(10, counted); i >= 0 && i < s; i = buf.indexOf(10, i + 1)) line++;
        counted = s;
        const nl = buf.indexOf(10, s);
        const e = nl < 0 ? buf.length : nl;
        const time = timeAtOrBefore(buf, s, 0) ?? lastTime;
        const text = decodeLine(buf, s, e);
        if (isStackDumpStart(text)) {
          if (scan.dumps.length >= MAX_DUMPS) scan.dumps.shift();
          const dump = await readDump(handle, base + s, line, rank, time);
          // (The line above, when this chunk holds it: faulthandler's timeout writes it just before.)
          if (watchdogLineAbove(buf, s)) dump.dump.watchdog = true;
          scan.dumps.push(dump.dump);
          skipUntil = base + s + dump.bytes;
          continue;
        }
        if (isInterruptLine(text)) {
          const dump = interruptedAt(buf, s, base, line, rank, time);
          if (dump) {
            if (scan.dumps.length >= MAX_DUMPS) scan.dumps.shift();
            scan.dumps.push(dump);
          }
          continue;
        }
        const fact = collectiveFact(text);
        if (!fact) continue;
        if (scan.facts.length >= MAX_FACTS) scan.facts.splice(0, scan.facts.length - MAX_FACTS + 1);
        const at: FactAt = { rank, file: path, line, time, text: text.length > 500 ? text.slice(0, 500) + '…' : text, quoted: true, fact };
        if ((fact.kind === 'gloo' || fact.kind === 'timeout') && recordHasTime(buf, s, 0)) at.timed = true;
        scan.facts.push(at);
      }
      for (let i = buf.indexOf(10, counted); i >= 0; i = buf.indexOf(10, i + 1)) line++;
      const t = lastRecordTime(buf);
      if (t !== undefined) lastTime = t;
      scan.end = base + cut;
      scan.lines = line;
      scan.lastTime = lastTime;
      carry = Buffer.from(data.subarray(cut));
      pool.push(chunk);
      if (atEnd) break;
      // A line longer than a chunk is left unread (no needle sits that far into a line).
      if (carry.length > CHUNK) {
        carry = Buffer.alloc(0);
        skipLineRest = true;
      }
      pos += bytesRead;
    }
  } catch (e) {
    scan.problem = (e as NodeJS.ErrnoException).code ?? String(e);
  } finally {
    await handle.close();
  }
  return scan;
}

function lastRecordTime(buf: Buffer): number | undefined {
  let e = buf.length;
  for (let k = 0; k < 256 && e > 0; k++) {
    const s = buf.lastIndexOf(10, e - 2) + 1;
    if (startsWithAsctime(buf, s, e)) return asctimeFromBytes(buf, s);
    if (s === 0) break;
    e = s;
  }
  return undefined;
}

async function readDump(handle: fsp.FileHandle, at: number, line: number, rank: number, time: number | undefined): Promise<{ dump: StackDump; bytes: number }> {
  const buf = Buffer.allocUnsafe(DUMP_BYTES);
  const { bytesRead } = await handle.read(buf, 0, DUMP_BYTES, at);
  const lines = buf.toString('utf8', 0, bytesRead).split('\n');
  const { threads, end } = parseStackDump(lines, 0);
  const bytes = Buffer.byteLength(lines.slice(0, end).join('\n'));
  // The time of a record soon after it (whole lines read with it): it was written before then.
  let until: number | undefined;
  for (let k = end; k < Math.min(lines.length - 1, end + RECORDS_AFTER_DUMP) && until === undefined; k++) until = TIMED_RECORD.test(lines[k]) ? parseAsctime(lines[k]) : undefined;
  return { dump: { rank, line, offset: at, time, threads, ...(until !== undefined && (time === undefined || until >= time) ? { until } : {}) }, bytes };
}

/** Lines after a dump looked at for a timed record (`StackDump.until`). */
const RECORDS_AFTER_DUMP = 8;
/** A record of ours with its time. */
const TIMED_RECORD = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} - /;

/**
 * A traceback ending in `KeyboardInterrupt` at line `line` (starting at `s` of `buf`, which starts
 * at byte `base` of the file) as a dump of where the rank was: its frames read upward within the
 * buffer (a traceback cut by the buffer's start keeps the frames below the cut). Undefined when no
 * frame is above it.
 */
function interruptedAt(buf: Buffer, s: number, base: number, line: number, rank: number, time: number | undefined): StackDump | undefined {
  const starts: number[] = [];
  const lineAbove = (k: number): string | undefined => {
    while (starts.length <= k) {
      const below = starts.length ? starts[starts.length - 1] : s;
      if (below === 0) return undefined;
      starts.push(buf.lastIndexOf(10, below - 2) + 1);
    }
    const at = starts[k];
    return decodeLine(buf, at, (k === 0 ? s : starts[k - 1]) - 1);
  };
  const read = tracebackAbove(lineAbove);
  if (!read) return undefined;
  const head = starts[read.lines - 1];
  return { rank, line: line - read.lines, offset: base + head, time, threads: [read.thread] };
}

/** Appends a later scan of the same file (`next` read from `into.end`): capped like a whole read. */
export function appendScan(into: RankScan, next: RankScan): void {
  into.facts.push(...next.facts);
  if (into.facts.length > MAX_FACTS) into.facts.splice(0, into.facts.length - MAX_FACTS);
  into.dumps.push(...next.dumps);
  if (into.dumps.length > MAX_DUMPS) into.dumps.splice(0, into.dumps.length - MAX_DUMPS);
  into.problem = next.problem;
  into.end = next.end;
  into.lines = next.lines;
  into.lastTime = next.lastTime;
}
