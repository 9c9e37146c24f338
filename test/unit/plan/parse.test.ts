import assert from 'node:assert/strict';
import { parsePlan } from '../../../src/core/plan/parse';
import { planText, SHA, ZERO_SHA } from './helpers';

describe('parsePlan', () => {
  it('reads entries with key and value ranges', () => {
    const parsed = parsePlan(planText(['plan_id: add-login', `git_sha: ${SHA}`, 'status: ready']));
    assert.deepEqual(parsed.syntaxDiagnostics, []);
    const status = parsed.entries?.find((e) => e.key === 'status');
    assert.equal(status?.value, 'ready');
    assert.deepEqual(status?.keyRange, { start: { line: 3, character: 0 }, end: { line: 3, character: 6 } });
    assert.deepEqual(status?.valueRange, { start: { line: 3, character: 8 }, end: { line: 3, character: 13 } });
    assert.equal(parsed.body, '# Goal\nDo the thing.\n');
    assert.deepEqual(parsed.bodyRange.start, { line: 5, character: 0 });
    assert.deepEqual(parsed.frontMatterRange, { start: { line: 0, character: 0 }, end: { line: 4, character: 3 } });
  });

  it('reads plain string-typed values as their source text, keeping the YAML value alongside', () => {
    const parsed = parsePlan(
      planText(['plan_id: 123', `git_sha: ${ZERO_SHA}`, 'status: draft', 'created_at: 2025-01-02', 'notes: 1234e56']),
    );
    const byKey = new Map(parsed.entries?.map((e) => [e.key, e]));
    assert.equal(byKey.get('git_sha')?.value, 0);
    assert.equal(byKey.get('git_sha')?.sourceText, ZERO_SHA);
    assert.equal(byKey.get('git_sha')?.plain, true);
    assert.equal(byKey.get('plan_id')?.sourceText, '123');
    assert.equal(byKey.get('created_at')?.sourceText, '2025-01-02');
    assert.equal(byKey.get('notes')?.value, 1.234e59);
    assert.equal(byKey.get('notes')?.sourceText, '1234e56');
  });

  it('records quoting styles and that quoted values are not plain', () => {
    const parsed = parsePlan(planText(["plan_id: 'abc'", 'git_sha: "x"', 'status:', 'notes: |', '  two', '  lines']));
    const styles = parsed.entries?.map((e) => [e.key, e.style, e.plain]);
    assert.deepEqual(styles, [
      ['plan_id', 'single-quoted', false],
      ['git_sha', 'double-quoted', false],
      ['status', 'empty', false],
      ['notes', 'block-scalar', false],
    ]);
    const notes = parsed.entries?.[3];
    assert.deepEqual(notes?.lines, [4, 6]);
  });

  it('computes positions on CRLF files without counting the carriage return', () => {
    const parsed = parsePlan(planText(['plan_id: add-login', 'status: ready  # soon'], 'Body\n', '\r\n'));
    assert.equal(parsed.eol, '\r\n');
    const status = parsed.entries?.find((e) => e.key === 'status');
    assert.deepEqual(status?.valueRange, { start: { line: 2, character: 8 }, end: { line: 2, character: 13 } });
    assert.deepEqual(parsed.frontMatter?.closeFenceRange, { start: { line: 3, character: 0 }, end: { line: 3, character: 3 } });
    assert.equal(parsed.body, 'Body\r\n');
  });

  it('strips a UTF-8 BOM before computing positions and records it', () => {
    const withBom = parsePlan(`\ufeff${planText(['plan_id: add-login'])}`);
    const without = parsePlan(planText(['plan_id: add-login']));
    assert.equal(withBom.hasBom, true);
    assert.equal(without.hasBom, false);
    assert.equal(withBom.text.charCodeAt(0), '-'.charCodeAt(0));
    assert.deepEqual(withBom.entries?.[0]?.keyRange, without.entries?.[0]?.keyRange);
    assert.deepEqual(withBom.syntaxDiagnostics, []);
  });

  it('reports missing front matter at line 0 and keeps the whole text as body', () => {
    const parsed = parsePlan('# Just a title\n\nText\n');
    assert.equal(parsed.entries, null);
    assert.equal(parsed.syntaxDiagnostics[0]?.code, 'front-matter-missing');
    assert.equal(parsed.syntaxDiagnostics[0]?.range.start.line, 0);
    assert.equal(parsed.body, '# Just a title\n\nText\n');
  });

  it('tells the user to move a fence that sits below blank lines', () => {
    const parsed = parsePlan('\n---\nplan_id: abc\n---\nBody\n');
    assert.equal(parsed.syntaxDiagnostics[0]?.code, 'front-matter-missing');
    assert.match(parsed.syntaxDiagnostics[0]?.message ?? '', /line 2: move it to the very first line/);
  });

  it('reports an unclosed front matter at the opening fence', () => {
    const parsed = parsePlan('---\nplan_id: abc\nstatus: draft\n\nBody text\n');
    assert.equal(parsed.entries, null);
    assert.deepEqual(
      parsed.syntaxDiagnostics.map((d) => [d.code, d.range.start.line]),
      [['front-matter-unclosed', 0]],
    );
  });

  it('accepts fences with trailing spaces but not other text', () => {
    assert.deepEqual(parsePlan('---  \nplan_id: abc\n--- \t\nBody\n').syntaxDiagnostics, []);
    assert.equal(parsePlan('--- yaml\nplan_id: abc\n---\nBody\n').syntaxDiagnostics[0]?.code, 'front-matter-missing');
  });

  it('reports an unterminated quote at the opening quote, with a fix', () => {
    const parsed = parsePlan(planText(['plan_id: abc', "notes: 'unterminated", 'status: draft']));
    assert.equal(parsed.entries, null);
    const d = parsed.syntaxDiagnostics[0];
    assert.equal(d?.code, 'yaml-syntax');
    assert.equal(d?.severity, 'error');
    // YAML notices at the closing fence; the diagnostic points back at the opening quote.
    assert.deepEqual(d?.range, { start: { line: 2, character: 7 }, end: { line: 2, character: 20 } });
    assert.match(d?.message ?? '', /Close the quote/);
  });

  it('points a nested-mapping error at its own line and says to quote the value', () => {
    const parsed = parsePlan(planText(['plan_id: abc', 'notes: see: here']));
    const d = parsed.syntaxDiagnostics[0];
    assert.equal(d?.code, 'yaml-syntax');
    assert.equal(d?.range.start.line, 2);
    assert.match(d?.message ?? '', /quoted/);
  });

  it('reports an unclosed flow list at the last content, not the closing fence', () => {
    const parsed = parsePlan(planText(['plan_id: abc', 'evaluation_notes: [a, b']));
    const d = parsed.syntaxDiagnostics[0];
    assert.equal(d?.code, 'yaml-syntax');
    assert.equal(d?.range.start.line, 2);
    assert.match(d?.message ?? '', /Close the '\['/);
  });

  it('reports tab indentation as a YAML error with the fix', () => {
    const parsed = parsePlan(planText(['evaluation_notes:', '\t- a']));
    assert.equal(parsed.syntaxDiagnostics[0]?.code, 'yaml-syntax');
    assert.match(parsed.syntaxDiagnostics[0]?.message ?? '', /spaces/);
  });

  it('reports a front matter that is a list rather than a mapping', () => {
    const parsed = parsePlan(planText(['- plan_id', '- status']));
    assert.equal(parsed.entries, null);
    const d = parsed.syntaxDiagnostics[0];
    assert.equal(d?.code, 'front-matter-not-mapping');
    assert.deepEqual(d?.range.start, { line: 1, character: 0 });
    assert.match(d?.message ?? '', /a list/);
  });

  it('reads an empty front matter as a mapping with no keys', () => {
    const parsed = parsePlan('---\n---\nBody\n');
    assert.deepEqual(parsed.entries, []);
    assert.deepEqual(parsed.syntaxDiagnostics, []);
    assert.deepEqual(parsePlan('---\n# only a comment\n---\nBody\n').entries, []);
  });

  it('reports a duplicate key on the second occurrence', () => {
    const parsed = parsePlan(planText(['status: draft', 'plan_id: abc', 'status: ready']));
    const d = parsed.syntaxDiagnostics[0];
    assert.equal(d?.code, 'duplicate-key');
    assert.deepEqual(d?.range, { start: { line: 3, character: 0 }, end: { line: 3, character: 6 } });
    assert.deepEqual(d?.data, { key: 'status' });
    assert.match(d?.message ?? '', /line 2/);
    assert.equal(parsed.entries?.length, 3);
  });

  it('gives sequence items their own ranges and excludes trailing comment lines from the value', () => {
    const parsed = parsePlan(planText(['evaluation_notes:', '  - first', '  - 42', '# about status', 'status: draft']));
    const notes = parsed.entries?.[0];
    assert.deepEqual(
      notes?.items?.map((i) => [i.value, i.range.start.line, i.range.start.character, i.range.end.character]),
      [
        ['first', 2, 4, 9],
        [42, 3, 4, 6],
      ],
    );
    assert.deepEqual(notes?.lines, [1, 3]);
    assert.deepEqual(notes?.valueRange.end, { line: 3, character: 6 });
  });
});
