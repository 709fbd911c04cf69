#!/usr/bin/env node
// Entry point of the `worker-logs` bin (bundled to dist/cli.js).
import { main } from './workerLogsCli';

// A reader that stops early (`| head`) closes the pipe: stop quietly, as grep and cat do.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  process.stderr.write(`worker-logs: writing the output failed: ${e.message}\n`);
  process.exit(1);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`worker-logs: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  },
);
