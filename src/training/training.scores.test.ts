import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { suppressBreakdown, suppressCount } from './suppress.js';
import { isCompleted, parseScores, requiredSessionIds, scoreChange, summariseScores } from './training.scores.js';

describe('training score arithmetic', () => {
  it('measures change as percentage points of the highest score', () => {
    assert.equal(scoreChange({ pre: 8, post: 16, max: 20 }), 40);
    assert.equal(scoreChange({ pre: 15, post: 12, max: 20 }), -15);
    assert.equal(scoreChange({ pre: null, post: 12, max: 20 }), null);
    assert.equal(scoreChange({ pre: 3, post: null, max: 20 }), null);
  });

  it('averages only over participants who took both tests, across tests of different lengths', () => {
    const s = summariseScores([
      { pre: 8, post: 16, max: 20 }, // +40
      { pre: 50, post: 70, max: 100 }, // +20
      { pre: 10, post: null, max: 20 }, // not counted (no post test)
      { pre: null, post: 20, max: 20 }, // not counted (no pre test)
    ]);
    assert.equal(s.n, 2);
    assert.equal(s.meanChange, 30);
    assert.equal(s.meanPre, 45); // (40 % + 50 %) / 2
    assert.equal(s.meanPost, 75); // (80 % + 70 %) / 2
  });

  it('gives no mean when nobody took both tests', () => {
    assert.deepEqual(summariseScores([{ pre: 1, post: null, max: 10 }]), { n: 0, meanPre: null, meanPost: null, meanChange: null });
  });

  it('keeps the mean change equal to mean after minus mean before', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ max: fc.integer({ min: 1, max: 200 }), a: fc.double({ min: 0, max: 1, noNaN: true }), b: fc.double({ min: 0, max: 1, noNaN: true }) }), { minLength: 1, maxLength: 30 }), (rows) => {
        const pairs = rows.map((r) => ({ max: r.max, pre: Math.round(r.a * r.max), post: Math.round(r.b * r.max) }));
        const s = summariseScores(pairs);
        assert.equal(s.n, pairs.length);
        assert.ok(Math.abs((s.meanChange as number) - ((s.meanPost as number) - (s.meanPre as number))) < 1e-9);
        assert.ok((s.meanChange as number) >= -100 && (s.meanChange as number) <= 100);
      }),
    );
  });
});

describe('training completion', () => {
  const sessions = [
    { id: 's1', required: 1 },
    { id: 's2', required: 1 },
    { id: 's3', required: 0 },
  ];

  it('completes with every required session attended and the post test taken', () => {
    assert.equal(isCompleted({ sessions, attended: new Set(['s1', 's2']), postScore: 0 }), true);
  });

  it('does not complete when a required session was missed, whatever the optional ones', () => {
    assert.equal(isCompleted({ sessions, attended: new Set(['s1', 's3']), postScore: 15 }), false);
  });

  it('does not complete without the post test', () => {
    assert.equal(isCompleted({ sessions, attended: new Set(['s1', 's2', 's3']), postScore: null }), false);
  });

  it('requires every session when none is marked required, and never completes a training without sessions', () => {
    const none = [
      { id: 'a', required: 0 },
      { id: 'b', required: 0 },
    ];
    assert.deepEqual(requiredSessionIds(none), ['a', 'b']);
    assert.equal(isCompleted({ sessions: none, attended: new Set(['a']), postScore: 3 }), false);
    assert.equal(isCompleted({ sessions: none, attended: new Set(['a', 'b']), postScore: 3 }), true);
    assert.equal(isCompleted({ sessions: [], attended: new Set(), postScore: 3 }), false);
  });
});

describe('training scores form', () => {
  it('reads blank as not taken and refuses scores outside 0..max', () => {
    const ok = parseScores({ pre_p1: '4', post_p1: ' 18 ', pre_p2: '', post_p2: undefined }, ['p1', 'p2'], 20);
    assert.ok(ok.ok);
    assert.deepEqual(ok.value.get('p1'), { pre: 4, post: 18 });
    assert.deepEqual(ok.value.get('p2'), { pre: null, post: null });
    for (const bad of ['21', '-1', '3.5', 'abc', '1e1']) {
      const r = parseScores({ pre_p1: bad }, ['p1'], 20);
      assert.equal(r.ok, false, bad);
    }
  });
});

describe('training figures suppression', () => {
  it('hides counts from 1 to threshold − 1, shows 0 and larger counts', () => {
    assert.deepEqual(suppressCount(0, 10), { kind: 'count', value: 0 });
    assert.deepEqual(suppressCount(9, 10), { kind: 'suppressed' });
    assert.deepEqual(suppressCount(10, 10), { kind: 'count', value: 10 });
  });

  it('hides a second cell when only one would be hidden, so it cannot be recovered from the total', () => {
    const cells = suppressBreakdown(
      [
        ['police', 40],
        ['judiciary', 3],
        ['ngo', 12],
      ],
      10,
    );
    assert.deepEqual(cells, [
      ['police', { kind: 'count', value: 40 }],
      ['judiciary', { kind: 'suppressed' }],
      ['ngo', { kind: 'suppressed' }],
    ]);
  });

  // A zero is not a small count: "nobody" reveals no one, so a zero is shown, and hidden only to protect another cell.
  it('shows a zero, hides any count from 1 to threshold − 1, and never hides exactly one cell', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 12 }), fc.integer({ min: 2, max: 20 }), (ns, threshold) => {
        const cells = suppressBreakdown(
          ns.map((n, i) => [`k${i}`, n] as [string, number]),
          threshold,
        );
        for (const [, c] of cells) if (c.kind === 'count') assert.ok(c.value === 0 || c.value >= threshold);
        for (const [i, n] of ns.entries()) assert.ok(n === 0 || n >= threshold || cells[i]?.[1].kind === 'suppressed', `${n} is shown`);
        const hidden = cells.filter(([, c]) => c.kind === 'suppressed').length;
        const nonZero = ns.filter((n) => n > 0).length;
        // One hidden cell alone could be worked out from the total, unless it is the only count there is.
        assert.ok(hidden !== 1 || nonZero === 1, `${hidden} hidden of ${JSON.stringify(ns)}`);
      }),
      { numRuns: 2000 },
    );
  });

  it('shows a lone zero, and the zeros beside counts large enough to show', () => {
    assert.deepEqual(suppressBreakdown([['police', 0]], 2), [['police', { kind: 'count', value: 0 }]]);
    assert.deepEqual(
      suppressBreakdown(
        [
          ['police', 40],
          ['judiciary', 0],
          ['ngo', 12],
        ],
        10,
      ),
      [
        ['police', { kind: 'count', value: 40 }],
        ['judiciary', { kind: 'count', value: 0 }],
        ['ngo', { kind: 'count', value: 12 }],
      ],
    );
  });
});
