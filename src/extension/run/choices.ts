import * as vscode from 'vscode';
import type { CredentialConsentRequest } from '../../app/run/credentialGate';
import type { RunArgFinding } from '../../core/container/runArgs';
import type { UserModelSetting } from '../../core/env/openrouter';
import type { ConfirmEndpoint } from '../../core/ports/secrets';
import type { RunSettings } from './settings';

/**
 * The questions every agent run asks the user (Run Plan, Run Plan Headless, New Plan with Agent, Generate Prompts), in
 * one place so their wording and their modal-ness cannot drift apart between commands.
 */
const RUN_ANYWAY = 'Run Anyway';
const SEND_KEY = 'Send key';
const ALLOW = 'Allow';

/** A modal yes before the stored key goes to an endpoint the repository chose. */
export const confirmEndpointModal: ConfirmEndpoint = async (c) =>
  (await vscode.window.showWarningMessage(c.question, { modal: true, detail: `Endpoint: ${c.baseUrl}` }, SEND_KEY)) === SEND_KEY;

/** A modal yes before `[code] docker_run_args` that weaken the container are applied. */
export async function allowDangerousRunArgsModal(findings: readonly RunArgFinding[]): Promise<boolean> {
  return (await vscode.window.showWarningMessage(
    ".lw_coder/config.toml [code] docker_run_args weaken the agent's container. Run with them anyway?",
    { modal: true, detail: findings.map((f) => f.message).join('\n') },
    RUN_ANYWAY,
  )) === RUN_ANYWAY;
}

export const MODEL_SETTING = 'lwCoder.openRouter.model';

/**
 * A modal yes before the user's secrets and credential files enter an agent container for the first time in a
 * repository (or after its config.toml, code.Dockerfile or .dockerignore changed): the repository's code runs there.
 */
export async function confirmCredentialsModal(request: CredentialConsentRequest): Promise<boolean> {
  return (await vscode.window.showWarningMessage(request.title, { modal: true, detail: request.detail }, ALLOW)) === ALLOW;
}

/**
 * The user's prompt-model setting for prompt generation: its value (ahead of OPENROUTER_MODEL in the environment and
 * `[prompts] model`; the repository's env file still wins, as in `lwc`) and its name, so a retired or unknown model is
 * reported with the setting to change. Every command passes it, so Run Plan generates with the same model as
 * "Generate Prompts".
 */
export function userModelSetting(settings: Pick<RunSettings, 'openRouterModel'>): UserModelSetting {
  return { name: MODEL_SETTING, ...(settings.openRouterModel ? { value: settings.openRouterModel } : {}) };
}
