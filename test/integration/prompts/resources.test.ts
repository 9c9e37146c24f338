import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { findResourcesRoot, loadPromptResources } from '../../../src/adapters/fs/resources';
import { renderTemplateArtifacts } from '../../../src/core/prompts/artifacts';
import { PromptOutputSchema } from '../../../src/core/prompts/output';
import { signatureInputValues } from '../../../src/core/prompts/signature';

const input = { planId: 'sample-plan', gitSha: 'c'.repeat(40), status: 'ready', planBody: 'Body', planPath: '.lw_coder/tasks/sample-plan.md', repositoryName: 'repo', evaluationNotes: [] };

/** Dotted paths of the output schema's fields (objects expanded one level). */
function outputPaths(): string[] {
  const paths: string[] = [];
  for (const [k, v] of Object.entries(PromptOutputSchema.shape)) {
    paths.push(k);
    const shape = (v as { shape?: Record<string, unknown> }).shape;
    if (shape) for (const sub of Object.keys(shape)) paths.push(`${k}.${sub}`);
  }
  return paths.sort();
}

describe('shipped prompt resources', () => {
  it('the signature describes exactly the input fields we send and the output fields we validate', async () => {
    const { signature } = await loadPromptResources();
    assert.deepEqual(Object.keys(signature.inputs).sort(), Object.keys(signatureInputValues(input)).sort());
    assert.deepEqual(Object.keys(signature.outputs).sort(), outputPaths());
    assert.match(signature.instructions, /follow the coding plan.*code-review-auditor and plan-alignment-checker.*detailed summary of each subagent's feedback and of the actions taken/s);
  });

  it('the templates render with every placeholder known, and the droids have valid front matter', async () => {
    const { templates } = await loadPromptResources();
    const artifacts = renderTemplateArtifacts(templates, input);
    assert.ok(!artifacts.mainPrompt.includes('{{'));
    for (const d of artifacts.droids) {
      const m = /^---\n([\s\S]*?)\n---\n/.exec(d.content);
      assert.ok(m, d.fileName);
      const front = parseYaml(m[1]!) as Record<string, unknown>;
      assert.equal(front.name, d.fileName.replace(/\.md$/, ''));
      assert.equal(typeof front.description, 'string');
      assert.ok((front.description as string).length <= 500);
      assert.equal(front.model, 'inherit');
      assert.ok(Array.isArray(front.tools));
    }
  });

  it('coding runs get the coding droids only: plan-only droids live apart and are never loaded', async () => {
    const root = findResourcesRoot();
    const { templates } = await loadPromptResources();
    const planOnly = readdirSync(join(root, 'droids', 'plan'));
    assert.ok(planOnly.length > 0);
    assert.deepEqual(templates.droids.map((d) => d.fileName), readdirSync(join(root, 'droids', 'coding')).sort());
    for (const p of planOnly) assert.ok(!templates.droids.some((d) => d.fileName === p || d.template === readFileSync(join(root, 'droids', 'plan', p), 'utf8')));
  });
});
