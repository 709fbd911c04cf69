import * as assert from 'node:assert';
import { readCaptureHead } from '../../src/core/captureHead';
import { concurrentTorchruns, severalTorchruns } from '../../src/core/unlabelledConsoles';
import { torchrunSummaryRanks } from '../../src/core/torchrunWords';
import { UnlabelledTracebacks, withUnlabelledTracebacks } from '../../src/core/unlabelledTracebacks';

const frames = (file: string) => ['Traceback (most recent call last):', `  File "${file}", line 12, in <module>`, '    main()'];

/** The tracker fed `lines` from capture line 0. */
function read(lines: readonly string[]): UnlabelledTracebacks {
  // (Each line 100 bytes further than the one before.)
  const t = new UnlabelledTracebacks();
  lines.forEach((text, i) => t.line(text, i, i * 100));
  return t;
}

describe("torchrun's console without --tee: the tracebacks that name no rank", () => {
  it('gives the one traceback read, its exception and its line; a chained error once, its last exception', () => {
    const one = read(['step 3', ...frames('train.py'), 'RuntimeError: loader: shard 7 unreadable', '', 'step 3']).only()!;
    assert.deepStrictEqual([one.text, one.line], ['RuntimeError: loader: shard 7 unreadable', 4]);
    // Its lines, to be written as the rank's: from its head to its exception, each with its line and offset.
    assert.deepStrictEqual(one.lines, [...frames('train.py'), 'RuntimeError: loader: shard 7 unreadable'].map((text, i) => ({ text, line: i + 1, offset: (i + 1) * 100 })));
    const chained = [...frames('train.py'), 'KeyError: 7', '', 'During handling of the above exception, another exception occurred:', '', ...frames('train.py'), 'RuntimeError: loader: shard 7 unreadable', '', 'step 4'];
    const last = read(chained).only()!;
    assert.deepStrictEqual([last.text, last.line, last.lines?.map((l) => l.text)], ['RuntimeError: loader: shard 7 unreadable', 10, chained.slice(0, 11)]);
    // The capture's latest time before it, asked at its first line (a chained error's first), not at its exception or later.
    const times = new UnlabelledTracebacks();
    let latest = 1000;
    chained.forEach((text, i) => times.line(text, i, i * 100, () => latest++));
    assert.strictEqual(times.only()!.after, 1000);
    // A traceback too long to be written (over 400 lines): its exception only.
    const long = read([...frames('train.py'), ...Array.from({ length: 500 }, (_, i) => `  File "m${i}.py", line 1, in f`), 'RecursionError: maximum recursion depth exceeded']).only()!;
    assert.deepStrictEqual([long.text, long.lines], ['RecursionError: maximum recursion depth exceeded', undefined]);
  });

  it("reads a traceback written after a progress bar's last state on its line (tqdm, Lightning's bar) from its head", () => {
    const bar = '\rEpoch 0:  45%|####5     | 450/1000 [01:23<01:40,  5.40it/s, v_num=0, train_loss=2.310]';
    const one = read(['step 3', `${bar}Traceback (most recent call last):`, ...frames('train.py').slice(1), 'RuntimeError: CUDA error: an illegal memory access was encountered']).only()!;
    assert.deepStrictEqual([one.text, one.line], ['RuntimeError: CUDA error: an illegal memory access was encountered', 4]);
    assert.deepStrictEqual(one.lines?.map((l) => [l.text, l.line]), [['Traceback (most recent call last):', 1], ...frames('train.py').slice(1).map((t, i) => [t, i + 2]), ['RuntimeError: CUDA error: an illegal memory access was encountered', 4]]);
    // A frame's line quoting a head is the traceback's, not a second one.
    const quoted = read([...frames('train.py'), '    print("Traceback (most recent call last):")', 'ValueError: bad']).only()!;
    assert.deepStrictEqual([quoted.text, quoted.lines?.length], ['ValueError: bad', 5]);
  });

  it('gives none for two errors (whose is whose is not known), a traceback not ended, or torchrun\'s own', () => {
    assert.strictEqual(read([...frames('a.py'), 'KeyError: 7', 'step 4', ...frames('b.py'), 'ValueError: bad']).only(), undefined);
    assert.strictEqual(read(frames('train.py')).only(), undefined);
    const torchrun = ['Traceback (most recent call last):', '  File "/usr/bin/torchrun", line 33, in <module>', '  File "/usr/lib/python3/dist-packages/torch/distributed/run.py", line 762, in main', 'torch.distributed.elastic.multiprocessing.errors.ChildFailedError: '];
    assert.strictEqual(read(torchrun).only(), undefined);
    // The worker's, then torchrun's after it: the worker's.
    assert.deepStrictEqual(read([...frames('train.py'), 'ValueError: bad', ...torchrun]).only()?.line, 3);
    // Cleared (an attempt ended): none, then the next attempt's.
    const t = read([...frames('train.py'), 'ValueError: bad']);
    t.clear();
    assert.strictEqual(t.only(), undefined);
  });

  it("reads a console whose ranks' lines carry no label as torchrun's when torchrun's own log says a worker failed (torch 1.x and 2.x), not a text quoting it", () => {
    const ranks = ['2026-12-06 20:26:13,917 INFO train: step 3', '2026-12-06 20:26:13,919 INFO train: step 3'];
    const v1 = 'ERROR:torch.distributed.elastic.multiprocessing.api:failed (exitcode: -9) local_rank: 1 (pid: 19725) of binary: /usr/bin/python3.11';
    const v2 = 'E1206 09:00:13.015000 8100 torch/distributed/elastic/multiprocessing/api.py:869] failed (exitcode: 1) local_rank: 2 (pid: 8103) of binary: /usr/bin/python3';
    for (const word of [v1, v2]) {
      for (const further of [false, true]) {
        const head = readCaptureHead([...ranks, word], further);
        assert.deepStrictEqual([head.style, head.ownLabelsOnly], ['torchrun', true], word);
      }
    }
    assert.strictEqual(readCaptureHead([...ranks, `see: ${v1}`]).style, undefined);
    // More than one torchrun (plain srun of torchrun on two nodes): their local ranks are not one node's.
    assert.strictEqual(readCaptureHead([...ranks, v2, v2.replace(' 8100 ', ' 9100 ')]).style, undefined);
    assert.strictEqual(readCaptureHead([...ranks, 'ERROR:torch.distributed.elastic.multiprocessing.api:failed to start']).style, undefined);
  });

  it("says where several tracebacks before torchrun's word are, none taken as its rank's", () => {
    const t = read([...frames('a.py'), 'ValueError: bad batch on rank 2', ...frames('a.py'), 'ValueError: bad batch on rank 1']);
    assert.deepStrictEqual(t.exceptions(), { count: 2, lines: [3, 7] });
    assert.strictEqual(withUnlabelledTracebacks('torchrun: local rank 1 (pid 7) exited with code 1', t.exceptions()), 'torchrun: local rank 1 (pid 7) exited with code 1; 2 tracebacks before it name no rank (lines 4, 8)');
    // Thousands (a logged traceback at every step): counted, the first few said, a few kept.
    const many = read(Array.from({ length: 5000 }, () => [...frames('a.py'), 'ValueError: bad']).flat());
    assert.deepStrictEqual([many.exceptions().count, many.exceptions().lines, many.only()], [5000, [3, 7, 11, 15, 19], undefined]);
    assert.match(withUnlabelledTracebacks('w', many.exceptions()), /; 5000 tracebacks before it name no rank \(lines 4, 8, 12, 16, 20, …\)$/);
    assert.ok((many as unknown as { found: unknown[] }).found.length <= 8);
  });

  it("reads the ranks each of torchrun's summaries says failed, by the process id of each", () => {
    const block = (n: number, rank: number, pid: number) => [`[${n}]:`, '  time      : 2026-12-06_20:44:02', '  host      : localhost', `  rank      : ${rank} (local_rank: ${rank})`, `  exitcode  : 1 (pid: ${pid})`, '  error_file: <N/A>'];
    const summary = (failures: string[], root: string[]) => ['torch.distributed.elastic.multiprocessing.errors.ChildFailedError: ', '====', 'train.py FAILED', '----', 'Failures:', ...failures, '----', 'Root Cause (first observed failure):', ...root, '===='];
    const groups = torchrunSummaryRanks([...summary(['  <NO_OTHER_FAILURES>'], block(0, 3, 100)), ...summary(block(1, 2, 203), block(0, 1, 202))]);
    assert.deepStrictEqual([...groups], [[100, [3]], [203, [2, 1]], [202, [2, 1]]]);
  });

  it('tells a console of more than one torchrun: two banners, two agents of torch 2, two hosts in its summaries, srun\'s word on a task', () => {
    const banner = 'Setting OMP_NUM_THREADS environment variable for each process to be 1 in default, to avoid your system being overloaded';
    const agent = (pid: number) => `W1206 09:00:12.311000 ${pid} torch/distributed/elastic/multiprocessing/api.py:897] Sending process 8101 closing signal SIGTERM`;
    const host = (h: string) => `  host      : ${h}`;
    assert.strictEqual(severalTorchruns(['WARNING:torch.distributed.run:', banner, 'step 1', agent(8100), agent(8100), host('gpu-node03'), host('gpu-node03')]), false);
    assert.strictEqual(severalTorchruns([banner, 'step 1', banner]), true);
    assert.strictEqual(severalTorchruns([agent(8100), agent(9100)]), true);
    // (A worker's own torch.distributed warning, its pid not torchrun's, is no second torchrun.)
    assert.strictEqual(severalTorchruns([agent(8100), 'W1206 09:00:12.311000 8101 torch/distributed/c10d_logger.py:83] a warning']), false);
    assert.strictEqual(severalTorchruns([host('gpu-node03'), host('gpu-node04')]), true);
    assert.strictEqual(severalTorchruns(['srun: error: gpu-node04: task 1: Exited with exit code 1']), true);
    assert.strictEqual(severalTorchruns(['srun: error: gpu-node04: tasks 0-1: Exited with exit code 1']), true);
    // srun of one torchrun (one node's job under Slurm): its one task.
    assert.strictEqual(severalTorchruns(['srun: error: gpu-node04: task 0: Exited with exit code 1']), false);
  });

  it("reads a console of ranks srun started itself (plain srun, no -l) by srun's word on a task that failed; not where torchrun ran, another launcher spoke or srun only stopped tasks", () => {
    const ranks = ['2026-12-06 23:07:42,382 INFO train: step 1 done', 'epoch 0 step 1', ...frames('train.py'), 'ValueError: bad shard 7'];
    const word = 'srun: error: gpu-a17: task 1: Exited with exit code 1';
    for (const further of [false, true]) {
      const head = readCaptureHead([...ranks, word, '2026-12-06 23:07:43,284 INFO train: step 4 done'], further);
      assert.deepStrictEqual([head.style, head.noLabels, head.launcherRanks, head.ownLabelsOnly], ['torchrun', true, 'srun', true], `further: ${further}`);
    }
    assert.strictEqual(readCaptureHead([...ranks, 'srun: error: gpu-a17: task 0: Killed']).launcherRanks, 'srun');
    // Saved with CRLF.
    assert.strictEqual(readCaptureHead([...ranks, word].map((l) => `${l}\r`)).launcherRanks, 'srun');
    // srun's stop of its tasks (SIGTERM once another failed under -K): no failure, no job.
    assert.strictEqual(readCaptureHead([...ranks, 'srun: error: gpu-a17: tasks 0-1: Terminated']).style, undefined);
    // torchrun ran (srun's task a torchrun: which rank failed, its word alone says).
    assert.strictEqual(readCaptureHead(['WARNING:torch.distributed.run:', ...ranks, word]).style, undefined);
    // Another launcher's word (mpirun's processes are not srun's tasks).
    assert.strictEqual(readCaptureHead([...ranks, 'mpirun noticed that process rank 1 with PID 0 on node n1 exited on signal 9 (Killed).', word]).style, undefined);
    // A text that only quotes srun's word, not at a line's start.
    assert.strictEqual(readCaptureHead([...ranks, `see: ${word}`]).style, undefined);
    // mpirun without --tag-output: its word over several lines, or on a rank a signal killed.
    const box = '--------------------------------------------------------------------------';
    const nonZero = [box, 'mpirun detected that one or more processes exited with non-zero status, thus causing', 'the job to be terminated. The first process to do so was:', '', '  Process name: [[24121,1],1]', '  Exit code:    1', box];
    assert.strictEqual(readCaptureHead([...ranks, ...nonZero]).launcherRanks, 'mpirun');
    assert.strictEqual(readCaptureHead([...ranks, box, 'mpirun noticed that process rank 1 with PID 0 on node vm exited on signal 9 (Killed).', box]).launcherRanks, 'mpirun');
    // mp.spawn's word on the process that raised (its index the rank on one node).
    const spawned = ['torch.multiprocessing.spawn.ProcessRaisedException: ', '', '-- Process 1 terminated with the following error:', ...frames('spawn.py'), 'RuntimeError: bad batch on rank 1'];
    assert.strictEqual(readCaptureHead([...ranks, ...spawned]).launcherRanks, 'mp.spawn');
    // mpiexec of Intel MPI or MPICH 4.1 without -prepend-rank: Hydra's banner names the rank; MPICH 4.0's a process id alone, which names none.
    const hydra = (who: string, how = 'KILLED BY SIGNAL: 9 (Killed)') => ['='.repeat(83), '=   BAD TERMINATION OF ONE OF YOUR APPLICATION PROCESSES', `=   ${who}`, `=   ${how}`, '='.repeat(83)];
    assert.strictEqual(readCaptureHead([...ranks, ...hydra('RANK 1 PID 48211 RUNNING AT gpu-node-1')]).launcherRanks, 'mpiexec');
    assert.strictEqual(readCaptureHead([...ranks, ...hydra('RANK 1 PID 48211 RUNNING AT gpu-node-1', 'EXIT CODE: 1')].map((l) => `${l}\r`)).launcherRanks, 'mpiexec');
    assert.strictEqual(readCaptureHead([...ranks, ...hydra('PID 31129 RUNNING AT vm', 'EXIT CODE: 9')]).style, undefined);
    // Both launchers' words (mpirun under srun): whose processes the ranks are is not known.
    assert.strictEqual(readCaptureHead([...ranks, ...nonZero, word]).style, undefined);
    assert.strictEqual(readCaptureHead([...ranks, ...hydra('RANK 1 PID 48211 RUNNING AT gpu-node-1'), word]).style, undefined);
  });

  it("a console of PyTorch's own labels alone (its excepthook's `[rank1]: `, from torch 2.3) under plain srun is no second torchrun: srun's word on task 1 counts only once torchrun ran", () => {
    const own = ['epoch 0 step 3', '[rank1]: Traceback (most recent call last):', '[rank1]: RuntimeError: CUDA error: an illegal memory access was encountered', 'srun: error: gpu-a17: task 1: Exited with exit code 1'];
    assert.strictEqual(concurrentTorchruns(own, true), false);
    assert.strictEqual(concurrentTorchruns(['W1206 09:00:12.311000 8100 torch/distributed/run.py:793] ', ...own], true), true);
    // Tee labels are torchrun's own: its task 1 another torchrun's, wherever its lines are.
    assert.strictEqual(concurrentTorchruns(own), true);
  });

  it('tells torchruns that ran at once (a second banner before any run ended, srun\'s word on a second task) from one run after another', () => {
    const banner = 'Setting OMP_NUM_THREADS environment variable for each process to be 1 in default, to avoid your system being overloaded';
    const failed = 'ERROR:torch.distributed.elastic.multiprocessing.api:failed (exitcode: 1) local_rank: 1 (pid: 7000) of binary: /usr/bin/python3';
    assert.strictEqual(concurrentTorchruns([banner, banner, '[default0]:step 1']), true);
    assert.strictEqual(concurrentTorchruns([banner, '[default0]:step 1', failed, banner, '[default0]:step 1']), false);
    assert.strictEqual(concurrentTorchruns([banner, '[default0]:step 1', 'srun: error: gpu-a18: task 1: Exited with exit code 1']), true);
    assert.strictEqual(concurrentTorchruns([banner, '[default0]:step 1', 'srun: error: gpu-a17: task 0: Exited with exit code 1']), false);
  });
});
