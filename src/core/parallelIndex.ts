// A one-shot index of a big file on several cores. The file is cut at line starts into blocks;
// the calling thread and the worker threads each take the next free block (a shared counter)
// until none is left, so a thread that started late or runs slow simply takes fewer. The
// blocks are stitched back in file order: lines at the start of a block that continue a
// record of the block before are fed to the running scanner, then the block is absorbed.
// Used by the CLI and the benchmarks; the editor keeps the incremental FileIndex.
import * as fs from 'node:fs';
import * as os from 'node:os';
import type { Worker as WorkerThread } from 'node:worker_threads';
import { FileIndexOptions, indexFile, snapshotOf } from './fileIndex';
import { IndexSnapshot } from './indexModel';
import { LogScanner, ScannerOptions, ScannerState } from './logScanner';
import { openRegularSync } from './regularFile';

/**
 * Checkpoint spacing of a one-shot index (the CLI): fixed, because each block's scanner starts at
 * its own offset 0 and the denser spacing of a file's start (for the timeline, which the CLI does
 * not draw) would repeat in every block (20% of the time on 512 MiB).
 */
const ONE_SHOT_CHECKPOINT_BYTES = 256 * 1024;

export interface ParallelIndexOptions extends FileIndexOptions {
  /** The bundled worker entry (dist/indexWorker.js) that calls `runIndexWorker`. */
  workerScript: string;
  /** Threads to use, the calling one included (default: `defaultThreads` of the cores). */
  threads?: number;
  /** Below this many bytes per thread, fewer threads (down to one pass) are used. */
  minBytesPerThread?: number;
  /** Size of a block of work handed to a thread (default 16 MiB). */
  blockBytes?: number;
}

/** What a worker thread is given: the blocks, and the counter shared by all threads. */
export interface BlockJob {
  path: string;
  /** Block k is `[cuts[k], cuts[k + 1])`. */
  cuts: number[];
  chunkSize: number;
  scanner: ScannerOptions;
  /** One Int32: the next block to take. */
  next: SharedArrayBuffer;
}

/** A block's index, posted by a worker thread. */
export interface BlockResult {
  block: number;
  state: ScannerState;
}

function feedRange(scanner: LogScanner, fd: number, start: number, end: number, chunkSize: number): void {
  let pos = start;
  while (pos < end) {
    // Read straight into the scanner's memory: no copy of the file's bytes in between.
    const n = scanner.pushFrom((into) => fs.readSync(fd, into, 0, Math.min(into.length, end - pos), pos), chunkSize);
    if (n === 0) break;
    pos += n;
  }
}

/** Runs `use` with the file open for reading. */
function withFile<T>(filePath: string, use: (fd: number) => T): T {
  const fd = openRegularSync(filePath);
  try {
    return use(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Takes free blocks until none is left; `done` receives each block's index. */
function takeBlocks(job: BlockJob, fd: number, done: (block: number, state: ScannerState) => void): void {
  const next = new Int32Array(job.next);
  const blocks = job.cuts.length - 1;
  for (let k = Atomics.add(next, 0, 1); k < blocks; k = Atomics.add(next, 0, 1)) {
    const scanner = new LogScanner({ ...job.scanner, skipLeadingContinuation: true });
    feedRange(scanner, fd, job.cuts[k], job.cuts[k + 1], job.chunkSize);
    done(k, scanner.exportState());
  }
}

/** The first byte after the newline at or after `pos`, or -1. */
function nextLineStart(fd: number, pos: number, size: number, buf: Buffer): number {
  while (pos < size) {
    const n = fs.readSync(fd, buf, 0, buf.length, pos);
    if (n === 0) return -1;
    const nl = buf.subarray(0, n).indexOf(10);
    if (nl >= 0) return pos + nl + 1;
    pos += n;
  }
  return -1;
}

/** Block boundaries at line starts, about `count` blocks of equal size; undefined if binary. */
function cutBlocks(fd: number, size: number, count: number): number[] | undefined {
  const buf = Buffer.alloc(Math.min(64 * 1024, size));
  const head = buf.subarray(0, fs.readSync(fd, buf, 0, Math.min(8192, size), 0));
  if (head.includes(0)) return undefined;
  const cuts = [0];
  for (let k = 1; k < count; k++) {
    // Past the last cut, so every block holds at least one line.
    const cut = nextLineStart(fd, Math.max(cuts[cuts.length - 1], Math.floor((size * k) / count) - 1), size, buf);
    if (cut <= 0 || cut >= size) break;
    cuts.push(cut);
  }
  cuts.push(size);
  return cuts;
}

/** Runs a worker thread over the shared blocks; resolves with what it scanned. */
function runWorker(Worker: typeof WorkerThread, script: string, job: BlockJob): Promise<BlockResult[]> {
  return new Promise((resolve, reject) => {
    const results: BlockResult[] = [];
    const worker = new Worker(script, { workerData: job });
    worker.on('message', (r: BlockResult) => results.push(r));
    worker.once('error', reject);
    worker.once('exit', (code) => (code === 0 ? resolve(results) : reject(new Error(`index worker exited with ${code}`))));
  });
}

/**
 * Threads for a machine with `cores` cores: at most 4, and one below 4 cores. On two cores the
 * second thread did not pay for itself: two scans at once each ran 1.3-1.5x slower, and a worker
 * takes 60-80 ms to start (512 MiB: 427 ms on one thread, 447 ms on two, medians of 11).
 */
export function defaultThreads(cores: number): number {
  return cores >= 4 ? Math.min(4, cores) : 1;
}

export async function indexFileParallel(filePath: string, options: ParallelIndexOptions): Promise<IndexSnapshot> {
  const maxThreads = Math.max(1, options.threads ?? defaultThreads(os.availableParallelism?.() ?? os.cpus().length));
  const minBytes = options.minBytesPerThread ?? 32 * 1024 * 1024;
  const blockBytes = Math.max(1, options.blockBytes ?? 16 * 1024 * 1024);
  const chunkSize = options.chunkSize ?? 1024 * 1024;
  // Missing, unreadable, small or binary: the one-pass index (which reports states).
  let stat: fs.Stats;
  let cuts: number[] | undefined;
  let threads: number;
  try {
    stat = fs.statSync(filePath);
    threads = stat.isFile() ? Math.min(maxThreads, Math.floor(stat.size / minBytes)) : 0;
    if (threads < 2) return stat.isFile() ? indexOnThisThread(filePath, stat, options) : await indexFile(filePath, options);
    const size = stat.size;
    cuts = withFile(filePath, (fd) => cutBlocks(fd, size, Math.min(4096, Math.max(threads, Math.ceil(size / blockBytes)))));
  } catch {
    return indexFile(filePath, options);
  }
  if (cuts === undefined || cuts.length < 3) return indexFile(filePath, options);

  const scannerOptions: ScannerOptions = {
    maxErrorsPerSession: options.maxErrorsPerSession,
    checkpointEveryBytes: options.checkpointEveryBytes ?? ONE_SHOT_CHECKPOINT_BYTES,
    maxLineHead: options.maxLineHead,
  };
  // Block 0 is this thread's: its scanner is the one the others are stitched onto.
  const next = new SharedArrayBuffer(4);
  new Int32Array(next)[0] = 1;
  const job: BlockJob = { path: filePath, cuts, chunkSize, scanner: scannerOptions, next };
  // Loaded only here: on fewer than four cores the CLI never starts a thread, and loading the
  // module (with the stream modules it pulls in) was ~5 ms of a one-thread `index`.
  const { Worker } = await import('node:worker_threads');
  const workers = Array.from({ length: threads - 1 }, () => runWorker(Worker, options.workerScript, job));
  // Keep every rejection observed while this thread is busy scanning.
  for (const w of workers) w.catch(() => undefined);

  const fd = openRegularSync(filePath);
  try {
    const main = new LogScanner(scannerOptions);
    feedRange(main, fd, cuts[0], cuts[1], chunkSize);
    const states: ScannerState[] = [];
    takeBlocks(job, fd, (k, state) => (states[k] = state));
    try {
      for (const results of await Promise.all(workers)) for (const r of results) states[r.block] = r.state;
    } catch {
      // A worker thread that failed (out of memory, killed) costs speed, not the index.
      return await indexFile(filePath, options);
    }
    for (let k = 1; k < cuts.length - 1; k++) {
      const state = states[k];
      if (state === undefined) return await indexFile(filePath, options);
      // Lines before the block's first record finish the record the block before ended in.
      feedRange(main, fd, cuts[k], cuts[k] + state.leadingBytes, chunkSize);
      main.absorb(state);
    }
    // A last line without its newline (a writer mid-line) stayed in its block's scanner: read it
    // here, so it counts as in a one-pass index.
    if (main.bytes < stat.size) feedRange(main, fd, main.bytes, stat.size, chunkSize);
    return snapshotOf(main, { path: filePath, state: 'ok', generation: 0, size: stat.size, mtimeMs: stat.mtimeMs });
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * A one-pass index read straight into the scanner's memory (no copy in between, no read-ahead
 * to wait for): what the CLI does with a log too small to share out. A binary or unreadable
 * file goes the usual way, which reports its state.
 */
async function indexOnThisThread(filePath: string, stat: fs.Stats, options: ParallelIndexOptions): Promise<IndexSnapshot> {
  let fd: number;
  try {
    fd = openRegularSync(filePath);
  } catch {
    return indexFile(filePath, options);
  }
  try {
    const head = Buffer.alloc(Math.min(8192, stat.size));
    if (head.subarray(0, fs.readSync(fd, head, 0, head.length, 0)).includes(0)) return await indexFile(filePath, options);
    const scanner = new LogScanner({ maxErrorsPerSession: options.maxErrorsPerSession, checkpointEveryBytes: options.checkpointEveryBytes ?? ONE_SHOT_CHECKPOINT_BYTES, maxLineHead: options.maxLineHead });
    feedRange(scanner, fd, 0, stat.size, options.chunkSize ?? 1024 * 1024);
    return snapshotOf(scanner, { path: filePath, state: 'ok', generation: 0, size: stat.size, mtimeMs: stat.mtimeMs });
  } catch {
    return indexFile(filePath, options);
  } finally {
    fs.closeSync(fd);
  }
}

/** The body of the worker script: take blocks until none is left, posting each block's index. */
export function runIndexWorker(job: BlockJob, post: (result: BlockResult) => void): void {
  withFile(job.path, (fd) => takeBlocks(job, fd, (block, state) => post({ block, state })));
}
