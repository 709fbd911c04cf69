import * as assert from 'node:assert';
import { maxOf, minOf } from '../../src/core/extremes';

describe('maxOf and minOf: the extremes of many numbers', () => {
  it('as Math.max and Math.min for a few, and for none', () => {
    assert.strictEqual(maxOf([3, -1, 7.5, 2]), 7.5);
    assert.strictEqual(minOf([3, -1, 7.5, 2]), -1);
    assert.strictEqual(maxOf([]), -Infinity);
    assert.strictEqual(minOf([]), Infinity);
    assert.strictEqual(maxOf([-Infinity, -5]), -5);
    assert.strictEqual(maxOf(new Set([4, 9, 1]).values()), 9);
  });

  it('NaN is passed over (Math.max gives NaN for the whole list)', () => {
    assert.strictEqual(maxOf([1, NaN, 3]), 3);
    assert.strictEqual(minOf([NaN, 2, 5]), 2);
  });

  it('500,000 values, which Math.max(...values) cannot take', () => {
    const values = Array.from({ length: 500_000 }, (_, k) => (k * 7919) % 500_000);
    assert.throws(() => Math.max(...values), RangeError);
    assert.strictEqual(maxOf(values), 499_999);
    assert.strictEqual(minOf(values), 0);
  });
});
