import type { Static } from '@sinclair/typebox';
import type { AuthUser } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import { inTransaction } from '../platform/db/database.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../platform/http/errors.js';
import { organisationExists, organisationNames, organisationSummaries } from '../offices/offices.repository.js';
import { laterStage } from './case-values.js';
import { touchCase } from './cases.repository.js';
import { can } from './cases.policy.js';
import type { ConsentBody } from './cases.schema.js';
import type { CaseRow } from './cases.table.js';
import { recordConsent, withdrawConsent } from './consent.js';
import { consentRows, findConsent } from './consent.repository.js';

/**
 * Records a consent decision from the consent page or the API. For a child, a yes counts only with the child's own
 * assent and the guardian's consent (DOMAIN.md §5); for sharing, the partner must be named.
 */
export async function recordConsentDecision(
  ctx: AppContext,
  { actor, record, v }: { actor: AuthUser; record: CaseRow; v: Static<typeof ConsentBody> },
): Promise<string> {
  if (!can(actor, 'edit', record)) throw new ForbiddenError();
  const fields: Record<string, string> = {};
  if (v.purpose === 'sharing' && !v.organisationId) fields.organisationId = 'cases.consent.organisationRequired';
  if (record.is_child === 1 && v.given === 'yes') {
    if (v.childAssent !== 'yes') fields.childAssent = 'cases.consent.assentRequired';
    if (v.guardianConsent !== 'yes') fields.guardianConsent = 'cases.consent.guardianRequired';
  }
  if (v.organisationId) {
    if (!(await organisationExists(ctx.db, v.organisationId))) fields.organisationId = 'errors.choice';
  }
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
  return inTransaction(ctx.db, async (tx) => {
    const id = await recordConsent(tx, {
      actorId: actor.id,
      record,
      input: {
        purpose: v.purpose,
        given: v.given === 'yes',
        organisationId: v.purpose === 'sharing' ? (v.organisationId ?? null) : null,
        language: v.language ?? null,
        interpreter: v.interpreter === 'yes',
        explained: v.explained,
        childAssent: v.childAssent === undefined ? null : v.childAssent === 'yes',
        guardianConsent: v.guardianConsent === undefined ? null : v.guardianConsent === 'yes',
        origin: 'staff',
      },
    });
    await touchCase(tx, record.id, v.purpose === 'screening' && v.given === 'yes' ? { stage: laterStage(record.stage, 'consent') } : {});
    return id;
  });
}

export async function withdrawConsentDecision(
  ctx: AppContext,
  { actor, record, consentId }: { actor: AuthUser; record: CaseRow; consentId: string },
): Promise<void> {
  if (!can(actor, 'edit', record)) throw new ForbiddenError();
  const row = await findConsent(ctx.db, record.id, consentId);
  if (!row) throw new NotFoundError();
  await inTransaction(ctx.db, async (tx) => {
    await withdrawConsent(tx, { actorId: actor.id, record, consentId });
    await touchCase(tx, record.id);
  });
}

/** The case's consent decisions, newest first, each with the partner's name where it names one. */
export async function consentsOf(ctx: AppContext, caseId: string) {
  const rows = await consentRows(ctx.db, caseId);
  const names = await organisationNames(ctx.db, [...new Set(rows.flatMap((r) => (r.organisation_id ? [r.organisation_id] : [])))]);
  return rows.map((r) => ({ ...r, org_name: r.organisation_id ? (names.get(r.organisation_id) ?? null) : null }));
}

/** The organisations a sharing consent can name, as choices. */
export async function consentOrganisations(ctx: AppContext) {
  return (await organisationSummaries(ctx.db)).map((o) => ({ id: o.id, org_name: o.org_name }));
}
