import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, EXTENSION_ID, lwCoderApi, lwDiagnostics, planUri, waitFor } from './support/workspace';

describe('activation', () => {
  it('activates in the fixture workspace without error and returns the API', async () => {
    const api = await lwCoderApi();
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.equal(extension?.isActive, true);
    assert.equal(typeof api.activationMs, 'number');
    assert.ok(Number.isFinite(api.activationMs) && api.activationMs >= 0, `activationMs = ${api.activationMs}`);
  });

  it('logs its activation time to the LW Coder channel', async () => {
    const api = await lwCoderApi();
    const line = api.recentLog().find((l) => /\[extension\] activated in [\d.]+ ms/.test(l));
    assert.ok(line, `no "activated in N ms" line in:\n${api.recentLog().join('\n')}`);
    assert.ok(line.includes(`activated in ${api.activationMs} ms`), `logged "${line}" but the API says ${api.activationMs}`);
    console.log(`LW Coder ${line}`);
  });

  it('logs the machine settings it sees, and sees those the harness wrote to Machine/settings.json as the demo does', async () => {
    const api = await lwCoderApi();
    const line = api.recentLog().find((l) => l.startsWith('info [settings] machine settings: '));
    assert.ok(line, `no "[settings] machine settings:" line in:\n${api.recentLog().join('\n')}`);
    // scripts/vscode-test.mjs says what it wrote (scripts/lib/machine-settings.mjs); other runners write nothing.
    const expected = JSON.parse(process.env['LWC_EXPECTED_MACHINE_SETTINGS'] ?? '{}') as Record<string, string>;
    for (const [key, value] of Object.entries(expected)) assert.ok(line.includes(`${key}=${value}`), `${key}=${value} is missing from "${line}"`);
    if (Object.keys(expected).length === 0) assert.match(line, /none set \(defaults\)|lwCoder\./);
  });

  it('requires no lazy chunk inside activate(), though the views and the language server start right after', async () => {
    const api = await lwCoderApi();
    await api.plans.refreshed(); // the plan chunk is loaded by now, by the Plans view or by this refresh
    const loads = api.chunkLoads();
    assert.ok(loads.some((l) => l.name === 'planApp'), `planApp was never loaded: ${JSON.stringify(loads)}`);
    assert.deepEqual(loads.filter((l) => l.duringActivation), []);
    console.log(`LW Coder chunk loads: ${loads.map((l) => `${l.name} ${l.ms.toFixed(1)} ms`).join(', ')}`);
  });

  it('does not log errors while activating', async () => {
    const api = await lwCoderApi();
    const errors = api.recentLog().filter((l) => l.startsWith('error '));
    assert.deepEqual(errors, []);
  });

  it("lists a plan's problems in the Problems panel at startup, though nobody opened the plan", async () => {
    // This suite runs first: no other suite has opened broken-plan.md yet.
    const uri = planUri('broken-plan.md');
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()), 'broken-plan.md is already open');
    const diagnostic = await waitFor('the unknown-key diagnostic of the unopened broken-plan.md', () =>
      lwDiagnostics(uri).find((d) => codeOf(d) === 'unknown-key'),
    );
    assert.match(diagnostic.message, /priority/);
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()), 'the diagnostics came from opening the plan');
  });
});
