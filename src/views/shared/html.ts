import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** What a Pictor webview page loads: its bundle (from dist/webview) and stylesheets (from media). */
export interface WebviewPage {
  title: string;
  /** The bundle's file name in dist/webview, e.g. `chat.js`. */
  script: string;
  /** File names in media/, after the shared base stylesheet. */
  stylesheets: string[];
}

/**
 * The resource roots every Pictor webview needs (its bundles, codicons and stylesheets) plus `extra`
 * folders the view shows images from. Nothing else can be loaded.
 */
export function webviewResourceRoots(extensionUri: vscode.Uri, ...extra: vscode.Uri[]): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media'), ...extra];
}

/**
 * The page of a Pictor webview: an empty #app filled by the bundle, under a CSP that allows only our
 * nonce'd script, stylesheets and fonts from the extension, and images from the resource roots.
 */
export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, page: WebviewPage): string {
  const nonce = randomBytes(16).toString('base64');
  const asset = (...path: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...path)).toString();
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource}`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  const styles = ['webview-base.css', ...page.stylesheets]
    .map((file) => `<link rel="stylesheet" href="${asset('media', file)}">`)
    .join('\n');
  // The codicon stylesheet carries an id so components that look for it (vscode-elements) find it.
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" id="vscode-codicon-stylesheet" href="${asset('dist', 'webview', 'codicons', 'codicon.css')}">
${styles}
<title>${page.title}</title>
</head>
<body>
<div id="app" class="app"></div>
<script nonce="${nonce}" src="${asset('dist', 'webview', page.script)}"></script>
</body>
</html>`;
}
