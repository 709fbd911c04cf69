#!/usr/bin/env node
// `npm run screenshots`: the README and walkthrough images, taken like a user sees them: the
// packaged .vsix installed into a real VS Code (code-server) in Dark+, the fixture workspace
// open, driven by keyboard and mouse through Playwright. (Under extension tests the workbench
// keeps its light default theme, so these are not taken by the test run itself.)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, ensureCodeServer, installVsix, launchChromium, startCodeServer } from './lib/codeServer.mjs';
import { writeTimelineJob } from './lib/timelineJob.mjs';

const out = path.join(REPO_ROOT, 'media', 'screenshots');
fs.mkdirSync(out, { recursive: true });
ensureCodeServer();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gwl-shots-'));
const workspace = path.join(tmp, 'workspace');
const extensions = path.join(tmp, 'extensions');
fs.cpSync(path.join(REPO_ROOT, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
const old = (Date.now() - 2 * 86_400_000) / 1000;
for (const e of fs.readdirSync(workspace, { withFileTypes: true, recursive: true })) if (e.isFile()) fs.utimesSync(path.join(e.parentPath, e.name), old, old);
const settingsFile = path.join(workspace, '.vscode', 'settings.json');
const settings = JSON.parse(fs.readFileSync(settingsFile, 'utf8'));
settings['workerLogs.jobs'] = [{ name: 'train', program: 'scripts/cpu_job.py', workers: 4, logDir: 'logs/train', env: { CRASH_RANK: '2', STEPS: '40' } }];
settings['workbench.tips.enabled'] = false;
fs.writeFileSync(settingsFile, JSON.stringify(settings, null, 2));

execFileSync('npm', ['run', '-s', 'package'], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
fs.mkdirSync(extensions);
installVsix(path.join(REPO_ROOT, 'dist', 'gpu-worker-logs.vsix'), extensions);
const server = await startCodeServer({ folder: workspace, extensionsDir: extensions, trust: true });
const browser = await launchChromium();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 860 }, colorScheme: 'dark' });
  await page.goto(`${server.url}?folder=${encodeURIComponent(workspace)}`);
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  await sleep(4000);
  const palette = async (command) => {
    await page.keyboard.press('Control+Shift+P');
    await sleep(500);
    await page.keyboard.type(command);
    await sleep(700);
    await page.keyboard.press('Enter');
    await sleep(1000);
  };
  const row = (label) => page.locator(`.monaco-list-row[aria-label^="${label}"]`).first();

  // 1. The Workers view with the resumed job's rank 2 open to its failing session.
  await page.locator('.activitybar a[aria-label^="Worker Logs"]').first().click({ force: true });
  await sleep(2000);
  await row('Rank 2 ').locator('.monaco-tl-twistie').click({ force: true });
  await sleep(800);
  await row('Session 1 · started 10:00:00').locator('.monaco-tl-twistie').click({ force: true });
  await sleep(800);
  await row('torch.cuda.OutOfMemoryError').click({ force: true });
  await sleep(2500);
  await page.screenshot({ path: path.join(out, 'workers-tree.png') });

  // 2. A highlighted log with a traceback and a resume separator, sidebar hidden.
  await page.keyboard.press('Control+B');
  await sleep(1500);
  await page.screenshot({ path: path.join(out, 'highlighted-log.png') });
  await page.keyboard.press('Control+B');
  await sleep(1000);

  // 3. The Job Log of the same job, rank 2's out-of-memory error revealed from its log, opened.
  await palette('Worker Logs: Reveal in Job Log');
  await sleep(3000);
  await page.keyboard.press('ArrowRight');
  await sleep(1500);
  await page.screenshot({ path: path.join(out, 'job-log.png') });
  await page.keyboard.press('Control+W');
  await sleep(1000);

  // 4. A launched job: four rank terminals, rank 2 crashed.
  await palette('Worker Logs: Launch Multi-GPU Job');
  await sleep(500);
  await page.keyboard.type('train');
  await sleep(500);
  await page.keyboard.press('Enter');
  await sleep(7000);
  await page.screenshot({ path: path.join(out, 'rank-terminals.png') });
  await palette('Worker Logs: Stop Job');
  await sleep(3000);

  // 5. The Diagnosis heading a job whose ranks timed out waiting for one (the NCCL fixture),
  // rank 5's last record open beside it, the sidebar widened to read the headline.
  fs.cpSync(path.join(REPO_ROOT, 'test', 'fixtures', 'diagnosis', 'straggler'), path.join(workspace, 'logs', 'straggler'), { recursive: true });
  await palette('Worker Logs: Refresh');
  await sleep(3000);
  await palette('View: Close All Editors');
  await page.locator('.action-label[aria-label^="Collapse All"]').first().click({ force: true });
  await sleep(800);
  await row('logs/straggler').click({ force: true });
  await sleep(500);
  // The folder opens on click; then its Diagnosis (first child), rank 5's finding, its first line.
  for (const key of ['ArrowDown', 'ArrowRight', 'ArrowDown', 'ArrowRight', 'ArrowDown']) {
    await page.keyboard.press(key);
    await sleep(400);
  }
  await page.keyboard.press('Enter');
  await sleep(2000);
  // The sash between the sidebar and the editors.
  for (const sash of await page.locator('.monaco-sash.vertical').all()) {
    const box = await sash.boundingBox();
    if (!box || box.x < 250 || box.x > 450 || box.height < 300) continue;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + 420, box.y + box.height / 2, { steps: 10 });
    await page.mouse.up();
    break;
  }
  await sleep(1500);
  await page.screenshot({ path: path.join(out, 'diagnosis.png') });

  // 6. The Job Timeline of a 16-rank job written just now: rank 11 went quiet at 60% of the run
  // (stalled while the others write), rank 6 died of a CUDA error at 80%; the sidebar hidden.
  writeTimelineJob(path.join(workspace, 'logs', 'train16'), { ranks: 16, hours: 0.5, stepMs: 2000, stallRank: 11, crashRank: 6 });
  await palette('Worker Logs: Refresh');
  await sleep(3000);
  await palette('View: Close All Editors');
  await page.keyboard.press('Control+B');
  await sleep(800);
  await palette('Worker Logs: Open Job Timeline');
  await page.keyboard.type('train16');
  await sleep(700);
  await page.keyboard.press('Enter');
  await sleep(4000);
  await page.screenshot({ path: path.join(out, 'timeline.png') });
  console.log(`Screenshots written to ${path.relative(REPO_ROOT, out)}: workers-tree.png, highlighted-log.png, job-log.png, rank-terminals.png, diagnosis.png, timeline.png`);
} finally {
  await browser.close();
  server.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
}
