import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { PromptSignatureSchema, type PromptSignature } from '../../core/prompts/signature';
import type { TemplateSet } from '../../core/prompts/templates';

/**
 * The data files shipped with the extension: resources/prompts (signature, templates) and resources/droids
 * (coding droids copied into runs; plan/ droids belong to the plan command and are never read here).
 */
export interface PromptResources {
  readonly signature: PromptSignature;
  readonly templates: TemplateSet;
}

const MARKER = join('resources', 'prompts', 'signature.json');

/**
 * Finds the resources folder: next to dist/ when bundled, at the repository root when run from sources. The
 * extension passes its extensionPath explicitly.
 */
export function findResourcesRoot(start: string = __dirname): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, MARKER))) return join(dir, 'resources');
    const up = dirname(dir);
    if (up === dir) throw new Error(`LW Coder's resources folder (${MARKER}) was not found above ${start}; the installation is incomplete. Reinstall the extension or rebuild with npm run build.`);
    dir = up;
  }
}

const cache = new Map<string, Promise<PromptResources>>();

/** Loads (once per folder) and validates the signature and templates. */
export function loadPromptResources(root: string = findResourcesRoot()): Promise<PromptResources> {
  let loaded = cache.get(root);
  if (!loaded) {
    loaded = readResources(root);
    loaded.catch(() => cache.delete(root));
    cache.set(root, loaded);
  }
  return loaded;
}

async function readResources(root: string): Promise<PromptResources> {
  const json = async (p: string): Promise<unknown> => JSON.parse(await readFile(join(root, p), 'utf8')) as unknown;
  const signature = PromptSignatureSchema.parse(await json('prompts/signature.json'));
  const feedbackOutline = z.array(z.string().min(1)).min(1).parse(await json('prompts/templates/feedback-outline.json'));
  const main = await readFile(join(root, 'prompts', 'templates', 'main.md'), 'utf8');
  const codingDir = join(root, 'droids', 'coding');
  const names = (await readdir(codingDir)).filter((n) => n.endsWith('.md')).sort();
  const droids = await Promise.all(names.map(async (fileName) => ({ fileName, template: await readFile(join(codingDir, fileName), 'utf8') })));
  return { signature, templates: { main, droids, feedbackOutline } };
}
