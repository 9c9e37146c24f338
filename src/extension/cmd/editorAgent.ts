import type { RunAgentPort } from '../../app/commands/runTypes';
import { AGENT_IDS, type AgentId } from '../../core/agent/backend';
import type { LwContext } from '../context';
import { loadRun } from '../lazy';
import { allowDangerousRunArgsModal, confirmCredentialsModal, confirmEndpointModal } from '../run/choices';
import { editorRunOptions, headlessSettings, runSettings } from '../run/settings';
import { secretLookupOf } from '../secrets';

/**
 * run-agent and agent steps of a command run from the editor ("Run Command…", an lwc-command task): the headless
 * runner with the questions and settings of "Run Plan Headless" — the stored OpenRouter key and base-URL setting, the
 * modal before a repository-chosen endpoint, before weakening run args and before credentials enter the container,
 * lwCoder.agent.command and lwCoder.headless.agent. The run chunk (Docker's client, the images) loads when the first
 * agent step runs, so commands without one never pay for it.
 */
export function editorRunAgent(ctx: LwContext, repoRoot: string, options: { readonly acceptCredentials?: boolean } = {}): RunAgentPort {
  let runner: RunAgentPort | undefined;
  return async (request) => {
    const agent = headlessSettings().agent;
    if (agent !== undefined && !(AGENT_IDS as readonly string[]).includes(agent)) {
      return { ok: false, message: `The setting lwCoder.headless.agent is '${agent}': use one of ${AGENT_IDS.join(', ')}.` };
    }
    if (!runner) {
      const chunk = await loadRun();
      const settings = runSettings();
      const deps = chunk.createRunPlanDeps(repoRoot, editorRunOptions(ctx.extension, settings, ctx.logger('commands')));
      runner = chunk.commandAgentRunner({ ...deps, runFiles: chunk.createHeadlessRunFiles() }, {
        processEnv: process.env,
        ...(agent ? { agent: agent as AgentId } : {}),
        ...(settings.agentCommand ? { agentCommandOverride: settings.agentCommand } : {}),
        ...(settings.openRouterBaseUrl ? { userBaseUrl: settings.openRouterBaseUrl } : {}),
        secretLookup: secretLookupOf(ctx.extension.secrets),
        confirmEndpoint: confirmEndpointModal,
        allowDangerousRunArgs: allowDangerousRunArgsModal,
        confirmCredentials: confirmCredentialsModal,
        ...(options.acceptCredentials === true ? { acceptCredentials: true } : {}),
      });
    }
    return runner(request);
  };
}
