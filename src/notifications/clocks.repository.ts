import type { Executor } from '../platform/db/database.js';
import type { OfficeClockRow } from './notifications.table.js';

/*
 * The clocks' queries: each office's limits, and what waits past them. The reports and referrals are read, never
 * written: what the clock does is kept in its own tables (report_escalations, referral_reminders).
 */

export async function findClock(db: Executor, officeId: string): Promise<OfficeClockRow | undefined> {
  return db.selectFrom('office_clocks').selectAll().where('office_id', '=', officeId).executeTakeFirst();
}

/** Writes an office's limits; with `version`, only over that version (false when someone saved in between). */
export async function saveClock(db: Executor, row: Omit<OfficeClockRow, 'version'>, version: number | undefined): Promise<boolean> {
  if (version === undefined) {
    const r = await db
      .insertInto('office_clocks')
      .values({ ...row, version: 1 })
      .onConflict((oc) => oc.column('office_id').doNothing())
      .returning('office_id')
      .executeTakeFirst();
    return r !== undefined;
  }
  const r = await db
    .updateTable('office_clocks')
    .set({
      untriaged_hours: row.untriaged_hours,
      urgent_hours: row.urgent_hours,
      referral_days: row.referral_days,
      case_assignment: row.case_assignment,
      updated_by: row.updated_by,
      updated_at: row.updated_at,
      version: version + 1,
    })
    .where('office_id', '=', row.office_id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The office's rule for who takes a case opened from triage (no row: none). */
export async function findCaseAssignment(db: Executor, officeId: string): Promise<string | undefined> {
  const r = await db.selectFrom('office_clocks').select('case_assignment').where('office_id', '=', officeId).executeTakeFirst();
  return r?.case_assignment;
}

/** Reports of an office (null: the national inbox) still untriaged, received before `before`, not escalated yet. */
export function untriagedBefore(db: Executor, officeId: string | null, before: string) {
  return db
    .selectFrom('reports')
    .leftJoin('report_escalations', 'report_escalations.report_id', 'reports.id')
    .select(['reports.id', 'reports.office_id', 'reports.priority', 'reports.priority_level', 'reports.received_at'])
    .where((eb) => (officeId === null ? eb('reports.office_id', 'is', null) : eb('reports.office_id', '=', officeId)))
    .where('reports.state', '=', 'new')
    .where('reports.received_at', '<', before)
    .where('report_escalations.report_id', 'is', null)
    .orderBy('reports.received_at')
    .limit(500)
    .execute();
}

/** Marks a report escalated, once: false when another pass did it first. */
export async function markEscalated(
  db: Executor,
  row: { report_id: string; office_id: string | null; limit_hours: number; escalated_at: string },
): Promise<boolean> {
  const r = await db
    .insertInto('report_escalations')
    .values(row)
    .onConflict((oc) => oc.column('report_id').doNothing())
    .returning('report_id')
    .executeTakeFirst();
  return r !== undefined;
}

/**
 * Outgoing referrals of an office still pending past their deadline (`respond_by` before `today`) or, without one,
 * made on `onOrBefore` or earlier; not reminded yet; with the case's worker.
 */
export function pendingReferralsSince(db: Executor, officeId: string, at: { onOrBefore: string; today: string }) {
  return db
    .selectFrom('referrals')
    .innerJoin('cases', 'cases.id', 'referrals.case_id')
    .leftJoin('referral_reminders', 'referral_reminders.referral_id', 'referrals.id')
    .select(['referrals.id', 'referrals.case_id', 'referrals.organisation_id', 'referrals.created_by', 'cases.owner_id'])
    .where('referrals.office_id', '=', officeId)
    .where('referrals.direction', '=', 'outgoing')
    .where('referrals.status', '=', 'pending')
    .where((eb) =>
      eb.or([
        eb.and([eb('referrals.respond_by', 'is not', null), eb('referrals.respond_by', '<', at.today)]),
        eb.and([eb('referrals.respond_by', 'is', null), eb('referrals.referral_date', '<=', at.onOrBefore)]),
      ]),
    )
    .where('referral_reminders.referral_id', 'is', null)
    .orderBy('referrals.referral_date')
    .limit(500)
    .execute();
}

export async function markReminded(db: Executor, row: { referral_id: string; office_id: string; reminded_at: string }): Promise<boolean> {
  const r = await db
    .insertInto('referral_reminders')
    .values(row)
    .onConflict((oc) => oc.column('referral_id').doNothing())
    .returning('referral_id')
    .executeTakeFirst();
  return r !== undefined;
}

/** Open follow-up reminders of an office due before `today` (the office's date), not notified for that date, with the case's owner. */
export function overdueReminders(db: Executor, officeId: string, today: string) {
  return db
    .selectFrom('case_reminders')
    .innerJoin('cases', 'cases.id', 'case_reminders.case_id')
    .leftJoin('due_notices', (j) =>
      j
        .onRef('due_notices.subject_id', '=', 'case_reminders.id')
        .onRef('due_notices.due_on', '=', 'case_reminders.due_on')
        .on('due_notices.subject_type', '=', 'case_reminder'),
    )
    .select(['case_reminders.id', 'case_reminders.case_id', 'case_reminders.due_on', 'case_reminders.assigned_to', 'cases.owner_id'])
    .where('case_reminders.office_id', '=', officeId)
    .where('case_reminders.done_at', 'is', null)
    .where('case_reminders.due_on', '<', today)
    .where('due_notices.subject_id', 'is', null)
    .orderBy('case_reminders.due_on')
    .limit(500)
    .execute();
}

/** Open plan objectives of an office whose planned end date is before `today`, not notified for that date, with the case's owner. */
export function overdueObjectives(db: Executor, officeId: string, today: string) {
  return db
    .selectFrom('plan_objectives')
    .innerJoin('cases', 'cases.id', 'plan_objectives.case_id')
    .leftJoin('due_notices', (j) =>
      j
        .onRef('due_notices.subject_id', '=', 'plan_objectives.id')
        .onRef('due_notices.due_on', '=', 'plan_objectives.spl_planned_end_date')
        .on('due_notices.subject_type', '=', 'plan_objective'),
    )
    .select(['plan_objectives.id', 'plan_objectives.case_id', 'plan_objectives.spl_planned_end_date as due_on', 'cases.owner_id'])
    .where('plan_objectives.office_id', '=', officeId)
    .where('plan_objectives.status', '=', 'open')
    .where('plan_objectives.spl_planned_end_date', '<', today)
    .where('due_notices.subject_id', 'is', null)
    .orderBy('plan_objectives.spl_planned_end_date')
    .limit(500)
    .execute();
}

export async function markDue(
  db: Executor,
  row: { subject_type: string; subject_id: string; due_on: string; office_id: string; notified_at: string },
): Promise<boolean> {
  const r = await db
    .insertInto('due_notices')
    .values(row)
    .onConflict((oc) => oc.columns(['subject_type', 'subject_id', 'due_on']).doNothing())
    .returning('subject_id')
    .executeTakeFirst();
  return r !== undefined;
}
