import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cookieFrom, createTestEnv, createUser, csrfFrom, DIALECTS, FORM, form, sessionFor, type TestEnv } from '../../../test/helper.js';
import { loadConfig } from '../../config.js';
import { currentTotp } from './totp.js';

describe('secure cookies setting', () => {
  it('is on whenever PUBLIC_URL is https, and off only when SECURE_COOKIES=false says so', () => {
    assert.equal(loadConfig({ PUBLIC_URL: 'https://abri.example.org' }).secureCookies, true);
    assert.equal(loadConfig({ PUBLIC_URL: 'https://abri.example.org', SECURE_COOKIES: 'false' }).secureCookies, false);
    assert.equal(loadConfig({ PUBLIC_URL: 'http://localhost:3000' }).secureCookies, false);
  });
});

for (const dialect of DIALECTS) {
  describe(`sessions (${dialect})`, () => {
    let env: TestEnv;
    let https: TestEnv;
    before(async () => {
      env = await createTestEnv(dialect);
      https = await createTestEnv(dialect, { publicUrl: 'https://abri.example.org', secureCookies: loadConfig({ PUBLIC_URL: 'https://abri.example.org' }).secureCookies });
    });
    after(async () => {
      await env.close();
      await https.close();
    });

    it('gives a new session id after the password step and another after the second factor; the old ones are dead', async () => {
      const user = await createUser(env.ctx, { roles: ['case_worker'] });
      // A cookie someone planted (a session of theirs, here a signed-in one) is replaced, never promoted.
      const planted = (await sessionFor(env.ctx, user.id)).cookie;
      const step1 = await env.app.inject({ method: 'POST', url: '/staff/sign-in', headers: { ...FORM, cookie: planted }, payload: form({ email: user.email, password: user.password }) });
      const passwordCookie = cookieFrom(step1) as string;
      assert.ok(passwordCookie);
      assert.notEqual(passwordCookie, planted);
      assert.equal((await env.app.inject({ method: 'GET', url: '/staff', headers: { cookie: planted } })).statusCode, 303, 'the planted session is revoked');
      const page = await env.app.inject({ method: 'GET', url: '/staff/sign-in/second-factor', headers: { cookie: passwordCookie } });
      const step2 = await env.app.inject({ method: 'POST', url: '/staff/sign-in/second-factor', headers: { ...FORM, cookie: passwordCookie }, payload: form({ _csrf: csrfFrom(page.body), code: currentTotp(user.totpSecret) }) });
      assert.equal(step2.statusCode, 303);
      const signed = cookieFrom(step2) as string;
      assert.ok(signed, 'a new cookie after the second factor');
      assert.notEqual(signed, passwordCookie);
      assert.equal((await env.app.inject({ method: 'GET', url: '/staff', headers: { cookie: signed } })).statusCode, 200);
      const old = await env.app.inject({ method: 'GET', url: '/staff', headers: { cookie: passwordCookie } });
      assert.equal(old.statusCode, 303, 'the password-step session no longer works');
      assert.match(String(old.headers.location), /sign-in\?next/);
    });

    it('refuses a state-changing request with Origin: null, even with a valid session and CSRF token', async () => {
      const user = await createUser(env.ctx, { roles: ['administrator'] });
      const s = await sessionFor(env.ctx, user.id);
      const body = form({ _csrf: s.csrf, timeZone: 'Europe/Paris' });
      const nul = await env.app.inject({ method: 'POST', url: '/staff/account/time-zone', headers: { ...FORM, cookie: s.cookie, origin: 'null' }, payload: body });
      assert.equal(nul.statusCode, 403);
      const anon = await env.app.inject({ method: 'POST', url: '/en/report/follow-up', headers: { ...FORM, origin: 'null' }, payload: form({ code: '1234123412341234' }) });
      assert.equal(anon.statusCode, 403, 'public forms too');
      const same = await env.app.inject({ method: 'POST', url: '/staff/account/time-zone', headers: { ...FORM, cookie: s.cookie, origin: 'http://localhost:3000', host: 'localhost:3000' }, payload: body });
      assert.equal(same.statusCode, 303);
    });

    it('sends Secure cookies and HSTS when PUBLIC_URL is https, without SECURE_COOKIES being set', async () => {
      const res = await https.app.inject({ method: 'GET', url: '/en/' });
      assert.match(String(res.headers['strict-transport-security']), /max-age=\d{7,}/);
      const user = await createUser(https.ctx, { roles: ['editor'] });
      const r = await https.app.inject({ method: 'POST', url: '/staff/sign-in', headers: FORM, payload: form({ email: user.email, password: user.password }) });
      assert.match(String(r.headers['set-cookie']), /abri_session=[^;]+;.*Secure/);
    });
  });
}
