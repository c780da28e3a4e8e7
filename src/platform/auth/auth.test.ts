import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cookieFrom, createTestEnv, createUser, csrfFrom, DIALECTS, FORM, form, signInThroughApp, type TestEnv } from '../../../test/helper.js';
import { currentTotp } from './totp.js';

for (const dialect of DIALECTS) {
  describe(`sign-in (${dialect})`, () => {
    let env: TestEnv;
    before(async () => {
      env = await createTestEnv(dialect);
    });
    after(async () => env.close());

    it('signs in with password and TOTP, then reaches the staff home', async () => {
      const user = await createUser(env.ctx, { roles: ['administrator'] });
      const { cookie } = await signInThroughApp(env.app, user);
      const home = await env.app.inject({ method: 'GET', url: '/staff', headers: { cookie } });
      assert.equal(home.statusCode, 200);
      assert.match(home.body, /Welcome/);
    });

    it('does not let a password-only session past the second factor', async () => {
      const user = await createUser(env.ctx, { roles: ['case_worker'] });
      const r = await env.app.inject({ method: 'POST', url: '/staff/sign-in', headers: FORM, payload: form({ email: user.email, password: user.password }) });
      const cookie = cookieFrom(r);
      assert.ok(cookie);
      const home = await env.app.inject({ method: 'GET', url: '/staff', headers: { cookie } });
      assert.equal(home.statusCode, 303);
      assert.equal(home.headers.location, '/staff/sign-in/second-factor');
    });

    it('refuses a wrong password without saying whether the account exists', async () => {
      const user = await createUser(env.ctx, { roles: ['editor'] });
      const wrong = await env.app.inject({ method: 'POST', url: '/staff/sign-in', headers: FORM, payload: form({ email: user.email, password: 'not the password' }) });
      const unknown = await env.app.inject({ method: 'POST', url: '/staff/sign-in', headers: FORM, payload: form({ email: 'nobody@example.org', password: 'not the password' }) });
      assert.equal(wrong.statusCode, 401);
      assert.equal(unknown.statusCode, 401);
      assert.equal(cookieFrom(wrong), undefined);
      assert.match(wrong.body, /email address or password is not right/);
      assert.match(unknown.body, /email address or password is not right/);
    });

    it('locks an account after five failures, even with the right password afterwards', async () => {
      const user = await createUser(env.ctx, { roles: ['analyst'] });
      for (let i = 0; i < 5; i++) {
        await env.app.inject({ method: 'POST', url: '/staff/sign-in', headers: FORM, payload: form({ email: user.email, password: `wrong-${i}-password` }) });
      }
      const r = await env.app.inject({ method: 'POST', url: '/staff/sign-in', headers: FORM, payload: form({ email: user.email, password: user.password }) });
      assert.equal(r.statusCode, 429);
      assert.equal(cookieFrom(r), undefined);
      const events = await env.ctx.db.selectFrom('audit_events').select('type').where('subject_id', '=', user.id).execute();
      assert.ok(events.some((e) => e.type === 'auth.locked'));
    });

    it('refuses a TOTP code that was already used', async () => {
      const user = await createUser(env.ctx, { roles: ['supervisor'] });
      const code = currentTotp(user.totpSecret);
      const first = await env.app.inject({ method: 'POST', url: '/staff/sign-in', headers: FORM, payload: form({ email: user.email, password: user.password }) });
      const c1 = cookieFrom(first) ?? '';
      const p1 = await env.app.inject({ method: 'GET', url: '/staff/sign-in/second-factor', headers: { cookie: c1 } });
      const ok = await env.app.inject({ method: 'POST', url: '/staff/sign-in/second-factor', headers: { cookie: c1, ...FORM }, payload: form({ _csrf: csrfFrom(p1.body), code }) });
      assert.equal(ok.statusCode, 303);
      const second = await env.app.inject({ method: 'POST', url: '/staff/sign-in', headers: FORM, payload: form({ email: user.email, password: user.password }) });
      const c2 = cookieFrom(second) ?? '';
      const p2 = await env.app.inject({ method: 'GET', url: '/staff/sign-in/second-factor', headers: { cookie: c2 } });
      const replay = await env.app.inject({ method: 'POST', url: '/staff/sign-in/second-factor', headers: { cookie: c2, ...FORM }, payload: form({ _csrf: csrfFrom(p2.body), code }) });
      assert.equal(replay.statusCode, 401);
    });

    it('refuses a state-changing form without the CSRF token', async () => {
      const user = await createUser(env.ctx, { roles: ['administrator'] });
      const { cookie } = await signInThroughApp(env.app, user);
      const r = await env.app.inject({ method: 'POST', url: '/staff/account/locale', headers: { cookie, ...FORM }, payload: form({ locale: 'fr' }) });
      assert.equal(r.statusCode, 403);
      const row = await env.ctx.db.selectFrom('users').select('locale').where('id', '=', user.id).executeTakeFirstOrThrow();
      assert.equal(row.locale, 'en');
    });

    it('refuses a post sent from another site', async () => {
      const user = await createUser(env.ctx, { roles: ['administrator'] });
      const { cookie, csrf } = await signInThroughApp(env.app, user);
      const r = await env.app.inject({ method: 'POST', url: '/staff/account/locale', headers: { cookie, origin: 'https://evil.example', ...FORM }, payload: form({ _csrf: csrf, locale: 'fr' }) });
      assert.equal(r.statusCode, 403);
    });

    it('signs out and the session no longer works', async () => {
      const user = await createUser(env.ctx, { roles: ['administrator'] });
      const { cookie, csrf } = await signInThroughApp(env.app, user);
      const out = await env.app.inject({ method: 'POST', url: '/staff/sign-out', headers: { cookie, ...FORM }, payload: form({ _csrf: csrf }) });
      assert.equal(out.statusCode, 303);
      const home = await env.app.inject({ method: 'GET', url: '/staff', headers: { cookie } });
      assert.equal(home.statusCode, 303);
      assert.match(String(home.headers.location), /^\/staff\/sign-in/);
    });

    it('ends a session after the idle timeout', async () => {
      const user = await createUser(env.ctx, { roles: ['administrator'] });
      const { cookie } = await signInThroughApp(env.app, user);
      const old = new Date(Date.now() - 31 * 60_000).toISOString();
      await env.ctx.db.updateTable('sessions').set({ last_seen_at: old }).where('user_id', '=', user.id).execute();
      const home = await env.app.inject({ method: 'GET', url: '/staff', headers: { cookie } });
      assert.equal(home.statusCode, 303);
    });
  });
}

for (const dialect of DIALECTS) {
  describe(`API tokens (${dialect})`, () => {
    let env: TestEnv;
    before(async () => {
      env = await createTestEnv(dialect);
    });
    after(async () => env.close());

    it('acts with its user through the API and is refused when wrong', async () => {
      const user = await createUser(env.ctx, { roles: ['analyst'] });
      const { cookie, csrf } = await signInThroughApp(env.app, user);
      // Creating a token asks for the password and a code again; the sign-in's code cannot be used twice.
      await env.ctx.db.updateTable('users').set({ totp_last_step: null }).where('id', '=', user.id).execute();
      const page = await env.app.inject({ method: 'POST', url: '/staff/account/tokens', headers: { cookie, ...FORM }, payload: form({ _csrf: csrf, name: 'reporting script', tokenPassword: user.password, code: currentTotp(user.totpSecret) }) });
      const token = /<code dir="ltr">(abri_[A-Za-z0-9_-]+)/.exec(page.body)?.[1];
      assert.ok(token);
      const me = await env.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
      assert.equal(me.statusCode, 200);
      assert.equal(me.json().id, user.id);
      const bad = await env.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: 'Bearer abri_notavalidtokenatallxxxxxxxx' } });
      assert.equal(bad.statusCode, 401);
      assert.equal(bad.json().error.code, 'UNAUTHENTICATED');
      const stored = await env.ctx.db.selectFrom('api_tokens').select('token_hash').executeTakeFirstOrThrow();
      assert.notEqual(stored.token_hash, token);
    });

    it('serves the OpenAPI description', async () => {
      const r = await env.app.inject({ method: 'GET', url: '/api/docs' });
      assert.equal(r.statusCode, 200);
      assert.ok(r.json().paths['/api/v1/me']);
    });
  });
}
