// What a file holding NUL bytes is, for what the views say of it: UTF-16 text (utf16.ts), a log
// a crash left NUL bytes in, or binary data. A machine that goes down before a file's last writes
// reach its disk (ext4's delayed allocation, NFS) leaves NUL bytes where they were: the log of a
// rank whose node died ends in them, or holds nothing else. Pure.
import * as path from 'node:path';
import { afterNulBytes, classifyLine, newHeaderSlots } from './logLine';
import { utf16Of, utf16Problem } from './utf16';

const BINARY = 'The file holds NUL bytes: it is binary, not a worker log.';
const ONLY_NUL = 'The file holds only NUL bytes: what was written to it was lost, as a machine that goes down before its writes reach the disk leaves a log. The launcher\'s output and the other ranks\' logs tell what happened.';
const AMONG_LINES = 'The file holds NUL bytes among its lines: a stretch of it was lost, as a machine that goes down before its writes reach the disk leaves a log; its rank may have died with it. Its lines are not read here; tr -d';

/** Why `file`, whose first bytes `head` hold a NUL byte, is not read as a log. */
export function nulProblem(file: string, head: Uint8Array): string {
  const utf16 = utf16Of(head);
  if (utf16) return utf16Problem(file, utf16);
  const rest = Buffer.from(head.filter((b) => b !== 0));
  if (rest.length === 0) return ONLY_NUL;
  // What no log holds: control characters (tabs, line breaks, form feeds and ANSI escapes aside),
  // and bytes that are no UTF-8.
  const text = rest.toString('utf8');
  let odd = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 9 || (c > 13 && c < 32 && c !== 27) || c === 127 || c === 0xfffd) odd++;
  }
  return odd * 100 <= text.length ? `${AMONG_LINES} '\\000' < ${path.basename(file)} shows them.` : BINARY;
}

/** Whether a file's problem is that a crash left NUL bytes in it (`nulProblem`). */
export function isLostDataProblem(problem: string | undefined): boolean {
  return problem !== undefined && (problem === ONLY_NUL || problem.startsWith(AMONG_LINES));
}

/**
 * Whether a log whose first bytes `head` hold NUL bytes a crash left (`isLostDataProblem`) goes on
 * after them: a whole record of ours follows the last NUL byte (its rank restarted and wrote on).
 * Such a log is read, NUL bytes and all: its rank's later sessions are the news.
 */
export function recordsAfterLoss(head: Uint8Array): boolean {
  const buf = Buffer.from(head.buffer, head.byteOffset, head.length);
  const slots = newHeaderSlots();
  const last = buf.lastIndexOf(0);
  // The line of the last NUL byte is read when only NUL bytes come before its text (a record
  // written after them, the scanner reads: textStart of lineSource.ts); else from the next line.
  const lineStart = buf.lastIndexOf(10, last) + 1;
  let s = afterNulBytes(buf, lineStart, last + 1) === last + 1 ? last + 1 : buf.indexOf(10, last) + 1;
  for (let e = buf.indexOf(10, s); s > 0 && e > 0; s = e + 1, e = buf.indexOf(10, s)) {
    if (classifyLine(buf, s, e > s && buf[e - 1] === 13 ? e - 1 : e, slots)) return true;
  }
  return false;
}

/** Bytes of a log's head an index looks at for NUL bytes (`headProblem`). */
export const SNIFF_BYTES = 8192;

/**
 * Why a log whose first bytes (SNIFF_BYTES of them) are `head` is not read as one, as its index
 * tells (state `binary`); undefined when it is read: no NUL byte, or a crash's followed by records.
 */
export function headProblem(file: string, head: Uint8Array): string | undefined {
  if (!head.includes(0)) return undefined;
  const problem = nulProblem(file, head);
  return isLostDataProblem(problem) && recordsAfterLoss(head) ? undefined : problem;
}

/** What an index told (`problem`) of `copy`, a copy of `source`'s bytes (an import's rank log), said of `source`: the commands it gives name that file. */
export function sourceProblem(problem: string, copy: string | undefined, source: string): string {
  return copy ? problem.split(path.basename(copy)).join(path.basename(source)) : problem;
}
