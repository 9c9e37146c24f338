/**
 * Where the OpenRouter key, endpoint and model come from, and whether the key may be sent there. Pure: the caller
 * gathers the stored secret, the env file and the process environment.
 *
 * Trust rule (issue 4): a repository must not be able to redirect the user's key. The default endpoint, a base URL
 * from the user's own machine-scoped settings, and the user's process environment are trusted; a base URL from the
 * repository (its env file) needs explicit confirmation before any key is sent there.
 */

export const DEFAULT_BASE_URL = 'https://openrouter.ai/api/v1';
/**
 * OpenRouter's alias that follows the current Claude Sonnet. Seed 001 named `anthropic/claude-sonnet-4.5`, which
 * OpenRouter retired on 2026-11-30 (it answers 404 "No endpoints found"); a pinned id would retire again, the alias
 * does not. The leading `~` is part of the id: nothing may strip or refuse it.
 */
export const DEFAULT_MODEL = '~anthropic/claude-sonnet-latest';
export const API_KEY_VARIABLE = 'OPENROUTER_API_KEY';
export const BASE_URL_VARIABLE = 'OPENROUTER_BASE_URL';
export const MODEL_VARIABLE = 'OPENROUTER_MODEL';

export type SettingSource = 'secret-storage' | 'env-file' | 'process-env' | 'user-settings' | 'config' | 'default';

export interface OpenRouterInputs {
  /** From VS Code SecretStorage (the extension's `secretLookup`); undefined in the CLI. */
  readonly storedKey?: string;
  readonly envFile: Readonly<Record<string, string>>;
  /** How the env file is named in messages, e.g. `.env.local`. */
  readonly envFileLabel: string;
  readonly processEnv: Readonly<Record<string, string | undefined>>;
  /** A base URL from the user's machine-scoped settings (trusted). */
  readonly userBaseUrl?: string;
  /** `[prompts] model` from config.toml. */
  readonly configModel?: string;
  /** The editor's own model setting (absent in the CLI): named in messages, its value used when set. */
  readonly userModel?: UserModelSetting;
}

/** A model setting of the user's own (the extension's `lwCoder.openRouter.model`). */
export interface UserModelSetting {
  /** The setting's id, e.g. `lwCoder.openRouter.model`. */
  readonly name: string;
  readonly value?: string;
}

export interface EndpointConfirmation {
  readonly baseUrl: string;
  readonly baseUrlSource: SettingSource;
  readonly apiKeySource: SettingSource;
  /** One sentence for the confirmation prompt. */
  readonly question: string;
}

export interface OpenRouterSettings {
  readonly apiKey?: string;
  readonly apiKeySource?: SettingSource;
  readonly baseUrl: string;
  readonly baseUrlSource: SettingSource;
  readonly model: string;
  readonly modelSource: SettingSource;
  /** What to change to use another model, naming the setting that chose this one (for model errors). */
  readonly modelHint: string;
  /** Present when the key would go to a repository-chosen endpoint: ask the user first. */
  readonly confirmation?: EndpointConfirmation;
}

export class EndpointSettingError extends Error {
  override readonly name = 'EndpointSettingError';
}

const nonEmpty = (v: string | undefined): string | undefined => (v !== undefined && v.trim() !== '' ? v.trim() : undefined);

function firstOf(...candidates: [string | undefined, SettingSource][]): [string, SettingSource] | undefined {
  for (const [v, s] of candidates) {
    const value = nonEmpty(v);
    if (value !== undefined) return [value, s];
  }
  return undefined;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** Validates and normalises a base URL (no trailing slash); plain http only to loopback, so a key never crosses a network in clear. */
export function normaliseBaseUrl(raw: string, origin: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new EndpointSettingError(`${BASE_URL_VARIABLE} from ${origin} is not a URL ("${raw.slice(0, 80)}"). Fix: set it to an OpenAI-compatible API URL such as ${DEFAULT_BASE_URL}, or remove it to use OpenRouter.`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))) {
    throw new EndpointSettingError(`${BASE_URL_VARIABLE} from ${origin} must use https (plain http is allowed only for 127.0.0.1/localhost). Fix: use an https:// URL such as ${DEFAULT_BASE_URL}.`);
  }
  if (url.username || url.password) {
    throw new EndpointSettingError(`${BASE_URL_VARIABLE} from ${origin} must not contain credentials. Fix: put the key in ${API_KEY_VARIABLE} instead.`);
  }
  return url.toString().replace(/\/+$/, '');
}

export function describeSource(source: SettingSource, envFileLabel: string): string {
  switch (source) {
    case 'secret-storage':
      return 'VS Code secret storage';
    case 'env-file':
      return envFileLabel;
    case 'process-env':
      return 'the environment';
    case 'user-settings':
      return 'your user settings';
    case 'config':
      return '.lw_coder/config.toml';
    case 'default':
      return 'the default';
  }
}

/**
 * Resolves key, endpoint and model. Key: secret storage → env file → process environment (issue 4's order).
 * Base URL: user settings → env file → process environment → OpenRouter. Model: env file → the editor's setting →
 * process environment → config.toml → DEFAULT_MODEL. Throws EndpointSettingError for an unusable base URL.
 */
export function resolveOpenRouterSettings(inputs: OpenRouterInputs): OpenRouterSettings {
  const key = firstOf([inputs.storedKey, 'secret-storage'], [inputs.envFile[API_KEY_VARIABLE], 'env-file'], [inputs.processEnv[API_KEY_VARIABLE], 'process-env']);
  const base = firstOf([inputs.userBaseUrl, 'user-settings'], [inputs.envFile[BASE_URL_VARIABLE], 'env-file'], [inputs.processEnv[BASE_URL_VARIABLE], 'process-env']) ?? [DEFAULT_BASE_URL, 'default'];
  const model = firstOf([inputs.envFile[MODEL_VARIABLE], 'env-file'], [inputs.userModel?.value, 'user-settings'], [inputs.processEnv[MODEL_VARIABLE], 'process-env'], [inputs.configModel, 'config']) ?? [DEFAULT_MODEL, 'default'];
  const baseUrl = normaliseBaseUrl(base[0], describeSource(base[1], inputs.envFileLabel));
  const fromRepository = base[1] === 'env-file' || base[1] === 'config';
  const confirmation: EndpointConfirmation | undefined =
    key && fromRepository && baseUrl !== DEFAULT_BASE_URL
      ? {
          baseUrl,
          baseUrlSource: base[1],
          apiKeySource: key[1],
          question: `The repository's ${describeSource(base[1], inputs.envFileLabel)} sets ${BASE_URL_VARIABLE}=${baseUrl}. Send your ${API_KEY_VARIABLE} (from ${describeSource(key[1], inputs.envFileLabel)}) to that endpoint?`,
        }
      : undefined;
  return {
    ...(key ? { apiKey: key[0], apiKeySource: key[1] } : {}),
    baseUrl,
    baseUrlSource: base[1],
    model: model[0],
    modelSource: model[1],
    modelHint: modelChoiceHint(model[1], inputs.envFileLabel, inputs.userModel?.name),
    ...(confirmation ? { confirmation } : {}),
  };
}

const MODEL_IDS = 'model ids: https://openrouter.ai/models';

/**
 * How to choose another model, naming the one place that chose the current model (the first source in the resolution
 * order wins, so changing any other would not help). With nothing set, the editor names its setting and the CLI the
 * config key and the variable.
 */
export function modelChoiceHint(source: SettingSource, envFileLabel: string, userSetting?: string): string {
  switch (source) {
    case 'env-file':
      return `The model comes from ${MODEL_VARIABLE} in ${envFileLabel}, which wins over every other setting: change or remove it there (${MODEL_IDS}).`;
    case 'user-settings':
      return `Choose another model in the setting \`${userSetting ?? 'lwCoder.openRouter.model'}\` (${MODEL_IDS}).`;
    case 'process-env':
      return `The model comes from ${MODEL_VARIABLE} in your environment: change or unset it${userSetting ? `, or choose one in the setting \`${userSetting}\`` : ''} (${MODEL_IDS}).`;
    case 'config':
      return `The model comes from \`[prompts] model\` in .lw_coder/config.toml: change it there${userSetting ? `, or choose one in the setting \`${userSetting}\`` : ''} (${MODEL_IDS}).`;
    case 'secret-storage':
    case 'default':
      return userSetting
        ? `Choose another model in the setting \`${userSetting}\` (${MODEL_IDS}).`
        : `Choose another model with \`[prompts] model\` in .lw_coder/config.toml or ${MODEL_VARIABLE} in your environment (${MODEL_IDS}).`;
  }
}

/** The guidance shown when no key is configured (CONVENTIONS 17, seed 001 "Missing OpenRouter configuration fails fast"). */
export function missingKeyMessage(envFileLabel: string): string {
  return `${API_KEY_VARIABLE} is not set. Add it to ${envFileLabel} (config.toml \`[code] env_file\`) or run 'LW Coder: Set OpenRouter API Key', or use --templates to render the built-in prompt templates offline.`;
}
