// What a file holding NUL bytes is, for what the views say of it: UTF-16 text (utf16.ts), a log
// a crash left NUL bytes in, or binary data. A machine that goes down before a file's last writes
// reach its disk (ext4's delayed allocation, NFS) leaves NUL bytes where they were: the log of a
// rank whose node died ends in them, or holds nothing else. Pure.
import { utf16Of, utf16Problem } from './utf16';

const BINARY = 'The file holds NUL bytes: it is binary, not a worker log.';
const ONLY_NUL = 'The file holds only NUL bytes: what was written to it was lost, as a machine that goes down before its writes reach the disk leaves a log. The launcher\'s output and the other ranks\' logs tell what happened.';
const AMONG_LINES = 'The file holds NUL bytes among its lines: a stretch of it was lost, as a machine that goes down before its writes reach the disk leaves a log; its rank may have died with it. Its lines are not read here: open the file to read them.';

/** Why `file`, whose first bytes `head` hold a NUL byte, is not read as a log. */
export function nulProblem(file: string, head: Uint8Array): string {
  const utf16 = utf16Of(head);
  if (utf16) return utf16Problem(file, utf16);
  let text = 0;
  let control = 0;
  for (const b of head) {
    if (b === 0) continue;
    text++;
    // Control bytes no log holds (tabs, line breaks, form feeds and ANSI escapes aside).
    if (b < 9 || (b > 13 && b < 32 && b !== 27) || b === 127) control++;
  }
  if (text === 0) return ONLY_NUL;
  return control * 100 <= text ? AMONG_LINES : BINARY;
}

/** Whether a file's problem is that a crash left NUL bytes in it (`nulProblem`). */
export function isLostDataProblem(problem: string | undefined): boolean {
  return problem === ONLY_NUL || problem === AMONG_LINES;
}
