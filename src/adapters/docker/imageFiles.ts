import { readFile } from 'node:fs/promises';
import type { ImageInputFiles } from '../../core/ports/containerEngine';

/** Image build inputs from the local file system. */
export const nodeImageFiles: ImageInputFiles = {
  async readFile(path) {
    try {
      return await readFile(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  },
};
