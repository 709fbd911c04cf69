// Outline, breadcrumbs and sticky scroll follow sessions; ERROR/CRITICAL records are children.
import { DocumentSymbol, SymbolKind } from 'vscode-languageserver';
import { errorCount, Session, sessionHasLines } from '../../core/indexModel';
import { plural } from '../../core/wording';
import { errorLabel, errorWhere, sessionDetail, sessionLabel, sessionStartDate } from '../../core/labels';
import { lastLineOf } from '../documentIndexes';
import { ServerContext } from '../serverContext';

const END_OF_LINE = 100_000;

/** The outline as a whole stays small: 1,000 sessions x 1,000 errors once made a 270 MB answer. */
export const MAX_SESSION_SYMBOLS = 2000;
export const MAX_ERROR_SYMBOLS = 2000;

function lineRange(start: number, end: number): DocumentSymbol['range'] {
  return { start: { line: start, character: 0 }, end: { line: end, character: END_OF_LINE } };
}

/** An "N more" entry where the outline is cut, at the line of the first one left out. */
function moreSymbol(text: string, line: number): DocumentSymbol {
  return { name: text, kind: SymbolKind.Null, range: lineRange(line, line), selectionRange: lineRange(line, line) };
}

export function documentSymbols(sessions: readonly Session[], lastLine: number): DocumentSymbol[] {
  const shown = sessions.filter(sessionHasLines);
  let errorRoom = MAX_ERROR_SYMBOLS;
  const out: DocumentSymbol[] = shown.slice(0, MAX_SESSION_SYMBOLS).map((s) => {
    const end = Math.max(s.startLine, Math.min(s.endLine, lastLine));
    const listed = s.errors.slice(0, errorRoom);
    errorRoom -= listed.length;
    const children: DocumentSymbol[] = listed.map((r) => ({
      name: errorLabel(r),
      detail: `${r.level} · ${errorWhere(r)}`,
      kind: SymbolKind.Event,
      range: lineRange(r.line, Math.min(r.line + r.lineCount - 1, end)),
      selectionRange: lineRange(r.line, r.line),
    }));
    const unlisted = errorCount(s.counts) - listed.length;
    if (unlisted > 0) children.push(moreSymbol(`${plural(unlisted, 'more error')} (the outline lists ${MAX_ERROR_SYMBOLS.toLocaleString()} at most)`, s.errors[listed.length]?.line ?? s.startLine));
    return { name: sessionLabel(s), detail: [sessionDetail(s), sessionStartDate(s)].filter(Boolean).join(' · '), kind: SymbolKind.Namespace, range: lineRange(s.startLine, end), selectionRange: lineRange(s.startLine, s.startLine), children };
  });
  if (shown.length > MAX_SESSION_SYMBOLS) {
    const next = shown[MAX_SESSION_SYMBOLS];
    out.push(moreSymbol(`${plural(shown.length - MAX_SESSION_SYMBOLS, 'more session')} (the outline lists ${MAX_SESSION_SYMBOLS.toLocaleString()} at most)`, next.startLine));
  }
  return out;
}

export function registerDocumentSymbols(ctx: ServerContext): void {
  ctx.connection.onDocumentSymbol(async (params) => {
    const doc = ctx.documents.get(params.textDocument.uri);
    if (!doc) return [];
    const index = await ctx.indexFor(doc);
    return documentSymbols(index.scanner.sessions, lastLineOf(index));
  });
}
