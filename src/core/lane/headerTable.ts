// The record headers one scanner has classified, for its runs of the record lane: up to
// LANE_HEADERS of them, hashed in the lane so that any mix of loggers and levels is found in one
// probe. A full table takes no more headers, so a file with more distinct headers than that
// keeps the ones it learned first instead of thrashing; only after RELEARN_AFTER offers to the
// full table (nearly all of headers it does not hold) does it start over (a new epoch), which
// lets a long file whose loggers change over time learn its new ones at a bounded cost.
import { HeaderSlots, Level } from '../logLine';
import { isWordLogger } from '../sessionRecords';
import { HeaderSource, LANE_HEADERS, LANE_MAX_HEADER, LANE_MIN_HEADER, LaneHeader } from './recordLane';

let tables = 0;

/** Offers to a full table before it starts over. */
export const RELEARN_AFTER = 4096;

export class HeaderTable implements HeaderSource {
  /** Tells tables apart in the lane without holding on to them. */
  readonly id = tables++;
  epoch = 0;
  entries: LaneHeader[] = [];
  private known = new Set<string>();
  private offersWhileFull = 0;

  /**
   * Offers the header of a record the parser classified in `buf` at `s`. Kept when the lane may
   * take such records (DEBUG/INFO/WARNING) and the header ends with " - " before a message, so
   * that equal bytes settle everything (see recordLane.wat).
   */
  learn(buf: Uint8Array, s: number, slots: HeaderSlots): void {
    if (slots.level > Level.Warning || slots.messageStart !== slots.levelEnd + 3) return;
    const p = slots.hasTime ? s + 26 : s;
    const length = slots.messageStart - p;
    if (length < LANE_MIN_HEADER || length > LANE_MAX_HEADER) return;
    // A full table only counts its offers: they are of headers it does not hold, but for the
    // few records the lane leaves for a checkpoint. A key for each was a quarter of the index of
    // a capture's rank files (glog headers that name their source line: thousands of them).
    if (this.entries.length === LANE_HEADERS) {
      if (++this.offersWhileFull < RELEARN_AFTER) return;
      this.entries = [];
      this.known = new Set();
      this.offersWhileFull = 0;
      this.epoch++;
    }
    // A launcher's word, the runner's record, is left to the scanner, which counts it apart (`Session.launcherRecords`).
    if (isWordLogger(buf, slots.loggerStart, slots.loggerEnd)) return;
    // The key straight from the bytes, copied only for a header that is kept.
    const key = Buffer.isBuffer(buf) ? buf.toString('latin1', p, p + length) : Buffer.from(buf.buffer, buf.byteOffset + p, length).toString('latin1');
    if (this.known.has(key)) return;
    this.known.add(key);
    this.entries.push({ bytes: Buffer.from(buf.subarray(p, p + length)), level: slots.level });
  }
}
