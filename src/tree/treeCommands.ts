// The commands of the Workers view's items: open, open ranks side by side, reveal, copy path.
import * as vscode from 'vscode';
import { isRankLogPath } from '../core/rankDiscovery';
import { openTarget, WorkerTreeNode } from '../core/workerTreeModel';
import { openLogAt } from '../openLog';
import { registerCommand } from '../registerCommand';
import { OPEN_NODE_COMMAND, RankTreeProvider } from './rankTreeProvider';

const MAX_SIDE_BY_SIDE = 6;

/** The folder of a job node, the log of any other node. */
function nodePath(node: WorkerTreeNode): string | undefined {
  return node.kind === 'job' || node.kind === 'diagnosis' ? node.dir : 'path' in node ? node.path : undefined;
}

/** `onOpened`: a session or error opened from the tree is also shown in an open Job Log. */
export function registerTreeCommands(context: vscode.ExtensionContext, provider: RankTreeProvider, onOpened: (logPath: string, line: number) => Promise<void>): void {
  registerCommand(context, OPEN_NODE_COMMAND, async (node?: WorkerTreeNode) => {
    const target = node ? openTarget(node) : undefined;
    if (!target) return;
    await openLogAt(target.path, target.line);
    // A diagnosis finding may open a source file: only rank logs are in the Job Log.
    if (isRankLogPath(target.path)) await onOpened(target.path, target.line);
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
}
