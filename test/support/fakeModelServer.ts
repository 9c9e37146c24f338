import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { DEFAULT_MODEL } from '../../src/core/env/openrouter';

/**
 * A real OpenAI-compatible HTTP server on 127.0.0.1 (port 0) for tests: POST /chat/completions with structured
 * outputs, GET /models, request counting, and scripted failures (429 with Retry-After, 5xx, hangs, malformed JSON,
 * errors inside a 200 body, 402), and OpenRouter's answers for unknown (400) and retired (404) models. Behaviours are consumed one per request from a queue, then the default applies.
 */

export type FakeBehavior =
  | { readonly kind: 'ok'; readonly content?: string | object; readonly model?: string }
  | { readonly kind: 'status'; readonly status: number; readonly body?: unknown; readonly headers?: Readonly<Record<string, string>> }
  | { readonly kind: 'hang' }
  /** HTTP 200 whose body is not JSON. */
  | { readonly kind: 'malformed-json' }
  /** A completion whose content is not the JSON the schema asks for. */
  | { readonly kind: 'malformed-content' }
  | { readonly kind: 'error-in-200'; readonly error: unknown };

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Record<string, unknown> | undefined;
}

export interface FakeModelServerOptions {
  /** Model ids the server knows; others get OpenRouter's "not a valid model ID" 400. */
  readonly knownModels?: readonly string[];
  /** Retired model ids: OpenRouter's 404 "No endpoints found for <model>". Default RETIRED_MODELS. */
  readonly retiredModels?: readonly string[];
  /** When false, a request with response_format gets OpenRouter's 404 "No endpoints found that support the requested parameters". */
  readonly structuredOutputs?: boolean;
}

export interface FakeModelServer {
  /** e.g. http://127.0.0.1:41234/api/v1 */
  readonly baseUrl: string;
  readonly requests: RecordedRequest[];
  /** POST /chat/completions requests received. */
  readonly completionCount: number;
  enqueue(...behaviors: FakeBehavior[]): void;
  setDefault(behavior: FakeBehavior): void;
  close(): Promise<void>;
}

/** The default prompt model (OpenRouter's alias for the current Sonnet) and two test ids; the retired 4.5 is not among them. */
export const FAKE_MODELS = [DEFAULT_MODEL, 'test/model-a', 'test/model-b'] as const;
/** The seed's prompt model, retired by OpenRouter on 2026-11-30. */
export const RETIRED_MODELS = ['anthropic/claude-sonnet-4.5'] as const;

/** A valid prompt output for `planId`, as a well-behaved model would answer. */
export function validPromptOutput(planId: string): Record<string, unknown> {
  const droid = (role: string) => ({
    description: `Use after implementing plan ${planId} to ${role}.`,
    tools: ['Read', 'LS', 'Grep', 'Glob'],
    body: `You ${role} for plan ${planId}. Read the diff against the plan's git_sha and report findings with severity, file and fix.`,
  });
  return {
    main_prompt: `# Plan ${planId}\n\nFollow the plan in .lw_coder/tasks/${planId}.md step by step. When done, run the code-review-auditor subagent and the plan-alignment-checker subagent, address their findings, and before finishing present a detailed summary of each subagent's feedback and the actions you took.\n`,
    code_review_auditor: droid('review the code for correctness, security and tests'),
    plan_alignment_checker: droid('check the changes against every work item of the plan'),
    feedback_summary_outline: ['code-review-auditor findings', 'plan-alignment-checker findings', 'Actions taken'],
  };
}

function planIdFrom(body: Record<string, unknown> | undefined): string {
  const messages = Array.isArray(body?.messages) ? (body.messages as { content?: unknown }[]) : [];
  for (const m of messages) {
    const match = typeof m.content === 'string' ? /\[\[ ## plan_id ## \]\]\n([^\n]+)/.exec(m.content) : null;
    if (match) return match[1]!;
  }
  return 'unknown-plan';
}

export async function startFakeModelServer(options: FakeModelServerOptions = {}): Promise<FakeModelServer> {
  const known = new Set(options.knownModels ?? FAKE_MODELS);
  const retired = new Set(options.retiredModels ?? RETIRED_MODELS);
  const structured = options.structuredOutputs ?? true;
  const requests: RecordedRequest[] = [];
  const queue: FakeBehavior[] = [];
  let fallback: FakeBehavior = { kind: 'ok' };
  let completions = 0;
  const sockets = new Set<Socket>();

  const json = (res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(value));
  };
  const completion = (model: string, content: string) => ({
    id: `gen-${completions}`,
    object: 'chat.completion',
    created: 1_700_000_000,
    model,
    choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content } }],
    usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
  });

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: Record<string, unknown> | undefined;
      try {
        body = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
      } catch {
        body = undefined;
      }
      const path = (req.url ?? '/').replace(/^\/api\/v1/, '');
      requests.push({ method: req.method ?? 'GET', path, headers: req.headers, body });
      if (req.method === 'GET' && path === '/models') return json(res, 200, { data: [...known].map((id) => ({ id })) });
      if (req.method !== 'POST' || path !== '/chat/completions') return json(res, 404, { error: { message: `no route ${req.method} ${path}`, code: 404 } });
      completions++;
      if (!req.headers.authorization?.startsWith('Bearer ')) return json(res, 401, { error: { message: 'No auth credentials found', code: 401 } });
      const model = typeof body?.model === 'string' ? body.model : '';
      const behavior = queue.shift() ?? fallback;
      switch (behavior.kind) {
        case 'hang':
          return; // never answer: the client's timeout must fire
        case 'status':
          return json(res, behavior.status, behavior.body ?? { error: { message: `injected ${behavior.status}`, code: behavior.status } }, { ...(behavior.headers ?? {}) });
        case 'malformed-json':
          res.writeHead(200, { 'content-type': 'application/json' });
          return res.end('{"id": "gen", "choices": [');
        case 'error-in-200':
          return json(res, 200, { error: behavior.error });
        case 'malformed-content':
          return json(res, 200, completion(model, 'I could not produce JSON, sorry. {"main_prompt": '));
        case 'ok': {
          if (retired.has(model)) return json(res, 404, { error: { message: `No endpoints found for ${model}`, code: 404 } });
          if (!known.has(model)) return json(res, 400, { error: { message: `${model} is not a valid model ID`, code: 400 } });
          const wantsSchema = typeof body?.response_format === 'object' && body.response_format !== null;
          if (wantsSchema && !structured) return json(res, 404, { error: { message: 'No endpoints found that support the requested parameters', code: 404 } });
          const value = behavior.content ?? validPromptOutput(planIdFrom(body));
          const content = typeof value === 'string' ? value : wantsSchema ? JSON.stringify(value) : `Here are the prompts:\n\n\`\`\`json\n${JSON.stringify(value, null, 2)}\n\`\`\`\n`;
          return json(res, 200, completion(behavior.model ?? model, content));
        }
      }
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/api/v1`,
    requests,
    get completionCount() {
      return completions;
    },
    enqueue: (...b) => queue.push(...b),
    setDefault: (b) => {
      fallback = b;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
