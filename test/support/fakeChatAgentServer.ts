import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A real OpenAI Chat Completions server on 127.0.0.1 (port 0) that plays the model for an agent CLI (droid exec with a
 * custom model of provider generic-chat-completion-api): `POST /v1/chat/completions` answered with SSE chunks, scripted
 * by where the conversation is — before any tool result it asks for a tool call, after one it gives the final answer.
 * Every request is recorded (headers included) so a test can check the key and the prompt that reached it. Anything
 * else — another path, or a proxy request (CONNECT host:443 or an absolute URI) from a CLI told to use this server as
 * its HTTP(S) proxy — is answered 403 and recorded as stray: the CLI tried to reach something other than its model.
 */

export type ChatTurn =
  | { readonly kind: 'tool-call'; readonly name: string; readonly arguments: Readonly<Record<string, unknown>> }
  | { readonly kind: 'content'; readonly text: string }
  /** An HTTP error instead of a completion (the provider is down, the key is refused). */
  | { readonly kind: 'status'; readonly status: number; readonly message: string };

export interface ChatRequestRecord {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: ChatRequestBody | undefined;
  /** Which turn answered it. */
  readonly answeredWith: ChatTurn['kind'];
}

export interface ChatRequestBody {
  readonly model?: string;
  readonly stream?: boolean;
  readonly messages?: readonly { readonly role: string; readonly content?: unknown; readonly tool_call_id?: string }[];
  readonly tools?: readonly { readonly function?: { readonly name?: string; readonly parameters?: { readonly properties?: Record<string, unknown>; readonly required?: readonly string[] } } }[];
}

/** A request that was not for the model: a wrong path, or an attempt to go elsewhere through the server as a proxy. */
export interface StrayRequest {
  readonly method: string;
  readonly target: string;
}

/** A fixed answer, or one built from the request (e.g. tool arguments that follow the tool schema the agent sent). */
export type ChatScript = ChatTurn | ((body: ChatRequestBody | undefined) => ChatTurn);

export interface FakeChatAgentServerOptions {
  /** The answer while the conversation holds no tool result yet. */
  readonly beforeToolResult: ChatScript;
  /** The answer once a tool result is in the conversation. */
  readonly afterToolResult: ChatScript;
}

export interface FakeChatAgentServer {
  /** e.g. http://127.0.0.1:41234/v1 (what a custom model's baseUrl is set to). */
  readonly baseUrl: string;
  /** host:port, for proxy variables. */
  readonly hostPort: string;
  readonly requests: readonly ChatRequestRecord[];
  readonly stray: readonly StrayRequest[];
  close(): Promise<void>;
}

/**
 * droid's Execute tool call, with the arguments its schema asks for in this request, as a model would: droid 0.225.2
 * requires summary (sentence case, 3-8 words) and command, plus riskLevel and riskLevelReason only when it runs with
 * --auto (under --skip-permissions-unsafe the schema has no risk fields and forbids extra properties). Throws when the
 * request offers no Execute tool, so a test fails at the cause.
 */
export function droidExecute(command: string, summary = 'Write the requested file'): (body: ChatRequestBody | undefined) => ChatTurn {
  return (body) => {
    const tool = (body?.tools ?? []).find((t) => t.function?.name === 'Execute');
    if (!tool) throw new Error(`the request offers no Execute tool (tools: ${(body?.tools ?? []).map((t) => t.function?.name).join(', ')})`);
    const props = tool.function?.parameters?.properties ?? {};
    const args: Record<string, unknown> = { summary, command };
    if ('riskLevel' in props) Object.assign(args, { riskLevel: 'medium', riskLevelReason: 'Writes one file inside the worktree' });
    return { kind: 'tool-call', name: 'Execute', arguments: args };
  };
}

/** The last tool result the agent sent back, as text (droid: "Command completed successfully..." or "Error: ..."). */
export function lastToolResult(request: ChatRequestRecord): string | undefined {
  const tool = [...(request.body?.messages ?? [])].reverse().find((m) => m.role === 'tool');
  return tool === undefined ? undefined : typeof tool.content === 'string' ? tool.content : JSON.stringify(tool.content);
}

/** The text of every message of a request, for asserting on what the agent sent (system prompt, user prompt). */
export function requestText(request: ChatRequestRecord): string {
  return (request.body?.messages ?? [])
    .map((m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content ?? '')))
    .join('\n');
}

function hasToolResult(body: ChatRequestBody | undefined): boolean {
  return (body?.messages ?? []).some((m) => m.role === 'tool');
}

/** The chunks of one streamed completion: a role delta, the content or tool call, the finish reason, then usage. */
function sseChunks(turn: Exclude<ChatTurn, { kind: 'status' }>, n: number, model: string): string[] {
  const base = { id: `chatcmpl-lwc-${n}`, object: 'chat.completion.chunk', created: 1_700_000_000 + n, model };
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}): string => `data: ${JSON.stringify({ ...base, choices, ...extra })}\n\n`;
  const out: string[] = [];
  if (turn.kind === 'tool-call') {
    const id = `call_lwc_${n}`;
    out.push(chunk([{ index: 0, delta: { role: 'assistant', content: null, tool_calls: [{ index: 0, id, type: 'function', function: { name: turn.name, arguments: '' } }] }, finish_reason: null }]));
    // Arguments split across two deltas, as real providers stream them: the client must concatenate.
    const args = JSON.stringify(turn.arguments);
    const half = Math.floor(args.length / 2);
    out.push(chunk([{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: args.slice(0, half) } }] }, finish_reason: null }]));
    out.push(chunk([{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: args.slice(half) } }] }, finish_reason: null }]));
    out.push(chunk([{ index: 0, delta: {}, finish_reason: 'tool_calls' }]));
  } else {
    out.push(chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]));
    out.push(chunk([{ index: 0, delta: { content: turn.text }, finish_reason: null }]));
    out.push(chunk([{ index: 0, delta: {}, finish_reason: 'stop' }]));
  }
  out.push(chunk([], { usage: { prompt_tokens: 1000 + n, completion_tokens: 50 + n, total_tokens: 1050 + 2 * n } }));
  out.push('data: [DONE]\n\n');
  return out;
}

export async function startFakeChatAgentServer(options: FakeChatAgentServerOptions): Promise<FakeChatAgentServer> {
  const requests: ChatRequestRecord[] = [];
  const stray: StrayRequest[] = [];
  const sockets = new Set<Socket>();
  let completions = 0;

  const refuse = (res: ServerResponse, status: number, message: string): void => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message, type: 'fake_chat_agent_server', code: status } }));
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = req.url ?? '/';
      // A proxied request names its target absolutely (http://host/...): the client was going somewhere else.
      if (!url.startsWith('/')) {
        stray.push({ method: req.method ?? 'GET', target: url });
        return refuse(res, 403, `fake chat server: refusing to proxy ${url}`);
      }
      const path = url.split('?')[0]!;
      if (req.method !== 'POST' || !/^\/v1\/chat\/completions$/.test(path)) {
        stray.push({ method: req.method ?? 'GET', target: path });
        return refuse(res, 404, `fake chat server: no route ${req.method} ${path}`);
      }
      let body: ChatRequestBody | undefined;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatRequestBody;
      } catch {
        body = undefined;
      }
      const script = hasToolResult(body) ? options.afterToolResult : options.beforeToolResult;
      let turn: ChatTurn;
      try {
        turn = typeof script === 'function' ? script(body) : script;
      } catch (error) {
        turn = { kind: 'status', status: 400, message: `fake chat server script failed: ${(error as Error).message}` };
      }
      requests.push({ method: 'POST', path, headers: req.headers, body, answeredWith: turn.kind });
      completions += 1;
      if (turn.kind === 'status') return refuse(res, turn.status, turn.message);
      const model = body?.model ?? 'fake-model';
      if (body?.stream === false) {
        // Non-streaming clients get the same answer as one message.
        const message = turn.kind === 'content'
          ? { role: 'assistant', content: turn.text }
          : { role: 'assistant', content: null, tool_calls: [{ id: `call_lwc_${completions}`, type: 'function', function: { name: turn.name, arguments: JSON.stringify(turn.arguments) } }] };
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ id: `chatcmpl-lwc-${completions}`, object: 'chat.completion', created: 1_700_000_000, model, choices: [{ index: 0, message, finish_reason: turn.kind === 'content' ? 'stop' : 'tool_calls' }], usage: { prompt_tokens: 1000, completion_tokens: 50, total_tokens: 1050 } }));
      }
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
      for (const c of sseChunks(turn, completions, model)) res.write(c);
      res.end();
    });
  });
  // HTTPS through a proxy starts with CONNECT host:443; refuse and record it.
  server.on('connect', (req, socket: Socket) => {
    stray.push({ method: 'CONNECT', target: req.url ?? '' });
    socket.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n');
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    hostPort: `127.0.0.1:${port}`,
    requests,
    stray,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
