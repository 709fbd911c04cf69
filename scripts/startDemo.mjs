#!/usr/bin/env node
// `npm start`: the newcomer's tour. Builds and packages the extension, installs the .vsix into
// a real VS Code (code-server) the way a user would, runs a small 4-rank CPU job through the
// shared logging module (one rank crashes, then all resume) and serves the demo workspace on
// 127.0.0.1. Stop with Ctrl+C.   PORT=8080 npm start   picks the port.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, ensureCodeServer, installVsix, startCodeServer } from './lib/codeServer.mjs';
import { makeDemoLogs } from '../demo/makeDemoLogs.mjs';
import { makeTorchrunConsole } from '../demo/makeTorchrunConsole.mjs';

const port = Number(process.env.PORT ?? 8080);
const workspace = path.join(REPO_ROOT, 'demo-workspace');
const vsix = path.join(REPO_ROOT, 'dist', 'gpu-worker-logs.vsix');
const extensionsDir = path.join(REPO_ROOT, '.vscode-test', 'demo-extensions');

console.log('1/4 Installing the real VS Code (code-server) if needed...');
ensureCodeServer();
console.log('2/4 Packaging the extension and installing the .vsix...');
execFileSync('npm', ['run', '-s', 'package'], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
fs.rmSync(extensionsDir, { recursive: true, force: true });
fs.mkdirSync(extensionsDir, { recursive: true });
installVsix(vsix, extensionsDir);

console.log('3/4 Running the demo job (4 CPU ranks; rank 2 crashes, then all resume)...');
fs.rmSync(workspace, { recursive: true, force: true });
fs.cpSync(path.join(REPO_ROOT, 'demo', 'workspace'), workspace, { recursive: true });
const result = await makeDemoLogs(workspace, path.join(REPO_ROOT, 'python'));
console.log(`    attempt 1 exit codes ${result.first.join(' ')}; attempt 2 exit codes ${result.second.join(' ')}`);
console.log(`    ${path.relative(REPO_ROOT, result.logDir)}: ${fs.readdirSync(result.logDir).filter((f) => f.endsWith('.log')).join(' ')}`);
const console8 = makeTorchrunConsole(path.join(workspace, 'logs', 'torchrun-hang'));
console.log(`    ${path.relative(REPO_ROOT, console8)}: an 8-rank torchrun --tee console, without our module (rank 5 hangs, the others time out)`);

console.log('4/4 Starting VS Code...');
let server;
try {
  server = await startCodeServer({ folder: workspace, port, extensionsDir, trust: true });
} catch (e) {
  const inUse = /EADDRINUSE|address already in use/i.test(String(e.message));
  console.error(inUse ? `Port ${port} is taken: run again with another one, e.g. PORT=${port + 1} npm start` : e.message);
  process.exit(1);
}
const url = `${server.url}?folder=${encodeURIComponent(workspace)}`;
console.log(`
GPU Worker Logs demo is running: ${url}
  (on a remote machine: ssh -L ${port}:127.0.0.1:${port} <host>, then open the same URL)

Try (demo-workspace/README.md has the same list):
  - the Worker Logs view in the activity bar: rank 2 holds the job's first failure;
  - open a rank's log: highlighting, the Outline's sessions, Ctrl+Alt+PageDown / PageUp between
    resumes, "Worker Logs: Go to Session..." (Ctrl+Alt+S);
  - the job as one: "Worker Logs: Open Job Log" (Ctrl+Alt+J) merges every rank by time, with
    filters; "Worker Logs: Open Job Timeline" draws each rank's sessions and failures;
  - logs/torchrun-hang/train.out, a torchrun console that never went through our module: its
    8 ranks in the tree, and the Diagnosis above them: rank 5 never entered the all-reduce the
    other 7 timed out in (torchrun's own summary blames rank 3);
  - "Worker Logs: Launch Multi-GPU Job..." runs train-demo in 4 rank terminals: rank 2 crashes
    at step 6; right-click it in the tree, Restart Rank.
Stop with Ctrl+C.`);

const stop = () => {
  server.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
