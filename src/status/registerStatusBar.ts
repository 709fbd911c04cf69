// The status bar item: ranks shown and how many failed; a click focuses the Workers view.
import * as vscode from 'vscode';
import { JobNode } from '../core/workerTreeModel';
import { plural } from '../core/wording';
import { JobOverview } from '../jobs/jobOverview';

export function registerStatusBar(context: vscode.ExtensionContext, overview: JobOverview): void {
  const status = vscode.window.createStatusBarItem('workerLogs.status', vscode.StatusBarAlignment.Left, 50);
  status.name = 'GPU Worker Logs';
  status.command = 'workerLogs.workers.focus';
  context.subscriptions.push(status);
  const show = (model: readonly JobNode[]): void => {
    const ranks = model.reduce((n, j) => n + j.ranks.length, 0);
    const failed = model.reduce((n, j) => n + j.failedRanks, 0);
    if (ranks === 0) {
      status.hide();
      return;
    }
    status.text = `$(server-process) ${plural(ranks, 'rank')}${failed ? ` · ${failed} failed` : ''}`;
    status.tooltip = model.map((j) => `${j.label}: ${j.description}`).join('\n');
    status.backgroundColor = failed ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    status.show();
  };
  context.subscriptions.push(overview.onDidChange(show));
  show(overview.current);
}
