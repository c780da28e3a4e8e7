import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { contextKeyLabel, type TraffickingContext } from '../cases/index.js';
import { createOffice, createTestEnv, createUser, DIALECTS, FORM, form, sessionFor, type TestEnv } from '../../test/support/index.js';
import { submitOk, validReport } from '../../test/support/reports.js';

/** Issue 21, points 3 and 4: a case opened from a report starts with no consent and carries what the report knew. */
for (const dialect of DIALECTS) {
  describe(`reports → cases: one story (${dialect})`, () => {
    let env: TestEnv;
    let officeTN: string;
    before(async () => {
      env = await createTestEnv(dialect);
      officeTN = await createOffice(env.ctx, 'TN', 'TN');
    });
    after(async () => env.close());

    const version = async (id: string) => (await env.ctx.db.selectFrom('reports').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;

    test("a witness's report opens a case with no consent, its recruitment, control, exploitation and places, and the chosen case worker", async () => {
      const report = await submitOk(env, validReport({ reporterRole: 'witness', contactOk: 'yes', shareAssistance: 'yes', sharePolice: 'yes' }));
      const operator = await createUser(env.ctx, { roles: ['triage_operator'], officeId: officeTN });
      const worker = await createUser(env.ctx, { roles: ['case_worker'], officeId: officeTN });
      await env.ctx.db.updateTable('users').set({ display_name: 'Leila Worker' }).where('id', '=', worker.id).execute();
      const s = await sessionFor(env.ctx, operator.id);
      const page = await env.app.inject({ method: 'GET', url: `/staff/reports/${report.id}`, headers: { cookie: s.cookie } });
      assert.match(page.body, /Leila Worker/, 'the operator picks the case worker');
      assert.doesNotMatch(page.body, /carries over the reporter's consent/);

      const opened = await env.app.inject({
        method: 'POST',
        url: `/staff/reports/${report.id}/case`,
        headers: { ...FORM, cookie: s.cookie },
        payload: form({ _csrf: s.csrf, version: String(await version(report.id)), ownerId: worker.id }),
      });
      assert.equal(opened.statusCode, 303);
      const row = await env.ctx.db.selectFrom('reports').selectAll().where('id', '=', report.id).executeTakeFirstOrThrow();
      const kase = await env.ctx.db
        .selectFrom('cases')
        .selectAll()
        .where('id', '=', row.case_id as string)
        .executeTakeFirstOrThrow();
      assert.equal(kase.owner_id, worker.id);
      assert.equal(
        (await env.ctx.db.selectFrom('consents').select('id').where('case_id', '=', kase.id).execute()).length,
        0,
        'no consent in the person’s name',
      );
      const context = await env.ctx.keys.decrypt<TraffickingContext>(kase.context_enc as string, contextKeyLabel(kase.id));
      assert.equal(context.recruitmentMethod, 'ThroughOnlineSocialNetworks');
      assert.deepEqual(context.methodsOfControl, ['WithholdsDocuments', 'DebtBondage']);
      assert.deepEqual(context.exploitationTypes, ['ForcedLabour']);
      assert.equal(context.exploitationPlace, 'Ferme des Oliviers, Sfax');

      // The case worker sees the context and where the case came from (the reference; no link, they do not triage).
      const w = await sessionFor(env.ctx, worker.id);
      const overview = await env.app.inject({ method: 'GET', url: `/staff/cases/${kase.id}`, headers: { cookie: w.cookie } });
      assert.equal(overview.statusCode, 200);
      assert.match(overview.body, /Debt bondage/i);
      assert.match(overview.body, /Ferme des Oliviers, Sfax/);
      assert.ok(overview.body.includes(row.reference), 'the case names its report');
      assert.ok(!overview.body.includes(`href="/staff/reports/${report.id}"`), 'no link where the reader cannot follow it');
      const consentPage = await env.app.inject({ method: 'GET', url: `/staff/cases/${kase.id}/consent`, headers: { cookie: w.cookie } });
      assert.doesNotMatch(consentPage.body, /Triage|triage operator/i);
      // A supervisor (who triages too) follows the link to the report; the report links back to the case.
      const supervisor = await createUser(env.ctx, { roles: ['supervisor'], officeId: officeTN });
      const sup = await sessionFor(env.ctx, supervisor.id);
      const supView = await env.app.inject({ method: 'GET', url: `/staff/cases/${kase.id}`, headers: { cookie: sup.cookie } });
      assert.ok(supView.body.includes(`href="/staff/reports/${report.id}"`));
      const reportPage = await env.app.inject({ method: 'GET', url: `/staff/reports/${report.id}`, headers: { cookie: s.cookie } });
      assert.ok(reportPage.body.includes(`href="/staff/cases/${kase.id}"`), 'the "case opened" line is a link');
      // Assigning with nothing chosen: a message on the field, nothing changed.
      const assign = await env.app.inject({
        method: 'POST',
        url: `/staff/cases/${kase.id}/assign`,
        headers: { ...FORM, cookie: sup.cookie },
        payload: form({ _csrf: sup.csrf, ownerId: '', version: String(kase.version) }),
      });
      assert.equal(assign.statusCode, 400);
      const assignForm = assign.body.slice(assign.body.indexOf('id="assign-form"'));
      assert.match(assignForm.slice(0, assignForm.indexOf('</form>')), /field-has-error/);
      // The reports list names the language of the text, never its code.
      const closedList = await env.app.inject({ method: 'GET', url: '/staff/reports?view=closed', headers: { cookie: s.cookie } });
      const lang = (await env.ctx.db.selectFrom('reports').select('language').where('id', '=', report.id).executeTakeFirstOrThrow()).language;
      assert.equal(lang, 'fr');
      assert.match(closedList.body, /<td[^>]*>French<\/td>/);
      assert.doesNotMatch(closedList.body, /<td[^>]*>fr<\/td>/);
    });

    test('one report about several people opens several cases linked as a group; a linked report joins an existing case', async () => {
      const operator = await createUser(env.ctx, { roles: ['supervisor'], officeId: officeTN });
      const s = await sessionFor(env.ctx, operator.id);
      const headers = { ...FORM, cookie: s.cookie };
      const first = await submitOk(env, validReport({ phones: '+216 55 111 222' }));
      const second = await submitOk(env, validReport({ phones: '+216 55 111 222', names: 'Autre Nom' }));
      const opened = await env.app.inject({
        method: 'POST',
        url: `/staff/reports/${first.id}/case`,
        headers,
        payload: form({ _csrf: s.csrf, version: String(await version(first.id)), people: '3' }),
      });
      assert.equal(opened.statusCode, 303);
      const links = await env.ctx.db.selectFrom('case_reports').select(['case_id', 'kind']).where('report_id', '=', first.id).execute();
      assert.equal(links.length, 3);
      const [a, b, c] = links.map((l) => l.case_id) as [string, string, string];
      const numbers = await env.ctx.db.selectFrom('cases').select(['id', 'case_number']).where('id', 'in', [b, c]).execute();
      const aPage = await env.app.inject({ method: 'GET', url: `/staff/cases/${a}`, headers: { cookie: s.cookie } });
      for (const n of numbers) assert.ok(aPage.body.includes(`href="/staff/cases/${n.id}"`), `${n.case_number} is in the group`);

      // Link the second report to the first; it can then join one of its cases rather than open another.
      assert.equal(
        (await env.app.inject({ method: 'POST', url: `/staff/reports/${second.id}/links`, headers, payload: form({ _csrf: s.csrf, relatedId: first.id }) }))
          .statusCode,
        303,
      );
      const secondPage = await env.app.inject({ method: 'GET', url: `/staff/reports/${second.id}`, headers: { cookie: s.cookie } });
      assert.match(secondPage.body, /Add to an existing case/);
      const nothing = await env.app.inject({
        method: 'POST',
        url: `/staff/reports/${second.id}/attach`,
        headers,
        payload: form({ _csrf: s.csrf, version: String(await version(second.id)) }),
      });
      assert.equal(nothing.statusCode, 400);
      assert.match(nothing.body, /field-has-error/);
      const stranger = await env.app.inject({
        method: 'POST',
        url: `/staff/reports/${second.id}/attach`,
        headers,
        payload: form({ _csrf: s.csrf, caseId: '0190a0a0-0000-7000-8000-000000000000', version: String(await version(second.id)) }),
      });
      assert.equal(stranger.statusCode, 400);
      assert.match(stranger.body, /Choose one of the cases of a linked report/);
      const attached = await env.app.inject({
        method: 'POST',
        url: `/staff/reports/${second.id}/attach`,
        headers,
        payload: form({ _csrf: s.csrf, caseId: a, version: String(await version(second.id)) }),
      });
      assert.equal(attached.statusCode, 303);
      const row = await env.ctx.db.selectFrom('reports').select(['state', 'case_id']).where('id', '=', second.id).executeTakeFirstOrThrow();
      assert.deepEqual(row, { state: 'case_opened', case_id: a });
      const aAfter = await env.app.inject({ method: 'GET', url: `/staff/cases/${a}`, headers: { cookie: s.cookie } });
      assert.ok(aAfter.body.includes(`href="/staff/reports/${second.id}"`), 'the case lists the attached report');
      const events = await env.ctx.db.selectFrom('audit_events').select('type').where('subject_id', '=', a).execute();
      assert.ok(events.some((e) => e.type === 'case.report_attached'));
    });

    test('bad choices are refused with a localised message and nothing is created', async () => {
      const report = await submitOk(env, validReport());
      const other = await createOffice(env.ctx, 'SN', 'SN');
      const outsider = await createUser(env.ctx, { roles: ['case_worker'], officeId: other });
      const operator = await createUser(env.ctx, { roles: ['triage_operator'], officeId: officeTN, locale: 'fr' });
      const s = await sessionFor(env.ctx, operator.id);
      const headers = { ...FORM, cookie: s.cookie };
      const before = (await env.ctx.db.selectFrom('cases').select('id').execute()).length;
      const wrongOwner = await env.app.inject({
        method: 'POST',
        url: `/staff/reports/${report.id}/case`,
        headers,
        payload: form({ _csrf: s.csrf, version: String(await version(report.id)), ownerId: outsider.id }),
      });
      assert.equal(wrongOwner.statusCode, 400);
      assert.match(wrongOwner.body, /Choisissez un travailleur social de ce bureau/);
      const tooMany = await env.app.inject({
        method: 'POST',
        url: `/staff/reports/${report.id}/case`,
        headers,
        payload: form({ _csrf: s.csrf, version: String(await version(report.id)), people: '500' }),
      });
      assert.equal(tooMany.statusCode, 400);
      assert.doesNotMatch(tooMany.body, /⟦/);
      assert.equal((await env.ctx.db.selectFrom('cases').select('id').execute()).length, before);
    });
  });
}
