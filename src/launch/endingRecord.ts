// The ending record of a rank that could not write its own: Stop Job, or a closed terminal, killed
// it (SIGKILL) when it did not answer the stop it was asked for, and no relay of ours records it
// (torchrun's and srun's workers are their children, not a relay's). Written into its log, as
// the runner writes it, so that every later reading (a reloaded window, the CLI) shows the rank
// stopped, not ended without a word: the first failure of the job is never a rank the user stopped.
import { promises as fsp } from 'node:fs';
import { headerLine } from '../core/importLines';
import { RUNNER_LOGGER } from '../core/indexModel';
import { Ending, endingMessage } from '../core/rankEnding';
import { openRegular } from '../core/regularFile';
import { naiveFromEpoch } from '../core/timestamps';

/**
 * Appends `ending` to the log of `rank` at `now` (epoch ms), on a line of its own (after a line
 * the killed rank left torn), in one write; false when the log is not there.
 */
export async function appendEndingRecord(logPath: string, rank: number, ending: Ending, now = Date.now()): Promise<boolean> {
  const torn = await endsTorn(logPath);
  if (torn === undefined) return false;
  const line = headerLine(rank, naiveFromEpoch(now), RUNNER_LOGGER, 'INFO', endingMessage(rank, ending));
  // O_APPEND, one write: it lands after anything written meanwhile.
  await fsp.appendFile(logPath, `${torn ? '\n' : ''}${line}\n`);
  return true;
}

/** Whether the file's last line has no line break (a writer killed mid-line); undefined when it is not there. */
async function endsTorn(file: string): Promise<boolean | undefined> {
  let handle: fsp.FileHandle;
  try {
    // Never a FIFO or a device named as a log: opening one would wait for a writer.
    handle = await openRegular(file);
  } catch {
    return undefined;
  }
  try {
    const { size } = await handle.stat();
    if (size === 0) return false;
    const last = Buffer.alloc(1);
    return (await handle.read(last, 0, 1, size - 1)).bytesRead === 1 && last[0] !== 10;
  } finally {
    await handle.close();
  }
}
