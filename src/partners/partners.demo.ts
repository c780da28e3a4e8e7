import type { DemoWorld } from '../platform/features/demo-world.js';
import type { AppContext } from '../platform/context.js';
import { newId, nowIso } from '../platform/ids.js';
import * as repo from './partners.repository.js';

function day(offset: number): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + offset);
  return d.toISOString().slice(0, 10);
}

/**
 * Demo partner network and training: services for the demo partners, agreements (one expired, to show the
 * referral gate), and one finished training with enough participants for the figures to show. All invented.
 */
export async function seedPartnersAndTraining(ctx: AppContext, world: DemoWorld): Promise<string> {
  if ((await repo.servicesOf(ctx.db, world.partnerIds.shelter)).length > 0) return 'already there';
  const now = nowIso();
  const service = (
    organisationId: string,
    officeId: string,
    s: string,
    country: string,
    region: string,
    o: { children?: boolean; languages: string[]; total?: number; free?: number },
  ) => ({
    id: newId(),
    organisation_id: organisationId,
    office_id: officeId,
    service: s,
    country,
    region,
    for_adults: 1,
    for_children: o.children ? 1 : 0,
    for_women: 1,
    for_men: 1,
    languages: JSON.stringify(o.languages),
    capacity_total: o.total ?? null,
    capacity_free: o.free ?? null,
    contact_name: 'Referral desk (demo)',
    contact_phone: null,
    contact_email: null,
    created_at: now,
    updated_at: now,
  });
  const tn = world.destinationOfficeId;
  const ci = world.originOfficeId;
  for (const row of [
    service(world.partnerIds.shelter, tn, 'safe_accommodation', 'TN', 'Tunis', { children: true, languages: ['ar', 'fr', 'en'], total: 14, free: 5 }),
    service(world.partnerIds.shelter, tn, 'psychosocial', 'TN', 'Tunis', { children: true, languages: ['ar', 'fr'] }),
    service(world.partnerIds.clinic, tn, 'medical', 'TN', 'Sfax', { languages: ['ar', 'fr'] }),
    service(world.partnerIds.legal, tn, 'legal', 'TN', 'Tunis', { languages: ['ar', 'fr', 'en'] }),
    service(world.partnerIds.originNgo, ci, 'return_reintegration', 'CI', 'Abidjan', { children: true, languages: ['fr'] }),
    service(world.partnerIds.originNgo, ci, 'vocational_training', 'CI', 'Abidjan', { languages: ['fr'], total: 20, free: 8 }),
  ])
    await repo.insertService(ctx.db, row);
  const agreement = (organisationId: string, officeId: string, signed: number, expires: number) => ({
    id: newId(),
    organisation_id: organisationId,
    office_id: officeId,
    reference: `DSA-DEMO-${organisationId.slice(-4)}`,
    signed_on: day(signed),
    expires_on: day(expires),
    recorded_by: null,
    created_at: now,
    updated_at: now,
  });
  for (const row of [
    agreement(world.partnerIds.shelter, tn, -200, 530),
    agreement(world.partnerIds.clinic, tn, -330, 20),
    agreement(world.partnerIds.legal, tn, -800, -5),
    agreement(world.partnerIds.originNgo, ci, -100, 600),
  ])
    await repo.insertAgreement(ctx.db, row);

  const trainingId = newId();
  await ctx.db
    .insertInto('trainings')
    .values({
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
    })
    .execute();
  const sessions = [day(-30), day(-29)].map((heldOn) => ({
    id: newId(),
    training_id: trainingId,
    office_id: tn,
    held_on: heldOn,
    subject: null,
    required: 1,
    created_at: now,
  }));
  await ctx.db.insertInto('training_sessions').values(sessions).execute();
  const types = [
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
  for (const [i, type] of types.entries()) {
    const id = newId();
    await ctx.db
      .insertInto('training_participants')
      .values({
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
      })
      .execute();
    const attended = i === 12 ? sessions.slice(0, 1) : sessions;
    await ctx.db
      .insertInto('training_attendance')
      .values(attended.map((s) => ({ session_id: s.id, participant_id: id, office_id: tn, recorded_at: now })))
      .execute();
  }
  return '6 partner services, 4 agreements (1 expired), 1 training with 14 participants';
}
