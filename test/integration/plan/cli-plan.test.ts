import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeRepo, type TestRepo } from '../../support/git';
import { lwc, lwcProcess } from '../../support/cli';

const plan = (id: string, sha: string, status: string, extra = '', body = '# Goal\n\nDo the thing.\n'): string =>
  `---\nplan_id: ${id}\ngit_sha: ${sha}\nstatus: ${status}\n${extra}---\n\n${body}`;

interface PlanJson {
  path: string;
  planId: string | null;
  status: string | null;
  valid: boolean;
  diagnostics: { code: string; severity: string; message: string; line: number; column: number; endLine: number; endColumn: number }[];
}

describe('lwc plan validate / list / set-status on a real repository', () => {
  let repo: TestRepo;
  let head: string;
  const tasks = (name: string): string => join('.lw_coder', 'tasks', name);

  beforeEach(() => {
    repo = makeRepo();
    head = repo.git('rev-parse', 'HEAD');
  });
  afterEach(() => repo.dispose());

  it('exits 0 and reports every plan valid when all plans follow the rules', async () => {
    repo.commit({ [tasks('alpha.md')]: plan('alpha', head, 'ready'), [tasks('beta.md')]: plan('beta', '0'.repeat(40), 'draft') });
    const r = await lwc(['plan', 'validate', '--json'], { cwd: repo.root });
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { plans: PlanJson[] };
    assert.deepEqual(out.plans.map((p) => [p.path, p.planId, p.status, p.valid]), [
      [tasks('alpha.md'), 'alpha', 'ready', true],
      [tasks('beta.md'), 'beta', 'draft', true],
    ]);
  });

  it('exits 1 and points at the offending key with 1-based line and column', async () => {
    repo.write(tasks('bad.md'), plan('bad', head, 'ready', 'priority: high\n'));
    const r = await lwc(['plan', 'validate', '--json'], { cwd: repo.root });
    assert.equal(r.code, 1);
    const [bad] = (JSON.parse(r.stdout) as { plans: PlanJson[] }).plans;
    assert.equal(bad?.valid, false);
    const d = bad?.diagnostics.find((x) => x.code === 'unknown-key');
    assert.ok(d, JSON.stringify(bad?.diagnostics));
    assert.deepEqual([d.line, d.column, d.endLine, d.endColumn, d.severity], [5, 1, 5, 9, 'error']);
    assert.match(d.message, /priority/);
  });

  it('flags a git_sha that names no commit, from any subdirectory of the repository', async () => {
    repo.write(tasks('ghost.md'), plan('ghost', 'a'.repeat(40), 'ready'));
    repo.write('src/deep/x.txt', '');
    const r = await lwc(['plan', 'validate', '--json'], { cwd: join(repo.root, 'src', 'deep') });
    assert.equal(r.code, 1);
    const [ghost] = (JSON.parse(r.stdout) as { plans: PlanJson[] }).plans;
    const d = ghost?.diagnostics.find((x) => x.code === 'git-sha-unresolved');
    assert.ok(d, JSON.stringify(ghost?.diagnostics));
    assert.equal(d.line, 3);
  });

  it('flags duplicate plan_ids across the tasks folder on both files', async () => {
    repo.write(tasks('one.md'), plan('same-id', head, 'ready'));
    repo.write(tasks('two.md'), plan('same-id', head, 'ready'));
    const r = await lwc(['plan', 'validate', '--json'], { cwd: repo.root });
    const plans = (JSON.parse(r.stdout) as { plans: PlanJson[] }).plans;
    assert.equal(r.code, 1);
    for (const p of plans) assert.ok(p.diagnostics.some((d) => d.code === 'plan-id-duplicate' && d.line === 2), p.path);
  });

  it('validates explicit files and directories, and still checks uniqueness against their folder', async () => {
    repo.write(tasks('a.md'), plan('dup', head, 'ready'));
    repo.write(tasks('b.md'), plan('dup', head, 'ready'));
    repo.write('elsewhere/c.md', plan('c-plan', head, 'ready'));
    const one = await lwc(['plan', 'validate', '--json', tasks('a.md')], { cwd: repo.root });
    const plans = (JSON.parse(one.stdout) as { plans: PlanJson[] }).plans;
    assert.equal(plans.length, 1);
    assert.ok(plans[0]!.diagnostics.some((d) => d.code === 'plan-id-duplicate'));
    const dir = await lwc(['plan', 'validate', '--json', 'elsewhere'], { cwd: repo.root });
    assert.equal(dir.code, 0, dir.stdout);
    assert.deepEqual((JSON.parse(dir.stdout) as { plans: PlanJson[] }).plans.map((p) => p.planId), ['c-plan']);
  });

  it('prints file:line:col lines and a summary without --json', async () => {
    repo.write(tasks('bad.md'), plan('bad', head, 'Finished'));
    const r = await lwc(['plan', 'validate'], { cwd: repo.root });
    assert.equal(r.code, 1);
    assert.match(r.stdout, new RegExp(`${tasks('bad.md').replace(/\./g, '\\.')}:4:9 +error +.*\\[status-invalid\\]`));
    assert.match(r.stdout, /1 plan checked, 1 invalid/);
  });

  it('exits 2 on usage errors: unknown option, missing path, no repository', async () => {
    assert.equal((await lwc(['plan', 'validate', '--jsn'], { cwd: repo.root })).code, 2);
    const missing = await lwc(['plan', 'validate', 'nope.md'], { cwd: repo.root });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no such file/);
    const outside = mkdtempSync(join(tmpdir(), 'lwc-outside-'));
    try {
      const r = await lwc(['plan', 'validate'], { cwd: outside });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /not inside a git repository/);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('lists plans with status and validity', async () => {
    repo.write(tasks('alpha.md'), plan('alpha', head, 'coding'));
    repo.write(tasks('broken.md'), plan('broken', head, 'ready', 'oops: 1\n'));
    const r = await lwc(['plan', 'list', '--json'], { cwd: repo.root });
    assert.equal(r.code, 0);
    const plans = (JSON.parse(r.stdout) as { plans: { planId: string; status: string; valid: boolean; problems: number }[] }).plans;
    assert.deepEqual(plans.map((p) => [p.planId, p.status, p.valid, p.problems]), [['alpha', 'coding', true, 0], ['broken', 'ready', false, 1]]);
    const human = await lwc(['plan', 'list'], { cwd: repo.root });
    assert.match(human.stdout, /alpha +coding +valid/);
    assert.match(human.stdout, /broken +ready +INVALID/);
  });

  it('set-status changes only the status bytes of a CRLF file with a BOM and comments', async () => {
    const original = `\uFEFF---\r\nplan_id: crlf-plan   # the id\r\ngit_sha: "${head}"\r\nstatus:  Ready  # keep me\r\n---\r\n\r\nBody\r\n`;
    repo.write(tasks('crlf-plan.md'), original);
    const r = await lwc(['plan', 'set-status', 'crlf-plan', 'CODING'], { cwd: repo.root });
    assert.equal(r.code, 0, r.stderr);
    const after = readFileSync(join(repo.root, tasks('crlf-plan.md')), 'utf8');
    assert.equal(after, original.replace('status:  Ready  #', 'status:  coding  #'));
    const byPath = await lwc(['plan', 'set-status', tasks('crlf-plan.md'), 'implemented'], { cwd: repo.root });
    assert.equal(byPath.code, 0, byPath.stderr);
    assert.equal(readFileSync(join(repo.root, tasks('crlf-plan.md')), 'utf8'), original.replace('status:  Ready  #', 'status:  implemented  #'));
  });

  it('set-status refuses an unknown status or plan with exit 2 and leaves the file untouched', async () => {
    const text = plan('keep', head, 'ready');
    repo.write(tasks('keep.md'), text);
    const bad = await lwc(['plan', 'set-status', 'keep', 'finished'], { cwd: repo.root });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /draft, ready, coding, implemented, done, abandoned/);
    const unknown = await lwc(['plan', 'set-status', 'nobody', 'done'], { cwd: repo.root });
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /No plan with plan_id 'nobody'.*Known plans: keep/);
    assert.equal(readFileSync(join(repo.root, tasks('keep.md')), 'utf8'), text);
  });

  it('set-status abandoned salvages the dirty worktree first, then changes only the status', async () => {
    repo.commit({ [tasks('drop-me.md')]: plan('drop-me', head, 'coding') });
    const ensured = await lwc(['worktree', 'ensure', 'drop-me', '--json'], { cwd: repo.root });
    assert.equal(ensured.code, 0, ensured.stderr);
    const { path } = JSON.parse(ensured.stdout) as { path: string };
    writeFileSync(join(path, 'unsaved-work.txt'), 'precious\n');
    const r = await lwc(['plan', 'set-status', 'drop-me', 'abandoned'], { cwd: repo.root });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /salvaged the worktree's work to refs\/lw-coder\/salvage\/drop-me\//);
    const ref = /refs\/lw-coder\/salvage\/drop-me\/\S+/.exec(r.stdout)![0];
    assert.equal(repo.git('show', `${ref}:unsaved-work.txt`), 'precious');
    assert.equal(readFileSync(join(repo.root, tasks('drop-me.md')), 'utf8'), plan('drop-me', head, 'abandoned'));
  });

  it('the bundled CLI (node dist/cli.js) gives the same verdicts and exit codes as a real process', () => {
    repo.write(tasks('good.md'), plan('good', head, 'ready'));
    const ok = lwcProcess(['plan', 'validate', '--json'], { cwd: repo.root });
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal((JSON.parse(ok.stdout) as { plans: PlanJson[] }).plans[0]?.valid, true);
    writeFileSync(join(repo.root, tasks('bad.md')), '# no front matter\n');
    const bad = lwcProcess(['plan', 'validate', '--json'], { cwd: repo.root });
    assert.equal(bad.code, 1);
    assert.equal(lwcProcess(['plan', 'frobnicate'], { cwd: repo.root }).code, 2);
  });
});
