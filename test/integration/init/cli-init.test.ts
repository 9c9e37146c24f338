import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CODE_DOCKERFILE_TEMPLATE } from '../../../src/core/container/scaffold';
import { SCAFFOLD_FILES } from '../../../src/core/workspace/scaffold';
import { lwc } from '../../support/cli';
import { makeRepo, type TestRepo } from '../../support/git';

describe('lwc init', () => {
  let repo: TestRepo;
  beforeEach(() => {
    repo = makeRepo();
  });
  afterEach(() => repo.dispose());

  it('scaffolds config.toml, tasks/, .gitignore, code.Dockerfile and .dockerignore at the repository root, from a subdirectory', async () => {
    repo.write('src/app.js', '');
    const r = await lwc(['init', '--json'], { cwd: join(repo.root, 'src') });
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { root: string; created: string[]; kept: string[] };
    assert.deepEqual(out.created, SCAFFOLD_FILES.map((f) => `.lw_coder/${f.path}`));
    assert.ok(existsSync(join(repo.root, '.lw_coder', 'tasks')));
    assert.equal(readFileSync(join(repo.root, '.lw_coder', 'code.Dockerfile'), 'utf8'), CODE_DOCKERFILE_TEMPLATE);
    // Command sessions (issue 14) hold logs and artifacts: machine-local, like runs/.
    assert.match(readFileSync(join(repo.root, '.lw_coder', '.gitignore'), 'utf8'), /^sessions\/$/m);
    const config = await lwc(['config', 'validate', '--json'], { cwd: repo.root });
    assert.equal(config.code, 0, `the scaffolded config must validate: ${config.stdout}${config.stderr}`);
  });

  it('keeps every existing file byte for byte and only adds what is missing', async () => {
    writeFileSync(join(repo.root, 'README.md'), 'x');
    repo.write('.lw_coder/code.Dockerfile', 'FROM lw_coder_droid:latest\nRUN echo mine\n');
    const r = await lwc(['init'], { cwd: repo.root });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /kept +\.lw_coder\/code\.Dockerfile \(exists\)/);
    assert.match(r.stdout, /created \.lw_coder\/config\.toml/);
    assert.equal(readFileSync(join(repo.root, '.lw_coder', 'code.Dockerfile'), 'utf8'), 'FROM lw_coder_droid:latest\nRUN echo mine\n');
    const again = await lwc(['init', '--json'], { cwd: repo.root });
    assert.deepEqual((JSON.parse(again.stdout) as { created: string[] }).created, []);
  });

  it('refuses outside a git repository with exit 2 and says how to start one', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'lwc-noinit-'));
    try {
      const r = await lwc(['init'], { cwd: outside });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /git init/);
      assert.equal(existsSync(join(outside, '.lw_coder')), false);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
