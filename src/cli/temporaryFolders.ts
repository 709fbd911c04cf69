// The temporary folders another launcher's logs are read into (foreignFolder.ts), removed as the
// process ends however it ends (main.ts). A module of its own, without the import's code, so
// that every command does not load that code at its start.
import * as fs from 'node:fs';

/** Temporary folders not removed yet. */
export const temporaryFolders = new Set<string>();

/**
 * Removes the temporary folders still there, at once (the process is ending: a pipe closed by
 * `| head`, an interrupt): a capture read into one is as big as the capture.
 */
export function removeTemporaryFolders(): void {
  for (const dir of temporaryFolders) fs.rmSync(dir, { recursive: true, force: true });
  temporaryFolders.clear();
}
