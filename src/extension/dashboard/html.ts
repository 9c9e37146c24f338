import { webviewCsp, webviewPageHtml } from '../webviewPage';

/**
 * The fleet dashboard's HTML: the extension's one webview page (../webviewPage.ts) with the feedback panel's
 * Content-Security-Policy (CONVENTIONS 13: default-src 'none', the bundle only with this page's nonce, styles and fonts
 * only from dist/webview): the same policy, one definition. No vscode import, so unit tests check it as the real VS Code
 * serves it.
 */
export interface DashboardPageParts {
  readonly cspSource: string;
  readonly nonce: string;
  /** Webview URIs of dist/webview/dashboard.js, dashboard.css and codicons/codicon.css. */
  readonly scriptUri: string;
  readonly styleUri: string;
  readonly codiconUri: string;
}

export const dashboardCsp = webviewCsp;

export function dashboardHtml(p: DashboardPageParts): string {
  return webviewPageHtml({ ...p, title: 'Fleet Dashboard', loading: 'Loading the fleet…' });
}
