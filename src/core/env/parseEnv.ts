/**
 * Env files (`.env`) parsed without I/O, with the semantics of dotenv (the library python-dotenv users and node users
 * know): `KEY=value`, optional `export `, `#` comments, single/double/backtick quotes (double quotes expand \n and \r),
 * quoted values spanning lines. Unlike dotenv, which silently skips what it cannot read, every line that is not
 * KEY=VALUE becomes a diagnostic with its line number and fix; test/unit/env checks values agree with dotenv.parse.
 */

export type EnvDiagnosticCode = 'invalid-line' | 'invalid-key' | 'unterminated-quote' | 'text-after-quote' | 'duplicate-key';

export interface EnvDiagnostic {
  readonly code: EnvDiagnosticCode;
  readonly severity: 'error' | 'warning';
  /** 1-based. */
  readonly line: number;
  /** Says what is wrong and how to fix it; never contains the line's value (it may be a secret). */
  readonly message: string;
}

export interface EnvEntry {
  readonly key: string;
  readonly value: string;
  readonly line: number;
}

export interface ParsedEnv {
  /** Last definition wins, as in dotenv. */
  readonly values: Readonly<Record<string, string>>;
  readonly entries: readonly EnvEntry[];
  readonly diagnostics: readonly EnvDiagnostic[];
}

const KEY_START = /^[ \t]*(?:export[ \t]+)?([^\s=#]*)[ \t]*=/;
const VALID_KEY = /^[\w.-]+$/;

/** Parses env-file text; never throws. `label` names the file in messages (e.g. `.env.local`). */
export function parseEnvText(text: string, label = '.env'): ParsedEnv {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const entries: EnvEntry[] = [];
  const diagnostics: EnvDiagnostic[] = [];
  const values: Record<string, string> = Object.create(null) as Record<string, string>;
  const seen = new Map<string, number>();
  const fail = (code: EnvDiagnosticCode, line: number, message: string): void => {
    diagnostics.push({ code, severity: code === 'duplicate-key' ? 'warning' : 'error', line, message: `${label} line ${line}: ${message}` });
  };

  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const raw = lines[i]!;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const m = KEY_START.exec(raw);
    if (!m) {
      fail('invalid-line', lineNo, 'is not KEY=VALUE. Fix: write it as NAME=value, or start it with # to make it a comment.');
      continue;
    }
    const key = m[1]!;
    if (!VALID_KEY.test(key)) {
      fail('invalid-key', lineNo, `"${key.slice(0, 40)}" is not a valid variable name. Fix: use letters, digits and _ (e.g. OPENROUTER_API_KEY=...).`);
      continue;
    }
    let rest = raw.slice(m[0].length).replace(/^[ \t]+/, '');
    let value: string;
    const quote = rest[0];
    if (quote === '"' || quote === "'" || quote === '`') {
      // A quoted value may span lines: collect until the closing quote.
      let body = rest.slice(1);
      let close = findClose(body, quote);
      let end = i;
      while (close < 0 && end + 1 < lines.length) {
        end++;
        body += `\n${lines[end]!}`;
        close = findClose(body, quote);
      }
      if (close < 0) {
        fail('unterminated-quote', lineNo, `the value of ${key} opens a ${quote} quote that is never closed. Fix: add the closing ${quote}.`);
        continue;
      }
      const after = body.slice(close + 1).trim();
      if (after !== '' && !after.startsWith('#')) {
        fail('text-after-quote', end + 1, `${key} has text after its closing quote. Fix: remove it, or put a # before a comment.`);
        i = end;
        continue;
      }
      value = body.slice(0, close);
      if (quote === '"') value = value.replace(/\\n/g, '\n').replace(/\\r/g, '\r');
      i = end;
    } else {
      // Unquoted: everything up to a # is the value, trimmed (dotenv's rule, so `a#b` is `a`).
      const hash = rest.indexOf('#');
      if (hash >= 0) rest = rest.slice(0, hash);
      value = rest.trim();
    }
    const before = seen.get(key);
    if (before !== undefined) fail('duplicate-key', lineNo, `${key} is already set on line ${before}; this later value wins. Fix: keep one definition.`);
    seen.set(key, lineNo);
    values[key] = value;
    entries.push({ key, value, line: lineNo });
  }
  return { values: { ...values }, entries, diagnostics };
}

/** Index of the closing quote in `body` (a backslash escapes a double quote, as in dotenv), or -1. */
function findClose(body: string, quote: string): number {
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '\\' && quote === '"') {
      i++;
      continue;
    }
    if (body[i] === quote) return i;
  }
  return -1;
}
