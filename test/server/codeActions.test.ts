import { strict as assert } from 'node:assert';
import { basename, join } from 'node:path';
import { CodeActionKind, type CodeAction } from 'vscode-languageserver/node';
import { createPlanGitPort } from '../../src/adapters/git/planGit';
import { ZERO_SHA } from '../../src/core/plan/types';
import { validatePlanText } from '../../src/core/plan/validate';
import { makeRepo, type TestRepo } from '../support/git';
import { applyWorkspaceEdit, codesOf, planText, startTestServer, type TestServer } from './harness';

describe('plan server: quick fixes', () => {
  let repo: TestRepo;
  let head: string;
  let server: TestServer;

  before(() => {
    repo = makeRepo();
    head = repo.commit({ 'src/app.js': 'console.log(1);\n' }, 'Wire the app');
  });
  after(() => repo.dispose());
  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(() => server.dispose());

  /**
   * Opens the plan, waits for `code`, asks for fixes on that diagnostic, applies the one titled `title`, and proves
   * the result is a valid plan twice: by the core validator with the real repository, and by the server itself.
   */
  async function applyFix(name: string, text: string, code: string, title: string): Promise<string> {
    const path = join(repo.root, '.lw_coder', 'tasks', `${name}.md`);
    const uri = server.open(path, text);
    const diags = await server.diagnostics(uri, (d) => d.some((x) => x.code === code));
    const target = diags.find((d) => d.code === code)!;
    const actions = (await server.codeActions(uri, target.range, [target])) as CodeAction[];
    const action = actions.find((a) => a.title === title);
    assert.ok(action, `no fix titled ${JSON.stringify(title)}; got ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.equal(action.kind, CodeActionKind.QuickFix);
    assert.deepEqual(action.diagnostics, [target], 'the fix is tied to its diagnostic');

    const fixed = applyWorkspaceEdit(text, uri, action);
    const git = createPlanGitPort(repo.root);
    const sha = /^git_sha: (\S+)$/m.exec(fixed)?.[1] ?? '';
    const known = await git.commitsExist([sha]);
    const validated = validatePlanText(fixed, { fileName: basename(path), commitExists: (s) => known.get(s) });
    assert.deepEqual(validated.diagnostics.map((d) => d.code), [], `fixed plan:\n${fixed}`);

    server.change(uri, [{ text: fixed }]);
    assert.deepEqual(codesOf(await server.diagnostics(uri, (d) => d.length === 0)), []);
    return fixed;
  }

  it("removes an unknown key with \"Remove unknown key 'priority'\", leaving every other line as it was", async () => {
    const text = planText({ planId: 'broken-plan', gitSha: head, status: 'ready', extra: ['priority: high'] });
    const fixed = await applyFix('broken-plan', text, 'unknown-key', "Remove unknown key 'priority'");
    assert.equal(fixed, text.replace('priority: high\n', ''));
  });

  it("normalises a capitalised status to lower case", async () => {
    const text = planText({ planId: 'caps', gitSha: head, status: 'Ready' });
    const fixed = await applyFix('caps', text, 'status-not-normalized', "Normalise status to 'ready'");
    assert.equal(fixed, text.replace('status: Ready', 'status: ready'));
  });

  it('replaces a misspelt status with the closest valid one', async () => {
    const text = planText({ planId: 'typo', gitSha: head, status: 'redy' });
    await applyFix('typo', text, 'status-invalid', "Normalise status to 'ready'");
  });

  it('sets an unresolved git_sha to HEAD, naming the commit in the title', async () => {
    const text = planText({ planId: 'unresolved', gitSha: 'deadbeef'.repeat(5), status: 'ready' });
    const fixed = await applyFix('unresolved', text, 'git-sha-unresolved', `Set git_sha to HEAD (${head.slice(0, 7)} Wire the app)`);
    assert.equal(fixed, text.replace('deadbeef'.repeat(5), head));
  });

  it('sets a placeholder git_sha on a non-draft plan to HEAD', async () => {
    const text = planText({ planId: 'zeros', gitSha: ZERO_SHA, status: 'coding' });
    await applyFix('zeros', text, 'git-sha-zero-not-draft', `Set git_sha to HEAD (${head.slice(0, 7)} Wire the app)`);
  });

  it('sets a malformed git_sha to HEAD', async () => {
    const text = planText({ planId: 'short', gitSha: 'abc123', status: 'ready' });
    await applyFix('short', text, 'git-sha-format', `Set git_sha to HEAD (${head.slice(0, 7)} Wire the app)`);
  });

  it("adds a missing status as draft and a missing git_sha as HEAD", async () => {
    const text = planText({ planId: 'bare' });
    const path = join(repo.root, '.lw_coder', 'tasks', 'bare.md');
    const uri = server.open(path, text);
    const diags = await server.diagnostics(uri, (d) => d.length > 0);
    assert.deepEqual(codesOf(diags), ['missing-key', 'missing-key']);
    const actions = (await server.codeActions(uri, diags[0]!.range, diags)) as CodeAction[];
    assert.deepEqual(actions.map((a) => a.title).sort(), ["Add missing key 'git_sha'", "Add missing key 'status'"]);
    server.close(uri);
    await server.diagnostics(uri, (d) => d.length === 0);

    const withStatus = applyWorkspaceEdit(text, uri, actions.find((a) => a.title === "Add missing key 'status'")!);
    assert.match(withStatus, /^status: draft$/m);
    const fixed = await applyFix('bare', withStatus, 'missing-key', "Add missing key 'git_sha'");
    assert.match(fixed, new RegExp(`^git_sha: ${head}$`, 'm'));
  });

  it('offers no fix for diagnostics from other sources', async () => {
    const text = planText({ planId: 'foreign', gitSha: head, status: 'ready', extra: ['priority: high'] });
    const uri = server.open(join(repo.root, '.lw_coder', 'tasks', 'foreign.md'), text);
    const diags = await server.diagnostics(uri, (d) => d.length > 0);
    const foreign = { ...diags[0]!, source: 'markdownlint' };
    assert.deepEqual(await server.codeActions(uri, foreign.range, [foreign]), []);
  });
});
