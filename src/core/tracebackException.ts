// The exception a traceback under an error record ends with (`RuntimeError: CUDA out of memory`),
// read from the record's continuation lines as the scanner meets them: a `Traceback (...)` line
// arms it, the next line that names an exception is it (a chained traceback arms it again, so the
// last one raised wins); Python 3.11's exception group is boxed (`  + Exception Group Traceback
// ...`, then `  | ` before each line, its exception `  | ExceptionGroup: ...` before the boxes of
// its sub-exceptions); PyTorch's exception re-raised from a DataLoader worker (or a DataParallel
// replica) carries the worker's `Original Traceback (most recent call last):` in its message: the
// original exception is the record's, with where it was caught (`ValueError: bad sample 17 (in
// DataLoader worker process 0)`). For logScanner.ts; pure.
import { ErrorRecord } from './indexModel';
import { exceptionLineCandidate } from './logLine';
import { decode } from './lineSource';
import { MESSAGE_CHARS } from './sessionRecords';

export class TracebackException {
  /** A traceback's head was read: the next line that names an exception is the record's. */
  armed = false;

  /** `buf[s..e)`, a continuation line (not empty) of the open error `record`. */
  line(buf: Uint8Array, s: number, e: number, record: ErrorRecord): void {
    const first = buf[s];
    if (first === 32 || first === 9) {
      this.boxed(buf, s, e, record);
      return;
    }
    if (first === 84 && e - s >= 10 && decode(buf, s, Math.min(e, s + 40)).startsWith('Traceback (')) {
      this.armed = true;
      return;
    }
    if (first === 79 && e - s >= 19 && record.exception !== undefined && decode(buf, s, Math.min(e, s + 40)).startsWith('Original Traceback (')) {
      this.armed = true;
      return;
    }
    if (this.armed && e - s <= 4000) this.take(decode(buf, s, e), record);
  }

  /** An indented line: an exception group's head, or a line of its box. */
  private boxed(buf: Uint8Array, s: number, e: number, record: ErrorRecord): void {
    let i = s + 1;
    while (i < e && i < s + 16 && (buf[i] === 32 || buf[i] === 9)) i++;
    const box = buf[i];
    if ((box !== 43 && box !== 124) || e - s > 4000) return;
    if (box === 43) {
      if (e - i > 30 && decode(buf, i, Math.min(e, i + 40)).startsWith('+ Exception Group Traceback (')) this.armed = true;
      return;
    }
    if (this.armed && buf[i + 1] === 32) this.take(decode(buf, i + 2, e), record);
  }

  private take(text: string, record: ErrorRecord): void {
    if (!exceptionLineCandidate(text)) return;
    const caught = record.exception !== undefined ? CAUGHT.exec(record.exception) : null;
    const exception = caught ? `${text} (in ${caught[1]})` : text;
    record.exception = exception.length > MESSAGE_CHARS ? exception.slice(0, MESSAGE_CHARS) + '…' : exception;
    this.armed = false;
  }
}

/** PyTorch's `ExceptionWrapper.reraise`: `ValueError: Caught ValueError in DataLoader worker process 0.` */
const CAUGHT = /^[\w.]+: Caught [\w.]+ in (.{1,100}?)\.?$/;
