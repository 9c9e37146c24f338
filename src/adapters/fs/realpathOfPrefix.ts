import { realpath } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** The real path of `path`, resolving its longest existing prefix (a folder that is not created yet keeps its name). */
export async function realpathOfPrefix(path: string): Promise<string> {
  const rest: string[] = [];
  for (let current = path; ; ) {
    try {
      return join(await realpath(current), ...rest.reverse());
    } catch {
      const up = dirname(current);
      if (up === current) return path;
      rest.push(basename(current));
      current = up;
    }
  }
}
