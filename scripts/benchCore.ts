// The entry points the benchmark scripts load (bundled to out/bench/benchCore.js).
export { FileIndex } from '../src/core/fileIndex';
export { RecordReader } from '../src/core/recordReader';
export { summarizeJob } from '../src/core/jobSummary';
export { discoverRanks } from '../src/core/rankDiscovery';
export { JobStore } from '../src/jobs/jobStore';
export { LogWatcher } from '../src/watch/logWatcher';
export { JobLogIndex } from '../src/core/jobLogIndex';
export { latestStackGroups, scanRankLog } from '../src/core/diagnosis';
export { requestStackDumps } from '../src/core/stackDumpRequest';
export { findForeignJobs } from '../src/core/importLayouts';
export { JobImport } from '../src/core/importJob';
export { BUILT_IN_FORMATS } from '../src/core/lineFormats';
export { JobMerger } from '../src/core/jobMerge';
