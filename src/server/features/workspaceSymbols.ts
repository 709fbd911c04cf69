// Workspace symbols: the sessions and error records of every rank log in the known log
// folders, read from disk through the core (incrementally, so repeated queries are cheap).
import * as path from 'node:path';
import { SymbolInformation, SymbolKind } from 'vscode-languageserver';
import { pathToFileURL } from 'node:url';
import { FileIndex } from '../../core/fileIndex';
import { discoverRanks } from '../../core/rankDiscovery';
import { errorLabel } from '../../core/workerTreeModel';
import { ServerContext } from '../serverContext';
import { sessionName } from './documentSymbols';

const MAX_RESULTS = 2000;

/** 0: contains the query; 1: contains its characters in order; -1: no match. */
function matchScore(query: string, text: string): number {
  if (!query) return 0;
  const q = query.toLowerCase();
  const t = text.toLowerCase();
  if (t.includes(q)) return 0;
  let i = 0;
  for (const c of t) if (c === q[i]) i++;
  return i === q.length ? 1 : -1;
}

export function registerWorkspaceSymbols(ctx: ServerContext): void {
  const indexes = new Map<string, FileIndex>();
  ctx.connection.onWorkspaceSymbol(async (params) => {
    const out: (SymbolInformation & { score: number })[] = [];
    for (const dir of ctx.logFolders) {
      for (const file of await discoverRanks(dir)) {
        let index = indexes.get(file.path);
        if (!index) indexes.set(file.path, (index = new FileIndex(file.path)));
        await index.update();
        const uri = pathToFileURL(file.path).href;
        const container = `rank ${file.rank} · ${path.basename(dir)}`;
        for (const s of index.snapshot().sessions) {
          const name = `Rank ${file.rank} ${sessionName(s)}`;
          const at = { start: { line: s.startLine, character: 0 }, end: { line: s.startLine, character: 0 } };
          const score = matchScore(params.query, name);
          if (score >= 0) out.push({ name, kind: SymbolKind.Namespace, location: { uri, range: at }, containerName: container, score });
          for (const r of s.errors) {
            const ename = `Rank ${file.rank}: ${errorLabel(r)}`;
            const escore = matchScore(params.query, ename);
            if (escore >= 0) out.push({ name: ename, kind: SymbolKind.Event, location: { uri, range: { start: { line: r.line, character: 0 }, end: { line: r.line, character: 0 } } }, containerName: container, score: escore });
          }
          if (out.length >= MAX_RESULTS) break;
        }
      }
    }
    // Substring matches first; VS Code filters and ranks the rest itself.
    return out
      .slice(0, MAX_RESULTS)
      .sort((a, b) => a.score - b.score)
      .map(({ score, ...symbol }) => (void score, symbol));
  });
}
