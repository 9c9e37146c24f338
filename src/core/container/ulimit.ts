import { parseGoInt } from './goValues';

/**
 * `--ulimit NAME=SOFT[:HARD]` read as go-units ParseUlimit reads it (base-10 integers, soft ≤ hard unless hard is -1).
 * Limits are unsigned to the kernel, so any negative value is "unlimited". Unlimited values, and the limits that let a
 * process pin memory or take real-time or raised priority over the host's processes, need the user's confirmation.
 */

const NAMES = ['core', 'cpu', 'data', 'fsize', 'locks', 'memlock', 'msgqueue', 'nice', 'nofile', 'nproc', 'rss', 'rtprio', 'rttime', 'sigpending', 'stack'];
const PRIVILEGED = new Set(['memlock', 'rtprio', 'rttime', 'nice']);

export type UlimitParse =
  | { readonly ok: true; readonly name: string; readonly soft: number; readonly hard: number; readonly raises?: string }
  | { readonly ok: false; readonly why: string };

export function parseUlimit(text: string): UlimitParse {
  const eq = text.indexOf('=');
  if (eq < 0) return { ok: false, why: `'${text}' is not NAME=SOFT[:HARD]` };
  const name = text.slice(0, eq);
  if (!NAMES.includes(name)) return { ok: false, why: `'${name}' is not a ulimit (${NAMES.join(', ')})` };
  const values = text.slice(eq + 1).split(':');
  if (values.length > 2) return { ok: false, why: `'${text}' has more than SOFT:HARD` };
  const [soft, hard = soft] = values.map((v) => parseGoInt(v, 10));
  if (soft === undefined || hard === undefined) return { ok: false, why: `'${text.slice(eq + 1)}' is not SOFT[:HARD] in whole numbers` };
  if (hard !== -1 && soft > hard) return { ok: false, why: `the soft limit ${soft} is above the hard limit ${hard}` };
  const raises = soft < 0 || hard < 0
    ? `it makes ${name} unlimited`
    : PRIVILEGED.has(name) ? `it raises ${name}, which lets the agent pin memory or take priority over the host's processes` : undefined;
  return { ok: true, name, soft, hard, ...(raises ? { raises } : {}) };
}
