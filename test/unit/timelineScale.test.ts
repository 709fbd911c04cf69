import * as assert from 'node:assert';
import { LABEL_LANE_PX, laneAt, laneLayout, MAX_LANE_PX, MIN_SPAN_MS, pan, tickLabel, ticks, zoom } from '../../src/webview/timeline/scale';

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
});
