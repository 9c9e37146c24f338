import { webviewCsp, webviewPageHtml, type WebviewPageParts } from '../webviewPage';

/**
 * The feedback panel's HTML: the extension's one webview page (../webviewPage.ts, with its CSP) for a run; the URIs
 * are those of dist/webview/feedback.js, feedback.css and codicons/codicon.css.
 */
export type FeedbackPageParts = Omit<WebviewPageParts, 'loading'>;

export const feedbackCsp = webviewCsp;

export function feedbackHtml(p: FeedbackPageParts): string {
  return webviewPageHtml({ ...p, loading: 'Loading the run…' });
}
