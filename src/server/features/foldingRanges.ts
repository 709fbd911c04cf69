// Folding: each session, and each record with continuation lines (tracebacks, long messages).
import { FoldingRange, FoldingRangeKind } from 'vscode-languageserver';
import { lastLineOf } from '../documentIndexes';
import { ServerContext } from '../serverContext';

const MAX_RANGES = 20_000;

export function registerFoldingRanges(ctx: ServerContext): void {
  ctx.connection.onFoldingRanges(async (params) => {
    const doc = ctx.documents.get(params.textDocument.uri);
    if (!doc) return [];
    const index = await ctx.indexFor(doc);
    const lastLine = lastLineOf(index);
    const ranges: FoldingRange[] = [];
    for (const s of index.scanner.sessions) {
      const end = Math.min(s.endLine, lastLine);
      if (end > s.startLine) ranges.push({ startLine: s.startLine, endLine: end, kind: FoldingRangeKind.Region, collapsedText: undefined });
    }
    for (const [start, end] of index.scanner.multilineRecords()) {
      if (ranges.length >= MAX_RANGES) break;
      if (end > start) ranges.push({ startLine: start, endLine: Math.min(end, lastLine) });
    }
    return ranges;
  });
}
