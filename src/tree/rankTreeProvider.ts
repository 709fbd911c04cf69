// Renders the jobs model as the "Workers" view: folder -> rank -> session -> error records.
import * as vscode from 'vscode';
import * as path from 'node:path';
import { RankState } from '../core/jobSummary';
import { ErrorRecord } from '../core/indexModel';
import { isInterrupt } from '../core/rankEnding';
import { DiagnosisNode, FindingNode } from '../core/diagnosisTree';
import { ProgressLag, progressLabel } from '../core/progress';
import { formatTime } from '../core/timestamps';
import type { LauncherNote } from '../core/launcherNote';
import { JobNode, LauncherNode, openTarget, RankNode, SessionNode, WorkerTreeNode } from '../core/workerTreeModel';
import { plural } from '../core/wording';

const STATE_ICONS: Record<RankState, [string, string | undefined]> = {
  running: ['sync~spin', 'charts.blue'],
  failed: ['error', 'errorForeground'],
  stalled: ['watch', 'editorWarning.foreground'],
  finished: ['pass', 'testing.iconPassed'],
  unreadable: ['question', 'disabledForeground'],
};

/** A finished rank whose process was stopped (`RankNode.stopped`): neither passed nor failed. */
const STOPPED_ICON: [string, string | undefined] = ['debug-stop', 'disabledForeground'];
/** A rank whose log just ends where nothing records how ranks ended (`RankNode.endingUnknown`): not shown as passed. */
const UNKNOWN_ENDING_ICON: [string, string | undefined] = ['circle-large-outline', 'disabledForeground'];

export const OPEN_NODE_COMMAND = 'workerLogs.openLog';
/** Opens an imported rank's (or the launcher's) own lines, read-only. */
export const OPEN_OWN_LINES_COMMAND = 'workerLogs.openOwnLines';

/** What the view asks of the jobs read from other launchers' logs. */
export interface ImportedView {
  isImported(dir: string): boolean;
  /** The launcher's lines: a capture's without a rank prefix, or a task job's batch output (`batchOutput`, its files). */
  launcherOf(dir: string): { file: string; lines: number; batchOutput?: string[] } | undefined;
  /** What those lines are (`launcherNote`): when `mostly`, the ranks' records are among them. */
  launcherNoteOf(dir: string): { note: LauncherNote } | undefined;
  /** A pdsh host, a node's run folder and local rank: shown beside the rank's number. */
  rankNameOf(dir: string, rank: number): string | undefined;
}

function icon(id: string, color?: string): vscode.ThemeIcon {
  return new vscode.ThemeIcon(id, color ? new vscode.ThemeColor(color) : undefined);
}

function sessionIcon(s: SessionNode): vscode.ThemeIcon {
  if (s.isFirstFailure) return icon('flame', 'errorForeground');
  if (s.failed) return icon('error', 'errorForeground');
  return icon(s.index === 0 ? 'debug-start' : 'debug-restart');
}

const SEVERITY_ICONS = { error: ['error', 'errorForeground'], warning: ['warning', 'editorWarning.foreground'], info: ['info', undefined] } as const;

/** `held` made the same as `node` (its own fields, no longer any it had besides). */
function renew(held: WorkerTreeNode, node: WorkerTreeNode): void {
  const h = held as unknown as Record<string, unknown>;
  for (const key of Object.keys(h)) if (!(key in node)) delete h[key];
  Object.assign(h, node);
}

export class RankTreeProvider implements vscode.TreeDataProvider<WorkerTreeNode> {
  private jobs: JobNode[] = [];
  private parents = new Map<string, WorkerTreeNode>();
  /** The Diagnosis item heading each job folder that has one, by folder. */
  private diagnoses = new Map<string, DiagnosisNode>();
  private diagnosisParents = new Map<string, DiagnosisNode | FindingNode>();
  private readonly changed = new vscode.EventEmitter<WorkerTreeNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /**
   * Each item's newest node by id (jobs, ranks, sessions and their records, launchers), and the
   * node VS Code was given for it (`held`): an item that changed is rendered again from its newest
   * node, by the one VS Code holds, and nothing else. (Each render of an item replaces its command,
   * and that of its children; a click on one as it did so ran nothing, "actual command not found":
   * a live job re-rendered the whole view at every record.)
   */
  private latest = new Map<string, WorkerTreeNode>();
  private held = new Map<string, WorkerTreeNode>();
  /** What each item shows (`shownOf`), by id, and the top level's items. */
  private shown = new Map<string, string>();
  private shownTop = '';

  get model(): readonly JobNode[] {
    return this.jobs;
  }

  setModel(jobs: JobNode[]): void {
    this.jobs = jobs;
    this.parents.clear();
    for (const job of jobs) {
      for (const rank of job.ranks) {
        this.parents.set(rank.id, job);
        for (const s of rank.sessions) {
          this.parents.set(s.id, rank);
          for (const c of s.children) this.parents.set(c.id, s);
        }
      }
    }
    this.render();
  }

  /**
   * Renders again what changed: the whole view when its top level did, else each item VS Code
   * holds whose words, icon or children changed. A rebuild that changed nothing shown (a live
   * job's clock, every 5 s) renders nothing.
   */
  private render(): void {
    const latest = new Map<string, WorkerTreeNode>();
    const shown = new Map<string, string>();
    const add = (node: WorkerTreeNode): void => {
      latest.set(node.id, node);
      shown.set(node.id, this.shownOf(node));
    };
    for (const job of this.jobs) {
      add(job);
      const launcher = this.launcherNode(job);
      if (launcher) add(launcher);
      for (const rank of job.ranks) {
        add(rank);
        for (const s of rank.sessions) {
          add(s);
          for (const c of s.children) add(c);
        }
      }
    }
    const top = JSON.stringify([this.jobs.length === 1, ...this.getTopLevel().map((n) => n.id)]);
    const before = this.shown;
    this.latest = latest;
    this.shown = shown;
    if (top !== this.shownTop) {
      this.shownTop = top;
      this.renderAll();
      return;
    }
    // Items gone from the model are let go of (their parents changed, and render their children
    // again); the others' held copies become the newest nodes.
    for (const [id, h] of this.held) {
      const n = latest.get(id);
      if (n && n.kind === h.kind) renew(h, n);
      else if (h.kind !== 'diagnosis' && h.kind !== 'finding') this.held.delete(id);
    }
    const changed = [...shown.keys()].filter((id) => shown.get(id) !== before.get(id));
    if (changed.length === 0) return;
    // (Nothing held yet: VS Code has shown nothing of the view; its first look reads it all.)
    if (this.held.size === 0) this.changed.fire(undefined);
    else {
      const held = changed.flatMap((id) => this.held.get(id) ?? []);
      if (held.length) this.changed.fire(held);
    }
  }

  /** Renders the whole view again (VS Code forgets every item it holds). */
  private renderAll(): void {
    this.held.clear();
    this.changed.fire(undefined);
  }

  /**
   * What the view shows of `node` as `getTreeItem` reads it (not the indexes it holds), its
   * children by id, and the imports' words on it (a rank's name and progress, the launcher's lines).
   */
  private shownOf(node: WorkerTreeNode): string {
    const own = JSON.stringify(node, (key, value: unknown) => {
      if (key === 'summary' || key === 'session' || key === 'firstFailure') return undefined;
      if (key !== '' && (key === 'ranks' || key === 'sessions' || key === 'children') && Array.isArray(value)) return value.map((c: WorkerTreeNode) => c.id);
      if (key === 'record') {
        const r = value as ErrorRecord;
        return [r.line, r.level, r.message, r.exception];
      }
      return value;
    });
    // (Not its Diagnosis item: a change of the diagnoses renders the whole view.)
    if (node.kind === 'job') return `${own}\n${JSON.stringify([this.imported.isImported(node.dir), this.launcherNode(node)?.id])}`;
    if (node.kind === 'rank') {
      const progress = this.progressOf(node.path);
      return `${own}\n${JSON.stringify([this.imported.rankNameOf(node.dir, node.rank) ?? '', this.imported.isImported(node.dir), progress ? [progressLabel(progress), progress.time] : 0])}`;
    }
    return own;
  }

  /**
   * The node VS Code holds for `node`'s item, if it holds one, else a copy of `node`, now held: a
   * copy of the provider's own, kept as the newest node (`render`), so that what VS Code holds
   * neither reads an old model nor keeps one alive.
   */
  private hold<T extends WorkerTreeNode>(node: T): T {
    const held = this.held.get(node.id);
    if (held) return held as T;
    const copy = { ...node };
    this.held.set(node.id, copy);
    return copy;
  }

  /** The newest node of the item `node` stands for (a node VS Code holds may be older). */
  newest<T extends WorkerTreeNode>(node: T): T {
    const n = this.latest.get(node.id);
    return n && n.kind === node.kind ? (n as T) : node;
  }

  private progressOf: (logPath: string) => ProgressLag | undefined = () => undefined;

  /** Where each rank's step counter stands (shown in its description). */
  setProgress(of: (logPath: string) => ProgressLag | undefined): void {
    this.progressOf = of;
    this.render();
  }

  /** The Diagnosis items of the job folders (replacing all earlier ones). */
  setDiagnoses(nodes: ReadonlyMap<string, DiagnosisNode>): void {
    this.diagnoses = new Map(nodes);
    this.diagnosisParents.clear();
    const walk = (parent: DiagnosisNode | FindingNode): void => {
      for (const c of parent.children) {
        this.diagnosisParents.set(c.id, parent);
        walk(c);
      }
    };
    for (const d of this.diagnoses.values()) walk(d);
    // (Their items are not followed one by one: the whole view renders again, rarely.)
    this.shownTop = '';
    this.render();
  }

  /** The Diagnosis item of a job folder (the node VS Code holds for it, when it holds one: it reveals by it). */
  diagnosisOf(dir: string): DiagnosisNode | undefined {
    const d = this.diagnoses.get(dir);
    return d && ((this.held.get(d.id) as DiagnosisNode | undefined) ?? d);
  }

  private imported: ImportedView = { isImported: () => false, launcherOf: () => undefined, launcherNoteOf: () => undefined, rankNameOf: () => undefined };

  /** Which job folders are read from another launcher's logs, and their launcher's lines. */
  setImports(imported: ImportedView): void {
    this.imported = imported;
    this.shownTop = '';
    this.render();
  }

  /** The launcher's lines of an imported capture or task job, as the item after its ranks. */
  private launcherNode(job: JobNode): LauncherNode | undefined {
    const l = this.imported.launcherOf(job.dir);
    if (!l) return undefined;
    const batch = l.batchOutput?.map((f) => path.basename(f)).join(', ');
    // torch 2's console without --tee: the ranks' records are among them.
    const mostly = this.imported.launcherNoteOf(job.dir)?.note;
    return {
      kind: 'launcher',
      id: `${job.dir}#launcher`,
      dir: job.dir,
      path: l.file,
      label: 'Launcher',
      description: batch ? `${plural(l.lines, 'line')} of ${batch}` : `${plural(l.lines, 'line')} without a rank prefix${mostly?.mostly ? ", the ranks' records among them" : ''}`,
      tooltip: batch
        ? `The job's batch output (${batch}): the batch script's and srun's own lines, where srun says which task died and why. Opens them read-only.`
        : mostly?.mostly
          ? `${mostly.text}. Opens them alone, read-only.`
          : "The capture's lines without a rank prefix: the launcher's own (its failure summary, the scheduler's messages). Opens them alone, read-only.",
      line: 0,
    };
  }

  private jobChildren(job: JobNode): WorkerTreeNode[] {
    const d = this.diagnoses.get(job.dir);
    const launcher = this.launcherNode(job);
    return [...(d ? [d] : []), ...job.ranks, ...(launcher ? [launcher] : [])];
  }

  private getTopLevel(): WorkerTreeNode[] {
    return this.jobs.length === 1 ? this.jobChildren(this.jobs[0]) : this.jobs;
  }

  /** With one job folder, its ranks (and its diagnosis) are the top level. */
  getChildren(node?: WorkerTreeNode): WorkerTreeNode[] {
    return (node ? this.childrenOf(this.newest(node)) : this.getTopLevel()).map((c) => this.hold(c));
  }

  private childrenOf(node: WorkerTreeNode): WorkerTreeNode[] {
    switch (node.kind) {
      case 'job':
        return this.jobChildren(node);
      case 'diagnosis':
      case 'finding':
        return node.children;
      case 'rank':
        return node.sessions;
      case 'session':
        return node.children;
      default:
        return [];
    }
  }

  getParent(node: WorkerTreeNode): WorkerTreeNode | undefined {
    if (node.kind === 'finding') return this.diagnosisParents.get(node.id);
    const parent = node.kind === 'diagnosis' || node.kind === 'launcher' ? this.jobs.find((j) => j.dir === node.dir) : this.parents.get(node.id);
    if (parent?.kind === 'job' && this.jobs.length === 1) return undefined;
    // (The node VS Code holds for it, when it holds one: it finds a parent by the node it was given.)
    return parent && (this.held.get(parent.id) ?? parent);
  }

  /** The item of `element`, from the newest node of its id. */
  getTreeItem(element: WorkerTreeNode): vscode.TreeItem {
    const node = this.newest(element);
    const item = new vscode.TreeItem(node.label);
    item.id = node.id;
    const target = openTarget(node);
    if (node.kind === 'launcher') item.command = { command: OPEN_OWN_LINES_COMMAND, title: "Open the Launcher's Lines", arguments: [node] };
    // (Without arguments: the command reads the item clicked from the view's selection. VS Code
    // keeps a command's arguments by an id it forgets as the item renders again, as a live rank's
    // does every second or so, and a click then ran nothing: "actual command not found".)
    else if (target) item.command = { command: OPEN_NODE_COMMAND, title: 'Open Log' };
    switch (node.kind) {
      case 'job':
        item.description = node.description;
        item.tooltip = new vscode.MarkdownString(node.tooltip);
        item.iconPath = node.failedRanks ? icon('folder', 'errorForeground') : icon('folder');
        item.collapsibleState = vscode.TreeItemCollapsibleState.Expanded;
        item.contextValue = 'job';
        break;
      case 'rank':
        this.rankItem(item, node);
        break;
      case 'session':
        item.description = node.description;
        item.iconPath = sessionIcon(node);
        item.collapsibleState = node.children.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None;
        item.contextValue = node.isFirstFailure ? 'session.firstFailure' : 'session';
        item.tooltip = `${node.label}\nLine ${node.line + 1}${node.description ? `\n${node.description}` : ''}`;
        break;
      case 'error':
        item.description = node.description;
        // A KeyboardInterrupt's traceback is where its rank was stopped (Ctrl+C), not a failure;
        // a thread's uncaught exception, one Python ignored, or one its rank logged and went on from, is no failure (not red).
        item.iconPath = isInterrupt(node.record) ? icon('debug-stop') : node.wentOn ? icon('error', 'editorWarning.foreground') : icon(node.record.level === 'CRITICAL' ? 'flame' : 'error', 'errorForeground');
        item.tooltip = new vscode.MarkdownString(['```', node.record.message, ...(node.record.exception ? [node.record.exception] : []), '```'].join('\n'));
        item.contextValue = 'error';
        break;
      case 'diagnosis': {
        const [id, color] = SEVERITY_ICONS[node.severity];
        item.iconPath = icon(id, color);
        item.tooltip = node.tooltip;
        item.collapsibleState = node.children.length ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None;
        item.contextValue = 'diagnosis';
        break;
      }
      case 'finding':
        if (node.dumpStacksOf !== undefined) item.command = { command: 'workerLogs.dumpStacks', title: 'Dump Stacks of All Ranks', arguments: [node.dumpStacksOf] };
        item.description = node.description;
        item.tooltip = node.tooltip;
        item.iconPath = icon(node.icon, node.warn ? 'editorWarning.foreground' : undefined);
        item.collapsibleState = node.children.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None;
        item.contextValue = node.path ? 'finding.open' : 'finding';
        break;
      case 'dump':
        item.description = node.description;
        item.iconPath = icon('debug-stackframe', 'editorWarning.foreground');
        item.tooltip = `Stack dump of rank ${node.rank} (faulthandler): every thread's stack at that moment. Its time is the last record's before it.\nLine ${node.line + 1}`;
        item.contextValue = 'stackDump';
        break;
      case 'more':
        item.iconPath = icon('ellipsis');
        item.contextValue = 'more';
        break;
      case 'launcher':
        item.description = node.description;
        item.iconPath = icon('terminal');
        item.tooltip = node.tooltip;
        item.contextValue = 'launcher';
        break;
    }
    return item;
  }

  private rankItem(item: vscode.TreeItem, node: RankNode): void {
    const progress = this.progressOf(node.path);
    const name = this.imported.rankNameOf(node.dir, node.rank);
    const description = name ? `${name} · ${node.description}` : node.description;
    item.description = progress ? `${description} · ${progressLabel(progress)}` : description;
    item.tooltip = new vscode.MarkdownString(progress ? `${node.tooltip}\n\nProgress: ${progressLabel(progress)}${progress.time !== undefined ? ` (${formatTime(progress.time)})` : ''}` : node.tooltip);
    const [id, color] = node.stopped && node.state === 'finished' ? STOPPED_ICON : node.endingUnknown && node.state === 'finished' ? UNKNOWN_ENDING_ICON : STATE_ICONS[node.state];
    item.iconPath = icon(id, color);
    item.collapsibleState = vscode.TreeItemCollapsibleState.Collapsed;
    item.resourceUri = vscode.Uri.file(node.path);
    item.contextValue = `rank.${node.state}${node.exitCode !== undefined ? '.launched' : this.imported.isImported(node.dir) ? '.imported' : ''}`;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
