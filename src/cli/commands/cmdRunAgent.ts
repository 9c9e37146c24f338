import type { RunAgentPort } from '../../app/commands/runTypes';
import type { CliIO } from '../types';

/** run-agent from the CLI: not wired yet, so the step fails with a message saying so. */
export function cliRunAgent(_root: string, _io: CliIO): RunAgentPort | undefined {
  return undefined;
}
