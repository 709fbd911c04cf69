// The Workers view while its logs are first looked for: the workspace's first discovery, and
// each of another launcher's jobs read for the first time (a 1 GB capture takes seconds). The
// view shows VS Code's progress bar, and its empty state says it is still looking, not that the
// workspace holds no logs, until the context key `workerLogs.searched` is set (it is unset before
// the extension activates, too: the view asks for the activation, then waits for it).
import * as vscode from 'vscode';
import { inBackground } from '../background';
import { VIEW_ID } from './registerWorkersView';
/**
 * After the last search ends, the view waits this long before it may say it found nothing: a
 * job just read reaches the tree through the store's next rescan and rebuild, a moment later.
 */
const SETTLE_MS = 1500;

export class ViewSearch implements vscode.Disposable {
  private running = 0;
  private settle: NodeJS.Timeout | undefined;

  /** Shown as a search of the view until `work` settles (its failure is another's to report). */
  track(work: PromiseLike<unknown>): void {
    this.running++;
    if (this.settle) clearTimeout(this.settle);
    this.settle = undefined;
    this.setSearched(false);
    const done = Promise.resolve(work).then(
      () => undefined,
      () => undefined,
    );
    void vscode.window.withProgress({ location: { viewId: VIEW_ID } }, () => done);
    void done.then(() => {
      if (--this.running > 0) return;
      this.settle = setTimeout(() => {
        this.settle = undefined;
        if (this.running === 0) this.setSearched(true);
      }, SETTLE_MS);
    });
  }

  dispose(): void {
    if (this.settle) clearTimeout(this.settle);
  }

  private setSearched(done: boolean): void {
    inBackground(vscode.commands.executeCommand('setContext', 'workerLogs.searched', done), 'Setting workerLogs.searched');
  }
}
