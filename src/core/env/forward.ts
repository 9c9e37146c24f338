/**
 * Which variables go into the agent container (seed 001 `[code] forward_env`). Pure functions over plain records so
 * the rule is tested without a process environment.
 */

export type EnvSource = 'env-file' | 'process';

/**
 * Host-specific variables that `"*"` does not carry over: they describe the host session and would break the
 * container's own user, shell and PATH. Naming one explicitly still forwards it.
 */
export const HOST_ONLY_VARIABLES: readonly string[] = ['PATH', 'HOME', 'PWD', 'OLDPWD', 'SHLVL', 'HOSTNAME', 'USER', 'LOGNAME', 'SHELL', 'TMPDIR', 'TERM', '_'];

/** Compiles a forward_env glob (`*` any run of characters, `?` one character, everything else literal). */
export function envGlobToRegExp(pattern: string): RegExp {
  const body = [...pattern].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`);
}

export function matchesEnvPattern(name: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => envGlobToRegExp(p).test(name));
}

export interface ForwardedEnv {
  /** Name → value, sorted by name. */
  readonly variables: Readonly<Record<string, string>>;
  /** Where each forwarded value came from. */
  readonly sources: Readonly<Record<string, EnvSource>>;
  /** True when `"*"` is among the patterns: the caller shows `warning`. */
  readonly forwardsAll: boolean;
  readonly warning?: string;
}

/**
 * Selects the variables to forward. The env file wins over the process environment (it is the repository's stated
 * configuration, matching the key lookup order), and `"*"` skips HOST_ONLY_VARIABLES unless they are named.
 */
export function selectForwardedEnv(
  patterns: readonly string[],
  envFile: Readonly<Record<string, string>>,
  processEnv: Readonly<Record<string, string | undefined>>,
): ForwardedEnv {
  const forwardsAll = patterns.includes('*');
  const explicit = patterns.filter((p) => p !== '*');
  const wanted = (name: string): boolean => matchesEnvPattern(name, explicit) || (forwardsAll && !HOST_ONLY_VARIABLES.includes(name));
  const variables: Record<string, string> = {};
  const sources: Record<string, EnvSource> = {};
  for (const [name, value] of Object.entries(processEnv)) {
    if (value !== undefined && wanted(name)) {
      variables[name] = value;
      sources[name] = 'process';
    }
  }
  for (const [name, value] of Object.entries(envFile)) {
    if (wanted(name)) {
      variables[name] = value;
      sources[name] = 'env-file';
    }
  }
  const names = Object.keys(variables).sort();
  const sorted = Object.fromEntries(names.map((n) => [n, variables[n]!]));
  const sortedSources = Object.fromEntries(names.map((n) => [n, sources[n]!]));
  const warning = forwardsAll
    ? `forward_env contains "*": all ${names.length} variables of your environment and the env file are forwarded into the agent container (host-only ones such as PATH and HOME excepted). Prefer explicit names or globs such as "OPENROUTER_*" in .lw_coder/config.toml.`
    : undefined;
  return { variables: sorted, sources: sortedSources, forwardsAll, ...(warning ? { warning } : {}) };
}
