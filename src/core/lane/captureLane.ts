// The JavaScript side of the capture lane (captureLane.wat): one instance per import, since the
// state of each rank of a capture (its writer's, its output's, its line map's) lives in the
// lane's memory between reads; all share one compiled module. The import reads the capture into
// `input()`, runs the lane, takes what it wrote with `drain()`, and tells it with `setRank()`
// whenever its own code wrote to a rank.
import { CAPTURE_LANE_WASM } from './captureLaneWasm.generated';
import { DAY_MS } from '../timestamps';

/** The layout of the lane's memory (see captureLane.wat). */
const RESULTS = 0;
/** 1 (i32) when `[rank3]:` is torchrun's tee label, a space after it the line's. */
const TEE_RANK_LABELS = 32;
/** The last day (i32, since 1970) a glog time without its year may have in the year given; 0: no last day. */
const LAST_DAY = 36;
/** 1 (i32) when torchrun's labels name the rank alone (`[3]:`, its prefix template; role `''`). */
const RANK_ALONE_LABELS = 40;
/** The role torchrun was given (`[trainer3]:`): its length (i32), then its bytes. */
const ROLE = 192;
const ROLE_MAX = 48;
/** srun's tasks' places among the nodes: i32 how many, then an i16 each (see captureLane.wat). */
const NODE_SLOTS = 256;
const NODE_SLOTS_MAX = (4096 - NODE_SLOTS - 4) / 2;
const STATE = 4096;
const STATE_BYTES = 32;
const DIRTY = 36864;
const MARKS = 40960;
const MARK_BYTES = 24;
/** pdsh's hosts: 2,048 slots of 8 bytes (the name's address, its length, its rank) by hash, the names after them. */
const HOSTS = 139264;
const HOST_SLOTS = 2048;
const HOST_NAMES = HOSTS + HOST_SLOTS * 8;
const INPUT = 262144;
const REGIONS = 5242880;
const REGION_SHIFT = 15;
/** Ranks whose lines the lane takes; a rank above is read by the import's own code. */
export const CAPTURE_LANE_RANKS = 1024;

/** A rank's flags in the lane's memory. */
export const enum RankFlag {
  /** The import has the rank's output and writer: the lane may write to them. */
  Known = 1,
  /** The rank's writer is in a record (an indented line belongs to it). */
  InRecord = 2,
  /** The rank's writer is in a traceback (a record needs its own code). */
  InTraceback = 4,
  /** A partial line of the rank waits to be joined. */
  Partial = 8,
  /** The rank's next line gets a mark in its line map whatever its distance to the last. */
  NeedMark = 16,
  /** The last line the lane took of the rank started a record. */
  StartedRecord = 32,
  /** The rank's writer names its prints' records `output` (Open MPI's name them after their stream). */
  OutputStream = 64,
  /** A traceback's exception was the rank's last line: a print goes on with its message (the writer's), a record ends it. */
  InChain = 128,
}

/** Why the last run stopped. */
export const enum StopReason {
  /** No whole line is left. */
  End = 0,
  /** The line it stopped at is the caller's to read. */
  Line = 1,
  /** A rank's output region, or the mark list, is full: drain, and run again. */
  Full = 2,
}

/** The lane's style for a rank's own file (a torchrun stream, a task file): no label, every line the rank's. */
export const ONE_RANK = 5;

/** torchrun on each node under srun: srun's label, then torchrun's (`1: [default3]:`); the demux's `only` is the ranks a node has. */
export const SRUN_TEE = 6;

/** MPICH's and Intel MPI's `-prepend-rank` (`[3] `). */
export const MPICH = 7;

/** pdsh's `host: ` (a rank by its host, as the caller numbered them: `addHost`). */
export const PDSH = 8;

/** SkyPilot's node, `(worker1, rank=1, pid=2769, ip=10.0.0.1) ` (its rank= the rank). */
export const SKYPILOT = 9;

/** torchrun on each node under SkyPilot: its node's prefix, then torchrun's (`(worker1, rank=1, pid=2769) [default3]:`); `only` as `SRUN_TEE`'s. */
export const SKYPILOT_TEE = 10;

/**
 * The lane's code for a capture's style of labels, or undefined for one it does not read (Ray's
 * workers, a user format's ranks, torchrun's tee labels inside pdsh's prefixes).
 * `teeWidth`: torchrun's tee labels inside srun's, pdsh's or SkyPilot's prefixes (see
 * ForeignJob.teeWidth).
 */
export function captureLaneStyle(style: string | undefined, spacedTags: boolean | undefined, teeWidth?: number): number | undefined {
  if (teeWidth !== undefined) return style === 'srun' ? SRUN_TEE : style === 'skypilot' ? SKYPILOT_TEE : undefined;
  if (style === 'torchrun') return 1;
  if (style === 'srun') return 2;
  // Open MPI 5 puts a space after each tag; 4 does not.
  if (style === 'openmpi') return spacedTags === false ? 4 : 3;
  if (style === 'mpich') return MPICH;
  if (style === 'pdsh') return PDSH;
  if (style === 'skypilot') return SKYPILOT;
  return undefined;
}

interface Exports {
  memory: WebAssembly.Memory;
  demux(pos: number, end: number, style: number, line: number, offset: number, year: number, only: number): number;
}

let compiled: WebAssembly.Module | null | undefined;

export class CaptureLane {
  private readonly exports: Exports;
  private readonly bytes: Buffer;
  /** The same memory as a plain Uint8Array (its views are cheaper to make than a Buffer's). */
  private readonly u8: Uint8Array;
  private readonly ints: Int32Array;
  private readonly doubles: Float64Array;
  /** Why the last run stopped, and the lines it took. */
  reason: StopReason = StopReason.End;
  lines = 0;

  private constructor(exports: Exports) {
    this.exports = exports;
    const buffer = exports.memory.buffer;
    this.bytes = Buffer.from(buffer);
    this.u8 = new Uint8Array(buffer);
    this.ints = new Int32Array(buffer);
    this.doubles = new Float64Array(buffer);
    this.clear();
  }

  /** A lane of its own, or undefined where WebAssembly SIMD is not available (the import then reads every line itself). */
  static create(): CaptureLane | undefined {
    if (compiled === undefined) {
      try {
        compiled = new WebAssembly.Module(Buffer.from(CAPTURE_LANE_WASM, 'base64'));
      } catch {
        compiled = null;
      }
    }
    if (!compiled) return undefined;
    try {
      return new CaptureLane(new WebAssembly.Instance(compiled, {}).exports as unknown as Exports);
    } catch {
      // Its 38 MiB could not be had: the import reads every line itself.
      return undefined;
    }
  }

  /** A view of `length` bytes of the lane's memory to read the capture into. */
  input(length: number): Buffer {
    return this.bytes.subarray(INPUT, INPUT + length);
  }

  /** Tells the lane a rank's state, as the import's own code left it. `lastTime`: its writer's (undefined as NaN). */
  setRank(rank: number, flags: number, outLines: number, lastMark: number, lastTime: number | undefined): void {
    const at = (STATE + rank * STATE_BYTES) >> 2;
    this.ints[at] = flags;
    this.ints[at + 2] = outLines;
    this.ints[at + 3] = lastMark;
    this.doubles[(STATE + rank * STATE_BYTES + 16) >> 3] = lastTime ?? NaN;
  }

  /**
   * The role torchrun was given, whose labels (`[trainer3]:`) the lane reads as `[default3]:`;
   * undefined for none; `''` for labels of the rank alone (`[3]:`). A longer one than the lane
   * holds is left to the import's own code.
   */
  setRole(role: string | undefined): boolean {
    const bytes = Buffer.from(role ?? '', 'latin1');
    if (bytes.length > ROLE_MAX) return false;
    this.ints[RANK_ALONE_LABELS >> 2] = role === '' ? 1 : 0;
    this.ints[ROLE >> 2] = bytes.length;
    bytes.copy(this.bytes, ROLE + 4);
    return true;
  }

  /**
   * srun's tasks' places among the nodes (`ForeignJob.teeSlots`: task t's ranks from `slots[t] *
   * width`; a task without one, its own number). False when there are more than the lane keeps.
   */
  setNodeSlots(slots: readonly (number | undefined)[] | undefined): boolean {
    const n = slots?.length ?? 0;
    if (n > NODE_SLOTS_MAX) return false;
    for (let t = 0; t < n; t++) {
      const slot = slots![t] ?? t;
      if (slot > 0xffff) return false;
      this.bytes.writeUInt16LE(slot, NODE_SLOTS + 4 + 2 * t);
    }
    this.ints[NODE_SLOTS >> 2] = n;
    return true;
  }

  /** Whether `[rank3]:` is PyTorch's own label, its space the label's (the default), or torchrun's tee label (`--role rank`), a space after it the line's. */
  setRankLabelsSpaced(spaced: boolean): void {
    this.ints[TEE_RANK_LABELS >> 2] = spaced ? 0 : 1;
  }

  /**
   * A glog time without its year that the year `run` is given puts on the day of `time` (naive
   * ms) or later may be of the year before (`latestInYear`): its line is left to the import's
   * own code, which dates it. Undefined: every such time is of that year.
   */
  setLatestYearless(time: number | undefined): void {
    this.ints[LAST_DAY >> 2] = time === undefined ? 0 : Math.max(1, Math.floor(time / DAY_MS) - 1);
  }

  /** Where the next host's name goes (see `addHost`). */
  private hostNamesEnd = HOST_NAMES;

  /**
   * pdsh's `host` is rank `rank` (as the import numbered it; a host's number never changes). False
   * when the table is full: the import's own code reads that host's lines.
   */
  addHost(host: string, rank: number): boolean {
    const name = Buffer.from(host, 'latin1');
    if (rank >= CAPTURE_LANE_RANKS || name.length === 0 || name.length > 0xffff || this.hostNamesEnd + name.length > INPUT) return false;
    // FNV-1a, as $hostRank hashes; the next free slot (the table is at most half full).
    let h = 0x811c9dc5;
    for (const b of name) h = Math.imul(h ^ b, 0x01000193);
    let slot = h & (HOST_SLOTS - 1);
    while (this.ints[(HOSTS + slot * 8) >> 2] !== 0) slot = (slot + 1) & (HOST_SLOTS - 1);
    const at = HOSTS + slot * 8;
    name.copy(this.bytes, this.hostNamesEnd);
    this.ints[at >> 2] = this.hostNamesEnd;
    this.u8[at + 4] = name.length & 0xff;
    this.u8[at + 5] = name.length >> 8;
    this.u8[at + 6] = rank & 0xff;
    this.u8[at + 7] = rank >> 8;
    this.hostNamesEnd += name.length;
    return true;
  }

  /** Forgets every rank (the import starts over). */
  clear(): void {
    // Results, the ranks' states and the dirty list; not the level parts and line ends between
    // them (the module's data, which nothing writes again).
    this.bytes.fill(0, RESULTS, RESULTS + 16);
    this.bytes.fill(0, STATE, MARKS);
    this.doubles[(RESULTS + 16) / 8] = NaN;
    this.doubles[(RESULTS + 24) / 8] = Infinity;
  }

  /** The lane leaves records at or after `time` to the caller (a rank's file of a job run again: the next run may start there); Infinity: none. */
  recordsBefore(time: number): void {
    this.doubles[(RESULTS + 24) / 8] = time;
  }

  /** The latest time of the records taken since `clear` (any rank's); undefined while none. */
  get latestTime(): number | undefined {
    const t = this.doubles[(RESULTS + 16) / 8];
    return Number.isNaN(t) ? undefined : t;
  }

  /**
   * Takes lines of `view` (a view of `input()`) from `start` to its end; returns where it
   * stopped (in `view`), the reason in `reason` and the lines taken in `lines`. `line` and
   * `offset`: the capture's line number and byte offset at `start`; `year`: the year of glog's
   * times; `only`: the rank of a rank's own file (style `ONE_RANK`), the ranks of a node (`SRUN_TEE`, `SKYPILOT_TEE`).
   */
  run(view: Uint8Array, start: number, style: number, line: number, offset: number, year: number, only = 0): number {
    const base = view.byteOffset;
    const stop = this.exports.demux(base + start, base + view.length, style, line, offset, year, only) - base;
    this.reason = this.ints[RESULTS >> 2];
    this.lines = this.ints[(RESULTS >> 2) + 1];
    return stop;
  }

  /**
   * Hands over what the lane wrote for `rank` since its last drain, if anything: `take` gets the
   * lane's memory and the range of the bytes (copy them before the next run), the rank's flags,
   * its output's line count, and its writer's last time.
   */
  drainRank(rank: number, take: RankTake): void {
    const at = (STATE + rank * STATE_BYTES) >> 2;
    const length = this.ints[at + 1];
    if (length === 0) return;
    const region = REGIONS + (rank << REGION_SHIFT);
    const time = this.doubles[(STATE + rank * STATE_BYTES + 16) >> 3];
    take(rank, this.u8, region, region + length, this.ints[at], this.ints[at + 2], Number.isNaN(time) ? undefined : time);
    this.ints[at + 1] = 0;
  }

  /** Drains every rank the lane wrote for (see `drainRank`). */
  drainAll(take: RankTake): void {
    const ints = this.ints;
    const dirty = ints[(RESULTS >> 2) + 3];
    for (let k = 0; k < dirty; k++) {
      const rank = ints[(DIRTY >> 2) + k];
      this.drainRank(rank, take);
      ints[((STATE + rank * STATE_BYTES) >> 2) + 6] = 0;
    }
    ints[(RESULTS >> 2) + 3] = 0;
  }

  /** Marks of the line maps the lane placed since `takeMarks` last ran. */
  get marks(): number {
    return this.ints[(RESULTS >> 2) + 2];
  }

  /** Hands over the marks of the line maps the lane placed, in order. */
  takeMarks(mark: (rank: number, outLine: number, line: number, offset: number) => void): void {
    const ints = this.ints;
    const marks = ints[(RESULTS >> 2) + 2];
    for (let k = 0; k < marks; k++) {
      const at = MARKS + k * MARK_BYTES;
      mark(ints[at >> 2], ints[(at >> 2) + 1], this.doubles[(at + 8) >> 3], this.doubles[(at + 16) >> 3]);
    }
    ints[(RESULTS >> 2) + 2] = 0;
  }
}

/** What `drainRank` hands over: `memory[start..end)` are the rank's new lines. */
export type RankTake = (rank: number, memory: Uint8Array, start: number, end: number, flags: number, outLines: number, lastTime: number | undefined) => void;
