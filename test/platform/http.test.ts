import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { issueLink } from '../../src/platform/auth/auth.service.js';
import { LOCALES } from '../../src/platform/i18n/i18n.js';
import { cookieFrom, createOffice, createTestEnv, createUser, csrfFrom, DIALECTS, FORM, form, sessionFor, signInThroughApp, type TestEnv } from '../support/index.js';

const IPV4 = /\b(?:\d{1,3}\.){3}\d{1,3}\b/;
const IPV6 = /\b(?:[0-9a-f]{1,4}:){2,7}[0-9a-f]{1,4}\b|::1\b|::ffff:/i;
const EMAIL = /[^\s"@]+@[^\s"@]+\.[a-z]{2,}/i;

for (const dialect of DIALECTS) {
  describe(`security headers (${dialect})`, () => {
    let env: TestEnv;
    let secure: TestEnv;
    before(async () => {
      env = await createTestEnv(dialect);
      secure = await createTestEnv(dialect, { secureCookies: true });
    });
    after(async () => {
      await env.close();
      await secure.close();
    });

    it('sends a strict CSP and the other headers on every kind of response', async () => {
      for (const url of ['/en/', '/staff/sign-in', '/healthz', '/no-such-page', '/assets/abri.css']) {
        const res = await env.app.inject({ method: 'GET', url });
        const csp = String(res.headers['content-security-policy']);
        assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/, url);
        assert.match(csp, /default-src 'self'/);
        assert.match(csp, /script-src 'self'(;|$)/);
        assert.match(csp, /frame-ancestors 'none'/);
        assert.match(csp, /object-src 'none'/);
        assert.equal(res.headers['x-content-type-options'], 'nosniff', url);
        assert.equal(res.headers['referrer-policy'], 'same-origin', url);
        assert.equal(res.headers['x-frame-options'], 'DENY', url);
        assert.equal(res.headers['strict-transport-security'], undefined, 'no HSTS without SECURE_COOKIES');
      }
    });

    it('never lets HTML be cached, while assets are', async () => {
      const user = await createUser(env.ctx, { roles: ['administrator'] });
      const s = await sessionFor(env.ctx, user.id);
      for (const url of ['/en/', '/staff', '/staff/admin/users', '/no-such-page']) {
        const res = await env.app.inject({ method: 'GET', url, headers: { cookie: s.cookie } });
        assert.equal(res.headers['cache-control'], 'no-store', url);
      }
      const css = await env.app.inject({ method: 'GET', url: '/assets/abri.css' });
      assert.equal(css.statusCode, 200);
      assert.match(String(css.headers['cache-control']), /max-age=\d+/);
    });

    it('sends HSTS and Secure cookies when SECURE_COOKIES is on', async () => {
      const res = await secure.app.inject({ method: 'GET', url: '/en/' });
      assert.match(String(res.headers['strict-transport-security']), /max-age=\d{7,}/);
      const user = await createUser(secure.ctx, { roles: ['editor'] });
      const r = await secure.app.inject({ method: 'POST', url: '/staff/sign-in', headers: FORM, payload: form({ email: user.email, password: user.password }) });
      const setCookie = String(r.headers['set-cookie']);
      assert.match(setCookie, /abri_session=/);
      assert.match(setCookie, /Secure/);
      assert.match(setCookie, /HttpOnly/);
      assert.match(setCookie, /SameSite=Lax/);
    });

    it('has no inline script or style on any page (the CSP would block it)', async () => {
      const user = await createUser(env.ctx, { roles: ['administrator'] });
      const s = await sessionFor(env.ctx, user.id);
      for (const url of ['/en/', '/ar/', '/staff/sign-in', '/staff', '/staff/account', '/staff/admin/offices/new', '/staff/admin/users/new', '/staff/admin/organisations/new']) {
        const res = await env.app.inject({ method: 'GET', url, headers: url.startsWith('/staff/sign-in') ? {} : { cookie: s.cookie } });
        assert.equal(res.statusCode, 200, url);
        for (const m of res.body.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
          assert.match(m[1] ?? '', /src="\/assets\//, `${url}: script without a same-origin src`);
          assert.equal((m[2] ?? '').trim(), '', `${url}: inline script`);
        }
        assert.doesNotMatch(res.body, /\sstyle="/, `${url}: inline style attribute`);
        assert.doesNotMatch(res.body, /<style/, `${url}: style element`);
        assert.doesNotMatch(res.body, /\son[a-z]+="/, `${url}: inline event handler`);
        // Only the quick-exit link points elsewhere; nothing is loaded from another origin.
        assert.doesNotMatch(res.body, /(src|action)="https?:|<link[^>]+href="https?:/, `${url}: resource from another origin`);
      }
    });
  });

  describe(`error mapping (${dialect})`, () => {
    let env: TestEnv;
    let app: FastifyInstance;
    before(async () => {
      env = await createTestEnv(dialect);
      // The platform has no API routes yet; a test route shows how /api errors are answered.
      app = await buildApp({ ctx: env.ctx });
      app.post('/api/v1/echo', { config: { access: 'public' } }, async (request) => ({ got: request.body }));
      app.get('/api/v1/private', { config: { access: { permission: 'stats.view' } } }, async () => ({ ok: true }));
      await app.ready();
    });
    after(async () => {
      await app.close();
      await env.close();
    });

    it('answers an unknown page with a localised 404 in each language', async () => {
      for (const locale of LOCALES) {
        const expected = env.ctx.i18n.message(locale, 'errors.notFound');
        const byUrl = await env.app.inject({ method: 'GET', url: `/${locale}/nowhere` });
        assert.equal(byUrl.statusCode, 404);
        assert.ok(byUrl.body.includes(expected), `${locale} by URL`);
        const byHeader = await env.app.inject({ method: 'GET', url: '/nowhere', headers: { 'accept-language': locale } });
        assert.equal(byHeader.statusCode, 404);
        assert.ok(byHeader.body.includes(expected), `${locale} by Accept-Language`);
        assert.match(byHeader.body, new RegExp(`lang="${locale}"`));
      }
    });

    it('keeps the staff navigation and sign-out on a staff error page', async () => {
      const office = await createOffice(env.ctx, 'ERR', 'TN');
      const user = await createUser(env.ctx, { roles: ['case_worker'], officeId: office, locale: 'fr' });
      const s = await sessionFor(env.ctx, user.id);
      for (const [url, status] of [['/staff/nowhere', 404], ['/staff/admin', 403]] as const) {
        const res = await env.app.inject({ method: 'GET', url, headers: { cookie: s.cookie } });
        assert.equal(res.statusCode, status);
        assert.match(res.body, /<html lang="fr"/);
        assert.match(res.body, /class="container main-nav"/, url);
        assert.match(res.body, /action="\/staff\/sign-out"/, url);
      }
      const anonymous = await env.app.inject({ method: 'GET', url: '/staff/nowhere' });
      assert.equal(anonymous.statusCode, 404);
      assert.doesNotMatch(anonymous.body, /sign-out/);
    });

    it('answers a body that is too large with a localised 413, never a 500', async () => {
      const huge = `email=${'a'.repeat(2 * 1024 * 1024)}`;
      for (const locale of LOCALES) {
        const res = await env.app.inject({ method: 'POST', url: '/staff/sign-in', headers: { ...FORM, 'accept-language': locale }, payload: huge });
        assert.equal(res.statusCode, 413, locale);
        assert.ok(res.body.includes(env.ctx.i18n.message(locale, 'errors.tooLarge')), locale);
      }
    });

    it('answers invalid JSON under /api with a 400 JSON error', async () => {
      const res = await app.inject({ method: 'POST', url: '/api/v1/echo', headers: { 'content-type': 'application/json' }, payload: '{"a": ' });
      assert.equal(res.statusCode, 400);
      assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
      const body = res.json() as { error: { code: string; message: string } };
      assert.equal(body.error.code, 'BAD_REQUEST');
      assert.ok(body.error.message.length > 10);
      const ok = await app.inject({ method: 'POST', url: '/api/v1/echo', headers: { 'content-type': 'application/json' }, payload: '{"a":1}' });
      assert.deepEqual(ok.json(), { got: { a: 1 } });
    });

    it('answers /api errors as JSON: 404, 401 without a session, 413, 415', async () => {
      const nf = await app.inject({ method: 'GET', url: '/api/v1/nothing' });
      assert.equal(nf.statusCode, 404);
      assert.equal((nf.json() as { error: { code: string } }).error.code, 'NOT_FOUND');
      const anon = await app.inject({ method: 'GET', url: '/api/v1/private' });
      assert.equal(anon.statusCode, 401);
      assert.equal((anon.json() as { error: { code: string } }).error.code, 'UNAUTHENTICATED');
      const big = await app.inject({ method: 'POST', url: '/api/v1/echo', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ a: 'x'.repeat(2 * 1024 * 1024) }) });
      assert.equal(big.statusCode, 413);
      assert.equal((big.json() as { error: { code: string } }).error.code, 'TOO_LARGE');
      const media = await app.inject({ method: 'POST', url: '/api/v1/echo', headers: { 'content-type': 'application/x-unknown' }, payload: 'x' });
      assert.equal(media.statusCode, 415);
      const bad = await app.inject({ method: 'GET', url: '/api/v1/private', headers: { authorization: 'Bearer abri_not-a-real-token-xxxxxxxxxxxx' } });
      assert.equal(bad.statusCode, 401);
    });

    it('answers a bad JSON body on a page with a localised HTML 400', async () => {
      const res = await env.app.inject({ method: 'POST', url: '/staff/sign-in', headers: { 'content-type': 'application/json', 'accept-language': 'es' }, payload: '{oops' });
      assert.equal(res.statusCode, 400);
      assert.match(String(res.headers['content-type']), /text\/html/);
      assert.ok(res.body.includes(env.ctx.i18n.message('es', 'errors.badRequest')));
    });

    it('never answers odd requests with a 500', async () => {
      const user = await createUser(env.ctx, { roles: ['administrator'] });
      const s = await sessionFor(env.ctx, user.id);
      const odd: Array<{ method: 'GET' | 'POST'; url: string; headers?: Record<string, string>; payload?: string }> = [
        { method: 'GET', url: '/%' },
        { method: 'GET', url: '/%E0%A4%A' },
        { method: 'GET', url: '/staff/admin/offices/%00' },
        { method: 'GET', url: `/staff/admin/offices/${'a'.repeat(500)}` },
        { method: 'GET', url: '/staff/admin/users/not-an-id' },
        { method: 'GET', url: '/en/?lang=xx&lang=ar&lang[]=1' },
        { method: 'GET', url: '/staff/sign-in?next=//evil.example&next=x' },
        { method: 'GET', url: '/staff/sign-in?next[a]=b' },
        { method: 'GET', url: '/staff', headers: { cookie: 'abri_session=%%%; other=1' } },
        { method: 'GET', url: '/staff', headers: { cookie: `abri_session=${'x'.repeat(5000)}` } },
        { method: 'GET', url: '/staff', headers: { 'accept-language': '*;q=abc,,,;;' } },
        { method: 'POST', url: '/staff/sign-in', headers: { 'content-type': 'multipart/form-data; boundary=x' }, payload: '--x\r\nbroken' },
        { method: 'POST', url: '/staff/sign-in', headers: { 'content-type': 'text/plain' }, payload: 'hello' },
        { method: 'POST', url: '/staff/sign-in', headers: FORM, payload: 'email[]=a&email[]=b&password=x&password=y' },
        { method: 'POST', url: '/staff/sign-in', headers: FORM, payload: '%%%=%%%' },
        { method: 'POST', url: '/staff/account/locale', headers: { ...FORM, cookie: s.cookie }, payload: `_csrf=${s.csrf}&_csrf=other&locale=ar` },
        { method: 'POST', url: '/staff/admin/offices', headers: { 'content-type': 'application/json', cookie: s.cookie }, payload: JSON.stringify({ _csrf: s.csrf, code: { a: 1 }, languages: { x: 1 }, name: [1, 2] }) },
        { method: 'POST', url: '/staff/admin/users', headers: { 'content-type': 'application/json', cookie: s.cookie }, payload: JSON.stringify({ _csrf: s.csrf, roles: 'administrator', email: null, displayName: 5 }) },
      ];
      for (const r of odd) {
        const res = await env.app.inject(r);
        assert.ok(res.statusCode < 500, `${r.method} ${r.url}: ${res.statusCode}`);
      }
      // The redirect target of sign-in never leaves the site.
      assert.equal((await env.app.inject({ method: 'GET', url: '/staff/sign-in?next=//evil.example' })).statusCode, 200);
    });
  });

  describe(`logs stay free of personal data (${dialect})`, () => {
    let env: TestEnv;
    before(async () => {
      env = await createTestEnv(dialect);
    });
    after(async () => env.close());

    it('writes no address, email, name, password or link token in any log line of a busy run', async () => {
      const secrets = {
        adminEmail: 'nadia.benyoussef@example.org',
        adminName: 'Nadia Benyoussef',
        password: 'Tr0ub4dor&3 horse staple',
        newUserEmail: 'karim.elmansouri@example.org',
        newUserName: 'Karim Elmansouri',
        officeName: 'Bureau Sfax Medina',
        orgName: 'Association Nour Refuge',
        orgEmail: 'contact@nour-refuge.example.org',
        orgPhone: '+216 71 234 567',
      };
      const setupLink = await issueLink(env.ctx, { purpose: 'setup', userId: null, createdBy: null });
      const setupPath = new URL(setupLink).pathname;
      const setupPage = await env.app.inject({ method: 'GET', url: setupPath });
      assert.equal(setupPage.statusCode, 200);
      const setup = await env.app.inject({ method: 'POST', url: setupPath, headers: FORM, payload: form({ displayName: secrets.adminName, email: secrets.adminEmail, password: secrets.password, confirm: secrets.password }) });
      assert.equal(setup.statusCode, 303);
      // Failed and successful sign-ins, with the email in the form.
      for (let i = 0; i < 3; i++) {
        await env.app.inject({ method: 'POST', url: '/staff/sign-in', headers: { ...FORM, 'x-forwarded-for': '203.0.113.7' }, payload: form({ email: secrets.adminEmail, password: `wrong password ${i}` }) });
      }
      const admin = await env.ctx.db.selectFrom('users').select('id').where('email', '=', secrets.adminEmail).executeTakeFirstOrThrow();
      const s = await sessionFor(env.ctx, admin.id);
      const headers = { cookie: s.cookie, ...FORM };
      const office = await env.app.inject({ method: 'POST', url: '/staff/admin/offices', headers, payload: form({ _csrf: s.csrf, code: 'SFX', name: secrets.officeName, country: 'TN', languages: ['fr', 'ar'], timeZone: 'Africa/Tunis' }) });
      assert.equal(office.statusCode, 303);
      const org = await env.app.inject({ method: 'POST', url: '/staff/admin/organisations', headers, payload: form({ _csrf: s.csrf, name: secrets.orgName, type: 'NGO', country: 'TN', email: secrets.orgEmail, phone: secrets.orgPhone }) });
      assert.equal(org.statusCode, 303);
      const officeId = (await env.ctx.db.selectFrom('offices').select('id').where('code', '=', 'SFX').executeTakeFirstOrThrow()).id;
      const created = await env.app.inject({ method: 'POST', url: '/staff/admin/users', headers, payload: form({ _csrf: s.csrf, displayName: secrets.newUserName, email: secrets.newUserEmail, locale: 'fr', roles: 'case_worker', officeId }) });
      assert.equal(created.statusCode, 200);
      const link = /<code class="one-time-link"[^>]*>([^<]+)<\/code>/.exec(created.body)?.[1] ?? '';
      const token = link.split('/').pop() ?? '';
      assert.ok(token.length > 20);
      await env.app.inject({ method: 'GET', url: `/staff/set-password/${token}` });
      await env.app.inject({ method: 'POST', url: `/staff/set-password/${token}`, headers: FORM, payload: form({ password: secrets.password, confirm: secrets.password }) });
      await env.app.inject({ method: 'POST', url: '/staff/account/time-zone', headers, payload: form({ _csrf: s.csrf, timeZone: 'Not/A_Zone' }) });
      await env.app.inject({ method: 'POST', url: '/staff/admin/users', headers, payload: form({ _csrf: s.csrf, displayName: secrets.newUserName, email: 'broken-email', locale: 'fr', roles: 'case_worker' }) });
      await env.app.inject({ method: 'GET', url: `/staff/sign-in?next=/staff/${encodeURIComponent(secrets.newUserEmail)}` });
      await env.app.inject({ method: 'GET', url: `/nowhere/${encodeURIComponent(secrets.adminName)}` });
      const user = await createUser(env.ctx, { roles: ['analyst'], email: 'analyst.person@example.org' });
      await signInThroughApp(env.app, user);

      assert.ok(env.logs.length > 30, `only ${env.logs.length} log lines`);
      const problems: string[] = [];
      for (const entry of env.logs) {
        const line = JSON.stringify(entry);
        if (IPV4.test(line)) problems.push(`IPv4 address: ${line}`);
        if (IPV6.test(line)) problems.push(`IPv6 address: ${line}`);
        if (EMAIL.test(line)) problems.push(`email: ${line}`);
        for (const [what, value] of Object.entries(secrets)) if (line.includes(value) || line.includes(encodeURIComponent(value))) problems.push(`${what}: ${line}`);
        if (line.includes(token) || line.includes(setupPath.split('/').pop() as string)) problems.push(`link token: ${line}`);
        if (line.includes(s.cookie.split('=')[1] as string) || line.includes(s.csrf)) problems.push(`session secret: ${line}`);
      }
      assert.deepEqual(problems, []);
    });
  });
}

describe('sign-in cookies', () => {
  it('sets an HttpOnly, SameSite session cookie', async () => {
    const env = await createTestEnv('sqlite');
    try {
      const office = await createOffice(env.ctx);
      const user = await createUser(env.ctx, { roles: ['case_worker'], officeId: office });
      const r = await env.app.inject({ method: 'POST', url: '/staff/sign-in', headers: FORM, payload: form({ email: user.email, password: user.password }) });
      assert.ok(cookieFrom(r));
      assert.match(String(r.headers['set-cookie']), /HttpOnly; SameSite=Lax/);
      const page = await env.app.inject({ method: 'GET', url: '/staff/sign-in/second-factor', headers: { cookie: cookieFrom(r) as string } });
      assert.ok(csrfFrom(page.body).length > 20);
    } finally {
      await env.close();
    }
  });
});
