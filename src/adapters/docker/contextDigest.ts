import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { BuildContextSpec } from '../../core/ports/containerEngine';
import { throwIfAborted } from '../../core/worktree/errors';
import { contextEntries } from './buildContext';

/** Files hashed at once: enough to keep the disk busy, few enough not to exhaust descriptors. */
const PARALLEL_READS = 16;

/**
 * The digest of what packBuildContext would send for `spec`: the same entries (same ignore rules, exclusions, real-path
 * checks and `only` list), in the same order, each as its path, kind, permission bits and size with its content's
 * SHA-256 (a link's target for a link), then the generated files. Owners and times are left out, as the packer writes
 * owners as 0:0 and Docker's cache ignores times: touching a file does not change the digest, editing it does.
 */
export async function digestBuildContext(spec: BuildContextSpec, alwaysInclude: readonly string[], signal?: AbortSignal): Promise<string> {
  const extras = spec.extraFiles ?? [];
  const replaced = new Set(extras.map((f) => f.path));
  const entries = (await contextEntries(spec, alwaysInclude)).filter((e) => !replaced.has(e.path));
  const lines: string[] = new Array<string>(entries.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < entries.length; i = next++) {
      throwIfAborted(signal);
      const entry = entries[i]!;
      const abs = join(spec.root, entry.path);
      const st = await lstat(abs);
      const mode = (st.mode & 0o7777).toString(8);
      const name = JSON.stringify(entry.path);
      if (entry.kind === 'directory') lines[i] = `d ${name} ${mode}`;
      else if (entry.kind === 'symlink') lines[i] = `l ${name} ${mode} ${JSON.stringify(await readlink(abs))}`;
      else {
        const { size, sha256 } = await hashFile(abs);
        lines[i] = `f ${name} ${mode} ${size} ${sha256}`;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_READS, entries.length) }, worker));
  const h = createHash('sha256');
  for (const line of lines) h.update(`${line}\n`);
  for (const file of extras) {
    const content = typeof file.content === 'string' ? Buffer.from(file.content, 'utf8') : file.content;
    h.update(`x ${JSON.stringify(file.path)} 644 ${content.length} ${createHash('sha256').update(content).digest('hex')}\n`);
  }
  return h.digest('hex');
}

/** The bytes actually read (a file growing meanwhile is hashed as read, and the size matches what was hashed). */
async function hashFile(path: string): Promise<{ size: number; sha256: string }> {
  const h = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path)) {
    size += (chunk as Buffer).length;
    h.update(chunk as Buffer);
  }
  return { size, sha256: h.digest('hex') };
}
