// A folder's entries as the layouts read them (importLayouts.ts, torchrunRuns.ts), and the small
// helpers they share.
import { promises as fsp } from 'node:fs';

/** `dir`'s entries: files (and links, which may be one) and folders; none when it cannot be read. */
export async function listDir(dir: string): Promise<{ name: string; dir: boolean; file: boolean }[]> {
  return listDirOrThrow(dir).catch(() => []);
}

/**
 * `dir`'s entries, as `listDir` gives them; none when it is not there (or no folder), but an error
 * when it is there and cannot be listed (its permissions, an I/O error, too many open files): what
 * was found in it before is not to be taken for gone.
 */
export async function listDirOrThrow(dir: string): Promise<{ name: string; dir: boolean; file: boolean }[]> {
  try {
    // A pipe, a socket or a device is no log (opening a pipe waits for its writer); a link may be one.
    return (await fsp.readdir(dir, { withFileTypes: true })).map((d) => ({ name: d.name, dir: d.isDirectory(), file: d.isFile() || d.isSymbolicLink() }));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw new Error(`${dir} could not be listed (${code ?? (e instanceof Error ? e.message : String(e))})`, { cause: e });
  }
}

/** The names of `dir`'s files (and links); none when it cannot be read. */
export async function fileNames(dir: string): Promise<string[]> {
  return (await listDir(dir)).filter((e) => e.file).map((e) => e.name);
}

/** Adds `value` to the list of `key`. */
export function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The order of a rank's streams in its list (stderr first: its records and tracebacks). */
export function streamOrder(stream: string): number {
  return ['stderr', 'stdout', 'stddiag', 'log', 'error.json'].indexOf(stream);
}
