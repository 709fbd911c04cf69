// Signal names by number, as launchers report them (torchrun's `exitcode: -9`, mpirun's `exited on
// signal 11`, torchrun 1.13's `Received 15 death signal`). Pure.

const SIGNALS: Record<number, string> = { 1: 'SIGHUP', 2: 'SIGINT', 6: 'SIGABRT', 7: 'SIGBUS', 9: 'SIGKILL', 11: 'SIGSEGV', 15: 'SIGTERM' };

/** `SIGKILL` for 9; undefined for a number without a name here. */
export function signalName(n: number): string | undefined {
  return SIGNALS[n];
}
