// One Job Log panel per job folder: the filtered merge of its ranks as a virtualized grid. The
// host holds the position index and sends windows of rows; the webview never holds the job.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { JobLogIndex } from '../core/jobLogIndex';
import { rankRanges, REPEAT_WINDOW_MS } from '../core/jobRepeats';
import { attemptSpans, filterFromText, matchesText, MergedRecord, MergeFilter, MergeSource } from '../core/jobMerge';
import { JobNode } from '../core/workerTreeModel';
import type { LauncherNote } from '../core/launcherNote';
import { formatRecordLine } from '../core/recordText';
import { formatClockMs, formatTime } from '../core/timestamps';
import { inBackground } from '../background';
import { JobOverview } from '../jobs/jobOverview';
import { JobStore } from '../jobs/jobStore';
import { log } from '../log';
import { openLogAt } from '../openLog';
import { EMPTY_FILTER, HostMessage, JobLogFilterText, JobLogRow, parseWebviewMessage } from '../shared/jobLogProtocol';
import { ProgressSource, TimelineFeed } from '../timeline/timelineFeed';
import { timelineSection } from '../timeline/timelineHtml';
import { webviewOptions, webviewPage } from '../webviewPage';
import { guardRegExps } from '../regexpGuard';

// Terminal colour and title sequences in log text: shown as the text they colour, never run.
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g;
const RESUME = /^=== Resume at .+ ===$/;
const REBUILD_MS = 150;
/** Whether the user left the Job Log's timeline unfolded (every Job Log, every workspace). */
const TIMELINE_OPEN_KEY = 'jobLog.timelineOpen';
const PROGRESS_MS = 250;

/** An imported job's lines that name no rank (`ImportedJobs.launcherNoteOf`): their file, and what the Job Log says of them. */
export type LauncherLinesOf = (dir: string) => { file: string; note: LauncherNote } | undefined;

export class JobLogPanel implements vscode.Disposable {
  private index: JobLogIndex | undefined;
  /** The refresh loop while it runs; a change asked for meanwhile is picked up by it. */
  private building: Promise<void> | undefined;
  private wantFull = false;
  private wantUpdate = false;
  private files = new Map<number, { size: number; generation: number }>();
  private rebuildTimer: NodeJS.Timeout | undefined;
  private filterText: JobLogFilterText;
  private filter: MergeFilter = {};
  /** What n / N look for, when the text marks matches instead of hiding rows. */
  private find: RegExp | undefined;
  private problem: string | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private version = 0;
  /** A reveal the webview may have missed (it reloads when it was hidden or moved). */
  private pendingReveal: { row: number; at: number } | undefined;
  /** The Job Timeline above the rows. */
  readonly timeline: TimelineFeed;
  /** The note on the lines that name no rank the webview shows ('' for none), to post it only when it changes. */
  private launcherShown: string | undefined;

  constructor(
    readonly dir: string,
    readonly panel: vscode.WebviewPanel,
    private readonly context: vscode.ExtensionContext,
    private readonly store: JobStore,
    overview: JobOverview,
    progress: ProgressSource | undefined,
    private readonly launcherLines: LauncherLinesOf = () => undefined,
  ) {
    this.timeline = new TimelineFeed(dir, store, overview, (m) => this.post(m));
    this.timeline.useProgress(progress);
    this.filterText = { ...EMPTY_FILTER, ...context.workspaceState.get<Partial<JobLogFilterText>>(this.stateKey) };
    this.applyFilterText(this.filterText);
    panel.webview.options = webviewOptions(context.extensionUri);
    panel.webview.html = this.html();
    panel.webview.onDidReceiveMessage((m) => this.receive(m), undefined, this.disposables);
    // Appended records, new and deleted ranks: rebuild soon (merged), keeping the filter.
    this.disposables.push(store.onDidChange(() => this.rebuildSoon()));
  }

  private job(): JobNode | undefined {
    return this.timeline.job();
  }

  /** The toolbar's text as the filter; an attempt becomes each rank's byte spans of it. */
  private applyFilterText(f: JobLogFilterText): void {
    // A typed expression that backtracks for ever on some record must not hold the window.
    if (f.regex && f.text) guardRegExps();
    const { filter, find, problem } = filterFromText(f);
    this.find = find;
    const problems = problem ? [problem] : [];
    const n = Number(f.attempt.trim());
    if (f.attempt.trim() && Number.isInteger(n)) {
      const job = this.job();
      const siblings = this.ranks();
      const spans = job && attemptSpans(job.summary, (rank) => siblings.find((s) => s.rank === rank)?.index.snapshot().sessions, n);
      if (spans) filter.spans = spans;
      else problems.push(`Attempt ${n}: the job has ${job?.summary.attempts.length ?? 0} attempts.`);
    }
    this.filterText = f;
    this.filter = filter;
    this.problem = problems.length ? problems.join(' ') : undefined;
  }

  /** The job folder's rank logs as the store holds them. */
  private ranks(): ReturnType<JobStore['siblings']> {
    return this.store.siblings(path.join(this.dir, 'worker_0.log'));
  }

  private get stateKey(): string {
    return `jobLog.filter:${this.dir}`;
  }

  private sources(): MergeSource[] {
    // A capture whose records carry no times: in the capture's order, not each rank's in turn.
    const order = this.store.recordOrderOf(this.dir);
    return this.ranks()
      .filter((s) => s.index.snapshot().state === 'ok')
      .map((s) => ({ rank: s.rank, path: s.path, ...(order ? { order } : {}) }));
  }

  private post(m: HostMessage): void {
    inBackground(this.panel.webview.postMessage(m), 'Sending rows to the Job Log');
  }

  /** The records of every rank, as the ranks' indexes count them ("12 rows of 8,000,000 records"). */
  private recordCount(): number {
    let n = 0;
    for (const s of this.ranks()) n += s.index.snapshot().records;
    return n;
  }

  /** Each rank's file as the index last read it: a shrunk or replaced file means a new index. */
  private fileStates(): Map<number, { size: number; generation: number }> {
    const states = new Map<number, { size: number; generation: number }>();
    for (const s of this.ranks()) {
      const snap = s.index.snapshot();
      if (snap.state === 'ok') states.set(s.rank, { size: snap.size, generation: snap.generation });
    }
    return states;
  }

  /** Reads again: from the start for a new filter (`full`), else only what the ranks appended. */
  rebuild(full = true): Promise<void> {
    if (full) {
      this.wantFull = true;
      this.version++; // stops a build in progress
    } else this.wantUpdate = true;
    this.building ??= this.refreshLoop().finally(() => (this.building = undefined));
    return this.building;
  }

  private async refreshLoop(): Promise<void> {
    while (this.wantFull || this.wantUpdate) {
      const full = this.wantFull || !this.index;
      this.wantFull = this.wantUpdate = false;
      const files = this.fileStates();
      try {
        if (full || this.needsNewIndex(files)) await this.readFromStart(files);
        else await this.readAppended(files);
      } catch (e) {
        log.error(`Job Log of ${this.dir}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }

  /** A rank came or went, or a file shrank or was replaced: appended reading cannot answer. */
  private needsNewIndex(files: Map<number, { size: number; generation: number }>): boolean {
    if (files.size !== this.files.size) return true;
    for (const [rank, f] of files) {
      const before = this.files.get(rank);
      if (!before || before.generation !== f.generation || f.size < before.size) return true;
    }
    return false;
  }

  private async readFromStart(files: Map<number, { size: number; generation: number }>): Promise<void> {
    const version = this.version;
    let posted = Date.now();
    const repeatWindow = vscode.workspace.getConfiguration('workerLogs').get<number>('jobLog.repeatWindowMs', REPEAT_WINDOW_MS);
    const index = JobLogIndex.open(this.sources(), {
      filter: this.filter,
      repeatWindowMs: this.filterText.repeats && repeatWindow > 0 ? repeatWindow : undefined,
      progress: (rows) => {
        if (version !== this.version) return true;
        if (Date.now() - posted > PROGRESS_MS) {
          posted = Date.now();
          this.post({ type: 'progress', total: rows, records: this.recordCount(), building: true });
        }
        return false;
      },
    });
    this.index = index;
    this.files = files;
    this.post(this.resetMessage(true));
    this.postLauncher(true);
    await index.run();
    if (version === this.version) this.post({ type: 'progress', total: index.rows, records: this.recordCount(), building: false });
  }

  private async readAppended(files: Map<number, { size: number; generation: number }>): Promise<void> {
    const index = this.index!;
    const grown = new Set([...files].filter(([rank, f]) => f.size !== this.files.get(rank)?.size).map(([rank]) => rank));
    this.files = files;
    // (The launcher's lines may grow alone.)
    this.postLauncher(false);
    if (grown.size === 0) return;
    const before = index.rows;
    await index.update(grown);
    this.post({ type: 'appended', total: index.rows, records: this.recordCount(), newRows: Math.max(0, index.rows - before) });
  }

  /** What the rows leave out of an imported job: its lines that name no rank (`launcherNote`); posted when it changed, or always (`again`). */
  private postLauncher(again: boolean): void {
    const note = this.launcherLines(this.dir)?.note;
    const text = note ? `${note.text}. They are the Launcher's lines (the Workers view's Launcher item), not in the Job Log.` : '';
    if (!again && text === this.launcherShown) return;
    this.launcherShown = text;
    this.post(note ? { type: 'launcher', text, mostly: note.mostly } : { type: 'launcher' });
  }

  private rebuildSoon(): void {
    this.rebuildTimer ??= setTimeout(() => {
      this.rebuildTimer = undefined;
      inBackground(this.rebuild(false), 'Updating the Job Log');
    }, REBUILD_MS);
  }

  private resetMessage(building: boolean): HostMessage {
    const ranks = this.sources().map((s) => s.rank);
    const attempts = this.job()?.summary.attempts.length ?? 0;
    return { type: 'reset', total: this.index?.rows ?? 0, records: this.recordCount(), filter: this.filterText, problem: this.problem, title: path.basename(this.dir), ranks, attempts, building };
  }

  private async receive(raw: unknown): Promise<void> {
    const m = parseWebviewMessage(raw);
    if (!m) {
      log.warn(`Job Log: ignored a malformed message from the webview: ${JSON.stringify(raw)?.slice(0, 200)}`);
      return;
    }
    switch (m.type) {
      case 'ready': {
        // A reloaded webview (hidden and shown again, moved): the index is still good.
        if (this.index) {
          this.post(this.resetMessage(this.building !== undefined));
          this.postLauncher(true);
        } else inBackground(this.rebuild(), 'Reading the Job Log');
        this.timeline.send();
        const pending = this.pendingReveal;
        if (pending && Date.now() - pending.at < 10_000) this.post({ type: 'reveal', row: pending.row });
        this.pendingReveal = undefined;
        break;
      }
      case 'filter':
        this.applyFilterText(m.filter);
        await this.context.workspaceState.update(this.stateKey, m.filter);
        await this.rebuild();
        break;
      case 'window':
        await this.sendWindow(m.start, m.count);
        break;
      case 'open': {
        const r = (await this.index?.window(m.row, 1))?.[0];
        if (r) await openLogAt(r.path, r.line, { preview: false });
        break;
      }
      case 'copy': {
        const rows = await Promise.all(m.rows.map(async (row) => (await this.index?.window(row, 1))?.[0]));
        const text = rows.filter((r): r is MergedRecord => r !== undefined).map((r) => formatRecordLine(r, 1)).join('\n');
        if (text) await vscode.env.clipboard.writeText(text);
        break;
      }
      case 'follow':
        break;
      case 'find':
        await this.findNext(m.from, m.backward);
        break;
      case 'timelineOpen':
      case 'timelineMoment': {
        const problem = await this.showFromTimeline(m);
        if (problem) this.post({ type: 'found', message: problem });
        break;
      }
      case 'timelineFilter':
        await this.applyTimelineFilter(m);
        break;
      case 'timelineRecordAt':
        await this.timeline.recordAt(m.rank, m.time);
        break;
      case 'timelineFold':
        await this.context.globalState.update(TIMELINE_OPEN_KEY, m.open);
        break;
      case 'openLauncher': {
        const lines = this.launcherLines(this.dir);
        if (lines) await openLogAt(lines.file, 0, { own: true, preview: false });
        else void vscode.window.showInformationMessage(`${path.basename(this.dir)} has no lines without a rank now.`);
        break;
      }
    }
  }

  /**
   * A mark's record, or a rank's record at a moment, picked in a timeline (this panel's or one of
   * its own): selected in the rows. Says why not, when it cannot be.
   */
  async showFromTimeline(m: { type: 'timelineOpen'; rank: number; line: number } | { type: 'timelineMoment'; rank: number; time: number }): Promise<string | undefined> {
    const line = m.type === 'timelineOpen' ? m.line : await this.timeline.lineAt(m.rank, m.time);
    if (line === undefined) return `Rank ${m.rank} wrote no record with a time at or before that moment.`;
    return (await this.reveal(m.rank, line)) ? undefined : `Rank ${m.rank}'s record at line ${line + 1} is not in the Job Log's rows: its filter leaves it out.`;
  }

  /**
   * A rank or a time range picked in the timeline, as the filter (the rest of it kept). The same
   * rank picked again shows every rank.
   */
  async applyTimelineFilter(part: { ranks?: string; since?: string; until?: string }): Promise<void> {
    const f = { ...this.filterText };
    if (part.ranks !== undefined) f.ranks = part.ranks === f.ranks ? '' : part.ranks;
    if (part.since !== undefined) f.since = part.since;
    if (part.until !== undefined) f.until = part.until;
    this.post({ type: 'filterFields', filter: f });
    this.applyFilterText(f);
    await this.context.workspaceState.update(this.stateKey, f);
    await this.rebuild();
  }

  private async sendWindow(start: number, count: number): Promise<void> {
    const index = this.index;
    if (!index) return;
    const failure = this.job()?.firstFailure;
    const failureAt = failure ? { rank: failure.rank, line: failure.record.line } : undefined;
    const records = await index.window(start, count);
    const rows: JobLogRow[] = records.map((r, i) => ({
      row: start + i,
      rank: r.source,
      time: r.sortTime === undefined ? '' : `${r.approximate ? '~' : ''}${formatClockMs(r.sortTime)}`,
      date: r.sortTime === undefined ? '' : `${r.approximate ? 'about ' : ''}${formatTime(r.sortTime, true)}`,
      level: r.level,
      logger: r.logger,
      message: r.message.replace(ANSI, '').slice(0, 2000),
      more: r.continuation.map((l) => l.replace(ANSI, '').slice(0, 2000)),
      resume: RESUME.test(r.message),
      firstFailure: failureAt !== undefined && (r.repeat?.records ?? []).concat(r).some((x) => failureAt.rank === x.source && failureAt.line === x.line),
      group: r.repeat && {
        label: rankRanges(r.repeat.ranks),
        ranks: r.repeat.ranks,
        missing: r.repeat.missing,
        others: r.repeat.records.map((x) => `rank ${x.source}${x.sortTime === undefined ? '' : ` at ${formatClockMs(x.sortTime)}`}, line ${x.line + 1}`),
      },
      match: this.matchesFind(r),
    }));
    this.post({ type: 'rows', start, rows, total: index.rows });
  }

  private matchesFind(r: MergedRecord): boolean {
    return this.find !== undefined && matchesText(r, this.find);
  }

  /** n / N: the next or previous row the text matches (when it marks rows rather than hides them). */
  private async findNext(from: number, backward: boolean): Promise<void> {
    const index = this.index;
    if (!index) return;
    if (!this.find) {
      this.post({ type: 'found', message: 'Type a text and clear "only matches" to step through matches with n and N.' });
      return;
    }
    const row = await index.find(from, backward, (r) => this.matchesFind(r));
    this.post(row === undefined ? { type: 'found', message: `No ${backward ? 'earlier' : 'later'} match.` } : { type: 'found', row });
  }

  /** Scrolls the panel to the record of `rank` at `line` (Reveal in Job Log). */
  async reveal(rank: number, line: number): Promise<boolean> {
    // A panel just opened has no index yet: start reading (it is usable at once).
    if (!this.index) inBackground(this.rebuild(), 'Reading the Job Log');
    const row = await this.index?.rowOf(rank, line);
    if (row === undefined) return false;
    this.pendingReveal = { row, at: Date.now() };
    this.post({ type: 'reveal', row });
    return true;
  }

  private html(): string {
    return webviewPage(this.panel.webview, this.context.extensionUri, {
      title: 'Job Log',
      styles: [
        ['dist', 'webview', 'jobLog.css'],
        ['media', 'jobLog.css'],
        ['media', 'timeline.css'],
      ],
      script: ['dist', 'webview', 'jobLog.js'],
      body: `<div id="job-log" data-gwl-webview="job-log">
<div class="toolbar" role="toolbar" aria-label="Filters">
<label title="In the list: e errors, w warnings, i info, a all">Level <select id="level"><option value="">all</option><option value="DEBUG">debug</option><option value="INFO">info</option><option value="WARNING">warning</option><option value="ERROR">error</option><option value="CRITICAL">critical</option></select></label>
<label>Ranks <input id="ranks" type="text" placeholder="0,3-5 or !2" aria-label="Ranks"></label>
<label>Text <input id="text" type="text" placeholder="/ to search" aria-label="Text"></label>
<label title="The text is a regular expression"><input id="regex" type="checkbox"><span class="codicon codicon-regex" aria-hidden="true"></span> regex</label>
<label title="Upper and lower case differ"><input id="case" type="checkbox"><span class="codicon codicon-case-sensitive" aria-hidden="true"></span> case</label>
<label title="Hide rows the text does not match; clear to keep every row, mark matches and step through them with n and N"><input id="only-matches" type="checkbox"><span class="codicon codicon-filter" aria-hidden="true"></span> only matches</label>
<label>From <input id="since" type="text" placeholder="YYYY-MM-DD HH:MM:SS" aria-label="From time"></label>
<label>To <input id="until" type="text" placeholder="YYYY-MM-DD HH:MM:SS" aria-label="To time"></label>
<label>Attempt <select id="attempt"><option value="">all</option></select></label>
<label title="The same record of several ranks within a moment is one row, such as [0-7], naming the ranks that did not log it"><input id="repeats" type="checkbox"><span class="codicon codicon-layers" aria-hidden="true"></span> group repeats</label>
<span id="count" aria-live="polite"></span>
</div>
<div id="problem" role="alert" hidden></div>
<div id="status" role="status" aria-live="polite" hidden></div>
<div id="launcher-note" role="note" hidden><span class="codicon codicon-terminal" aria-hidden="true"></span> <span id="launcher-text"></span> <button id="launcher-open" type="button" title="Opens the lines that name no rank, read-only">Open the Launcher's Lines</button></div>
${timelineSection(false, this.context.globalState.get<boolean>(TIMELINE_OPEN_KEY) !== false)}
<div id="grid" role="grid" tabindex="0" aria-label="Records of every rank, by time">
<div id="viewport"><div id="spacer"></div></div>
</div>
<button id="new-records" hidden></button>
</div>`,
    });
  }

  dispose(): void {
    this.timeline.dispose();
    clearTimeout(this.rebuildTimer);
    this.version++;
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
