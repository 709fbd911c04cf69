// Opens a log at a line, centered. Goes through `vscode.open` with a selection so that it also
// works for logs over 50 MB, which VS Code opens but never hands to extensions as documents.
import * as vscode from 'vscode';
import { editorLineOf } from './core/editorLines';
import { isRankLogPath } from './core/rankDiscovery';

type SourceResolver = (file: string, line: number) => Promise<{ path: string; line: number } | undefined>;
let resolveSource: SourceResolver | undefined;

/**
 * Where a line of an imported rank log (a job written without our module) came from: such a
 * line opens at its source line, in the file the user knows.
 */
export function setSourceResolver(resolver: SourceResolver): vscode.Disposable {
  resolveSource = resolver;
  return new vscode.Disposable(() => {
    if (resolveSource === resolver) resolveSource = undefined;
  });
}

export async function openLogAt(
  filePath: string,
  line: number,
  options: {
    preview?: boolean;
    viewColumn?: vscode.ViewColumn;
    preserveFocus?: boolean;
    /** An imported rank log itself (its own lines in our format), read-only in this window, not the file its lines came from. */
    own?: boolean;
  } = {},
): Promise<void> {
  const source = options.own ? undefined : await resolveSource?.(filePath, line);
  if (source) ({ path: filePath, line } = source);
  // Another program's file (a capture, a rank's stream), its lines counted by line feeds: further
  // down in the editor where carriage returns alone came before it (progress bars' redraws).
  if (!options.own && !isRankLogPath(filePath)) line = await editorLineOf(filePath, line);
  const uri = vscode.Uri.file(filePath);
  const position = new vscode.Position(Math.max(0, line), 0);
  const selection = new vscode.Range(position, position);
  await vscode.commands.executeCommand('vscode.open', uri, {
    selection,
    preview: options.preview ?? true,
    viewColumn: options.viewColumn,
    preserveFocus: options.preserveFocus ?? false,
  } satisfies vscode.TextDocumentShowOptions);
  const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.fsPath === uri.fsPath);
  if (editor) {
    editor.selection = new vscode.Selection(position, position);
    editor.revealRange(selection, vscode.TextEditorRevealType.InCenter);
  }
  // A copy under the extension's storage: edits there would be lost, and mislead.
  if (options.own && vscode.window.activeTextEditor?.document.uri.fsPath === uri.fsPath) await vscode.commands.executeCommand('workbench.action.files.setActiveEditorReadonlyInSession');
}
