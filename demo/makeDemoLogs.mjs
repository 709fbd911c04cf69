// Produces the demo's logs by really running a small CPU job through the shared module:
// attempt 1 with one rank crashing (its peers fail a moment later), attempt 2 resuming all.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

function runRank(workspace, pythonDir, logDir, rank, world, extraEnv) {
  const env = {
    ...process.env,
    RANK: String(rank),
    LOCAL_RANK: String(rank),
    WORLD_SIZE: String(world),
    WORKER_LOG_DIR: logDir,
    CUDA_VISIBLE_DEVICES: String(rank),
    PYTHONPATH: [pythonDir, process.env.PYTHONPATH].filter(Boolean).join(path.delimiter),
    PYTHONUNBUFFERED: '1',
    ...extraEnv,
  };
  return new Promise((resolve) => {
    const child = spawn('python3', ['-m', 'worker_logging', 'run', '--', 'train.py', '--steps', '8', '--step-seconds', '0.15'], {
      cwd: workspace,
      env,
      stdio: 'ignore',
    });
    child.on('close', (code) => resolve(code));
  });
}

export async function makeDemoLogs(workspace, pythonModuleDir, world = 4) {
  const logDir = path.join(workspace, 'logs', 'train');
  fs.rmSync(logDir, { recursive: true, force: true });
  fs.mkdirSync(logDir, { recursive: true });
  const ranks = [...Array(world).keys()];
  const first = await Promise.all(ranks.map((r) => runRank(workspace, pythonModuleDir, logDir, r, world, { DEMO_CRASH_RANK: '2', MASTER_PORT: '29001' })));
  const second = await Promise.all(ranks.map((r) => runRank(workspace, pythonModuleDir, logDir, r, world, { MASTER_PORT: '29002' })));
  for (const f of fs.readdirSync(logDir)) if (f.startsWith('.')) fs.rmSync(path.join(logDir, f), { force: true });
  return { logDir, first, second };
}
