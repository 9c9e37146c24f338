/**
 * The plan model: lw_coder's unit of work. A plan is markdown with YAML front matter.
 * Everything here is pure data; parsing lives in parse.ts, rules in validate.ts, byte-preserving edits in edit.ts.
 */

export const PLAN_STATUSES = ['draft', 'ready', 'coding', 'implemented', 'done', 'abandoned'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

/** Keys a plan's front matter may hold; any other key is an error. */
export const REQUIRED_KEYS = ['plan_id', 'git_sha', 'status'] as const;
export const OPTIONAL_KEYS = ['evaluation_notes', 'linear_issue_id', 'created_by', 'created_at', 'notes'] as const;
export type PlanKey = (typeof REQUIRED_KEYS)[number] | (typeof OPTIONAL_KEYS)[number];

export const PLAN_ID_PATTERN = /^[a-zA-Z0-9._-]{3,100}$/;
export const ZERO_SHA = '0000000000000000000000000000000000000000';

/** Zero-based position, as LSP counts it (character = UTF-16 code units). The CLI adds 1 for humans. */
export interface Position {
  readonly line: number;
  readonly character: number;
}
export interface Range {
  readonly start: Position;
  readonly end: Position;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** Stable diagnostic codes: tests, quick fixes and `--json` consumers key on these. */
export type PlanDiagnosticCode =
  | 'front-matter-missing' // file does not start with '---'
  | 'front-matter-unclosed' // no closing '---'
  | 'yaml-syntax' // the YAML parser rejected the front matter
  | 'front-matter-not-mapping' // YAML is valid but not a key/value mapping
  | 'duplicate-key'
  | 'unknown-key'
  | 'missing-key'
  | 'plan-id-type'
  | 'plan-id-pattern'
  | 'plan-id-unsafe' // matches the pattern but is not a safe directory/branch name ('.', '..', '.lock', leading '-', ...)
  | 'plan-id-duplicate' // another plan in the tasks folder has the same plan_id
  | 'plan-id-filename' // warning: file name is not <plan_id>.md
  | 'git-sha-type'
  | 'git-sha-format'
  | 'git-sha-zero-not-draft'
  | 'git-sha-unresolved' // does not resolve to a commit in the repository
  | 'status-type'
  | 'status-invalid'
  | 'status-not-normalized' // hint: valid but not lower case ('Draft')
  | 'evaluation-notes-type'
  | 'evaluation-notes-item'
  | 'optional-field-type'
  | 'body-empty'
  | 'plan-file-not-regular' // a directory, FIFO, socket or device (or a link to one): not read
  | 'plan-file-too-large' // over MAX_PLAN_BYTES: not read
  | 'plan-file-outside-repository' // a link resolving outside the repository: not read
  | 'plan-file-unreadable'; // permissions, a dangling link, a link loop

export interface PlanDiagnostic {
  readonly code: PlanDiagnosticCode;
  readonly severity: Severity;
  /** Says what is wrong and how to fix it. */
  readonly message: string;
  readonly range: Range;
  /** For quick fixes: e.g. the key to remove, the normalised status. */
  readonly data?: Readonly<Record<string, string>>;
}

/**
 * How a value is written. `plain` scalars matter: string-typed keys read them as their source text, so
 * `git_sha: 0000…` is the zero sha and not the number 0 (see `sourceText`). `empty` is `key:` with nothing after it.
 */
export type ValueStyle = 'plain' | 'single-quoted' | 'double-quoted' | 'block-scalar' | 'sequence' | 'mapping' | 'alias' | 'empty';

/** A sequence item, for rules that judge items one by one (evaluation_notes). */
export interface FrontMatterItem {
  readonly value: unknown;
  readonly style: ValueStyle;
  /** The scalar's text before YAML typed it (`42` for the number 42); undefined for collections. */
  readonly sourceText?: string;
  readonly range: Range;
}

/** One front-matter entry as written, with where its key and value sit in the file. */
export interface FrontMatterEntry {
  readonly key: string;
  /** The YAML value converted to JS (string, number, boolean, null, array, object). */
  readonly value: unknown;
  readonly keyRange: Range;
  readonly keyOffsets: readonly [number, number];
  /** The value's range; for an absent value (`key:`) it is an empty range right after the colon. */
  readonly valueRange: Range;
  /** Offsets into the full text (after BOM, counted in UTF-16 units like JS strings); trailing comments excluded. */
  readonly valueOffsets: readonly [number, number];
  readonly style: ValueStyle;
  /** True for a plain (unquoted) scalar, whose `value` YAML may have typed as a number, boolean or null. */
  readonly plain: boolean;
  /** A scalar's string before YAML typed it (folded like YAML folds it); undefined for collections and aliases. */
  readonly sourceText?: string;
  /** First and last line of the entry (key line through the value's last line), for removing it whole. */
  readonly lines: readonly [number, number];
  /** Ranges of the items when the value is a sequence. */
  readonly itemRanges?: readonly Range[];
  readonly items?: readonly FrontMatterItem[];
}

/** Where the front matter sits; present when both fences were found, even if the YAML inside is broken. */
export interface FrontMatterBlock {
  readonly openFenceRange: Range;
  readonly closeFenceRange: Range;
  /** Offset where the closing fence line starts: new keys are inserted there. */
  readonly closeFenceOffset: number;
  /** Offsets of the YAML between the fences. */
  readonly contentOffsets: readonly [number, number];
  /** The mapping is written in flow style (`{a: 1}`): whole-line edits would break it. */
  readonly flow: boolean;
}

export interface ParsedPlan {
  readonly text: string;
  readonly hasBom: boolean;
  readonly eol: '\n' | '\r\n';
  /** null when the front matter could not be located or parsed (a syntax diagnostic says why). */
  readonly entries: readonly FrontMatterEntry[] | null;
  /** Range of the front matter block, fences included; null when missing. */
  readonly frontMatterRange: Range | null;
  readonly body: string;
  readonly bodyRange: Range;
  /** Syntax-level diagnostics (front matter missing/unclosed, YAML errors, duplicate keys). */
  readonly syntaxDiagnostics: readonly PlanDiagnostic[];
  /** Fences and YAML location; null when the front matter is missing or unclosed. */
  readonly frontMatter: FrontMatterBlock | null;
  /** Start offset of every line of `text`, computed once and shared by every range conversion (see lsp.ts). */
  readonly lineStarts: readonly number[];
}

/** Plan fields after validation, when they have the right shapes. */
export interface PlanFields {
  readonly planId: string | null;
  readonly gitSha: string | null;
  /** Normalised to lower case when valid. */
  readonly status: PlanStatus | null;
  readonly evaluationNotes: readonly string[];
  readonly linearIssueId?: string;
  readonly createdBy?: string;
  readonly createdAt?: string;
  readonly notes?: string;
}

/**
 * What validation needs from outside the file, gathered by the caller (app layer, server) through ports
 * so the core stays pure.
 */
export interface PlanValidationContext {
  /** The plan's file name (basename), for the `plan-id-filename` check. */
  readonly fileName?: string;
  /** Other plan files in the same tasks folder with the same plan_id (their paths); empty or absent when unique. */
  readonly duplicatePaths?: readonly string[];
  /** Whether a sha names a commit: true/false when known, undefined when git could not be asked (skip the check). */
  readonly commitExists?: (sha: string) => boolean | undefined;
}

export interface ValidatedPlan {
  readonly parsed: ParsedPlan;
  readonly fields: PlanFields;
  /** Syntax and rule diagnostics together, in file order. */
  readonly diagnostics: readonly PlanDiagnostic[];
  /** No diagnostic of severity error. */
  readonly valid: boolean;
}
