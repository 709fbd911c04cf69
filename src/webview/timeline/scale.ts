// The Job Timeline's geometry, apart from the DOM so that mocha tests it: the visible time range
// and how zoom and pan change it, tick marks on the time axis, and the height of each lane (lanes
// that do not fit become a heat strip of thin lanes, the selected ones kept readable).

export interface TimeRange {
  start: number;
  end: number;
}

/** The shortest range a zoom reaches: 10 ms across the canvas. */
export const MIN_SPAN_MS = 10;
/** Lanes thinner than this have no text: a heat strip. */
export const LABEL_LANE_PX = 12;
export const MAX_LANE_PX = 22;

/** The range zoomed by `factor` (< 1 zooms in) around time `at`, kept inside `bounds` when it fits. */
export function zoom(view: TimeRange, factor: number, at: number, bounds: TimeRange): TimeRange {
  const span = view.end - view.start;
  const full = Math.max(MIN_SPAN_MS, bounds.end - bounds.start);
  const next = Math.min(full, Math.max(MIN_SPAN_MS, span * factor));
  const f = span > 0 ? (at - view.start) / span : 0.5;
  return clampRange({ start: at - f * next, end: at - f * next + next }, bounds);
}

/** The range moved by `dt` ms, kept inside `bounds`. */
export function pan(view: TimeRange, dt: number, bounds: TimeRange): TimeRange {
  return clampRange({ start: view.start + dt, end: view.end + dt }, bounds);
}

function clampRange(view: TimeRange, bounds: TimeRange): TimeRange {
  const span = view.end - view.start;
  if (span >= bounds.end - bounds.start) return { start: bounds.start, end: bounds.start + Math.max(span, MIN_SPAN_MS) };
  if (view.start < bounds.start) return { start: bounds.start, end: bounds.start + span };
  if (view.end > bounds.end) return { start: bounds.end - span, end: bounds.end };
  return view;
}

const STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000];

/** Tick times on [start, end] about `minPx` apart on a `width` px axis, and their step. */
export function ticks(view: TimeRange, width: number, minPx = 90): { step: number; times: number[] } {
  const span = view.end - view.start;
  if (!(span > 0) || width <= 0) return { step: 0, times: [] };
  const wanted = (span * minPx) / width;
  const step = STEPS.find((s) => s >= wanted) ?? Math.ceil(wanted / 86_400_000) * 86_400_000;
  const times: number[] = [];
  for (let t = Math.ceil(view.start / step) * step; t <= view.end && times.length < 1000; t += step) times.push(t);
  return { step, times };
}

/** `10:25`, `10:25:30`, `10:25:30.250` as the step needs; naive ms read as UTC fields. */
export function tickLabel(t: number, step: number): string {
  const iso = new Date(t).toISOString();
  if (step < 1000) return iso.slice(11, 23);
  if (step < 60_000) return iso.slice(11, 19);
  if (step < 86_400_000) return iso.slice(11, 16);
  return iso.slice(5, 10);
}

/**
 * The top and height of each lane in `height` px: all at the same height when they fit (up to
 * MAX_LANE_PX), else the `expanded` lanes at LABEL_LANE_PX and the others sharing what is left.
 */
export function laneLayout(count: number, expanded: readonly number[], height: number): { tops: Float64Array; heights: Float64Array } {
  const tops = new Float64Array(count + 1);
  const heights = new Float64Array(count);
  if (count === 0) return { tops, heights };
  const even = Math.min(MAX_LANE_PX, height / count);
  const big = expanded.filter((i) => i >= 0 && i < count);
  const bigSet = new Set(big);
  let small = even;
  let bigPx = even;
  if (even < LABEL_LANE_PX && big.length > 0 && big.length < count) {
    bigPx = Math.min(LABEL_LANE_PX, height / (big.length + 1));
    small = Math.max(0, (height - bigPx * bigSet.size) / (count - bigSet.size));
  }
  let y = 0;
  for (let i = 0; i < count; i++) {
    tops[i] = y;
    heights[i] = bigSet.has(i) ? bigPx : small;
    y += heights[i];
  }
  tops[count] = y;
  return { tops, heights };
}

/** The lane at `y`, or -1 (a binary search of the tops). */
export function laneAt(tops: Float64Array, y: number): number {
  const count = tops.length - 1;
  if (count <= 0 || y < 0 || y >= tops[count]) return -1;
  let lo = 0;
  let hi = count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (tops[mid] <= y) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** What a key does in the timeline: move the active lane or mark, zoom, show the whole job, or Enter. */
export type KeyAction = { move: [lane: number, mark: number] } | { zoom: number } | { whole: true } | { enter: true };

/** The action of `key` with `lanes` lanes, the active lane holding `marks` marks; undefined: not ours. */
export function keyAction(key: string, lanes: number, lane: number, mark: number, marks: number): KeyAction | undefined {
  switch (key) {
    case 'ArrowDown':
      return { move: [Math.min(lanes - 1, lane + 1), -1] };
    case 'ArrowUp':
      return { move: [Math.max(0, lane - 1), -1] };
    case 'Home':
      return { move: [0, -1] };
    case 'End':
      return { move: [lanes - 1, -1] };
    case 'ArrowRight':
      return { move: [lane, marks ? Math.min(marks - 1, mark + 1) : mark] };
    case 'ArrowLeft':
      return { move: [lane, Math.max(-1, mark - 1)] };
    case 'Enter':
      return { enter: true };
    case '+':
    case '=':
      return { zoom: 0.5 };
    case '-':
    case '_':
      return { zoom: 2 };
    case '0':
      return { whole: true };
    default:
      return undefined;
  }
}
