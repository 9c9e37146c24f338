/**
 * An OpenAI-compatible chat endpoint (OpenRouter by default). Implemented over the `openai` SDK in
 * src/adapters/llm/openaiChat.ts; tests run it against a real loopback HTTP server (test/support/fakeModelServer.ts).
 */

export interface ChatMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

export interface ChatRequest {
  readonly model: string;
  readonly messages: readonly ChatMessage[];
  /**
   * Ask for structured output: `response_format: json_schema` (strict) and, on OpenRouter, only providers that
   * support it. Absent: plain text (the fallback path extracts JSON from it).
   */
  readonly jsonSchema?: { readonly name: string; readonly schema: Record<string, unknown> };
  readonly maxTokens?: number;
}

export interface ChatResult {
  /** The assistant message text. */
  readonly content: string;
  /** The model that answered, as the endpoint reports it. */
  readonly model: string;
  /** HTTP requests this call made, retries included. */
  readonly attempts: number;
}

/** Reported before each retry so a UI can say "rate limited, retrying in 2 s". */
export interface RetryNotice {
  readonly attempt: number;
  readonly delayMs: number;
  readonly reason: string;
}

export interface ChatModelPort {
  /**
   * One completion with bounded retries (429 honouring Retry-After, 5xx, timeouts). Throws LlmError
   * (src/core/prompts/errors.ts) with a kind and a message that says what to do; never retries 402 or 4xx.
   */
  complete(request: ChatRequest, options?: { signal?: AbortSignal; onRetry?: (notice: RetryNotice) => void }): Promise<ChatResult>;
}
