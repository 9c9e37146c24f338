import type { AgentEvent } from './events';
import type { JsonSchema } from './strictSchema';

/**
 * One interface over the agent CLIs a headless run can drive (codex, droid, claude): what to start in the container,
 * how to read its output, and where its final answer is. Pure: the runner (src/app) places the files, starts the
 * command, feeds stdout lines to parseLine and judges the attempt with policy.ts.
 */
export type AgentId = 'codex' | 'droid' | 'claude';
export const AGENT_IDS: readonly AgentId[] = ['codex', 'droid', 'claude'];

/** An OpenAI-compatible model endpoint (OpenRouter by default, a loopback fake in tests). */
export interface ModelProvider {
  readonly name: string;
  readonly baseUrl: string;
  /** Name of the environment variable holding the key; the runner supplies its value from secrets. */
  readonly apiKeyEnv: string;
}

export const OPENROUTER: ModelProvider = { name: 'openrouter', baseUrl: 'https://openrouter.ai/api/v1', apiKeyEnv: 'OPENROUTER_API_KEY' };

export interface AgentRunInput {
  readonly prompt: string;
  /** The worktree as the container sees it. */
  readonly workdir: string;
  /** A container directory outside the worktree for the backend's files (config, schema, last message). */
  readonly filesDir: string;
  /** Strict JSON schema of the final answer (toStrictJsonSchema(CodingResultSchema)). */
  readonly outputSchema: JsonSchema;
  /** Model name for the provider; undefined uses the CLI's own default model and login. */
  readonly model?: string;
  /** Custom provider for `model`; undefined means the CLI's own service. */
  readonly provider?: ModelProvider;
  /**
   * The provider's key, only for CLIs that read it from a settings file rather than the environment (droid's custom
   * models); such files are marked secret.
   */
  readonly providerApiKey?: string;
  /** Where the run's review droids (code-review-auditor, plan-alignment-checker) are mounted in the container. */
  readonly droidsDir?: string;
}

export interface AgentFile {
  readonly path: string;
  readonly content: string;
  readonly mode?: number;
  /** Holds a credential: write it 0600, never log or copy it into the run directory. */
  readonly secret?: boolean;
}

/**
 * A secret environment variable: a name the runner looks up as is, or `{ name, from }` when the CLI expects the key
 * under another name than the one the user keeps it in (claude reads OpenRouter's key as ANTHROPIC_AUTH_TOKEN).
 */
export type SecretEnv = string | { readonly name: string; readonly from: string };

export interface AgentRunSpec {
  readonly command: readonly string[];
  /** Non-secret environment; secrets are named in secretEnv and supplied by the runner, so specs can be logged. */
  readonly env: Readonly<Record<string, string>>;
  readonly secretEnv: readonly SecretEnv[];
  readonly stdin?: string;
  readonly files: readonly AgentFile[];
  /** Where the CLI writes its last message, when it does (codex -o); the runner reads it back for finalText. */
  readonly lastMessagePath?: string;
}

export interface AgentBackend {
  readonly id: AgentId;
  buildRun(input: AgentRunInput): AgentRunSpec;
  /** Events in one stdout line; [] for blank, non-JSON or uninteresting lines. */
  parseLine(line: string): AgentEvent[];
  /** The final answer's text: the last-message file when non-blank, else the stream's final message. */
  finalText(events: readonly AgentEvent[], lastMessageFileText?: string): string | undefined;
  /** The final answer as JSON (fences stripped), or undefined when there is none or it is not JSON. */
  finalResult(events: readonly AgentEvent[], lastMessageFileText?: string): unknown;
}

/** For agents that cannot enforce a schema themselves: the instructions appended to the prompt. */
export function schemaInstructions(schema: JsonSchema): string {
  return [
    '## Final answer',
    'When you have finished, end with a final message that is ONLY a JSON object (no prose, no code fence) matching this JSON schema.',
    'Every property is required: use null or [] when there is nothing to say.',
    '',
    JSON.stringify(schema),
  ].join('\n');
}

/** Joins path segments with single slashes (container paths are POSIX whatever the host is). */
export function posixJoin(...parts: string[]): string {
  return parts.join('/').replace(/\/{2,}/g, '/');
}

/** All events of a captured output (the tests' fixtures, a finished run's stdout), in order. */
export function parseOutput(backend: Pick<AgentBackend, 'parseLine'>, output: string): AgentEvent[] {
  return output.split(/\r?\n/).flatMap((line) => backend.parseLine(line));
}
