import { correctionsOf, dueItems, latestReasons } from '../cases/index.js';
import type { CaseRow } from '../cases/cases.table.js';
import { organisationNames } from '../offices/offices.repository.js';
import type { AuthUser } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import * as repo from './plans.repository.js';
import { todayIso } from './plans.service.js';

/*
 * What people see of a plan: the case's plan decrypted for its staff (the caller loaded the case through
 * loadCaseFor: policy and access log), the overdue list in the user's scope, a referral's services for its partner.
 */

type CaseRef = Pick<CaseRow, 'id' | 'office_id' | 'owner_id'>;

export interface PlanView {
  objectives: Array<{
    id: string;
    splType: string;
    objective: string;
    status: string;
    plannedEndDate: string | null;
    actualEndDate: string | null;
    version: number;
  }>;
  actions: Array<{
    id: string;
    objectiveId: string | null;
    type: string;
    description: string;
    ownerId: string | null;
    ownerName: string | null;
    dueDate: string | null;
    status: string;
    source: string;
    overdue: boolean;
    completedAt: string | null;
    version: number;
  }>;
  services: Array<{
    id: string;
    service: string;
    deliveredOn: string;
    notes: string | null;
    actionId: string | null;
    referralId: string | null;
    organisationId: string | null;
    organisationName: string | null;
    version: number;
    correctedAt: string | null;
    /** Shown only on the plan page (struck through with its reason); never in lists elsewhere or in totals. */
    withdrawnAt: string | null;
    correctionReason: string | null;
    withdrawalReason: string | null;
  }>;
}

function idsOf(values: Array<string | null>): string[] {
  return [...new Set(values.filter((x): x is string => !!x))];
}

/**
 * The whole plan of a case, decrypted; the caller has loaded the case through loadCaseFor (policy and access log).
 * Withdrawn services are left out unless `withWithdrawn` (the plan page shows them struck through, with the reason).
 */
export async function loadPlan(ctx: AppContext, record: CaseRef, opts: { withWithdrawn?: boolean } = {}): Promise<PlanView> {
  const [objectives, actions, allServices] = await Promise.all([
    repo.objectivesOf(ctx.db, record.id),
    repo.actionsOf(ctx.db, record.id),
    repo.servicesOf(ctx.db, record.id),
  ]);
  const services = opts.withWithdrawn ? allServices : allServices.filter((s) => !s.withdrawn_at);
  const reasons = latestReasons(
    await correctionsOf(
      ctx,
      services.filter((s) => s.corrected_at || s.withdrawn_at).map((s) => s.id),
    ),
  );
  const names = await repo.userNames(ctx.db, idsOf(actions.map((a) => a.owner_id)));
  const orgNames = await organisationNames(ctx.db, idsOf(services.map((s) => s.organisation_id)));
  const today = todayIso();
  return {
    objectives: await Promise.all(
      objectives.map(async (o) => ({
        id: o.id,
        splType: o.spl_type,
        objective: await ctx.keys.decrypt<string>(o.objective_enc, `plan_objectives.objective:${o.id}`),
        status: o.status,
        plannedEndDate: o.spl_planned_end_date,
        actualEndDate: o.spl_actual_end_date,
        version: o.version,
      })),
    ),
    actions: await Promise.all(
      actions.map(async (a) => ({
        id: a.id,
        objectiveId: a.objective_id,
        type: a.action_type,
        description: await ctx.keys.decrypt<string>(a.description_enc, `plan_actions.description:${a.id}`),
        ownerId: a.owner_id,
        ownerName: a.owner_id ? (names.get(a.owner_id) ?? null) : null,
        dueDate: a.due_date,
        status: a.status,
        source: a.source,
        overdue: a.status === 'open' && !!a.due_date && a.due_date < today,
        completedAt: a.completed_at,
        version: a.version,
      })),
    ),
    services: await Promise.all(
      services.map(async (s) => ({
        id: s.id,
        service: s.service,
        deliveredOn: s.delivered_on,
        notes: await serviceNotes(ctx, s),
        actionId: s.action_id,
        referralId: s.referral_id,
        organisationId: s.organisation_id,
        organisationName: s.organisation_id ? (orgNames.get(s.organisation_id) ?? null) : null,
        version: s.version,
        correctedAt: s.corrected_at,
        withdrawnAt: s.withdrawn_at,
        correctionReason: reasons.get(s.id)?.corrected ?? null,
        withdrawalReason: reasons.get(s.id)?.withdrawn ?? null,
      })),
    ),
  };
}

function serviceNotes(ctx: AppContext, s: { id: string; notes_enc: string | null }): Promise<string | null> {
  return s.notes_enc ? ctx.keys.decrypt<string>(s.notes_enc, `plan_services.notes:${s.id}`) : Promise.resolve(null);
}

/**
 * The plan under its HTCDS names (spl_): one support plan per objective, typed by spl_Type, with its actions as
 * the spl_ActionPlan text. For exchange and for the export of a case.
 */
export function htcdsPlan(plan: PlanView): Array<Record<string, string | null>> {
  return plan.objectives.map((o) => ({
    spl_Type: o.splType,
    spl_Objectives: o.objective,
    spl_ActionPlan: plan.actions
      .filter((a) => a.objectiveId === o.id)
      .map((a) => `${a.type}${a.dueDate ? ` (${a.dueDate})` : ''}: ${a.description}`)
      .join('\n'),
    spl_PlannedEndDate: o.plannedEndDate,
    spl_ActualEndDate: o.actualEndDate,
  }));
}

/** The plan tab as its staff see it: the plan, who may own an action, and whom the form proposes. */
export interface PlanPageModel {
  plan: PlanView;
  staff: Array<{ id: string; name: string }>;
  defaultOwnerId: string;
  today: string;
}

export async function planPage(ctx: AppContext, actor: AuthUser, record: CaseRef): Promise<PlanPageModel> {
  const plan = await loadPlan(ctx, record, { withWithdrawn: true });
  const staff = await repo.officeStaff(ctx.db, record.office_id);
  return { plan, staff: staff.map((s) => ({ id: s.id, name: s.display_name })), defaultOwnerId: actor.id, today: todayIso() };
}

export interface OverdueActionView {
  id: string;
  /** A plan action or a follow-up reminder: the overdue page lists both, one notion of "due". */
  source: 'action' | 'reminder';
  caseId: string;
  caseNumber: string;
  /** The action's type or the reminder's kind. */
  type: string;
  description: string;
  ownerId: string | null;
  ownerName: string | null;
  dueDate: string | null;
  remindedAt: string | null;
}

/** Overdue open actions and reminders the user may see (their own with `mine`): the cases feature's due service. */
export async function overdueActions(ctx: AppContext, user: AuthUser, opts: { mine?: boolean; today?: string } = {}): Promise<OverdueActionView[]> {
  const today = opts.today ?? todayIso();
  const rows = await dueItems(ctx, { user, w: { before: today, mine: opts.mine ?? false }, today });
  return rows.map((r) => ({
    id: r.id,
    source: r.source,
    caseId: r.caseId,
    caseNumber: r.caseNumber,
    type: r.kind,
    description: r.text,
    ownerId: r.ownerId,
    ownerName: r.ownerName,
    dueDate: r.dueOn,
    remindedAt: r.remindedAt,
  }));
}

export interface ReferralServiceView {
  id: string;
  service: string;
  deliveredOn: string;
  notes: string | null;
  version: number;
  /** The partner may correct or withdraw the services its organisation recorded on this referral. */
  mine: boolean;
  withdrawnAt: string | null;
  withdrawalReason: string | null;
  correctionReason: string | null;
}

/**
 * The services recorded through a referral, decrypted, newest first (for its partner; the caller checked the gate),
 * withdrawn ones included, struck through with their reason.
 */
export async function referralServices(ctx: AppContext, referralId: string, organisationId?: string): Promise<ReferralServiceView[]> {
  const rows = await repo.servicesOfReferral(ctx.db, referralId);
  const reasons = latestReasons(
    await correctionsOf(
      ctx,
      rows.filter((s) => s.corrected_at || s.withdrawn_at).map((s) => s.id),
    ),
  );
  return Promise.all(
    rows.map(async (s) => ({
      id: s.id,
      service: s.service,
      deliveredOn: s.delivered_on,
      notes: await serviceNotes(ctx, s),
      version: s.version,
      mine: organisationId !== undefined && s.organisation_id === organisationId,
      withdrawnAt: s.withdrawn_at,
      withdrawalReason: reasons.get(s.id)?.withdrawn ?? null,
      correctionReason: reasons.get(s.id)?.corrected ?? null,
    })),
  );
}
