// Slurm's cancellation of a job or a step (`slurmstepd: error: *** STEP 5.0 ON vm CANCELLED AT
// ... DUE TO TIME LIMIT ***`), for the launcher's words (launcherLines.ts) and a task's own file
// (lineFormats.ts); and what the import writes in a rank's log for Slurm's words that stopped
// the rank without a failure of its own: srun's that it terminated the rank's task (`srun: error:
// node3: task 0: Terminated`: SIGTERM once another task failed under `srun -K`, or a
// cancellation; `Interrupt`: SIGINT, Ctrl+C at srun), and a cancellation that gives no reason (`scancel`, srun ending the step of a
// task that failed); as torchrun's stops of its ranks. Pure.

/**
 * How long Slurm lets a cancelled job's processes end before it kills them (its KillWait, 30 s
 * by default; srun: `Waiting up to 32 seconds for job step to finish`): their lines within it
 * are their last, not a new run's.
 */
export const SLURM_KILL_WAIT_MS = 32_000;

const STEP_ABORTED = /^srun: Job step aborted: Waiting up to (\d{1,5}) seconds for job step to finish\.?\s*$/;

/**
 * srun's word that it waits for a cancelled step's processes (`srun: Job step aborted: Waiting up
 * to 32 seconds for job step to finish.`): the kill wait of this cluster (its KillWait, and 2 s),
 * in ms; undefined for any other line.
 */
export function slurmKillWait(line: string): number | undefined {
  const m = line.length < 120 && line.startsWith('srun: Job step aborted') ? STEP_ABORTED.exec(line) : null;
  return m ? Number(m[1]) * 1000 : undefined;
}

const CANCELLED = /^slurmstepd(?:-[\w.-]+)?: error: \*\*\* (STEP|JOB) ([\w.+]+) ON ([\w.-]+) CANCELLED AT (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?: DUE TO ([A-Z ]+?))? \*\*\*/;

/**
 * Slurm's cancellation on `line`: what to show (a stop when it gives no reason, else a failure
 * of every rank it ran) and its time as Slurm wrote it (whole seconds, `YYYY-MM-DDTHH:MM:SS`).
 */
export function slurmCancellation(line: string): { stop: boolean; message: string; time: string } | undefined {
  const m = line.length < 400 && line.charCodeAt(0) === 115 ? CANCELLED.exec(line) : null;
  if (!m) return undefined;
  const what = m[1] === 'STEP' ? 'job step' : 'job';
  return m[5] ? { stop: false, message: `Slurm cancelled ${what} ${m[2]} on ${m[3]} due to ${m[5].toLowerCase()}`, time: m[4] } : { stop: true, message: cancelStopMessage(what, m[2], m[3]), time: m[4] };
}

/**
 * The message of srun's stop of a task (`slurmStoppedBy` reads it back): SIGTERM (`Terminated`),
 * or SIGINT (`Interrupt`: Ctrl+C at srun, `scancel --signal=INT`), which srun passes on.
 */
export function srunStopMessage(host: string, signal: 'SIGTERM' | 'SIGINT' = 'SIGTERM'): string {
  return `srun stopped the task on ${host} with ${signal} (${signal === 'SIGINT' ? 'Interrupt' : 'Terminated'})`;
}

/** The message of srun's word that a task exited non-zero or by a signal (`srun: node3: Exited with exit code 1`; `isSrunExit` reads it back). */
export function srunExitMessage(host: string, how: string): string {
  return `srun: ${host}: ${how}`;
}

const SRUN_EXIT = /^srun: [\w.-]{1,200}: \S/;

/** Whether a record's message is srun's word on a task's exit (`srunExitMessage`) or its stop of one (`srunStopMessage`). */
export function isSrunExit(message: string): boolean {
  return message.length <= 520 && (SRUN_EXIT.test(message) || SRUN_STOP.test(message));
}

/** The message of a cancellation without a reason (`slurmStoppedBy` reads it back). */
export function cancelStopMessage(what: 'job' | 'job step', id: string, host: string): string {
  return `Slurm cancelled ${what} ${id} on ${host}`;
}

const CANCEL_FAILURE = /^Slurm cancelled (?:job|job step) [\w.+]{1,100} (on [\w.-]{1,200} due to [a-z ]{1,100})$/;

/**
 * What a cancellation with a reason (`slurmCancellation`'s failure) says whatever job or step it
 * names, the same for the job's (its batch output) and the step's (task 0's own file): `on vm due
 * to time limit`; undefined for any other message.
 */
export function cancellationReason(message: string): string | undefined {
  return message.length > 320 ? undefined : CANCEL_FAILURE.exec(message)?.[1];
}

const SRUN_STOP = /^srun stopped the task on [\w.-]{1,200} with (SIGTERM|SIGINT) \((?:Terminated|Interrupt)\)$/;
const CANCEL_STOP = /^Slurm cancelled (?:job|job step) [\w.+]{1,100} on [\w.-]{1,200}$/;

/** `stopped by srun (SIGTERM)` (or SIGINT) or `stopped by Slurm (cancelled)` for a record these wrote, else undefined. */
export function slurmStoppedBy(message: string): string | undefined {
  if (message.length > 320) return undefined;
  const stop = SRUN_STOP.exec(message);
  if (stop) return `stopped by srun (${stop[1]})`;
  return CANCEL_STOP.test(message) ? 'stopped by Slurm (cancelled)' : undefined;
}
