import { fileUri, startTestServer, type TestServer } from '../test/server/harness';
import { generatedPlan, makePlanRepo } from './planFolder';
import { report } from './support';

const EDITS = 100;
const WARM_UP = 50;

/** Waits until every plan of the folder has had its diagnostics published (the server's start-up pass). */
async function allPublished(server: TestServer, count: number): Promise<void> {
  for (;;) {
    if (new Set(server.published.map((p) => p.uri)).size >= count) return;
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * One keystroke's cost in a folder of `count` plans, over the protocol as the editor drives it: each edit adds or
 * removes an unknown key in plan-42 and waits for its diagnostics. The mean over EDITS edits includes the background
 * refinement (folder and git) each edit starts, since all of it runs on the server's one thread.
 */
async function editCost(count: number): Promise<{ editMs: number; startMs: number }> {
  const folder = makePlanRepo(count, 'lwc-bench-server-');
  let server: TestServer | undefined;
  try {
    const i = count > 42 ? 42 : 0;
    const path = folder.planPath(i);
    const t0 = process.hrtime.bigint();
    server = await startTestServer(undefined, { workspaceTrusted: true, tasksFolders: [folder.tasksDir] });
    await allPublished(server, count);
    const startMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const uri = server.open(path, generatedPlan(i, folder.head, false));
    await server.diagnostics(uri, (d) => d.length === 0);
    const edit = async (n: number): Promise<void> => {
      const unknownKey = n % 2 === 1;
      server!.change(uri, [{ text: generatedPlan(i, folder.head, unknownKey) }]);
      await server!.diagnostics(uri, (d) => d.some((x) => x.code === 'unknown-key') === unknownKey);
    };
    // The first edits compile the code paths: not what a user's keystrokes cost.
    for (let n = 1; n <= WARM_UP; n++) await edit(n);
    const t1 = process.hrtime.bigint();
    for (let n = WARM_UP + 1; n <= WARM_UP + EDITS; n++) await edit(n);
    const editMs = Number(process.hrtime.bigint() - t1) / 1e6 / EDITS;
    return { editMs, startMs };
  } finally {
    server?.dispose();
    folder.repo.dispose();
  }
}

/** The plan language server at 5,000 and 20,000 plans, against the same edit in a folder of one plan. */
export async function run(): Promise<void> {
  await editCost(1); // compiles the server's code paths: the first run of the process is not what an edit costs
  const big = [];
  for (const count of [5000, 20000]) big.push({ count, ...(await editCost(count)) });
  // The floor last, when the process is as warm as it was for the big folders.
  const floor = await editCost(1);
  for (const { count, editMs, startMs } of big) {
    const label = count.toLocaleString('en');
    report({ name: `language server: one edit, ${label} plans`, ms: editMs, floorName: 'the same edit, 1 plan', floorMs: floor.editMs, targetMs: 10 });
    report({ name: `language server: start, ${label} plans diagnosed`, ms: startMs, floorName: 'start, 1 plan', floorMs: floor.startMs });
  }
}
