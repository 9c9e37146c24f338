/**
 * Which variable names look like credentials, and what a forward_env pattern reaches. The agent container runs an image
 * built from the repository's own Dockerfile, so every forwarded variable is readable by repository code: patterns
 * that reach everything, or that reach secrets by shape rather than by name, are shown to the user before a run.
 */

/** Words that mark a credential when they are a whole `_`-separated segment of the name (`GH_PAT`, `SSH_AUTH_SOCK`). */
const SECRET_SEGMENTS = new Set(['TOKEN', 'TOKENS', 'SECRET', 'SECRETS', 'PASSWORD', 'PASSWD', 'PASSPHRASE', 'CREDENTIAL', 'CREDENTIALS', 'KEY', 'APIKEY', 'AUTH', 'PAT', 'COOKIE']);
/** Fragments that mark a credential anywhere in the name (`GITHUBTOKEN`, `DBPASSWORD`). */
const SECRET_FRAGMENTS = ['TOKEN', 'SECRET', 'PASSWORD', 'PASSWD', 'PASSPHRASE', 'CREDENTIAL', 'APIKEY', 'API_KEY', 'ACCESS_KEY', 'PRIVATE_KEY'];

/**
 * Names of well-known credentials in developers' environments. A glob that matches one of them (`*_KEY`, `*TOKEN*`)
 * forwards secrets by shape, so the variables it picks are listed by name before the run.
 */
export const WELL_KNOWN_SECRET_NAMES: readonly string[] = [
  'GITHUB_TOKEN', 'GH_TOKEN', 'GITLAB_TOKEN', 'NPM_TOKEN', 'NODE_AUTH_TOKEN', 'PYPI_TOKEN', 'HF_TOKEN', 'DOCKER_PASSWORD',
  'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'GOOGLE_APPLICATION_CREDENTIALS', 'AZURE_CLIENT_SECRET',
  'OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'FACTORY_API_KEY', 'GEMINI_API_KEY', 'DATABASE_PASSWORD', 'PGPASSWORD',
  'SECRET_KEY', 'PRIVATE_KEY', 'API_KEY', 'API_TOKEN', 'ACCESS_TOKEN', 'CLIENT_SECRET', 'SSH_AUTH_SOCK',
];

/** Variables that describe the host session. A pattern matching PATH or HOME was not written with one variable in mind. */
const EVERYTHING_WITNESSES = ['PATH', 'HOME'];

/** True when the name reads like a credential (`OPENROUTER_API_KEY`, `GITHUB_TOKEN`, `DB_PASSWORD`, `SSH_AUTH_SOCK`). */
export function looksLikeSecretName(name: string): boolean {
  const upper = name.toUpperCase();
  if (upper.split('_').some((segment) => SECRET_SEGMENTS.has(segment))) return true;
  return SECRET_FRAGMENTS.some((fragment) => upper.includes(fragment));
}

/** Compiles a forward_env glob (`*` any run of characters, `?` one character, everything else literal). */
export function envGlobToRegExp(pattern: string): RegExp {
  const body = [...pattern].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`);
}

export const isEnvGlob = (pattern: string): boolean => /[*?]/.test(pattern);

/**
 * - `name`: no wildcard, exactly one variable;
 * - `everything`: matches every variable (`*`, `?*`, `**`) or, with a `*`, PATH or HOME (`*H*`, `P*`): treated like `"*"`;
 * - `secrets`: a glob matching well-known credential names or spelling a credential word (`*_KEY`, `*TOKEN*`, `*SECRET*`);
 * - `glob`: any other glob (`OPENROUTER_*`).
 */
export type EnvPatternClass = 'name' | 'everything' | 'secrets' | 'glob';

export function classifyEnvPattern(pattern: string): EnvPatternClass {
  if (!isEnvGlob(pattern)) return 'name';
  const re = envGlobToRegExp(pattern);
  const onlyWildcards = /^[*?]+$/.test(pattern);
  if (pattern.includes('*') && (onlyWildcards || EVERYTHING_WITNESSES.some((name) => re.test(name)))) return 'everything';
  const literal = pattern.replace(/[*?]+/g, '_');
  if (WELL_KNOWN_SECRET_NAMES.some((name) => re.test(name)) || looksLikeSecretName(literal)) return 'secrets';
  return 'glob';
}
