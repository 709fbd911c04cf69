// LSF's job report, which it appends to a job's output file (`bsub -o`) once the job ended: its
// `Terminated at <ctime>` line, and the reason a job it killed ended (`TERM_RUNLIMIT: job killed
// after reaching LSF run time limit.`), for the launcher's words (launcherLines.ts) and the
// diagnosis of a job its launcher ended (jobWideEnd.ts). A limit, a preemption or a deadline
// fails every rank the job ran (as Slurm's time limit); a kill by its owner or an administrator
// (`bkill`) stops them. Pure but for the report's state, read line by line.
import { parseCtime } from './rankPrefixes';

/** The report's head: the lines after it are LSF's. */
const SENDER = /^Sender: LSF System <[^>\n]{1,200}>$/;
const TERMINATED = /^Terminated at (.{24})$/;
/** `TERM_RUNLIMIT: job killed after reaching LSF run time limit.` */
const TERM = /^(TERM_[A-Z_]{2,30}): (job [^\n]{1,150}?)\.?$/;
/** Reasons that are someone's kill of the job, not its failure (bkill, brequeue). */
const STOPS = new Set(['TERM_OWNER', 'TERM_ADMIN', 'TERM_FORCE_OWNER', 'TERM_FORCE_ADMIN', 'TERM_REQUEUE_OWNER', 'TERM_REQUEUE_ADMIN', 'TERM_BUCKET_KILL']);
/** The report's last line. */
const REPORT_END = 'The output (if any) is above this job summary.';

export interface LsfEnd {
  /** A kill by its owner or an administrator: a stop of the ranks, not a failure of theirs. */
  stop: boolean;
  message: string;
  /** The report's `Terminated at` (naive ms, whole seconds), when it came before. */
  time?: number;
}

/** LSF's job reports in a job's output, read line by line: the end of the job each gives. */
export class LsfReport {
  private inReport = false;
  private terminated: number | undefined;

  /** The job's end `line` gives (its TERM_ reason, in a report); undefined for any other line. */
  read(line: string): LsfEnd | undefined {
    if (line.length > 240) return undefined;
    if (!this.inReport) {
      if (line.startsWith('Sender: LSF System <') && SENDER.test(line)) {
        this.inReport = true;
        this.terminated = undefined;
      }
      return undefined;
    }
    if (line === REPORT_END) {
      this.inReport = false;
      return undefined;
    }
    const t = line.startsWith('Terminated at ') ? TERMINATED.exec(line) : null;
    if (t) {
      this.terminated = parseCtime(t[1]);
      return undefined;
    }
    const m = line.startsWith('TERM_') ? TERM.exec(line) : null;
    if (!m) return undefined;
    return { stop: STOPS.has(m[1]), message: lsfEndMessage(m[1], m[2]), ...(this.terminated !== undefined ? { time: this.terminated } : {}) };
  }

  reset(): void {
    this.inReport = false;
    this.terminated = undefined;
  }
}

/** `LSF: job killed after reaching LSF run time limit (TERM_RUNLIMIT)` (`lsfEndReason` reads it back). */
function lsfEndMessage(code: string, text: string): string {
  return `LSF: ${text} (${code})`;
}

const END_MESSAGE = /^LSF: job [^\n]{1,150} \((TERM_[A-Z_]{2,30})\)$/;

/** The TERM_ reason of an end's message (`LsfReport`'s); undefined for any other message. */
function endCode(message: string): string | undefined {
  return message.length <= 200 ? END_MESSAGE.exec(message)?.[1] : undefined;
}

/** A failure's message (`LsfReport`'s end of the job over a limit), read back; undefined for any other message. */
export function lsfEndReason(message: string): string | undefined {
  const code = endCode(message);
  return code !== undefined && !STOPS.has(code) ? message : undefined;
}

/** `stopped by LSF (bkill)` for the record of a kill by the job's owner or an administrator; undefined for any other message. */
export function lsfStoppedBy(message: string): string | undefined {
  const code = endCode(message);
  return code !== undefined && STOPS.has(code) ? 'stopped by LSF (bkill)' : undefined;
}
