// Outline, breadcrumbs and sticky scroll follow sessions; ERROR/CRITICAL records are children.
import { DocumentSymbol, SymbolKind } from 'vscode-languageserver';
import { errorCount, Session, sessionHasLines, sessionStartTime } from '../../core/indexModel';
import { errorLabel } from '../../core/workerTreeModel';
import { formatDuration, formatTime } from '../../core/timestamps';
import { plural } from '../../core/wording';
import { lastLineOf } from '../documentIndexes';
import { ServerContext } from '../serverContext';

const END_OF_LINE = 100_000;

export function sessionName(s: Session): string {
  if (s.resumeTime !== undefined) return `Session ${s.index + 1} · resumed ${formatTime(s.resumeTime)}`;
  if (s.firstTime !== undefined) return `Session ${s.index + 1} · started ${formatTime(s.firstTime)}`;
  return `Session ${s.index + 1}`;
}

export function sessionDetail(s: Session): string {
  const parts = [`${s.records} records`];
  const start = sessionStartTime(s);
  if (start !== undefined && s.lastTime !== undefined) parts.unshift(formatDuration(s.lastTime - start));
  const errors = errorCount(s.counts);
  if (errors) parts.push(plural(errors, 'error'));
  if (s.counts.WARNING) parts.push(plural(s.counts.WARNING, 'warning'));
  return parts.join(' · ');
}

export function documentSymbols(sessions: readonly Session[], lastLine: number): DocumentSymbol[] {
  return sessions
    .filter(sessionHasLines)
    .map((s) => {
      const end = Math.max(s.startLine, Math.min(s.endLine, lastLine));
      return {
        name: sessionName(s),
        detail: sessionDetail(s),
        kind: SymbolKind.Namespace,
        range: { start: { line: s.startLine, character: 0 }, end: { line: end, character: END_OF_LINE } },
        selectionRange: { start: { line: s.startLine, character: 0 }, end: { line: s.startLine, character: END_OF_LINE } },
        children: s.errors.map((r) => ({
          name: errorLabel(r),
          detail: `${r.level} · line ${r.line + 1}${r.time !== undefined ? ` · ${formatTime(r.time, true)}` : ''}`,
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
