/**
 * The HTML every webview panel of the extension serves (the feedback panel, the fleet dashboard), and its
 * Content-Security-Policy (CONVENTIONS 13). No vscode import: the policy is built from strings, so it is checked the
 * same way in unit tests and in the real VS Code.
 *
 * - scripts: only the bundle, and only with this page's nonce (crypto.randomBytes, new for every page);
 * - styles and fonts: only from the webview's resource origin (`webview.cspSource`), i.e. dist/webview. No
 *   'unsafe-inline' is needed: the pages set no style attributes, and @vscode-elements (Lit) styles its shadow roots
 *   with constructable stylesheets (adoptedStyleSheets), which the style-src directive does not govern;
 * - everything else (images, connections, frames) falls to default-src 'none'.
 */
export interface WebviewPageParts {
  /** `webview.cspSource`. */
  readonly cspSource: string;
  readonly nonce: string;
  /** Webview URIs (asWebviewUri) of the page's bundle and stylesheet in dist/webview, and codicons/codicon.css. */
  readonly scriptUri: string;
  readonly styleUri: string;
  readonly codiconUri: string;
  readonly title: string;
  /** What the page shows until its bundle has drawn it. */
  readonly loading: string;
}

export function webviewCsp(cspSource: string, nonce: string): string {
  return [`default-src 'none'`, `script-src 'nonce-${nonce}'`, `style-src ${cspSource}`, `font-src ${cspSource}`].join('; ');
}

const escapeAttr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function webviewPageHtml(p: WebviewPageParts): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(webviewCsp(p.cspSource, p.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" id="vscode-codicon-stylesheet" href="${escapeAttr(p.codiconUri)}">
<link rel="stylesheet" href="${escapeAttr(p.styleUri)}">
<title>${escapeAttr(p.title)}</title>
</head>
<body>
<main id="root"><p>${escapeAttr(p.loading)}</p></main>
<script nonce="${escapeAttr(p.nonce)}" src="${escapeAttr(p.scriptUri)}"></script>
</body>
</html>
`;
}
