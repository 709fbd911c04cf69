// What the import writes in a rank's log for srun's word that it terminated the rank's task
// (`srun: error: node3: task 0: Terminated`): SIGTERM from srun or Slurm, once another task
// failed (`srun -K`) or the step was cancelled; a stop, as torchrun's of its ranks, not a failure
// of the rank's own. Pure.

/** The message of that record (`srunStoppedBy` reads it back). */
export function srunStopMessage(host: string): string {
  return `srun stopped the task on ${host} with SIGTERM (Terminated)`;
}

const STOP_MESSAGE = /^srun stopped the task on [\w.-]{1,200} with SIGTERM \(Terminated\)$/;

/** `stopped by srun (SIGTERM)` for a record `srunStopMessage` wrote, else undefined. */
export function srunStoppedBy(message: string): string | undefined {
  return message.length < 260 && STOP_MESSAGE.test(message) ? 'stopped by srun (SIGTERM)' : undefined;
}
