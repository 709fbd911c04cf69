// The Job Timeline in a webview: one lane per rank on a canvas (sessions coloured by how they
// ended, error and stack-dump marks, the first failure ringed, warnings as density, a stalled
// rank's silence as a gap), attempts as bands, a histogram of records by level over the lanes.
// The canvas is not the only way in: a tree of lanes and marks (aria-activedescendant) carries
// the same facts as labels, and the keyboard moves through it. Log text is only set as text.
import { WebviewMessage } from '../../shared/jobLogProtocol';
import { addBuckets, LEVELS, TimelineData, TimelineLane, TimelineMark } from '../../shared/timelineModel';
import { laneAt, laneLayout, LABEL_LANE_PX, pan, tickLabel, ticks, TimeRange, zoom } from './scale';

const LABEL_W = 70;
const HIST_H = 46;
const AXIS_H = 18;
const RIGHT_PAD = 10;
/** Pixels per histogram bucket (and per warning-density cell). */
const BUCKET_PX = 4;
/** Lanes at least this tall show warning density. */
const DENSITY_LANE_PX = 6;

type Colors = Record<'fg' | 'muted' | 'bg' | 'focus' | 'finished' | 'failed' | 'stopped' | 'running' | 'stalled' | 'warning' | 'error' | 'dump' | 'debug' | 'info' | 'band' | 'grid', string> & { ranks: string[] };

function cssVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
  return style.getPropertyValue(name).trim() || fallback;
}

function readColors(): Colors {
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
    running: cssVar(s, '--vscode-charts-blue', '#3794ff'),
    stalled: cssVar(s, '--vscode-charts-orange', '#d18616'),
    warning: cssVar(s, '--vscode-charts-yellow', '#cca700'),
    error: cssVar(s, '--vscode-errorForeground', '#f48771'),
    dump: cssVar(s, '--vscode-charts-purple', '#b180d7'),
    debug: cssVar(s, '--vscode-disabledForeground', '#777777'),
    info: cssVar(s, '--vscode-charts-blue', '#3794ff'),
    band: cssVar(s, '--vscode-editor-inactiveSelectionBackground', 'rgba(128,128,128,0.12)'),
    grid: cssVar(s, '--vscode-editorRuler-foreground', 'rgba(128,128,128,0.3)'),
    ranks: ['ansiBlue', 'ansiGreen', 'ansiMagenta', 'ansiCyan', 'ansiYellow', 'ansiBrightBlue', 'ansiBrightGreen', 'ansiBrightMagenta'].map((n) => cssVar(s, `--vscode-terminal-${n}`, fg)),
  };
}

function clock(t: number): string {
  return new Date(t).toISOString().slice(11, 23);
}

/** The Job Log's time filter format: `2026-02-04 10:25:37.885`. */
function filterTime(t: number): string {
  const iso = new Date(Math.round(t)).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
}

interface Drag {
  kind: 'pan' | 'range';
  x0: number;
  y0: number;
  view: TimeRange;
  x: number;
  moved: boolean;
}

export class TimelineView {
  private data: TimelineData | undefined;
  /** The visible range; undefined shows the whole job (and follows it as it grows). */
  private view: TimeRange | undefined;
  private activeLane = 0;
  private activeMark = -1;
  private readonly expanded = new Set<number>();
  private colors: Colors = readColors();
  private pending = 0;
  private awaitingFirstFrame = false;
  private drag: Drag | undefined;
  private tops: Float64Array = new Float64Array(1);
  private heights: Float64Array = new Float64Array(0);
  private readonly canvas: HTMLCanvasElement;
  private readonly tree: HTMLElement;
  private readonly items: HTMLElement;
  private readonly tip: HTMLElement;
  private readonly summary: HTMLElement;
  private readonly body: HTMLElement;
  private readonly toggle: HTMLButtonElement;
  private laneItems: HTMLElement[] = [];
  private cssWidth = 0;
  private cssHeight = 0;

  constructor(
    private readonly root: HTMLElement,
    private readonly post: (m: WebviewMessage) => void,
    private readonly standalone: boolean,
  ) {
    const $ = <T extends HTMLElement>(id: string): T => root.querySelector<T>(`#${id}`)!;
    this.canvas = $('timeline-canvas');
    this.tree = $('timeline-lanes');
    this.items = $('timeline-items');
    this.tip = $('timeline-tip');
    this.summary = $('timeline-summary');
    this.body = $('timeline-body');
    this.toggle = $('timeline-toggle');
    this.toggle.addEventListener('click', () => this.setOpen(this.body.hidden));
    $('timeline-reset').addEventListener('click', () => this.setView(undefined));
    this.canvas.addEventListener('wheel', (e) => this.onWheel(e), { passive: false });
    this.canvas.addEventListener('mousedown', (e) => this.onDown(e));
    window.addEventListener('mousemove', (e) => this.onMove(e));
    window.addEventListener('mouseup', (e) => this.onUp(e));
    this.canvas.addEventListener('mouseleave', () => (this.tip.hidden = true));
    this.tree.addEventListener('keydown', (e) => this.onKey(e));
    this.tree.addEventListener('focus', () => this.announce());
    new ResizeObserver(() => this.redraw()).observe(this.tree);
    // A theme change swaps the workbench's colours: read them again.
    new MutationObserver(() => {
      this.colors = readColors();
      this.redraw();
    }).observe(document.body, { attributes: true, attributeFilter: ['class'] });
  }

  setOpen(open: boolean): void {
    this.body.hidden = !open;
    this.toggle.setAttribute('aria-expanded', String(open));
    this.toggle.querySelector('.codicon')?.classList.replace(open ? 'codicon-chevron-right' : 'codicon-chevron-down', open ? 'codicon-chevron-down' : 'codicon-chevron-right');
    this.root.classList.toggle('collapsed', !open);
    if (open) this.redraw();
  }

  get isOpen(): boolean {
    return !this.body.hidden;
  }

  setData(data: TimelineData): void {
    const keepRank = this.data?.lanes[this.activeLane]?.rank;
    this.data = data;
    performance.mark('timeline-data');
    this.awaitingFirstFrame = true;
    const i = keepRank === undefined ? -1 : data.lanes.findIndex((l) => l.rank === keepRank);
    this.activeLane = Math.max(0, i);
    if (i < 0) this.activeMark = -1;
    else this.activeMark = Math.min(this.activeMark, data.lanes[i].marks.length - 1);
    const expanded = [...this.expanded].filter((r) => data.lanes.some((l) => l.rank === r));
    this.expanded.clear();
    for (const r of expanded) this.expanded.add(r);
    this.buildItems();
    this.showSummary();
    this.redraw();
  }

  private bounds(): TimeRange | undefined {
    const d = this.data;
    if (!d || d.start === undefined || d.end === undefined) return undefined;
    // A little room on both sides, so that a mark at the edge is not cut.
    const pad = Math.max(50, (d.end - d.start) * 0.01);
    return { start: d.start - pad, end: d.end + pad };
  }

  private range(): TimeRange | undefined {
    return this.view ?? this.bounds();
  }

  private setView(view: TimeRange | undefined): void {
    this.view = view;
    this.redraw();
  }

  private showSummary(): void {
    const d = this.data!;
    const count = (s: string): number => d.lanes.filter((l) => l.state === s).length;
    const parts = [`${d.lanes.length} rank${d.lanes.length === 1 ? '' : 's'}`];
    if (d.start !== undefined && d.end !== undefined) parts.push(`${clock(d.start)} – ${clock(d.end)}`);
    for (const s of ['failed', 'stalled', 'running']) if (count(s)) parts.push(`${count(s)} ${s}`);
    const lagging = d.lanes.filter((l) => l.lagging).length;
    if (lagging) parts.push(`${lagging} behind`);
    if (d.untimed.length) parts.push(`${d.untimed.length} without timestamps (not drawn)`);
    this.summary.textContent = parts.join(' · ');
  }

  /** The accessible tree: one item per lane; the active lane's marks as its children. */
  private buildItems(): void {
    const lanes = this.data?.lanes ?? [];
    this.laneItems = lanes.map((lane) => {
      const item = document.createElement('div');
      item.id = `tl-lane-${lane.rank}`;
      item.setAttribute('role', 'treeitem');
      item.setAttribute('aria-level', '1');
      item.setAttribute('aria-label', lane.label);
      item.dataset.rank = String(lane.rank);
      item.dataset.state = lane.state;
      if (lane.marks.length) item.setAttribute('aria-expanded', 'false');
      return item;
    });
    this.items.replaceChildren(...this.laneItems);
    this.announce();
  }

  /** Points the tree at the active lane or mark, with the mark items of the active lane. */
  private announce(): void {
    const lanes = this.data?.lanes ?? [];
    for (const item of this.laneItems) {
      item.setAttribute('aria-selected', 'false');
      if (item.hasAttribute('aria-expanded')) item.setAttribute('aria-expanded', 'false');
      item.replaceChildren();
    }
    const lane = lanes[this.activeLane];
    const item = this.laneItems[this.activeLane];
    if (!lane || !item) {
      this.tree.removeAttribute('aria-activedescendant');
      return;
    }
    item.setAttribute('aria-selected', String(this.activeMark < 0));
    if (lane.marks.length) {
      item.setAttribute('aria-expanded', 'true');
      const group = document.createElement('div');
      group.setAttribute('role', 'group');
      lane.marks.forEach((m, i) => {
        const mi = document.createElement('div');
        mi.id = `tl-mark-${lane.rank}-${i}`;
        mi.setAttribute('role', 'treeitem');
        mi.setAttribute('aria-level', '2');
        mi.setAttribute('aria-selected', String(i === this.activeMark));
        mi.setAttribute('aria-label', `${m.text}${m.first ? ', first failure of the job' : ''}`);
        mi.dataset.kind = m.kind;
        mi.dataset.line = String(m.line);
        group.append(mi);
      });
      item.append(group);
    }
    this.tree.setAttribute('aria-activedescendant', this.activeMark >= 0 ? `tl-mark-${lane.rank}-${this.activeMark}` : item.id);
    this.placeMarkItems();
  }

  private redraw(): void {
    if (this.pending) return;
    this.pending = requestAnimationFrame(() => {
      this.pending = 0;
      this.draw();
    });
  }

  private plotWidth(): number {
    return Math.max(10, this.cssWidth - LABEL_W - RIGHT_PAD);
  }

  private x(t: number, view: TimeRange): number {
    return LABEL_W + ((t - view.start) / (view.end - view.start)) * this.plotWidth();
  }

  private timeAt(x: number, view: TimeRange): number {
    return view.start + ((x - LABEL_W) / this.plotWidth()) * (view.end - view.start);
  }

  private get lanesTop(): number {
    return HIST_H + AXIS_H;
  }

  private resize(): boolean {
    const lanes = this.data?.lanes.length ?? 0;
    const width = this.tree.clientWidth;
    const wanted = this.lanesTop + Math.max(lanes, 1) * 18 + 4;
    const height = this.standalone ? Math.max(120, this.tree.clientHeight) : Math.max(110, Math.min(wanted, Math.round(window.innerHeight * 0.42)));
    if (width <= 0) return false;
    const dpr = window.devicePixelRatio || 1;
    if (width !== this.cssWidth || height !== this.cssHeight || this.canvas.width !== Math.round(width * dpr)) {
      this.cssWidth = width;
      this.cssHeight = height;
      this.canvas.style.width = `${width}px`;
      this.canvas.style.height = `${height}px`;
      if (!this.standalone) this.tree.style.height = `${height}px`;
      this.canvas.width = Math.round(width * dpr);
      this.canvas.height = Math.round(height * dpr);
    }
    return true;
  }

  private expandedIndexes(): number[] {
    const lanes = this.data?.lanes ?? [];
    const out: number[] = [];
    lanes.forEach((l, i) => {
      if (this.expanded.has(l.rank) || i === this.activeLane || l.state === 'failed' || l.state === 'stalled' || l.firstFailure) out.push(i);
    });
    return out;
  }

  private draw(): void {
    if (this.body.hidden || !this.resize()) return;
    const started = performance.now();
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    const dpr = window.devicePixelRatio || 1;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const c = this.colors;
    ctx.fillStyle = c.bg;
    ctx.fillRect(0, 0, this.cssWidth, this.cssHeight);
    ctx.font = `11px ${getComputedStyle(document.body).fontFamily || 'sans-serif'}`;
    ctx.textBaseline = 'middle';
    const data = this.data;
    const view = this.range();
    if (!data || !view) {
      ctx.fillStyle = c.muted;
      ctx.fillText(data ? 'No record of this job has a timestamp: there is no time axis to draw.' : 'Reading the job…', 12, 20);
      return;
    }
    const lanes = data.lanes;
    const lanesTop = this.lanesTop;
    const lanesH = this.cssHeight - lanesTop - 2;
    const layout = laneLayout(lanes.length, this.expandedIndexes(), lanesH);
    this.tops = layout.tops;
    this.heights = layout.heights;
    const plotW = this.plotWidth();
    const right = LABEL_W + plotW;
    const buckets = Math.max(1, Math.floor(plotW / BUCKET_PX));

    // Attempts: alternate bands across the histogram and the lanes, a rule where each starts.
    data.attempts.forEach((a, i) => {
      const x0 = Math.max(LABEL_W, this.x(a.start, view));
      const x1 = Math.min(right, this.x(a.end, view));
      if (x1 < LABEL_W || x0 > right) return;
      if (i % 2 === 1) {
        ctx.fillStyle = c.band;
        ctx.fillRect(x0, 0, Math.max(1, x1 - x0), this.cssHeight);
      }
      if (i > 0) {
        ctx.strokeStyle = c.muted;
        ctx.setLineDash([3, 3]);
        ctx.beginPath();
        ctx.moveTo(Math.round(x0) + 0.5, 0);
        ctx.lineTo(Math.round(x0) + 0.5, this.cssHeight);
        ctx.stroke();
        ctx.setLineDash([]);
        ctx.fillStyle = c.muted;
        ctx.fillText(`attempt ${a.index + 1}`, x0 + 3, 8);
      }
    });

    // One pass over the lanes' points: the histogram (the expanded ranks when some are picked,
    // else all) and each readable lane's warning density.
    const hist = new Float64Array(buckets * LEVELS.length);
    const tmp = new Float64Array(buckets * LEVELS.length);
    const density: (Float64Array | undefined)[] = [];
    const picked = this.expanded.size > 0;
    lanes.forEach((lane, i) => {
      tmp.fill(0);
      addBuckets(lane.points, view.start, view.end, buckets, tmp);
      if (!picked || this.expanded.has(lane.rank)) for (let k = 0; k < tmp.length; k++) hist[k] += tmp[k];
      if (layout.heights[i] >= DENSITY_LANE_PX) {
        const w = new Float64Array(buckets);
        for (let b = 0; b < buckets; b++) w[b] = tmp[b * LEVELS.length + 2];
        density[i] = w;
      }
    });
    this.drawHistogram(ctx, hist, buckets, plotW, picked);
    this.drawAxis(ctx, view, lanesTop);

    let maxWarn = 0;
    for (const w of density) if (w) for (const v of w) maxWarn = Math.max(maxWarn, v);
    lanes.forEach((lane, i) => this.drawLane(ctx, lane, lanesTop + layout.tops[i], layout.heights[i], view, density[i], maxWarn, i === this.activeLane));

    // A range being dragged on the histogram.
    if (this.drag?.kind === 'range' && this.drag.moved) {
      const x0 = Math.max(LABEL_W, Math.min(this.drag.x0, this.drag.x));
      const x1 = Math.min(right, Math.max(this.drag.x0, this.drag.x));
      ctx.globalAlpha = 0.25;
      ctx.fillStyle = c.focus;
      ctx.fillRect(x0, 0, x1 - x0, this.cssHeight);
      ctx.globalAlpha = 1;
    }
    this.placeMarkItems();
    const ended = performance.now();
    performance.measure('timeline-frame', { start: started, end: ended });
    if (performance.getEntriesByName('timeline-frame').length > 2000) performance.clearMeasures('timeline-frame');
    if (this.awaitingFirstFrame) {
      this.awaitingFirstFrame = false;
      performance.measure('timeline-first-frame', 'timeline-data');
    }
  }

  private drawHistogram(ctx: CanvasRenderingContext2D, hist: Float64Array, buckets: number, plotW: number, picked: boolean): void {
    const c = this.colors;
    const L = LEVELS.length;
    let max = 0;
    for (let b = 0; b < buckets; b++) {
      let sum = 0;
      for (let l = 0; l < L; l++) sum += hist[b * L + l];
      max = Math.max(max, sum);
    }
    const top = 12;
    const h = HIST_H - top - 2;
    const colors = [c.debug, c.info, c.warning, c.failed];
    const bw = plotW / buckets;
    if (max > 0) {
      for (let b = 0; b < buckets; b++) {
        let y = HIST_H - 2;
        for (let l = 0; l < L; l++) {
          const v = hist[b * L + l];
          if (v <= 0) continue;
          // Errors are few: at least a pixel, so that one error in a million records shows.
          const px = Math.max(l === 3 ? 1.5 : 0, (v / max) * h);
          ctx.fillStyle = colors[l];
          ctx.fillRect(LABEL_W + b * bw, y - px, Math.max(1, bw - 0.5), px);
          y -= px;
        }
      }
    }
    ctx.fillStyle = c.muted;
    ctx.fillText(picked ? 'records (picked ranks)' : 'records', 4, top + 4);
    ctx.fillText(max > 0 ? `${Math.round(max / (bw / BUCKET_PX)).toLocaleString()} max` : '', 4, top + 18);
  }

  private drawAxis(ctx: CanvasRenderingContext2D, view: TimeRange, lanesTop: number): void {
    const c = this.colors;
    const { step, times } = ticks(view, this.plotWidth());
    ctx.fillStyle = c.muted;
    ctx.strokeStyle = c.grid;
    ctx.lineWidth = 1;
    for (const t of times) {
      const x = Math.round(this.x(t, view)) + 0.5;
      ctx.beginPath();
      ctx.moveTo(x, HIST_H);
      ctx.lineTo(x, this.cssHeight);
      ctx.stroke();
      ctx.fillText(tickLabel(t, step), x + 3, HIST_H + AXIS_H / 2);
    }
    ctx.beginPath();
    ctx.moveTo(LABEL_W, lanesTop - 0.5);
    ctx.lineTo(LABEL_W + this.plotWidth(), lanesTop - 0.5);
    ctx.stroke();
  }

  private drawLane(ctx: CanvasRenderingContext2D, lane: TimelineLane, top: number, h: number, view: TimeRange, density: Float64Array | undefined, maxWarn: number, active: boolean): void {
    if (h <= 0) return;
    const c = this.colors;
    const right = LABEL_W + this.plotWidth();
    const readable = h >= LABEL_LANE_PX;
    const mid = top + h / 2;
    if (readable) {
      ctx.fillStyle = c.ranks[lane.rank % 8];
      ctx.fillText(`Rank ${lane.rank}`, 6, mid);
      if (lane.state === 'failed' || lane.state === 'stalled') {
        ctx.fillStyle = lane.state === 'failed' ? c.failed : c.stalled;
        ctx.fillText(lane.state === 'failed' ? '✕' : '⏸', LABEL_W - 14, mid);
      }
    } else {
      // A heat strip: the state colour as a tick in the label column.
      ctx.fillStyle = lane.state === 'failed' ? c.failed : lane.state === 'stalled' ? c.stalled : c.grid;
      ctx.fillRect(LABEL_W - 8, top, 6, Math.max(1, h - 0.5));
    }
    const barH = readable ? Math.max(3, h * 0.55) : Math.max(1, h - (h > 3 ? 1 : 0));
    const barTop = readable ? mid - barH / 2 : top;
    ctx.save();
    ctx.beginPath();
    ctx.rect(LABEL_W, top, right - LABEL_W, h);
    ctx.clip();
    for (const s of lane.sessions) {
      const x0 = this.x(s.start, view);
      const x1 = Math.max(x0 + 2, this.x(s.end, view));
      if (x1 < LABEL_W || x0 > right) continue;
      ctx.fillStyle = c[s.state];
      ctx.globalAlpha = readable ? 0.55 : 0.8;
      ctx.fillRect(x0, barTop, x1 - x0, barH);
      ctx.globalAlpha = 1;
    }
    for (const g of lane.gaps) {
      const x0 = Math.max(LABEL_W, this.x(g.start, view));
      const x1 = Math.min(right, this.x(g.end, view));
      if (x1 <= x0) continue;
      ctx.strokeStyle = c.stalled;
      ctx.lineWidth = readable ? 2 : 1;
      ctx.setLineDash(readable ? [4, 3] : [2, 2]);
      ctx.beginPath();
      ctx.moveTo(x0, mid);
      ctx.lineTo(x1, mid);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.lineWidth = 1;
    }
    if (density && maxWarn > 0) {
      const bw = this.plotWidth() / density.length;
      ctx.fillStyle = c.warning;
      for (let b = 0; b < density.length; b++) {
        if (density[b] <= 0) continue;
        ctx.globalAlpha = 0.25 + 0.75 * Math.min(1, density[b] / maxWarn);
        ctx.fillRect(LABEL_W + b * bw, top + 1, Math.max(1, bw - 0.5), Math.max(2, h * 0.18));
      }
      ctx.globalAlpha = 1;
    }
    lane.marks.forEach((m, i) => {
      const x = this.x(m.time, view);
      if (x < LABEL_W - 4 || x > right + 4) return;
      this.drawMark(ctx, m, x, mid, h, readable, active && i === this.activeMark);
    });
    ctx.restore();
    if (readable && lane.progress) {
      ctx.fillStyle = lane.lagging ? c.stalled : c.muted;
      const text = lane.progress;
      const w = ctx.measureText(text).width;
      ctx.fillText(text, right - w - 2, mid);
    }
    if (active) {
      ctx.strokeStyle = c.focus;
      ctx.lineWidth = 1;
      ctx.strokeRect(1.5, top + 0.5, right - 1, Math.max(1, h - 1));
    }
  }

  private drawMark(ctx: CanvasRenderingContext2D, m: TimelineMark, x: number, mid: number, h: number, readable: boolean, active: boolean): void {
    const c = this.colors;
    const r = readable ? Math.min(5, h / 2 - 1) : Math.max(1, h / 2);
    ctx.fillStyle = m.kind === 'dump' ? c.dump : c.failed;
    if (!readable) ctx.fillRect(x - 1, mid - r, 2, 2 * r);
    else if (m.kind === 'dump') ctx.fillRect(x - r * 0.8, mid - r * 0.8, r * 1.6, r * 1.6);
    else {
      ctx.beginPath();
      ctx.moveTo(x, mid - r);
      ctx.lineTo(x + r, mid);
      ctx.lineTo(x, mid + r);
      ctx.lineTo(x - r, mid);
      ctx.closePath();
      ctx.fill();
    }
    if (m.first || active) {
      ctx.strokeStyle = active ? c.focus : c.fg;
      ctx.lineWidth = active ? 2 : 1.5;
      ctx.beginPath();
      ctx.arc(x, mid, Math.max(r + 3, 4), 0, Math.PI * 2);
      ctx.stroke();
      ctx.lineWidth = 1;
    }
  }

  /** Where the active lane's marks are on the canvas (CSS px), on their tree items. */
  private placeMarkItems(): void {
    const lane = this.data?.lanes[this.activeLane];
    const view = this.range();
    const item = this.laneItems[this.activeLane];
    if (!lane || !view || !item) return;
    const mid = this.lanesTop + this.tops[this.activeLane] + (this.heights[this.activeLane] ?? 0) / 2;
    item.querySelectorAll<HTMLElement>('[role=treeitem]').forEach((mi, i) => {
      const m = lane.marks[i];
      if (!m) return;
      mi.dataset.x = String(Math.round(this.x(m.time, view)));
      mi.dataset.y = String(Math.round(mid));
    });
  }

  // ---- Pointer ----

  private local(e: MouseEvent): { x: number; y: number } {
    const r = this.canvas.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  }

  private onWheel(e: WheelEvent): void {
    const view = this.range();
    const bounds = this.bounds();
    if (!view || !bounds) return;
    e.preventDefault();
    const { x } = this.local(e);
    const delta = e.deltaMode === 1 ? e.deltaY * 16 : e.deltaY;
    if (e.shiftKey) {
      this.setView(pan(view, (delta / this.plotWidth()) * (view.end - view.start), bounds));
      return;
    }
    const at = this.timeAt(Math.max(LABEL_W, x), view);
    this.setView(zoom(view, Math.exp(delta * 0.0015), at, bounds));
  }

  private onDown(e: MouseEvent): void {
    if (e.button !== 0) return;
    const view = this.range();
    if (!view) return;
    const { x, y } = this.local(e);
    this.drag = { kind: y < HIST_H && x >= LABEL_W ? 'range' : 'pan', x0: x, y0: y, view, x, moved: false };
    e.preventDefault();
    this.tree.focus();
  }

  private onMove(e: MouseEvent): void {
    const { x, y } = this.local(e);
    const drag = this.drag;
    if (drag) {
      drag.x = x;
      if (Math.abs(x - drag.x0) > 3) drag.moved = true;
      const bounds = this.bounds();
      if (drag.kind === 'pan' && drag.moved && bounds) {
        const dt = ((drag.x0 - x) / this.plotWidth()) * (drag.view.end - drag.view.start);
        this.setView(pan(drag.view, dt, bounds));
      } else this.redraw();
      return;
    }
    if (e.target !== this.canvas) return;
    this.showTip(x, y, e);
  }

  private onUp(e: MouseEvent): void {
    const drag = this.drag;
    if (!drag) return;
    this.drag = undefined;
    const { x, y } = this.local(e);
    const view = this.range();
    if (drag.kind === 'range' && drag.moved && view) {
      const a = this.timeAt(Math.max(LABEL_W, Math.min(drag.x0, x)), view);
      const b = this.timeAt(Math.min(LABEL_W + this.plotWidth(), Math.max(drag.x0, x)), view);
      this.post({ type: 'timelineFilter', since: filterTime(a), until: filterTime(b) });
      this.redraw();
      return;
    }
    if (drag.moved) return;
    this.click(x, y);
  }

  private click(x: number, y: number): void {
    const lanes = this.data?.lanes ?? [];
    const i = laneAt(this.tops, y - this.lanesTop);
    if (i < 0) return;
    const lane = lanes[i];
    if (x < LABEL_W) {
      // The label: this rank in the Job Log, and its lane kept readable.
      this.expanded.add(lane.rank);
      this.activate(i, -1);
      this.post({ type: 'timelineFilter', ranks: String(lane.rank) });
      return;
    }
    const m = this.markAt(lane, x);
    this.activate(i, m);
    if (m >= 0) this.post({ type: 'timelineOpen', rank: lane.rank, line: lane.marks[m].line });
  }

  private markAt(lane: TimelineLane, x: number): number {
    const view = this.range();
    if (!view) return -1;
    let best = -1;
    let bestD = 6;
    lane.marks.forEach((m, i) => {
      const d = Math.abs(this.x(m.time, view) - x);
      if (d <= bestD) {
        best = i;
        bestD = d;
      }
    });
    return best;
  }

  private showTip(x: number, y: number, e: MouseEvent): void {
    const view = this.range();
    const lanes = this.data?.lanes ?? [];
    const i = laneAt(this.tops, y - this.lanesTop);
    if (!view || (i < 0 && y >= HIST_H) || x < LABEL_W) {
      this.tip.hidden = true;
      return;
    }
    const t = this.timeAt(x, view);
    const lines: string[] = [];
    if (i < 0) lines.push(`${clock(t)} · drag to show this stretch in the Job Log`);
    else {
      const lane = lanes[i];
      const session = lane.sessions.find((s) => t >= s.start && t <= s.end);
      lines.push(`Rank ${lane.rank} · ${clock(t)}`);
      lines.push(session ? session.label : lane.gaps.some((g) => t >= g.start && t <= g.end) ? 'silent (stalled) while other ranks write' : 'no session at this time');
      const m = this.markAt(lane, x);
      if (m >= 0) lines.push(`${lane.marks[m].text}${lane.marks[m].first ? ' · first failure of the job' : ''} · click to show in the Job Log`);
      if (lane.progress) lines.push(lane.progress);
    }
    this.tip.textContent = lines.join('\n');
    this.tip.hidden = false;
    const r = this.root.getBoundingClientRect();
    const left = Math.min(e.clientX - r.left + 12, r.width - 320);
    this.tip.style.left = `${Math.max(0, left)}px`;
    this.tip.style.top = `${e.clientY - r.top + 14}px`;
  }

  // ---- Keyboard ----

  private activate(lane: number, mark: number): void {
    this.activeLane = lane;
    this.activeMark = mark;
    const m = this.data?.lanes[lane]?.marks[mark];
    const view = this.range();
    const bounds = this.bounds();
    // A mark outside the view: bring it in, keeping the zoom.
    if (m && view && bounds && (m.time < view.start || m.time > view.end)) {
      const span = view.end - view.start;
      this.view = pan(view, m.time - (view.start + span / 2), bounds);
    }
    this.announce();
    this.redraw();
  }

  private onKey(e: KeyboardEvent): void {
    const lanes = this.data?.lanes ?? [];
    if (lanes.length === 0) return;
    const lane = lanes[this.activeLane];
    const view = this.range();
    const bounds = this.bounds();
    let handled = true;
    switch (e.key) {
      case 'ArrowDown':
        this.activate(Math.min(lanes.length - 1, this.activeLane + 1), -1);
        break;
      case 'ArrowUp':
        this.activate(Math.max(0, this.activeLane - 1), -1);
        break;
      case 'Home':
        this.activate(0, -1);
        break;
      case 'End':
        this.activate(lanes.length - 1, -1);
        break;
      case 'ArrowRight':
        if (lane && lane.marks.length) this.activate(this.activeLane, Math.min(lane.marks.length - 1, this.activeMark + 1));
        break;
      case 'ArrowLeft':
        this.activate(this.activeLane, Math.max(-1, this.activeMark - 1));
        break;
      case 'Enter':
        if (lane && this.activeMark >= 0) this.post({ type: 'timelineOpen', rank: lane.rank, line: lane.marks[this.activeMark].line });
        else if (lane) this.post({ type: 'timelineFilter', ranks: String(lane.rank) });
        break;
      case '+':
      case '=':
      case '-':
      case '_': {
        if (!view || !bounds) break;
        const m = lane?.marks[this.activeMark];
        const at = m ? m.time : (view.start + view.end) / 2;
        this.setView(zoom(view, e.key === '+' || e.key === '=' ? 0.5 : 2, at, bounds));
        break;
      }
      case '0':
        this.setView(undefined);
        break;
      default:
        handled = false;
    }
    if (handled) {
      e.preventDefault();
      e.stopPropagation();
    }
  }
}
