import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describeCommandRun } from '../../../src/app/commands/dryRun';
import { CommandRunError } from '../../../src/app/commands/runTypes';
import { dryRunText } from '../../../src/cli/commands/cmdRunText';
import { builtin, commandOf, shell, step } from '../../support/commandDefs';

describe('lwc cmd run --dry-run (describeCommandRun)', () => {
  const command = commandOf({
    name: 'ship',
    lifecycle: 'worktree',
    workingDirectory: 'app',
    environment: { NODE_ENV: 'test' },
    arguments: [{ name: 'target', description: '', required: false, type: 'choice', choices: ['staging', 'prod'], default: 'staging' }],
    preSteps: [builtin('validate-prerequisites')],
    steps: [step('deploy', 'script', 'scripts/deploy.sh', { args: ['--to', '{{ args.target }}'], retry: { count: 2, delaySeconds: 5 } })],
    cleanupOnFailure: [shell('undo', 'echo undo')],
  });

  it('shows lifecycle, working directory, branch, environment names and steps with substituted args, and creates nothing', () => {
    const d = describeCommandRun('/repo', command, { target: 'prod' }, new Date('2026-12-03T10:40:06Z'));
    assert.equal(d.lifecycle, 'worktree');
    assert.equal(d.branch, 'lwc/ship-20261203T104006');
    assert.equal(d.workingDirectory, join('/repo', '.lw_coder', 'worktrees', 'cmd-<session id>', 'app'));
    assert.deepEqual(d.environment.slice(0, 2), ['NODE_ENV', 'LWC_SESSION_ID']);
    assert.ok(d.environment.includes('LWC_ARG_TARGET'));
    assert.deepEqual(d.steps.map((s) => [s.index, s.phase, s.name, s.args]), [[1, 'pre', 'validate-prerequisites', []], [2, 'main', 'deploy', ['--to', 'prod']]]);
    assert.deepEqual(d.cleanupOnFailure.map((s) => [s.index, s.name]), [[3, 'undo']]);
    assert.match(dryRunText(d), /2\. \[main\] deploy \(script: scripts\/deploy.sh \["--to","prod"\]\)  retry 2×5s/);
    assert.equal(existsSync('/repo'), false);
  });

  it('checks the arguments as a run would', () => {
    assert.throws(() => describeCommandRun('/repo', command, { target: 'moon' }, new Date()), (e: unknown) => e instanceof CommandRunError && /must be one of staging, prod/.test(e.message));
  });
});
