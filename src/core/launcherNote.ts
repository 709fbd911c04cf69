// What the Job Log and the CLI say of a job's lines that name no rank (a capture's lines without
// a rank prefix, a task job's batch output): they are in no rank's log, so neither in the Job Log
// nor in the timeline, but in the Launcher item. In torch 2's console without `--tee`
// (torchrun's and `accelerate launch`'s default), which labels only a failed rank's traceback, or
// a console of plain srun or mpirun, the ranks' own records are among them, and the note says
// how to have every line labelled. Pure.
import type { LauncherRanks } from './unlabelledConsoles';
import { plural } from './wording';

export interface LauncherLinesFacts {
  /** Lines without a rank prefix (the launcher's). */
  lines: number;
  /** A task job's batch output (these lines' files). */
  batchOutput?: readonly string[];
  /** torch 2's console without `--tee` (`ForeignJob.ownLabelsOnly`): the ranks' records are among these lines. */
  ownLabelsOnly?: boolean;
  /** Of those, one of ranks srun, mpirun or mp.spawn started themselves, no torchrun (plain `srun python train.py` without `-l`, `mpirun` without `--tag-output`). */
  ranksLauncher?: LauncherRanks;
}

export interface LauncherNote {
  /** What the lines are, a sentence without its full stop (`74 lines of train.out name no rank ...`). */
  text: string;
  /** The ranks' records are among them (said as a warning, and by the CLI). */
  mostly: boolean;
}

/** What a launcher that started the ranks themselves labels of their lines, and how to have every line labelled (`formats`: where the user's formats are given). */
const LABELS_OF: Record<LauncherRanks, (formats: string) => string> = {
  srun: () => "srun without -l labels none of a rank's lines but, from torch 2.3, PyTorch labels a rank's uncaught traceback (run srun with -l, --label, to have every line read as its rank's)",
  mpirun: () => "mpirun without --tag-output labels none of a rank's lines but, from torch 2.3, PyTorch labels a rank's uncaught traceback (run mpirun with --tag-output to have every line read as its rank's)",
  mpiexec: () => "mpiexec (MPICH's, Intel MPI's) without -prepend-rank labels none of a rank's lines but, from torch 2.3, PyTorch labels a rank's uncaught traceback (run mpiexec with -prepend-rank, -l, to have every line read as its rank's)",
  'mp.spawn': (formats) => `mp.spawn labels none of its processes' lines (have each record name its rank, in our module's format or a format of ${formats} with a rank group, to have every line read as its rank's)`,
};

/**
 * The note on the lines of `shown` (the capture's name) that name no rank; undefined when there are
 * none. `formats`: where the user's formats are given (the editor's setting, the CLI's `--formats`).
 */
export function launcherNote(f: LauncherLinesFacts, shown: string, formats = 'workerLogs.formats'): LauncherNote | undefined {
  if (f.lines <= 0) return undefined;
  const count = plural(f.lines, 'line');
  const name = f.lines === 1 ? 'names' : 'name';
  if (f.batchOutput) return { text: `${count} of the batch output (${f.batchOutput.join(', ')}), the batch script's and srun's own, ${name} no rank`, mostly: false };
  if (!f.ownLabelsOnly) return { text: `${count} of ${shown}, the launcher's own, ${name} no rank`, mostly: false };
  if (f.ranksLauncher) {
    return { text: `${count} of ${shown} ${name} no rank, the ranks' records among them: ${LABELS_OF[f.ranksLauncher](formats)}`, mostly: true };
  }
  return {
    text: `${count} of ${shown} ${name} no rank, the ranks' records among them: without --tee, torchrun and accelerate launch label none of a rank's lines but, from torch 2, a failed rank's traceback and C++ log (run with --tee 3 to have every line read as its rank's)`,
    mostly: true,
  };
}
