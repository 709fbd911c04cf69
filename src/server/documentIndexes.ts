// The index of each open worker-log document, kept from its text. When a change only appends
// (a live log reloaded from disk), just the new tail is scanned; anything else rebuilds.
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Session } from '../core/indexModel';
import { LogScanner } from '../core/logScanner';

const TAIL_CHECK = 256;

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
  tail: string;
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

  get(doc: TextDocument, options: IndexOptions): DocumentIndex {
    const text = doc.getText();
    const old = this.entries.get(doc.uri);
    const reusable = old !== undefined && sameOptions(old.options, options);
    if (reusable && old.version === doc.version) return old;
    const appended =
      reusable &&
      text.length >= old.length &&
      text.slice(Math.max(0, old.length - TAIL_CHECK), old.length) === old.tail;
    let entry: Entry;
    if (appended) {
      old.scanner.push(Buffer.from(text.slice(old.length), 'utf8'));
      entry = { ...old, version: doc.version, length: text.length, tail: text.slice(Math.max(0, text.length - TAIL_CHECK)) };
    } else {
      const scanner = new LogScanner({ maxErrorsPerSession: options.maxErrorsPerSession, collectMultilineRecords: true, storeWarnings: options.storeWarnings });
      scanner.push(Buffer.from(text, 'utf8'));
      entry = { uri: doc.uri, version: doc.version, scanner, length: text.length, tail: text.slice(Math.max(0, text.length - TAIL_CHECK)), options: { ...options } };
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
