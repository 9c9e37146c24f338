import { CodeActionKind, type CodeAction, type Diagnostic, type TextEdit } from 'vscode-languageserver/node';
import { PlanEditError, removeKeyEdit, setValueEdit } from '../core/plan/edit';
import type { ParsedPlan } from '../core/plan/types';
import { PLAN_ID_PATTERN } from '../core/plan/types';
import type { CommitInfo } from '../core/ports/git';
import { DIAGNOSTIC_SOURCE } from './lspDiagnostics';

export interface QuickFixContext {
  readonly uri: string;
  readonly parsed: ParsedPlan;
  /** The plan's file name, for a missing plan_id. */
  readonly fileName: string;
  /** HEAD of the plan's repository; asked only when a fix needs it, undefined outside git. */
  readonly head: () => Promise<CommitInfo | undefined>;
}

const GIT_SHA_CODES = new Set(['git-sha-format', 'git-sha-unresolved', 'git-sha-zero-not-draft', 'git-sha-type']);

/**
 * Quick fixes for the diagnostics the client sent back. Every edit comes from the core's byte-preserving edit
 * functions, so a fix changes one value (or removes one key) and leaves the rest of the file as it was.
 */
export async function planQuickFixes(ctx: QuickFixContext, diagnostics: readonly Diagnostic[]): Promise<CodeAction[]> {
  const actions: CodeAction[] = [];
  for (const d of diagnostics) {
    if (d.source !== DIAGNOSTIC_SOURCE) continue;
    const data = (d.data ?? {}) as Record<string, string | undefined>;
    const fix = (title: string, makeEdit: () => TextEdit | undefined, isPreferred = true): void => {
      const edit = tryEdit(makeEdit);
      if (!edit) return;
      actions.push({ title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred, edit: { changes: { [ctx.uri]: [edit] } } });
    };
    const code = String(d.code ?? '');
    if (GIT_SHA_CODES.has(code)) {
      if (code === 'git-sha-format' && data.normalized) {
        const lower = data.normalized;
        fix(`Write git_sha in lower case`, () => setValueEdit(ctx.parsed, 'git_sha', lower));
      }
      const head = await ctx.head();
      if (head) fix(`Set git_sha to HEAD (${head.sha.slice(0, 7)} ${head.subject})`, () => setValueEdit(ctx.parsed, 'git_sha', head.sha), !data.normalized);
    } else if (code === 'status-not-normalized' || code === 'status-invalid') {
      const status = data.normalized ?? data.suggestion;
      if (status) fix(`Normalise status to '${status}'`, () => setValueEdit(ctx.parsed, 'status', status));
    } else if (code === 'unknown-key' && data.key !== undefined) {
      const key = data.key;
      // The diagnostic sits on the key, so its line tells which one to drop when the key is written twice.
      fix(`Remove unknown key '${key}'`, () => removeKeyEdit(ctx.parsed, key, d.range.start.line));
    } else if (code === 'missing-key' && data.key !== undefined) {
      const key = data.key;
      const value = await missingKeyDefault(key, ctx);
      if (value !== undefined) fix(`Add missing key '${key}'`, () => setValueEdit(ctx.parsed, key, value));
    }
  }
  return actions;
}

/** The edit, or undefined when the core declines (a flow-style front matter, a key written twice): no fix then. */
function tryEdit(make: () => TextEdit | undefined): TextEdit | undefined {
  try {
    return make();
  } catch (error) {
    if (error instanceof PlanEditError) return undefined;
    throw error;
  }
}

/** A value a missing key can sensibly start with; none when it has to come from the user. */
async function missingKeyDefault(key: string, ctx: QuickFixContext): Promise<string | undefined> {
  switch (key) {
    case 'status':
      return 'draft';
    case 'git_sha':
      return (await ctx.head())?.sha;
    case 'plan_id': {
      // The file name is what plan-id-filename would ask for anyway.
      const id = ctx.fileName.replace(/\.md$/i, '');
      return PLAN_ID_PATTERN.test(id) ? id : undefined;
    }
    default:
      return undefined;
  }
}
