// Outline, breadcrumbs and sticky scroll follow sessions; ERROR/CRITICAL records are children.
import { DocumentSymbol, SymbolKind } from 'vscode-languageserver';
import { Session, sessionHasLines } from '../../core/indexModel';
import { errorLabel, errorWhere, sessionDetail, sessionLabel, sessionStartDate } from '../../core/labels';
import { lastLineOf } from '../documentIndexes';
import { ServerContext } from '../serverContext';

const END_OF_LINE = 100_000;

export function documentSymbols(sessions: readonly Session[], lastLine: number): DocumentSymbol[] {
  return sessions
    .filter(sessionHasLines)
    .map((s) => {
      const end = Math.max(s.startLine, Math.min(s.endLine, lastLine));
      return {
        name: sessionLabel(s),
        detail: [sessionDetail(s), sessionStartDate(s)].filter(Boolean).join(' · '),
        kind: SymbolKind.Namespace,
        range: { start: { line: s.startLine, character: 0 }, end: { line: end, character: END_OF_LINE } },
        selectionRange: { start: { line: s.startLine, character: 0 }, end: { line: s.startLine, character: END_OF_LINE } },
        children: s.errors.map((r) => ({
          name: errorLabel(r),
          detail: `${r.level} · ${errorWhere(r)}`,
          kind: SymbolKind.Event,
          range: { start: { line: r.line, character: 0 }, end: { line: Math.min(r.line + r.lineCount - 1, end), character: END_OF_LINE } },
          selectionRange: { start: { line: r.line, character: 0 }, end: { line: r.line, character: END_OF_LINE } },
        })),
      };
    });
}

export function registerDocumentSymbols(ctx: ServerContext): void {
  ctx.connection.onDocumentSymbol(async (params) => {
    const doc = ctx.documents.get(params.textDocument.uri);
    if (!doc) return [];
    const index = await ctx.indexFor(doc);
    return documentSymbols(index.scanner.sessions, lastLineOf(index));
  });
}
