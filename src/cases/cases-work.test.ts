import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createOffice, createOrganisation, createTestEnv, DIALECTS, FORM, form, type TestEnv } from '../../test/helper.js';
import { assertDurableSolutionAllowed, childGates } from './children.js';
import { caseRow, newCase, staff } from '../../test/support/cases.js';

type Who = Awaited<ReturnType<typeof staff>>;

function post(env: TestEnv, who: Who, url: string, data: Record<string, string | string[]>) {
  return env.app.inject({ method: 'POST', url, headers: { cookie: who.cookie, ...FORM }, payload: form({ _csrf: who.csrf, ...data }) });
}
function api(env: TestEnv, who: Who, method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown) {
  return env.app.inject({ method, url, headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { payload: JSON.stringify(body) } : {}) });
}

const SCREENING = {
  exploitation: 'labour',
  acts: ['recruitment', 'transportation'],
  means: ['deception'],
  purposes: ['forced_labour'],
  indicators: ['deceptive-recruitment:deceived-job-nature', 'deceptive-recruitment:deceived-wages', 'exploitative-conditions:excessive-hours', 'exploitative-conditions:low-or-no-pay', 'coercion-at-destination:document-confiscation', 'coercion-at-destination:debt-bondage'],
};

for (const dialect of DIALECTS) {
  describe(`case work: consent, screening, decisions, children, closure (${dialect})`, () => {
    let env: TestEnv;
    let officeId: string;
    let otherOfficeId: string;
    let worker: Who;
    let sup: Who;
    before(async () => {
      env = await createTestEnv(dialect);
      officeId = await createOffice(env.ctx, 'TN', 'TN');
      otherOfficeId = await createOffice(env.ctx, 'CI', 'CI');
      worker = await staff(env, 'case_worker', officeId);
      sup = await staff(env, 'supervisor', officeId);
    });
    after(async () => env.close());

    it('renders every case page in all four languages with no missing text, for an adult and a child', async () => {
      const adult = await newCase(env, worker.id, { officeId, identity: { firstName: 'Ama', lastName: 'Mensah' } });
      const child = await newCase(env, worker.id, { officeId, mayBeChild: true, identity: { firstName: 'Issa', estimatedAge: 15 } });
      await post(env, worker, `/staff/cases/${child.id}/child/guardians`, { kind: 'social_welfare', name: 'Delegate', appointedOn: '2026-11-01' });
      await post(env, worker, `/staff/cases/${child.id}/child/bids`, { question: 'durable_solution', decision: 'return', panel: 'Social worker\nPsychologist', rationale: 'Family traced and willing', decidedOn: '2026-11-02' });
      await post(env, worker, `/staff/cases/${adult.id}/notes`, { body: 'First contact at the clinic' });
      await post(env, worker, `/staff/cases/${adult.id}/reminders`, { dueOn: '2026-12-01', kind: 'follow_up', text: 'Call back' });
      const tabs = ['', '/edit', '/consent', '/screening', '/assessments', '/notes', '/files', '/history', '/close', '/export', '/reminders/new'];
      for (const locale of ['en', 'fr', 'es', 'ar']) {
        for (const who of [worker, sup]) {
          await env.ctx.db.updateTable('users').set({ locale }).where('id', '=', who.id).execute();
          for (const c of [adult, child]) {
            for (const tab of [...tabs, ...(c === child ? ['/child'] : [])]) {
              const url = `/staff/cases/${c.id}${tab}`;
              const res = await env.app.inject({ method: 'GET', url, headers: { cookie: who.cookie } });
              assert.equal(res.statusCode, 200, `${url} (${locale})`);
              assert.deepEqual(res.body.match(/⟦[^⟧]+⟧/g) ?? [], [], `${url} (${locale})`);
            }
          }
        }
      }
      await env.ctx.db.updateTable('users').set({ locale: 'en' }).where('id', 'in', [worker.id, sup.id]).execute();
    });

    it('refuses screening without consent on the server (page and API), then shows the outcome with its reasons', async () => {
      const c = await newCase(env, worker.id, { officeId });
      const page = await post(env, worker, `/staff/cases/${c.id}/screening`, SCREENING);
      assert.equal(page.statusCode, 422);
      assert.ok(page.body.includes('not given consent to screening'));
      const viaApi = await api(env, worker, 'POST', `/api/v1/cases/${c.id}/screenings`, SCREENING);
      assert.equal(viaApi.statusCode, 422);
      assert.equal(viaApi.json().error.code, 'CONSENT_REQUIRED');
      assert.equal(Number((await env.ctx.db.selectFrom('case_screenings').select((eb) => eb.fn.countAll().as('n')).where('case_id', '=', c.id).executeTakeFirst())?.n), 0);
      // A case worker cannot override; a supervisor can, with a reason, and it is audited.
      const override = await api(env, worker, 'POST', `/api/v1/cases/${c.id}/screenings`, { ...SCREENING, overrideReason: 'Urgent identification for protection' });
      assert.equal(override.statusCode, 403);
      const consent = await post(env, worker, `/staff/cases/${c.id}/consent`, { purpose: 'screening', given: 'yes', language: 'fr', interpreter: 'no', explained: ['purpose', 'uses', 'withdrawal'] });
      assert.equal(consent.statusCode, 303);
      const ok = await post(env, worker, `/staff/cases/${c.id}/screening`, SCREENING);
      assert.equal(ok.statusCode, 303);
      // The screening's answers fill the case's trafficking context: entered once (issue 21).
      const overview = await env.app.inject({ method: 'GET', url: `/staff/cases/${c.id}`, headers: { cookie: worker.cookie } });
      const context = overview.body.slice(overview.body.indexOf('id="context-title"'));
      for (const label of ['Forced labour', 'False promises', 'Excessive working hours', 'Keeps identity documents', 'Debt bondage']) assert.ok(context.includes(label), label);
      const view = await env.app.inject({ method: 'GET', url: `/staff/cases/${c.id}/screening`, headers: { cookie: worker.cookie } });
      assert.ok(view.body.includes('strong indication of trafficking'));
      assert.ok(view.body.includes('Deceptive recruitment: positive (1 strong, 1 medium, 0 weak)'));
      assert.ok(view.body.includes('not a legal decision'));
      const viaApi2 = await api(env, worker, 'POST', `/api/v1/cases/${c.id}/screenings`, SCREENING);
      assert.equal(viaApi2.statusCode, 201);
      assert.equal(viaApi2.json().outcome, 'strong_indication');
      assert.ok(viaApi2.json().reasons.some((r: { code: string }) => r.code === 'iloAdultMet'));
      // Withdrawal closes the gate again.
      const consentRow = await env.ctx.db.selectFrom('consents').select('id').where('case_id', '=', c.id).executeTakeFirstOrThrow();
      assert.equal((await post(env, worker, `/staff/cases/${c.id}/consent/${consentRow.id}/withdraw`, {})).statusCode, 303);
      assert.equal((await api(env, worker, 'POST', `/api/v1/cases/${c.id}/screenings`, SCREENING)).statusCode, 422);
      const supOverride = await api(env, sup, 'POST', `/api/v1/cases/${c.id}/screenings`, { ...SCREENING, overrideReason: 'Urgent identification for protection' });
      assert.equal(supOverride.statusCode, 201);
      const events = await env.ctx.db.selectFrom('audit_events').select(['type', 'actor_id']).where('subject_id', '=', c.id).execute();
      assert.ok(events.some((e) => e.type === 'consent.overridden' && e.actor_id === sup.id));
    });

    it("for a child, a yes to consent needs the child's assent and the guardian's consent", async () => {
      const c = await newCase(env, worker.id, { officeId, mayBeChild: true });
      const noAssent = await post(env, worker, `/staff/cases/${c.id}/consent`, { purpose: 'screening', given: 'yes', guardianConsent: 'yes' });
      assert.equal(noAssent.statusCode, 400);
      assert.ok(noAssent.body.includes('child&#39;s own assent') || noAssent.body.includes("child's own assent"));
      const ok = await post(env, worker, `/staff/cases/${c.id}/consent`, { purpose: 'screening', given: 'yes', guardianConsent: 'yes', childAssent: 'yes' });
      assert.equal(ok.statusCode, 303);
      const sharing = await api(env, worker, 'POST', `/api/v1/cases/${c.id}/consents`, { purpose: 'sharing', given: 'yes', explained: [], childAssent: 'yes', guardianConsent: 'yes' });
      assert.equal(sharing.statusCode, 400, 'sharing needs a named partner');
    });

    it('lets only a supervisor decide the trafficking status, and records the deciding organisation', async () => {
      const c = await newCase(env, worker.id, { officeId });
      const byWorker = await post(env, worker, `/staff/cases/${c.id}/status`, { status: 'ActualVictimOfTrafficking', decisionOrg: 'NGO', version: '1' });
      assert.equal(byWorker.statusCode, 403);
      const viaApi = await api(env, worker, 'POST', `/api/v1/cases/${c.id}/status`, { status: 'ActualVictimOfTrafficking', decisionOrg: 'NGO', version: 1 });
      assert.equal(viaApi.statusCode, 403);
      // Nothing is preselected and a reason is required (issue 21): a bare submit records nothing.
      const form = await env.app.inject({ method: 'GET', url: `/staff/cases/${c.id}/screening`, headers: { cookie: sup.cookie } });
      const decisionForm = form.body.slice(form.body.indexOf('id="status-form"'));
      assert.doesNotMatch(decisionForm.slice(0, decisionForm.indexOf('</form>')), / selected/);
      const bare = await post(env, sup, `/staff/cases/${c.id}/status`, { version: '1' });
      assert.equal(bare.statusCode, 400);
      const noReason = await post(env, sup, `/staff/cases/${c.id}/status`, { status: 'ActualVictimOfTrafficking', decisionOrg: 'CourtOrProsecution', version: '1' });
      assert.equal(noReason.statusCode, 400);
      assert.equal((await caseRow(env, c.id)).vic_trafficking_status, null);
      const res = await post(env, sup, `/staff/cases/${c.id}/status`, { status: 'ActualVictimOfTrafficking', decisionOrg: 'CourtOrProsecution', reason: 'Court ruling of 2 December', version: '1' });
      assert.equal(res.statusCode, 303);
      const second = await post(env, sup, `/staff/cases/${c.id}/status`, { status: 'PossibleVictimOfTrafficking', decisionOrg: 'Police', reason: 'Appeal pending', version: String((await caseRow(env, c.id)).version) });
      assert.equal(second.statusCode, 303);
      const history = await env.app.inject({ method: 'GET', url: `/staff/cases/${c.id}/history`, headers: { cookie: sup.cookie } });
      assert.match(history.body, /Victim of trafficking → Possible victim of trafficking/, 'the history says the status before and after');
      const row = await caseRow(env, c.id);
      assert.equal(row.vic_trafficking_status, 'PossibleVictimOfTrafficking');
      assert.equal(row.vic_status_decision_org, 'Police');
      assert.equal(row.vic_status_decided_by, sup.id);
    });

    it('refuses the second of two concurrent edits with a clear message (no lost update)', async () => {
      const c = await newCase(env, worker.id, { officeId, identity: { firstName: 'Before' } });
      const [a, b] = await Promise.all([
        post(env, worker, `/staff/cases/${c.id}/edit`, { version: '1', firstName: 'Edit A', methodsOfControl: [], exploitationTypes: [] }),
        post(env, sup, `/staff/cases/${c.id}/edit`, { version: '1', firstName: 'Edit B', methodsOfControl: [], exploitationTypes: [] }),
      ]);
      const codes = [a.statusCode, b.statusCode].sort();
      assert.deepEqual(codes, [303, 409]);
      const refused = a.statusCode === 409 ? a : b;
      assert.ok(refused.body.includes('Someone else saved this record'));
      // What the loser typed is kept in the form, and the newer saved value is shown beside it.
      const mine = refused === a ? 'Edit A' : 'Edit B';
      const theirs = refused === a ? 'Edit B' : 'Edit A';
      assert.match(refused.body, new RegExp(`name="firstName"[^>]*value="${mine}"`));
      const box = refused.body.slice(refused.body.indexOf('id="changed-meanwhile"'), refused.body.indexOf('id="edit-form"'));
      assert.ok(box.length > 0, 'the changed-meanwhile box comes before the form');
      assert.match(box, new RegExp(`<td dir="auto">${theirs}</td><td dir="auto">${mine}</td>`));
      assert.doesNotMatch(box, /Exploitation/i, 'only the fields that differ are listed');
      assert.match(refused.body, /name="version" value="2"/, 'saving again is against the newer version');
      const row = await caseRow(env, c.id);
      assert.equal(row.version, 2);
      const viaApi = await api(env, worker, 'PATCH', `/api/v1/cases/${c.id}`, { version: 1, firstName: 'Stale', methodsOfControl: [], exploitationTypes: [] });
      assert.equal(viaApi.statusCode, 409);
      assert.equal(viaApi.json().error.code, 'STALE_VERSION');
      const fresh = await api(env, worker, 'PATCH', `/api/v1/cases/${c.id}`, { version: 2, firstName: 'Fresh', methodsOfControl: ['DebtBondage'], exploitationTypes: ['ForcedLabour'] });
      assert.equal(fresh.statusCode, 200);
      assert.equal(fresh.json().case.version, 3);
    });

    it("duplicate check: a readable match is a candidate; another office's match says only which office to contact", async () => {
      const foreignWorker = await staff(env, 'case_worker', otherOfficeId);
      const theirs = await newCase(env, foreignWorker.id, { officeId: otherOfficeId, identity: { firstName: 'Fatou', lastName: 'Diallo', birthDate: '2001-03-04' }, contact: { phones: ['+225 07 11 22 33 44'] } });
      const mine = await newCase(env, worker.id, { officeId, identity: { firstName: 'Awa', lastName: 'Sow' }, contact: { phones: ['+216 98 765 432'] } });
      const res = await api(env, worker, 'POST', '/api/v1/cases/duplicates', { firstName: 'fatou', lastName: 'DIALLO', birthDate: '2001-03-04', phone: '0711223344' });
      assert.equal(res.statusCode, 200);
      const body = res.json();
      assert.deepEqual(body.candidates, []);
      assert.equal(body.elsewhere.length, 1);
      assert.deepEqual(Object.keys(body.elsewhere[0]).sort(), ['message', 'office']);
      const text = JSON.stringify(body);
      assert.ok(!text.includes(theirs.caseNumber) && !text.includes(theirs.id) && !text.includes('Fatou'));
      const own = await api(env, worker, 'POST', '/api/v1/cases/duplicates', { firstName: 'Awa', lastName: 'Sow', phone: '98 765 432' });
      assert.equal(own.json().candidates[0].caseNumber, mine.caseNumber);
      const page = await post(env, worker, '/staff/cases/new', { source: 'self', firstName: 'Fatou', lastName: 'Diallo', birthDate: '2001-03-04' });
      assert.ok(page.body.includes('A possible match exists in another office'));
      assert.ok(!page.body.includes(theirs.caseNumber));
      // Search by blind index finds my case, never theirs.
      const search = await env.app.inject({ method: 'GET', url: '/staff/cases?name=Sow%20Awa', headers: { cookie: worker.cookie } });
      assert.ok(search.body.includes(mine.caseNumber));
      const byNumber = await env.app.inject({ method: 'GET', url: `/staff/cases?number=${theirs.caseNumber}`, headers: { cookie: worker.cookie } });
      assert.ok(byNumber.body.includes('No cases match.'));
    });

    it('blocks a durable solution for a child until a guardian, an approved determination and a family assessment (page, API, service)', async () => {
      const c = await newCase(env, worker.id, { officeId, mayBeChild: true });
      const version = async () => String((await caseRow(env, c.id)).version);
      let res = await post(env, worker, `/staff/cases/${c.id}/stage`, { stage: 'solution', version: await version() });
      assert.equal(res.statusCode, 422);
      assert.ok(res.body.includes('needs a guardian'));
      assert.equal((await api(env, worker, 'POST', `/api/v1/cases/${c.id}/stage`, { stage: 'solution', version: Number(await version()) })).json().error.code, 'CHILD_GUARDIAN_REQUIRED');
      await post(env, worker, `/staff/cases/${c.id}/child/guardians`, { kind: 'legal_guardian', name: 'Mme Ben Salah', appointedOn: '2026-11-01' });
      res = await post(env, worker, `/staff/cases/${c.id}/stage`, { stage: 'solution', version: await version() });
      assert.ok(res.body.includes('approved best-interests determination'));
      const panelOfOne = await post(env, worker, `/staff/cases/${c.id}/child/bids`, { question: 'durable_solution', decision: 'return', panel: 'Only me', rationale: 'x', decidedOn: '2026-11-02' });
      assert.equal(panelOfOne.statusCode, 422);
      await post(env, worker, `/staff/cases/${c.id}/child/bids`, { question: 'durable_solution', decision: 'return', panel: 'Social worker\nPsychologist\nGuardian', rationale: 'Mother traced, home visit positive', decidedOn: '2026-11-02' });
      const bid = await env.ctx.db.selectFrom('case_best_interests_determinations').selectAll().where('case_id', '=', c.id).executeTakeFirstOrThrow();
      assert.equal((await post(env, worker, `/staff/cases/${c.id}/child/bids/${bid.id}/review`, { decision: 'approve', version: '1' })).statusCode, 403);
      assert.equal((await childGates(env.ctx.db, c.id)).bidApproved, false);
      assert.equal((await post(env, sup, `/staff/cases/${c.id}/child/bids/${bid.id}/review`, { decision: 'approve', version: '1' })).statusCode, 303);
      await assert.rejects(assertDurableSolutionAllowed(env.ctx.db, await caseRow(env, c.id)), { code: 'CHILD_FAMILY_ASSESSMENT_REQUIRED' });
      await post(env, worker, `/staff/cases/${c.id}/child/family`, { familyOn: '2026-11-03', familyAgrees: 'yes', familyAble: 'yes', outcome: 'positive' });
      assert.deepEqual(await childGates(env.ctx.db, c.id), { isChild: true, hasGuardian: true, bidApproved: true, familyAssessed: true });
      res = await post(env, worker, `/staff/cases/${c.id}/stage`, { stage: 'solution', version: await version() });
      assert.equal(res.statusCode, 303);
      assert.equal((await caseRow(env, c.id)).stage, 'solution');
      // Adults are not gated.
      const adult = await newCase(env, worker.id, { officeId });
      await assertDurableSolutionAllowed(env.ctx.db, await caseRow(env, adult.id));
    });

    it('refuses the assistance step without consent to assistance, on the page and through the API', async () => {
      const c = await newCase(env, worker.id, { officeId });
      const version = async () => (await caseRow(env, c.id)).version;
      const page = await post(env, worker, `/staff/cases/${c.id}/stage`, { stage: 'assistance', version: String(await version()) });
      assert.equal(page.statusCode, 422);
      assert.ok(page.body.includes('not given consent to assistance'));
      const viaApi = await api(env, worker, 'POST', `/api/v1/cases/${c.id}/stage`, { stage: 'plan', version: await version() });
      assert.equal(viaApi.json().error.code, 'CONSENT_REQUIRED');
      assert.equal((await api(env, worker, 'POST', `/api/v1/cases/${c.id}/stage`, { stage: 'plan', version: await version(), overrideReason: 'Person unconscious, needs care now' })).statusCode, 403);
      assert.equal((await api(env, sup, 'POST', `/api/v1/cases/${c.id}/stage`, { stage: 'plan', version: await version(), overrideReason: 'Person unconscious, needs care now' })).statusCode, 200);
      assert.equal((await api(env, worker, 'POST', `/api/v1/cases/${c.id}/consents`, { purpose: 'assistance', given: 'yes', explained: ['purpose'] })).statusCode, 201);
      assert.equal((await post(env, worker, `/staff/cases/${c.id}/stage`, { stage: 'assistance', version: String(await version()) })).statusCode, 303);
      assert.equal((await caseRow(env, c.id)).stage, 'assistance');
    });

    it('runs the child safeguards through the API, with the same rules', async () => {
      const c = await newCase(env, worker.id, { officeId, mayBeChild: true });
      assert.equal((await api(env, worker, 'POST', `/api/v1/cases/${c.id}/child/guardians`, { kind: 'parent', name: 'Mother', appointedOn: '2026-11-01' })).statusCode, 201);
      assert.equal((await api(env, worker, 'POST', `/api/v1/cases/${c.id}/child/bia`, { biaOn: '2026-11-02', childHeard: 'yes', summary: 'Wants to go home' })).statusCode, 201);
      const bid = await api(env, worker, 'POST', `/api/v1/cases/${c.id}/child/bids`, { question: 'durable_solution', decision: 'return', panel: 'Social worker, Psychologist', rationale: 'Safe home', decidedOn: '2026-11-03' });
      assert.equal(bid.statusCode, 201);
      assert.equal((await api(env, worker, 'POST', `/api/v1/cases/${c.id}/child/bids/${bid.json().id}/review`, { decision: 'approve', version: 1 })).statusCode, 403);
      const reviewed = await api(env, sup, 'POST', `/api/v1/cases/${c.id}/child/bids/${bid.json().id}/review`, { decision: 'approve', version: 1 });
      assert.equal(reviewed.json().gates.bidApproved, true);
      assert.equal((await api(env, worker, 'POST', `/api/v1/cases/${c.id}/child/family`, { familyOn: '2026-11-04', familyAgrees: 'yes', familyAble: 'unknown', outcome: 'inconclusive' })).statusCode, 201);
      const child = await api(env, worker, 'GET', `/api/v1/cases/${c.id}/child`);
      assert.deepEqual(child.json().gates, { isChild: true, hasGuardian: true, bidApproved: true, familyAssessed: true });
      assert.equal(child.json().bestInterestsAssessments[0].summary, 'Wants to go home');
    });

    it('presumes minority in doubt, and keeps the lower bound of an assessed age', async () => {
      const c = await newCase(env, worker.id, { officeId, identity: { firstName: 'Y' } });
      let row = await caseRow(env, c.id);
      assert.equal(row.is_child, 0);
      await post(env, worker, `/staff/cases/${c.id}/child/age`, { ageStatus: 'claimed', estimatedAge: '19', doubt: 'yes', version: String(row.version) });
      row = await caseRow(env, c.id);
      assert.equal(row.is_child, 1);
      assert.equal(row.age_status, 'presumed_minor');
      await post(env, worker, `/staff/cases/${c.id}/child/age`, { ageStatus: 'assessed', estimatedAge: '17', version: String(row.version) });
      row = await caseRow(env, c.id);
      assert.equal(row.is_child, 1);
      await post(env, worker, `/staff/cases/${c.id}/child/age`, { ageStatus: 'documented', birthDate: '1990-01-01', version: String(row.version) });
      assert.equal((await caseRow(env, c.id)).is_child, 0);
    });

    it('refuses closure while a required action is open, closes with a reason, and only a supervisor reopens (audited)', async () => {
      const c = await newCase(env, worker.id, { officeId });
      await post(env, worker, `/staff/cases/${c.id}/reminders`, { dueOn: '2026-12-01', kind: 'document', required: 'yes', text: 'Get the birth certificate' });
      let row = await caseRow(env, c.id);
      assert.equal(row.next_due_on, '2026-12-01');
      let res = await post(env, worker, `/staff/cases/${c.id}/close`, { reason: 'support_period_ended', version: String(row.version) });
      assert.equal(res.statusCode, 422);
      assert.ok(res.body.includes('1 required action not done'));
      const viaApi = await api(env, worker, 'POST', `/api/v1/cases/${c.id}/close`, { reason: 'support_period_ended', version: row.version });
      assert.equal(viaApi.json().error.code, 'CLOSURE_BLOCKED');
      const reminder = await env.ctx.db.selectFrom('case_reminders').selectAll().where('case_id', '=', c.id).executeTakeFirstOrThrow();
      assert.equal((await post(env, worker, `/staff/cases/${c.id}/reminders/${reminder.id}/done`, { version: '1' })).statusCode, 303);
      row = await caseRow(env, c.id);
      assert.equal(row.next_due_on, null);
      res = await post(env, worker, `/staff/cases/${c.id}/close`, { reason: 'referred_elsewhere', note: 'Moved to Sfax', version: String(row.version) });
      assert.equal(res.statusCode, 303);
      row = await caseRow(env, c.id);
      assert.equal(row.cas_status, 'ClosedReferred');
      assert.equal(row.cas_reason_for_case_closure, 'referred_elsewhere');
      assert.equal((await post(env, worker, `/staff/cases/${c.id}/reopen`, { reason: 'Person came back asking for help', version: String(row.version) })).statusCode, 403);
      assert.equal((await post(env, sup, `/staff/cases/${c.id}/reopen`, { reason: 'short', version: String(row.version) })).statusCode, 400);
      assert.equal((await post(env, sup, `/staff/cases/${c.id}/reopen`, { reason: 'Person came back asking for help', version: String(row.version) })).statusCode, 303);
      assert.equal((await caseRow(env, c.id)).cas_status, 'Active');
      const events = await env.ctx.db.selectFrom('audit_events').select(['type', 'data']).where('subject_id', '=', c.id).execute();
      assert.ok(events.some((e) => e.type === 'case.reopened' && e.data.includes('came back')));
      const history = await env.app.inject({ method: 'GET', url: `/staff/cases/${c.id}/history`, headers: { cookie: sup.cookie } });
      assert.ok(history.body.includes('Case reopened') && history.body.includes('Case closed'));
      // The access log in words, never a route pattern (issue 21).
      assert.ok(!history.body.includes('GET /staff/cases/:id'));
      assert.ok(history.body.includes('Viewed the history'));
      const viaApi2 = await api(env, sup, 'GET', `/api/v1/cases/${c.id}/history`);
      const h = viaApi2.json();
      assert.ok(h.events.some((e: { type: string }) => e.type === 'case.closed'));
      assert.ok(h.views.length > 0);
    });

    it('records assessments with the risk level on the case, and a risk to life is always high', async () => {
      const c = await newCase(env, worker.id, { officeId });
      const base = { assessedOn: '2026-11-20', riskToLife: 'yes', needs: ['shelter', 'medical'], individualRisk: ['debt'], householdProtective: ['supportive_family'], riskLevel: 'medium' };
      assert.equal((await post(env, worker, `/staff/cases/${c.id}/assessments`, base)).statusCode, 400);
      assert.equal((await post(env, worker, `/staff/cases/${c.id}/assessments`, { ...base, riskLevel: 'high' })).statusCode, 303);
      assert.equal((await api(env, worker, 'POST', `/api/v1/cases/${c.id}/assessments`, { ...base, riskToLife: 'no', riskLevel: 'low' })).statusCode, 201);
      assert.equal((await caseRow(env, c.id)).risk_level, 'low');
      const list = await env.app.inject({ method: 'GET', url: '/staff/cases?risk=low', headers: { cookie: worker.cookie } });
      assert.ok(list.body.includes(c.caseNumber));
      const page = await env.app.inject({ method: 'GET', url: `/staff/cases/${c.id}/assessments`, headers: { cookie: worker.cookie } });
      assert.ok(page.body.includes('Supportive family') && page.body.includes('Safe accommodation'));
    });

    it('keeps notes and files encrypted, and gives the file back unchanged', async () => {
      const c = await newCase(env, worker.id, { officeId });
      await post(env, worker, `/staff/cases/${c.id}/notes`, { body: 'Secret detail about the flat in La Marsa' });
      const note = await env.ctx.db.selectFrom('case_notes').selectAll().where('case_id', '=', c.id).executeTakeFirstOrThrow();
      assert.ok(!note.body_enc.includes('La Marsa'));
      const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5e6e8b00000000049454e44ae426082', 'hex');
      const boundary = 'abriBoundary';
      const body = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${worker.csrf}\r\n--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nPassport photo\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.png"\r\nContent-Type: image/png\r\n\r\n`),
        png,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const up = await env.app.inject({ method: 'POST', url: `/staff/cases/${c.id}/files`, headers: { cookie: worker.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body });
      assert.equal(up.statusCode, 303);
      const row = await env.ctx.db.selectFrom('case_attachments').selectAll().where('case_id', '=', c.id).executeTakeFirstOrThrow();
      assert.ok(!Buffer.from(row.content_enc, 'base64').includes(png.subarray(16, 40)));
      const down = await env.app.inject({ method: 'GET', url: `/staff/cases/${c.id}/files/${row.id}`, headers: { cookie: worker.cookie } });
      assert.equal(down.statusCode, 200);
      assert.deepEqual(down.rawPayload, png);
      const html = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${worker.csrf}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.html"\r\nContent-Type: text/html\r\n\r\n<script>alert(1)</script>\r\n--${boundary}--\r\n`),
      ]);
      const refused = await env.app.inject({ method: 'POST', url: `/staff/cases/${c.id}/files`, headers: { cookie: worker.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: html });
      assert.equal(refused.statusCode, 400);
    });

    it('exports one case as HTCDS-named JSON and a printable summary, and audits the export', async () => {
      const c = await newCase(env, worker.id, { officeId, identity: { firstName: 'Kwame', lastName: 'Asante', birthDate: '1999-09-09' }, gender: 'Masculine', citizenship: ['GH'] });
      const json = await env.app.inject({ method: 'GET', url: `/staff/cases/${c.id}/export.json`, headers: { cookie: worker.cookie } });
      assert.equal(json.statusCode, 200);
      const data = json.json();
      assert.equal(data.prs_FirstName, 'Kwame');
      assert.equal(data.prs_Gender, 'Masculine');
      assert.deepEqual(data.prs_Citizenship, ['GH']);
      assert.equal(data.cas_Status, 'Active');
      assert.ok('vic_TraffickingStatus' in data && 'con_Consent' in data && 'cco_CaseComment' in data);
      const apiExport = await api(env, worker, 'GET', `/api/v1/cases/${c.id}/export`);
      assert.equal(apiExport.json().prs_SecondName, 'Asante');
      const print = await env.app.inject({ method: 'GET', url: `/staff/cases/${c.id}/export`, headers: { cookie: worker.cookie } });
      assert.ok(print.body.includes('case-summary') && print.body.includes('Asante'));
      const events = await env.ctx.db.selectFrom('audit_events').select('type').where('subject_id', '=', c.id).where('type', '=', 'case.exported').execute();
      assert.equal(events.length, 3);
    });
  });

  describe(`case authorisation matrix over every case route (${dialect})`, () => {
    let env: TestEnv;
    before(async () => {
      env = await createTestEnv(dialect);
    });
    after(async () => env.close());

    it("a case worker never reaches another office's or a colleague's case; partners and analysts never reach a case", async () => {
      const officeId = await createOffice(env.ctx, 'TN', 'TN');
      const otherOfficeId = await createOffice(env.ctx, 'CI', 'CI');
      const org = await createOrganisation(env.ctx, 'Shelter', officeId);
      const owner = await staff(env, 'case_worker', officeId);
      const c = await newCase(env, owner.id, { officeId, mayBeChild: true, identity: { firstName: 'Private', lastName: 'Person' } });
      const colleague = await staff(env, 'case_worker', officeId);
      const foreignSup = await staff(env, 'supervisor', otherOfficeId);
      const foreignWorker = await staff(env, 'case_worker', otherOfficeId);
      const analyst = await staff(env, 'analyst', officeId);
      const partner = await staff(env, 'partner', null, org);
      const triage = await staff(env, 'triage_operator', officeId);
      const routes = [...env.app.routeAccess.values()].filter((r) => r.url.startsWith('/staff/cases/:id') || r.url.startsWith('/api/v1/cases/:id'));
      assert.ok(routes.length > 30, `only ${routes.length} routes`);
      const fill = (url: string) => url.replace(':id', c.id).replace(/:[a-z]+/g, '01900000-0000-7000-8000-000000000000');
      for (const r of routes) {
        for (const who of [colleague, foreignSup, foreignWorker]) {
          const res = await env.app.inject({ method: r.method as 'GET', url: fill(r.url), headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, ...FORM }, payload: r.method === 'GET' ? undefined : form({ _csrf: who.csrf }) });
          assert.equal(res.statusCode, 404, `${r.method} ${r.url} as another worker`);
          assert.ok(!res.body.includes('Private'));
        }
        for (const who of [analyst, partner, triage]) {
          const res = await env.app.inject({ method: r.method as 'GET', url: fill(r.url), headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, ...FORM }, payload: r.method === 'GET' ? undefined : form({ _csrf: who.csrf }) });
          assert.equal(res.statusCode, 403, `${r.method} ${r.url}`);
        }
      }
      for (const url of ['/staff/cases', '/api/v1/cases', '/staff/cases/new']) {
        for (const who of [analyst, partner]) assert.equal((await env.app.inject({ method: 'GET', url, headers: { cookie: who.cookie } })).statusCode, 403);
      }
      const list = await env.app.inject({ method: 'GET', url: '/api/v1/cases', headers: { cookie: foreignSup.cookie } });
      assert.deepEqual(list.json().cases, []);
      const anon = await env.app.inject({ method: 'GET', url: `/api/v1/cases/${c.id}` });
      assert.equal(anon.statusCode, 401);
    });
  });
}
