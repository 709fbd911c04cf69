// A rotating handler's rollover followed in a job of rank logs cut in parts (importJob.ts): it
// renames each part of a rank's log to the next (`worker_0.log` to `.1`, `.1` to `.2`, ...;
// TimedRotatingFileHandler the log to its time), deletes the oldest past its count and starts a
// new log. Each file read is found again by its inode and head under its name now, so that what
// was read of it goes with it, rather than every part being read again.
import { promises as fsp } from 'node:fs';
import type { ForeignJob } from './importLayouts';
import type { SourceState } from './importSources';
import { goneName, goneOf } from './importLineMap';
import { isRotatedPartPath } from './rankDiscovery';
import { readHead } from './regularFile';

/** `same`: nothing renamed; `renamed`: files read go on under new names; `changed`: they changed otherwise (the import starts over). */
export type Renames = 'same' | 'renamed' | 'changed';

/**
 * Updates a part's file may stay unfound (deleted, or renamed as its folder was listed): its state
 * is kept under a name of no file (`goneName`) until then, in case it shows again.
 */
const MISSED_UPDATES = 16;

/**
 * The renames of a job of rank logs cut in parts since it was listed as `before`, `job` as it is
 * listed now, of the sources read so far (`states`, at update `update`): where each goes (`''`:
 * forgotten). A file given a deleted one's inode since is told apart by its head. `changed`: a
 * rank's log gone, a file shorter than it was read to or now another rank's, or a part not read
 * yet older than one read (its lines could not come before those already written).
 */
export async function renamesOf(before: ForeignJob, job: ForeignJob, states: ReadonlyMap<string, SourceState>, update: number): Promise<{ kind: Renames; where: Map<string, string> }> {
  const rankOf = (j: ForeignJob): Map<string, number> => new Map([...j.ranks].flatMap(([rank, list]) => list.map((src) => [src.path, rank] as const)));
  const was = rankOf(before);
  const now = rankOf(job);
  const found = new Map<number, { file: string; size: number }>();
  for (const file of now.keys()) {
    const st = await fsp.stat(file).catch(() => undefined);
    if (st?.isFile()) found.set(st.ino, { file, size: st.size });
  }
  const where = new Map<string, string>();
  const changed = { kind: 'changed' as const, where };
  for (const [file, state] of states) {
    let at = found.get(state.ino);
    if (at && state.head && !(await readHead(at.file, state.head.length).catch(() => undefined))?.equals(state.head)) at = undefined;
    const gone = goneOf(file);
    if (!at) {
      // Not seen again for a while: deleted (its lines stay, of no file).
      if (gone) {
        if (update - gone.since > MISSED_UPDATES) where.set(file, '');
        continue;
      }
      // A rank's log itself gone is read again; a part is kept a while under a name of its own.
      if (!isRotatedPartPath(file)) return changed;
      where.set(file, goneName(state.ino, update));
      continue;
    }
    if (at.size < state.offset + (state.partial?.length ?? 0) || (!gone && now.get(at.file) !== was.get(file))) return changed;
    if (at.file !== file) where.set(file, at.file);
  }
  // A part not read yet older than one read (renamed, or not there, as the folder was listed or read).
  const read = new Set([...states.keys()].map((file) => where.get(file) ?? file));
  for (const list of job.ranks.values()) {
    let unread = false;
    for (const src of list) {
      if (!read.has(src.path)) unread = true;
      else if (unread) return changed;
    }
  }
  return { kind: [...where.values()].some((to) => to !== '' && !goneOf(to)) ? 'renamed' : 'same', where };
}
