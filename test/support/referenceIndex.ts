// A deliberately naive line-by-line reader of the log format, written independently of the
// core's byte scanner, used as the reference the core must agree with.

const HEADER = /^(?:(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3}) - )?Worker (\d+) - (.+?) - ([A-Z][A-Z0-9_]*|Level \d+) -(?: (.*))?$/;
const RESUME = /^=== Resume at (.+) ===$/;

export interface ReferenceSession {
  startLine: number;
  counts: Record<string, number>;
  records: number;
  errorLines: number[];
}

export interface ReferenceIndex {
  lines: number;
  records: number;
  sessions: ReferenceSession[];
}

export function referenceIndex(text: string): ReferenceIndex {
  const parts = text.split('\n');
  parts.pop(); // the text after the last newline is not a complete line
  const sessions: ReferenceSession[] = [{ startLine: 0, counts: {}, records: 0, errorLines: [] }];
  let records = 0;
  parts.forEach((raw, lineNo) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const m = HEADER.exec(line);
    if (!m) return;
    records++;
    const message = m[5] ?? '';
    if (RESUME.test(message)) {
      const cur = sessions[sessions.length - 1];
      if (!(sessions.length === 1 && cur.records === 0 && cur.startLine === lineNo)) {
        sessions.push({ startLine: lineNo, counts: {}, records: 0, errorLines: [] });
      }
    }
    const s = sessions[sessions.length - 1];
    s.records++;
    s.counts[m[4]] = (s.counts[m[4]] ?? 0) + 1;
    if (m[4] === 'ERROR' || m[4] === 'CRITICAL' || m[4] === 'FATAL') s.errorLines.push(lineNo);
  });
  return { lines: parts.length, records, sessions };
}
