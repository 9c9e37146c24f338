import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPlanFilesPort } from '../../../src/adapters/plans/planFiles';
import { scanTasksFolder } from '../../../src/app/plans';
import { makeRepo, type TestRepo } from '../../support/git';

/**
 * Plans are read with synchronous calls (ten times cheaper per file than fs/promises), in time slices: the extension
 * host and the language server share their thread with everything else, so a big listing must not hold it (issue 11).
 */
describe('reading a big tasks folder', () => {
  let repo: TestRepo;
  beforeEach(() => {
    repo = makeRepo('lwc-plan-slices-');
    const tasks = join(repo.root, '.lw_coder', 'tasks');
    mkdirSync(tasks, { recursive: true });
    for (let i = 0; i < 3000; i++) writeFileSync(join(tasks, `plan-${i}.md`), `---\nplan_id: plan-${i}\ngit_sha: ${'0'.repeat(40)}\nstatus: draft\n---\n\n# Plan ${i}\n`);
  });
  afterEach(() => repo.dispose());

  it('lets the event loop run while it reads 3,000 plans one after another, and reads them all', async () => {
    const files = createPlanFilesPort();
    const paths = await files.listPlanFiles(join(repo.root, '.lw_coder', 'tasks'));
    let turns = 0;
    let done = false;
    // Counts the iterations of the event loop that happen while the plans are being read.
    const tick = (): void => {
      if (done) return;
      turns++;
      setImmediate(tick);
    };
    setImmediate(tick);
    let read = 0;
    for (const p of paths) if ((await files.readPlanFile(p, { repoRoot: repo.root })).kind === 'text') read++;
    done = true;
    assert.equal(read, 3000);
    assert.ok(turns >= 2, `the loop turned ${turns} time(s) while 3,000 plans were read`);
  });

  it('validates a folder of 3,000 plans read that way', async () => {
    const reports = await scanTasksFolder(repo.root, { files: createPlanFilesPort() });
    assert.equal(reports.length, 3000);
    assert.deepEqual(reports.filter((r) => !r.validated.valid).map((r) => r.relativePath), []);
  });
});
