// Text in UTF-16, not UTF-8: Windows PowerShell's `>` and `Out-File` save a console's output so
// (a byte-order mark, then two bytes a character). Worker logs and captures are read as UTF-8:
// such a file is named for what it is, with how to convert it, not as a binary file. Pure.

import * as path from 'node:path';

export type Utf16 = 'UTF-16LE' | 'UTF-16BE';

/** Bytes of a head looked at when it has no byte-order mark. */
const LOOK = 4096;

/** Whether `head`, a file's first bytes, is UTF-16 text: its byte-order mark, or mostly ASCII with every other byte NUL. */
export function utf16Of(head: Uint8Array): Utf16 | undefined {
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return 'UTF-16LE';
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return 'UTF-16BE';
  const n = Math.min(head.length, LOOK) & ~1;
  if (n < 16) return undefined;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) evenNul++;
    if (head[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  if (evenNul === 0 && oddNul >= 0.9 * pairs) return 'UTF-16LE';
  if (oddNul === 0 && evenNul >= 0.9 * pairs) return 'UTF-16BE';
  return undefined;
}

const PROBLEM = 'The file is UTF-16';

/** What to tell of `file` in `encoding`: what it is, and the command that converts it. */
export function utf16Problem(file: string, encoding: Utf16): string {
  const name = path.basename(file);
  return `${PROBLEM}${encoding.slice(6)} text (as Windows PowerShell's > and Out-File save a console), not UTF-8: convert it in place, e.g. iconv -f UTF-16 -t UTF-8 ${name} > ${name}.utf8 && mv ${name}.utf8 ${name}`;
}

/** Whether a file's problem is that it is UTF-16 text (`utf16Problem`). */
export function isUtf16Problem(problem: string | undefined): boolean {
  return problem?.startsWith(PROBLEM) === true;
}

/** UTF-16 bytes as text, without the byte-order mark (an odd last byte, cut by a read, left out). */
export function utf16Text(bytes: Uint8Array, encoding: Utf16): string {
  const even = Buffer.from(bytes.subarray(0, bytes.length & ~1));
  if (encoding === 'UTF-16BE') even.swap16();
  return even.toString('utf16le').replace(/^\uFEFF/, '');
}
