import { strict as assert } from 'node:assert';
import { BASE_IMAGE_TAG, agentImages, repoHashOf, repoImageTag } from '../../../src/core/container/images';

describe('per-agent images', () => {
  it("droid keeps lw_coder's tags and the configured Dockerfile directory", () => {
    const t = agentImages('droid', '/home/u/project', '/opt/ext/docker/droid');
    assert.deepEqual(t, { base: BASE_IMAGE_TAG, repo: repoImageTag('/home/u/project'), dockerfileDir: '/opt/ext/docker/droid' });
    assert.equal(t.base, 'lw_coder_droid:latest');
  });

  it('codex and claude get lw_coder_<agent>:latest and :<repo_hash>, built from the sibling docker/<agent> directory', () => {
    const hash = repoHashOf('/home/u/project');
    assert.deepEqual(agentImages('codex', '/home/u/project', '/opt/ext/docker/droid'), { base: 'lw_coder_codex:latest', repo: `lw_coder_codex:${hash}`, dockerfileDir: '/opt/ext/docker/codex' });
    assert.deepEqual(agentImages('claude', '/home/u/project/', '/opt/ext/docker/droid/'), { base: 'lw_coder_claude:latest', repo: `lw_coder_claude:${hash}`, dockerfileDir: '/opt/ext/docker/claude' });
  });

  it('finds the sibling directory in Windows paths too', () => {
    assert.equal(agentImages('codex', 'C:\\src\\p', 'C:\\Users\\u\\.vscode\\ext\\docker\\droid').dockerfileDir, 'C:\\Users\\u\\.vscode\\ext\\docker\\codex');
  });

  it('one repository has a distinct repo layer per agent, all with the same repo_hash', () => {
    const tags = (['droid', 'codex', 'claude'] as const).map((a) => agentImages(a, '/r', '/d/droid').repo);
    assert.equal(new Set(tags).size, 3);
    for (const tag of tags) assert.ok(tag.endsWith(`:${repoHashOf('/r')}`), tag);
  });
});
