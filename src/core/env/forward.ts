import { classifyEnvPattern, envGlobToRegExp, isEnvGlob } from './secretNames';

/**
 * Which variables go into the agent container (seed 001 `[code] forward_env`). Pure functions over plain records so
 * the rule is tested without a process environment.
 */

export type EnvSource = 'env-file' | 'process';

/**
 * Host-specific variables that no wildcard carries over: they describe the host session and would break the
 * container's own user, shell and PATH. Naming one exactly still forwards it.
 */
export const HOST_ONLY_VARIABLES: readonly string[] = ['PATH', 'HOME', 'PWD', 'OLDPWD', 'SHLVL', 'HOSTNAME', 'USER', 'LOGNAME', 'SHELL', 'TMPDIR', 'TERM', '_'];

export function matchesEnvPattern(name: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => envGlobToRegExp(p).test(name));
}

export interface ForwardedEnv {
  /** Name → value, sorted by name. */
  readonly variables: Readonly<Record<string, string>>;
  /** Where each forwarded value came from. */
  readonly sources: Readonly<Record<string, EnvSource>>;
  /** The forward_env pattern that selected each variable (its exact name when listed, else the first glob matching it). */
  readonly via: Readonly<Record<string, string>>;
  /** True when a pattern matches everything (`"*"`, `"?*"`, `"**"`, `"*H*"`…): the caller shows `warning`. */
  readonly forwardsAll: boolean;
  readonly warning?: string;
}

/**
 * Selects the variables to forward. The env file wins over the process environment (it is the repository's stated
 * configuration, matching the key lookup order). Wildcards never carry HOST_ONLY_VARIABLES; naming one exactly does.
 */
export function selectForwardedEnv(
  patterns: readonly string[],
  envFile: Readonly<Record<string, string>>,
  processEnv: Readonly<Record<string, string | undefined>>,
): ForwardedEnv {
  const names = patterns.filter((p) => !isEnvGlob(p));
  const globs = patterns.filter(isEnvGlob).map((p) => ({ pattern: p, re: envGlobToRegExp(p) }));
  const everything = patterns.filter((p) => classifyEnvPattern(p) === 'everything');
  const patternOf = (name: string): string | undefined => {
    if (names.includes(name)) return name;
    if (HOST_ONLY_VARIABLES.includes(name)) return undefined;
    return globs.find((g) => g.re.test(name))?.pattern;
  };
  const variables: Record<string, string> = {};
  const sources: Record<string, EnvSource> = {};
  const via: Record<string, string> = {};
  const take = (name: string, value: string, source: EnvSource): void => {
    const pattern = patternOf(name);
    if (pattern === undefined) return;
    variables[name] = value;
    sources[name] = source;
    via[name] = pattern;
  };
  for (const [name, value] of Object.entries(processEnv)) if (value !== undefined) take(name, value, 'process');
  for (const [name, value] of Object.entries(envFile)) take(name, value, 'env-file');
  const sorted = Object.keys(variables).sort();
  const pick = <T>(record: Record<string, T>): Record<string, T> => Object.fromEntries(sorted.map((n) => [n, record[n]!]));
  const forwardsAll = everything.length > 0;
  const warning = forwardsAll ? everythingWarning(everything, sorted.length) : undefined;
  return { variables: pick(variables), sources: pick(sources), via: pick(via), forwardsAll, ...(warning ? { warning } : {}) };
}

function everythingWarning(patterns: readonly string[], count: number): string {
  const shown = patterns.map((p) => `"${p}"`).join(', ');
  const like = patterns.every((p) => p === '*') ? '' : ', which matches every variable like "*"';
  return `forward_env contains ${shown}${like}: all ${count} variables of your environment and the env file it matches are forwarded into the agent container, where the repository's code can read them (host-only ones such as PATH and HOME excepted). Prefer explicit names or globs such as "OPENROUTER_*" in .lw_coder/config.toml.`;
}
