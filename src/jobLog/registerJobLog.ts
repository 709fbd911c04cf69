// The Job Log: Open Job Log (palette, a job folder in the Workers view, a rank log's editor
// title) and Reveal in Job Log (a rank log's editor). One panel per job folder.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { rankOfFileName } from '../core/rankDiscovery';
import { JobNode, WorkerTreeNode } from '../core/workerTreeModel';
import { JobModel } from '../jobs/registerJobModel';
import { cursorLine, requireActiveLog } from '../navigation/activeLog';
import { registerCommand } from '../registerCommand';
import { ProgressSource } from '../timeline/timelineFeed';
import { JobLogPanel, LauncherLinesOf } from './jobLogPanel';

export const JOB_LOG_VIEW_TYPE = 'workerLogs.jobLog';

export interface JobLogApi {
  readonly panels: ReadonlyMap<string, JobLogPanel>;
  /** Shows the record at `line` of `logPath` in its folder's panel, when that panel is open. */
  revealIfOpen(logPath: string, line: number): Promise<void>;
  /** The folder's panel, opened (beside the active editor when asked) if it is not. */
  open(dir: string, beside?: boolean): JobLogPanel;
  /** The ranks' progress for the timelines (read by the diagnosis, registered later). */
  useProgress(source: ProgressSource): void;
}

/** The job folder a command was given: a path, a rank log's URI, or a node of the Workers view. */
export function jobFolderOf(arg: WorkerTreeNode | vscode.Uri | string | undefined): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg instanceof vscode.Uri) return path.dirname(arg.fsPath);
  if (arg && (arg as JobNode).kind === 'job') return (arg as JobNode).dir;
  if (arg && 'dir' in arg) return arg.dir;
  if (arg && 'path' in arg && arg.path !== undefined) return path.dirname(arg.path);
  return undefined;
}

export function registerJobLog(context: vscode.ExtensionContext, { store, overview, inUse }: JobModel, launcherLines?: LauncherLinesOf): JobLogApi {
  const panels = new Map<string, JobLogPanel>();
  let progress: ProgressSource | undefined;
  context.subscriptions.push({ dispose: () => [...panels.values()].forEach((p) => p.panel.dispose()) });
  context.subscriptions.push(inUse.add({ what: 'its Job Log is active', panel: true, path: () => [...panels].find(([, p]) => p.panel.active)?.[0] }));
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('workerLogs.jobLog')) for (const p of panels.values()) void p.rebuild();
    }),
  );

  function open(dir: string, beside = false): JobLogPanel {
    const key = path.resolve(dir);
    const existing = panels.get(key);
    if (existing) {
      existing.panel.reveal(undefined, beside);
      return existing;
    }
    const webview = vscode.window.createWebviewPanel(JOB_LOG_VIEW_TYPE, `Job Log: ${path.basename(key)}`, beside ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active, { enableFindWidget: false });
    webview.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'worker-logs.svg');
    const panel = new JobLogPanel(key, webview, context, store, overview, progress, launcherLines);
    panels.set(key, panel);
    webview.onDidDispose(() => {
      panels.delete(key);
      panel.dispose();
    });
    return panel;
  }

  registerCommand(context, 'workerLogs.openJobLog', async (arg?: WorkerTreeNode | vscode.Uri | string) => {
    const dir = jobFolderOf(arg) ?? (await inUse.pick({ title: 'Open Job Log', placeHolder: 'The job whose ranks to show' }))?.dir;
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
    open,
    useProgress: (source) => {
      progress = source;
      for (const p of panels.values()) p.timeline.useProgress(source);
    },
  };
}
