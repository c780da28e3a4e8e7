import { sql } from 'kysely';
import {
  attachmentContentKeyLabel,
  attachmentNameKeyLabel,
  CASE_RECORD_SEALED_COLUMNS,
  PERSON_GROUPS,
  type PersonGroup,
  personKeyLabel,
} from '../cases/index.js';
import type { AppContext } from '../platform/context.js';
import type { Tx } from '../platform/db/database.js';

/** The case feature's own records with sealed text columns (attachments, sealed as bytes, are re-sealed apart). */
const CASE_RECORD_TABLES = Object.entries(CASE_RECORD_SEALED_COLUMNS)
  .filter(([table]) => table !== 'case_attachments')
  .map(([table, columns]) => ({ table, columns: columns.map(([column, prefix]): [string, string] => [column, prefix]) }));

/**
 * Every table holding a case's rows, with its encrypted columns and the additional data each is sealed with
 * (`<prefix>.<name>:<row id>`, as the owning module writes it). On a hand-over each value is opened with the
 * sending office's key and sealed again with the receiving office's, and the rows move to the receiving office.
 * A value that cannot be opened stops the hand-over (the transaction rolls back): nothing stays behind under
 * the old office's key unnoticed.
 */
export const CASE_ROW_TABLES: Array<{ table: string; columns: Array<[column: string, aadPrefix: string]> }> = [
  { table: 'consents', columns: [] },
  { table: 'case_lookups', columns: [] },
  { table: 'case_name_tokens', columns: [] },
  ...CASE_RECORD_TABLES,
  { table: 'plan_objectives', columns: [['objective_enc', 'plan_objectives.objective']] },
  { table: 'plan_actions', columns: [['description_enc', 'plan_actions.description']] },
  { table: 'plan_services', columns: [['notes_enc', 'plan_services.notes']] },
  {
    table: 'referrals',
    columns: [
      ['details_enc', 'referrals.details'],
      ['grant_enc', 'referrals.grant'],
    ],
  },
  { table: 'referral_messages', columns: [['body_enc', 'referral_messages.body']] },
  {
    table: 'case_solutions',
    columns: [
      ['wishes_enc', 'case_solutions.wishes'],
      ['override_reason_enc', 'case_solutions.override_reason'],
    ],
  },
  { table: 'return_risk_assessments', columns: [['risks_enc', 'return_risk_assessments.risks']] },
  { table: 'solution_steps', columns: [] },
  { table: 'reintegration_plans', columns: [['objectives_enc', 'reintegration_plans.objectives']] },
  { table: 'reintegration_surveys', columns: [['answers_enc', 'reintegration_surveys.answers']] },
];

/** The case row's own encrypted groups (sealed under `personKeyLabel(group, case id)`). */
export const CASE_COLUMNS = Object.entries(PERSON_GROUPS).map(([group, column]): [column: string, group: PersonGroup] => [column, group as PersonGroup]);

async function tableColumns(tx: Tx, table: string): Promise<Set<string>> {
  const tables = await tx.introspection.getTables();
  const t = tables.find((x) => x.name === table);
  return new Set(t ? t.columns.map((c) => c.name) : []);
}

/**
 * Re-seals and moves every row of the case (except the case row, done by the caller). Tables or columns another
 * branch of the schema does not have (yet) are skipped. Returns the number of values re-sealed.
 */
export async function resealCaseRows(ctx: AppContext, tx: Tx, opts: { caseId: string; toOfficeId: string }): Promise<number> {
  const { caseId, toOfficeId } = opts;
  let count = 0;
  for (const spec of CASE_ROW_TABLES) {
    const cols = await tableColumns(tx, spec.table);
    if (cols.size === 0) continue;
    for (const [column, prefix] of spec.columns) {
      if (!cols.has(column)) continue;
      const rows = await sql<{
        id: string;
        v: string | null;
      }>`select id, ${sql.ref(column)} as v from ${sql.table(spec.table)} where case_id = ${caseId}`.execute(tx);
      for (const row of rows.rows) {
        if (!row.v) continue;
        const aad = `${prefix}:${row.id}`;
        const value = await ctx.keys.decrypt(row.v, aad);
        const sealed = await ctx.keys.encrypt(toOfficeId, value, { aad, db: tx });
        await sql`update ${sql.table(spec.table)} set ${sql.ref(column)} = ${sealed} where id = ${row.id}`.execute(tx);
        count++;
      }
    }
    if (cols.has('office_id')) await sql`update ${sql.table(spec.table)} set office_id = ${toOfficeId} where case_id = ${caseId}`.execute(tx);
  }
  // Attachments are bytes sealed with encryptBytes; their names are text.
  const att = await tableColumns(tx, 'case_attachments');
  if (att.size > 0) {
    const rows = await sql<{
      id: string;
      name_enc: string;
      content_enc: string;
    }>`select id, name_enc, content_enc from case_attachments where case_id = ${caseId}`.execute(tx);
    for (const row of rows.rows) {
      const nameLabel = attachmentNameKeyLabel(row.id);
      const contentLabel = attachmentContentKeyLabel(row.id);
      const name = await ctx.keys.decrypt(row.name_enc, nameLabel);
      const bytes = await ctx.keys.decryptBytes(Buffer.from(row.content_enc, 'base64'), contentLabel);
      const nameEnc = await ctx.keys.encrypt(toOfficeId, name, { aad: nameLabel, db: tx });
      const contentEnc = (await ctx.keys.encryptBytes(toOfficeId, bytes, contentLabel)).toString('base64');
      await sql`update case_attachments set name_enc = ${nameEnc}, content_enc = ${contentEnc} where id = ${row.id}`.execute(tx);
      count += 2;
    }
    await sql`update case_attachments set office_id = ${toOfficeId} where case_id = ${caseId}`.execute(tx);
  }
  return count;
}

/** Re-seals the case row's encrypted groups; returns the new values to write with the case's other changes. */
export async function resealCaseRow(
  ctx: AppContext,
  tx: Tx,
  opts: { record: Record<string, unknown> & { id: string }; toOfficeId: string },
): Promise<{ patch: Record<string, string | null>; count: number }> {
  const { record, toOfficeId } = opts;
  const patch: Record<string, string | null> = {};
  let count = 0;
  for (const [column, group] of CASE_COLUMNS) {
    if (!(column in record)) continue;
    const env = record[column];
    if (typeof env !== 'string' || !env) continue;
    const aad = personKeyLabel(group, record.id);
    patch[column] = await ctx.keys.encrypt(toOfficeId, await ctx.keys.decrypt(env, aad), { aad, db: tx });
    count++;
  }
  return { patch, count };
}
