// Hover: on a record's timestamp, how far into its session it is; on a separator, how the
// previous session went.
import { Hover, MarkupKind } from 'vscode-languageserver';
import { errorCount, sessionStartTime } from '../../core/indexModel';
import { parseRecordLine } from '../../core/logLine';
import { sessionDetail, sessionLabel, sessionVerb } from '../../core/labels';
import { formatDuration, formatTime } from '../../core/timestamps';
import { sessionAtLine } from '../documentIndexes';
import { ServerContext } from '../serverContext';

export function registerHover(ctx: ServerContext): void {
  ctx.connection.onHover(async (params): Promise<Hover | null> => {
    const doc = ctx.documents.get(params.textDocument.uri);
    if (!doc) return null;
    const line = params.position.line;
    const text = doc.getText({ start: { line, character: 0 }, end: { line, character: 4000 } }).replace(/\r?\n$/, '');
    const record = parseRecordLine(text);
    if (!record) return null;
    const index = await ctx.indexFor(doc);
    const sessions = index.scanner.sessions;
    const session = sessionAtLine(sessions, line);
    if (!session) return null;
    const ch = params.position.character;
    if (record.resumeTime !== undefined || record.resumeTimeText !== undefined) {
      const previous = sessions[session.index - 1];
      const lines = [`**${sessionLabel(session)}**`, ''];
      if (previous) {
        const start = sessionStartTime(previous);
        const gap = session.resumeTime !== undefined && previous.lastTime !== undefined ? ` · restarted ${formatDuration(session.resumeTime - previous.lastTime)} after its last record` : '';
        lines.push(`Previous: ${sessionLabel(previous)}`, '', `${sessionDetail(previous)}${gap}`);
        if (start !== undefined && previous.lastTime !== undefined) lines.push('', `Ran ${formatDuration(previous.lastTime - start)}, ${formatTime(start)} to ${formatTime(previous.lastTime)}`);
        if (previous.firstError) lines.push('', `It failed first at line ${previous.firstError.line + 1}:`, '', '```', previous.firstError.exception ?? previous.firstError.message, '```');
        else if (errorCount(previous.counts) === 0) lines.push('', 'No ERROR or CRITICAL records.');
      }
      return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n') }, range: { start: { line, character: 0 }, end: { line, character: text.length } } };
    }
    if (record.timeColumns && record.time !== undefined && ch >= record.timeColumns[0] && ch <= record.timeColumns[1]) {
      const start = sessionStartTime(session);
      if (start === undefined) return null;
      const value = `**+${formatDuration(record.time - start)}** since session ${session.index + 1} ${sessionVerb(session)} ${formatTime(start)}`;
      return { contents: { kind: MarkupKind.Markdown, value }, range: { start: { line, character: record.timeColumns[0] }, end: { line, character: record.timeColumns[1] } } };
    }
    return null;
  });
}
