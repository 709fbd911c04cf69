import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { consoleEndOf, findUnlabelledConsole, lastException, unlabelledWords } from '../../src/core/consoleEnd';

describe("a console whose lines name no rank: what its end says (the CLI's message, the Workers view's empty state)", () => {
  it("takes a traceback's exception, not a launcher's `name: text` line after it, nor torchrun's own ChildFailedError", () => {
    const frames = ['Traceback (most recent call last):', '  File "train.py", line 40, in <module>', '    trainer.fit(model)'];
    assert.strictEqual(lastException([...frames, 'RuntimeError: CUDA out of memory.', 'slurmstepd: error: *** STEP 1.0 ON n1 CANCELLED AT 2026-12-04T00:45:20 ***']), 'RuntimeError: CUDA out of memory.');
    // A message of several lines: its first.
    assert.strictEqual(lastException([...frames, 'torch.distributed.DistBackendError: NCCL error in: ../torch/csrc/distributed/c10d/NCCLUtils.hpp:275', 'ncclUnhandledCudaError: Call to CUDA function failed.']), 'torch.distributed.DistBackendError: NCCL error in: ../torch/csrc/distributed/c10d/NCCLUtils.hpp:275');
    // An exception without a class name's ending (`KeyError` has one; `foo.Bar: x` has not): the first `name: text`.
    assert.strictEqual(lastException([...frames, 'mypkg.Bad: shard 7', 'wandb: Syncing run']), 'mypkg.Bad: shard 7');
    // The worker's, before torchrun's own traceback and ChildFailedError.
    assert.strictEqual(lastException([...frames, 'ValueError: bad shard 7', 'Traceback (most recent call last):', '  File "/usr/bin/torchrun", line 33, in <module>', 'torch.distributed.elastic.multiprocessing.errors.ChildFailedError: ']), 'ValueError: bad shard 7');
    assert.strictEqual(lastException(['step 3 loss 2.1']), undefined);
  });

  it("names the launcher's words and how to label the lines, with where formats are given; nothing when the launcher said nothing of ranks", () => {
    const end = consoleEndOf(['Traceback (most recent call last):', '  File "train.py", line 9', 'RuntimeError: CUDA out of memory.', 'srun: error: gpu-node-1: task 1: Exited with exit code 1']);
    assert.deepStrictEqual(end, { said: ['srun: gpu-node-1: Exited with exit code 1'], exception: 'RuntimeError: CUDA out of memory.' });
    assert.strictEqual(
      unlabelledWords(end, 'workerLogs.formats'),
      "; its launcher's own lines say: srun: gpu-node-1: Exited with exit code 1; its last traceback: RuntimeError: CUDA out of memory. Its ranks' lines carry no label: the launcher's labels (srun -l), or a format of workerLogs.formats with a rank group (a rank in the log format), split it into ranks",
    );
    assert.strictEqual(unlabelledWords(consoleEndOf(['Traceback (most recent call last):', 'ValueError: x']), '--formats'), undefined);
    // The labels named are those of the launcher that spoke: MPICH's Hydra (its word names a process, not a rank), Slurm's time limit.
    const hydra = consoleEndOf(['=====', '=   BAD TERMINATION OF ONE OF YOUR APPLICATION PROCESSES', '=   PID 31129 RUNNING AT vm', '=   EXIT CODE: 9', '=====']);
    assert.match(unlabelledWords(hydra, '--formats')!, /: Hydra: a process \(pid 31129 on vm\) exited with code 9.*the launcher's labels \(mpiexec -prepend-rank\), or a format of --formats/);
    const limit = consoleEndOf(['step 9', 'slurmstepd: error: *** STEP 7.0 ON n1 CANCELLED AT 2026-12-04T00:45:20 DUE TO TIME LIMIT ***']);
    assert.match(unlabelledWords(limit, '--formats')!, /the launcher's labels \(srun -l\), or/);
  });

  it("finds, among a folder's files named as consoles, the first whose end holds a launcher's words on ranks; not a text that only ends in a traceback, nor a file of another name", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gwl-console-end-'));
    try {
      fs.writeFileSync(path.join(dir, 'a-crash.log'), 'Traceback (most recent call last):\nValueError: x\n');
      fs.writeFileSync(path.join(dir, 'b.md'), 'srun: error: n1: task 1: Exited with exit code 1\n');
      assert.strictEqual(await findUnlabelledConsole([dir]), undefined);
      fs.writeFileSync(path.join(dir, 'job.o417'), 'step 1\nmpirun noticed that process rank 1 with PID 0 on node n1 exited on signal 9 (Killed).\n');
      const found = await findUnlabelledConsole([path.join(dir, 'missing'), dir]);
      assert.strictEqual(found?.file, path.join(dir, 'job.o417'));
      assert.match(found!.end.said[0], /rank 1/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
