import { MarkupKind, type Hover } from 'vscode-languageserver/node';
import { closestMatch, KEY_DOCS, PLAN_KEYS } from '../core/plan/keys';
import { readString } from '../core/plan/scalar';
import type { FrontMatterEntry, ParsedPlan, PlanKey, Position, Range } from '../core/plan/types';
import { ZERO_SHA } from '../core/plan/types';
import type { CommitInfo } from '../core/ports/git';

const SHA = /^[0-9a-fA-F]{40}$/;

export function contains(range: Range, p: Position): boolean {
  const afterStart = p.line > range.start.line || (p.line === range.start.line && p.character >= range.start.character);
  const beforeEnd = p.line < range.end.line || (p.line === range.end.line && p.character <= range.end.character);
  return afterStart && beforeEnd;
}

/** Markdown for a commit: subject first (what people recognise), then author and date, then the full sha. */
export function commitMarkdown(info: CommitInfo): string {
  return `**${escapeMarkdown(info.subject)}**\n\n${escapeMarkdown(info.author)} · ${info.date}\n\n\`${info.sha}\``;
}

function escapeMarkdown(s: string): string {
  return s.replace(/[\\`*_{}[\]<>()#+!|~]/g, (c) => `\\${c}`);
}

/** How the server can learn about a commit; undefined when the plan is not in a git repository. */
export type CommitLookup = ((sha: string) => Promise<CommitInfo | undefined>) | undefined;

/** Hover on a front-matter key (its documentation) or on the git_sha value (the commit it names). */
export async function planHover(parsed: ParsedPlan, position: Position, commit: CommitLookup, trusted = true): Promise<Hover | null> {
  const entry = parsed.entries?.find((e) => contains(e.keyRange, position) || contains(e.valueRange, position));
  if (!entry) return null;
  if (contains(entry.keyRange, position)) return keyHover(entry);
  if (entry.key === 'git_sha') return shaHover(entry, commit, trusted);
  return null;
}

function keyHover(entry: FrontMatterEntry): Hover {
  const known = (PLAN_KEYS as readonly string[]).includes(entry.key);
  let value: string;
  if (known) {
    const doc = KEY_DOCS[entry.key as PlanKey];
    value = `**${entry.key}** — ${doc.summary}\n\nValue: ${doc.valueHint}`;
  } else {
    const suggestion = closestMatch(entry.key, PLAN_KEYS);
    value = `**${escapeMarkdown(entry.key)}** is not a plan key${suggestion ? ` — did you mean \`${suggestion}\`?` : '.'}`;
  }
  return { contents: { kind: MarkupKind.Markdown, value }, range: entry.keyRange };
}

async function shaHover(entry: FrontMatterEntry, commit: CommitLookup, trusted: boolean): Promise<Hover | null> {
  const sha = readString(entry);
  if (sha === null) return null;
  let value: string;
  if (sha === ZERO_SHA) value = "All-zero placeholder: allowed while the plan is `draft`. Set it to a real commit before `ready`.";
  else if (!SHA.test(sha)) value = `\`${escapeMarkdown(sha)}\` is not a 40-character commit sha.`;
  else if (!trusted) value = `\`${sha}\`\n\nThis workspace is not trusted, so LW Coder does not run git to look the commit up. Trust the workspace to see it.`;
  else if (!commit) value = `\`${sha}\`\n\nThis plan is not inside a git repository, so the commit cannot be looked up.`;
  else {
    const info = await commit(sha.toLowerCase());
    value = info
      ? commitMarkdown(info)
      : `\`${sha}\`\n\nUnresolved: no commit with this sha in this repository. Fetch it ('git fetch') or set git_sha to an existing commit.`;
  }
  return { contents: { kind: MarkupKind.Markdown, value }, range: entry.valueRange };
}
