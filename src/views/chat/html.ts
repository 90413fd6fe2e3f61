import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/**
 * What the chat webview may load: its bundle and codicons, the stylesheet, and Pictor's
 * content-addressed image copies. Every image it shows (results, drafts, attachments, thumbnails)
 * comes from those copies, which exist even for drafts with no file and for files since moved or
 * edited, so no workspace folder is a root. Nothing else.
 */
export function chatResourceRoots(extensionUri: vscode.Uri, imagesDir: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media'), imagesDir];
}

/** The webview's page: an empty #app filled by the bundle, under a CSP that allows only our nonce'd script. */
export function chatHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = randomBytes(16).toString('base64');
  const asset = (...path: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...path)).toString();
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource}`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset('dist', 'webview', 'codicons', 'codicon.css')}">
<link rel="stylesheet" href="${asset('media', 'chat.css')}">
<title>Pictor Chat</title>
</head>
<body>
<div id="app" class="app"></div>
<script nonce="${nonce}" src="${asset('dist', 'webview', 'chat.js')}"></script>
</body>
</html>`;
}
