import { createHash } from 'node:crypto';
import type { EnvSource } from '../env/forward';
import { classifyEnvPattern, looksLikeSecretName } from '../env/secretNames';

/**
 * What of the user's credentials enters an agent container, as data. The container runs an image built from the
 * repository's `.lw_coder/code.Dockerfile`, so repository code can read every variable and mounted file listed here:
 * the user is shown the list (names, never values) and asked once per repository before the first run, and again when
 * the list or the files that decide what runs (config.toml, code.Dockerfile, .dockerignore) change.
 */

export interface ExposedVariable {
  /** The variable's name inside the container. */
  readonly name: string;
  /** Where the value comes from, for the user: `environment`, `env file .env`, `secret storage`… (not fingerprinted). */
  readonly from: string;
  /** Why it goes in: `forward_env "OPENROUTER_*"`, `codex's provider key (OPENROUTER_API_KEY)`. */
  readonly why: string;
  /** The name reads like a credential, or a glob matching credentials by shape selected it. */
  readonly secret: boolean;
}

export interface ExposedFile {
  /** The host file, as the user knows it (`~/.factory/auth.json`), or a description for per-run files. */
  readonly hostPath: string;
  readonly containerPath: string;
  readonly why: string;
}

export interface CredentialExposure {
  /** Sorted by name, one entry per name. */
  readonly variables: readonly ExposedVariable[];
  /** Sorted by container path. */
  readonly files: readonly ExposedFile[];
}

export const isEmptyExposure = (e: CredentialExposure): boolean => e.variables.length === 0 && e.files.length === 0;

const sourceLabel = (source: EnvSource | undefined, envFileLabel: string): string => (source === 'env-file' ? `env file ${envFileLabel}` : 'environment');

/** The forwarded variables (config forward_env) as exposure entries. */
export function forwardedVariables(
  forwarded: { readonly variables: Readonly<Record<string, string>>; readonly sources: Readonly<Record<string, EnvSource>>; readonly via: Readonly<Record<string, string>> },
  envFileLabel: string,
): ExposedVariable[] {
  return Object.keys(forwarded.variables).map((name) => {
    const pattern = forwarded.via[name] ?? name;
    const cls = classifyEnvPattern(pattern);
    return {
      name,
      from: sourceLabel(forwarded.sources[name], envFileLabel),
      why: `forward_env "${pattern}"`,
      secret: looksLikeSecretName(name) || cls === 'secrets' || cls === 'everything',
    };
  });
}

/** One exposure from parts; a variable named twice keeps its first entry (forwarded first, then injected). */
export function combineExposure(variables: readonly ExposedVariable[], files: readonly ExposedFile[]): CredentialExposure {
  const byName = new Map<string, ExposedVariable>();
  for (const v of variables) if (!byName.has(v.name)) byName.set(v.name, v);
  const byTarget = new Map<string, ExposedFile>();
  for (const f of files) if (!byTarget.has(f.containerPath)) byTarget.set(f.containerPath, f);
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return {
    variables: [...byName.values()].sort((a, b) => cmp(a.name, b.name)),
    files: [...byTarget.values()].sort((a, b) => cmp(a.containerPath, b.containerPath)),
  };
}

/** The inputs that decide what a repository's code is and what it gets: a change to any of them asks again. */
export interface ConsentInputs {
  readonly configToml: Uint8Array | string | undefined;
  readonly codeDockerfile: Uint8Array | string | undefined;
  readonly dockerignore: Uint8Array | string | undefined;
}

/** What the consent store keeps per repository: the repository files' hash and the hashes of allowed lists. */
export interface ConsentKey {
  readonly filesHash: string;
  readonly listHash: string;
}

function digest(parts: readonly (readonly [string, Uint8Array | string | undefined])[]): string {
  const h = createHash('sha256');
  for (const [name, data] of parts) {
    if (data === undefined) {
      h.update(`${name}:absent\n`);
      continue;
    }
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    h.update(`${name}:${bytes.length}:`).update(bytes).update('\n');
  }
  return h.digest('hex');
}

/**
 * The consent's fingerprint: the three repository files byte for byte, and the list by what enters the container
 * (variable names, file paths) — not by where values come from, so the editor's stored key and the CLI's environment
 * count as the same answer.
 */
export function consentKeyOf(inputs: ConsentInputs, exposure: CredentialExposure): ConsentKey {
  return {
    filesHash: digest([['config.toml', inputs.configToml], ['code.Dockerfile', inputs.codeDockerfile], ['.dockerignore', inputs.dockerignore]]),
    listHash: digest([
      ...exposure.variables.map((v) => ['var', v.name] as const),
      ...exposure.files.map((f) => ['file', `${f.hostPath}\0${f.containerPath}`] as const),
    ]),
  };
}

/** The list as the user reads it: one line per item, secrets marked. */
export function exposureLines(exposure: CredentialExposure): string[] {
  return [
    ...exposure.variables.map((v) => `${v.name}${v.secret ? ' (secret)' : ''} — from the ${v.from}, ${v.why}`),
    ...exposure.files.map((f) => `${f.hostPath} → ${f.containerPath} — ${f.why}`),
  ];
}

/** The question, with the list, for a terminal or a modal's detail. */
export function consentQuestion(repoRoot: string, exposure: CredentialExposure): { title: string; detail: string } {
  return {
    title: `Allow these credentials into the agent container for ${repoRoot}?`,
    detail: [
      "The container runs an image built from this repository's .lw_coder/code.Dockerfile, so the repository's code can read:",
      ...exposureLines(exposure).map((l) => `  ${l}`),
      'LW Coder remembers the answer for this repository and asks again when .lw_coder/config.toml, .lw_coder/code.Dockerfile, .lw_coder/.dockerignore or this list change.',
    ].join('\n'),
  };
}
