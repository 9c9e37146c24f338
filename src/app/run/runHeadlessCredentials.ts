import type { AgentBackend, ModelProvider } from '../../core/agent/backend';
import { forwardedVariables, type ExposedFile, type ExposedVariable } from '../../core/container/credentials';
import { CONTAINER_AGENT_DIR } from '../../core/container/session';
import { API_KEY_VARIABLE } from '../../core/env/openrouter';
import { createRedactor, type Redactor } from '../../core/env/redact';
import type { SecretLookup } from '../../core/ports/secrets';
import { CONTAINER_WORKSPACE } from '../../core/worktree/layout';
import type { RunEnvironment } from '../config';
import type { AgentCredentials } from './credentialGate';

/**
 * The secrets a headless agent adds to its container, found before anything changes so the credentials gate can list
 * them; and the redactor that keeps them (and the forwarded secrets) out of events.jsonl and the attempt logs.
 */


export interface FoundSecret {
  readonly value: string;
  /** `environment`, `env file .env`, `secret storage`. */
  readonly from: string;
}

/**
 * Where an agent's key comes from, in the order the run uses: a forwarded variable, the stored OpenRouter key (editor),
 * the env file, the environment.
 */
export function secretFinder(environment: RunEnvironment, options: { readonly secretLookup?: SecretLookup; readonly processEnv: Readonly<Record<string, string | undefined>> }): (name: string) => Promise<FoundSecret | undefined> {
  return async (name) => {
    const forwarded = environment.forwarded.variables[name];
    if (forwarded) return { value: forwarded, from: environment.forwarded.sources[name] === 'env-file' ? `env file ${environment.envFile.label}` : 'environment' };
    const stored = name === API_KEY_VARIABLE ? await options.secretLookup?.(API_KEY_VARIABLE) : undefined;
    if (stored) return { value: stored, from: 'secret storage' };
    const fromFile = environment.envFile.values[name];
    if (fromFile) return { value: fromFile, from: `env file ${environment.envFile.label}` };
    const fromProcess = options.processEnv[name];
    return fromProcess ? { value: fromProcess, from: 'environment' } : undefined;
  };
}

export interface HeadlessCredentials extends AgentCredentials {
  /** Values to scrub from what the run keeps on disk. */
  readonly secretValues: readonly string[];
}

/**
 * The agent's keys as they will be set (its spec's secretEnv, found or not), its secret files (droid's custom-model
 * settings hold the provider's key), and whether droid's own login is mounted: only for droid on its own login, since a
 * custom model gives droid a fresh home and other agents never read it.
 */
export async function headlessCredentials(
  backend: AgentBackend,
  settings: { readonly model?: string; readonly provider?: ModelProvider },
  find: (name: string) => Promise<FoundSecret | undefined>,
): Promise<HeadlessCredentials> {
  const providerKey = settings.provider ? await find(settings.provider.apiKeyEnv) : undefined;
  const spec = backend.buildRun({
    prompt: '',
    workdir: CONTAINER_WORKSPACE,
    filesDir: CONTAINER_AGENT_DIR,
    outputSchema: {},
    ...(settings.model ? { model: settings.model } : {}),
    ...(settings.provider ? { provider: settings.provider } : {}),
    ...(providerKey ? { providerApiKey: providerKey.value } : {}),
  });
  const variables: ExposedVariable[] = [];
  const secretValues: string[] = [];
  for (const secret of spec.secretEnv) {
    const { name, from } = typeof secret === 'string' ? { name: secret, from: secret } : secret;
    const found = await find(from);
    if (!found) continue;
    variables.push({ name, from: found.from, why: `${backend.id}'s key${from === name ? '' : ` (${from})`}`, secret: true });
    secretValues.push(found.value);
  }
  const files: ExposedFile[] = [];
  if (providerKey) {
    for (const file of spec.files.filter((f) => f.secret)) {
      files.push({ hostPath: `<run directory>/agent/${file.path.slice(CONTAINER_AGENT_DIR.length + 1)} (written for each attempt, removed after it)`, containerPath: file.path, why: `${backend.id}'s settings, holding ${settings.provider!.apiKeyEnv}` });
    }
    secretValues.push(providerKey.value);
  }
  const customModel = Boolean(settings.model && settings.provider);
  return { variables, files, droidCredentials: backend.id === 'droid' && !customModel, secretValues };
}

/** The redactor for a headless run's files: the agent's keys and every forwarded variable that looks like a secret. */
export function headlessRedactor(environment: RunEnvironment, credentials: HeadlessCredentials): Redactor {
  const forwarded = forwardedVariables(environment.forwarded, environment.envFile.label).filter((v) => v.secret).map((v) => environment.forwarded.variables[v.name]);
  return createRedactor([...credentials.secretValues, ...forwarded]);
}
