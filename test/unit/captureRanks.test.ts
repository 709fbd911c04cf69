import * as assert from 'node:assert';
import { CaptureRanks } from '../../src/core/captureRanks';
import { FormatRanks } from '../../src/core/formatRanks';
import { compileUserFormats } from '../../src/core/userFormats';

describe("a capture's lines to their ranks (CaptureRanks)", () => {
  it('joins a partial line with the rest its rank writes later; a line is its last piece\'s', () => {
    const c = new CaptureRanks('torchrun');
    assert.deepStrictEqual(c.take('[rank0]:loss[rank1]:step 3')?.map((l) => [l.rank, l.text]), [[1, 'step 3']]);
    assert.strictEqual(c.ownerOf('[rank0]:loss[rank1]:step 3'), 1);
    assert.deepStrictEqual(c.take('[rank0]: 0.5')?.map((l) => [l.rank, l.text]), [[0, 'loss 0.5']]);
    assert.strictEqual(c.take('launcher says hi'), undefined);
    assert.strictEqual(c.ownerOf('launcher says hi'), -1);
  });

  it("Open MPI's pieces go on in their own stream: a print cut before its newline is not joined with the same rank's stderr record that comes between (mpirun tags each piece a rank writes)", () => {
    const c = new CaptureRanks('openmpi', [], 1024, false);
    const take = (line: string) => c.take(line)?.map((l) => [l.rank, l.prefix.stream, l.text]);
    assert.deepStrictEqual(take('[1,0]<stdout>:print from 0 step 0[1,0]<stdout>:'), [[0, 'stdout', 'print from 0 step 0']]);
    assert.deepStrictEqual(take('[1,0]<stdout>:print from 0 step 2[1,0]<stderr>:2026-12-05 22:22:42,405 INFO train: step 2'), [[0, 'stderr', '2026-12-05 22:22:42,405 INFO train: step 2']]);
    assert.ok(c.hasPartial(0), "rank 0's print waits for its newline");
    assert.deepStrictEqual([...c.partialRanks()], [0]);
    assert.deepStrictEqual(take('[1,1]<stdout>:print from 1 step 1'), [[1, 'stdout', 'print from 1 step 1']]);
    assert.deepStrictEqual(take('[1,0]<stdout>:'), [[0, 'stdout', 'print from 0 step 2']]);
    assert.strictEqual(c.hasPartial(0), false);
    // A stderr piece waits for its own stream's rest too (faulthandler's header in pieces), past the rank's stdout line.
    assert.deepStrictEqual(take('[1,2]<stderr>:Thread 0x[1,2]<stdout>:step 3'), [[2, 'stdout', 'step 3']]);
    assert.deepStrictEqual([c.hasPartial(2), [...c.partialRanks()]], [true, [2]]);
    assert.deepStrictEqual(take('[1,2]<stderr>:00007f1e (most recent call first):'), [[2, 'stderr', 'Thread 0x00007f1e (most recent call first):']]);
  });

  it('pdsh hosts are ranks in the order given, then as they come', () => {
    const c = new CaptureRanks('pdsh', ['node1', 'node2']);
    assert.deepStrictEqual(c.take('node2: x')?.map((l) => l.rank), [1]);
    assert.deepStrictEqual(c.take('node9: y')?.map((l) => l.rank), [2]);
    assert.strictEqual(c.nameOf(2), 'node9');
    assert.strictEqual(c.hosts.rankOf('node1'), 0);
  });

  it('partial lines that never end are let out once they hold more than a bound, so a hostile capture cannot fill memory', () => {
    const c = new CaptureRanks('torchrun', [], 100);
    let out = 0;
    // 50 ranks each start a line of 30 characters and never end it: 1,500 characters > 8 x 100.
    for (let r = 0; r < 50; r++) out += c.take(`[rank${r}]:${'x'.repeat(30)}[rank999]:y`)!.length;
    assert.ok(out > 50, `${out} lines let out`);
    const rest = c.take('[rank0]:end')!;
    assert.ok(rest.every((l) => l.text.length <= 100 * 8));
  });

  it('an Open MPI 4 tag keeps the space that starts the line; Open MPI 5 writes one after its tag', () => {
    assert.deepStrictEqual(new CaptureRanks('openmpi', [], 1024, false).take('[1,0]<stdout>:  File "x.py"')?.map((l) => l.text), ['  File "x.py"']);
    assert.deepStrictEqual(new CaptureRanks('openmpi', [], 1024, true).take('[1,0]<stdout>:   File "x.py"')?.map((l) => l.text), ['  File "x.py"']);
  });

  it('reads a prefix from bytes only when the line is its rank\'s whole line', () => {
    const c = new CaptureRanks('torchrun');
    const b = (s: string) => Buffer.from(s);
    assert.deepStrictEqual(c.prefixAt(b('[rank12]:hello'), 0, 14), { rank: 12, rest: 9 });
    assert.strictEqual(c.prefixAt(b('[rank1]:a[rank2]:b'), 0, 18), undefined);
    c.take('[rank3]:part[rank4]:x');
    assert.strictEqual(c.prefixAt(b('[rank3]:rest'), 0, 12), undefined);
    assert.strictEqual(new CaptureRanks('srun').prefixAt(b(' 7: hi'), 0, 6)?.rank, 7);
  });

  it("a user format's rank group: an error record's traceback is its rank's, rich's panel too (its lines up to the exception after its bottom); the next line is the launcher's", () => {
    const { formats } = compileUserFormats([
      { name: 'spawn', pattern: '^(?<time>\\S+ \\S+) \\[rank (?<rank>\\d+)\\] (?<level>[A-Z]+) (?<logger>\\S+): (?<message>.*)$', timeFormat: 'iso', samples: ['2026-11-30 09:00:00,000 [rank 0] INFO train: step 1'] },
    ]);
    const f = new FormatRanks(formats[0], 2026);
    const lines = [
      '2026-11-30 09:00:01,000 [rank 1] ERROR train: bad shard',
      '╭───── Traceback (most recent call last) ─────╮',
      '│ /job/train.py:12 in load                     │',
      '╰──────────────────────────────────────────────╯',
      "KeyError: 'shard'",
      'print from the parent',
      '2026-11-30 09:00:02,000 [rank 0] ERROR train: bad too',
      '+----- Traceback (most recent call last) -----+',
      '| /job/train.py:12 in load                     |',
      '+---------------------------------------------+',
      'ValueError: x',
      'print again',
    ];
    assert.deepStrictEqual(lines.map((l) => f.ownerOf(l)), [1, 1, 1, 1, 1, -1, 0, 0, 0, 0, 0, -1]);
  });
});
