import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPlanGitPort, findRepositoryRoot } from '../../../src/adapters/git/planGit';
import { git, makeRepo, type TestRepo } from '../../support/git';

describe('plan git port on a real repository', () => {
  let repo: TestRepo;
  let first: string;
  let second: string;
  before(() => {
    repo = makeRepo();
    first = repo.git('rev-parse', 'HEAD');
    second = repo.commit({ 'a.txt': 'a\n' }, 'Add the a file');
    repo.git('tag', '-a', 'v1', '-m', 'annotated tag');
  });
  after(() => repo.dispose());

  it('resolves existing commits and rejects unknown, malformed and non-commit objects in one call', async () => {
    const port = createPlanGitPort(repo.root);
    const tree = repo.git('rev-parse', 'HEAD^{tree}');
    const blob = repo.git('rev-parse', 'HEAD:a.txt');
    const unknown = 'f'.repeat(40);
    const result = await port.commitsExist([first, second, tree, blob, unknown, 'not-a-sha', first]);
    assert.equal(result.get(first), true);
    assert.equal(result.get(second), true);
    assert.equal(result.get(tree), false, 'a tree is not a commit');
    assert.equal(result.get(blob), false, 'a blob is not a commit');
    assert.equal(result.get(unknown), false);
    assert.equal(result.get('not-a-sha'), false);
  });

  it('gives the subject, author and date of a commit, and nothing for a missing one', async () => {
    const port = createPlanGitPort(repo.root);
    const info = await port.commitInfo(second);
    assert.equal(info?.sha, second);
    assert.equal(info?.subject, 'Add the a file');
    assert.equal(info?.author, 'LW Test');
    assert.ok(!Number.isNaN(Date.parse(info!.date)), `date parses: ${info?.date}`);
    assert.equal(await port.commitInfo('e'.repeat(40)), undefined);
  });

  it('reports HEAD, and no HEAD in a repository without commits', async () => {
    assert.equal(await createPlanGitPort(repo.root).headSha(), second);
    const empty = mkdtempSync(join(tmpdir(), 'lwc-empty-'));
    try {
      git(empty, 'init', '-q');
      assert.equal(await createPlanGitPort(empty).headSha(), undefined);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('finds the repository root from a subdirectory and nothing outside a repository', async () => {
    repo.write('deep/er/file.txt', 'x');
    assert.equal(await findRepositoryRoot(join(repo.root, 'deep', 'er')), repo.root);
    const outside = mkdtempSync(join(tmpdir(), 'lwc-norepo-'));
    try {
      assert.equal(await findRepositoryRoot(outside), undefined);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
