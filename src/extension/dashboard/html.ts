import { webviewCsp, webviewPageHtml, type WebviewPageParts } from '../webviewPage';

/**
 * The fleet dashboard's HTML: the extension's one webview page (../webviewPage.ts) with the feedback panel's
 * Content-Security-Policy (CONVENTIONS 13: default-src 'none', the bundle only with this page's nonce, styles and fonts
 * only from dist/webview): the same policy, one definition. No vscode import, so unit tests check it as the real VS Code
 * serves it. The URIs are those of dist/webview/dashboard.js, dashboard.css and codicons/codicon.css.
 */
export type DashboardPageParts = Omit<WebviewPageParts, 'loading' | 'title'>;

export const dashboardCsp = webviewCsp;

export function dashboardHtml(p: DashboardPageParts): string {
  return webviewPageHtml({ ...p, title: 'Fleet Dashboard', loading: 'Loading the fleet…' });
}
