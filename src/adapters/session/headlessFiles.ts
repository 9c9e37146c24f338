import { appendFile, chmod, writeFile } from 'node:fs/promises';
import type { HeadlessRunFilesPort } from '../../app/run/runHeadlessTypes';

/** node:fs behind HeadlessRunFilesPort; chmod after writing so an existing file's looser mode is tightened too. */
export function createHeadlessRunFiles(): HeadlessRunFilesPort {
  return {
    async writeFile(path, text, mode) {
      await writeFile(path, text, { encoding: 'utf8', mode });
      await chmod(path, mode);
    },
    async appendText(path, text) {
      await appendFile(path, text, 'utf8');
    },
  };
}
