import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createOffice, createTestEnv, createUser, csrfFrom, DIALECTS, FORM, form, sessionFor, type TestEnv } from '../../test/helper.js';
import { runJobOnce } from '../platform/jobs/scheduler.js';
import { REPORT_RETENTION_JOB } from './reports.jobs.js';
import { followUp, submitOk, validReport } from '../../test/support/reports.js';
import { pdfWithMetadata } from '../../test/support/files.js';

for (const dialect of DIALECTS) {
  describe(`reports: triage and retention (${dialect})`, () => {
    let env: TestEnv;
    let officeTN: string;
    before(async () => {
      env = await createTestEnv(dialect);
      officeTN = await createOffice(env.ctx, 'TN', 'TN');
      await createOffice(env.ctx, 'CI', 'CI');
    });
    after(async () => env.close());

    test('triage: queue scoped to the office in SQL, priority with reasons, override with a reason (audited), related reports by blind index, open a case', async () => {
      const first = await submitOk(env, validReport({ phones: '+216 55 987 654', dangerNow: 'yes', description: 'Ils sont enfermés dans un hangar depuis hier soir.' }));
      const second = await submitOk(env, validReport({ phones: '0021655987654', names: 'Someone Else', place: 'Gabès', workplace: 'Atelier', description: 'Workers locked in a warehouse, their phone number is the same.' }));
      const elsewhere = await submitOk(env, validReport({ country: 'CI', phones: '+216 55 987 654', description: 'Same number but in the other office.' }));
      const operator = await createUser(env.ctx, { roles: ['triage_operator'], officeId: officeTN });
      const s = await sessionFor(env.ctx, operator.id);
      const headers = { ...FORM, cookie: s.cookie };

      const queue = await env.app.inject({ method: 'GET', url: '/staff/reports', headers: { cookie: s.cookie } });
      assert.equal(queue.statusCode, 200);
      assert.doesNotMatch(queue.body, /⟦/);
      assert.match(queue.body, /Urgent/);
      assert.match(queue.body, /Someone is in danger now/);
      const ciRef = (await env.ctx.db.selectFrom('reports').select('reference').where('id', '=', elsewhere.id).executeTakeFirstOrThrow()).reference;
      assert.ok(!queue.body.includes(ciRef), 'another office’s report is not listed');
      assert.equal((await env.app.inject({ method: 'GET', url: `/staff/reports/${elsewhere.id}`, headers: { cookie: s.cookie } })).statusCode, 404);
      assert.equal((await env.app.inject({ method: 'POST', url: `/staff/reports/${elsewhere.id}/messages`, headers, payload: form({ _csrf: s.csrf, body: 'hello there' }) })).statusCode, 404);

      const page = await env.app.inject({ method: 'GET', url: `/staff/reports/${first.id}`, headers: { cookie: s.cookie } });
      assert.equal(page.statusCode, 200);
      assert.doesNotMatch(page.body, /⟦/);
      const secondRef = (await env.ctx.db.selectFrom('reports').select('reference').where('id', '=', second.id).executeTakeFirstOrThrow()).reference;
      assert.ok(page.body.includes(secondRef), 'the related report is a candidate');
      assert.match(page.body, /phone number/);
      assert.ok(!page.body.includes(ciRef), 'no candidate from another office');
      const version = (await env.ctx.db.selectFrom('reports').select('version').where('id', '=', first.id).executeTakeFirstOrThrow()).version;

      const noReason = await env.app.inject({ method: 'POST', url: `/staff/reports/${first.id}/priority`, headers, payload: form({ _csrf: s.csrf, decision: 'override', level: 'medium', version: String(version) }) });
      assert.equal(noReason.statusCode, 400);
      assert.match(noReason.body, /Explain why you change the priority/);
      const override = await env.app.inject({ method: 'POST', url: `/staff/reports/${first.id}/priority`, headers, payload: form({ _csrf: s.csrf, decision: 'override', level: 'high', reason: 'Called the police already, they are on site', version: String(version) }) });
      assert.equal(override.statusCode, 303);
      const stale = await env.app.inject({ method: 'POST', url: `/staff/reports/${first.id}/priority`, headers, payload: form({ _csrf: s.csrf, decision: 'confirm', version: String(version) }) });
      assert.equal(stale.statusCode, 409);
      const events = await env.ctx.db.selectFrom('audit_events').select(['type']).where('subject_id', '=', first.id).execute();
      assert.ok(events.some((e) => e.type === 'report.priority_overridden'));
      let row = await env.ctx.db.selectFrom('reports').selectAll().where('id', '=', first.id).executeTakeFirstOrThrow();
      assert.equal(row.priority, 'urgent');
      assert.equal(row.priority_level, 'high');
      assert.equal(row.state, 'in_triage');

      const link = await env.app.inject({ method: 'POST', url: `/staff/reports/${first.id}/links`, headers, payload: form({ _csrf: s.csrf, relatedId: second.id }) });
      assert.equal(link.statusCode, 303);
      const crossLink = await env.app.inject({ method: 'POST', url: `/staff/reports/${first.id}/links`, headers, payload: form({ _csrf: s.csrf, relatedId: elsewhere.id }) });
      assert.equal(crossLink.statusCode, 404);
      assert.equal((await env.ctx.db.selectFrom('report_links').selectAll().execute()).length, 1);
      // Once the only related report is linked, the page says so instead of "no other report shares…".
      const linkedPage = await env.app.inject({ method: 'GET', url: `/staff/reports/${first.id}`, headers: { cookie: s.cookie } });
      assert.match(linkedPage.body, /Every other report that shares a phone number, name, place or workplace with this one is linked above/);
      assert.doesNotMatch(linkedPage.body, /No other report shares/);
      // Lookups hold tokens only; the same phone written two ways gave the same token.
      const tokens = await env.ctx.db.selectFrom('report_lookups').select(['report_id', 'token']).where('kind', '=', 'phone').where('report_id', 'in', [first.id, second.id]).execute();
      assert.equal(new Set(tokens.map((t) => t.token)).size, 1);

      row = await env.ctx.db.selectFrom('reports').selectAll().where('id', '=', first.id).executeTakeFirstOrThrow();
      const opened = await env.app.inject({ method: 'POST', url: `/staff/reports/${first.id}/case`, headers, payload: form({ _csrf: s.csrf, version: String(row.version) }) });
      assert.equal(opened.statusCode, 303);
      row = await env.ctx.db.selectFrom('reports').selectAll().where('id', '=', first.id).executeTakeFirstOrThrow();
      assert.equal(row.state, 'case_opened');
      const kase = await env.ctx.db.selectFrom('cases').selectAll().where('id', '=', row.case_id as string).executeTakeFirstOrThrow();
      assert.equal(kase.report_id, first.id);
      assert.equal(kase.office_id, officeTN);
      const consents = await env.ctx.db.selectFrom('consents').select(['purpose', 'given', 'origin']).where('case_id', '=', kase.id).orderBy('purpose').execute();
      // The reporter's answers are not the person's consent: none is recorded until someone records it with them.
      assert.deepEqual(consents, []);
      const again = await env.app.inject({ method: 'POST', url: `/staff/reports/${first.id}/case`, headers, payload: form({ _csrf: s.csrf, version: String(row.version) }) });
      assert.equal(again.statusCode, 422);
      const after = await env.app.inject({ method: 'GET', url: `/staff/reports/${first.id}`, headers: { cookie: s.cookie } });
      assert.match(after.body, /Case .* opened/);
      assert.ok(after.body.includes(`href="/staff/cases/${kase.id}"`), 'the report links to its case');
      assert.ok(await env.ctx.db.selectFrom('access_log').select('id').where('subject_id', '=', first.id).executeTakeFirst(), 'reading is in the access log');
    });

    test('triage routes: anonymous sent to sign-in, other roles refused, CSRF required', async () => {
      const { id } = await submitOk(env);
      const anon = await env.app.inject({ method: 'GET', url: '/staff/reports' });
      assert.equal(anon.statusCode, 303);
      const worker = await createUser(env.ctx, { roles: ['case_worker'], officeId: officeTN });
      const w = await sessionFor(env.ctx, worker.id);
      for (const url of ['/staff/reports', `/staff/reports/${id}`]) assert.equal((await env.app.inject({ method: 'GET', url, headers: { cookie: w.cookie } })).statusCode, 403);
      assert.equal((await env.app.inject({ method: 'POST', url: `/staff/reports/${id}/messages`, headers: { ...FORM, cookie: w.cookie }, payload: form({ _csrf: w.csrf, body: 'hello' }) })).statusCode, 403);
      const supervisor = await createUser(env.ctx, { roles: ['supervisor'], officeId: officeTN });
      const sup = await sessionFor(env.ctx, supervisor.id);
      assert.equal((await env.app.inject({ method: 'GET', url: `/staff/reports/${id}`, headers: { cookie: sup.cookie } })).statusCode, 200);
      assert.equal((await env.app.inject({ method: 'POST', url: `/staff/reports/${id}/messages`, headers: { ...FORM, cookie: sup.cookie }, payload: form({ body: 'no token' }) })).statusCode, 403);
      const page = await env.app.inject({ method: 'GET', url: `/staff/reports/${id}`, headers: { cookie: sup.cookie } });
      assert.ok(csrfFrom(page.body));
    });

    test('retention: reports closed without a case are deleted with their files after the period; others stay', async () => {
      const pdf = { name: 'files', filename: 'a.pdf', type: 'application/pdf', data: await pdfWithMetadata(false) };
      const old = await submitOk(env, validReport(), [pdf]);
      const recent = await submitOk(env, validReport(), [pdf]);
      const open = await submitOk(env);
      const operator = await createUser(env.ctx, { roles: ['triage_operator'], officeId: officeTN });
      const s = await sessionFor(env.ctx, operator.id);
      for (const r of [old, recent]) {
        const v = (await env.ctx.db.selectFrom('reports').select('version').where('id', '=', r.id).executeTakeFirstOrThrow()).version;
        const res = await env.app.inject({ method: 'POST', url: `/staff/reports/${r.id}/state`, headers: { ...FORM, cookie: s.cookie }, payload: form({ _csrf: s.csrf, state: 'closed', closureReason: 'not_trafficking', version: String(v) }) });
        assert.equal(res.statusCode, 303);
      }
      const longAgo = new Date(Date.now() - 91 * 86_400_000).toISOString();
      await env.ctx.db.updateTable('reports').set({ closed_at: longAgo }).where('id', '=', old.id).execute();
      const fileId = (await env.ctx.db.selectFrom('report_files').select('id').where('report_id', '=', old.id).executeTakeFirstOrThrow()).id;
      const path = join(env.config.dataDir, 'files', 'reports', officeTN, `${fileId}.enc`);
      assert.ok(existsSync(path));
      const result = await runJobOnce(env.ctx, REPORT_RETENTION_JOB);
      assert.match(String(result), /purged 1 reports, 1 files/);
      assert.equal(await env.ctx.db.selectFrom('reports').select('id').where('id', '=', old.id).executeTakeFirst(), undefined);
      assert.equal((await env.ctx.db.selectFrom('report_files').select('id').where('report_id', '=', old.id).execute()).length, 0);
      assert.ok(!existsSync(path), 'the file is gone');
      for (const keep of [recent, open]) assert.ok(await env.ctx.db.selectFrom('reports').select('id').where('id', '=', keep.id).executeTakeFirst());
      assert.equal((await followUp(env, old.code)).statusCode, 400, 'the code no longer finds anything');
      // Reports that became cases are never purged, however old.
      const cases = await env.ctx.db.selectFrom('reports').select('id').where('state', '=', 'case_opened').execute();
      for (const c of cases) await env.ctx.db.updateTable('reports').set({ closed_at: longAgo }).where('id', '=', c.id).execute();
      await runJobOnce(env.ctx, REPORT_RETENTION_JOB);
      for (const c of cases) assert.ok(await env.ctx.db.selectFrom('reports').select('id').where('id', '=', c.id).executeTakeFirst());
      assert.equal(readdirSync(join(env.config.dataDir, 'files', 'reports', officeTN)).length, 1, 'the file of the recent report stays');
    });
  });
}
