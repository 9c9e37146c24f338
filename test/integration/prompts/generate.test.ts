import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createNodePromptDeps } from '../../../src/adapters/llm/promptDeps';
import { createPlanFilesPort } from '../../../src/adapters/plans/planFiles';
import { resolvePlanArgument } from '../../../src/app/plans';
import { generatePrompts, type GeneratePromptsOptions, type PromptProgress } from '../../../src/app/prompts/prompts';
import type { LlmError } from '../../../src/core/prompts/errors';
import { RunRecordSchema } from '../../../src/core/runs/record';
import { startFakeModelServer, validPromptOutput, type FakeModelServer } from '../../support/fakeModelServer';
import type { TestRepo } from '../../support/git';
import { makePlanRepo, TEST_KEY } from './setup';

const deps = createNodePromptDeps({ retry: { baseDelayMs: 1, maxDelayMs: 2 } });

function readTree(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? readTree(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`])).sort();
}

describe('generatePrompts (seed 001 scenarios, real repository, loopback model server)', () => {
  let server: FakeModelServer;
  let repo: TestRepo;
  beforeEach(async () => {
    server = await startFakeModelServer();
    repo = makePlanRepo({ '.lw_coder/config.toml': '[code]\n', '.env': `OPENROUTER_API_KEY=${TEST_KEY}\n` }).repo;
  });
  afterEach(async () => {
    await server.close();
    repo.dispose();
  });

  const options = (extra: Partial<GeneratePromptsOptions> = {}): GeneratePromptsOptions => ({ cwd: repo.root, plan: 'sample-plan', processEnv: { OPENROUTER_BASE_URL: server.baseUrl }, ...extra });
  const planRuns = () => (existsSync(join(repo.root, '.lw_coder/runs/sample-plan')) ? readdirSync(join(repo.root, '.lw_coder/runs/sample-plan')) : []);

  it('Run directory is created with cached prompts: the rerun makes no request', async () => {
    const progress: PromptProgress[] = [];
    const first = await generatePrompts(options({ onProgress: (p) => progress.push(p) }), deps);
    assert.equal(server.completionCount, 1);
    assert.equal(first.cacheHit, false);
    assert.equal(first.source, 'model');
    assert.match(first.runDir, /\.lw_coder\/runs\/sample-plan\/\d{8}T\d{6}\.\d{3}Z$/);
    assert.deepEqual(readTree(first.runDir), ['droids/code-review-auditor.md', 'droids/plan-alignment-checker.md', 'prompts/main.md', 'run.json']);
    assert.match(readFileSync(join(first.runDir, 'prompts/main.md'), 'utf8'), /code-review-auditor.*plan-alignment-checker.*summary/s);
    assert.ok(progress.some((p) => p.stage === 'request'));

    const second = await generatePrompts(options(), deps);
    assert.equal(server.completionCount, 1, 'the rerun must not call the endpoint');
    assert.equal(second.cacheHit, true);
    assert.notEqual(second.runDir, first.runDir);
    assert.deepEqual(readTree(second.runDir), readTree(first.runDir));
    assert.equal(readFileSync(join(second.runDir, 'prompts/main.md'), 'utf8'), readFileSync(join(first.runDir, 'prompts/main.md'), 'utf8'));

    const record = RunRecordSchema.parse(JSON.parse(readFileSync(join(second.runDir, 'run.json'), 'utf8')));
    assert.equal(record.planId, 'sample-plan');
    assert.equal(record.gitSha, repo.git('rev-parse', 'HEAD~1'));
    assert.equal(record.model, '~anthropic/claude-sonnet-latest', 'the default: OpenRouter\'s alias for the current Sonnet');
    assert.equal(server.requests[0]!.body!.model, '~anthropic/claude-sonnet-latest', 'sent with its ~');
    assert.equal(record.cacheHit, true);
    assert.equal(record.requests, 0);
    assert.equal(record.source, 'model');
    assert.ok(record.timings.totalMs >= record.timings.generateMs);
  });

  it('sends the plan and its metadata to the model', async () => {
    await generatePrompts(options(), deps);
    const user = (server.requests[0]!.body!.messages as { content: string }[])[1]!.content;
    assert.match(user, /\[\[ ## plan_id ## \]\]\nsample-plan/);
    assert.match(user, /\[\[ ## plan_path ## \]\]\n\.lw_coder\/tasks\/sample-plan\.md/);
    assert.match(user, /- Name the files to change/);
    assert.match(user, /Add a greeting function/);
  });

  it('--no-cache asks the endpoint again and refreshes the entry', async () => {
    await generatePrompts(options(), deps);
    const again = await generatePrompts(options({ noCache: true }), deps);
    assert.equal(server.completionCount, 2);
    assert.equal(again.cacheHit, false);
    assert.equal((await generatePrompts(options(), deps)).cacheHit, true);
  });

  it('ignores a corrupt cache entry and rewrites it', async () => {
    const first = await generatePrompts(options(), deps);
    const entry = join(repo.root, '.lw_coder/cache/prompts', `${first.record.cacheKey}.json`);
    writeFileSync(entry, '{"version": 1, "key": "trunc');
    const second = await generatePrompts(options(), deps);
    assert.equal(second.cacheHit, false);
    assert.equal(server.completionCount, 2);
    assert.equal(JSON.parse(readFileSync(entry, 'utf8')).key, first.record.cacheKey);
    assert.equal((await generatePrompts(options(), deps)).cacheHit, true);
  });

  it('malformed output gets one repair request, then a clear error and no run directory', async () => {
    server.setDefault({ kind: 'malformed-content' });
    await assert.rejects(generatePrompts(options(), deps), (e: Error) => /do not match the required output, even after one repair request.*--templates/s.test(e.message));
    assert.equal(server.completionCount, 2);
    assert.deepEqual(planRuns(), [], 'no run directory, not even a temp one');
    assert.ok(!existsSync(join(repo.root, '.lw_coder/cache/prompts')) || readdirSync(join(repo.root, '.lw_coder/cache/prompts')).length === 0, 'nothing cached');
  });

  it('a successful repair produces the run', async () => {
    server.enqueue({ kind: 'malformed-content' });
    const result = await generatePrompts(options(), deps);
    assert.equal(server.completionCount, 2);
    assert.equal(result.requests, 2);
    const repair = server.requests[1]!.body!.messages as { role: string; content: string }[];
    assert.equal(repair.at(-2)!.role, 'assistant');
    assert.match(repair.at(-1)!.content, /does not match the required output/);
  });

  it('falls back to JSON in text when no provider supports structured output', async () => {
    await server.close();
    server = await startFakeModelServer({ structuredOutputs: false });
    const result = await generatePrompts(options(), deps);
    assert.equal(server.completionCount, 2);
    assert.equal(server.requests[1]!.body!.response_format, undefined);
    assert.match((server.requests[1]!.body!.messages as { content: string }[])[0]!.content, /reply with only one JSON object/);
    assert.equal(result.source, 'model');
  });

  it('Missing OpenRouter configuration fails fast: no request, no plan read, no run directory', async () => {
    writeFileSync(join(repo.root, '.env'), 'OPENROUTER_MODEL=test/model-a\n');
    await assert.rejects(
      generatePrompts(options({ plan: 'no-such-plan' }), deps),
      (e: Error) => e.message.startsWith("OPENROUTER_API_KEY is not set. Add it to .env (config.toml `[code] env_file`) or run 'LW Coder: Set OpenRouter API Key', or use --templates"),
    );
    assert.equal(server.completionCount, 0);
    assert.ok(!existsSync(join(repo.root, '.lw_coder/runs')));
  });

  it('renders the built-in templates without a key, and run.json says so', async () => {
    writeFileSync(join(repo.root, '.env'), '');
    const a = await generatePrompts(options({ templates: true }), deps);
    const b = await generatePrompts(options({ templates: true }), deps);
    assert.equal(server.completionCount, 0);
    assert.equal(a.source, 'templates');
    assert.equal(a.model, null);
    assert.equal(JSON.parse(readFileSync(join(a.runDir, 'run.json'), 'utf8')).source, 'templates');
    for (const f of ['prompts/main.md', 'droids/code-review-auditor.md', 'droids/plan-alignment-checker.md']) {
      assert.equal(readFileSync(join(a.runDir, f), 'utf8'), readFileSync(join(b.runDir, f), 'utf8'), `${f} is deterministic`);
    }
    const main = readFileSync(join(a.runDir, 'prompts/main.md'), 'utf8');
    assert.match(main, /Follow the plan/);
    assert.match(main, /`code-review-auditor`/);
    assert.match(main, /`plan-alignment-checker`/);
    assert.match(main, /present a detailed summary/);
    assert.match(main, /Add a greeting function/);
  });

  it('a run passes the plan it already validated and its root: the prompts describe that plan, and git is not asked again', async () => {
    writeFileSync(join(repo.root, '.env'), '');
    const planPath = join(repo.root, '.lw_coder/tasks/sample-plan.md');
    const plan = await resolvePlanArgument('sample-plan', repo.root, repo.root, { files: createPlanFilesPort(), repoRoot: repo.root });
    // Changed on disk after the run validated it: the run's prompts follow what it checked.
    writeFileSync(planPath, readFileSync(planPath, 'utf8').replace('Add a greeting function', 'Changed after validation'));
    // A repository root git could never confirm: only the given one can produce this run directory.
    const known = { repoRoot: repo.root, plan };
    const result = await generatePrompts(options({ templates: true, plan: planPath, cwd: '/nonexistent-cwd', known }), deps);
    const main = readFileSync(join(result.runDir, 'prompts/main.md'), 'utf8');
    assert.match(main, /Add a greeting function/);
    assert.doesNotMatch(main, /Changed after validation/);
  });

  it('[prompts] source = "templates" in config.toml selects the templates', async () => {
    writeFileSync(join(repo.root, '.lw_coder/config.toml'), '[code]\n[prompts]\nsource = "templates"\n');
    assert.equal((await generatePrompts(options(), deps)).source, 'templates');
  });

  it('never copies plan-only droids into a coding run', async () => {
    const result = await generatePrompts(options(), deps);
    const droids = readdirSync(join(result.runDir, 'droids')).sort();
    assert.deepEqual(droids, ['code-review-auditor.md', 'plan-alignment-checker.md']);
    assert.ok(!droids.includes('plan-reviewer.md'));
  });

  it('prefers the key from secret storage, and refuses to send it to an endpoint the repository chose', async () => {
    writeFileSync(join(repo.root, '.env'), `OPENROUTER_BASE_URL=${server.baseUrl}\n`);
    const stored = 'sk-or-v1-stored-in-secret-storage';
    const secretLookup = async () => stored;
    await assert.rejects(generatePrompts(options({ processEnv: {}, secretLookup }), deps), /Not sending OPENROUTER_API_KEY to http:\/\/127\.0\.0\.1.*--trust-endpoint/);
    assert.equal(server.completionCount, 0);

    const asked: string[] = [];
    await assert.rejects(generatePrompts(options({ processEnv: {}, secretLookup, confirmEndpoint: async (c) => (asked.push(c.question), false) }), deps), /Not sending/);
    assert.equal(asked.length, 1);

    await generatePrompts(options({ processEnv: {}, secretLookup, confirmEndpoint: async () => true }), deps);
    assert.equal(server.requests[0]!.headers.authorization, `Bearer ${stored}`);
  });

  it('keeps secrets out of run directories, the cache and error messages', async () => {
    const result = await generatePrompts(options(), deps);
    for (const f of readTree(join(repo.root, '.lw_coder'))) {
      if (f.startsWith('tasks/') || f === 'config.toml') continue;
      assert.ok(!readFileSync(join(repo.root, '.lw_coder', f), 'utf8').includes(TEST_KEY), `${f} holds the key`);
    }
    assert.ok(result.files.length === 4);
    server.enqueue({ kind: 'status', status: 401, body: { error: { message: `bad key ${TEST_KEY}`, code: 401 } } });
    await assert.rejects(generatePrompts(options({ noCache: true }), deps), (e: Error) => !e.message.includes(TEST_KEY) && /rejected OPENROUTER_API_KEY/.test(e.message));
  });

  it('an unknown model fails with guidance on choosing another', async () => {
    await assert.rejects(generatePrompts(options({ processEnv: { OPENROUTER_BASE_URL: server.baseUrl, OPENROUTER_MODEL: 'anthropic/claude-retired' } }), deps), /Model 'anthropic\/claude-retired' is not available.*OPENROUTER_MODEL/);
    assert.deepEqual(planRuns(), []);
  });

  it('a retired model (OpenRouter\'s 404) names the setting that chose it: the editor\'s, config.toml\'s, or with none the CLI\'s config key', async () => {
    const retired = /Model 'anthropic\/claude-sonnet-4\.5' is not available at \S+ \(No endpoints found for anthropic\/claude-sonnet-4\.5\): the endpoint does not know it, or it was deprecated or retired\./;
    const editor = { name: 'lwCoder.openRouter.model', value: 'anthropic/claude-sonnet-4.5' };
    await assert.rejects(generatePrompts(options({ userModel: editor }), deps), (e: LlmError) => {
      assert.equal(e.kind, 'model-not-found');
      assert.match(e.message, retired);
      assert.match(e.message, /Choose another model in the setting `lwCoder\.openRouter\.model`/);
      return true;
    });
    assert.equal(server.requests.at(-1)!.body!.model, 'anthropic/claude-sonnet-4.5');

    repo.write('.lw_coder/config.toml', '[code]\n\n[prompts]\nmodel = "anthropic/claude-sonnet-4.5"\n');
    await assert.rejects(generatePrompts(options(), deps), (e: LlmError) => e.kind === 'model-not-found' && retired.test(e.message) && /comes from `\[prompts\] model` in \.lw_coder\/config\.toml: change it there \(/.test(e.message));
    await assert.rejects(generatePrompts(options({ userModel: { name: 'lwCoder.openRouter.model' } }), deps), /config\.toml: change it there, or choose one in the setting `lwCoder\.openRouter\.model`/);

    // A deprecated model (400) from the CLI with nothing set: the default's place is the config key or the variable.
    repo.write('.lw_coder/config.toml', '[code]\n');
    server.enqueue({ kind: 'status', status: 400, body: { error: { message: 'The model ~anthropic/claude-sonnet-latest has been deprecated', code: 400 } } });
    await assert.rejects(generatePrompts(options(), deps), (e: LlmError) => {
      assert.equal(e.kind, 'model-not-found');
      assert.match(e.message, /Model '~anthropic\/claude-sonnet-latest' is not available .*has been deprecated.*Choose another model with `\[prompts\] model` in \.lw_coder\/config\.toml or OPENROUTER_MODEL in your environment/);
      assert.doesNotMatch(e.message, /lwCoder\./);
      return true;
    });
    assert.deepEqual(planRuns(), [], 'no run directory');
  });

  it('stops on an invalid plan with its lines', async () => {
    repo.write('.lw_coder/tasks/broken.md', '---\nplan_id: broken-plan\ngit_sha: nope\nstatus: ready\n---\n\nBody\n');
    await assert.rejects(generatePrompts(options({ plan: '.lw_coder/tasks/broken.md' }), deps), /broken\.md is not a valid plan:\n {2}line 3: /);
    assert.equal(server.completionCount, 0);
  });

  it('uses the answer of a valid model output verbatim in the main prompt', async () => {
    server.enqueue({ kind: 'ok', content: validPromptOutput('custom-id') });
    const result = await generatePrompts(options(), deps);
    assert.match(readFileSync(join(result.runDir, 'prompts/main.md'), 'utf8'), /^# Plan custom-id/);
  });
});
