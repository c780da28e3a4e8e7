import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { inTransaction } from '../platform/db/database.js';
import { FEATURES } from '../features.js';
import { featureJobs } from '../platform/features/feature.js';
import { runJobOnce } from '../platform/jobs/scheduler.js';
import { openCase } from '../cases/cases.service.js';
import { recordConsent } from '../cases/consent.js';
import { createTestEnv, DIALECTS, FORM, form, type Signed, type TestEnv } from '../../test/support/index.js';
import { buildWorld, caseRow, openAnotherCase, PERSON, type World } from '../referrals/world.fixture.js';
import * as view from './justice-view.service.js';
import { addDays, addStatus, raiseStatusWarnings, todayIso, updateStatus } from './justice.service.js';
import * as proceedings from './proceedings.service.js';
import * as redress from './redress.service.js';

for (const dialect of DIALECTS) {
  describe(`justice and protection (${dialect})`, () => {
    let env: TestEnv;
    let w: World;
    const post = (s: Signed, url: string, data: Record<string, string>) =>
      env.app.inject({ method: 'POST', url, headers: { ...FORM, cookie: s.cookie }, payload: form({ _csrf: s.csrf, ...data }) });
    const get = (s: Signed, url: string) => env.app.inject({ method: 'GET', url, headers: { cookie: s.cookie } });
    before(async () => {
      env = await createTestEnv(dialect);
      w = await buildWorld(env);
    });
    after(async () => env.close());

    it('records a 30-day reflection period through the page, shows its countdown and warns once before its end', async () => {
      const s = w.sessions.worker;
      const base = `/staff/cases/${w.caseId}/legal-status`;
      const start = todayIso();
      const res = await post(s, `${base}/statuses`, {
        kind: 'reflection_period',
        status: 'granted',
        startOn: start,
        grantedBy: 'Prefecture of Tunis',
        reference: 'RP-2026-88412',
      });
      assert.equal(res.statusCode, 303, res.body.slice(0, 500));
      const page = await get(s, base);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /30 days left/);
      assert.match(page.body, /RP-2026-88412/);
      const raw = JSON.stringify(await env.ctx.db.selectFrom('justice_statuses').selectAll().execute());
      for (const secret of ['RP-2026-88412', 'Prefecture of Tunis']) assert.ok(!raw.includes(secret), `${secret} stored in clear`);
      const row = await env.ctx.db.selectFrom('justice_statuses').selectAll().where('case_id', '=', w.caseId).executeTakeFirstOrThrow();
      assert.equal(row.end_on, addDays(start, 30), 'the kind gives its usual length');
      // Not yet: 8 days before the end. Then 7 days before: the warning, once.
      assert.equal((await raiseStatusWarnings(env.ctx, addDays(start, 22))).warned, 0);
      assert.equal((await raiseStatusWarnings(env.ctx, addDays(start, 23))).warned, 1);
      assert.equal((await raiseStatusWarnings(env.ctx, addDays(start, 24))).warned, 0, 'a warning is raised once');
      const events = await env.ctx.db.selectFrom('audit_events').select(['data', 'subject_id']).where('type', '=', 'justice.status_ending_soon').execute();
      assert.equal(events.filter((e) => JSON.parse(e.data).statusId === row.id).length, 1);
      const shown = await view.statusViews(env.ctx, await caseRow(env, w.caseId), addDays(start, 25));
      assert.equal(shown[0]?.daysLeft, 5);
      assert.ok(shown[0]?.ending);
      assert.ok(shown[0]?.warnedAt);
      // The due list shows it to the case's staff only.
      const due = await get(s, '/staff/justice/due');
      assert.equal(due.statusCode, 200);
      assert.ok(due.body.includes((await caseRow(env, w.caseId)).case_number));
      const foreign = await view.dueList(env.ctx, w.auth.foreignSupervisor);
      assert.ok(!foreign.statuses.some((x) => x.id === row.id));
      // An extension: a later end is audited as extended, and earns a new warning.
      await updateStatus(env.ctx, {
        actor: w.auth.worker,
        record: await caseRow(env, w.caseId),
        statusId: row.id,
        input: { status: 'granted', endOn: addDays(start, 90), version: row.version },
      });
      const extended = await env.ctx.db.selectFrom('justice_statuses').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
      assert.equal(extended.extensions, 1);
      assert.equal(extended.warned_at, null);
      const upd = await env.ctx.db.selectFrom('audit_events').select('data').where('type', '=', 'justice.status_updated').execute();
      assert.ok(upd.some((e) => JSON.parse(e.data).extended === true));
      // The end passes: a notice, once; the job of the manifest runs it.
      assert.equal((await raiseStatusWarnings(env.ctx, addDays(start, 91))).ended, 1);
      assert.equal((await raiseStatusWarnings(env.ctx, addDays(start, 92))).ended, 0);
      const job = featureJobs(FEATURES).find((j) => j.name === 'justice-warnings');
      assert.ok(job, 'the warnings job is in the manifest');
      assert.match((await runJobOnce(env.ctx, job)) ?? '', /ending soon: \d+; ended: \d+/);
    });

    it('reminds before a residence permit expires, and refuses an end before the start', async () => {
      const caseId = await openAnotherCase(env, w);
      const record = await caseRow(env, caseId);
      await assert.rejects(
        addStatus(env.ctx, {
          actor: w.auth.worker,
          record,
          input: { kind: 'residence_victim', status: 'granted', startOn: '2026-06-01', endOn: '2026-05-01' },
        }),
        { code: 'VALIDATION' },
      );
      await assert.rejects(addStatus(env.ctx, { actor: w.auth.worker, record, input: { kind: 'no_such_kind', status: 'granted', startOn: '2026-06-01' } }), {
        code: 'VALIDATION',
      });
      const id = await addStatus(env.ctx, {
        actor: w.auth.worker,
        record,
        input: {
          kind: 'residence_victim',
          status: 'granted',
          startOn: '2026-01-10',
          endOn: '2027-01-10',
          reference: 'TS-441',
        },
      });
      assert.equal((await raiseStatusWarnings(env.ctx, '2026-11-10')).warned, 0, 'more than 60 days before');
      assert.equal((await raiseStatusWarnings(env.ctx, '2026-11-12')).warned, 1);
      const ev = await env.ctx.db.selectFrom('audit_events').select('data').where('type', '=', 'justice.status_ending_soon').execute();
      assert.ok(ev.some((e) => JSON.parse(e.data).statusId === id && JSON.parse(e.data).kind === 'residence_victim'));
    });

    it('shares a proceeding between two cases of the office, with two hearings and video testimony granted; other offices see none of it', async () => {
      const s = w.sessions.supervisor;
      const second = await openAnotherCase(env, w);
      const first = w.caseId;
      const r1 = await post(s, `/staff/cases/${first}/proceedings`, {
        role: 'witness',
        kind: 'criminal',
        jurisdiction: 'TN',
        court: 'Tribunal de première instance de Tunis',
        reference: 'PV-2026-1187',
        stage: 'investigation',
        stageOn: '2026-10-01',
      });
      assert.equal(r1.statusCode, 303, r1.body.slice(0, 300));
      const p = await env.ctx.db.selectFrom('justice_proceedings').selectAll().executeTakeFirstOrThrow();
      assert.ok(!JSON.stringify(p).includes('PV-2026-1187'), 'reference sealed');
      const r2 = await post(s, `/staff/cases/${second}/proceedings`, { role: 'complainant', proceedingId: p.id });
      assert.equal(r2.statusCode, 303);
      const link1 = await env.ctx.db.selectFrom('justice_case_proceedings').selectAll().where('case_id', '=', first).executeTakeFirstOrThrow();
      const link2 = await env.ctx.db.selectFrom('justice_case_proceedings').selectAll().where('case_id', '=', second).executeTakeFirstOrThrow();
      for (const heldOn of [addDays(todayIso(), 10), addDays(todayIso(), 40)]) {
        const h = await post(s, `/staff/cases/${first}/proceedings/${link1.id}/hearings`, {
          heldOn,
          place: 'Salle 3',
          mustAttend: '1',
          supportPerson: 'Leila (case worker)',
          interpreter: 'Twi',
        });
        assert.equal(h.statusCode, 303, h.body.slice(0, 300));
      }
      const m = await post(s, `/staff/cases/${first}/proceedings/${link1.id}/measures`, { measure: 'video_testimony', requestedOn: todayIso() });
      assert.equal(m.statusCode, 303);
      const measure = await env.ctx.db.selectFrom('justice_measures').selectAll().where('link_id', '=', link1.id).executeTakeFirstOrThrow();
      assert.equal(
        (await post(s, `/staff/cases/${first}/proceedings/measures/${measure.id}`, { status: 'granted', version: String(measure.version) })).statusCode,
        303,
      );
      const stage = await post(s, `/staff/cases/${second}/proceedings/${link2.id}/stage`, {
        stage: 'trial',
        stageOn: '2026-12-01',
        version: String(p.version),
      });
      assert.equal(stage.statusCode, 303);
      // Both cases see the shared stage and the office's two hearings; the second person's own part is theirs to add.
      const one = await view.proceedingsPage(env.ctx, await caseRow(env, first));
      const two = await view.proceedingsPage(env.ctx, await caseRow(env, second));
      assert.equal(one.links[0]?.proceeding.stage, 'trial');
      assert.equal(two.links[0]?.proceeding.stage, 'trial');
      assert.equal(one.links[0]?.hearings.length, 2);
      assert.equal(two.links[0]?.hearings.length, 2);
      assert.equal(one.links[0]?.officeCases, 2);
      assert.equal(one.links[0]?.hearings[0]?.mine?.supportPerson, 'Leila (case worker)');
      assert.equal(two.links[0]?.hearings[0]?.mine, null);
      assert.deepEqual(
        one.links[0]?.measures.map((x) => [x.measure, x.status]),
        [['video_testimony', 'granted']],
      );
      assert.deepEqual(two.links[0]?.measures, []);
      const page = await get(s, `/staff/cases/${first}/proceedings`);
      assert.match(page.body, /Testimony by video link/);
      assert.match(page.body, /PV-2026-1187/);
      // Another office: cannot join it, cannot reach the cases, and its due list shows no hearing.
      const foreignCase = await openCase(env.ctx, { actor: w.auth.foreignSupervisor, input: { officeId: w.otherOfficeId, source: 'self', ...PERSON } });
      const foreignPage = await view.proceedingsPage(env.ctx, await caseRow(env, foreignCase.id));
      assert.deepEqual(foreignPage.joinable, []);
      await assert.rejects(
        proceedings.linkProceeding(env.ctx, {
          actor: w.auth.foreignSupervisor,
          record: await caseRow(env, foreignCase.id),
          input: { role: 'witness', proceedingId: p.id },
        }),
        { code: 'VALIDATION' },
      );
      assert.equal((await get(w.sessions.foreignSupervisor, `/staff/cases/${first}/proceedings`)).statusCode, 404);
      // With the code the first office gives, the other office's case joins: it sees the stage, not the first office's part.
      const code = one.links[0]?.proceeding.shareCode ?? '';
      assert.match(code, /^PRC-[A-Z2-9]{5}-[A-Z2-9]{5}$/);
      const wrong = await post(w.sessions.foreignSupervisor, `/staff/cases/${foreignCase.id}/proceedings`, { role: 'witness', shareCode: 'PRC-AAAAA-AAAAA' });
      assert.equal(wrong.statusCode, 400);
      assert.match(wrong.body, /No proceeding has this code/);
      const joined = await post(w.sessions.foreignSupervisor, `/staff/cases/${foreignCase.id}/proceedings`, { role: 'witness', shareCode: code.toLowerCase() });
      assert.equal(joined.statusCode, 303, joined.body.slice(0, 300));
      const theirs = await view.proceedingsPage(env.ctx, await caseRow(env, foreignCase.id));
      assert.equal(theirs.links[0]?.proceeding.stage, 'trial');
      assert.equal(theirs.links[0]?.officeCases, 1);
      assert.deepEqual(theirs.links[0]?.hearings, [], "the first office's hearings stay its own");
      assert.equal((await view.proceedingsPage(env.ctx, await caseRow(env, first))).links[0]?.officeCases, 2);
      assert.equal((await view.dueList(env.ctx, w.auth.foreignSupervisor)).hearings.length, 0);
      assert.ok((await view.dueList(env.ctx, w.auth.supervisor)).hearings.length >= 2);
    });

    it("asks for the child-friendly measures by default and records the guardian at each of a child's hearings", async () => {
      const child = await openCase(env.ctx, {
        actor: w.auth.worker,
        input: {
          officeId: w.officeId,
          source: 'self',
          ownerId: w.users.worker.id,
          mayBeChild: true,
          identity: { firstName: 'Kofi', estimatedAge: 15 },
        },
      });
      const record = await caseRow(env, child.id);
      assert.equal(record.is_child, 1);
      const { linkId } = await proceedings.linkProceeding(env.ctx, {
        actor: w.auth.worker,
        record,
        input: { role: 'witness', kind: 'criminal', jurisdiction: 'TN' },
      });
      const measures = await env.ctx.db.selectFrom('justice_measures').selectAll().where('link_id', '=', linkId).execute();
      assert.ok(measures.length >= 3);
      assert.ok(measures.every((m) => m.by_default === 1 && m.status === 'requested'));
      assert.ok(measures.some((m) => m.measure === 'child_friendly_interview'));
      const s = w.sessions.worker;
      const bad = await post(s, `/staff/cases/${child.id}/proceedings/${linkId}/hearings`, { heldOn: '2027-01-15', place: 'Tunis' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /A child cannot be at a hearing without a guardian/);
      assert.equal(
        await env.ctx.db.selectFrom('justice_hearings').selectAll().where('held_on', '=', '2027-01-15').executeTakeFirst(),
        undefined,
        'nothing half-created',
      );
      const good = await post(s, `/staff/cases/${child.id}/proceedings/${linkId}/hearings`, {
        heldOn: '2027-01-15',
        guardian: 'Mme Ben Salah (appointed guardian)',
      });
      assert.equal(good.statusCode, 303);
      const person = await env.ctx.db.selectFrom('justice_hearing_people').selectAll().where('link_id', '=', linkId).executeTakeFirstOrThrow();
      assert.ok(person.guardian_enc && !person.guardian_enc.includes('Ben Salah'));
    });

    it('records a compensation award partly received and a non-punishment request granted', async () => {
      const record = await caseRow(env, w.caseId);
      const s = w.sessions.worker;
      const base = `/staff/cases/${w.caseId}/redress`;
      assert.equal(
        (await post(s, `${base}/compensation`, { kind: 'civil_claim', currency: 'TND', claimed: '12000', claimedOn: '2026-09-01' })).statusCode,
        303,
      );
      const claim = await env.ctx.db.selectFrom('justice_compensation').selectAll().where('case_id', '=', w.caseId).executeTakeFirstOrThrow();
      const over = await post(s, `${base}/compensation/${claim.id}`, { outcome: 'awarded', awarded: '8000', received: '9000', version: String(claim.version) });
      assert.equal(over.statusCode, 400);
      assert.match(over.body, /More cannot be received than was awarded/);
      await redress.updateCompensation(env.ctx, {
        actor: w.auth.worker,
        record,
        id: claim.id,
        input: {
          outcome: 'awarded',
          awarded: '8000',
          awardedOn: '2026-11-20',
          received: '2500.50',
          receivedOn: '2026-11-30',
          version: claim.version,
        },
      });
      const page = await view.redressPage(env.ctx, record);
      assert.deepEqual([page.compensation[0]?.claimed, page.compensation[0]?.awarded, page.compensation[0]?.received], [12000, 8000, 2500.5]);
      const html = await get(s, base);
      assert.match(html.body, /Still due/);
      assert.equal(
        (
          await post(s, `${base}/non-punishment`, {
            offence: 'documents',
            details: 'Forged passport handed over by the recruiter',
            requestKind: 'non_prosecution',
            requestedOn: '2026-10-02',
          })
        ).statusCode,
        303,
      );
      const req = await env.ctx.db.selectFrom('justice_non_punishment').selectAll().where('case_id', '=', w.caseId).executeTakeFirstOrThrow();
      assert.ok(!JSON.stringify(req).includes('Forged passport'));
      assert.equal((await post(s, `${base}/non-punishment/${req.id}`, { outcome: 'granted', decidedOn: '2026-11-02', version: '1' })).statusCode, 303);
      assert.equal((await view.redressPage(env.ctx, record)).nonPunishment[0]?.outcome, 'granted');
    });

    it('shares with police, prosecutors or courts only on its own consent, never implied by another', async () => {
      const caseId = await openAnotherCase(env, w);
      const record = await caseRow(env, caseId);
      const input = { recipient: 'prosecutor' as const, sharedOn: '2026-11-01', what: 'Statement of 12 October' };
      await assert.rejects(redress.recordDisclosure(env.ctx, { actor: w.auth.worker, record, input }), { code: 'CONSENT_REQUIRED' });
      // Every other purpose given, the police one included: still no.
      await inTransaction(env.ctx.db, async (tx) => {
        for (const purpose of ['police', 'assistance', 'screening', 'contact', 'transfer'] as const)
          await recordConsent(tx, { actorId: w.users.worker.id, record, input: { purpose, given: true, origin: 'staff' } });
      });
      await assert.rejects(redress.recordDisclosure(env.ctx, { actor: w.auth.worker, record, input }), { code: 'CONSENT_REQUIRED' });
      // A case worker cannot override; a supervisor can, with a reason, audited.
      await assert.rejects(
        redress.recordDisclosure(env.ctx, { actor: w.auth.worker, record, input: { ...input, overrideReason: 'Court order received for the file' } }),
        {
          code: 'FORBIDDEN',
        },
      );
      await redress.recordDisclosure(env.ctx, { actor: w.auth.supervisor, record, input: { ...input, overrideReason: 'Court order received for the file' } });
      await inTransaction(env.ctx.db, (tx) =>
        recordConsent(tx, { actorId: w.users.worker.id, record, input: { purpose: 'justice', given: true, origin: 'staff' } }),
      );
      await redress.recordDisclosure(env.ctx, { actor: w.auth.worker, record, input });
      const rows = await env.ctx.db.selectFrom('justice_disclosures').selectAll().where('case_id', '=', caseId).orderBy('created_at').execute();
      assert.deepEqual(
        rows.map((r) => r.consent_overridden),
        [1, 0],
      );
      assert.ok(!JSON.stringify(rows).includes('Statement of 12 October'));
      const overridden = await env.ctx.db
        .selectFrom('audit_events')
        .select('data')
        .where('type', '=', 'consent.overridden')
        .where('subject_id', '=', caseId)
        .execute();
      assert.equal(overridden.length, 1);
    });

    it('gives a person who declines to cooperate every service of their assistance plan', async () => {
      const { addObjective, addPlanAction, recordStaffService, updatePlanAction, updateObjectiveStatus } = await import('../plans/plans.service.js');
      const { loadPlan } = await import('../plans/plan-view.service.js');
      const caseId = await openAnotherCase(env, w);
      const s = w.sessions.worker;
      assert.equal(
        (await post(s, `/staff/cases/${caseId}/legal-status/profile`, { cooperation: 'declined', risk: 'removal', riskAction: 'Reflection period requested' }))
          .statusCode,
        303,
      );
      const record = await caseRow(env, caseId);
      assert.equal((await view.legalPage(env.ctx, w.auth.worker, record)).profile?.cooperation, 'declined');
      // The whole plan: an objective and an action of every kind, each service delivered, each action done.
      const { PLAN_ACTION_TYPES } = await import('../plans/plans.schema.js');
      const objectiveId = await addObjective(env.ctx, {
        actor: w.auth.worker,
        record,
        input: { splType: 'Legal', objective: 'Stay safely whatever she decides' },
      });
      for (const type of PLAN_ACTION_TYPES) {
        const actionId = await addPlanAction(env.ctx, {
          actor: w.auth.worker,
          record,
          input: { objectiveId, type, description: `Provide ${type}`, dueDate: '2027-01-01' },
        });
        await recordStaffService(env.ctx, { actor: w.auth.worker, record, input: { service: type, deliveredOn: '2026-12-01', actionId } });
        await updatePlanAction(env.ctx, { actor: w.auth.worker, record, actionId, input: { status: 'done', version: 1 } });
      }
      await updateObjectiveStatus(env.ctx, { actor: w.auth.worker, record, objectiveId, input: { status: 'achieved', version: 1 } });
      const plan = await loadPlan(env.ctx, record);
      assert.equal(plan.services.length, PLAN_ACTION_TYPES.length);
      assert.ok(plan.actions.every((a) => a.status === 'done'));
      assert.equal(plan.objectives[0]?.status, 'achieved');
      // Through the pages too.
      const page = await get(s, `/staff/cases/${caseId}/plan`);
      assert.equal(page.statusCode, 200);
      assert.equal((await post(s, `/staff/cases/${caseId}/plan/services`, { service: 'medical', deliveredOn: '2026-12-02' })).statusCode, 303);
    });

    it('keeps it to the people who handle proceedings: partners, analysts, triage and other offices get nothing', async () => {
      const url = `/staff/cases/${w.caseId}/legal-status`;
      for (const who of ['partnerA', 'analyst', 'triage', 'editor'] as const) assert.equal((await get(w.sessions[who], url)).statusCode, 403, who);
      assert.equal((await get(w.sessions.worker2, url)).statusCode, 404, 'a colleague without the case');
      const api = await env.app.inject({ method: 'GET', url: `/api/v1/cases/${w.caseId}/justice`, headers: { cookie: w.sessions.worker.cookie } });
      assert.equal(api.statusCode, 200);
      assert.ok(api.json().statuses.length >= 1);
      const portal = await get(w.sessions.partnerA, '/partner');
      assert.ok(!portal.body.includes('RP-2026-88412'));
    });

    it('shows the figures with small counts hidden', async () => {
      const page = await get(w.sessions.analyst, '/staff/justice/figures');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /fewer than 10/);
      assert.ok(!page.body.includes('⟦'));
      const api = await env.app.inject({ method: 'GET', url: '/api/v1/justice/figures', headers: { cookie: w.sessions.analyst.cookie } });
      const f = api.json();
      assert.equal(f.stages.total, null, 'two proceedings: hidden');
      assert.equal(f.compensation[0]?.awarded, null, 'one award: its sum is hidden');
      assert.equal((await get(w.sessions.worker, '/staff/justice/figures')).statusCode, 403);
    });

    it('lets a supervisor add a kind of status of the office, which the case form then offers', async () => {
      const s = w.sessions.supervisor;
      const bad = await post(s, `/staff/justice/kinds/${w.officeId}`, { code: 'Bad Code', label: '', category: 'permit', warnDays: '0' });
      assert.equal(bad.statusCode, 400);
      const ok = await post(s, `/staff/justice/kinds/${w.officeId}`, {
        code: 'carte_sejour_b',
        label: 'Carte de séjour B',
        category: 'permit',
        defaultDays: '365',
        warnDays: '45',
      });
      assert.equal(ok.statusCode, 303);
      assert.equal(
        (await post(s, `/staff/justice/kinds/${w.officeId}`, { code: 'carte_sejour_b', label: 'Again', category: 'permit', warnDays: '45' })).statusCode,
        400,
      );
      const kinds = await view.kindViews(env.ctx, w.officeId);
      assert.ok(kinds.some((k) => k.code === 'carte_sejour_b' && k.own));
      assert.ok(!(await view.kindViews(env.ctx, w.otherOfficeId)).some((k) => k.code === 'carte_sejour_b'), 'per office');
      assert.equal((await get(w.sessions.worker, '/staff/justice/kinds')).statusCode, 403);
      assert.equal((await get(w.sessions.foreignSupervisor, `/staff/justice/kinds/${w.officeId}`)).statusCode, 404);
    });

    it('puts the legal side in the case summary export, printable and JSON', async () => {
      const html = await get(w.sessions.worker, `/staff/cases/${w.caseId}/export`);
      assert.equal(html.statusCode, 200);
      assert.match(html.body, /Recovery and reflection period: Granted/);
      assert.match(html.body, /Non-prosecution, Granted/);
      const json = await get(w.sessions.worker, `/staff/cases/${w.caseId}/export.json`);
      const data = JSON.parse(json.body);
      assert.equal(data.standard, 'HTCDS 2.0');
      assert.ok(data.abri_justice.statuses.some((x: { kind: string }) => x.kind === 'reflection_period'));
      assert.equal(data.abri_justice.proceedings[0]?.role, 'witness');
    });

    it('renders every justice page in every language without a missing key', async () => {
      for (const locale of ['fr', 'es', 'ar', 'en']) {
        await env.ctx.db.updateTable('users').set({ locale }).where('id', 'in', [w.users.supervisor.id, w.users.analyst.id]).execute();
        for (const path of [
          `/staff/cases/${w.caseId}/legal-status`,
          `/staff/cases/${w.caseId}/proceedings`,
          `/staff/cases/${w.caseId}/redress`,
          `/staff/cases/${w.caseId}/export`,
          '/staff/justice/due',
          '/staff/justice/kinds',
        ]) {
          const r = await get(w.sessions.supervisor, path);
          assert.equal(r.statusCode, 200, `${locale} ${path}`);
          // The export page is the cases feature's: only the justice section's keys are this feature's to check.
          const missing = (path.endsWith('/export') ? /⟦justice\.[^⟧]+⟧/ : /⟦[^⟧]+⟧/).exec(r.body)?.[0];
          assert.equal(missing, undefined, `${locale} ${path}`);
        }
        const f = await get(w.sessions.analyst, '/staff/justice/figures');
        assert.ok(!f.body.includes('⟦'), `${locale} figures: ${/⟦[^⟧]+⟧/.exec(f.body)?.[0]}`);
      }
    });
  });
}
