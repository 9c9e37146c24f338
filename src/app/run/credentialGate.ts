import { join } from 'node:path';
import {
  combineExposure, consentKeyOf, consentQuestion, exposureLines, forwardedVariables, isEmptyExposure,
  type CredentialExposure, type ExposedFile, type ExposedVariable,
} from '../../core/container/credentials';
import { CODE_DOCKERFILE_PATH, CODE_DOCKERIGNORE_PATH } from '../../core/container/images';
import { CONTAINER_AUTH_FILE, CONTAINER_SETTINGS_FILE, type OptionalHostFile } from '../../core/container/session';
import type { WorktreeFilesPort } from '../../core/ports/worktreeState';
import { CONFIG_PATH_PARTS, type RunEnvironment } from '../config';
import { RunPlanError, type RunPlanDeps, type SessionHost } from './runPlanTypes';

/**
 * The credentials gate (issue 10 item 4): before anything changes, the run lists which of the user's secrets and
 * credential files would enter the agent container — where the repository's code, built from its own Dockerfile, can
 * read them — and goes on only when the user allowed that list for this repository (remembered outside the repository,
 * core/ports/credentialConsent.ts). Interactive runs, headless runs and plan authoring all pass through it.
 */

/** What the user sees and answers. */
export interface CredentialConsentRequest {
  readonly repoRoot: string;
  readonly exposure: CredentialExposure;
  /** One line per item, ready to show. */
  readonly lines: readonly string[];
  readonly title: string;
  readonly detail: string;
}

export interface CredentialChoices {
  /**
   * Allow the list without asking, and remember it (`lwc --accept-credentials`, the editor commands' `acceptCredentials`
   * option for scripts and tests). An option of the caller's, never an environment variable a repository could set.
   */
  readonly acceptCredentials?: boolean;
  /** Asked when the list has no remembered answer (a terminal y/N, an editor modal); without it the run is refused. */
  readonly confirmCredentials?: (request: CredentialConsentRequest) => Promise<boolean>;
}

/** What a headless agent adds to the forwarded variables: its keys, its secret files, and whether droid's login goes in. */
export interface AgentCredentials {
  readonly variables: readonly ExposedVariable[];
  readonly files: readonly ExposedFile[];
  /** Mount ~/.factory/auth.json and settings.json (droid on its own login); other agents never need them. */
  readonly droidCredentials: boolean;
}

/** droid's login and settings on the host: mounted read-only when, and only when, they are files. */
export async function droidCredentialFiles(files: Pick<WorktreeFilesPort, 'kind'>, host: SessionHost): Promise<{ auth: OptionalHostFile; settings: OptionalHostFile }> {
  const isFile = async (path: string): Promise<boolean> => (await files.kind(path)) === 'file';
  return {
    auth: { path: host.droidAuthFile, exists: await isFile(host.droidAuthFile) },
    settings: { path: host.droidSettingsFile, exists: await isFile(host.droidSettingsFile) },
  };
}

/** Everything of the user's that a session of this run would carry: forwarded variables, agent keys, credential files. */
export async function runExposure(deps: Pick<RunPlanDeps, 'worktree' | 'host'>, environment: RunEnvironment, agent?: AgentCredentials): Promise<CredentialExposure> {
  const files: ExposedFile[] = [...(agent?.files ?? [])];
  if (agent?.droidCredentials ?? true) {
    const droid = await droidCredentialFiles(deps.worktree.files, deps.host);
    if (droid.auth.exists) files.push({ hostPath: droid.auth.path, containerPath: CONTAINER_AUTH_FILE, why: "droid's login (read-only)" });
    if (droid.settings.exists) files.push({ hostPath: droid.settings.path, containerPath: CONTAINER_SETTINGS_FILE, why: "droid's settings, which may hold model keys (read-only)" });
  }
  return combineExposure([...forwardedVariables(environment.forwarded, environment.envFile.label), ...(agent?.variables ?? [])], files);
}

/**
 * Goes on when nothing of the user's enters the container, when the user allowed this list before (same repository
 * files), or when they allow it now; otherwise throws RunPlanError `credentials-not-allowed` with the list.
 */
export async function gateCredentials(deps: Pick<RunPlanDeps, 'consent' | 'imageFiles'>, root: string, exposure: CredentialExposure, choices: CredentialChoices): Promise<void> {
  // Nothing to protect: asking would only teach users to click yes.
  if (isEmptyExposure(exposure)) return;
  const read = (relative: string): Promise<Uint8Array | undefined> => deps.imageFiles.readFile(join(root, ...relative.split('/')));
  const key = consentKeyOf({
    configToml: await read(CONFIG_PATH_PARTS.join('/')),
    codeDockerfile: await read(CODE_DOCKERFILE_PATH),
    dockerignore: await read(CODE_DOCKERIGNORE_PATH),
  }, exposure);
  if (await deps.consent.isAllowed(root, key)) return;
  const question = consentQuestion(root, exposure);
  const request: CredentialConsentRequest = { repoRoot: root, exposure, lines: exposureLines(exposure), ...question };
  const allowed = choices.acceptCredentials === true || (choices.confirmCredentials ? await choices.confirmCredentials(request) : false);
  if (!allowed) {
    const how = choices.confirmCredentials
      ? 'Nothing was changed. Run again and allow them, or stop forwarding them'
      : 'Nothing was changed. Allow them once: run on a terminal and answer y, or pass --accept-credentials; or stop forwarding them';
    throw new RunPlanError(
      'credentials-not-allowed',
      `These credentials would enter the agent container, where ${root}'s code can read them, and you have not allowed them for this repository:\n${request.lines.map((l) => `  ${l}`).join('\n')}\n${how} ([code] forward_env in .lw_coder/config.toml, your environment, the env file).`,
    );
  }
  await deps.consent.allow(root, key);
}
