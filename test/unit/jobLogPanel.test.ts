import * as assert from 'node:assert';
import { filterFromText } from '../../src/core/jobMerge';
import { EMPTY_FILTER, parseWebviewMessage } from '../../src/shared/jobLogProtocol';
import { MAX_SCROLL_PX, nextSelection, ROW_HEIGHT, RowLayout, windowFor } from '../../src/webview/jobLog/layout';

describe('Job Log panel: the pure parts', () => {
  it('keeps only the rows in view (and a margin) in the DOM, and asks for windows in blocks', () => {
    const small = new RowLayout(1000);
    assert.deepStrictEqual(small.visibleRows(0, 10 * ROW_HEIGHT, 5), { first: 0, last: 16 });
    assert.deepStrictEqual(small.visibleRows(500 * ROW_HEIGHT, 10 * ROW_HEIGHT, 5), { first: 495, last: 516 });
    assert.deepStrictEqual(new RowLayout(3).visibleRows(0, 100 * ROW_HEIGHT), { first: 0, last: 3 });
    assert.deepStrictEqual(new RowLayout(0).visibleRows(0, 100 * ROW_HEIGHT), { first: 0, last: 0 });
    assert.deepStrictEqual(windowFor(210, 250), { start: 200, count: 200 });
    assert.deepStrictEqual(windowFor(390, 410), { start: 200, count: 400 });
  });

  it('8 million rows fit under the browser\'s height cap: the scrollbar is scaled and both ends are reached', () => {
    const big = new RowLayout(8_000_000);
    const vh = 10 * ROW_HEIGHT;
    assert.strictEqual(big.scrollHeight(), MAX_SCROLL_PX);
    assert.deepStrictEqual(big.visibleRows(0, vh, 0), { first: 0, last: 11 });
    const end = big.visibleRows(MAX_SCROLL_PX - vh, vh, 0);
    assert.strictEqual(end.last, 8_000_000, 'the last row is reachable');
    const middle = big.visibleRows((MAX_SCROLL_PX - vh) / 2, vh, 0);
    assert.ok(Math.abs(middle.first - 4_000_000) < 10, JSON.stringify(middle));
    // Scrolling a row into view and back to its position agree.
    const s = big.scrollToShow(6_543_210, 0, vh);
    const shown = big.visibleRows(s, vh, 0);
    assert.ok(shown.first <= 6_543_210 && shown.last > 6_543_210, JSON.stringify({ s, shown }));
  });

  it('an opened row (traceback, other ranks) is taller, and the rows after it move down', () => {
    const l = new RowLayout(100);
    l.open(10, 3);
    assert.strictEqual(l.top(10), 10 * ROW_HEIGHT);
    assert.strictEqual(l.height(10), 4 * ROW_HEIGHT);
    assert.strictEqual(l.top(11), 14 * ROW_HEIGHT);
    assert.deepStrictEqual([9, 10, 11, 12, 13, 14, 15].map((line) => l.rowAt(line * ROW_HEIGHT)), [9, 10, 10, 10, 10, 11, 12]);
    assert.strictEqual(l.realHeight(), 103 * ROW_HEIGHT);
    l.open(2, 1);
    assert.strictEqual(l.top(11), 15 * ROW_HEIGHT);
    l.close(10);
    assert.strictEqual(l.top(11), 12 * ROW_HEIGHT);
    assert.ok(!l.isOpen(10) && l.isOpen(2));
  });

  it('moves the selection with the navigation keys and scrolls it into view', () => {
    assert.deepStrictEqual(['ArrowDown', 'ArrowUp', 'PageDown', 'PageUp', 'Home', 'End', 'x'].map((k) => nextSelection(k, 10, 100, 20)), [11, 9, 29, 0, 0, 99, undefined]);
    assert.strictEqual(nextSelection('ArrowDown', 99, 100, 20), 99);
    const l = new RowLayout(100);
    assert.strictEqual(l.scrollToShow(50, 0, 10 * ROW_HEIGHT), 51 * ROW_HEIGHT - 10 * ROW_HEIGHT);
    assert.strictEqual(l.scrollToShow(5, 0, 10 * ROW_HEIGHT), 0);
  });

  it('the host ignores malformed or unknown messages from the webview', () => {
    assert.deepStrictEqual(parseWebviewMessage({ type: 'window', start: 200, count: 200 }), { type: 'window', start: 200, count: 200 });
    for (const bad of [null, 'window', { type: 'window', start: -1, count: 5 }, { type: 'window', start: 0, count: 1e9 }, { type: 'open', row: 1.5 }, { type: 'filter', filter: { ...EMPTY_FILTER, regex: 'yes' } }, { type: 'eval', code: 'x' }, { type: 'copy', rows: ['1'] }, { type: 'timelineOpen', rank: 1 }, { type: 'timelineOpen', rank: -1, line: 2 }, { type: 'timelineFilter' }, { type: 'timelineFilter', ranks: 3 }, { type: 'timelineFilter', since: 'x'.repeat(101) }]) {
      assert.strictEqual(parseWebviewMessage(bad), undefined, JSON.stringify(bad));
    }
    assert.deepStrictEqual(parseWebviewMessage({ type: 'timelineOpen', rank: 3, line: 40, extra: 1 }), { type: 'timelineOpen', rank: 3, line: 40 });
    // (Which file opens is the host's: the webview names none.)
    assert.deepStrictEqual(parseWebviewMessage({ type: 'openLauncher', file: '/etc/passwd' }), { type: 'openLauncher' });
    assert.deepStrictEqual(parseWebviewMessage({ type: 'timelineMoment', rank: 2, time: 1770199230000.5 }), { type: 'timelineMoment', rank: 2, time: 1770199230000.5 });
    for (const bad of [{ type: 'timelineMoment', rank: 2, time: Infinity }, { type: 'timelineMoment', rank: 2, time: '1' }, { type: 'timelineRecordAt', rank: -2, time: 1 }, { type: 'timelineFold', open: 'yes' }]) {
      assert.strictEqual(parseWebviewMessage(bad), undefined, JSON.stringify(bad));
    }
    assert.deepStrictEqual(parseWebviewMessage({ type: 'timelineFilter', since: '2026-02-04 10:00:00' }), { type: 'timelineFilter', ranks: undefined, since: '2026-02-04 10:00:00', until: undefined });
    const f = parseWebviewMessage({ type: 'filter', filter: { ...EMPTY_FILTER, text: 'x', extra: 'dropped' } });
    assert.deepStrictEqual(f, { type: 'filter', filter: { ...EMPTY_FILTER, text: 'x' } });
  });

  it('reads the toolbar into a filter, or says what is wrong', () => {
    const plain = filterFromText({ ...EMPTY_FILTER, text: 'a.b (c)', level: 'WARNING', ranks: '0,3-5' });
    assert.strictEqual(plain.problem, undefined);
    assert.ok(plain.filter.text!.test('x A.B (C) y') && !plain.filter.text!.test('aXb (c)'), 'plain text, any case');
    assert.strictEqual(plain.filter.minLevel, 30);
    assert.ok(plain.filter.ranks!.has(4) && !plain.filter.ranks!.has(2));
    assert.match(filterFromText({ ...EMPTY_FILTER, text: '(', regex: true }).problem!, /^Text: Invalid regular expression/);
    assert.match(filterFromText({ ...EMPTY_FILTER, ranks: 'x' }).problem!, /^Ranks: "x" in "x" is not a rank/);
    const range = filterFromText({ ...EMPTY_FILTER, since: '2026-02-04 10:25:00', until: '2026-02-04 10:30:00' }).filter;
    assert.deepStrictEqual([range.since, range.until], [Date.UTC(2026, 1, 4, 10, 25), Date.UTC(2026, 1, 4, 10, 30, 0, 999)], 'a time to the second covers that second');
    assert.match(filterFromText({ ...EMPTY_FILTER, since: 'noon' }).problem!, /^From: "noon" is not a time/);
    assert.match(filterFromText({ ...EMPTY_FILTER, attempt: 'two' }).problem!, /^Attempt: "two" is not a number/);
  });
});
