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
import { seedPartnersAndTraining } from '../partners/partners.demo.js';

export interface DemoWorld {
  destinationOfficeId: string;
  originOfficeId: string;
  partnerIds: { shelter: string; clinic: string; legal: string; originNgo: string };
  users: Record<string, string>;
}

/** Features add their demo data here (reports, cases, content...), each building on the demo world, in this order. */
export const DEMO_SEEDERS: Array<{ name: string; seed(ctx: AppContext, world: DemoWorld): Promise<string> }> = [
  { name: 'public site', seed: async (ctx, world) => (await import('../content/content.demo.js')).seedPublicSiteDemo(ctx, world) },
  { name: 'reports', seed: seedReports },
  { name: 'cases', seed: seedDemoCases },
  { name: 'partners and training', seed: seedPartnersAndTraining },
  { name: 'plans and referrals', seed: seedPlansAndReferrals },
  { name: 'durable solutions', seed: seedDemoSolutions },
  { name: 'dashboards', seed: async (ctx, world) => (await import('../stats/dashboards.demo.js')).seedDashboardDemo(ctx, world) },
];

export const DEMO_PASSWORD = 'demo-abri-2026';

async function office(ctx: AppContext, code: string, name: string, country: string, languages: string[], tz: string): Promise<string> {
  const existing = await ctx.db.selectFrom('offices').select('id').where('code', '=', code).executeTakeFirst();
  if (existing) return existing.id;
  const id = newId();
  const now = nowIso();
  await ctx.db.insertInto('offices').values({ id, code, name, country, languages: JSON.stringify(languages), time_zone: tz, created_at: now, updated_at: now }).execute();
  await ctx.keys.activeKey(id, 'data');
  await recordEvent(ctx.db, { type: 'office.created', officeId: id, subjectType: 'office', subjectId: id, data: { code } });
  return id;
}

async function organisation(ctx: AppContext, name: string, type: string, country: string, city: string, officeId: string): Promise<string> {
  const existing = await ctx.db.selectFrom('organisations').select('id').where('org_name', '=', name).executeTakeFirst();
  if (existing) return existing.id;
  const id = newId();
  const now = nowIso();
  await ctx.db
    .insertInto('organisations')
    .values({ id, org_name: name, org_type: type, org_shipping_country: country, org_shipping_city: city, org_shipping_state: null, org_shipping_street: null, org_shipping_postal_code: null, org_phone: null, email: null, website: null, office_id: officeId, created_at: now, updated_at: now })
    .execute();
  return id;
}

/**
 * A demonstration world: an office in a destination country (Tunisia) and one in a country of origin
 * (Côte d'Ivoire), partner organisations, and one user per role. Every person in it is invented.
 */
export async function seedDemo(ctx: AppContext): Promise<string> {
  const destination = await office(ctx, 'TN', 'Tunis office', 'TN', ['fr', 'ar', 'en'], 'Africa/Tunis');
  const origin = await office(ctx, 'CI', 'Abidjan office', 'CI', ['fr', 'en'], 'Africa/Abidjan');
  const shelter = await organisation(ctx, 'Maison Refuge (demo shelter)', 'NGO', 'TN', 'Tunis', destination);
  const clinic = await organisation(ctx, 'Clinique Solidaire (demo clinic)', 'HealthServiceOrganisation', 'TN', 'Sfax', destination);
  const legal = await organisation(ctx, 'Aide Juridique (demo legal aid)', 'LegalService', 'TN', 'Tunis', destination);
  const originNgo = await organisation(ctx, 'Retour Digne (demo reintegration NGO)', 'NGO', 'CI', 'Abidjan', origin);

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
      totp_secret_enc: await ctx.keys.encrypt(null, secret, `users.totp:${id}`),
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
