/**
 * Env files (`.env`) parsed without I/O, with the semantics of dotenv (the library python-dotenv users and node users
 * know): `KEY=value`, optional `export `, `#` comments, single/double/backtick quotes (double quotes expand \n and \r),
 * quoted values spanning lines. Unlike dotenv, which silently skips what it cannot read, every line that is not
 * KEY=VALUE becomes a diagnostic with its line number and fix; test/unit/env checks values agree with dotenv.parse.
 */

import { MAX_ENV_BYTES, describeSize, utf8ByteLength } from '../limits/inputSize';

export type EnvDiagnosticCode = 'file-too-large' | 'invalid-line' | 'invalid-key' | 'unterminated-quote' | 'text-after-quote' | 'duplicate-key';

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

type Quote = '"' | "'" | '`';

/**
 * Parses env-file text; never throws. `label` names the file in messages (e.g. `.env.local`). `sizeBytes` is the
 * file's size when the caller read only its start; over MAX_ENV_BYTES the file is refused with one diagnostic.
 * Linear in the size of the text, whatever it holds: a quote left open used to rescan the rest of the file once per
 * line (800 KB took minutes).
 */
export function parseEnvText(text: string, label = '.env', sizeBytes = utf8ByteLength(text)): ParsedEnv {
  if (sizeBytes > MAX_ENV_BYTES) {
    const message = `${label} line 1: the file is ${describeSize(sizeBytes)}, over the ${describeSize(MAX_ENV_BYTES)} LW Coder reads from an env file, so it was not read. Fix: keep only the KEY=value lines the agent needs (an env file is usually under 1 KiB), and check that it is not a link to a large file.`;
    return { values: {}, entries: [], diagnostics: [{ code: 'file-too-large', severity: 'error', line: 1, message }] };
  }
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  // Quoted values may span lines; they are read from the lines joined with \n, addressed by each line's start offset.
  const joined = lines.join('\n');
  const lineStart: number[] = new Array<number>(lines.length + 1);
  lineStart[0] = 0;
  for (let i = 0; i < lines.length; i++) lineStart[i + 1] = lineStart[i]! + lines[i]!.length + 1;
  // Where a scan for each quote found no close: a later opening of the same quote cannot find one either (see findClose).
  const unclosedFrom: Partial<Record<Quote, number>> = {};
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
      // A quoted value may span lines: it ends at the closing quote, wherever that is.
      const start = lineStart[i]! + (raw.length - rest.length) + 1;
      const known = unclosedFrom[quote];
      const close = known !== undefined && known <= start ? -1 : findClose(joined, start, quote);
      if (close < 0) {
        unclosedFrom[quote] = Math.min(start, known ?? start);
        fail('unterminated-quote', lineNo, `the value of ${key} opens a ${quote} quote that is never closed. Fix: add the closing ${quote}.`);
        continue;
      }
      let end = i;
      while (lineStart[end + 1]! <= close) end++;
      const after = joined.slice(close + 1, lineStart[end + 1]! - 1).trim();
      if (after !== '' && !after.startsWith('#')) {
        fail('text-after-quote', end + 1, `${key} has text after its closing quote. Fix: remove it, or put a # before a comment.`);
        i = end;
        continue;
      }
      value = joined.slice(start, close);
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

/**
 * Offset of the closing quote at or after `from` (a backslash escapes a double quote, as in dotenv), or -1.
 * When a scan from `from` finds none, a scan from any later opening quote q of the same kind finds none either: this
 * scan either stopped at q (then q would be the close) or stepped over it as escaped and went on from q + 1, exactly
 * where the later scan starts. So the caller remembers a failed scan instead of repeating it.
 */
function findClose(text: string, from: number, quote: Quote): number {
  if (quote !== '"') return text.indexOf(quote, from);
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c /* \\ */) i++;
    else if (c === 0x22 /* " */) return i;
  }
  return -1;
}
