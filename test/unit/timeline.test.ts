import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { indexFile } from '../../src/core/fileIndex';
import { diagnose, scanRankLog } from '../../src/core/diagnosis';
import { summarizeJob } from '../../src/core/jobSummary';
import { IndexSnapshot } from '../../src/core/indexModel';
import { ProgressLag } from '../../src/core/progress';
import { buildTimeline, laneSignature, MAX_POINTS, rankStacks, WaitedFor, waitedForRanks, waitingRanks } from '../../src/core/timeline';
import { sessionTailGap, slowStretches, stretchGap } from '../../src/core/sessionGaps';
import { momentLines } from '../../src/webview/timeline/words';
import { buildJobNode } from '../../src/core/workerTreeModel';
import { addBuckets, cumulative, histogram, LEVELS, POINT_SIZE, sumPoints, TimelineData } from '../../src/shared/timelineModel';
import { LogText, stamp, T0 } from '../support/logWriter';
import { rng } from '../support/random';
import { tempDir } from '../support/tempFiles';

const MIN = 60_000;

describe('timeline: the lanes of a job, from its indexes', () => {
  const dir = tempDir();
  const now = Date.now();

  async function index(rank: number, log: LogText, ageMs: number, options: { checkpointEveryBytes?: number } = {}): Promise<{ rank: number; index: IndexSnapshot }> {
    const file = path.join(dir, `worker_${rank}.log`);
    fs.writeFileSync(file, log.text());
    const snap = await indexFile(file, options);
    snap.mtimeMs = now - ageMs;
    return { rank, index: snap };
  }

  /** Rank 0 finished, 1 failed (the first failure), 2 stalled, 3 still running with two sessions. */
  async function job(progress?: (path: string) => ProgressLag | undefined, waitedFor?: (rank: number) => WaitedFor | undefined): Promise<TimelineData> {
    const r0 = new LogText(0);
    const r1 = new LogText(1);
    const r2 = new LogText(2);
    const r3 = new LogText(3);
    for (let i = 0; i < 20; i++) {
      const t = T0 + i * 1000;
      r0.record(t, 'INFO', `step=${i}`);
      r1.record(t + 10, i % 5 === 0 ? 'WARNING' : 'INFO', `step=${i}`);
      if (i < 8) r2.record(t + 20, 'INFO', `step=${i}`);
      r3.record(t + 30, 'DEBUG', `step=${i}`);
    }
    r0.record(T0 + 21_000, 'INFO', 'Worker 0 ended: exit code 0');
    r1.record(T0 + 20_500, 'ERROR', 'batch failed').traceback('RuntimeError: CUDA out of memory');
    r3.resume(T0 + 5 * MIN).record(T0 + 5 * MIN + 1000, 'INFO', 'step=20');
    const ranks = [await index(0, r0, 10 * MIN), await index(1, r1, 10 * MIN), await index(2, r2, 10 * MIN), await index(3, r3, 1000)];
    const node = buildJobNode({ dir, label: 'job', ranks }, { now });
    const byPath = new Map(ranks.map((r) => [r.index.path, r.index]));
    return buildTimeline({ job: node, checkpoints: (p) => byPath.get(p)!.checkpoints, progress, waitedFor });
  }

  it('gives each rank a lane in rank order, with its state and an accessible label naming it', async () => {
    const t = await job();
    assert.deepStrictEqual(t.lanes.map((l) => [l.rank, l.state]), [[0, 'finished'], [1, 'failed'], [2, 'stalled'], [3, 'running']]);
    assert.deepStrictEqual(t.lanes.map((l) => l.label), [
      'Rank 0: 1 session, finished at 10:00:21.000',
      'Rank 1: 1 session, failed at 10:00:20.500, first failure of the job',
      'Rank 2: 1 session, stalled, silent since 10:00:07.020',
      'Rank 3: 2 sessions, running, last record at 10:05:01.000',
    ]);
    assert.strictEqual(t.start, T0);
    assert.strictEqual(t.end, T0 + 5 * MIN + 1000);
  });

  it('draws sessions by how they ended, errors as marks with the first failure, a stalled rank\'s silence as a gap', async () => {
    const t = await job();
    assert.deepStrictEqual(t.lanes[3].sessions.map((s) => s.state), ['stopped', 'running']);
    assert.match(t.lanes[3].sessions[1].label, /^session 2 \(resumed 10:05:00\.000\), 2 records, running$/);
    assert.deepStrictEqual(t.lanes[1].sessions.map((s) => s.state), ['failed']);
    assert.deepStrictEqual(t.lanes[1].marks.map((m) => [m.kind, m.time, m.line, m.first]), [['error', T0 + 20_500, 20, true]]);
    assert.match(t.lanes[1].marks[0].text, /^ERROR 10:00:20\.500 batch failed \(RuntimeError: CUDA out of memory\)$/);
    assert.strictEqual(t.lanes[2].silentSince, T0 + 7020);
    assert.strictEqual(t.lanes[0].silentSince, undefined);
    assert.deepStrictEqual(t.attempts.map((a) => [a.index, a.start]), [[0, T0], [1, T0 + 5 * MIN]]);
  });

  it('a rank that timed out in a collective waited in it from its start to the timeout: its bar cut there, its label and tooltip naming the collective', async () => {
    const d = { ranks: [{ rank: 1, timedOut: { seq: 6, opType: 'ALLREDUCE', started: T0 + 12_000, time: T0 + 20_500 } }, { rank: 3, timedOut: { seq: 6, opType: 'ALLREDUCE' } }, { rank: 0 }] };
    const waiting = waitingRanks(d);
    // (Rank 3's timeout gives no time: nothing to draw.)
    assert.deepStrictEqual([...waiting], [[1, { since: T0 + 12_000, until: T0 + 20_500, why: 'ALLREDUCE #6' }]]);
    const t = await job(undefined, (rank) => waiting.get(rank));
    assert.deepStrictEqual([t.lanes[1].waitingSince, t.lanes[1].waitingUntil, t.lanes[1].waitingWhy], [T0 + 12_000, T0 + 20_500, 'ALLREDUCE #6']);
    assert.strictEqual(t.lanes[1].silentSince, undefined);
    assert.strictEqual(t.lanes[1].label, 'Rank 1: 1 session, failed at 10:00:20.500, waited in ALLREDUCE #6 from 10:00:12.000 until it timed out at 10:00:20.500, first failure of the job');
    assert.ok(momentLines(t.lanes[1], T0 + 15_000, -1).lines.includes('waiting in ALLREDUCE #6 from 10:00:12.000 until it timed out at 10:00:20.500'));
    assert.ok(!momentLines(t.lanes[1], T0 + 5_000, -1).lines.some((l) => l.startsWith('waiting')));
    assert.strictEqual(t.lanes[0].waitingSince, undefined);
  });

  it("the rank the others waited for (the diagnosis' straggler), over: silent from when they waited to its end, saying what it never did; a stalled rank keeps its own silence", async () => {
    const why = 'never entered ALLREDUCE #6; 3 ranks timed out waiting for it';
    const d = { stragglers: [{ rank: 0, reason: why }, { rank: 2, reason: why }], ranks: [{ rank: 1, timedOut: { seq: 6, opType: 'ALLREDUCE', started: T0 + 12_000 } }, { rank: 3, timedOut: { seq: 6, opType: 'ALLREDUCE', started: T0 + 11_000 } }, { rank: 0 }] };
    const waited = waitedForRanks(d);
    assert.deepStrictEqual([...waited], [[0, { since: T0 + 11_000, why }], [2, { since: T0 + 11_000, why }]]);
    // No collective's start known: no silence to draw.
    assert.strictEqual(waitedForRanks({ stragglers: d.stragglers, ranks: [{ rank: 1 }] }).size, 0);
    const t = await job(undefined, (rank) => waited.get(rank));
    assert.deepStrictEqual([t.lanes[0].silentSince, t.lanes[0].silentUntil, t.lanes[0].silentWhy], [T0 + 11_000, T0 + 21_000, why]);
    assert.strictEqual(t.lanes[0].label, `Rank 0: 1 session, finished at 10:00:21.000, waited for from 10:00:11.000: ${why}`);
    assert.deepStrictEqual([t.lanes[2].silentSince, t.lanes[2].silentUntil, t.lanes[2].silentWhy], [T0 + 7020, undefined, undefined]);
    assert.deepStrictEqual(momentLines(t.lanes[0], T0 + 15_000, -1).lines.slice(1, 3), ['session 1 (started 10:00:00.000), 21 records, finished', `waited for from 10:00:11.000: ${why}`]);
    assert.strictEqual(momentLines(t.lanes[0], T0 + 5_000, -1).lines.length, 3);
    // Its lane is sent again when the diagnosis names it.
    const node = { state: 'finished', sessions: [], path: 'p', rank: 0 } as unknown as Parameters<typeof laneSignature>[0];
    const jobNode = { ranks: [node], summary: { attempts: [] } } as unknown as Parameters<typeof laneSignature>[1];
    assert.notStrictEqual(laneSignature(node, jobNode, 1, undefined), laneSignature(node, jobNode, 1, undefined, waited.get(0)));
  });

  it("gloo's timeouts in tracebacks (no time of their own): each rank drawn waiting from its last record for the timeout's length, its failure where the wait ended; the rank they waited for silent until the last of them timed out", async () => {
    // torchrun --log_dir of torch 1.13 (CPU, gloo, an 8 s timeout), as its import writes it: ranks 0
    // and 1 log step 3, wait in all_reduce, and their tracebacks have no time; rank 2 loads a shard.
    const rec = (rank: number, ms: number, level: string, msg: string) => `${stamp(T0 + ms)} - Worker ${rank} - train - ${level} - ${msg}`;
    const timeout = (rank: number, op: string) => [`Worker ${rank} - stderr - ERROR - Uncaught exception`, 'Traceback (most recent call last):', '  File "/home/alice/train.py", line 13, in <module>', '    dist.all_reduce(t)', `RuntimeError: [./gloo/transport/tcp/unbound_buffer.cc:81] Timed out waiting 8000ms for ${op} operation to complete`];
    const logs = [
      [rec(0, 0, 'INFO', 'rank 0 of 3 up'), rec(0, 40, 'INFO', 'step=3 loss=0.333'), ...timeout(0, 'recv')],
      [rec(1, 10, 'INFO', 'rank 1 of 3 up'), rec(1, 52, 'INFO', 'step=3 loss=0.333'), ...timeout(1, 'send')],
      [rec(2, 5, 'INFO', 'rank 2 of 3 up'), rec(2, 45, 'INFO', 'step=3 loss=0.333'), rec(2, 45, 'INFO', 'loading shard 17 ...')],
    ];
    const glooDir = path.join(dir, 'gloo');
    fs.mkdirSync(glooDir, { recursive: true });
    logs.forEach((lines, rank) => fs.writeFileSync(path.join(glooDir, `worker_${rank}.log`), lines.join('\n') + '\n'));
    const ranks = await Promise.all(logs.map(async (_l, rank) => ({ rank, index: await indexFile(path.join(glooDir, `worker_${rank}.log`)) })));
    const scans = await Promise.all(logs.map((_l, rank) => scanRankLog(path.join(glooDir, `worker_${rank}.log`), rank)));
    const d = diagnose({ summary: summarizeJob(ranks, { now: now + 3_600_000 }), scans });
    assert.deepStrictEqual(d.stragglers.map((s) => s.rank), [2]);
    assert.deepStrictEqual(d.ranks.map((r) => r.glooWait), [
      { since: T0 + 40, until: T0 + 8040, op: 'gloo recv', approximate: true },
      { since: T0 + 52, until: T0 + 8052, op: 'gloo send', approximate: true },
      undefined,
    ]);
    const waited = new Map([...waitingRanks(d), ...waitedForRanks(d)]);
    assert.deepStrictEqual(waited.get(2), { since: T0 + 40, why: d.stragglers[0].reason, othersUntil: T0 + 8052 });
    const node = buildJobNode({ dir: glooDir, label: 'gloo', ranks }, { now: now + 3_600_000 });
    const byPath = new Map(ranks.map((r) => [r.index.path, r.index]));
    const t = buildTimeline({ job: node, checkpoints: (p) => byPath.get(p)!.checkpoints, waitedFor: (rank) => waited.get(rank) });
    // The job lasted until the last timeout, not 52 ms.
    assert.deepStrictEqual([t.start, t.end], [T0, T0 + 8052]);
    const [r0, r1, r2] = t.lanes;
    assert.deepStrictEqual([r0.waitingSince, r0.waitingUntil, r0.waitingWhy, r0.waitingApproximate], [T0 + 40, T0 + 8040, 'gloo recv', true]);
    assert.deepStrictEqual(r0.sessions.map((s) => [s.start, s.end, s.state]), [[T0, T0 + 8040, 'failed']]);
    assert.deepStrictEqual(r1.marks.map((m) => [m.kind, m.time, m.approximate]), [['error', T0 + 8052, true]]);
    assert.match(r1.marks[0].text, /^ERROR ~10:00:08\.052 Uncaught exception \(RuntimeError: .*Timed out waiting 8000ms for send/);
    assert.match(r0.label, /waited in gloo recv from ~10:00:00\.040 until it timed out at ~10:00:08\.040/);
    assert.ok(momentLines(r0, T0 + 4000, -1).lines.includes('waiting in gloo recv from ~10:00:00.040 until it timed out at ~10:00:08.040'));
    // Rank 2: silent from when the first waited until the last timed out (its launcher stopped it then).
    assert.deepStrictEqual([r2.silentSince, r2.silentUntil, r2.waitingSince], [T0 + 40, T0 + 8052, undefined]);
    assert.deepStrictEqual(r2.sessions.map((s) => s.end), [T0 + 45]);
    // Restarted 20 s later (attempt 2 ran through): the wait and the silence are attempt 1's; attempt 2's bars are whole.
    const restarted = path.join(dir, 'gloo-restart');
    fs.mkdirSync(restarted, { recursive: true });
    const resume = (rank: number) => [`${stamp(T0 + 20_000)} - Worker ${rank} - worker_logging - INFO - === Resume at ${new Date(T0 + 20_000).toISOString().slice(0, 23)}000 ===`, rec(rank, 20_500, 'INFO', 'step=1'), rec(rank, 21_000, 'INFO', 'done')];
    logs.forEach((lines, rank) => fs.writeFileSync(path.join(restarted, `worker_${rank}.log`), [...lines, ...resume(rank)].join('\n') + '\n'));
    const again = await Promise.all(logs.map(async (_l, rank) => ({ rank, index: await indexFile(path.join(restarted, `worker_${rank}.log`)) })));
    const d2 = diagnose({ summary: summarizeJob(again, { now: now + 3_600_000 }), scans: await Promise.all(logs.map((_l, rank) => scanRankLog(path.join(restarted, `worker_${rank}.log`), rank))) });
    const waited2 = new Map([...waitingRanks(d2), ...waitedForRanks(d2)]);
    const byPath2 = new Map(again.map((r) => [r.index.path, r.index]));
    const t2 = buildTimeline({ job: buildJobNode({ dir: restarted, label: 'gloo', ranks: again }, { now: now + 3_600_000 }), checkpoints: (p) => byPath2.get(p)!.checkpoints, waitedFor: (rank) => waited2.get(rank) });
    assert.deepStrictEqual(t2.lanes[0].sessions.map((s) => [s.start, s.end]), [[T0, T0 + 8040], [T0 + 20_000, T0 + 21_000]]);
    assert.deepStrictEqual(t2.lanes[0].marks.map((m) => m.time), [T0 + 8040]);
    assert.deepStrictEqual([t2.lanes[2].silentSince, t2.lanes[2].silentUntil], [T0 + 40, T0 + 8052]);
    assert.deepStrictEqual(t2.lanes[2].sessions.map((s) => [s.start, s.end]), [[T0 + 5, T0 + 45], [T0 + 20_000, T0 + 21_000]]);
    // A gloo timeout its rank logged with a time (a record of its own): the wait ends there.
    const timed = path.join(glooDir, 'timed.log');
    fs.writeFileSync(timed, [rec(0, 0, 'INFO', 'step=3'), rec(0, 9000, 'ERROR', 'all_reduce failed: Timed out waiting 8000ms for recv operation to complete')].join('\n') + '\n');
    const own = diagnose({ summary: summarizeJob([{ rank: 0, index: await indexFile(timed) }]), scans: [await scanRankLog(timed, 0)] });
    assert.deepStrictEqual(own.ranks[0].glooWait, { since: T0 + 1000, until: T0 + 9000, op: 'gloo recv', approximate: false });
    // A timeout of more than a week, or of 400 digits, is no wait to draw (nor a timeline of years).
    for (const ms of ['8'.repeat(400), String(8 * 24 * 3600_000)]) {
      fs.writeFileSync(timed, [rec(0, 0, 'INFO', 'step=3'), ...timeout(0, 'recv').map((l) => l.replace('8000ms', `${ms}ms`))].join('\n') + '\n');
      const odd = diagnose({ summary: summarizeJob([{ rank: 0, index: await indexFile(timed) }]), scans: [await scanRankLog(timed, 0)] });
      assert.strictEqual(odd.ranks[0].glooWait, undefined);
    }
  });

  it("torch 1.x's NCCL watchdog writes no time: its collective began at or after the last record before it and timed out the time it ran later (the headline says so, the lane waits so); a timed watchdog line's reading stands against its untimed echoes", async () => {
    const rec = (rank: number, ms: number, level: string, msg: string) => `${stamp(T0 + ms)} - Worker ${rank} - train - ${level} - ${msg}`;
    const watchdog = (rank: number, line: string) => `Worker ${rank} - ProcessGroupNCCL.cpp:821 - ERROR - [Rank ${rank}] Watchdog caught collective operation timeout: WorkNCCL(SeqNum=77, OpType=ALLREDUCE, Timeout(ms)=1800000) ran for 1800283 milliseconds before timing out.${line}`;
    const ncclDir = path.join(dir, 'nccl-1x');
    fs.mkdirSync(ncclDir, { recursive: true });
    const logs = [
      [rec(0, 0, 'INFO', 'step=1'), rec(0, 60_000, 'INFO', 'step=2'), watchdog(0, ''), 'Worker 0 - ProcessGroupNCCL.cpp:461 - ERROR - To avoid data inconsistency, we are taking the entire process down.'],
      // Rank 1's watchdog line has its time (torch 2): its traceback's echo of it, without one, changes nothing.
      [rec(1, 0, 'INFO', 'step=1'), rec(1, 60_000, 'INFO', 'step=2'), `${stamp(T0 + 60_000 + 1_800_283)} - ${watchdog(1, '')}`, 'Worker 1 - stderr - ERROR - Uncaught exception', 'Traceback (most recent call last):', `torch.distributed.DistBackendError: ${watchdog(1, '').replace(/^.* - ERROR - /, '')}`],
      [rec(2, 0, 'INFO', 'step=1'), rec(2, 30_000, 'INFO', 'loading shard 3')],
    ];
    logs.forEach((lines, rank) => fs.writeFileSync(path.join(ncclDir, `worker_${rank}.log`), lines.join('\n') + '\n'));
    const ranks = await Promise.all(logs.map(async (_l, rank) => ({ rank, index: await indexFile(path.join(ncclDir, `worker_${rank}.log`)) })));
    const d = diagnose({ summary: summarizeJob(ranks, { now: now + 3_600_000 }), scans: await Promise.all(logs.map((_l, rank) => scanRankLog(path.join(ncclDir, `worker_${rank}.log`), rank))) });
    assert.deepStrictEqual(d.ranks.map((r) => (r.timedOut ? [r.timedOut.started, r.timedOut.time, r.timedOut.approximate] : undefined)), [
      [T0 + 60_000, T0 + 60_000 + 1_800_283, true],
      [T0 + 60_000, T0 + 60_000 + 1_800_283, undefined],
      undefined,
    ]);
    // Not 30 minutes before the job began.
    assert.match(d.headline, /^Hang: rank 2 never entered ALLREDUCE #77; 2 ranks timed out waiting for it \(started at or after \d{4}-\d\d-\d\d 10:01:00\.000\)$/);
    const waited = new Map([...waitingRanks(d), ...waitedForRanks(d)]);
    const byPath = new Map(ranks.map((r) => [r.index.path, r.index]));
    const t = buildTimeline({ job: buildJobNode({ dir: ncclDir, label: 'nccl', ranks }, { now: now + 3_600_000 }), checkpoints: (p) => byPath.get(p)!.checkpoints, waitedFor: (rank) => waited.get(rank) });
    assert.deepStrictEqual([t.lanes[0].waitingSince, t.lanes[0].waitingUntil, t.lanes[0].waitingApproximate], [T0 + 60_000, T0 + 60_000 + 1_800_283, true]);
    assert.deepStrictEqual(t.lanes[0].sessions.map((s) => s.end), [T0 + 60_000 + 1_800_283]);
    // Both of its errors, dated by the last record before the wait, are where it ended.
    assert.deepStrictEqual(t.lanes[0].marks.map((m) => m.time), [T0 + 60_000 + 1_800_283, T0 + 60_000 + 1_800_283]);
    assert.strictEqual(t.end, T0 + 60_000 + 1_800_283);
  });

  it("a stack dump's mark says where the rank was, as the diagnosis groups the latest dumps (the odd one apart); an earlier dump's says only when", async () => {
    const rec = (rank: number, ms: number, msg: string) => `${stamp(T0 + ms)} - Worker ${rank} - __main__ - INFO - ${msg}`;
    const frames = (rank: number) =>
      rank === 2
        ? ['  File "/home/alice/llm/data.py", line 17 in load_batch', '  File "/home/alice/llm/train.py", line 75 in main']
        : ['  File "/usr/lib/python3/dist-packages/torch/distributed/distributed_c10d.py", line 2288 in all_reduce', '  File "/home/alice/llm/train.py", line 42 in train_step', '  File "/home/alice/llm/train.py", line 80 in main'];
    const dump = (rank: number) => ['Current thread 0x00007f3e5a1c7740 (most recent call first):', ...frames(rank), ''];
    const stacksDir = path.join(dir, 'stacks');
    fs.mkdirSync(stacksDir, { recursive: true });
    for (const rank of [0, 1, 2]) fs.writeFileSync(path.join(stacksDir, `worker_${rank}.log`), [rec(rank, 0, 'step 1'), ...dump(rank), rec(rank, 60_000, 'still here'), ...dump(rank)].join('\n') + '\n');
    const ranks = await Promise.all([0, 1, 2].map(async (rank) => ({ rank, index: await indexFile(path.join(stacksDir, `worker_${rank}.log`)) })));
    const d = diagnose({ summary: summarizeJob(ranks, { now: now + 3_600_000 }), scans: await Promise.all([0, 1, 2].map((rank) => scanRankLog(path.join(stacksDir, `worker_${rank}.log`), rank))) });
    const stacks = rankStacks(d);
    assert.deepStrictEqual([...stacks.keys()].sort(), [0, 1, 2]);
    const byPath = new Map(ranks.map((r) => [r.index.path, r.index]));
    const t = buildTimeline({ job: buildJobNode({ dir: stacksDir, label: 'stacks', ranks }, { now: now + 3_600_000 }), checkpoints: (p) => byPath.get(p)!.checkpoints, stackOf: (rank) => stacks.get(rank) });
    assert.deepStrictEqual(t.lanes[2].marks.map((m) => m.text), ['Stack dump ~10:00:00.000', 'Stack dump ~10:01:00.000 in load_batch (data.py:17) <- main (train.py:75) (apart from most ranks)']);
    assert.strictEqual(t.lanes[0].marks[1].text, 'Stack dump ~10:01:00.000 in all_reduce <- train_step (train.py:42) <- main (train.py:80)');
    // The lane says it too (as the screen reader reads it), and so does its silence when hovered.
    assert.match(t.lanes[2].label, /, its last stack dump in load_batch \(data\.py:17\) <- main \(train\.py:75\) \(apart from most ranks\)$/);
    const quiet = { ...t.lanes[2], state: 'running' as const, silentSince: T0 + 60_000 };
    assert.ok(momentLines(quiet, T0 + 90_000, -1).lines.includes('its last stack dump in load_batch (data.py:17) <- main (train.py:75) (apart from most ranks)'));
    assert.ok(!momentLines(quiet, T0 + 30_000, -1).lines.some((l) => l.startsWith('its last stack')));
    // Its lane is built again when the diagnosis reads a dump.
    const node = buildJobNode({ dir: stacksDir, label: 'stacks', ranks }, { now: now + 3_600_000 });
    assert.notStrictEqual(laneSignature(node.ranks[2], node, 1, undefined), laneSignature(node.ranks[2], node, 1, undefined, undefined, stacks.get(2)));
  });

  it("a rank silent for ten minutes before its watchdog's timeout: no record drawn in that silence once its session's end is read, where its edges alone spread them over it", async () => {
    // 45 steps two seconds apart, then a collective hangs; ten minutes later the timeout and its traceback.
    const log = new LogText(0);
    for (let i = 0; i < 45; i++) log.record(T0 + i * 2000, 'INFO', `step ${i} loss 2.1`);
    const hangFrom = T0 + 44 * 2000;
    const hangTo = hangFrom + 10 * MIN;
    log.record(hangTo, 'ERROR', '[Rank 0] Watchdog caught collective operation timeout: WorkNCCL(SeqNum=4131, OpType=ALLREDUCE) ran for 600017 milliseconds before timing out.');
    log.record(hangTo + 5, 'WARNING', 'terminating');
    log.record(hangTo + 9, 'CRITICAL', 'process group aborted').traceback('torch.distributed.DistBackendError: NCCL timeout');
    const r = await index(0, log, 20 * MIN);
    const node = buildJobNode({ dir, label: 'job', ranks: [r] }, { now });
    const session = r.index.sessions[0];
    const gap = await sessionTailGap(r.index.path, session, r.index.checkpoints);
    assert.deepStrictEqual(gap, { from: hangFrom, to: hangTo, after: [0, 0, 1, 2] });
    // Read from its last bytes only, the same gap.
    assert.deepStrictEqual(await sessionTailGap(r.index.path, session, r.index.checkpoints, 1024), gap);
    const recordsIn = (t: TimelineData, a: number, b: number): number => histogram(t.lanes, undefined, a, b, 1).reduce((x, y) => x + y, 0);
    const smeared = buildTimeline({ job: node, checkpoints: () => r.index.checkpoints });
    const read = buildTimeline({ job: node, checkpoints: () => r.index.checkpoints, gaps: () => ({ ends: new Map([[session.index, gap!]]), stretches: new Map() }) });
    // The middle of the silence: records drawn there before, none now; every record still drawn once.
    assert.ok(recordsIn(smeared, hangFrom + MIN, hangTo - MIN) > 30, 'the edges alone spread the steps over the hang');
    assert.strictEqual(recordsIn(read, hangFrom + MIN, hangTo - MIN), 0);
    assert.strictEqual(Math.round(recordsIn(read, T0, hangTo + 10)), 48);
    assert.strictEqual(Math.round(recordsIn(read, hangTo - 1, hangTo + 10)), 3);
    // A file gone: no gap.
    assert.strictEqual(await sessionTailGap(path.join(dir, 'gone.log'), session, []), undefined);
  });

  it("a rank that paused ten minutes in the middle of its log (a slow read; it went on after): the stretch between two checkpoints that spans it is found slow and read, and no record is drawn in the pause", async () => {
    // 3,000 steps a second apart, a warning at the pause, ten minutes of nothing after step 1,500.
    const log = new LogText(0);
    const timeOf = (i: number): number => T0 + i * 1000 + (i > 1500 ? 10 * MIN : 0);
    for (let i = 0; i <= 3000; i++) log.record(timeOf(i), i === 1500 ? 'WARNING' : 'INFO', `step ${i} loss 2.${i % 97}`);
    const r = await index(0, log, 20 * MIN, { checkpointEveryBytes: 8 * 1024 });
    const cps = r.index.checkpoints;
    assert.ok(cps.length > 20, `${cps.length} checkpoints`);
    const slow = slowStretches(r.index.sessions, cps, 30_000);
    assert.strictEqual(slow.length, 1);
    const [from, to] = slow[0];
    assert.ok(from.time <= timeOf(1500) && to.time >= timeOf(1501), 'the slow stretch holds the pause');
    const gap = await stretchGap(r.index.path, from, to);
    assert.deepStrictEqual([gap?.from, gap?.to], [timeOf(1500), timeOf(1501)]);
    // (Records from the first after it to the next checkpoint's, its own counted too.)
    assert.strictEqual(gap!.after.reduce((a, b) => a + b, 0), to.line - r.index.sessions[0].startLine - 1500);
    const node = buildJobNode({ dir, label: 'job', ranks: [r] }, { now });
    const recordsIn = (t: TimelineData, a: number, b: number): number => histogram(t.lanes, undefined, a, b, 1).reduce((x, y) => x + y, 0);
    const smeared = buildTimeline({ job: node, checkpoints: () => cps });
    const read = buildTimeline({ job: node, checkpoints: () => cps, gaps: () => ({ ends: new Map(), stretches: new Map([[from.offset, gap!]]) }) });
    assert.ok(recordsIn(smeared, timeOf(1500) + MIN, timeOf(1501) - MIN) > 10, 'the checkpoints alone spread the steps over the pause');
    assert.strictEqual(recordsIn(read, timeOf(1500) + MIN, timeOf(1501) - MIN), 0);
    // Every record drawn once, the warning before the pause.
    assert.strictEqual(Math.round(recordsIn(read, T0, timeOf(3000) + 1)), 3001);
    const warnings = histogram(read.lanes, undefined, T0, timeOf(1500) + 1, 1)[2];
    assert.strictEqual(Math.round(warnings), 1);
    // A job that logs evenly has no slow stretch; nor has one of two stretches.
    const even = new LogText(0);
    for (let i = 0; i <= 3000; i++) even.record(T0 + i * 1000, 'INFO', `step ${i} loss 2.${i % 97}`);
    const e = await index(0, even, 20 * MIN, { checkpointEveryBytes: 8 * 1024 });
    assert.deepStrictEqual(slowStretches(e.index.sessions, e.index.checkpoints, 30_000), []);
    assert.deepStrictEqual(slowStretches(r.index.sessions, cps.slice(0, 2), 30_000), []);
  });

  it('the histogram over the whole span holds every record once, by level', async () => {
    const t = await job();
    const h = histogram(t.lanes, undefined, t.start!, t.end!, 50);
    const totals = LEVELS.map((_, l) => Math.round(h.filter((_, i) => i % LEVELS.length === l).reduce((a, b) => a + b, 0)));
    // debug: rank 3's 20; info: 20 + 1 + 16 + 8 + 2 (rank 3's resume and step) ; warning: 4; error: 1.
    assert.deepStrictEqual(totals, [20, 47, 4, 1]);
    // Only rank 1: its warnings and its error.
    const only1 = histogram(t.lanes, new Set([1]), t.start!, t.end!, 7);
    assert.strictEqual(Math.round(only1.filter((_, i) => i % 4 === 2).reduce((a, b) => a + b, 0)), 4);
    // Nothing is counted in the five minutes rank 3 was down between its sessions.
    const lane3 = t.lanes[3].points;
    const at = (time: number): number[] => {
      const out = new Float64Array(4);
      cumulative(lane3, time, out);
      return [...out];
    };
    assert.deepStrictEqual(at(T0 + 2 * MIN), at(T0 + 4 * MIN));
    assert.deepStrictEqual(at(T0 - 1), [0, 0, 0, 0]);
    assert.deepStrictEqual(at(T0 + 99 * MIN), [20, 2, 0, 0]);
  });

  it("the job's summed points give the same histogram as its lanes, at any bucket count and range", async () => {
    const t = await job();
    const sum = [{ points: sumPoints(t.lanes) }];
    for (const [a, b, n] of [[t.start!, t.end!, 50], [T0 + 3000, T0 + 19_500, 17], [T0 - MIN, T0 + 10 * MIN, 300], [T0 + 2 * MIN, T0 + 4 * MIN, 5]]) {
      const want = histogram(t.lanes, undefined, a, b, n);
      const got = histogram(sum as never, undefined, a, b, n);
      for (let i = 0; i < want.length; i++) assert.ok(Math.abs(want[i] - got[i]) < 1e-6, `[${a}, ${b}] / ${n}, cell ${i}: ${got[i]} != ${want[i]}`);
    }
  });

  it('summed points agree with the lanes on random lanes with steps and shared times (200 seeds)', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const rand = rng(seed);
      const lanes = Array.from({ length: 1 + Math.floor(rand() * 6) }, () => {
        const points: number[] = [];
        let t = Math.floor(rand() * 20);
        const c = [0, 0, 0, 0];
        for (let k = Math.floor(rand() * 8); k >= 0; k--) {
          points.push(t, ...c);
          t += rand() < 0.3 ? 0 : Math.floor(rand() * 30);
          for (let l = 0; l < 4; l++) c[l] += Math.floor(rand() * 5);
        }
        return { points };
      });
      const sum = [{ points: sumPoints(lanes) }];
      for (const n of [1, 7, 40]) {
        const want = histogram(lanes as never, undefined, 0, 300, n);
        const got = histogram(sum as never, undefined, 0, 300, n);
        for (let i = 0; i < want.length; i++) assert.ok(Math.abs(want[i] - got[i]) < 1e-6, `seed ${seed}, ${n} buckets, cell ${i}: ${got[i]} != ${want[i]}`);
      }
    }
  });

  it('carries each rank\'s progress, flagged when it lags', async () => {
    const t = await job((p) => (p.endsWith('worker_2.log') ? { rank: 2, step: 7, line: 7, behind: 12, lagging: true } : { rank: 0, step: 19, line: 19, behind: 0, lagging: false }));
    assert.strictEqual(t.lanes[2].progress, 'step 7, 12 behind');
    assert.strictEqual(t.lanes[2].lagging, true);
    assert.match(t.lanes[2].label, /, step 7, 12 behind$/);
    assert.strictEqual(t.lanes[0].progress, 'step 19');
  });

  it('thins the points of a long log, keeping its totals and session edges', async () => {
    const log = new LogText(5);
    for (let i = 0; i < 40_000; i++) log.record(T0 + i * 100, i % 10 === 0 ? 'WARNING' : 'INFO', `step=${i} loss=0.25 some text to fill the line`);
    const r = await index(5, log, 10 * MIN, { checkpointEveryBytes: 2000 });
    assert.ok(r.index.checkpoints.length > MAX_POINTS, `${r.index.checkpoints.length} checkpoints`);
    const node = buildJobNode({ dir, label: 'long', ranks: [r] }, { now });
    const t = buildTimeline({ job: node, checkpoints: () => r.index.checkpoints });
    const points = t.lanes[0].points;
    assert.ok(points.length / POINT_SIZE <= MAX_POINTS + 2, `${points.length / POINT_SIZE} points`);
    const h = histogram(t.lanes, undefined, t.start!, t.end!, 100);
    assert.strictEqual(Math.round(h.filter((_, i) => i % 4 === 2).reduce((a, b) => a + b, 0)), 4000);
    // Evenly written, evenly counted: every bucket holds about a hundredth of the records.
    for (let b = 0; b < 100; b++) {
      const n = h[b * 4 + 1] + h[b * 4 + 2];
      assert.ok(Math.abs(n - 400) < 40, `bucket ${b}: ${n}`);
    }
  });

  it('keeps terminal colour codes and control characters of log text out of a mark', async () => {
    const log = new LogText(8).record(T0, 'INFO', 'start').record(T0 + 1000, 'ERROR', '\x1b[31mboom\x1b[0m <b>bold</b>\x07');
    const r = await index(8, log, 10 * MIN);
    const node = buildJobNode({ dir, label: 'ansi', ranks: [r] }, { now });
    const t = buildTimeline({ job: node, checkpoints: () => r.index.checkpoints });
    assert.strictEqual(t.lanes[0].marks[0].text, 'ERROR 10:00:01.000 boom <b>bold</b>');
  });

  it("a rank stopped with Ctrl+C is a stopped lane, its KeyboardInterrupt a stack's mark, not a failure", async () => {
    const r0 = new LogText(0).record(T0, 'INFO', 'step=0').record(T0 + 1000, 'ERROR', 'Uncaught exception').traceback('RuntimeError: boom');
    const r1 = new LogText(1).record(T0, 'INFO', 'step=0').record(T0 + 2000, 'ERROR', 'Uncaught exception').traceback('KeyboardInterrupt');
    const ranks = [await index(0, r0, 10 * MIN), await index(1, r1, 10 * MIN)];
    const node = buildJobNode({ dir, label: 'interrupted', ranks }, { now });
    const t = buildTimeline({ job: node, checkpoints: (p) => ranks.find((r) => r.index.path === p)!.index.checkpoints });
    assert.deepStrictEqual(t.lanes.map((l) => [l.state, l.sessions.map((s) => s.state)]), [['failed', ['failed']], ['finished', ['stopped']]]);
    assert.match(t.lanes[1].label, /^Rank 1: 1 session, stopped at 10:00:02\.000$/);
    assert.deepStrictEqual(t.lanes.map((l) => l.marks.map((m) => [m.kind, m.text, m.first])), [
      [['error', 'ERROR 10:00:01.000 Uncaught exception (RuntimeError: boom)', true]],
      [['dump', 'KeyboardInterrupt 10:00:02.000: stopped here', false]],
    ]);
  });

  it("a rank alive but quiet is a running lane silent since its last record; its lane is sent again when it turns quiet, or when a finished rank's ending turns unknown", async () => {
    const r0 = new LogText(0).record(T0, 'INFO', 'step=0').record(T0 + 7020, 'INFO', 'entering all_reduce');
    const r1 = new LogText(1).record(T0, 'INFO', 'step=0');
    const ranks = [await index(0, r0, 10 * MIN), await index(1, r1, 10 * MIN)];
    const build = (alive: boolean) => buildJobNode({ dir, label: 'quiet', ranks: [{ ...ranks[0], ...(alive ? { writing: true } : {}) }, ranks[1]] }, { now });
    const quiet = build(true);
    const t = buildTimeline({ job: quiet, checkpoints: (p) => ranks.find((r) => r.index.path === p)!.index.checkpoints });
    assert.deepStrictEqual([t.lanes[0].state, t.lanes[0].silentSince], ['running', T0 + 7020]);
    assert.strictEqual(t.lanes[0].label, 'Rank 0: 1 session, running, quiet since 10:00:07.020 (alive, writing nothing)');
    assert.deepStrictEqual(momentLines(t.lanes[0], T0 + 60_000, -1).lines[1], 'silent since 10:00:07.020 alive, writing nothing (quiet: hung, or a long step)');
    // Rank 1's log just ends beside a rank that runs: ended, exit not recorded.
    assert.strictEqual(t.lanes[1].label, 'Rank 1: 1 session, ended, exit not recorded at 10:00:00.000');
    const ended = build(false);
    const sig = (job: typeof quiet, rank: number) => laneSignature(job.ranks[rank], job, 1, undefined);
    assert.notStrictEqual(sig(quiet, 0), sig(ended, 0), 'quiet and running, then finished');
    assert.notStrictEqual(sig(quiet, 1), sig(ended, 1), 'ending unknown, then finished');
    assert.strictEqual(sig(quiet, 1), sig(build(true), 1));
  });

  it('a rank without timestamps has a lane that says so, and no place on the axis', async () => {
    const log = new LogText(0, false).record(0, 'INFO', 'hello').record(0, 'ERROR', 'bad');
    const r = await index(7, log, 10 * MIN);
    const node = buildJobNode({ dir, label: 'untimed', ranks: [{ rank: 7, index: r.index }] }, { now });
    const t = buildTimeline({ job: node, checkpoints: () => r.index.checkpoints });
    assert.deepStrictEqual(t.untimed, [7]);
    assert.strictEqual(t.start, undefined);
    assert.match(t.lanes[0].label, /^Rank 7: 1 session, failed.*, no timestamps$/);
  });

  it('a session that printed before its first time is drawn from its attempt\'s start, not from that time', async () => {
    const r0 = new LogText(0).record(T0, 'INFO', 'step=0').record(T0 + 9 * MIN, 'INFO', 'step=7');
    // Another launcher's rank: prints, then (the import's mark) a time near the attempt's end, then its traceback.
    const r1 = new LogText(1, false).record(0, 'INFO', 'hello');
    r1.raw(new LogText(1).record(T0 + 9 * MIN, 'INFO', "rank 1's traceback comes at or after this time", 'launcher').text().trimEnd());
    r1.record(0, 'ERROR', 'Uncaught exception').traceback('RuntimeError: boom');
    const ranks = [await index(0, r0, 10 * MIN), await index(1, r1, 10 * MIN)];
    const node = buildJobNode({ dir, label: 'printed', ranks }, { now });
    const t = buildTimeline({ job: node, checkpoints: (p) => ranks.find((r) => r.index.path === p)!.index.checkpoints });
    assert.deepStrictEqual(t.lanes.map((l) => l.sessions.map((s) => [s.start, s.end])), [[[T0, T0 + 9 * MIN]], [[T0, T0 + 9 * MIN]]]);
    assert.deepStrictEqual(t.attempts.map((a) => [a.start, a.end]), [[T0, T0 + 9 * MIN]]);
  });

  it('buckets add up whatever their number, and an empty or reversed range adds nothing', () => {
    const points = [0, 0, 10, 0, 0, 100, 0, 20, 0, 0];
    for (const count of [1, 3, 10, 97]) {
      const out = new Float64Array(count * 4);
      addBuckets(points, 0, 100, count, out);
      assert.ok(Math.abs(out.reduce((a, b) => a + b, 0) - 10) < 1e-9, `${count} buckets`);
    }
    const out = new Float64Array(8);
    addBuckets(points, 50, 50, 2, out);
    addBuckets(points, 60, 10, 2, out);
    addBuckets([], 0, 100, 2, out);
    assert.deepStrictEqual([...out], [0, 0, 0, 0, 0, 0, 0, 0]);
  });
});
