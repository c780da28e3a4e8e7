import { type Kysely, sql } from 'kysely';
import type { MigrationDialect } from '../migration.js';

/**
 * The national inbox: a report that no office can take yet (none exists, or none covers its country) is kept
 * with `office_id` null until one does. The report tables' `office_id` becomes nullable; the inbox's operators
 * are named in `report_inbox_operators`; its references are numbered by `report_inbox_sequence`.
 */
const TABLES = ['reports', 'report_messages', 'report_files', 'report_lookups', 'report_links'] as const;

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
type AnyDb = Kysely<any>;

/**
 * SQLite cannot drop a NOT NULL constraint: the table is rebuilt (sqlite.org/lang_altertable.html, "other kinds
 * of table schema changes"), foreign keys off so that dropping the old table cascades nothing, and its indexes
 * and triggers created again from their stored SQL.
 */
async function rebuildWithoutNotNull(db: AnyDb, table: string): Promise<void> {
  const rows = await sql<{ type: string; sql: string | null }>`select type, sql from sqlite_master where tbl_name = ${table}`.execute(db);
  const create = rows.rows.find((r) => r.type === 'table')?.sql;
  if (!create) throw new Error(`${table}: no table definition`);
  const relaxed = create.replace(/"office_id" text not null/i, '"office_id" text');
  if (relaxed === create) throw new Error(`${table}: office_id is not a NOT NULL column`);
  const temp = `${table}__inbox`;
  const renamed = relaxed.replace(/^create table "?[a-z_]+"?/i, `create table "${temp}"`);
  const extras = rows.rows.filter((r) => (r.type === 'index' || r.type === 'trigger') && r.sql).map((r) => r.sql as string);
  await sql.raw(renamed).execute(db);
  await sql.raw(`insert into "${temp}" select * from "${table}"`).execute(db);
  await sql.raw(`drop table "${table}"`).execute(db);
  await sql.raw(`alter table "${temp}" rename to "${table}"`).execute(db);
  for (const statement of extras) await sql.raw(statement).execute(db);
}

export async function up(db: AnyDb, dialect: MigrationDialect): Promise<void> {
  if (dialect === 'sqlite') {
    await sql`pragma foreign_keys = off`.execute(db);
    try {
      await sql`begin`.execute(db);
      for (const table of TABLES) await rebuildWithoutNotNull(db, table);
      const broken = await sql`pragma foreign_key_check`.execute(db);
      if (broken.rows.length) throw new Error('report inbox migration: foreign key check failed');
      await sql`commit`.execute(db);
    } catch (e) {
      await sql`rollback`.execute(db).catch(() => undefined);
      throw e;
    } finally {
      await sql`pragma foreign_keys = on`.execute(db);
    }
  } else {
    for (const table of TABLES) await sql.raw(`alter table "${table}" alter column "office_id" drop not null`).execute(db);
  }
  await db.schema.createIndex('reports_inbox').on('reports').columns(['received_at']).where(sql.ref('office_id'), 'is', null).execute();

  await db.schema
    .createTable('report_inbox_operators')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('granted_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('report_inbox_sequence')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .execute();
  await db.insertInto('report_inbox_sequence').values({ id: 1, seq: 0 }).execute();
}
