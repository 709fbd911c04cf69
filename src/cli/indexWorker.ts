// Worker-thread entry of the parallel index (bundled to dist/indexWorker.js).
import { parentPort, workerData } from 'node:worker_threads';
import { RangeJob, runIndexWorker } from '../core/parallelIndex';

runIndexWorker(workerData as RangeJob, (state) => parentPort!.postMessage(state));
