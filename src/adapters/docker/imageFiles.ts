import { readFile } from 'node:fs/promises';
import type { ImageInputFiles } from '../../core/ports/containerEngine';
import { digestBuildContext } from './contextDigest';

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
  digestContext: (context, alwaysInclude, options) => digestBuildContext(context, alwaysInclude, options?.signal),
};
