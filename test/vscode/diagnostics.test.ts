import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, lwCoderApi, lwDiagnostics, planUri, readText, restoreFile, waitFor } from './support/workspace';

const QUICK_FIX_TITLE = "Remove unknown key 'priority'";

describe('plan diagnostics and quick fixes (language server)', function () {
  this.timeout(90_000);
  const uri = planUri('broken-plan.md');
  let original = '';

  before(async () => {
    original = await readText(uri);
    assert.match(original, /^priority: high$/m, 'fixture broken-plan.md lost its priority line');
  });

  after(async () => {
    await restoreFile(uri, original);
  });

  it('reports unknown-key on the priority line when broken-plan.md is opened', async () => {
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const priorityLine = document.getText().split(/\r?\n/).findIndex((l) => l.startsWith('priority:'));
    const diagnostic = await waitFor('an unknown-key diagnostic on broken-plan.md', () =>
      lwDiagnostics(uri).find((d) => codeOf(d) === 'unknown-key'),
    );
    assert.equal(diagnostic.range.start.line, priorityLine);
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.match(diagnostic.message, /priority/);
  });

  it('starts the language server lazily and says so in the log', async () => {
    const api = await lwCoderApi();
    await api.languageClientReady();
    const started = api.recentLog().find((l) => l.includes('[language-client] started'));
    assert.ok(started, 'no "[language-client] started" log line');
    const activatedAt = api.recentLog().findIndex((l) => l.includes('[extension] activated in'));
    assert.ok(api.recentLog().indexOf(started) > activatedAt, 'the language client started before activation finished');
  });

  it(`offers "${QUICK_FIX_TITLE}", and applying it clears the diagnostic and makes the plan valid`, async () => {
    const api = await lwCoderApi();
    const document = await vscode.workspace.openTextDocument(uri);
    const diagnostic = await waitFor('the unknown-key diagnostic', () => lwDiagnostics(uri).find((d) => codeOf(d) === 'unknown-key'));
    const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', uri, diagnostic.range);
    const fix = actions.find((a): a is vscode.CodeAction => a.title === QUICK_FIX_TITLE);
    assert.ok(fix, `no "${QUICK_FIX_TITLE}" among: ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(fix.edit || fix.command, 'the quick fix has neither an edit nor a command');
    if (fix.edit) assert.ok(await vscode.workspace.applyEdit(fix.edit));
    if (fix.command) await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));

    assert.doesNotMatch(document.getText(), /^priority:/m);
    await waitFor('broken-plan.md without error diagnostics', () =>
      lwDiagnostics(uri).every((d) => d.severity !== vscode.DiagnosticSeverity.Error) ? true : undefined,
    );
    await document.save();
    await api.plans.refreshed();
    const plan = api.plans.snapshot().groups.flatMap((g) => g.plans).find((p) => p.planId === 'broken-plan');
    assert.equal(plan?.valid, true, `still invalid: ${plan?.firstProblem}`);
    // Only the priority line went away: every other byte stays.
    assert.equal(await readText(uri), original.replace(/^priority: high\r?\n/m, ''));
  });

  it('reports the problem again once the file is restored', async () => {
    const api = await lwCoderApi();
    await restoreFile(uri, original);
    await waitFor('the unknown-key diagnostic back', () => lwDiagnostics(uri).find((d) => codeOf(d) === 'unknown-key'));
    await api.plans.refreshed();
    const plan = api.plans.snapshot().groups.flatMap((g) => g.plans).find((p) => p.planId === 'broken-plan');
    assert.equal(plan?.valid, false);
  });
});
