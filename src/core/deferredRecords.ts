// The scanner's deferred work (logScanner.ts): where the last timed record and the last record
// so far lie in the chunk being scanned, decoded once a chunk instead of at every record (the hot
// path stores a few numbers, not strings). Pure; the chunk must still hold those bytes when the
// scanner takes them (it does so before the chunk's buffer is reused).
import { Session } from './indexModel';
import { classifyLine, newHeaderSlots } from './logLine';
import { decode } from './lineSource';
import { MESSAGE_CHARS } from './sessionRecords';
import { asctimeFromBytes } from './timestamps';

export class DeferredRecords {
  private timeBuf: Uint8Array | undefined;
  private timePos = 0;
  private lastBuf: Uint8Array | undefined;
  private lastStart = 0;
  private lastEnd = 0;
  private lastLine = 0;
  /** Its own: taking can happen while the scanner's slots for a line are still in use. */
  private readonly slots = newHeaderSlots();

  /** The last record so far is `buf[start..end)`, line `line`. */
  last(buf: Uint8Array, start: number, end: number, line: number): void {
    this.lastBuf = buf;
    this.lastStart = start;
    this.lastEnd = end;
    this.lastLine = line;
  }

  /** The last timed record so far starts (with its time) at `buf[pos]`. */
  timed(buf: Uint8Array, pos: number): void {
    this.timeBuf = buf;
    this.timePos = pos;
  }

  /** The time of the last timed record given since the last take, decoded; undefined when none was. */
  takeTime(): number | undefined {
    if (this.timeBuf === undefined) return undefined;
    const t = asctimeFromBytes(this.timeBuf, this.timePos);
    this.timeBuf = undefined;
    return t;
  }

  /** The last record given since the last take, decoded (classified again: once a chunk); undefined when none was. */
  takeLast(): Session['lastRecord'] {
    const b = this.lastBuf;
    if (b === undefined) return undefined;
    const d = this.slots;
    classifyLine(b, this.lastStart, this.lastEnd, d);
    this.lastBuf = undefined;
    return {
      line: this.lastLine,
      level: decode(b, d.levelStart, d.levelEnd),
      message: decode(b, d.messageStart, Math.min(this.lastEnd, d.messageStart + MESSAGE_CHARS * 4)).slice(0, MESSAGE_CHARS),
      time: d.hasTime ? asctimeFromBytes(b, this.lastStart) : undefined,
    };
  }
}
