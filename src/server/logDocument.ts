// The server's text document for logs. An open rank log grows by appends; the stock
// TextDocument rebuilds one whole string per change and our index then re-read it (215 ms per
// append on a 40 MB log). Here an append costs what it adds: the text is kept in pieces with
// its line starts, and `appendedSince` hands the indexer only the new text. Any other edit
// rebuilds the document (and counts as a rewrite, so indexes start over).
import { Position, Range, TextDocumentContentChangeEvent } from 'vscode-languageserver';

const LF = 10;
const CR = 13;
/** Pieces kept before they are joined into one (random access stays a short search). */
const MAX_PIECES = 4096;

/** The index of the last value at or before `x` in an ascending list starting at or before it. */
function lastAtOrBefore(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sorted[mid] <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export class LogDocument {
  private pieces: string[] = [];
  /** Offset of each piece's first character. */
  private pieceStarts: number[] = [];
  private size = 0;
  /** Offset of each line's first character (line breaks: \n, \r\n, \r, as in the LSP). */
  private lineStarts: number[] = [0];
  private rewriteCount = 0;

  constructor(
    readonly uri: string,
    readonly languageId: string,
    public version: number,
    content: string,
  ) {
    this.append(content);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** Bumped by every edit that is not an append at the end. */
  get rewrites(): number {
    return this.rewriteCount;
  }

  get length(): number {
    return this.size;
  }

  getText(range?: Range): string {
    if (!range) {
      this.join();
      return this.pieces[0] ?? '';
    }
    return this.slice(this.offsetAt(range.start), this.offsetAt(range.end));
  }

  /** The text from `offset` to the end: what was appended since the document was that long. */
  appendedSince(offset: number): string {
    return this.slice(offset, this.size);
  }

  positionAt(offset: number): Position {
    offset = Math.max(0, Math.min(offset, this.size));
    const lo = lastAtOrBefore(this.lineStarts, offset);
    return { line: lo, character: this.beforeLineBreak(offset, this.lineStarts[lo]) - this.lineStarts[lo] };
  }

  offsetAt(position: Position): number {
    if (position.line >= this.lineStarts.length) return this.size;
    if (position.line < 0) return 0;
    const start = this.lineStarts[position.line];
    if (position.character <= 0) return start;
    const next = position.line + 1 < this.lineStarts.length ? this.lineStarts[position.line + 1] : this.size;
    return this.beforeLineBreak(Math.min(start + position.character, next), start);
  }

  /** Like the stock TextDocument: a position never falls on or inside a line break. */
  private beforeLineBreak(offset: number, lineStart: number): number {
    while (offset > lineStart) {
      const c = this.charCodeAt(offset - 1);
      if (c !== LF && c !== CR) break;
      offset--;
    }
    return offset;
  }

  private charCodeAt(offset: number): number {
    const k = this.pieceAt(offset);
    return this.pieces[k].charCodeAt(offset - this.pieceStarts[k]);
  }

  /** The piece holding `offset`. */
  private pieceAt(offset: number): number {
    return lastAtOrBefore(this.pieceStarts, offset);
  }

  update(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    for (const change of changes) {
      if (!('range' in change)) {
        this.reset(change.text);
        continue;
      }
      const start = this.offsetAt(change.range.start);
      const end = this.offsetAt(change.range.end);
      if (start === this.size && end === this.size) this.append(change.text);
      else {
        const text = this.getText();
        this.reset(text.slice(0, start) + change.text + text.slice(end));
      }
    }
    this.version = version;
  }

  private reset(text: string): void {
    this.pieces = [];
    this.pieceStarts = [];
    this.size = 0;
    this.lineStarts = [0];
    this.rewriteCount++;
    this.append(text);
  }

  private append(text: string): void {
    if (text.length === 0) return;
    const base = this.size;
    const last = this.lastChar();
    // "\r" then "\n" in the next piece is one line break: its line starts after the "\n".
    let i = 0;
    if (last === CR && text.charCodeAt(0) === LF) {
      this.lineStarts[this.lineStarts.length - 1] = base + 1;
      i = 1;
    }
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === LF) this.lineStarts.push(base + i + 1);
      else if (c === CR) {
        if (i + 1 < text.length && text.charCodeAt(i + 1) === LF) i++;
        this.lineStarts.push(base + i + 1);
      }
    }
    this.pieces.push(text);
    this.pieceStarts.push(base);
    this.size += text.length;
    if (this.pieces.length > MAX_PIECES) this.join();
  }

  private lastChar(): number {
    const piece = this.pieces[this.pieces.length - 1];
    return piece ? piece.charCodeAt(piece.length - 1) : -1;
  }

  private join(): void {
    if (this.pieces.length <= 1) return;
    this.pieces = [this.pieces.join('')];
    this.pieceStarts = [0];
  }

  private slice(start: number, end: number): string {
    if (start >= end) return '';
    let out = '';
    for (let k = this.pieceAt(start); k < this.pieces.length && this.pieceStarts[k] < end; k++) {
      const ps = this.pieceStarts[k];
      out += this.pieces[k].slice(Math.max(0, start - ps), Math.min(this.pieces[k].length, end - ps));
    }
    return out;
  }
}

/** For `new TextDocuments(...)`: the server's documents are LogDocuments. */
export const LOG_DOCUMENTS = {
  create: (uri: string, languageId: string, version: number, content: string): LogDocument => new LogDocument(uri, languageId, version, content),
  update: (document: LogDocument, changes: TextDocumentContentChangeEvent[], version: number): LogDocument => {
    document.update(changes, version);
    return document;
  },
};
