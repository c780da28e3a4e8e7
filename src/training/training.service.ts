import type { Static } from '@sinclair/typebox';
import { recordAccess, recordEvent } from '../platform/audit/audit.js';
import type { AuthUser } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import { inTransaction } from '../platform/db/database.js';
import { ForbiddenError, NotFoundError, RuleError, StaleVersionError, ValidationError } from '../platform/http/errors.js';
import { newId, nowIso } from '../platform/ids.js';
import { officeExists, officeNames, officeSummaries, organisationExists, organisationNames, organisationSummaries } from '../offices/offices.repository.js';
import { can, trainingScope } from './training.policy.js';
import * as repo from './training.repository.js';
import { formVersion, type ParticipantBody, type SessionBody, type TrainingBody } from './training.schema.js';
import { isCompleted, parseScores, requiredSessionIds } from './training.scores.js';
import type { Training } from './training.table.js';

declare module '../platform/audit/audit.js' {
  interface AuditEvents {
    'training.created': { topic: string; audience: string };
    'training.updated': { fields: string[] };
    'training.session_added': { sessionId: string };
    'training.participant_added': { participantId: string; institutionType: string };
    'training.attendance_recorded': { marks: number };
    'training.scores_recorded': { participants: number };
    'training.certificate_issued': { participantId: string };
  }
}

const nameAad = (participantId: string) => `training_participants.name:${participantId}`;

/** A line-per-item text area as a clean list. */
export function lines(text: string | undefined, max = 50): string[] {
  return (text ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(0, max);
}

export function parseList(json: string): string[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/** The office a new record goes to: the one chosen, or the user's only one. */
function officeFor(actor: AuthUser, chosen: string | undefined): string {
  const scope = trainingScope(actor);
  if (chosen) {
    if (scope !== 'all' && !scope.includes(chosen)) throw new ValidationError({ officeId: 'errors.choice' });
    return chosen;
  }
  if (scope !== 'all' && scope.length === 1 && scope[0]) return scope[0];
  throw new ValidationError({ officeId: 'errors.required' });
}

export async function managedTraining(ctx: AppContext, actor: AuthUser, id: string): Promise<Training> {
  const training = await repo.findTraining(ctx.db, id);
  if (!training) throw new NotFoundError();
  if (!can(actor, 'manage', training)) throw new ForbiddenError();
  return training;
}

function trainingValues(input: Static<typeof TrainingBody>) {
  return {
    title: input.title,
    topic: input.topic,
    audience: input.audience,
    country: input.country,
    place: input.place ?? null,
    online: input.online === '1' ? 1 : 0,
    curriculum: JSON.stringify(lines(input.curriculum)),
    trainers: JSON.stringify(lines(input.trainers, 20)),
    test_max_score: input.testMaxScore,
  };
}

export async function createTraining(ctx: AppContext, actor: AuthUser, input: Static<typeof TrainingBody>): Promise<string> {
  if (!can(actor, 'manage')) throw new ForbiddenError();
  const officeId = officeFor(actor, input.officeId);
  if (!(await officeExists(ctx.db, officeId))) throw new ValidationError({ officeId: 'errors.choice' });
  const id = newId();
  await inTransaction(ctx.db, async (tx) => {
    const now = nowIso();
    await repo.insertTraining(tx, { id, office_id: officeId, ...trainingValues(input), created_by: actor.id, created_at: now, updated_at: now });
    await recordEvent(tx, { type: 'training.created', officeId, actorId: actor.id, subjectType: 'training', subjectId: id, data: { topic: input.topic, audience: input.audience } });
  });
  return id;
}

export async function updateTraining(ctx: AppContext, actor: AuthUser, change: { id: string; input: Static<typeof TrainingBody> }): Promise<void> {
  const { id, input } = change;
  const training = await managedTraining(ctx, actor, id);
  const values = trainingValues(input);
  const participants = await repo.participantsOf(ctx.db, id);
  // Lowering the maximum below a recorded score would make that score meaningless.
  if (participants.some((p) => (p.pre_score ?? 0) > values.test_max_score || (p.post_score ?? 0) > values.test_max_score)) {
    throw new ValidationError({ testMaxScore: 'training.errors.maxBelowScores' });
  }
  await inTransaction(ctx.db, async (tx) => {
    if (!(await repo.updateTraining(tx, { id, version: input.version ?? 0, set: { ...values, updated_at: nowIso() } }))) throw new StaleVersionError();
    await recordEvent(tx, { type: 'training.updated', officeId: training.office_id, actorId: actor.id, subjectType: 'training', subjectId: id, data: { fields: Object.keys(values) } });
  });
}

export async function addSession(ctx: AppContext, actor: AuthUser, add: { trainingId: string; input: Static<typeof SessionBody> }): Promise<string> {
  const { input } = add;
  const training = await managedTraining(ctx, actor, add.trainingId);
  const id = newId();
  await inTransaction(ctx.db, async (tx) => {
    await repo.insertSession(tx, { id, training_id: training.id, office_id: training.office_id, held_on: input.heldOn, subject: input.subject ?? null, required: input.required === '0' ? 0 : 1, created_at: nowIso() });
    await recordEvent(tx, { type: 'training.session_added', officeId: training.office_id, actorId: actor.id, subjectType: 'training', subjectId: training.id, data: { sessionId: id } });
  });
  return id;
}

export async function addParticipant(ctx: AppContext, actor: AuthUser, add: { trainingId: string; input: Static<typeof ParticipantBody> }): Promise<string> {
  const { input } = add;
  const training = await managedTraining(ctx, actor, add.trainingId);
  if (input.organisationId && !(await organisationExists(ctx.db, input.organisationId))) throw new ValidationError({ organisationId: 'errors.choice' });
  if (!input.organisationId && !input.organisationName) throw new ValidationError({ organisationId: 'training.errors.organisation' });
  const id = newId();
  await inTransaction(ctx.db, async (tx) => {
    const now = nowIso();
    const nameEnc = input.name ? await ctx.keys.encrypt(training.office_id, input.name, { aad: nameAad(id), db: tx }) : null;
    await repo.insertParticipant(tx, {
      id,
      training_id: training.id,
      office_id: training.office_id,
      organisation_id: input.organisationId ?? null,
      organisation_name: input.organisationId ? null : (input.organisationName ?? null),
      institution_type: input.institutionType,
      role: input.role ?? null,
      gender: input.gender,
      name_enc: nameEnc,
      created_at: now,
      updated_at: now,
    });
    await recordEvent(tx, { type: 'training.participant_added', officeId: training.office_id, actorId: actor.id, subjectType: 'training', subjectId: training.id, data: { participantId: id, institutionType: input.institutionType } });
  });
  return id;
}

/** Replaces the attendance grid of a training; the version guards against two people saving at once. */
export async function recordAttendance(ctx: AppContext, actor: AuthUser, grid: { trainingId: string; version: number; marks: string[] }): Promise<void> {
  const { trainingId, version, marks } = grid;
  const training = await managedTraining(ctx, actor, trainingId);
  const sessions = new Set((await repo.sessionsOf(ctx.db, trainingId)).map((s) => s.id));
  const participants = new Set((await repo.participantsOf(ctx.db, trainingId)).map((p) => p.id));
  const pairs = new Map<string, { sessionId: string; participantId: string }>();
  for (const mark of marks) {
    const [sessionId = '', participantId = ''] = mark.split(':');
    if (!sessions.has(sessionId) || !participants.has(participantId)) throw new ValidationError({ present: 'errors.choice' });
    pairs.set(mark, { sessionId, participantId });
  }
  await inTransaction(ctx.db, async (tx) => {
    const now = nowIso();
    if (!(await repo.bumpTraining(tx, { id: training.id, version, at: now }))) throw new StaleVersionError();
    await repo.replaceAttendance(tx, { trainingId: training.id, officeId: training.office_id, pairs: [...pairs.values()], at: now });
    await recordEvent(tx, { type: 'training.attendance_recorded', officeId: training.office_id, actorId: actor.id, subjectType: 'training', subjectId: training.id, data: { marks: pairs.size } });
  });
}

export async function recordScores(
  ctx: AppContext,
  actor: AuthUser,
  grid: { trainingId: string; version: number; scores: Map<string, { pre: number | null; post: number | null }> },
): Promise<void> {
  const { trainingId, version, scores } = grid;
  const training = await managedTraining(ctx, actor, trainingId);
  const participants = new Set((await repo.participantsOf(ctx.db, trainingId)).map((p) => p.id));
  for (const [id, s] of scores) {
    if (!participants.has(id)) throw new ValidationError({ scores: 'errors.choice' });
    for (const v of [s.pre, s.post]) if (v !== null && (!Number.isInteger(v) || v < 0 || v > training.test_max_score)) throw new ValidationError({ [`pre_${id}`]: 'training.errors.score' });
  }
  await inTransaction(ctx.db, async (tx) => {
    const now = nowIso();
    if (!(await repo.bumpTraining(tx, { id: training.id, version, at: now }))) throw new StaleVersionError();
    for (const [id, s] of scores) await repo.setScores(tx, id, { ...s, at: now });
    await recordEvent(tx, { type: 'training.scores_recorded', officeId: training.office_id, actorId: actor.id, subjectType: 'training', subjectId: training.id, data: { participants: scores.size } });
  });
}

/** The scores form as posted: one pre_/post_ field per participant, checked against the training's highest score. */
export async function recordScoreForm(ctx: AppContext, actor: AuthUser, form: { trainingId: string; body: unknown }): Promise<void> {
  const training = await managedTraining(ctx, actor, form.trainingId);
  const participants = await repo.participantsOf(ctx.db, training.id);
  const scores = parseScores(
    form.body,
    participants.map((p) => p.id),
    training.test_max_score,
  );
  if (!scores.ok) throw new ValidationError(scores.errors);
  const version = formVersion(form.body);
  if (version === null) throw new ValidationError({ scores: 'errors.invalid' });
  await recordScores(ctx, actor, { trainingId: training.id, version, scores: scores.value });
}

type ParticipantRow = Awaited<ReturnType<typeof repo.participantsOf>>[number];

export interface TrainingView {
  training: Training;
  sessions: Awaited<ReturnType<typeof repo.sessionsOf>>;
  participants: Array<ParticipantRow & { org_name: string | null; attended: Set<string>; completed: boolean }>;
}

/** Everything about a training a manager may see, names not decrypted (trainingPage and certificate do that). */
export async function trainingView(ctx: AppContext, actor: AuthUser, id: string): Promise<TrainingView> {
  const training = await managedTraining(ctx, actor, id);
  const sessions = await repo.sessionsOf(ctx.db, id);
  const attendance = await repo.attendanceOf(ctx.db, id);
  const rows = await repo.participantsOf(ctx.db, id);
  const orgNames = await organisationNames(ctx.db, [...new Set(rows.flatMap((p) => (p.organisation_id ? [p.organisation_id] : [])))]);
  const participants = rows.map((p) => {
    const attended = new Set(attendance.filter((a) => a.participant_id === p.id).map((a) => a.session_id));
    const org_name = p.organisation_id ? (orgNames.get(p.organisation_id) ?? null) : null;
    return { ...p, org_name, attended, completed: isCompleted({ sessions, attended, postScore: p.post_score }) };
  });
  return { training, sessions, participants };
}

/** The training page: its view, the participants' names (reading them is logged), the choices of its forms. */
export interface TrainingPageModel extends TrainingView {
  names: Map<string, string>;
  requiredSessions: Set<string>;
  organisations: Array<{ id: string; org_name: string }>;
}

export async function trainingPage(ctx: AppContext, actor: AuthUser, id: string): Promise<TrainingPageModel> {
  const view = await trainingView(ctx, actor, id);
  const names = new Map<string, string>();
  for (const p of view.participants) if (p.name_enc) names.set(p.id, await ctx.keys.decrypt<string>(p.name_enc, nameAad(p.id)));
  if (names.size > 0) await recordAccess(ctx.db, { officeId: view.training.office_id, actorId: actor.id, action: 'training.participants', subjectType: 'training', subjectId: view.training.id });
  const organisations = await organisationSummaries(ctx.db, { activeOnly: true });
  return { ...view, names, requiredSessions: new Set(requiredSessionIds(view.sessions)), organisations };
}

/** The offices a new training or document may go to: the active offices the user manages trainings for. */
export function formOffices(ctx: AppContext, actor: AuthUser) {
  return officeSummaries(ctx.db, { ids: trainingScope(actor), activeOnly: true });
}

/** A certificate of attendance: only for a participant who completed the training. Reading the name is logged. */
export async function certificate(ctx: AppContext, actor: AuthUser, which: { trainingId: string; participantId: string }) {
  const { trainingId, participantId } = which;
  const view = await trainingView(ctx, actor, trainingId);
  const participant = view.participants.find((p) => p.id === participantId);
  if (!participant) throw new NotFoundError();
  if (!participant.completed) throw new RuleError('TRAINING_NOT_COMPLETED', 'training.errors.notCompleted');
  const name = participant.name_enc ? await ctx.keys.decrypt<string>(participant.name_enc, nameAad(participant.id)) : null;
  await recordAccess(ctx.db, { officeId: view.training.office_id, actorId: actor.id, action: 'training.certificate', subjectType: 'training_participant', subjectId: participant.id });
  await inTransaction(ctx.db, async (tx) => {
    await recordEvent(tx, { type: 'training.certificate_issued', officeId: view.training.office_id, actorId: actor.id, subjectType: 'training', subjectId: trainingId, data: { participantId } });
  });
  const days = view.sessions.map((s) => s.held_on).sort();
  const officeName = (await officeNames(ctx.db, [view.training.office_id])).get(view.training.office_id) ?? '';
  return {
    training: view.training,
    participant,
    name,
    officeName,
    firstDay: days[0] ?? null,
    lastDay: days[days.length - 1] ?? null,
    attended: participant.attended.size,
    sessions: view.sessions.length,
  };
}

export type Certificate = Awaited<ReturnType<typeof certificate>>;

/** The trainings of the offices a user manages, newest first, with their first day and number of participants. */
export function listTrainings(ctx: AppContext, actor: AuthUser) {
  return repo.listTrainings(ctx.db, trainingScope(actor));
}
