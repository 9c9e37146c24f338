import { feedbackCsp } from '../feedback/html';

/**
 * The fleet dashboard's HTML. Its Content-Security-Policy is the feedback panel's (CONVENTIONS 13: default-src 'none',
 * the bundle only with this page's nonce, styles and fonts only from dist/webview): the same policy, one definition.
 * No vscode import, so unit tests check it as the real VS Code serves it.
 */
export interface DashboardPageParts {
  readonly cspSource: string;
  readonly nonce: string;
  /** Webview URIs of dist/webview/dashboard.js, dashboard.css and codicons/codicon.css. */
  readonly scriptUri: string;
  readonly styleUri: string;
  readonly codiconUri: string;
}

export const dashboardCsp = feedbackCsp;

const escapeAttr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function dashboardHtml(p: DashboardPageParts): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(dashboardCsp(p.cspSource, p.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" id="vscode-codicon-stylesheet" href="${escapeAttr(p.codiconUri)}">
<link rel="stylesheet" href="${escapeAttr(p.styleUri)}">
<title>Fleet Dashboard</title>
</head>
<body>
<main id="root"><p>Loading the fleet…</p></main>
<script nonce="${escapeAttr(p.nonce)}" src="${escapeAttr(p.scriptUri)}"></script>
</body>
</html>
`;
}
