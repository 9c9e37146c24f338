import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildHeadlessPrompt, droidBody } from '../../../src/core/agent/headlessPrompt';
import { truncationMarker } from '../../../src/core/agent/text';

const droidsDir = join(__dirname, '../../../resources/droids/coding');
const reviewers = ['code-review-auditor', 'plan-alignment-checker'].map((name) => ({ name, text: readFileSync(join(droidsDir, `${name}.md`), 'utf8') }));

describe('headless prompt', () => {
  it('keeps the main prompt and adds a closing section that overrides the interactive instructions', () => {
    const p = buildHeadlessPrompt({ mainPrompt: '# Coding run\n\nDo the plan.\n', agent: 'codex', reviewers });
    assert.ok(p.text.startsWith('# Coding run\n\nDo the plan.\n\n## Headless run'), p.text.slice(0, 80));
    assert.match(p.text, /Nobody is watching this session/);
    assert.match(p.text, /`feedback` section carries the reviews/);
    assert.deepEqual(p.truncated, []);
  });

  it('inlines each reviewer for agents without droid subagents, without the droid front matter, naming the result field', () => {
    const p = buildHeadlessPrompt({ mainPrompt: 'main', agent: 'claude', reviewers });
    assert.match(p.text, /subagents named above are not available here/);
    assert.match(p.text, /### Review: code-review-auditor → `feedback\.review_findings`/);
    assert.match(p.text, /### Review: plan-alignment-checker → `feedback\.plan_alignment`/);
    assert.match(p.text, /You are the code-review-auditor for plan/);
    assert.doesNotMatch(p.text, /^tools: \[/m, 'front matter is dropped');
  });

  it('tells droid to run its installed subagents instead of inlining them', () => {
    const p = buildHeadlessPrompt({ mainPrompt: 'main', agent: 'droid', reviewers });
    assert.match(p.text, /Run these subagents once the implementation is done \(they are installed\)/);
    assert.match(p.text, /- `code-review-auditor` → `feedback\.review_findings`/);
    assert.doesNotMatch(p.text, /You are the code-review-auditor/);
  });

  it('cuts a long main prompt and long reviewer instructions visibly and reports each cut', () => {
    const main = `HEAD${'x'.repeat(5000)}TAIL`;
    const p = buildHeadlessPrompt({ mainPrompt: main, agent: 'codex', reviewers: [{ name: 'code-review-auditor', text: `---\nname: a\n---\nSTART${'y'.repeat(3000)}` }], maxMainChars: 1000, maxReviewerChars: 500 });
    assert.ok(p.text.startsWith('HEAD'), 'the head of the main prompt stays');
    assert.ok(p.text.includes(`TAIL\n\n## Headless run`), 'the tail of the main prompt stays');
    assert.ok(p.text.includes(truncationMarker(main.length - 1000)), 'the main cut is marked with its size');
    assert.ok(p.text.includes(`START${'y'.repeat(495)}${truncationMarker(3005 - 500)}`), 'the reviewer keeps its head and is marked');
    assert.equal(p.truncated.length, 2);
    assert.match(p.truncated[0]!, /main prompt \(5008 characters\) was cut to 1000/);
    assert.match(p.truncated[1]!, /code-review-auditor instructions \(3005 characters\) were cut to 500/);
  });

  it('droidBody drops front matter (BOM and CRLF too) and leaves a file without one as it is', () => {
    assert.equal(droidBody('\uFEFF---\r\nname: x\r\n---\r\nBody\r\n'), 'Body');
    assert.equal(droidBody('Just text\n---\nnot front matter'), 'Just text\n---\nnot front matter');
  });
});
