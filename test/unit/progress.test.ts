import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { indexFile } from '../../src/core/fileIndex';
import { compileProgressPattern, lastProgress, progressLabel, progressLag, ProgressPattern, stepIn } from '../../src/core/progress';
import { tempDir } from '../support/tempFiles';

const DEFAULT = compileProgressPattern(undefined) as ProgressPattern;

describe('progress: the step counter of a rank, and who falls behind', () => {
  it('reads step counters and not the numbers around them', () => {
    const cases: [string, number | undefined, number?][] = [
      ['step=1200 loss=2.3401 lr=3.000e-4 grad_norm=0.269', 1200],
      ['Epoch 3 | Step 120/5000 | 0.996 s/it', 120, 5000],
      ['global_step=80078 epoch=2', 80078],
      ['iter 512: loss 0.5', 512],
      ['iteration: 17', 17],
      ['epoch 4 done', 4],
      ['Step 12/300', 12, 300],
      ['Saved checkpoint to /scratch/runs/ckpt/step_0001200.pt (1.23 GiB)', undefined],
      ['loading /data/step-5/shard_3.tar', undefined],
      ['steps_per_epoch=100 warmup_steps=2000', undefined],
      ['lr=3.0e-04 warmup 120/2000 cosine decay', undefined],
      ['stepper motor at 5 rpm', undefined],
      ['Batch 512 failed at step 511 on cuda:2', 511],
      ['step 1.5 of the recipe', undefined],
      // A tqdm bar's count (Hugging Face's Trainer), but for a keyword's (Lightning's epoch), and no count without the bar's time after it.
      [' 45%|████▌     | 450/1000 [01:23<01:40,  5.40it/s]', 450, 1000],
      ['100%|##########| 50/50 [00:05<00:00,  9.80it/s]', 50, 50],
      ['Epoch 3:  45%|████▌     | 450/1000 [01:23<01:40,  5.40it/s, v_num=0, train_loss=2.310]', 3],
      ['| 450/1000 |', undefined],
      ['Map: 100%|██████████| 50000/50000 [00:05<00:00, 9800.00 examples/s]', undefined],
      ['Loading checkpoint shards: 100%|##########| 4/4 [00:05<00:00,  1.30s/it]', undefined],
      ['a|450/1000 [x]', undefined],
      // NeMo's bar (Lightning's, its metrics as floats): its global step, a whole number.
      ['Epoch 0: :   1%|          | 10/1000 [00:30<84:00:00, reduced_train_loss=10.50, global_step=9.000, consumed_samples=80.00]', 9],
      ['global_step=9.5', undefined],
      ['global_step=9.0001', undefined],
      ['Slurm cancelled job step 81234.0 on gpu-node-07', undefined],
      // fairseq's: its updates are the job's steps, not the epoch nor the step of the epoch.
      ['epoch 001:    100 / 1000 loss=9.1, nll_loss=8.9, ppl=477.2, wps=12000, ups=3.1, num_updates=2100, lr=1e-05', 2100],
      // MMEngine's (OpenMMLab's trainers): by iteration, or by epoch (its epoch read); not its validation's.
      ['Iter(train) [  40/1000]  lr: 2.0000e-02  eta: 0:10:01  loss: 0.5', 40, 1000],
      ['Epoch(train)  [3][ 40/60]  lr: 2.0000e-02  eta: 0:00:02  loss: 0.5', 3],
      ['Epoch(val) [3][10/50]    eta: 0:00:01', undefined],
      ['Iter(val) [10/50]    eta: 0:00:01', undefined],
    ];
    for (const [message, step, total] of cases) {
      const got = stepIn(message, DEFAULT);
      assert.deepStrictEqual(got && { step: got.step, total: got.total }, step === undefined ? undefined : { step, total }, message);
    }
  });

  it('a bad pattern in the setting gets a message, not a crash', () => {
    assert.match((compileProgressPattern('step=(\\d+') as { error: string }).error, /not a valid regular expression/);
    assert.match((compileProgressPattern('step=\\d+') as { error: string }).error, /needs a group for the step number/);
    assert.match((compileProgressPattern('(\\d*)') as { error: string }).error, /matches an empty message/);
    const own = compileProgressPattern('batch (\\d+)') as ProgressPattern;
    assert.deepStrictEqual(stepIn('batch 42 of many', own), { step: 42, total: undefined });
    // Case-insensitive without the i flag, which V8's engine of linear time (src/regexpGuard.ts) cannot run.
    assert.strictEqual(own.regex.flags, 'g');
    assert.deepStrictEqual(stepIn('BATCH 43 of many', own), { step: 43, total: undefined });
    assert.strictEqual(DEFAULT.regex.flags, 'g');
    assert.deepStrictEqual(stepIn('no step here', DEFAULT), undefined);
  });

  it("reads a rank's last step backward from the end of its log, past records without one", async () => {
    const dir = tempDir();
    const file = path.join(dir, 'worker_6.log');
    const rec = (s: number, msg: string) => `2026-11-30 09:00:${String(s).padStart(2, '0')},000 - Worker 6 - train - INFO - ${msg}`;
    fs.writeFileSync(file, [rec(1, 'step=1190 loss=1'), rec(2, 'step=1200 loss=1'), 'Traceback (most recent call last):', '  File "x.py", line 3, in f', 'ValueError: step 9999 in a traceback', rec(3, 'saving /ckpt/step_1200.pt'), rec(4, 'waiting for data')].join('\n') + '\n');
    const index = await indexFile(file);
    const p = await lastProgress(file, 6, DEFAULT, { offset: index.bytes, line: index.lines });
    assert.deepStrictEqual(p, { rank: 6, step: 1200, total: undefined, time: Date.UTC(2026, 10, 30, 9, 0, 2), line: 1 });
    assert.strictEqual(await lastProgress(file, 6, DEFAULT, { offset: index.bytes, line: index.lines }, { maxRecords: 2 }), undefined);
    assert.strictEqual(await lastProgress(path.join(dir, 'gone.log'), 6, DEFAULT, { offset: 0, line: 0 }), undefined);
  });

  it('flags the ranks more than the threshold behind the median', () => {
    const readings = [0, 1, 2, 3, 4, 5, 6, 7].map((rank) => ({ rank, step: rank === 6 ? 1200 : 1250, line: 0 }));
    const lag = progressLag(readings, 10);
    assert.deepStrictEqual(lag.filter((l) => l.lagging).map((l) => [l.rank, l.behind]), [[6, 50]]);
    assert.strictEqual(progressLabel(lag[6]), 'step 1200, 50 behind');
    assert.strictEqual(progressLabel(lag[0]), 'step 1250');
    assert.deepStrictEqual(progressLag([{ rank: 0, step: 5, line: 0 }], 0).map((l) => l.lagging), [false]);
  });
});
