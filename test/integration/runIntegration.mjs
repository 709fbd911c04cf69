#!/usr/bin/env node
// The integration tier, in the extension host of a real VS Code (code-server + Chromium, see
// codeServerShim.mjs), through @vscode/test-electron's runTests:
//   1. the extension from this source tree, against a copy of test/fixtures/workspace;
//   2. the same in Restricted Mode (Workspace Trust on, folder untrusted);
//   3. the packaged .vsix, installed with --install-extension like a user would.
// Expects `npm run build` and `npm run compile-tests` to have run (runAllTiers does both).
// Ends with the total "N passed, N failed" of both phases.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { REPO_ROOT, ensureCodeServer, installVsix } from '../../scripts/lib/codeServer.mjs';
import { startSlurm } from '../../scripts/lib/slurmCluster.mjs';
import { DISTRIBUTED_PACKAGES, ensureSystemPackages } from '../../scripts/lib/systemPackages.mjs';

const shim = path.join(REPO_ROOT, 'test', 'integration', 'codeServerShim.mjs');
const out = path.join(REPO_ROOT, 'out', 'test', 'integration');
if (!fs.existsSync(path.join(out, 'index.js'))) {
  console.error('out/test/integration/index.js is missing: run `npm run compile-tests` first.');
  console.log('0 passed, 1 failed');
  process.exit(1);
}

let slurm;
try {
  ensureCodeServer();
  // The distributed tests use real engines: torchrun from python3-torch, and a one-node Slurm.
  ensureSystemPackages(DISTRIBUTED_PACKAGES, { why: 'the torchrun and Slurm tests' });
  slurm = await startSlurm();
  console.log(`Started a one-node Slurm (SLURM_CONF=${slurm.conf}).`);
} catch (e) {
  console.error(e.message);
  slurm?.stop();
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const stopSlurm = () => slurm?.stop();
process.on('exit', stopSlurm);

// Count the phases' closing lines as they stream past.
const totals = { passed: 0, failed: 0, phases: 0 };
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, ...rest) => {
  for (const m of String(chunk).matchAll(/^(\d+) passed, (\d+) failed/gm)) {
    totals.passed += Number(m[1]);
    totals.failed += Number(m[2]);
    totals.phases++;
  }
  return write(chunk, ...rest);
};

function freshWorkspace() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gwl-workspace-'));
  fs.cpSync(path.join(REPO_ROOT, 'test', 'fixtures', 'workspace'), dir, { recursive: true });
  // The folder the tests write their jobs' logs in, there from the start as a project's is. VS
  // Code's workspace watcher reports nothing below a folder made with its parents (logs/plain by
  // a test's mkdirSync, when run alone); the extension copes with that for discovery (the
  // Workers view's test of a folder made so), not for every later change of a file there.
  fs.mkdirSync(path.join(dir, 'logs'));
  // A checkout makes every log "just written", which reads as a running job: age them.
  const twoDaysAgo = (Date.now() - 2 * 86_400_000) / 1000;
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) fs.utimesSync(path.join(e.parentPath, e.name), twoDaysAgo, twoDaysAgo);
  }
  return dir;
}

async function phase(title, options, env = {}) {
  console.log(`\n--- ${title} ---`);
  const workspace = freshWorkspace();
  const before = totals.phases;
  try {
    await runTests({
      vscodeExecutablePath: shim,
      launchArgs: [workspace],
      ...options,
      extensionTestsEnv: {
        GWL_SCREENSHOT_DIR: process.env.GWL_SCREENSHOT_DIR ?? path.join(REPO_ROOT, 'test-results', 'screenshots'),
        // Answers of the harness to the tests' questions about a webview's real DOM.
        GWL_WEBVIEW_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'gwl-webview-')),
        // (A whole phase's time: a hang ends in it; a busy machine's run of the source tree's tests took over 900 s.)
        GWL_TEST_TIMEOUT_S: process.env.GWL_TEST_TIMEOUT_S ?? '1800',
        SLURM_CONF: slurm.conf,
        ...env,
      },
    });
    return true;
  } catch (e) {
    console.error(`${title}: ${e.message}`);
    if (totals.phases === before) totals.failed++; // died before reporting
    return false;
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

// GWL_INTEGRATION_PHASES=source (comma list of source, restricted, vsix) runs only those
// phases: the benchmark takes the live-update figure from the first one.
const phases = new Set((process.env.GWL_INTEGRATION_PHASES ?? 'source,restricted,vsix').split(','));
let ok = !phases.has('source') || await phase('extension from the source tree', {
  extensionDevelopmentPath: REPO_ROOT,
  extensionTestsPath: path.join(out, 'index'),
});

ok =
  (!phases.has('restricted') || await phase(
    'Restricted Mode (Workspace Trust on)',
    { extensionDevelopmentPath: REPO_ROOT, extensionTestsPath: path.join(out, 'restricted', 'index') },
    { GWL_WORKSPACE_TRUST: '1' },
  )) && ok;

if (phases.has('vsix')) {
  const extensionsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gwl-extensions-'));
  try {
    console.log('\n--- packaging the .vsix ---');
    execFileSync(process.execPath, [path.join(REPO_ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--out', path.join(extensionsDir, 'gpu-worker-logs.vsix')], {
      cwd: REPO_ROOT,
      stdio: 'inherit',
    });
    installVsix(path.join(extensionsDir, 'gpu-worker-logs.vsix'), extensionsDir);
    ok =
      (await phase(
        'the packaged .vsix, installed',
        { extensionDevelopmentPath: path.join(REPO_ROOT, 'test', 'integration', 'vsixProbe'), extensionTestsPath: path.join(out, 'vsix', 'index') },
        { GWL_EXTENSIONS_DIR: extensionsDir },
      )) && ok;
  } catch (e) {
    console.error(`Packaging or installing the .vsix failed: ${e.message}`);
    totals.failed++;
    ok = false;
  } finally {
    fs.rmSync(extensionsDir, { recursive: true, force: true });
  }
}

console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exit(ok && totals.failed === 0 ? 0 : 1);
