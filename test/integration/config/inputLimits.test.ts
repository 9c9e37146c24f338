import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { lwc } from '../../support/cli';
import { makeRepo, type TestRepo } from '../../support/git';

interface Report {
  valid: boolean;
  diagnostics: { file: string; code: string; line: number; message: string }[];
}

/** config.toml and the env file come from the repository: a huge one, or a link to a device, is one clear error. */
describe('lwc config validate on oversized and non-regular files', () => {
  let repo: TestRepo;
  beforeEach(() => {
    repo = makeRepo('lwc-config-limits-');
  });
  afterEach(() => repo.dispose());

  it('a 2 MiB config.toml is one located error naming the file, its size, the limit and the fix', async () => {
    repo.write('.lw_coder/config.toml', `[code]\n${'# padding\n'.repeat(210_000)}`);
    const r = await lwc(['config', 'validate', '--json'], { cwd: repo.root });
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout) as Report;
    assert.deepEqual(report.diagnostics.map((d) => [d.file, d.code, d.line]), [['.lw_coder/config.toml', 'file-too-large', 1]]);
    assert.match(report.diagnostics[0]!.message, /^\.lw_coder\/config\.toml \(line 1\) is 2,100,007 bytes \(2\.0 MiB\), over the 1 MiB .* Fix: /);
  });

  it('a 1.5 MiB env file is one error on its line 1, and config.toml itself stays valid', async () => {
    repo.write('.lw_coder/config.toml', '[code]\nenv_file = ".env"\n');
    repo.write('.env', 'OPENROUTER_API_KEY=sk-or-v1-abc\n'.repeat(50_000));
    const r = await lwc(['config', 'validate', '--json'], { cwd: repo.root });
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout) as Report;
    assert.deepEqual(report.diagnostics.map((d) => [d.file, d.code, d.line]), [['.env', 'file-too-large', 1]]);
    assert.match(report.diagnostics[0]!.message, /^\.env line 1: the file is 1,600,000 bytes \(1\.5 MiB\), over the 1 MiB .* Fix: /);
    assert.ok(!r.stdout.includes('sk-or-v1-abc'));
  });

  it('a config.toml that links to /dev/zero is refused with a message, not read', async () => {
    mkdirSync(join(repo.root, '.lw_coder'));
    symlinkSync('/dev/zero', join(repo.root, '.lw_coder', 'config.toml'));
    const r = await lwc(['config', 'validate'], { cwd: repo.root });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /config\.toml is a character device \(a link to \/dev\/zero\), not a regular file, so it was not read\. Fix: make it a regular file\./);
  });
});
