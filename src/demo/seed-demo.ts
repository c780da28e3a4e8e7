import { insertUser, replaceMemberships, findUserByEmail } from '../platform/auth/auth.repository.js';
import { hashPassword } from '../platform/auth/passwords.js';
import type { Role } from '../platform/auth/roles.js';
import { newTotpSecret } from '../platform/auth/totp.js';
import type { AppContext } from '../platform/context.js';
import { newId, nowIso } from '../platform/ids.js';
import { recordEvent } from '../platform/audit/audit.js';
import { seedReports } from '../reports/reports.demo.js';
import { seedDemoCases } from '../cases/cases.demo.js';
import { seedPlansAndReferrals } from '../referrals/referrals.demo.js';
import { seedDemoSolutions } from '../solutions/solutions.demo.js';
import { seedDemoJustice } from '../justice/justice.demo.js';
import { seedDemoPartners } from '../partners/partners.demo.js';
import { seedDemoTraining } from '../training/training.demo.js';
import { findOfficeByCode, findOrganisationByName, insertOffice, insertOrganisation } from '../offices/offices.repository.js';
import type { DemoSeeder, DemoWorld } from '../platform/features/demo-world.js';

/** Features add their demo data here (reports, cases, content...), each building on the demo world, in this order. */
export const DEMO_SEEDERS: DemoSeeder[] = [
  { name: 'public site', seed: async (ctx, world) => (await import('../content/content.demo.js')).seedPublicSiteDemo(ctx, world) },
  { name: 'reports', seed: seedReports },
  { name: 'cases', seed: seedDemoCases },
  { name: 'partners', seed: seedDemoPartners },
  { name: 'training', seed: seedDemoTraining },
  { name: 'plans and referrals', seed: seedPlansAndReferrals },
  { name: 'durable solutions', seed: seedDemoSolutions },
  { name: 'justice and protection', seed: seedDemoJustice },
  { name: 'dashboards', seed: async (ctx, world) => (await import('../stats/dashboards.demo.js')).seedDashboardDemo(ctx, world) },
];

export const DEMO_PASSWORD = 'demo-abri-2026';

interface DemoOffice {
  code: string;
  name: string;
  country: string;
  languages: string[];
  timeZone: string;
}

async function office(ctx: AppContext, o: DemoOffice): Promise<string> {
  const existing = await findOfficeByCode(ctx.db, o.code);
  if (existing) return existing.id;
  const id = newId();
  const now = nowIso();
  await insertOffice(ctx.db, { id, code: o.code, name: o.name, country: o.country, languages: JSON.stringify(o.languages), time_zone: o.timeZone, created_at: now, updated_at: now });
  await ctx.keys.activeKey(id, 'data');
  await recordEvent(ctx.db, { type: 'office.created', officeId: id, subjectType: 'office', subjectId: id, data: { code: o.code } });
  return id;
}

interface DemoOrganisation {
  name: string;
  type: string;
  country: string;
  city: string;
  officeId: string;
}

async function organisation(ctx: AppContext, o: DemoOrganisation): Promise<string> {
  const existing = await findOrganisationByName(ctx.db, o.name);
  if (existing) return existing.id;
  const id = newId();
  const now = nowIso();
  await insertOrganisation(ctx.db, {
    id,
    org_name: o.name,
    org_type: o.type,
    org_shipping_country: o.country,
    org_shipping_city: o.city,
    org_shipping_state: null,
    org_shipping_street: null,
    org_shipping_postal_code: null,
    org_phone: null,
    email: null,
    website: null,
    office_id: o.officeId,
    created_at: now,
    updated_at: now,
  });
  return id;
}

/**
 * A demonstration world: an office in a destination country (Tunisia) and one in a country of origin
 * (Côte d'Ivoire), partner organisations, and one user per role. Every person in it is invented.
 */
export async function seedDemo(ctx: AppContext): Promise<string> {
  const destination = await office(ctx, { code: 'TN', name: 'Tunis office', country: 'TN', languages: ['fr', 'ar', 'en'], timeZone: 'Africa/Tunis' });
  const origin = await office(ctx, { code: 'CI', name: 'Abidjan office', country: 'CI', languages: ['fr', 'en'], timeZone: 'Africa/Abidjan' });
  const partner = (name: string, type: string, city: string, officeId: string) =>
    organisation(ctx, { name, type, country: officeId === origin ? 'CI' : 'TN', city, officeId });
  const shelter = await partner('Maison Refuge (demo shelter)', 'NGO', 'Tunis', destination);
  const clinic = await partner('Clinique Solidaire (demo clinic)', 'HealthServiceOrganisation', 'Sfax', destination);
  const legal = await partner('Aide Juridique (demo legal aid)', 'LegalService', 'Tunis', destination);
  const originNgo = await partner('Retour Digne (demo reintegration NGO)', 'NGO', 'Abidjan', origin);

  const people: Array<{ email: string; name: string; roles: Role[]; officeId: string | null; organisationId?: string; locale: string }> = [
    { email: 'admin@demo.abri', name: 'Amina Admin', roles: ['administrator'], officeId: null, locale: 'en' },
    { email: 'supervisor@demo.abri', name: 'Sami Supervisor', roles: ['supervisor'], officeId: destination, locale: 'fr' },
    { email: 'caseworker@demo.abri', name: 'Claire Caseworker', roles: ['case_worker'], officeId: destination, locale: 'fr' },
    { email: 'triage@demo.abri', name: 'Tarek Triage', roles: ['triage_operator'], officeId: destination, locale: 'ar' },
    { email: 'analyst@demo.abri', name: 'Ana Analyst', roles: ['analyst'], officeId: destination, locale: 'es' },
    { email: 'editor@demo.abri', name: 'Eve Editor', roles: ['editor'], officeId: destination, locale: 'en' },
    { email: 'partner@demo.abri', name: 'Pauline Partner', roles: ['partner'], officeId: null, organisationId: shelter, locale: 'fr' },
    { email: 'origin-supervisor@demo.abri', name: 'Olivier Origin Supervisor', roles: ['supervisor'], officeId: origin, locale: 'fr' },
    { email: 'origin-caseworker@demo.abri', name: 'Awa Origin Caseworker', roles: ['case_worker'], officeId: origin, locale: 'fr' },
  ];
  const hashed = await hashPassword(DEMO_PASSWORD);
  const lines: string[] = [];
  const users: Record<string, string> = {};
  for (const p of people) {
    const existing = await findUserByEmail(ctx.db, p.email);
    if (existing) {
      users[p.email] = existing.id;
      lines.push(`  ${p.email.padEnd(30)} (already there)`);
      continue;
    }
    const id = newId();
    const secret = newTotpSecret();
    await insertUser(ctx.db, {
      id,
      email: p.email,
      display_name: p.name,
      password_hash: hashed,
      totp_secret_enc: await ctx.keys.encrypt(null, secret, { aad: `users.totp:${id}` }),
      totp_enabled_at: nowIso(),
      totp_last_step: null,
      locale: p.locale,
      time_zone: p.officeId === origin ? 'Africa/Abidjan' : 'Africa/Tunis',
      organisation_id: p.organisationId ?? null,
      locked_until: null,
      password_changed_at: nowIso(),
      last_sign_in_at: null,
    });
    await replaceMemberships(
      ctx.db,
      id,
      p.roles.map((role) => ({ role, officeId: role === 'partner' ? null : p.officeId, organisationId: p.organisationId ?? null })),
    );
    users[p.email] = id;
    lines.push(`  ${p.email.padEnd(30)} ${p.roles.join(',').padEnd(16)} TOTP key ${secret}`);
  }
  const world: DemoWorld = { destinationOfficeId: destination, originOfficeId: origin, partnerIds: { shelter, clinic, legal, originNgo }, users };
  const seeded: string[] = [];
  for (const seeder of DEMO_SEEDERS) seeded.push(`  ${seeder.name}: ${await seeder.seed(ctx, world)}`);
  return [
    'Demo data loaded (all people are invented).',
    `Every demo user's password is: ${DEMO_PASSWORD}`,
    'Add the TOTP key to an authenticator app to get the second-factor codes:',
    ...lines,
    ...(seeded.length ? ['Feature data:', ...seeded] : []),
  ].join('\n');
}
