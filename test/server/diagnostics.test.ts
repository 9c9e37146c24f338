import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiagnosticSeverity, FileChangeType } from 'vscode-languageserver/node';
import { ZERO_SHA } from '../../src/core/plan/types';
import { codesOf, fileUri, planText, startTestServer, type TestServer } from './harness';

describe('plan server: diagnostics', () => {
  let dir: string;
  let tasks: string;
  let server: TestServer;

  beforeEach(async () => {
    // Not a git repository: sha checks are skipped here (git.test.ts covers them on real repositories).
    dir = mkdtempSync(join(tmpdir(), 'lwc-server-'));
    tasks = join(dir, '.lw_coder', 'tasks');
    mkdirSync(tasks, { recursive: true });
    server = await startTestServer();
  });
  afterEach(() => {
    server.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports each broken rule with its code, severity, source and the 0-based line of the offending key', async () => {
    const text = ['---', 'plan_id: broken', `git_sha: ${ZERO_SHA}`, 'status: redy', 'priority: high', '---', '', 'Body.', ''].join('\n');
    const uri = server.open(join(tasks, 'broken.md'), text);
    const diags = await server.diagnostics(uri, (d) => d.length > 0);

    assert.deepEqual(codesOf(diags).sort(), ['status-invalid', 'unknown-key']);
    const unknown = diags.find((d) => d.code === 'unknown-key')!;
    assert.deepEqual(unknown.range, { start: { line: 4, character: 0 }, end: { line: 4, character: 8 } });
    assert.equal(unknown.severity, DiagnosticSeverity.Error);
    assert.equal(unknown.source, 'lw-coder');
    assert.deepEqual(unknown.data, { key: 'priority' });
    const status = diags.find((d) => d.code === 'status-invalid')!;
    assert.deepEqual(status.range, { start: { line: 3, character: 8 }, end: { line: 3, character: 12 } });
    assert.equal((status.data as Record<string, string>).suggestion, 'ready');
  });

  it('updates on incremental changes and clears the diagnostics once the plan is fixed', async () => {
    const text = planText({ planId: 'typing', gitSha: ZERO_SHA, status: 'draft', extra: ['priority: high'] });
    const uri = server.open(join(tasks, 'typing.md'), text);
    assert.deepEqual(codesOf(await server.diagnostics(uri, (d) => d.length > 0)), ['unknown-key']);

    // Break status by inserting characters mid-line, as typing does.
    server.change(uri, [{ range: { start: { line: 3, character: 13 }, end: { line: 3, character: 13 } }, text: 'x' }]);
    const broken = await server.diagnostics(uri, (d) => d.some((x) => x.code === 'status-invalid'));
    assert.deepEqual(codesOf(broken).sort(), ['status-invalid', 'unknown-key']);

    // Undo that and delete the priority line: nothing left to report.
    server.change(uri, [
      { range: { start: { line: 4, character: 0 }, end: { line: 5, character: 0 } }, text: '' },
      { range: { start: { line: 3, character: 13 }, end: { line: 3, character: 14 } }, text: '' },
    ]);
    assert.deepEqual(await server.diagnostics(uri, (d) => d.length === 0), []);
  });

  it('warns when the file name does not match plan_id', async () => {
    const uri = server.open(join(tasks, 'other-name.md'), planText({ planId: 'the-plan', gitSha: ZERO_SHA, status: 'draft' }));
    const diags = await server.diagnostics(uri, (d) => d.length > 0);
    assert.deepEqual(codesOf(diags), ['plan-id-filename']);
    assert.equal(diags[0]!.severity, DiagnosticSeverity.Warning);
    assert.equal(diags[0]!.range.start.line, 1);
  });

  it('flags a plan_id that another plan file of the tasks folder already uses, and drops it once renamed', async () => {
    writeFileSync(join(tasks, 'shared-id.md'), planText({ planId: 'shared-id', gitSha: ZERO_SHA, status: 'draft' }));
    const uri = server.open(join(tasks, 'copy.md'), planText({ planId: 'shared-id', gitSha: ZERO_SHA, status: 'draft' }));
    const diags = await server.diagnostics(uri, (d) => d.some((x) => x.code === 'plan-id-duplicate'));
    const dup = diags.find((d) => d.code === 'plan-id-duplicate')!;
    assert.match(dup.message, /shared-id\.md/);
    assert.equal(dup.range.start.line, 1);

    server.change(uri, [{ range: { start: { line: 1, character: 9 }, end: { line: 1, character: 18 } }, text: 'copy' }]);
    assert.deepEqual(await server.diagnostics(uri, (d) => !d.some((x) => x.code === 'plan-id-duplicate')), []);
  });

  it('sees duplicates between two open plans as they are typed, before either is saved', async () => {
    const a = server.open(join(tasks, 'alpha.md'), planText({ planId: 'alpha', gitSha: ZERO_SHA, status: 'draft' }));
    await server.diagnostics(a, (d) => d.length === 0);
    const b = server.open(join(tasks, 'beta.md'), planText({ planId: 'beta', gitSha: ZERO_SHA, status: 'draft' }));
    await server.diagnostics(b, (d) => d.length === 0);

    server.change(b, [{ range: { start: { line: 1, character: 9 }, end: { line: 1, character: 13 } }, text: 'alpha' }]);
    const onA = await server.diagnostics(a, (d) => d.some((x) => x.code === 'plan-id-duplicate'));
    assert.match(onA.find((d) => d.code === 'plan-id-duplicate')!.message, /beta\.md/);
    await server.diagnostics(b, (d) => d.some((x) => x.code === 'plan-id-duplicate'));

    // Closing beta without saving: the file on disk does not exist, so alpha is unique again.
    server.close(b);
    assert.deepEqual(await server.diagnostics(a, (d) => !d.some((x) => x.code === 'plan-id-duplicate')), []);
    assert.deepEqual(await server.diagnostics(b, (d) => d.length === 0), []);

    // Opening a third plan that already carries alpha's id flags alpha too, not only the newcomer.
    server.open(join(tasks, 'gamma.md'), planText({ planId: 'alpha', gitSha: ZERO_SHA, status: 'draft' }));
    const again = await server.diagnostics(a, (d) => d.some((x) => x.code === 'plan-id-duplicate'));
    assert.match(again.find((d) => d.code === 'plan-id-duplicate')!.message, /gamma\.md/);
  });

  it('re-judges open plans when a watched plan file changes on disk', async () => {
    const onDisk = join(tasks, 'disk.md');
    writeFileSync(onDisk, planText({ planId: 'disk', gitSha: ZERO_SHA, status: 'draft' }));
    const uri = server.open(join(tasks, 'editor.md'), planText({ planId: 'disk', gitSha: ZERO_SHA, status: 'draft' }));
    await server.diagnostics(uri, (d) => d.some((x) => x.code === 'plan-id-duplicate'));

    writeFileSync(onDisk, planText({ planId: 'renamed-on-disk', gitSha: ZERO_SHA, status: 'draft' }));
    server.filesChanged([{ uri: fileUri(onDisk), type: FileChangeType.Changed }]);
    const after = await server.diagnostics(uri, (d) => !d.some((x) => x.code === 'plan-id-duplicate'));
    assert.deepEqual(codesOf(after), ['plan-id-filename']);
  });

  it('gives markdown outside .lw_coder/tasks nothing: no diagnostics, completion, hover or fixes', async () => {
    const notPlan = join(dir, 'README.md');
    const nearPlan = join(dir, '.lw_coder', 'notes.md');
    const broken = '---\npriority: high\n---\n';
    const readme = server.open(notPlan, broken);
    const notes = server.open(nearPlan, broken);
    // Requests are answered in order, so once the plan's diagnostics arrive the others would have come first.
    const plan = server.open(join(tasks, 'real.md'), broken);
    await server.diagnostics(plan, (d) => d.length > 0);

    assert.deepEqual(server.published.filter((p) => p.uri === readme || p.uri === notes), []);
    assert.deepEqual(await server.completion(readme, { line: 1, character: 0 }), []);
    assert.equal(await server.hover(readme, { line: 1, character: 2 }), null);
    const fake = { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 8 } }, message: 'x', source: 'lw-coder', code: 'unknown-key', data: { key: 'priority' } };
    assert.deepEqual(await server.codeActions(readme, fake.range, [fake]), []);
  });

  it('announces incremental sync, completion, hover and quick-fix support', () => {
    const caps = server.initializeResult.capabilities;
    assert.equal(caps.textDocumentSync, 2);
    assert.ok(caps.completionProvider);
    assert.equal(caps.hoverProvider, true);
    assert.deepEqual(caps.codeActionProvider, { codeActionKinds: ['quickfix'] });
  });
});
