#!/usr/bin/env node
// Entry point of the `worker-logs` bin (bundled to dist/cli.js).
import { main } from './workerLogsCli';
import { removeTemporaryFolders } from './temporaryFolders';

// Another launcher's job is read into a temporary folder as big as its logs: it goes however the
// process ends (done, a closed pipe, an error, an interrupt).
process.on('exit', removeTemporaryFolders);
// An interrupt ends the command (and so removes its folders), unless the command listens for it
// itself to stop cleanly (`merge --follow`): then a second one ends it.
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
  process.on(signal, () => {
    if (process.listenerCount(signal) === 1) process.exit(code);
  });
}

// A reader that stops early (`| head`) closes the pipe: stop quietly, as grep and cat do.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  process.stderr.write(`worker-logs: writing the output failed: ${e.message}\n`);
  process.exit(1);
});

// The command is done once its output is written: exit then, rather than wait for the runtime
// to wind down (its compiler threads, its heap), which took ~10 ms of a 400 ms `index`. The
// empty write's callback runs after every write before it has reached the pipe or file.
const exit = (code: number): void => {
  process.exitCode = code;
  process.stdout.write('', () => process.exit(code));
};

main(process.argv.slice(2)).then(exit, (e: unknown) => {
  process.stderr.write(`worker-logs: ${e instanceof Error ? e.message : String(e)}\n`);
  exit(2);
});
