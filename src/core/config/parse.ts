import type { z } from 'zod';
import { MAX_CONFIG_BYTES, describeSize, utf8ByteLength } from '../limits/inputSize';
import { classifyEnvPattern } from '../env/secretNames';
import { createKeyLocator, type KeyLocator } from './locate';
import { isTomlError, parseToml } from './toml';
import {
  ConfigFileSchema,
  DEFAULT_ENV_FILE,
  DEFAULT_FLEET_LEASE_SECONDS,
  DEFAULT_FLEET_MAX_ATTEMPTS,
  DEFAULT_FLEET_WORKERS,
  DEFAULT_FORWARD_ENV,
  DEFAULT_HEADLESS_MAX_ATTEMPTS,
  DEFAULT_HEADLESS_TIMEOUT_SECONDS,
  DEFAULT_PROMPT_MAX_RETRIES,
  DEFAULT_PROMPT_TIMEOUT_SECONDS,
  KEY_EXAMPLES,
  KNOWN_KEYS,
  type ConfigFile,
} from './schema';
import type { ConfigDiagnostic, ConfigDiagnosticCode, ConfigParseResult, LwConfig } from './types';

export const CONFIG_FILE_LABEL = '.lw_coder/config.toml';

/** The default configuration: what a repository without config.toml gets. */
export function defaultConfig(): LwConfig {
  return {
    code: { envFile: DEFAULT_ENV_FILE, envFileExplicit: false, forwardEnv: [...DEFAULT_FORWARD_ENV], dockerBuildArgs: [], dockerRunArgs: [] },
    prompts: { source: 'model', timeoutSeconds: DEFAULT_PROMPT_TIMEOUT_SECONDS, maxRetries: DEFAULT_PROMPT_MAX_RETRIES },
    headless: { agent: 'codex', provider: 'openrouter', timeoutSeconds: DEFAULT_HEADLESS_TIMEOUT_SECONDS, maxAttempts: DEFAULT_HEADLESS_MAX_ATTEMPTS },
    fleet: { workers: DEFAULT_FLEET_WORKERS, leaseSeconds: DEFAULT_FLEET_LEASE_SECONDS, maxAttempts: DEFAULT_FLEET_MAX_ATTEMPTS },
    prices: {},
  };
}

/**
 * Parses and validates config.toml text. Never throws: every problem is a diagnostic naming the key, its line and
 * the fix. Checks that need the file system (does env_file exist?) are the caller's (app/config.ts).
 * `sizeBytes` is the file's size when the caller read only its start (a file over the limit is never read whole);
 * by default it is the size of `source`. Over MAX_CONFIG_BYTES the file is refused before any parsing.
 */
export function parseConfigText(source: string, sizeBytes = utf8ByteLength(source)): ConfigParseResult {
  if (sizeBytes > MAX_CONFIG_BYTES) return { config: undefined, diagnostics: [configTooLarge(sizeBytes)] };
  let raw: unknown;
  try {
    raw = parseToml(source);
  } catch (error) {
    return { config: undefined, diagnostics: [syntaxDiagnostic(source, error)] };
  }
  const diagnostics: ConfigDiagnostic[] = [];
  // One scan of the source places every key: looking each error's key up by rescanning was quadratic.
  let locator: KeyLocator | undefined;
  const locate = (path: readonly (string | number)[]) => (locator ??= createKeyLocator(source)).locate(path);
  const checked = ConfigFileSchema.safeParse(raw);
  if (!checked.success) {
    for (const issue of checked.error.issues) diagnostics.push(...issueDiagnostics(locate, raw, issue));
  }
  if (isRecord(raw) && !('code' in raw)) {
    diagnostics.push(diag('missing-table', 'error', 'code', { line: 1, column: 1 }, `${CONFIG_FILE_LABEL} has no [code] table (line 1). Fix: add a [code] table, e.g.\n  [code]\n  env_file = ".env"\n  forward_env = ["OPENROUTER_*"]`));
  }
  const file: ConfigFile | undefined = checked.success ? checked.data : undefined;
  const envFile = file?.code?.env_file;
  if (envFile !== undefined && escapesRepository(envFile)) {
    const at = locate(['code', 'env_file']) ?? { line: 1, column: 1 };
    diagnostics.push(diag('env-file-outside-repo', 'error', 'code.env_file', at, `code.env_file (line ${at.line}) is "${envFile}", which is outside the repository. Fix: use a path relative to the repository root, e.g. ${KEY_EXAMPLES['code.env_file']}.`));
  }
  const everything = file?.code?.forward_env?.find((p) => classifyEnvPattern(p) === 'everything');
  if (everything !== undefined) {
    const at = locate(['code', 'forward_env']) ?? { line: 1, column: 1 };
    const like = everything === '*' ? '' : ', which matches every variable like "*"';
    diagnostics.push(diag('forward-env-all', 'warning', 'code.forward_env', at, `code.forward_env (line ${at.line}) contains "${everything}"${like}: every variable of your environment and the env file is forwarded into the agent container, including unrelated secrets. Prefer explicit names or globs such as "OPENROUTER_*".`));
  }
  diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
  if (!file || diagnostics.some((d) => d.severity === 'error')) return { config: undefined, diagnostics };
  const defaults = defaultConfig();
  const config: LwConfig = {
    code: {
      envFile: file.code?.env_file ?? defaults.code.envFile,
      envFileExplicit: file.code?.env_file !== undefined,
      forwardEnv: file.code?.forward_env ?? defaults.code.forwardEnv,
      dockerBuildArgs: file.code?.docker_build_args ?? [],
      dockerRunArgs: file.code?.docker_run_args ?? [],
    },
    prompts: {
      source: file.prompts?.source ?? defaults.prompts.source,
      ...(file.prompts?.model !== undefined ? { model: file.prompts.model } : {}),
      timeoutSeconds: file.prompts?.timeout_seconds ?? defaults.prompts.timeoutSeconds,
      maxRetries: file.prompts?.max_retries ?? defaults.prompts.maxRetries,
    },
    headless: {
      agent: file.headless?.agent ?? defaults.headless.agent,
      ...(file.headless?.model !== undefined ? { model: file.headless.model } : {}),
      provider: file.headless?.provider ?? defaults.headless.provider,
      timeoutSeconds: file.headless?.timeout_seconds ?? defaults.headless.timeoutSeconds,
      maxAttempts: file.headless?.max_attempts ?? defaults.headless.maxAttempts,
    },
    fleet: {
      workers: file.fleet?.workers ?? defaults.fleet.workers,
      ...(file.fleet?.agent !== undefined ? { agent: file.fleet.agent } : {}),
      leaseSeconds: file.fleet?.lease_seconds ?? defaults.fleet.leaseSeconds,
      maxAttempts: file.fleet?.max_attempts ?? defaults.fleet.maxAttempts,
    },
    prices: Object.fromEntries(Object.entries(file.prices ?? {}).map(([model, p]) => [model, { inputPerMtok: p.input_per_mtok, outputPerMtok: p.output_per_mtok }])),
  };
  return { config, diagnostics };
}

function diag(code: ConfigDiagnosticCode, severity: 'error' | 'warning', key: string, at: { line: number; column: number }, message: string): ConfigDiagnostic {
  return { code, severity, key, line: at.line, column: at.column, message };
}

/** The one diagnostic of a config.toml over the size limit: names the file, its size, the limit and the fix. */
export function configTooLarge(sizeBytes: number): ConfigDiagnostic {
  return diag('file-too-large', 'error', '', { line: 1, column: 1 }, `${CONFIG_FILE_LABEL} (line 1) is ${describeSize(sizeBytes)}, over the ${describeSize(MAX_CONFIG_BYTES)} LW Coder reads from a config file, so it was not parsed. Fix: keep only the [code], [prompts], [headless], [fleet] and [prices] settings (a few hundred bytes), and check that config.toml is not a link to a large file.`);
}

function syntaxDiagnostic(source: string, error: unknown): ConfigDiagnostic {
  const line = isTomlError(error) && error.line > 0 ? error.line : 1;
  const column = isTomlError(error) && error.column > 0 ? error.column : 1;
  const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0]!.replace(/^Invalid TOML document:\s*/, '');
  const lineText = source.split(/\r?\n/)[line - 1] ?? '';
  const keyMatch = /^\s*\[*\s*([A-Za-z0-9_.-]+)/.exec(lineText);
  // The parser may notice a mistake lines later (an unclosed array at the end of the file): name the key before it.
  const before = keyMatch ? undefined : createKeyLocator(source).lastBefore(line);
  const key = keyMatch?.[1] ?? '';
  const where = key
    ? `${key} (line ${line}, column ${column})`
    : before
      ? `line ${line}, column ${column} (in or after ${before.path.join('.')} on line ${before.line})`
      : `line ${line}, column ${column}`;
  return diag('toml-syntax', 'error', key, { line, column }, `${CONFIG_FILE_LABEL}: TOML syntax error at ${where}: ${reason}. Fix the line; strings need double quotes and arrays brackets, e.g. ${KEY_EXAMPLES['code.forward_env']}.`);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let v = raw;
  for (const p of path) {
    if (Array.isArray(v) && typeof p === 'number') v = v[p];
    else if (isRecord(v) && typeof p === 'string') v = v[p];
    else return undefined;
  }
  return v;
}

function tomlTypeOf(v: unknown): string {
  if (Array.isArray(v)) return 'an array';
  if (v instanceof Date || (isRecord(v) && typeof (v as { toISOString?: unknown }).toISOString === 'function')) return 'a date';
  if (isRecord(v)) return 'a table';
  if (typeof v === 'string') return 'a string';
  if (typeof v === 'boolean') return 'a boolean';
  if (typeof v === 'number' || typeof v === 'bigint') return Number.isInteger(v) || typeof v === 'bigint' ? 'an integer' : 'a float';
  return 'missing';
}

const EXPECTED: Readonly<Record<string, string>> = {
  code: 'a table ([code])',
  'code.env_file': 'a string',
  'code.forward_env': 'an array of strings',
  'code.docker_build_args': 'an array of strings',
  'code.docker_run_args': 'an array of strings',
  prompts: 'a table ([prompts])',
  'prompts.source': '"model" or "templates"',
  'prompts.model': 'a string',
  'prompts.timeout_seconds': 'an integer from 1 to 900',
  'prompts.max_retries': 'an integer from 0 to 10',
  headless: 'a table ([headless])',
  'headless.agent': '"codex", "droid" or "claude"',
  'headless.model': 'a non-empty string',
  'headless.provider': '"openrouter" or "agent"',
  'headless.timeout_seconds': 'an integer from 1 to 86400',
  'headless.max_attempts': 'an integer from 1 to 10',
  fleet: 'a table ([fleet])',
  'fleet.workers': 'an integer from 1 to 64',
  'fleet.agent': '"codex", "droid" or "claude"',
  'fleet.lease_seconds': 'an integer from 5 to 86400',
  'fleet.max_attempts': 'an integer from 1 to 100',
  prices: 'a table of model prices ([prices."<model>"])',
  'prices.*': 'a table with input_per_mtok and output_per_mtok',
  'prices.*.input_per_mtok': 'a number of dollars from 0 to 100000',
  'prices.*.output_per_mtok': 'a number of dollars from 0 to 100000',
};

/** A key as TOML spells it: parts that are not bare keys (a model id such as `openai/gpt-5.2`) are quoted. */
function dotted(path: readonly PropertyKey[]): string {
  const part = (p: PropertyKey): string => (/^[A-Za-z0-9_-]+$/.test(String(p)) ? String(p) : JSON.stringify(String(p)));
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${part(p)}`)).join('');
}

/** The schema's name for a key path: every `[prices."<model>"]` table is `prices.*` (its model is data, not a key). */
function schemaKeyOf(path: readonly (string | number)[]): string {
  const names = path.filter((p): p is string => typeof p === 'string');
  if (names[0] === 'prices' && names.length > 1) names[1] = '*';
  return names.join('.');
}

const fix = (example: string | undefined): string => (example ? ` Fix: ${example}` : '');

type Locate = (path: readonly (string | number)[]) => { line: number; column: number } | undefined;

function issueDiagnostics(locate: Locate, raw: unknown, issue: z.core.$ZodIssue): ConfigDiagnostic[] {
  const path = issue.path.filter((p): p is string | number => typeof p === 'string' || typeof p === 'number');
  if (issue.code === 'unrecognized_keys') {
    const table = dotted(path);
    return issue.keys.map((k) => {
      const at = locate([...path, k]) ?? { line: 1, column: 1 };
      const key = table ? `${table}.${k}` : k;
      const known = KNOWN_KEYS[schemaKeyOf(path)] ?? [];
      const guess = closest(k, known);
      const where = table ? `[${table}]` : 'the top level';
      const hint = guess ? `Did you mean ${guess}? ` : '';
      return diag('unknown-key', 'error', key, at, `${key} (line ${at.line}) is not a known key in ${where}. ${hint}Fix: remove it or use one of: ${known.join(', ')}.`);
    });
  }
  // A missing key has no line of its own: point at its table's header.
  const at = locate(path) ?? locate(path.slice(0, -1)) ?? { line: 1, column: 1 };
  const key = dotted(path);
  const schemaKey = schemaKeyOf(path);
  if (issue.code === 'invalid_key' && schemaKey === 'prices.*') {
    return [diag('invalid-value', 'error', key, at, `${key} (line ${at.line}) is not a model id (letters, digits and . _ : / @ ~ + -, as the agents are given them).${fix(KEY_EXAMPLES['prices.*'])}`)];
  }
  const example = KEY_EXAMPLES[schemaKey];
  const fixText = fix(example);
  const found = tomlTypeOf(valueAt(raw, path));
  const isItem = typeof path[path.length - 1] === 'number';
  const expected = isItem ? 'a string' : (EXPECTED[schemaKey] ?? 'a valid value');
  if (issue.code === 'invalid_type') {
    return [diag('wrong-type', 'error', key, at, `${key} (line ${at.line}) must be ${expected}, but is ${found}.${fixText}`)];
  }
  if (issue.code === 'invalid_format' && schemaKey === 'code.forward_env') {
    return [diag('invalid-value', 'error', key, at, `${key} (line ${at.line}) is "${String(valueAt(raw, path))}", which is not a variable name or glob (letters, digits, _, * and ?).${fixText}`)];
  }
  const shown = JSON.stringify(valueAt(raw, path)) ?? 'nothing';
  return [diag('invalid-value', 'error', key, at, `${key} (line ${at.line}) is ${shown}; it must be ${expected}.${fixText}`)];
}

/** Edit distance ≤ 3 suggestion, for typos like `forward_envs` or `envfile`. */
function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: { c: string; d: number } | undefined;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c);
    if (d <= 3 && (!best || d < best.d)) best = { c, d };
  }
  return best?.c;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return 99;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

/** True for absolute paths and paths that climb above the repository root with `..`. */
export function escapesRepository(relPath: string): boolean {
  if (/^([\\/]|[A-Za-z]:)/.test(relPath) || relPath.startsWith('~')) return true;
  let depth = 0;
  for (const seg of relPath.split(/[\\/]+/)) {
    if (seg === '..') depth--;
    else if (seg !== '.' && seg !== '') depth++;
    if (depth < 0) return true;
  }
  return false;
}
