// The index of each open worker-log document. When a change only appended (a live log), just
// the appended text is scanned (LogDocument hands it over without building the whole text);
// any other edit, or other index options, rebuild it.
import { Session } from '../core/indexModel';
import { LogScanner } from '../core/logScanner';
import { LogDocument } from './logDocument';

export interface DocumentIndex {
  readonly uri: string;
  readonly version: number;
  readonly scanner: LogScanner;
  /** Characters of the text scanned so far. */
  readonly length: number;
  /** The options it was built with (every one of them shapes the index). */
  readonly options: IndexOptions;
}

interface Entry extends DocumentIndex {
  /** The document's rewrite count when this index began: another count means start over. */
  rewrites: number;
}

export interface IndexOptions {
  maxErrorsPerSession: number;
  storeWarnings: boolean;
}

function sameOptions(a: IndexOptions, b: IndexOptions): boolean {
  return a.maxErrorsPerSession === b.maxErrorsPerSession && a.storeWarnings === b.storeWarnings;
}

export class DocumentIndexes {
  private readonly entries = new Map<string, Entry>();

  get(doc: LogDocument, options: IndexOptions): DocumentIndex {
    const old = this.entries.get(doc.uri);
    const appended = old !== undefined && sameOptions(old.options, options) && old.rewrites === doc.rewrites && doc.length >= old.length;
    if (appended && old.version === doc.version) return old;
    let entry: Entry;
    if (appended) {
      old.scanner.push(Buffer.from(doc.appendedSince(old.length), 'utf8'));
      entry = { ...old, version: doc.version, length: doc.length };
    } else {
      const scanner = new LogScanner({ maxErrorsPerSession: options.maxErrorsPerSession, collectMultilineRecords: true, storeWarnings: options.storeWarnings });
      scanner.push(Buffer.from(doc.getText(), 'utf8'));
      entry = { uri: doc.uri, version: doc.version, scanner, length: doc.length, options: { ...options }, rewrites: doc.rewrites };
    }
    this.entries.set(doc.uri, entry);
    return entry;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
  }

  clear(): void {
    this.entries.clear();
  }
}

/** The session that holds `line` (sessions are sorted by start line). */
export function sessionAtLine(sessions: readonly Session[], line: number): Session | undefined {
  let lo = 0;
  let hi = sessions.length - 1;
  let found: Session | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sessions[mid].startLine <= line) {
      found = sessions[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * The document's last line, from the index (TextDocument.lineCount would scan a big text
 * once more). A partial last line, not yet counted by the scanner, counts here.
 */
export function lastLineOf(index: DocumentIndex): number {
  return Math.max(0, index.scanner.lines - 1 + (index.scanner.pendingBytes > 0 ? 1 : 0));
}
