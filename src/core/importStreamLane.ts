// A rank's own file (a torchrun stream, a Slurm task file) read through the capture lane
// (lane/captureLane.ts, style ONE_RANK): its common lines rewritten in WebAssembly straight into
// the rank's output, when nothing of the rank's other streams waits to be merged with them (see
// `JobImport.readRank`). Each run of lines the lane takes is drained into the output at once,
// its lines mapped one for one to the file's lines they came from.
import { RankLineWriter } from './importLines';
import { RankOutput } from './importOutput';
import { SourceState } from './importSources';
import { restoreWriter, writerFlags } from './importLane';
import { CAPTURE_LANE_RANKS, CaptureLane, ONE_RANK, StopReason } from './lane/captureLane';
import { latestInYear, YearOfTimes } from './lineFormats';

export class StreamLane {
  /** Lines the lane took. */
  lines = 0;

  private constructor(
    private readonly lane: CaptureLane,
    /** How glog's times are dated (as the import moves it on). */
    private readonly dating: YearOfTimes,
  ) {}

  /** A lane, or undefined where WebAssembly SIMD is not available. */
  static create(dating: YearOfTimes): StreamLane | undefined {
    const lane = CaptureLane.create();
    return lane && new StreamLane(lane, dating);
  }

  /**
   * Whether the lane can write rank `rank`'s lines: any rank of up to 4 digits (what its room for
   * a header counts on). Ranks share the lane's state and regions of CAPTURE_LANE_RANKS ranks,
   * each set before a run and drained after it.
   */
  static takes(rank: number): boolean {
    return Number.isInteger(rank) && rank >= 0 && rank <= 9999;
  }

  /** Where the file is read to: the lane's input. */
  input(length: number): Buffer {
    return this.lane.input(length);
  }

  /**
   * Lets the lane take the lines it can of `data` (a view of `input()`) from `start`, for
   * `writer`, into `out`; returns where it stopped, with `at` moved on over what it took. A
   * record at or after `out`'s next run (`RankOutput.nextRun`) is left to the caller.
   */
  run(out: RankOutput, writer: RankLineWriter, file: string, data: Buffer, start: number, at: SourceState): number {
    const lane = this.lane;
    const rank = out.rank;
    const slot = rank % CAPTURE_LANE_RANKS;
    lane.setRank(slot, writerFlags(writer), out.lines, 0, writer.lastTime);
    lane.recordsBefore(out.nextRun?.from ?? Infinity);
    lane.setLatestYearless(latestInYear(this.dating));
    for (;;) {
      const stop = lane.run(data, start, ONE_RANK, at.line, at.offset, this.dating.year, rank);
      if (lane.lines > 0) {
        const { line, offset } = at;
        lane.drainRank(slot, (_slot, memory, from, to, left, lines, lastTime) => {
          out.tookStreamLines(memory, from, to, lines, file, line, offset);
          restoreWriter(writer, left, lastTime, memory, from, to);
        });
        at.line += lane.lines;
        at.offset += stop - start;
        this.lines += lane.lines;
      }
      start = stop;
      if (lane.reason !== StopReason.Full) return start;
    }
  }
}
