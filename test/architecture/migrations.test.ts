import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MIGRATIONS } from '../../src/platform/db/migrations/index.js';
import { listFiles } from './graph.js';

describe('the migration list', () => {
  const names = Object.keys(MIGRATIONS);

  it('is in time order, so that reading it tells the history of the schema', () => {
    assert.deepEqual(names, [...names].sort());
  });

  it('lists every migration file once, by its file name', () => {
    const files = listFiles('src/platform/db/migrations')
      .map((f) => f.replace(/^.*\//, ''))
      .filter((f) => f !== 'index.ts')
      .map((f) => f.replace(/\.ts$/, ''));
    assert.deepEqual([...names].sort(), files.sort());
    for (const n of names) assert.match(n, /^\d{8}T\d{6}-[a-z0-9-]+$/);
  });
});
