// The record headers one scanner has classified, for its runs of the record lane: at most
// LANE_HEADERS, the oldest replaced first, with a version so the lane copies them only on change.
import { HeaderSlots, Level } from '../logLine';
import { LANE_HEADERS, LANE_MAX_HEADER, LANE_MIN_HEADER, LaneHeader } from './recordLane';

let tables = 0;

export class HeaderTable {
  /** Tells tables apart in the lane without holding on to them. */
  readonly id = tables++;
  readonly entries: LaneHeader[] = [];
  version = 0;
  private next = 0;

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
    const bytes = Buffer.from(buf.subarray(p, p + length));
    if (this.entries.some((h) => bytes.equals(h.bytes))) return;
    this.entries[this.next] = { bytes, level: slots.level };
    this.next = (this.next + 1) % LANE_HEADERS;
    this.version++;
  }
}
