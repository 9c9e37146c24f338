/**
 * Failures of the model endpoint and of prompt generation. Each kind carries a message that says what happened and
 * what to do; secrets never appear in them (callers redact what the endpoint echoes).
 */

export type LlmErrorKind =
  | 'rate-limited' // 429 after the retries ran out, or a Retry-After longer than we wait
  | 'server' // 5xx after the retries ran out
  | 'timeout'
  | 'network'
  | 'no-credits' // 402: shown, never retried
  | 'auth' // 401 / 403
  | 'model-not-found' // 400/404: the endpoint does not know the model, or it was deprecated or retired
  | 'structured-unsupported' // no provider for the model supports response_format json_schema
  | 'bad-request'
  | 'error-in-body' // HTTP 200 whose body is an error
  | 'malformed-response' // a 200 whose body is not a chat completion
  | 'cancelled';

export class LlmError extends Error {
  override readonly name = 'LlmError';
  constructor(
    readonly kind: LlmErrorKind,
    message: string,
    readonly status?: number,
    readonly attempts?: number,
  ) {
    super(message);
  }
}

export type PromptErrorKind = 'missing-key' | 'endpoint-not-confirmed' | 'malformed-output' | 'plan-invalid' | 'config-invalid' | 'env-file-invalid';

/** A prompt-generation failure that stops before any run directory is written. */
export class PromptGenerationError extends Error {
  override readonly name = 'PromptGenerationError';
  constructor(
    readonly kind: PromptErrorKind,
    message: string,
  ) {
    super(message);
  }
}

export interface FailureContext {
  readonly status?: number;
  /** The endpoint's own message (already redacted). */
  readonly detail: string;
  readonly model: string;
  readonly baseUrl: string;
  readonly attempts: number;
  /**
   * How to choose another model, naming the setting that chose this one (core/env/openrouter.ts modelChoiceHint: the
   * editor's `lwCoder.openRouter.model`, the CLI's `[prompts] model`). Default: a hint that names every place.
   */
  readonly modelHint?: string;
}

const MODEL_HINT = 'Choose another model: set OPENROUTER_MODEL in your env file or environment, or `[prompts] model` in .lw_coder/config.toml (model ids: https://openrouter.ai/models).';

/**
 * Whether a 400/404 says the model (or its structured-output support) is the problem. OpenRouter's shapes: 404 "No
 * endpoints found for <model>." (also what a retired model gets), 400 "<model> is not a valid model ID", 400 "The model
 * <model> has been deprecated".
 */
export function classifyClientError(status: number, detail: string): 'model-not-found' | 'structured-unsupported' | 'bad-request' {
  const d = detail.toLowerCase();
  if (/response_format|json_schema|structured output|require_parameters|support the requested parameters|support.*parameter/.test(d)) return 'structured-unsupported';
  if ((status === 404 || status === 400) && /model/.test(d) && /not a valid|not found|does not exist|unknown|no endpoints found|invalid model|not available|deprecated|retired|no longer (?:available|supported)|decommissioned/.test(d)) return 'model-not-found';
  if (status === 404 && /no endpoints found/.test(d)) return 'model-not-found';
  return 'bad-request';
}

/** The user-facing error for a failed call. */
export function llmErrorFor(kind: LlmErrorKind, ctx: FailureContext): LlmError {
  const tries = ctx.attempts === 1 ? '1 attempt' : `${ctx.attempts} attempts`;
  const detail = ctx.detail ? ` (${ctx.detail.slice(0, 300)})` : '';
  const status = ctx.status;
  const modelHint = ctx.modelHint ?? MODEL_HINT;
  switch (kind) {
    case 'no-credits':
      return new LlmError(kind, `The endpoint answered 402 Payment Required${detail}: the account behind OPENROUTER_API_KEY has no credits for ${ctx.model}. Add credits (https://openrouter.ai/settings/credits), choose a cheaper model, or use --templates.`, status, ctx.attempts);
    case 'auth':
      return new LlmError(kind, `${ctx.baseUrl} rejected OPENROUTER_API_KEY with HTTP ${status}${detail}. Check the key (LW Coder: Set OpenRouter API Key, or OPENROUTER_API_KEY in your env file), or use --templates.`, status, ctx.attempts);
    case 'model-not-found':
      return new LlmError(kind, `Model '${ctx.model}' is not available at ${ctx.baseUrl}${detail}: the endpoint does not know it, or it was deprecated or retired. ${modelHint}`, status, ctx.attempts);
    case 'structured-unsupported':
      return new LlmError(kind, `No provider of '${ctx.model}' supports structured output (response_format json_schema)${detail}.`, status, ctx.attempts);
    case 'rate-limited':
      return new LlmError(kind, `${ctx.baseUrl} kept answering 429 Too Many Requests after ${tries}${detail}. Wait a minute and try again, or choose a less busy model. ${modelHint}`, status, ctx.attempts);
    case 'server':
      return new LlmError(kind, `${ctx.baseUrl} failed with HTTP ${status ?? '5xx'} after ${tries}${detail}. The provider may be down: try again later, or use --templates.`, status, ctx.attempts);
    case 'timeout':
      return new LlmError(kind, `No answer from ${ctx.baseUrl} in time after ${tries}. Check the endpoint, raise \`[prompts] timeout_seconds\` in .lw_coder/config.toml, or use --templates.`, status, ctx.attempts);
    case 'network':
      return new LlmError(kind, `Could not reach ${ctx.baseUrl} after ${tries}${detail}. Check your connection and OPENROUTER_BASE_URL, or use --templates.`, status, ctx.attempts);
    case 'error-in-body':
      return new LlmError(kind, `${ctx.baseUrl} returned an error inside a successful (HTTP 200) response${detail}. Try again, or choose another model. ${modelHint}`, status, ctx.attempts);
    case 'malformed-response':
      return new LlmError(kind, `${ctx.baseUrl} answered with something that is not a chat completion${detail}. Check that OPENROUTER_BASE_URL points at an OpenAI-compatible API (e.g. https://openrouter.ai/api/v1).`, status, ctx.attempts);
    case 'bad-request':
      return new LlmError(kind, `${ctx.baseUrl} refused the request with HTTP ${status}${detail}. Check OPENROUTER_BASE_URL and the model ('${ctx.model}'). ${modelHint}`, status, ctx.attempts);
    case 'cancelled':
      return new LlmError(kind, 'Prompt generation was cancelled.', status, ctx.attempts);
  }
}
