import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestEnv, DIALECTS, FORM, form, type TestEnv } from '../../test/support/index.js';
import { summaryBlocks } from '../cases/export-pdf.js';
import { addNote } from '../cases/notes.service.js';
import { addPlanAction } from '../plans/plans.service.js';
import * as portal from './partner-portal.service.js';
import * as staff from './referrals.service.js';
import { buildWorld, caseRow, giveSharingConsent, REFERRAL_INPUT, type World } from './world.fixture.js';

/** Issue 21, point 5: the history of a referral reads in words, says what changed, and tells each event once. */
for (const dialect of DIALECTS) {
  describe(`case history in words (${dialect})`, () => {
    let env: TestEnv;
    let w: World;
    before(async () => {
      env = await createTestEnv(dialect);
      w = await buildWorld(env);
    });
    after(async () => env.close());

    const historyPage = async (locale: string) => {
      await env.ctx.db.updateTable('users').set({ locale }).where('id', '=', w.users.supervisor.id).execute();
      const res = await env.app.inject({ method: 'GET', url: `/staff/cases/${w.caseId}/history`, headers: { cookie: w.sessions.supervisor.cookie } });
      assert.equal(res.statusCode, 200);
      // The history itself, without the case header (which names the person for those who may see names).
      return res.body.replace(/<p class="case-person">.*?<\/p>/s, '');
    };

    it('a referral refused for want of consent links to recording the consent', async () => {
      const res = await env.app.inject({
        method: 'POST',
        url: `/staff/cases/${w.caseId}/referrals`,
        headers: { ...FORM, cookie: w.sessions.worker.cookie },
        payload: form({ _csrf: w.sessions.worker.csrf, organisationId: w.clinic, service: 'medical', reason: 'AdditionalServicesRequired', fields: 'ageBand' }),
      });
      assert.ok(res.statusCode >= 400 && res.statusCode < 500, String(res.statusCode));
      assert.ok(res.body.includes(`href="/staff/cases/${w.caseId}/consent"`) && res.body.includes('id="consent-link"'));
    });

    it('names events, partners and shared fields, tells a partner service once, and shows the access log in words', async () => {
      await giveSharingConsent(env, w, w.shelter);
      const id = await staff.createReferral(env.ctx, {
        actor: w.auth.worker,
        record: await caseRow(env, w.caseId),
        input: { ...REFERRAL_INPUT, organisationId: w.shelter },
      });
      await portal.partnerTransition(env.ctx, { actor: w.auth.partnerA, referralId: id, transition: 'accept', input: { version: 1 } });
      await portal.partnerRecordService(env.ctx, {
        actor: w.auth.partnerA,
        referralId: id,
        input: { service: 'safe_accommodation', deliveredOn: '2026-11-20' },
      });
      // The record edited: the history names the fields changed, never their values.
      const record = await caseRow(env, w.caseId);
      const edit = await env.app.inject({
        method: 'POST',
        url: `/staff/cases/${w.caseId}/edit`,
        headers: { ...FORM, cookie: w.sessions.worker.cookie },
        payload: form({
          _csrf: w.sessions.worker.csrf,
          version: String(record.version),
          firstName: 'Ama',
          lastName: 'Mensah-Owusu',
          birthDate: '1999-05-01',
          gender: 'Feminine',
          citizenship: 'GH',
          languages: 'fr, tw',
          phone: '+216 20 123 456',
          address: '12 rue Secrète, Tunis',
          documentType: 'passport',
          documentNumber: 'GH1234567',
          exploitationPlace: 'Sfax',
        }),
      });
      assert.equal(edit.statusCode, 303);

      const en = await historyPage('en');
      for (const raw of ['referral.created', 'referral.transition', 'plan.service_recorded', 'case.updated', 'GET /staff/cases/:id'])
        assert.ok(!en.includes(raw), `no raw ${raw}`);
      assert.match(en, /Referral made/);
      assert.match(en, /Safe accommodation, to Shelter A TN/);
      assert.match(en, /Referral status changed/);
      assert.match(en, /Waiting for an answer → Accepted/);
      assert.match(en, /Changed: [^<]*last name/);
      assert.match(en, /place of exploitation/);
      assert.ok(!en.includes('Mensah-Owusu'), 'no personal value in the history');
      assert.equal((en.match(/Service delivered recorded|Service recorded by the partner/g) ?? []).length, 1, 'the partner service is told once');
      assert.match(en, /Viewed the history/);
      assert.match(en, /The partner read the referral|Viewed the overview|Changed the record/);
      const fr = await historyPage('fr');
      assert.match(fr, /Orientation faite/);
      assert.match(fr, /A consulté l&#39;historique|A consulté l'historique/);
      const ar = await historyPage('ar');
      assert.match(ar, /أُحيل الملف/);
      assert.doesNotMatch(ar, /⟦/);
    });

    it('prints the whole case: context, plan actions with owner and due date, referrals, services and notes (issue 21, point 7)', async () => {
      const record = await caseRow(env, w.caseId);
      await addPlanAction(env.ctx, {
        actor: w.auth.worker,
        record,
        input: {
          type: 'legal',
          description: 'Book the lawyer for the residence permit',
          ownerId: w.users.worker.id,
          dueDate: '2026-12-20',
        },
      });
      await addNote(env.ctx, { actor: w.auth.worker, record, body: 'Met at the shelter, calm and ready to talk' });
      const page = await env.app.inject({ method: 'GET', url: `/staff/cases/${w.caseId}/export`, headers: { cookie: w.sessions.worker.cookie } });
      assert.equal(page.statusCode, 200);
      assert.doesNotMatch(page.body, /⟦/);
      for (const text of ['Assistance plan', 'Book the lawyer for the residence permit', 'Legal assistance', 'Referrals to partners', 'Shelter A TN', 'Services delivered', 'Met at the shelter, calm and ready to talk', 'Trafficking context']) {
        assert.ok(page.body.includes(text), `the summary holds ${text}`);
      }
      assert.ok(page.body.includes(staff.referralReference((await env.ctx.db.selectFrom('referrals').select('id').where('case_id', '=', w.caseId).executeTakeFirstOrThrow()).id)));
      // Someone who may not read the case gets no summary at all (not found), a partner neither.
      for (const who of ['foreignSupervisor', 'partnerA'] as const) {
        const res = await env.app.inject({ method: 'GET', url: `/staff/cases/${w.caseId}/export`, headers: { cookie: w.sessions[who].cookie } });
        assert.ok([403, 404].includes(res.statusCode), `${who}: ${res.statusCode}`);
      }
      const ar = await env.app.inject({ method: 'GET', url: `/staff/cases/${w.caseId}/export`, headers: { cookie: w.sessions.supervisor.cookie } });
      assert.doesNotMatch(ar.body, /⟦/);
      // The PDF is made from the same page: the plan's actions and the referrals are in it.
      const blocks = summaryBlocks(page.body).map((b) => b.text);
      assert.ok(blocks.some((b) => b.includes('Book the lawyer for the residence permit') && b.includes('Legal assistance')));
      assert.ok(blocks.some((b) => b.includes('Shelter A TN')));
      assert.ok(!blocks.some((b) => b.includes('Download as')), 'no links or buttons in the PDF');
      const pdf = await env.app.inject({ method: 'GET', url: `/staff/cases/${w.caseId}/export.pdf`, headers: { cookie: w.sessions.worker.cookie } });
      assert.equal(pdf.statusCode, 200);
      assert.equal(pdf.headers['content-type'], 'application/pdf');
      assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
      // Issue 22: the Arabic summary is a PDF too (its fonts embedded), and the page offers it.
      assert.ok(ar.body.includes(`href="/staff/cases/${w.caseId}/export.pdf"`), 'the PDF link in Arabic');
      const arPdf = await env.app.inject({ method: 'GET', url: `/staff/cases/${w.caseId}/export.pdf`, headers: { cookie: w.sessions.supervisor.cookie } });
      assert.equal(arPdf.statusCode, 200);
      assert.equal(arPdf.headers['content-type'], 'application/pdf');
      assert.equal(arPdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
      // A character no font draws (here Chinese in a note): a clear refusal pointing to the browser's print, no 5xx.
      await addNote(env.ctx, { actor: w.auth.worker, record, body: '翻译: 她很平静' });
      const refused = await env.app.inject({ method: 'GET', url: `/staff/cases/${w.caseId}/export.pdf`, headers: { cookie: w.sessions.supervisor.cookie } });
      assert.equal(refused.statusCode, 422);
      assert.match(refused.body, /حفظ بصيغة PDF/);
    });

    it('corrects a plan action (description, owner, due date) with the change in the history; refuses a service dated in the future (point 6)', async () => {
      const record = await caseRow(env, w.caseId);
      const actionId = await addPlanAction(env.ctx, {
        actor: w.auth.worker,
        record,
        input: {
          type: 'medical',
          description: 'Dentist apointment',
          ownerId: w.users.worker.id,
          dueDate: '2026-12-10',
        },
      });
      const plan = await env.app.inject({ method: 'GET', url: `/staff/cases/${w.caseId}/plan`, headers: { cookie: w.sessions.worker.cookie } });
      assert.match(plan.body, /Correct<\/summary>/);
      const fix = await env.app.inject({
        method: 'POST',
        url: `/staff/cases/${w.caseId}/plan/actions/${actionId}`,
        headers: { ...FORM, cookie: w.sessions.worker.cookie },
        payload: form({ _csrf: w.sessions.worker.csrf, version: '1', description: 'Dentist appointment at the clinic', ownerId: w.users.worker2.id, dueDate: '2026-12-12' }),
      });
      assert.equal(fix.statusCode, 303);
      const after = await env.app.inject({ method: 'GET', url: `/staff/cases/${w.caseId}/plan`, headers: { cookie: w.sessions.worker.cookie } });
      assert.ok(after.body.includes('Dentist appointment at the clinic') && !after.body.includes('Dentist apointment'));
      const row = await env.ctx.db.selectFrom('plan_actions').select(['owner_id', 'due_date']).where('id', '=', actionId).executeTakeFirstOrThrow();
      assert.deepEqual(row, { owner_id: w.users.worker2.id, due_date: '2026-12-12' });
      const history = await env.app.inject({ method: 'GET', url: `/staff/cases/${w.caseId}/history`, headers: { cookie: w.sessions.worker.cookie } });
      assert.match(history.body, /Plan action changed<\/td><td[^>]*>Changed: [^<]*due date[^<]*/);
      assert.match(history.body, /description/);
      assert.ok(!history.body.includes('Dentist appointment at the clinic'), 'no text of the action in the history');

      // A partner's service months ahead is refused on its field, in the partner's language; nothing is recorded.
      const id = (await env.ctx.db.selectFrom('referrals').select('id').where('case_id', '=', w.caseId).where('status', '=', 'accepted').executeTakeFirstOrThrow()).id;
      const before = (await env.ctx.db.selectFrom('plan_services').select('id').where('case_id', '=', w.caseId).execute()).length;
      await env.ctx.db.updateTable('users').set({ locale: 'fr' }).where('id', '=', w.users.partnerA.id).execute();
      const a = w.sessions.partnerA;
      const future = await env.app.inject({
        method: 'POST',
        url: `/partner/referrals/${id}/services`,
        headers: { ...FORM, cookie: a.cookie },
        payload: form({ _csrf: a.csrf, service: 'safe_accommodation', deliveredOn: `${new Date().getUTCFullYear() + 1}-03-01` }),
      });
      assert.equal(future.statusCode, 400);
      assert.match(future.body, /Cette date est dans le futur/);
      assert.equal((await env.ctx.db.selectFrom('plan_services').select('id').where('case_id', '=', w.caseId).execute()).length, before);
    });
  });
}
