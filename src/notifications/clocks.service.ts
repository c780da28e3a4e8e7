import type { Static } from '@sinclair/typebox';
import { listOffices, officeSummaries } from '../offices/offices.repository.js';
import { recordEvent } from '../platform/audit/audit.js';
import { type AuthUser, officesWith } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import { type Executor, inTransaction } from '../platform/db/database.js';
import { ForbiddenError, NotFoundError, StaleVersionError, ValidationError } from '../platform/http/errors.js';
import * as repo from './clocks.repository.js';
import { localDayHour } from './delivery.service.js';
import { CASE_ASSIGNMENT_RULES, type CaseAssignmentRule, type ClockBody } from './notifications.schema.js';
import { notify } from './notify.service.js';

/*
 * Clocks (issue 17, point 6): each office's time limits. A report still untriaged past its limit (shorter when it
 * is urgent) escalates to the office's supervisors, once, with a mark that triage shows; an outgoing referral
 * pending longer than its limit reminds the partner and the case's worker, once. Days are counted in the office's
 * own time zone; hours are hours wherever one is.
 */

declare module '../platform/audit/audit.js' {
  interface AuditEvents {
    'notifications.clocks_changed': { untriagedHours: number; urgentHours: number; referralDays: number; caseAssignment?: CaseAssignmentRule };
    'notifications.report_escalated': { limitHours: number };
    'notifications.referral_reminded': { referralId: string; limitDays: number };
    'notifications.due_notified': { subjectType: string; subjectId: string; dueOn: string };
  }
}

export const DEFAULT_CLOCKS = { untriagedHours: 48, urgentHours: 4, referralDays: 7 } as const;

export interface Clocks {
  untriagedHours: number;
  urgentHours: number;
  referralDays: number;
}

export interface OfficeClockView extends Clocks {
  officeId: string;
  caseAssignment: CaseAssignmentRule;
  code: string;
  name: string;
  timeZone: string;
  /** null while the office uses the defaults. */
  version: number | null;
  updatedAt: string | null;
}

function clocksOf(row: { untriaged_hours: number; urgent_hours: number; referral_days: number } | undefined): Clocks {
  return row ? { untriagedHours: row.untriaged_hours, urgentHours: row.urgent_hours, referralDays: row.referral_days } : { ...DEFAULT_CLOCKS };
}

function ruleOf(raw: string | undefined): CaseAssignmentRule {
  return (CASE_ASSIGNMENT_RULES as readonly string[]).includes(raw ?? '') ? (raw as CaseAssignmentRule) : 'none';
}

/** Who takes a case opened from triage in this office when the operator chooses nobody (read in the caller's transaction). */
export async function caseAssignmentRule(db: Executor, officeId: string): Promise<CaseAssignmentRule> {
  return ruleOf(await repo.findCaseAssignment(db, officeId));
}

function managedOffices(user: AuthUser): string[] | 'all' {
  return officesWith(user, 'notifications.clocks');
}

/** The offices whose limits this user may set (administrators: all; supervisors: theirs), with their limits. */
export async function clockSettings(ctx: AppContext, user: AuthUser): Promise<OfficeClockView[]> {
  const offices = await officeSummaries(ctx.db, { ids: managedOffices(user), activeOnly: true });
  const out: OfficeClockView[] = [];
  for (const o of offices) {
    const row = await repo.findClock(ctx.db, o.id);
    out.push({
      officeId: o.id,
      code: o.code,
      name: o.name,
      timeZone: o.time_zone,
      ...clocksOf(row),
      caseAssignment: ruleOf(row?.case_assignment),
      version: row?.version ?? null,
      updatedAt: row?.updated_at ?? null,
    });
  }
  return out;
}

export async function saveClocks(
  ctx: AppContext,
  { user, officeId, input }: { user: AuthUser; officeId: string; input: Static<typeof ClockBody> },
): Promise<void> {
  const managed = managedOffices(user);
  if (managed !== 'all' && !managed.includes(officeId)) throw new ForbiddenError();
  const [office] = await officeSummaries(ctx.db, { ids: [officeId] });
  if (!office) throw new NotFoundError();
  if (input.urgentHours > input.untriagedHours) throw new ValidationError({ urgentHours: 'notifications.errors.urgentLonger' });
  await inTransaction(ctx.db, async (tx) => {
    const existing = await repo.findClock(tx, officeId);
    if (existing && input.version === undefined) throw new StaleVersionError();
    const row = {
      office_id: officeId,
      untriaged_hours: input.untriagedHours,
      urgent_hours: input.urgentHours,
      referral_days: input.referralDays,
      case_assignment: input.caseAssignment ?? ruleOf(existing?.case_assignment),
      updated_by: user.id,
      updated_at: new Date().toISOString(),
    };
    if (!(await repo.saveClock(tx, row, existing ? input.version : undefined))) throw new StaleVersionError();
    await recordEvent(tx, {
      type: 'notifications.clocks_changed',
      officeId,
      actorId: user.id,
      subjectType: 'office',
      subjectId: officeId,
      data: {
        untriagedHours: input.untriagedHours,
        urgentHours: input.urgentHours,
        referralDays: input.referralDays,
        caseAssignment: input.caseAssignment ?? ruleOf(existing?.case_assignment),
      },
    });
  });
}

/** The office's referral time limit in days (the default while it has none): a new referral's default deadline. */
export async function referralDaysOf(ctx: AppContext, officeId: string): Promise<number> {
  return clocksOf(await repo.findClock(ctx.db, officeId)).referralDays;
}

/** `day` (YYYY-MM-DD) minus `days` calendar days. */
export function daysBefore(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

/** Escalates every report untriaged past its limit at `now`; returns how many. The national inbox uses the defaults. */
export async function escalateUntriaged(ctx: AppContext, now = new Date()): Promise<number> {
  const offices = (await listOffices(ctx.db)).filter((o) => o.active === 1);
  const byOffice = new Map(
    (await Promise.all(offices.map(async (o) => [o.id, clocksOf(await repo.findClock(ctx.db, o.id))] as const))).map(([k, v]) => [k, v]),
  );
  const scopes: Array<[string | null, Clocks]> = [...byOffice.entries(), [null, { ...DEFAULT_CLOCKS }]];
  let count = 0;
  for (const [officeId, clocks] of scopes) {
    const shortest = Math.min(clocks.untriagedHours, clocks.urgentHours);
    const waiting = await repo.untriagedBefore(ctx.db, officeId, new Date(now.getTime() - shortest * 3_600_000).toISOString());
    for (const r of waiting) {
      const urgent = (r.priority_level ?? r.priority) === 'urgent';
      const limit = urgent ? clocks.urgentHours : clocks.untriagedHours;
      if (Date.parse(r.received_at) > now.getTime() - limit * 3_600_000) continue;
      await inTransaction(ctx.db, async (tx) => {
        if (!(await repo.markEscalated(tx, { report_id: r.id, office_id: r.office_id, limit_hours: limit, escalated_at: now.toISOString() }))) return;
        await notify(ctx, tx, { event: 'report_escalated', officeId: r.office_id, reportId: r.id, urgent, at: now });
        await recordEvent(tx, {
          type: 'notifications.report_escalated',
          officeId: r.office_id,
          actorId: null,
          subjectType: 'report',
          subjectId: r.id,
          data: { limitHours: limit },
        });
        count++;
      });
    }
  }
  return count;
}

/** Reminds the partner and the case's worker of every outgoing referral pending past its office's limit; returns how many. */
export async function remindPendingReferrals(ctx: AppContext, now = new Date()): Promise<number> {
  let count = 0;
  for (const office of (await listOffices(ctx.db)).filter((o) => o.active === 1)) {
    const clocks = clocksOf(await repo.findClock(ctx.db, office.id));
    const today = localDayHour(now, office.time_zone).day;
    // A referral with its own deadline is due the day after it; an older one, `referralDays` after it was made.
    for (const r of await repo.pendingReferralsSince(ctx.db, office.id, { onOrBefore: daysBefore(today, clocks.referralDays), today })) {
      await inTransaction(ctx.db, async (tx) => {
        if (!(await repo.markReminded(tx, { referral_id: r.id, office_id: office.id, reminded_at: now.toISOString() }))) return;
        await notify(ctx, tx, {
          event: 'referral_pending',
          organisationId: r.organisation_id,
          officeId: office.id,
          referralId: r.id,
          caseId: r.case_id,
          caseWorkerId: r.owner_id ?? r.created_by,
          at: now,
        });
        await recordEvent(tx, {
          type: 'notifications.referral_reminded',
          officeId: office.id,
          actorId: null,
          subjectType: 'case',
          subjectId: r.case_id,
          data: { referralId: r.id, limitDays: clocks.referralDays },
        });
        count++;
      });
    }
  }
  return count;
}

/**
 * Follow-up reminders and plan objectives past their date (in the office's calendar) are notified to whom they are
 * assigned (else the case's owner), once per date. Overdue plan actions are raised by the plans feature's own
 * reminder job, which notifies through the same `notify`.
 */
export async function notifyDue(ctx: AppContext, now = new Date()): Promise<number> {
  let count = 0;
  for (const office of (await listOffices(ctx.db)).filter((o) => o.active === 1)) {
    const today = localDayHour(now, office.time_zone).day;
    const due = [
      ...(await repo.overdueReminders(ctx.db, office.id, today)).map((r) => ({
        type: 'case_reminder',
        event: 'follow_up_due' as const,
        id: r.id,
        caseId: r.case_id,
        dueOn: r.due_on,
        userId: r.assigned_to ?? r.owner_id,
      })),
      ...(await repo.overdueObjectives(ctx.db, office.id, today)).map((r) => ({
        type: 'plan_objective',
        event: 'plan_overdue' as const,
        id: r.id,
        caseId: r.case_id,
        dueOn: r.due_on ?? today,
        userId: r.owner_id,
      })),
    ];
    for (const d of due) {
      await inTransaction(ctx.db, async (tx) => {
        if (!(await repo.markDue(tx, { subject_type: d.type, subject_id: d.id, due_on: d.dueOn, office_id: office.id, notified_at: now.toISOString() })))
          return;
        await notify(ctx, tx, { event: d.event, userId: d.userId, officeId: office.id, caseId: d.caseId, at: now });
        await recordEvent(tx, {
          type: 'notifications.due_notified',
          officeId: office.id,
          actorId: null,
          subjectType: 'case',
          subjectId: d.caseId,
          data: { subjectType: d.type, subjectId: d.id, dueOn: d.dueOn },
        });
        count++;
      });
    }
  }
  return count;
}
