import { sql } from 'kysely';
import type { Executor } from '../platform/db/database.js';
import { INSTITUTION_TYPES, type InstitutionType } from './training.schema.js';
import { isCompleted, type ScoreSummary, summariseScores } from './training.scores.js';

/** Trainings count in a period by their first session's day (YYYY-MM-DD, inclusive bounds). */
export interface Period {
  from?: string | undefined;
  to?: string | undefined;
}

export interface TrainedPerson {
  participantId: string;
  trainingId: string;
  organisationId: string | null;
  institutionType: string;
  sector: string;
  country: string;
  topic: string;
  completed: boolean;
  /** Last session day of the training: the day the person counts as trained. */
  trainedOn: string | null;
  pre: number | null;
  post: number | null;
  max: number;
}

/** Every participant of the trainings in the period and scope, with completion worked out. */
export async function participantsInPeriod(db: Executor, period: Period, scope: string[] | 'all'): Promise<TrainedPerson[]> {
  if (scope !== 'all' && scope.length === 0) return [];
  let trainingsQ = db
    .selectFrom('trainings as t')
    .innerJoin('training_sessions as s', 's.training_id', 't.id')
    .select(['t.id', 't.country', 't.topic', 't.test_max_score'])
    .select((eb) => [eb.fn.min('s.held_on').as('first_day'), eb.fn.max('s.held_on').as('last_day')])
    .groupBy(['t.id', 't.country', 't.topic', 't.test_max_score']);
  if (scope !== 'all') trainingsQ = trainingsQ.where('t.office_id', 'in', scope);
  if (period.from) trainingsQ = trainingsQ.having((eb) => eb.fn.min('s.held_on'), '>=', period.from);
  if (period.to) trainingsQ = trainingsQ.having((eb) => eb.fn.min('s.held_on'), '<=', period.to);
  const trainings = await trainingsQ.execute();
  if (trainings.length === 0) return [];
  const out: TrainedPerson[] = [];
  for (let i = 0; i < trainings.length; i += 500) {
    const chunk = trainings.slice(i, i + 500);
    const ids = chunk.map((t) => t.id);
    const [sessions, participants, attendance] = await Promise.all([
      db.selectFrom('training_sessions').select(['id', 'training_id', 'required']).where('training_id', 'in', ids).execute(),
      db.selectFrom('training_participants').select(['id', 'training_id', 'organisation_id', 'institution_type', 'pre_score', 'post_score']).where('training_id', 'in', ids).execute(),
      db
        .selectFrom('training_attendance as a')
        .innerJoin('training_sessions as s', 's.id', 'a.session_id')
        .select(['a.session_id', 'a.participant_id'])
        .where('s.training_id', 'in', ids)
        .execute(),
    ]);
    const attendedBy = new Map<string, Set<string>>();
    for (const a of attendance) {
      const set = attendedBy.get(a.participant_id) ?? new Set<string>();
      set.add(a.session_id);
      attendedBy.set(a.participant_id, set);
    }
    for (const t of chunk) {
      const mySessions = sessions.filter((s) => s.training_id === t.id);
      for (const p of participants.filter((x) => x.training_id === t.id)) {
        out.push({
          participantId: p.id,
          trainingId: t.id,
          organisationId: p.organisation_id,
          institutionType: p.institution_type,
          sector: INSTITUTION_TYPES[p.institution_type as InstitutionType] ?? 'unknown',
          country: t.country,
          topic: t.topic,
          completed: isCompleted({ sessions: mySessions, attended: attendedBy.get(p.id) ?? new Set(), postScore: p.post_score }),
          trainedOn: (t.last_day as string | null) ?? null,
          pre: p.pre_score,
          post: p.post_score,
          max: t.test_max_score,
        });
      }
    }
  }
  return out;
}

/**
 * Organisations that had at least one person complete a training in the period, with the first day they
 * counted as trained. The referral module joins this with its referrals to count those that later made or
 * received one.
 */
export async function trainedOrganisationIds(db: Executor, period: Period, scope: string[] | 'all' = 'all'): Promise<Array<{ organisationId: string; trainedOn: string }>> {
  const first = new Map<string, string>();
  for (const p of await participantsInPeriod(db, period, scope)) {
    if (!p.completed || !p.organisationId || !p.trainedOn) continue;
    const known = first.get(p.organisationId);
    if (!known || p.trainedOn < known) first.set(p.organisationId, p.trainedOn);
  }
  return [...first].map(([organisationId, trainedOn]) => ({ organisationId, trainedOn }));
}

/** Counts how many of the trained organisations made or received a referral after the day they were trained. */
export type ReferralCountSource = (db: Executor, trained: ReadonlyArray<{ organisationId: string; trainedOn: string }>) => Promise<number>;

/**
 * Until the referral module supplies its own source: reads a `referrals` table (organisation_id, created_at) when
 * one exists, and counts 0 when it does not.
 */
export const referralsTableSource: ReferralCountSource = async (db, trained) => {
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
};

export interface TrainingFigures {
  people: number;
  participants: number;
  byInstitution: Array<[string, number]>;
  bySector: Array<[string, number]>;
  byCountry: Array<[string, number]>;
  byTopic: Array<[string, number]>;
  scores: ScoreSummary;
  scoresByTopic: Array<[string, ScoreSummary]>;
  organisationsTrained: number;
  organisationsWithReferrals: number;
}

function countBy(people: TrainedPerson[], key: (p: TrainedPerson) => string): Array<[string, number]> {
  const m = new Map<string, number>();
  for (const p of people) m.set(key(p), (m.get(key(p)) ?? 0) + 1);
  return [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** People trained = participants who completed; scores over everyone with both tests. Not yet suppressed. */
export async function trainingFigures(db: Executor, period: Period, scope: string[] | 'all', referralSource: ReferralCountSource = referralsTableSource): Promise<TrainingFigures> {
  const all = await participantsInPeriod(db, period, scope);
  const trained = all.filter((p) => p.completed);
  const topics = [...new Set(all.map((p) => p.topic))].sort();
  const organisations = await trainedOrganisationIds(db, period, scope);
  return {
    people: trained.length,
    participants: all.length,
    byInstitution: countBy(trained, (p) => p.institutionType),
    bySector: countBy(trained, (p) => p.sector),
    byCountry: countBy(trained, (p) => p.country),
    byTopic: countBy(trained, (p) => p.topic),
    scores: summariseScores(all),
    scoresByTopic: topics.map((t) => [t, summariseScores(all.filter((p) => p.topic === t))]),
    organisationsTrained: organisations.length,
    organisationsWithReferrals: await referralSource(db, organisations),
  };
}
