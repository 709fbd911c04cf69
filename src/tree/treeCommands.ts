// The commands of the Workers view's items: open, open ranks side by side, reveal, copy path; and
// the job's first failure, from anywhere.
import * as vscode from 'vscode';
import { isRankLogPath } from '../core/rankDiscovery';
import { failedJobs, firstFailureNode, JobNode, openTarget, WorkerTreeNode } from '../core/workerTreeModel';
import { JobsInUse } from '../jobs/jobsInUse';
import { openLogAt } from '../openLog';
import { registerCommand } from '../registerCommand';
import { OPEN_NODE_COMMAND, RankTreeProvider } from './rankTreeProvider';

const MAX_SIDE_BY_SIDE = 6;

/** The folder of a job node, the log of any other node. */
function nodePath(node: WorkerTreeNode): string | undefined {
  return node.kind === 'job' || node.kind === 'diagnosis' ? node.dir : 'path' in node ? node.path : undefined;
}

/** How long Open Log, run by a click on an item, waits for the view's selection to name it (the view renders anew). */
const SELECTION_WAIT_MS = 1000;

/**
 * `onOpened`: a session or error opened from the tree is also shown in an open Job Log.
 * `view`: the Workers view, whose selection is the item clicked (its items' command has no arguments).
 * `inUse`: the job the user is at, for the commands given none.
 */
export function registerTreeCommands(context: vscode.ExtensionContext, provider: RankTreeProvider, view: vscode.TreeView<WorkerTreeNode>, inUse: JobsInUse, onOpened: (logPath: string, line: number) => Promise<void>): void {
  /** The item a click (or Enter) opened: the view's selection, once it names a node of the model. */
  const clicked = async (): Promise<WorkerTreeNode | undefined> => {
    const deadline = Date.now() + SELECTION_WAIT_MS;
    for (;;) {
      const node = view.selection[0];
      if (node) return provider.newest(node);
      if (Date.now() >= deadline) return undefined;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  registerCommand(context, OPEN_NODE_COMMAND, async (given?: WorkerTreeNode) => {
    // (A node of the menus may be one VS Code holds from an earlier model: its newest.)
    const node = given ? provider.newest(given) : await clicked();
    const target = node ? openTarget(node) : undefined;
    if (!target) return;
    await openLogAt(target.path, target.line);
    // A diagnosis finding may open a source file: only rank logs are in the Job Log.
    if (isRankLogPath(target.path)) await onOpened(target.path, target.line);
  });
  // The failing record of a job's first failure: the job given (its node, or its folder), the one
  // in use (its log in the editor, selected in the view) if it failed, the only one that failed,
  // or the one picked (the earliest failure first).
  registerCommand(context, 'workerLogs.goToFirstFailure', async (given?: JobNode | string) => {
    const failed = failedJobs(provider.model);
    const dir = typeof given === 'string' ? given : given?.kind === 'job' ? given.dir : undefined;
    const named = inUse.named(failed);
    const ofInUse = named.length === 1 ? named[0].job : undefined;
    let job = dir !== undefined ? provider.model.find((j) => j.dir === dir) : (ofInUse ?? (failed.length === 1 ? failed[0] : undefined));
    if (dir !== undefined && !job?.firstFailure) {
      void vscode.window.showInformationMessage(job ? `No rank of ${job.label} has failed.` : `${dir} is not a job of the Workers view.`);
      return;
    }
    if (!job) {
      if (failed.length === 0) {
        void vscode.window.showInformationMessage(provider.model.length ? 'No rank of the jobs in the Workers view has failed.' : 'No job is in the Workers view: open a folder of worker logs (Worker Logs: Open Log Folder), or set workerLogs.logDirectories.');
        return;
      }
      const picked = await vscode.window.showQuickPick(
        failed.map((j) => ({ label: j.label, description: j.description, job: j })),
        { title: 'Go to First Failure', placeHolder: 'The first failure of which job? (the earliest first)' },
      );
      if (!picked) return;
      job = picked.job;
    }
    const node = firstFailureNode(job);
    if (node) await vscode.commands.executeCommand(OPEN_NODE_COMMAND, node);
  });
  registerCommand(context, 'workerLogs.openRanksSideBySide', async (node?: WorkerTreeNode) => {
    const job = node?.kind === 'job' ? node : await inUse.pick({ title: 'Open Ranks Side by Side', placeHolder: 'The job whose ranks to open' });
    if (!job) return;
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
}
