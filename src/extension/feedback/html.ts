/**
 * The feedback panel's HTML and its Content-Security-Policy (CONVENTIONS 13). No vscode import: the policy is built from
 * strings, so it is checked the same way in unit tests and in the real VS Code.
 *
 * - scripts: only the bundle, and only with this page's nonce (crypto.randomBytes, new for every page);
 * - styles and fonts: only from the webview's resource origin (`webview.cspSource`), i.e. dist/webview. No
 *   'unsafe-inline' is needed: the page sets no style attributes, and @vscode-elements (Lit) styles its shadow roots
 *   with constructable stylesheets (adoptedStyleSheets), which the style-src directive does not govern;
 * - everything else (images, connections, frames) falls to default-src 'none'.
 */
export interface FeedbackPageParts {
  /** `webview.cspSource`. */
  readonly cspSource: string;
  readonly nonce: string;
  /** Webview URIs (asWebviewUri) of dist/webview/feedback.js, feedback.css and codicons/codicon.css. */
  readonly scriptUri: string;
  readonly styleUri: string;
  readonly codiconUri: string;
  readonly title: string;
}

export function feedbackCsp(cspSource: string, nonce: string): string {
  return [`default-src 'none'`, `script-src 'nonce-${nonce}'`, `style-src ${cspSource}`, `font-src ${cspSource}`].join('; ');
}

const escapeAttr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function feedbackHtml(p: FeedbackPageParts): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(feedbackCsp(p.cspSource, p.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" id="vscode-codicon-stylesheet" href="${escapeAttr(p.codiconUri)}">
<link rel="stylesheet" href="${escapeAttr(p.styleUri)}">
<title>${escapeAttr(p.title)}</title>
</head>
<body>
<main id="root"><p>Loading the run…</p></main>
<script nonce="${escapeAttr(p.nonce)}" src="${escapeAttr(p.scriptUri)}"></script>
</body>
</html>
`;
}
