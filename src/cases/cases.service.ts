import { recordEvent } from '../platform/audit/audit.js';
import type { AuthUser } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import { normaliseDate, normaliseDocument, normaliseName, normalisePhone } from '../platform/crypto/normalise.js';
import type { Executor, Tx } from '../platform/db/database.js';
import { inTransaction } from '../platform/db/database.js';
import { ForbiddenError } from '../platform/http/errors.js';
import { newId, nowIso } from '../platform/ids.js';
import { canOpenIn } from './cases.policy.js';
import * as repo from './cases.repository.js';
import { type ConsentInput, recordConsent } from './consent.js';

declare module '../platform/audit/audit.js' {
  interface AuditEvents {
    'case.opened': { caseNumber: string; source: string; reportId: string | null };
  }
}

/** The identity group of a person (encrypted as one JSON value). */
export interface PersonIdentity {
  firstName?: string;
  middleName?: string;
  lastName?: string;
  aliases?: string[];
  birthDate?: string;
  estimatedAge?: number;
  documents?: Array<{ type: string; number: string; country?: string }>;
  languages?: string[];
}

export interface PersonContact {
  phones?: string[];
  email?: string;
  address?: string;
  safeContactNotes?: string;
}

export type AgeStatus = 'documented' | 'claimed' | 'presumed_minor' | 'assessed' | 'unknown';

export interface OpenCaseInput {
  officeId: string;
  source: 'report' | 'referral' | 'self' | 'outreach' | 'handover';
  reportId?: string | null;
  ownerId?: string | null;
  identity?: PersonIdentity;
  contact?: PersonContact;
  gender?: string | null;
  citizenship?: string[];
  ageStatus?: AgeStatus;
  /** True when the person is or may be under 18: the presumption of minority applies in doubt. */
  mayBeChild?: boolean;
  /** Consent choices to carry over (e.g. from the report), recorded with origin 'report'. */
  consents?: Array<Omit<ConsentInput, 'origin'>>;
}

export function formatCaseNumber(code: string, year: number, seq: number): string {
  return `${code}-${year}-${String(seq).padStart(5, '0')}`;
}

/** Blind-index tokens for duplicate detection: names (and aliases), birth date, documents, phones. */
export async function lookupTokens(ctx: AppContext, identity?: PersonIdentity, contact?: PersonContact, db?: Executor) {
  const tokens: Array<{ kind: string; token: string }> = [];
  const names = [[identity?.firstName, identity?.middleName, identity?.lastName].filter(Boolean).join(' '), ...(identity?.aliases ?? [])];
  for (const n of names) {
    const norm = normaliseName(n);
    if (norm) tokens.push({ kind: 'name', token: await ctx.keys.blindIndex('name', norm, db) });
  }
  const birth = normaliseDate(identity?.birthDate ?? '');
  if (birth) tokens.push({ kind: 'birthdate', token: await ctx.keys.blindIndex('birthdate', birth, db) });
  for (const d of identity?.documents ?? []) {
    const norm = normaliseDocument(d.number);
    if (norm) tokens.push({ kind: 'document', token: await ctx.keys.blindIndex('document', norm, db) });
  }
  for (const p of contact?.phones ?? []) {
    const norm = normalisePhone(p);
    if (norm.length >= 6) tokens.push({ kind: 'phone', token: await ctx.keys.blindIndex('phone', norm, db) });
  }
  return tokens;
}

/**
 * Opens a case, in the caller's transaction when one is given (e.g. triage opening a case from a report
 * together with the report's state change), carrying consent choices over and writing the audit event.
 */
export async function openCase(ctx: AppContext, actor: AuthUser, input: OpenCaseInput, tx?: Tx): Promise<{ id: string; caseNumber: string }> {
  if (!canOpenIn(actor, input.officeId)) throw new ForbiddenError();
  const work = async (db: Tx) => {
    const id = newId();
    const now = nowIso();
    const { seq, code } = await repo.nextCaseSequence(db, input.officeId);
    const caseNumber = formatCaseNumber(code, new Date().getUTCFullYear(), seq);
    const ageStatus: AgeStatus = input.ageStatus ?? (input.mayBeChild ? 'presumed_minor' : 'unknown');
    await repo.insertCase(db, {
      id,
      office_id: input.officeId,
      case_number: caseNumber,
      cas_status: 'Active',
      stage: 'safety',
      owner_id: input.ownerId ?? null,
      source: input.source,
      report_id: input.reportId ?? null,
      prs_gender: input.gender ?? null,
      prs_citizenship: input.citizenship ? JSON.stringify(input.citizenship) : null,
      age_status: ageStatus,
      is_child: input.mayBeChild || ageStatus === 'presumed_minor' ? 1 : 0,
      identity_enc: input.identity ? await ctx.keys.encrypt(input.officeId, input.identity, `cases.identity:${id}`, db) : null,
      contact_enc: input.contact ? await ctx.keys.encrypt(input.officeId, input.contact, `cases.contact:${id}`, db) : null,
      health_enc: null,
      testimony_enc: null,
      cas_reason_for_case_closure: null,
      opened_at: now,
      closed_at: null,
      created_at: now,
      updated_at: now,
    });
    await repo.insertLookups(db, id, input.officeId, await lookupTokens(ctx, input.identity, input.contact, db));
    await recordEvent(db, {
      type: 'case.opened',
      officeId: input.officeId,
      actorId: actor.id,
      subjectType: 'case',
      subjectId: id,
      data: { caseNumber, source: input.source, reportId: input.reportId ?? null },
    });
    for (const c of input.consents ?? []) await recordConsent(db, actor.id, { id, office_id: input.officeId }, { ...c, origin: 'report' });
    return { id, caseNumber };
  };
  return tx ? work(tx) : inTransaction(ctx.db, (t) => work(t));
}
