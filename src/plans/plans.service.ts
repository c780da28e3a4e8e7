import type { Static } from '@sinclair/typebox';
import { recordEvent } from '../platform/audit/audit.js';
import type { AuthUser } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import { type Executor, inTransaction, type Tx } from '../platform/db/database.js';
import { ForbiddenError, NotFoundError, RuleError, StaleVersionError, ValidationError } from '../platform/http/errors.js';
import { newId, nowIso } from '../platform/ids.js';
import type { CaseRow } from '../cases/cases.table.js';
import { canPlan } from './plans.policy.js';
import * as repo from './plans.repository.js';
import type { ActionBody, ActionStatus, ActionUpdateBody, ObjectiveBody, ObjectiveStatusBody, PlanActionType, ServiceBody, SplType } from './plans.schema.js';
import { notify } from '../notifications/notify.service.js';

declare module '../platform/audit/audit.js' {
  interface AuditEvents {
    'plan.objective_added': { objectiveId: string; splType: string };
    'plan.objective_updated': { objectiveId: string; status: string };
    'plan.action_added': { actionId: string; type: string; source: string; ownerId: string | null; dueDate: string | null };
    'plan.action_updated': { actionId: string; fields: string[]; status: string };
    'plan.action_overdue': { actionId: string; dueDate: string | null; ownerId: string | null };
    'plan.service_recorded': { serviceId: string; service: string; referralId: string | null; organisationId: string | null };
  }
}

type CaseRef = Pick<CaseRow, 'id' | 'office_id' | 'owner_id'>;

/** Today's date as YYYY-MM-DD (UTC): due dates are calendar dates, compared as text. */
export function todayIso(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

function assertCan(actor: AuthUser, record: CaseRef): void {
  if (!canPlan(actor, 'edit', record)) throw new ForbiddenError();
}

async function assertOwner(db: Executor, officeId: string, ownerId: string | undefined): Promise<void> {
  if (!ownerId) return;
  const staff = await repo.officeStaff(db, officeId);
  if (!staff.some((s) => s.id === ownerId)) throw new ValidationError({ ownerId: 'plans.errors.owner' });
}

export async function addObjective(
  ctx: AppContext,
  { actor, record, input }: { actor: AuthUser; record: CaseRef; input: Static<typeof ObjectiveBody> },
): Promise<string> {
  assertCan(actor, record);
  return inTransaction(ctx.db, async (tx) => {
    const id = newId();
    const now = nowIso();
    await repo.insertObjective(tx, {
      id,
      office_id: record.office_id,
      case_id: record.id,
      spl_type: input.splType,
      objective_enc: await ctx.keys.encrypt(record.office_id, input.objective, { aad: `plan_objectives.objective:${id}`, db: tx }),
      status: 'open',
      spl_planned_end_date: input.plannedEndDate ?? null,
      spl_actual_end_date: null,
      created_by: actor.id,
      created_at: now,
      updated_at: now,
    });
    await recordEvent(tx, {
      type: 'plan.objective_added',
      officeId: record.office_id,
      actorId: actor.id,
      subjectType: 'case',
      subjectId: record.id,
      data: { objectiveId: id, splType: input.splType },
    });
    return id;
  });
}

export async function updateObjectiveStatus(
  ctx: AppContext,
  { actor, record, objectiveId, input }: { actor: AuthUser; record: CaseRef; objectiveId: string; input: Static<typeof ObjectiveStatusBody> },
): Promise<void> {
  assertCan(actor, record);
  await inTransaction(ctx.db, async (tx) => {
    const row = await repo.findObjective(tx, record.id, objectiveId);
    if (!row) throw new NotFoundError();
    const ok = await repo.updateObjective(tx, {
      id: row.id,
      version: input.version,
      set: {
        status: input.status,
        spl_actual_end_date: input.status === 'open' ? null : (row.spl_actual_end_date ?? todayIso()),
        updated_at: nowIso(),
      },
    });
    if (!ok) throw new StaleVersionError();
    await recordEvent(tx, {
      type: 'plan.objective_updated',
      officeId: record.office_id,
      actorId: actor.id,
      subjectType: 'case',
      subjectId: record.id,
      data: { objectiveId, status: input.status },
    });
  });
}

export interface NewPlanAction {
  objectiveId?: string | undefined;
  type: PlanActionType;
  description: string;
  ownerId?: string | undefined;
  dueDate?: string | undefined;
}

/**
 * Adds an action to the case's plan. Other features add theirs here (the durable solution adds its actions with
 * `source: 'solutions'`), in their own transaction when they pass one.
 */
export async function addPlanAction(
  ctx: AppContext,
  {
    actor,
    record,
    input,
    opts = {},
  }: { actor: AuthUser; record: CaseRef; input: NewPlanAction | Static<typeof ActionBody>; opts?: { source?: string; tx?: Tx } },
): Promise<string> {
  assertCan(actor, record);
  const work = async (tx: Tx) => {
    if (input.objectiveId && !(await repo.findObjective(tx, record.id, input.objectiveId)))
      throw new ValidationError({ objectiveId: 'plans.errors.objective' });
    await assertOwner(tx, record.office_id, input.ownerId);
    const id = newId();
    const now = nowIso();
    const source = opts.source ?? 'plan';
    await repo.insertAction(tx, {
      id,
      office_id: record.office_id,
      case_id: record.id,
      objective_id: input.objectiveId ?? null,
      action_type: input.type,
      description_enc: await ctx.keys.encrypt(record.office_id, input.description, { aad: `plan_actions.description:${id}`, db: tx }),
      owner_id: input.ownerId ?? null,
      due_date: input.dueDate ?? null,
      status: 'open',
      source,
      completed_at: null,
      reminded_at: null,
      created_by: actor.id,
      created_at: now,
      updated_at: now,
    });
    await recordEvent(tx, {
      type: 'plan.action_added',
      officeId: record.office_id,
      actorId: actor.id,
      subjectType: 'case',
      subjectId: record.id,
      data: { actionId: id, type: input.type, source, ownerId: input.ownerId ?? null, dueDate: input.dueDate ?? null },
    });
    return id;
  };
  return opts.tx ? work(opts.tx) : inTransaction(ctx.db, (tx) => work(tx));
}

/**
 * Where an action's status is changed: the plan's own actions here, another feature's actions (a durable-solution
 * step, `source: 'solutions'`) only through that feature, which checks its own conditions (the child safeguards,
 * the person's consent, no hand-over waiting) before it passes `source`. Corrections of the description, owner or
 * due date stay open on the plan for every action: they change no outcome and bypass no gate.
 */
export function assertStatusChangeAllowed(row: { source: string }, caller: string): void {
  if (row.source === caller) return;
  throw row.source === 'solutions'
    ? new RuleError('ACTION_OF_SOLUTION', 'planSteps.errors.solutionStep')
    : new RuleError('ACTION_OF_OTHER_FEATURE', 'planSteps.errors.otherSource');
}

/**
 * Marks an action done or cancelled (or reopens it), reschedules or reassigns it; refused when stale. A status
 * change of an action another feature added needs that feature's `source` (see assertStatusChangeAllowed); the
 * feature passes its transaction so that its checks and this change commit together.
 */
export async function updatePlanAction(
  ctx: AppContext,
  {
    actor,
    record,
    actionId,
    input,
    opts = {},
  }: { actor: AuthUser; record: CaseRef; actionId: string; input: Static<typeof ActionUpdateBody>; opts?: { source?: string; tx?: Tx } },
): Promise<void> {
  assertCan(actor, record);
  const work = async (tx: Tx) => {
    const row = await repo.findAction(tx, record.id, actionId);
    if (!row) throw new NotFoundError();
    await assertOwner(tx, record.office_id, input.ownerId);
    const fields: string[] = [];
    const status: ActionStatus = input.status ?? (row.status as ActionStatus);
    if (status !== row.status) {
      assertStatusChangeAllowed(row, opts.source ?? 'plan');
      fields.push('status');
    }
    if (input.dueDate !== undefined && input.dueDate !== row.due_date) fields.push('dueDate');
    if (input.ownerId !== undefined && input.ownerId !== row.owner_id) fields.push('ownerId');
    const description = input.description?.trim();
    if (description && description !== (await ctx.keys.decrypt<string>(row.description_enc, `plan_actions.description:${row.id}`))) fields.push('description');
    const ok = await repo.updateAction(tx, {
      id: row.id,
      version: input.version,
      set: {
        status,
        completed_at: status === 'open' ? null : (row.completed_at ?? nowIso()),
        due_date: input.dueDate ?? row.due_date,
        owner_id: input.ownerId ?? row.owner_id,
        ...(fields.includes('description') && description
          ? { description_enc: await ctx.keys.encrypt(record.office_id, description, { aad: `plan_actions.description:${row.id}`, db: tx }) }
          : {}),
        // A new due date earns a new reminder when it passes.
        reminded_at: fields.includes('dueDate') ? null : row.reminded_at,
        updated_at: nowIso(),
      },
    });
    if (!ok) throw new StaleVersionError();
    await recordEvent(tx, {
      type: 'plan.action_updated',
      officeId: record.office_id,
      actorId: actor.id,
      subjectType: 'case',
      subjectId: record.id,
      data: { actionId, fields, status },
    });
  };
  await (opts.tx ? work(opts.tx) : inTransaction(ctx.db, (tx) => work(tx)));
}

/**
 * Records a service delivered. Staff record it on the plan page; a partner records it through the referral,
 * in which case the referral id and the partner's organisation are kept (the caller has checked the grant).
 */
export async function recordService(
  ctx: AppContext,
  {
    actorId,
    record,
    input,
    opts = {},
  }: {
    actorId: string;
    record: Pick<CaseRow, 'id' | 'office_id'>;
    input: Static<typeof ServiceBody>;
    opts?: { referralId?: string; organisationId?: string; tx?: Tx };
  },
): Promise<string> {
  const work = async (tx: Tx) => {
    if (input.actionId && !(await repo.findAction(tx, record.id, input.actionId))) throw new ValidationError({ actionId: 'plans.errors.action' });
    // A service is recorded once delivered: a date after today is a typing error (issue 21).
    // The latest time zone is 14 hours ahead of UTC: a date up to that far ahead is still today somewhere.
    if (input.deliveredOn > todayIso(new Date(Date.now() + 14 * 3600 * 1000))) throw new ValidationError({ deliveredOn: 'caseStory.errors.futureDate' });
    const id = newId();
    const notes = input.notes?.trim();
    await repo.insertService(tx, {
      id,
      office_id: record.office_id,
      case_id: record.id,
      action_id: input.actionId ?? null,
      referral_id: opts.referralId ?? null,
      organisation_id: opts.organisationId ?? null,
      service: input.service,
      delivered_on: input.deliveredOn,
      notes_enc: notes ? await ctx.keys.encrypt(record.office_id, notes, { aad: `plan_services.notes:${id}`, db: tx }) : null,
      recorded_by: actorId,
      created_at: nowIso(),
    });
    await recordEvent(tx, {
      type: 'plan.service_recorded',
      officeId: record.office_id,
      actorId,
      subjectType: 'case',
      subjectId: record.id,
      data: { serviceId: id, service: input.service, referralId: opts.referralId ?? null, organisationId: opts.organisationId ?? null },
    });
    return id;
  };
  return opts.tx ? work(opts.tx) : inTransaction(ctx.db, (tx) => work(tx));
}

export async function recordStaffService(
  ctx: AppContext,
  { actor, record, input }: { actor: AuthUser; record: CaseRef; input: Static<typeof ServiceBody> },
): Promise<string> {
  assertCan(actor, record);
  return recordService(ctx, { actorId: actor.id, record, input });
}

/**
 * The reminder pass of the scheduled job: every overdue open action not yet reminded gets its reminder raised
 * once (an audit event for its owner's office, and `reminded_at`, which the lists show). Returns how many.
 */
export async function raiseOverdueReminders(ctx: AppContext, today = todayIso()): Promise<number> {
  let count = 0;
  for (;;) {
    const batch = await repo.unremindedOverdue(ctx.db, today, 200);
    if (batch.length === 0) return count;
    for (const a of batch) {
      await inTransaction(ctx.db, async (tx) => {
        if (!(await repo.markReminded(tx, a.id, nowIso()))) return;
        await recordEvent(tx, {
          type: 'plan.action_overdue',
          officeId: a.office_id,
          actorId: null,
          subjectType: 'case',
          subjectId: a.case_id,
          data: { actionId: a.id, dueDate: a.due_date, ownerId: a.owner_id },
        });
        await notify(ctx, tx, { event: 'plan_overdue', userId: a.owner_id, officeId: a.office_id, caseId: a.case_id });
        count++;
      });
    }
    if (batch.length < 200) return count;
  }
}

export type { SplType };
