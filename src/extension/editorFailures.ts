/**
 * Failures in the editor's language (issue 10, item 10). The core's messages are written for `lwc` and name its flags
 * and environment variables ("use --templates", "OPENROUTER_BASE_URL"); in VS Code the same failure names commands,
 * settings and buttons instead. Pure (no 'vscode'): the notification layer turns the actions into buttons, and a unit
 * test holds every kind to the rule "no CLI flag, no variable name".
 */

/** What a button does; the notification layer maps each to a command. */
export type EditorAction = 'set-api-key' | 'use-templates' | 'open-model-setting' | 'open-endpoint-setting' | 'open-output';

export interface EditorFailure {
  /** The sentence shown after "LW Coder: <action> failed." */
  readonly message: string;
  readonly actions: readonly EditorAction[];
  /**
   * Expected: the network, the endpoint, the user's files or choices — one line in the log, no stack. Anything else is
   * a defect and is logged with its stack.
   */
  readonly expected: boolean;
}

export const ACTION_TITLES: Readonly<Record<EditorAction, string>> = {
  'set-api-key': 'Set API Key',
  'use-templates': 'Use Templates',
  'open-model-setting': 'Choose Model',
  'open-endpoint-setting': 'Open Settings',
  'open-output': 'Open Output',
};

export const MODEL_SETTING = 'lwCoder.openRouter.model';
export const ENDPOINT_SETTING = 'lwCoder.openRouter.baseUrl';

/** Errors whose message already carries its fix (the user's files or input), shown as they are. */
const EXPECTED_AS_WRITTEN = new Set([
  'UserError', 'PlanEditError', 'PlanNotFoundError', 'RunPlanError', 'ConfigError', 'EnvFileError', 'EndpointSettingError',
  'WorktreeError', 'TemplateError', 'ContainerEngineError', 'SessionRunningError', 'PlanFileRefusedError',
  'QueueError',
]);

interface Kinded {
  readonly name: string;
  readonly message: string;
  readonly kind?: string;
  readonly status?: number;
}

/** The editor's wording and buttons for a failure; `canUseTemplates`: the action can be redone with the templates. */
export function editorFailureOf(error: unknown, canUseTemplates: boolean): EditorFailure {
  if (!(error instanceof Error)) return { message: String(error), actions: ['open-output'], expected: false };
  const e = error as Error & Kinded;
  const templates: EditorAction[] = canUseTemplates ? ['use-templates'] : [];
  const offline = canUseTemplates ? ', or choose Use Templates to run with the built-in prompt templates' : '';
  if (e.name === 'PromptGenerationError' && e.kind === 'missing-key') {
    return { message: `No OpenRouter API key is set. Choose Set API Key to generate the prompts with a model${offline}.`, actions: ['set-api-key', ...templates], expected: true };
  }
  if (e.name === 'LlmError') return llmFailure(e, templates, offline);
  const message = withoutCliAdvice(e.message);
  return { message, actions: ['open-output'], expected: EXPECTED_AS_WRITTEN.has(e.name) || e.name === 'PromptGenerationError' };
}

function llmFailure(e: Kinded, templates: EditorAction[], offline: string): EditorFailure {
  const endpoint = endpointOf(e.message);
  const at = endpoint ? ` at ${endpoint}` : '';
  const say = (message: string, actions: EditorAction[]): EditorFailure => ({ message, actions, expected: true });
  switch (e.kind) {
    case 'auth':
      return say(`The endpoint${at} rejected your OpenRouter API key (HTTP ${e.status ?? '401'}). Choose Set API Key to replace it${offline}.`, ['set-api-key', ...templates]);
    case 'no-credits':
      return say(`Your OpenRouter account has no credits for this model. Add credits at openrouter.ai or choose a cheaper model in the setting ${MODEL_SETTING}${offline}.`, ['open-model-setting', ...templates]);
    case 'model-not-found':
      return say(`${firstSentence(e.message)} Choose another model in the setting ${MODEL_SETTING}${offline}.`, ['open-model-setting', ...templates]);
    case 'rate-limited':
      return say(`The model endpoint${at} is busy (HTTP 429). Wait a minute and try again, or choose another model in the setting ${MODEL_SETTING}${offline}.`, ['open-model-setting', ...templates]);
    case 'network':
    case 'timeout':
    case 'server':
      return say(`The model endpoint${at} could not be reached or did not answer. Check your connection and the setting ${ENDPOINT_SETTING} and try again later${offline}.`, ['open-endpoint-setting', ...templates]);
    case 'malformed-response':
    case 'bad-request':
    case 'error-in-body':
      return say(`The model endpoint${at} did not answer as an OpenAI-compatible API should. Check the settings ${ENDPOINT_SETTING} and ${MODEL_SETTING}${offline}.`, ['open-endpoint-setting', ...templates]);
    case 'structured-unsupported':
      return say(`${firstSentence(e.message)} Choose another model in the setting ${MODEL_SETTING}${offline}.`, ['open-model-setting', ...templates]);
    default:
      return say(withoutCliAdvice(e.message), ['open-output']);
  }
}

/** The endpoint a core message names ("https://…"), without a trailing dot. */
function endpointOf(message: string): string | undefined {
  return /\bhttps?:\/\/[^\s'"`),]+/.exec(message)?.[0]?.replace(/[.:]$/, '');
}

function firstSentence(message: string): string {
  const m = /^(.*?[.!?])(\s|$)/.exec(message);
  return withoutEnvNames(m?.[1] ?? message);
}

/**
 * The CLI's own remedies in a core message, rewritten for the editor: parentheticals naming `lwc` or a flag go, "use
 * --templates" becomes the button, and the few `lwc` commands the editor does on its own are named as it does them.
 */
export function withoutCliAdvice(message: string): string {
  return withoutEnvNames(message
    .replace(/,? or use --templates[^.]*\./g, '.')
    .replace(/Allow them once: run on a terminal and answer y, or pass --accept-credentials; or /g, 'Allow them when LW Coder asks, or ')
    .replace(/run `lwc recover(?: --force)?`(?: \(VS Code does it on start\))?/g, 'reload the window (LW Coder repairs what a crashed session left when it starts)')
    .replace(/`lwc worktree ensure[^`]*`/g, 'Run Plan')
    .replace(/`lwc salvage list`/g, "the Plans view's Recover node")
    // The queue's advice (core/queue/rules.ts), as the Workers view and the Plans view's Add to Queue do it.
    .replace(/\. `lwc task (?:show|list)[^`]*`/g, '. The Workers view')
    .replace(/`lwc task (?:show|list)[^`]*`/g, 'the Workers view')
    .replace(/`lwc task add[^`]*`/g, 'Add to Queue (on the plan in the Plans view)')
    .replace(/`lwc task retry[^`]*`/g, 'Retry (on the task in the Workers view)')
    .replace(/\s*\([^()]*(?:\blwc\b|\s--[a-z])[^()]*\)/g, '')
    .replace(/,? or pass --[a-z-]+/g, '')
    .replace(/ or `lwc [^`]*`/g, ''));
}

function withoutEnvNames(message: string): string {
  return message
    .replace(/\bOPENROUTER_API_KEY\b/g, 'your OpenRouter API key')
    .replace(/\bOPENROUTER_BASE_URL\b/g, `the setting ${ENDPOINT_SETTING}`)
    .replace(/\bOPENROUTER_MODEL\b/g, `the setting ${MODEL_SETTING}`);
}
