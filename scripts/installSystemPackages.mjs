#!/usr/bin/env node
// Installs the Debian packages every test tier needs (as root; otherwise names them).
import { BROWSER_PACKAGES, DISTRIBUTED_PACKAGES, ensureSystemPackages } from './lib/systemPackages.mjs';

try {
  ensureSystemPackages([...BROWSER_PACKAGES, ...DISTRIBUTED_PACKAGES, 'python3'], { why: 'the tests' });
} catch (e) {
  console.error(e.message);
  process.exit(1);
}
