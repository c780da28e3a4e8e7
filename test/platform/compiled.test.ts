import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { compiledInsert, compiledOnce } from '../../src/platform/db/compiled.js';
import { createTestEnv, DIALECTS } from '../support/app.js';

for (const dialect of DIALECTS) {
  describe(`queries compiled once (${dialect})`, () => {
    it('run with each call’s values, inside and outside a transaction, and refuse a value used as anything but a parameter', async () => {
      const env = await createTestEnv(dialect);
      try {
        const db = env.ctx.db;
        const insert = compiledInsert<'settings', { key: string; value: string; updated_at: string }>((d) => d.insertInto('settings'));
        await insert(db, [
          { key: 'a', value: '1', updated_at: 'x' },
          { key: 'b', value: '2', updated_at: 'x' },
        ]);
        await env.ctx.database.durableTransaction((tx) => insert(tx, { key: 'c', value: '3', updated_at: 'x' }));
        const read = compiledOnce((d, v: { key: string }) => d.selectFrom('settings').select('value').where('key', '=', v.key).where('updated_at', '=', 'x'));
        assert.deepEqual((await read(db, { key: 'b' })).rows, [{ value: '2' }]);
        assert.deepEqual((await read(db, { key: 'c' })).rows, [{ value: '3' }]);
        assert.deepEqual((await read(db, { key: 'zz' })).rows, []);
        const bump = compiledOnce((d, v: { key: string; value: string }) => d.updateTable('settings').set({ value: v.value }).where('key', '=', v.key));
        assert.equal(Number((await bump(db, { key: 'a', value: '9' })).numAffectedRows), 1);
        assert.deepEqual((await read(db, { key: 'a' })).rows, [{ value: '9' }]);
        await assert.rejects(read(db, { key: undefined as unknown as string }), /no value for "key"/);
        const misuse = compiledOnce((d, v: { key: string }) =>
          d
            .selectFrom('settings')
            .select('value')
            .where('key', '=', sql.lit(`${v.key}`)),
        );
        await assert.rejects(misuse(db, { key: 'a' }), /not a bound parameter/);
      } finally {
        await env.close();
      }
    });
  });
}
