// The disk index of any log the user navigates in: the Workers view's own index when the file
// is one of its ranks, else one kept here (a few files, most recent first). Never a
// TextDocument: logs over 50 MB never reach extensions as documents.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { FileIndex } from '../core/fileIndex';
import { IndexSnapshot } from '../core/indexModel';
import { JobStore } from '../jobs/jobStore';

const KEEP = 8;
const SHOW_PROGRESS_ABOVE = 32 * 1024 * 1024;

export class LogIndexes {
  private readonly own = new Map<string, FileIndex>();

  constructor(private readonly store: JobStore) {}

  async index(filePath: string): Promise<FileIndex> {
    const watched = await this.store.indexOf(filePath);
    if (watched) return watched;
    const key = path.resolve(filePath);
    let index = this.own.get(key);
    if (index) this.own.delete(key);
    else index = new FileIndex(key);
    this.own.set(key, index);
    while (this.own.size > KEEP) this.own.delete(this.own.keys().next().value!);
    const size = (await fsp.stat(key).catch(() => undefined))?.size ?? 0;
    const fresh = index.snapshot().bytes === 0;
    if (fresh && size > SHOW_PROGRESS_ABOVE) {
      const target = index;
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Indexing ${path.basename(key)} (${Math.round(size / 2 ** 20)} MB)...` },
        () => target.update(),
      );
    } else await index.update();
    return index;
  }

  async snapshot(filePath: string): Promise<IndexSnapshot> {
    const index = await this.index(filePath);
    const snap = index.snapshot();
    if (snap.state !== 'ok') throw new Error(`${path.basename(filePath)}: ${snap.problem ?? snap.state}`);
    return snap;
  }
}
