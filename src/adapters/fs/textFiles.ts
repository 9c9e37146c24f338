import { readFile } from 'node:fs/promises';
import type { TextFilesPort } from '../../core/ports/textFiles';

export function createTextFilesPort(): TextFilesPort {
  return {
    async readTextIfExists(path, signal) {
      try {
        return await readFile(path, { encoding: 'utf8', signal });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
  };
}
