// Opens a log at a line, centered. Goes through `vscode.open` with a selection so that it also
// works for logs over 50 MB, which VS Code opens but never hands to extensions as documents.
import * as vscode from 'vscode';

export async function openLogAt(filePath: string, line: number, options: { preview?: boolean; viewColumn?: vscode.ViewColumn; preserveFocus?: boolean } = {}): Promise<void> {
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
}
