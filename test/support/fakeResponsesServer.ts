import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A real OpenAI Responses API server on 127.0.0.1 (port 0) for driving the real codex CLI in tests: `POST
 * /v1/responses` answered with server-sent events, scripted per test, every request recorded (body and headers) so a
 * test can assert what codex sent — the strict output schema at `text.format.schema`, the Authorization key, the
 * `function_call_output` after a tool call. Facts about the wire format: shared/recipes/agent-clis-offline.md.
 */

export interface RecordedResponsesRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: ResponsesRequestBody | undefined;
}

/** The parts of a Responses API request the scripts and assertions read. */
export interface ResponsesRequestBody {
  readonly model?: string;
  readonly input?: readonly Record<string, unknown>[];
  readonly tools?: readonly { readonly type?: string; readonly name?: string }[];
  readonly text?: { readonly format?: { readonly type?: string; readonly name?: string; readonly strict?: boolean; readonly schema?: unknown } };
  readonly [key: string]: unknown;
}

/** One output item of a model turn. */
export type OutputItem =
  | { readonly type: 'message'; readonly text: string }
  | { readonly type: 'function_call'; readonly name: string; readonly arguments: string };

/** How one request is answered. */
export interface ScriptedTurn {
  readonly items: readonly OutputItem[];
  /** Leave out `response.completed`: the stream just ends (codex reconnects, then fails the turn). */
  readonly omitCompleted?: boolean;
}

/** Chooses the answer to the n-th request (0-based) from what was asked. */
export type ResponsesScript = (request: ResponsesRequestBody, index: number) => ScriptedTurn;

export interface FakeResponsesServer {
  /** e.g. http://127.0.0.1:41234/v1 — what OPENROUTER_BASE_URL (or a provider's base_url) is set to. */
  readonly baseUrl: string;
  /** Every request, in arrival order. */
  readonly requests: RecordedResponsesRequest[];
  /** Only the POST /v1/responses requests. */
  responsesRequests(): RecordedResponsesRequest[];
  close(): Promise<void>;
}

/** True once codex sent back the output of a tool call the server asked for. */
export function hasToolOutput(body: ResponsesRequestBody): boolean {
  return (body.input ?? []).some((item) => item['type'] === 'function_call_output' || item['type'] === 'custom_tool_call_output');
}

/**
 * A shell tool call that runs `command`, in the shape of whichever shell tool codex advertised: `exec_command` (codex
 * 0.1xx's unified exec, `{cmd}`), `shell_command` (`{command}` string) or the classic `shell` (`{command}` argv).
 */
export function shellCall(body: ResponsesRequestBody, command: string): OutputItem {
  const names = new Set((body.tools ?? []).map((t) => t.name).filter((n): n is string => typeof n === 'string'));
  if (names.has('exec_command')) return { type: 'function_call', name: 'exec_command', arguments: JSON.stringify({ cmd: command }) };
  if (names.has('shell_command')) return { type: 'function_call', name: 'shell_command', arguments: JSON.stringify({ command }) };
  return { type: 'function_call', name: 'shell', arguments: JSON.stringify({ command: ['bash', '-lc', command] }) };
}

export async function startFakeResponsesServer(script: ResponsesScript): Promise<FakeResponsesServer> {
  const requests: RecordedResponsesRequest[] = [];
  const sockets = new Set<Socket>();
  let answered = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: ResponsesRequestBody | undefined;
      try {
        body = raw ? (JSON.parse(raw) as ResponsesRequestBody) : undefined;
      } catch {
        body = undefined;
      }
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      requests.push({ method: req.method ?? '', path, headers: req.headers, body });
      if (req.method === 'POST' && path.endsWith('/responses') && body) {
        stream(res, script(body, answered), ++answered);
        return;
      }
      if (req.method === 'GET' && path.endsWith('/models')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ object: 'list', data: [], models: [] }));
        return;
      }
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `fake Responses server: no route ${req.method ?? ''} ${path}` } }));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    responsesRequests: () => requests.filter((r) => r.method === 'POST' && r.path.endsWith('/responses')),
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

/** The SSE stream of one turn: created, each item added and done, then completed with usage (unless omitted). */
function stream(res: ServerResponse, turn: ScriptedTurn, n: number): void {
  const id = `resp_fake_${n}`;
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  const send = (event: Record<string, unknown>): void => {
    res.write(`event: ${String(event['type'])}\ndata: ${JSON.stringify(event)}\n\n`);
  };
  send({ type: 'response.created', response: { id, object: 'response', status: 'in_progress' } });
  const output = turn.items.map((item, index) => {
    const full = item.type === 'message'
      ? { type: 'message', id: `msg_fake_${n}_${index}`, role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: item.text, annotations: [] }] }
      : { type: 'function_call', id: `fc_fake_${n}_${index}`, call_id: `call_fake_${n}_${index}`, name: item.name, arguments: item.arguments, status: 'completed' };
    send({ type: 'response.output_item.added', output_index: index, item: { ...full, status: 'in_progress' } });
    if (item.type === 'message') send({ type: 'response.output_text.delta', item_id: full.id, output_index: index, content_index: 0, delta: item.text });
    send({ type: 'response.output_item.done', output_index: index, item: full });
    return full;
  });
  if (!turn.omitCompleted) {
    send({
      type: 'response.completed',
      response: {
        id, object: 'response', status: 'completed', output,
        usage: { input_tokens: 120, input_tokens_details: { cached_tokens: 20 }, output_tokens: 30, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 150 },
      },
    });
  }
  res.end();
}
