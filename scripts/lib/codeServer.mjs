// Installs, starts and stops code-server 4.100.3 (VS Code 1.100.3), the real VS Code that the
// integration tests, the demo and the screenshots run in (see shared TESTING.md for why).
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BROWSER_PACKAGES, ensureSystemPackages } from './systemPackages.mjs';

export const CODE_SERVER_VERSION = '4.100.3';
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const INSTALL_DIR = path.join(REPO_ROOT, '.vscode-test', `code-server-${CODE_SERVER_VERSION}`);
const PACKAGE_DIR = path.join(INSTALL_DIR, 'node_modules', 'code-server');
const READY_MARKER = path.join(INSTALL_DIR, '.installed');

export function codeServerBin() {
  return path.join(PACKAGE_DIR, 'out', 'node', 'entry.js');
}

/** Folder of VS Code's built-in extensions inside the installed code-server. */
export function builtinExtensionsDir() {
  return path.join(PACKAGE_DIR, 'lib', 'vscode', 'extensions');
}

/** Idempotent: apt packages, then code-server from the npm registry into a git-ignored folder. */
export function ensureCodeServer() {
  ensureSystemPackages(BROWSER_PACKAGES, { why: 'the real-VS Code tests and the demo' });
  if (fs.existsSync(READY_MARKER) && fs.existsSync(codeServerBin())) return;
  console.log(`Installing code-server ${CODE_SERVER_VERSION} into ${path.relative(REPO_ROOT, INSTALL_DIR)} (about a minute)...`);
  fs.mkdirSync(INSTALL_DIR, { recursive: true });
  fs.writeFileSync(path.join(INSTALL_DIR, 'package.json'), JSON.stringify({ name: 'code-server-host', private: true }));
  // @vscode/ripgrep would download rg; it looks in this cache first, so give it Debian's rg.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gwl-cs-'));
  const cache = path.join(tmp, 'vscode-ripgrep-cache-1.15.11');
  fs.mkdirSync(cache, { recursive: true });
  execFileSync('tar', ['czf', path.join(cache, 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz'), '-C', '/usr/bin', 'rg']);
  const env = {
    ...process.env,
    TMPDIR: tmp,
    npm_config_yes: 'true',
    npm_config_unsafe_perm: 'true',
    npm_config_nodedir: '/usr',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
  };
  execFileSync('npm', ['install', '--no-save', '--no-package-lock', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: INSTALL_DIR,
    env,
    stdio: 'inherit',
  });
  fs.rmSync(tmp, { recursive: true, force: true });
  if (!fs.existsSync(codeServerBin())) throw new Error(`code-server installed but ${codeServerBin()} is missing`);
  fs.writeFileSync(READY_MARKER, new Date().toISOString());
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts code-server detached, in its own temp state folders, and resolves once it listens.
 * `trust: false` keeps workspace trust on, for the restricted-mode tests.
 */
export async function startCodeServer({ folder, port, trust = true, extensionsDir, host = '127.0.0.1', quiet = true }) {
  port = port ?? (await freePort());
  const state = fs.mkdtempSync(path.join(os.tmpdir(), 'gwl-vscode-'));
  for (const d of ['data', 'config', 'cache', 'ud']) fs.mkdirSync(path.join(state, d), { recursive: true });
  const configFile = path.join(state, 'config.yaml');
  fs.writeFileSync(configFile, 'auth: none\ncert: false\n');
  const extDir = extensionsDir ?? path.join(state, 'ext');
  fs.mkdirSync(extDir, { recursive: true });
  // Dark+ for screenshots and a quiet workbench.
  fs.mkdirSync(path.join(state, 'ud', 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(state, 'ud', 'User', 'settings.json'),
    JSON.stringify({
      'workbench.colorTheme': 'Default Dark+',
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'telemetry.telemetryLevel': 'off',
      'security.workspace.trust.enabled': !trust ? true : false,
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      'window.zoomLevel': 0,
    }),
  );
  const args = [
    codeServerBin(),
    '--config', configFile,
    '--bind-addr', `${host}:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--user-data-dir', path.join(state, 'ud'),
    '--extensions-dir', extDir,
  ];
  if (trust) args.push('--disable-workspace-trust');
  args.push(folder);
  const child = spawn(process.execPath, args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      XDG_DATA_HOME: path.join(state, 'data'),
      XDG_CONFIG_HOME: path.join(state, 'config'),
      XDG_CACHE_HOME: path.join(state, 'cache'),
    },
  });
  let output = '';
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`code-server did not start within 60 s:\n${output}`)), 60_000);
    const onData = (chunk) => {
      output += chunk.toString();
      if (!quiet) process.stdout.write(chunk);
      if (output.includes('HTTP server listening')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited with ${code} before listening:\n${output}`));
    });
  });
  const stop = () => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
    fs.rmSync(state, { recursive: true, force: true });
  };
  try {
    await ready;
  } catch (e) {
    stop();
    throw e;
  }
  return { port, url: `http://${host}:${port}/`, stop, child, extensionsDir: extDir, userDataDir: path.join(state, 'ud'), stateDir: state };
}

/** Installs a .vsix into an extensions folder the way a user does. */
export function installVsix(vsix, extensionsDir) {
  const state = fs.mkdtempSync(path.join(os.tmpdir(), 'gwl-install-'));
  try {
    execFileSync(
      process.execPath,
      [codeServerBin(), '--user-data-dir', path.join(state, 'ud'), '--extensions-dir', extensionsDir, '--install-extension', vsix, '--force'],
      { stdio: 'inherit', env: { ...process.env, XDG_DATA_HOME: state, XDG_CONFIG_HOME: state, XDG_CACHE_HOME: state } },
    );
  } finally {
    fs.rmSync(state, { recursive: true, force: true });
  }
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
}
