import * as assert from 'node:assert';
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { diagnoseFolder } from '../../src/cli/diagnoseCommand';
import { collectiveFact } from '../../src/core/collectives';
import { diagnose, diagnosisFoundProblem, quietRanks, scanRankLog } from '../../src/core/diagnosis';
import { diagnosisNode } from '../../src/core/diagnosisTree';
import { indexFile } from '../../src/core/fileIndex';
import { summarizeJob } from '../../src/core/jobSummary';
import { formatClock, formatTime, naiveFromEpoch } from '../../src/core/timestamps';
import { buildJobNode } from '../../src/core/workerTreeModel';
import { JobDiagnoses, needsDiagnosis } from '../../src/diagnosis/jobDiagnoses';
import { callPathLabel, groupStacks, INTERRUPT_THREAD, lastStackOf, mainThread, parseStackDump, rankSetLabel, StackDump, tracebackAbove } from '../../src/core/stackDumps';
import { isInterrupt } from '../../src/core/rankEnding';
import { isStackDumpHeader } from '../../src/core/headlessLines';
import { dumpWithPySpy, findPySpy, findRankProcesses, parsePySpyJson } from '../../src/core/pySpy';
import { rankProcess, requestStackDumps } from '../../src/core/stackDumpRequest';
import { rng } from '../support/random';
import { tempDir } from '../support/tempFiles';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'diagnosis');
const WORKER = path.join(ROOT, 'dist', 'indexWorker.js');
const CLI = path.join(ROOT, 'dist', 'cli.js');

interface Truth {
  kind: string;
  stragglers: number[];
  mismatches: { seq: number; ops: Record<string, number[]> }[];
  timedOut: number[];
  seq?: number;
  opType?: string;
}

// What faulthandler writes on SIGUSR1 with all_threads=True (CPython traceback.c).
function dumpText(where: 'all_reduce' | 'sleep', threadFirst = true): string[] {
  const worker = ['Thread 0x00007f3e4b7fe640 (most recent call first):', '  File "/usr/lib/python3.11/threading.py", line 324 in wait', '  File "/usr/lib/python3.11/threading.py", line 1002 in _bootstrap', ''];
  const main =
    where === 'all_reduce'
      ? [
          'Current thread 0x00007f3e5a1c7740 (most recent call first):',
          '  File "/usr/lib/python3/dist-packages/torch/distributed/distributed_c10d.py", line 2288 in all_reduce',
          '  File "/usr/lib/python3/dist-packages/torch/distributed/c10d_logger.py", line 79 in wrapper',
          '  File "/home/alice/llm/train.py", line 42 in train_step',
          '  File "/home/alice/llm/train.py", line 80 in main',
          '  File "/home/alice/llm/train.py", line 99 in <module>',
        ]
      : ['Current thread 0x00007f3e5a1c7740 (most recent call first):', '  File "/home/alice/llm/data.py", line 17 in load_batch', '  File "/home/alice/llm/train.py", line 75 in main', '  File "/home/alice/llm/train.py", line 99 in <module>'];
  return threadFirst ? [...worker, ...main] : [...main, '', ...worker.slice(0, -1)];
}

describe('diagnosis: collective timeouts read across ranks, stack dumps grouped by call path', () => {
  for (const name of fs.readdirSync(FIXTURES).filter((n) => fs.existsSync(path.join(FIXTURES, n, 'truth.json')))) {
    it(`fixture ${name}: matches its ground truth`, async () => {
      const truth = JSON.parse(fs.readFileSync(path.join(FIXTURES, name, 'truth.json'), 'utf8')) as Truth;
      const d = await diagnoseFolder(path.join(FIXTURES, name), WORKER);
      assert.strictEqual(d.version, 1);
      assert.strictEqual(d.kind, truth.kind, d.headline);
      assert.deepStrictEqual(d.stragglers.map((s) => s.rank), truth.stragglers, d.headline);
      assert.deepStrictEqual(d.collectiveMismatches.map((m) => ({ seq: m.seq, ops: m.ops })), truth.mismatches);
      const timedOut = d.ranks.filter((r) => r.timedOut && (truth.seq === undefined || r.timedOut.seq === truth.seq)).map((r) => r.rank);
      assert.deepStrictEqual(timedOut, truth.timedOut);
      if (truth.opType) assert.ok(d.headline.includes(`${truth.opType} #${truth.seq}`) || d.kind !== 'hang' || truth.stragglers.length === 0, d.headline);
      for (const s of d.stragglers) {
        assert.ok(s.evidence.length > 0, `evidence for rank ${s.rank}`);
        for (const e of s.evidence) assert.ok(fs.readFileSync(e.file, 'utf8').split('\n')[e.line] !== undefined, `${e.file}:${e.line}`);
      }
    });
  }

  it('the Workers view gets a Diagnosis item only when it adds to the folder: a hang, a mismatch, stacks', async () => {
    for (const [name, shown] of [['straggler', true], ['mismatch', true], ['clean', false], ['monitored-barrier', true]] as const) {
      const d = await diagnoseFolder(path.join(FIXTURES, name), WORKER);
      const node = diagnosisNode(path.join(FIXTURES, name), d);
      assert.strictEqual(node !== undefined, shown, name);
      if (node) assert.strictEqual(node.label, `Diagnosis: ${d.headline}`);
    }
    const failure = await diagnoseFolder(path.join(FIXTURES, 'straggler'), WORKER);
    assert.strictEqual(diagnosisNode('x', { ...failure, kind: 'failure', stragglers: [], stackGroups: [] }), undefined, 'a first failure alone is the folder\'s own description');
    const straggler = diagnosisNode(path.join(FIXTURES, 'straggler'), failure)!;
    assert.deepStrictEqual(straggler.children.map((c) => c.label.split(':')[0]), ['Rank 5', 'First failure']);
    assert.strictEqual(straggler.children[0].children[0].path, path.join(FIXTURES, 'straggler', 'worker_5.log'));
  });

  it('the straggler fixture names rank 5, the stuck collective and when it started', async () => {
    const d = await diagnoseFolder(path.join(FIXTURES, 'straggler'), WORKER);
    assert.match(d.headline, /^Hang: rank 5 never entered ALLREDUCE #80078; 7 ranks timed out waiting for it \(started 2026-11-30 09:00:26\.0\d\d\)$/);
    const r0 = d.ranks.find((r) => r.rank === 0)!;
    assert.strictEqual(r0.timedOut?.timeoutMs, 600000);
    assert.strictEqual(r0.lastEnqueued, 80078);
    assert.strictEqual(r0.lastCompleted, 80077);
    assert.strictEqual(d.firstFailure?.rank, 0);
    // Its last record is the first evidence: where rank 5 stopped.
    assert.match(d.stragglers[0].evidence[0].text, /prefetching shard 913/);
  });

  it('recognises the wordings of PyTorch 1.x to 2.5 and gloo, and not look-alikes', () => {
    const cases: [string, unknown][] = [
      ['[E ProcessGroupNCCL.cpp:587] [Rank 6] Watchdog caught collective operation timeout: WorkNCCL(SeqNum=57, OpType=ALLGATHER, Timeout(ms)=200000) ran for 200059 milliseconds before timing out.', { kind: 'timeout', seq: 57, opType: 'ALLGATHER', numelIn: undefined, numelOut: undefined, timeoutMs: 200000, ranForMs: 200059 }],
      ['[rank3]:[E227 16:30:43.526290891 ProcessGroupNCCL.cpp:1785] [PG ID 2 PG GUID 3 Rank 3] Exception (either an error or timeout) detected by watchdog at work: 32, last enqueued NCCL work: 32, last completed NCCL work: 31.', { kind: 'progress', lastEnqueued: 32, lastCompleted: 31, atWork: 32 }],
      ['[PG ID 0 PG GUID 0(default_pg) Rank 4] Received a dump signal due to a collective timeout from  rank 7 and we will try our best to dump the debug info. Last enqueued NCCL work: 56118, last completed NCCL work: 56118.This is most likely caused by', { kind: 'progress', lastEnqueued: 56118, lastCompleted: 56118, atWork: undefined }],
      ['[Rank 2] Timeout at NCCL work: 9, last enqueued NCCL work: 9, last completed NCCL work: -1.', { kind: 'progress', lastEnqueued: 9, lastCompleted: -1, atWork: 9 }],
      ['\t - To our best knowledge, ranks [1, 2] are the lagging ranks that caused this timeout. They never joined any collectives', { kind: 'desync', ranks: [1, 2], what: 'never joined' }],
      ['RuntimeError: Ranks 1, 2 failed to pass monitoredBarrier in 120000 ms', { kind: 'barrier', ranks: [1, 2], timeoutMs: 120000 }],
      ['RuntimeError: Timed out initializing process group in store based barrier on rank: 1, for key: store_based_barrier_key:1 (world_size=2, worker_count=1, timeout=0:30:00)', { kind: 'store-barrier', worldSize: 2, joined: 1 }],
      ['[../third_party/gloo/gloo/transport/tcp/unbound_buffer.cc:81] Timed out waiting 1800000ms for recv operation to complete', { kind: 'gloo', what: 'timeout', timeoutMs: 1800000, op: 'recv' }],
      ['RuntimeError: [../third_party/gloo/gloo/transport/tcp/pair.cc:534] Connection closed by peer [127.0.0.1]:29500', { kind: 'gloo', what: 'peer closed' }],
      // TORCH_DISTRIBUTED_DEBUG=DETAIL's fingerprints: PyTorch 2's (a sequence number; a barrier has no tensors), 1.13's.
      [
        'RuntimeError: Detected mismatch between collectives on ranks. Rank 3 is running collective: CollectiveFingerPrint(SequenceNumber=12, OpType=BARRIER), but Rank 0 is running collective: CollectiveFingerPrint(SequenceNumber=12, OpType=ALLGATHER_COALESCED, TensorShape=[4, 1024], TensorDtypes=Float, TensorDeviceTypes=TensorOptions(dtype=float (default), device=cuda)).Collectives differ in the following aspects: \t Op type: BARRIERvs ALLGATHER_COALESCED',
        { kind: 'fingerprint', own: { rank: 3, seq: 12, opType: 'BARRIER', shape: undefined }, other: { rank: 0, seq: 12, opType: 'ALLGATHER_COALESCED', shape: '4, 1024' } },
      ],
      [
        'RuntimeError: Detected mismatch between collectives on ranks. Rank 0 is running collective: CollectiveFingerPrint(OpType=ALLREDUCE, TensorShape=[20], TensorDtypes=Float), but Rank 1 is running collective: CollectiveFingerPrint(OpType=BROADCAST, TensorShape=[20], TensorDtypes=Float).',
        { kind: 'fingerprint', own: { rank: 0, seq: undefined, opType: 'ALLREDUCE', shape: '20' }, other: { rank: 1, seq: undefined, opType: 'BROADCAST', shape: '20' } },
      ],
      // Look-alikes: a work description without a timeout, a truncated line, a step counter.
      ['[Rank 0] ProcessGroupNCCL created WorkNCCL(SeqNum=1, OpType=ALLREDUCE, Timeout(ms)=600000)', undefined],
      ['[Rank 6] Watchdog caught collective operation timeout: WorkNCCL(SeqNum=57, OpType=ALLGA', undefined],
      ['step=1200 last enqueued batch: 1200', undefined],
      ['Rank 0: Completed store-based barrier for key:store_based_barrier_key:1 with 4 nodes.', undefined],
      ['Rank 3 is running collective: CollectiveFingerPrint(SequenceNumber=18, ...)', undefined],
      // A traceback's frame in init_process_group; a call of it in the user's code is not.
      ['  File "/usr/lib/python3/dist-packages/torch/distributed/distributed_c10d.py", line 761, in init_process_group', { kind: 'init' }],
      ['  File "/home/alice/train.py", line 17, in init_process_group', undefined],
      ['    dist.init_process_group("gloo", timeout=datetime.timedelta(seconds=5))', undefined],
    ];
    for (const [line, expected] of cases) assert.deepStrictEqual(collectiveFact(line), expected, line);
  });

  it("TORCH_DISTRIBUTED_DEBUG=DETAIL's fingerprints: each rank that ran into the mismatch names its collective and another's; ranks grouped by op type, else shape, else sequence number, the largest group first; the failure stays the first failure", async () => {
    const fp = (seq: number | undefined, op: string, shape?: string) => `CollectiveFingerPrint(${seq === undefined ? '' : `SequenceNumber=${seq}, `}OpType=${op}${shape ? `, TensorShape=[${shape}], TensorDtypes=Float` : ''})`;
    const cases: { what: string; says: Record<number, [number, string][]>; headline: string; seq?: number }[] = [
      // Ranks 0 and 2 in all_reduce, rank 1 in broadcast (PyTorch 1.13: no sequence number; a job of 3 ranks): rank 1 names rank 0's.
      { what: 'op', says: { 0: [[1, fp(undefined, 'BROADCAST', '20')]], 1: [[0, fp(undefined, 'ALLREDUCE', '20')]], 2: [[1, fp(undefined, 'BROADCAST', '20')]] }, headline: 'Collective mismatch: ranks 0, 2 in ALLREDUCE; rank 1 in BROADCAST' },
      { what: 'shape', says: { 0: [[3, fp(7, 'ALLGATHER', '4, 512')]], 1: [[3, fp(7, 'ALLGATHER', '4, 512')]], 2: [[3, fp(7, 'ALLGATHER', '4, 512')]], 3: [[0, fp(7, 'ALLGATHER', '4, 1024')]] }, headline: 'Collective mismatch at #7: ranks 0, 1, 2 in ALLGATHER(TensorShape=[4, 1024]); rank 3 in ALLGATHER(TensorShape=[4, 512])', seq: 7 },
      { what: 'sequence', says: { 2: [[0, fp(30, 'ALLREDUCE', '8')]], 0: [[2, fp(18, 'ALLREDUCE', '8')]], 1: [[2, fp(18, 'ALLREDUCE', '8')]], 3: [[2, fp(18, 'ALLREDUCE', '8')]] }, headline: 'Collective mismatch at #30: ranks 0, 1, 3 in ALLREDUCE #30; rank 2 in ALLREDUCE #18', seq: 30 },
    ];
    for (const c of cases) {
      const dir = tempDir();
      for (const rank of [0, 1, 2, 3]) {
        const own = c.what === 'op' ? (rank === 1 ? fp(undefined, 'BROADCAST', '20') : fp(undefined, 'ALLREDUCE', '20')) : c.what === 'shape' ? fp(7, 'ALLGATHER', rank === 3 ? '4, 512' : '4, 1024') : fp(rank === 2 ? 18 : 30, 'ALLREDUCE', '8');
        const lines = [`2026-11-30 09:00:01,000 - Worker ${rank} - __main__ - INFO - step 1`];
        if (c.what === 'op' && rank === 3) continue;
        for (const [other, theirs] of c.says[rank] ?? []) {
          lines.push(`2026-11-30 09:00:02,00${rank} - Worker ${rank} - __main__ - ERROR - Uncaught exception`, 'Traceback (most recent call last):', '  File "train.py", line 9, in <module>', `RuntimeError: Detected mismatch between collectives on ranks. Rank ${rank} is running collective: ${own}, but Rank ${other} is running collective: ${theirs}.`);
        }
        fs.writeFileSync(path.join(dir, `worker_${rank}.log`), lines.join('\n') + '\n');
      }
      const d = await diagnoseFolder(dir, WORKER);
      assert.strictEqual(d.kind, 'mismatch', `${c.what}: ${d.headline}`);
      assert.strictEqual(d.headline, c.headline, c.what);
      assert.strictEqual(d.collectiveMismatches[0].seq, c.seq, c.what);
      assert.ok(d.collectiveMismatches[0].evidence.length >= 1 && d.collectiveMismatches[0].evidence.every((e) => /Detected mismatch/.test(e.text)), c.what);
      assert.ok(d.firstFailure, c.what);
      // The Workers view's finding.
      const finding = diagnosisNode(dir, d)?.children.find((n) => n.id.endsWith('/mismatch0'));
      assert.strictEqual(finding?.label.split(':')[0], c.seq === undefined ? 'Collectives differ' : `Collective #${c.seq} differs`, c.what);
    }
  });

  it('parses a faulthandler dump of all threads and finds the main thread, whichever comes first', () => {
    for (const first of [true, false]) {
      const lines = ['2026-11-30 09:00:00,000 - Worker 0 - __main__ - INFO - step=5', ...dumpText('all_reduce', first), '2026-11-30 09:00:01,000 - Worker 0 - __main__ - INFO - after'];
      const { threads, end } = parseStackDump(lines, 1);
      assert.strictEqual(threads.length, 2);
      assert.strictEqual(lines[end], '2026-11-30 09:00:01,000 - Worker 0 - __main__ - INFO - after');
      const main = mainThread({ threads })!;
      assert.strictEqual(main.current, true);
      assert.deepStrictEqual(main.frames[2], { file: '/home/alice/llm/train.py', line: 42, function: 'train_step' });
      assert.strictEqual(callPathLabel(main.frames), 'all_reduce <- wrapper <- train_step (train.py:42) <- main (train.py:80) <- <module> (train.py:99)');
    }
    // "???" line numbers, "<no Python frame>", the 100-frame cut and Python 3.12's single-thread header.
    const odd = ['Stack (most recent call first):', '  File "x.py", line ??? in f', '  ...', 'Thread 0x01 (most recent call first):', '  <no Python frame>', 'not a dump line'];
    const parsed = parseStackDump(odd, 0);
    assert.strictEqual(parsed.threads.length, 2);
    assert.strictEqual(parsed.threads[0].frames[0].line, 0);
    assert.strictEqual(parsed.threads[0].truncated, true);
    assert.strictEqual(parsed.end, 5);
    // Python 3.14+ names each thread (as the system does) in brackets; the bytes' reader agrees.
    const named = ['Thread 0x00007f58c25be6c0 [sleeper] (most recent call first):', '  File "/usr/lib/python3.14/threading.py", line 996 in run', '', 'Current thread 0x00007f58d06bb740 [python3] (most recent call first):', '  File "/home/alice/llm/train.py", line 42 in train_step', 'after'];
    const read = parseStackDump(named, 0);
    assert.deepStrictEqual([read.threads.map((t) => [t.id, t.current, t.frames.length]), read.end], [[['0x00007f58c25be6c0', false, 1], ['0x00007f58d06bb740', true, 1]], 5]);
    const header = (text: string) => isStackDumpHeader(Buffer.from(text), 0, Buffer.byteLength(text));
    assert.deepStrictEqual([named[0], named[3], 'Thread 0x01 [] (most recent call first):', 'Thread 0x01 [a] b] (most recent call first):'].map(header), [true, true, true, true]);
    assert.deepStrictEqual(['Thread 0x01 [sleeper]  (most recent call first):', 'Thread 0x01 sleeper] (most recent call first):', `Thread 0x01 [${'x'.repeat(101)}] (most recent call first):`, 'Thread 0x01 [\u00e9] (most recent call first):', 'Thread [x] (most recent call first):'].map(header), [false, false, false, false, false]);
    assert.deepStrictEqual(['Thread 0x01 [a] b] (most recent call first):', 'Thread 0x01 [\u00e9] (most recent call first):'].map((t) => parseStackDump([t], 0).threads.length), [1, 0]);
  });

  it("Python 3.14's dumps, each thread named (`Current thread 0x... [python3] (most recent call first):`), group by call path in rank logs and in a capture (torchrun --tee)", () => {
    const dir = tempDir();
    const named = (where: 'all_reduce' | 'sleep') => dumpText(where).map((l) => l.replace(/^(Thread|Current thread) (0x[0-9a-f]+) /, (_m, t: string, id: string) => `${t} ${id} [${t === 'Thread' ? 'pt_autograd_0' : 'python3'}] `));
    const capture: string[] = [];
    for (const rank of [0, 1, 2]) {
      const lines = [`2026-11-30 09:00:01,000 - Worker ${rank} - __main__ - INFO - step 1`, ...named(rank === 1 ? 'sleep' : 'all_reduce')];
      fs.writeFileSync(path.join(dir, `worker_${rank}.log`), lines.join('\n') + '\n');
      capture.push(`[default${rank}]:2026-11-30 09:00:01,000 INFO __main__: step 1`, ...lines.slice(1).map((l) => `[default${rank}]:${l}`));
    }
    fs.mkdirSync(path.join(dir, 'console'));
    fs.writeFileSync(path.join(dir, 'console', 'train.out'), capture.join('\n') + '\n');
    for (const target of [dir, path.join(dir, 'console', 'train.out')]) {
      const r = spawnSync(process.execPath, [CLI, 'diagnose', target], { encoding: 'utf8' });
      assert.strictEqual(r.stdout.split('\n')[0], 'Hang: rank 1 is in load_batch (data.py:17) while ranks 0, 2 wait in all_reduce (train.py:42)', r.stdout + r.stderr);
    }
  });

  it('groups ranks by call path, largest group first, the odd one out marked', () => {
    const dump = (rank: number, where: 'all_reduce' | 'sleep'): StackDump => ({ rank, line: 0, offset: 0, threads: parseStackDump(dumpText(where), 0).threads });
    const groups = groupStacks([dump(3, 'all_reduce'), dump(2, 'sleep'), dump(0, 'all_reduce'), dump(1, 'all_reduce')]);
    assert.deepStrictEqual(groups.map((g) => [g.ranks, g.outlier]), [[[0, 1, 3], false], [[2], true]]);
    assert.strictEqual(groups[0].label, '{0-1,3}: all_reduce <- wrapper <- train_step (train.py:42) <- main (train.py:80) <- <module> (train.py:99)');
    assert.strictEqual(groups[1].label, '{2}: load_batch (data.py:17) <- main (train.py:75) <- <module> (train.py:99)');
    assert.strictEqual(rankSetLabel([7, 0, 1, 2, 5]), '{0-2,5,7}');
    // Under `python -m worker_logging run` the launcher's frames sit outside the script's: left out.
    const launched = dumpText('sleep').concat(['  File "<frozen runpy>", line 291 in run_path', '  File "/opt/ext/python/worker_logging/runner.py", line 146 in _run_target', '  File "/opt/ext/python/worker_logging/__main__.py", line 5 in <module>']);
    const viaRunner = groupStacks([{ rank: 4, line: 0, offset: 0, threads: parseStackDump(launched, 0).threads }]);
    assert.strictEqual(viaRunner[0].label, '{4}: load_batch (data.py:17) <- main (train.py:75) <- <module> (train.py:99)');
  });

  it("a rank's last stack: its latest dump; of KeyboardInterrupt tracebacks at one time, the first (the later ones cut its exit); an interrupt with a message, or an empty one after its colon, is no failure", () => {
    const frames = (fn: string) => [{ file: 'job.py', line: 3, function: fn }];
    const interrupt = (fn: string, time: number): StackDump => ({ rank: 2, line: time, offset: 0, time, threads: [{ id: INTERRUPT_THREAD, current: true, frames: frames(fn), truncated: false }] });
    const faulthandler: StackDump = { rank: 2, line: 0, offset: 0, time: 5, threads: [{ id: '0x1', current: true, frames: frames('sleep'), truncated: false }] };
    assert.strictEqual(lastStackOf([faulthandler, interrupt('wait_for_shard', 9), interrupt('_shutdown', 9)])?.threads[0].frames[0].function, 'wait_for_shard');
    // Interrupted twice, a record between: where the second found it.
    assert.strictEqual(lastStackOf([interrupt('wait_for_shard', 9), interrupt('load', 12)])?.threads[0].frames[0].function, 'load');
    assert.strictEqual(lastStackOf([interrupt('wait_for_shard', 9), faulthandler])?.threads[0].frames[0].function, 'sleep');
    assert.strictEqual(lastStackOf([]), undefined);
    const error = (exception: string) => ({ line: 0, offset: 0, level: 'ERROR', logger: 'output', message: 'Uncaught exception', exception, lineCount: 2 });
    assert.deepStrictEqual(['KeyboardInterrupt', 'KeyboardInterrupt: ', 'KeyboardInterrupt: stopped', 'KeyboardInterruptError: x', 'RuntimeError: KeyboardInterrupt'].map((e) => isInterrupt(error(e))), [true, true, true, false, false]);
  });

  it('reads the latest dump of each rank from its log, with its line and the time before it', async () => {
    const dir = tempDir();
    const rec = (rank: number, s: number, msg: string) => `2026-11-30 09:00:${String(s).padStart(2, '0')},000 - Worker ${rank} - __main__ - INFO - ${msg}`;
    for (const rank of [0, 1, 2]) {
      const where = rank === 2 ? 'sleep' : 'all_reduce';
      const lines = [rec(rank, 1, 'start'), ...dumpText('sleep'), rec(rank, 5, 'later'), ...dumpText(where), rec(rank, 9, 'after the dump')];
      fs.writeFileSync(path.join(dir, `worker_${rank}.log`), lines.join('\n') + '\n');
    }
    const scans = await Promise.all([0, 1, 2].map((r) => scanRankLog(path.join(dir, `worker_${r}.log`), r)));
    assert.deepStrictEqual(scans.map((s) => s.dumps.length), [2, 2, 2]);
    assert.strictEqual(scans[0].dumps[1].line, 10);
    assert.strictEqual(scans[0].dumps[1].time, Date.UTC(2026, 10, 30, 9, 0, 5));
    const inputs = await Promise.all([0, 1, 2].map(async (r) => ({ rank: r, index: await indexFile(path.join(dir, `worker_${r}.log`)) })));
    const d = diagnose({ summary: summarizeJob(inputs), scans });
    assert.deepStrictEqual(d.stackGroups.map((g) => g.ranks), [[0, 1], [2]]);
    assert.strictEqual(d.stackGroups[1].outlier, true);
    assert.deepStrictEqual(d.stackGroups[0].dumps.map((x) => x.line), [10, 10]);
  });

  it("faulthandler's watchdog (`dump_traceback_later(..., exit=True)`): its dumps after `Timeout (0:05:00)!` say where the ranks hung, the exits after them follow the hang; a failure before them, or dumps asked for (SIGUSR1), keep the failure", async () => {
    const dir = tempDir();
    const rec = (rank: number, s: number, level: string, msg: string) => `2026-11-30 09:${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')},000 - Worker ${rank} - __main__ - ${level} - ${msg}`;
    const run = async (name: string, opts: { watchdog: boolean; earlyFailure?: boolean; noCollective?: boolean }) => {
      const job = path.join(dir, name);
      fs.mkdirSync(job);
      for (const rank of [0, 1, 2]) {
        const lines = [rec(rank, 1, 'INFO', 'start'), rec(rank, 5, 'INFO', 'step 1')];
        if (opts.earlyFailure && rank === 1) lines.push(rec(rank, 4, 'ERROR', 'CUDA error: an illegal memory access was encountered'));
        if (opts.watchdog) lines.push('Timeout (0:05:00)!');
        const dump = opts.noCollective ? dumpText('sleep').map((l) => (rank === 2 ? l.replace('line 17 in load_batch', 'line 30 in parse') : l)) : dumpText(rank === 2 ? 'sleep' : 'all_reduce');
        lines.push(...dump, rec(rank, 306, 'ERROR', 'exited with code 1'));
        fs.writeFileSync(path.join(job, `worker_${rank}.log`), lines.join('\n') + '\n');
      }
      const scans = await Promise.all([0, 1, 2].map((r) => scanRankLog(path.join(job, `worker_${r}.log`), r)));
      const inputs = await Promise.all([0, 1, 2].map(async (r) => ({ rank: r, index: await indexFile(path.join(job, `worker_${r}.log`)) })));
      return { scans, d: diagnose({ summary: summarizeJob(inputs), scans }) };
    };
    const watched = await run('watchdog', { watchdog: true });
    assert.deepStrictEqual(watched.scans.map((s) => s.dumps.map((x) => x.watchdog)), [[true], [true], [true]]);
    assert.strictEqual(watched.d.kind, 'hang');
    assert.strictEqual(watched.d.headline, "Hang: rank 2 is in load_batch (data.py:17) while ranks 0, 1 wait in all_reduce (train.py:42); faulthandler's timeout then ended the hang");
    assert.deepStrictEqual(watched.d.stragglers.map((s) => s.rank), [2]);
    assert.strictEqual(watched.d.firstFailure?.message, 'exited with code 1');
    // A rank failed before the watchdog's dumps: that failure is the headline.
    const early = await run('early', { watchdog: true, earlyFailure: true });
    assert.strictEqual(early.d.kind, 'failure');
    assert.match(early.d.headline, /^First failure: rank 1 .*CUDA error/);
    // No rank waits in a collective: the stacks only differ; the failure is the headline.
    const nowhere = await run('nowhere', { watchdog: true, noCollective: true });
    assert.deepStrictEqual([nowhere.d.kind, nowhere.d.headline.startsWith('First failure: rank 0 ')], ['failure', true], nowhere.d.headline);
    // Restarted (every rank resumed), the next attempt ran on: the failure and the hang are named as the first attempt's.
    const restarted = path.join(dir, 'restarted');
    fs.mkdirSync(restarted);
    for (const rank of [0, 1, 2]) {
      const before = fs.readFileSync(path.join(dir, 'watchdog', `worker_${rank}.log`), 'utf8');
      const resume = `${rec(rank, 400, 'INFO', '=== Resume at 2026-11-30T09:06:40.000000 ===').replace('__main__', 'worker_logging')}\n${rec(rank, 401, 'INFO', 'step 1')}\n`;
      fs.writeFileSync(path.join(restarted, `worker_${rank}.log`), before + resume);
    }
    const scans = await Promise.all([0, 1, 2].map((r) => scanRankLog(path.join(restarted, `worker_${r}.log`), r)));
    const inputs = await Promise.all([0, 1, 2].map(async (r) => ({ rank: r, index: await indexFile(path.join(restarted, `worker_${r}.log`)) })));
    const summary = summarizeJob(inputs);
    assert.strictEqual(summary.attempts.length, 2);
    const again = diagnose({ summary, scans });
    assert.strictEqual(again.headline, "Hang in attempt 1 of 2 (the latest ran on): rank 2 is in load_batch (data.py:17) while ranks 0, 1 wait in all_reduce (train.py:42); faulthandler's timeout then ended the hang");
    const failedOnce = diagnose({ summary, scans: scans.map((s) => ({ ...s, dumps: [] })) });
    assert.match(failedOnce.headline, /^First failure in attempt 1 of 2 \(the latest ran on\): rank 0 /);
    // Dumps asked for (SIGUSR1, py-spy), then the ranks failed: the failure is the headline.
    const asked = await run('asked', { watchdog: false });
    assert.deepStrictEqual(asked.scans.map((s) => s.dumps.map((x) => x.watchdog)), [[undefined], [undefined], [undefined]]);
    assert.strictEqual(asked.d.kind, 'failure');
  });

  it("ranks of the module that faulthandler's watchdog ended (exit=True: no ending recorded after their dumps) read failed by it once no process runs them, and the hang is told", async () => {
    const dir = tempDir();
    for (const rank of [0, 1, 2]) {
      const lines = [`2026-11-30 09:00:05,000 - Worker ${rank} - __main__ - INFO - step 1`, 'Timeout (0:05:00)!', ...dumpText(rank === 1 ? 'sleep' : 'all_reduce')];
      fs.writeFileSync(path.join(dir, `worker_${rank}.log`), lines.join('\r\n') + '\r\n');
    }
    const inputs = await Promise.all([0, 1, 2].map(async (r) => ({ rank: r, index: await indexFile(path.join(dir, `worker_${r}.log`)) })));
    // (A mark per thread; the second thread's is the watchdog's too.)
    assert.deepStrictEqual(inputs.map((i) => i.index.sessions[0].stackDumps?.map((d) => d.watchdog)), [[true, true], [true, true], [true, true]]);
    const later = summarizeJob(inputs, { now: Date.now() + 3_600_000 });
    assert.deepStrictEqual(later.ranks.map((r) => r.state), ['failed', 'failed', 'failed']);
    assert.match(later.firstFailure?.record.message ?? '', /^Worker \d ended after faulthandler's watchdog dumped its stack/);
    const scans = await Promise.all([0, 1, 2].map((r) => scanRankLog(path.join(dir, `worker_${r}.log`), r)));
    assert.strictEqual(diagnose({ summary: later, scans }).headline, "Hang: rank 1 is in load_batch (data.py:17) while ranks 0, 2 wait in all_reduce (train.py:42); faulthandler's timeout then ended the hang");
    // Within the stall window (they may still be dumping, or hung with repeat=True): running.
    assert.deepStrictEqual(summarizeJob(inputs, { now: Date.now() }).ranks.map((r) => r.state), ['running', 'running', 'running']);
    // A dump asked for (no `Timeout` line above it), then silence: no failure is made up.
    const asked = path.join(dir, 'asked');
    fs.mkdirSync(asked);
    fs.writeFileSync(path.join(asked, 'worker_0.log'), ['2026-11-30 09:00:05,000 - Worker 0 - __main__ - INFO - step 1', ...dumpText('sleep')].join('\n') + '\n');
    const quiet = summarizeJob([{ rank: 0, index: await indexFile(path.join(asked, 'worker_0.log')) }], { now: Date.now() + 3_600_000 });
    assert.deepStrictEqual([quiet.ranks[0].state, quiet.firstFailure], ['finished', undefined]);
  });

  it("collective timeouts of an attempt before the latest (a job restarted after them that ran on) are named as that attempt's, the straggler's last record there; the latest attempt's own timeouts win", async () => {
    const rec = (rank: number, s: number, level: string, msg: string) => `2026-11-30 09:${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')},000 - Worker ${rank} - __main__ - ${level} - ${msg}`;
    const timedOut = (rank: number, s: number) => [rec(rank, s, 'ERROR', 'Uncaught exception'), 'Traceback (most recent call last):', '  File "/home/alice/train.py", line 13, in <module>', '    dist.all_reduce(t)', 'RuntimeError: [../third_party/gloo/gloo/transport/tcp/unbound_buffer.cc:81] Timed out waiting 5000ms for recv operation to complete'];
    // Attempt 1: rank 2 loads data while ranks 0 and 1 time out in gloo. Attempt 2: ran on, or rank 1 stalls and ranks 0 and 2 time out.
    const attempt = (rank: number, stalled: number, start: number) => [rec(rank, start, 'INFO', 'step 0'), ...(rank === stalled ? [rec(rank, start + 1, 'INFO', `loading shard ${start}`)] : timedOut(rank, start + 6))];
    const write = (dir: string, second: (rank: number) => string[]) => {
      for (const rank of [0, 1, 2]) {
        const resume = rec(rank, 100, 'INFO', '=== Resume at 2026-11-30T09:01:40.000000 ===').replace('__main__', 'worker_logging');
        fs.writeFileSync(path.join(dir, `worker_${rank}.log`), [...attempt(rank, 2, 0), resume, ...second(rank)].join('\n') + '\n');
      }
    };
    const ranOn = tempDir();
    write(ranOn, (rank) => [rec(rank, 101, 'INFO', 'step 0'), rec(rank, 102, 'INFO', 'done')]);
    const d = await diagnoseFolder(ranOn, WORKER);
    assert.strictEqual(d.headline, 'Hang in attempt 1 of 2 (the latest ran on): rank 2 logged no timeout, while ranks 0, 1 timed out waiting in gloo (5000 ms)');
    assert.deepStrictEqual(d.stragglers.map((s) => `${s.rank}: ${s.evidence[0].line} ${s.evidence[0].text}`), ['2: 1 last record: INFO loading shard 0']);
    // The editor asks too, though every rank finished (its tree and timeline would show no hang).
    const inputs = await Promise.all([0, 1, 2].map(async (rank) => ({ rank, index: { ...(await indexFile(path.join(ranOn, `worker_${rank}.log`))), mtimeMs: Date.now() - 3_600_000 } })));
    const node = buildJobNode({ dir: ranOn, label: 'job', ranks: inputs }, { now: Date.now() });
    assert.deepStrictEqual([node.ranks.map((r) => r.state), node.firstFailure?.rank], [['finished', 'finished', 'finished'], 0]);
    assert.ok(needsDiagnosis(node));
    const diagnoses = new JobDiagnoses((m) => assert.fail(m), 0);
    try {
      assert.strictEqual((await diagnoses.refresh(node))?.diagnosis.headline, d.headline);
    } finally {
      diagnoses.dispose();
    }
    const again = tempDir();
    write(again, (rank) => attempt(rank, 1, 101));
    const latest = await diagnoseFolder(again, WORKER);
    assert.strictEqual(latest.headline, 'Hang: rank 1 logged no timeout, while ranks 0, 2 timed out waiting in gloo (5000 ms)');
    assert.deepStrictEqual(latest.stragglers.map((s) => `${s.rank}: ${s.evidence[0].text}`), ['1: last record: INFO loading shard 101']);
  });

  it('ranks that failed in init_process_group waiting for the others: the ranks that never got there are named, or the one that failed before it', async () => {
    const rec = (rank: number, s: number, level: string, msg: string) => `2026-11-30 09:00:${String(s).padStart(2, '0')},000 - Worker ${rank} - __main__ - ${level} - ${msg}`;
    const timedOut = (rank: number) => [rec(rank, 40, 'ERROR', 'Uncaught exception'), 'Traceback (most recent call last):', '  File "/home/alice/train.py", line 17, in main', '    dist.init_process_group("nccl")', '  File "/usr/lib/python3/dist-packages/torch/distributed/distributed_c10d.py", line 761, in init_process_group', '    default_pg = _new_process_group_helper(', 'torch.distributed.DistStoreError: Timed out after 31 seconds waiting for clients. 2/3 clients joined.'];
    for (const crashed of [false, true]) {
      const dir = tempDir();
      for (const rank of [0, 1, 2]) {
        const lines = [rec(rank, 1, 'INFO', 'starting'), ...(rank === 2 ? (crashed ? [rec(2, 5, 'ERROR', 'Uncaught exception'), 'Traceback (most recent call last):', '  File "/home/alice/train.py", line 9, in download', 'OSError: [Errno 28] No space left on device'] : [rec(2, 5, 'INFO', 'downloading weights')]) : timedOut(rank))];
        fs.writeFileSync(path.join(dir, `worker_${rank}.log`), lines.join('\n') + '\n');
      }
      const d = await diagnoseFolder(dir, WORKER);
      assert.strictEqual(d.kind, 'hang', d.headline);
      assert.strictEqual(d.headline, crashed ? 'Rank 2 failed before init_process_group (Uncaught exception (OSError: [Errno 28] No space left on device)); ranks 0, 1 failed in init_process_group waiting for the others' : 'Hang at init: rank 2 never reached init_process_group; ranks 0, 1 failed in init_process_group waiting for the others');
      assert.deepStrictEqual(d.stragglers.map((s) => s.rank), [2]);
    }
    // An error of its own in init_process_group (NCCL's), not a timeout: the others, inside it too, waited for that rank.
    const own = tempDir();
    for (const rank of [0, 1, 2]) {
      const lines = rank === 1 ? timedOut(1).map((l) => l.replace(/^torch\.distributed\.DistStoreError: .*$/, 'torch.distributed.DistBackendError: NCCL error in: ProcessGroupNCCL.cpp:1970, unhandled system error')) : [rec(rank, 1, 'INFO', 'starting')];
      fs.writeFileSync(path.join(own, `worker_${rank}.log`), lines.join('\n') + '\n');
    }
    const d = await diagnoseFolder(own, WORKER);
    assert.match(d.headline, /^First failure: rank 1 .*unhandled system error/);
  });

  it('stack groups as large as each other: those outside a collective are the stragglers (a job of two ranks); two collectives alone only differ', async () => {
    const dir = tempDir();
    const rec = (rank: number) => `2026-11-30 09:00:05,000 - Worker ${rank} - __main__ - INFO - step 1`;
    const run = async (where: ('all_reduce' | 'sleep' | 'barrier')[]) => {
      for (const [rank, w] of where.entries()) {
        const dump = w === 'barrier' ? dumpText('all_reduce').map((l) => l.replace('line 2288 in all_reduce', 'line 3600 in barrier').replace('line 42 in train_step', 'line 50 in save')) : dumpText(w);
        fs.writeFileSync(path.join(dir, `worker_${rank}.log`), [rec(rank), ...dump].join('\n') + '\n');
      }
      const scans = await Promise.all(where.map((_w, r) => scanRankLog(path.join(dir, `worker_${r}.log`), r)));
      const inputs = await Promise.all(where.map(async (_w, r) => ({ rank: r, index: await indexFile(path.join(dir, `worker_${r}.log`)) })));
      return diagnose({ summary: summarizeJob(inputs), scans });
    };
    const two = await run(['sleep', 'all_reduce']);
    assert.strictEqual(two.headline, 'Hang: rank 0 is in load_batch (data.py:17) while rank 1 waits in all_reduce (train.py:42)');
    assert.deepStrictEqual([two.stragglers.map((s) => s.rank), two.stackGroups.map((g) => [g.ranks, g.outlier])], [[0], [[[0], true], [[1], false]]]);
    const four = await run(['all_reduce', 'sleep', 'all_reduce', 'sleep']);
    assert.strictEqual(four.headline, 'Hang: ranks 1, 3 are in load_batch (data.py:17) while ranks 0, 2 wait in all_reduce (train.py:42)');
    const collectives = await run(['all_reduce', 'barrier']);
    assert.strictEqual(collectives.kind, 'clean');
    assert.match(collectives.headline, /^Stacks differ: /);
    assert.deepStrictEqual(collectives.stragglers, []);
  });

  it("Ctrl+C: each rank's KeyboardInterrupt traceback says where it was, a dump of its own, grouped as dumps are; no rank failed; the headline says where the ranks were (the hang), else that the job was interrupted, and where its first rank was", async () => {
    const dir = tempDir();
    const rec = (rank: number, s: number, level: string, msg: string) => `2026-11-30 09:00:${String(s).padStart(2, '0')},000 - Worker ${rank} - train - ${level} - ${msg}`;
    const interrupted = (rank: number, where: string[]) => [
      `Worker ${rank} - stderr - ERROR - Uncaught exception`,
      'Traceback (most recent call last):',
      '  File "/job/train.py", line 20, in <module>',
      '    train_step(step, t)',
      ...where,
      'KeyboardInterrupt',
    ];
    const inCollective = ['  File "/job/train.py", line 15, in train_step', '    dist.all_reduce(t)', '  File "/usr/lib/python3/dist-packages/torch/distributed/distributed_c10d.py", line 1541, in all_reduce', '    work.wait()', '    ^^^^^^^^^^^'];
    const inLoader = ['  File "/job/train.py", line 14, in train_step', '    wait_for_shard(step)', '  File "/job/train.py", line 11, in wait_for_shard', '    time.sleep(0.1)'];
    for (const rank of [0, 1, 2]) {
      const lines = [rec(rank, 1, 'INFO', 'step 3'), ...interrupted(rank, rank === 2 ? inLoader : inCollective), rec(rank, 9, 'INFO', 'caught KeyboardInterrupt in a message: no traceback')];
      fs.writeFileSync(path.join(dir, `worker_${rank}.log`), lines.slice(0, rank === 1 ? -1 : undefined).join('\n') + '\n');
    }
    const scans = await Promise.all([0, 1, 2].map((r) => scanRankLog(path.join(dir, `worker_${r}.log`), r)));
    assert.deepStrictEqual(scans.map((s) => s.dumps.map((d) => [d.line, d.time])), [0, 1, 2].map(() => [[2, Date.UTC(2026, 10, 30, 9, 0, 1)]]));
    assert.deepStrictEqual(scans[2].dumps[0].threads[0].frames.map((f) => `${f.function}:${f.line}`), ['wait_for_shard:11', 'train_step:14', '<module>:20']);
    // Its offset is the traceback's head.
    assert.strictEqual(fs.readFileSync(path.join(dir, 'worker_2.log')).subarray(scans[2].dumps[0].offset).toString().split('\n')[0], 'Traceback (most recent call last):');
    const inputs = await Promise.all([0, 1, 2].map(async (r) => ({ rank: r, index: await indexFile(path.join(dir, `worker_${r}.log`)) })));
    const summary = summarizeJob(inputs);
    // Rank 1's log ends with it: stopped. Ranks 0 and 2 logged after it (written just now): they go on.
    assert.deepStrictEqual([summary.failedRanks, summary.firstFailure, summary.ranks.map((r) => r.stoppedBy ?? r.state)], [0, undefined, ['running', 'interrupted (KeyboardInterrupt)', 'running']]);
    const d = diagnose({ summary, scans });
    assert.deepStrictEqual(d.stackGroups.map((g) => [g.ranks, g.outlier]), [[[0, 1], false], [[2], true]]);
    // Two ranks interrupted in a collective, one in Python: the hang it was.
    assert.strictEqual(d.headline, 'Hang: rank 2 is in wait_for_shard (train.py:11) while ranks 0, 1 wait in all_reduce (train.py:15)');
    // Only rank 2's Python got it (ranks in a C++ collective often give none): the job was interrupted, rank 2 was in wait_for_shard.
    const alone = diagnose({ summary: summarizeJob(inputs.filter((i) => i.rank === 2)), scans: scans.filter((x) => x.rank === 2) });
    assert.strictEqual(alone.headline, 'Interrupted (KeyboardInterrupt: Ctrl+C, or SIGINT from a launcher): rank 2 first at 2026-11-30 09:00:01.000 (approximate), in wait_for_shard (train.py:11) <- train_step (train.py:14) <- <module> (train.py:20)');
    // A rank that failed before it is the first failure still.
    const failed = path.join(dir, 'worker_1.log');
    fs.writeFileSync(failed, [rec(1, 0, 'ERROR', 'shard 913 is corrupt'), ...interrupted(1, inCollective)].join('\n') + '\n');
    const again = summarizeJob(await Promise.all([0, 1, 2].map(async (r) => ({ rank: r, index: await indexFile(path.join(dir, `worker_${r}.log`)) }))));
    assert.deepStrictEqual([again.firstFailure?.rank, again.firstFailure?.record.message, again.ranks.map((r) => r.state)], [1, 'shard 913 is corrupt', ['running', 'failed', 'running']]);
    // A traceback cut before its frames, or a message that names it, is no dump.
    fs.writeFileSync(path.join(dir, 'worker_3.log'), [rec(3, 1, 'INFO', 'x'), 'Traceback (most recent call last):', 'KeyboardInterrupt', 'KeyboardInterrupt: by the user', '  KeyboardInterrupt'].join('\n') + '\n');
    assert.deepStrictEqual((await scanRankLog(path.join(dir, 'worker_3.log'), 3)).dumps, []);
  });

  it("a KeyboardInterrupt that rich's traceback handler drew: its panel's frames read upward (a long path's function on the line after it; ASCII's panel), not its source lines; an interrupt inside an excepthook says nothing of where its rank was", () => {
    const panel = [
      '╭───────────────────── Traceback (most recent call last) ──────────────────────╮',
      '│ /home/u/runs/hang.py:26 in <module>                                          │',
      '│                                                                              │',
      '│ ❱ 26 │   main()                                                              │',
      '│ /usr/lib/python3/dist-packages/torch/distributed/distributed_c10d.py:1541 in │',
      '│ all_reduce                                                                   │',
      '│                                                                              │',
      '│   1540 │   else:  # a.py:3 in x                                              │',
      '│ ❱ 1541 │   │   work.wait()                                                   │',
      '╰──────────────────────────────────────────────────────────────────────────────╯',
    ];
    const above = (lines: string[]) => (k: number) => lines[lines.length - 1 - k];
    const read = tracebackAbove(above(['2026-11-30 09:00:01,000 - Worker 1 - train - INFO - step 3', ...panel]));
    assert.deepStrictEqual(read?.thread.frames.map((f) => `${f.function} ${f.file}:${f.line}`), ['all_reduce /usr/lib/python3/dist-packages/torch/distributed/distributed_c10d.py:1541', '<module> /home/u/runs/hang.py:26']);
    assert.strictEqual(read?.lines, panel.length);
    const ascii = ['+---------- Traceback (most recent call last) ----------+', '| /home/u/runs/hang.py:12 in wait_for_shard             |', '|    11 |   while True:                                 |', '+-------------------------------------------------------+'];
    assert.deepStrictEqual(tracebackAbove(above(ascii))?.thread.frames.map((f) => f.function), ['wait_for_shard']);
    // Cut by what can be read: the frames below the cut.
    assert.deepStrictEqual(tracebackAbove(above(panel.slice(4)))?.thread.frames.map((f) => f.function), ['all_reduce']);
    // A line wider than any console (a hostile one) ends the panel: not searched, the frames below it kept.
    const wide = [panel[0], `│ /home/u/${'a'.repeat(5000)}.py:1 in x │`, ...panel.slice(1)];
    assert.deepStrictEqual(tracebackAbove(above(wide))?.thread.frames.map((f) => f.function), ['all_reduce', '<module>']);
    assert.strictEqual(tracebackAbove(above(wide))?.lines, panel.length - 1);
    // Python's own print of an interrupt inside rich's excepthook: no dump.
    const inHook = ['Traceback (most recent call last):', '  File "/usr/lib/python3/dist-packages/rich/traceback.py", line 97, in excepthook', '    def excepthook('];
    assert.strictEqual(tracebackAbove(above(inHook)), undefined);
    assert.strictEqual(tracebackAbove(above(inHook.map((l) => l.replace('excepthook', 'render'))))?.thread.frames[0].function, 'render');
  });

  it("Ctrl+C while a rank waits in a collective: its loss of the peer that was interrupted (its excepthook's print of it interrupted in turn) is no failure; another error beside an interrupt, or a lost peer without one, still is", async () => {
    const dir = tempDir();
    const rec = (rank: number, s: number, level: string, msg: string) => `2026-11-30 09:00:${String(s).padStart(2, '0')},000 - Worker ${rank} - train - ${level} - ${msg}`;
    const uncaught = (rank: number, frames: string[], exception: string) => [`Worker ${rank} - stderr - ERROR - Uncaught exception`, 'Traceback (most recent call last):', ...frames, exception];
    const inLoader = ['  File "/job/train.py", line 14, in train_step', '    wait_for_shard(step)', '  File "/job/train.py", line 11, in wait_for_shard', '    time.sleep(0.1)'];
    const inCollective = ['  File "/job/train.py", line 15, in train_step', '    dist.all_reduce(t)', '  File "/usr/lib/python3/dist-packages/torch/distributed/distributed_c10d.py", line 1541, in all_reduce', '    work.wait()'];
    const lost = 'RuntimeError: [./gloo/transport/tcp/pair.cc:598] Connection closed by peer [127.0.0.1]:61317';
    // As a real torchrun of a script with rich's traceback handler wrote it (torchrun-1.13-rich-sigint-hung-rank.log).
    const excepthook = (rank: number) => [`Worker ${rank} - stderr - INFO - Error in sys.excepthook:`, ...uncaught(rank, ['  File "/usr/lib/python3/dist-packages/rich/traceback.py", line 97, in excepthook', '    def excepthook('], 'KeyboardInterrupt'), `Worker ${rank} - stderr - INFO - Original exception was:`, ...uncaught(rank, inCollective, lost)];
    const write = (rank: number, lines: string[]) => fs.writeFileSync(path.join(dir, `worker_${rank}.log`), [rec(rank, 1, 'INFO', 'step 3'), ...lines].join('\n') + '\n');
    const summary = async () => {
      const inputs = await Promise.all([0, 1, 2].map(async (r) => ({ rank: r, index: await indexFile(path.join(dir, `worker_${r}.log`)) })));
      return summarizeJob(inputs, { now: Date.now() + 3600_000 });
    };
    write(0, excepthook(0));
    write(1, excepthook(1));
    write(2, uncaught(2, inLoader, 'KeyboardInterrupt'));
    const s = await summary();
    assert.deepStrictEqual([s.failedRanks, s.firstFailure, s.ranks.map((r) => r.stoppedBy ?? r.state)], [0, undefined, ['interrupted (KeyboardInterrupt)', 'interrupted (KeyboardInterrupt)', 'interrupted (KeyboardInterrupt)']]);
    const scans = await Promise.all([0, 1, 2].map((r) => scanRankLog(path.join(dir, `worker_${r}.log`), r)));
    assert.match(diagnose({ summary: s, scans }).headline, /^Interrupted \(KeyboardInterrupt: .*\): rank 2 first .* in wait_for_shard \(train\.py:11\)/);
    // Rank 1 raised its own error before the interrupt: it failed.
    write(1, [...uncaught(1, inCollective, 'ValueError: shard 913 is corrupt'), ...excepthook(1)]);
    const own = await summary();
    assert.deepStrictEqual([own.failedRanks, own.firstFailure?.rank, own.firstFailure?.record.exception], [1, 1, 'ValueError: shard 913 is corrupt']);
    // A rank that lost its peer, not interrupted itself, in the attempt of one that was (its
    // excepthook not interrupted, its launcher's exit code after): stopped by the interrupt too.
    write(1, [...uncaught(1, inCollective, lost), `Worker 1 - launcher - ERROR - srun: gpu-node-1: Exited with exit code 1`]);
    const peer = await summary();
    assert.deepStrictEqual([peer.failedRanks, peer.firstFailure, peer.ranks[1].stoppedBy], [0, undefined, 'lost its peer as the job was stopped (Ctrl+C, a stop signal)']);
    // The tree reads its session so too: not failed.
    const ranks = await Promise.all([0, 1, 2].map(async (r) => ({ rank: r, index: await indexFile(path.join(dir, `worker_${r}.log`)) })));
    const job = buildJobNode({ dir, label: 'job', ranks }, { now: Date.now() + 3600_000 });
    assert.deepStrictEqual(job.ranks.map((r) => [r.state, r.sessions[0].failed]), [['finished', false], ['finished', false], ['finished', false]]);
    // Killed by a signal (the OOM killer's SIGKILL) beside it: a failure still.
    write(1, [...uncaught(1, inCollective, lost), `Worker 1 - launcher - ERROR - srun: gpu-node-1: Killed`]);
    assert.deepStrictEqual([(await summary()).failedRanks, (await summary()).firstFailure?.rank], [1, 1]);
    // Stop Job on our runner's ranks stuck in C++: rank 0 killed once it did not answer (the
    // extension's record), rank 1 freed by that and ending with code 1 after its lost peer's error.
    write(0, [`Worker 0 - worker_logging.run - INFO - Worker 0 ended: signal SIGKILL (after SIGINT)`]);
    write(1, [...uncaught(1, inCollective, lost), 'Worker 1 - worker_logging.run - INFO - Worker 1 ended: exit code 1']);
    write(2, [`Worker 2 - worker_logging.run - INFO - Worker 2 ended: signal SIGKILL (after SIGINT)`]);
    const stopped = await summary();
    assert.deepStrictEqual([stopped.failedRanks, stopped.firstFailure, stopped.ranks.map((r) => r.stoppedBy)], [0, undefined, ['stopped by SIGKILL (SIGINT unanswered)', 'lost its peer as the job was stopped (Ctrl+C, a stop signal)', 'stopped by SIGKILL (SIGINT unanswered)']]);
    // Killed by the OOM killer instead (SIGKILL, no stop asked): both failed.
    write(0, [`Worker 0 - worker_logging.run - INFO - Worker 0 ended: signal SIGKILL`]);
    write(2, [`Worker 2 - worker_logging.run - INFO - Worker 2 ended: exit code 0`]);
    const oom = await summary();
    assert.deepStrictEqual([oom.failedRanks, oom.ranks.map((r) => r.state)], [2, ['failed', 'failed', 'finished']]);
    // No rank interrupted: a lost peer is a failure (its peer's is the others' to say).
    write(0, uncaught(0, inCollective, lost));
    write(2, uncaught(2, inLoader, 'ValueError: shard 913 is corrupt'));
    write(1, uncaught(1, inCollective, lost));
    const failed = await summary();
    assert.deepStrictEqual([failed.failedRanks, failed.attempts[0].interrupted], [3, undefined]);
  });

  it("Ctrl+C on our runner's ranks (a stop, no failure): their KeyboardInterrupt tracebacks, under its warning, are dumps; the headline says where the first was; two lone stacks differ without an 'others'", async () => {
    const dir = tempDir();
    const at = (rank: number, ms: number, logger: string, level: string, msg: string) => `2026-11-30 09:00:05,${String(ms).padStart(3, '0')} - Worker ${rank} - ${logger} - ${level} - ${msg}`;
    const where = { 0: ['  File "hang.py", line 13, in <module>', '    barrier()', '  File "hang.py", line 8, in barrier', '    time.sleep(1000)'], 1: ['  File "hang.py", line 11, in <module>', '    wait_for_shard()', '  File "hang.py", line 6, in wait_for_shard', '    time.sleep(0.05)'] };
    for (const rank of [0, 1] as const) {
      const lines = [
        at(rank, 0, 'train', 'INFO', `rank ${rank} starting`),
        at(rank, 995 - rank * 5, 'worker_logging.run', 'WARNING', `Worker ${rank} received SIGINT; exiting`),
        'Traceback (most recent call last):',
        ...where[rank],
        'KeyboardInterrupt',
        at(rank, 999, 'worker_logging.run', 'INFO', `Worker ${rank} ended: signal SIGINT`),
      ];
      fs.writeFileSync(path.join(dir, `worker_${rank}.log`), lines.join('\n') + '\n');
    }
    const scans = await Promise.all([0, 1].map((r) => scanRankLog(path.join(dir, `worker_${r}.log`), r)));
    const inputs = await Promise.all([0, 1].map(async (r) => ({ rank: r, index: await indexFile(path.join(dir, `worker_${r}.log`)) })));
    const summary = summarizeJob(inputs);
    assert.deepStrictEqual(summary.ranks.map((r) => [r.state, r.stoppedBy]), [['finished', 'stopped by SIGINT'], ['finished', 'stopped by SIGINT']]);
    const d = diagnose({ summary, scans });
    assert.strictEqual(d.kind, 'clean');
    assert.deepStrictEqual(d.stackGroups.map((g) => [g.ranks, g.outlier, g.dumps.map((x) => x.interrupted)]), [[[0], false, [true]], [[1], false, [true]]]);
    // Rank 1's warning came first (09:00:05.990).
    assert.strictEqual(d.headline, 'Interrupted (KeyboardInterrupt: Ctrl+C, or SIGINT from a launcher): rank 1 first at 2026-11-30 09:00:05.990, in wait_for_shard (hang.py:6) <- <module> (hang.py:11)');
    // faulthandler's dumps of the same places (no Ctrl+C): the stacks differ, each named once.
    for (const rank of [0, 1] as const) {
      const lines = [at(rank, 0, 'train', 'INFO', `rank ${rank} starting`), 'Current thread 0x00007f3e5a1c7740 (most recent call first):', ...where[rank].filter((l) => l.startsWith('  File')).reverse().map((l) => l.replace(/^ {2}File "(.*)", line (\d+), in (.*)$/, '  File "$1", line $2 in $3'))];
      fs.writeFileSync(path.join(dir, `worker_${rank}.log`), lines.join('\n') + '\n');
    }
    const dumped = await Promise.all([0, 1].map((r) => scanRankLog(path.join(dir, `worker_${r}.log`), r)));
    const plain = diagnose({ summary: summarizeJob(await Promise.all([0, 1].map(async (r) => ({ rank: r, index: await indexFile(path.join(dir, `worker_${r}.log`)) })))), scans: dumped });
    assert.strictEqual(plain.headline, 'Stacks differ: {0}: barrier (hang.py:8) <- <module> (hang.py:13); {1}: wait_for_shard (hang.py:6) <- <module> (hang.py:11)');
  });

  it('fuzz: garbage, truncations and interleavings never throw and never invent a straggler in a clean job', async () => {
    const clean = path.join(FIXTURES, 'clean');
    const originals = [0, 1, 2, 3].map((r) => fs.readFileSync(path.join(clean, `worker_${r}.log`), 'utf8').split('\n'));
    const almost = [
      '[E ProcessGroupNCCL.cpp:587] [Rank 1] Watchdog caught collective operation timeout: WorkNCCL(SeqNum=57, OpType=ALLGATHER, Timeout(ms)=200000) ran for 2000',
      "\t     [3] finished collective #12, but didn't join collecti",
      'Ranks 1, 2 failed to pass monitoredBa',
      'Thread 0x00007f3e4b7fe640 (most recent call first):',
      '  File "/x.py", line 9 in f',
      'Current thread 0x1 (most recent call first):\r',
      'WorkNCCL(SeqNum=',
      'last enqueued NCCL work: ',
    ];
    for (let seed = 1; seed <= 60; seed++) {
      const rand = rng(seed * 7919);
      const dir = tempDir();
      for (let r = 0; r < 4; r++) {
        const lines = [...originals[r]];
        for (let k = 0; k < 1 + Math.floor(rand() * 12); k++) {
          const at = Math.floor(rand() * lines.length);
          const pick = rand();
          let junk: string;
          if (pick < 0.4) junk = almost[Math.floor(rand() * almost.length)];
          else if (pick < 0.7) junk = Buffer.from(Array.from({ length: Math.floor(rand() * 300) }, () => Math.floor(rand() * 256))).toString('latin1');
          else junk = lines[Math.floor(rand() * lines.length)].slice(0, Math.floor(rand() * 80));
          lines.splice(at, 0, junk);
        }
        let text = lines.join(rand() < 0.2 ? '\r\n' : '\n');
        // A writer cut off mid-line: the last records torn (not the rank's whole history, which
        // would be a rank that really fell behind).
        if (rand() < 0.3) text = text.slice(0, text.length - Math.floor(rand() * 200));
        fs.writeFileSync(path.join(dir, `worker_${r}.log`), text);
      }
      const d = await diagnoseFolder(dir, WORKER);
      assert.deepStrictEqual(d.stragglers, [], `seed ${seed}: ${d.headline}`);
      assert.deepStrictEqual(d.collectiveMismatches, [], `seed ${seed}`);
      assert.ok(d.kind === 'clean' || d.kind === 'failure', `seed ${seed}: ${d.kind} ${d.headline}`);
    }
  });

  it("ranks alive but quiet, with nothing in their logs to say why: a hang ('Quiet: ...') with a row that runs Dump Stacks; once dumped, where they are; a failure or a straggler keeps the headline", async () => {
    const dir = tempDir();
    const rec = (rank: number, s: number, msg: string) => `2026-11-30 09:00:${String(s).padStart(2, '0')},000 - Worker ${rank} - train - INFO - ${msg}`;
    for (const rank of [0, 1, 2]) fs.writeFileSync(path.join(dir, `worker_${rank}.log`), [rec(rank, 1, 'step 40'), rec(rank, 2, 'entering all_reduce')].join('\n') + '\n');
    const files = [0, 1, 2].map((r) => path.join(dir, `worker_${r}.log`));
    const summary = summarizeJob(await Promise.all(files.map(async (f, rank) => ({ rank, index: await indexFile(f) }))));
    const scans = await Promise.all(files.map((f, r) => scanRankLog(f, r)));
    assert.strictEqual(diagnose({ summary, scans }).kind, 'clean');

    // Which ranks are quiet: running ones silent for longer than the stall (the caller says since when).
    const t = Date.UTC(2026, 10, 30, 9, 0, 2);
    assert.strictEqual(quietRanks([{ rank: 0, running: true }, { rank: 1, running: false, quietSinceMs: t }]), undefined, 'a rank not running is not quiet');
    const quiet = quietRanks([{ rank: 1, running: true, quietSinceMs: t - 5000 }, { rank: 0, running: true, quietSinceMs: t }, { rank: 2, running: true }, { rank: 3, running: false }])!;
    assert.deepStrictEqual(quiet, { ranks: [0, 1], since: naiveFromEpoch(t), writing: [2] });

    const d = diagnose({ summary, scans, quiet });
    assert.strictEqual(d.kind, 'hang');
    assert.strictEqual(d.headline, `Quiet: ranks 0-1 are alive but wrote nothing since ${formatTime(naiveFromEpoch(t))} (rank 2 still writes): Dump Stacks of All Ranks shows where they are`);
    assert.deepStrictEqual(d.quiet, quiet);
    assert.ok(diagnosisFoundProblem(d));
    // The Workers view: a Diagnosis item whose first row asks the ranks for their stacks when clicked.
    const node = diagnosisNode(dir, d)!;
    assert.strictEqual(node.severity, 'warning');
    assert.deepStrictEqual([node.children[0].label, node.children[0].dumpStacksOf, node.children[0].path], [`Ranks 0-1 quiet since ${formatClock(naiveFromEpoch(t))}`, dir, undefined]);
    const all = quietRanks([0, 1, 2].map((rank) => ({ rank, running: true, quietSinceMs: t })))!;
    assert.match(diagnose({ summary, scans, quiet: all }).headline, /^Quiet: ranks 0-2 are alive but wrote nothing since [^(]*: Dump Stacks/);

    // Dumped (faulthandler, into the logs): every rank in the all_reduce, the hang's place.
    for (const f of files) fs.appendFileSync(f, dumpText('all_reduce').join('\n') + '\n');
    const dumped = await Promise.all(files.map((f, r) => scanRankLog(f, r)));
    const inCollective = diagnose({ summary, scans: dumped, quiet: all });
    assert.strictEqual(inCollective.headline, `Quiet: ranks 0-2 are alive but wrote nothing since ${formatTime(naiveFromEpoch(t))}: every stack dumped is in all_reduce (train.py:42)`);
    assert.strictEqual(diagnose({ summary, scans: dumped }).kind, 'clean', 'the same stacks of a job that writes: no hang');
    // Rank 2 elsewhere: the stacks name it, as without the quiet.
    fs.writeFileSync(files[2], [rec(2, 1, 'step 40'), ...dumpText('sleep')].join('\n') + '\n');
    const elsewhere = await Promise.all(files.map((f, r) => scanRankLog(f, r)));
    assert.strictEqual(diagnose({ summary, scans: elsewhere, quiet: all }).headline, diagnose({ summary, scans: elsewhere }).headline);
    assert.match(diagnose({ summary, scans: elsewhere, quiet: all }).headline, /^Hang: rank 2 is in load_batch \(data\.py:17\) while ranks 0, 1 wait in all_reduce/);
    // A straggler read from collective timeouts is the headline still.
    const straggler = await diagnoseFolder(path.join(FIXTURES, 'straggler'), WORKER, Promise.resolve(all));
    assert.match(straggler.headline, /^Hang: rank 5 never entered ALLREDUCE #80078/);
    assert.deepStrictEqual(straggler.quiet, all);
  });

  it('quiet ranks before their stacks are dumped: the few whose last records are not what most last logged are named (records alike but for their numbers are one group), as STAT names the odd stack', async () => {
    const dir = tempDir();
    const rec = (rank: number, s: number, msg: string) => `2026-11-30 09:00:${String(s).padStart(2, '0')},000 - Worker ${rank} - train - INFO - ${msg}`;
    const files = [0, 1, 2, 3].map((r) => path.join(dir, `worker_${r}.log`));
    const write = (last: (rank: number) => string) => files.forEach((f, rank) => fs.writeFileSync(f, [rec(rank, 1, `rank ${rank} ready`), rec(rank, 2 + rank, last(rank))].join('\n') + '\n'));
    const t = Date.UTC(2026, 10, 30, 9, 0, 5);
    const quiet = quietRanks([0, 1, 2, 3].map((rank) => ({ rank, running: true, quietSinceMs: t })))!;
    const run = async () => {
      const summary = summarizeJob(await Promise.all(files.map(async (f, rank) => ({ rank, index: await indexFile(f), writing: true }))));
      const scans = await Promise.all(files.map((f, r) => scanRankLog(f, r)));
      return diagnose({ summary, scans, quiet });
    };
    write((rank) => (rank === 2 ? 'loading shard 913' : `step 40 of rank ${rank}: entering all_reduce`));
    const d = await run();
    assert.strictEqual(d.kind, 'hang');
    assert.strictEqual(d.headline, `Quiet: ranks 0-3 are alive but wrote nothing since ${formatTime(naiveFromEpoch(t))}; last logged: rank 2 "INFO loading shard 913"; the others (ranks 0-1, 3) "INFO step 40 of rank 0: entering all_reduce". Dump Stacks of All Ranks shows where they are`);
    assert.deepStrictEqual(d.stragglers.map((x) => [x.rank, x.reason, x.evidence.map((e) => [e.line, e.text])]), [[2, 'last logged something else than ranks 0-1, 3 ("INFO step 40 of rank 0: entering all_reduce")', [[1, 'last record: INFO loading shard 913']]]]);
    // Alike but for their numbers: nothing apart.
    write((rank) => `step ${40 + rank} done`);
    const alike = await run();
    assert.strictEqual(alike.headline, `Quiet: ranks 0-3 are alive but wrote nothing since ${formatTime(naiveFromEpoch(t))}: Dump Stacks of All Ranks shows where they are`);
    assert.deepStrictEqual(alike.stragglers, []);
    // Two and two: neither is the odd one.
    write((rank) => (rank < 2 ? 'entering all_reduce' : 'loading shard'));
    assert.deepStrictEqual((await run()).stragglers, []);
    // Once their stacks are dumped, the stacks say where they are.
    write((rank) => (rank === 2 ? 'loading shard 913' : 'entering all_reduce'));
    for (const f of files) fs.appendFileSync(f, dumpText('all_reduce').join('\n') + '\n');
    const dumped = await run();
    assert.match(dumped.headline, /^Quiet: ranks 0-3 are alive but wrote nothing since [^;]*: every stack dumped is in all_reduce/);
    assert.deepStrictEqual(dumped.stragglers, []);

    // Many apart: the headline's groups tell them (three, then how many more), a row for each of a few.
    const big = tempDir();
    const many = Array.from({ length: 41 }, (_, rank) => path.join(big, `worker_${rank}.log`));
    many.forEach((f, rank) => fs.writeFileSync(f, rec(rank, 1, rank < 21 ? 'entering all_reduce' : `loading shard ${'abcdefghij'[rank % 10]}`) + '\n'));
    const summary = summarizeJob(await Promise.all(many.map(async (f, rank) => ({ rank, index: await indexFile(f), writing: true }))));
    const scans = await Promise.all(many.map((f, r) => scanRankLog(f, r)));
    const crowd = diagnose({ summary, scans, quiet: quietRanks(many.map((_, rank) => ({ rank, running: true, quietSinceMs: t })))! });
    assert.match(crowd.headline, /; last logged: ranks 21, 31 "INFO loading shard b"; ranks 22, 32 "INFO loading shard c"; ranks 23, 33 "INFO loading shard d"; 7 other groups of ranks something else; the others \(ranks 0-20\) "INFO entering all_reduce"\. Dump Stacks/);
    // (Those of the first groups shown: ranks 21-28 and 31-38 of the groups b to i.)
    assert.deepStrictEqual(crowd.stragglers.map((x) => x.rank), [...Array.from({ length: 8 }, (_, i) => 21 + i), ...Array.from({ length: 8 }, (_, i) => 31 + i)]);
  });

  it('quiet ranks alive while another ended without saying how (SIGKILL, the OOM killer): that one is named, as the rank they may be waiting for; one whose ending is recorded is not', async () => {
    const dir = tempDir();
    const rec = (rank: number, s: number, msg: string) => `2026-11-30 09:00:${String(s).padStart(2, '0')},000 - Worker ${rank} - train - INFO - ${msg}`;
    const files = [0, 1, 2].map((r) => path.join(dir, `worker_${r}.log`));
    fs.writeFileSync(files[0], [rec(0, 1, 'step 40'), rec(0, 5, 'entering all_reduce')].join('\n') + '\n');
    fs.writeFileSync(files[1], rec(1, 1, 'step 40') + '\n');
    fs.writeFileSync(files[2], [rec(2, 1, 'step 40'), rec(2, 5, 'entering all_reduce')].join('\n') + '\n');
    const hourAgo = Date.now() - 3_600_000;
    const inputs = await Promise.all(files.map(async (f, rank) => ({ rank, index: { ...(await indexFile(f)), mtimeMs: hourAgo }, ...(rank === 1 ? {} : { writing: true }) })));
    const summary = summarizeJob(inputs);
    assert.deepStrictEqual(summary.ranks.map((r) => r.state), ['running', 'finished', 'running']);
    const quiet = quietRanks([0, 2].map((rank) => ({ rank, running: true, quietSinceMs: hourAgo })))!;
    const scans = await Promise.all(files.map((f, r) => scanRankLog(f, r)));
    const d = diagnose({ summary, scans, quiet });
    assert.strictEqual(d.headline, `Quiet: ranks 0, 2 are alive but wrote nothing since ${formatTime(naiveFromEpoch(hourAgo))}; rank 1 ended without saying how (its last record at 2026-11-30 09:00:01): they may be waiting for it`);
    assert.deepStrictEqual(d.stragglers.map((x) => [x.rank, x.reason, x.evidence.map((e) => [e.line, e.text])]), [[1, 'ended without saying how, while ranks 0, 2 still run', [[0, 'last record: INFO step 40']]]]);
    // One alive among many that ended without a word (a last rank still saving its checkpoint): that one stands out, not the many.
    const onlyRank0 = summarizeJob(await Promise.all(files.map(async (f, rank) => ({ rank, index: { ...(await indexFile(f)), mtimeMs: hourAgo }, ...(rank === 0 ? { writing: true } : {}) }))));
    const lone = diagnose({ summary: onlyRank0, scans, quiet: quietRanks([{ rank: 0, running: true, quietSinceMs: hourAgo }])! });
    assert.deepStrictEqual([lone.stragglers, lone.headline], [[], `Quiet: rank 0 is alive but wrote nothing since ${formatTime(naiveFromEpoch(hourAgo))}: Dump Stacks of All Ranks shows where it is`]);
    // Its runner's ending record says how it ended (exit 0): not the one they wait for.
    fs.appendFileSync(files[1], '2026-11-30 09:00:02,000 - Worker 1 - worker_logging.run - INFO - Worker 1 ended: exit code 0\n');
    const recorded = summarizeJob(await Promise.all(files.map(async (f, rank) => ({ rank, index: { ...(await indexFile(f)), mtimeMs: hourAgo }, ...(rank === 1 ? {} : { writing: true }) }))));
    const d2 = diagnose({ summary: recorded, scans, quiet });
    assert.deepStrictEqual([d2.stragglers, d2.headline], [[], `Quiet: ranks 0, 2 are alive but wrote nothing since ${formatTime(naiveFromEpoch(hourAgo))}: Dump Stacks of All Ranks shows where they are`]);
  });

  it("the editor's diagnosis of quiet ranks: from the model's quiet ranks, kept through their stack dump (which writes their logs, not a record), gone once a rank logs again", async () => {
    const dir = tempDir();
    const rec = (rank: number, s: number, msg: string) => `2026-11-30 09:00:${String(s).padStart(2, '0')},000 - Worker ${rank} - train - INFO - ${msg}`;
    const files = [0, 1].map((r) => path.join(dir, `worker_${r}.log`));
    for (const [rank, f] of files.entries()) fs.writeFileSync(f, rec(rank, 1, 'entering all_reduce') + '\n');
    const now = Date.now();
    const model = async (ageMs: number) => {
      const inputs = await Promise.all(files.map(async (f, rank) => ({ rank, index: { ...(await indexFile(f)), mtimeMs: now - ageMs }, alive: true })));
      return buildJobNode({ dir, label: 'job', ranks: inputs }, { now, stallSeconds: 120 });
    };
    const diagnoses = new JobDiagnoses((m) => assert.fail(m), 0);
    after(() => diagnoses.dispose());
    const next = () => new Promise<void>((resolve) => { const sub = diagnoses.onDidChange(() => { sub.dispose(); resolve(); }); });

    const busy = await model(1000);
    assert.deepStrictEqual(busy.ranks.map((r) => r.quietSinceMs), [undefined, undefined]);
    assert.ok(!needsDiagnosis(busy));
    const hung = await model(600_000);
    assert.deepStrictEqual(hung.ranks.map((r) => r.quietSinceMs), [now - 600_000, now - 600_000]);
    assert.ok(needsDiagnosis(hung));
    const changed = next();
    diagnoses.setModel([hung]);
    await changed;
    const since = naiveFromEpoch(now - 600_000);
    assert.deepStrictEqual(diagnoses.get(dir)?.diagnosis.quiet, { ranks: [0, 1], since, writing: [] });

    // Their stacks, asked for: the dumps change the files (the model no longer calls them quiet), not their last records.
    await diagnoses.refresh(hung, { time: naiveFromEpoch(now), answered: [0, 1], unanswered: [] });
    for (const f of files) fs.appendFileSync(f, dumpText('all_reduce').join('\n') + '\n');
    const afterDump = await model(500);
    assert.deepStrictEqual(afterDump.ranks.map((r) => [r.state, r.quietSinceMs]), [['running', undefined], ['running', undefined]]);
    // Asked again at once (the files changed by the first dumps): quiet still, since before the first.
    await diagnoses.refresh(afterDump, { time: naiveFromEpoch(now), answered: [0, 1], unanswered: [] });
    const kept = await diagnoses.refresh(afterDump);
    assert.deepStrictEqual(kept?.diagnosis.quiet, { ranks: [0, 1], since, writing: [] }, 'quiet since before the dump');
    assert.match(kept!.diagnosis.headline, /: every stack dumped is in all_reduce \(train\.py:42\)$/);
    // Rank 1 logs a record: the ranks are no longer quiet.
    fs.appendFileSync(files[1], rec(1, 30, 'step 41') + '\n');
    const resumed = await diagnoses.refresh(await model(500));
    assert.strictEqual(resumed?.diagnosis.quiet, undefined);
    assert.strictEqual(resumed?.diagnosis.kind, 'clean');
  });

  it('worker-logs diagnose: a report, the JSON contract and exit codes 0, 1 and 2', () => {
    const run = (...args: string[]) => spawnSync(process.execPath, [CLI, 'diagnose', ...args], { encoding: 'utf8' });
    const hang = run(path.join(FIXTURES, 'straggler'), '--json');
    assert.strictEqual(hang.status, 1, hang.stderr);
    const json = JSON.parse(hang.stdout);
    assert.strictEqual(json.version, 1);
    assert.deepStrictEqual(Object.keys(json).sort(), ['collectiveMismatches', 'firstFailure', 'headline', 'kind', 'progress', 'ranks', 'stackGroups', 'stragglers', 'timeouts', 'version']);
    assert.deepStrictEqual(Object.keys(json.firstFailure).sort(), ['approximate', 'file', 'line', 'message', 'rank', 'time']);
    assert.deepStrictEqual(json.stragglers.map((s: { rank: number }) => s.rank), [5]);
    const text = run(path.join(FIXTURES, 'straggler'));
    assert.match(text.stdout, /^Hang: rank 5 never entered ALLREDUCE #80078/);
    assert.match(text.stdout, /worker_5\.log:27 {2}last record: INFO prefetching shard 913/);
    const clean = run(path.join(FIXTURES, 'clean'));
    assert.strictEqual(clean.status, 0, clean.stdout);
    assert.match(clean.stdout, /^No failure, hang or mismatch found in 4 ranks\./);
    // A rank that could not be read may be the one that failed: the headline does not call the job clean.
    const partly = tempDir();
    for (const f of fs.readdirSync(path.join(FIXTURES, 'clean'))) fs.copyFileSync(path.join(FIXTURES, 'clean', f), path.join(partly, f));
    fs.writeFileSync(path.join(partly, 'worker_2.log'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0]));
    const unread = run(partly);
    assert.strictEqual(unread.status, 0, unread.stderr);
    assert.match(unread.stdout, /^No failure, hang or mismatch found in the 3 ranks read; rank 2 could not be read \(the summary says why\)\./);
    for (const f of fs.readdirSync(partly)) fs.writeFileSync(path.join(partly, f), Buffer.from([0, 1, 2, 10]));
    assert.match(run(partly).stdout, /^No rank could be read \(ranks 0-3\): the summary says why\./);
    const missing = run(path.join(FIXTURES, 'no-such-job'));
    assert.strictEqual(missing.status, 2);
    assert.match(missing.stderr, /no-such-job: no such file or directory\n$/);
    const empty = run(tempDir());
    assert.strictEqual(empty.status, 2);
    assert.match(empty.stderr, /no worker_<rank>\.log files/);
  });

  it("worker-logs diagnose of another launcher's logs quotes each line it points at as that file has it (a capture's line with its rank's prefix, a torchrun stderr.log's glog line), not as the rank log read from it", () => {
    const watchdog = (rank: number) => `[E1205 10:40:01.000000 ${1000 + rank} ProcessGroupNCCL.cpp:616] [Rank ${rank}] Watchdog caught collective operation timeout: WorkNCCL(SeqNum=120, OpType=ALLREDUCE, NumelIn=1000, NumelOut=1000, Timeout(ms)=600000) ran for 600010 milliseconds before timing out.`;
    const step = (rank: number, s: number) => `2026-12-05 10:00:${String(s).padStart(2, '0')},${String(rank).padStart(3, '0')} INFO train: step ${s}`;
    const ranks = 12;
    // `srun -l` of 12 ranks pads its labels (" 0: "); rank 11 fails without a time, the others time out waiting for it.
    const dir = tempDir();
    const capture: string[] = [];
    for (let s = 0; s < 3; s++) for (let r = 0; r < ranks; r++) capture.push(`${String(r).padStart(2)}: ${step(r, s)}`);
    capture.push('11: Traceback (most recent call last):', '11:   File "train.py", line 40, in <module>', '11: torch.OutOfMemoryError: CUDA out of memory.');
    for (let r = 0; r < ranks - 1; r++) capture.push(`${String(r).padStart(2)}: [rank${r}]:${watchdog(r)}\r`);
    capture.push('srun: error: node01: tasks 0-10: Exited with exit code 134');
    fs.writeFileSync(path.join(dir, 'train.out'), capture.join('\n') + '\n');
    // The same job's torchrun --log-dir: the watchdog's line in each rank's stderr.log.
    const run = path.join(dir, 'logs', 'none_abc123', 'attempt_0');
    for (let r = 0; r < 2; r++) {
      fs.mkdirSync(path.join(run, String(r)), { recursive: true });
      const lines = [step(r, 0), step(r, 1)];
      if (r === 0) lines.push(watchdog(r));
      else lines.push('Traceback (most recent call last):', '  File "train.py", line 40, in <module>', 'torch.OutOfMemoryError: CUDA out of memory.');
      fs.writeFileSync(path.join(run, String(r), 'stderr.log'), lines.join('\n') + '\n');
      fs.writeFileSync(path.join(run, String(r), 'stdout.log'), '');
    }
    for (const [target, expected] of [[path.join(dir, 'train.out'), ranks - 1], [path.join(dir, 'logs'), 1]] as const) {
      const r = spawnSync(process.execPath, [CLI, 'diagnose', target, '--json'], { encoding: 'utf8' });
      const json = JSON.parse(r.stdout);
      const quoted: { file: string; line: number; text: string }[] = [];
      const gather = (v: unknown): void => {
        if (Array.isArray(v)) return v.forEach(gather);
        if (typeof v !== 'object' || v === null) return;
        if ((v as { quoted?: boolean }).quoted) quoted.push(v as { file: string; line: number; text: string });
        Object.values(v).forEach(gather);
      };
      gather(json);
      assert.strictEqual(new Set(quoted.map((q) => `${q.file}:${q.line}`)).size, expected, r.stdout + r.stderr);
      for (const q of quoted) assert.strictEqual(q.text, fs.readFileSync(path.resolve(target, q.file), 'utf8').split(/\r?\n/)[q.line], `${q.file}:${q.line}`);
      const text = spawnSync(process.execPath, [CLI, 'diagnose', target], { encoding: 'utf8' }).stdout;
      assert.ok(text.includes(`:${quoted[0].line + 1}  ${quoted[0].text}\n`), text);
    }
  });
});

describe('worker-logs diagnose --dump-stacks: the CLI asks the ranks for their stacks first', function () {
  this.timeout(60_000);

  it("real ranks of the module, one elsewhere: each writes its dump into its log, grouped by call path, the odd one named; a rank whose process has ended says so", async () => {
    const dir = tempDir();
    const script = path.join(dir, 'train.py');
    fs.writeFileSync(script, ['import os, time', 'def load_batch():', '    time.sleep(120)', 'def wait_for_peers():', '    time.sleep(120)', 'if os.environ["RANK"] == "1":', '    load_batch()', 'elif os.environ["RANK"] != "3":', '    wait_for_peers()', ''].join('\n'));
    const logs = path.join(dir, 'logs');
    const env = (rank: number) => ({ ...process.env, PYTHONPATH: path.join(ROOT, 'python'), RANK: String(rank) });
    // Rank 3 ends at once (exit 0, recorded); the others sleep where the script put them.
    const ranks = [0, 1, 2, 3].map((rank) => spawn('python3', ['-m', 'worker_logging', 'run', '--log-dir', logs, '--', script], { env: env(rank), stdio: 'ignore' }));
    try {
      const log = (rank: number) => path.join(logs, `worker_${rank}.log`);
      const deadline = Date.now() + 20_000;
      while (![0, 1, 2].every((r) => fs.existsSync(log(r))) || !fs.existsSync(log(3)) || !/ended: exit code 0/.test(fs.readFileSync(log(3), 'utf8'))) {
        if (Date.now() > deadline) throw new Error('the ranks did not start');
        await new Promise((r) => setTimeout(r, 100));
      }
      await new Promise((r) => setTimeout(r, 500));
      const run = spawnSync(process.execPath, [CLI, 'diagnose', logs, '--dump-stacks'], { encoding: 'utf8' });
      assert.strictEqual(run.status, 1, run.stdout + run.stderr);
      assert.match(run.stdout, /^Stacks differ: \{1\}: load_batch \(train\.py:3\) <- <module> \(train\.py:7\) \(the others: \{0,2\}: wait_for_peers \(train\.py:5\) <- <module> \(train\.py:9\)\)$/m);
      assert.match(run.stdout, /^Stack dumps asked: ranks 0-2 answered; rank 3 gave none \(process \d+ has ended\)\.$/m);
      for (const r of [0, 1, 2]) assert.match(fs.readFileSync(log(r), 'utf8'), /^Current thread 0x[0-9a-f]+ \(most recent call first\):$/m);
      const json = JSON.parse(spawnSync(process.execPath, [CLI, 'diagnose', logs, '--dump-stacks', '--json'], { encoding: 'utf8' }).stdout);
      assert.deepStrictEqual([json.stackRequest.answered, json.stackRequest.unanswered.map((u: { rank: number }) => u.rank)], [[0, 1, 2], [3]]);
      // Without the flag, nothing is asked.
      assert.strictEqual(JSON.parse(spawnSync(process.execPath, [CLI, 'diagnose', logs, '--json'], { encoding: 'utf8' }).stdout).stackRequest, undefined);
    } finally {
      for (const p of ranks) p.kill('SIGKILL');
    }
  });

  it("ranks of another launcher (no init record): without py-spy on PATH each says to install it; with it, only ranks whose files a process still writes are looked for", async () => {
    const job = path.join(ROOT, 'test', 'fixtures', 'launchers', 'torchrun-1.13-log-dir');
    const diagnose = (env: NodeJS.ProcessEnv) => spawnSync(process.execPath, [CLI, 'diagnose', job, '--dump-stacks'], { encoding: 'utf8', env }).stdout;
    assert.match(diagnose({ ...process.env, PATH: '/usr/bin:/bin' }), /^Stack dumps asked: no rank answered; ranks 0-1 gave none \(no init record names the process of the last session.*; install py-spy \(on PATH\) to read the stacks of ranks started without the module\)\.$/m);
    // A py-spy that is never run: both ranks ended (no process writes their files), none is looked for.
    const bin = tempDir();
    fs.writeFileSync(path.join(bin, 'py-spy'), '#!/bin/sh\necho "py-spy was run" >&2\nexit 3\n', { mode: 0o755 });
    const out = diagnose({ ...process.env, PATH: `${bin}:/usr/bin:/bin` });
    assert.match(out, /^Stack dumps asked: no rank answered; ranks 0-1 gave none \(no process of this machine writes its files: it has ended, or runs on another machine\)\.$/m, out);
  });
});

describe('stack dump requests: which process is the rank, and why a rank gives none', () => {
  it('names the reason for each rank it cannot ask, and never signals a process that does not hold the log', async () => {
    const dir = tempDir();
    const init = (rank: number, pid: number, host: string) => `2026-11-30 09:00:00,000 - Worker ${rank} - worker_logging - INFO - Worker ${rank} logging initialized: ${dir}/worker_${rank}.log (pid ${pid} on ${host})\n`;
    const files = [
      // 0: no init record (another launcher); 1: another machine; 2: a pid that has ended;
      // 3: a live process (this test runner) that does not hold the log open.
      '2026-11-30 09:00:00,000 - Worker 0 - train - INFO - step=1\n',
      init(1, 4242, 'gpu-node-7'),
      init(2, 2 ** 22 + 7, 'here'),
      init(3, process.pid, 'here'),
    ];
    files.forEach((text, rank) => fs.writeFileSync(path.join(dir, `worker_${rank}.log`), text));
    const signalled: number[] = [];
    const outcome = await requestStackDumps(
      files.map((_, rank) => ({ rank, path: path.join(dir, `worker_${rank}.log`), sessionStart: 0 })),
      { hostname: 'here', timeoutMs: 200, kill: (pid) => signalled.push(pid) },
    );
    assert.deepStrictEqual(signalled, []);
    assert.deepStrictEqual(outcome.answered, []);
    assert.deepStrictEqual(
      outcome.unanswered.map((u) => [u.rank, u.reason.replace(/process \d+/g, 'process N')]),
      [
        [0, 'no init record names the process of the last session (not started by the worker_logging module)'],
        [1, 'it runs on gpu-node-7, not on this machine (here)'],
        [2, 'process N has ended'],
        [3, "process N does not have the rank's log open for writing (it ended, and another program has its pid)"],
      ],
    );
    assert.deepStrictEqual(await rankProcess(path.join(dir, 'worker_1.log'), 0), { pid: 4242, host: 'gpu-node-7' });
  });

  it('never signals a process that only reads the log (a viewer), nor one that does not catch SIGUSR1 (stack dumps off: the signal would end it)', async () => {
    const dir = tempDir();
    const hold = (file: string, mode: 'a' | 'r', catches: boolean) =>
      new Promise<ChildProcess>((resolve, reject) => {
        const code = `import faulthandler, signal, sys, time\nf = open(sys.argv[1], "${mode}")\n${catches ? 'faulthandler.register(signal.SIGUSR1, file=sys.stderr)\n' : ''}print("open", flush=True)\ntime.sleep(60)\n`;
        const p = spawn('python3', ['-c', code, file], { stdio: ['ignore', 'pipe', 'ignore'] });
        p.stdout!.once('data', () => resolve(p));
        p.once('error', reject);
      });
    const logs = [0, 1].map((r) => path.join(dir, `worker_${r}.log`));
    for (const f of logs) fs.writeFileSync(f, '');
    const viewer = await hold(logs[0], 'r', true);
    const optedOut = await hold(logs[1], 'a', false);
    try {
      for (const [i, p] of [viewer, optedOut].entries()) fs.appendFileSync(logs[i], `2026-11-30 09:00:00,000 - Worker ${i} - worker_logging - INFO - Worker ${i} logging initialized: ${logs[i]} (pid ${p.pid} on ${os.hostname()})\n`);
      const outcome = await requestStackDumps(logs.map((f, rank) => ({ rank, path: f, sessionStart: 0 })), { timeoutMs: 500 });
      assert.deepStrictEqual(
        outcome.unanswered.map((u) => [u.rank, u.reason.replace(/process \d+/g, 'process N')]),
        [
          [0, "process N does not have the rank's log open for writing (it ended, and another program has its pid)"],
          [1, 'process N does not catch SIGUSR1 (its stack dumps are off: WORKER_LOGGING_STACK_DUMPS=0), and the signal would end it'],
        ],
      );
      await new Promise((r) => setTimeout(r, 200));
      assert.deepStrictEqual([viewer.exitCode, viewer.signalCode, optedOut.exitCode, optedOut.signalCode], [null, null, null, null], 'both still run');
    } finally {
      viewer.kill('SIGKILL');
      optedOut.kill('SIGKILL');
    }
  });

  it('signals a process that holds the log open, and waits for its dump', async () => {
    const dir = tempDir();
    const log = path.join(dir, 'worker_0.log');
    fs.writeFileSync(log, '');
    // A stand-in rank: holds its log open, and writes a dump when signalled (as faulthandler does).
    const child = spawn(process.execPath, ['-e', `const fs=require('fs');const fd=fs.openSync(${JSON.stringify(log)},'a');process.on('SIGUSR1',()=>fs.writeSync(fd,'Current thread 0x01 (most recent call first):\\n  File "t.py", line 3 in f\\n'));setInterval(()=>{},1000);`]);
    after(() => child.kill('SIGKILL'));
    await new Promise((r) => setTimeout(r, 300));
    fs.appendFileSync(log, `2026-11-30 09:00:00,000 - Worker 0 - worker_logging - INFO - Worker 0 logging initialized: ${log} (pid ${child.pid} on ${os.hostname()})\n`);
    const outcome = await requestStackDumps([{ rank: 0, path: log, sessionStart: 0 }], { timeoutMs: 3000 });
    assert.deepStrictEqual(outcome, { time: outcome.time, answered: [0], unanswered: [] });
    assert.match(fs.readFileSync(log, 'utf8'), /Current thread 0x01/);
  });
});

describe('py-spy for ranks started without the module', () => {
  const SAMPLE = JSON.stringify([
    { pid: 4242, thread_id: 140001, thread_name: 'Thread-1', os_thread_id: 4250, active: false, owns_gil: false, frames: [{ name: 'wait', filename: '/usr/lib/python3.11/threading.py', module: null, short_filename: 'threading.py', line: 324, locals: null }] },
    { pid: 4242, thread_id: 140000, thread_name: 'MainThread', os_thread_id: 4242, active: true, owns_gil: false, frames: [
      { name: 'all_reduce', filename: '/usr/lib/python3/dist-packages/torch/distributed/distributed_c10d.py', module: null, short_filename: 'distributed_c10d.py', line: 2288, locals: null },
      { name: 'train_step', filename: '/home/alice/llm/train.py', module: null, short_filename: 'train.py', line: 42, locals: null },
      { name: '<module>', filename: '/home/alice/llm/train.py', module: null, short_filename: 'train.py', line: 99, locals: null },
    ] },
  ]);

  it("reads py-spy's JSON dump as a stack dump whose main thread groups like a logged one", () => {
    const dump = parsePySpyJson(SAMPLE, 3, 0);
    assert.strictEqual(dump.line, -1);
    assert.deepStrictEqual(mainThread(dump)!.frames.map((f) => f.function), ['all_reduce', 'train_step', '<module>']);
    assert.strictEqual(groupStacks([dump])[0].label, '{3}: all_reduce <- train_step (train.py:42) <- <module> (train.py:99)');
    assert.throws(() => parsePySpyJson('{"not": "a list"}', 3, 0), /no list of threads/);
  });

  it('finds the Python process whose environment names a rank (its children left out), and names an ambiguous rank', async function () {
    this.timeout(20_000);
    const py = 'import subprocess, sys, time\nc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])\nprint("up", flush=True)\ntime.sleep(30)\n';
    const start = (rank: string) => {
      // A process group of its own: its child, which holds the same stdout, goes with it.
      const p = spawn('python3', ['-c', py], { env: { ...process.env, RANK: rank }, stdio: ['ignore', 'pipe', 'ignore'], detached: true });
      after(() => {
        try {
          process.kill(-p.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
      });
      return new Promise<number>((resolve) => p.stdout.once('data', () => resolve(p.pid!)));
    };
    const one = await start('9876');
    await new Promise((r) => setTimeout(r, 200));
    assert.deepStrictEqual(await findRankProcesses([9876]), { found: [{ rank: 9876, pid: one }], ambiguous: [], later: [] });
    const two = await start('9876');
    await new Promise((r) => setTimeout(r, 200));
    assert.deepStrictEqual((await findRankProcesses([9876])).ambiguous, [{ rank: 9876, pids: [one, two].sort((a, b) => a - b) }]);
  });

  it("tells the job's rank processes from another job's: one started after the job's logs last changed is left out, one holding the job's files is chosen", async function () {
    this.timeout(20_000);
    const dir = tempDir();
    const log = path.join(dir, 'attempt_0', '3', 'stderr.log');
    fs.mkdirSync(path.dirname(log), { recursive: true });
    const start = (rank: string, stderrTo?: string) => {
      const err = stderrTo ? fs.openSync(stderrTo, 'a') : 'ignore';
      const p = spawn('python3', ['-c', 'import time\nprint("up", flush=True)\ntime.sleep(30)\n'], { env: { ...process.env, RANK: rank }, stdio: ['ignore', 'pipe', err], detached: true });
      if (typeof err === 'number') fs.closeSync(err);
      after(() => {
        try {
          process.kill(-p.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
      });
      return new Promise<number>((resolve) => p.stdout!.once('data', () => resolve(p.pid!)));
    };
    const theJobs = await start('9871', log);
    const another = await start('9871', path.join(tempDir(), 'stderr.log'));
    // Both name rank 9871: the one writing the job's stderr.log is its rank.
    const both = await findRankProcesses([9871], { paths: [dir], lastChangeMs: Date.now() });
    assert.deepStrictEqual(both, { found: [{ rank: 9871, pid: theJobs }], ambiguous: [], later: [] });
    // Without the job's files to tell them apart, it stays ambiguous.
    assert.deepStrictEqual((await findRankProcesses([9871], { paths: [], lastChangeMs: Date.now() })).ambiguous, [{ rank: 9871, pids: [theJobs, another].sort((a, b) => a - b) }]);
    // A job whose logs last changed a minute before these processes started: neither is its rank.
    const old = await findRankProcesses([9871], { paths: [dir], lastChangeMs: Date.now() - 60_000 });
    assert.deepStrictEqual(old.found, []);
    assert.deepStrictEqual(old.ambiguous, []);
    assert.deepStrictEqual(old.later.map((l) => l.pid), [theJobs, another].sort((a, b) => a - b));
    for (const l of old.later) assert.ok(Math.abs(l.startedMs - Date.now()) < 15_000, `started ${new Date(l.startedMs).toISOString()}`);
  });

  it('runs py-spy dump --pid N --json, and says why when py-spy cannot read the process', async () => {
    const dir = tempDir();
    const good = path.join(dir, 'py-spy');
    fs.writeFileSync(good, `#!/bin/sh\n[ "$1 $2 $4" = "dump --pid --json" ] || exit 9\ncat <<'EOF'\n${SAMPLE}\nEOF\n`, { mode: 0o755 });
    const dump = await dumpWithPySpy(good, { rank: 5, pid: 4242 });
    assert.ok('threads' in dump && dump.rank === 5 && dump.threads.length === 2, JSON.stringify(dump));
    const denied = path.join(dir, 'py-spy-denied');
    fs.writeFileSync(denied, '#!/bin/sh\necho "Error: Permission Denied: Try running again with elevated permissions" >&2\nexit 1\n', { mode: 0o755 });
    const why = await dumpWithPySpy(denied, { rank: 5, pid: 4242 });
    assert.ok('reason' in why && /^py-spy could not read process 4242: Error: Permission Denied.*ptrace_scope/.test(why.reason), JSON.stringify(why));
    assert.strictEqual(await findPySpy(path.join(dir, 'missing')), undefined);
    assert.strictEqual(await findPySpy(good), good);
  });
});
