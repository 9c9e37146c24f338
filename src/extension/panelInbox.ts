import * as vscode from 'vscode';
import type { Logger } from '../core/ports/logger';

/** What tests (through the extension's API) see of any webview panel: its page and the messages each way, newest last. */
export interface PanelTrace<In, Out, Action> {
  readonly html: string;
  readonly readyCount: number;
  readonly received: readonly In[];
  readonly rejected: readonly string[];
  readonly posted: readonly Out[];
  /** What the panel opened or ran for its page. */
  readonly actions: readonly Action[];
}

/** Keeps the newest `limit` items of a panel's trace (what tests read back), oldest first. */
export function remember<T>(list: T[], item: T, limit: number): void {
  list.push(item);
  if (list.length > limit) list.shift();
}

export interface PanelInbox<M extends { readonly type: string }> {
  /** The protocol's validator of inbound messages. */
  parse(raw: unknown): { readonly ok: true; readonly message: M } | { readonly ok: false; readonly error: string };
  /** The panel's trace lists and their length. */
  readonly received: M[];
  readonly rejected: string[];
  readonly limit: number;
  readonly logger: Pick<Logger, 'warn'>;
  /** Which page sent it, for the log: `the fleet dashboard`. */
  readonly from: string;
  handle(message: M): Promise<void>;
}

/**
 * How a webview panel (feedback, dashboard) takes a message from its page: validated first — an invalid one is logged
 * without its content and dropped — then remembered and handled; a handler's failure is logged and shown to the user,
 * never thrown back into the webview's message loop.
 */
export async function receiveFromPage<M extends { readonly type: string }>(raw: unknown, inbox: PanelInbox<M>): Promise<void> {
  const check = inbox.parse(raw);
  if (!check.ok) {
    remember(inbox.rejected, check.error, inbox.limit);
    inbox.logger.warn(`ignored an invalid message from ${inbox.from}: ${check.error}`);
    return;
  }
  const message = check.message;
  remember(inbox.received, message, inbox.limit);
  try {
    await inbox.handle(message);
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    inbox.logger.warn(`${message.type} failed: ${text}`);
    void vscode.window.showErrorMessage(text);
  }
}
