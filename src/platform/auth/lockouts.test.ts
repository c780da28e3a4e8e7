import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cookieFrom, createTestEnv, createUser, csrfFrom, DIALECTS, FORM, form, sessionFor, type TestEnv } from '../../../test/helper.js';
import { ClientLockouts, clientDelayMinutes } from '../http/lockouts.js';
import { accountDelayMinutes } from './auth.service.js';

describe('progressive delays', () => {
  it('double from one minute after the free failures, are capped, and always end', () => {
    assert.deepEqual([4, 5, 6, 7, 8, 9, 30].map(accountDelayMinutes), [0, 1, 2, 4, 8, 15, 15]);
    assert.deepEqual([9, 10, 11, 12, 16, 40].map(clientDelayMinutes), [0, 1, 2, 4, 60, 60]);
    const l = new ClientLockouts();
    const t0 = Date.now();
    for (let i = 0; i < 10; i++) l.fail('k', t0);
    assert.equal(l.waitMs('k', t0), 60_000);
    assert.equal(l.waitMs('k', t0 + 60_001), 0, 'the wait ends by itself');
    assert.equal(l.waitMs('k', t0 + 25 * 3_600_000), 0);
  });
});

for (const dialect of DIALECTS) {
  describe(`sign-in lockouts (${dialect})`, () => {
    let env: TestEnv;
    before(async () => {
      env = await createTestEnv(dialect);
    });
    after(async () => env.close());

    const signIn = (email: string, password: string, ip = '198.51.100.1') =>
      env.app.inject({ method: 'POST', url: '/staff/sign-in', headers: FORM, payload: form({ email, password }), remoteAddress: ip });
    const expireAccountWait = (id: string) => env.ctx.db.updateTable('users').set({ locked_until: new Date(Date.now() - 1000).toISOString() }).where('id', '=', id).execute();

    it('makes an account wait longer after each further failure, and the wait expires', async () => {
      const user = await createUser(env.ctx, { roles: ['editor'] });
      for (let i = 0; i < 5; i++) await signIn(user.email, `wrong password ${i}`, `198.51.100.${10 + i}`);
      let row = await env.ctx.db.selectFrom('users').select(['failed_logins', 'locked_until']).where('id', '=', user.id).executeTakeFirstOrThrow();
      assert.equal(row.failed_logins, 5);
      const firstWait = Date.parse(row.locked_until as string) - Date.now();
      assert.ok(firstWait > 50_000 && firstWait <= 60_000, String(firstWait));
      const locked = await signIn(user.email, user.password, '198.51.100.30');
      assert.equal(locked.statusCode, 429);
      assert.match(locked.body, /1 minute/);
      await expireAccountWait(user.id);
      await signIn(user.email, 'wrong again password', '198.51.100.31');
      row = await env.ctx.db.selectFrom('users').select(['failed_logins', 'locked_until']).where('id', '=', user.id).executeTakeFirstOrThrow();
      const secondWait = Date.parse(row.locked_until as string) - Date.now();
      assert.ok(secondWait > 110_000 && secondWait <= 120_000, `the second wait is longer: ${secondWait}`);
      await expireAccountWait(user.id);
      const ok = await signIn(user.email, user.password, '198.51.100.32');
      assert.equal(ok.statusCode, 303, 'once the wait is over the right password works');
    });

    it('makes one client wait after ten failures, whatever accounts it tries, without touching other clients', async () => {
      const user = await createUser(env.ctx, { roles: ['editor'] });
      for (let i = 0; i < 10; i++) assert.equal((await signIn(`nobody-${i}@example.org`, 'guess guess guess', '203.0.113.50')).statusCode, 401);
      const waiting = await signIn(user.email, user.password, '203.0.113.50');
      assert.equal(waiting.statusCode, 429, 'even the right password of a real account waits');
      assert.equal((await signIn(user.email, user.password, '203.0.113.51')).statusCode, 303, 'another client is not held up');
    });

    it('shows lockouts to an administrator, who clears them (audited)', async () => {
      const victim = await createUser(env.ctx, { roles: ['case_worker'] });
      for (let i = 0; i < 5; i++) await signIn(victim.email, `stranger guess ${i}`, '192.0.2.77');
      for (let i = 0; i < 5; i++) await signIn(`x${i}@example.org`, 'stranger guess', '192.0.2.77');
      const admin = await createUser(env.ctx, { roles: ['administrator'] });
      const s = await sessionFor(env.ctx, admin.id);
      const page = await env.app.inject({ method: 'GET', url: '/staff/admin/lockouts', headers: { cookie: s.cookie } });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, new RegExp(`/staff/admin/users/${victim.id}`));
      assert.doesNotMatch(page.body, /192\.0\.2\.77/, 'no address on the page');
      assert.match(page.body, /name="key"/, 'the waiting client is listed');
      const csrf = csrfFrom(page.body);
      assert.equal((await env.app.inject({ method: 'POST', url: `/staff/admin/lockouts/users/${victim.id}/clear`, headers: { ...FORM, cookie: s.cookie }, payload: form({ _csrf: csrf }) })).statusCode, 303);
      assert.equal((await env.app.inject({ method: 'POST', url: '/staff/admin/lockouts/clients/clear', headers: { ...FORM, cookie: s.cookie }, payload: form({ _csrf: csrf }) })).statusCode, 303);
      const back = await signIn(victim.email, victim.password, '192.0.2.77');
      assert.equal(back.statusCode, 303);
      assert.ok(cookieFrom(back));
      const cleared = await env.ctx.db.selectFrom('audit_events').select('data').where('type', '=', 'auth.lockout_cleared').execute();
      assert.deepEqual(cleared.map((c) => JSON.parse(c.data).scope).sort(), ['account', 'all-clients']);
      const worker = await sessionFor(env.ctx, victim.id);
      assert.equal((await env.app.inject({ method: 'GET', url: '/staff/admin/lockouts', headers: { cookie: worker.cookie } })).statusCode, 403);
    });
  });
}
