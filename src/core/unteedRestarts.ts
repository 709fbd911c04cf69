// torch 2's console without `--tee` (`ForeignJob.ownLabelsOnly`) of a job torchrun restarted
// (`--max-restarts`): torchrun says nothing of the restart at its default log level, and the new
// attempt's records name no rank, so only the launcher's lines show it. After torchrun's word on
// a failed rank, a record of the ranks' (timed, at or after the word, not torchrun's own) before
// torchrun exited is the restart: on its last failure torchrun prints its own traceback and its
// `ChildFailedError` summary at once, and a record after those is another command's. Pure.

/** torchrun's own log lines (glog's, of its agent and its processes' handling), and Slurm's (`slurmstepd: error: *** STEP 7.0 ... CANCELLED AT <time> ***`). */
const LAUNCHERS_OWN = /torch[./]distributed[./]|^(?:slurmstepd|srun)\b/;
/** torchrun exited on the failure: its own traceback, its summary. */
const TORCHRUN_EXITED = /^Traceback \(most recent call last\):|^torch\.distributed\.elastic\.multiprocessing\.errors\.ChildFailedError\b/;

/** The record written to each rank at the restart, after its resume record. */
export const RESTART_NOTE = "torchrun restarted the worker group: in a console without --tee, the records of this attempt name no rank (the Launcher's lines)";

/**
 * What a launcher's line after torchrun's word on a failed rank (at `wordTime`, if it had one)
 * says of the attempt: `exited` (torchrun's traceback or summary: no restart), the restart's time
 * (a record of the ranks' at `time`), or nothing.
 */
export function afterFailureWord(text: string, time: number | undefined, wordTime: number | undefined): 'exited' | number | undefined {
  if (TORCHRUN_EXITED.test(text)) return 'exited';
  if (time === undefined || (wordTime !== undefined && time < wordTime) || LAUNCHERS_OWN.test(text)) return undefined;
  return time;
}
