// A one-shot index of a big file on several cores: the file is cut at line starts, each range
// is scanned by its own thread, and the ranges are stitched back in order (records that
// straddle a cut are completed by the range before). Used by the CLI and the benchmarks; the
// editor keeps the incremental FileIndex.
import * as fs from 'node:fs';
import * as os from 'node:os';
import { Worker } from 'node:worker_threads';
import { FileIndexOptions, indexFile, snapshotOf } from './fileIndex';
import { IndexSnapshot } from './indexModel';
import { LogScanner, ScannerOptions, ScannerState } from './logScanner';

export interface ParallelIndexOptions extends FileIndexOptions {
  /** The bundled worker entry (dist/indexWorker.js) that calls `runIndexWorker`. */
  workerScript: string;
  /** Threads to use, the calling one included (default: cores, at most 4). */
  threads?: number;
  /** Below this many bytes per thread, one thread does it all. */
  minBytesPerThread?: number;
}

export interface RangeJob {
  path: string;
  start: number;
  end: number;
  chunkSize: number;
  scanner: ScannerOptions;
}

/** Scans `[start, end)` of a file synchronously (a worker thread, or the calling one). */
export function scanRange(job: RangeJob): LogScanner {
  const scanner = new LogScanner(job.scanner);
  feedRange(scanner, job.path, job.start, job.end, job.chunkSize);
  return scanner;
}

function feedRange(scanner: LogScanner, filePath: string, start: number, end: number, chunkSize: number): void {
  const fd = fs.openSync(filePath, 'r');
  try {
    const buf = Buffer.allocUnsafe(Math.min(chunkSize, Math.max(1, end - start)));
    let pos = start;
    while (pos < end) {
      const n = fs.readSync(fd, buf, 0, Math.min(buf.length, end - pos), pos);
      if (n === 0) break;
      scanner.push(buf.subarray(0, n));
      pos += n;
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** The first byte after the newline at or after `pos`, or -1. */
function nextLineStart(fd: number, pos: number, size: number): number {
  const buf = Buffer.allocUnsafe(64 * 1024);
  while (pos < size) {
    const n = fs.readSync(fd, buf, 0, buf.length, pos);
    if (n === 0) return -1;
    const nl = buf.subarray(0, n).indexOf(10);
    if (nl >= 0) return pos + nl + 1;
    pos += n;
  }
  return -1;
}

function runInWorker(script: string, job: RangeJob): Promise<ScannerState> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { workerData: job });
    worker.once('message', (state: ScannerState) => resolve(state));
    worker.once('error', reject);
    worker.once('exit', (code) => code !== 0 && reject(new Error(`index worker exited with ${code}`)));
  });
}

export async function indexFileParallel(filePath: string, options: ParallelIndexOptions): Promise<IndexSnapshot> {
  const threads = Math.max(1, options.threads ?? Math.min(4, os.availableParallelism?.() ?? os.cpus().length));
  const minBytes = options.minBytesPerThread ?? 32 * 1024 * 1024;
  const chunkSize = options.chunkSize ?? 4 * 1024 * 1024;
  let stat: fs.Stats;
  let fd: number;
  try {
    stat = fs.statSync(filePath);
    fd = fs.openSync(filePath, 'r');
  } catch {
    return indexFile(filePath, options);
  }
  const cuts = [0];
  let binary: boolean;
  try {
    const head = Buffer.alloc(Math.min(8192, stat.size));
    fs.readSync(fd, head, 0, head.length, 0);
    binary = head.includes(0);
    const ranges = Math.min(threads, Math.floor(stat.size / minBytes));
    for (let k = 1; k < ranges && !binary; k++) {
      const cut = nextLineStart(fd, Math.max(cuts[cuts.length - 1], Math.floor((stat.size * k) / ranges) - 1), stat.size);
      if (cut <= 0 || cut >= stat.size) break;
      cuts.push(cut);
    }
  } finally {
    fs.closeSync(fd);
  }
  if (binary || cuts.length === 1 || !stat.isFile()) return indexFile(filePath, options);
  cuts.push(stat.size);

  const scannerOptions: ScannerOptions = {
    maxErrorsPerSession: options.maxErrorsPerSession,
    checkpointEveryBytes: options.checkpointEveryBytes,
    maxLineHead: options.maxLineHead,
  };
  const pending = cuts.slice(1, -1).map((start, i) =>
    runInWorker(options.workerScript, {
      path: filePath,
      start,
      end: cuts[i + 2],
      chunkSize,
      scanner: { ...scannerOptions, skipLeadingContinuation: true },
    }),
  );
  // Keep every rejection observed even while the first range is still being scanned.
  for (const p of pending) p.catch(() => undefined);
  const main = scanRange({ path: filePath, start: 0, end: cuts[1], chunkSize, scanner: scannerOptions });
  for (let i = 0; i < pending.length; i++) {
    const state = await pending[i];
    // Lines before the range's first record finish the record the previous range ended in.
    feedRange(main, filePath, cuts[i + 1], cuts[i + 1] + state.leadingBytes, chunkSize);
    main.absorb(state);
  }
  return snapshotOf(main, { path: filePath, state: 'ok', generation: 0, size: stat.size, mtimeMs: stat.mtimeMs });
}

/** The body of the worker script: scan the range in workerData and post the state back. */
export function runIndexWorker(workerData: RangeJob, post: (state: ScannerState) => void): void {
  post(scanRange(workerData).exportState());
}
