import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isId, newId } from '../../src/platform/ids.js';

describe('ids', () => {
  it('are UUIDv7, strictly increasing even within one millisecond, and never repeat', () => {
    const ids = Array.from({ length: 20_000 }, () => newId());
    for (const id of ids) assert.ok(isId(id) && id[14] === '7', id);
    for (let i = 1; i < ids.length; i++) assert.ok((ids[i] as string) > (ids[i - 1] as string), `${ids[i - 1]} then ${ids[i]}`);
    assert.equal(new Set(ids).size, ids.length);
  });

  it('carry their creation time', () => {
    const before = Date.now();
    const id = newId();
    const ms = Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16);
    assert.ok(ms >= before && ms <= Date.now() + 50);
  });
});
