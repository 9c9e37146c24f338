import type { RunSettings } from './settings';

/**
 * The log line that says which machine-scoped settings the extension host actually sees. Pure (no vscode), so the
 * scripts that read it back (scripts/lib/machine-settings.mjs: the demo's check, the real-VS Code tier) are tested
 * against this very format.
 */
export const SETTINGS_LOG_PREFIX = 'machine settings:';

/** `lwCoder.docker.baseImageFrom=<value>` for each set value; the agent command only by length (it is a script). */
export function describeRunSettings(s: RunSettings): string {
  const parts: string[] = [];
  if (s.baseImageFrom) parts.push(`lwCoder.docker.baseImageFrom=${s.baseImageFrom}`);
  if (s.extraCaCertificates) parts.push(`lwCoder.docker.extraCaCertificates=${s.extraCaCertificates}`);
  if (s.openRouterBaseUrl) parts.push(`lwCoder.openRouter.baseUrl=${originOf(s.openRouterBaseUrl)}`);
  if (s.openRouterModel) parts.push(`lwCoder.openRouter.model=${s.openRouterModel}`);
  if (s.agentCommand) parts.push(`lwCoder.agent.command=(${s.agentCommand.length} characters)`);
  return `${SETTINGS_LOG_PREFIX} ${parts.length > 0 ? parts.join(', ') : 'none set (defaults)'}`;
}

/** A URL's origin only: a path or query could carry a token, which has no place in a log. */
function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '(not a URL)';
  }
}
