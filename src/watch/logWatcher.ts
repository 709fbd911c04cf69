// The file-watching adapter of job folders: chokidar watching them (directories, not globs), one
// level deep, reporting rank logs only (and their older parts a rotating handler leaves, which make
// the folder one read through the import). Returns a disposable; the path rules are the core's.
import { FSWatcher, watch } from 'chokidar';
import * as path from 'node:path';
import { isRankLogPath, isRotatedPartPath } from '../core/rankDiscovery';

export type LogEvent = 'add' | 'change' | 'unlink';

export interface LogWatcherOptions {
  /** Poll instead of inotify: for network filesystems, where other hosts' writes raise no events. */
  usePolling?: boolean;
  onError?: (error: unknown) => void;
}

/**
 * A file that changed is reported once more this long after its last event. chokidar reports no
 * change of a file within 50 ms of one it reported (and none after), so the end of a burst of
 * writes (the records a rank writes just before it blocks in a collective, a crash's traceback
 * after its error line) would wait for a next write that may never come.
 */
export const SETTLE_MS = 100;

export class LogWatcher {
  private readonly watcher: FSWatcher;
  private readonly folders = new Set<string>();
  private readonly onError: ((error: unknown) => void) | undefined;
  /** The trailing report of each file that changed lately (see `SETTLE_MS`). */
  private readonly settling = new Map<string, NodeJS.Timeout>();
  private disposed = false;

  constructor(onEvent: (kind: LogEvent, filePath: string) => void, options: LogWatcherOptions = {}) {
    this.onError = options.onError;
    this.watcher = watch([], {
      ignoreInitial: true,
      depth: 0,
      usePolling: options.usePolling ?? false,
      interval: 1000,
      // Everything but the folders themselves and the rank logs in them (and their parts) is ignored.
      ignored: (p: string) => !this.folders.has(p) && !isRankLogPath(p) && !isRotatedPartPath(p),
    });
    const changed = (kind: LogEvent, p: string): void => {
      onEvent(kind, p);
      clearTimeout(this.settling.get(p));
      this.settling.set(
        p,
        setTimeout(() => {
          this.settling.delete(p);
          if (!this.disposed) onEvent('change', p);
        }, SETTLE_MS),
      );
    };
    this.watcher.on('add', (p) => changed('add', p));
    this.watcher.on('change', (p) => changed('change', p));
    this.watcher.on('unlink', (p) => {
      clearTimeout(this.settling.get(p));
      this.settling.delete(p);
      onEvent('unlink', p);
    });
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
    this.disposed = true;
    for (const timer of this.settling.values()) clearTimeout(timer);
    this.settling.clear();
    this.watcher.close().catch((e: unknown) => this.onError?.(e));
  }
}
