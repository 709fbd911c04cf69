// A reference record reader: the whole file in memory, split at "\n", grouped by a regular
// expression written apart from the core's byte classifier.
import { LogRecord } from '../../src/core/recordReader';
import { parseAsctime } from '../../src/core/timestamps';

const HEADER = /^(?:(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3}) - )?Worker (\d+) - (.+?) - ([A-Z][A-Z0-9_]*|Level \d+) -(?: (.*))?$/;
const RESUME = /^=== Resume at (.+) ===$/;

export interface RefLine {
  text: string;
  offset: number;
  endOffset: number;
  cut: boolean;
  terminated: boolean;
}

export function refLines(bytes: Buffer, maxLine: number): RefLine[] {
  const out: RefLine[] = [];
  let at = 0;
  while (at < bytes.length) {
    const nl = bytes.indexOf(10, at);
    const terminated = nl >= 0;
    const contentEnd = terminated ? nl : bytes.length;
    const cut = contentEnd - at > maxLine;
    let raw = bytes.subarray(at, cut ? at + maxLine : contentEnd);
    if (!cut && raw.length > 0 && raw[raw.length - 1] === 13) raw = raw.subarray(0, raw.length - 1);
    out.push({ text: raw.toString('utf8'), offset: at, endOffset: terminated ? nl + 1 : bytes.length, cut, terminated });
    at = terminated ? nl + 1 : bytes.length;
  }
  return out;
}

export function referenceRecords(bytes: Buffer, maxLine: number, maxCont: number): LogRecord[] {
  const records: LogRecord[] = [];
  let current: LogRecord | undefined;
  refLines(bytes, maxLine).forEach((l, lineNo) => {
    const m = HEADER.exec(l.text);
    const headless = l.text.startsWith('Fatal Python error: ') ? 'FATAL' : /^((Current thread|Thread) 0x[0-9a-fA-F]+|Stack) \(most recent call first\):$/.test(l.text) ? 'STACK' : undefined;
    if (!m && headless) {
      current = { offset: l.offset, endOffset: l.endOffset, line: lineNo, lineCount: 1, hasHeader: false, level: headless, logger: '', message: l.text, continuation: [], continuationOmitted: 0, truncated: l.cut, partial: !l.terminated };
      records.push(current);
    } else if (m) {
      current = {
        offset: l.offset,
        endOffset: l.endOffset,
        line: lineNo,
        lineCount: 1,
        hasHeader: true,
        rank: Number(m[2]),
        time: m[1] ? parseAsctime(m[1]) : undefined,
        level: m[4],
        logger: m[3],
        message: m[5] ?? '',
        continuation: [],
        continuationOmitted: 0,
        truncated: l.cut,
        partial: !l.terminated,
      };
      const resume = RESUME.exec(m[5] ?? '');
      if (resume) {
        current.resumeTimeText = resume[1];
        current.resumeTime = parseAsctime(resume[1]);
      }
      if (current.time === undefined) delete current.time;
      records.push(current);
    } else if (current) {
      current.lineCount++;
      current.endOffset = l.endOffset;
      current.partial = !l.terminated;
      current.truncated ||= l.cut;
      if (current.continuation.length < maxCont) current.continuation.push(l.text);
      else current.continuationOmitted++;
    } else {
      records.push({ offset: l.offset, endOffset: l.endOffset, line: lineNo, lineCount: 1, hasHeader: false, level: '', logger: '', message: l.text, continuation: [], continuationOmitted: 0, truncated: l.cut, partial: !l.terminated });
    }
  });
  return records;
}

