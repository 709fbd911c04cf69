// What the import writes in a rank's log for Slurm's words that stopped the rank without a
// failure of its own: srun's that it terminated the rank's task (`srun: error: node3: task 0:
// Terminated`: SIGTERM once another task failed under `srun -K`, or a cancellation), and a
// cancellation that gives no reason (`scancel`, srun ending the step of a task that failed); as
// torchrun's stops of its ranks. Pure.

/** The message of srun's stop of a task (`slurmStoppedBy` reads it back). */
export function srunStopMessage(host: string): string {
  return `srun stopped the task on ${host} with SIGTERM (Terminated)`;
}

/** The message of a cancellation without a reason (`slurmStoppedBy` reads it back). */
export function cancelStopMessage(what: 'job' | 'job step', id: string, host: string): string {
  return `Slurm cancelled ${what} ${id} on ${host}`;
}

const SRUN_STOP = /^srun stopped the task on [\w.-]{1,200} with SIGTERM \(Terminated\)$/;
const CANCEL_STOP = /^Slurm cancelled (?:job|job step) [\w.+]{1,100} on [\w.-]{1,200}$/;

/** `stopped by srun (SIGTERM)` or `stopped by Slurm (cancelled)` for a record these wrote, else undefined. */
export function slurmStoppedBy(message: string): string | undefined {
  if (message.length > 320) return undefined;
  if (SRUN_STOP.test(message)) return 'stopped by srun (SIGTERM)';
  return CANCEL_STOP.test(message) ? 'stopped by Slurm (cancelled)' : undefined;
}
