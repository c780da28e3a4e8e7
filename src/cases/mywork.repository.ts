import type { AuthUser } from '../platform/auth/auth-user.js';
import type { Executor } from '../platform/db/database.js';
import { scopedCases } from './cases.repository.js';

/* The queries behind "my work" (the staff home), each within the cases the user may read (scope in SQL). */

const OPEN = ['Active', 'FollowUp'];
const LIMIT = 10;

type CaseRef = { id: string; case_number: string; owner_id: string | null; stage: string };

async function countAndFirst<T>(count: Promise<{ n: number | string | bigint } | undefined>, rows: Promise<T[]>): Promise<{ count: number; rows: T[] }> {
  const [c, r] = await Promise.all([count, rows]);
  return { count: Number(c?.n ?? 0), rows: r };
}

/** Cases assigned to the user in the last days (by the audit of the assignment), still theirs and open. */
export function newAssignments(db: Executor, user: AuthUser, since: string) {
  const base = () =>
    scopedCases(db, user)
      .where('cases.owner_id', '=', user.id)
      .where('cases.cas_status', 'in', OPEN)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('audit_events')
            .select('audit_events.id')
            .whereRef('audit_events.subject_id', '=', 'cases.id')
            .where('audit_events.subject_type', '=', 'case')
            .where('audit_events.type', '=', 'case.assigned')
            .where('audit_events.created_at', '>=', since),
        ),
      );
  return countAndFirst<CaseRef>(
    base()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst(),
    base().select(['cases.id', 'cases.case_number', 'cases.owner_id', 'cases.stage']).orderBy('cases.updated_at', 'desc').limit(LIMIT).execute(),
  );
}

/** Open cases with nobody responsible (for a supervisor). */
export function unassignedCases(db: Executor, user: AuthUser) {
  const base = () => scopedCases(db, user).where('cases.owner_id', 'is', null).where('cases.cas_status', 'in', OPEN);
  return countAndFirst<CaseRef>(
    base()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst(),
    base().select(['cases.id', 'cases.case_number', 'cases.owner_id', 'cases.stage']).orderBy('cases.opened_at').limit(LIMIT).execute(),
  );
}

/** Open cases screened but with no trafficking-status decision yet (a supervisor decides). */
export function decisionsPending(db: Executor, user: AuthUser, opts: { mine: boolean }) {
  const base = () => {
    let q = scopedCases(db, user)
      .where('cases.cas_status', 'in', OPEN)
      .where('cases.vic_trafficking_status', 'is', null)
      .where((eb) => eb.exists(eb.selectFrom('case_screenings').select('case_screenings.id').whereRef('case_screenings.case_id', '=', 'cases.id')));
    if (opts.mine) q = q.where('cases.owner_id', '=', user.id);
    return q;
  };
  return countAndFirst<CaseRef>(
    base()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst(),
    base().select(['cases.id', 'cases.case_number', 'cases.owner_id', 'cases.stage']).orderBy('cases.opened_at').limit(LIMIT).execute(),
  );
}

/** Best-interests determinations submitted and waiting for a supervisor's approval. */
export function determinationsToApprove(db: Executor, user: AuthUser, opts: { mine: boolean }) {
  const base = () => {
    let q = scopedCases(db, user).innerJoin('case_best_interests_determinations as bid', 'bid.case_id', 'cases.id').where('bid.status', '=', 'submitted');
    if (opts.mine) q = q.where('cases.owner_id', '=', user.id);
    return q;
  };
  return countAndFirst<CaseRef>(
    base()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst(),
    base().select(['cases.id', 'cases.case_number', 'cases.owner_id', 'cases.stage']).orderBy('cases.opened_at').limit(LIMIT).execute(),
  );
}

/** Open high-risk cases with no open plan action (the risk is known, nothing is planned). */
export function highRiskWithoutPlan(db: Executor, user: AuthUser) {
  const base = () =>
    scopedCases(db, user)
      .where('cases.cas_status', 'in', OPEN)
      .where('cases.risk_level', '=', 'high')
      .where((eb) =>
        eb.not(
          eb.exists(
            eb.selectFrom('plan_actions').select('plan_actions.id').whereRef('plan_actions.case_id', '=', 'cases.id').where('plan_actions.status', '=', 'open'),
          ),
        ),
      );
  return countAndFirst<CaseRef>(
    base()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst(),
    base().select(['cases.id', 'cases.case_number', 'cases.owner_id', 'cases.stage']).orderBy('cases.opened_at').limit(LIMIT).execute(),
  );
}

/** Assessments since a date that recorded a risk to the person's life (the safety answers are plain codes). */
export function riskToLifeAlerts(db: Executor, user: AuthUser, since: string) {
  const base = () =>
    scopedCases(db, user)
      .innerJoin('case_assessments as a', 'a.case_id', 'cases.id')
      .where('cases.cas_status', 'in', OPEN)
      .where('a.created_at', '>=', since)
      .where('a.safety', 'like', '%"riskToLife":"yes"%');
  return countAndFirst<CaseRef & { assessed_on: string }>(
    base()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst(),
    base().select(['cases.id', 'cases.case_number', 'cases.owner_id', 'cases.stage', 'a.assessed_on']).orderBy('a.created_at', 'desc').limit(LIMIT).execute(),
  );
}
