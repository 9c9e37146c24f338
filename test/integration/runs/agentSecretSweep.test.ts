import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileRunStore } from '../../../src/adapters/fs/runStore';
import { SECRET_MARKER_FILE, isSafeAgentFilePath } from '../../../src/core/runs/agentSecrets';

/**
 * The key-file sweep behind `lwc recover` (issue 10 item 5). Markers sit in the repository's run directories, so a
 * repository could plant one: it must never make the sweep delete anything outside an agent directory.
 */
describe('removing key files left by dead headless attempts', () => {
  const dirs: string[] = [];
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  const setUp = (): { repo: string; agent: (run: string) => string } => {
    const repo = mkdtempSync(join(tmpdir(), 'lwc-sweep-'));
    dirs.push(repo);
    return {
      repo,
      agent: (run) => {
        const dir = join(repo, '.lw_coder', 'runs', 'plan-a', run, 'agent');
        mkdirSync(dir, { recursive: true });
        return dir;
      },
    };
  };
  const marker = (dir: string, files: string[], pid = 2 ** 22 + 12345): void =>
    writeFileSync(join(dir, SECRET_MARKER_FILE), JSON.stringify({ version: 1, pid, hostname: 'this-host', files }));

  it('accepts only plain relative paths inside the agent directory', () => {
    for (const ok of ['droid-settings.json', 'home/settings.json']) assert.ok(isSafeAgentFilePath(ok), ok);
    for (const bad of ['', '/etc/passwd', '../x', 'a/../../x', 'a//b', './x', 'a\\b', SECRET_MARKER_FILE]) assert.ok(!isSafeAgentFilePath(bad), bad);
  });

  it('removes the files a dead owner named and its marker; keeps a live owner\'s; never follows paths or links out', async () => {
    const { repo, agent } = setUp();
    const dead = agent('20260101T000000.000Z');
    writeFileSync(join(dead, 'droid-settings.json'), '{"apiKey":"k"}');
    const victim = join(repo, 'victim.txt');
    writeFileSync(victim, 'keep me');
    const outside = mkdtempSync(join(tmpdir(), 'lwc-sweep-outside-'));
    dirs.push(outside);
    writeFileSync(join(outside, 'precious'), 'keep me too');
    symlinkSync(join(outside, 'precious'), join(dead, 'link-to-precious'));
    marker(dead, ['droid-settings.json', '../../../../../victim.txt', 'link-to-precious']);

    const live = agent('20260101T000001.000Z');
    writeFileSync(join(live, 'droid-settings.json'), '{}');
    marker(live, ['droid-settings.json'], process.pid);

    // A run directory that is a symlink to elsewhere is not walked.
    const elsewhere = mkdtempSync(join(tmpdir(), 'lwc-sweep-elsewhere-'));
    dirs.push(elsewhere);
    mkdirSync(join(elsewhere, 'agent'));
    writeFileSync(join(elsewhere, 'agent', 'droid-settings.json'), '{}');
    marker(join(elsewhere, 'agent'), ['droid-settings.json']);
    symlinkSync(elsewhere, join(repo, '.lw_coder', 'runs', 'plan-a', '20260101T000002.000Z'));

    const result = await createFileRunStore(repo).removeLeftoverSecrets((o) => o.pid === process.pid);
    assert.deepEqual([...result.removed].sort(), [join(dead, 'droid-settings.json'), join(dead, 'link-to-precious')].sort());
    assert.deepEqual(result.kept, [join(live, 'droid-settings.json')]);
    assert.equal(existsSync(join(dead, SECRET_MARKER_FILE)), false);
    assert.ok(existsSync(victim), 'a ../ path in a marker deletes nothing');
    assert.ok(existsSync(join(outside, 'precious')), 'the link went, not its target');
    assert.ok(existsSync(join(live, 'droid-settings.json')));
    assert.ok(existsSync(join(elsewhere, 'agent', 'droid-settings.json')), 'a linked run directory is not followed');
  });

  it('reports an unreadable marker and leaves its directory alone', async () => {
    const { repo, agent } = setUp();
    const dir = agent('20260101T000000.000Z');
    writeFileSync(join(dir, 'droid-settings.json'), '{}');
    writeFileSync(join(dir, SECRET_MARKER_FILE), 'nope');
    const result = await createFileRunStore(repo).removeLeftoverSecrets(() => false);
    assert.deepEqual(result, { removed: [], kept: [], unreadable: [join(dir, SECRET_MARKER_FILE)] });
    assert.ok(existsSync(join(dir, 'droid-settings.json')));
  });
});
