// `npm run test:electron`: the same in-editor suites (test/vscode) in desktop VS Code via @vscode/test-electron, for
// machines that can download VS Code (it fetches a build into .vscode-test/). CI uses `npm run test:vscode` instead
// (code-server, which installs from npm); both run out/test/vscode/index.js against the same prepared fixture.
// usage: node scripts/electron-test.mjs            env: VSCODE_VERSION (default 1.100.3, the engine floor)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { ROOT } from './lib/code-server.mjs';
import { prepareFixture } from './prepare-fixture.mjs';

execFileSync('node', ['scripts/build.mjs', '--tests'], { cwd: ROOT, stdio: 'inherit' });
const scratch = mkdtempSync(join(tmpdir(), 'lwc-electron-'));
let exitCode = 1;
try {
  const workspace = prepareFixture(join(scratch, 'workspace')).root;
  exitCode = await runTests({
    version: process.env.VSCODE_VERSION ?? '1.100.3',
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: join(ROOT, 'out', 'test', 'vscode', 'index.js'),
    // A throwaway profile, no other extensions, no trust prompt: the same conditions as the code-server run.
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes',
      '--user-data-dir', join(scratch, 'user-data'), '--extensions-dir', join(scratch, 'extensions')],
  });
} catch (err) {
  console.error('VS Code tests failed:', err instanceof Error ? err.message : err);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(exitCode);
