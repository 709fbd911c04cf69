// chokidar on folders made in the workspace while it is open. VS Code's own watcher on Linux
// (@parcel/watcher's inotify backend) watches a folder made with its parents (`mkdir -p`,
// `os.makedirs`, torchrun's `--log_dir`) only at its top: nothing made or changed below it is
// reported, so a job's logs that come there later (Slurm's output file, created when the job
// leaves the queue) would never be found. This watches the latest such folders, a few levels
// deep, and reports the files that may be logs: rank logs, captures, torchrun's and Open MPI's.
import { FSWatcher, watch } from 'chokidar';
import * as path from 'node:path';
import { CAPTURE_NAME } from '../core/importLayouts';
import { inSkippedFolder } from '../core/pathRules';

/** Folders watched at most: the latest made (an older one is let go). */
export const MAX_MADE_FOLDERS = 32;
/** Levels below a made folder that are watched (`<log_dir>/<run>_<id>/attempt_0/3/stderr.log`). */
const DEPTH = 4;
/** torchrun's files of a rank, Open MPI's `rank.<N>/stdout`: logs without a capture's name. */
const OTHER_LOG_NAME = /^(?:stdout|stderr)(?:\.log)?$|^error\.json$/;

export type MadeFolderEvent = 'add' | 'change';

export interface MadeFolderWatcherOptions {
  usePolling?: boolean;
  onError?: (error: unknown) => void;
}

/** Whether `file` may be a job's log (the files the watcher reports). */
export function mayBeLog(file: string): boolean {
  const name = path.basename(file);
  return CAPTURE_NAME.test(name) || OTHER_LOG_NAME.test(name);
}

export class MadeFolderWatcher {
  private readonly watcher: FSWatcher;
  /** The folders watched, oldest first. */
  private readonly folders: string[] = [];

  constructor(onEvent: (kind: MadeFolderEvent, file: string) => void, options: MadeFolderWatcherOptions = {}) {
    this.watcher = watch([], {
      ignoreInitial: true,
      depth: DEPTH,
      usePolling: options.usePolling ?? false,
      interval: 1000,
      // Folders are walked (bar those that never hold logs); of files, only those that may be logs.
      ignored: (p: string, stats?: { isFile(): boolean }) => inSkippedFolder(p) || (stats?.isFile() === true && !mayBeLog(p)),
    });
    this.watcher.on('add', (p) => mayBeLog(p) && onEvent('add', p));
    this.watcher.on('change', (p) => mayBeLog(p) && onEvent('change', p));
    this.watcher.on('error', (e) => options.onError?.(e));
  }

  /** Watches `dir` (a folder just made), letting the oldest go beyond `MAX_MADE_FOLDERS`; one inside a watched folder is already watched. */
  add(dir: string): void {
    const resolved = path.resolve(dir);
    if (this.folders.some((f) => resolved === f || resolved.startsWith(f + path.sep))) return;
    // A watched folder inside the new one is watched through it now.
    for (const f of this.folders.filter((x) => x.startsWith(resolved + path.sep))) this.remove(f);
    this.folders.push(resolved);
    this.watcher.add(resolved);
    while (this.folders.length > MAX_MADE_FOLDERS) this.remove(this.folders[0]);
  }

  /** The folders watched now. */
  watched(): readonly string[] {
    return this.folders;
  }

  private remove(dir: string): void {
    this.folders.splice(this.folders.indexOf(dir), 1);
    this.watcher.unwatch(dir);
  }

  dispose(): void {
    this.watcher.close().catch(() => undefined);
  }
}
