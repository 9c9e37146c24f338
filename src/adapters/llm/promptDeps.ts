import { join } from 'node:path';
import type { PromptDeps } from '../../app/prompts/prompts';
import { CACHE_DIR_PARTS } from '../../core/runs/layout';
import { createPlanGitPort, findRepositoryRoot } from '../git/planGit';
import { createPlanFilesPort } from '../plans/planFiles';
import { createFilePromptCache } from '../fs/promptCache';
import { loadPromptResources } from '../fs/resources';
import { createFileRunStore } from '../fs/runStore';
import { createTextFilesPort } from '../fs/textFiles';
import { createOpenAiChatModel } from './openaiChat';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../../core/prompts/retry';

export interface NodePromptDepsOptions {
  /** The extension passes `<extensionPath>/resources`; the CLI finds it next to its bundle. */
  readonly resourcesRoot?: string;
  /** Overrides for tests (short delays). */
  readonly retry?: Partial<RetryPolicy>;
}

/** The node implementations of every port generatePrompts needs (composition helper for the CLI and the extension). */
export function createNodePromptDeps(options: NodePromptDepsOptions = {}): PromptDeps {
  return {
    files: createTextFilesPort(),
    planFiles: createPlanFilesPort(),
    planGit: (root) => createPlanGitPort(root),
    findRepositoryRoot,
    resources: () => (options.resourcesRoot ? loadPromptResources(options.resourcesRoot) : loadPromptResources()),
    runStore: (root) => createFileRunStore(root),
    promptCache: (root) => createFilePromptCache(join(root, ...CACHE_DIR_PARTS, 'prompts')),
    chatModel: (s) =>
      createOpenAiChatModel({
        baseUrl: s.baseUrl,
        apiKey: s.apiKey,
        timeoutMs: s.timeoutMs,
        redact: s.redact,
        ...(s.modelHint ? { modelHint: s.modelHint } : {}),
        retry: { ...DEFAULT_RETRY_POLICY, maxRetries: s.maxRetries, ...options.retry },
      }),
  };
}
