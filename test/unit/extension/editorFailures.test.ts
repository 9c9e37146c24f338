import { strict as assert } from 'node:assert';
import { LlmError, llmErrorFor, PromptGenerationError, type LlmErrorKind } from '../../../src/core/prompts/errors';
import { missingKeyMessage } from '../../../src/core/env/openrouter';
import { editorFailureOf } from '../../../src/extension/editorFailures';

/** The editor never tells a user to pass a flag or set an environment variable (issue 10, item 10). */
const CLI_WORDS = /--[a-z]|\bOPENROUTER_[A-Z_]+\b|\blwc\b|FACTORY_API_KEY/;

const KINDS: LlmErrorKind[] = ['rate-limited', 'server', 'timeout', 'network', 'no-credits', 'auth', 'model-not-found', 'structured-unsupported', 'bad-request', 'error-in-body', 'malformed-response'];
const ctx = { status: 401, detail: 'upstream said no', model: 'anthropic/claude-sonnet-4.5', baseUrl: 'https://openrouter.ai/api/v1', attempts: 3 };

describe('failures in the editor\'s words', () => {
  for (const kind of KINDS) {
    it(`${kind}: no CLI flag or variable name, one expected line, and a button that fixes it`, () => {
      const core = llmErrorFor(kind, ctx);
      const f = editorFailureOf(core, true);
      assert.doesNotMatch(f.message, CLI_WORDS, f.message);
      assert.equal(f.expected, true);
      assert.ok(f.actions.length > 0);
      assert.ok(f.actions.includes('use-templates'), `${kind} offers no way out with the templates`);
    });
  }

  it('a missing key offers Set API Key and Use Templates, and names neither the variable nor --templates', () => {
    const f = editorFailureOf(new PromptGenerationError('missing-key', missingKeyMessage('.env')), true);
    assert.match(missingKeyMessage('.env'), /--templates/); // the CLI's own wording keeps its flag
    assert.doesNotMatch(f.message, CLI_WORDS);
    assert.deepEqual(f.actions, ['set-api-key', 'use-templates']);
    assert.match(f.message, /Set API Key/);
  });

  it('offers Use Templates only where the action can be redone with them', () => {
    const f = editorFailureOf(llmErrorFor('network', ctx), false);
    assert.ok(!f.actions.includes('use-templates'));
    assert.doesNotMatch(f.message, /Use Templates/);
  });

  it('an auth failure offers Set API Key and names the endpoint', () => {
    const f = editorFailureOf(llmErrorFor('auth', ctx), true);
    assert.equal(f.actions[0], 'set-api-key');
    assert.match(f.message, /https:\/\/openrouter\.ai\/api\/v1 rejected your OpenRouter API key \(HTTP 401\)/);
  });

  it('a retired model names the setting lwCoder.openRouter.model and offers to open it', () => {
    const f = editorFailureOf(llmErrorFor('model-not-found', { ...ctx, status: 404 }), true);
    assert.match(f.message, /anthropic\/claude-sonnet-4\.5/);
    assert.match(f.message, /lwCoder\.openRouter\.model/);
    assert.equal(f.actions[0], 'open-model-setting');
  });

  it('a defect (a plain Error) is not expected: it is logged with its stack', () => {
    assert.equal(editorFailureOf(new TypeError('x is undefined'), true).expected, false);
    assert.equal(editorFailureOf(new LlmError('cancelled', 'Prompt generation was cancelled.'), true).expected, true);
  });
});

describe('core messages shown in the editor lose their CLI advice', () => {
  const cases: [string, RegExp][] = [
    ["The repository's run settings weaken the agent's container, and you did not confirm them:\n  x\nRemove them from config.toml, or confirm (lwc code --yes-dangerous-run-args) if you trust this repository.", /or confirm if you trust this repository/],
    ["Not sending OPENROUTER_API_KEY to https://evil.test, which the repository's .env chose. Remove OPENROUTER_BASE_URL from .env, set the endpoint in your own environment or user settings, or confirm it (lwc: --trust-endpoint).", /Not sending your OpenRouter API key .* Remove the setting lwCoder\.openRouter\.baseUrl from \.env/],
    ['A container session (pid 12) is using /w. Stop that run first; if it is no longer running, run `lwc recover --force`.', /reload the window/],
    ['plans/x.md is not a valid plan:\n  line 2: bad\nFix it (`lwc plan validate plans/x.md` lists every problem) and run again.', /Fix it and run again\./],
    ["The model 'm' returned prompts that do not match the required output, even after one repair request: p. Try again, choose another model (OPENROUTER_MODEL, or `[prompts] model` in .lw_coder/config.toml), or use --templates.", /choose another model \(the setting lwCoder\.openRouter\.model, or `\[prompts\] model` in \.lw_coder\/config\.toml\)\.$/],
    ['Nothing was changed. Allow them once: run on a terminal and answer y, or pass --accept-credentials; or stop forwarding them', /Allow them when LW Coder asks, or stop forwarding them/],
  ];
  for (const [core, expected] of cases) {
    it(core.split('\n')[0]!.slice(0, 70), () => {
      const shown = editorFailureOf(Object.assign(new Error(core), { name: 'RunPlanError' }), true).message;
      assert.match(shown, expected, shown);
      assert.doesNotMatch(shown, CLI_WORDS, shown);
    });
  }
});
