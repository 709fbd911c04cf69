// The job model every feature shares, created once by `activate`: the store of rank indexes
// and the overview built from it with the current settings.
import * as vscode from 'vscode';
import { config } from '../config';
import { log } from '../log';
import { JobOverview } from './jobOverview';
import { JobStore } from './jobStore';

export interface JobModel {
  readonly store: JobStore;
  readonly overview: JobOverview;
}

export function registerJobModel(context: vscode.ExtensionContext): JobModel {
  const store = new JobStore({ onError: (message) => log.warn(message) });
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
  return { store, overview };
}
