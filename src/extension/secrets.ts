import type * as vscode from 'vscode';
import type { SecretLookup } from '../core/ports/secrets';

/** The one SecretStorage key of the OpenRouter API key. Fixed: the value is looked up by this name only. */
export const OPENROUTER_KEY_SECRET = 'lwCoder.openRouter.apiKey';

/** generatePrompts' SecretLookup over VS Code's SecretStorage (consulted before the env file and the environment). */
export function secretLookupOf(secrets: vscode.SecretStorage): SecretLookup {
  return async (name) => (name === 'OPENROUTER_API_KEY' ? secrets.get(OPENROUTER_KEY_SECRET) : undefined);
}
