// What the Job Log list draws, as pure arithmetic (tested without a browser): where each row
// is (rows opened to show their traceback are taller), which rows are in view, which window
// of rows to ask the host for, and where the selection goes on a key.
//
// Browsers cap an element's height (about 33 million pixels in Chromium), and 8 million rows
// of 22 pixels are 176 million: past `MAX_SCROLL_PX` the scrollbar is scaled, so the scroll
// position maps to a position in the real list and the rows are drawn relative to it.

export const ROW_HEIGHT = 22;
export const MAX_SCROLL_PX = 10_000_000;

export class RowLayout {
  /** Opened rows, ascending, and the lines each adds below its own. */
  private opened: number[] = [];
  private readonly extra = new Map<number, number>();

  constructor(public total = 0) {}

  isOpen(row: number): boolean {
    return this.extra.has(row);
  }

  open(row: number, lines: number): void {
    if (lines <= 0) return this.close(row);
    if (!this.extra.has(row)) this.opened = [...this.opened, row].sort((a, b) => a - b);
    this.extra.set(row, lines);
  }

  close(row: number): void {
    if (!this.extra.delete(row)) return;
    this.opened = this.opened.filter((r) => r !== row);
  }

  clear(): void {
    this.opened = [];
    this.extra.clear();
  }

  /** Lines (of ROW_HEIGHT) before `row`. */
  private linesBefore(row: number): number {
    let lines = row;
    for (const r of this.opened) {
      if (r >= row) break;
      lines += this.extra.get(r)!;
    }
    return lines;
  }

  /** Top of `row` in the real (unscaled) list. */
  top(row: number): number {
    return this.linesBefore(row) * ROW_HEIGHT;
  }

  height(row: number): number {
    return (1 + (this.extra.get(row) ?? 0)) * ROW_HEIGHT;
  }

  realHeight(): number {
    return this.linesBefore(this.total) * ROW_HEIGHT;
  }

  /** The height of the scrolled element: the real one, or the cap. */
  scrollHeight(): number {
    return Math.min(this.realHeight(), MAX_SCROLL_PX);
  }

  /** The real position shown at the top of a viewport scrolled to `scrollTop`. */
  realScroll(scrollTop: number, viewport: number): number {
    const real = this.realHeight();
    const virtual = this.scrollHeight();
    if (real === virtual || virtual <= viewport) return scrollTop;
    return (Math.max(0, scrollTop) * (real - viewport)) / (virtual - viewport);
  }

  /** The scrollTop that puts real position `real` at the top of the viewport. */
  scrollFor(real: number, viewport: number): number {
    const realHeight = this.realHeight();
    const virtual = this.scrollHeight();
    if (realHeight === virtual || virtual <= viewport) return real;
    return (real * (virtual - viewport)) / (realHeight - viewport);
  }

  /** The row at real position `y`. */
  rowAt(y: number): number {
    const line = Math.floor(Math.max(0, y) / ROW_HEIGHT);
    let offset = 0;
    for (const r of this.opened) {
      if (line < r + offset) break;
      if (line <= r + offset + this.extra.get(r)!) return r;
      offset += this.extra.get(r)!;
    }
    return Math.min(Math.max(0, this.total - 1), line - offset);
  }

  /** Rows [first, last) in a viewport scrolled to `scrollTop`, plus `overscan` either side. */
  visibleRows(scrollTop: number, viewport: number, overscan = 20): { first: number; last: number } {
    if (this.total === 0) return { first: 0, last: 0 };
    const real = this.realScroll(scrollTop, viewport);
    const top = this.rowAt(real);
    const bottom = this.rowAt(real + Math.max(0, viewport));
    return { first: Math.max(0, top - overscan), last: Math.min(this.total, bottom + 1 + overscan) };
  }

  /** The scrollTop that brings `row` whole into view (unchanged when it already is). */
  scrollToShow(row: number, scrollTop: number, viewport: number): number {
    const real = this.realScroll(scrollTop, viewport);
    const top = this.top(row);
    const height = Math.min(this.height(row), viewport);
    if (top < real) return this.scrollFor(top, viewport);
    if (top + height > real + viewport) return this.scrollFor(top + height - viewport, viewport);
    return scrollTop;
  }
}

/** The window to ask for so that [first, last) is covered, in blocks (so scrolling reuses answers). */
export function windowFor(first: number, last: number, block = 200): { start: number; count: number } {
  const start = Math.floor(first / block) * block;
  const end = Math.ceil(Math.max(last, first + 1) / block) * block;
  return { start, count: end - start };
}

/** The row a navigation key moves the selection to, or undefined for other keys. */
export function nextSelection(key: string, current: number, total: number, pageRows: number): number | undefined {
  if (total === 0) return undefined;
  const clamp = (r: number): number => Math.max(0, Math.min(total - 1, r));
  switch (key) {
    case 'ArrowDown':
      return clamp(current + 1);
    case 'ArrowUp':
      return clamp(current - 1);
    case 'PageDown':
      return clamp(current + Math.max(1, pageRows - 1));
    case 'PageUp':
      return clamp(current - Math.max(1, pageRows - 1));
    case 'Home':
      return 0;
    case 'End':
      return total - 1;
    default:
      return undefined;
  }
}
