// The Job Timeline in a webview: one lane per rank on a canvas (sessions coloured by how they
// ended, error and stack-dump marks, the first failure ringed, warnings as density, a stalled
// rank's silence as a gap), attempts as bands, a histogram of records by level over the lanes.
// The canvas is not the only way in: a tree of lanes and marks (aria-activedescendant) carries
// the same facts as labels, and the keyboard moves through it. Log text is only set as text.
import { WebviewMessage } from '../../shared/jobLogProtocol';
import { addBuckets, histogram, LEVELS, sumPoints, TimelineData, TimelineFrame, TimelineLane } from '../../shared/timelineModel';
import { barAt, Colors, HIST_H, LABEL_W, lanesTop, markAt, paintTimeline, plotWidth, readColors, timeAt, xOf } from './paintTimeline';
import { LaneTree } from './laneTreeView';
import { keyAction, laneAt, laneLayout, pan, TimeRange, zoom } from './scale';
import { filterTime, histogramLine, momentLines, summaryText } from './words';

interface Drag {
  kind: 'pan' | 'range';
  x0: number;
  view: TimeRange;
  x: number;
  moved: boolean;
}

export class TimelineView {
  private data: TimelineData | undefined;
  /** Every lane's points summed: the whole job's histogram in one pass. */
  private jobPoints: ArrayLike<number> = [];
  /** The visible range; undefined shows the whole job (and follows it as it grows). */
  private view: TimeRange | undefined;
  private activeLane = 0;
  private activeMark = -1;
  /** Ranks the user picked (a click on their label): kept readable, and the histogram's. */
  private readonly picked = new Set<number>();
  private colors: Colors = readColors();
  private pending = 0;
  private awaitingFirstFrame = false;
  private drag: Drag | undefined;
  private tops: Float64Array = new Float64Array(1);
  private heights: Float64Array = new Float64Array(0);
  private readonly canvas: HTMLCanvasElement;
  private readonly tree: HTMLElement;
  private readonly lanesTree: LaneTree;
  private readonly tip: HTMLElement;
  private readonly summary: HTMLElement;
  private readonly body: HTMLElement;
  private readonly toggle: HTMLButtonElement;
  /** What the tooltip shows and asks the host about: a lane at a moment. */
  private hover: { rank: number; time: number; lines: string[]; record?: string; asked: boolean } | undefined;
  private hoverTimer: ReturnType<typeof setTimeout> | undefined;
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
    this.lanesTree = new LaneTree(this.tree, $('timeline-items'));
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
    this.canvas.addEventListener('mouseleave', () => {
      this.tip.hidden = true;
      this.hover = undefined;
    });
    this.tree.addEventListener('keydown', (e) => this.onKey(e));
    this.tree.addEventListener('focus', () => {
      this.announce();
      this.redraw();
    });
    this.tree.addEventListener('blur', () => this.redraw());
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

  /** Every lane (the webview loaded, or the host started over). */
  setData(data: TimelineData): void {
    const keepRank = this.data?.lanes[this.activeLane]?.rank;
    this.data = data;
    const i = keepRank === undefined ? -1 : data.lanes.findIndex((l) => l.rank === keepRank);
    this.activeLane = Math.max(0, i);
    this.activeMark = i < 0 ? -1 : Math.min(this.activeMark, data.lanes[i].marks.length - 1);
    for (const r of [...this.picked]) if (!data.lanes.some((l) => l.rank === r)) this.picked.delete(r);
    this.buildItems();
    this.changed();
  }

  /** Some lanes changed: the others are kept (the frame lists every rank, in order). */
  updateLanes(frame: TimelineFrame, lanes: TimelineLane[]): void {
    const old = this.data;
    if (!old) return;
    const byRank = new Map(old.lanes.map((l) => [l.rank, l]));
    for (const l of lanes) byRank.set(l.rank, l);
    const next = frame.ranks.map((r) => byRank.get(r)).filter((l): l is TimelineLane => l !== undefined);
    const { ranks, ...rest } = frame;
    if (next.length !== ranks.length || ranks.some((r, i) => old.lanes[i]?.rank !== r)) {
      // Ranks came or went: start over with what is known.
      this.setData({ ...rest, lanes: next });
      return;
    }
    this.data = { ...rest, lanes: next };
    const changed = new Set(lanes.map((l) => l.rank));
    next.forEach((lane, i) => {
      if (changed.has(lane.rank)) this.lanesTree.update(i, lane);
    });
    this.activeMark = Math.min(this.activeMark, (next[this.activeLane]?.marks.length ?? 0) - 1);
    if (changed.has(next[this.activeLane]?.rank ?? -1)) this.announce();
    this.changed();
  }

  private changed(): void {
    this.jobPoints = sumPoints(this.data?.lanes ?? []);
    performance.mark('timeline-data');
    this.awaitingFirstFrame = true;
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
    this.summary.textContent = summaryText(this.data!);
  }

  /** The accessible tree: one item per lane. */
  private buildItems(): void {
    this.lanesTree.build(this.data?.lanes ?? []);
    this.announce();
  }

  /** Points the tree at the active lane or mark. */
  private announce(): void {
    this.lanesTree.activate(this.data?.lanes[this.activeLane], this.activeLane, this.activeMark);
    this.placeMarkItems();
  }

  private redraw(): void {
    if (this.pending) return;
    this.pending = requestAnimationFrame(() => {
      this.pending = 0;
      this.draw();
    });
  }

  private resize(): boolean {
    const lanes = this.data?.lanes.length ?? 0;
    const width = this.tree.clientWidth;
    const wanted = lanesTop + Math.max(lanes, 1) * 18 + 4;
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

  /** Lanes kept readable when they do not all fit: picked, active, failed, stalled. */
  private readableLanes(): number[] {
    const out: number[] = [];
    (this.data?.lanes ?? []).forEach((l, i) => {
      if (this.picked.has(l.rank) || i === this.activeLane || l.state === 'failed' || l.state === 'stalled' || l.firstFailure) out.push(i);
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
    const font = `11px ${getComputedStyle(document.body).fontFamily || 'sans-serif'}`;
    const data = this.data;
    const view = this.range();
    if (!data || !view) {
      ctx.fillStyle = this.colors.bg;
      ctx.fillRect(0, 0, this.cssWidth, this.cssHeight);
      ctx.font = font;
      ctx.fillStyle = this.colors.muted;
      const why = !data ? 'Reading the job…' : data.lanes.length === 0 ? 'No rank logs in this folder (yet): lanes appear as ranks write.' : 'No record of this job has a timestamp: there is no time axis to draw (the Job Log below still lists the records).';
      ctx.fillText(why, 12, 20);
      return;
    }
    const layout = laneLayout(data.lanes.length, this.readableLanes(), this.cssHeight - lanesTop - 2);
    this.tops = layout.tops;
    this.heights = layout.heights;
    const drag = this.drag?.kind === 'range' && this.drag.moved ? this.drag : undefined;
    const right = LABEL_W + plotWidth(this.cssWidth);
    paintTimeline(ctx, {
      width: this.cssWidth,
      height: this.cssHeight,
      data,
      view,
      tops: layout.tops,
      heights: layout.heights,
      jobPoints: this.jobPoints,
      picked: this.picked,
      activeLane: this.activeLane,
      activeMark: this.activeMark,
      focused: document.activeElement === this.tree,
      colors: this.colors,
      font,
      range: drag && { x0: Math.max(LABEL_W, Math.min(drag.x0, drag.x)), x1: Math.min(right, Math.max(drag.x0, drag.x)) },
    });
    this.placeMarkItems();
    performance.measure('timeline-frame', { start: started, end: performance.now() });
    if (performance.getEntriesByName('timeline-frame').length > 2000) performance.clearMeasures('timeline-frame');
    if (this.awaitingFirstFrame) {
      this.awaitingFirstFrame = false;
      performance.measure('timeline-first-frame', 'timeline-data');
      // When the last change was on screen (epoch ms): how long a live update takes, end to end.
      this.tree.dataset.drawnAt = String(Date.now());
    }
  }

  /** Where the active lane and its marks are on the canvas, for the tree's items. */
  private placeMarkItems(): void {
    const lane = this.data?.lanes[this.activeLane];
    const view = this.range();
    if (!lane || !view) return;
    const mid = lanesTop + this.tops[this.activeLane] + (this.heights[this.activeLane] ?? 0) / 2;
    this.lanesTree.place(this.activeLane, mid, lane.marks.map((m) => xOf(m.time, view, this.cssWidth)));
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
      this.setView(pan(view, (delta / plotWidth(this.cssWidth)) * (view.end - view.start), bounds));
      return;
    }
    const at = timeAt(Math.max(LABEL_W, x), view, this.cssWidth);
    this.setView(zoom(view, Math.exp(delta * 0.0015), at, bounds));
  }

  private onDown(e: MouseEvent): void {
    if (e.button !== 0) return;
    const view = this.range();
    if (!view) return;
    const { x, y } = this.local(e);
    this.drag = { kind: y < HIST_H && x >= LABEL_W ? 'range' : 'pan', x0: x, view, x, moved: false };
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
        const dt = ((drag.x0 - x) / plotWidth(this.cssWidth)) * (drag.view.end - drag.view.start);
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
      const a = timeAt(Math.max(LABEL_W, Math.min(drag.x0, x)), view, this.cssWidth);
      const b = timeAt(Math.min(LABEL_W + plotWidth(this.cssWidth), Math.max(drag.x0, x)), view, this.cssWidth);
      this.post({ type: 'timelineFilter', since: filterTime(a), until: filterTime(b) });
      this.redraw();
      return;
    }
    if (drag.moved) return;
    this.click(x, y);
  }

  private click(x: number, y: number): void {
    const lanes = this.data?.lanes ?? [];
    const view = this.range();
    const i = laneAt(this.tops, y - lanesTop);
    if (i < 0 || !view) return;
    const lane = lanes[i];
    if (x < LABEL_W) {
      // The label: only this rank in the Job Log (again: every rank), its lane kept readable.
      if (this.picked.has(lane.rank)) this.picked.delete(lane.rank);
      else this.picked.add(lane.rank);
      this.activate(i, -1);
      this.post({ type: 'timelineFilter', ranks: String(lane.rank) });
      return;
    }
    const m = markAt(lane, x, view, this.cssWidth);
    this.activate(i, m);
    // A mark: its record; elsewhere on the lane: the rank's record at that moment.
    if (m >= 0) this.post({ type: 'timelineOpen', rank: lane.rank, line: lane.marks[m].line });
    else this.post({ type: 'timelineMoment', rank: lane.rank, time: timeAt(x, view, this.cssWidth) });
  }

  private showTip(x: number, y: number, e: MouseEvent): void {
    const view = this.range();
    const data = this.data;
    const i = laneAt(this.tops, y - lanesTop);
    clearTimeout(this.hoverTimer);
    if (!view || !data || (i < 0 && y >= HIST_H) || x < LABEL_W) {
      this.tip.hidden = true;
      this.hover = undefined;
      return;
    }
    const t = timeAt(x, view, this.cssWidth);
    let lines = [histogramLine(t, this.barCounts(barAt(x, view, this.cssWidth)))];
    this.hover = undefined;
    if (i >= 0) {
      const lane = data.lanes[i];
      const m = markAt(lane, x, view, this.cssWidth);
      const moment = momentLines(lane, t, m);
      lines = moment.lines;
      this.hover = { rank: lane.rank, time: t, lines, asked: false };
      // The record under the pointer, once it rests a moment: the host reads it from the log.
      if (m < 0 && moment.inSession) {
        const hover = this.hover;
        this.hoverTimer = setTimeout(() => {
          hover.asked = true;
          this.post({ type: 'timelineRecordAt', rank: hover.rank, time: hover.time });
        }, 120);
      }
    }
    this.tip.textContent = lines.join('\n');
    this.tip.hidden = false;
    const r = this.root.getBoundingClientRect();
    this.tip.style.left = `${Math.max(0, Math.min(e.clientX - r.left + 12, r.width - 320))}px`;
    this.tip.style.top = `${e.clientY - r.top + 14}px`;
  }

  /** The records the histogram's bar over `bar` counts, by level (the picked ranks', or the job's). */
  private barCounts(bar: TimeRange): number[] {
    const counts = new Float64Array(LEVELS.length);
    if (this.picked.size > 0 && this.data) counts.set(histogram(this.data.lanes, this.picked, bar.start, bar.end, 1));
    else addBuckets(this.jobPoints, bar.start, bar.end, 1, counts);
    return [...counts];
  }

  /** The host's answer to the pointer's rest: shown when the pointer is still there. */
  showRecord(rank: number, time: number, text: string | undefined): void {
    const hover = this.hover;
    if (!hover || !hover.asked || hover.rank !== rank || hover.time !== time || this.tip.hidden) return;
    this.tip.textContent = [...hover.lines, text ? `last record: ${text}` : 'no record at or before this moment'].join('\n');
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
      this.view = pan(view, m.time - (view.start + view.end) / 2, bounds);
    }
    this.announce();
    this.redraw();
  }

  private onKey(e: KeyboardEvent): void {
    const lanes = this.data?.lanes ?? [];
    const lane = lanes[this.activeLane];
    const action = lanes.length ? keyAction(e.key, lanes.length, this.activeLane, this.activeMark, lane?.marks.length ?? 0) : undefined;
    if (!action) return;
    e.preventDefault();
    e.stopPropagation();
    const view = this.range();
    const bounds = this.bounds();
    const mark = lane?.marks[this.activeMark];
    if ('move' in action) this.activate(...action.move);
    else if ('whole' in action) this.setView(undefined);
    else if ('zoom' in action) {
      if (view && bounds) this.setView(zoom(view, action.zoom, mark ? mark.time : (view.start + view.end) / 2, bounds));
    } else if (lane) this.post(mark ? { type: 'timelineOpen', rank: lane.rank, line: mark.line } : { type: 'timelineFilter', ranks: String(lane.rank) });
  }
}
