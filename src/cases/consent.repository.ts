import type { Insertable } from 'kysely';
import type { Executor } from '../platform/db/database.js';
import { nowIso } from '../platform/ids.js';
import type { ConsentTable } from './cases.table.js';

/* Every query on consent decisions. */

/** The case's decisions for one purpose, newest first. */
export function activeConsents(db: Executor, caseId: string, purpose: string) {
  return db.selectFrom('consents').selectAll().where('case_id', '=', caseId).where('purpose', '=', purpose).orderBy('decided_at', 'desc').execute();
}

export async function insertConsent(db: Executor, row: Insertable<ConsentTable>): Promise<void> {
  await db.insertInto('consents').values(row).execute();
}

export function findConsent(db: Executor, caseId: string, consentId: string) {
  return db.selectFrom('consents').selectAll().where('id', '=', consentId).where('case_id', '=', caseId).executeTakeFirst();
}

export async function markConsentWithdrawn(db: Executor, consentId: string, version: number): Promise<void> {
  await db
    .updateTable('consents')
    .set({ withdrawn_at: nowIso(), version: version + 1 })
    .where('id', '=', consentId)
    .execute();
}

/** Every decision of the case, newest first. */
export function consentRows(db: Executor, caseId: string) {
  return db.selectFrom('consents').selectAll().where('case_id', '=', caseId).orderBy('decided_at', 'desc').execute();
}
