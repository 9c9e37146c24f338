/**
 * Option values read the way the docker CLI (Go, spf13/pflag, docker/go-units) reads them, so `docker_run_args` is
 * judged by what Docker would do with it rather than by its spelling: `--privileged=0` is off, `--pids-limit 0x0` is
 * zero, `--memory 1e3k` is a size. Each parser returns undefined where Docker would reject the value; refusing those
 * is safe, and the few Go forms not mirrored here (hexadecimal floats, say) are refused rather than guessed.
 */

/** Go's strconv.ParseBool: 1, t, T, TRUE, true, True, 0, f, F, FALSE, false, False — nothing else. */
export function parseGoBool(text: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(text)) return false;
  return undefined;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * Go's strconv.ParseInt(text, base, 64). pflag's int flags (`--pids-limit`, `--cpu-shares`) use base 0, where a
 * prefix picks the base (0x, 0o, 0b, or a bare leading 0 for octal) and underscores may separate digits; go-units'
 * ulimit values use base 10.
 */
export function parseGoInt(text: string, base: 0 | 10): number | undefined {
  let s = text;
  let negative = false;
  if (s.startsWith('+') || s.startsWith('-')) {
    negative = s.startsWith('-');
    s = s.slice(1);
  }
  let radix = 10;
  let digits = s;
  if (base === 0) {
    const prefix = s.slice(0, 2).toLowerCase();
    if (prefix === '0x') [radix, digits] = [16, s.slice(2)];
    else if (prefix === '0o') [radix, digits] = [8, s.slice(2)];
    else if (prefix === '0b') [radix, digits] = [2, s.slice(2)];
    else if (s.length > 1 && s.startsWith('0')) [radix, digits] = [8, s.slice(1)];
    if (digits.includes('_')) {
      if (!underscoresOk(s)) return undefined;
      digits = digits.replace(/_/g, '');
    }
  }
  const charset = radix === 16 ? /^[0-9a-fA-F]+$/ : radix === 8 ? /^[0-7]+$/ : radix === 2 ? /^[01]+$/ : /^[0-9]+$/;
  if (!charset.test(digits)) return undefined;
  const magnitude = BigInt(`${radix === 16 ? '0x' : radix === 8 ? '0o' : radix === 2 ? '0b' : ''}${digits}`);
  const value = negative ? -magnitude : magnitude;
  return value < INT64_MIN || value > INT64_MAX ? undefined : Number(value);
}

/** Go's underscoreOK: each underscore sits between digits (a base prefix counts as a digit). */
function underscoresOk(s: string): boolean {
  let saw = '^';
  let i = 0;
  const hex = /^0x/i.test(s);
  if (/^0[box]/i.test(s)) {
    i = 2;
    saw = '0';
  }
  for (; i < s.length; i++) {
    const c = s[i]!;
    if (/[0-9]/.test(c) || (hex && /[a-f]/i.test(c))) {
      saw = '0';
      continue;
    }
    if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

const BINARY_UNITS: Readonly<Record<string, number>> = { k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };
const GO_DECIMAL_FLOAT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * go-units RAMInBytes, as `--memory`, `--memory-swap`, `--shm-size` and `tmpfs-size` read sizes: a number, an optional
 * space, then an optional unit (b, k, m, g, t, p; binary, with an optional `b` or `ib`, any case). Negative sizes are
 * errors, as there.
 */
export function parseRamBytes(text: string): number | undefined {
  const sep = Math.max(...[...'0123456789. '].map((c) => text.lastIndexOf(c)));
  if (sep < 0) return undefined;
  const number = text[sep] === ' ' ? text.slice(0, sep) : text.slice(0, sep + 1);
  const suffix = text.slice(sep + 1).toLowerCase();
  if (!GO_DECIMAL_FLOAT.test(number)) return undefined;
  const size = Number(number);
  if (!Number.isFinite(size) || size < 0) return undefined;
  if (suffix === '' || suffix === 'b') return Math.trunc(size);
  const multiplier = BINARY_UNITS[suffix[0]!];
  if (multiplier === undefined || suffix.length > 3) return undefined;
  if ((suffix.length === 2 && suffix[1] !== 'b') || (suffix.length === 3 && suffix.slice(1) !== 'ib')) return undefined;
  return Math.trunc(size * multiplier);
}
