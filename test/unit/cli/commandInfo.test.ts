import { strict as assert } from 'node:assert';
import { COMMAND_INFOS } from '../../../src/cli/commandInfo';
import { findCommand, loadCommand, runCli } from '../../../src/cli/main';
import type { CliIO } from '../../../src/cli/types';

/** `lwc` knows its commands from a table and loads each command's module only when it runs (issue 11 item 3). */
describe('lwc command table', () => {
  it('finds every listed command in the module of its area, under the same words, summary and usage', async () => {
    for (const info of COMMAND_INFOS) {
      const command = await loadCommand(info);
      assert.deepEqual([command.path, command.summary, command.usage], [info.path, info.summary, info.usage], info.path.join(' '));
    }
  });

  it('lists every command the area modules define (none is left out of --help)', async () => {
    const listed = new Set(COMMAND_INFOS.map((i) => i.path.join(' ')));
    // Each area's module exports `<area>Commands`: every one of them must be in the table.
    const modules = await Promise.all([
      import('../../../src/cli/commands/init.js').then((m) => m.initCommands),
      import('../../../src/cli/commands/plan.js').then((m) => m.planCommands),
      import('../../../src/cli/commands/planStatus.js').then((m) => m.planStatusCommands),
      import('../../../src/cli/commands/planNew.js').then((m) => m.planNewCommands),
      import('../../../src/cli/commands/worktree.js').then((m) => m.worktreeCommands),
      import('../../../src/cli/commands/salvage.js').then((m) => m.salvageCommands),
      import('../../../src/cli/commands/recover.js').then((m) => m.recoverCommands),
      import('../../../src/cli/commands/prompts.js').then((m) => m.promptsCommands),
      import('../../../src/cli/commands/runs.js').then((m) => m.runsCommands),
      import('../../../src/cli/commands/config.js').then((m) => m.configCommands),
      import('../../../src/cli/commands/code.js').then((m) => m.codeCommands),
      import('../../../src/cli/commands/agent.js').then((m) => m.agentCommands),
      import('../../../src/cli/commands/task.js').then((m) => m.taskCommands),
      import('../../../src/cli/commands/fleetUp.js').then((m) => m.fleetUpCommands),
      import('../../../src/cli/commands/fleetStatus.js').then((m) => m.fleetStatusCommands),
      import('../../../src/cli/commands/fleetDown.js').then((m) => m.fleetDownCommands),
      import('../../../src/cli/commands/cmdRun.js').then((m) => m.cmdRunCommands),
      import('../../../src/cli/commands/sessionList.js').then((m) => m.sessionListCommands),
      import('../../../src/cli/commands/cmd.js').then((m) => m.cmdCommands),
    ]);
    const defined = modules.flat().map((c) => c.path.join(' '));
    assert.deepEqual(defined.filter((d) => !listed.has(d)), []);
    assert.equal(defined.length, listed.size);
  });

  it('picks the longest matching command and passes the rest on', () => {
    assert.deepEqual(findCommand(['plan', 'validate', 'x.md'])?.rest, ['x.md']);
    assert.deepEqual(findCommand(['plan', 'new', 'id'])?.command.area, 'planNew');
    assert.equal(findCommand(['nope']), undefined);
  });

  it('prints every command in --help without running any', async () => {
    let out = '';
    const io: CliIO = { cwd: '/', env: {}, stdout: (t) => (out += t), stderr: () => undefined, interactive: false, signal: new AbortController().signal };
    assert.equal(await runCli(['--help'], io), 0);
    for (const info of COMMAND_INFOS) assert.ok(out.includes(`  ${info.usage}\n      ${info.summary}`), info.usage);
  });
});
