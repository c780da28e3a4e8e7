import type { AuthUser } from '../platform/auth/auth-user.js';
import type { Executor } from '../platform/db/database.js';
import { ForbiddenError, RuleError } from '../platform/http/errors.js';
import { newId, nowIso } from '../platform/ids.js';
import { can } from './cases.policy.js';
import { activeConsents, findConsent, insertConsent, markConsentWithdrawn } from './consent.repository.js';
import type { CaseRow } from './cases.table.js';

import type { ConsentPurpose } from './case-values.js';
import { recordCaseEvent } from './case-events.js';

export { CONSENT_PURPOSES, type ConsentPurpose } from './case-values.js';

declare module '../platform/audit/audit.js' {
  interface AuditEvents {
    'consent.recorded': { purpose: ConsentPurpose; given: boolean; organisationId: string | null; origin: string };
    'consent.withdrawn': { purpose: ConsentPurpose; organisationId: string | null };
    'consent.overridden': { purpose: ConsentPurpose; organisationId: string | null; action: string; reason: string };
  }
}

/**
 * Whether the person's current decision for this purpose (and partner, for sharing) is a yes.
 * The latest decision counts; a withdrawn consent counts as no.
 */
export async function hasConsent(
  db: Executor,
  { caseId, purpose, organisationId }: { caseId: string; purpose: ConsentPurpose; organisationId?: string | null },
): Promise<boolean> {
  const rows = await activeConsents(db, caseId, purpose);
  const relevant = purpose === 'sharing' ? rows.filter((r) => r.organisation_id === (organisationId ?? null)) : rows;
  const latest = relevant[0];
  return !!latest && latest.given === 1 && latest.withdrawn_at === null;
}

export interface ConsentOverride {
  /** Why the action goes ahead without the consent; required, kept in the audit. */
  reason: string;
}

/**
 * The server-side gate: refuses an action that needs a consent the person has not given or has withdrawn.
 * An override needs the consent.override permission in the case's office and a written reason, and is audited
 * in the caller's transaction.
 */
export async function assertConsent(
  db: Executor,
  {
    actor,
    record,
    purpose,
    opts,
  }: {
    actor: AuthUser;
    record: Pick<CaseRow, 'id' | 'office_id' | 'owner_id'>;
    purpose: ConsentPurpose;
    opts: { organisationId?: string | null; override?: ConsentOverride; action: string };
  },
): Promise<void> {
  if (await hasConsent(db, { caseId: record.id, purpose, organisationId: opts.organisationId })) return;
  if (!opts.override) throw new RuleError('CONSENT_REQUIRED', `cases.consent.required.${purpose}`);
  if (!can(actor, 'override-consent', record)) throw new ForbiddenError('cases.consent.overrideForbidden');
  const reason = opts.override.reason.trim();
  if (reason.length < 10) throw new RuleError('OVERRIDE_REASON_REQUIRED', 'cases.consent.overrideReasonRequired');
  await recordCaseEvent(db, {
    actorId: actor.id,
    record,
    type: 'consent.overridden',
    data: { purpose, organisationId: opts.organisationId ?? null, action: opts.action, reason: reason.slice(0, 1000) },
  });
}

export interface ConsentInput {
  purpose: ConsentPurpose;
  given: boolean;
  organisationId?: string | null;
  language?: string | null;
  interpreter?: boolean;
  explained?: string[];
  childAssent?: boolean | null;
  guardianConsent?: boolean | null;
  origin: 'staff' | 'report' | 'field';
}

/** Records a decision (in the caller's transaction), audited. */
export async function recordConsent(
  db: Executor,
  { actorId, record, input }: { actorId: string | null; record: Pick<CaseRow, 'id' | 'office_id'>; input: ConsentInput },
): Promise<string> {
  const id = newId();
  const now = nowIso();
  await insertConsent(db, {
    id,
    office_id: record.office_id,
    case_id: record.id,
    purpose: input.purpose,
    organisation_id: input.organisationId ?? null,
    given: input.given ? 1 : 0,
    decided_at: now,
    withdrawn_at: null,
    language: input.language ?? null,
    interpreter: input.interpreter ? 1 : 0,
    explained: input.explained ? JSON.stringify(input.explained) : null,
    child_assent: input.childAssent === undefined || input.childAssent === null ? null : input.childAssent ? 1 : 0,
    guardian_consent: input.guardianConsent === undefined || input.guardianConsent === null ? null : input.guardianConsent ? 1 : 0,
    origin: input.origin,
    recorded_by: actorId,
    created_at: now,
  });
  await recordCaseEvent(db, {
    actorId,
    record,
    type: 'consent.recorded',
    data: { purpose: input.purpose, given: input.given, organisationId: input.organisationId ?? null, origin: input.origin },
  });
  return id;
}

export async function withdrawConsent(
  db: Executor,
  { actorId, record, consentId }: { actorId: string; record: Pick<CaseRow, 'id' | 'office_id'>; consentId: string },
): Promise<void> {
  const row = await findConsent(db, record.id, consentId);
  if (!row || row.withdrawn_at) return;
  await markConsentWithdrawn(db, consentId, row.version);
  await recordCaseEvent(db, {
    actorId,
    record,
    type: 'consent.withdrawn',
    data: { purpose: row.purpose as ConsentPurpose, organisationId: row.organisation_id },
  });
}
