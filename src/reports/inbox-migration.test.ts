import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Kysely, type MigrationProvider, Migrator } from 'kysely';
import { DIALECTS, freshPostgresDatabase } from '../../test/helper.js';
import { type Database, openPostgres, openSqlite } from '../platform/db/database.js';
import { MIGRATIONS } from '../platform/db/migrations/index.js';

const BEFORE_INBOX = '20261128T100000-dashboard-rollup';
const now = '2026-11-20T10:00:00.000Z';

function migrator(database: Database) {
  const provider: MigrationProvider = {
    getMigrations: async () =>
      Object.fromEntries(
        // biome-ignore lint/suspicious/noExplicitAny: migrations see the schema of their day
        Object.entries(MIGRATIONS).map(([name, m]) => [name, { up: (db: Kysely<any>) => m.up(db, database.dialect) }]),
      ),
  };
  return new Migrator({ db: database.db, provider });
}

function reportRow(id: string, officeId: string | null, reference: string) {
  return {
    id, office_id: officeId, reference, receipt_hash: `hash-${id}`, state: 'new', closure_reason: null, reporter_role: 'witness', country: 'TN', location_known: 0,
    danger_now: 'no', recent_24h: 'no', children: 'no', people_count: '1', recruitment_codes: '[]', control_codes: '[]', exploitation_codes: '[]', language: null,
    form_locale: 'en', priority: 'low', priority_reasons: '[]', priority_decision: null, priority_level: null, priority_note_enc: null, priority_decided_by: null,
    consents: '{}', content_enc: 'sealed', case_id: null, received_at: now, closed_at: null, created_at: now, updated_at: now,
  };
}

for (const dialect of DIALECTS) {
  describe(`the national inbox migration keeps every report row (${dialect})`, () => {
    let database: Database;
    let cleanup: () => Promise<void>;
    before(async () => {
      if (dialect === 'postgres') {
        const fresh = await freshPostgresDatabase();
        database = openPostgres(fresh.url);
        cleanup = fresh.drop;
      } else {
        const dir = mkdtempSync(join(tmpdir(), 'abri-mig-'));
        database = openSqlite(join(dir, 'abri.db'));
        cleanup = async () => rmSync(dir, { recursive: true, force: true });
      }
    });
    after(async () => {
      await database.close();
      await cleanup();
    });

    it('relaxes office_id on the report tables, keeping rows, indexes, triggers and cascades', async () => {
      const m = migrator(database);
      assert.equal((await m.migrateTo(BEFORE_INBOX)).error, undefined);
      // biome-ignore lint/suspicious/noExplicitAny: the schema of the day before the migration
      const db = database.db as Kysely<any>;
      await db.insertInto('offices').values({ id: 'o1', code: 'TN', name: 'Tunis', country: 'TN', languages: '["fr"]', time_zone: 'Africa/Tunis', created_at: now, updated_at: now }).execute();
      await db.insertInto('reports').values([reportRow('r1', 'o1', 'TN-R2026-00001'), reportRow('r2', 'o1', 'TN-R2026-00002')]).execute();
      await db.insertInto('report_messages').values({ id: 'm1', report_id: 'r1', office_id: 'o1', author: 'staff', author_id: null, body_enc: 'x', created_at: now }).execute();
      await db.insertInto('report_files').values({ id: 'f1', report_id: 'r1', office_id: 'o1', message_id: null, mime: 'application/pdf', size: 3, stripped: 0, created_at: now }).execute();
      await db.insertInto('report_lookups').values({ report_id: 'r1', office_id: 'o1', kind: 'phone', token: 't' }).execute();
      await db.insertInto('report_links').values({ id: 'l1', office_id: 'o1', report_id: 'r1', related_report_id: 'r2', confirmed_by: 'u', created_at: now }).execute();
      await db.insertInto('report_submissions').values({ id: 's1', report_id: 'r1', code_sealed: 'c', created_at: now }).execute();

      assert.equal((await m.migrateToLatest()).error, undefined);
      for (const table of ['reports', 'report_messages', 'report_files', 'report_lookups', 'report_links', 'report_submissions']) {
        const rows = await db.selectFrom(table).selectAll().execute();
        assert.ok(rows.length >= 1, `${table} kept its rows`);
      }
      assert.equal((await db.selectFrom('reports').select('id').execute()).length, 2);
      // A report without an office is accepted now, and still counted for the dashboards when it has one.
      await db.insertInto('reports').values(reportRow('r3', null, 'INBOX-R2026-00001')).execute();
      await db.deleteFrom('dashboard_dirty').execute();
      await db.updateTable('reports').set({ office_id: 'o1' }).where('id', '=', 'r3').execute();
      assert.deepEqual(await db.selectFrom('dashboard_dirty').select(['office_id', 'month']).execute(), [{ office_id: 'o1', month: '2026-11' }]);
      // Foreign keys still hold: an unknown office is refused, and deleting a report takes its messages with it.
      await assert.rejects(db.insertInto('reports').values(reportRow('r4', 'nowhere', 'X-R2026-00001')).execute());
      await db.deleteFrom('report_links').execute();
      await db.deleteFrom('reports').where('id', '=', 'r1').execute();
      assert.equal((await db.selectFrom('report_messages').select('id').execute()).length, 0);
      assert.equal((await db.selectFrom('report_submissions').select('id').execute()).length, 0);
      // The unique receipt hash is still enforced.
      await assert.rejects(db.insertInto('reports').values({ ...reportRow('r5', 'o1', 'TN-R2026-00009'), receipt_hash: 'hash-r2' }).execute());
    });
  });
}
