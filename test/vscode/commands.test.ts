import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMAND_IDS } from '../../src/extension/commands/ids';
import { EXTENSION_ID, lwCoderApi } from './support/workspace';

interface Manifest {
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
  };
}

function manifest(): Manifest {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension);
  return extension.packageJSON as Manifest;
}

describe('commands', () => {
  before(async () => {
    await lwCoderApi();
  });

  it('registers every command contributed in package.json', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = manifest().contributes.commands.map((c) => c.command).filter((id) => !registered.has(id));
    assert.deepEqual(missing, []);
  });

  it('contributes every lwCoder.* command it registers', async () => {
    const contributed = new Set(manifest().contributes.commands.map((c) => c.command));
    // A view gets commands VS Code generates (`<viewId>.focus` …); they are not ours to contribute.
    const viewGenerated = /^lwCoder\.(plans|runs|commands|workers)\.(focus|resetViewLocation|toggleVisibility|removeView|open)$/;
    const ours = (await vscode.commands.getCommands(true)).filter((id) => id.startsWith('lwCoder.') && !viewGenerated.test(id));
    assert.ok(ours.length >= contributed.size, `only ${ours.length} lwCoder.* commands registered`);
    const uncontributed = ours.filter((id) => !contributed.has(id));
    assert.deepEqual(uncontributed, []);
  });

  it('gives each contributed command the LW Coder category and an id from the one table', () => {
    const table = new Set<string>(Object.values(COMMAND_IDS));
    for (const c of manifest().contributes.commands) {
      assert.equal(c.category, 'LW Coder', `${c.command} has no LW Coder category`);
      assert.ok(table.has(c.command), `${c.command} is not in src/extension/commands/ids.ts`);
    }
    assert.equal(table.size, manifest().contributes.commands.length);
  });

  it('offers Run only on valid plans in the Plans view (the menu regex does not match "invalid")', () => {
    const runMenus = manifest().contributes.menus['view/item/context']!.filter((m) => m.command === COMMAND_IDS.planRun);
    assert.ok(runMenus.length > 0);
    for (const menu of runMenus) {
      const regex = /viewItem =~ \/(.+?)\//.exec(menu.when ?? '')?.[1];
      assert.ok(regex, `no viewItem regex in "${menu.when}"`);
      assert.ok(new RegExp(regex).test('plan;valid;status:ready'), `${regex} misses a valid plan`);
      assert.ok(!new RegExp(regex).test('plan;invalid;status:ready'), `${regex} matches an invalid plan`);
    }
  });
});
