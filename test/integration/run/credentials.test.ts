import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONSENT_FILE_NAME } from '../../../src/adapters/fs/credentialConsentFile';
import { agentImages, repoImageTag } from '../../../src/core/container/images';
import { lwc } from '../../support/cli';
import { dockerEngineAvailable } from '../docker/support';
import { containersOfRepo, makeRunRepo, removeRepoImage, type RunFixture } from './support';

/**
 * Issue 10 item 4: before the first run in a repository LW Coder lists the secrets and credential files that would
 * enter the agent container (names, never values), asks once, remembers the answer outside the repository keyed by
 * config.toml, code.Dockerfile, .dockerignore and the list, and asks again when one of them changes.
 */
const KEY = 'sk-or-v1-credentials-test-0123456789';
const TOKEN = 'ghp_credentialsTestToken0123456789';

if (dockerEngineAvailable('credentials gate integration tests')) {
  describe('the credentials gate on a real repository (issue 10 item 4)', function () {
    this.timeout(20 * 60_000);
    const fixtures: RunFixture[] = [];
    const make = (): RunFixture => {
      const f = makeRunRepo({ config: '[code]\nforward_env = ["OPENROUTER_*", "*_TOKEN"]\n' });
      fixtures.push(f);
      mkdirSync(join(f.home, '.factory'), { recursive: true });
      writeFileSync(join(f.home, '.factory', 'auth.json'), '{"token":"droid-login"}\n');
      return f;
    };
    after(() => {
      for (const f of fixtures) {
        removeRepoImage(repoImageTag(f.repo.root));
        removeRepoImage(agentImages('codex', f.repo.root, '').repo);
        f.dispose();
      }
    });

    /** Everything a run would have changed, to compare before and after a refusal. */
    const snapshot = (f: RunFixture): string => JSON.stringify({
      plan: readFileSync(f.planPath, 'utf8'),
      status: f.repo.git('status', '--porcelain', '--ignored'),
      branches: f.repo.git('branch', '--list'),
      worktrees: f.repo.git('worktree', 'list', '--porcelain'),
      lwCoder: ['worktrees', 'runs', 'cache'].filter((d) => existsSync(join(f.repo.root, '.lw_coder', d))),
      // The run's claim on the plan (sessionClaim.ts) is released on refusal: at most its empty lock folder stays.
      stateFiles: filesUnder(join(f.repo.root, '.lw_coder', 'state')),
    });
    const consentFile = (f: RunFixture): string => join(f.home, '.config', 'lw-coder', CONSENT_FILE_NAME);

    it('refuses a first run without a terminal, naming every secret and file but no value, and changes nothing; --accept-credentials runs and is remembered; a changed code.Dockerfile asks again', async () => {
      const f = make();
      const env = f.env({ OPENROUTER_API_KEY: KEY, GITHUB_TOKEN: TOKEN, UNRELATED: 'x' });
      const args = ['code', f.planId, '--templates', '--json', '--agent-command', 'true'];
      const before = snapshot(f);

      const refused = await lwc(args, { cwd: f.repo.root, env });
      assert.equal(refused.code, 1, refused.stderr);
      assert.match(refused.stderr, /OPENROUTER_API_KEY \(secret\) — from the environment, forward_env "OPENROUTER_\*"/);
      assert.match(refused.stderr, /GITHUB_TOKEN \(secret\) — from the environment, forward_env "\*_TOKEN"/);
      assert.ok(refused.stderr.includes(`${join(f.home, '.factory', 'auth.json')} → /home/droiduser/.factory/auth.json`), refused.stderr);
      assert.match(refused.stderr, /--accept-credentials/);
      assert.doesNotMatch(refused.stderr, /UNRELATED/);
      for (const value of [KEY, TOKEN, 'droid-login']) assert.ok(!refused.stderr.includes(value), `the refusal shows ${value}`);
      assert.equal(snapshot(f), before, 'a refused run changes nothing in the repository');
      assert.equal(existsSync(consentFile(f)), false);

      const accepted = await lwc([...args, '--accept-credentials'], { cwd: f.repo.root, env });
      assert.equal(accepted.code, 0, accepted.stderr);
      assert.equal(statSync(consentFile(f)).mode & 0o777, 0o600, 'the answer is the user\'s alone');
      const stored = readFileSync(consentFile(f), 'utf8');
      assert.ok(stored.includes(JSON.stringify(f.repo.root)), 'remembered for this repository');
      for (const value of [KEY, TOKEN]) assert.ok(!stored.includes(value), 'no value is stored');

      const again = await lwc(args, { cwd: f.repo.root, env });
      assert.equal(again.code, 0, `not asked again: ${again.stderr}`);
      const renamed = await lwc(args, { cwd: f.repo.root, env: { ...env, OPENROUTER_API_KEY: 'sk-or-v1-another-value-987654321' } });
      assert.equal(renamed.code, 0, 'a new value under the same name is the same answer');

      f.repo.commit({ '.lw_coder/code.Dockerfile': `${readFileSync(join(f.repo.root, '.lw_coder', 'code.Dockerfile'), 'utf8')}RUN true\n` }, 'change the image');
      const changed = await lwc(args, { cwd: f.repo.root, env });
      assert.equal(changed.code, 1, 'a changed code.Dockerfile asks again');
      assert.match(changed.stderr, /OPENROUTER_API_KEY/);
      const more = await lwc([...args, '--accept-credentials'], { cwd: f.repo.root, env: { ...env, NPM_TOKEN: 'npm_x' } });
      assert.equal(more.code, 0, more.stderr);
      const listChanged = await lwc(args, { cwd: f.repo.root, env });
      assert.equal(listChanged.code, 1, 'a different list (NPM_TOKEN gone) is another question');
      assert.deepEqual(containersOfRepo(f.repo.root), []);
    });

    it('asks on a terminal with the list: no stops before anything changes, yes runs and is remembered', async () => {
      const f = make();
      const env = f.env({ OPENROUTER_API_KEY: KEY });
      const args = ['code', f.planId, '--templates', '--agent-command', 'true'];
      const before = snapshot(f);
      const no = await lwc(args, { cwd: f.repo.root, env, answers: ['n'] });
      assert.equal(no.code, 1);
      assert.equal(no.questions?.length, 1);
      assert.match(no.questions?.[0] ?? '', /OPENROUTER_API_KEY \(secret\)[\s\S]*auth\.json[\s\S]*Allow these credentials into the agent container for .*\? \[y\/N\]/);
      assert.ok(!no.questions?.[0]?.includes(KEY));
      assert.equal(snapshot(f), before);
      const yes = await lwc(args, { cwd: f.repo.root, env, answers: ['y'] });
      assert.equal(yes.code, 0, yes.stderr);
      const third = await lwc(args, { cwd: f.repo.root, env, answers: [] });
      assert.equal(third.code, 0, third.stderr);
      assert.deepEqual(third.questions, [], 'not asked again');
    });

    it('headless runs and plan authoring pass the same gate: the agent\'s own key is listed, --json never asks', async () => {
      const f = make();
      const env = f.env({ OPENROUTER_API_KEY: KEY });
      const before = snapshot(f);
      const headless = await lwc(['code', f.planId, '--headless', '--agent', 'codex', '--json', '--templates', '--agent-command', 'true'], { cwd: f.repo.root, env, answers: ['y'] });
      assert.equal(headless.code, 1, headless.stderr);
      assert.deepEqual(headless.questions, [], '--json never asks');
      assert.match(headless.stderr, /OPENROUTER_API_KEY \(secret\)/);
      assert.doesNotMatch(headless.stderr, /auth\.json/, "codex never gets droid's login");
      const droid = await lwc(['code', f.planId, '--headless', '--agent', 'droid', '--json', '--templates', '--agent-command', 'true'], { cwd: f.repo.root, env: { ...env, FACTORY_API_KEY: 'fk-droid-key-0123456789' } });
      assert.equal(droid.code, 1);
      assert.match(droid.stderr, /FACTORY_API_KEY \(secret\) — from the environment, droid's key/);
      assert.match(droid.stderr, /auth\.json/, 'droid on its own login gets its login file');
      const authoring = await lwc(['plan', 'new', 'another-plan', '--json', '--agent-command', 'true'], { cwd: f.repo.root, env });
      assert.equal(authoring.code, 1);
      assert.match(authoring.stderr, /OPENROUTER_API_KEY \(secret\)[\s\S]*--accept-credentials/);
      assert.equal(snapshot(f), before);
      assert.equal(existsSync(join(f.repo.root, '.lw_coder', 'tasks', 'another-plan.md')), false);
    });

    it('a run that hands nothing of the user\'s to the container asks nothing', async () => {
      const f = makeRunRepo();
      fixtures.push(f);
      const r = await lwc(['code', f.planId, '--templates', '--json', '--agent-command', 'true'], { cwd: f.repo.root, env: f.env() });
      assert.equal(r.code, 0, r.stderr);
    });
  });
}

/** Files (not folders) under `dir`, relative, sorted; none when it does not exist. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((e) => !e.isDirectory())
    .map((e) => join(e.parentPath ?? dir, e.name).slice(dir.length + 1))
    .sort();
}
