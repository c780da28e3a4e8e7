import type { Executor } from '../platform/db/database.js';
import type { NewTraining } from './training.table.js';

export function listTrainings(db: Executor, scope: string[] | 'all') {
  let q = db
    .selectFrom('trainings as t')
    .leftJoin('training_participants as p', 'p.training_id', 't.id')
    .select(['t.id', 't.office_id', 't.title', 't.topic', 't.audience', 't.country', 't.online', 't.created_at'])
    .select((eb) => eb.fn.count<number>('p.id').as('participants'))
    .select((eb) => eb.selectFrom('training_sessions as s').whereRef('s.training_id', '=', 't.id').select((e2) => e2.fn.min('s.held_on').as('m')).as('first_day'))
    .groupBy(['t.id', 't.office_id', 't.title', 't.topic', 't.audience', 't.country', 't.online', 't.created_at'])
    .orderBy('t.created_at', 'desc');
  if (scope !== 'all') {
    if (scope.length === 0) return Promise.resolve([]);
    q = q.where('t.office_id', 'in', scope);
  }
  return q.execute();
}

export function findTraining(db: Executor, id: string) {
  return db.selectFrom('trainings').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertTraining(db: Executor, row: NewTraining): Promise<void> {
  await db.insertInto('trainings').values(row).execute();
}

/** Updates only when the version matches; false when someone saved first. */
export async function updateTraining(db: Executor, change: { id: string; version: number; set: Omit<NewTraining, 'id' | 'office_id' | 'created_at' | 'created_by'> }): Promise<boolean> {
  const { id, version } = change;
  const r = await db
    .updateTable('trainings')
    .set({ ...change.set, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Marks the training as changed (version + 1) so two people recording at once do not overwrite each other. */
export async function bumpTraining(db: Executor, change: { id: string; version: number; at: string }): Promise<boolean> {
  const { id, version, at } = change;
  const r = await db.updateTable('trainings').set({ version: version + 1, updated_at: at }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export function sessionsOf(db: Executor, trainingId: string) {
  return db.selectFrom('training_sessions').selectAll().where('training_id', '=', trainingId).orderBy('held_on').orderBy('created_at').execute();
}

export async function insertSession(db: Executor, row: { id: string; training_id: string; office_id: string; held_on: string; subject: string | null; required: number; created_at: string }): Promise<void> {
  await db.insertInto('training_sessions').values(row).execute();
}

/** The participants of a training, first added first; their organisation's name comes from the offices feature. */
export function participantsOf(db: Executor, trainingId: string) {
  return db.selectFrom('training_participants').selectAll().where('training_id', '=', trainingId).orderBy('created_at').execute();
}

export async function insertParticipant(
  db: Executor,
  row: {
    id: string;
    training_id: string;
    office_id: string;
    organisation_id: string | null;
    organisation_name: string | null;
    institution_type: string;
    role: string | null;
    gender: string;
    name_enc: string | null;
    /** Test scores known when the participant is added (the demo's); unscored otherwise. */
    pre_score?: number | null;
    post_score?: number | null;
    created_at: string;
    updated_at: string;
  },
): Promise<void> {
  await db.insertInto('training_participants').values({ pre_score: null, post_score: null, ...row }).execute();
}

export async function setScores(db: Executor, id: string, scores: { pre: number | null; post: number | null; at: string }): Promise<void> {
  await db
    .updateTable('training_participants')
    .set((eb) => ({ pre_score: scores.pre, post_score: scores.post, updated_at: scores.at, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

export function attendanceOf(db: Executor, trainingId: string) {
  return db
    .selectFrom('training_attendance as a')
    .innerJoin('training_sessions as s', 's.id', 'a.session_id')
    .select(['a.session_id', 'a.participant_id'])
    .where('s.training_id', '=', trainingId)
    .execute();
}

export async function replaceAttendance(
  db: Executor,
  grid: { trainingId: string; officeId: string; pairs: Array<{ sessionId: string; participantId: string }>; at: string },
): Promise<void> {
  const { trainingId, officeId, pairs, at } = grid;
  const sessionIds = db.selectFrom('training_sessions').select('id').where('training_id', '=', trainingId);
  await db.deleteFrom('training_attendance').where('session_id', 'in', sessionIds).execute();
  for (let i = 0; i < pairs.length; i += 500) {
    const chunk = pairs.slice(i, i + 500);
    await db
      .insertInto('training_attendance')
      .values(chunk.map((p) => ({ session_id: p.sessionId, participant_id: p.participantId, office_id: officeId, recorded_at: at })))
      .execute();
  }
}
