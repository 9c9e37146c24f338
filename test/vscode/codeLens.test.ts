import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMAND_IDS } from '../../src/extension/commands/ids';
import { lwCoderApi, planUri, workspaceRoot, writeText } from './support/workspace';

async function lwLenses(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  await vscode.workspace.openTextDocument(uri);
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10);
  return lenses.filter((l) => l.command?.command.startsWith('lwCoder.'));
}

describe('CodeLens on plan files', () => {
  before(async () => {
    await lwCoderApi();
  });

  it('shows Validate, Run plan and Run headless at the top of a plan, each for that plan', async () => {
    const uri = planUri('add-login.md');
    const lenses = await lwLenses(uri);
    assert.deepEqual(
      lenses.map((l) => [l.command?.title, l.command?.command]),
      [
        ['$(check) Validate', COMMAND_IDS.planValidate],
        ['$(play) Run plan', COMMAND_IDS.planRun],
        ['$(run-all) Run headless', COMMAND_IDS.planRunHeadless],
      ],
    );
    for (const lens of lenses) {
      assert.equal(lens.range.start.line, 0);
      assert.equal(String(lens.command?.arguments?.[0]), uri.toString());
    }
  });

  it('shows them on an invalid plan too (validating it is how you find out why)', async () => {
    assert.equal((await lwLenses(planUri('broken-plan.md'))).length, 3);
  });

  it('shows none on markdown outside .lw_coder/tasks/', async () => {
    const readme = vscode.Uri.joinPath(workspaceRoot(), 'README.md');
    await writeText(readme, '# Fixture\n\nNot a plan.\n');
    try {
      assert.deepEqual(await lwLenses(readme), []);
    } finally {
      await vscode.workspace.fs.delete(readme, { useTrash: false });
    }
  });
});
