import assert from 'node:assert/strict';
import { readSimpleFrontMatter } from '../../../src/core/plan/fastYaml';
import { computeLineStarts } from '../../../src/core/plan/lsp';
import { parsePlan } from '../../../src/core/plan/parse';
import { SHA, ZERO_SHA } from './helpers';

/** Values as people write them, including every shape YAML's core schema would retype. */
const VALUES = [
  'draft', 'Ready', SHA, ZERO_SHA, `1234e56${'7'.repeat(33)}`, '0', '007', '1e5', '0x1f', '0o17', '+1', '.5', '1.', '1.2.3',
  '.inf', '.NaN', 'true', 'True', 'TRUE', 'yes', 'off', 'null', 'Null', '~', '2025-01-02', 'ENG-123', 'a b  c',
  'ready   # trailing comment', 'x#y', 'a: b', 'café', '日本語', 'emoji 🎉', '"double"', '"dq # not a comment"', "'single'",
  "'it''s'", '"esc\\n"', '""', "''", '"a" # c', '"a"#c', '[a, b]', '{a: 1}', '&anchor x', '*alias', '!tag x', '|', '>',
  '@at', '`tick`', '%pct', '-dash', '- item', 'a,b', 'tab\there', '',
];

function frontMatterOf(lines: readonly string[], eol: string): string {
  return ['---', ...lines, '---', 'Body', ''].join(eol);
}

const CASES: string[][] = [];
for (const v of VALUES) {
  CASES.push([`status: ${v}`.trimEnd()]);
  CASES.push(['plan_id: abc', `notes:    ${v}   `, '# comment', 'status: draft']);
  CASES.push(['evaluation_notes:', `  - ${v}`.trimEnd(), '  -', '  - plain']);
}
CASES.push(
  [],
  ['# only comments', '', '   # indented'],
  ['status:'],
  ['status:   '],
  ['status: # todo'],
  ['evaluation_notes:', '- zero indent', '- second'],
  ['evaluation_notes:', '    - deep', '    # comment inside', '', '    - 42', 'status: draft'],
  ['evaluation_notes:', '  - a', ' - misaligned'],
  ['evaluation_notes:', '  -   ', '  - # comment'],
  ['evaluation_notes:', '# comment before items', '  - a'],
  ['notes: first', '  continued line'],
  ['notes:', '  nested: map'],
  ['status: draft', 'status: ready'],
  ['- a list'],
  ['just text'],
  ['a:b'],
  ['key-with-dash: v', 'under_score: w', 'CamelKey: x'],
  ['status: draft', '...'],
  ['%YAML 1.2'],
  ['  status: indented'],
);

describe('fast front-matter reader', () => {
  it('yields exactly what the yaml package yields, on LF and CRLF, whenever it accepts a front matter', () => {
    let accepted = 0;
    let total = 0;
    for (const lines of CASES) {
      for (const eol of ['\n', '\r\n']) {
        const text = frontMatterOf(lines, eol);
        total++;
        const starts = computeLineStarts(text);
        if (readSimpleFrontMatter(text, starts, 1, lines.length + 1) === undefined) continue;
        accepted++;
        const fast = parsePlan(text);
        const slow = parsePlan(text, { fastReader: false });
        assert.deepEqual(fast.entries, slow.entries, JSON.stringify(text));
        assert.deepEqual(fast.syntaxDiagnostics, slow.syntaxDiagnostics, JSON.stringify(text));
      }
    }
    // The comparison only means something if the fast reader takes the common shapes.
    assert.ok(accepted > total / 2, `fast reader accepted ${accepted} of ${total}`);
  });

  it('accepts the shapes plans normally have', () => {
    const text = frontMatterOf(
      ['plan_id: add-login  # id', `git_sha: "${SHA}"`, "status: 'draft'", 'evaluation_notes:', '  - Works', '', 'created_at: 2025-01-02'],
      '\r\n',
    );
    const pairs = readSimpleFrontMatter(text, computeLineStarts(text), 1, 8);
    assert.deepEqual(
      pairs?.map((p) => [p.key, p.value.style, p.value.value]),
      [
        ['plan_id', 'plain', 'add-login'],
        ['git_sha', 'double-quoted', SHA],
        ['status', 'single-quoted', 'draft'],
        ['evaluation_notes', 'sequence', ['Works']],
        ['created_at', 'plain', '2025-01-02'],
      ],
    );
  });

  it('gives up on what it does not fully understand, so the yaml package decides', () => {
    for (const lines of [['notes: a: b'], ["notes: 'it''s'"], ['notes: [a]'], ['notes:', '  x: 1'], ['notes: "a\\tb"'], ['\tnotes: x']]) {
      const text = frontMatterOf(lines, '\n');
      assert.equal(readSimpleFrontMatter(text, computeLineStarts(text), 1, lines.length + 1), undefined, lines.join('|'));
    }
  });
});
