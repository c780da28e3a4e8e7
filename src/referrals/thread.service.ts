import type { CaseRow } from '../cases/cases.table.js';
import { notify } from '../notifications/notify.service.js';
import { recordAccess, recordEvent } from '../platform/audit/audit.js';
import type { AuthUser } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import { inTransaction } from '../platform/db/database.js';
import { ForbiddenError, NotFoundError, RuleError, ValidationError } from '../platform/http/errors.js';
import { newId, nowIso } from '../platform/ids.js';
import { partnerReferral } from './partner-portal.service.js';
import { canStaff } from './referrals.policy.js';
import * as referrals from './referrals.repository.js';
import { LIVE_STATUSES } from './referrals.schema.js';
import type { ReferralRow } from './referrals.table.js';
import { type Contact, type ReferralPeople, referralPeople } from './referral-people.service.js';
import * as repo from './thread.repository.js';

declare module '../platform/audit/audit.js' {
  interface AuditEvents {
    'referral.message_sent': { referralId: string; messageId: string; side: ThreadSide };
    'referral.contact_named': { referralId: string; side: ThreadSide };
  }
}

/*
 * A referral between people (issue 21, point 6): a named contact on each side, a deadline for the answer, and a
 * thread of short messages. The office side is reached through the case (the caller loaded it with the case
 * policy); the partner side only through the portal's gate `partnerReferral`, so a partner reaches the threads of
 * its own live referrals only, while the consent and the agreement stand. A message's text is sealed; its audit
 * event and its notification name the referral only.
 */

export type ThreadSide = 'office' | 'partner';
export const MESSAGE_MAX = 2000;
export const messageKeyLabel = (id: string) => `referral_messages.body:${id}`;

export interface ThreadMessage {
  id: string;
  side: ThreadSide;
  authorName: string;
  body: string;
  createdAt: string;
  mine: boolean;
}

export interface ThreadModel {
  referralId: string;
  people: ReferralPeople;
  messages: ThreadMessage[];
  /** Whether this user may write (the referral is still live). */
  canPost: boolean;
  /** The partner's users who may be named its contact (the partner's page only). */
  partnerContacts: Contact[];
}

const isLive = (row: Pick<ReferralRow, 'status'>) => (LIVE_STATUSES as string[]).includes(row.status);

async function messagesFor(ctx: AppContext, user: AuthUser, row: ReferralRow): Promise<ThreadMessage[]> {
  const rows = await repo.messagesOf(ctx.db, row.id);
  const names = await repo.displayNames(
    ctx.db,
    rows.map((m) => m.author_id),
  );
  return Promise.all(
    rows.map(async (m) => ({
      id: m.id,
      side: m.side as ThreadSide,
      authorName: (m.author_id && names.get(m.author_id)) || '—',
      body: await ctx.keys.decrypt<string>(m.body_enc, messageKeyLabel(m.id)),
      createdAt: m.created_at,
      mine: m.author_id === user.id,
    })),
  );
}

/** An outgoing referral of this case, for its staff (the caller loaded the case through the case policy). */
export async function staffReferral(ctx: AppContext, record: Pick<CaseRow, 'id'>, referralId: string): Promise<ReferralRow> {
  const row = await referrals.findReferral(ctx.db, referralId);
  if (!row || row.case_id !== record.id || row.direction !== 'outgoing') throw new NotFoundError();
  return row;
}

/** The thread as the case's staff see it (the case's read was audited by loadCaseFor). */
export async function staffThread(
  ctx: AppContext,
  { user, record, referralId, today }: { user: AuthUser; record: CaseRow; referralId: string; today: string },
): Promise<ThreadModel> {
  const row = await staffReferral(ctx, record, referralId);
  return {
    referralId: row.id,
    people: await referralPeople(ctx, row, today),
    messages: await messagesFor(ctx, user, row),
    canPost: isLive(row) && canStaff(user, record),
    partnerContacts: [],
  };
}

/**
 * The thread as the partner sees it, through the portal's gate. A read through the API is written to the access
 * log against the case; on the portal's page it is part of the page's one read of the referral (already logged).
 */
export async function partnerThread(
  ctx: AppContext,
  { user, referralId, today, via }: { user: AuthUser; referralId: string; today: string; via: 'portal' | 'api' },
): Promise<ThreadModel> {
  const row = await partnerReferral(ctx, user, referralId);
  if (via === 'api')
    await recordAccess(ctx.db, {
      officeId: row.office_id,
      actorId: user.id,
      action: `partner.grant_read ${via}-thread referral:${row.id}`.slice(0, 200),
      subjectType: 'case',
      subjectId: row.case_id,
    });
  return {
    referralId: row.id,
    people: await referralPeople(ctx, row, today),
    messages: await messagesFor(ctx, user, row),
    canPost: true,
    partnerContacts: (await repo.organisationContacts(ctx.db, row.organisation_id)).map((u) => ({ id: u.id, name: u.display_name })),
  };
}

/** Writes one message, sealed, audited, and tells the other side (a content-free notice with a link). */
async function post(ctx: AppContext, actor: AuthUser, row: ReferralRow, side: ThreadSide, text: string, ownerId: string | null): Promise<string> {
  const body = text.trim();
  if (body.length === 0) throw new ValidationError({ body: 'referralThread.errors.empty' });
  if (body.length > MESSAGE_MAX) throw new ValidationError({ body: 'referralThread.errors.long' });
  if (!isLive(row)) throw new RuleError('REFERRAL_ENDED', 'referralThread.errors.ended');
  return inTransaction(ctx.db, async (tx) => {
    const id = newId();
    await repo.insertMessage(tx, {
      id,
      referral_id: row.id,
      office_id: row.office_id,
      case_id: row.case_id,
      author_id: actor.id,
      side,
      body_enc: await ctx.keys.encrypt(row.office_id, body, { aad: messageKeyLabel(id), db: tx }),
      created_at: nowIso(),
    });
    await recordEvent(tx, {
      type: 'referral.message_sent',
      officeId: row.office_id,
      actorId: actor.id,
      subjectType: 'case',
      subjectId: row.case_id,
      data: { referralId: row.id, messageId: id, side },
    });
    const common = { event: 'referral_message', officeId: row.office_id, referralId: row.id, actorId: actor.id } as const;
    if (side === 'office')
      await notify(ctx, tx, { ...common, to: 'partner', organisationId: row.organisation_id, contactId: row.partner_contact_id ?? row.responded_by });
    else {
      const userIds = [...new Set([row.staff_contact_id ?? row.created_by, ownerId].filter((x): x is string => typeof x === 'string'))];
      await notify(ctx, tx, { ...common, to: 'office', userIds, caseId: row.case_id });
    }
    return id;
  });
}

/** The case worker (anyone who may refer from the case) writes to the partner. */
export async function postStaffMessage(
  ctx: AppContext,
  { actor, record, referralId, text }: { actor: AuthUser; record: CaseRow; referralId: string; text: string },
): Promise<string> {
  if (!canStaff(actor, record)) throw new ForbiddenError();
  const row = await staffReferral(ctx, record, referralId);
  return post(ctx, actor, row, 'office', text, record.owner_id);
}

/** The partner writes to the office, on its own live referral only. */
export async function postPartnerMessage(ctx: AppContext, { actor, referralId, text }: { actor: AuthUser; referralId: string; text: string }): Promise<string> {
  const row = await partnerReferral(ctx, actor, referralId);
  const owner = await referrals.caseOwnerOf(ctx.db, row.case_id);
  return post(ctx, actor, row, 'partner', text, owner);
}

/** The partner names its contact for the referral: one of its organisation's users. */
export async function namePartnerContact(
  ctx: AppContext,
  { actor, referralId, contactId }: { actor: AuthUser; referralId: string; contactId: string },
): Promise<void> {
  const row = await partnerReferral(ctx, actor, referralId);
  const candidates = await repo.organisationContacts(ctx.db, row.organisation_id);
  if (!candidates.some((c) => c.id === contactId)) throw new ValidationError({ contactId: 'referralThread.errors.contact' });
  await inTransaction(ctx.db, async (tx) => {
    await repo.setPartnerContact(tx, row.id, contactId);
    await recordEvent(tx, {
      type: 'referral.contact_named',
      officeId: row.office_id,
      actorId: actor.id,
      subjectType: 'case',
      subjectId: row.case_id,
      data: { referralId: row.id, side: 'partner' },
    });
  });
}

/** The office's staff who may be named as a referral's contact (the referral form's choice). */
export async function officeContactsOf(ctx: AppContext, officeId: string): Promise<Contact[]> {
  return (await repo.officeContacts(ctx.db, officeId)).map((u) => ({ id: u.id, name: u.display_name }));
}
