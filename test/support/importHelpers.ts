// What the tests of imports (other launchers' logs read into rank logs of our format) share.
import { indexFile } from '../../src/core/fileIndex';
import { summarizeJob } from '../../src/core/jobSummary';
import { BUILT_IN_FORMATS } from '../../src/core/lineFormats';
import { discoverRanks } from '../../src/core/rankDiscovery';

/** An import's options: the built-in formats, times without a year in 2026. */
export const IMPORT_OPTIONS = { formats: BUILT_IN_FORMATS, year: 2026 };

/** The three ways a capture's lines are read (the lane, their bytes, their strings), which must write the same files. */
export const READ_WAYS = [['lane', IMPORT_OPTIONS], ['bytes', { ...IMPORT_OPTIONS, captureLane: false }], ['strings', { ...IMPORT_OPTIONS, byteFastPath: false }]] as const;

/** The job summary of a folder of rank logs (an import's output). */
export async function summaryOf(dir: string) {
  const inputs = [];
  for (const f of await discoverRanks(dir)) inputs.push({ rank: f.rank, index: await indexFile(f.path) });
  return summarizeJob(inputs);
}
