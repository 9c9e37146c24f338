import { AGENT_IDS, type AgentRunInput } from '../agent/backend';
import { agentBackend } from '../agent/backends/registry';
import { openRouterProvider } from '../agent/headlessSettings';
import { API_KEY_VARIABLE, BASE_URL_VARIABLE, DEFAULT_BASE_URL, MODEL_VARIABLE } from '../env/openrouter';
import { CONTAINER_WORKSPACE } from '../worktree/layout';
import { CONTAINER_AGENT_DIR, HOME_VARIABLE } from './session';

/**
 * Variables LW Coder sets in the container itself: HOME, the OpenRouter endpoint, key and model, and whatever an agent
 * backend's run spec sets (CODEX_HOME, droid's airgap home, claude's endpoint and token, each CLI's key...). A
 * repository's `-e` must not shadow them: it could send the user's key elsewhere or move the agent's home.
 *
 * Read from the backends' own run specs rather than copied, so a variable a backend starts setting is reserved the day
 * it is added: each backend is asked for its runs with and without a custom model provider.
 */
export function reservedEnvNames(): ReadonlySet<string> {
  const names = new Set<string>([HOME_VARIABLE, API_KEY_VARIABLE, BASE_URL_VARIABLE, MODEL_VARIABLE]);
  const probe: AgentRunInput = { prompt: '', workdir: CONTAINER_WORKSPACE, filesDir: CONTAINER_AGENT_DIR, outputSchema: {} };
  const custom: AgentRunInput = { ...probe, model: 'probe-model', provider: openRouterProvider(DEFAULT_BASE_URL), providerApiKey: 'probe' };
  for (const id of AGENT_IDS) {
    for (const input of [probe, custom]) {
      const spec = agentBackend(id).buildRun(input);
      for (const name of Object.keys(spec.env)) names.add(name);
      for (const secret of spec.secretEnv) {
        if (typeof secret === 'string') names.add(secret);
        else names.add(secret.name).add(secret.from);
      }
    }
  }
  return names;
}
