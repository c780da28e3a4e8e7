import type { Static } from '@sinclair/typebox';
import type { AuthUser } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import { inTransaction } from '../platform/db/database.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../platform/http/errors.js';
import { laterStage, touchCase } from './case-version.js';
import { can } from './cases.policy.js';
import type { ConsentBody } from './cases.schema.js';
import type { CaseRow } from './cases.table.js';
import { recordConsent, withdrawConsent } from './consent.js';

/**
 * Records a consent decision from the consent page or the API. For a child, a yes counts only with the child's own
 * assent and the guardian's consent (DOMAIN.md §5); for sharing, the partner must be named.
 */
export async function recordConsentDecision(ctx: AppContext, actor: AuthUser, record: CaseRow, v: Static<typeof ConsentBody>): Promise<string> {
  if (!can(actor, 'edit', record)) throw new ForbiddenError();
  const fields: Record<string, string> = {};
  if (v.purpose === 'sharing' && !v.organisationId) fields.organisationId = 'cases.consent.organisationRequired';
  if (record.is_child === 1 && v.given === 'yes') {
    if (v.childAssent !== 'yes') fields.childAssent = 'cases.consent.assentRequired';
    if (v.guardianConsent !== 'yes') fields.guardianConsent = 'cases.consent.guardianRequired';
  }
  if (v.organisationId) {
    const org = await ctx.db.selectFrom('organisations').select('id').where('id', '=', v.organisationId).executeTakeFirst();
    if (!org) fields.organisationId = 'errors.choice';
  }
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
  return inTransaction(ctx.db, async (tx) => {
    const id = await recordConsent(tx, actor.id, record, {
      purpose: v.purpose,
      given: v.given === 'yes',
      organisationId: v.purpose === 'sharing' ? (v.organisationId ?? null) : null,
      language: v.language ?? null,
      interpreter: v.interpreter === 'yes',
      explained: v.explained,
      childAssent: v.childAssent === undefined ? null : v.childAssent === 'yes',
      guardianConsent: v.guardianConsent === undefined ? null : v.guardianConsent === 'yes',
      origin: 'staff',
    });
    await touchCase(tx, record.id, v.purpose === 'screening' && v.given === 'yes' ? { stage: laterStage(record.stage, 'consent') } : {});
    return id;
  });
}

export async function withdrawConsentDecision(ctx: AppContext, actor: AuthUser, record: CaseRow, consentId: string): Promise<void> {
  if (!can(actor, 'edit', record)) throw new ForbiddenError();
  const row = await ctx.db.selectFrom('consents').select('id').where('id', '=', consentId).where('case_id', '=', record.id).executeTakeFirst();
  if (!row) throw new NotFoundError();
  await inTransaction(ctx.db, async (tx) => {
    await withdrawConsent(tx, actor.id, record, consentId);
    await touchCase(tx, record.id);
  });
}

export async function consentsOf(ctx: AppContext, caseId: string) {
  return ctx.db
    .selectFrom('consents')
    .leftJoin('organisations', 'organisations.id', 'consents.organisation_id')
    .selectAll('consents')
    .select('organisations.org_name')
    .where('consents.case_id', '=', caseId)
    .orderBy('consents.decided_at', 'desc')
    .execute();
}
