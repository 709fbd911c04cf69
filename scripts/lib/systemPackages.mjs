// Debian packages the test tiers and the demo need, installed only when missing.
import { execFileSync, spawnSync } from 'node:child_process';

export const BROWSER_PACKAGES = ['chromium', 'libkrb5-dev', 'ripgrep'];
export const DISTRIBUTED_PACKAGES = ['python3-torch', 'slurmctld', 'slurmd', 'slurm-client', 'munge', 'openmpi-bin'];

function isInstalled(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

/** Installs the missing packages as root; as another user, names them and throws. */
export function ensureSystemPackages(packages, { why = 'the tests' } = {}) {
  const missing = packages.filter((p) => !isInstalled(p));
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    throw new Error(
      `${why} need these Debian packages, which are not installed: ${missing.join(' ')}\n` +
        `Install them with: sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing.join(' ')}`,
    );
  }
  console.log(`Installing Debian packages for ${why}: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
}

/** lnav for the benchmarks' comparisons: installed when root; false (and why) when it cannot be. */
export function lnavInstalled() {
  try {
    ensureSystemPackages(['lnav'], { why: 'the lnav comparison' });
    return true;
  } catch (e) {
    console.log(`  lnav is not installed and this is not root, so it is not compared: ${e.message.split('\n')[0]}`);
    return false;
  }
}
