import { type AuthUser, hasPermission, officesWith } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import { type DueItem, dueCount, dueInDays, dueItems, dueToday } from './due.service.js';
import * as repo from './mywork.repository.js';

/** A card of "my work": how many, and the first few cases (with a link each). */
export interface WorkCard<T = { caseId: string; caseNumber: string }> {
  count: number;
  items: T[];
}

/** The case side of "my work"; the supervisor's cards only for someone who supervises somewhere. */
export interface CaseWork {
  overdue: WorkCard<DueItem>;
  upcoming: WorkCard<DueItem>;
  decisionsPending: WorkCard;
  newAssignments: WorkCard;
  supervisor?: {
    unassigned: WorkCard;
    toApprove: WorkCard;
    highRiskNoPlan: WorkCard;
    riskToLife: WorkCard<{ caseId: string; caseNumber: string; assessedOn: string }>;
  };
}

const cases = (r: { count: number; rows: Array<{ id: string; case_number: string }> }): WorkCard => ({
  count: r.count,
  items: r.rows.map((x) => ({ caseId: x.id, caseNumber: x.case_number })),
});

/**
 * What a case worker or a supervisor has to do, each within the cases they may read: what is overdue and due within
 * 7 days (plan actions and reminders: the one due service), decisions pending, cases newly given to them; for a
 * supervisor also the unassigned cases, the determinations to approve, high risk without a plan, and every
 * assessment of the last 14 days that recorded a risk to life. A case worker's cards are their own cases; a
 * supervisor's are the office's.
 */
export async function caseWork(ctx: AppContext, user: AuthUser): Promise<CaseWork | undefined> {
  if (!hasPermission(user, 'cases.work')) return undefined;
  const supervised = officesWith(user, 'cases.supervise');
  const supervises = supervised === 'all' || supervised.length > 0;
  const mine = !supervises;
  const today = dueToday();
  const weekEnd = dueInDays(7);
  const [overdue, overdueCount, upcomingAll, upcomingCount, pending, assigned] = await Promise.all([
    dueItems(ctx, { user, w: { before: today, mine, limit: 10 }, today }),
    dueCount(ctx, user, { before: today, mine }),
    dueItems(ctx, { user, w: { until: weekEnd, mine, limit: 40 }, today }),
    dueCount(ctx, user, { until: weekEnd, mine }),
    repo.decisionsPending(ctx.db, user, { mine }),
    repo.newAssignments(ctx.db, user, new Date(Date.now() - 7 * 86_400_000).toISOString()),
  ]);
  const upcoming = upcomingAll.filter((d) => !d.overdue).slice(0, 10);
  const work: CaseWork = {
    overdue: { count: overdueCount, items: overdue },
    upcoming: { count: upcomingCount - overdueCount, items: upcoming },
    decisionsPending: cases(pending),
    newAssignments: cases(assigned),
  };
  if (supervises) {
    const since = new Date(Date.now() - 14 * 86_400_000).toISOString();
    const [unassigned, toApprove, highRisk, life] = await Promise.all([
      repo.unassignedCases(ctx.db, user),
      repo.determinationsToApprove(ctx.db, user, { mine: false }),
      repo.highRiskWithoutPlan(ctx.db, user),
      repo.riskToLifeAlerts(ctx.db, user, since),
    ]);
    work.supervisor = {
      unassigned: cases(unassigned),
      toApprove: cases(toApprove),
      highRiskNoPlan: cases(highRisk),
      riskToLife: { count: life.count, items: life.rows.map((r) => ({ caseId: r.id, caseNumber: r.case_number, assessedOn: r.assessed_on })) },
    };
  }
  return work;
}
