import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMAND_IDS } from '../../src/extension/commands/ids';
import type { SetStatusResult } from '../../src/extension/commands/plan/setStatus';
import { lwCoderApi, planUri, readText, restoreFile } from './support/workspace';

describe('Set Plan Status', () => {
  const uri = planUri('refactor-db.md');
  let original = '';

  before(async () => {
    await lwCoderApi();
    original = await readText(uri);
    assert.match(original, /^status: coding$/m, 'fixture refactor-db.md is not in status coding');
  });

  afterEach(async () => {
    await restoreFile(uri, original);
  });

  it('rewrites only the status value of a plan that is not open with unsaved changes', async () => {
    const result = await vscode.commands.executeCommand<SetStatusResult>(COMMAND_IDS.planSetStatus, uri, 'implemented');
    assert.equal(result?.wrote, 'file');
    assert.equal(result.status, 'implemented');
    const after = await readText(uri);
    assert.equal(after, original.replace(/^status: coding$/m, 'status: implemented'));
    assert.notEqual(after, original);
  });

  it('moves the plan to its new group in the Plans view', async () => {
    const api = await lwCoderApi();
    await vscode.commands.executeCommand(COMMAND_IDS.planSetStatus, uri, 'implemented');
    await api.plans.refreshed();
    const group = api.plans.snapshot().groups.find((g) => g.plans.some((p) => p.planId === 'refactor-db'));
    assert.equal(group?.label, 'Implemented (1)');
  });

  it('edits an open editor with unsaved changes instead of the file, keeping the user’s unsaved text', async () => {
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const typing = new vscode.WorkspaceEdit();
    typing.insert(uri, new vscode.Position(document.lineCount - 1, 0), 'Unsaved note.\n');
    assert.ok(await vscode.workspace.applyEdit(typing));
    assert.equal(document.isDirty, true);

    const result = await vscode.commands.executeCommand<SetStatusResult>(COMMAND_IDS.planSetStatus, uri, 'Done');
    assert.equal(result?.wrote, 'editor');
    assert.equal(result.status, 'done', 'the status is normalised to lower case');
    assert.match(document.getText(), /^status: done$/m);
    assert.match(document.getText(), /Unsaved note\./);
    assert.equal(await readText(uri), original, 'the file on disk changed behind the dirty editor');
  });

  it('refuses a value that is not a status and leaves the file alone', async () => {
    const result = await vscode.commands.executeCommand<SetStatusResult | undefined>(COMMAND_IDS.planSetStatus, uri, 'shipped');
    assert.equal(result, undefined);
    assert.equal(await readText(uri), original);
  });
});
