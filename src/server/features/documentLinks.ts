// Traceback frames (`File "x.py", line 42`) link to that file and line when the file exists,
// as an absolute path or relative to a workspace folder.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DocumentLink } from 'vscode-languageserver';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ServerContext } from '../serverContext';

const FRAME = /^[ \t]+File "([^"\n]+)", line (\d+)/gm;
const MAX_LINKS = 5000;

export function resolveFramePath(file: string, roots: readonly string[], docDir: string | undefined): string | undefined {
  const candidates = path.isAbsolute(file) ? [file] : [...roots, ...(docDir ? [docDir] : [])].map((r) => path.join(r, file));
  return candidates.find((c) => {
    try {
      return fs.statSync(c).isFile();
    } catch {
      return false;
    }
  });
}

export function registerDocumentLinks(ctx: ServerContext): void {
  ctx.connection.onDocumentLinks((params) => {
    const doc = ctx.documents.get(params.textDocument.uri);
    if (!doc) return [];
    const text = doc.getText();
    const docDir = doc.uri.startsWith('file:') ? path.dirname(fileURLToPath(doc.uri)) : undefined;
    const exists = new Map<string, string | undefined>();
    const links: DocumentLink[] = [];
    FRAME.lastIndex = 0;
    for (let m = FRAME.exec(text); m && links.length < MAX_LINKS; m = FRAME.exec(text)) {
      const file = m[1];
      if (!exists.has(file)) exists.set(file, resolveFramePath(file, ctx.workspaceFolders, docDir));
      const resolved = exists.get(file);
      if (!resolved) continue;
      const startOffset = m.index + m[0].indexOf('"') + 1;
      const start = doc.positionAt(startOffset);
      links.push({
        range: { start, end: { line: start.line, character: start.character + file.length } },
        target: `${pathToFileURL(resolved).href}#L${m[2]}`,
        tooltip: `Open ${file} at line ${m[2]}`,
      });
    }
    return links;
  });
}
