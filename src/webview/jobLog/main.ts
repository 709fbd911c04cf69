// The Job Log webview: a virtualized grid of the merged rows (only the rows in view are in the
// DOM; the host sends windows of rows on request), a toolbar of filters, and the keyboard.
// Log text is only ever set with textContent.
import '@vscode/codicons/dist/codicon.css';
import { EMPTY_FILTER, HostMessage, JobLogFilterText, JobLogRow, WebviewMessage } from '../../shared/jobLogProtocol';
import { TimelineView } from '../timeline/timelineView';
import { nextSelection, ROW_HEIGHT, RowLayout, windowFor } from './layout';

declare function acquireVsCodeApi(): { postMessage(m: WebviewMessage): void; getState(): unknown; setState(s: unknown): void };

const vscode = acquireVsCodeApi();
const post = (m: WebviewMessage): void => vscode.postMessage(m);

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

const root = document.getElementById('job-log')!;
const level = document.getElementById('level') as HTMLSelectElement;
const ranks = document.getElementById('ranks') as HTMLInputElement;
const text = document.getElementById('text') as HTMLInputElement;
const regex = document.getElementById('regex') as HTMLInputElement;
const caseSensitive = document.getElementById('case') as HTMLInputElement;
const since = document.getElementById('since') as HTMLInputElement;
const until = document.getElementById('until') as HTMLInputElement;
const attempt = document.getElementById('attempt') as HTMLSelectElement;
const repeats = document.getElementById('repeats') as HTMLInputElement;
const onlyMatches = document.getElementById('only-matches') as HTMLInputElement;
const status = document.getElementById('status')!;
const count = document.getElementById('count')!;
const problem = document.getElementById('problem')!;
const grid = document.getElementById('grid')!;
const viewport = document.getElementById('viewport')!;
const spacer = document.getElementById('spacer')!;
const fresh = document.getElementById('new-records') as HTMLButtonElement;
const launcherNote = document.getElementById('launcher-note')!;
const launcherText = document.getElementById('launcher-text')!;
document.getElementById('launcher-open')!.addEventListener('click', () => post({ type: 'openLauncher' }));

// The Job Timeline above the rows; folded or not as the user left it.
const timelineSection = document.getElementById('timeline')!;
const timeline = new TimelineView(timelineSection, post, false);
timeline.setOpen(timelineSection.dataset.open !== 'false');
document.getElementById('timeline-toggle')!.addEventListener('click', () => post({ type: 'timelineFold', open: timeline.isOpen }));

let total = 0;
let selected = 0;
/** The other end of a Shift+arrow selection. */
let anchor = 0;
const layout = new RowLayout();
let following = true;
const cache = new Map<number, JobLogRow>();
let asked = '';

function setFilterFields(f: JobLogFilterText): void {
  level.value = f.level;
  ranks.value = f.ranks;
  text.value = f.text;
  regex.checked = f.regex;
  caseSensitive.checked = f.caseSensitive;
  since.value = f.since;
  until.value = f.until;
  attempt.value = f.attempt;
  repeats.checked = f.repeats;
  onlyMatches.checked = f.onlyMatches;
}

/** One option per attempt of the job (1 first), besides "all". */
function setAttempts(n: number, chosen: string): void {
  // (A fragment: as arguments, the options of a capture of 200,000 attempts overflow the stack.)
  const options = document.createDocumentFragment();
  const all = el('option', undefined, 'all');
  all.value = '';
  options.append(all);
  for (let i = 1; i <= n; i++) {
    const o = el('option', undefined, String(i));
    o.value = String(i);
    options.append(o);
  }
  attempt.replaceChildren(options);
  attempt.value = chosen;
}

function filter(): JobLogFilterText {
  return { level: level.value, ranks: ranks.value, text: text.value, regex: regex.checked, caseSensitive: caseSensitive.checked, since: since.value, until: until.value, attempt: attempt.value, repeats: repeats.checked, onlyMatches: onlyMatches.checked };
}

let filterTimer: ReturnType<typeof setTimeout> | undefined;
let toolbarLoaded = false;
function filterChanged(): void {
  clearTimeout(filterTimer);
  filterTimer = setTimeout(() => post({ type: 'filter', filter: filter() }), 150);
}
for (const input of [level, regex, caseSensitive, attempt, repeats, onlyMatches]) input.addEventListener('change', filterChanged);
for (const input of [ranks, text, since, until]) input.addEventListener('input', filterChanged);

function rowLabel(r: JobLogRow): string {
  const who = r.group ? `ranks ${r.group.label.slice(1, -1)}` : `rank ${r.rank}`;
  const missing = r.group?.missing.length ? `, missing on rank ${r.group.missing.join(', ')}` : '';
  return `${r.date || 'no time'}, ${who}, ${r.level || 'no level'}: ${r.message}${missing}${r.firstFailure ? ', first failure of the job' : ''}${r.more.length ? `, ${r.more.length} more lines` : ''}${r.match ? ', matches' : ''}`;
}

/** The lines a row shows when opened: its traceback, then the other ranks that logged it. */
function extraLines(r: JobLogRow): string[] {
  return [...r.more, ...(r.group?.others ?? [])];
}

function icon(name: string, label?: string): HTMLElement {
  const i = el('span', `codicon codicon-${name}`);
  if (label) i.title = label;
  i.setAttribute('aria-hidden', 'true');
  return i;
}

const LEVEL_ICON: Record<string, string> = { ERROR: 'error', CRITICAL: 'error', FATAL: 'error', WARNING: 'warning' };

function rowElement(r: JobLogRow, top: number): HTMLElement {
  const inRange = r.row >= Math.min(anchor, selected) && r.row <= Math.max(anchor, selected);
  const row = el('div', `row level-${(r.level || 'none').toLowerCase()}${r.resume ? ' resume' : ''}${r.firstFailure ? ' first-failure' : ''}${inRange ? ' selected' : ''}${r.match ? ' match' : ''}${r.group?.missing.length ? ' diverged' : ''}`);
  row.setAttribute('role', 'row');
  row.setAttribute('aria-rowindex', String(r.row + 1));
  row.setAttribute('aria-selected', String(inRange));
  row.setAttribute('aria-label', rowLabel(r));
  const lines = extraLines(r);
  if (lines.length) row.setAttribute('aria-expanded', String(layout.isOpen(r.row)));
  row.dataset.row = String(r.row);
  row.style.top = `${top}px`;
  const cell = (cls: string, ...content: (Node | string)[]): HTMLElement => {
    const c = el('span', cls);
    c.setAttribute('role', 'gridcell');
    c.append(...content);
    row.append(c);
    return c;
  };
  cell('time', r.time);
  cell(r.group ? 'rank group' : `rank rank-c${r.rank % 8}`, r.group ? r.group.label : String(r.rank)).title = r.group ? `Logged by ranks ${r.group.ranks.join(', ')}` : `Rank ${r.rank}`;
  cell('level', ...(LEVEL_ICON[r.level] ? [icon(LEVEL_ICON[r.level])] : []), r.level);
  cell('logger', r.logger).title = r.logger;
  const message = cell('message');
  if (lines.length) {
    const toggle = icon(layout.isOpen(r.row) ? 'chevron-down' : 'chevron-right');
    toggle.classList.add('toggle');
    message.append(toggle);
  }
  if (r.firstFailure) message.append(icon('flame', 'The first failure of the job'));
  message.append(r.message);
  const notes: string[] = [];
  if (r.group?.missing.length) notes.push(`missing on rank ${r.group.missing.join(', ')}`);
  if (r.more.length) notes.push(`${r.more.length} more line${r.more.length === 1 ? '' : 's'}`);
  cell('note', notes.join(' · '));
  row.title = r.date;
  return row;
}

/** The opened lines below a row (not a row of the grid: part of its record). */
function linesElement(r: JobLogRow, top: number): HTMLElement {
  const box = el('div', 'more-lines');
  box.style.top = `${top}px`;
  box.setAttribute('aria-label', `More lines of the record of ${r.group ? `ranks ${r.group.label}` : `rank ${r.rank}`}`);
  for (const line of r.more) box.append(el('div', 'more-line', line));
  for (const other of r.group?.others ?? []) box.append(el('div', 'more-line other-rank', other));
  return box;
}

function render(): void {
  layout.total = total;
  const vh = viewport.clientHeight;
  spacer.style.height = `${layout.scrollHeight()}px`;
  const scrollTop = viewport.scrollTop;
  const real = layout.realScroll(scrollTop, vh);
  const { first, last } = layout.visibleRows(scrollTop, vh);
  const shown: HTMLElement[] = [];
  let missing = false;
  for (let i = first; i < last; i++) {
    const r = cache.get(i);
    if (!r) {
      missing = true;
      continue;
    }
    const top = layout.top(i) - real + scrollTop;
    shown.push(rowElement(r, top));
    if (layout.isOpen(i)) shown.push(linesElement(r, top + ROW_HEIGHT));
  }
  spacer.replaceChildren(...shown);
  if (missing) {
    const w = windowFor(first, last);
    const key = `${w.start}:${w.count}`;
    if (key !== asked) {
      asked = key;
      post({ type: 'window', start: w.start, count: w.count });
    }
  }
}

function select(row: number, reveal = true, extend = false): void {
  selected = row;
  if (!extend) anchor = row;
  if (reveal) viewport.scrollTop = layout.scrollToShow(row, viewport.scrollTop, viewport.clientHeight);
  render();
}

/** Opens or closes a row's traceback and other ranks; `open` undefined toggles. */
function setOpen(row: number, open?: boolean): void {
  const r = cache.get(row);
  const lines = r ? extraLines(r).length : 0;
  if (!lines) return;
  if (open ?? !layout.isOpen(row)) layout.open(row, lines);
  else layout.close(row);
  render();
}

/** `2 rows of 7 records`, `reading… 120,000 rows`. */
function showCount(rows: number, records: number, building: boolean): void {
  count.textContent = building ? `reading… ${rows.toLocaleString()} rows` : `${rows.toLocaleString()} row${rows === 1 ? '' : 's'} of ${records.toLocaleString()} record${records === 1 ? '' : 's'}`;
}

function showStatus(message: string): void {
  status.textContent = message;
  status.hidden = !message;
}

/** Follows the tail while the view is at the bottom (also when every row fits in it). */
function updateFollowing(): void {
  const atBottom = viewport.scrollTop + viewport.clientHeight >= viewport.scrollHeight - ROW_HEIGHT;
  if (atBottom !== following) {
    following = atBottom;
    post({ type: 'follow', atBottom });
    if (atBottom) fresh.hidden = true;
  }
}

viewport.addEventListener('scroll', () => {
  updateFollowing();
  render();
});
viewport.addEventListener('click', (e) => {
  const target = e.target as HTMLElement;
  const row = target.closest<HTMLElement>('.row');
  if (!row) return;
  select(Number(row.dataset.row), false, e.shiftKey);
  if (target.classList.contains('toggle')) setOpen(Number(row.dataset.row));
});
viewport.addEventListener('dblclick', (e) => {
  const row = (e.target as HTMLElement).closest<HTMLElement>('.row');
  if (row) post({ type: 'open', row: Number(row.dataset.row) });
});
fresh.addEventListener('click', () => {
  fresh.hidden = true;
  select(total - 1);
});

const LEVEL_KEYS: Record<string, string> = { e: 'ERROR', w: 'WARNING', i: 'INFO', a: '' };

root.addEventListener('keydown', (e) => {
  // The timeline has keys of its own; of the list's, only / (to the text filter) reaches it.
  if (e.target instanceof Node && document.getElementById('timeline')!.contains(e.target) && e.key !== '/') return;
  const inField = e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement;
  if (e.key === '/' && !inField) {
    e.preventDefault();
    text.focus();
    text.select();
    return;
  }
  if (inField) {
    if (e.key === 'Escape' || e.key === 'Enter') grid.focus();
    return;
  }
  if (e.key === 'Enter') {
    post({ type: 'open', row: selected });
    return;
  }
  if ((e.ctrlKey || e.metaKey) && e.key === 'c') {
    const lo = Math.min(anchor, selected);
    const hi = Math.min(Math.max(anchor, selected), lo + 1999);
    post({ type: 'copy', rows: Array.from({ length: hi - lo + 1 }, (_, i) => lo + i) });
    return;
  }
  const plain = !e.ctrlKey && !e.metaKey && !e.altKey;
  if (plain && e.key in LEVEL_KEYS) {
    // One key for the minimum level: e errors, w warnings, i info, a all.
    level.value = LEVEL_KEYS[e.key];
    filterChanged();
    return;
  }
  if ((e.key === 'n' || e.key === 'N') && plain) {
    e.preventDefault();
    showStatus('Finding…');
    post({ type: 'find', from: selected, backward: e.key === 'N' });
    return;
  }
  if (e.key === 'ArrowRight' || e.key === 'ArrowLeft' || e.key === ' ') {
    e.preventDefault();
    setOpen(selected, e.key === ' ' ? undefined : e.key === 'ArrowRight');
    return;
  }
  const pageRows = Math.floor(viewport.clientHeight / ROW_HEIGHT);
  const next = nextSelection(e.key, selected, total, pageRows);
  if (next !== undefined) {
    e.preventDefault();
    select(next, true, e.shiftKey);
  }
});

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const m = event.data;
  switch (m.type) {
    case 'reset':
      total = m.total;
      cache.clear();
      layout.clear();
      asked = '';
      // The toolbar is the user's: the host's copy of the filter fills it only when the page
      // loads (a later reset answers an edit and may be older than the fields are now).
      if (!toolbarLoaded) {
        toolbarLoaded = true;
        setAttempts(m.attempts, m.filter.attempt);
        setFilterFields(m.filter);
      } else setAttempts(m.attempts, attempt.value);
      root.setAttribute('aria-label', `Job Log of ${m.title}`);
      grid.setAttribute('aria-rowcount', String(total));
      problem.textContent = m.problem ?? '';
      problem.hidden = !m.problem;
      showCount(total, m.records, 'building' in m && m.building);
      selected = Math.min(selected, Math.max(0, total - 1));
      layout.total = total;
      spacer.style.height = `${layout.scrollHeight()}px`;
      if (following) viewport.scrollTop = layout.scrollHeight();
      render();
      break;
    case 'rows':
      total = m.total;
      for (const r of m.rows) cache.set(r.row, r);
      render();
      break;
    case 'progress':
      total = m.total;
      grid.setAttribute('aria-rowcount', String(total));
      showCount(total, m.records, 'building' in m && m.building);
      render();
      updateFollowing();
      break;
    case 'appended':
      // New records can land between old ones (another rank's clock): the rows move, ask again.
      total = m.total;
      cache.clear();
      layout.clear();
      asked = '';
      grid.setAttribute('aria-rowcount', String(total));
      showCount(total, m.records, false);
      if (following) {
        asked = '';
        layout.total = total;
        spacer.style.height = `${layout.scrollHeight()}px`;
        viewport.scrollTop = layout.scrollHeight();
        render();
      } else if (m.newRows > 0) {
        fresh.textContent = `${m.newRows.toLocaleString()} new records`;
        fresh.hidden = false;
        render();
      }
      break;
    case 'reveal':
      following = false;
      select(m.row);
      grid.focus();
      break;
    case 'timeline':
      timeline.setData(m.data);
      break;
    case 'timelineLanes':
      timeline.updateLanes(m.frame, m.lanes);
      break;
    case 'timelineRecord':
      timeline.showRecord(m.rank, m.time, m.text);
      break;
    case 'filterFields':
      setFilterFields(m.filter);
      break;
    case 'launcher':
      launcherText.textContent = m.text ?? '';
      launcherNote.classList.toggle('mostly', m.mostly === true);
      launcherNote.hidden = m.text === undefined;
      break;
    case 'found':
      showStatus(m.message ?? '');
      if (m.row !== undefined) {
        following = false;
        select(m.row);
      }
      break;
  }
});

setFilterFields(EMPTY_FILTER);
post({ type: 'ready' });
