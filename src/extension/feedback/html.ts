import { webviewCsp, webviewPageHtml } from '../webviewPage';

/** The feedback panel's HTML: the extension's one webview page (../webviewPage.ts, with its CSP) for a run. */
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

export const feedbackCsp = webviewCsp;

export function feedbackHtml(p: FeedbackPageParts): string {
  return webviewPageHtml({ ...p, loading: 'Loading the run…' });
}
