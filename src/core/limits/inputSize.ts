/**
 * How much of a repository file LW Coder reads. Repository files are attacker input: a config.toml, env file or plan
 * that is huge (or a link to /dev/zero) must cost a bounded read and one clear error, not minutes or gigabytes.
 * The limits sit far above real files (a config.toml is a few hundred bytes, a long plan some tens of kilobytes).
 */
export const MAX_CONFIG_BYTES = 1024 * 1024;
export const MAX_ENV_BYTES = 1024 * 1024;
export const MAX_PLAN_BYTES = 1024 * 1024;

/** UTF-8 length of a JS string without encoding it (lone surrogates count 3, as TextEncoder writes U+FFFD). */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** `2,411,724 bytes (2.3 MiB)`; `1 MiB` for round limits. */
export function describeSize(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  if (Number.isInteger(mib) && mib >= 1) return `${mib} MiB`;
  const grouped = bytes.toLocaleString('en-US');
  if (mib >= 1) return `${grouped} bytes (${mib.toFixed(1)} MiB)`;
  if (bytes >= 1024) return `${grouped} bytes (${(bytes / 1024).toFixed(0)} KiB)`;
  return `${grouped} bytes`;
}
