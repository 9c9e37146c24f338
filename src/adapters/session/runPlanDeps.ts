import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { RunPlanDeps, SessionHost } from '../../app/run/runPlanTypes';
import type { WorktreeDeps } from '../../app/worktree/worktreeDeps';
import { defaultExtraCaFile } from '../../app/run/images';
import type { ContainerEngine } from '../../core/ports/containerEngine';
import type { Logger } from '../../core/ports/logger';
import { DockerodeEngine } from '../docker/dockerodeEngine';
import { nodeImageFiles } from '../docker/imageFiles';
import { consentDirOf, createFileCredentialConsentStore } from '../fs/credentialConsentFile';
import { findResourcesRoot } from '../fs/resources';
import { createTextFilesPort } from '../fs/textFiles';
import { createNodePromptDeps } from '../llm/promptDeps';
import { createPlanFilesPort } from '../plans/planFiles';
import { createWorktreeDeps } from '../state/worktreeDeps';

const BASE_DOCKERFILE = join('docker', 'droid', 'Dockerfile');

/** docker/droid next to dist/ when bundled, at the repository root when run from sources (like resources/). */
export function findBaseDockerfileDir(start: string = __dirname): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, BASE_DOCKERFILE))) return join(dir, 'docker', 'droid');
    const up = dirname(dir);
    if (up === dir) throw new Error(`LW Coder's base image Dockerfile (${BASE_DOCKERFILE}) was not found above ${start}; the installation is incomplete. Reinstall, or rebuild with npm run build.`);
    dir = up;
  }
}

export interface NodeRunPlanDepsOptions {
  /** The extension passes its own resources and docker folders; the CLI finds them next to its bundle. */
  readonly resourcesRoot?: string;
  readonly baseDockerfileDir?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly engine?: ContainerEngine;
  readonly logger?: Logger;
  /** The repository's worktree deps when the caller already has them (their git already located the repository). */
  readonly worktree?: WorktreeDeps;
}

/**
 * The host facts of a session, from the environment:
 * - LWC_BASE_IMAGE_FROM: the base Dockerfile's BASE_IMAGE (an air-gapped mirror of node:20-bookworm-slim, or CI's local base);
 * - LWC_EXTRA_CA_CERTS / NODE_EXTRA_CA_CERTS: a CA bundle trusted inside the image;
 * - LWC_DROID_AUTH_FILE / LWC_DROID_SETTINGS_FILE: droid's files, default ~/.factory/auth.json and ~/.factory/settings.json.
 */
export function nodeSessionHost(options: NodeRunPlanDepsOptions = {}): SessionHost {
  const env = options.env ?? process.env;
  const factory = join(env['HOME'] ?? homedir(), '.factory');
  const resources = options.resourcesRoot ?? findResourcesRoot();
  const baseFrom = env['LWC_BASE_IMAGE_FROM'];
  const extraCa = defaultExtraCaFile(env);
  return {
    uid: process.getuid?.() ?? 1000,
    gid: process.getgid?.() ?? 1000,
    baseDockerfileDir: options.baseDockerfileDir ?? findBaseDockerfileDir(),
    ...(baseFrom ? { baseImageFrom: baseFrom } : {}),
    ...(extraCa ? { extraCaFile: extraCa } : {}),
    droidAuthFile: env['LWC_DROID_AUTH_FILE'] || join(factory, 'auth.json'),
    droidSettingsFile: env['LWC_DROID_SETTINGS_FILE'] || join(factory, 'settings.json'),
    planDroidsDir: join(resources, 'droids', 'plan'),
  };
}

/** Node implementations of every port runPlan and authorPlan use, for the repository at `repoRoot`. */
export function createRunPlanDeps(repoRoot: string, options: NodeRunPlanDepsOptions = {}): RunPlanDeps {
  return {
    worktree: options.worktree ?? createWorktreeDeps(repoRoot, options.logger),
    planFiles: createPlanFilesPort(),
    textFiles: createTextFilesPort(),
    prompts: createNodePromptDeps(options.resourcesRoot ? { resourcesRoot: options.resourcesRoot } : {}),
    engine: options.engine ?? new DockerodeEngine(),
    imageFiles: nodeImageFiles,
    host: nodeSessionHost(options),
    consent: createFileCredentialConsentStore(consentDirOf(options.env ?? process.env)),
  };
}
