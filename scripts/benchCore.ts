// The core entry points the benchmark scripts load (bundled to out/bench/benchCore.js).
export { FileIndex } from '../src/core/fileIndex';
export { summarizeJob } from '../src/core/jobSummary';
export { discoverRanks } from '../src/core/rankDiscovery';
