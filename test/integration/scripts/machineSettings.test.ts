import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describeRunSettings as describeRunSettingsLine } from '../../../src/extension/run/settingsLine';

/** scripts/lib/machine-settings.mjs, the demo's and the real-VS Code tier's way to give code-server machine settings. */
interface MachineSettingsModule {
  writeMachineSettings(userDataDir: string, settings: Record<string, string | null>): string;
  demoMachineSettings(env: Record<string, string | undefined>, options?: { baseImage?: boolean }): Record<string, string>;
  extensionSettingsLines(userDataDir: string, since?: number): { file: string; line: string }[];
  settingsDifferences(line: string, expected: Record<string, string>): string[];
  waitForExtensionSettings(userDataDir: string, expected: Record<string, string>, options?: { timeoutMs?: number; since?: number }): Promise<string>;
}
const MODULE = pathToFileURL(resolve(__dirname, '../../../scripts/lib/machine-settings.mjs')).href;
const load = async (): Promise<MachineSettingsModule> => (await import(MODULE)) as MachineSettingsModule;
const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

describe('scripts/lib/machine-settings.mjs (the demo\'s machine settings, issue 10 item 12)', () => {
  let userData: string;
  beforeEach(() => {
    userData = mkdtempSync(join(tmpdir(), 'lwc-machine-settings-'));
  });
  afterEach(() => rmSync(userData, { recursive: true, force: true }));

  /** A log where code-server keeps the extension's channel: logs/<session>/exthost<N>/lw-coder.lw-coder/LW Coder.log. */
  const writeLog = (session: string, exthost: number, lines: string[]): string => {
    const dir = join(userData, 'logs', session, `exthost${exthost}`, 'lw-coder.lw-coder');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'LW Coder.log');
    writeFileSync(file, `${lines.join('\n')}\n`);
    return file;
  };

  it('writes Machine/settings.json (merging, null removes) and takes the same keys out of User/settings.json, where a remote window ignores them', async () => {
    const m = await load();
    mkdirSync(join(userData, 'User'), { recursive: true });
    writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({ 'workbench.startupEditor': 'none', 'lwCoder.docker.baseImageFrom': 'stale:tag' }));
    const file = m.writeMachineSettings(userData, { 'lwCoder.docker.baseImageFrom': 'lw_coder_test_base:bookworm', 'lwCoder.docker.extraCaCertificates': '/ca.pem' });
    assert.equal(file, join(userData, 'Machine', 'settings.json'));
    assert.deepEqual(readJson(file), { 'lwCoder.docker.baseImageFrom': 'lw_coder_test_base:bookworm', 'lwCoder.docker.extraCaCertificates': '/ca.pem' });
    assert.deepEqual(readJson(join(userData, 'User', 'settings.json')), { 'workbench.startupEditor': 'none' });

    m.writeMachineSettings(userData, { 'lwCoder.docker.baseImageFrom': null, 'lwCoder.agent.command': 'echo hi' });
    assert.deepEqual(readJson(file), { 'lwCoder.docker.extraCaCertificates': '/ca.pem', 'lwCoder.agent.command': 'echo hi' });
  });

  it('refuses a settings file it cannot read as JSON, naming it, instead of overwriting it', async () => {
    const m = await load();
    mkdirSync(join(userData, 'Machine'), { recursive: true });
    writeFileSync(join(userData, 'Machine', 'settings.json'), '{\n  // mine\n  "a": 1\n}\n');
    assert.throws(() => m.writeMachineSettings(userData, { 'lwCoder.docker.baseImageFrom': 'x' }), /Machine\/settings\.json is not plain JSON .*remove its comments/);
    assert.match(readFileSync(join(userData, 'Machine', 'settings.json'), 'utf8'), /\/\/ mine/);
  });

  it('gives the demo\'s settings: the local base image only when asked for, the CA bundle only when it exists', async () => {
    const m = await load();
    const ca = join(userData, 'ca.pem');
    writeFileSync(ca, 'pem');
    assert.deepEqual(m.demoMachineSettings({ LWC_TEST_BASE_IMAGE: 'base:1', LWC_EXTRA_CA_CERTS: ca }), { 'lwCoder.docker.baseImageFrom': 'base:1', 'lwCoder.docker.extraCaCertificates': ca });
    assert.deepEqual(m.demoMachineSettings({ LWC_EXTRA_CA_CERTS: join(userData, 'missing.pem') }, { baseImage: false }), {});
  });

  it('reads what the extension logged, newest last across windows, and tells what it lacks', async () => {
    const m = await load();
    const seen = describeRunSettingsLine({ baseImageFrom: 'lw_coder_test_base:bookworm', agentCommand: 'x' });
    writeLog('20261203T070000', 1, [`2026-12-03 07:00:01.000 [info] [settings] ${describeRunSettingsLine({})}`]);
    writeLog('20261203T070000', 2, ['2026-12-03 07:00:05.000 [info] [extension] activated in 3 ms', `2026-12-03 07:00:05.100 [info] [settings] ${seen}`]);
    const lines = m.extensionSettingsLines(userData);
    assert.deepEqual(lines.map((l) => l.line.slice(0, 23)), ['2026-12-03 07:00:01.000', '2026-12-03 07:00:05.100']);
    assert.deepEqual(m.settingsDifferences(lines[1]!.line, { 'lwCoder.docker.baseImageFrom': 'lw_coder_test_base:bookworm' }), []);
    assert.deepEqual(m.settingsDifferences(lines[0]!.line, { 'lwCoder.docker.baseImageFrom': 'lw_coder_test_base:bookworm' }), [
      'lwCoder.docker.baseImageFrom: expected "lw_coder_test_base:bookworm", the extension saw nothing (default)',
    ]);
    assert.equal(await m.waitForExtensionSettings(userData, { 'lwCoder.docker.baseImageFrom': 'lw_coder_test_base:bookworm' }, { timeoutMs: 0 }), lines[1]!.line);
  });

  it('ignores the logs of earlier sessions, and fails naming the Machine settings file and what the extension saw', async () => {
    const m = await load();
    const old = writeLog('20261202T090000', 1, [`2026-12-02 09:00:01.000 [info] [settings] ${describeRunSettingsLine({ baseImageFrom: 'wanted:tag' })}`]);
    utimesSync(old, new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));
    const since = Date.now() - 60_000;
    await assert.rejects(m.waitForExtensionSettings(userData, { 'lwCoder.docker.baseImageFrom': 'wanted:tag' }, { timeoutMs: 0, since }), /logged no "machine settings:" line/);
    writeLog('20261203T070000', 1, [`2026-12-03 07:00:01.000 [info] [settings] ${describeRunSettingsLine({})}`]);
    await assert.rejects(m.waitForExtensionSettings(userData, { 'lwCoder.docker.baseImageFrom': 'wanted:tag' }, { timeoutMs: 0, since }), (e: Error) => {
      assert.match(e.message, /does not see the machine settings written to .*Machine\/settings\.json/);
      assert.match(e.message, /lwCoder\.docker\.baseImageFrom: expected "wanted:tag", the extension saw nothing \(default\)/);
      return true;
    });
  });
});
