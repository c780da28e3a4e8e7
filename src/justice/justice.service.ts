import type { Static } from '@sinclair/typebox';
import { recordEvent } from '../platform/audit/audit.js';
import type { AuthUser } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import { inTransaction } from '../platform/db/database.js';
import { ForbiddenError, NotFoundError, StaleVersionError, ValidationError } from '../platform/http/errors.js';
import { newId, nowIso } from '../platform/ids.js';
import type { CaseRow } from '../cases/cases.table.js';
import { notifyJusticeStatus } from '../notifications/notify.service.js';
import { officeSummaries } from '../offices/offices.repository.js';
import { canConfigureKinds, canJustice } from './justice.policy.js';
import * as repo from './justice.repository.js';
import type { KindBody, ProfileBody, StatusBody, StatusUpdateBody } from './justice.schema.js';

declare module '../platform/audit/audit.js' {
  interface AuditEvents {
    'justice.profile_saved': { cooperation: string; risk: string };
    'justice.status_added': { statusId: string; kind: string; status: string; endOn: string | null };
    'justice.status_updated': { statusId: string; status: string; endOn: string | null; extended: boolean };
    'justice.status_ending_soon': { statusId: string; kind: string; endOn: string | null };
    'justice.status_ended': { statusId: string; kind: string; endOn: string | null };
    'justice.kind_added': { code: string; category: string };
    'justice.kind_retired': { kindId: string };
  }
}

export type CaseRef = Pick<CaseRow, 'id' | 'office_id' | 'owner_id' | 'is_child'>;

/** Today as YYYY-MM-DD (UTC): periods are calendar dates, compared as text. */
export function todayIso(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function assertCan(actor: AuthUser, record: Pick<CaseRow, 'office_id' | 'owner_id'>): void {
  if (!canJustice(actor, 'edit', record)) throw new ForbiddenError();
}

const seal = (ctx: AppContext, officeId: string, value: string | undefined, label: string, tx: Parameters<AppContext['keys']['encrypt']>[2]['db']) => {
  const v = value?.trim();
  return v ? ctx.keys.encrypt(officeId, v, { aad: label, db: tx }) : Promise.resolve(null);
};

/** Key labels of the sealed fields (the column and the row, as cases seal theirs). */
export const sealedLabel = (column: string, id: string) => `${column}:${id}`;

/**
 * Records the person's decision on cooperating with the authorities, and any risk of removal or detention. Nothing
 * in Abri reads the decision to allow or refuse assistance: it is recorded so that it is respected.
 */
export async function saveProfile(
  ctx: AppContext,
  { actor, record, input }: { actor: AuthUser; record: CaseRef; input: Static<typeof ProfileBody> },
): Promise<void> {
  assertCan(actor, record);
  await inTransaction(ctx.db, async (tx) => {
    const existing = await repo.findProfile(tx, record.id);
    const fields = {
      cooperation: input.cooperation,
      cooperation_on: input.cooperationOn ?? (input.cooperation === 'undecided' ? null : todayIso()),
      risk: input.risk,
      risk_action_enc: await seal(ctx, record.office_id, input.riskAction, sealedLabel('justice_profiles.risk_action', record.id), tx),
      risk_reviewed_on: input.riskReviewedOn ?? null,
      updated_by: actor.id,
      updated_at: nowIso(),
    };
    if (!existing) await repo.insertProfile(tx, { case_id: record.id, office_id: record.office_id, ...fields });
    else if (!(await repo.updateProfile(tx, { caseId: record.id, version: input.version ?? -1, set: fields }))) throw new StaleVersionError();
    await recordEvent(tx, {
      type: 'justice.profile_saved',
      officeId: record.office_id,
      actorId: actor.id,
      subjectType: 'case',
      subjectId: record.id,
      data: { cooperation: input.cooperation, risk: input.risk },
    });
  });
}

function checkDates(startOn: string | undefined, endOn: string | undefined): void {
  if (startOn && endOn && endOn < startOn) throw new ValidationError({ endOn: 'justice.errors.endBeforeStart' });
}

/** Adds a reflection period or a permit; a granted period without an end gets the kind's usual length. */
export async function addStatus(
  ctx: AppContext,
  { actor, record, input }: { actor: AuthUser; record: CaseRef; input: Static<typeof StatusBody> },
): Promise<string> {
  assertCan(actor, record);
  const kinds = await repo.kindsFor(ctx.db, record.office_id);
  const kind = kinds.find((k) => k.code === input.kind);
  if (!kind) throw new ValidationError({ kind: 'errors.choice' });
  if (input.status === 'granted' && !input.startOn) throw new ValidationError({ startOn: 'justice.errors.startRequired' });
  checkDates(input.startOn, input.endOn);
  const endOn = input.endOn ?? (input.status === 'granted' && input.startOn && kind.default_days ? addDays(input.startOn, kind.default_days) : null);
  return inTransaction(ctx.db, async (tx) => {
    const id = newId();
    const now = nowIso();
    await repo.insertStatus(tx, {
      id,
      office_id: record.office_id,
      case_id: record.id,
      kind_code: kind.code,
      category: kind.category,
      status: input.status,
      applied_on: input.appliedOn ?? null,
      start_on: input.startOn ?? null,
      end_on: endOn,
      granted_by_enc: await seal(ctx, record.office_id, input.grantedBy, sealedLabel('justice_statuses.granted_by', id), tx),
      reference_enc: await seal(ctx, record.office_id, input.reference, sealedLabel('justice_statuses.reference', id), tx),
      renewal_enc: await seal(ctx, record.office_id, input.renewal, sealedLabel('justice_statuses.renewal', id), tx),
      warn_days: kind.warn_days,
      warned_at: null,
      ended_notice_at: null,
      created_by: actor.id,
      created_at: now,
      updated_at: now,
    });
    await recordEvent(tx, {
      type: 'justice.status_added',
      officeId: record.office_id,
      actorId: actor.id,
      subjectType: 'case',
      subjectId: record.id,
      data: { statusId: id, kind: kind.code, status: input.status, endOn },
    });
    return id;
  });
}

/**
 * Changes a status: granted, refused, ended, or a new end date. A later end is an extension (audited as such, the
 * notice the issue asks for); a new end earns a new warning and a new notice when it passes.
 */
export async function updateStatus(
  ctx: AppContext,
  { actor, record, statusId, input }: { actor: AuthUser; record: CaseRef; statusId: string; input: Static<typeof StatusUpdateBody> },
): Promise<void> {
  assertCan(actor, record);
  await inTransaction(ctx.db, async (tx) => {
    const row = await repo.findStatus(tx, record.id, statusId);
    if (!row) throw new NotFoundError();
    const endOn = input.endOn ?? row.end_on;
    checkDates(row.start_on ?? undefined, endOn ?? undefined);
    if (input.status === 'granted' && !row.start_on) throw new ValidationError({ status: 'justice.errors.startRequired' });
    const moved = endOn !== row.end_on;
    const extended = moved && !!row.end_on && !!endOn && endOn > row.end_on;
    const ok = await repo.updateStatus(tx, {
      caseId: record.id,
      id: row.id,
      version: input.version,
      set: {
        status: input.status,
        end_on: endOn,
        renewal_enc:
          input.renewal !== undefined ? await seal(ctx, record.office_id, input.renewal, sealedLabel('justice_statuses.renewal', row.id), tx) : row.renewal_enc,
        warned_at: moved ? null : row.warned_at,
        ended_notice_at: moved ? null : row.ended_notice_at,
        extensions: row.extensions + (extended ? 1 : 0),
        updated_at: nowIso(),
      },
    });
    if (!ok) throw new StaleVersionError();
    await recordEvent(tx, {
      type: 'justice.status_updated',
      officeId: record.office_id,
      actorId: actor.id,
      subjectType: 'case',
      subjectId: record.id,
      data: { statusId, status: input.status, endOn, extended },
    });
  });
}

/**
 * The scheduled pass: every granted period or permit whose warning time has come gets its warning recorded once (an
 * audit event for the case's office, `warned_at`, which the case and the due list show, and a notification to the
 * case's owner and the office's supervisors, in the same transaction); every one whose end has passed gets its notice
 * once, the same way. Returns how many of each.
 */
export async function raiseStatusWarnings(ctx: AppContext, today = todayIso()): Promise<{ warned: number; ended: number }> {
  let warned = 0;
  let ended = 0;
  const ending = await repo.unwarnedEnding(ctx.db, { today, until: addDays(today, 366), limit: 1000 });
  for (const s of ending) {
    if (!s.end_on || addDays(s.end_on, -s.warn_days) > today) continue;
    if (await announceStatus(ctx, s, 'ending')) warned++;
  }
  for (const s of await repo.endedUnnoticed(ctx.db, today, 1000)) if (await announceStatus(ctx, s, 'ended')) ended++;
  return { warned, ended };
}

/**
 * Announces a status's coming or passed end, once: marks it (false when another run already did), audits it and
 * notifies the case's people, in one transaction.
 */
async function announceStatus(
  ctx: AppContext,
  s: { id: string; office_id: string; case_id: string; kind_code: string; end_on: string | null; owner_id: string | null },
  which: 'ending' | 'ended',
): Promise<boolean> {
  return inTransaction(ctx.db, async (tx) => {
    const marked = which === 'ending' ? await repo.markWarned(tx, s.id, nowIso()) : await repo.markEndedNotice(tx, s.id, nowIso());
    if (!marked) return false;
    await recordEvent(tx, {
      type: which === 'ending' ? 'justice.status_ending_soon' : 'justice.status_ended',
      officeId: s.office_id,
      actorId: null,
      subjectType: 'case',
      subjectId: s.case_id,
      data: { statusId: s.id, kind: s.kind_code, endOn: s.end_on },
    });
    await notifyJusticeStatus(ctx, tx, { which, status: s });
    return true;
  });
}

/** Adds a kind of status of the office's own (a national status the defaults do not name). */
export async function addKind(
  ctx: AppContext,
  { actor, officeId, input }: { actor: AuthUser; officeId: string; input: Static<typeof KindBody> },
): Promise<string> {
  if (!canConfigureKinds(actor, officeId)) throw new ForbiddenError();
  const existing = await repo.kindsFor(ctx.db, officeId);
  if (existing.some((k) => k.code === input.code)) throw new ValidationError({ code: 'justice.errors.codeTaken' });
  const id = newId();
  await inTransaction(ctx.db, async (tx) => {
    await repo.insertKind(tx, {
      id,
      office_id: officeId,
      code: input.code,
      category: input.category,
      label: input.label.trim(),
      default_days: input.defaultDays ?? null,
      warn_days: input.warnDays,
      created_at: nowIso(),
    });
    await recordEvent(tx, {
      type: 'justice.kind_added',
      officeId,
      actorId: actor.id,
      subjectType: 'office',
      subjectId: officeId,
      data: { code: input.code, category: input.category },
    });
  });
  return id;
}

export async function retireKind(ctx: AppContext, { actor, officeId, kindId }: { actor: AuthUser; officeId: string; kindId: string }): Promise<void> {
  if (!canConfigureKinds(actor, officeId)) throw new ForbiddenError();
  await inTransaction(ctx.db, async (tx) => {
    if (!(await repo.retireKind(tx, officeId, kindId))) throw new NotFoundError();
    await recordEvent(tx, { type: 'justice.kind_retired', officeId, actorId: actor.id, subjectType: 'office', subjectId: officeId, data: { kindId } });
  });
}

/** The offices whose kinds this user configures, in code order. */
export async function configurableOffices(ctx: AppContext, actor: AuthUser) {
  const all = await officeSummaries(ctx.db, {});
  return all.filter((o) => canConfigureKinds(actor, o.id)).map((o) => ({ id: o.id, code: o.code, name: o.name }));
}
