import * as assert from 'node:assert';
import { emptyCounts, Session } from '../../src/core/indexModel';
import { sessionStarts, stepSession } from '../../src/core/sessionNavigation';

function session(index: number, startLine: number, endLine: number, records: number): Session {
  return { index, startLine, startOffset: 0, endLine, endOffset: 0, records, counts: emptyCounts(), errors: [], errorsOmitted: 0 };
}

describe('session navigation', () => {
  const starts = sessionStarts([session(0, 0, 9, 10), session(1, 10, 19, 10), session(2, 20, 25, 6)]);

  it('lists session starts, skipping an empty first session', () => {
    assert.deepStrictEqual(starts, [0, 10, 20]);
    assert.deepStrictEqual(sessionStarts([session(0, 0, -1, 0), session(1, 0, 5, 6)]), [0]);
  });

  it('steps forward and back from any line, and says which end it reached', () => {
    assert.deepStrictEqual(stepSession(starts, 0, 1), { line: 10, session: 2 });
    assert.deepStrictEqual(stepSession(starts, 12, 1), { line: 20, session: 3 });
    assert.deepStrictEqual(stepSession(starts, 20, 1), { atEnd: 'last', session: 3 });
    assert.deepStrictEqual(stepSession(starts, 20, -1), { line: 10, session: 2 });
    assert.deepStrictEqual(stepSession(starts, 12, -1), { line: 10, session: 2 });
    assert.deepStrictEqual(stepSession(starts, 0, -1), { atEnd: 'first', session: 1 });
  });
});
