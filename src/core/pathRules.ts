// Folders that never hold a job's logs and are expensive to walk or watch.
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

/** The glob exclude pattern for VS Code's findFiles built from the same names. */
export function skippedFoldersGlob(): string {
  return `**/{${[...SKIPPED_FOLDER_NAMES].join(',')}}/**`;
}

/** Whether `file` is in (or is) one of those folders. */
export function inSkippedFolder(file: string): boolean {
  return file.split(/[\\/]/).some((part) => SKIPPED_FOLDER_NAMES.has(part));
}
