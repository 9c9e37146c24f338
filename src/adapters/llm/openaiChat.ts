import type { ChatModelPort, ChatRequest, ChatResult, RetryNotice } from '../../core/ports/llm';
import type { Redactor } from '../../core/env/redact';
import { classifyClientError, LlmError, llmErrorFor, type LlmErrorKind } from '../../core/prompts/errors';
import { backoffDelay, DEFAULT_RETRY_POLICY, isRetryableStatus, parseRetryAfter, type RetryPolicy } from '../../core/prompts/retry';

/** OpenRouter's app attribution headers (https://openrouter.ai/docs/app-attribution). */
export const ATTRIBUTION_HEADERS: Readonly<Record<string, string>> = {
  'HTTP-Referer': 'https://github.com/lw-coder/lw-coder',
  'X-Title': 'LW Coder',
};

export interface OpenAiChatOptions {
  readonly baseUrl: string;
  readonly apiKey: string;
  /** Per request. */
  readonly timeoutMs: number;
  readonly retry?: RetryPolicy;
  /** Scrubs the key from anything the endpoint echoes into an error. */
  readonly redact?: Redactor;
  /** How to choose another model, naming the setting that chose this one (in model errors). */
  readonly modelHint?: string;
  /** Injectable for tests (record the waits instead of sleeping them). */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly random?: () => number;
}

const importOpenAI = () => import('openai');
type OpenAIModule = Awaited<ReturnType<typeof importOpenAI>>;
let openaiModule: Promise<OpenAIModule> | undefined;
/**
 * The SDK loads on first use, never at extension activation (CONVENTIONS 3). A dynamic import, so that the extension's
 * code-split build (scripts/lib/host-bundle.mjs) puts the SDK (~530 kB) in a file of its own, read only when a prompt
 * is first generated with a model: the prompts and run chunks load without it, and runs on the built-in templates
 * never load it at all.
 */
const loadOpenAI = (): Promise<OpenAIModule> => (openaiModule ??= importOpenAI());

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

interface Failure {
  readonly kind: LlmErrorKind;
  readonly status?: number;
  readonly detail: string;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
}

const asRecord = (v: unknown): Record<string, unknown> | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);

function embeddedError(value: unknown): { code?: number; message: string } | undefined {
  const e = asRecord(value);
  if (!e) return typeof value === 'string' && value ? { message: value } : undefined;
  const code = typeof e.code === 'number' ? e.code : typeof e.code === 'string' && /^\d{3}$/.test(e.code) ? Number(e.code) : undefined;
  const message = typeof e.message === 'string' ? e.message : JSON.stringify(e).slice(0, 300);
  return { ...(code !== undefined ? { code } : {}), message };
}

/** A chat completion over the `openai` SDK, pointed at OpenRouter or any OpenAI-compatible endpoint. */
export function createOpenAiChatModel(options: OpenAiChatOptions): ChatModelPort {
  const policy = options.retry ?? DEFAULT_RETRY_POLICY;
  const redact = options.redact ?? ((t: string) => t);
  const sleep = options.sleep ?? abortableSleep;
  const random = options.random ?? Math.random;
  let client: InstanceType<OpenAIModule['default']> | undefined;

  const classify = async (error: unknown, signal?: AbortSignal): Promise<Failure> => {
    const sdk = await loadOpenAI();
    if (signal?.aborted || error instanceof sdk.APIUserAbortError) return { kind: 'cancelled', detail: '', retryable: false };
    if (error instanceof sdk.APIConnectionTimeoutError) return { kind: 'timeout', detail: '', retryable: true };
    if (error instanceof sdk.APIConnectionError) return { kind: 'network', detail: redact(error.cause instanceof Error ? error.cause.message : error.message), retryable: true };
    if (error instanceof sdk.APIError && typeof error.status === 'number') {
      const status = error.status;
      const detail = redact(embeddedError(error.error)?.message ?? error.message);
      const retryAfterMs = error.headers ? parseRetryAfter((n) => error.headers?.get(n), Date.now()) : undefined;
      if (status === 402) return { kind: 'no-credits', status, detail, retryable: false };
      if (status === 401 || status === 403) return { kind: 'auth', status, detail, retryable: false };
      if (status === 429) return { kind: 'rate-limited', status, detail, retryable: true, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
      if (isRetryableStatus(status)) return { kind: 'server', status, detail, retryable: true, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
      return { kind: classifyClientError(status, detail), status, detail, retryable: false };
    }
    if (error instanceof SyntaxError) return { kind: 'malformed-response', detail: 'the body is not valid JSON', retryable: false };
    throw error;
  };

  /** A 200 can still be a failure (OpenRouter reports some provider errors in the body). */
  const readCompletion = (raw: unknown, request: ChatRequest): { content: string; model: string } | Failure => {
    const body = asRecord(raw);
    if (!body) return { kind: 'malformed-response', detail: 'the body is not a JSON object', retryable: false };
    const topError = body.error !== undefined && body.error !== null ? embeddedError(body.error) : undefined;
    const choice = Array.isArray(body.choices) ? asRecord(body.choices[0]) : undefined;
    const choiceError = choice?.error !== undefined && choice.error !== null ? embeddedError(choice.error) : undefined;
    const err = topError ?? choiceError ?? (choice?.finish_reason === 'error' ? { message: 'the provider stopped with finish_reason "error"' } : undefined);
    if (err) {
      const code = err.code;
      return { kind: 'error-in-body', ...(code !== undefined ? { status: code } : {}), detail: redact(err.message), retryable: code !== undefined && isRetryableStatus(code) };
    }
    if (!choice) return { kind: 'malformed-response', detail: 'no choices in the completion', retryable: false };
    const message = asRecord(choice.message);
    const content = message?.content;
    if (typeof content !== 'string' || content === '') {
      const refusal = typeof message?.refusal === 'string' ? `the model refused: ${message.refusal}` : 'the completion has no message content';
      return { kind: 'error-in-body', detail: redact(refusal), retryable: false };
    }
    return { content, model: typeof body.model === 'string' ? body.model : request.model };
  };

  return {
    async complete(request, opts = {}): Promise<ChatResult> {
      const { signal, onRetry } = opts;
      const sdk = await loadOpenAI();
      client ??= new sdk.default({
        apiKey: options.apiKey,
        baseURL: options.baseUrl,
        // The SDK's own retries are off: ours honour Retry-After, never retry 402 and report each wait.
        maxRetries: 0,
        timeout: options.timeoutMs,
        defaultHeaders: { ...ATTRIBUTION_HEADERS },
        // Never forward a developer's OPENAI_ORG_ID / OPENAI_PROJECT_ID to a third-party endpoint.
        organization: null,
        project: null,
      });
      const body: Record<string, unknown> = { model: request.model, messages: request.messages.map((m) => ({ role: m.role, content: m.content })) };
      if (request.maxTokens) body.max_tokens = request.maxTokens;
      if (request.jsonSchema) {
        body.response_format = { type: 'json_schema', json_schema: { name: request.jsonSchema.name, strict: true, schema: request.jsonSchema.schema } };
        // OpenRouter: route only to providers that honour response_format, instead of silently ignoring it.
        body.provider = { require_parameters: true };
      }
      for (let attempt = 1; ; attempt++) {
        let failure: Failure;
        try {
          const raw: unknown = await client.chat.completions.create(body as never, { signal, timeout: options.timeoutMs, maxRetries: 0 });
          const read = readCompletion(raw, request);
          if ('content' in read) return { ...read, attempts: attempt };
          failure = read;
        } catch (error) {
          failure = await classify(error, signal);
        }
        const ctx = { ...(failure.status !== undefined ? { status: failure.status } : {}), detail: failure.detail, model: request.model, baseUrl: options.baseUrl, attempts: attempt, ...(options.modelHint ? { modelHint: options.modelHint } : {}) };
        if (!failure.retryable || attempt > policy.maxRetries) throw llmErrorFor(failure.kind, ctx);
        if (failure.retryAfterMs !== undefined && failure.retryAfterMs > policy.maxRetryAfterMs) {
          const seconds = Math.ceil(failure.retryAfterMs / 1000);
          throw new LlmError(failure.kind, `${llmErrorFor(failure.kind, ctx).message} The endpoint asks to wait ${seconds} s before retrying.`, failure.status, attempt);
        }
        const delayMs = failure.retryAfterMs ?? backoffDelay(attempt - 1, policy, random());
        const notice: RetryNotice = { attempt, delayMs, reason: failure.status ? `HTTP ${failure.status}` : failure.kind };
        onRetry?.(notice);
        try {
          await sleep(delayMs, signal);
        } catch {
          throw llmErrorFor('cancelled', ctx);
        }
      }
    },
  };
}
