import type { FastifyInstance } from 'fastify';
import { findOffice, insertOffice, insertOrganisation } from '../../src/offices/offices.repository.js';
import { type AuthUser, toAuthUser } from '../../src/platform/auth/auth-user.js';
import { findUserById, insertUser, membershipsOf, replaceMemberships } from '../../src/platform/auth/auth.repository.js';
import { hashPassword } from '../../src/platform/auth/passwords.js';
import type { Role } from '../../src/platform/auth/roles.js';
import { currentTotp, newTotpSecret } from '../../src/platform/auth/totp.js';
import type { AppContext } from '../../src/platform/context.js';
import { randomToken, sha256 } from '../../src/platform/crypto/keys.js';
import { newId, nowIso } from '../../src/platform/ids.js';
import type { TestEnv } from './app.js';
import { cookieFrom, csrfFrom } from './http.js';

/*
 * The people and places a route test needs: offices, organisations, partners, users with a second factor, and
 * sessions (written directly, or signed in through the app).
 */

export async function createOffice(ctx: AppContext, code = 'TN', country = 'TN'): Promise<string> {
  const id = newId();
  const now = nowIso();
  await insertOffice(ctx.db, { id, code, name: `Office ${code}`, country, languages: '["fr","ar","en"]', time_zone: 'Africa/Tunis', created_at: now, updated_at: now });
  return id;
}

export async function createOrganisation(ctx: AppContext, name = 'Shelter Partner', officeId: string | null = null): Promise<string> {
  const id = newId();
  const now = nowIso();
  await insertOrganisation(ctx.db, { id, org_name: name, org_type: 'NGO', org_shipping_country: 'TN', office_id: officeId, created_at: now, updated_at: now, org_shipping_state: null, org_shipping_city: null, org_shipping_street: null, org_shipping_postal_code: null, org_phone: null, email: null, website: null });
  return id;
}

/*
 * One argon2id hash per password and process: argon2id at its production cost (19 MiB, two passes) takes tens of
 * milliseconds of a core, and a test run creates thousands of users, nearly all with the same password. Each hash
 * carries its own salt and verifies as any other, so users sharing one sign in exactly as with hashes of their own;
 * signing in still verifies through the production code at the production cost.
 */
const hashes = new Map<string, Promise<string>>();
function passwordHashOf(password: string): Promise<string> {
  let h = hashes.get(password);
  if (!h) {
    h = hashPassword(password);
    hashes.set(password, h);
  }
  return h;
}

export interface TestUser {
  id: string;
  email: string;
  password: string;
  totpSecret: string;
}

/** A user with a password and an enrolled second factor, holding the given roles. */
export async function createUser(
  ctx: AppContext,
  opts: { roles: Role[]; officeId?: string | null; organisationId?: string | null; email?: string; locale?: string; password?: string },
): Promise<TestUser> {
  const id = newId();
  const password = opts.password ?? 'correct horse battery staple';
  const totpSecret = newTotpSecret();
  const email = opts.email ?? `${opts.roles.join('-')}-${id.slice(-6)}@example.org`;
  await insertUser(ctx.db, {
    id,
    email,
    display_name: `Test ${opts.roles.join(' ')}`,
    password_hash: await passwordHashOf(password),
    totp_secret_enc: await ctx.keys.encrypt(null, totpSecret, { aad: `users.totp:${id}` }),
    totp_enabled_at: nowIso(),
    totp_last_step: null,
    locale: opts.locale ?? 'en',
    time_zone: 'UTC',
    organisation_id: opts.organisationId ?? null,
    locked_until: null,
    password_changed_at: nowIso(),
    last_sign_in_at: null,
  });
  await replaceMemberships(
    ctx.db,
    id,
    opts.roles.map((role) => ({
      role,
      officeId: role === 'partner' ? null : (opts.officeId ?? null),
      organisationId: role === 'partner' ? (opts.organisationId ?? null) : null,
    })),
  );
  return { id, email, password, totpSecret };
}

export interface Signed {
  cookie: string;
  csrf: string;
}

/** A session with both factors passed, written directly (fast: for matrices); sign-in itself is tested through the app. */
export async function sessionFor(ctx: AppContext, userId: string): Promise<Signed> {
  const token = randomToken();
  const csrf = randomToken(24);
  const now = nowIso();
  await ctx.db
    .insertInto('sessions')
    .values({ id: sha256(token), user_id: userId, created_at: now, last_seen_at: now, absolute_expires_at: new Date(Date.now() + 3_600_000).toISOString(), mfa_at: now, csrf_secret: csrf, flash: null, revoked_at: null })
    .execute();
  return { cookie: `abri_session=${token}`, csrf };
}

/** Signs in through the app: password, then a TOTP code. */
export async function signInThroughApp(app: FastifyInstance, user: TestUser): Promise<Signed> {
  const r1 = await app.inject({ method: 'POST', url: '/staff/sign-in', payload: { email: user.email, password: user.password } });
  const cookie = cookieFrom(r1);
  if (!cookie) throw new Error(`sign-in failed: ${r1.statusCode}`);
  const page = await app.inject({ method: 'GET', url: '/staff/sign-in/second-factor', headers: { cookie } });
  const csrf = csrfFrom(page.body);
  const r2 = await app.inject({ method: 'POST', url: '/staff/sign-in/second-factor', headers: { cookie }, payload: { _csrf: csrf, code: currentTotp(user.totpSecret) } });
  if (r2.statusCode !== 303) throw new Error(`second factor failed: ${r2.statusCode}`);
  // Passing the second factor replaces the session: the password step's cookie no longer works.
  const signed = cookieFrom(r2);
  if (!signed) throw new Error('no new session after the second factor');
  const home = await app.inject({ method: 'GET', url: '/staff/account', headers: { cookie: signed } });
  return { cookie: signed, csrf: csrfFrom(home.body) };
}

/** The user as the services see them (roles and offices from their memberships). */
export async function authUser(env: Pick<TestEnv, 'ctx'>, id: string): Promise<AuthUser> {
  const user = await findUserById(env.ctx.db, id);
  if (!user) throw new Error('no user');
  return toAuthUser(user, await membershipsOf(env.ctx.db, id));
}

/**
 * A partner able to receive referrals: an organisation of the office, offering every service in the office's
 * country to adults and children, with a data-sharing agreement in force (or expired, or none).
 */
export async function createPartner(
  ctx: AppContext,
  name: string,
  officeId: string,
  opts: { agreement?: 'valid' | 'expired' | 'none'; services?: readonly string[] } = {},
): Promise<string> {
  const { SERVICE_CODES } = await import('../../src/partners/partners.schema.js');
  const id = await createOrganisation(ctx, name, officeId);
  const office = await findOffice(ctx.db, officeId);
  if (!office) throw new Error('no office');
  const now = nowIso();
  for (const service of opts.services ?? SERVICE_CODES) {
    await ctx.db
      .insertInto('partner_services')
      .values({ id: newId(), organisation_id: id, office_id: officeId, service, country: office.country, region: null, for_adults: 1, for_children: 1, for_women: 1, for_men: 1, languages: '["fr","ar","en"]', capacity_total: 10, capacity_free: 5, contact_name: null, contact_phone: null, contact_email: null, created_at: now, updated_at: now })
      .execute();
  }
  const agreement = opts.agreement ?? 'valid';
  if (agreement !== 'none') {
    const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
    await ctx.db
      .insertInto('partner_agreements')
      .values({ id: newId(), organisation_id: id, office_id: officeId, reference: null, signed_on: day(-365), expires_on: agreement === 'valid' ? day(365) : day(-1), withdrawn_at: null, recorded_by: null, created_at: now, updated_at: now })
      .execute();
  }
  return id;
}
