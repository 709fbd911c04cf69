#!/usr/bin/env node
// `npm run setup:code-server`: installs the real VS Code (code-server) the tests and demo use.
import { ensureCodeServer } from './lib/codeServer.mjs';

ensureCodeServer();
console.log('code-server is ready.');
