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
 * Demo partner network: services for the demo partners and agreements (one expired, to show the referral gate).
 * All invented.
 */
export async function seedDemoPartners(ctx: AppContext, world: DemoWorld): Promise<string> {
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
  return '6 partner services, 4 agreements (1 expired)';
}
