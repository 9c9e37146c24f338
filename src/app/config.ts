import { join } from 'node:path';
import { locateKey } from '../core/config/locate';
import { CONFIG_FILE_LABEL, defaultConfig, parseConfigText } from '../core/config/parse';
import type { ConfigDiagnostic, LwConfig } from '../core/config/types';
import type { HostPathFacts } from '../core/container/hostPaths';
import { selectForwardedEnv, type ForwardedEnv } from '../core/env/forward';
import { parseEnvText, type EnvDiagnostic } from '../core/env/parseEnv';
import type { TextFilesPort } from '../core/ports/textFiles';
import { MAX_CONFIG_BYTES, MAX_ENV_BYTES } from '../core/limits/inputSize';

export const CONFIG_PATH_PARTS = ['.lw_coder', 'config.toml'] as const;

export interface LoadedConfig {
  /** Absolute path of config.toml. */
  readonly path: string;
  readonly exists: boolean;
  /** Defaults when the file is absent; undefined when it has errors. */
  readonly config: LwConfig | undefined;
  readonly diagnostics: readonly ConfigDiagnostic[];
}

/** Thrown by use cases that cannot go on with a broken config.toml; the message lists every error with its line. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly path: string,
    readonly diagnostics: readonly ConfigDiagnostic[],
  ) {
    super(`${CONFIG_FILE_LABEL} has errors:\n${diagnostics.filter((d) => d.severity === 'error').map((d) => `  line ${d.line}: ${d.message}`).join('\n')}`);
  }
}

/**
 * Reads and validates `.lw_coder/config.toml`, including the check only the file system can make: an env_file set
 * explicitly must exist (seed 001). A repository without config.toml gets the defaults.
 */
export async function loadRepoConfig(repoRoot: string, files: TextFilesPort, signal?: AbortSignal): Promise<LoadedConfig> {
  const path = join(repoRoot, ...CONFIG_PATH_PARTS);
  // Capped: an over-limit file is never read whole, and comes back as its size for a located diagnostic.
  const read = await files.readCappedTextIfExists(path, MAX_CONFIG_BYTES, signal);
  if (read === undefined) return { path, exists: false, config: defaultConfig(), diagnostics: [] };
  const text = read.text;
  const parsed = parseConfigText(text, read.size);
  const diagnostics = [...parsed.diagnostics];
  let config = parsed.config;
  if (config) {
    // Inspected, not read: a committed `.env -> /dev/zero` must not hang the check, and a symlink is judged by its target.
    const envFacts = await files.inspectPath(join(repoRoot, config.code.envFile));
    const at = (): { line: number; column: number } => locateKey(text, ['code', 'env_file']) ?? { line: 1, column: 1 };
    if (envFacts.kind === 'missing' && config.code.envFileExplicit) {
      const { line, column } = at();
      diagnostics.push({
        code: 'env-file-missing',
        severity: 'error',
        key: 'code.env_file',
        line,
        column,
        message: `code.env_file (line ${line}) names "${config.code.envFile}", which does not exist in ${repoRoot}. Fix: create ${config.code.envFile} (e.g. with OPENROUTER_API_KEY=...), or remove env_file to use the optional default .env.`,
      });
      config = undefined;
    } else if (envFacts.kind !== 'missing' && envFacts.kind !== 'file') {
      const { line, column } = at();
      diagnostics.push(envFileNotAFile(config.code.envFile, envFacts, line, column));
      config = undefined;
    }
  }
  return { path, exists: true, config, diagnostics };
}

export interface LoadedEnvFile {
  readonly path: string;
  /** The env file as config names it, e.g. `.env.local`. */
  readonly label: string;
  readonly exists: boolean;
  readonly values: Readonly<Record<string, string>>;
  /** Line diagnostics; never contain values. */
  readonly diagnostics: readonly EnvDiagnostic[];
  /** Where the file really is (symlinks resolved), as read. */
  readonly resolved: HostPathFacts;
}

export class EnvFileError extends Error {
  override readonly name = 'EnvFileError';
  constructor(
    readonly path: string,
    readonly diagnostics: readonly EnvDiagnostic[],
  ) {
    super(`${path} has lines that are not KEY=VALUE:\n${diagnostics.filter((d) => d.severity === 'error').map((d) => `  ${d.message}`).join('\n')}`);
  }
}

/** The error for an env file that is a directory, device, socket or dangling symlink (never read: it could block). */
function envFileNotAFile(label: string, facts: HostPathFacts, line: number, column: number): ConfigDiagnostic {
  const what = facts.kind === 'unresolvable' ? 'a symlink that leads nowhere' : `a ${facts.kind}`;
  return {
    code: 'env-file-not-a-file',
    severity: 'error',
    key: 'code.env_file',
    line,
    column,
    message: `code.env_file (line ${line}) names "${label}", which is ${what}${facts.realPath === facts.path ? '' : ` (${facts.realPath})`}, not a regular file. Fix: make ${label} a regular file in the repository, or set env_file to one.`,
  };
}

/**
 * Reads the env file config.toml names (default `.env`, optional when not set explicitly), through its resolved path:
 * `resolved` says where it really is, so the run can ask before variables from outside the repository are forwarded.
 */
export async function loadEnvFile(repoRoot: string, config: LwConfig, files: TextFilesPort, signal?: AbortSignal): Promise<LoadedEnvFile> {
  const path = join(repoRoot, config.code.envFile);
  const label = config.code.envFile;
  const resolved = await files.inspectPath(path);
  if (resolved.kind === 'missing') return { path, label, exists: false, values: {}, diagnostics: [], resolved };
  if (resolved.kind !== 'file') throw new ConfigError(join(repoRoot, ...CONFIG_PATH_PARTS), [envFileNotAFile(label, resolved, 1, 1)]);
  const read = await files.readCappedTextIfExists(resolved.realPath, MAX_ENV_BYTES, signal);
  if (read === undefined) return { path, label, exists: false, values: {}, diagnostics: [], resolved };
  const parsed = parseEnvText(read.text, label, read.size);
  return { path, label, exists: true, values: parsed.values, diagnostics: parsed.diagnostics, resolved };
}

export interface RunEnvironment {
  readonly config: LwConfig;
  readonly envFile: LoadedEnvFile;
  /** What goes into the agent container (seed 001 forward_env). Values may be secrets: never log them. */
  readonly forwarded: ForwardedEnv;
  /** Warnings for the user (forward_env "*", duplicate env keys). */
  readonly warnings: readonly string[];
}

/**
 * Config, env file and forwarded variables together, as a coding run needs them. Throws ConfigError or EnvFileError
 * (messages carry lines and fixes).
 */
export async function loadRunEnvironment(repoRoot: string, files: TextFilesPort, processEnv: Readonly<Record<string, string | undefined>>, signal?: AbortSignal): Promise<RunEnvironment> {
  const loaded = await loadRepoConfig(repoRoot, files, signal);
  if (!loaded.config) throw new ConfigError(loaded.path, loaded.diagnostics);
  const envFile = await loadEnvFile(repoRoot, loaded.config, files, signal);
  if (envFile.diagnostics.some((d) => d.severity === 'error')) throw new EnvFileError(envFile.path, envFile.diagnostics);
  const forwarded = selectForwardedEnv(loaded.config.code.forwardEnv, envFile.values, processEnv);
  const warnings = [
    ...loaded.diagnostics.filter((d) => d.severity === 'warning' && d.code !== 'forward-env-all').map((d) => d.message),
    ...envFile.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.message),
    ...(forwarded.warning ? [forwarded.warning] : []),
  ];
  return { config: loaded.config, envFile, forwarded, warnings };
}
