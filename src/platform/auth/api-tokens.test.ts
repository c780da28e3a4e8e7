import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createTestEnv, createUser, csrfFrom, DIALECTS, FORM, form, type Signed, sessionFor, type TestEnv, type TestUser } from '../../../test/helper.js';
import { currentTotp } from './totp.js';

const TOKEN = /<code dir="ltr">(abri_[A-Za-z0-9_-]+)<\/code>/;

for (const dialect of DIALECTS) {
  describe(`API token lifecycle (${dialect})`, () => {
    let env: TestEnv;
    let user: TestUser;
    let s: Signed;
    before(async () => {
      env = await createTestEnv(dialect);
    });
    after(async () => env.close());
    beforeEach(async () => {
      user = await createUser(env.ctx, { roles: ['case_worker'] });
      s = await sessionFor(env.ctx, user.id);
    });

    const create = async (fields: Record<string, string>, who: Signed = s, owner: TestUser = user) => {
      // Each creation in a test uses a fresh code: a code is never accepted twice.
      await env.ctx.db.updateTable('users').set({ totp_last_step: null }).where('id', '=', owner.id).execute();
      return env.app.inject({
        method: 'POST',
        url: '/staff/account/tokens',
        headers: { ...FORM, cookie: who.cookie },
        payload: form({ _csrf: who.csrf, name: 'export script', tokenPassword: owner.password, code: currentTotp(owner.totpSecret), ...fields }),
      });
    };
    const tokenOf = (body: string) => TOKEN.exec(body)?.[1] as string;
    const me = (token: string, ua = 'export-script/1.0') => env.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}`, 'user-agent': ua } });
    const events = async (type: string) => env.ctx.db.selectFrom('audit_events').selectAll().where('type', '=', type).where('subject_id', '=', user.id).execute();

    it('creates a token only with the password and a current code again, for 90 days by default, audited', async () => {
      const noPassword = await create({ tokenPassword: 'not my password at all' });
      assert.equal(noPassword.statusCode, 400);
      assert.equal(tokenOf(noPassword.body), undefined);
      const noCode = await create({ code: '000000' === currentTotp(user.totpSecret) ? '111111' : '000000' });
      assert.equal(noCode.statusCode, 400);
      assert.match(noCode.body, /code is not right|not valid|wrong/i);
      assert.equal((await env.ctx.db.selectFrom('api_tokens').select('id').where('user_id', '=', user.id).execute()).length, 0, 'nothing half-created');
      const ok = await create({});
      assert.equal(ok.statusCode, 200);
      assert.ok(tokenOf(ok.body));
      const row = await env.ctx.db.selectFrom('api_tokens').selectAll().where('user_id', '=', user.id).executeTakeFirstOrThrow();
      const days = (Date.parse(row.expires_at) - Date.now()) / 86_400_000;
      assert.ok(days > 89.9 && days <= 90, String(days));
      assert.ok(!JSON.stringify(row).includes(tokenOf(ok.body)), 'stored hashed');
      assert.equal((await events('api_token.created')).length, 1);
      assert.equal((await me(tokenOf(ok.body))).statusCode, 200);
    });

    it('takes an expiry of at most a year', async () => {
      const tooLong = await create({ days: '366' });
      assert.equal(tooLong.statusCode, 400);
      assert.match(tooLong.body, /from 1 to 365/);
      const month = await create({ days: '30', name: 'monthly' });
      assert.equal(month.statusCode, 200);
      const row = await env.ctx.db.selectFrom('api_tokens').selectAll().where('user_id', '=', user.id).executeTakeFirstOrThrow();
      assert.ok(Math.abs((Date.parse(row.expires_at) - Date.now()) / 86_400_000 - 30) < 0.01);
    });

    it('lists tokens with their last use, and audits use from a new client once per client, keeping no address', async () => {
      const token = tokenOf((await create({ name: 'nightly sync' })).body);
      let page = await env.app.inject({ method: 'GET', url: '/staff/account', headers: { cookie: s.cookie } });
      assert.match(page.body, /nightly sync/);
      assert.match(page.body, /Never used/);
      await me(token);
      await me(token);
      await me(token, 'curl/8.5');
      page = await env.app.inject({ method: 'GET', url: '/staff/account', headers: { cookie: s.cookie } });
      assert.doesNotMatch(page.body, /Never used/);
      const seen = await events('api_token.new_client');
      assert.equal(seen.length, 2, 'first client, then curl');
      const row = await env.ctx.db.selectFrom('api_tokens').selectAll().where('user_id', '=', user.id).executeTakeFirstOrThrow();
      assert.ok(row.last_used_at);
      assert.doesNotMatch(JSON.stringify([row, seen]), /127\.0\.0\.1|curl|export-script/);
    });

    it('revokes one of one\'s own tokens, audited; another user\'s token cannot be revoked', async () => {
      const token = tokenOf((await create({})).body);
      const row = await env.ctx.db.selectFrom('api_tokens').select('id').where('user_id', '=', user.id).executeTakeFirstOrThrow();
      const other = await createUser(env.ctx, { roles: ['case_worker'] });
      const os = await sessionFor(env.ctx, other.id);
      const foreign = await env.app.inject({ method: 'POST', url: `/staff/account/tokens/${row.id}/revoke`, headers: { ...FORM, cookie: os.cookie }, payload: form({ _csrf: os.csrf }) });
      assert.equal(foreign.statusCode, 404);
      assert.equal((await me(token)).statusCode, 200);
      const mine = await env.app.inject({ method: 'POST', url: `/staff/account/tokens/${row.id}/revoke`, headers: { ...FORM, cookie: s.cookie }, payload: form({ _csrf: s.csrf }) });
      assert.equal(mine.statusCode, 303);
      assert.equal((await me(token)).statusCode, 401);
      const revoked = await events('api_token.revoked');
      assert.equal(revoked.length, 1);
      assert.match(revoked[0]?.data ?? '', /"reason":"user"/);
      const page = await env.app.inject({ method: 'GET', url: '/staff/account', headers: { cookie: s.cookie } });
      assert.match(page.body, /Revoked \(by its owner\)/);
    });

    it('revokes every token when the password changes', async () => {
      const token = tokenOf((await create({})).body);
      const r = await env.app.inject({ method: 'POST', url: '/staff/account/password', headers: { ...FORM, cookie: s.cookie }, payload: form({ _csrf: s.csrf, current: user.password, password: 'a brand new long passphrase', confirm: 'a brand new long passphrase' }) });
      assert.equal(r.statusCode, 303);
      assert.equal((await me(token)).statusCode, 401);
      assert.match((await events('api_token.revoked'))[0]?.data ?? '', /password_changed/);
    });

    it('revokes every token on "sign out everywhere else"', async () => {
      const token = tokenOf((await create({})).body);
      const r = await env.app.inject({ method: 'POST', url: '/staff/account/sessions/revoke-others', headers: { ...FORM, cookie: s.cookie }, payload: form({ _csrf: s.csrf }) });
      assert.equal(r.statusCode, 303);
      assert.equal((await me(token)).statusCode, 401);
      assert.match((await events('api_token.revoked'))[0]?.data ?? '', /signed_out_everywhere/);
    });

    it('lets an administrator see and revoke a user\'s tokens, audited with the administrator as actor', async () => {
      const token = tokenOf((await create({ name: 'partner feed' })).body);
      const admin = await createUser(env.ctx, { roles: ['administrator'] });
      const as = await sessionFor(env.ctx, admin.id);
      const list = await env.app.inject({ method: 'GET', url: `/staff/admin/users/${user.id}/tokens`, headers: { cookie: as.cookie } });
      assert.equal(list.statusCode, 200);
      assert.match(list.body, /partner feed/);
      const csrf = csrfFrom(list.body);
      const r = await env.app.inject({ method: 'POST', url: `/staff/admin/users/${user.id}/tokens/revoke`, headers: { ...FORM, cookie: as.cookie }, payload: form({ _csrf: csrf }) });
      assert.equal(r.statusCode, 303);
      assert.equal((await me(token)).statusCode, 401);
      const ev = (await events('api_token.revoked'))[0];
      assert.equal(ev?.actor_id, admin.id);
      assert.match(ev?.data ?? '', /"reason":"administrator"/);
      const worker = await sessionFor(env.ctx, (await createUser(env.ctx, { roles: ['case_worker'] })).id);
      assert.equal((await env.app.inject({ method: 'GET', url: `/staff/admin/users/${user.id}/tokens`, headers: { cookie: worker.cookie } })).statusCode, 403);
    });
  });
}
