// Open Job Timeline (palette, a job folder in the Workers view): one timeline panel per job
// folder. The Job Log panel shows the same timeline above its rows.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { WorkerTreeNode } from '../core/workerTreeModel';
import { JobLogApi, jobFolderOf } from '../jobLog/registerJobLog';
import { JobModel } from '../jobs/registerJobModel';
import { registerCommand } from '../registerCommand';
import { ProgressSource } from './timelineFeed';
import { TimelinePanel } from './timelinePanel';

export const TIMELINE_VIEW_TYPE = 'workerLogs.timeline';

export interface TimelineApi {
  readonly panels: ReadonlyMap<string, TimelinePanel>;
}

export function registerTimeline(context: vscode.ExtensionContext, { store, overview, inUse }: JobModel, jobLog: JobLogApi, progress: ProgressSource): TimelineApi {
  const panels = new Map<string, TimelinePanel>();
  context.subscriptions.push({ dispose: () => [...panels.values()].forEach((p) => p.panel.dispose()) });
  context.subscriptions.push(inUse.add({ what: 'its timeline is active', panel: true, path: () => [...panels].find(([, p]) => p.panel.active)?.[0] }));
  jobLog.useProgress(progress);

  registerCommand(context, 'workerLogs.openTimeline', async (arg?: WorkerTreeNode | vscode.Uri | string) => {
    const dir = jobFolderOf(arg) ?? (await inUse.pick({ title: 'Open Job Timeline', placeHolder: 'The job whose ranks to show' }))?.dir;
    if (!dir) return undefined;
    const key = path.resolve(dir);
    const existing = panels.get(key);
    if (existing) {
      existing.panel.reveal();
      return key;
    }
    const webview = vscode.window.createWebviewPanel(TIMELINE_VIEW_TYPE, `Timeline: ${path.basename(key)}`, vscode.ViewColumn.Active, { enableFindWidget: false });
    webview.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'worker-logs.svg');
    const panel = new TimelinePanel(key, webview, context, store, overview, progress, jobLog);
    panels.set(key, panel);
    webview.onDidDispose(() => {
      panels.delete(key);
      panel.dispose();
    });
    return key;
  });

  return { panels };
}
