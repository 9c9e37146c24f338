import { fileURLToPath } from 'node:url';
import { basename, sep } from 'node:path';

const TASKS_SEGMENT = `${sep}.lw_coder${sep}tasks${sep}`;

/** The file-system path of a `file:` URI, or undefined for other schemes (untitled, git, vscode-notebook...). */
export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/**
 * The `.lw_coder/tasks` folder holding a plan file, or undefined when the path is not a plan.
 * The last `.lw_coder/tasks` wins so a repository nested in another's tasks folder still gets its own index.
 */
export function tasksFolderOf(path: string): string | undefined {
  if (!path.toLowerCase().endsWith('.md')) return undefined;
  const at = path.lastIndexOf(TASKS_SEGMENT);
  if (at < 0) return undefined;
  return path.slice(0, at + TASKS_SEGMENT.length - 1);
}

/** Same rule as the client's document selector (`**\/.lw_coder/tasks/**\/*.md`): the server double-checks it. */
export function isPlanPath(path: string | undefined): path is string {
  return path !== undefined && tasksFolderOf(path) !== undefined;
}

/** The plan file's name, for the `plan-id-filename` rule. */
export function planFileName(path: string): string {
  return basename(path);
}
