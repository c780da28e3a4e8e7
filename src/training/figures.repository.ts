import { sql } from 'kysely';
import type { Executor } from '../platform/db/database.js';

/** The queries of the training figures (figures.service.ts): trainings in a period, their sessions and people. */

/** Trainings count in a period by their first session's day (YYYY-MM-DD, inclusive bounds). */
export interface Period {
  from?: string | undefined;
  to?: string | undefined;
}

/** Trainings with at least one session whose first day is in the period, in the offices of the scope. */
export function trainingsInPeriod(db: Executor, period: Period, scope: string[] | 'all') {
  let q = db
    .selectFrom('trainings as t')
    .innerJoin('training_sessions as s', 's.training_id', 't.id')
    .select(['t.id', 't.country', 't.topic', 't.test_max_score'])
    .select((eb) => [eb.fn.min('s.held_on').as('first_day'), eb.fn.max('s.held_on').as('last_day')])
    .groupBy(['t.id', 't.country', 't.topic', 't.test_max_score']);
  if (scope !== 'all') q = q.where('t.office_id', 'in', scope);
  if (period.from) q = q.having((eb) => eb.fn.min('s.held_on'), '>=', period.from);
  if (period.to) q = q.having((eb) => eb.fn.min('s.held_on'), '<=', period.to);
  return q.execute();
}

/** The sessions, participants and attendance marks of the given trainings (at most a few hundred at a time). */
export async function peopleOfTrainings(db: Executor, ids: readonly string[]) {
  const list = [...ids];
  const [sessions, participants, attendance] = await Promise.all([
    db.selectFrom('training_sessions').select(['id', 'training_id', 'required']).where('training_id', 'in', list).execute(),
    db
      .selectFrom('training_participants')
      .select(['id', 'training_id', 'organisation_id', 'institution_type', 'pre_score', 'post_score'])
      .where('training_id', 'in', list)
      .execute(),
    db
      .selectFrom('training_attendance as a')
      .innerJoin('training_sessions as s', 's.id', 'a.session_id')
      .select(['a.session_id', 'a.participant_id'])
      .where('s.training_id', 'in', list)
      .execute(),
  ]);
  return { sessions, participants, attendance };
}

/**
 * Until the referral module supplies its own source: of the trained organisations, how many have a row in a
 * `referrals` table (organisation_id, created_at) after the day they were trained; 0 when no such table exists.
 */
export async function organisationsReferringSince(db: Executor, trained: ReadonlyArray<{ organisationId: string; trainedOn: string }>): Promise<number> {
  if (trained.length === 0) return 0;
  const tables = await db.introspection.getTables();
  const referrals = tables.find((t) => t.name === 'referrals');
  if (!referrals || !['organisation_id', 'created_at'].every((c) => referrals.columns.some((x) => x.name === c))) return 0;
  const since = new Map(trained.map((t) => [t.organisationId, t.trainedOn]));
  const ids = [...since.keys()];
  let count = 0;
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const rows = await sql<{ organisation_id: string; last: string }>`select organisation_id, max(created_at) as last from referrals where organisation_id in (${sql.join(chunk)}) group by organisation_id`.execute(db);
    for (const r of rows.rows) if (r.last && r.last.slice(0, 10) > (since.get(r.organisation_id) ?? '9999')) count++;
  }
  return count;
}
