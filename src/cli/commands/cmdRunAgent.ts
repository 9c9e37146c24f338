import { createHeadlessRunFiles } from '../../adapters/session/headlessFiles';
import { createRunPlanDeps } from '../../adapters/session/runPlanDeps';
import { commandAgentRunner } from '../../app/commands/agentRunner';
import type { RunAgentPort } from '../../app/commands/runTypes';
import type { CliIO } from '../types';
import { agentOf } from './codeHeadless';
import { agentCommandFrom, confirmRunArgs, credentialChoicesOf } from './session';

/** The options `lwc cmd run|resume` take for run-agent steps (as `lwc code --headless` does). */
export const AGENT_OPTIONS = {
  agent: { type: 'string' },
  model: { type: 'string' },
  'agent-command': { type: 'string' },
  'accept-credentials': { type: 'boolean' },
  'trust-endpoint': { type: 'boolean' },
  'yes-dangerous-run-args': { type: 'boolean' },
} as const;

/**
 * run-agent from the CLI: the headless runner with the CLI's adapters. Built lazily, when the first agent step runs,
 * so commands without one never load Docker's client.
 */
export function cliRunAgent(root: string, io: CliIO, values: Record<string, unknown>, json: boolean): RunAgentPort {
  let runner: RunAgentPort | undefined;
  return (request) => {
    if (!runner) {
      const agent = agentOf(values.agent);
      const agentCommandOverride = agentCommandFrom(values['agent-command'], io);
      runner = commandAgentRunner({ ...createRunPlanDeps(root, { env: io.env }), runFiles: createHeadlessRunFiles() }, {
        processEnv: io.env,
        ...(agent ? { agent } : {}),
        ...(typeof values.model === 'string' ? { model: values.model } : {}),
        ...(agentCommandOverride !== undefined ? { agentCommandOverride } : {}),
        ...(values['trust-endpoint'] === true ? { trustEndpoint: true } : {}),
        allowDangerousRunArgs: confirmRunArgs(io, values['yes-dangerous-run-args'] === true),
        ...credentialChoicesOf(io, { accept: values['accept-credentials'] === true, json }),
      });
    }
    return runner(request);
  };
}
