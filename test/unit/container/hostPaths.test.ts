import { strict as assert } from 'node:assert';
import { judgeEnvFile, judgeOwnDirectory, type HostPathFacts, type HostPathKind } from '../../../src/core/container/hostPaths';
import { reservedEnvNames } from '../../../src/core/container/reservedEnv';
import { CLAUDE_PRIVACY_ENV } from '../../../src/core/agent/backends/claude';
import { DROID_AIRGAP_HOME } from '../../../src/core/agent/backends/droid';
import { contextFor, REPO } from './runArgsContext';

const ctx = contextFor([]);
const facts = (path: string, realPath: string, kind: HostPathKind): HostPathFacts => ({ path, realPath, kind });

describe('paths LW Coder itself uses, judged by where they lead (issue 10 item 1)', () => {
  it('asks before writing through a committed symlink that leaves the repository', () => {
    const v = judgeOwnDirectory(facts(`${REPO}/.lw_coder/runs`, '/tmp/elsewhere', 'directory'), '.lw_coder/runs', ctx);
    assert.equal(v.verdict, 'needs-confirmation');
    assert.match(v.why ?? '', /resolves to \/tmp\/elsewhere, outside the repository/);
  });

  it('sees through a symlinked parent even when the directory does not exist yet', () => {
    assert.equal(judgeOwnDirectory(facts(`${REPO}/.lw_coder/state`, '/etc/state', 'missing'), '.lw_coder/state', ctx).verdict, 'needs-confirmation');
    assert.equal(judgeOwnDirectory(facts(`${REPO}/.lw_coder/state`, `${REPO}/.lw_coder/state`, 'missing'), '.lw_coder/state', ctx).verdict, 'allowed');
  });

  it('refuses one that is not a directory, dangles, or leads into .git', () => {
    assert.equal(judgeOwnDirectory(facts(`${REPO}/.lw_coder/worktrees`, '/run/docker.sock', 'socket'), '.lw_coder/worktrees', ctx).verdict, 'refused');
    assert.equal(judgeOwnDirectory(facts(`${REPO}/.lw_coder/worktrees`, `${REPO}/.lw_coder/worktrees`, 'unresolvable'), '.lw_coder/worktrees', ctx).verdict, 'refused');
    assert.equal(judgeOwnDirectory(facts(`${REPO}/.lw_coder/worktrees`, `${REPO}/.git/hooks`, 'directory'), '.lw_coder/worktrees', ctx).verdict, 'refused');
  });

  it('asks before forwarding variables from an env file outside the repository, refuses a device', () => {
    assert.equal(judgeEnvFile(facts(`${REPO}/.env`, '/home/u/.aws/env', 'file'), '.env', ctx).verdict, 'needs-confirmation');
    assert.equal(judgeEnvFile(facts(`${REPO}/.env`, '/dev/zero', 'char-device'), '.env', ctx).verdict, 'refused');
    assert.equal(judgeEnvFile(facts(`${REPO}/.env`, `${REPO}/.env`, 'file'), '.env', ctx).verdict, 'allowed');
    assert.equal(judgeEnvFile(facts(`${REPO}/.env`, `${REPO}/.env`, 'missing'), '.env', ctx).verdict, 'allowed');
  });
});

describe('reservedEnvNames: the variables LW Coder sets, read from the backends themselves', () => {
  it('holds the home, the OpenRouter endpoint, key and model, and every backend variable', () => {
    const names = reservedEnvNames();
    for (const n of ['HOME', 'OPENROUTER_API_KEY', 'OPENROUTER_BASE_URL', 'OPENROUTER_MODEL', 'CODEX_HOME', 'OPENAI_API_KEY', 'FACTORY_API_KEY', 'FACTORY_AIRGAP_ENABLED', 'FACTORY_HOME_OVERRIDE', 'ANTHROPIC_BASE_URL', 'ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN', 'ANTHROPIC_DEFAULT_HAIKU_MODEL', ...Object.keys(CLAUDE_PRIVACY_ENV)]) {
      assert.ok(names.has(n), n);
    }
    assert.ok(!names.has(DROID_AIRGAP_HOME), 'values are not names');
    assert.ok(!names.has('PATH'));
  });
});
