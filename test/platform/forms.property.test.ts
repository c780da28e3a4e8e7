/**
 * Arbitrary input in every field of every platform form: never a 500, and every answer in the asker's language
 * (no untranslated key, the right `lang`). Runs are bounded (numRuns) so the suite stays quick.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { issueLink } from '../../src/platform/auth/auth.service.js';
import { LOCALES, type Locale } from '../../src/platform/i18n/i18n.js';
import { createOffice, createOrganisation, createTestEnv, createUser, DIALECTS, type Signed, sessionFor, type TestEnv } from '../support/index.js';

const RUNS = Number(process.env.ABRI_PROPERTY_RUNS ?? 25);

const HUGE = 'ئ'.repeat(150_000);
/** Strings a person, a bot or an attacker might send. */
const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', ' ', '\u0000', 'a\u0000b', '<script>alert(1)</script>', "' OR 1=1 --", '../../etc/passwd', '%00', '\u202Eevil', 'NaN', '-1', '1e309', 'true', HUGE, 'x'.repeat(300)),
);
const value = fc.oneof({ weight: 5, arbitrary: text }, { weight: 1, arbitrary: fc.array(text, { maxLength: 4 }) });
const jsonValue = fc.oneof(value, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.dictionary(fc.string({ maxLength: 5 }), text, { maxKeys: 3 }));

function fieldsArb(names: string[]) {
  return fc.record(Object.fromEntries(names.map((n) => [n, value])), { requiredKeys: [] }) as fc.Arbitrary<Record<string, string | string[]>>;
}
function jsonArb(names: string[]) {
  return fc.record(Object.fromEntries(names.map((n) => [n, jsonValue])), { requiredKeys: [] }) as fc.Arbitrary<Record<string, unknown>>;
}

function encodeForm(data: Record<string, string | string[]>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(data)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
  return p.toString();
}

interface FormCase {
  name: string;
  url: string | (() => Promise<string>);
  fields: string[];
  /** Who posts it: nobody (public), or a signed-in user of the given locale. */
  signedIn: boolean;
  /** Password-step session (second factor not yet passed). */
  passwordOnly?: boolean;
}

for (const dialect of DIALECTS) {
  describe(`forms never fail on arbitrary input (${dialect})`, () => {
    let env: TestEnv;
    let officeId: string;
    let orgId: string;
    let targetUserId: string;
    const admins = new Map<Locale, string>();
    let unenrolledId: string;

    before(async () => {
      env = await createTestEnv(dialect);
      officeId = await createOffice(env.ctx, 'PRP', 'TN');
      orgId = await createOrganisation(env.ctx, 'Property Partner', officeId);
      targetUserId = (await createUser(env.ctx, { roles: ['case_worker'], officeId })).id;
      for (const locale of LOCALES) admins.set(locale, (await createUser(env.ctx, { roles: ['administrator'], locale })).id);
      unenrolledId = (await createUser(env.ctx, { roles: ['editor'] })).id;
      await env.ctx.db.updateTable('users').set({ totp_enabled_at: null, totp_secret_enc: null }).where('id', '=', unenrolledId).execute();
    });
    after(async () => env.close());

    const cases: FormCase[] = [
      { name: 'sign-in', url: '/staff/sign-in', fields: ['email', 'password', 'next'], signedIn: false },
      { name: 'setup', url: async () => new URL(await issueLink(env.ctx, { purpose: 'setup', userId: null, createdBy: null })).pathname, fields: ['displayName', 'email', 'password', 'confirm'], signedIn: false },
      { name: 'set-password', url: async () => new URL(await issueLink(env.ctx, { purpose: 'set-password', userId: targetUserId, createdBy: null })).pathname, fields: ['password', 'confirm'], signedIn: false },
      { name: 'second factor', url: '/staff/sign-in/second-factor', fields: ['code', 'next'], signedIn: true, passwordOnly: true },
      { name: 'enrolment', url: '/staff/second-factor/enrol', fields: ['code'], signedIn: true, passwordOnly: true },
      { name: 'new office', url: '/staff/admin/offices', fields: ['code', 'name', 'country', 'languages', 'timeZone', 'version'], signedIn: true },
      { name: 'edit office', url: async () => `/staff/admin/offices/${officeId}`, fields: ['code', 'name', 'country', 'languages', 'timeZone', 'version'], signedIn: true },
      { name: 'new organisation', url: '/staff/admin/organisations', fields: ['name', 'type', 'country', 'state', 'city', 'street', 'postalCode', 'phone', 'email', 'website', 'officeId', 'isPartner', 'version'], signedIn: true },
      { name: 'edit organisation', url: async () => `/staff/admin/organisations/${orgId}`, fields: ['name', 'type', 'country', 'state', 'city', 'street', 'postalCode', 'phone', 'email', 'website', 'officeId', 'isPartner', 'version'], signedIn: true },
      { name: 'new user', url: '/staff/admin/users', fields: ['displayName', 'email', 'locale', 'timeZone', 'roles', 'officeId', 'organisationId', 'version'], signedIn: true },
      { name: 'edit user', url: async () => `/staff/admin/users/${targetUserId}`, fields: ['displayName', 'email', 'locale', 'timeZone', 'roles', 'officeId', 'organisationId', 'version'], signedIn: true },
      { name: 'account language', url: '/staff/account/locale', fields: ['locale', 'back'], signedIn: true },
      { name: 'account time zone', url: '/staff/account/time-zone', fields: ['timeZone'], signedIn: true },
      { name: 'account password', url: '/staff/account/password', fields: ['current', 'password', 'confirm'], signedIn: true },
      { name: 'account API token', url: '/staff/account/tokens', fields: ['name'], signedIn: true },
    ];

    async function sessionOf(locale: Locale, passwordOnly: boolean): Promise<Signed> {
      const id = passwordOnly ? unenrolledId : (admins.get(locale) as string);
      if (passwordOnly) await env.ctx.db.updateTable('users').set({ locale }).where('id', '=', id).execute();
      const s = await sessionFor(env.ctx, id);
      if (passwordOnly) await env.ctx.db.updateTable('sessions').set({ mfa_at: null }).where('csrf_secret', '=', s.csrf).execute();
      return s;
    }

    for (const c of cases) {
      it(`${c.name}: form and JSON bodies`, async () => {
        const limiterKey = env.ctx.limiter.clientKey('127.0.0.1');
        await fc.assert(
          fc.asyncProperty(fc.constantFrom(...LOCALES), fc.boolean(), fieldsArb(c.fields), jsonArb(c.fields), async (locale, asJson, fields, json) => {
            for (const bucket of ['sign-in', 'mfa', 'link']) await env.ctx.limiter.reset(bucket, limiterKey);
            const url = typeof c.url === 'string' ? c.url : await c.url();
            const headers: Record<string, string> = { 'accept-language': locale };
            let body: Record<string, unknown> = asJson ? json : fields;
            if (c.signedIn) {
              const s = await sessionOf(locale, c.passwordOnly === true);
              headers.cookie = s.cookie;
              body = { ...body, _csrf: s.csrf };
            }
            const res = await env.app.inject({
              method: 'POST',
              url,
              headers: { ...headers, 'content-type': asJson ? 'application/json' : 'application/x-www-form-urlencoded' },
              payload: asJson ? JSON.stringify(body) : encodeForm(body as Record<string, string | string[]>),
            });
            assert.ok(res.statusCode < 500, `${c.name}: ${res.statusCode} for ${JSON.stringify(body).slice(0, 300)}`);
            if (String(res.headers['content-type']).startsWith('text/html')) {
              assert.doesNotMatch(res.body, /⟦[a-zA-Z]+\.[\w.]+⟧/, `${c.name}: untranslated key`);
              assert.match(res.body, new RegExp(`<html lang="${locale}"`), `${c.name}: answered in another language`);
            }
            if (res.statusCode === 400 && String(res.headers['content-type']).startsWith('text/html') && res.body.includes('error-summary')) {
              assert.ok(res.body.includes(env.ctx.i18n.message(locale, 'forms.errorSummaryTitle')), `${c.name}: error summary not in ${locale}`);
            }
          }),
          { numRuns: RUNS },
        );
      });
    }

    /** Valid forms with one field replaced by arbitrary input: these reach the services and the database. */
    const valid: Array<{ name: string; url: () => string; base: () => Record<string, string | string[]> }> = [
      { name: 'new office', url: () => '/staff/admin/offices', base: () => ({ code: 'ZZ', name: 'Office', country: 'TN', languages: ['fr', 'ar'], timeZone: 'Africa/Tunis' }) },
      { name: 'new organisation', url: () => '/staff/admin/organisations', base: () => ({ name: 'Org', type: 'NGO', country: 'TN', city: 'Sfax', phone: '+216 1 2', email: 'a@example.org', website: 'https://example.org', officeId }) },
      { name: 'new user', url: () => '/staff/admin/users', base: () => ({ displayName: 'Person', email: `p${Math.random().toString(36).slice(2)}@example.org`, locale: 'fr', timeZone: 'UTC', roles: 'case_worker', officeId }) },
      { name: 'account time zone', url: () => '/staff/account/time-zone', base: () => ({ timeZone: 'Europe/Paris' }) },
      { name: 'account API token', url: () => '/staff/account/tokens', base: () => ({ name: 'My token' }) },
    ];
    for (const v of valid) {
      it(`${v.name}: a valid form with one arbitrary field`, async () => {
        const fields = Object.keys(v.base());
        await fc.assert(
          fc.asyncProperty(fc.constantFrom(...fields), value, async (field, replacement) => {
            const s = await sessionOf('en', false);
            const body = { ...v.base(), [field]: replacement, _csrf: s.csrf };
            const res = await env.app.inject({ method: 'POST', url: v.url(), headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: encodeForm(body) });
            assert.ok(res.statusCode < 500, `${v.name}: ${res.statusCode} with ${field}=${JSON.stringify(replacement).slice(0, 200)}`);
          }),
          { numRuns: RUNS },
        );
      });

      it(`${v.name}: a NUL character in any field is refused, not a server error`, async () => {
        for (const field of Object.keys(v.base())) {
          const s = await sessionOf('en', false);
          const base = v.base();
          const original = base[field];
          const body = { ...base, [field]: `${Array.isArray(original) ? original[0] : original}\u0000x`, _csrf: s.csrf };
          const res = await env.app.inject({ method: 'POST', url: v.url(), headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: encodeForm(body) });
          assert.equal(res.statusCode, 400, `${v.name}.${field}`);
        }
      });
    }
  });
}
