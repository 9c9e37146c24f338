import type { ChatMessage, ChatModelPort, ChatRequest, RetryNotice } from '../../core/ports/llm';
import type { PromptCachePort } from '../../core/ports/promptCache';
import { promptCacheKey } from '../../core/prompts/cacheKey';
import { LlmError, PromptGenerationError } from '../../core/prompts/errors';
import { extractJsonObject } from '../../core/prompts/extractJson';
import type { PromptInput } from '../../core/prompts/input';
import { checkPromptOutput, promptOutputJsonSchema, type PromptOutput } from '../../core/prompts/output';
import { buildPromptMessages, type PromptSignature } from '../../core/prompts/signature';

export const SCHEMA_NAME = 'code_prompts';
export const MAX_OUTPUT_TOKENS = 8192;
const CACHE_ENTRY_VERSION = 1;

export type ModelEvent =
  | { readonly type: 'cache-hit'; readonly key: string }
  | { readonly type: 'request'; readonly model: string; readonly structured: boolean }
  | { readonly type: 'retry'; readonly notice: RetryNotice }
  | { readonly type: 'fallback-text' }
  | { readonly type: 'repair'; readonly problems: readonly string[] };

export interface ModelPromptArgs {
  readonly signature: PromptSignature;
  readonly input: PromptInput;
  readonly model: string;
  /** Created only on a cache miss, so a hit never loads the SDK or touches the network. */
  readonly chat: () => ChatModelPort;
  readonly cache?: PromptCachePort;
  /** Skip reading the cache (the fresh answer still replaces the entry). */
  readonly noCache?: boolean;
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: ModelEvent) => void;
  readonly now?: () => Date;
}

export interface ModelPromptResult {
  readonly output: PromptOutput;
  readonly cacheHit: boolean;
  readonly cacheKey: string;
  /** HTTP requests made (0 on a hit). */
  readonly requests: number;
}

/** The request a signature and input make, and its cache key; exported for the benchmark and tests. */
export function modelRequestFor(signature: PromptSignature, input: PromptInput, model: string): { request: ChatRequest; key: string } {
  const messages = buildPromptMessages(signature, input);
  const schema = promptOutputJsonSchema(signature);
  const request: ChatRequest = { model, messages, jsonSchema: { name: SCHEMA_NAME, schema }, maxTokens: MAX_OUTPUT_TOKENS };
  const key = promptCacheKey({ model, messages, schema, params: { max_tokens: MAX_OUTPUT_TOKENS, response_format: 'json_schema', strict: true, schema_name: SCHEMA_NAME } });
  return { request, key };
}

/** A cached answer, or undefined when absent, from another version, or no longer valid (then it is rewritten). */
export async function readCachedOutput(cache: PromptCachePort, key: string): Promise<PromptOutput | undefined> {
  const entry = (await cache.get(key)) as { version?: unknown; key?: unknown; output?: unknown } | undefined;
  if (!entry || entry.version !== CACHE_ENTRY_VERSION || entry.key !== key) return undefined;
  const checked = checkPromptOutput(entry.output);
  return checked.ok ? checked.output : undefined;
}

function fallbackMessages(messages: readonly ChatMessage[], schema: Record<string, unknown>): ChatMessage[] {
  const [system, ...rest] = messages;
  const note = `\n\nThis endpoint cannot enforce a schema: reply with only one JSON object matching this JSON schema, no prose:\n${JSON.stringify(schema)}`;
  return [{ role: 'system', content: `${system?.content ?? ''}${note}` }, ...rest];
}

function parseAnswer(content: string): { ok: true; output: PromptOutput } | { ok: false; problems: string[] } {
  const value = extractJsonObject(content);
  if (value === undefined) return { ok: false, problems: ['the reply is not a JSON object'] };
  return checkPromptOutput(value);
}

/**
 * Generates the prompt output through the model: cache lookup by request hash; structured output, falling back to
 * JSON extracted from text when no provider supports it; one repair request when the answer does not validate; then
 * a clear error. Only validated answers are cached.
 */
export async function generateWithModel(args: ModelPromptArgs): Promise<ModelPromptResult> {
  const { request, key } = modelRequestFor(args.signature, args.input, args.model);
  if (args.cache && !args.noCache) {
    const cached = await readCachedOutput(args.cache, key);
    if (cached) {
      args.onEvent?.({ type: 'cache-hit', key });
      return { output: cached, cacheHit: true, cacheKey: key, requests: 0 };
    }
  }
  const chat = args.chat();
  const callOptions = { ...(args.signal ? { signal: args.signal } : {}), onRetry: (notice: RetryNotice) => args.onEvent?.({ type: 'retry', notice }) };
  let requests = 0;
  let current: ChatRequest = request;
  args.onEvent?.({ type: 'request', model: args.model, structured: true });
  let answer;
  try {
    answer = await chat.complete(current, callOptions);
  } catch (error) {
    if (!(error instanceof LlmError) || error.kind !== 'structured-unsupported') throw error;
    requests += error.attempts ?? 1;
    args.onEvent?.({ type: 'fallback-text' });
    current = { model: request.model, messages: fallbackMessages(request.messages, request.jsonSchema!.schema), ...(request.maxTokens ? { maxTokens: request.maxTokens } : {}) };
    answer = await chat.complete(current, callOptions);
  }
  requests += answer.attempts;
  let checked = parseAnswer(answer.content);
  if (!checked.ok) {
    args.onEvent?.({ type: 'repair', problems: checked.problems });
    const repair: ChatRequest = {
      ...current,
      messages: [
        ...current.messages,
        { role: 'assistant', content: answer.content },
        { role: 'user', content: `Your reply does not match the required output:\n${checked.problems.map((p) => `- ${p}`).join('\n')}\nReply again with only the corrected JSON object.` },
      ],
    };
    const second = await chat.complete(repair, callOptions);
    requests += second.attempts;
    checked = parseAnswer(second.content);
    if (!checked.ok) {
      throw new PromptGenerationError(
        'malformed-output',
        `The model '${args.model}' returned prompts that do not match the required output, even after one repair request: ${checked.problems.slice(0, 3).join('; ')}. Try again, choose another model (OPENROUTER_MODEL, or \`[prompts] model\` in .lw_coder/config.toml), or use --templates.`,
      );
    }
  }
  if (args.cache) {
    const createdAt = (args.now ?? (() => new Date()))().toISOString();
    await args.cache.put(key, { version: CACHE_ENTRY_VERSION, key, model: args.model, respondedModel: answer.model, createdAt, output: checked.output });
  }
  return { output: checked.output, cacheHit: false, cacheKey: key, requests };
}
