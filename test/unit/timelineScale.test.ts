import * as assert from 'node:assert';
import { keyAction, LABEL_LANE_PX, laneAt, laneLayout, MAX_LANE_PX, MIN_SPAN_MS, pan, tickLabel, ticks, zoom } from '../../src/webview/timeline/scale';
import { filterTime, momentLines, summaryText } from '../../src/webview/timeline/words';
import { TimelineLane } from '../../src/shared/timelineModel';

describe('timeline geometry: zoom, pan, ticks and lanes', () => {
  const bounds = { start: 0, end: 86_400_000 };

  it('zooms around the moment under the pointer, and never past the whole job or 10 ms', () => {
    const z = zoom(bounds, 0.5, 21_600_000, bounds);
    assert.deepStrictEqual(z, { start: 10_800_000, end: 54_000_000 });
    // The moment under the pointer stays where it was on the axis.
    const f = (21_600_000 - bounds.start) / (bounds.end - bounds.start);
    assert.strictEqual((21_600_000 - z.start) / (z.end - z.start), f);
    assert.deepStrictEqual(zoom(z, 100, 0, bounds), bounds);
    let v = bounds;
    for (let i = 0; i < 100; i++) v = zoom(v, 0.1, 1000, bounds);
    assert.strictEqual(v.end - v.start, MIN_SPAN_MS);
  });

  it('pans by a time, stopping at the job\'s ends', () => {
    const v = { start: 1000, end: 2000 };
    assert.deepStrictEqual(pan(v, 500, bounds), { start: 1500, end: 2500 });
    assert.deepStrictEqual(pan(v, -5000, bounds), { start: 0, end: 1000 });
    assert.deepStrictEqual(pan({ start: 86_000_000, end: 86_399_000 }, 10_000_000, bounds), { start: 86_001_000, end: 86_400_000 });
  });

  it('puts ticks on round times about 90 px apart, labelled as precisely as their step needs', () => {
    const day = ticks(bounds, 1200);
    assert.strictEqual(day.step, 7_200_000);
    assert.strictEqual(day.times[0], 0);
    assert.ok(day.times.every((t) => t % day.step === 0));
    assert.strictEqual(tickLabel(Date.UTC(2026, 1, 4, 10, 25, 37, 885), 500), '10:25:37.885');
    assert.strictEqual(tickLabel(Date.UTC(2026, 1, 4, 10, 25, 37), 5000), '10:25:37');
    assert.strictEqual(tickLabel(Date.UTC(2026, 1, 4, 10, 25), 600_000), '10:25');
    assert.deepStrictEqual(ticks({ start: 5, end: 5 }, 1000), { step: 0, times: [] });
    assert.ok(ticks({ start: 0, end: 40 }, 1000).step >= 1);
  });

  it('gives lanes equal heights when they fit, else keeps the chosen ones readable in a heat strip', () => {
    const fit = laneLayout(4, [], 400);
    assert.deepStrictEqual([...fit.heights], [MAX_LANE_PX, MAX_LANE_PX, MAX_LANE_PX, MAX_LANE_PX]);
    const strip = laneLayout(1024, [3, 700], 600);
    assert.strictEqual(strip.heights[3], LABEL_LANE_PX);
    assert.strictEqual(strip.heights[700], LABEL_LANE_PX);
    assert.ok(strip.heights[0] < 1, `${strip.heights[0]} px`);
    assert.ok(Math.abs(strip.tops[1024] - 600) < 1e-6, 'the lanes fill the height');
    assert.strictEqual(laneAt(strip.tops, strip.tops[700] + 5), 700);
    assert.strictEqual(laneAt(strip.tops, -1), -1);
    assert.strictEqual(laneAt(strip.tops, 600), -1);
    assert.deepStrictEqual([...laneLayout(0, [], 100).heights], []);
  });

  it('keys move between lanes and marks, zoom and show the whole job; other keys are not its own', () => {
    assert.deepStrictEqual(keyAction('ArrowDown', 4, 3, 2, 5), { move: [3, -1] });
    assert.deepStrictEqual(keyAction('ArrowUp', 4, 0, -1, 0), { move: [0, -1] });
    assert.deepStrictEqual(keyAction('ArrowRight', 4, 1, 4, 5), { move: [1, 4] });
    assert.deepStrictEqual(keyAction('ArrowRight', 4, 1, -1, 0), { move: [1, -1] });
    assert.deepStrictEqual(keyAction('ArrowLeft', 4, 1, -1, 5), { move: [1, -1] });
    assert.deepStrictEqual(keyAction('End', 4, 1, 2, 5), { move: [3, -1] });
    assert.deepStrictEqual([keyAction('+', 4, 0, 0, 0), keyAction('-', 4, 0, 0, 0), keyAction('0', 4, 0, 0, 0), keyAction('Enter', 4, 0, 0, 0)], [{ zoom: 0.5 }, { zoom: 2 }, { whole: true }, { enter: true }]);
    assert.strictEqual(keyAction('e', 4, 0, 0, 0), undefined);
  });
});

describe('timeline words: summary, tooltip, filter times', () => {
  const T = Date.UTC(2026, 1, 4, 10);
  const lane: TimelineLane = {
    rank: 5,
    state: 'stalled',
    label: 'Rank 5: ...',
    sessions: [{ index: 0, start: T, end: T + 20_000, state: 'stalled', line: 0, label: 'session 1 (started 10:00:00.000), 21 records, stalled' }],
    marks: [{ time: T + 5000, kind: 'error', line: 6, session: 0, text: 'ERROR 10:00:05.000 boom', first: true, wentOn: false, approximate: false }],
    silentSince: T + 20_000,
    points: [],
    progress: 'step 20, 40 behind',
    progressTime: T + 20_000,
    lagging: true,
    firstFailure: true,
  };

  it('says what a moment of a lane is: its session or its silence, the mark, the step', () => {
    assert.deepStrictEqual(momentLines(lane, T + 5000, 0), {
      lines: ['Rank 5 · 10:00:05.000', 'session 1 (started 10:00:00.000), 21 records, stalled', 'ERROR 10:00:05.000 boom · first failure of the job · click to show in the Job Log', 'step 20, 40 behind, logged at 10:00:20.000'],
      inSession: true,
    });
    assert.deepStrictEqual(momentLines(lane, T + 60_000, -1).lines.slice(1, 3), ['silent since 10:00:20.000 while other ranks write (stalled)', 'step 20, 40 behind, logged at 10:00:20.000']);
    assert.strictEqual(momentLines(lane, T + 60_000, -1).inSession, false);
    assert.strictEqual(momentLines(lane, T + 1000, -1).lines[2], 'click: this moment of the rank in the Job Log');
  });

  it('sums up the job, and writes times as the Job Log filter reads them', () => {
    const other = { ...lane, rank: 6, state: 'running' as const, lagging: false };
    assert.strictEqual(summaryText({ title: 'j', start: T, end: T + 60_000, lanes: [lane, other], attempts: [], untimed: [7] }), '2 ranks · 10:00:00.000 – 10:01:00.000 · 1 stalled · 1 running · 1 behind · 1 without timestamps (not drawn)');
    assert.strictEqual(filterTime(T + 1234.6), '2026-02-04 10:00:01.235');
  });
});
