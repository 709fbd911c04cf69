// Composes the extension: the job model first, then one register call per feature, each
// owning its disposables and handed the model it needs.
import * as vscode from 'vscode';
import { registerLanguageClient } from './client/languageClient';
import { onLaneUnavailable } from './core/lane/recordLane';
import { DiagnosisApi, registerDiagnosis } from './diagnosis/registerDiagnosis';
import { registerJobDiscovery } from './discovery/registerJobDiscovery';
import { ImportedJobs } from './imports/importedJobs';
import { ViewSearch } from './tree/viewSearch';
import { registerImports } from './imports/registerImports';
import { JobLogApi, registerJobLog } from './jobLog/registerJobLog';
import { watchJobLiveness } from './jobs/jobLiveness';
import { JobModel, registerJobModel } from './jobs/registerJobModel';
import { LaunchApi, registerLaunch } from './launch/registerLaunch';
import { createLog, log } from './log';
import { registerNavigation } from './navigation/registerNavigation';
import { registerCommand } from './registerCommand';
import { registerStatusBar } from './status/registerStatusBar';
import { registerTimeline, TimelineApi } from './timeline/registerTimeline';
import { registerWorkersView, WorkersView } from './tree/registerWorkersView';

/** What activate() returns: used by the integration tests (and by other extensions). */
export interface WorkerLogsApi {
  readonly ready: Promise<void>;
  readonly jobs: JobModel;
  readonly workers: WorkersView;
  readonly launch: LaunchApi;
  readonly jobLog: JobLogApi;
  readonly diagnosis: DiagnosisApi;
  readonly timeline: TimelineApi;
  /** Jobs written without our module, read into rank logs of our format. */
  readonly imports: ImportedJobs;
  /** How long activate() took (the command that woke the extension waits that long). */
  readonly activationMs: number;
}

export function activate(context: vscode.ExtensionContext): WorkerLogsApi {
  const started = Date.now();
  const output = createLog();
  context.subscriptions.push(output);
  log.info(`GPU Worker Logs ${context.extension.packageJSON.version} activating`);
  onLaneUnavailable((reason) => log.warn(`The index's WebAssembly fast path is unavailable (${reason}); indexing is slower but complete.`));
  registerCommand(context, 'workerLogs.showOutput', () => output.show(true));
  const jobs = registerJobModel(context);
  const search = new ViewSearch();
  context.subscriptions.push(search);
  const imports = registerImports(context, jobs.store, jobs.inUse, search);
  const discovery = registerJobDiscovery(context, jobs.store, imports);
  search.track(discovery.ready);
  const jobLog = registerJobLog(context, jobs, (dir) => imports.launcherNoteOf(dir));
  const workers = registerWorkersView(context, jobs, discovery, (p, line) => jobLog.revealIfOpen(p, line));
  workers.provider.setImports(imports);
  // A rank whose files a process still writes is alive, however long it has been quiet (hung).
  context.subscriptions.push(watchJobLiveness(jobs, imports));
  const diagnosis = registerDiagnosis(context, jobs, workers, imports);
  const timeline = registerTimeline(context, jobs, jobLog, diagnosis.timeline);
  registerStatusBar(context, jobs.overview);
  registerNavigation(context, jobs);
  const launch = registerLaunch(context, jobs.store, (dir) => discovery.addFolder(dir));
  const logFolders = { folders: () => jobs.store.folders().map((f) => f.dir), onDidChange: (l: () => void) => jobs.store.onDidChange(l) };
  const ready = Promise.all([discovery.ready.then(() => void jobs.overview.rebuild()), registerLanguageClient(context, output, logFolders)]).then(() => undefined);
  const activationMs = Date.now() - started;
  log.info(`Activated in ${activationMs} ms`);
  return { ready, jobs, workers, launch, jobLog, diagnosis, timeline, imports, activationMs };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
