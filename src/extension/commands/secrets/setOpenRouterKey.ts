import * as vscode from 'vscode';
import type { LwContext } from '../../context';
import { UserError } from '../../notify';
import { OPENROUTER_KEY_SECRET } from '../../secrets';

/**
 * lwCoder.secrets.setOpenRouterKey [key]: stores the key in SecretStorage (the OS keychain). The value is never logged
 * or echoed; only the fact that a key was stored is.
 */
export function setOpenRouterKey(ctx: LwContext) {
  const logger = ctx.logger('secrets');
  return async (arg?: unknown): Promise<boolean> => {
    let key = typeof arg === 'string' ? arg : undefined;
    if (key === undefined) {
      key = await vscode.window.showInputBox({
        title: 'OpenRouter API Key',
        prompt: 'Stored in your OS keychain through VS Code; sent only to OpenRouter or the base URL in your user settings.',
        placeHolder: 'sk-or-…',
        password: true,
        ignoreFocusOut: true,
        validateInput: (v) => (v.trim().length === 0 ? 'Paste the key (openrouter.ai/keys).' : /\s/.test(v.trim()) ? 'A key has no spaces.' : undefined),
      });
      if (key === undefined) return false;
    }
    key = key.trim();
    if (key.length === 0 || /\s/.test(key)) throw new UserError('That is not an API key (it is empty or has spaces); copy it again from openrouter.ai/keys.');
    await ctx.extension.secrets.store(OPENROUTER_KEY_SECRET, key);
    logger.info('OpenRouter API key stored in SecretStorage');
    if (typeof arg !== 'string') void vscode.window.showInformationMessage('LW Coder: OpenRouter API key stored.');
    return true;
  };
}
