import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONSENT_FILE_NAME, consentDirOf, createFileCredentialConsentStore } from '../../../src/adapters/fs/credentialConsentFile';

/** The user's remembered answers about credentials entering agent containers (issue 10 item 4), on a real disk. */
describe('the credential consent file store', () => {
  const dirs: string[] = [];
  const temp = (): string => {
    const d = mkdtempSync(join(tmpdir(), 'lwc-consent-'));
    dirs.push(d);
    return d;
  };
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  const key = (filesHash: string, listHash: string) => ({ filesHash, listHash });

  it('lives under XDG_CONFIG_HOME when it is absolute, else ~/.config', () => {
    assert.equal(consentDirOf({ XDG_CONFIG_HOME: '/x/cfg', HOME: '/h' }), '/x/cfg/lw-coder');
    assert.equal(consentDirOf({ XDG_CONFIG_HOME: 'relative', HOME: '/h' }), '/h/.config/lw-coder');
    assert.equal(consentDirOf({ HOME: '/h' }), '/h/.config/lw-coder');
  });

  it('remembers several lists per repository, forgets them all when the repository files change, and keeps the file 0600', async () => {
    const home = temp();
    const repo = temp();
    const store = createFileCredentialConsentStore(join(home, 'lw-coder'));
    assert.equal(await store.isAllowed(repo, key('f1', 'l1')), false);
    await store.allow(repo, key('f1', 'l1'));
    await store.allow(repo, key('f1', 'l2'));
    assert.equal(await store.isAllowed(repo, key('f1', 'l1')), true);
    assert.equal(await store.isAllowed(repo, key('f1', 'l2')), true);
    assert.equal(await store.isAllowed('/another/repo', key('f1', 'l1')), false, 'per repository');
    assert.equal(statSync(store.location).mode & 0o777, 0o600);
    assert.equal(statSync(join(home, 'lw-coder')).mode & 0o777, 0o700);
    await store.allow(repo, key('f2', 'l2'));
    assert.equal(await store.isAllowed(repo, key('f2', 'l2')), true);
    assert.equal(await store.isAllowed(repo, key('f2', 'l1')), false, 'an answer given for other files says nothing now');
    assert.equal(await store.isAllowed(repo, key('f1', 'l1')), false);
  });

  it('an unreadable store holds no answer, and the next answer rewrites it', async () => {
    const dir = join(temp(), 'lw-coder');
    mkdirSync(dir);
    writeFileSync(join(dir, CONSENT_FILE_NAME), '{ not json');
    const store = createFileCredentialConsentStore(dir);
    assert.equal(await store.isAllowed('/r', key('f', 'l')), false);
    await store.allow('/r', key('f', 'l'));
    assert.equal(await store.isAllowed('/r', key('f', 'l')), true);
    assert.equal((JSON.parse(readFileSync(join(dir, CONSENT_FILE_NAME), 'utf8')) as { version: number }).version, 1);
  });

  it('a store inside the repository (even through a symlink) answers nothing and takes no answer: the repository must not hold one', async () => {
    const repo = temp();
    const inside = createFileCredentialConsentStore(join(repo, '.config', 'lw-coder'));
    await assert.rejects(inside.allow(repo, key('f', 'l')), /inside the repository/);
    mkdirSync(join(repo, '.config', 'lw-coder'), { recursive: true });
    writeFileSync(join(repo, '.config', 'lw-coder', CONSENT_FILE_NAME), JSON.stringify({ version: 1, repositories: { [repo]: { filesHash: 'f', listHashes: ['l'], updatedAt: 'x' } } }));
    assert.equal(await inside.isAllowed(repo, key('f', 'l')), false, 'a planted answer is ignored');
    const link = join(temp(), 'cfg');
    symlinkSync(join(repo, '.config'), link);
    assert.equal(await createFileCredentialConsentStore(join(link, 'lw-coder')).isAllowed(repo, key('f', 'l')), false, 'judged on the real path');
  });
});
