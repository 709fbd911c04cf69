// Draws the Job Timeline on its canvas: attempts as bands, the histogram of records by level,
// the time axis, then every lane. Shapes of one colour go into one path and are filled at once,
// so that 1,024 lanes cost a few dozen fills per frame, not thousands.
import { addBuckets, histogram, LEVELS, TimelineData, TimelineLane, TimelineMark, TimelineSessionState } from '../../shared/timelineModel';
import { LABEL_LANE_PX, tickLabel, ticks, TimeRange } from './scale';

export const LABEL_W = 70;
export const HIST_H = 46;
export const AXIS_H = 18;
export const RIGHT_PAD = 10;
/** Pixels per histogram bucket (and per warning-density cell). */
const BUCKET_PX = 4;
/** Lanes at least this tall show warning density. */
const DENSITY_LANE_PX = 6;

export type Colors = Record<'fg' | 'muted' | 'bg' | 'focus' | TimelineSessionState | 'warning' | 'dump' | 'debug' | 'info' | 'band' | 'grid', string> & { ranks: string[] };

function cssVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
  return style.getPropertyValue(name).trim() || fallback;
}

/** The workbench's colours (CSS variables of the theme); read again when the theme changes. */
export function readColors(): Colors {
  const s = getComputedStyle(document.body);
  const fg = cssVar(s, '--vscode-foreground', '#cccccc');
  return {
    fg,
    muted: cssVar(s, '--vscode-descriptionForeground', '#999999'),
    bg: cssVar(s, '--vscode-editor-background', '#1e1e1e'),
    focus: cssVar(s, '--vscode-focusBorder', '#007fd4'),
    finished: cssVar(s, '--vscode-charts-green', '#89d185'),
    failed: cssVar(s, '--vscode-charts-red', '#f14c4c'),
    stopped: cssVar(s, '--vscode-disabledForeground', '#888888'),
    ended: cssVar(s, '--vscode-descriptionForeground', '#999999'),
    running: cssVar(s, '--vscode-charts-blue', '#3794ff'),
    stalled: cssVar(s, '--vscode-charts-orange', '#d18616'),
    warning: cssVar(s, '--vscode-charts-yellow', '#cca700'),
    dump: cssVar(s, '--vscode-charts-purple', '#b180d7'),
    debug: cssVar(s, '--vscode-disabledForeground', '#777777'),
    info: cssVar(s, '--vscode-charts-blue', '#3794ff'),
    band: cssVar(s, '--vscode-editor-inactiveSelectionBackground', 'rgba(128,128,128,0.12)'),
    grid: cssVar(s, '--vscode-editorRuler-foreground', 'rgba(128,128,128,0.3)'),
    ranks: ['ansiBlue', 'ansiGreen', 'ansiMagenta', 'ansiCyan', 'ansiYellow', 'ansiBrightBlue', 'ansiBrightGreen', 'ansiBrightMagenta'].map((n) => cssVar(s, `--vscode-terminal-${n}`, fg)),
  };
}

export interface PaintInput {
  width: number;
  height: number;
  data: TimelineData;
  view: TimeRange;
  tops: Float64Array;
  heights: Float64Array;
  /** The whole job's summed points (sumPoints), for the histogram when no rank is picked. */
  jobPoints: ArrayLike<number>;
  /** Ranks picked (their lanes kept readable, the histogram of them only); empty: every rank. */
  picked: ReadonlySet<number>;
  activeLane: number;
  activeMark: number;
  /** The lanes have the keyboard focus: the active lane is outlined. */
  focused: boolean;
  colors: Colors;
  font: string;
  /** A range being dragged on the histogram, in canvas px. */
  range?: { x0: number; x1: number };
}

export const lanesTop = HIST_H + AXIS_H;

export function plotWidth(width: number): number {
  return Math.max(10, width - LABEL_W - RIGHT_PAD);
}

export function xOf(t: number, view: TimeRange, width: number): number {
  return LABEL_W + ((t - view.start) / (view.end - view.start)) * plotWidth(width);
}

export function timeAt(x: number, view: TimeRange, width: number): number {
  return view.start + ((x - LABEL_W) / plotWidth(width)) * (view.end - view.start);
}

/** The stretch of time the histogram's bar under `x` counts (`paintTimeline`'s buckets). */
export function barAt(x: number, view: TimeRange, width: number): TimeRange {
  const buckets = Math.max(1, Math.floor(plotWidth(width) / BUCKET_PX));
  const span = (view.end - view.start) / buckets;
  const b = Math.max(0, Math.min(buckets - 1, Math.floor(((x - LABEL_W) / plotWidth(width)) * buckets)));
  return { start: view.start + b * span, end: view.start + (b + 1) * span };
}

export function paintTimeline(ctx: CanvasRenderingContext2D, p: PaintInput): void {
  const { width, height, data, view, colors: c } = p;
  const plotW = plotWidth(width);
  const right = LABEL_W + plotW;
  const x = (t: number): number => xOf(t, view, width);
  const buckets = Math.max(1, Math.floor(plotW / BUCKET_PX));
  ctx.fillStyle = c.bg;
  ctx.fillRect(0, 0, width, height);
  ctx.font = p.font;
  ctx.textBaseline = 'middle';

  // Attempts: alternate bands across the histogram and the lanes, a rule where each starts.
  data.attempts.forEach((a, i) => {
    const x0 = Math.max(LABEL_W, x(a.start));
    const x1 = Math.min(right, x(a.end));
    if (x1 < LABEL_W || x0 > right) return;
    if (i % 2 === 1) {
      ctx.fillStyle = c.band;
      ctx.fillRect(x0, 0, Math.max(1, x1 - x0), height);
    }
    if (i > 0) {
      ctx.strokeStyle = c.muted;
      ctx.setLineDash([3, 3]);
      ctx.beginPath();
      ctx.moveTo(Math.round(x0) + 0.5, 0);
      ctx.lineTo(Math.round(x0) + 0.5, height);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = c.muted;
      ctx.fillText(`attempt ${a.index + 1}`, x0 + 3, 8);
    }
  });

  let hist: Float64Array;
  if (p.picked.size > 0) hist = histogram(data.lanes, p.picked, view.start, view.end, buckets);
  else addBuckets(p.jobPoints, view.start, view.end, buckets, (hist = new Float64Array(buckets * LEVELS.length)));
  paintHistogram(ctx, p, hist, buckets, plotW);
  paintAxis(ctx, p, plotW);

  // Warning density of the lanes tall enough to show it, scaled to the busiest cell.
  const density = new Map<number, Float64Array>();
  let maxWarn = 0;
  const tmp = new Float64Array(buckets * LEVELS.length);
  data.lanes.forEach((lane, i) => {
    if (p.heights[i] < DENSITY_LANE_PX) return;
    tmp.fill(0);
    addBuckets(lane.points, view.start, view.end, buckets, tmp);
    const w = new Float64Array(buckets);
    for (let b = 0; b < buckets; b++) maxWarn = Math.max(maxWarn, (w[b] = tmp[b * LEVELS.length + 2]));
    density.set(i, w);
  });

  paintLanes(ctx, p, density, maxWarn, buckets);

  if (p.range) {
    ctx.globalAlpha = 0.25;
    ctx.fillStyle = c.focus;
    ctx.fillRect(p.range.x0, 0, p.range.x1 - p.range.x0, height);
    ctx.globalAlpha = 1;
  }
}

function paintHistogram(ctx: CanvasRenderingContext2D, p: PaintInput, hist: Float64Array, buckets: number, plotW: number): void {
  const c = p.colors;
  const L = LEVELS.length;
  let max = 0;
  for (let b = 0; b < buckets; b++) {
    let sum = 0;
    for (let l = 0; l < L; l++) sum += hist[b * L + l];
    max = Math.max(max, sum);
  }
  const top = 12;
  const h = HIST_H - top - 2;
  const bw = plotW / buckets;
  const paths = LEVELS.map(() => new Path2D());
  if (max > 0) {
    for (let b = 0; b < buckets; b++) {
      let y = HIST_H - 2;
      for (let l = 0; l < L; l++) {
        const v = hist[b * L + l];
        if (v <= 0) continue;
        // Errors are few: at least a pixel and a half, so that one error in a million shows.
        const px = Math.max(l === 3 ? 1.5 : 0, (v / max) * h);
        paths[l].rect(LABEL_W + b * bw, y - px, Math.max(1, bw - 0.5), px);
        y -= px;
      }
    }
  }
  [c.debug, c.info, c.warning, c.failed].forEach((color, l) => {
    ctx.fillStyle = color;
    ctx.fill(paths[l]);
  });
  ctx.fillStyle = c.muted;
  ctx.fillText(p.picked.size ? 'records (picked)' : 'records', 4, top + 4);
  if (max > 0) ctx.fillText(`${Math.round(max).toLocaleString()} max`, 4, top + 18);
}

function paintAxis(ctx: CanvasRenderingContext2D, p: PaintInput, plotW: number): void {
  const c = p.colors;
  const { step, times } = ticks(p.view, plotW);
  const grid = new Path2D();
  ctx.fillStyle = c.muted;
  for (const t of times) {
    const x = Math.round(xOf(t, p.view, p.width)) + 0.5;
    grid.moveTo(x, HIST_H);
    grid.lineTo(x, p.height);
    const label = tickLabel(t, step);
    if (x + 3 + ctx.measureText(label).width <= p.width) ctx.fillText(label, x + 3, HIST_H + AXIS_H / 2);
  }
  grid.moveTo(LABEL_W, lanesTop - 0.5);
  grid.lineTo(LABEL_W + plotW, lanesTop - 0.5);
  ctx.strokeStyle = c.grid;
  ctx.lineWidth = 1;
  ctx.stroke(grid);
}

const STATES: TimelineSessionState[] = ['finished', 'failed', 'stopped', 'ended', 'running', 'stalled'];
/** Warning density in a few steps of opacity: one path each. */
const DENSITY_STEPS = 4;

function paintLanes(ctx: CanvasRenderingContext2D, p: PaintInput, density: Map<number, Float64Array>, maxWarn: number, buckets: number): void {
  const { data, view, width, colors: c } = p;
  const right = LABEL_W + plotWidth(width);
  const x = (t: number): number => xOf(t, view, width);
  const sessions = new Map(STATES.map((s) => [s, { readable: new Path2D(), strip: new Path2D() }]));
  const ticksByState = { failed: new Path2D(), stalled: new Path2D(), other: new Path2D() };
  const silent = { readable: new Path2D(), strip: new Path2D() };
  const waiting = { readable: new Path2D(), strip: new Path2D() };
  const errors = new Path2D();
  /** Errors a rank went on from: no failure, in the warning colour. */
  const handled = new Path2D();
  const dumps = new Path2D();
  const rings: { x: number; y: number; r: number; active: boolean }[] = [];
  const warn = Array.from({ length: DENSITY_STEPS }, () => new Path2D());
  const labels: { text: string; y: number; color: string }[] = [];
  const notes: { text: string; y: number; color: string }[] = [];
  /** A cross for a failed rank, two bars for a stalled one, beside the label. */
  const glyphs = { failed: new Path2D(), stalled: new Path2D() };
  const bw = plotWidth(width) / buckets;

  data.lanes.forEach((lane, i) => {
    const h = p.heights[i];
    if (h <= 0) return;
    const top = lanesTop + p.tops[i];
    const mid = top + h / 2;
    const readable = h >= LABEL_LANE_PX;
    if (readable) {
      labels.push({ text: `Rank ${lane.rank}`, y: mid, color: c.ranks[lane.rank % c.ranks.length] });
      const gx = LABEL_W - 12;
      if (lane.state === 'failed') {
        glyphs.failed.moveTo(gx - 3, mid - 3);
        glyphs.failed.lineTo(gx + 3, mid + 3);
        glyphs.failed.moveTo(gx + 3, mid - 3);
        glyphs.failed.lineTo(gx - 3, mid + 3);
      } else if (lane.state === 'stalled') {
        glyphs.stalled.rect(gx - 3, mid - 3.5, 2, 7);
        glyphs.stalled.rect(gx + 1, mid - 3.5, 2, 7);
      }
    } else {
      // A heat strip: the state as a tick in the label column.
      const tick = lane.state === 'failed' ? ticksByState.failed : lane.state === 'stalled' ? ticksByState.stalled : ticksByState.other;
      tick.rect(LABEL_W - 8, top, 6, Math.max(1, h - 0.5));
    }
    const barH = readable ? Math.max(3, h * 0.55) : Math.max(1, h - (h > 3 ? 1 : 0));
    const barTop = readable ? mid - barH / 2 : top;
    // A silence that ends (the rank the others waited for, until its launcher stopped it) cuts its
    // session's bar, and so does a wait in a collective until its timeout (a thin line there).
    const cut =
      lane.silentSince !== undefined && lane.silentUntil !== undefined
        ? [lane.silentSince, lane.silentUntil]
        : lane.waitingSince !== undefined && lane.waitingUntil !== undefined
          ? [lane.waitingSince, lane.waitingUntil]
          : undefined;
    for (const s of lane.sessions) {
      const path = sessions.get(s.state)!;
      const spans = cut && s.start < cut[1] && s.end > cut[0] ? [[s.start, Math.max(s.start, cut[0])], [Math.min(s.end, cut[1]), s.end]] : [[s.start, s.end]];
      for (const [from, to] of spans) {
        if (spans.length > 1 && to <= from) continue;
        const x0 = Math.max(LABEL_W - 2, x(from));
        const x1 = Math.min(right + 2, Math.max(x(from) + 2, x(to)));
        if (x1 < LABEL_W || x0 > right) continue;
        (readable ? path.readable : path.strip).rect(x0, barTop, x1 - x0, barH);
      }
    }
    if (lane.waitingSince !== undefined && lane.waitingUntil !== undefined) {
      const x0 = Math.max(LABEL_W, x(lane.waitingSince));
      const x1 = Math.min(right, x(lane.waitingUntil));
      if (x1 > x0) {
        const path = readable ? waiting.readable : waiting.strip;
        path.moveTo(x0, mid);
        path.lineTo(x1, mid);
      }
    }
    const silentEnd = lane.silentUntil ?? data.end;
    if (lane.silentSince !== undefined && silentEnd !== undefined && silentEnd > lane.silentSince) {
      const x0 = Math.max(LABEL_W, x(lane.silentSince));
      const x1 = Math.min(right, x(silentEnd));
      if (x1 > x0) {
        const path = readable ? silent.readable : silent.strip;
        path.moveTo(x0, mid);
        path.lineTo(x1, mid);
      }
    }
    const w = density.get(i);
    if (w && maxWarn > 0) {
      for (let b = 0; b < w.length; b++) {
        if (w[b] <= 0) continue;
        const step = Math.min(DENSITY_STEPS - 1, Math.floor((w[b] / maxWarn) * DENSITY_STEPS));
        warn[step].rect(LABEL_W + b * bw, top + 1, Math.max(1, bw - 0.5), Math.max(1.5, h * 0.12));
      }
    }
    lane.marks.forEach((m, k) => {
      const mx = x(m.time);
      if (mx < LABEL_W - 4 || mx > right + 4) return;
      markShape(m, mx, mid, h, readable, m.kind === 'dump' ? dumps : m.wentOn ? handled : errors);
      const active = i === p.activeLane && k === p.activeMark;
      if (m.first || active) rings.push({ x: mx, y: mid, r: readable ? Math.min(5, h / 2 - 1) : Math.max(1, h / 2), active });
    });
    if (readable && lane.progress) notes.push({ text: lane.progress, y: mid, color: lane.lagging ? c.stalled : c.muted });
  });

  ctx.save();
  ctx.beginPath();
  ctx.rect(LABEL_W, lanesTop, right - LABEL_W, p.height - lanesTop);
  ctx.clip();
  for (const [state, path] of sessions) {
    ctx.fillStyle = c[state];
    ctx.globalAlpha = 0.55;
    ctx.fill(path.readable);
    ctx.globalAlpha = 0.8;
    ctx.fill(path.strip);
  }
  ctx.globalAlpha = 1;
  ctx.strokeStyle = c.stalled;
  ctx.lineWidth = 2;
  ctx.setLineDash([4, 3]);
  ctx.stroke(silent.readable);
  ctx.lineWidth = 1;
  ctx.setLineDash([2, 2]);
  ctx.stroke(silent.strip);
  ctx.setLineDash([]);
  ctx.strokeStyle = c.muted;
  ctx.lineWidth = 2;
  ctx.stroke(waiting.readable);
  ctx.lineWidth = 1;
  ctx.stroke(waiting.strip);
  ctx.fillStyle = c.warning;
  warn.forEach((path, step) => {
    ctx.globalAlpha = 0.1 + (0.9 * (step + 1)) / DENSITY_STEPS;
    ctx.fill(path);
  });
  ctx.globalAlpha = 1;
  ctx.fillStyle = c.failed;
  ctx.fill(errors);
  ctx.fillStyle = c.warning;
  ctx.fill(handled);
  ctx.fillStyle = c.dump;
  ctx.fill(dumps);
  for (const r of rings) {
    ctx.strokeStyle = r.active ? c.focus : c.fg;
    ctx.lineWidth = r.active ? 2 : 1.5;
    ctx.beginPath();
    ctx.arc(r.x, r.y, Math.max(r.r + 3, 4), 0, Math.PI * 2);
    ctx.stroke();
  }
  ctx.lineWidth = 1;
  ctx.restore();

  ctx.fillStyle = c.failed;
  ctx.fill(ticksByState.failed);
  ctx.fillStyle = c.stalled;
  ctx.fill(ticksByState.stalled);
  ctx.fillStyle = c.grid;
  ctx.fill(ticksByState.other);
  for (const l of labels) {
    ctx.fillStyle = l.color;
    ctx.fillText(l.text, 6, l.y);
  }
  ctx.strokeStyle = c.failed;
  ctx.lineWidth = 1.5;
  ctx.stroke(glyphs.failed);
  ctx.lineWidth = 1;
  ctx.fillStyle = c.stalled;
  ctx.fill(glyphs.stalled);
  for (const n of notes) {
    // On a backdrop of the editor's colour: the bar's error marks under it would cross the words.
    const w = ctx.measureText(n.text).width;
    ctx.globalAlpha = 0.85;
    ctx.fillStyle = c.bg;
    ctx.fillRect(right - w - 5, n.y - 7, w + 5, 14);
    ctx.globalAlpha = 1;
    ctx.fillStyle = n.color;
    ctx.fillText(n.text, right - w - 2, n.y);
  }
  const active = p.activeLane;
  if (p.focused && active >= 0 && active < data.lanes.length && p.heights[active] > 0) {
    ctx.strokeStyle = c.focus;
    ctx.strokeRect(1.5, lanesTop + p.tops[active] + 0.5, right - 1, Math.max(1, p.heights[active] - 1));
  }
}

function markShape(m: TimelineMark, x: number, mid: number, h: number, readable: boolean, path: Path2D): void {
  const r = readable ? Math.min(5, h / 2 - 1) : Math.max(1, h / 2);
  if (!readable) path.rect(x - 1, mid - r, 2, 2 * r);
  else if (m.kind === 'dump') path.rect(x - r * 0.8, mid - r * 0.8, r * 1.6, r * 1.6);
  else {
    path.moveTo(x, mid - r);
    path.lineTo(x + r, mid);
    path.lineTo(x, mid + r);
    path.lineTo(x - r, mid);
    path.closePath();
  }
}

/** The lane's mark nearest to `x` within 6 px, or -1. */
export function markAt(lane: TimelineLane, x: number, view: TimeRange, width: number): number {
  let best = -1;
  let bestD = 6;
  lane.marks.forEach((m, i) => {
    const d = Math.abs(xOf(m.time, view, width) - x);
    if (d <= bestD) {
      best = i;
      bestD = d;
    }
  });
  return best;
}
