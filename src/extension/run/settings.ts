import * as vscode from 'vscode';
import type { NodeRunPlanDepsOptions } from '../../adapters/session/runPlanDeps';
import type { Logger } from '../../core/ports/logger';

/**
 * The user's machine-scoped run settings (package.json `scope: "machine"`, restricted in untrusted workspaces): a
 * repository cannot choose what runs on the host or which image the agent's image is built on.
 */
export interface RunSettings {
  /** Replaces droid with `sh -c <command>` in the container (stand-ins in tests, custom agents). */
  readonly agentCommand?: string;
  /** The base Dockerfile's BASE_IMAGE (an internal mirror of node:20-bookworm-slim; a local base in tests). */
  readonly baseImageFrom?: string;
  /** A PEM bundle trusted inside the base image (networks that inspect TLS). */
  readonly extraCaCertificates?: string;
  /** lwCoder.openRouter.baseUrl: the user's own endpoint, trusted with the key without a confirmation. */
  readonly openRouterBaseUrl?: string;
  /** lwCoder.openRouter.model: the model prompts are generated with (the repository's env file still wins). */
  readonly openRouterModel?: string;
}

export function runSettings(): RunSettings {
  const get = (section: string, key: string): string | undefined => vscode.workspace.getConfiguration(section).get<string>(key)?.trim() || undefined;
  const agentCommand = get('lwCoder.agent', 'command');
  const baseImageFrom = get('lwCoder.docker', 'baseImageFrom');
  const extraCaCertificates = get('lwCoder.docker', 'extraCaCertificates');
  const openRouterBaseUrl = get('lwCoder.openRouter', 'baseUrl');
  const openRouterModel = get('lwCoder.openRouter', 'model');
  return {
    ...(agentCommand ? { agentCommand } : {}),
    ...(baseImageFrom ? { baseImageFrom } : {}),
    ...(extraCaCertificates ? { extraCaCertificates } : {}),
    ...(openRouterBaseUrl ? { openRouterBaseUrl } : {}),
    ...(openRouterModel ? { openRouterModel } : {}),
  };
}

/** The environment runPlanDeps reads its host facts from (same variables as `lwc code`), with the settings applied. */
export function hostEnv(settings: RunSettings, env: NodeJS.ProcessEnv = process.env): Record<string, string | undefined> {
  return {
    ...env,
    ...(settings.baseImageFrom ? { LWC_BASE_IMAGE_FROM: settings.baseImageFrom } : {}),
    ...(settings.extraCaCertificates ? { LWC_EXTRA_CA_CERTS: settings.extraCaCertificates } : {}),
  };
}

/**
 * The run adapters' options in the editor (createRunPlanDeps, createFleetDeps): the extension's own resources and base
 * Dockerfile folder, and the host environment with the user's run settings applied.
 */
export function editorRunOptions(extension: Pick<vscode.ExtensionContext, 'asAbsolutePath'>, settings: RunSettings, logger: Logger): NodeRunPlanDepsOptions {
  return {
    resourcesRoot: extension.asAbsolutePath('resources'),
    baseDockerfileDir: extension.asAbsolutePath('docker/droid'),
    env: hostEnv(settings),
    logger,
  };
}

/** The user's defaults for Run Plan Headless (lwCoder.headless.*); unset means `.lw_coder/config.toml` or the built-in default decides. */
export interface HeadlessSettings {
  /** 'codex' | 'droid' | 'claude'; checked against AGENT_IDS by the command, which names the setting in its error. */
  readonly agent?: string;
  /** Per attempt. */
  readonly timeoutMs?: number;
}

export function headlessSettings(): HeadlessSettings {
  const config = vscode.workspace.getConfiguration('lwCoder.headless');
  const agent = config.get<string>('agent')?.trim() || undefined;
  const minutes = config.get<number>('timeoutMinutes');
  const timeoutMs = typeof minutes === 'number' && Number.isFinite(minutes) && minutes > 0 ? Math.round(minutes * 60_000) : undefined;
  return { ...(agent ? { agent } : {}), ...(timeoutMs !== undefined ? { timeoutMs } : {}) };
}
