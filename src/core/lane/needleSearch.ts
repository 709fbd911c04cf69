// Where any of a few fixed ASCII needles occurs in a log's bytes, in the record lane's
// WebAssembly (`needles` in recordLane.wat): the diagnosis reads every byte of every rank's log
// for a handful of phrases, and a regular expression needs the bytes as strings first (a copy,
// then garbage). Each needle is known by three of its bytes, at the offset where they are rarest
// in logs; 16 positions are tested at a time against nibble tables of those bytes, and each
// candidate is compared whole. The caller keeps a regular expression for Node without
// WebAssembly SIMD (`RecordLane.get()` undefined).
import { LANE_DATA, LANE_MAX_CHUNK, LANE_NEEDLES, RecordLane, Result } from './recordLane';

/** Needles one table holds, and their longest length (recordLane.wat: 12 entries of 32 bytes). */
const MAX_NEEDLES = 12;
const MAX_NEEDLE = 32;
const FINGERPRINT = 3;
// The table's layout (recordLane.wat, `needles`): per fingerprint byte 16 low-nibble and 16
// high-nibble bucket masks, the needle count, the needles, then the hits the search writes.
const NIBBLES = 32;
const COUNT_AT = 112;
const ENTRIES_AT = 128;
const ENTRY_BYTES = 48;
const ENTRY_NEEDLE = 16;
const TABLE_BYTES = ENTRIES_AT + MAX_NEEDLES * ENTRY_BYTES;
const HITS = LANE_NEEDLES + TABLE_BYTES;
/** Bytes of a piece looked at beyond its share: every needle that starts in it fits. */
const OVERLAP = 64;

/** How common a byte is in log text, roughly: spaces and frequent letters most, punctuation least. */
function commonness(b: number): number {
  if (b === 32 || 'etaoinsrhldcu'.includes(String.fromCharCode(b))) return 3;
  if (b >= 97 && b <= 122) return 2;
  if (b >= 48 && b <= 57) return 2;
  return 1;
}

export class NeedleSearch {
  private readonly table = new Uint8Array(TABLE_BYTES);

  constructor(readonly needles: readonly string[]) {
    if (needles.length === 0 || needles.length > MAX_NEEDLES) throw new Error(`NeedleSearch takes 1 to ${MAX_NEEDLES} needles`);
    const view = new DataView(this.table.buffer);
    view.setInt32(COUNT_AT, needles.length, true);
    needles.forEach((needle, j) => {
      const bytes = Buffer.from(needle, 'latin1');
      if (bytes.length < FINGERPRINT || bytes.length > MAX_NEEDLE || bytes.toString('latin1') !== needle || bytes.some((b) => b > 127 || b === 10)) {
        throw new Error(`NeedleSearch: "${needle}" is not ${FINGERPRINT} to ${MAX_NEEDLE} ASCII characters on one line`);
      }
      // The three bytes least common in logs: the fewer false candidates, the faster.
      let offset = 0;
      let best = Infinity;
      for (let o = 0; o + FINGERPRINT <= bytes.length; o++) {
        const score = commonness(bytes[o]) + commonness(bytes[o + 1]) + commonness(bytes[o + 2]);
        if (score < best) [best, offset] = [score, o];
      }
      const bucket = 1 << (j % 8);
      for (let k = 0; k < FINGERPRINT; k++) {
        const b = bytes[offset + k];
        this.table[k * NIBBLES + (b & 15)] |= bucket;
        this.table[k * NIBBLES + 16 + (b >> 4)] |= bucket;
      }
      const at = ENTRIES_AT + j * ENTRY_BYTES;
      view.setInt32(at, bytes.length, true);
      view.setInt32(at + 4, offset, true);
      view.setInt32(at + 8, bucket, true);
      this.table.set(bytes, at + ENTRY_NEEDLE);
    });
  }

  /**
   * The starts (in `buf`) of the needles that lie whole in `buf[from, to)`, ascending, each once.
   * Synchronous: the lane's memory is this call's until it returns.
   */
  find(lane: RecordLane, buf: Uint8Array, from = 0, to = buf.length): number[] {
    const hits: number[] = [];
    const step = LANE_MAX_CHUNK - OVERLAP;
    for (let at = from; at < to; at += step) {
      const pieceEnd = Math.min(to, at + LANE_MAX_CHUNK);
      const memory = lane.loadRange(buf, at, pieceEnd);
      if (lane.needleTable !== this) {
        memory.set(this.table, LANE_NEEDLES);
        lane.needleTable = this;
      }
      const end = LANE_DATA + (pieceEnd - at);
      // Needles that start past this piece's share are the next piece's (it holds them whole).
      const share = pieceEnd === to ? Infinity : at + step;
      const found: number[] = [];
      for (let pos = LANE_DATA; pos < end; ) {
        pos = lane.needles(pos, end, LANE_DATA);
        const n = lane.out[Result.NeedleHits];
        const hitView = new Int32Array(memory.buffer, HITS, n);
        for (let k = 0; k < n; k++) {
          const start = hitView[k] - LANE_DATA + at;
          if (start < share) found.push(start);
        }
      }
      // Found by where their fingerprint is, not where they start; and a call that stopped
      // part-way may have found some again.
      found.sort((x, y) => x - y);
      for (let k = 0; k < found.length; k++) if (k === 0 || found[k] !== found[k - 1]) hits.push(found[k]);
    }
    return hits;
  }
}
