import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPlanFilesPort } from '../../../src/adapters/plans/planFiles';
import { scanTasksFolder } from '../../../src/app/plans';
import { MAX_PLAN_BYTES } from '../../../src/core/limits/inputSize';
import { PlanFileRefusedError } from '../../../src/core/plan/fileProblem';
import { lwc } from '../../support/cli';
import { makeRepo, type TestRepo } from '../../support/git';

const plan = (id: string, sha: string, body = '# Goal\n\nDo the thing.\n'): string => `---\nplan_id: ${id}\ngit_sha: ${sha}\nstatus: draft\n---\n\n${body}`;

interface PlanJson {
  path: string;
  planId: string | null;
  valid: boolean;
  problems?: number;
  diagnostics?: { code: string; severity: string; message: string; line: number }[];
}

/**
 * A cloned repository is attacker input: its tasks folder may hold a link to /dev/zero, a FIFO, a directory named
 * like a plan, a huge plan, links out of the repository. Each is one diagnostic; every other plan is still listed.
 */
describe('plans that must not be read', () => {
  let repo: TestRepo;
  let outside: string;
  let tasks: string;
  const zero = '0'.repeat(40);

  beforeEach(() => {
    repo = makeRepo('lwc-hostile-plans-');
    outside = mkdtempSync(join(tmpdir(), 'lwc-outside-'));
    tasks = join(repo.root, '.lw_coder', 'tasks');
    mkdirSync(tasks, { recursive: true });
    writeFileSync(join(tasks, 'alpha.md'), plan('alpha', zero));
    writeFileSync(join(tasks, 'omega.md'), plan('omega', zero));
    // A link to a regular file inside the repository stays a plan like any other.
    mkdirSync(join(repo.root, 'docs'));
    writeFileSync(join(repo.root, 'docs', 'linked.md'), plan('linked', zero));
    symlinkSync(join('..', '..', 'docs', 'linked.md'), join(tasks, 'linked.md'));

    symlinkSync('/dev/zero', join(tasks, 'zero.md'));
    execFileSync('mkfifo', [join(tasks, 'fifo.md')]);
    mkdirSync(join(tasks, 'folder.md'));
    writeFileSync(join(tasks, 'huge.md'), plan('huge', zero, `${'x'.repeat(MAX_PLAN_BYTES)}\n`));
    writeFileSync(join(outside, 'secret.md'), plan('secret', zero, 'SECRET-CONTENT-FROM-OUTSIDE\n'));
    symlinkSync(join(outside, 'secret.md'), join(tasks, 'outside.md'));
    symlinkSync(join(tasks, 'nowhere.txt'), join(tasks, 'dangling.md'));
  });
  afterEach(() => {
    repo.dispose();
    rmSync(outside, { recursive: true, force: true });
  });

  const expected: Record<string, { code: string; message: RegExp }> = {
    'dangling.md': { code: 'plan-file-unreadable', message: /^dangling\.md links to .*nowhere\.txt, which does not exist\. Fix: / },
    'fifo.md': { code: 'plan-file-not-regular', message: /^fifo\.md is a FIFO, not a regular file, so it was not read\. Fix: / },
    'folder.md': { code: 'plan-file-not-regular', message: /^folder\.md is a directory, not a regular file.* Fix: / },
    'huge.md': { code: 'plan-file-too-large', message: /^huge\.md is 1,048,6\d\d bytes \(1\.0 MiB\), over the 1 MiB limit for a plan, so it was not read\. Fix: / },
    'outside.md': { code: 'plan-file-outside-repository', message: /^outside\.md links to .*secret\.md, outside the repository, so it was not read.* Fix: / },
    'zero.md': { code: 'plan-file-not-regular', message: /^zero\.md is a character device \(it links to \/dev\/zero\), not a regular file.* Fix: / },
  };

  it('lwc plan validate --json lists every plan, with exactly one diagnostic (code, message, fix) per bad file', async () => {
    const r = await lwc(['plan', 'validate', '--json'], { cwd: repo.root });
    assert.equal(r.code, 1, r.stderr);
    const plans = (JSON.parse(r.stdout) as { plans: PlanJson[] }).plans;
    const byName = new Map(plans.map((p) => [p.path.split('/').pop()!, p]));
    assert.deepEqual([...byName.keys()].sort(), ['alpha.md', 'dangling.md', 'fifo.md', 'folder.md', 'huge.md', 'linked.md', 'omega.md', 'outside.md', 'zero.md']);
    for (const good of ['alpha', 'omega', 'linked']) {
      const p = byName.get(`${good}.md`)!;
      assert.deepEqual([p.planId, p.valid, p.diagnostics], [good, true, []]);
    }
    for (const [name, want] of Object.entries(expected)) {
      const p = byName.get(name)!;
      assert.equal(p.valid, false, name);
      assert.equal(p.planId, null, name);
      assert.equal(p.diagnostics!.length, 1, `${name}: ${JSON.stringify(p.diagnostics)}`);
      const [d] = p.diagnostics!;
      assert.equal(d!.code, want.code, name);
      assert.equal(d!.severity, 'error', name);
      assert.equal(d!.line, 1, name);
      assert.match(d!.message, want.message, name);
    }
    assert.ok(!r.stdout.includes('SECRET-CONTENT-FROM-OUTSIDE'));
  });

  it('lwc plan list --json still lists the readable plans, and counts one problem per bad file', async () => {
    const r = await lwc(['plan', 'list', '--json'], { cwd: repo.root });
    assert.equal(r.code, 0, r.stderr);
    const plans = (JSON.parse(r.stdout) as { plans: PlanJson[] }).plans;
    assert.deepEqual(plans.filter((p) => p.valid).map((p) => p.planId), ['alpha', 'linked', 'omega']);
    assert.deepEqual(plans.filter((p) => !p.valid).map((p) => [p.path.split('/').pop(), p.problems]), Object.keys(expected).map((n) => [n, 1]));
  });

  it('the listing the extension uses (scanTasksFolder) reports the same, and set-status refuses the file instead of reading it', async () => {
    const reports = await scanTasksFolder(repo.root, { files: createPlanFilesPort() });
    assert.equal(reports.length, 9);
    assert.deepEqual(reports.filter((r) => !r.validated.valid).map((r) => r.validated.diagnostics.map((d) => d.code)), Object.values(expected).map((e) => [e.code]));

    await assert.rejects(createPlanFilesPort().readText(join(tasks, 'zero.md')), (e: unknown) => e instanceof PlanFileRefusedError && e.code === 'plan-file-not-regular');
    const r = await lwc(['plan', 'set-status', join(tasks, 'huge.md'), 'ready'], { cwd: repo.root });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /huge\.md is 1,048,6\d\d bytes .* not read\. Fix: /);
    assert.match(readFileSync(join(tasks, 'huge.md'), 'utf8'), /^---\nplan_id: huge\ngit_sha: 0{40}\nstatus: draft\n/);
  });

  it('a plan named outside any repository by path is read: the user chose it', async () => {
    const r = await lwc(['plan', 'validate', '--json', join(outside, 'secret.md')], { cwd: repo.root });
    const [p] = (JSON.parse(r.stdout) as { plans: PlanJson[] }).plans;
    assert.deepEqual([p!.planId, p!.diagnostics!.map((d) => d.code)], ['secret', []]);
  });
});
