import { closestMatch, PLAN_KEYS } from './keys';
import { parsePlan } from './parse';
import { planIdProblem } from './planId';
import { describeKind, readString } from './scalar';
import type {
  FrontMatterEntry,
  ParsedPlan,
  PlanDiagnostic,
  PlanDiagnosticCode,
  PlanFields,
  PlanStatus,
  PlanValidationContext,
  Range,
  Severity,
  ValidatedPlan,
} from './types';
import { OPTIONAL_KEYS, PLAN_STATUSES, REQUIRED_KEYS, ZERO_SHA } from './types';

export { findDuplicatePlanIds } from './planId';

const STATUS_LIST = PLAN_STATUSES.join(', ');
const LOWER_SHA = /^[0-9a-f]{40}$/;
const ANY_CASE_SHA = /^[0-9a-fA-F]{40}$/;
const HOW_TO_GET_SHA = "Run 'git rev-parse HEAD' for the current commit's sha";
const how_to_get_sha = "run 'git rev-parse HEAD' for the current commit's sha";
const STRING_KEYS = ['linear_issue_id', 'created_by', 'created_at', 'notes'] as const;

export function validatePlanText(text: string, ctx?: PlanValidationContext): ValidatedPlan {
  return validatePlan(parsePlan(text), ctx);
}

/** The plan_id as written when it is a string (no rule checked): cheap, for grouping plans before validation. */
export function planIdOf(parsed: ParsedPlan): string | null {
  const entry = parsed.entries?.find((e) => e.key === 'plan_id');
  return entry ? readString(entry) : null;
}

export function validatePlan(parsed: ParsedPlan, ctx: PlanValidationContext = {}): ValidatedPlan {
  const diagnostics: PlanDiagnostic[] = [...parsed.syntaxDiagnostics];
  const report = (
    code: PlanDiagnosticCode,
    severity: Severity,
    range: Range,
    message: string,
    data?: Record<string, string>,
  ): void => {
    diagnostics.push(data ? { code, severity, range, message, data } : { code, severity, range, message });
  };
  const fields: Mutable<PlanFields> = { planId: null, gitSha: null, status: null, evaluationNotes: [] };
  const block = parsed.frontMatter;

  if (parsed.entries !== null && block !== null) {
    const byKey = new Map<string, FrontMatterEntry>();
    for (const entry of parsed.entries) if (!byKey.has(entry.key)) byKey.set(entry.key, entry);
    // Where to point when a value is absent: an empty range after the colon is invisible in an editor.
    const at = (e: FrontMatterEntry): Range => (e.style === 'empty' ? e.keyRange : e.valueRange);

    for (const entry of parsed.entries) {
      if ((PLAN_KEYS as readonly string[]).includes(entry.key)) continue;
      const suggestion = closestMatch(entry.key, PLAN_KEYS);
      const hint = suggestion ? `Did you mean '${suggestion}'? ` : '';
      report(
        'unknown-key',
        'error',
        entry.keyRange,
        `Unknown key '${entry.key}'. ${hint}A plan may only hold ${PLAN_KEYS.join(', ')}: rename or remove it.`,
        suggestion ? { key: entry.key, suggestion } : { key: entry.key },
      );
    }
    for (const key of REQUIRED_KEYS) {
      if (byKey.has(key)) continue;
      report('missing-key', 'error', block.openFenceRange, missingKeyMessage(key, ctx, parsed), { key });
    }

    const statusEntry = byKey.get('status');
    if (statusEntry) {
      const status = readString(statusEntry);
      if (status === null) {
        report('status-type', 'error', at(statusEntry), `status is ${describeKind(statusEntry)}; set it to one of ${STATUS_LIST}.`);
      } else {
        const lower = status.toLowerCase();
        if ((PLAN_STATUSES as readonly string[]).includes(lower)) {
          fields.status = lower as PlanStatus;
          if (status !== lower) {
            report('status-not-normalized', 'hint', statusEntry.valueRange, `Write status in lower case: '${lower}'.`, {
              normalized: lower,
            });
          }
        } else {
          const suggestion = closestMatch(lower, PLAN_STATUSES);
          report(
            'status-invalid',
            'error',
            statusEntry.valueRange,
            `status '${status}' is not one of ${STATUS_LIST}.${suggestion ? ` Did you mean '${suggestion}'?` : ''}`,
            suggestion ? { suggestion } : undefined,
          );
        }
      }
    }

    const idEntry = byKey.get('plan_id');
    if (idEntry) {
      const id = readString(idEntry);
      if (id === null) {
        report('plan-id-type', 'error', at(idEntry), `plan_id is ${describeKind(idEntry)}; set it to the file name without '.md', e.g. 'plan_id: add-login-page'.`);
      } else {
        const problem = planIdProblem(id);
        if (problem) report(problem.code, 'error', idEntry.valueRange, problem.message);
        else fields.planId = id;
        const duplicates = ctx.duplicatePaths ?? [];
        if (duplicates.length > 0) {
          report(
            'plan-id-duplicate',
            'error',
            idEntry.valueRange,
            `Another plan uses plan_id '${id}' (or one differing only in letter case, which collides as a directory ` +
              `and branch on case-insensitive file systems): ${duplicates.join(', ')}. Give each plan a unique plan_id.`,
            { paths: duplicates.join('\n') },
          );
        }
        const fileName = ctx.fileName?.split(/[\\/]/).pop();
        // Only a usable id can name the file: "rename it to '../evil.md'" would be nonsense advice.
        if (!problem && fileName !== undefined && fileName !== `${id}.md`) {
          report(
            'plan-id-filename',
            'warning',
            idEntry.valueRange,
            `The file is named '${fileName}' but plan_id is '${id}'. Rename the file to '${id}.md', or set plan_id to match the file name.`,
            { expected: `${id}.md` },
          );
        }
      }
    }

    const shaEntry = byKey.get('git_sha');
    if (shaEntry) {
      const sha = readString(shaEntry);
      if (sha === null) {
        report('git-sha-type', 'error', at(shaEntry), `git_sha is ${describeKind(shaEntry)}; set it to a 40-character commit sha. ${HOW_TO_GET_SHA}, or use ${ZERO_SHA} while the plan is a draft.`);
      } else if (!LOWER_SHA.test(sha)) {
        const upper = ANY_CASE_SHA.test(sha);
        report(
          'git-sha-format',
          'error',
          shaEntry.valueRange,
          upper
            ? `git_sha must be written in lower case: '${sha.toLowerCase()}'.`
            : `git_sha '${sha}' ${shaFormatProblem(sha)}; a commit sha is exactly 40 hex characters (0-9, a-f). ${HOW_TO_GET_SHA}.`,
          upper ? { normalized: sha.toLowerCase() } : undefined,
        );
      } else {
        fields.gitSha = sha;
        if (sha === ZERO_SHA) {
          if (fields.status !== null && fields.status !== 'draft') {
            report(
              'git-sha-zero-not-draft',
              'error',
              shaEntry.valueRange,
              `The all-zero git_sha is a placeholder allowed only while status is 'draft'. Set git_sha to a real commit (${how_to_get_sha}), or status back to draft.`,
            );
          }
        } else if (ctx.commitExists?.(sha) === false) {
          report(
            'git-sha-unresolved',
            'error',
            shaEntry.valueRange,
            `git_sha ${sha.slice(0, 12)}… does not name a commit in this repository. Fetch it ('git fetch'), or set git_sha to an existing commit; ${how_to_get_sha}.`,
          );
        }
      }
    }

    const notesEntry = byKey.get('evaluation_notes');
    if (notesEntry) fields.evaluationNotes = checkEvaluationNotes(notesEntry, at(notesEntry), report);

    for (const key of STRING_KEYS) {
      const entry = byKey.get(key);
      if (!entry) continue;
      const value = readString(entry);
      if (value === null) {
        report('optional-field-type', 'error', at(entry), `${key} is ${describeKind(entry)} but must be text: write '${key}: some text', or remove the line.`, { key });
      } else {
        fields[camel(key)] = value;
      }
    }

    if (parsed.body.trim() === '') {
      const close = block.closeFenceRange;
      const start = parsed.bodyRange.start.line > close.start.line ? parsed.bodyRange.start : close.end;
      report(
        'body-empty',
        'error',
        { start, end: parsed.bodyRange.end },
        "The plan has no body. Below the closing '---', describe the goal, context, steps and acceptance criteria: the agent works from this text.",
      );
    }
  }

  diagnostics.sort(byPosition);
  return { parsed, fields, diagnostics, valid: !diagnostics.some((d) => d.severity === 'error') };
}

type Report = (code: PlanDiagnosticCode, severity: Severity, range: Range, message: string, data?: Record<string, string>) => void;

function checkEvaluationNotes(entry: FrontMatterEntry, range: Range, report: Report): string[] {
  if (entry.style !== 'sequence' || entry.items === undefined) {
    report(
      'evaluation-notes-type',
      'error',
      range,
      `evaluation_notes is ${describeKind(entry)} but must be a list of notes: put each on its own line as '  - note' under the key, or write 'evaluation_notes: []'.`,
    );
    return [];
  }
  const notes: string[] = [];
  entry.items.forEach((item, index) => {
    const n = index + 1;
    if (typeof item.value === 'string' && item.value.trim() !== '') notes.push(item.value);
    else if (typeof item.value === 'string' || item.value === null || item.value === undefined) {
      report('evaluation-notes-item', 'error', item.range, `Note ${n} of evaluation_notes is empty: write the note, or remove the item.`, { index: String(index) });
    } else {
      const kind = item.style === 'sequence' ? 'a list' : item.style === 'mapping' ? 'a mapping' : `a ${typeof item.value}`;
      const quote = item.sourceText === undefined ? '' : ` (to keep '${item.sourceText}' as text, quote it: "${item.sourceText}")`;
      report('evaluation-notes-item', 'error', item.range, `Note ${n} of evaluation_notes is ${kind}, not text${quote}.`, { index: String(index) });
    }
  });
  return notes;
}

function shaFormatProblem(sha: string): string {
  const bad = [...sha].find((c) => !/[0-9a-fA-F]/.test(c));
  if (bad !== undefined) return `contains ${JSON.stringify(bad)}`;
  return `has ${sha.length} character${sha.length === 1 ? '' : 's'}`;
}

function missingKeyMessage(key: (typeof REQUIRED_KEYS)[number], ctx: PlanValidationContext, parsed: ParsedPlan): string {
  const typo = parsed.entries?.find((e) => closestMatch(e.key, [key]) !== undefined && e.key !== key);
  const renamed = typo ? ` (or rename '${typo.key}' to '${key}')` : '';
  switch (key) {
    case 'plan_id': {
      const fromFile = ctx.fileName?.split(/[\\/]/).pop()?.replace(/\.md$/i, '');
      return `The front matter has no plan_id. Add 'plan_id: ${fromFile ?? '<file name without .md>'}'${renamed}.`;
    }
    case 'git_sha':
      return `The front matter has no git_sha. Add 'git_sha: <40-hex commit sha>'${renamed}; ${how_to_get_sha}, or use ${ZERO_SHA} while the plan is a draft.`;
    case 'status':
      return `The front matter has no status. Add 'status: draft'${renamed}; allowed values: ${STATUS_LIST}.`;
  }
}

function camel(key: (typeof STRING_KEYS)[number]): 'linearIssueId' | 'createdBy' | 'createdAt' | 'notes' {
  return key === 'linear_issue_id' ? 'linearIssueId' : key === 'created_by' ? 'createdBy' : key === 'created_at' ? 'createdAt' : 'notes';
}

function byPosition(a: PlanDiagnostic, b: PlanDiagnostic): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

// A new optional key must get a rule in this file: this line stops compiling until STRING_KEYS or a rule covers it.
const everyOptionalKeyHasARule: Exclude<(typeof OPTIONAL_KEYS)[number], 'evaluation_notes' | (typeof STRING_KEYS)[number]> extends never
  ? true
  : false = true;
void everyOptionalKeyHasARule;
