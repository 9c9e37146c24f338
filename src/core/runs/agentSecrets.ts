import { z } from 'zod';

/**
 * A headless attempt's secret files (droid's custom-model settings hold the provider's key) live in
 * `<runDir>/agent/` only while the attempt runs. Before writing them the runner writes a marker naming them and their
 * owner process, so that when the process dies mid-attempt `lwc recover` (and the extension at startup) can remove
 * them — and leave alone those of an attempt still running.
 */

/** The backend's files directory inside a run directory (mounted at the container's /tmp/lw_coder/agent). */
export const AGENT_FILES_DIR = 'agent';
export const SECRET_MARKER_FILE = 'secret-files.json';

export const SecretMarkerSchema = z.object({
  version: z.literal(1),
  pid: z.number().int(),
  hostname: z.string(),
  /** Paths relative to the agent directory, `/`-separated. */
  files: z.array(z.string()),
});
export type SecretMarker = z.infer<typeof SecretMarkerSchema>;

/** A marker's file path is only ever a plain relative path inside the agent directory (markers sit in the repository). */
export function isSafeAgentFilePath(path: string): boolean {
  return path !== '' && !path.startsWith('/') && !path.includes('\\') && path.split('/').every((s) => s !== '' && s !== '.' && s !== '..' && s !== SECRET_MARKER_FILE);
}
