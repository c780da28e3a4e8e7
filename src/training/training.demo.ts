import type { AppContext } from '../platform/context.js';
import type { DemoWorld } from '../platform/features/demo-world.js';
import { newId, nowIso } from '../platform/ids.js';
import * as repo from './training.repository.js';

function day(offset: number): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + offset);
  return d.toISOString().slice(0, 10);
}

/** Institution types of the demo participants, in the order they are added. */
const PARTICIPANT_TYPES = [
  'police',
  'police',
  'police',
  'labour_inspection',
  'labour_inspection',
  'border_guard',
  'social_services',
  'ngo',
  'ngo',
  'ngo',
  'health',
  'school',
  'judiciary',
  'police',
];

/**
 * Demo training: one finished two-day training in the destination office with enough participants for the
 * figures to show (one left before the second day, one never took the final test). All invented.
 */
export async function seedDemoTraining(ctx: AppContext, world: DemoWorld): Promise<string> {
  const tn = world.destinationOfficeId;
  if ((await repo.listTrainings(ctx.db, [tn])).length > 0) return 'already there';
  const now = nowIso();
  const trainingId = newId();
  await repo.insertTraining(ctx.db, {
    id: trainingId,
    office_id: tn,
    title: 'Identifier les victimes de la traite (démo)',
    topic: 'identification',
    audience: 'mixed',
    country: 'TN',
    place: 'Tunis',
    online: 0,
    curriculum: JSON.stringify(['Indicateurs de la traite', 'Premier contact et sécurité', 'Orientation vers les services']),
    trainers: JSON.stringify(['Formatrice démo']),
    test_max_score: 20,
    created_by: null,
    created_at: now,
    updated_at: now,
  });
  const sessions = [day(-30), day(-29)].map((heldOn) => ({ id: newId(), training_id: trainingId, office_id: tn, held_on: heldOn, subject: null, required: 1, created_at: now }));
  for (const session of sessions) await repo.insertSession(ctx.db, session);
  const pairs: Array<{ sessionId: string; participantId: string }> = [];
  for (const [i, type] of PARTICIPANT_TYPES.entries()) {
    const id = newId();
    await repo.insertParticipant(ctx.db, {
      id,
      training_id: trainingId,
      office_id: tn,
      organisation_id: type === 'ngo' ? world.partnerIds.shelter : null,
      organisation_name: type === 'ngo' ? null : 'Administration (démo)',
      institution_type: type,
      role: null,
      gender: i % 2 ? 'male' : 'female',
      name_enc: null,
      pre_score: 6 + (i % 5),
      post_score: i === 13 ? null : 13 + (i % 6),
      created_at: now,
      updated_at: now,
    });
    const attended = i === 12 ? sessions.slice(0, 1) : sessions;
    for (const s of attended) pairs.push({ sessionId: s.id, participantId: id });
  }
  await repo.replaceAttendance(ctx.db, { trainingId, officeId: tn, pairs, at: now });
  return `1 training with ${PARTICIPANT_TYPES.length} participants`;
}
