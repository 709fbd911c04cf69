// The job the user is at, for a command run from the palette without one: the job of the active
// Job Log or Job Timeline panel; else the job selected in the Workers view and the job of the log
// in the active editor. A command asks which job only when these name none (and there are several)
// or name different ones, and then lists those first.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { JobNode } from '../core/workerTreeModel';
import { JobOverview } from './jobOverview';

/**
 * Where a job in use is told: a path (a job folder, a rank log, a file a job was read from) or
 * nothing. `panel`: a panel of the job is the active editor, which settles it.
 */
export interface InUseSource {
  what: string;
  panel?: boolean;
  path(): string | undefined;
}

export interface JobChoice {
  /** The quick pick's title: the command's name. */
  title: string;
  placeHolder: string;
  /** Jobs the command can act on (default: every job with rank logs). */
  among?: (job: JobNode) => boolean;
}

/** The file of the active editor (a text editor, or the tab of a file too big to be one). */
export function activeFilePath(): string | undefined {
  const uri = vscode.window.activeTextEditor?.document.uri;
  if (uri) return uri.scheme === 'file' ? uri.fsPath : undefined;
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof vscode.TabInputText && input.uri.scheme === 'file' ? input.uri.fsPath : undefined;
}

export class JobsInUse {
  private readonly sources: InUseSource[] = [];

  constructor(private readonly overview: JobOverview) {}

  add(source: InUseSource): vscode.Disposable {
    this.sources.push(source);
    return new vscode.Disposable(() => {
      const i = this.sources.indexOf(source);
      if (i >= 0) this.sources.splice(i, 1);
    });
  }

  /** The job a path names: its folder, one of its rank logs, or a file in its folder. */
  private jobOf(jobs: readonly JobNode[], file: string): JobNode | undefined {
    const resolved = path.resolve(file);
    return (
      jobs.find((j) => path.resolve(j.dir) === resolved) ??
      jobs.find((j) => j.ranks.some((r) => r.path === file || r.path === resolved)) ??
      jobs.find((j) => path.resolve(j.dir) === path.dirname(resolved))
    );
  }

  /** The jobs in use among `jobs`, each once with what named it first; an active panel's alone. */
  named(jobs: readonly JobNode[]): { job: JobNode; what: string }[] {
    const found: { job: JobNode; what: string }[] = [];
    for (const source of [...this.sources].sort((a, b) => Number(Boolean(b.panel)) - Number(Boolean(a.panel)))) {
      const p = source.path();
      const job = p !== undefined ? this.jobOf(jobs, p) : undefined;
      if (!job) continue;
      if (source.panel) return [{ job, what: source.what }];
      if (!found.some((f) => f.job === job)) found.push({ job, what: source.what });
    }
    return found;
  }

  /**
   * The job a command without one acts on: the one in use, the only one, or the one picked
   * (undefined when the pick is dismissed). Throws when there is none to act on.
   */
  async pick(choice: JobChoice): Promise<JobNode | undefined> {
    const jobs = this.overview.current.filter((j) => j.ranks.length > 0 && (choice.among?.(j) ?? true));
    if (jobs.length === 0) throw new Error('No job folder with rank logs to show: open a log folder in the Workers view first.');
    const named = this.named(jobs);
    if (named.length === 1) return named[0].job;
    if (jobs.length === 1) return jobs[0];
    const first = named.map((n) => n.job);
    const ordered = [...first, ...jobs.filter((j) => !first.includes(j))];
    const pick = await vscode.window.showQuickPick(
      ordered.map((j) => {
        const what = named.find((n) => n.job === j)?.what;
        return { label: j.label, description: what ? `${what} · ${j.description}` : j.description, job: j };
      }),
      { title: choice.title, placeHolder: choice.placeHolder },
    );
    return pick?.job;
  }
}
