import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { submitComment } from '../comments/comments.service.js';
import { createOffice, createTestEnv, createUser, DIALECTS, FORM, form, sessionFor, type TestEnv } from '../../test/helper.js';

for (const dialect of DIALECTS) {
  describe(`held comments in triage (${dialect})`, () => {
    let env: TestEnv;
    let officeId: string;
    before(async () => {
      env = await createTestEnv(dialect);
      officeId = await createOffice(env.ctx, 'TN', 'TN');
    });
    after(async () => env.close());

    it('shows a comment held for looking like a report to triage, audits the reading, and lets triage mark it dealt with', async () => {
      const item = await env.ctx.db.selectFrom('content_items').select(['id', 'office_id']).executeTakeFirstOrThrow();
      const held = await submitComment(env.ctx, { itemId: item.id, officeId: item.office_id, locale: 'fr', name: 'Anonyme', email: 'a@example.org', body: 'Ma sœur est enfermée chez son employeur, appelez-moi au 06 12 34 56 78' });
      assert.equal(held.held, true);
      const triage = await createUser(env.ctx, { roles: ['triage_operator'], officeId });
      const s = await sessionFor(env.ctx, triage.id);
      const list = await env.app.inject({ method: 'GET', url: '/staff/reports/comments', headers: { cookie: s.cookie } });
      assert.equal(list.statusCode, 200);
      assert.match(list.body, new RegExp(`/staff/reports/comments/${held.id}`));
      assert.doesNotMatch(list.body, /enfermée/, 'the list does not show the text');
      const one = await env.app.inject({ method: 'GET', url: `/staff/reports/comments/${held.id}`, headers: { cookie: s.cookie } });
      assert.equal(one.statusCode, 200);
      assert.match(one.body, /enfermée/);
      assert.doesNotMatch(one.body, /⟦/);
      const logged = await env.ctx.db.selectFrom('access_log').select('actor_id').where('subject_id', '=', held.id).execute();
      assert.ok(logged.some((r) => r.actor_id === triage.id));
      const version = /name="version" value="(\d+)"/.exec(one.body)?.[1] ?? '1';
      const done = await env.app.inject({ method: 'POST', url: `/staff/reports/comments/${held.id}/handled`, headers: { cookie: s.cookie, ...FORM }, payload: form({ _csrf: s.csrf, version }) });
      assert.equal(done.statusCode, 303);
      const after = await env.app.inject({ method: 'GET', url: '/staff/reports/comments', headers: { cookie: s.cookie } });
      assert.doesNotMatch(after.body, new RegExp(held.id));
    });

    it('is not open to a case worker or an analyst', async () => {
      for (const role of ['case_worker', 'analyst'] as const) {
        const u = await createUser(env.ctx, { roles: [role], officeId });
        const s = await sessionFor(env.ctx, u.id);
        const r = await env.app.inject({ method: 'GET', url: '/staff/reports/comments', headers: { cookie: s.cookie } });
        assert.equal(r.statusCode, 403);
      }
    });
  });
}
