// The JavaScript side of the record lane (recordLane.wat): one WebAssembly instance per thread,
// shared by every scanner of that thread. Scanning is synchronous, so a scanner copies its chunk
// and its known headers in, runs the lane and reads the results before anyone else can.
import { RECORD_LANE_WASM } from './recordLaneWasm.generated';

/** Where the results of the last run sit in the lane's memory (i32s; see `Result`). */
const LANE_RESULTS = 86016;
/** Where the needle table of `needles` starts (see needleSearch.ts and recordLane.wat). */
export const LANE_NEEDLES = 86080;
/** Where the chunk starts in the lane's memory; the header table, its hash slots and window sets, the results and the needle table sit below it. */
export const LANE_DATA = 120576;
/** The largest chunk the lane takes at once (bigger pushes are cut into such pieces). */
export const LANE_MAX_CHUNK = 4 * 1024 * 1024;
/** Headers one table holds (recordLane.wat: 256 entries, hashed into 1,024 slots). */
export const LANE_HEADERS = 256;
/** Header lengths the table can hold: the lane compares 16 bytes at a time, and an entry is 320. */
export const LANE_MIN_HEADER = 16;
export const LANE_MAX_HEADER = 256;
const ENTRY = 320;

interface LaneExports {
  memory: WebAssembly.Memory;
  add(entry: number): void;
  clear(): void;
  lane(pos: number, end: number, cap: number, maxLevel: number, timedLimit: number, errorOpen: number, collect: number, recordSeen: number, afterContinuation: number, errorIndented: number): number;
  needles(pos: number, end: number, floor: number): number;
}

/**
 * What the last run consumed, as the lane stores it at LANE_RESULTS: lines; records per level
 * (DEBUG, INFO, WARNING) and timestamped ones; the last record's start, end (without its line
 * break) and line (counted from the run's first line), -1 as start when it consumed none; the
 * start of the last timestamped record, or -1; the lines that lengthened the open ERROR record
 * (indented or empty, taken when `errorIndented`).
 */
export const enum Result {
  Lines = 0,
  Debug = 1,
  Info = 2,
  Warning = 3,
  Timed = 4,
  LastStart = 5,
  LastEnd = 6,
  LastLine = 7,
  LastTimePos = 8,
  ErrorLines = 9,
  /** Of the last `needles` call: the hits it wrote. */
  NeedleHits = 10,
  /** 1 when the line the last `lane` call stopped at holds a NUL byte before its end. */
  StopNul = 11,
}

/** A record header the parser classified: its bytes (after the timestamp) and level code. */
export interface LaneHeader {
  bytes: Uint8Array;
  level: number;
}

/** A scanner's header table as the lane reads it (see headerTable.ts). */
export interface HeaderSource {
  readonly id: number;
  /** Bumped when the entries are replaced rather than added to. */
  readonly epoch: number;
  readonly entries: readonly LaneHeader[];
}

export class RecordLane {
  private static instance: RecordLane | null | undefined;
  private readonly exports: LaneExports;
  /** All of the lane's memory, as a Buffer for its native indexOf. */
  private view: Buffer;
  /** The last run's results (see `Result`): read them before the next run. */
  out: Int32Array;
  /** Which header table (by id and epoch) the lane holds now, and how many of its entries. */
  private tableId = -1;
  private tableEpoch = -1;
  private entries = 0;
  /** Bumped each time the lane's input is replaced. */
  loads = 0;
  /** Which needle table the lane holds (see needleSearch.ts). */
  needleTable: object | undefined;

  private constructor(exports: LaneExports) {
    this.exports = exports;
    this.view = Buffer.from(exports.memory.buffer);
    this.out = new Int32Array(exports.memory.buffer, LANE_RESULTS, 12);
  }

  /** This thread's lane, or undefined where WebAssembly SIMD is not available (see `onLaneUnavailable`). */
  static get(): RecordLane | undefined {
    if (RecordLane.instance === undefined) {
      try {
        const module = new WebAssembly.Module(Buffer.from(RECORD_LANE_WASM, 'base64'));
        RecordLane.instance = new RecordLane(new WebAssembly.Instance(module, {}).exports as unknown as LaneExports);
      } catch (e) {
        RecordLane.instance = null;
        laneFailure = e instanceof Error ? e.message : String(e);
        for (const l of laneListeners) l(laneFailure);
      }
    }
    return RecordLane.instance ?? undefined;
  }

  /** A view of `length` bytes of lane memory to read a chunk into (see `holds`). */
  input(length: number): Uint8Array {
    this.reserve(length);
    this.loads++;
    return this.view.subarray(LANE_DATA, LANE_DATA + length);
  }

  /**
   * Puts `buf[from..to)` (at most LANE_MAX_CHUNK bytes) in place for a caller that reads the
   * lane's memory between other callers' runs; returns the memory. `loads` tells it whether its
   * bytes are still there.
   */
  loadRange(buf: Uint8Array, from: number, to: number): Buffer {
    this.reserve(to - from);
    this.view.set(buf.subarray(from, to), LANE_DATA);
    this.loads++;
    return this.view;
  }

  /** Whether `chunk` is already in place (it came from `input`). */
  holds(chunk: Uint8Array): boolean {
    return chunk.buffer === this.view.buffer && chunk.byteOffset === LANE_DATA;
  }

  /** Puts `chunk` (at most LANE_MAX_CHUNK bytes) in place; returns the memory, cut at its end. */
  load(chunk: Uint8Array): Uint8Array {
    if (!this.holds(chunk)) {
      this.loads++;
      this.reserve(chunk.length);
      this.view.set(chunk, LANE_DATA);
    }
    return this.view.subarray(0, LANE_DATA + chunk.length);
  }

  /**
   * Makes the lane's table hold `table`'s headers: only the entries added since the last call
   * are written and indexed, unless another table (or an older epoch of this one) is there.
   */
  useHeaders(table: HeaderSource): void {
    if (this.tableId !== table.id || this.tableEpoch !== table.epoch) {
      this.exports.clear();
      this.tableId = table.id;
      this.tableEpoch = table.epoch;
      this.entries = 0;
    }
    const headers = table.entries;
    if (this.entries === headers.length) return;
    const view = new DataView(this.view.buffer);
    for (let i = this.entries; i < headers.length; i++) {
      const h = headers[i];
      view.setInt32(i * ENTRY, h.bytes.length, true);
      view.setInt32(i * ENTRY + 4, h.level, true);
      this.view.set(h.bytes, i * ENTRY + 16);
      this.exports.add(i);
    }
    this.entries = headers.length;
  }

  /**
   * Consumes lines from `pos` (absolute, in the lane's memory) to `end` while their meaning is
   * settled; returns where it stopped. The arguments are those of `lane` in recordLane.wat;
   * what it consumed is in `out`.
   */
  run(pos: number, end: number, cap: number, maxLevel: number, timedLimit: number, errorOpen: boolean, collect: boolean, recordSeen: boolean, afterContinuation: boolean, errorIndented: boolean): number {
    return this.exports.lane(pos, end, cap, maxLevel, timedLimit, +errorOpen, +collect, +recordSeen, +afterContinuation, +errorIndented);
  }

  /** Records the last run consumed. */
  recordsTaken(): number {
    const out = this.out;
    return out[Result.Debug] + out[Result.Info] + out[Result.Warning];
  }

  /** Looks for the needle table's needles; see `needles` in recordLane.wat and needleSearch.ts. */
  needles(pos: number, end: number, floor: number): number {
    return this.exports.needles(pos, end, floor);
  }

  private reserve(length: number): void {
    const need = LANE_DATA + length + 64;
    const memory = this.exports.memory;
    if (memory.buffer.byteLength < need) {
      memory.grow(Math.ceil((need - memory.buffer.byteLength) / 65536));
      this.view = Buffer.from(memory.buffer);
      this.out = new Int32Array(memory.buffer, LANE_RESULTS, 12);
    }
  }
}

let laneFailure: string | undefined;
const laneListeners: ((reason: string) => void)[] = [];

/** Tells `listener` why the lane could not load (at once if it already failed): the index still works, slower. */
export function onLaneUnavailable(listener: (reason: string) => void): void {
  laneListeners.push(listener);
  if (laneFailure !== undefined) listener(laneFailure);
}
