import { strict as assert } from 'node:assert';
import { mkdirSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FileChangeType, type Diagnostic } from 'vscode-languageserver/node';
import { ZERO_SHA } from '../../src/core/plan/types';
import { fileUri, planText, startTestServer, tasksFolderSuite } from './harness';

/** The other plans a `plan-id-duplicate` diagnostic names (its data), sorted; [] when there is none. */
const duplicatesIn = (d: readonly Diagnostic[]): string[] => {
  const dup = d.find((x) => x.code === 'plan-id-duplicate');
  return dup ? String((dup.data as { paths: string }).paths).split('\n').sort() : [];
};
const naming = (...names: string[]) => (d: readonly Diagnostic[]): boolean => duplicatesIn(d).join() === [...names].sort().join();

/**
 * The server keeps an index from plan_id to the plans carrying it, updated with every open, edit, close and change on
 * disk, instead of regrouping the folder per keystroke (issue 11 item 4). Each way a plan_id can come or go must move
 * the plan in that index: a stale entry would report a duplicate that is gone, or miss one that is there.
 */
describe('plan server: the plan_id index', () => {
  const suite = tasksFolderSuite('lwc-server-index-');
  const plan = (planId: string): string => planText({ planId, gitSha: ZERO_SHA, status: 'draft' });
  const write = (name: string, planId: string): string => suite.write(name, plan(planId));
  const start = suite.start;

  it('open: a document whose text takes a saved plan_id is a duplicate at once; the same id in letter case too', async () => {
    write('alpha.md', 'alpha');
    const s = await start();
    const uri = s.open(join(suite.tasks(), 'new.md'), plan('ALPHA'));
    assert.deepEqual(duplicatesIn(await s.diagnostics(uri, naming('alpha.md'))), ['alpha.md']);
  });

  it('edit: typing the plan_id away ends the duplicate, typing it back brings it again, for both open plans', async () => {
    const s = await start();
    const a = s.open(join(suite.tasks(), 'a.md'), plan('shared'));
    const b = s.open(join(suite.tasks(), 'b.md'), plan('shared'));
    await s.diagnostics(a, naming('b.md'));
    await s.diagnostics(b, naming('a.md'));
    s.change(b, [{ text: plan('own') }]);
    await s.diagnostics(a, naming());
    await s.diagnostics(b, naming());
    s.change(b, [{ text: plan('Shared') }]);
    await s.diagnostics(a, naming('b.md'));
    assert.deepEqual(duplicatesIn(await s.diagnostics(b, naming('a.md'))), ['a.md']);
  });

  it('edit: a third plan with the id is named with the others, and each that leaves is dropped from the list', async () => {
    const s = await start();
    const one = s.open(join(suite.tasks(), 'one.md'), plan('trio'));
    const two = s.open(join(suite.tasks(), 'two.md'), plan('trio'));
    const three = s.open(join(suite.tasks(), 'three.md'), plan('trio'));
    await s.diagnostics(one, naming('three.md', 'two.md'));
    s.change(three, [{ text: plan('three') }]);
    await s.diagnostics(one, naming('two.md'));
    s.change(two, [{ text: plan('two') }]);
    assert.deepEqual(duplicatesIn(await s.diagnostics(one, naming())), []);
    assert.deepEqual(duplicatesIn(await s.diagnostics(three, naming())), []);
  });

  it('disk change: a closed plan saved with an open plan\'s id makes both duplicates, and saved back ends it', async () => {
    const other = write('other.md', 'other');
    const s = await start();
    const mine = s.open(join(suite.tasks(), 'mine.md'), plan('mine'));
    await s.diagnostics(mine, (d) => d.length === 0);
    write('other.md', 'mine');
    s.filesChanged([{ uri: fileUri(other), type: FileChangeType.Changed }]);
    await s.diagnostics(mine, naming('other.md'));
    await s.diagnostics(fileUri(other), naming('mine.md'));
    write('other.md', 'other');
    s.filesChanged([{ uri: fileUri(other), type: FileChangeType.Changed }]);
    await s.diagnostics(mine, naming());
    assert.deepEqual(await s.diagnostics(fileUri(other), (d) => d.length === 0), []);
  });

  it('delete: a deleted file no longer counts, and its diagnostics are cleared', async () => {
    const gone = write('gone.md', 'kept');
    write('kept.md', 'kept');
    const s = await start();
    const kept = s.open(join(suite.tasks(), 'kept.md'), plan('kept'));
    await s.diagnostics(kept, naming('gone.md'));
    unlinkSync(gone);
    s.filesChanged([{ uri: fileUri(gone), type: FileChangeType.Deleted }]);
    await s.diagnostics(kept, naming());
    assert.deepEqual(await s.diagnostics(fileUri(gone), (d) => d.length === 0), []);
  });

  it('rename: a renamed file takes its plan_id to its new name', async () => {
    const before = write('before.md', 'moving');
    const s = await start();
    const uri = s.open(join(suite.tasks(), 'moving.md'), plan('moving'));
    await s.diagnostics(uri, naming('before.md'));
    const after = join(suite.tasks(), 'after.md');
    renameSync(before, after);
    s.filesChanged([
      { uri: fileUri(before), type: FileChangeType.Deleted },
      { uri: fileUri(after), type: FileChangeType.Created },
    ]);
    assert.deepEqual(duplicatesIn(await s.diagnostics(uri, naming('after.md'))), ['after.md']);
    await s.diagnostics(fileUri(after), naming('moving.md'));
  });

  it('close: an unsaved collision ends when its document closes, and the saved file speaks again', async () => {
    write('left.md', 'left');
    write('right.md', 'right');
    const s = await start();
    const left = s.open(join(suite.tasks(), 'left.md'), plan('left'));
    const right = s.open(join(suite.tasks(), 'right.md'), plan('left'));
    await s.diagnostics(left, naming('right.md'));
    s.close(right);
    await s.diagnostics(left, naming());
    assert.deepEqual(await s.diagnostics(fileUri(join(suite.tasks(), 'right.md')), (d) => d.length === 0), []);
  });

  it('keeps folders apart: the same plan_id in another tasks folder is no duplicate', async () => {
    const nested = join(suite.tasks(), 'sub', '.lw_coder', 'tasks');
    mkdirSync(nested, { recursive: true });
    writeFileSync(join(nested, 'twin.md'), plan('twin'));
    const s = await start();
    const uri = s.open(join(suite.tasks(), 'twin.md'), plan('twin'));
    const other = s.open(join(nested, 'twin.md'), plan('twin'));
    assert.deepEqual(await s.diagnostics(uri, (d) => d.length === 0), []);
    assert.deepEqual(await s.diagnostics(other, (d) => d.length === 0), []);
  });

  it('finds the one duplicate among 2,000 plans, and follows it as it is typed away and back', async () => {
    for (let i = 0; i < 2000; i++) write(`plan-${i}.md`, `plan-${i}`);
    const s = await start();
    const uri = s.open(join(suite.tasks(), 'copy.md'), plan('plan-1234'));
    await s.diagnostics(uri, naming('plan-1234.md'));
    s.change(uri, [{ text: plan('copy') }]);
    await s.diagnostics(uri, naming());
    s.change(uri, [{ text: plan('PLAN-77') }]);
    assert.deepEqual(duplicatesIn(await s.diagnostics(uri, naming('plan-77.md'))), ['plan-77.md']);
  });
});
