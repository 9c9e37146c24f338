import type { HeadlessConfig } from '../config/types';
import { API_KEY_VARIABLE } from '../env/openrouter';
import { AGENT_IDS, type AgentId, type ModelProvider } from './backend';

/**
 * What a headless run uses, from `.lw_coder/config.toml [headless]` and the command line (the command line wins):
 * the agent, its model and provider, the per-attempt timeout and the attempts. Pure: the caller resolves the
 * OpenRouter endpoint (resolveOpenRouterSettings, the same rules as prompt generation) and passes its base URL.
 */
export interface HeadlessChoices {
  readonly agent?: AgentId;
  readonly model?: string;
  readonly timeoutMs?: number;
  readonly maxAttempts?: number;
  /** An explicit provider (the extension's settings, tests); replaces the config's choice. */
  readonly provider?: ModelProvider;
}

export interface HeadlessSettings {
  readonly agent: AgentId;
  readonly model?: string;
  /** Undefined: the agent CLI's own login and service (`provider = "agent"`). */
  readonly provider?: ModelProvider;
  readonly timeoutMs: number;
  readonly maxAttempts: number;
  readonly warnings: readonly string[];
}

/** OpenRouter (or whatever OPENROUTER_BASE_URL names) as a provider the agent CLIs can be pointed at. */
export const openRouterProvider = (baseUrl: string): ModelProvider => ({ name: 'openrouter', baseUrl, apiKeyEnv: API_KEY_VARIABLE });

export function resolveHeadlessSettings(config: HeadlessConfig, choices: HeadlessChoices, openRouterBaseUrl: string): HeadlessSettings {
  const agent = choices.agent ?? config.agent;
  if (!AGENT_IDS.includes(agent)) throw new RangeError(`Unknown agent '${String(agent)}'. Use one of: ${AGENT_IDS.join(', ')}.`);
  const maxAttempts = choices.maxAttempts ?? config.maxAttempts;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new RangeError(`maxAttempts must be a whole number of at least 1, got ${maxAttempts}.`);
  const timeoutMs = choices.timeoutMs ?? config.timeoutSeconds * 1000;
  if (!(timeoutMs > 0)) throw new RangeError(`The timeout must be greater than 0, got ${timeoutMs} ms.`);
  const model = choices.model ?? config.model;
  const provider = choices.provider ?? (config.provider === 'openrouter' ? openRouterProvider(openRouterBaseUrl) : undefined);
  const warnings: string[] = [];
  if (provider && model === undefined) {
    warnings.push(`No model is set for ${agent} on ${provider.name}: the CLI asks ${provider.baseUrl} for its own default model, which that endpoint may not know. Set [headless] model in .lw_coder/config.toml (e.g. model = "openai/gpt-5.2") or pass --model.`);
  }
  return { agent, ...(model !== undefined ? { model } : {}), ...(provider ? { provider } : {}), timeoutMs, maxAttempts, warnings };
}
