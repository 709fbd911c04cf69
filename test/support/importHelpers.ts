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

/**
 * The console of node `node` of a torchrun job of 2 nodes x 2 ranks, one file a node (torch
 * 1.13's `--tee 2`, its labels the node's local ranks), as a real run on localhost wrote it:
 * global rank 3 raises, rank 2 (on the same node) loses its peer in all_reduce.
 */
export function torchrunNodeConsole(node: number): string {
  const local = (l: number, s: string) => `[default${l}]:2026-12-05 22:16:3${s} INFO train: step ${s === '8,988' ? 0 : s === '9,188' ? 1 : 2}`;
  const lines = ['WARNING:__main__:', '*****************************************', 'Setting OMP_NUM_THREADS environment variable for each process to be 1 in default, to avoid your system being overloaded, please further tune the variable for optimal performance in your application as needed. ', '*****************************************'];
  for (const s of ['8,988', '9,188', '9,389']) lines.push(local(0, s), local(1, s));
  if (node === 1) {
    lines.push('[default1]:Traceback (most recent call last):', '[default1]:  File "train.py", line 10, in <module>', '[default1]:    raise RuntimeError("rank 3 broke")', '[default1]:RuntimeError: rank 3 broke');
    lines.push('[default0]:Traceback (most recent call last):', '[default0]:  File "train.py", line 13, in <module>', '[default0]:    dist.all_reduce(t)', '[default0]:RuntimeError: [./gloo/transport/tcp/pair.cc:598] Connection closed by peer [127.0.0.1]:45698');
    lines.push('ERROR:torch.distributed.elastic.multiprocessing.api:failed (exitcode: 1) local_rank: 0 (pid: 27600) of binary: /usr/bin/python3');
  } else {
    lines.push('[default0]:Traceback (most recent call last):', '[default0]:  File "train.py", line 13, in <module>', '[default0]:    dist.all_reduce(t)', '[default0]:RuntimeError: [./gloo/transport/tcp/pair.cc:598] Connection closed by peer [127.0.0.1]:45712');
    lines.push('ERROR:torch.distributed.elastic.multiprocessing.api:failed (exitcode: 1) local_rank: 0 (pid: 27590) of binary: /usr/bin/python3');
  }
  return lines.join('\n') + '\n';
}
