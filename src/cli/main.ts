#!/usr/bin/env node
// Entry point of the `worker-logs` bin (bundled to dist/cli.js).
import { main } from './workerLogsCli';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`worker-logs: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  },
);
