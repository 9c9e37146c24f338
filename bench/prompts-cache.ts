import { rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createFilePromptCache } from '../src/adapters/fs/promptCache';
import { loadPromptResources } from '../src/adapters/fs/resources';
import { createNodePromptDeps } from '../src/adapters/llm/promptDeps';
import { generatePrompts, type GeneratePromptsOptions } from '../src/app/prompts/prompts';
import { generateWithModel, modelRequestFor } from '../src/app/prompts/promptsModel';
import { modelArtifacts } from '../src/core/prompts/artifacts';
import type { PromptInput } from '../src/core/prompts/input';
import { CACHE_DIR_PARTS } from '../src/core/runs/layout';
import { makePlanRepo, TEST_KEY } from '../test/integration/prompts/setup';
import { startFakeModelServer } from '../test/support/fakeModelServer';
import { median, report, runIfMain } from './support';

/**
 * A prompt-cache hit end to end in one process (issue 4: target ≤ 5 ms), against the floor of reading the cache
 * file and parsing it. Two figures: the cache-hit path itself (request, key, read, validate, render), and the whole
 * `generatePrompts` use case with a hit (config, env file, plan validation with git, run directory write, pruning).
 */
export async function run(): Promise<void> {
  const server = await startFakeModelServer();
  const { repo, sha } = makePlanRepo({ '.lw_coder/config.toml': '[code]\n', '.env': `OPENROUTER_API_KEY=${TEST_KEY}\n` });
  try {
    const deps = createNodePromptDeps();
    const options: GeneratePromptsOptions = { cwd: repo.root, plan: 'sample-plan', processEnv: { OPENROUTER_BASE_URL: server.baseUrl } };
    const first = await generatePrompts(options, deps); // fills the cache (one request)
    const { signature, templates } = await loadPromptResources();
    const cache = createFilePromptCache(join(repo.root, ...CACHE_DIR_PARTS, 'prompts'));
    const input: PromptInput = { planId: 'sample-plan', gitSha: sha, status: 'ready', planBody: '# Task Plan: Sample', planPath: '.lw_coder/tasks/sample-plan.md', repositoryName: 'repo', evaluationNotes: [] };
    const model = first.model!;
    // Warm the entry for this exact input, then time hits.
    await generateWithModel({ signature, input, model, chat: () => deps.chatModel({ baseUrl: server.baseUrl, apiKey: TEST_KEY, timeoutMs: 5000, maxRetries: 0, redact: (t) => t }), cache });
    const { key } = modelRequestFor(signature, input, model);
    const entryPath = join(repo.root, ...CACHE_DIR_PARTS, 'prompts', `${key}.json`);
    const floor = await median(200, async () => JSON.parse(await readFile(entryPath, 'utf8')));

    const noChat = () => {
      throw new Error('a cache hit must not create a chat client');
    };
    const hit = await median(200, async () => modelArtifacts((await generateWithModel({ signature, input, model, chat: noChat, cache })).output, templates, input));
    report({ name: 'prompt cache hit (key, read, validate, render)', ms: hit, floorName: 'read + JSON.parse of the entry', floorMs: floor, targetMs: 5 });

    const before = server.completionCount;
    const runs: string[] = [];
    const full = await median(30, async () => runs.push((await generatePrompts(options, deps)).runDir));
    if (server.completionCount !== before) throw new Error('the end-to-end hits made HTTP requests');
    report({ name: 'generatePrompts with a hit (incl. git, run dir)', ms: full, floorName: 'read + JSON.parse of the entry', floorMs: floor, targetMs: 5 });
    for (const r of runs) rmSync(r, { recursive: true, force: true });
  } finally {
    await server.close();
    repo.dispose();
  }
}

runIfMain(module, run);
