// What the Job Log list draws, as pure arithmetic (tested without a browser): which rows are in
// view, which window of rows to ask the host for, and where the selection goes on a key.

export const ROW_HEIGHT = 22;

/** Rows [first, last) visible in a viewport scrolled to `scrollTop`, plus `overscan` either side. */
export function visibleRows(scrollTop: number, viewportHeight: number, total: number, overscan = 20): { first: number; last: number } {
  const top = Math.floor(Math.max(0, scrollTop) / ROW_HEIGHT);
  const shown = Math.ceil(Math.max(0, viewportHeight) / ROW_HEIGHT) + 1;
  return { first: Math.max(0, top - overscan), last: Math.min(total, top + shown + overscan) };
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

/** The scrollTop that brings `row` into view (unchanged when it already is). */
export function scrollToShow(row: number, scrollTop: number, viewportHeight: number): number {
  const top = row * ROW_HEIGHT;
  if (top < scrollTop) return top;
  if (top + ROW_HEIGHT > scrollTop + viewportHeight) return top + ROW_HEIGHT - viewportHeight;
  return scrollTop;
}
