// The one file-watching adapter: chokidar watching job folders (directories, not globs), one
// level deep, reporting rank logs only. Returns a disposable; the path rules are the core's.
import { FSWatcher, watch } from 'chokidar';
import * as path from 'node:path';
import { isRankLogPath } from '../core/rankDiscovery';

export type LogEvent = 'add' | 'change' | 'unlink';

export interface LogWatcherOptions {
  /** Poll instead of inotify: for network filesystems, where other hosts' writes raise no events. */
  usePolling?: boolean;
  onError?: (error: unknown) => void;
}

export class LogWatcher {
  private readonly watcher: FSWatcher;
  private readonly folders = new Set<string>();
  private readonly onError: ((error: unknown) => void) | undefined;

  constructor(onEvent: (kind: LogEvent, filePath: string) => void, options: LogWatcherOptions = {}) {
    this.onError = options.onError;
    this.watcher = watch([], {
      ignoreInitial: true,
      depth: 0,
      usePolling: options.usePolling ?? false,
      interval: 1000,
      // Everything but the folders themselves and the rank logs in them is ignored.
      ignored: (p: string) => !this.folders.has(p) && !isRankLogPath(p),
    });
    this.watcher.on('add', (p) => onEvent('add', p));
    this.watcher.on('change', (p) => onEvent('change', p));
    this.watcher.on('unlink', (p) => onEvent('unlink', p));
    this.watcher.on('error', (e) => options.onError?.(e));
  }

  setFolders(dirs: readonly string[]): void {
    const wanted = new Set(dirs.map((d) => path.resolve(d)));
    for (const d of [...this.folders]) {
      if (!wanted.has(d)) {
        this.folders.delete(d);
        this.watcher.unwatch(d);
      }
    }
    for (const d of wanted) {
      if (!this.folders.has(d)) {
        this.folders.add(d);
        this.watcher.add(d);
      }
    }
  }

  dispose(): void {
    this.watcher.close().catch((e: unknown) => this.onError?.(e));
  }
}
