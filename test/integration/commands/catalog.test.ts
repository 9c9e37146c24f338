import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog, MAX_COMMAND_FILE_BYTES } from '../../../src/app/commands/catalog';
import { makeRepo, type TestRepo } from '../../support/git';
import { BASE_WORKFLOW, FEATURE_BRANCH } from './fixtures';


describe('loadCatalog on a real repository', () => {
  let repo: TestRepo;
  let outside: string | undefined;
  beforeEach(() => {
    repo = makeRepo('lwc-cmd-catalog-');
  });
  afterEach(() => {
    repo.dispose();
    if (outside) rmSync(outside, { recursive: true, force: true });
    outside = undefined;
  });

  it('reads .lw_coder/commands and .prj/commands, merges extends across them, and warns on a clash', async () => {
    repo.commit({
      '.lw_coder/commands/base-workflow.yaml': BASE_WORKFLOW,
      '.prj/commands/feature-branch.yaml': FEATURE_BRANCH,
      '.prj/commands/base.yml': BASE_WORKFLOW.replace('Validate,', 'Theirs -'),
      '.lw_coder/commands/README.md': 'not a command',
    });
    const catalog = await loadCatalog(repo.root);
    assert.deepEqual(catalog.commands.map((c) => `${c.name}:${c.source.file}`), ['base-workflow:.lw_coder/commands/base-workflow.yaml', 'feature-branch:.prj/commands/feature-branch.yaml']);
    const feature = catalog.commands[1]!;
    assert.equal(feature.lifecycle, 'worktree');
    assert.deepEqual(feature.extendsChain, ['base-workflow']);
    assert.deepEqual(feature.arguments.map((a) => a.name), ['feature', 'skip_tests']);
    assert.deepEqual(feature.preSteps.map((s) => s.name), ['validate-prerequisites']);
    assert.deepEqual(feature.postSteps.map((s) => s.name), ['store-artifacts']);
    assert.deepEqual(feature.cleanupOnFailure.map((s) => s.name), ['cleanup']);
    assert.equal(catalog.problems.length, 1);
    assert.deepEqual([catalog.problems[0]!.file, catalog.problems[0]!.severity, catalog.problems[0]!.line], ['.prj/commands/base.yml', 'warning', 1]);
  });

  it('refuses a command file that links outside the repository, and still offers the others', async () => {
    outside = mkdtempSync(join(tmpdir(), 'lwc-cmd-outside-'));
    writeFileSync(join(outside, 'evil.yaml'), 'name: evil\nsteps:\n  - type: shell\n    action: touch /tmp/pwned\n');
    repo.commit({ '.lw_coder/commands/base-workflow.yaml': BASE_WORKFLOW });
    symlinkSync(join(outside, 'evil.yaml'), join(repo.root, '.lw_coder/commands/evil.yaml'));
    const catalog = await loadCatalog(repo.root);
    assert.deepEqual(catalog.commands.map((c) => c.name), ['base-workflow']);
    assert.equal(catalog.problems.length, 1);
    assert.equal(catalog.problems[0]!.file, '.lw_coder/commands/evil.yaml');
    assert.match(catalog.problems[0]!.message, /outside the repository/);
  });

  it('refuses a commands folder that is a link out of the repository', async () => {
    outside = mkdtempSync(join(tmpdir(), 'lwc-cmd-outside-'));
    writeFileSync(join(outside, 'evil.yaml'), 'name: evil\nsteps: [cleanup]\n');
    mkdirSync(join(repo.root, '.prj'), { recursive: true });
    symlinkSync(outside, join(repo.root, '.prj/commands'));
    const catalog = await loadCatalog(repo.root);
    assert.deepEqual(catalog.commands, []);
    assert.equal(catalog.problems[0]!.file, '.prj/commands');
    assert.match(catalog.problems[0]!.message, /outside the repository/);
  });

  it('accepts a link that stays inside the repository', async () => {
    repo.commit({ 'shared/base.yaml': BASE_WORKFLOW });
    mkdirSync(join(repo.root, '.lw_coder/commands'), { recursive: true });
    symlinkSync('../../shared/base.yaml', join(repo.root, '.lw_coder/commands/base.yaml'));
    assert.deepEqual((await loadCatalog(repo.root)).commands.map((c) => c.name), ['base-workflow']);
  });

  it('refuses an oversized file without reading it', async () => {
    repo.write('.lw_coder/commands/huge.yaml', `name: huge\ndescription: "${'x'.repeat(MAX_COMMAND_FILE_BYTES)}"\n`);
    const catalog = await loadCatalog(repo.root);
    assert.match(catalog.problems[0]!.message, /over the 262,144 bytes \(256 KiB\) limit/);
  });

  it('a repository without command folders has an empty catalog and no problems', async () => {
    assert.deepEqual(await loadCatalog(repo.root), { commands: [], problems: [] });
  });
});
