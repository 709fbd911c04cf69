// The Workers view: the tree of the job overview, its badge and description, and the
// "has logs" context for the welcome view. The model, discovery and status bar are peers
// created by `activate`.
import * as vscode from 'vscode';
import { inBackground } from '../background';
import { JobNode, WorkerTreeNode } from '../core/workerTreeModel';
import { plural } from '../core/wording';
import { JobDiscovery } from '../discovery/registerJobDiscovery';
import { JobModel } from '../jobs/registerJobModel';
import { RankTreeProvider } from './rankTreeProvider';
import { registerTreeCommands } from './treeCommands';

export const VIEW_ID = 'workerLogs.workers';

export interface WorkersView {
  readonly provider: RankTreeProvider;
  readonly view: vscode.TreeView<WorkerTreeNode>;
  /** Re-discovers folders and re-renders; resolves when the model is current. */
  refresh(): Promise<void>;
}

export function registerWorkersView(context: vscode.ExtensionContext, { overview, inUse }: JobModel, discovery: JobDiscovery, onOpened: (logPath: string, line: number) => Promise<void>): WorkersView {
  const provider = new RankTreeProvider();
  const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  const subs = context.subscriptions;
  subs.push(provider, view);

  const render = (model: readonly JobNode[]): void => {
    provider.setModel([...model]);
    const ranks = model.reduce((n, j) => n + j.ranks.length, 0);
    const failed = model.reduce((n, j) => n + j.failedRanks, 0);
    view.badge = failed ? { value: failed, tooltip: plural(failed, 'failed rank') } : undefined;
    view.description = model.length === 1 ? model[0].description : undefined;
    inBackground(vscode.commands.executeCommand('setContext', 'workerLogs.hasLogs', ranks > 0), 'Setting workerLogs.hasLogs');
    inBackground(vscode.commands.executeCommand('setContext', 'workerLogs.hasFailure', model.some((j) => j.firstFailure)), 'Setting workerLogs.hasFailure');
    // A discovered folder whose logs are all gone (deleted with its folder, say) leaves the view.
    if (model.some((j) => j.ranks.length === 0 && !discovery.isExtraFolder(j.dir))) rediscoverLater();
  };
  // Not at once: VS Code's file search can list a deleted folder for a moment longer.
  let later: NodeJS.Timeout | undefined;
  const rediscoverLater = (): void => {
    later ??= setTimeout(() => {
      later = undefined;
      inBackground(discovery.refresh(), 'Discovering log folders');
    }, 1000);
  };
  subs.push({ dispose: () => clearTimeout(later) });
  subs.push(overview.onDidChange(render));
  render(overview.current);
  // File events can be missed (a file created right after its folder): look again on show.
  view.onDidChangeVisibility((e) => e.visible && discovery.refreshSoon(), undefined, subs);
  registerTreeCommands(context, provider, view, inUse, onOpened);
  // The job of the item selected in the view, while it shows (a rank's, a session's: its log's folder).
  subs.push(
    inUse.add({
      what: 'selected in the Workers view',
      path: () => {
        const node = view.visible ? view.selection[0] : undefined;
        if (!node) return undefined;
        return 'dir' in node ? node.dir : 'path' in node ? node.path : undefined;
      },
    }),
  );

  return {
    provider,
    view,
    refresh: async () => {
      await discovery.refresh();
      overview.rebuild();
    },
  };
}
