import type { AuthUser } from '../platform/auth/auth-user.js';
import type { Executor } from '../platform/db/database.js';
import { scopedCases } from './cases.repository.js';

/*
 * THE query of what is due: open plan actions with a due date and open follow-up reminders, one notion of "due".
 * The case's next_due_on (the caseload's "overdue" and "this week" filters, the "next due" column) is the earliest of
 * both, refreshed by whatever changes either; the overdue page, the case overview and "my work" read the same rows.
 */

/** The earliest open due date of the case over its plan actions and its reminders, or null. */
export async function earliestDue(db: Executor, caseId: string): Promise<string | null> {
  const [a, r] = await Promise.all([
    db
      .selectFrom('plan_actions')
      .select((eb) => eb.fn.min('due_date').as('due'))
      .where('case_id', '=', caseId)
      .where('status', '=', 'open')
      .where('due_date', 'is not', null)
      .executeTakeFirst(),
    db
      .selectFrom('case_reminders')
      .select((eb) => eb.fn.min('due_on').as('due'))
      .where('case_id', '=', caseId)
      .where('done_at', 'is', null)
      .executeTakeFirst(),
  ]);
  const dates = [a?.due, r?.due].filter((d): d is string => typeof d === 'string' && d.length > 0);
  return dates.length ? (dates.sort()[0] as string) : null;
}

/** Sets the case's next_due_on to the earliest of its open actions and reminders (no version bump: not a form's field). */
export async function syncNextDue(db: Executor, caseId: string): Promise<void> {
  await db
    .updateTable('cases')
    .set({ next_due_on: await earliestDue(db, caseId) })
    .where('id', '=', caseId)
    .execute();
}

export interface DueWindow {
  /** Due strictly before this date (YYYY-MM-DD): overdue when it is today. */
  before?: string | undefined;
  /** Due on or before this date. */
  until?: string | undefined;
  /** Only what is the user's: actions they own, reminders assigned to them (or on their cases when unassigned). */
  mine?: boolean | undefined;
  caseId?: string | undefined;
  limit?: number | undefined;
}

/**
 * The open plan actions and open reminders of the window, in the cases the user may read (scope in SQL): the one
 * condition both the list and the count read, before either picks its columns.
 */
function dueInWindow(db: Executor, user: AuthUser, w: DueWindow) {
  let actions = scopedCases(db, user)
    .innerJoin('plan_actions', 'plan_actions.case_id', 'cases.id')
    .where('plan_actions.status', '=', 'open')
    .where('plan_actions.due_date', 'is not', null);
  let reminders = scopedCases(db, user).innerJoin('case_reminders', 'case_reminders.case_id', 'cases.id').where('case_reminders.done_at', 'is', null);
  if (w.before) {
    actions = actions.where('plan_actions.due_date', '<', w.before);
    reminders = reminders.where('case_reminders.due_on', '<', w.before);
  }
  if (w.until) {
    actions = actions.where('plan_actions.due_date', '<=', w.until);
    reminders = reminders.where('case_reminders.due_on', '<=', w.until);
  }
  if (w.caseId) {
    actions = actions.where('cases.id', '=', w.caseId);
    reminders = reminders.where('cases.id', '=', w.caseId);
  }
  if (w.mine) {
    actions = actions.where((eb) =>
      eb.or([eb('plan_actions.owner_id', '=', user.id), eb.and([eb('plan_actions.owner_id', 'is', null), eb('cases.owner_id', '=', user.id)])]),
    );
    reminders = reminders.where((eb) =>
      eb.or([eb('case_reminders.assigned_to', '=', user.id), eb.and([eb('case_reminders.assigned_to', 'is', null), eb('cases.owner_id', '=', user.id)])]),
    );
  }
  return { actions, reminders };
}

/** Open due items in the cases the user may read (scope in SQL), earliest first: actions and reminders together. */
export async function dueRows(db: Executor, user: AuthUser, w: DueWindow) {
  const { actions, reminders } = dueInWindow(db, user, w);
  const limit = w.limit ?? 200;
  const [a, r] = await Promise.all([
    actions
      .leftJoin('users as owner', 'owner.id', 'plan_actions.owner_id')
      .select((eb) => [
        eb.val('action').as('source'),
        'plan_actions.id as id',
        'cases.id as case_id',
        'cases.case_number as case_number',
        'cases.office_id as office_id',
        'plan_actions.action_type as kind',
        'plan_actions.description_enc as text_enc',
        'plan_actions.owner_id as owner_id',
        'owner.display_name as owner_name',
        'plan_actions.due_date as due_on',
        'plan_actions.reminded_at as reminded_at',
      ])
      .orderBy('plan_actions.due_date')
      .orderBy('plan_actions.id')
      .limit(limit)
      .execute(),
    reminders
      .leftJoin('users as owner', 'owner.id', 'case_reminders.assigned_to')
      .select((eb) => [
        eb.val('reminder').as('source'),
        'case_reminders.id as id',
        'cases.id as case_id',
        'cases.case_number as case_number',
        'cases.office_id as office_id',
        'case_reminders.kind as kind',
        'case_reminders.text_enc as text_enc',
        'case_reminders.assigned_to as owner_id',
        'owner.display_name as owner_name',
        'case_reminders.due_on as due_on',
        eb.val(null).as('reminded_at'),
      ])
      .orderBy('case_reminders.due_on')
      .orderBy('case_reminders.id')
      .limit(limit)
      .execute(),
  ]);
  return [...a, ...r]
    .map((x) => ({ ...x, source: x.source as 'action' | 'reminder', reminded_at: (x.reminded_at as string | null) ?? null }))
    .sort((x, y) => String(x.due_on).localeCompare(String(y.due_on)) || x.id.localeCompare(y.id))
    .slice(0, limit);
}

/** How many open items are due in the window (for the counts on "my work"). */
export async function countDue(db: Executor, user: AuthUser, w: DueWindow): Promise<number> {
  const { actions, reminders } = dueInWindow(db, user, w);
  const [a, r] = await Promise.all([
    actions.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
    reminders.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
  ]);
  return Number(a?.n ?? 0) + Number(r?.n ?? 0);
}
