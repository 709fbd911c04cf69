// ERROR and CRITICAL records (and WARNING ones when asked) as diagnostics, with the traceback's
// exception line in the message; recomputed, debounced, when a document changes.
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver';
import { LogDocument } from '../logDocument';
import { ErrorRecord } from '../../core/indexModel';
import { formatTime } from '../../core/timestamps';
import { ServerContext } from '../serverContext';

export const DIAGNOSTIC_SOURCE = 'worker-log';
const DEBOUNCE_MS = 150;

function toDiagnostic(r: ErrorRecord, severity: DiagnosticSeverity): Diagnostic {
  const when = r.time !== undefined ? ` (${formatTime(r.time, true)})` : '';
  return {
    range: { start: { line: r.line, character: 0 }, end: { line: r.line, character: 100_000 } },
    severity,
    source: DIAGNOSTIC_SOURCE,
    code: r.level,
    message: `${r.message}${r.exception ? `\n${r.exception}` : ''}${when}`,
  };
}

export async function computeDiagnostics(ctx: ServerContext, doc: LogDocument): Promise<Diagnostic[]> {
  const settings = await ctx.settings.forDocument(doc.uri);
  const index = await ctx.indexFor(doc);
  const max = settings.diagnostics.maxPerFile;
  const out: Diagnostic[] = [];
  let omitted = 0;
  for (const s of index.scanner.sessions) {
    const records: [ErrorRecord, DiagnosticSeverity][] = s.errors.map((r) => [r, DiagnosticSeverity.Error]);
    if (settings.diagnostics.minLevel === 'warning') for (const w of s.warnings ?? []) records.push([w, DiagnosticSeverity.Warning]);
    records.sort((a, b) => a[0].line - b[0].line);
    for (const [r, sev] of records) {
      if (out.length < max) out.push(toDiagnostic(r, sev));
      else omitted++;
    }
    omitted += s.errorsOmitted;
    // Warnings are stored up to the same cap; the rest are only counted.
    if (settings.diagnostics.minLevel === 'warning') omitted += s.counts.WARNING - (s.warnings?.length ?? 0);
  }
  if (omitted > 0) {
    out.push({
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 100_000 } },
      severity: DiagnosticSeverity.Information,
      source: DIAGNOSTIC_SOURCE,
      message: `${omitted} more records are not listed (workerLogs.diagnostics.maxPerFile is ${max}).`,
    });
  }
  return out;
}

export interface DiagnosticsFeature {
  /** Computes and publishes every open document's diagnostics again (settings changed). */
  republishAll(): void;
}

export function registerDiagnostics(ctx: ServerContext): DiagnosticsFeature {
  const timers = new Map<string, NodeJS.Timeout>();
  const publish = async (uri: string): Promise<void> => {
    const doc = ctx.documents.get(uri);
    if (!doc) return;
    const diagnostics = await computeDiagnostics(ctx, doc);
    // The document may have closed while we computed.
    if (ctx.documents.get(uri)) await ctx.connection.sendDiagnostics({ uri, version: doc.version, diagnostics });
  };
  const schedule = (uri: string, delay: number): void => {
    clearTimeout(timers.get(uri));
    timers.set(
      uri,
      setTimeout(() => {
        timers.delete(uri);
        void publish(uri).catch((e) => ctx.logError(`diagnostics for ${uri}: ${e}`));
      }, delay),
    );
  };
  ctx.documents.onDidOpen((e) => schedule(e.document.uri, 0));
  ctx.documents.onDidChangeContent((e) => schedule(e.document.uri, DEBOUNCE_MS));
  ctx.documents.onDidClose((e) => {
    clearTimeout(timers.get(e.document.uri));
    timers.delete(e.document.uri);
    ctx.connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] }).catch((err) => ctx.logError(`clearing diagnostics of ${e.document.uri}: ${err}`));
  });
  return {
    republishAll: () => {
      for (const doc of ctx.documents.all()) schedule(doc.uri, 0);
    },
  };
}
