import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { createOffice, createTestEnv, createUser, DIALECTS, FORM, form, sessionFor, type Signed, type TestEnv } from '../../test/support/index.js';
import { telHref } from '../platform/views/format.js';

describe('tel: links', () => {
  it('keep only the leading + and the digits', () => {
    assert.equal(telHref('+216 80 100 200'), 'tel:+21680100200');
    assert.equal(telHref('(01) 23-45'), 'tel:012345');
  });
});

for (const dialect of DIALECTS) {
  describe(`help directory (${dialect})`, () => {
    let env: TestEnv;
    let admin: Signed;
    let editor: Signed;
    let caseWorker: Signed;
    before(async () => {
      env = await createTestEnv(dialect);
      const office = await createOffice(env.ctx);
      admin = await sessionFor(env.ctx, (await createUser(env.ctx, { roles: ['administrator'], officeId: null })).id);
      editor = await sessionFor(env.ctx, (await createUser(env.ctx, { roles: ['editor'], officeId: office })).id);
      caseWorker = await sessionFor(env.ctx, (await createUser(env.ctx, { roles: ['case_worker'], officeId: office })).id);
    });
    after(async () => env?.close());

    const post = (url: string, who: Signed, data: Record<string, string | string[]>) =>
      env.app.inject({ method: 'POST', url, headers: { ...FORM, cookie: who.cookie }, payload: form({ _csrf: who.csrf, ...data }) });
    const entry = (over: Record<string, string | string[]> = {}) => ({ country: 'TN', kind: 'hotline', name: 'Test Line', services: 'Advice', phone: '+216 80 100 200', hours: '24/7', languages: ['ar', 'fr'], active: '1', ...over });

    it('lets administrators add entries, and visitors filter them by country with tel: links', async () => {
      assert.equal((await post('/staff/directory', admin, entry())).statusCode, 303);
      assert.equal((await post('/staff/directory', admin, entry({ country: 'CI', name: 'Ivory Line', phone: '+225 27 00 00 11 22' }))).statusCode, 303);
      const all = await env.app.inject({ url: '/fr/help' });
      assert.equal(all.statusCode, 200);
      assert.match(all.body, /Test Line/);
      assert.match(all.body, /Ivory Line/);
      const tn = await env.app.inject({ url: '/fr/help?country=TN' });
      assert.match(tn.body, /Test Line/);
      assert.ok(!tn.body.includes('Ivory Line'));
      assert.match(tn.body, /href="tel:\+21680100200"/);
      assert.match(tn.body, /Tunisie/);
      assert.match(tn.body, /arabe/);
      const ar = await env.app.inject({ url: '/ar/help?country=TN' });
      assert.ok(!ar.body.includes('⟦'));
    });

    it('hides entries that are not active', async () => {
      const row = await env.ctx.db.selectFrom('directory_entries').selectAll().where('name', '=', 'Ivory Line').executeTakeFirstOrThrow();
      const r = await post(`/staff/directory/${row.id}`, admin, { ...entry({ country: 'CI', name: 'Ivory Line' }), active: [], version: String(row.version) });
      assert.equal(r.statusCode, 303);
      assert.ok(!(await env.app.inject({ url: '/en/help' })).body.includes('Ivory Line'));
      const stale = await post(`/staff/directory/${row.id}`, admin, { ...entry({ country: 'CI', name: 'Ivory Line' }), version: String(row.version) });
      assert.equal(stale.statusCode, 409);
    });

    it('refuses bad phone numbers, countries and addresses with field errors, and odd filters without failing', async () => {
      const r = await post('/staff/directory', admin, entry({ phone: 'call me', country: 'XX', website: 'javascript:alert(1)' }));
      assert.equal(r.statusCode, 400);
      assert.match(r.body, /error-summary/);
      await fc.assert(
        fc.asyncProperty(fc.string({ maxLength: 40 }), async (country) => {
          const res = await env.app.inject({ url: `/en/help?country=${encodeURIComponent(country)}` });
          assert.ok(res.statusCode < 500);
        }),
        { numRuns: 30 },
      );
    });

    it('lets only administrators and editors manage the directory', async () => {
      assert.equal((await env.app.inject({ url: '/staff/directory', headers: { cookie: caseWorker.cookie } })).statusCode, 403);
      assert.equal((await post('/staff/directory', caseWorker, entry())).statusCode, 403);
      assert.equal((await env.app.inject({ url: '/staff/directory', headers: { cookie: editor.cookie } })).statusCode, 200);
      assert.equal((await env.app.inject({ url: '/staff/directory/new', headers: { cookie: admin.cookie } })).statusCode, 200);
    });
  });
}
