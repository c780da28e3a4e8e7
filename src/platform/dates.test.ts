import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAfterToday, todayIn } from './dates.js';

describe('calendar dates in a time zone', () => {
  const now = new Date('2026-12-03T23:30:00Z');
  it('gives the date a person in that zone sees', () => {
    assert.equal(todayIn('UTC', now), '2026-12-03');
    assert.equal(todayIn('Africa/Tunis', now), '2026-12-04');
    assert.equal(todayIn('America/Bogota', now), '2026-12-03');
    assert.equal(todayIn('Not/AZone', now), '2026-12-03');
  });
  it('counts today as not in the future', () => {
    assert.equal(isAfterToday('2026-12-04', 'Africa/Tunis', now), false);
    assert.equal(isAfterToday('2026-12-04', 'UTC', now), true);
    assert.equal(isAfterToday('2026-12-05', 'Africa/Tunis', now), true);
  });
});
