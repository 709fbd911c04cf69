#!/usr/bin/env node
// Stands in for a VS Code executable so that @vscode/test-electron's runTests() works here:
// it accepts VS Code's test arguments, starts code-server (a real VS Code server whose
// extension host is Node), opens the workbench in headless Chromium with the test payload
// in the URL, relays the tests' output and exits with their exit code.
//
// Environment knobs (set through runTests' extensionTestsEnv):
//   GWL_TEST_TIMEOUT_S   whole-run timeout in seconds (default 600); a hang exits 124
//   GWL_WORKSPACE_TRUST  "1" keeps Workspace Trust on (restricted-mode tests)
//   GWL_SCREENSHOT_DIR   where "[[screenshot:NAME]]" requests from the tests are saved
//   GWL_EXTENSIONS_DIR   an extensions folder to use (the installed-.vsix tests)
import fs from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';
import { ensureCodeServer, launchChromium, startCodeServer } from '../../scripts/lib/codeServer.mjs';

// Workbench chatter that says nothing about the tests (connections, the offline marketplace).
const NOISE = /^(Resolving connection token|Resolved connection token|Creating a socket|\[Service Worker\]|ChatSessionStore|Updating additional builtin|getaddrinfo ENOTFOUND|Started local extension host|Extension host)|^\s+at .*workbench\.js/;

function parseArgs(argv) {
  const out = { positional: [] };
  for (const a of argv) {
    const m = /^--([^=]+)=(.*)$/.exec(a);
    if (m) out[m[1]] = m[2];
    else if (!a.startsWith('--')) out.positional.push(a);
  }
  return out;
}

const args = parseArgs(process.argv.slice(2));
const devPath = args.extensionDevelopmentPath;
const testsPath = args.extensionTestsPath;
const folder = args.positional[0];
if (!devPath || !testsPath || !folder) {
  console.error('usage: codeServerShim --extensionDevelopmentPath=DIR --extensionTestsPath=MODULE FOLDER');
  process.exit(2);
}
const timeoutS = Number(process.env.GWL_TEST_TIMEOUT_S ?? 600);
const screenshotDir = process.env.GWL_SCREENSHOT_DIR;
const webviewDir = process.env.GWL_WEBVIEW_DIR;

/** The frame that holds one of our webviews' documents (VS Code nests it in an outer frame). */
async function webviewFrame(page, name) {
  for (const frame of page.frames()) {
    if (frame === page.mainFrame()) continue;
    // A frame being created or torn down may never answer: it is not ours, go on after 2 s.
    const answer = frame.evaluate((n) => !!document.querySelector(`[data-gwl-webview="${n}"]`), name).catch(() => false);
    const found = await Promise.race([answer, new Promise((resolve) => setTimeout(() => resolve(false), 2000))]);
    if (found) return frame;
  }
  return undefined;
}

/** What a test asked of a webview: read its rows, fill a field, press a key, click. */
async function webviewAction(page, req) {
  // The workbench's own document (a view's welcome, say): the text of what `selector` matches.
  if (req.webview === 'workbench' && req.action === 'text') {
    return { texts: await page.locator(req.selector).evaluateAll((els) => els.map((e) => e.textContent ?? '')) };
  }
  // A button of the workbench's own (a notification's): the first that `selector` matches.
  // (`force`: at once, as a user's click lands on a row the view is drawing again, not after it settles.)
  if (req.webview === 'workbench' && req.action === 'click') {
    // (`atOnce`: the element found and its mouse events sent in one step of the page, so that a
    // list that moves its rows between them cannot put another row under the click;
    // returns the label of the element clicked.)
    if (req.atOnce) {
      return page.evaluate((selector) => {
        const el = document.querySelector(selector);
        if (!el) return { error: `nothing matches ${selector}` };
        const label = el.getAttribute('aria-label') ?? el.textContent ?? '';
        for (const type of ['mousedown', 'mouseup', 'click']) el.dispatchEvent(new MouseEvent(type, { bubbles: true, cancelable: true, view: window, button: 0, detail: 1 }));
        return { ok: true, label };
      }, req.selector);
    }
    await page.locator(req.selector).first().click(req.force ? { force: true, timeout: 5000 } : {});
    return { ok: true };
  }
  const frame = await webviewFrame(page, req.webview);
  if (!frame) return { error: `no ${req.webview} webview is open` };
  switch (req.action) {
    case 'rows':
      return frame.evaluate(() => ({
        count: document.getElementById('count')?.textContent ?? '',
        problem: document.getElementById('problem')?.textContent ?? '',
        status: document.getElementById('status')?.textContent ?? '',
        launcher: document.getElementById('launcher-note')?.hidden === false ? { text: document.getElementById('launcher-text')?.textContent ?? '', mostly: document.getElementById('launcher-note').classList.contains('mostly') } : undefined,
        opened: [...document.querySelectorAll('#spacer .more-lines')].map((b) => [...b.children].map((l) => l.textContent)),
        icons: [...document.querySelectorAll('#spacer .codicon')].map((i) => [...i.classList].find((c) => c.startsWith('codicon-'))),
        iconFont: [...document.fonts].some((f) => f.family.replace(/"/g, '') === 'codicon' && f.status === 'loaded'),
        rows: [...document.querySelectorAll('#spacer .row')].map((r) => ({ row: Number(r.dataset.row), label: r.getAttribute('aria-label'), selected: r.getAttribute('aria-selected') === 'true', cells: [...r.children].map((c) => c.textContent) })),
        elements: { img: document.querySelectorAll('img').length, iframe: document.querySelectorAll('iframe').length, scripts: [...document.scripts].map((s) => s.src || s.textContent.slice(0, 80)) },
        grid: { role: document.getElementById('grid')?.getAttribute('role'), rowcount: document.getElementById('grid')?.getAttribute('aria-rowcount') },
        attempts: [...document.querySelectorAll('#attempt option')].map((o) => `${o.value}:${o.textContent}`),
      }));
    case 'timeline':
      return frame.evaluate(() => {
        const tree = document.getElementById('timeline-lanes');
        const measures = (name) => performance.getEntriesByName(name).map((m) => m.duration);
        const canvas = document.getElementById('timeline-canvas');
        const pixelAt = (x, y) => {
          if (!canvas || !Number.isFinite(x) || !Number.isFinite(y)) return undefined;
          const scale = canvas.width / Math.max(1, canvas.clientWidth);
          return [...canvas.getContext('2d').getImageData(Math.round(x * scale), Math.round(y * scale), 1, 1).data.slice(0, 3)];
        };
        return {
          summary: document.getElementById('timeline-summary')?.textContent ?? '',
          open: !document.getElementById('timeline-body')?.hidden,
          role: tree?.getAttribute('role'),
          active: tree?.getAttribute('aria-activedescendant') ?? '',
          drawnAt: Number(tree?.dataset.drawnAt ?? 0),
          images: document.querySelectorAll('img').length,
          canvas: { width: document.getElementById('timeline-canvas')?.clientWidth ?? 0, height: document.getElementById('timeline-canvas')?.clientHeight ?? 0 },
          lanes: [...document.querySelectorAll('#timeline-items > [role=treeitem]')].map((l) => ({ rank: Number(l.dataset.rank), state: l.dataset.state, label: l.getAttribute('aria-label'), y: l.dataset.y === undefined ? undefined : Number(l.dataset.y) })),
          tip: document.getElementById('timeline-tip')?.hidden ? '' : (document.getElementById('timeline-tip')?.textContent ?? ''),
          // (`color`: the canvas's pixel where the mark is drawn, [r, g, b], as the user sees it.)
          marks: [...document.querySelectorAll('#timeline-items [role=group] > [role=treeitem]')].map((m) => ({ id: m.id, label: m.getAttribute('aria-label'), kind: m.dataset.kind, wentOn: m.dataset.wentOn === 'true', line: Number(m.dataset.line), x: Number(m.dataset.x), y: Number(m.dataset.y), selected: m.getAttribute('aria-selected') === 'true', color: pixelAt(Number(m.dataset.x), Number(m.dataset.y)) })),
          firstFrameMs: measures('timeline-first-frame'),
          frameMs: measures('timeline-frame'),
          filter: { ranks: document.getElementById('ranks')?.value, since: document.getElementById('since')?.value, until: document.getElementById('until')?.value },
        };
      });
    case 'clickAt':
      await frame.click(req.selector, { position: { x: req.x, y: req.y } });
      return { ok: true };
    case 'hoverAt': {
      const box = await (await frame.$(req.selector)).boundingBox();
      await page.mouse.move(box.x + req.x - 3, box.y + req.y);
      await page.mouse.move(box.x + req.x, box.y + req.y, { steps: 2 });
      return { ok: true };
    }
    case 'dragAt':
      // A drag across an element, from (x, y) to (x2, y), in the element's own coordinates.
      {
        const box = await (await frame.$(req.selector)).boundingBox();
        await page.mouse.move(box.x + req.x, box.y + req.y);
        await page.mouse.down();
        await page.mouse.move(box.x + (req.x + req.x2) / 2, box.y + req.y, { steps: 4 });
        await page.mouse.move(box.x + req.x2, box.y + req.y, { steps: 4 });
        await page.mouse.up();
      }
      return { ok: true };
    case 'wheel':
      // Zoom and pan frames: wheel events on the canvas, then the frame times the webview measured.
      return frame.evaluate(async ({ selector, count }) => {
        const canvas = document.querySelector(selector);
        const r = canvas.getBoundingClientRect();
        performance.clearMeasures('timeline-frame');
        const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)));
        for (let i = 0; i < count; i++) {
          const zoomIn = i < count / 2;
          canvas.dispatchEvent(new WheelEvent('wheel', { deltaY: zoomIn ? -120 : 120, shiftKey: i % 3 === 2, clientX: r.left + r.width * (0.3 + 0.4 * (i / count)), clientY: r.top + r.height / 2, bubbles: true, cancelable: true }));
          await nextFrame();
          await nextFrame();
        }
        return { frameMs: performance.getEntriesByName('timeline-frame').map((m) => m.duration) };
      }, { selector: req.selector, count: req.count ?? 40 });
    case 'fill':
      await frame.fill(req.selector, req.value);
      return { ok: true };
    case 'press':
      await frame.focus(req.selector);
      await frame.press(req.selector, req.key);
      return { ok: true };
    case 'click':
      await frame.click(req.selector);
      return { ok: true };
    default:
      return { error: `unknown action ${req.action}` };
  }
}

ensureCodeServer();
const server = await startCodeServer({
  folder,
  trust: process.env.GWL_WORKSPACE_TRUST !== '1',
  extensionsDir: process.env.GWL_EXTENSIONS_DIR || undefined,
});
let browser;
let exiting = false;

async function finish(code, reason) {
  if (exiting) return;
  exiting = true;
  if (reason) console.log(reason);
  try {
    await browser?.close();
  } catch {
    /* already closed */
  }
  server.stop();
  process.exit(code);
}

process.on('SIGINT', () => void finish(130, 'Interrupted.'));
process.on('SIGTERM', () => void finish(143, 'Terminated.'));
const timer = setTimeout(
  () => void finish(124, `TIMEOUT: the tests did not finish within ${timeoutS} s (raise GWL_TEST_TIMEOUT_S if this run is just slow).`),
  timeoutS * 1000,
);

try {
  browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, colorScheme: 'dark' });
  const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${path.resolve(p)}`;
  let pending = Promise.resolve();
  await page.exposeFunction('codeAutomationLog', (type, logArgs) => {
    // The extension host sends console arguments unformatted ("%s" and friends).
    const text = format(...(Array.isArray(logArgs) ? logArgs : [logArgs]));
    const wv = /\[\[webview:([\w-]+):([A-Za-z0-9+/=]+)\]\]/.exec(text);
    if (wv && webviewDir) {
      const file = path.join(webviewDir, `${wv[1]}.json`);
      const req = JSON.parse(Buffer.from(wv[2], 'base64').toString('utf8'));
      pending = pending
        .then(() => webviewAction(page, req))
        .catch((e) => ({ error: e instanceof Error ? e.message : String(e) }))
        .then((result) => {
          // Written aside and renamed: the test never reads a half-written answer.
          fs.writeFileSync(`${file}.part`, JSON.stringify(result));
          fs.renameSync(`${file}.part`, file);
        });
      return;
    }
    const shot = /\[\[screenshot:([\w.-]+)\]\]/.exec(text);
    if (shot && screenshotDir) {
      fs.mkdirSync(screenshotDir, { recursive: true });
      const file = path.join(screenshotDir, `${shot[1]}.png`);
      pending = pending.then(() => page.screenshot({ path: file }).catch((e) => console.log(`screenshot failed: ${e.message}`)));
      return;
    }
    if (process.env.GWL_VERBOSE || !NOISE.test(text)) (type === 'error' ? process.stderr : process.stdout).write(text + '\n');
  });
  await page.exposeFunction('codeAutomationExit', async (code) => {
    clearTimeout(timer);
    await pending;
    await finish(Number(code) || 0);
  });
  const payload = [
    ['extensionDevelopmentPath', remote(devPath)],
    ['extensionTestsPath', remote(testsPath)],
    ['skipWelcome', 'true'],
    ['skipReleaseNotes', 'true'],
  ];
  const url = `${server.url}?folder=${encodeURIComponent(path.resolve(folder))}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  page.on('pageerror', (e) => console.log(`[workbench page error] ${e.message}`));
  if (process.env.GWL_VERBOSE) page.on('console', (m) => console.log(`[page ${m.type()}] ${m.text()}`));
  if (process.env.GWL_VERBOSE) page.on('requestfailed', (r) => console.log(`[request failed] ${r.url()} ${r.failure()?.errorText}`));
  await page.goto(url);
} catch (e) {
  await finish(1, `The real-VS Code harness failed: ${e instanceof Error ? e.stack : String(e)}`);
}
