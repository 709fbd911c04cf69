// Traceback frames (`File "x.py", line 42`; in rich's panel, `│ /job/x.py:42 in main │`) link
// to that file and line when the file exists, as an absolute path or relative to a workspace folder. Existence is checked asynchronously
// and for a bounded number of distinct paths: a million frames naming missing files once
// blocked the server for 21 s in statSync.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { DocumentLink } from 'vscode-languageserver';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ServerContext } from '../serverContext';

const FRAME = /^[ \t]+File "([^"\n]+)", line (\d+)/gm;
/** A frame in rich's traceback panel (`│ /job/train.py:42 in main │`, `|` in ASCII), maybe indented under a record of rich's logging handler. */
const RICH_FRAME = /^[ \t]*[│|] ([^\s│|"]+\.py):(\d+) in /gm;
const MAX_LINKS = 5000;
/** Distinct paths checked per request; frames naming others get no link. */
export const MAX_CHECKED_PATHS = 500;

async function isFile(p: string): Promise<boolean> {
  try {
    return (await fsp.stat(p)).isFile();
  } catch {
    return false;
  }
}

export async function resolveFramePath(file: string, roots: readonly string[], docDir: string | undefined): Promise<string | undefined> {
  const candidates = path.isAbsolute(file) ? [file] : [...roots, ...(docDir ? [docDir] : [])].map((r) => path.join(r, file));
  for (const c of candidates) if (await isFile(c)) return c;
  return undefined;
}

export function registerDocumentLinks(ctx: ServerContext): void {
  ctx.connection.onDocumentLinks(async (params) => {
    const doc = ctx.documents.get(params.textDocument.uri);
    if (!doc) return [];
    const text = doc.getText();
    const docDir = doc.uri.startsWith('file:') ? path.dirname(fileURLToPath(doc.uri)) : undefined;
    // First the frames and their distinct paths, then one check per path, all at once.
    const frames: { file: string; line: string; offset: number }[] = [];
    const resolved = new Map<string, Promise<string | undefined>>();
    for (const re of [FRAME, RICH_FRAME]) {
      re.lastIndex = 0;
      for (let m = re.exec(text); m && frames.length < MAX_LINKS; m = re.exec(text)) {
        const file = m[1];
        if (!resolved.has(file)) {
          if (resolved.size >= MAX_CHECKED_PATHS) continue;
          resolved.set(file, resolveFramePath(file, ctx.workspaceFolders, docDir));
        }
        frames.push({ file, line: m[2], offset: m.index + m[0].indexOf(file, re === FRAME ? m[0].indexOf('"') : 0) });
      }
    }
    frames.sort((a, b) => a.offset - b.offset);
    const targets = new Map<string, string | undefined>();
    await Promise.all([...resolved].map(async ([file, p]) => targets.set(file, await p)));
    const links: DocumentLink[] = [];
    for (const f of frames) {
      const target = targets.get(f.file);
      if (!target) continue;
      const start = doc.positionAt(f.offset);
      links.push({ range: { start, end: { line: start.line, character: start.character + f.file.length } }, target: `${pathToFileURL(target).href}#L${f.line}`, tooltip: `Open ${f.file} at line ${f.line}` });
    }
    return links;
  });
}
