// Logs are opened so that a FIFO, a socket or a device in a log's place never blocks: opening a
// FIFO for reading waits for a writer (the CLI hung on a `worker_1.log` made with mkfifo, and in
// the editor each such file would hold a thread of the file pool for good). They are opened
// without blocking, and only a regular file is kept.
import { closeSync, constants, fstatSync, openSync, promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';

/** Read-only, and not waiting for a FIFO's writer (ignored by regular files' reads). */
const READ_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** What opening a log that is not a regular file throws. */
export class NotARegularFile extends Error {
  readonly code = 'ENOTREG';
  constructor(readonly file: string) {
    super(`${file} is not a regular file (a folder, a pipe, a socket or a device)`);
  }
}

/** `file` opened for reading, if it is a regular file; throws NotARegularFile otherwise (and what opening throws). */
export async function openRegular(file: string): Promise<FileHandle> {
  const handle = await fsp.open(file, READ_FLAGS);
  let regular = false;
  try {
    regular = (await handle.stat()).isFile();
  } finally {
    if (!regular) await handle.close();
  }
  if (!regular) throw new NotARegularFile(file);
  return handle;
}

/** The first `bytes` bytes of `file` (fewer when it is shorter), read from a regular file only (`openRegular`; throws as it does). */
export async function readHead(file: string, bytes: number): Promise<Buffer> {
  const handle = await openRegular(file);
  try {
    const buf = Buffer.alloc(bytes);
    return buf.subarray(0, (await handle.read(buf, 0, bytes, 0)).bytesRead);
  } finally {
    await handle.close();
  }
}

/** `openRegular` for synchronous reads: a file descriptor. */
export function openRegularSync(file: string): number {
  const fd = openSync(file, READ_FLAGS);
  let regular = false;
  try {
    regular = fstatSync(fd).isFile();
  } finally {
    if (!regular) closeSync(fd);
  }
  if (!regular) throw new NotARegularFile(file);
  return fd;
}
