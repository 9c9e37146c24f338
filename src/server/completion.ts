import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem } from 'vscode-languageserver/node';
import { KEY_DOCS, PLAN_KEYS } from '../core/plan/keys';
import type { ParsedPlan, PlanStatus, Position } from '../core/plan/types';
import { PLAN_STATUSES, REQUIRED_KEYS } from '../core/plan/types';
import type { CommitInfo } from '../core/ports/git';
import { cursorInFrontMatter, keysPresent, type FrontMatterCursor } from './frontMatterCursor';
import { commitMarkdown } from './hover';

const STATUS_DOCS: Record<PlanStatus, string> = {
  draft: 'Being written. git_sha may still be all zeros.',
  ready: 'Written and ready to run.',
  coding: 'An agent is working on it in its worktree.',
  implemented: 'The agent finished; the result awaits review.',
  done: 'Reviewed and merged.',
  abandoned: 'Given up; kept for the record.',
};

/** After a key whose value we can suggest, reopen the suggestions so the user picks the value next. */
const SUGGEST_AGAIN = { title: 'Suggest value', command: 'editor.action.triggerSuggest' };

/** What the cursor position in a plan may complete to. `head` is asked for only when a git_sha value is being typed. */
export async function planCompletions(
  parsed: ParsedPlan,
  position: Position,
  head: () => Promise<CommitInfo | undefined>,
): Promise<CompletionItem[]> {
  const cursor = cursorInFrontMatter(parsed, position);
  switch (cursor.kind) {
    case 'key':
      return keyItems(parsed, cursor);
    case 'value':
      if (cursor.key === 'status') return statusItems(cursor);
      if (cursor.key === 'git_sha') {
        const info = await head();
        return info ? [headItem(info, cursor)] : [];
      }
      return [];
    case 'none':
      return [];
  }
}

function keyItems(parsed: ParsedPlan, cursor: Extract<FrontMatterCursor, { kind: 'key' }>): CompletionItem[] {
  const present = keysPresent(parsed, cursor.line);
  return PLAN_KEYS.filter((key) => !present.has(key)).map((key, i) => {
    const doc = KEY_DOCS[key];
    const required = (REQUIRED_KEYS as readonly string[]).includes(key);
    const chains = !cursor.hasColon && (key === 'status' || key === 'git_sha');
    return {
      label: key,
      kind: CompletionItemKind.Property,
      detail: required ? 'required' : 'optional',
      documentation: { kind: MarkupKind.Markdown, value: `${doc.summary}\n\nValue: ${doc.valueHint}` },
      sortText: String(i).padStart(2, '0'),
      insertTextFormat: InsertTextFormat.PlainText,
      textEdit: { range: cursor.range, newText: cursor.hasColon ? key : `${key}: ` },
      ...(chains ? { command: SUGGEST_AGAIN } : {}),
    };
  });
}

function statusItems(cursor: Extract<FrontMatterCursor, { kind: 'value' }>): CompletionItem[] {
  const lead = cursor.needsSpace ? ' ' : '';
  return PLAN_STATUSES.map((status, i) => ({
    label: status,
    kind: CompletionItemKind.EnumMember,
    documentation: STATUS_DOCS[status],
    sortText: String(i),
    // The filter compares against the typed token, which has no leading space.
    filterText: status,
    textEdit: { range: cursor.range, newText: lead + status },
  }));
}

function headItem(info: CommitInfo, cursor: Extract<FrontMatterCursor, { kind: 'value' }>): CompletionItem {
  // Typing the start of the sha should keep the item; so should typing "HEAD".
  const filterText = cursor.typed !== '' && info.sha.startsWith(cursor.typed.toLowerCase()) ? info.sha : 'HEAD';
  return {
    label: 'HEAD',
    labelDetails: { detail: ` ${info.sha.slice(0, 7)}`, description: info.subject },
    kind: CompletionItemKind.Reference,
    detail: info.sha,
    documentation: { kind: MarkupKind.Markdown, value: commitMarkdown(info) },
    filterText,
    preselect: true,
    textEdit: { range: cursor.range, newText: (cursor.needsSpace ? ' ' : '') + info.sha },
  };
}
