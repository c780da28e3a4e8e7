import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isTimeZone, TIME_ZONES } from '../platform/i18n/time-zones.js';
import { createTestEnv, createUser, DIALECTS, FORM, form, sessionFor, type TestEnv } from '../../test/support/index.js';

describe('the IANA time-zone list', () => {
  it('holds the runtime canonical zones and UTC, and nothing typed freely', () => {
    assert.ok(TIME_ZONES.length > 300);
    for (const z of ['UTC', 'Africa/Tunis', 'Europe/Paris', 'America/Bogota', 'Asia/Beirut']) assert.ok(isTimeZone(z), z);
    // Intl accepts aliases and odd spellings; the list does not.
    for (const z of ['Mars/Olympus', 'US/Eastern', 'africa/tunis', 'Africa/Tunis ', '', 'GMT+1']) assert.ok(!isTimeZone(z), z);
  });
});

for (const dialect of DIALECTS) {
  describe(`the office and personal time zone are chosen from the IANA list (${dialect})`, () => {
    let env: TestEnv;
    let admin: { cookie: string; csrf: string };
    before(async () => {
      env = await createTestEnv(dialect);
      admin = await sessionFor(env.ctx, (await createUser(env.ctx, { roles: ['administrator'] })).id);
    });
    after(async () => env.close());
    const post = (url: string, data: Record<string, string | string[]>) =>
      env.app.inject({ method: 'POST', url, headers: { cookie: admin.cookie, ...FORM }, payload: form({ _csrf: admin.csrf, ...data }) });

    it('offers a select of zones and refuses a zone outside the list with a field message', async () => {
      for (const url of ['/staff/admin/offices/new', '/staff/admin/users/new', '/staff/account']) {
        const page = await env.app.inject({ method: 'GET', url, headers: { cookie: admin.cookie } });
        assert.equal(page.statusCode, 200, url);
        assert.match(page.body, /<select[^>]+name="timeZone"/, url);
        assert.match(page.body, /<optgroup label="Africa">/, url);
        assert.match(page.body, /<option value="Africa\/Tunis"/, url);
        assert.ok(!/<input[^>]+name="timeZone"/.test(page.body), `${url}: no free-text box`);
      }
      const fields = { code: 'SFX', name: 'Sfax', country: 'TN', languages: ['fr', 'ar'] };
      for (const bad of ['US/Eastern', 'Mars/Olympus']) {
        const res = await post('/staff/admin/offices', { ...fields, timeZone: bad });
        assert.equal(res.statusCode, 400, bad);
        assert.match(res.body, /aria-invalid="true"/);
      }
      assert.equal((await env.ctx.db.selectFrom('offices').select('id').where('code', '=', 'SFX').execute()).length, 0, 'nothing half-created');
      assert.equal((await post('/staff/admin/offices', { ...fields, timeZone: 'Africa/Tunis' })).statusCode, 303);
      const office = await env.ctx.db.selectFrom('offices').select('time_zone').where('code', '=', 'SFX').executeTakeFirstOrThrow();
      assert.equal(office.time_zone, 'Africa/Tunis');
      assert.equal((await post('/staff/account/time-zone', { timeZone: 'US/Eastern' })).statusCode, 400);
      assert.equal((await post('/staff/account/time-zone', { timeZone: 'Europe/Paris' })).statusCode, 303);
    });
  });
}
