// A single console whose lines name their rank only in the user's own format (every rank writing
// to one terminal: `torch.multiprocessing.spawn`, `accelerate launch`, a launcher without
// prefixes), split into ranks by the `rank` group of a user format (`workerLogs.formats`). Each
// line the format reads is its rank's; the lines under it that belong to its record (indented
// ones, and the traceback after an error record, up to its exception) are that rank's too; any
// other line is the launcher's (a print, the parent process's own traceback), as an unlabelled
// line of a capture is. PyTorch's own `[rank3]: ` (2.4+, before each line a rank writes to stderr
// itself: its traceback) names the rank too. Pure: one console's state, no I/O.
import type { LineFormat } from './lineFormats';
import { levelOf } from './levels';
import { CHAINED_EXCEPTION, isTracebackHead, parseRecordLine, richPanelLine } from './logLine';
import { torchLabelOf } from './rankPrefixes';

/** Ranks a format names beyond this are not ranks (a number of the message the pattern took). */
const MAX_RANK = 100_000;


/**
 * Our own format (`... - Worker 3 - train - WARNING - ...`), whose every record names its rank: a
 * console our module's ranks shared (their warnings and errors, plain `srun` without `-l`, a
 * terminal's log) splits into them as by a user format's `rank` group.
 */
export const OUR_RANK_FORMAT: LineFormat = {
  name: 'worker_logging',
  mayRead: (c) => (c >= 48 && c <= 57) || c === 87,
  parse: (line) => {
    // (A quick skip: most lines of most files are not ours.)
    if (!line.includes('Worker ')) return undefined;
    const p = parseRecordLine(line);
    return p && { format: 'worker_logging', time: p.time, level: levelOf(p.level), logger: p.logger, message: p.message, rank: p.rank };
  },
  rankKey: 'worker_logging',
};

/** The rank a line of the user's format names, or undefined (not the format's line, or no rank in it). */
export function rankOfFormatLine(format: LineFormat, text: string, year: number): { rank: number; error: boolean } | undefined {
  const read = format.parse(text, year);
  const rank = read?.rank;
  if (rank === undefined || rank >= MAX_RANK) return undefined;
  return { rank, error: read!.level === 'ERROR' || read!.level === 'CRITICAL' };
}

export class FormatRanks {
  /** The rank whose record the lines now continue; -1: the launcher's. */
  private owner = -1;
  /** The owner's record is an error record (a traceback after it is its exception). */
  private error = false;
  /** Within the traceback of the owner's error record (until its exception line). */
  private traceback = false;

  constructor(
    private readonly format: LineFormat,
    private readonly year: number,
  ) {}

  reset(): void {
    this.owner = -1;
    this.error = false;
    this.traceback = false;
  }

  /** The rank a console line belongs to, or -1 for the launcher's. */
  ownerOf(text: string): number {
    const label = text.startsWith('[rank') ? torchLabelOf(text) : undefined;
    if (label?.own && label.rank < MAX_RANK) {
      this.owner = label.rank;
      this.error = this.traceback = false;
      return label.rank;
    }
    const named = rankOfFormatLine(this.format, text, this.year);
    if (named) {
      this.owner = named.rank;
      this.error = named.error;
      this.traceback = false;
      return named.rank;
    }
    if (this.owner < 0) return -1;
    const indented = text.charCodeAt(0) === 32 || text.charCodeAt(0) === 9;
    if (this.traceback) {
      // Frames are indented (in `rich`'s panel, after its side); a chained exception's lines and
      // the next traceback's head go on; the first other line is the exception, which ends it.
      if (!indented && text !== '' && !isTracebackHead(text) && richPanelLine(text) === undefined && !CHAINED_EXCEPTION.test(text)) this.traceback = this.error = false;
      return this.owner;
    }
    if (indented) return this.owner;
    if (this.error && isTracebackHead(text)) {
      this.traceback = true;
      return this.owner;
    }
    this.owner = -1;
    return -1;
  }
}
