// Which log the navigation commands act on, and where its cursor is. For a log over 50 MB VS
// Code shows the editor but gives extensions no TextEditor: the tab names the file, and the
// line is the one this extension last moved to.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LANGUAGE_ID } from '../shared/protocol';

const lastLines = new Map<string, number>();

function isLogPath(p: string): boolean {
  return /\.log$/i.test(p);
}

export function activeLogPath(): string | undefined {
  const editor = vscode.window.activeTextEditor;
  if (editor && editor.document.uri.scheme === 'file' && (editor.document.languageId === LANGUAGE_ID || isLogPath(editor.document.uri.fsPath))) {
    return editor.document.uri.fsPath;
  }
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (input instanceof vscode.TabInputText && input.uri.scheme === 'file' && isLogPath(input.uri.fsPath)) return input.uri.fsPath;
  return undefined;
}

export function requireActiveLog(): string {
  const p = activeLogPath();
  if (!p) throw new Error('Open a worker log (worker_<N>.log) in the editor first.');
  return p;
}

/** The cursor's line in that log's editor, or the last line we moved it to. */
export function cursorLine(filePath: string): number {
  const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.fsPath === filePath);
  if (editor && vscode.window.activeTextEditor === editor) return editor.selection.active.line;
  return lastLines.get(path.resolve(filePath)) ?? editor?.selection.active.line ?? 0;
}

export function rememberLine(filePath: string, line: number): void {
  lastLines.set(path.resolve(filePath), line);
}

/** The line's text when VS Code gave us the document (logs up to 50 MB). */
export function lineText(filePath: string, line: number): string | undefined {
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === filePath);
  if (!doc || line >= doc.lineCount) return undefined;
  return doc.lineAt(line).text;
}
