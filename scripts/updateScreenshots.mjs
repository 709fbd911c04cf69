#!/usr/bin/env node
// `npm run screenshots`: runs the integration tests with screenshots saved into
// media/screenshots (README and walkthrough images). Like grammar snapshots, they change only
// through this explicit command.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './lib/codeServer.mjs';

const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'test', 'runAllTiers.mjs'), 'integration'], {
  stdio: 'inherit',
  env: { ...process.env, GWL_SCREENSHOT_DIR: path.join(REPO_ROOT, 'media', 'screenshots') },
});
process.exit(r.status ?? 1);
