import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createOffice, createTestEnv, createUser, DIALECTS, FORM, form, sessionFor, type TestEnv } from '../../test/support/index.js';
import { findByCode } from '../reports/reports.service.js';
import { submitOk, validReport } from '../../test/support/reports.js';

const CALL = {
  channel: 'hotline',
  dangerNow: 'yes',
  children: 'no',
  description: 'La personne appelle pour sa cousine, enfermée dans un appartement à Sousse et privée de son passeport.',
  exploitation: ['ForcedLabour'],
  control: ['WithholdsDocuments'],
  country: 'TN',
  place: 'Sousse',
  recent24h: 'yes',
  peopleCount: '1',
  reporterRole: 'relative',
  contactOk: 'yes',
  contactHow: 'SMS seulement, jamais d’appel',
  contactWhen: 'En semaine entre 10 h et 12 h',
  shareAssistance: 'yes',
  sharePolice: 'no',
};

for (const dialect of DIALECTS) {
  describe(`channels: reports entered by staff, channel in the queue (${dialect})`, () => {
    let env: TestEnv;
    let office: string;
    before(async () => {
      env = await createTestEnv(dialect);
      office = await createOffice(env.ctx, 'TN', 'TN');
    });
    after(async () => env.close());

    test('a hotline call: safety question first, receipt code shown once, same scoring, sealed contact way, channel in list and filter', async () => {
      const operator = await createUser(env.ctx, { roles: ['triage_operator'], officeId: office });
      const s = await sessionFor(env.ctx, operator.id);
      const formPage = await env.app.inject({ method: 'GET', url: '/staff/reports/new', headers: { cookie: s.cookie } });
      assert.equal(formPage.statusCode, 200);
      assert.doesNotMatch(formPage.body, /⟦/);
      const safety = formPage.body.indexOf('name="dangerNow"');
      assert.ok(safety > 0 && safety < formPage.body.indexOf('name="description"'), 'the danger question comes before the story');
      assert.ok(safety < formPage.body.indexOf('name="reporterRole"'));

      const bad = await env.app.inject({
        method: 'POST',
        url: '/staff/reports/new',
        headers: { ...FORM, cookie: s.cookie },
        payload: form({ ...CALL, _csrf: s.csrf, dangerNow: '', channel: 'carrier-pigeon' }),
      });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /error-summary/);
      assert.ok(bad.body.includes('Sousse'), 'what was typed is kept');
      assert.equal((await env.ctx.db.selectFrom('reports').select('id').execute()).length, 0, 'nothing half-created');

      const res = await env.app.inject({
        method: 'POST',
        url: '/staff/reports/new',
        headers: { ...FORM, cookie: s.cookie },
        payload: form({ ...CALL, _csrf: s.csrf }),
      });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['cache-control'], 'no-store');
      const code = /data-receipt-code[^>]*>([\d ]{19})</.exec(res.body)?.[1]?.replace(/ /g, '');
      assert.ok(code, 'the receipt code is shown to read back');
      const report = await findByCode(env.ctx, 'test', code);
      assert.ok(report);
      assert.equal(report.channel, 'hotline');
      assert.equal(report.office_id, office);
      assert.equal(report.priority, 'urgent', 'same scoring as the web form: danger now');
      const raw = JSON.stringify(report);
      assert.ok(!raw.includes('jamais') && !raw.includes('10 h'), 'contact way and time are sealed');
      const event = await env.ctx.db
        .selectFrom('audit_events')
        .select(['actor_id', 'data'])
        .where('type', '=', 'report.received')
        .where('subject_id', '=', report.id)
        .executeTakeFirstOrThrow();
      assert.equal(event.actor_id, operator.id);
      assert.match(String(event.data), /hotline/);

      await submitOk(env, validReport());
      const list = await env.app.inject({ method: 'GET', url: '/staff/reports', headers: { cookie: s.cookie } });
      assert.match(list.body, /Hotline call/);
      assert.match(list.body, /Web form/);
      const filtered = await env.app.inject({ method: 'GET', url: '/staff/reports?channel=hotline', headers: { cookie: s.cookie } });
      assert.ok(filtered.body.includes(report.reference));
      assert.equal((filtered.body.match(/class="reference"/g) ?? []).length, 1, 'only the hotline report');
      const detail = await env.app.inject({ method: 'GET', url: `/staff/reports/${report.id}`, headers: { cookie: s.cookie } });
      assert.ok(detail.body.includes('SMS seulement'), 'staff read the safe contact way');

      const caseWorker = await createUser(env.ctx, { roles: ['case_worker'], officeId: office });
      const cw = await sessionFor(env.ctx, caseWorker.id);
      assert.equal((await env.app.inject({ method: 'GET', url: '/staff/reports/new', headers: { cookie: cw.cookie } })).statusCode, 403);
    });
  });
}
