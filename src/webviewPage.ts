// The page of one of our webviews, as both panels (Job Log, Job Timeline) build it: a strict
// Content Security Policy (no remote content, scripts only by nonce, no inline handlers), and
// resources from the extension's own dist/ and media/ folders only.
import * as crypto from 'node:crypto';
import * as vscode from 'vscode';

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')] };
}

/** `styles` and `script` are paths inside the extension; `body` is our markup, never log text. */
export function webviewPage(webview: vscode.Webview, extensionUri: vscode.Uri, page: { title: string; styles: string[][]; script: string[]; body: string }): string {
  const nonce = crypto.randomBytes(16).toString('base64');
  const uri = (p: string[]): vscode.Uri => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...p));
  const csp = `default-src 'none'; style-src ${webview.cspSource}; script-src 'nonce-${nonce}'; img-src ${webview.cspSource}; font-src ${webview.cspSource}`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${page.styles.map((s) => `<link rel="stylesheet" href="${uri(s)}">`).join('\n')}
<title>${page.title}</title></head>
<body>${page.body}
<script nonce="${nonce}" src="${uri(page.script)}"></script>
</body></html>`;
}
