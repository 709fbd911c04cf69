// Worker-thread entry of the parallel index (bundled to dist/indexWorker.js).
import { parentPort, workerData } from 'node:worker_threads';
import { BlockJob, runIndexWorker } from '../core/parallelIndex';

runIndexWorker(workerData as BlockJob, (state) => parentPort!.postMessage(state));
