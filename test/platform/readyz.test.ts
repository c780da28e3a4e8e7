import assert from 'node:assert/strict';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { MIGRATIONS } from '../../src/platform/db/migrations/index.js';
import { createTestEnv, DIALECTS, type TestEnv } from '../helper.js';

for (const dialect of DIALECTS) {
  describe(`/readyz (${dialect})`, () => {
    let env: TestEnv;
    before(async () => {
      env = await createTestEnv(dialect);
    });
    after(async () => env.close());

    const readyz = async () => {
      const r = await env.app.inject({ method: 'GET', url: '/readyz' });
      return { status: r.statusCode, body: r.json() as { status: string; checks: Record<string, string> } };
    };

    it('answers 503 naming the failing check: a pending migration, a file store that takes no write, a database that is gone', async () => {
      const newest = Object.keys(MIGRATIONS).at(-1) as string;
      const row = await sql<{ name: string; timestamp: string }>`select name, timestamp from kysely_migration where name = ${newest}`.execute(env.ctx.db);
      await sql`delete from kysely_migration where name = ${newest}`.execute(env.ctx.db);
      const pending = await readyz();
      assert.equal(pending.status, 503);
      assert.deepEqual(pending.body, { status: 'unavailable', checks: { database: 'ok', files: 'ok', migrations: 'failed' } });
      const { timestamp } = row.rows[0] as { timestamp: string };
      await sql`insert into kysely_migration (name, timestamp) values (${newest}, ${timestamp})`.execute(env.ctx.db);
      assert.deepEqual(await readyz(), { status: 200, body: { status: 'ready', checks: { database: 'ok', files: 'ok', migrations: 'ok' } } });

      // The file store replaced by a plain file: no write can succeed there.
      const files = join(env.config.dataDir, 'files');
      renameSync(files, `${files}.away`);
      writeFileSync(files, 'not a folder');
      const noFiles = await readyz();
      assert.equal(noFiles.status, 503);
      assert.equal(noFiles.body.checks.files, 'failed');
      rmSync(files);
      renameSync(`${files}.away`, files);
      assert.equal((await readyz()).status, 200);
    });

    it('answers 503, never 500, once the database is closed', async () => {
      await env.ctx.database.close();
      const gone = await readyz();
      assert.equal(gone.status, 503);
      assert.equal(gone.body.checks.database, 'failed');
    });
  });
}
