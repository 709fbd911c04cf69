// What the end of a file whose lines name no rank says of it: its launcher's own words on ranks
// (mpirun's on the first process to exit non-zero, mp.spawn's on the process that raised, srun's
// on a task, torchrun's, DeepSpeed's: the job ran, its ranks' lines unlabelled), and the exception
// of the last traceback it holds (a launcher that crashed before it started its ranks: torchrun's
// own). The CLI says so when such a file is named; the editor when a folder shows no job but such
// a console (the Workers view's empty state).
import * as path from 'node:path';
import { fileNames } from './layoutDirs';
import { LauncherWords } from './launcherLines';
import { exceptionLineCandidate, namesExceptionClass } from './logLine';
import { tailLines } from './importSources';

/** Bytes of a file's end read for what it ends in. */
const TAIL_BYTES = 64 * 1024;

export interface ConsoleEnd {
  /** The launcher's words on ranks, each once, in order. */
  said: string[];
  /** The exception of the last traceback that is not torchrun's own `ChildFailedError`. */
  exception?: string;
}

/** torchrun's own exception once a worker failed: its summary, not the worker's error. */
const CHILD_FAILED = /^torch\.distributed\.elastic\.multiprocessing\.errors\.ChildFailedError\b/;

/**
 * The exception of the last traceback in `lines` (`AttributeError: ...`) that is not torchrun's
 * own `ChildFailedError` (the worker's, when it is among them), if there is one.
 */
export function lastException(lines: readonly string[]): string | undefined {
  let end = lines.length;
  for (let head = lines.length - 1; head >= 0; head--) {
    if (!lines[head].startsWith('Traceback (most recent call last):')) continue;
    // Its first line that names an exception's class after its frames, else its first other `name: text`:
    // a console's lines after it (another rank's, `slurmstepd: error: ...`) are not its exception.
    let exception: string | undefined;
    for (let k = head + 1; k < end; k++) {
      if (!exceptionLineCandidate(lines[k])) continue;
      if (namesExceptionClass(lines[k])) {
        exception = lines[k];
        break;
      }
      exception ??= lines[k];
    }
    end = head;
    if (exception && CHILD_FAILED.test(exception)) continue;
    return exception && (exception.length > 300 ? `${exception.slice(0, 300)}…` : exception);
  }
  return undefined;
}

/** What `lines` (a file's end) say: the launcher's words on ranks and the last traceback's exception. */
export function consoleEndOf(lines: readonly string[]): ConsoleEnd {
  // (Told as text: SkyPilot's word on its nodes too.)
  const words = new LauncherWords('skypilot');
  const said: string[] = [];
  for (const line of lines) {
    const v = words.read(line);
    if (v && !said.includes(v.message)) said.push(v.message);
  }
  const exception = lastException(lines);
  return exception === undefined ? { said } : { said, exception };
}

/** What the end of `file` says (`consoleEndOf`); undefined when it cannot be read. */
export async function readConsoleEnd(file: string): Promise<ConsoleEnd | undefined> {
  const lines = await tailLines(file, TAIL_BYTES);
  return lines && consoleEndOf(lines);
}

/** The option of each launcher that labels its ranks' lines, by how its words on ranks start (`ConsoleEnd.said`). */
const LABELS_BY_WORD: readonly (readonly [RegExp, string])[] = [
  [/^(?:srun[: ]|Slurm )/, 'srun -l'],
  [/^(?:mpirun:|MPI_ABORT)/, 'mpirun --tag-output'],
  [/^Hydra:/, 'mpiexec -prepend-rank'],
  [/^torchrun:/, 'torchrun --tee 3'],
];

/** The labels to run with: those of the launchers whose words `said` holds, else the common ones. */
function labelOptions(said: readonly string[]): string {
  const options = LABELS_BY_WORD.filter(([word]) => said.some((m) => word.test(m))).map(([, option]) => option);
  return (options.length > 0 ? options : ['mpirun --tag-output', 'srun -l', 'torchrun --tee 3']).join(', ');
}

/**
 * A console's launcher's words and what to do, as the clause after its name (`; its launcher's own
 * lines say: ...`); undefined when the launcher said nothing of ranks. `formats`: where the user's
 * formats are given (`--formats`, `workerLogs.formats`).
 */
export function unlabelledWords(end: ConsoleEnd, formats: string): string | undefined {
  const { said, exception } = end;
  if (said.length === 0) return undefined;
  const more = said.length > 3 ? ` (and ${said.length - 3} more)` : '';
  const traceback = exception && !said.some((m) => m.includes(exception)) ? `; its last traceback: ${exception}` : '';
  const deepSpeed = said.some((m) => m.startsWith('DeepSpeed: ')) ? "; DeepSpeed's launcher labels no line, but `deepspeed --enable_each_rank_log <dir>` writes each rank's own file (<time>_rank<N>.log), which is read as a job" : '';
  return `; its launcher's own lines say: ${said.slice(0, 3).join('; ')}${more}${traceback.replace(/\.$/, '')}. Its ranks' lines carry no label: the launcher's labels (${labelOptions(said)}), or a format of ${formats} with a rank group (a rank in the log format), split it into ranks${deepSpeed}`;
}

/** Names a console is saved under (`slurm-7.out`, `train.log`, `run.txt`, PBS's `job.o417`). */
const CONSOLE_NAME = /\.(out|err|log|txt)$|\.[oe]\d+$/i;
/** Files whose ends are read at most when looking for such a console (64 KiB each). */
const MAX_CONSOLES_READ = 256;

/**
 * The first file of `dirs` (by name, folder after folder) whose end holds its launcher's words
 * on ranks (`ConsoleEnd.said`): a job's console whose lines name no rank, when a folder shows no
 * job. Files named as consoles are, only; undefined when there is none.
 */
export async function findUnlabelledConsole(dirs: readonly string[]): Promise<{ file: string; end: ConsoleEnd } | undefined> {
  let read = 0;
  for (const dir of dirs) {
    for (const name of (await fileNames(dir)).filter((n) => CONSOLE_NAME.test(n)).sort()) {
      if (read++ >= MAX_CONSOLES_READ) return undefined;
      const file = path.join(dir, name);
      const end = await readConsoleEnd(file);
      if (end && end.said.length > 0) return { file, end };
    }
  }
  return undefined;
}
