// The Job Log: Open Job Log (palette, a job folder in the Workers view, a rank log's editor
// title) and Reveal in Job Log (a rank log's editor). One panel per job folder.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { rankOfFileName } from '../core/rankDiscovery';
import { JobNode, WorkerTreeNode } from '../core/workerTreeModel';
import { JobModel } from '../jobs/registerJobModel';
import { cursorLine, requireActiveLog } from '../navigation/activeLog';
import { registerCommand } from '../registerCommand';
import { JobLogPanel } from './jobLogPanel';

export const JOB_LOG_VIEW_TYPE = 'workerLogs.jobLog';

export interface JobLogApi {
  readonly panels: ReadonlyMap<string, JobLogPanel>;
  /** Shows the record at `line` of `logPath` in its folder's panel, when that panel is open. */
  revealIfOpen(logPath: string, line: number): Promise<void>;
}

export function registerJobLog(context: vscode.ExtensionContext, { store, overview }: JobModel): JobLogApi {
  const panels = new Map<string, JobLogPanel>();
  context.subscriptions.push({ dispose: () => [...panels.values()].forEach((p) => p.panel.dispose()) });
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('workerLogs.jobLog')) for (const p of panels.values()) void p.rebuild();
    }),
  );

  async function pickFolder(): Promise<string | undefined> {
    const jobs = overview.current.filter((j) => j.ranks.length > 0);
    if (jobs.length === 0) throw new Error('No job folder with rank logs to show: open a log folder in the Workers view first.');
    if (jobs.length === 1) return jobs[0].dir;
    const pick = await vscode.window.showQuickPick(
      jobs.map((j) => ({ label: j.label, description: j.description, dir: j.dir })),
      { title: 'Open Job Log', placeHolder: 'The job folder whose ranks to merge' },
    );
    return pick?.dir;
  }

  function open(dir: string): JobLogPanel {
    const key = path.resolve(dir);
    const existing = panels.get(key);
    if (existing) {
      existing.panel.reveal();
      return existing;
    }
    const webview = vscode.window.createWebviewPanel(JOB_LOG_VIEW_TYPE, `Job Log: ${path.basename(key)}`, vscode.ViewColumn.Active, { enableFindWidget: false });
    webview.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'worker-logs.svg');
    const panel = new JobLogPanel(key, webview, context, store, overview);
    panels.set(key, panel);
    webview.onDidDispose(() => {
      panels.delete(key);
      panel.dispose();
    });
    return panel;
  }

  registerCommand(context, 'workerLogs.openJobLog', async (arg?: WorkerTreeNode | vscode.Uri | string) => {
    let dir: string | undefined;
    if (typeof arg === 'string') dir = arg;
    else if (arg instanceof vscode.Uri) dir = path.dirname(arg.fsPath);
    else if (arg && (arg as JobNode).kind === 'job') dir = (arg as JobNode).dir;
    else if (arg && 'dir' in arg) dir = arg.dir;
    else if (arg && 'path' in arg && arg.path !== undefined) dir = path.dirname(arg.path);
    dir ??= await pickFolder();
    if (!dir) return undefined;
    open(dir);
    return dir;
  });

  async function reveal(logPath: string, line: number, openIfClosed: boolean): Promise<boolean> {
    const rank = rankOfFileName(path.basename(logPath));
    if (rank === undefined) throw new Error(`${path.basename(logPath)} is not a rank log (worker_<N>.log).`);
    const key = path.dirname(path.resolve(logPath));
    const panel = panels.get(key) ?? (openIfClosed ? open(key) : undefined);
    if (!panel) return false;
    // In place: moving a webview to another group reloads it.
    if (openIfClosed) panel.panel.reveal(undefined, true);
    return panel.reveal(rank, line);
  }

  registerCommand(context, 'workerLogs.revealInJobLog', async (arg?: { path: string; line: number }) => {
    const logPath = arg?.path ?? requireActiveLog();
    const line = arg?.line ?? cursorLine(logPath);
    const found = await reveal(logPath, line, true);
    if (!found) void vscode.window.showInformationMessage(`Line ${line + 1} of ${path.basename(logPath)} is not in the Job Log's rows (its filter leaves it out).`);
    return found;
  });

  return {
    panels,
    revealIfOpen: async (logPath, line) => {
      await reveal(logPath, line, false);
    },
  };
}
