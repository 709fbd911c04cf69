import * as assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { indexFile } from '../../src/core/fileIndex';
import { IndexSnapshot } from '../../src/core/indexModel';
import { JobSummary, RankInput, summarizeJob } from '../../src/core/jobSummary';
import { compareRankFiles, discoverRanks, rankOfFileName } from '../../src/core/rankDiscovery';
import { endingMessage, endingOf } from '../../src/core/rankEnding';
import { formatJobSummary } from '../../src/core/summaryTable';
import { formatClockMs } from '../../src/core/timestamps';
import { buildTimeline } from '../../src/core/timeline';
import { appendEndingRecord } from '../../src/launch/endingRecord';
import { buildJobNode } from '../../src/core/workerTreeModel';
import { LogText, T0 } from '../support/logWriter';
import { agedFixtureJobs, tempDir } from '../support/tempFiles';


async function job(dir: string): Promise<RankInput[]> {
  const files = await discoverRanks(dir);
  return Promise.all(files.map(async (f) => ({ rank: f.rank, index: await indexFile(f.path) })));
}

describe('rank discovery', () => {
  it('knows rank file names and sorts numerically', async () => {
    assert.strictEqual(rankOfFileName('worker_12.log'), 12);
    assert.strictEqual(rankOfFileName('worker_x.log'), undefined);
    assert.strictEqual(rankOfFileName('worker_1.log.1'), undefined);
    const dir = tempDir();
    for (const r of [10, 2, 1, 0]) fs.writeFileSync(path.join(dir, `worker_${r}.log`), '');
    fs.writeFileSync(path.join(dir, 'other.log'), '');
    assert.deepStrictEqual((await discoverRanks(dir)).map((f) => f.rank), [0, 1, 2, 10]);
    assert.deepStrictEqual(await discoverRanks(path.join(dir, 'missing')), []);
    assert.ok(compareRankFiles({ rank: 2, path: 'b' }, { rank: 10, path: 'a' }) < 0);
  });
});

describe('job summary: attempts and the first failure', () => {
  const FIXTURES = agedFixtureJobs();
  it('names rank 2 (CUDA OOM) as the first failure of the resumed fixture job, though peers failed too', async () => {
    const s = summarizeJob(await job(path.join(FIXTURES, 'resumed')), { now: Date.now() });
    assert.deepStrictEqual(s.ranks.map((r) => r.rank), [0, 1, 2, 3]);
    assert.strictEqual(s.attempts.length, 2);
    assert.deepStrictEqual(s.attempts.map((a) => a.members.length), [4, 4]);
    assert.strictEqual(s.attempts[0].firstFailure?.rank, 2);
    assert.strictEqual(s.attempts[1].firstFailure, undefined);
    assert.strictEqual(s.firstFailure?.rank, 2);
    assert.strictEqual(s.firstFailure?.session, 0);
    assert.strictEqual(s.firstFailure?.attempt, 0);
    assert.match(s.firstFailure?.record.exception ?? '', /^torch\.cuda\.OutOfMemoryError: CUDA out of memory/);
    assert.strictEqual(s.approximateOrder, false);
    assert.deepStrictEqual(s.ranks.map((r) => r.state), ['finished', 'finished', 'finished', 'finished']);
    assert.deepStrictEqual(s.ranks.map((r) => [r.sessions, r.errors]), [[2, 2], [2, 2], [2, 1], [2, 2]]);
    assert.strictEqual(s.failedRanks, 0);
  });

  it('a job of 150,000 ranks is summarized and laid out as a table (its widths, its latest times found without passing every rank as an argument: past ~100,000 that overflowed the stack)', async () => {
    const [healthy, crashed] = await job(path.join(FIXTURES, 'crashed'));
    const inputs = Array.from({ length: 150_000 }, (_, rank) => ({ rank, index: rank === 123_456 ? crashed.index : healthy.index }));
    const s = summarizeJob(inputs, { now: Date.now() });
    assert.deepStrictEqual([s.ranks.length, s.failedRanks, s.firstFailure?.rank], [150_000, 1, 123_456]);
    // Each rank's row as in the job of these two ranks.
    const rowOf = (text: string, rank: number) => text.split('\n').find((l) => l.startsWith(`${rank} `))?.split(/ +/).slice(1).join(' ');
    const two = formatJobSummary('two', summarizeJob([healthy, crashed], { now: Date.now() }));
    const text = formatJobSummary('big', s);
    assert.strictEqual(rowOf(text, 149_999), rowOf(two, 0));
    assert.strictEqual(rowOf(text, 123_456), rowOf(two, 1)?.replace('rank 1', 'rank 123456'));
  });

  it('shows a rank that crashed in its last session as failed', async () => {
    const s = summarizeJob(await job(path.join(FIXTURES, 'crashed')));
    assert.deepStrictEqual(s.ranks.map((r) => r.state), ['finished', 'failed']);
    assert.strictEqual(s.firstFailure?.rank, 1);
    assert.strictEqual(s.firstFailure?.session, 1);
    assert.strictEqual(s.firstFailure?.record.exception, "KeyError: 'shard_0007'");
    assert.strictEqual(s.failedRanks, 1);
  });

  function snap(rank: number, text: string, mtimeMs: number): Promise<IndexSnapshot> {
    const dir = tempDir();
    const file = path.join(dir, `worker_${rank}.log`);
    fs.writeFileSync(file, text);
    fs.utimesSync(file, mtimeMs / 1000, mtimeMs / 1000);
    return indexFile(file);
  }

  /** The first failure's rank of two ranks' logs written a day ago. */
  async function firstOfTwo(zero: string, one: string): Promise<number | undefined> {
    const day = Date.now() - 86_400_000;
    return summarizeJob([
      { rank: 0, index: await snap(0, zero, day) },
      { rank: 1, index: await snap(1, one, day) },
    ]).firstFailure?.rank;
  }

  it("of two ranks whose untimed tracebacks end their logs in the same millisecond, the one whose file was written first failed first; file times of copied logs tell nothing", async () => {
    // Ranks in step: rank 1 raises, rank 0's next collective fails of it; both tracebacks are
    // placed at their last record's time (step 2, the same millisecond).
    const log = (rank: number, exception: string) => `${new LogText(rank).record(T0, 'INFO', 'step 2').text()}Worker ${rank} - output - ERROR - Uncaught exception\nTraceback (most recent call last):\n  File "t.py", line 9, in <module>\n${exception}\n`;
    const epochOf = (naive: number) => naive + new Date(naive).getTimezoneOffset() * 60_000;
    const first = async (written0: number, written1: number) => {
      const s = summarizeJob([
        { rank: 0, index: await snap(0, log(0, 'RuntimeError: loss is nan'), epochOf(written0)) },
        { rank: 1, index: await snap(1, log(1, 'RuntimeError: boom on rank 1'), epochOf(written1)) },
      ]);
      return [s.firstFailure?.rank, s.firstFailure?.approximate];
    };
    assert.deepStrictEqual(await first(T0 + 140, T0 + 2), [1, true]);
    // The file time may read a few ms before the record written last (a coarse clock).
    assert.deepStrictEqual(await first(T0 + 140, T0 - 1), [1, true]);
    assert.deepStrictEqual(await first(T0 + 2, T0 + 140), [0, true]);
    // Copied (or checked out) an hour later, or the same time: by rank.
    assert.deepStrictEqual(await first(T0 + 3600_140, T0 + 3600_002), [0, true]);
    assert.deepStrictEqual(await first(T0 + 5, T0 + 5), [0, true]);
  });

  it("a rank whose untimed traceback says it lost its peer (gloo's Connection closed by peer) failed of another's failure up to a minute after it, whatever their files' order; not of one later, nor a timed record", async () => {
    const untimed = (rank: number, at: number, exception: string) => `${new LogText(rank).record(T0 - 1000, 'INFO', 'step 1').record(at, 'INFO', 'step 2').text()}Worker ${rank} - output - ERROR - Uncaught exception\nTraceback (most recent call last):\n  File "t.py", line 9, in <module>\n${exception}\n`;
    const lost = 'RuntimeError: [./gloo/transport/tcp/pair.cc:598] Connection closed by peer [127.0.0.1]:37290';
    // Placed at the same time, and rank 0's placed a little before rank 1's (it waited in the collective rank 1 then left).
    assert.strictEqual(await firstOfTwo(untimed(0, T0, lost), untimed(1, T0, 'RuntimeError: bad batch')), 1);
    assert.strictEqual(await firstOfTwo(untimed(0, T0, lost), untimed(1, T0 + 30_000, 'RuntimeError: bad batch')), 1);
    // A failure long after is another's.
    assert.strictEqual(await firstOfTwo(untimed(0, T0, lost), untimed(1, T0 + 120_000, 'RuntimeError: bad batch')), 0);
    // Both lost their peer: by time, then rank.
    assert.strictEqual(await firstOfTwo(untimed(0, T0, lost), untimed(1, T0, lost)), 0);
    // A timed record is when it says.
    const timed = new LogText(0).record(T0 - 1000, 'INFO', 'step 1').record(T0, 'ERROR', 'Connection closed by peer').text();
    assert.strictEqual(await firstOfTwo(timed, untimed(1, T0 + 1000, 'RuntimeError: bad batch')), 0);
  });

  it("two timed errors of the same time (a format of whole seconds), one a lost peer or a timed-out wait: the other is the first failure, whichever rank is lower; at different times, or both of one kind, by time then rank", async () => {
    const ending = (rank: number, at: number, message: string) => new LogText(rank).record(T0 - 1000, 'INFO', 'step 1').record(at, 'ERROR', message).text();
    const lost = 'RuntimeError: [./gloo/transport/tcp/pair.cc:598] Connection closed by peer [127.0.0.1]:37290';
    const nan = 'FloatingPointError: Loss became infinite or NaN at iteration=45!';
    assert.strictEqual(await firstOfTwo(ending(0, T0, lost), ending(1, T0, nan)), 1);
    assert.strictEqual(await firstOfTwo(ending(0, T0, 'Watchdog caught collective operation timeout: WorkNCCL(SeqNum=9, OpType=ALLREDUCE) ran for 600000 milliseconds before timing out.'), ending(1, T0, nan)), 1);
    assert.strictEqual(await firstOfTwo(ending(0, T0, nan), ending(1, T0, lost)), 0);
    // Both their own, or both lost: the lower rank; a second apart: the earlier, whatever it says.
    assert.strictEqual(await firstOfTwo(ending(0, T0, 'RuntimeError: bad batch'), ending(1, T0, nan)), 0);
    assert.strictEqual(await firstOfTwo(ending(0, T0, lost), ending(1, T0, lost)), 0);
    assert.strictEqual(await firstOfTwo(ending(0, T0, lost), ending(1, T0 + 1000, nan)), 0);
  });

  it("another launcher's job: a rank whose log just ends in an attempt another rank failed was stopped with it (its launcher ends the others), not finished; not when ranks record their endings, nor one that logged long after", async () => {
    const old = Date.now() - 24 * 3600_000;
    const rank0 = (after: number) => new LogText(0).record(T0, 'INFO', 'step 1').record(T0 + after, 'INFO', 'step 2').text();
    const rank1 = new LogText(1).record(T0, 'INFO', 'step 1').record(T0 + 100, 'ERROR', 'boom').text();
    const stateOf = async (zero: string) => {
      const inputs = [{ rank: 0, index: await snap(0, zero, old) }, { rank: 1, index: await snap(1, rank1, old) }];
      const s = summarizeJob(inputs);
      const job = buildJobNode({ dir: path.dirname(inputs[0].index.path), label: 'job', ranks: inputs }, { now: Date.now() });
      const lanes = buildTimeline({ job, checkpoints: () => [] }).lanes.map((l) => l.sessions.map((x) => x.state));
      return [s.ranks[0].state, s.ranks[0].stoppedBy, job.ranks[0].stopped ?? false, lanes[0]];
    };
    assert.deepStrictEqual(await stateOf(rank0(50)), ['finished', 'stopped with its attempt, after rank 1 failed', true, ['stopped']]);
    // It went on for 20 minutes after the failure: whatever ended it, not that.
    assert.deepStrictEqual(await stateOf(rank0(20 * 60_000)), ['finished', undefined, false, ['finished']]);
    // Ranks that record their endings (through our module) say how they ended.
    assert.deepStrictEqual(await stateOf(new LogText(0).record(T0, 'INFO', 'step 1').record(T0 + 50, 'INFO', 'Worker 0 ended: exit code 0').text()), ['finished', undefined, false, ['finished']]);
  });

  it('reports the first failure of the latest attempt that had one', async () => {
    const r0 = new LogText(0).record(T0, 'ERROR', 'early').resume(T0 + 600_000).record(T0 + 600_100, 'INFO', 'ok').resume(T0 + 1_200_000).record(T0 + 1_200_500, 'ERROR', 'late 0');
    const r1 = new LogText(1).record(T0 + 10, 'INFO', 'ok').resume(T0 + 600_000).record(T0 + 600_200, 'INFO', 'ok').resume(T0 + 1_200_000).record(T0 + 1_200_300, 'ERROR', 'late 1');
    const now = Date.now();
    const s = summarizeJob([
      { rank: 0, index: await snap(0, r0.text(), now - 3600_000) },
      { rank: 1, index: await snap(1, r1.text(), now - 3600_000) },
    ], { now });
    assert.strictEqual(s.attempts.length, 3);
    assert.strictEqual(s.attempts[0].firstFailure?.rank, 0);
    assert.strictEqual(s.firstFailure?.attempt, 2);
    assert.strictEqual(s.firstFailure?.rank, 1);
    assert.strictEqual(s.firstFailure?.record.message, 'late 1');
  });

  it('a lone restart of one rank is an attempt of its own', async () => {
    const r0 = new LogText(0).record(T0, 'INFO', 'a').resume(T0 + 30_000).record(T0 + 30_001, 'INFO', 'b');
    const r1 = new LogText(1).record(T0 + 5, 'INFO', 'a');
    const s = summarizeJob([
      { rank: 0, index: await snap(0, r0.text(), Date.now() - 3600_000) },
      { rank: 1, index: await snap(1, r1.text(), Date.now() - 3600_000) },
    ]);
    assert.deepStrictEqual(s.attempts.map((a) => a.members.map((m) => m.rank)), [[0, 1], [0]]);
  });

  it("a restart soon after the start is the next attempt of every rank, also of one whose first session began with a print (no known start)", async () => {
    const hourAgo = Date.now() - 3600_000;
    // Rank 0 printed before it logged; the group restarted 20 s in (within the attempt window).
    const r0 = new LogText(0).raw('Worker 0 - output - INFO - Setting up process group').record(T0 + 10, 'INFO', 'step 1').record(T0 + 15_000, 'INFO', 'step 2').resume(T0 + 20_000).record(T0 + 20_100, 'INFO', 'restored');
    const r1 = new LogText(1).record(T0, 'INFO', 'step 1').record(T0 + 15_000, 'INFO', 'step 2').resume(T0 + 20_000).record(T0 + 20_100, 'INFO', 'restored');
    const s = summarizeJob([
      { rank: 0, index: await snap(0, r0.text(), hourAgo) },
      { rank: 1, index: await snap(1, r1.text(), hourAgo) },
    ]);
    assert.deepStrictEqual(s.attempts.map((a) => a.members.map((m) => `${m.rank}.${m.session}`).sort()), [['0.0', '1.0'], ['0.1', '1.1']]);
  });

  it("a restart of a launch that failed at once, whose rank 0 printed, logged once and was quiet before rank 1 first logged: the restart is every rank's next attempt, not rank 0's in the launch (a real torchrun --log_dir's times); so when every rank printed first", async () => {
    const hourAgo = Date.now() - 3600_000;
    const printed = (rank: number) => new LogText(rank).raw(`Worker ${rank} - stdout - INFO - banner: my trainer v1.0`);
    const r0 = printed(0).record(T0, 'INFO', 'init').resume(T0 + 4_800).raw('Worker 0 - stdout - INFO - banner: my trainer v1.0').record(T0 + 5_033, 'INFO', 'init').record(T0 + 6_033, 'INFO', 'done');
    const r1 = new LogText(1).record(T0 + 214, 'INFO', 'init').record(T0 + 215, 'ERROR', 'boom on rank 1').resume(T0 + 4_800).record(T0 + 5_244, 'INFO', 'init');
    const s = summarizeJob([
      { rank: 0, index: await snap(0, r0.text(), hourAgo) },
      { rank: 1, index: await snap(1, r1.text(), hourAgo) },
    ]);
    assert.deepStrictEqual(s.attempts.map((a) => a.members.map((m) => `${m.rank}.${m.session}`).sort()), [['0.0', '1.0'], ['0.1', '1.1']]);
    assert.strictEqual(s.attempts[0].firstFailure?.rank, 1);
    const both = printed(1).record(T0 + 214, 'INFO', 'init').resume(T0 + 4_800).raw('Worker 1 - stdout - INFO - banner: my trainer v1.0').record(T0 + 5_244, 'INFO', 'init');
    const t = summarizeJob([
      { rank: 0, index: await snap(0, r0.text(), hourAgo) },
      { rank: 1, index: await snap(1, both.text(), hourAgo) },
    ]);
    assert.deepStrictEqual(t.attempts.map((a) => a.members.map((m) => `${m.rank}.${m.session}`).sort()), [['0.0', '1.0'], ['0.1', '1.1']]);
  });

  describe('a rank whose records carry no time (it only printed, in another launcher\'s job)', () => {
    /** Epoch ms whose naive (local wall clock) time is `naive`. */
    const epochOf = (naive: number): number => naive + new Date(naive).getTimezoneOffset() * 60_000;
    const MIN = 60_000;

    it('joins the attempt the timed ranks ran, not one of its own dated by its file', async () => {
      const r0 = new LogText(0).record(T0, 'INFO', 'start').record(T0 + 10 * MIN, 'INFO', 'step 100');
      const r1 = new LogText(1, false).record(0, 'INFO', 'hello').record(0, 'ERROR', 'boom');
      const s = summarizeJob([
        { rank: 0, index: await snap(0, r0.text(), epochOf(T0 + 10 * MIN)) },
        { rank: 1, index: await snap(1, r1.text(), epochOf(T0 + 10 * MIN + 1000)) },
      ]);
      assert.deepStrictEqual(s.attempts.map((a) => a.members.map((m) => m.rank)), [[0, 1]]);
      assert.strictEqual(s.firstFailure?.rank, 1);
      assert.strictEqual(s.firstFailure?.attempt, 0);
    });

    it('places each session between its rank\'s restarts, and a file last written before a restart in the attempt before it', async () => {
      const r0 = new LogText(0).record(T0, 'INFO', 'start').resume(T0 + 12 * MIN).record(T0 + 12 * MIN + 5, 'INFO', 'again').record(T0 + 20 * MIN, 'INFO', 'step 200');
      // Rank 1 printed in both attempts; its restart's Resume record has the only time it has.
      const r1 = new LogText(1, false).record(0, 'ERROR', 'boom 1').resume(T0 + 12 * MIN).record(0, 'ERROR', 'boom 2');
      // Rank 2 printed in the first attempt only; its file was not written after it.
      const r2 = new LogText(2, false).record(0, 'INFO', 'hello');
      const s = summarizeJob([
        { rank: 0, index: await snap(0, r0.text(), epochOf(T0 + 20 * MIN)) },
        { rank: 1, index: await snap(1, r1.text(), epochOf(T0 + 20 * MIN)) },
        { rank: 2, index: await snap(2, r2.text(), epochOf(T0 + 9 * MIN)) },
      ]);
      assert.deepStrictEqual(
        s.attempts.map((a) => a.members.map((m) => `${m.rank}/${m.session}`).sort()),
        [['0/0', '1/0', '2/0'], ['0/1', '1/1']],
      );
      assert.strictEqual(s.attempts[0].firstFailure?.record.message, 'boom 1');
      assert.strictEqual(s.firstFailure?.attempt, 1);
      assert.strictEqual(s.firstFailure?.record.message, 'boom 2');
    });

    it('a session that printed before its first time (a time mark at its traceback) joins the attempt it ran in, not the restart', async () => {
      const r0 = new LogText(0).record(T0, 'INFO', 'step 0').record(T0 + 9 * MIN, 'INFO', 'step 7').resume(T0 + 9 * MIN + 1).record(T0 + 10 * MIN, 'INFO', 'step 0');
      // The import dates rank 2's traceback by the capture's latest time before it: the end of the attempt.
      const r2 = new LogText(2, false).record(0, 'INFO', 'hello');
      r2.raw(new LogText(2).record(T0 + 9 * MIN, 'INFO', "rank 2's traceback comes at or after this time", 'launcher').text().trimEnd());
      r2.record(0, 'ERROR', 'Uncaught exception').traceback('RuntimeError: boom on rank 2').resume(T0 + 9 * MIN + 1).record(0, 'INFO', 'hello');
      const s = summarizeJob([
        { rank: 0, index: await snap(0, r0.text(), epochOf(T0 + 10 * MIN)) },
        { rank: 2, index: await snap(2, r2.text(), epochOf(T0 + 10 * MIN)) },
      ]);
      assert.deepStrictEqual(s.attempts.map((a) => a.members.map((m) => `${m.rank}/${m.session}`).sort()), [['0/0', '2/0'], ['0/1', '2/1']]);
      assert.strictEqual(s.firstFailure?.rank, 2);
      assert.strictEqual(s.firstFailure?.attempt, 0);
      // A first print a moment before the attempt's first timed record still joins it (within the window).
      const early = new LogText(1, false).record(0, 'INFO', 'hello').raw(new LogText(1).record(T0 - 500, 'INFO', 'up').text().trimEnd());
      const t = summarizeJob([
        { rank: 0, index: await snap(0, r0.text(), epochOf(T0 + 10 * MIN)) },
        { rank: 1, index: await snap(1, early.text(), epochOf(T0 + MIN)) },
      ]);
      assert.deepStrictEqual(t.attempts.map((a) => a.members.map((m) => `${m.rank}/${m.session}`).sort()), [['0/0', '1/0'], ['0/1']]);
    });

    it('among ranks none of which has a time, attempts still follow their files\' times', async () => {
      const untimed = (rank: number) => new LogText(rank, false).record(0, 'INFO', 'hello').text();
      const s = summarizeJob([
        { rank: 0, index: await snap(0, untimed(0), epochOf(T0)) },
        { rank: 1, index: await snap(1, untimed(1), epochOf(T0 + 20_000)) },
        { rank: 2, index: await snap(2, untimed(2), epochOf(T0 + 30 * MIN)) },
      ]);
      assert.deepStrictEqual(s.attempts.map((a) => [a.index, a.members.map((m) => m.rank)]), [[0, [0, 1]], [1, [2]]]);
    });

    it("a first attempt none of whose records has a time, restarted (its restart's start its folder's, as a torchrun --log_dir's): the first attempt comes first", async () => {
      // (Every session of the first attempt was dated by its rank's restart, and formed an attempt after it.)
      const log = (rank: number, error?: string) => {
        const t = new LogText(rank, false).record(0, 'INFO', 'step 0');
        if (error) t.record(0, 'ERROR', error);
        return t.resume(T0 + 5_000).text() + new LogText(rank, false).record(0, 'INFO', 'step 0').text();
      };
      const s = summarizeJob([
        { rank: 0, index: await snap(0, log(0, 'ValueError: bad shard'), epochOf(T0 + 10_000)) },
        { rank: 1, index: await snap(1, log(1), epochOf(T0 + 10_000)) },
      ]);
      assert.deepStrictEqual(s.attempts.map((a) => [a.index, a.members.map((m) => `${m.rank}/${m.session}`)]), [[0, ['0/0', '1/0']], [1, ['0/1', '1/1']]]);
      assert.deepStrictEqual([s.firstFailure?.rank, s.firstFailure?.session, s.firstFailure?.attempt], [0, 0, 0]);
    });
  });

  it('says the order is approximate when records carry no timestamps', async () => {
    const now = Date.now();
    const r0 = new LogText(0, false).record(0, 'ERROR', 'untimed 0');
    const r1 = new LogText(1, false).record(0, 'ERROR', 'untimed 1');
    const untimed = [
      { rank: 0, index: await snap(0, r0.text(), now - 50_000) },
      { rank: 1, index: await snap(1, r1.text(), now - 60_000) },
    ];
    const s = summarizeJob(untimed, { now });
    assert.strictEqual(s.approximateOrder, true);
    assert.strictEqual(s.firstFailure?.approximate, true);
    assert.strictEqual(s.firstFailure?.rank, 1, 'the file written earlier failed first');
    const note = /Note: some records carry no timestamps, so the order across ranks is approximate\./;
    assert.match(formatJobSummary('job', s), note);
    assert.match(buildJobNode({ dir: 'job', label: 'job', ranks: untimed }, { now }).tooltip ?? '', /order across ranks is approximate/);
    // A timed failure, its rival timed too: records without times elsewhere (prints, a
    // launcher's word after it) do not make its order approximate.
    const timed0 = new LogText(0).record(T0, 'INFO', 'step 1').record(T0 + 2_000, 'ERROR', 'timed 0').text() + new LogText(0, false).record(0, 'INFO', 'a record without a time').text();
    const timed1 = new LogText(1).record(T0, 'INFO', 'step 1').record(T0 + 5_000, 'ERROR', 'timed 1').text() + new LogText(1, false).record(0, 'INFO', 'another').text();
    const timed = [
      { rank: 0, index: await snap(0, timed0, now - 50_000) },
      { rank: 1, index: await snap(1, timed1, now - 60_000) },
    ];
    const t = summarizeJob(timed, { now });
    assert.deepStrictEqual([t.approximateOrder, t.firstFailure?.rank, t.firstFailure?.approximate], [true, 0, false]);
    assert.doesNotMatch(formatJobSummary('job', t), note);
    assert.doesNotMatch(buildJobNode({ dir: 'job', label: 'job', ranks: timed }, { now }).tooltip ?? '', /order across ranks is approximate/);
  });

  it('derives running, stalled, failed (exit code) and finished states', async () => {
    const now = Date.now();
    const text = new LogText(0).record(T0, 'INFO', 'fine').text();
    const fresh = await snap(0, text, now - 5_000);
    const silent = await snap(1, text, now - 600_000);
    const old = await snap(2, text, now - 7200_000);
    const s = summarizeJob([
      { rank: 0, index: fresh },
      { rank: 1, index: silent },
      { rank: 2, index: old, exitCode: 139 },
    ], { now, stallSeconds: 120 });
    assert.deepStrictEqual(s.ranks.map((r) => r.state), ['running', 'stalled', 'failed']);
    const done = summarizeJob([{ rank: 0, index: silent }, { rank: 1, index: old }], { now });
    assert.deepStrictEqual(done.ranks.map((r) => r.state), ['finished', 'finished']);
    const alive = summarizeJob([{ rank: 0, index: old, alive: true }], { now });
    assert.deepStrictEqual(alive.ranks.map((r) => r.state), ['running']);
  });

  it("a launcher's word that names no rank (Hydra's banner with a process id), written on every rank, fails them only when no rank failed on its own, and is the first failure only then", async () => {
    const now = Date.now();
    const hourAgo = now - 3600_000;
    const word = (rank: number, last: number) => new LogText(rank).record(T0, 'INFO', 'step 1').record(T0 + last, 'INFO', 'step 2').text() + `Worker ${rank} - launcher.any-rank - ERROR - Hydra: a process (pid 4243 on n1) exited with code 9, and Hydra ended the others; it names no rank\n`;
    const own = await snap(0, new LogText(0).record(T0, 'INFO', 'step 1').record(T0 + 3_000, 'ERROR', 'loss is NaN').text() + 'Worker 0 - launcher.any-rank - ERROR - Hydra: a process (pid 4243 on n1) exited with code 9, and Hydra ended the others; it names no rank\n', hourAgo);
    const s = summarizeJob([{ rank: 0, index: own }, { rank: 1, index: await snap(1, word(1, 1_000), hourAgo) }], { now });
    assert.deepStrictEqual([s.ranks.map((r) => r.state), s.firstFailure?.rank, s.firstFailure?.record.message, s.failedRanks], [['failed', 'finished'], 0, 'loss is NaN', 1]);
    // No rank failed on its own: every rank is failed, the first failure the one whose last record came first.
    const none = summarizeJob([{ rank: 0, index: await snap(0, word(0, 2_000), hourAgo) }, { rank: 1, index: await snap(1, word(1, 1_000), hourAgo) }], { now });
    assert.deepStrictEqual([none.ranks.map((r) => r.state), none.firstFailure?.rank, none.firstFailure?.approximate], [['failed', 'failed'], 1, true]);
  });

  it("a rank of a job run through the runner that ended without its ending record (SIGKILL, the OOM killer) is failed, the first failure only when its attempt has no error", async () => {
    const now = Date.now();
    const hourAgo = now - 3600_000;
    const ended = (rank: number, how: string, at: number) => new LogText(rank).record(T0, 'INFO', 'step 1').record(at, 'INFO', `Worker ${rank} ended: ${how}`, 'worker_logging.run');
    const killed = new LogText(1).record(T0 + 10, 'INFO', 'step 1').record(T0 + 2_000, 'INFO', 'step 2');
    const stopped = await snap(0, ended(0, 'signal SIGTERM', T0 + 9_000).text(), hourAgo);
    const silent = await snap(1, killed.text(), hourAgo);
    const s = summarizeJob([{ rank: 0, index: stopped }, { rank: 1, index: silent }], { now });
    assert.deepStrictEqual(s.ranks.map((r) => r.state), ['finished', 'failed']);
    assert.strictEqual(s.failedRanks, 1);
    assert.deepStrictEqual([s.firstFailure?.rank, s.firstFailure?.record.line, s.firstFailure?.record.time, s.firstFailure?.approximate], [1, 1, T0 + 2_000, true]);
    assert.match(s.firstFailure?.record.message ?? '', /^Worker 1 ended without a word/);
    assert.strictEqual(s.ranks[1].firstError?.record, s.firstFailure?.record);
    // An error of another rank of the attempt is its first failure, even after the silent rank's last record.
    const raised = await snap(0, new LogText(0).record(T0, 'INFO', 'step 1').record(T0 + 5_000, 'ERROR', 'loss is NaN').record(T0 + 5_100, 'INFO', 'Worker 0 ended: exit code 1', 'worker_logging.run').text(), hourAgo);
    const both = summarizeJob([{ rank: 0, index: raised }, { rank: 1, index: silent }], { now });
    assert.deepStrictEqual(both.ranks.map((r) => r.state), ['failed', 'failed']);
    assert.deepStrictEqual([both.firstFailure?.rank, both.firstFailure?.record.message], [0, 'loss is NaN']);
    // Not without the runner (no rank recorded an ending), nor while the rank may live, nor when its exit code is known.
    const noRunner = await snap(0, new LogText(0).record(T0, 'INFO', 'step 1').text(), hourAgo);
    assert.deepStrictEqual(summarizeJob([{ rank: 0, index: noRunner }, { rank: 1, index: silent }], { now }).ranks.map((r) => r.state), ['finished', 'finished']);
    const fresh = await snap(1, killed.text(), now - 5_000);
    assert.deepStrictEqual(summarizeJob([{ rank: 0, index: stopped }, { rank: 1, index: fresh }], { now }).ranks.map((r) => r.state), ['finished', 'running']);
    assert.deepStrictEqual(summarizeJob([{ rank: 0, index: stopped }, { rank: 1, index: silent, exitCode: 0 }], { now }).ranks.map((r) => r.state), ['finished', 'finished']);
    // Launched under torchrun or srun (a terminal per node, no exit code per rank): once its terminal's process ended, at once.
    assert.deepStrictEqual(summarizeJob([{ rank: 0, index: stopped, alive: false }, { rank: 1, index: fresh, alive: false }], { now }).ranks.map((r) => r.state), ['finished', 'failed']);
    // Only a rank's last session: one stopped by a restart without an ending is no failure.
    const restarted = await snap(1, killed.resume(T0 + 600_000).record(T0 + 600_100, 'INFO', 'step 1').record(T0 + 600_200, 'INFO', 'Worker 1 ended: exit code 0', 'worker_logging.run').text(), hourAgo);
    const again = await snap(0, ended(0, 'signal SIGTERM', T0 + 9_000).resume(T0 + 600_000).record(T0 + 600_300, 'INFO', 'Worker 0 ended: exit code 0', 'worker_logging.run').text(), hourAgo);
    const r = summarizeJob([{ rank: 0, index: again }, { rank: 1, index: restarted }], { now });
    assert.deepStrictEqual([r.attempts.length, r.ranks.map((x) => x.state), r.firstFailure], [2, ['finished', 'finished'], undefined]);
  });
  it('a rank whose log just ends while other ranks of the job still run (a process writes their files) reads "ended", not finished: killed without a word (the OOM killer) or ended early; not once they end, nor with its ending recorded', async () => {
    const now = Date.now();
    const hourAgo = now - 3600_000;
    const waiting = (rank: number) => snap(rank, new LogText(rank).record(T0, 'INFO', 'step 2').record(T0 + 10, 'INFO', 'waiting at the sync point').text(), hourAgo);
    const gone = await snap(1, new LogText(1).record(T0, 'INFO', 'step 2').record(T0 + 11, 'INFO', 'loading a huge batch').text(), hourAgo);
    const [r0, r2] = await Promise.all([waiting(0), waiting(2)]);
    const s = summarizeJob([{ rank: 0, index: r0, writing: true }, { rank: 1, index: gone }, { rank: 2, index: r2, writing: true }], { now });
    assert.deepStrictEqual(s.ranks.map((r) => [r.state, r.endingUnknown ?? false]), [['running', false], ['finished', true], ['running', false]]);
    assert.strictEqual(s.endingsUnrecorded, 'ranks 0, 2 still run, and a rank whose process is gone without an ending record was killed (SIGKILL: the OOM killer) or ended on its own');
    assert.match(formatJobSummary('job', s), /^1\s+ended\s/m);
    // Once the others are gone too: finished, as before (nothing tells a kill from an exit then).
    const after = summarizeJob([{ rank: 0, index: r0 }, { rank: 1, index: gone }, { rank: 2, index: r2 }], { now });
    assert.deepStrictEqual([after.ranks.map((r) => r.endingUnknown ?? false), after.endingsUnrecorded], [[false, false, false], undefined]);
    // Its runner's ending record says how it ended.
    const recorded = await snap(1, new LogText(1).record(T0, 'INFO', 'step 2').record(T0 + 11, 'INFO', 'Worker 1 ended: exit code 0', 'worker_logging.run').text(), hourAgo);
    assert.deepStrictEqual(summarizeJob([{ rank: 0, index: r0, writing: true }, { rank: 1, index: recorded }], { now }).ranks.map((r) => [r.state, r.endingUnknown ?? false]), [['running', false], ['finished', false]]);
  });

  it("a rank the terminal's relay recorded as killed: by SIGKILL alone (the OOM killer) failed; by SIGKILL after an unanswered stop (Stop Job) stopped", async () => {
    const now = Date.now();
    const hourAgo = now - 3600_000;
    const ended = (rank: number, how: string) => new LogText(rank).record(T0, 'INFO', 'step 1').record(T0 + 1000, 'INFO', `Worker ${rank} ended: ${how}`, 'worker_logging.run').text();
    const s = summarizeJob(
      [
        { rank: 0, index: await snap(0, ended(0, 'signal SIGINT'), hourAgo) },
        { rank: 1, index: await snap(1, ended(1, 'signal SIGKILL (after SIGINT)'), hourAgo) },
        { rank: 2, index: await snap(2, ended(2, 'signal SIGKILL'), hourAgo) },
        { rank: 3, index: await snap(3, ended(3, 'signal SIGKILL (after SIGUSR1)'), hourAgo) },
      ],
      { now },
    );
    assert.deepStrictEqual(s.ranks.map((r) => [r.state, r.stoppedBy]), [['finished', 'stopped by SIGINT'], ['finished', 'stopped by SIGKILL (SIGINT unanswered)'], ['failed', undefined], ['failed', undefined]]);
    // Neither logged an error: their ending is the failure, at its record.
    assert.deepStrictEqual([s.firstFailure?.rank, s.firstFailure?.record.line, s.firstFailure?.record.message], [2, 1, 'Worker 2 was killed by SIGKILL without logging an error (SIGKILL: the OOM killer kills so, see dmesg; or a kill -9)']);
    assert.strictEqual(s.ranks[3].firstError?.record.message, 'Worker 3 was killed by SIGKILL without logging an error (SIGKILL: the OOM killer kills so, see dmesg; or a kill -9)');
    const exited = summarizeJob([{ rank: 0, index: await snap(0, ended(0, 'exit code 2'), hourAgo) }], { now });
    assert.strictEqual(exited.firstFailure?.record.message, 'Worker 0 exited with code 2 without logging an error');
    // torchrun's worker that Stop Job killed has no relay to record it: the extension's word that it did.
    const quiet = await snap(1, new LogText(1).record(T0, 'INFO', 'step 1').text(), now - 1000);
    const stopped = summarizeJob([{ rank: 0, index: await snap(0, ended(0, 'signal SIGINT'), hourAgo) }, { rank: 1, index: quiet, alive: false, killedByStop: true }], { now });
    assert.deepStrictEqual([stopped.ranks.map((r) => [r.state, r.stoppedBy]), stopped.firstFailure], [[['finished', 'stopped by SIGINT'], ['finished', 'stopped by SIGKILL (Stop Job: the interrupt unanswered)']], undefined]);
    assert.strictEqual(summarizeJob([{ rank: 0, index: await snap(0, ended(0, 'signal SIGINT'), hourAgo) }, { rank: 1, index: quiet, alive: false }], { now }).ranks[1].state, 'failed', 'without that word: ended without a word');
  });
  it("a job whose files do not record how its ranks ended (torchrun's --log_dir): a rank whose log just ends reads \"ended\", exit not recorded, never finished; failed and stopped ranks as before", async () => {
    const hourAgo = Date.now() - 3600_000;
    const steps = (rank: number) => new LogText(rank).record(T0, 'INFO', 'step 0').record(T0 + 200, 'INFO', 'step 1');
    const why = "torchrun's --log_dir keeps no exit codes";
    const quiet = [0, 1].map(async (rank) => ({ rank, index: await snap(rank, steps(rank).text(), hourAgo) }));
    const inputs = await Promise.all(quiet);
    const s = summarizeJob(inputs, { endingsUnrecorded: why });
    assert.deepStrictEqual([s.ranks.map((r) => [r.state, r.endingUnknown, r.stoppedBy]), s.endingsUnrecorded, s.failedRanks], [[['finished', true, undefined], ['finished', true, undefined]], why, 0]);
    assert.match(formatJobSummary('run', s), /^0 +ended +1 /m);
    assert.match(formatJobSummary('run', s), /^Note: 2 ranks shown "ended" may have exited 0 or been killed: torchrun's --log_dir keeps no exit codes\.$/m);
    // Without the option (our own module's jobs, a capture with its launcher's word): finished.
    assert.deepStrictEqual(summarizeJob(inputs).ranks.map((r) => [r.state, r.endingUnknown]), [['finished', undefined], ['finished', undefined]]);
    assert.doesNotMatch(formatJobSummary('run', summarizeJob(inputs)), /ended|Note/);
    // The tree and the timeline: not passed.
    const job = buildJobNode({ dir: 'run', label: 'run', ranks: inputs }, { endingsUnrecorded: why });
    assert.deepStrictEqual(job.ranks.map((r) => [r.state, r.endingUnknown, r.description.includes('exit not recorded')]), [['finished', true, true], ['finished', true, true]]);
    assert.match(job.tooltip, /Ranks whose logs just end read "exit not recorded", not finished: torchrun's \\-\\-log\\_dir keeps no exit codes/);
    const lanes = buildTimeline({ job, checkpoints: () => [] }).lanes;
    assert.deepStrictEqual(lanes.map((l) => [l.sessions.map((x) => x.state), /^Rank \d: 1 session, ended, exit not recorded at /.test(l.label)]), [[['ended'], true], [['ended'], true]]);
    // A rank with an error fails, and its attempt's others are stopped with it, as before; a recorded ending is known.
    const failed = await snap(1, steps(1).record(T0 + 400, 'ERROR', 'Uncaught exception').text(), hourAgo);
    const f = summarizeJob([inputs[0], { rank: 1, index: failed }], { endingsUnrecorded: why });
    assert.deepStrictEqual([f.ranks.map((r) => [r.state, r.endingUnknown, r.stoppedBy]), f.endingsUnrecorded], [[['finished', undefined, 'stopped with its attempt, after rank 1 failed'], ['failed', undefined, undefined]], undefined]);
    const ended = await snap(0, steps(0).record(T0 + 400, 'INFO', 'Worker 0 ended: exit code 0', 'worker_logging.run').text(), hourAgo);
    assert.deepStrictEqual(summarizeJob([{ rank: 0, index: ended }], { endingsUnrecorded: why }).ranks.map((r) => [r.state, r.endingUnknown]), [['finished', undefined]]);
  });
  it("torchrun's --log_dir just after a rank failed: the ranks that wrote nothing since are stopped with the attempt (torchrun's agent stops them), not running for the stall window; one still writing is running", async () => {
    const now = Date.now();
    const steps = (rank: number) => new LogText(rank).record(T0, 'INFO', 'step 0').record(T0 + 200, 'INFO', 'step 1');
    const failedAt = now - 30_000;
    const inputs = async (since: number): Promise<RankInput[]> => [
      { rank: 0, index: await snap(0, steps(0).text(), since + 1_000) },
      { rank: 1, index: await snap(1, steps(1).record(T0 + 400, 'ERROR', 'Uncaught exception').text(), since) },
      { rank: 2, index: await snap(2, steps(2).record(T0 + 600, 'INFO', 'eval').text(), now - 2_000) },
    ];
    const states = (s: JobSummary) => s.ranks.map((r) => r.stoppedBy ?? r.state);
    const late = await inputs(failedAt);
    assert.deepStrictEqual(states(summarizeJob(late, { now, stopsAttemptOnFailure: true })), ['stopped with its attempt, after rank 1 failed', 'failed', 'running']);
    // Without the launcher's habit (another launcher, our own module's jobs): running, as its log is recent.
    assert.deepStrictEqual(states(summarizeJob(late, { now })), ['running', 'failed', 'running']);
    // Within the time torchrun takes to stop them: still running.
    assert.deepStrictEqual(states(summarizeJob(await inputs(now - 5_000), { now, stopsAttemptOnFailure: true })), ['running', 'failed', 'running']);
  });
  it("a job that records no endings (torchrun's --log_dir): the one rank whose log just ends while every rank that failed lost its peer (gloo's Connection reset by peer) is that peer, failed and the first failure; not when two could be it, nor beside an error of a rank's own, nor while a process writes it, nor in a job whose ranks record their endings", async () => {
    const hourAgo = Date.now() - 3600_000;
    const why = "torchrun's --log_dir keeps no exit codes";
    const steps = (rank: number) => new LogText(rank).record(T0, 'INFO', 'step 0').record(T0 + 200, 'INFO', 'step 1');
    const lost = (rank: number, text = 'RuntimeError: [./gloo/transport/tcp/pair.cc:589] Read error [127.0.0.1]:5330: Connection reset by peer', at = T0 + 900) => snap(rank, steps(rank).record(at, 'ERROR', text).text(), hourAgo);
    const quiet = (rank: number) => snap(rank, steps(rank).text(), hourAgo);
    const inputs: RankInput[] = [
      { rank: 0, index: await lost(0) },
      { rank: 1, index: await quiet(1) },
      { rank: 2, index: await lost(2) },
      { rank: 3, index: await lost(3, 'RuntimeError: [./gloo/transport/tcp/pair.cc:598] Connection closed by peer [127.0.0.1]:40352') },
    ];
    const s = summarizeJob(inputs, { endingsUnrecorded: why, stopsAttemptOnFailure: true });
    assert.deepStrictEqual(s.ranks.map((r) => [r.state, r.endedSilently === true, r.stoppedBy]), [['failed', false, undefined], ['failed', true, undefined], ['failed', false, undefined], ['failed', false, undefined]]);
    assert.strictEqual(s.firstFailure?.rank, 1);
    assert.strictEqual(s.firstFailure?.record.line, 1, "at its last record (0-based)");
    assert.match(s.firstFailure!.record.message, /^Rank 1 ended without a word while ranks 0, 2-3 lost their connection to a peer \(Connection reset by peer\): it most likely left first: killed by a signal/);
    // Just after it (the stall window): the silent rank is not running.
    const recent = await Promise.all(inputs.map(async (i) => ({ rank: i.rank, index: { ...i.index, mtimeMs: Date.now() - 2_000 } })));
    assert.deepStrictEqual(summarizeJob(recent, { endingsUnrecorded: why }).ranks.map((r) => r.state), ['failed', 'failed', 'failed', 'failed']);
    // A process of this machine still writes it: alive, not the peer they lost.
    const writing = recent.map((i) => (i.rank === 1 ? { ...i, writing: true } : i));
    const w = summarizeJob(writing, { endingsUnrecorded: why });
    assert.deepStrictEqual([w.ranks.map((r) => r.state), w.firstFailure?.rank], [['failed', 'running', 'failed', 'failed'], 0]);
    // Two ranks whose logs just end: either could be it, none is named.
    const two = summarizeJob([...inputs.slice(0, 3), { rank: 3, index: await quiet(3) }], { endingsUnrecorded: why });
    assert.deepStrictEqual([two.ranks.map((r) => r.endedSilently === true), two.firstFailure?.rank], [[false, false, false, false], 0]);
    // A rank failed of its own error: that is why, the silent rank is stopped with the attempt.
    const own = summarizeJob([...inputs.slice(0, 3), { rank: 3, index: await lost(3, 'ValueError: bad record in shard_000913.tar', T0 + 500) }], { endingsUnrecorded: why, stopsAttemptOnFailure: true });
    assert.deepStrictEqual([own.ranks.map((r) => r.stoppedBy ?? r.state), own.firstFailure?.rank], [['failed', 'stopped with its attempt, after rank 3 failed', 'failed', 'failed'], 3]);
    // The same in a first attempt torchrun restarted (its restart well): the first failure, though no rank failed in the end.
    const restarted = (text: string) => `${text}${new LogText(0).resume(T0 + 60_000).text()}`.replace(/Worker 0 - worker_logging/, 'Worker 0 - torchrun');
    const again = await Promise.all(inputs.map(async (i) => {
      const first = i.rank === 1 ? steps(1).text() : steps(i.rank).record(T0 + 900, 'ERROR', 'RuntimeError: Connection reset by peer').text();
      return { rank: i.rank, index: await snap(i.rank, restarted(first) + steps(i.rank).record(T0 + 60_400, 'INFO', 'step 2').text(), hourAgo) };
    }));
    const r = summarizeJob(again, { endingsUnrecorded: why, stopsAttemptOnFailure: true });
    assert.deepStrictEqual([r.attempts.length, r.firstFailure?.rank, r.firstFailure?.session, r.firstFailure?.attempt, r.ranks.map((x) => x.state === 'failed')], [2, 1, 0, 0, [false, false, false, false]]);
    // Ranks of our module's runner record their endings: the rule of those (silentEndings' own) applies, not this one.
    const ended = (rank: number) => snap(rank, steps(rank).record(T0 + 900, 'ERROR', 'RuntimeError: Connection reset by peer').record(T0 + 950, 'INFO', `Worker ${rank} ended: exit code 1`, 'worker_logging.run').text(), hourAgo);
    const ours = summarizeJob([{ rank: 0, index: await ended(0) }, { rank: 1, index: await quiet(1) }]);
    assert.match(ours.ranks[1].firstError!.record.message, /^Worker 1 ended without a word: no ending record after this one/);
  });
  it("a thread's uncaught exception fails no rank (its process went on), and is no first failure; a rank that fails besides fails, and one with only that error is stopped with its attempt", async () => {
    const hourAgo = Date.now() - 3600_000;
    const threadDied = (rank: number) =>
      new LogText(rank)
        .record(T0, 'INFO', 'step 0')
        .record(T0 + 100, 'INFO', 'Exception in thread uploader:', 'stderr')
        .record(T0 + 100, 'ERROR', 'Uncaught exception', 'stderr')
        .raw('Traceback (most recent call last):\n  File "/usr/lib/python3.11/threading.py", line 1038, in _bootstrap_inner\nConnectionError: wandb upload failed')
        .record(T0 + 200, 'INFO', 'step 1');
    const ok = await snap(0, new LogText(0).record(T0, 'INFO', 'step 0').record(T0 + 200, 'INFO', 'step 1').text(), hourAgo);
    const s = summarizeJob([{ rank: 0, index: ok }, { rank: 1, index: await snap(1, threadDied(1).text(), hourAgo) }]);
    assert.deepStrictEqual([s.ranks.map((r) => [r.state, r.errors]), s.firstFailure, s.failedRanks], [[['finished', 0], ['finished', 1]], undefined, 0]);
    assert.strictEqual(s.ranks[1].firstError?.record.thread, 'uploader');
    assert.match(formatJobSummary('job', s), /^No rank failed: the job's only ERROR records are threads' uncaught exceptions \(each thread died; its process went on\)\.$/m);
    const job = buildJobNode({ dir: 'job', label: 'job', ranks: [{ rank: 0, index: ok }, { rank: 1, index: await snap(1, threadDied(1).text(), hourAgo) }] });
    assert.deepStrictEqual([job.ranks[1].sessions[0].failed, buildTimeline({ job, checkpoints: () => [] }).lanes[1].sessions.map((x) => x.state)], [false, ['finished']]);
    const error = job.ranks[1].sessions[0].children.find((c) => c.kind === 'error');
    assert.deepStrictEqual([error?.label, error?.description.startsWith('thread uploader · line 3')], ['ConnectionError: wandb upload failed', true]);
    // Rank 0 raises later: it failed first; rank 1, with only its thread's error, was stopped with the attempt.
    const raised = await snap(0, new LogText(0).record(T0, 'INFO', 'step 0').record(T0 + 5_000, 'ERROR', 'loss is NaN').text(), hourAgo);
    const f = summarizeJob([{ rank: 0, index: raised }, { rank: 1, index: await snap(1, threadDied(1).text(), hourAgo) }]);
    assert.deepStrictEqual([f.ranks.map((r) => r.stoppedBy ?? r.state), f.firstFailure?.rank, f.firstFailure?.record.message], [['failed', 'stopped with its attempt, after rank 0 failed'], 0, 'loss is NaN']);
    // Our module's own record of it (threading.excepthook) reads the same.
    const ours = await snap(1, new LogText(1).record(T0, 'INFO', 'step 0').record(T0 + 100, 'ERROR', 'Uncaught exception in thread loader', 'worker_logging').raw('Traceback (most recent call last):\nOSError: disk gone').record(T0 + 200, 'INFO', 'Worker 1 ended: exit code 0', 'worker_logging.run').text(), hourAgo);
    const o = summarizeJob([{ rank: 1, index: ours }]);
    assert.deepStrictEqual([o.ranks[0].state, o.ranks[0].errors, o.ranks[0].firstError?.record.thread, o.firstFailure], ['finished', 1, 'loader', undefined]);
    // The same rank's process failing after its thread's death fails it, at its own error.
    const both = await snap(1, threadDied(1).record(T0 + 300, 'ERROR', 'Uncaught exception', 'stderr').raw('Traceback (most recent call last):\nRuntimeError: boom').text(), hourAgo);
    const b = summarizeJob([{ rank: 0, index: ok }, { rank: 1, index: both }]);
    assert.deepStrictEqual([b.ranks[1].state, b.firstFailure?.rank, b.firstFailure?.record.exception], ['failed', 1, 'RuntimeError: boom']);
  });
  it("an exception Python ignored (a finalizer's, as a job that exited 0 printed it at its end) fails no rank and is no first failure; the tree says what it was ignored in", async () => {
    const hourAgo = Date.now() - 3600_000;
    const ignored = new LogText(1)
      .record(T0, 'INFO', 'step 0')
      .record(T0 + 100, 'INFO', 'Exception ignored in: <function Loader.__del__ at 0x7f83afb218a0>', 'stderr')
      .record(T0 + 100, 'ERROR', 'Uncaught exception', 'stderr')
      .raw('Traceback (most recent call last):\n  File "train.py", line 6, in __del__\nAttributeError: \'NoneType\' object has no attribute \'close\'');
    const ok = await snap(0, new LogText(0).record(T0, 'INFO', 'step 0').record(T0 + 200, 'INFO', 'step 1').text(), hourAgo);
    const ranks = [{ rank: 0, index: ok }, { rank: 1, index: await snap(1, ignored.text(), hourAgo) }];
    const s = summarizeJob(ranks);
    assert.deepStrictEqual([s.ranks.map((r) => [r.state, r.errors]), s.firstFailure, s.failedRanks], [[['finished', 0], ['finished', 1]], undefined, 0]);
    assert.match(formatJobSummary('job', s), /^No rank failed: the job's only ERROR records are exceptions Python ignored \(in a finalizer or an exit handler; the process went on\)\.$/m);
    const job = buildJobNode({ dir: 'job', label: 'job', ranks });
    const error = job.ranks[1].sessions[0].children.find((c) => c.kind === 'error');
    assert.deepStrictEqual([job.ranks[1].sessions[0].failed, error?.description.startsWith('ignored in Loader.__del__ · line 3')], [false, true]);
  });
  it("an error a rank logged and went on from (logger.exception of a batch it skipped, then its own timed records) fails no rank, unless it is what the rank's session ended with, an exit or a failure of its own came after it, or only a launcher's words followed it", async () => {
    const hourAgo = Date.now() - 3600_000;
    const skipped = (rank: number) =>
      new LogText(rank)
        .record(T0, 'INFO', 'step 0', 'train')
        .record(T0 + 100, 'ERROR', 'could not read batch metadata, skipping', 'train')
        .traceback("KeyError: 'missing'")
        .record(T0 + 300, 'INFO', 'step 1', 'train')
        .record(T0 + 600, 'INFO', 'step 2', 'train');
    const ok = (rank: number) => snap(rank, new LogText(rank).record(T0, 'INFO', 'step 0', 'train').record(T0 + 600, 'INFO', 'step 2', 'train').text(), hourAgo);
    const summary = async (text: string, other = ok(1)) => summarizeJob([{ rank: 0, index: await snap(0, text, hourAgo) }, { rank: 1, index: await other }]);
    // It went on to the job's end: no rank failed, and the summary and the tree say why.
    const s = await summary(skipped(0).text());
    assert.deepStrictEqual([s.ranks.map((r) => [r.state, r.errors]), s.firstFailure, s.failedRanks], [[['finished', 1], ['finished', 0]], undefined, 0]);
    assert.match(formatJobSummary('job', s), /^No rank failed: the job's only ERROR records are errors the ranks logged and went on from \(they logged their work after them, and failed of nothing else\)\.$/m);
    const ranks = [{ rank: 0, index: await snap(0, skipped(0).text(), hourAgo) }, { rank: 1, index: await ok(1) }];
    const job = buildJobNode({ dir: 'job', label: 'job', ranks });
    const error = job.ranks[0].sessions[0].children.find((c) => c.kind === 'error');
    assert.deepStrictEqual([job.ranks[0].sessions[0].failed, error?.kind === 'error' && error.wentOn, error?.description.startsWith('went on after it · line 2'), buildTimeline({ job, checkpoints: () => [] }).lanes[0].sessions.map((x) => x.state)], [false, true, true, ['finished']]);
    // Then it lost its peer, which failed later than the logged error: the peer failed first.
    const lost = skipped(0).record(T0 + 900, 'ERROR', 'Uncaught exception', 'stderr').traceback('RuntimeError: [../gloo/transport/tcp/pair.cc:598] Connection closed by peer [127.0.0.1]:52123').text();
    const peer = snap(1, new LogText(1).record(T0, 'INFO', 'step 0', 'train').record(T0 + 800, 'ERROR', 'validation loss is nan, stopping', 'train').text(), hourAgo);
    const l = await summary(lost, peer);
    assert.deepStrictEqual([l.firstFailure?.rank, l.firstFailure?.record.message, l.ranks.map((r) => r.state)], [1, 'validation loss is nan, stopping', ['failed', 'failed']]);
    // Rank 0's row names what it failed of (the lost peer), not the error it went on from before it.
    assert.deepStrictEqual([l.ranks[0].firstError?.record.exception, l.ranks[0].failure?.record.exception, l.ranks[1].failure], ["KeyError: 'missing'", 'RuntimeError: [../gloo/transport/tcp/pair.cc:598] Connection closed by peer [127.0.0.1]:52123', undefined]);
    assert.match(formatJobSummary('job', l), /^0 +failed .* s1 l\d+: RuntimeError: \[\.\.\/gloo/m);
    // Its timeline lane draws the logged error as one it went on from, and says it failed when it lost its peer.
    const lostJob = buildJobNode({ dir: 'job', label: 'job', ranks: [{ rank: 0, index: await snap(0, lost, hourAgo) }, { rank: 1, index: await peer }] });
    const lane = buildTimeline({ job: lostJob, checkpoints: () => [] }).lanes[0];
    // Its tooltip in the Workers view: its first error, then what it failed of.
    assert.match(lostJob.ranks[0].tooltip, /First error \(session 1, line 2, [^)]*\):\n\n```\ncould not read batch metadata, skipping\nKeyError: 'missing'\n```\n\nIts failure \(session 1, line \d+, [^)]*\):\n\n```\nUncaught exception\nRuntimeError: \[\.\.\/gloo/, lostJob.ranks[0].tooltip);
    assert.deepStrictEqual([lane.marks.map((m) => [m.time - T0, m.wentOn, m.first]), lane.label.includes(`failed at ${formatClockMs(T0 + 900)}`)], [[[100, true, false], [900, false, false]], true], lane.label);
    // The session ended with it (its exit record after a cleanup's records is the runner's): it is the failure.
    const exited = skipped(0).record(T0 + 700, 'INFO', 'Worker 0 ended: exit code 1', 'worker_logging.run').text();
    assert.deepStrictEqual([(await summary(exited)).firstFailure?.record.message, (await summary(exited)).ranks[0].state], ['could not read batch metadata, skipping', 'failed']);
    // So is a launcher's word that it exited with a code, with no other rank's doing after it.
    const exitWord = skipped(0).record(T0 + 700, 'ERROR', 'torchrun: local rank 0 (pid 4242) exited with code 1', 'launcher').text();
    assert.strictEqual((await summary(exitWord)).firstFailure?.record.message, 'could not read batch metadata, skipping');
    // A failure of its own after it: the logged error came first, and stays the rank's failure.
    const crashed = skipped(0).record(T0 + 900, 'ERROR', 'Uncaught exception', 'stderr').traceback('ValueError: bad shape').text();
    assert.strictEqual((await summary(crashed)).firstFailure?.record.message, 'could not read batch metadata, skipping');
    // Only a launcher's words after it (when torchrun noticed it had ended, its stop): no sign that the rank went on.
    const stopped = new LogText(0)
      .record(T0, 'INFO', 'step 0', 'train')
      .record(T0 + 100, 'ERROR', '[Rank 0] Watchdog caught collective operation timeout', 'ProcessGroupNCCL.cpp')
      .record(T0 + 5_000, 'INFO', 'torchrun noticed at 2026-02-04 10:00:05.000 that this rank had ended', 'launcher')
      .record(T0 + 5_000, 'INFO', 'torchrun stopped local rank 0 (pid 4242) with SIGTERM', 'launcher')
      .text();
    const st = await summary(stopped);
    assert.deepStrictEqual([st.firstFailure?.rank, st.ranks[0].state], [0, 'failed']);
    // Nor records of its own without a time after it (prints): its rank may have died printing them.
    const printed = new LogText(0).record(T0, 'INFO', 'step 0', 'train').record(T0 + 100, 'ERROR', 'fatal: bad config', 'train').text() + new LogText(0, false).record(0, 'INFO', 'exiting', 'stdout').text();
    assert.strictEqual((await summary(printed)).firstFailure?.rank, 0);
    // In a log without times (Python's `basicConfig()` default, `INFO:train:step 1`), its own records after it are enough.
    const untimed = new LogText(0, false).record(0, 'INFO', 'step 0', 'train').record(0, 'ERROR', 'could not read batch metadata, skipping', 'train').traceback("KeyError: 'missing'").record(0, 'INFO', 'step 1', 'train').text();
    const u = await summary(untimed, snap(1, new LogText(1, false).record(0, 'INFO', 'step 1', 'train').text(), hourAgo));
    assert.deepStrictEqual([u.firstFailure, u.ranks.map((r) => r.errors)], [undefined, [1, 0]]);
    // Nor one followed only by a launcher's words (counted apart), in a log without times.
    const killed = new LogText(0, false).record(0, 'INFO', 'step 0', 'train').record(0, 'ERROR', 'could not read batch metadata, skipping', 'train').record(0, 'INFO', 'torchrun stopped local rank 0 (pid 4242) with SIGTERM', 'launcher').text();
    assert.strictEqual((await summary(killed)).firstFailure?.rank, 0);
    // An uncaught exception's traceback is never one its rank went on from, whatever its process printed after it.
    const atExit = new LogText(0).record(T0, 'INFO', 'step 0', 'train').record(T0 + 100, 'ERROR', 'Uncaught exception', 'stderr').traceback('RuntimeError: boom').record(T0 + 400, 'INFO', 'wandb: Waiting for W&B process to finish... (failed 1).', 'stdout').text();
    assert.deepStrictEqual([(await summary(atExit)).firstFailure?.rank, (await summary(atExit)).ranks[0].state], [0, 'failed']);
  });
  it('the ending record the extension writes for a rank it killed (no relay wrote one) reads back as that stop, after a line the rank left torn, and not at all in a log that is gone', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'worker_1.log');
    fs.writeFileSync(file, new LogText(1).record(T0, 'INFO', 'entering all_reduce').text() + 'Current thread 0x00007f (most recent call first):\n  File "x.py", line 3 in all_');
    const when = Date.UTC(2026, 11, 2, 9, 30, 15, 250);
    assert.strictEqual(await appendEndingRecord(file, 1, { signal: 'SIGKILL', after: 'SIGINT' }, when), true);
    const text = fs.readFileSync(file, 'utf8');
    const lastLine = text.split('\n').at(-2)!;
    assert.match(lastLine, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} - Worker 1 - worker_logging\.run - INFO - Worker 1 ended: signal SIGKILL \(after SIGINT\)$/);
    assert.ok(text.endsWith(' in all_\n' + lastLine + '\n'), 'on a line of its own after the torn one');
    fs.utimesSync(file, (Date.now() - 3600_000) / 1000, (Date.now() - 3600_000) / 1000);
    const s = summarizeJob([{ rank: 0, index: await snap(0, new LogText(0).record(T0, 'INFO', 'step 1').record(T0 + 1000, 'INFO', 'Worker 0 ended: signal SIGINT', 'worker_logging.run').text(), Date.now() - 3600_000) }, { rank: 1, index: await indexFile(file) }], { now: Date.now() });
    assert.deepStrictEqual([s.ranks.map((r) => [r.state, r.stoppedBy]), s.firstFailure], [[['finished', 'stopped by SIGINT'], ['finished', 'stopped by SIGKILL (SIGINT unanswered)']], undefined]);
    // Every ending the runner writes reads back as itself.
    for (const e of [{ code: 0 }, { code: -3 }, { signal: 'SIGTERM' }, { signal: 'SIGKILL', after: 'SIGTERM' }]) assert.deepStrictEqual(endingOf(endingMessage(4, e)), e);
    assert.strictEqual(await appendEndingRecord(path.join(dir, 'worker_9.log'), 9, { signal: 'SIGKILL', after: 'SIGINT' }), false);
    assert.ok(!fs.existsSync(path.join(dir, 'worker_9.log')));
    // A FIFO named as a log is left alone (opening it would wait for a writer).
    const fifo = path.join(dir, 'worker_5.log');
    if (spawnSync('mkfifo', [fifo]).status === 0) assert.strictEqual(await appendEndingRecord(fifo, 5, { signal: 'SIGKILL', after: 'SIGINT' }), false);
  });
});
