// The job model every feature shares, created once by `activate`: the store of rank indexes
// and the overview built from it with the current settings. A folder of many rank logs shows
// its first reading as progress in the status bar.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { inBackground } from '../background';
import { config } from '../config';
import { log } from '../log';
import { JobOverview } from './jobOverview';
import { IndexProgress, JobStore } from './jobStore';
import { activeFilePath, JobsInUse } from './jobsInUse';

export interface JobModel {
  readonly store: JobStore;
  readonly overview: JobOverview;
  /** The job the user is at, for commands run without one. */
  readonly inUse: JobsInUse;
}

/** One progress indicator per folder being read, ended when the folder is done. */
function progressReporter(): (p: IndexProgress) => void {
  const shown = new Map<string, { end: () => void; update: (message: string) => void }>();
  return (p) => {
    const message = `${p.done.toLocaleString()} of ${p.total.toLocaleString()} rank logs of ${path.basename(p.dir)}`;
    let entry = shown.get(p.dir);
    if (!entry && p.done < p.total) {
      let end = (): void => undefined;
      let update = (_: string): void => undefined;
      const done = new Promise<void>((resolve) => (end = resolve));
      const shownUntilDone = vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Indexing' }, (progress) => {
        update = (m) => progress.report({ message: m });
        update(message);
        return done;
      });
      inBackground(shownUntilDone, 'Showing indexing progress');
      entry = { end: () => end(), update: (m) => update(m) };
      shown.set(p.dir, entry);
    }
    entry?.update(message);
    if (entry && p.done >= p.total) {
      entry.end();
      shown.delete(p.dir);
    }
  };
}

export function registerJobModel(context: vscode.ExtensionContext): JobModel {
  const store = new JobStore({ onError: (message) => log.warn(message), onProgress: progressReporter() });
  const overview = new JobOverview(store, () => ({
    stallSeconds: config.stallSeconds,
    attemptWindowSeconds: config.attemptWindowSeconds,
    maxErrorsPerSession: config.maxErrorsShown,
  }));
  context.subscriptions.push(overview, store);
  vscode.workspace.onDidChangeConfiguration(
    (e) => {
      if (config.affects(e, 'stallSeconds') || config.affects(e, 'attemptWindowSeconds') || config.affects(e, 'tree')) overview.rebuild();
    },
    undefined,
    context.subscriptions,
  );
  const inUse = new JobsInUse(overview);
  context.subscriptions.push(inUse.add({ what: 'in the editor', path: activeFilePath }));
  return { store, overview, inUse };
}
