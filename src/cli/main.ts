#!/usr/bin/env node
// Entry point of the `worker-logs` bin (bundled to dist/cli.js).
import { main } from './workerLogsCli';

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
