import * as assert from 'node:assert';
import { launcherNote } from '../../src/core/launcherNote';

describe("the note on a job's lines that name no rank (the Job Log's, the CLI's)", () => {
  it("says what they are: a capture's launcher's own, a task job's batch output, or, in torch 2's console without --tee, the ranks' records among them with how to have them labelled", () => {
    assert.strictEqual(launcherNote({ lines: 0 }, 'train.out'), undefined);
    assert.deepStrictEqual(launcherNote({ lines: 1 }, 'train.out'), { text: "1 line of train.out, the launcher's own, names no rank", mostly: false });
    assert.deepStrictEqual(launcherNote({ lines: 12, batchOutput: ['slurm-7.out'] }, 'x'), { text: "12 lines of the batch output (slurm-7.out), the batch script's and srun's own, name no rank", mostly: false });
    const untee = launcherNote({ lines: 74, ownLabelsOnly: true }, 'accelerate.out')!;
    assert.strictEqual(untee.mostly, true);
    assert.match(untee.text, /^74 lines of accelerate\.out name no rank, the ranks' records among them: without --tee, torchrun and accelerate launch label none of a rank's lines but, from torch 2, a failed rank's traceback and C\+\+ log \(run with --tee 3 /);
    // A task job's batch output is never a rank's records, whatever its capture's labels.
    assert.strictEqual(launcherNote({ lines: 74, ownLabelsOnly: true, batchOutput: ['b.out'] }, 'x')!.mostly, false);
    // mp.spawn labels nothing of its own: the note names where the user's formats are given, the editor's setting or the CLI's option.
    const spawn = { lines: 9, ownLabelsOnly: true, ranksLauncher: 'mp.spawn' as const };
    assert.match(launcherNote(spawn, 'run.out')!.text, /^9 lines of run\.out name no rank, the ranks' records among them: mp\.spawn labels none .* or a format of workerLogs\.formats with a rank group/);
    assert.match(launcherNote(spawn, 'run.out', '--formats')!.text, /or a format of --formats with a rank group/);
    assert.match(launcherNote({ ...spawn, ranksLauncher: 'srun' }, 'run.out', '--formats')!.text, /run srun with -l/);
  });
});
