import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createOffice, createTestEnv, createUser, DIALECTS, FORM, form, sessionFor, type Signed, type TestEnv } from '../../test/support/index.js';
import { reportInstance, screeningInstance, submissionBody, versionOf } from '../../test/support/odk.js';

for (const dialect of DIALECTS) {
  describe(`field devices and conflicts, staff pages (${dialect})`, () => {
    let env: TestEnv;
    let officeId: string;
    let otherOffice: string;
    let admin: Signed;
    let caseWorker: Signed;
    let triage: Signed;
    let otherWorker: Signed;
    before(async () => {
      env = await createTestEnv(dialect);
      officeId = await createOffice(env.ctx, 'TN', 'TN');
      otherOffice = await createOffice(env.ctx, 'CI', 'CI');
      admin = await sessionFor(env.ctx, (await createUser(env.ctx, { roles: ['administrator'], officeId: null })).id);
      caseWorker = await sessionFor(env.ctx, (await createUser(env.ctx, { roles: ['case_worker'], officeId })).id);
      triage = await sessionFor(env.ctx, (await createUser(env.ctx, { roles: ['triage_operator'], officeId })).id);
      otherWorker = await sessionFor(env.ctx, (await createUser(env.ctx, { roles: ['case_worker'], officeId: otherOffice })).id);
    });
    after(async () => env?.close());

    const post = (url: string, who: Signed, data: Record<string, string>) =>
      env.app.inject({ method: 'POST', url, headers: { ...FORM, cookie: who.cookie }, payload: form({ _csrf: who.csrf, ...data }) });
    const page = (url: string, who: Signed) => env.app.inject({ url, headers: { cookie: who.cookie } });

    let token = '';
    it('enrols a device from the page, showing its server URL once; the list never shows it again', async () => {
      const bad = await post('/staff/odk/devices', admin, { officeId, displayName: '' });
      assert.equal(bad.statusCode, 400);
      const res = await post('/staff/odk/devices', admin, { officeId, displayName: 'Outreach tablet 3', encrypted: '0' });
      assert.equal(res.statusCode, 200);
      const url = /<code[^>]*id="device-url"[^>]*>([^<]+)<\/code>/.exec(res.body)?.[1];
      assert.ok(url?.startsWith('http://localhost:3000/key/'), res.body.slice(0, 300));
      token = String(url).split('/key/')[1] as string;
      const list = await page('/staff/odk/devices', admin);
      assert.equal(list.statusCode, 200);
      assert.match(list.body, /Outreach tablet 3/);
      assert.ok(!list.body.includes(token), 'the token is shown once');
      assert.equal((await env.app.inject({ url: `/key/${token}/formList` })).statusCode, 200);
    });

    it('keeps conflicts for the people of the office who may resolve them, and applies or discards them', async () => {
      const xml = (await env.app.inject({ url: `/key/${token}/forms/abri-screening/form.xml` })).body;
      const v = versionOf(xml);
      const instanceId = `uuid:${randomUUID()}`;
      const sub = (x: string) => env.app.inject({ method: 'POST', url: `/key/${token}/submission`, ...submissionBody(x) });
      assert.equal((await sub(screeningInstance(v, instanceId))).statusCode, 201);
      assert.equal((await sub(screeningInstance(v, instanceId, { firstName: 'Fatou' }))).statusCode, 202);
      assert.equal((await sub(screeningInstance('older0000000', `uuid:${randomUUID()}`))).statusCode, 202);
      const rxml = (await env.app.inject({ url: `/key/${token}/forms/abri-report/form.xml` })).body;
      assert.equal((await sub(reportInstance('older0000000', `uuid:${randomUUID()}`))).statusCode, 202);
      void rxml;

      const mine = await page('/staff/odk/conflicts', caseWorker);
      assert.equal(mine.statusCode, 200);
      const ids = [...mine.body.matchAll(/href="\/staff\/odk\/conflicts\/([0-9a-f-]{36})"/g)].map((m) => m[1] as string);
      assert.equal(ids.length, 2, 'the case worker sees the two screening conflicts');
      const triageIds = [...(await page('/staff/odk/conflicts', triage)).body.matchAll(/href="\/staff\/odk\/conflicts\/([0-9a-f-]{36})"/g)].map(
        (m) => m[1] as string,
      );
      assert.equal(triageIds.length, 1, 'the triage operator sees the report conflict');
      assert.equal(
        [...(await page('/staff/odk/conflicts', otherWorker)).body.matchAll(/href="\/staff\/odk\/conflicts\//g)].length,
        0,
        'another office sees none',
      );
      assert.equal((await page(`/staff/odk/conflicts/${ids[0]}`, otherWorker)).statusCode, 403);

      const dup = await env.ctx.db
        .selectFrom('odk_submissions')
        .select('id')
        .where('instance_id', '=', instanceId)
        .where('status', '=', 'conflict')
        .executeTakeFirstOrThrow();
      const detail = await page(`/staff/odk/conflicts/${dup.id}`, caseWorker);
      assert.equal(detail.statusCode, 200);
      assert.match(detail.body, /Fatou/, 'the kept answers are shown');
      assert.match(detail.body, /The case it created/, 'with a link to the earlier side');

      const applied = await post(`/staff/odk/conflicts/${dup.id}`, caseWorker, { action: 'apply' });
      assert.equal(applied.statusCode, 303);
      assert.match(String(applied.headers.location), /^\/staff\/cases\//);
      const cases = await env.ctx.db.selectFrom('cases').select('id').where('office_id', '=', officeId).execute();
      assert.equal(cases.length, 2, 'both sides are now cases: neither was lost');
      assert.equal((await post(`/staff/odk/conflicts/${dup.id}`, caseWorker, { action: 'apply' })).statusCode, 404, 'resolved once');

      const report = await post(`/staff/odk/conflicts/${triageIds[0]}`, triage, { action: 'apply' });
      assert.equal(report.statusCode, 303);
      assert.match(String(report.headers.location), /^\/staff\/reports\//);

      const other = ids.find((i) => i !== dup.id) as string;
      assert.equal((await post(`/staff/odk/conflicts/${other}`, caseWorker, { action: 'discard' })).statusCode, 303);
      const row = await env.ctx.db
        .selectFrom('odk_submissions')
        .select(['status', 'resolution', 'payload_enc'])
        .where('id', '=', other)
        .executeTakeFirstOrThrow();
      assert.deepEqual(row, { status: 'resolved', resolution: 'discarded', payload_enc: null });
      const events = await env.ctx.db.selectFrom('audit_events').select('type').where('type', '=', 'odk.conflict_resolved').execute();
      assert.equal(events.length, 3);
    });

    it('revokes a device from the page, after which its token is refused at once', async () => {
      const list = await page('/staff/odk/devices', admin);
      const id = /action="\/staff\/odk\/devices\/([0-9a-f-]{36})\/revoke"/.exec(list.body)?.[1] as string;
      assert.equal((await post(`/staff/odk/devices/${id}/revoke`, caseWorker, {})).statusCode, 403);
      const res = await post(`/staff/odk/devices/${id}/revoke`, admin, {});
      assert.equal(res.statusCode, 303);
      assert.equal((await env.app.inject({ url: `/key/${token}/formList` })).statusCode, 401);
    });

    it('has its pages in all four languages', async () => {
      for (const [lang, word] of [
        ['fr', 'Appareils de terrain'],
        ['es', 'Dispositivos de campo'],
        ['ar', 'أجهزة العمل الميداني'],
        ['en', 'Field devices'],
      ] as const) {
        await env.ctx.db
          .updateTable('users')
          .set({ locale: lang })
          .where('id', 'in', env.ctx.db.selectFrom('sessions').select('user_id').where('csrf_secret', '=', admin.csrf))
          .execute();
        const res = await page('/staff/odk/devices', admin);
        assert.ok(res.body.includes(word), lang);
        assert.ok(!res.body.includes('⟦'), `${lang}: a missing message`);
      }
    });
  });
}
