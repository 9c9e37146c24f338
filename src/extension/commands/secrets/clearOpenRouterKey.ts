import * as vscode from 'vscode';
import type { LwContext } from '../../context';
import { OPENROUTER_KEY_SECRET } from '../../secrets';

/** lwCoder.secrets.clearOpenRouterKey: forgets the stored key (the env file and environment still count). */
export function clearOpenRouterKey(ctx: LwContext) {
  return async (): Promise<boolean> => {
    const had = (await ctx.extension.secrets.get(OPENROUTER_KEY_SECRET)) !== undefined;
    await ctx.extension.secrets.delete(OPENROUTER_KEY_SECRET);
    ctx.logger('secrets').info(had ? 'OpenRouter API key removed from SecretStorage' : 'no OpenRouter API key was stored');
    void vscode.window.showInformationMessage(had ? 'LW Coder: OpenRouter API key cleared.' : 'LW Coder: no OpenRouter API key was stored.');
    return had;
  };
}
