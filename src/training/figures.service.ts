import type { AuthUser } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import type { Executor } from '../platform/db/database.js';
import { organisationsReferringSince, type Period, peopleOfTrainings, trainingsInPeriod } from './figures.repository.js';
import { type Cell, suppressBreakdown, suppressCount } from './suppress.js';
import { trainingScope } from './training.policy.js';
import { INSTITUTION_TYPES, type InstitutionType } from './training.schema.js';
import { isCompleted, type ScoreSummary, summariseScores } from './training.scores.js';

export type { Period } from './figures.repository.js';

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
  const trainings = await trainingsInPeriod(db, period, scope);
  const out: TrainedPerson[] = [];
  for (let i = 0; i < trainings.length; i += 500) {
    const chunk = trainings.slice(i, i + 500);
    const { sessions, participants, attendance } = await peopleOfTrainings(
      db,
      chunk.map((t) => t.id),
    );
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

/** Until the referral module supplies its own source: a `referrals` table when there is one (see the repository). */
export const referralsTableSource: ReferralCountSource = organisationsReferringSince;

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
export async function trainingFigures(
  db: Executor,
  q: { period: Period; scope: string[] | 'all'; referralSource?: ReferralCountSource },
): Promise<TrainingFigures> {
  const { period, scope } = q;
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
    organisationsWithReferrals: await (q.referralSource ?? referralsTableSource)(db, organisations),
  };
}

/** Scores of a group, its means shown only when enough people took both tests. */
export interface ScoresView {
  n: Cell;
  meanPre: number | null;
  meanPost: number | null;
  meanChange: number | null;
}

/** The training figures as a page may show them: every count protected against small counts, as on the dashboards. */
export interface TrainingFiguresView {
  threshold: number;
  people: Cell;
  organisationsTrained: Cell;
  organisationsWithReferrals: Cell;
  byInstitution: Array<[string, Cell]>;
  bySector: Array<[string, Cell]>;
  byCountry: Array<[string, Cell]>;
  byTopic: Array<[string, Cell]>;
  scores: ScoresView;
  scoresByTopic: Array<[string, ScoresView]>;
}

function scoresView(s: ScoreSummary, threshold: number): ScoresView {
  const enough = s.n >= threshold;
  return {
    n: suppressCount(s.n, threshold),
    meanPre: enough ? s.meanPre : null,
    meanPost: enough ? s.meanPost : null,
    meanChange: enough ? s.meanChange : null,
  };
}

/** Protects the figures: small counts hidden (a zero is not a small count), breakdowns with complementary cells. */
export function protectTrainingFigures(f: TrainingFigures, threshold: number): TrainingFiguresView {
  return {
    threshold,
    people: suppressCount(f.people, threshold),
    organisationsTrained: suppressCount(f.organisationsTrained, threshold),
    organisationsWithReferrals: suppressCount(f.organisationsWithReferrals, threshold),
    byInstitution: suppressBreakdown(f.byInstitution, threshold),
    bySector: suppressBreakdown(f.bySector, threshold),
    byCountry: suppressBreakdown(f.byCountry, threshold),
    byTopic: suppressBreakdown(f.byTopic, threshold),
    scores: scoresView(f.scores, threshold),
    scoresByTopic: f.scoresByTopic.map(([k, s]) => [k, scoresView(s, threshold)]),
  };
}

/** The figures of the trainings a user manages, in the period, protected with the office's threshold. */
export async function figuresFor(ctx: AppContext, user: AuthUser, period: Period): Promise<TrainingFiguresView> {
  const f = await trainingFigures(ctx.db, { period, scope: trainingScope(user) });
  return protectTrainingFigures(f, ctx.config.smallCountThreshold);
}
