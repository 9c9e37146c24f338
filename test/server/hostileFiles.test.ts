import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_PLAN_BYTES } from '../../src/core/limits/inputSize';
import { ZERO_SHA } from '../../src/core/plan/types';
import { planText, startTestServer, type TestServer } from './harness';

describe('plan server: a tasks folder with files that are not plans', () => {
  let dir: string;
  let tasks: string;
  let server: TestServer;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lwc-server-hostile-'));
    tasks = join(dir, '.lw_coder', 'tasks');
    mkdirSync(tasks, { recursive: true });
    server = await startTestServer();
  });
  afterEach(() => {
    server.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('indexes the folder around a FIFO, a link to /dev/zero, a directory and an oversized file, and still finds duplicates', async () => {
    // Reading the FIFO used to block the folder scan forever (no duplicate was ever reported); /dev/zero read 512 MB.
    execFileSync('mkfifo', [join(tasks, 'fifo.md')]);
    symlinkSync('/dev/zero', join(tasks, 'zero.md'));
    mkdirSync(join(tasks, 'folder.md'));
    writeFileSync(join(tasks, 'huge.md'), planText({ planId: 'shared-id', gitSha: ZERO_SHA, status: 'draft', body: 'x'.repeat(MAX_PLAN_BYTES) }));
    writeFileSync(join(tasks, 'shared-id.md'), planText({ planId: 'shared-id', gitSha: ZERO_SHA, status: 'draft' }));

    const uri = server.open(join(tasks, 'copy.md'), planText({ planId: 'shared-id', gitSha: ZERO_SHA, status: 'draft' }));
    const diags = await server.diagnostics(uri, (d) => d.some((x) => x.code === 'plan-id-duplicate'));
    const dup = diags.find((d) => d.code === 'plan-id-duplicate')!;
    assert.match(dup.message, /shared-id\.md/);
    // The oversized plan was never read, so its plan_id does not count.
    assert.doesNotMatch(dup.message, /huge\.md/);
  });
});
