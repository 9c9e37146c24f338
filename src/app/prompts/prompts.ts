import { basename, relative, sep } from 'node:path';
import { missingKeyMessage, resolveOpenRouterSettings, API_KEY_VARIABLE, type OpenRouterSettings, type UserModelSetting } from '../../core/env/openrouter';
import { createRedactor, redactError, type Redactor } from '../../core/env/redact';
import type { PlanGitPort } from '../../core/ports/git';
import type { ChatModelPort } from '../../core/ports/llm';
import type { Logger } from '../../core/ports/logger';
import type { PlanFilesPort } from '../../core/ports/planFiles';
import type { PromptCachePort } from '../../core/ports/promptCache';
import type { RunStorePort } from '../../core/ports/runStore';
import type { ConfirmEndpoint, SecretLookup } from '../../core/ports/secrets';
import type { TextFilesPort } from '../../core/ports/textFiles';
import { modelArtifacts, renderTemplateArtifacts, type PromptArtifacts } from '../../core/prompts/artifacts';
import { PromptGenerationError } from '../../core/prompts/errors';
import type { PromptInput } from '../../core/prompts/input';
import type { PromptSignature } from '../../core/prompts/signature';
import type { TemplateSet } from '../../core/prompts/templates';
import { DEFAULT_RUN_RETENTION_MS, DROIDS_DIR, MAIN_PROMPT_FILE } from '../../core/runs/layout';
import type { RunRecord } from '../../core/runs/record';
import { ConfigError, EnvFileError, loadEnvFile, loadRepoConfig } from '../config';
import { resolvePlanArgument, type PlanFileReport } from '../plans';
import { generateWithModel, type ModelEvent } from './promptsModel';

/** Ports the use case needs; src/adapters/llm/promptDeps.ts builds the node implementations. */
export interface PromptDeps {
  readonly files: TextFilesPort;
  readonly planFiles: PlanFilesPort;
  readonly planGit?: (repoRoot: string) => PlanGitPort;
  readonly findRepositoryRoot: (dir: string, signal?: AbortSignal) => Promise<string | undefined>;
  readonly resources: () => Promise<{ readonly signature: PromptSignature; readonly templates: TemplateSet }>;
  readonly runStore: (repoRoot: string) => RunStorePort;
  readonly promptCache: (repoRoot: string) => PromptCachePort;
  readonly chatModel: (settings: { baseUrl: string; apiKey: string; timeoutMs: number; maxRetries: number; redact: Redactor; modelHint?: string }) => ChatModelPort;
}

/** Progress for a notification or a log line; `message` is ready to show. */
export type PromptProgress =
  | { readonly stage: 'config'; readonly message: string }
  | { readonly stage: 'plan'; readonly message: string }
  | { readonly stage: 'cache-hit'; readonly message: string }
  | { readonly stage: 'request'; readonly message: string }
  | { readonly stage: 'retry'; readonly message: string; readonly delayMs: number }
  | { readonly stage: 'repair'; readonly message: string }
  | { readonly stage: 'writing'; readonly message: string }
  | { readonly stage: 'done'; readonly message: string };

export interface GeneratePromptsOptions {
  readonly cwd: string;
  /** A plan_id or a path to a plan file. */
  readonly plan: string;
  /**
   * What a run already established, so it is not established again with git (issue 11 item 2): the repository root
   * (real path) and the plan as the run resolved and validated it — the prompts then describe exactly the plan the run
   * checked. `plan` must be that plan's path.
   */
  readonly known?: { readonly repoRoot: string; readonly plan: PlanFileReport };
  /** Render the built-in templates instead of calling the model (also `[prompts] source = "templates"`). */
  readonly templates?: boolean;
  readonly noCache?: boolean;
  readonly processEnv: Readonly<Record<string, string | undefined>>;
  /** The extension's SecretStorage lookup; consulted first. */
  readonly secretLookup?: SecretLookup;
  /** OPENROUTER base URL from the user's machine-scoped settings (trusted). */
  readonly userBaseUrl?: string;
  /** The editor's model setting (lwCoder.openRouter.model): its value, and its name for model errors. The CLI has none. */
  readonly userModel?: UserModelSetting;
  /** Asked when the repository chooses the endpoint; without it (and without trustEndpoint) such runs are refused. */
  readonly confirmEndpoint?: ConfirmEndpoint;
  /** The user said up front that the repository's endpoint may receive the key (`--trust-endpoint`). */
  readonly trustEndpoint?: boolean;
  readonly onProgress?: (progress: PromptProgress) => void;
  readonly logger?: Logger;
  readonly signal?: AbortSignal;
  readonly now?: () => Date;
  /** Run directories older than this are pruned when the new run is written. Default 30 days. */
  readonly retentionMs?: number;
  /**
   * The plan_status the prompts see instead of the file's: a run passes `coding`, the status the plan has while the
   * agent works, since it writes that status only once the container starts (after the prompts). The prompts, and so
   * the cache key, then do not depend on the status the plan had before the run.
   */
  readonly statusDuringRun?: string;
}

export interface GeneratePromptsResult {
  readonly runDir: string;
  /** Absolute paths, run.json last. */
  readonly files: readonly string[];
  readonly cacheHit: boolean;
  readonly source: 'model' | 'templates';
  readonly model: string | null;
  readonly planId: string;
  readonly requests: number;
  readonly prunedRuns: readonly string[];
  readonly warnings: readonly string[];
  readonly record: RunRecord;
}

const toPosix = (p: string): string => p.split(sep).join('/');

/**
 * Generates a coding run's prompts and writes them into a new run directory (seed 001, issue 4): config and env
 * file, key resolution (failing fast when missing), endpoint confirmation, plan validation, model or templates,
 * atomic run directory, pruning. Secret values never appear in what it throws, logs or writes.
 */
export async function generatePrompts(options: GeneratePromptsOptions, deps: PromptDeps): Promise<GeneratePromptsResult> {
  const started = Date.now();
  const now = options.now ?? (() => new Date());
  const progress = (p: PromptProgress): void => options.onProgress?.(p);
  let redact: Redactor = createRedactor([]);
  try {
    const repoRoot = options.known?.repoRoot ?? await deps.findRepositoryRoot(options.cwd, options.signal);
    if (!repoRoot) throw new PromptGenerationError('config-invalid', `${options.cwd} is not inside a git repository. Run lwc from a repository with .lw_coder/.`);
    progress({ stage: 'config', message: 'Reading .lw_coder/config.toml' });
    const loaded = await loadRepoConfig(repoRoot, deps.files, options.signal);
    if (!loaded.config) throw new ConfigError(loaded.path, loaded.diagnostics);
    const config = loaded.config;
    const envFile = await loadEnvFile(repoRoot, config, deps.files, options.signal);
    if (envFile.diagnostics.some((d) => d.severity === 'error')) throw new EnvFileError(envFile.path, envFile.diagnostics);
    const warnings = [...loaded.diagnostics, ...envFile.diagnostics].filter((d) => d.severity === 'warning').map((d) => d.message);
    const source = options.templates || config.prompts.source === 'templates' ? 'templates' : 'model';

    // Fail fast: no key means nothing else is worth doing (seed 001 "Missing OpenRouter configuration fails fast").
    let settings: OpenRouterSettings | undefined;
    if (source === 'model') {
      const storedKey = await options.secretLookup?.(API_KEY_VARIABLE);
      redact = createRedactor([storedKey, envFile.values[API_KEY_VARIABLE], options.processEnv[API_KEY_VARIABLE]]);
      settings = resolveOpenRouterSettings({
        ...(storedKey ? { storedKey } : {}),
        envFile: envFile.values,
        envFileLabel: envFile.label,
        processEnv: options.processEnv,
        ...(options.userBaseUrl ? { userBaseUrl: options.userBaseUrl } : {}),
        ...(config.prompts.model ? { configModel: config.prompts.model } : {}),
        ...(options.userModel ? { userModel: options.userModel } : {}),
      });
      if (!settings.apiKey) throw new PromptGenerationError('missing-key', missingKeyMessage(envFile.label));
      if (settings.confirmation && !options.trustEndpoint) {
        const yes = options.confirmEndpoint ? await options.confirmEndpoint(settings.confirmation) : false;
        if (!yes) {
          throw new PromptGenerationError(
            'endpoint-not-confirmed',
            `Not sending ${API_KEY_VARIABLE} to ${settings.confirmation.baseUrl}, which the repository's ${envFile.label} chose. Remove OPENROUTER_BASE_URL from ${envFile.label}, set the endpoint in your own environment or user settings, or confirm it (lwc: --trust-endpoint).`,
          );
        }
      }
    }

    progress({ stage: 'plan', message: `Reading plan ${options.plan}` });
    const report = options.known?.plan ?? await resolvePlanArgument(options.plan, options.cwd, repoRoot, { files: deps.planFiles, ...(deps.planGit ? { git: deps.planGit(repoRoot) } : {}), repoRoot }, options.signal);
    const fields = report.validated.fields;
    if (!report.validated.valid || !fields.planId || !fields.gitSha || !fields.status) {
      const errors = report.validated.diagnostics.filter((d) => d.severity === 'error').slice(0, 5);
      throw new PromptGenerationError('plan-invalid', `${report.relativePath} is not a valid plan:\n${errors.map((d) => `  line ${d.range.start.line + 1}: ${d.message}`).join('\n')}\nFix it (lwc plan validate) and try again.`);
    }
    const input: PromptInput = {
      planId: fields.planId,
      gitSha: fields.gitSha,
      status: options.statusDuringRun ?? fields.status,
      planBody: report.validated.parsed.body.trim(),
      planPath: toPosix(relative(repoRoot, report.path)),
      repositoryName: basename(repoRoot),
      evaluationNotes: fields.evaluationNotes,
    };
    const { signature, templates } = await deps.resources();

    const generateStarted = Date.now();
    let artifacts: PromptArtifacts;
    let cacheHit = false;
    let cacheKey: string | null = null;
    let requests = 0;
    if (settings) {
      const s = settings;
      const result = await generateWithModel({
        signature,
        input,
        model: s.model,
        chat: () => deps.chatModel({ baseUrl: s.baseUrl, apiKey: s.apiKey!, timeoutMs: config.prompts.timeoutSeconds * 1000, maxRetries: config.prompts.maxRetries, redact, modelHint: s.modelHint }),
        cache: deps.promptCache(repoRoot),
        ...(options.noCache ? { noCache: true } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        onEvent: (e) => progress(progressOf(e, s.baseUrl)),
        now,
      });
      artifacts = modelArtifacts(result.output, templates, input);
      ({ cacheHit, cacheKey, requests } = result);
    } else {
      artifacts = renderTemplateArtifacts(templates, input);
    }
    const generateMs = Date.now() - generateStarted;

    progress({ stage: 'writing', message: 'Writing the run directory' });
    const files = [{ path: MAIN_PROMPT_FILE, content: redact(artifacts.mainPrompt) }, ...artifacts.droids.map((d) => ({ path: `${DROIDS_DIR}/${d.fileName}`, content: redact(d.content) }))];
    const createdAt = now();
    const record: RunRecord = {
      version: 1,
      planId: input.planId,
      gitSha: input.gitSha,
      planPath: input.planPath,
      createdAt: createdAt.toISOString(),
      source,
      model: settings?.model ?? null,
      cacheHit,
      cacheKey,
      requests,
      timings: { generateMs, totalMs: Date.now() - started },
      files: files.map((f) => f.path),
      feedbackSummaryOutline: [...artifacts.feedbackSummaryOutline],
    };
    const store = deps.runStore(repoRoot);
    const created = await store.createRun(input.planId, files, record, createdAt);
    const pruned = await store.pruneRuns(options.retentionMs ?? DEFAULT_RUN_RETENTION_MS, createdAt, [created.runDir]);
    for (const s of pruned.skipped) warnings.push(`Not pruned: ${s.path} (${s.reason}).`);
    for (const w of warnings) options.logger?.warn(redact(w));
    progress({ stage: 'done', message: `Prompts written to ${created.runDir}` });
    return {
      runDir: created.runDir,
      files: created.files,
      cacheHit,
      source,
      model: record.model,
      planId: input.planId,
      requests,
      prunedRuns: pruned.removed,
      warnings: warnings.map(redact),
      record,
    };
  } catch (error) {
    throw redactError(error, redact);
  }
}

function progressOf(e: ModelEvent, baseUrl: string): PromptProgress {
  switch (e.type) {
    case 'cache-hit':
      return { stage: 'cache-hit', message: 'Using cached prompts (no request)' };
    case 'request':
      return { stage: 'request', message: `Generating prompts with ${e.model} at ${baseUrl}${e.structured ? '' : ' (text mode)'}` };
    case 'retry':
      return { stage: 'retry', message: `${e.notice.reason}; retrying in ${Math.ceil(e.notice.delayMs / 1000)} s (attempt ${e.notice.attempt + 1})`, delayMs: e.notice.delayMs };
    case 'fallback-text':
      return { stage: 'request', message: 'No provider supports structured output for this model; asking for JSON in text' };
    case 'repair':
      return { stage: 'repair', message: `The answer did not match the schema (${e.problems[0] ?? ''}); asking once for a correction` };
  }
}

