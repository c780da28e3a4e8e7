import type { Kysely } from 'kysely';

/**
 * Split OpenRosa submissions (issue 19): the files of the parts received so far, sealed, until the last part
 * arrives (ODK Collect splits a submission larger than the server's limit, same instanceID, `*isIncomplete*=yes`).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('odk_parts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('office_id', 'text', (c) => c.notNull())
    .addColumn('app_user_id', 'text', (c) => c.notNull())
    .addColumn('instance_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('content_enc', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('odk_parts_instance').on('odk_parts').columns(['app_user_id', 'instance_id', 'name']).unique().execute();
  await db.schema.createIndex('odk_parts_received').on('odk_parts').column('received_at').execute();
}
