import * as vscode from 'vscode';
import type { GeneratePromptsResult } from '../../../app/prompts/prompts';
import type { LwContext } from '../../context';
import { loadPrompts } from '../../lazy';
import { UserError } from '../../notify';
import { resolvePlanArgument } from '../../planUris';
import { userModelSetting } from '../../run/choices';
import { secretLookupOf } from '../../secrets';
import { optionOf } from '../args';
import { COMMAND_IDS } from '../ids';

const SEND_KEY = 'Send key';
const USE_TEMPLATES = 'Use built-in templates';
const SET_KEY = 'Set API Key';

type Source = 'model' | 'templates';

/** The user's machine-scoped settings: a workspace cannot set these (package.json `scope: "machine"`). */
function userSettings(): { baseUrl?: string; model?: string } {
  const config = vscode.workspace.getConfiguration('lwCoder.openRouter');
  const baseUrl = config.get<string>('baseUrl')?.trim();
  const model = config.get<string>('model')?.trim();
  return { ...(baseUrl ? { baseUrl } : {}), ...(model ? { model } : {}) };
}

/**
 * lwCoder.prompts.generate [plan|{ uri, source, noCache }]: the run's prompts into a new run directory, under a
 * cancellable progress notification. The stored key goes only to OpenRouter or the user's own base URL; an endpoint
 * the repository chose needs a modal yes. Without a key the user may pick the built-in templates instead.
 */
export function generatePromptsCommand(ctx: LwContext) {
  const logger = ctx.logger('prompts');
  return async (arg?: unknown): Promise<GeneratePromptsResult | undefined> => {
    if (!vscode.workspace.isTrusted) throw new UserError('Generating prompts reads the repository configuration and runs git: trust the workspace first.');
    const uri = resolvePlanArgument(arg);
    if (!uri) {
      void vscode.window.showInformationMessage('Open a plan (a markdown file in .lw_coder/tasks/) to generate its prompts.');
      return undefined;
    }
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const explicit = optionOf<Source>(arg, 'source');
    const noCache = optionOf<boolean>(arg, 'noCache') === true;
    const settings = userSettings();
    const { generatePrompts, createNodePromptDeps } = await loadPrompts();
    const deps = createNodePromptDeps({ resourcesRoot: ctx.extension.asAbsolutePath('resources') });

    const generate = (source: Source): Thenable<GeneratePromptsResult> =>
      vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `LW Coder: prompts for ${vscode.workspace.asRelativePath(uri)}`, cancellable: true },
        (progress, token) => {
          const controller = new AbortController();
          const cancel = token.onCancellationRequested(() => controller.abort());
          return generatePrompts(
            {
              cwd: folder?.uri.fsPath ?? vscode.Uri.joinPath(uri, '..').fsPath,
              plan: uri.fsPath,
              templates: source === 'templates',
              noCache,
              processEnv: process.env,
              userModel: userModelSetting({ ...(settings.model ? { openRouterModel: settings.model } : {}) }),
              secretLookup: secretLookupOf(ctx.extension.secrets),
              ...(settings.baseUrl ? { userBaseUrl: settings.baseUrl } : {}),
              confirmEndpoint: async (c) => {
                const choice = await vscode.window.showWarningMessage(c.question, { modal: true, detail: `Endpoint: ${c.baseUrl}` }, SEND_KEY);
                return choice === SEND_KEY;
              },
              onProgress: (p) => {
                progress.report({ message: p.message });
                logger.info(p.message);
              },
              logger,
              signal: controller.signal,
            },
            deps,
          ).finally(() => cancel.dispose());
        },
      );

    let result: GeneratePromptsResult;
    try {
      result = await generate(explicit ?? 'model');
    } catch (error) {
      if (explicit || !(error instanceof Error) || (error as { kind?: string }).kind !== 'missing-key') throw error;
      const choice = await vscode.window.showWarningMessage(
        'No OpenRouter API key is configured. Use the built-in templates (no model, offline), or set a key?',
        USE_TEMPLATES,
        SET_KEY,
      );
      if (choice === USE_TEMPLATES) result = await generate('templates');
      else if (choice === SET_KEY && (await vscode.commands.executeCommand<boolean>(COMMAND_IDS.secretsSetOpenRouterKey))) result = await generate('model');
      else return undefined;
    }
    logger.info(`${result.source === 'templates' ? 'templates' : `model ${result.model ?? ''}`}${result.cacheHit ? ' (cache hit)' : ''} → ${result.runDir}`);
    for (const w of result.warnings) logger.warn(w);
    await ctx.runs.refresh();
    if (!explicit) {
      const main = result.files.find((f) => /[\\/]prompts[\\/]main\.md$/.test(f));
      void vscode.window.showInformationMessage(`Prompts written to ${vscode.workspace.asRelativePath(result.runDir)}.`, 'Open Main Prompt').then((c) => {
        if (c && main) void vscode.window.showTextDocument(vscode.Uri.file(main));
      });
    }
    return result;
  };
}
