// The Workers view and everything it owns: the job store, the chokidar watcher, the tree
// provider, the badge, the status bar item and the view's commands.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { plural } from '../core/wording';
import { JobNode, openTarget, WorkerTreeNode } from '../core/workerTreeModel';
import { config } from '../config';
import { JobStore } from '../jobs/jobStore';
import { log } from '../log';
import { openLogAt } from '../openLog';
import { registerCommand } from '../registerCommand';
import { LogWatcher } from '../watch/logWatcher';
import { discoverLogFolders, folderLabel } from './logFolders';
import { OPEN_NODE_COMMAND, RankTreeProvider } from './rankTreeProvider';

export const VIEW_ID = 'workerLogs.workers';
const MAX_SIDE_BY_SIDE = 6;

export interface WorkersView {
  readonly store: JobStore;
  readonly provider: RankTreeProvider;
  readonly view: vscode.TreeView<WorkerTreeNode>;
  /** Shows a folder (a launched job's) even before it has logs. */
  addFolder(dir: string): Promise<void>;
  /** Re-discovers folders and re-renders; resolves when the model is current. */
  refresh(): Promise<void>;
  /** The current model (rebuilt on demand). */
  model(): JobNode[];
  /** The first discovery of log folders, started on registration. */
  readonly ready: Promise<void>;
}

/** The folder of a job node, the log of any other node. */
function nodePath(node: WorkerTreeNode): string | undefined {
  return node.kind === 'job' ? node.dir : 'path' in node ? node.path : undefined;
}

export function registerWorkersView(context: vscode.ExtensionContext): WorkersView {
  const store = new JobStore();
  const provider = new RankTreeProvider();
  const extraFolders = new Set<string>();
  const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  const status = vscode.window.createStatusBarItem('workerLogs.status', vscode.StatusBarAlignment.Left, 50);
  status.name = 'GPU Worker Logs';
  status.command = `${VIEW_ID}.focus`;
  let watcher = createWatcher();
  context.subscriptions.push(store, provider, view, status, { dispose: () => watcher.dispose() });

  function createWatcher(): LogWatcher {
    return new LogWatcher((kind, p) => store.fileEvent(kind, p), {
      usePolling: config.usePolling,
      onError: (e) => log.warn(`File watcher: ${e instanceof Error ? e.message : String(e)}`),
    });
  }

  const buildModel = (): JobNode[] =>
    store.model({ stallSeconds: config.stallSeconds, attemptWindowSeconds: config.attemptWindowSeconds, maxErrorsPerSession: config.maxErrorsShown });

  function render(): void {
    const model = buildModel();
    provider.setModel(model);
    const ranks = model.reduce((n, j) => n + j.ranks.length, 0);
    const failed = model.reduce((n, j) => n + j.failedRanks, 0);
    view.badge = failed ? { value: failed, tooltip: plural(failed, 'failed rank') } : undefined;
    view.description = model.length === 1 ? model[0].description : undefined;
    if (ranks > 0) {
      status.text = `$(server-process) ${plural(ranks, 'rank')}${failed ? ` · ${failed} failed` : ''}`;
      status.tooltip = model.map((j) => `${j.label}: ${j.description}`).join('\n');
      status.backgroundColor = failed ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
      status.show();
    } else status.hide();
    void vscode.commands.executeCommand('setContext', 'workerLogs.hasLogs', ranks > 0);
    // A discovered folder whose logs are all gone (deleted with its folder, say) leaves the view.
    if (model.some((j) => j.ranks.length === 0 && !extraFolders.has(j.dir))) scheduleRediscovery();
  }

  let rediscoveryTimer: NodeJS.Timeout | undefined;
  function scheduleRediscovery(): void {
    if (rediscoveryTimer) return;
    rediscoveryTimer = setTimeout(() => {
      rediscoveryTimer = undefined;
      void refresh();
    }, 1000);
  }
  context.subscriptions.push({ dispose: () => clearTimeout(rediscoveryTimer) });

  context.subscriptions.push(store.onDidChange(render));
  // Rank states depend on the clock (running -> stalled -> finished): re-render while live.
  const clock = setInterval(() => {
    if (provider.model.some((j) => j.ranks.some((r) => r.state === 'running' || r.state === 'stalled'))) render();
  }, 5000);
  context.subscriptions.push({ dispose: () => clearInterval(clock) });

  let discovering: Promise<void> | undefined;
  async function refresh(): Promise<void> {
    const run = async (): Promise<void> => {
      const folders = await discoverLogFolders(extraFolders);
      await store.setFolders(folders);
      watcher.setFolders(folders.map((f) => f.dir));
      render();
    };
    discovering = (discovering ?? Promise.resolve()).then(run, run);
    return discovering;
  }

  // New log folders anywhere in the workspace (a job started outside the extension), and
  // discovered folders whose logs were all deleted.
  const fsWatcher = vscode.workspace.createFileSystemWatcher('**/worker_*.log', false, true, false);
  const subs = context.subscriptions;
  subs.push(fsWatcher);
  fsWatcher.onDidCreate(
    (uri) => {
      if (!store.hasFolder(path.dirname(uri.fsPath)) && config.autoDiscover) void refresh();
    },
    undefined,
    subs,
  );
  // A folder left without logs is dropped by render(), which rediscovers when it sees one.
  fsWatcher.onDidDelete(() => void store.refreshAll(), undefined, subs);
  vscode.workspace.onDidChangeWorkspaceFolders(() => void refresh(), undefined, subs);
  // File events can be missed (a file created right after its folder): look again on show.
  view.onDidChangeVisibility((e) => e.visible && void refresh(), undefined, subs);
  vscode.workspace.onDidChangeConfiguration(
    (e) => {
      if (config.affects(e, 'watch.usePolling')) {
        watcher.dispose();
        watcher = createWatcher();
        watcher.setFolders(store.folders().map((f) => f.dir));
      }
      if (config.affects(e, 'logDirectories') || config.affects(e, 'autoDiscover')) void refresh();
      else if (config.affects(e, 'stallSeconds') || config.affects(e, 'attemptWindowSeconds') || config.affects(e, 'tree')) render();
    },
    undefined,
    subs,
  );

  registerCommand(context, OPEN_NODE_COMMAND, async (node?: WorkerTreeNode) => {
    const target = node ? openTarget(node) : undefined;
    if (!target) return;
    await openLogAt(target.path, target.line);
  });
  registerCommand(context, 'workerLogs.refresh', async () => {
    await vscode.window.withProgress({ location: { viewId: VIEW_ID } }, async () => {
      await refresh();
      await store.refreshAll();
      render();
    });
  });
  registerCommand(context, 'workerLogs.openLogFolder', async () => {
    const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, openLabel: 'Show Logs of This Folder' });
    if (!picked?.[0]) return;
    const dir = picked[0].fsPath;
    extraFolders.add(dir);
    await refresh();
    const save = await vscode.window.showInformationMessage(`Showing the rank logs of ${folderLabel(dir)}.`, 'Remember in Workspace Settings');
    if (save) {
      const current = config.logDirectories;
      if (!current.includes(dir)) await config.updateWorkspace('logDirectories', [...current, dir]);
    }
  });
  registerCommand(context, 'workerLogs.openRanksSideBySide', async (node?: WorkerTreeNode) => {
    const job = node?.kind === 'job' ? node : provider.model.length === 1 ? provider.model[0] : undefined;
    if (!job) throw new Error('Pick a job folder in the Workers view first.');
    const ranks = job.ranks.slice(0, MAX_SIDE_BY_SIDE);
    for (const [i, r] of ranks.entries()) await openLogAt(r.path, r.line, { viewColumn: i + 1, preview: false, preserveFocus: i > 0 });
    if (job.ranks.length > ranks.length) void vscode.window.showInformationMessage(`Opened the first ${ranks.length} of ${job.ranks.length} ranks side by side.`);
  });
  registerCommand(context, 'workerLogs.revealInExplorer', async (node?: WorkerTreeNode) => {
    const p = node && nodePath(node);
    if (p) await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(p));
  });
  registerCommand(context, 'workerLogs.copyPath', async (node?: WorkerTreeNode) => {
    const p = node && nodePath(node);
    if (p) await vscode.env.clipboard.writeText(p);
  });

  return {
    store,
    provider,
    view,
    ready: refresh(),
    addFolder: async (dir: string) => {
      extraFolders.add(path.resolve(dir));
      await refresh();
    },
    refresh,
    model: buildModel,
  };
}
