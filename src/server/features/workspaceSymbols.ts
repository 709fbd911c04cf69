// Workspace symbols: the sessions and error records of every rank log in the known log
// folders, read from disk through the core (incrementally, so repeated queries are cheap).
import * as path from 'node:path';
import { SymbolInformation, SymbolKind } from 'vscode-languageserver';
import { pathToFileURL } from 'node:url';
import { FileIndex } from '../../core/fileIndex';
import { errorLabel, sessionLabel } from '../../core/labels';
import { discoverRanks } from '../../core/rankDiscovery';
import { ServerContext } from '../serverContext';

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
    // One list per score, each capped: substring matches are never crowded out by the
    // in-order character matches of files read earlier.
    const byScore: SymbolInformation[][] = [[], []];
    const add = (score: number, symbol: SymbolInformation): void => {
      if (score >= 0 && byScore[score].length < MAX_RESULTS) byScore[score].push(symbol);
    };
    const seen = new Set<string>();
    for (const dir of ctx.logFolders) {
      for (const file of await discoverRanks(dir)) {
        seen.add(file.path);
        let index = indexes.get(file.path);
        if (!index) indexes.set(file.path, (index = new FileIndex(file.path)));
        await index.update();
        const uri = pathToFileURL(file.path).href;
        const container = `rank ${file.rank} · ${path.basename(dir)}`;
        const at = (line: number) => ({ uri, range: { start: { line, character: 0 }, end: { line, character: 0 } } });
        for (const s of index.snapshot().sessions) {
          const name = `Rank ${file.rank} ${sessionLabel(s)}`;
          add(matchScore(params.query, name), { name, kind: SymbolKind.Namespace, location: at(s.startLine), containerName: container });
          for (const r of s.errors) {
            const ename = `Rank ${file.rank}: ${errorLabel(r)}`;
            add(matchScore(params.query, ename), { name: ename, kind: SymbolKind.Event, location: at(r.line), containerName: container });
          }
        }
      }
    }
    // Logs that left the folders are forgotten.
    for (const p of [...indexes.keys()]) if (!seen.has(p)) indexes.delete(p);
    return [...byScore[0], ...byScore[1]].slice(0, MAX_RESULTS);
  });
}
