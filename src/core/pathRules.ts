// Folders that never hold a job's logs and are expensive to walk or watch.
import * as path from 'node:path';

export const SKIPPED_FOLDER_NAMES: ReadonlySet<string> = new Set([
  'node_modules',
  '.git',
  '.hg',
  '.svn',
  '.venv',
  'venv',
  '__pycache__',
  '.mypy_cache',
  '.pytest_cache',
  '.tox',
  '.cache',
  'site-packages',
  '.vscode-test',
  'dist',
  'out',
]);

export function isSkippedFolderName(name: string): boolean {
  return SKIPPED_FOLDER_NAMES.has(name);
}

/** The glob exclude pattern for VS Code's findFiles built from the same names. */
export function skippedFoldersGlob(): string {
  return `**/{${[...SKIPPED_FOLDER_NAMES].join(',')}}/**`;
}

/** True when `child` is `parent` or inside it. */
export function isInsideFolder(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Folders to watch: each folder once, and none inside another that is already watched. */
export function watchRoots(folders: readonly string[]): string[] {
  const unique = [...new Set(folders.map((f) => path.resolve(f)))].sort((a, b) => a.length - b.length);
  const roots: string[] = [];
  for (const f of unique) if (!roots.some((r) => isInsideFolder(f, r))) roots.push(f);
  return roots;
}
