// Navigation between the sessions of a rank, and across ranks: next/previous resume point,
// go to any session of any rank, and the same moment in another rank. All line numbers come
// from the core's disk index, so this works on logs of any size.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { errorCount } from '../core/indexModel';
import { errorLabel, sessionStartText } from '../core/labels';
import { parseRecordLine } from '../core/logLine';
import { rankOfFileName } from '../core/rankDiscovery';
import { sessionStarts, stepSession } from '../core/sessionNavigation';
import { findRecordAtOrBefore, recordTimeAtLine } from '../core/timeLookup';
import { formatTime } from '../core/timestamps';
import { plural } from '../core/wording';
import { inBackground } from '../background';
import { JobOverview } from '../jobs/jobOverview';
import { JobModel } from '../jobs/registerJobModel';
import { openLogAt } from '../openLog';
import { registerCommand } from '../registerCommand';
import { cursorLine, lineText, rememberLine, requireActiveLog } from './activeLog';
import { LogIndexes } from './logIndexes';

/** What a navigation command did: tests and keybinding users both read it. */
export type NavigationResult = { path: string; line: number } | { message: string };

async function goTo(filePath: string, line: number, options?: { preview?: boolean; preserveFocus?: boolean }): Promise<NavigationResult> {
  rememberLine(filePath, line);
  await openLogAt(filePath, line, options);
  return { path: filePath, line };
}

function tell(message: string): NavigationResult {
  void vscode.window.showInformationMessage(message);
  return { message };
}

export function registerNavigation(context: vscode.ExtensionContext, { store, overview }: JobModel): void {
  const indexes = new LogIndexes(store);

  const step = async (direction: 1 | -1): Promise<NavigationResult> => {
    const file = requireActiveLog();
    const snap = await indexes.snapshot(file);
    const starts = sessionStarts(snap.sessions);
    const r = stepSession(starts, cursorLine(file), direction);
    if ('atEnd' in r) {
      const name = path.basename(file);
      return tell(r.atEnd === 'last' ? `No later session in ${name}: session ${starts.length} of ${starts.length} is the last.` : `No earlier session in ${name}: this is session 1 of ${starts.length}.`);
    }
    return goTo(file, r.line, { preview: false });
  };
  registerCommand(context, 'workerLogs.nextResume', () => step(1));
  registerCommand(context, 'workerLogs.previousResume', () => step(-1));

  registerCommand(context, 'workerLogs.goToSession', async (target?: { path?: string; rank?: number; session?: number }) => {
    const candidates = sessionItems(overview);
    if (candidates.length === 0) return tell('No worker logs to pick from: open a log folder in the Workers view first.');
    if (target?.session !== undefined) {
      const { session, rank, path: wantedPath } = target;
      const hit = candidates.filter(isSessionItem).find((c) => c.session === session - 1 && (wantedPath ? path.resolve(wantedPath) === c.path : c.rank === rank));
      if (!hit) throw new Error(`No session ${session} of ${wantedPath ?? `rank ${rank}`}.`);
      return goTo(hit.path, hit.line, { preview: false });
    }
    return pickSession(candidates);
  });

  registerCommand(context, 'workerLogs.goToSameMomentInRank', async (target?: { rank?: number }) => {
    const file = requireActiveLog();
    const line = cursorLine(file);
    const snap = await indexes.snapshot(file);
    const text = lineText(file, line);
    let time = text !== undefined ? parseRecordLine(text)?.time : undefined;
    time ??= await recordTimeAtLine(file, snap.checkpoints, line);
    if (time === undefined) return tell('The record at the cursor has no timestamp, so there is no moment to match in other ranks.');
    const here = rankOfFileName(path.basename(file));
    const others = store.siblings(file).filter((s) => s.rank !== here);
    if (others.length === 0) return tell(`No other rank logs beside ${path.basename(file)}.`);
    let chosen = target?.rank !== undefined ? others.find((o) => o.rank === target.rank) : undefined;
    if (target?.rank !== undefined && !chosen) throw new Error(`Rank ${target.rank} has no log beside ${path.basename(file)}.`);
    if (!chosen) {
      const pick = await vscode.window.showQuickPick(
        others.map((o) => ({ label: `Rank ${o.rank}`, description: path.basename(o.path), rank: o })),
        { title: `Go to ${formatTime(time, true)} in rank...`, placeHolder: 'The rank to open at its last record at or before this moment' },
      );
      if (!pick) return { message: 'cancelled' };
      chosen = pick.rank;
    }
    const hit = await findRecordAtOrBefore(chosen.path, (await indexes.snapshot(chosen.path)).checkpoints, time);
    if (!hit) return tell(`Rank ${chosen.rank} has no record at or before ${formatTime(time, true)}.`);
    return goTo(chosen.path, hit.line, { preview: false });
  });
}

interface SessionItem extends vscode.QuickPickItem {
  path: string;
  rank: number;
  session: number;
  line: number;
}

function isSessionItem(item: SessionItem | vscode.QuickPickItem): item is SessionItem {
  return 'path' in item;
}

function sessionItems(overview: JobOverview): (SessionItem | vscode.QuickPickItem)[] {
  const items: (SessionItem | vscode.QuickPickItem)[] = [];
  for (const job of overview.current) {
    items.push({ label: job.label, kind: vscode.QuickPickItemKind.Separator });
    for (const rank of job.ranks) {
      for (const s of rank.sessions) {
        const errors = errorCount(s.session.counts);
        items.push({
          label: `${s.isFirstFailure ? '$(flame)' : s.failed ? '$(error)' : '$(debug-restart)'} Rank ${rank.rank} · Session ${s.index + 1}`,
          description: [sessionStartText(s.session), errors ? plural(errors, 'error') : undefined, s.isFirstFailure ? 'first failure' : undefined]
            .filter(Boolean)
            .join(' · '),
          detail: s.session.firstError ? errorLabel(s.session.firstError) : undefined,
          path: rank.path,
          rank: rank.rank,
          session: s.index,
          line: s.line,
        });
      }
    }
  }
  return items.some(isSessionItem) ? items : [];
}

async function pickSession(items: (SessionItem | vscode.QuickPickItem)[]): Promise<NavigationResult> {
  const origin = vscode.window.activeTextEditor;
  const originSelection = origin?.selection;
  const quickPick = vscode.window.createQuickPick<SessionItem | vscode.QuickPickItem>();
  quickPick.title = 'Go to Session';
  quickPick.placeholder = 'A session of any rank (type a rank, a time or an error)';
  quickPick.matchOnDescription = true;
  quickPick.matchOnDetail = true;
  quickPick.items = items;
  const disposables: vscode.Disposable[] = [quickPick];
  return new Promise<NavigationResult>((resolve, reject) => {
    let accepted = false;
    quickPick.onDidChangeActive(
      (active) => {
        const item = active[0] as SessionItem | undefined;
        if (item?.path) inBackground(openLogAt(item.path, item.line, { preview: true, preserveFocus: true }), `Previewing ${item.path}`);
      },
      undefined,
      disposables,
    );
    quickPick.onDidAccept(
      () => {
        const item = quickPick.selectedItems[0] as SessionItem | undefined;
        accepted = true;
        quickPick.hide();
        // A failed open rejects (the command shows why) instead of leaving the command pending.
        if (item?.path) goTo(item.path, item.line, { preview: false }).then(resolve, reject);
        else resolve({ message: 'cancelled' });
      },
      undefined,
      disposables,
    );
    quickPick.onDidHide(
      () => {
        if (!accepted) {
          // Put the user back where the preview took them from.
          if (origin && originSelection) inBackground(vscode.window.showTextDocument(origin.document, { selection: originSelection, viewColumn: origin.viewColumn }), 'Returning to the editor');
          resolve({ message: 'cancelled' });
        }
        vscode.Disposable.from(...disposables).dispose();
      },
      undefined,
      disposables,
    );
    quickPick.show();
  });
}
