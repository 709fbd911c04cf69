// A capture's import and its capture lane (lane/captureLane.ts) kept in step. The lane holds
// each rank's state (its writer's, its output's line count, its line map's last mark) between
// runs; the import's own code holds the same state in its RankOutput and RankLineWriter. Before
// the import's code writes to a rank, that rank is drained (the lane's lines and state come
// out); before the lane runs again, the ranks the code wrote to, or whose partial lines came or
// went, are told to it. So both always write a rank's lines in the order of the capture.
import { CaptureRanks } from './captureRanks';
import { classifyLine, Level, newHeaderSlots } from './logLine';
import { RankLineWriter } from './importLines';
import { RankOutput } from './importOutput';
import { CAPTURE_LANE_RANKS, captureLaneStyle, CaptureLane, PDSH, RankFlag, RankTake, StopReason } from './lane/captureLane';
import { latestInYear, YearOfTimes } from './lineFormats';

/** What the lane needs to know of a writer's state (see `RankFlag`). */
export function writerFlags(writer: RankLineWriter): number {
  return (
    RankFlag.Known |
    (writer.takesIndentedAsIs ? RankFlag.InRecord : 0) |
    (writer.inTracebackBlock ? RankFlag.InTraceback : 0) |
    (writer.chainOpen ? RankFlag.InChain : 0) |
    (writer.startedRecord ? RankFlag.StartedRecord : 0) |
    (writer.streamName === 'output' ? RankFlag.OutputStream : 0)
  );
}

const slots = newHeaderSlots();

/** `memory[start, end)`, lines of our format, ends with a header of an ERROR or CRITICAL record. */
function endsWithErrorHeader(memory: Uint8Array, start: number, end: number): boolean {
  let s = end - 1;
  while (s > start && memory[s - 1] !== 10) s--;
  return classifyLine(memory, s, end - 1, slots) && (slots.level === Level.Error || slots.level === Level.Critical);
}

/**
 * A writer takes the state the lane left after the lines it took for it (`memory[start, end)`):
 * its flags, its last time, and whether the last line started an error record.
 */
export function restoreWriter(writer: RankLineWriter, flags: number, lastTime: number | undefined, memory: Uint8Array, start: number, end: number): void {
  const started = (flags & RankFlag.StartedRecord) !== 0;
  writer.restore((flags & RankFlag.InRecord) !== 0, (flags & (RankFlag.InTraceback | RankFlag.InChain)) !== 0, started, lastTime, started && end > start && endsWithErrorHeader(memory, start, end));
}

/** Where a capture's reading is: its line number and byte offset (moved on over what the lane takes). */
export interface ReadPlace {
  line: number;
  offset: number;
}

export class ImportLane {
  /** Ranks the import's code wrote to since the lane last ran (maybe twice). */
  private readonly touched: number[] = [];
  /** Ranks the lane holds a partial line for. */
  private readonly partials = new Set<number>();
  /** Ranks whose lines the lane leaves to the import's code (see `exclude`). */
  private readonly excluded = new Set<number>();
  /** Lines the lane took. */
  lines = 0;

  private constructor(
    private readonly lane: CaptureLane,
    private readonly style: number,
    /** The capture file (the source of the line maps' marks), and how its glog times are dated (as the import moves it on). */
    private readonly file: string,
    private readonly dating: YearOfTimes,
    private readonly outputs: ReadonlyMap<number, RankOutput>,
    private readonly capture: CaptureRanks,
    /** The ranks of a node, for torchrun's tee labels inside srun's or SkyPilot's prefixes (`SRUN_TEE`, `SKYPILOT_TEE`); 0 otherwise. */
    private readonly nodeWidth: number,
    /** The outputs' stream whose writer the lane's lines are (see `CaptureReader.streamKey`). */
    private readonly streamKey: string,
  ) {}

  /** A lane for a capture of `style`, or undefined where the lane cannot read it (another style, no WebAssembly SIMD). */
  static create(style: string | undefined, spacedTags: boolean | undefined, role: string | undefined, teeWidth: number | undefined, file: string, dating: YearOfTimes, outputs: ReadonlyMap<number, RankOutput>, capture: CaptureRanks, streamKey = 'capture', teeSlots?: readonly number[]): ImportLane | undefined {
    const code = captureLaneStyle(style, spacedTags, teeWidth);
    const lane = code === undefined ? undefined : CaptureLane.create();
    lane?.setRankLabelsSpaced(style === 'openmpi' || spacedTags !== false);
    return lane && code !== undefined && lane.setRole(role) && lane.setNodeSlots(teeSlots) ? new ImportLane(lane, code, file, dating, outputs, capture, teeWidth ?? 0, streamKey) : undefined;
  }

  /** Where the capture is read to: the lane's input. */
  input(length: number): Buffer {
    return this.lane.input(length);
  }

  /** The import's code wrote to `rank` (drained first, with `drain`): the lane is told before it runs. */
  touch(rank: number): void {
    this.touched.push(rank);
  }

  /** Another reader wrote to the outputs (a capture's other stream, `JobImport`): every rank's state is told before the lane runs again. */
  touchAll(): void {
    for (const rank of this.outputs.keys()) this.touched.push(rank);
  }

  /**
   * Lets the lane take the lines it can of `data` (a view of `input()`) from `start`; returns
   * where it stopped, with `at` moved on over what it took. What it wrote stays in its memory
   * until the import's code writes to the same rank (`drain`), or the chunk ends (`drainAll`).
   */
  run(data: Buffer, start: number, at: ReadPlace): number {
    if (this.touched.length > 0 || this.partials.size > 0 || this.capture.partialCount > 0) this.tell();
    if (this.style === PDSH) this.tellHosts();
    const lane = this.lane;
    lane.setLatestYearless(latestInYear(this.dating));
    for (;;) {
      const stop = lane.run(data, start, this.style, at.line, at.offset, this.dating.year, this.nodeWidth);
      at.line += lane.lines;
      at.offset += stop - start;
      this.lines += lane.lines;
      start = stop;
      if (lane.reason !== StopReason.Full) return start;
      this.drainAll();
    }
  }

  /** Brings a rank's output and writer up to date with the lane, before the import's code writes to it. */
  drain(rank: number): void {
    if (rank < 0 || rank >= CAPTURE_LANE_RANKS) return;
    this.marks();
    this.lane.drainRank(rank, this.take);
  }

  /** Brings every output up to date with the lane (a chunk's end, a full lane). */
  drainAll(): void {
    this.marks();
    this.lane.drainAll(this.take);
  }

  /**
   * The lane leaves the lines of `ranks` to the import's code from now on (it reads each before
   * writing it: a launcher said these ranks ended), until `include`.
   */
  exclude(ranks: Iterable<number>): void {
    this.marks();
    for (const rank of ranks) {
      if (rank < 0 || rank >= CAPTURE_LANE_RANKS || this.excluded.has(rank)) continue;
      this.lane.drainRank(rank, this.take);
      this.excluded.add(rank);
      this.partials.delete(rank);
      this.lane.setRank(rank, 0, 0, 0, undefined);
    }
  }

  /** The lane takes the lines of the ranks `exclude` left to the import's code again. */
  include(): void {
    for (const rank of this.excluded) this.touched.push(rank);
    this.excluded.clear();
  }

  /** Forgets every rank (the import starts over). */
  reset(): void {
    this.lane.clear();
    this.touched.length = 0;
    this.partials.clear();
    this.excluded.clear();
  }

  /** The latest time of the records the lane took so far (any rank's). */
  get latestTime(): number | undefined {
    return this.lane.latestTime;
  }

  /** What the lane wrote for a rank, appended to its output; its writer takes the lane's state. */
  private readonly take: RankTake = (rank, memory, start, end, flags, lines, lastTime) => {
    const out = this.outputs.get(rank)!;
    out.tookLaneLines(memory, start, end, lines);
    restoreWriter(out.streams.get(this.streamKey)!.writer, flags, lastTime, memory, start, end);
  };

  private marks(): void {
    if (this.lane.marks > 0) this.lane.takeMarks((rank, outLine, line, offset) => this.outputs.get(rank)!.map.addLaneMark(outLine, this.file, line, offset));
  }

  /** pdsh's hosts told to the lane so far (each keeps its number). */
  private hostsTold = 0;

  /** Tells the lane pdsh's hosts numbered since it last ran (a host it does not know is left to the import's code). */
  private tellHosts(): void {
    const hosts = this.capture.hosts.names;
    const end = Math.min(hosts.length, CAPTURE_LANE_RANKS);
    for (; this.hostsTold < end; this.hostsTold++) {
      const host = hosts[this.hostsTold];
      if (host !== undefined) this.lane.addHost(host, this.hostsTold);
    }
  }

  /** Tells the lane the state of the ranks the import's code wrote to, or whose partial lines came or went. */
  private tell(): void {
    const { touched, partials, capture, lane } = this;
    if (partials.size > 0) for (const rank of partials) if (!capture.hasPartial(rank)) touched.push(rank);
    if (capture.partialCount > 0) for (const rank of capture.partialRanks()) touched.push(rank);
    // What the lane holds for these ranks comes out first: the state told is the whole of it.
    this.marks();
    for (let k = 0; k < touched.length; k++) {
      const rank = touched[k];
      if (rank < 0 || rank >= CAPTURE_LANE_RANKS) continue;
      lane.drainRank(rank, this.take);
      const out = this.outputs.get(rank);
      const writer = out?.streams.get(this.streamKey)?.writer;
      if (!out || !writer || this.excluded.has(rank)) {
        lane.setRank(rank, 0, 0, 0, undefined);
        continue;
      }
      const partial = capture.partialCount > 0 && capture.hasPartial(rank);
      if (partial) partials.add(rank);
      else if (partials.size > 0) partials.delete(rank);
      const lastMark = out.map.lastCaptureMark(this.file);
      const flags = writerFlags(writer) | (partial ? RankFlag.Partial : 0) | (out.markNext || lastMark === undefined ? RankFlag.NeedMark : 0);
      lane.setRank(rank, flags, out.lines, lastMark ?? 0, writer.lastTime);
    }
    touched.length = 0;
  }
}
