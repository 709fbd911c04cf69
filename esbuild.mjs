// Builds the bundles: the extension client (vscode external), the language server, the CLI
// and the Job Log webview. `--watch` rebuilds on change; `--production` minifies and drops source maps.
import * as esbuild from 'esbuild';
import { buildLane } from './scripts/buildLane.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'info',
  // jsonc-parser's main build is UMD, whose requires of its own modules a bundle cannot follow.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
};

// The record lane's WebAssembly, as a generated module every bundle (and tsc) imports.
await buildLane();

const builds = [
  { ...common, entryPoints: { extension: 'src/extension.ts' }, outdir: 'dist', external: ['vscode'] },
  { ...common, entryPoints: { server: 'src/server/main.ts' }, outdir: 'dist' },
  { ...common, entryPoints: { cli: 'src/cli/main.ts', indexWorker: 'src/cli/indexWorker.ts' }, outdir: 'dist' },
  // The Job Log and Job Timeline webviews: their own browser bundles, importing neither vscode nor Node.
  // Its stylesheet imports the codicon font: dist/webview/jobLog.css and the font beside it.
  { ...common, platform: 'browser', target: 'es2022', format: 'iife', entryPoints: { jobLog: 'src/webview/jobLog/main.ts', timeline: 'src/webview/timeline/main.ts' }, outdir: 'dist/webview', loader: { '.ttf': 'file' }, assetNames: '[name]' },
];

if (watch) {
  for (const options of builds) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
  }
  console.log('esbuild: watching for changes...');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
