import assert from 'node:assert/strict';
import { modelArtifacts, renderTemplateArtifacts } from '../../../src/core/prompts/artifacts';
import type { PromptInput } from '../../../src/core/prompts/input';
import { checkPromptOutput } from '../../../src/core/prompts/output';
import { renderTemplate, TemplateError, type TemplateSet } from '../../../src/core/prompts/templates';
import { validPromptOutput } from '../../support/fakeModelServer';

const input: PromptInput = { planId: 'sample-plan', gitSha: 'b'.repeat(40), status: 'ready', planBody: 'Use {{plan_id}} literally.', planPath: '.lw_coder/tasks/sample-plan.md', repositoryName: 'repo', evaluationNotes: ['too vague'] };
const set: TemplateSet = {
  main: 'Plan {{ plan_id }} at {{git_sha}}:\n{{plan_body}}\nNotes:\n{{evaluation_notes}}\nOutline:\n{{feedback_outline}}\n',
  droids: [
    { fileName: 'plan-alignment-checker.md', template: '---\nname: plan-alignment-checker\n---\nCheck {{plan_id}}.\n' },
    { fileName: 'code-review-auditor.md', template: '---\nname: code-review-auditor\n---\nReview {{plan_id}}.\n' },
    { fileName: 'test-runner.md', template: 'Run tests for {{plan_id}}.\n' },
  ],
  feedbackOutline: ['Findings', 'Actions'],
};

describe('built-in templates', () => {
  it('fill placeholders in one pass, leaving placeholder-like text from the plan alone', () => {
    const a = renderTemplateArtifacts(set, input);
    assert.equal(a.mainPrompt, `Plan sample-plan at ${'b'.repeat(40)}:\nUse {{plan_id}} literally.\nNotes:\n- too vague\nOutline:\n1. Findings\n2. Actions\n`);
    assert.deepEqual(a.droids.map((d) => d.fileName), ['code-review-auditor.md', 'plan-alignment-checker.md', 'test-runner.md']);
    assert.equal(a.droids[2]!.content, 'Run tests for sample-plan.\n');
    assert.deepEqual(a.feedbackSummaryOutline, ['Findings', 'Actions']);
  });

  it('render the same files for the same plan', () => {
    assert.deepEqual(renderTemplateArtifacts(set, input), renderTemplateArtifacts(set, input));
  });

  it('throw for an unknown placeholder (a bug in a shipped template)', () => {
    assert.throws(() => renderTemplate('{{nope}}', { a: '1' }, 'main.md'), (e: unknown) => e instanceof TemplateError && /main\.md uses unknown placeholder \{\{nope\}\}/.test(e.message));
  });
});

describe('model artifacts', () => {
  it('use the generated main prompt and droids, and keep other baseline coding droids', () => {
    const checked = checkPromptOutput(validPromptOutput('sample-plan'));
    assert.ok(checked.ok);
    const a = modelArtifacts(checked.output, set, input);
    assert.deepEqual(a.droids.map((d) => d.fileName), ['code-review-auditor.md', 'plan-alignment-checker.md', 'test-runner.md']);
    assert.match(a.droids[0]!.content, /^---\nname: code-review-auditor\ndescription: ".*"\nmodel: "inherit"\ntools: \["Read", "LS", "Grep", "Glob"\]\n---\n\nYou review/);
    assert.match(a.mainPrompt, /run the code-review-auditor subagent/);
    assert.deepEqual(a.feedbackSummaryOutline, checked.output.feedback_summary_outline);
  });
});
