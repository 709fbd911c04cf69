// The Job Log webview: a virtualized grid of the merged rows (only the rows in view are in the
// DOM; the host sends windows of rows on request), a toolbar of filters, and the keyboard.
// Log text is only ever set with textContent.
import { EMPTY_FILTER, HostMessage, JobLogFilterText, JobLogRow, WebviewMessage } from '../../shared/jobLogProtocol';
import { nextSelection, ROW_HEIGHT, scrollToShow, visibleRows, windowFor } from './layout';

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
const count = document.getElementById('count')!;
const problem = document.getElementById('problem')!;
const grid = document.getElementById('grid')!;
const viewport = document.getElementById('viewport')!;
const spacer = document.getElementById('spacer')!;
const details = document.getElementById('details')!;
const fresh = document.getElementById('new-records') as HTMLButtonElement;

let total = 0;
let selected = 0;
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
}

/** One option per attempt of the job (1 first), besides "all". */
function setAttempts(n: number, chosen: string): void {
  const options = [el('option', undefined, 'all')];
  options[0].value = '';
  for (let i = 1; i <= n; i++) {
    const o = el('option', undefined, String(i));
    o.value = String(i);
    options.push(o);
  }
  attempt.replaceChildren(...options);
  attempt.value = chosen;
}

function filter(): JobLogFilterText {
  return { level: level.value, ranks: ranks.value, text: text.value, regex: regex.checked, caseSensitive: caseSensitive.checked, since: since.value, until: until.value, attempt: attempt.value };
}

let filterTimer: ReturnType<typeof setTimeout> | undefined;
function filterChanged(): void {
  clearTimeout(filterTimer);
  filterTimer = setTimeout(() => post({ type: 'filter', filter: filter() }), 150);
}
for (const input of [level, regex, caseSensitive, attempt]) input.addEventListener('change', filterChanged);
for (const input of [ranks, text, since, until]) input.addEventListener('input', filterChanged);

function rowLabel(r: JobLogRow): string {
  return `${r.date || 'no time'}, rank ${r.rank}, ${r.level || 'no level'}: ${r.message}${r.firstFailure ? ', first failure of the job' : ''}${r.more.length ? `, ${r.more.length} more lines` : ''}`;
}

function rowElement(r: JobLogRow): HTMLElement {
  const row = el('div', `row level-${(r.level || 'none').toLowerCase()}${r.resume ? ' resume' : ''}${r.firstFailure ? ' first-failure' : ''}${r.row === selected ? ' selected' : ''}`);
  row.setAttribute('role', 'row');
  row.setAttribute('aria-rowindex', String(r.row + 1));
  row.setAttribute('aria-selected', String(r.row === selected));
  row.setAttribute('aria-label', rowLabel(r));
  row.dataset.row = String(r.row);
  row.style.top = `${r.row * ROW_HEIGHT}px`;
  const cells: [string, string][] = [
    ['time', r.time],
    [`rank rank-c${r.rank % 8}`, String(r.rank)],
    ['level', r.level],
    ['logger', r.logger],
    ['message', `${r.firstFailure ? '🔥 ' : ''}${r.message}${r.more.length ? `  ▸ ${r.more.length}` : ''}`],
  ];
  for (const [cls, value] of cells) {
    const cell = el('span', cls, value);
    cell.setAttribute('role', 'gridcell');
    row.append(cell);
  }
  row.title = r.date;
  return row;
}

function render(): void {
  spacer.style.height = `${total * ROW_HEIGHT}px`;
  const { first, last } = visibleRows(viewport.scrollTop, viewport.clientHeight, total);
  const rows: HTMLElement[] = [];
  let missing = false;
  for (let i = first; i < last; i++) {
    const r = cache.get(i);
    if (r) rows.push(rowElement(r));
    else missing = true;
  }
  spacer.replaceChildren(...rows);
  if (missing) {
    const w = windowFor(first, last);
    const key = `${w.start}:${w.count}`;
    if (key !== asked) {
      asked = key;
      post({ type: 'window', start: w.start, count: w.count });
    }
  }
  const sel = cache.get(selected);
  details.replaceChildren(...(sel && sel.more.length ? sel.more.map((l) => el('div', 'more-line', l)) : []));
  details.hidden = !(sel && sel.more.length);
}

function select(row: number, reveal = true): void {
  selected = row;
  if (reveal) viewport.scrollTop = scrollToShow(row, viewport.scrollTop, viewport.clientHeight);
  render();
  grid.setAttribute('aria-activedescendant', '');
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
  const row = (e.target as HTMLElement).closest<HTMLElement>('.row');
  if (row) select(Number(row.dataset.row), false);
});
viewport.addEventListener('dblclick', (e) => {
  const row = (e.target as HTMLElement).closest<HTMLElement>('.row');
  if (row) post({ type: 'open', row: Number(row.dataset.row) });
});
fresh.addEventListener('click', () => {
  fresh.hidden = true;
  select(total - 1);
});

root.addEventListener('keydown', (e) => {
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
    post({ type: 'copy', rows: [selected] });
    return;
  }
  const pageRows = Math.floor(viewport.clientHeight / ROW_HEIGHT);
  const next = nextSelection(e.key, selected, total, pageRows);
  if (next !== undefined) {
    e.preventDefault();
    select(next);
  }
});

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const m = event.data;
  switch (m.type) {
    case 'reset':
      total = m.total;
      cache.clear();
      asked = '';
      setAttempts(m.attempts, m.filter.attempt);
      setFilterFields(m.filter);
      root.setAttribute('aria-label', `Job Log of ${m.title}`);
      grid.setAttribute('aria-rowcount', String(total));
      problem.textContent = m.problem ?? '';
      problem.hidden = !m.problem;
      count.textContent = `${m.building ? 'reading… ' : ''}${total.toLocaleString()} records`;
      selected = Math.min(selected, Math.max(0, total - 1));
      if (following) viewport.scrollTop = total * ROW_HEIGHT;
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
      count.textContent = `${m.building ? 'reading… ' : ''}${total.toLocaleString()} records`;
      render();
      updateFollowing();
      break;
    case 'appended':
      // New records can land between old ones (another rank's clock): the rows move, ask again.
      total = m.total;
      cache.clear();
      asked = '';
      grid.setAttribute('aria-rowcount', String(total));
      count.textContent = `${total.toLocaleString()} records`;
      if (following) {
        asked = '';
        viewport.scrollTop = total * ROW_HEIGHT;
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
  }
});

setFilterFields(EMPTY_FILTER);
post({ type: 'ready' });
