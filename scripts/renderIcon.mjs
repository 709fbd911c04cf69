#!/usr/bin/env node
// Renders media/icon.svg to the 128x128 media/icon.png the marketplace wants (Chromium).
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, launchChromium } from './lib/codeServer.mjs';

const svg = fs.readFileSync(path.join(REPO_ROOT, 'media', 'icon.svg'), 'utf8');
const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: 128, height: 128 } });
await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
await page.screenshot({ path: path.join(REPO_ROOT, 'media', 'icon.png'), omitBackground: true, clip: { x: 0, y: 0, width: 128, height: 128 } });
await browser.close();
console.log('media/icon.png written');
