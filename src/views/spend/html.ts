import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** The spend page: an empty #app filled by its bundle, under a CSP that allows only our nonce'd script. */
export function spendHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = randomBytes(16).toString('base64');
  const asset = (...path: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...path)).toString();
  const csp = ["default-src 'none'", `img-src ${webview.cspSource}`, `style-src ${webview.cspSource}`, `script-src 'nonce-${nonce}'`].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset('media', 'spend.css')}">
<title>Pictor Spend</title>
</head>
<body>
<main id="app"></main>
<script nonce="${nonce}" src="${asset('dist', 'webview', 'spend.js')}"></script>
</body>
</html>`;
}
