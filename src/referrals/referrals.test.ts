import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { currentTotp } from '../platform/auth/totp.js';
import { inTransaction } from '../platform/db/database.js';
import { withdrawConsent, recordConsent } from '../cases/consent.js';
import { loadPlan } from '../plans/plan-view.service.js';
import { createOrganisation, createPartner, createTestEnv, DIALECTS, FORM, form, type TestEnv } from '../../test/helper.js';
import { partnersReferralDirectory as defaultPartnerDirectory, setPartnerDirectory } from '../partners/referral-directory.service.js';
import * as portal from './partner-portal.service.js';
import * as staff from './referrals.service.js';
import { buildWorld, caseRow, giveSharingConsent, openAnotherCase, REFERRAL_INPUT, type World } from './world.fixture.js';

const service = { ...staff, ...portal };

async function tokenFor(env: TestEnv, w: World): Promise<string> {
  const s = w.sessions.worker;
  const r = await env.app.inject({
    method: 'POST',
    url: '/staff/account/tokens',
    headers: { ...FORM, cookie: s.cookie },
    // Creating a token asks for the password and a current code again.
    payload: form({ _csrf: s.csrf, name: 'integration', tokenPassword: w.users.worker.password, code: currentTotp(w.users.worker.totpSecret) }),
  });
  const m = /abri_[A-Za-z0-9_-]{20,100}/.exec(r.body);
  if (!m) throw new Error(`no token (${r.statusCode})`);
  return m[0];
}

for (const dialect of DIALECTS) {
  describe(`referrals to partners (${dialect})`, () => {
    let env: TestEnv;
    let w: World;
    before(async () => {
      env = await createTestEnv(dialect);
      w = await buildWorld(env);
    });
    after(async () => env.close());

    const refer = async (organisationId: string, extra: Record<string, unknown> = {}, caseId = w.caseId, actor = w.auth.worker) =>
      service.createReferral(env.ctx, { actor, record: await caseRow(env, caseId), input: { ...REFERRAL_INPUT, organisationId, ...extra } });

    it('refuses a referral without consent to share with that partner; consent for partner A does not allow partner B', async () => {
      const caseId = await openAnotherCase(env, w);
      await assert.rejects(refer(w.shelter, {}, caseId), { code: 'CONSENT_REQUIRED' });
      await giveSharingConsent(env, w, w.shelter, caseId);
      const id = await refer(w.shelter, {}, caseId);
      await assert.rejects(refer(w.clinic, {}, caseId), { code: 'CONSENT_REQUIRED' });
      const rows = await env.ctx.db
        .selectFrom('referrals')
        .select(['id', 'organisation_id', 'consent_overridden', 'status'])
        .where('case_id', '=', caseId)
        .execute();
      assert.deepEqual(rows, [{ id, organisation_id: w.shelter, consent_overridden: 0, status: 'pending' }]);
    });

    it('refuses again once the consent is withdrawn, and the partner loses access to the live referral', async () => {
      const caseId = await openAnotherCase(env, w);
      const consentId = await giveSharingConsent(env, w, w.shelter, caseId);
      const id = await refer(w.shelter, {}, caseId);
      assert.equal((await service.partnerReferralView(env.ctx, { user: w.auth.partnerA, referralId: id, via: 'test' })).id, id);
      const record = await caseRow(env, caseId);
      await inTransaction(env.ctx.db, (tx) => withdrawConsent(tx, { actorId: w.users.worker.id, record, consentId }));
      await assert.rejects(refer(w.shelter, {}, caseId), { code: 'CONSENT_REQUIRED' });
      await assert.rejects(service.partnerReferralView(env.ctx, { user: w.auth.partnerA, referralId: id, via: 'test' }), { code: 'NOT_FOUND' });
    });

    it('lets only a supervisor override the missing consent, with a written reason, and audits it', async () => {
      const caseId = await openAnotherCase(env, w);
      await assert.rejects(refer(w.clinic, { overrideReason: 'She is in danger tonight' }, caseId, w.auth.worker), { code: 'FORBIDDEN' });
      await assert.rejects(refer(w.clinic, { overrideReason: 'urgent' }, caseId, w.auth.supervisor), { code: 'OVERRIDE_REASON_REQUIRED' });
      const id = await refer(w.clinic, { overrideReason: 'She is in danger tonight' }, caseId, w.auth.supervisor);
      const row = await env.ctx.db.selectFrom('referrals').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(row.consent_overridden, 1);
      const events = await env.ctx.db.selectFrom('audit_events').select(['type', 'actor_id', 'data']).where('subject_id', '=', caseId).execute();
      const override = events.find((e) => e.type === 'consent.overridden');
      assert.ok(override && override.actor_id === w.users.supervisor.id);
      assert.equal(JSON.parse(override.data).reason, 'She is in danger tonight');
      assert.ok(events.some((e) => e.type === 'referral.created' && JSON.parse(e.data).consentOverridden === true));
      // The overridden referral stays reachable for its partner although no consent exists.
      assert.equal((await service.partnerReferralView(env.ctx, { user: w.auth.partnerB, referralId: id, via: 'test' })).id, id);
    });

    it('refuses through the form and through the API with a personal access token, and nothing is stored', async () => {
      const caseId = await openAnotherCase(env, w);
      await giveSharingConsent(env, w, w.shelter, caseId);
      const s = w.sessions.worker;
      const body = { _csrf: s.csrf, organisationId: w.clinic, service: 'medical', reason: 'AdditionalServicesRequired', fields: ['firstName', 'ageBand'] };
      const page = await env.app.inject({
        method: 'POST',
        url: `/staff/cases/${caseId}/referrals`,
        headers: { ...FORM, cookie: s.cookie },
        payload: form(body),
      });
      assert.equal(page.statusCode, 422);
      assert.match(page.body, /has not given consent to share their information with this organisation/);
      const override = await env.app.inject({
        method: 'POST',
        url: `/staff/cases/${caseId}/referrals`,
        headers: { ...FORM, cookie: s.cookie },
        payload: form({ ...body, overrideReason: 'I decide this on my own' }),
      });
      assert.equal(override.statusCode, 403);
      assert.match(override.body, /Only a supervisor can go ahead/);
      const token = await tokenFor(env, w);
      const api = await env.app.inject({
        method: 'POST',
        url: `/api/v1/cases/${caseId}/referrals`,
        headers: { authorization: `Bearer ${token}` },
        payload: { organisationId: w.clinic, service: 'medical', reason: 'Other', fields: ['ageBand'] },
      });
      assert.equal(api.statusCode, 422);
      assert.equal(api.json().error.code, 'CONSENT_REQUIRED');
      assert.equal((await env.ctx.db.selectFrom('referrals').select('id').where('case_id', '=', caseId).execute()).length, 0);
      const ok = await env.app.inject({
        method: 'POST',
        url: `/api/v1/cases/${caseId}/referrals`,
        headers: { authorization: `Bearer ${token}` },
        payload: { organisationId: w.shelter, service: 'safe_accommodation', reason: 'Other', fields: ['ageBand'] },
      });
      assert.equal(ok.statusCode, 201);
      assert.equal(ok.json().status, 'pending');
    });

    it('shows a partner exactly the granted fields, logs each read, and nothing of another organisation', async () => {
      await giveSharingConsent(env, w, w.shelter);
      const id = await refer(w.shelter);
      const a = w.sessions.partnerA;
      const page = await env.app.inject({ method: 'GET', url: `/partner/referrals/${id}`, headers: { cookie: a.cookie } });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Ama/);
      assert.match(page.body, /Needs a safe bed for two weeks/);
      assert.match(page.body, /Use the shelter phone only/);
      assert.match(page.body, /25 to 34/);
      const record = await caseRow(env, w.caseId);
      for (const secret of ['Mensah', '1999-05-01', 'GH1234567', '123 456', 'rue Secrète', '7781', record.case_number, 'Call after 18:00'])
        assert.ok(!page.body.includes(secret), `leaks ${secret}`);
      const api = await env.app.inject({ method: 'GET', url: `/api/v1/referrals/${id}`, headers: { cookie: a.cookie } });
      assert.equal(api.statusCode, 200);
      const json = api.json().referral;
      assert.deepEqual(Object.keys(json.grant).sort(), [...REFERRAL_INPUT.fields].sort());
      assert.deepEqual(json.grant.languages, ['fr', 'tw']);
      assert.ok(!JSON.stringify(api.json()).includes('Mensah') && !JSON.stringify(api.json()).includes(w.caseId));
      const reads = (await env.ctx.db.selectFrom('access_log').selectAll().where('actor_id', '=', w.users.partnerA.id).execute()).filter((r) =>
        r.action.includes(`referral:${id}`),
      );
      assert.equal(reads.length, 2, 'one access-log row per read of the grant (page, API)');
      assert.ok(reads.every((r) => r.subject_type === 'case' && r.subject_id === w.caseId && r.office_id === w.officeId));
      // Partner B: not in the list, not by address, not through the API.
      const b = w.sessions.partnerB;
      const list = await env.app.inject({ method: 'GET', url: '/partner', headers: { cookie: b.cookie } });
      assert.equal(list.statusCode, 200);
      assert.ok(!list.body.includes(service.referralReference(id)));
      assert.equal((await env.app.inject({ method: 'GET', url: `/partner/referrals/${id}`, headers: { cookie: b.cookie } })).statusCode, 404);
      assert.equal((await env.app.inject({ method: 'GET', url: `/api/v1/referrals/${id}`, headers: { cookie: b.cookie } })).statusCode, 404);
      const bAccept = await env.app.inject({
        method: 'POST',
        url: `/partner/referrals/${id}/accept`,
        headers: { ...FORM, cookie: b.cookie },
        payload: form({ _csrf: b.csrf, version: '1' }),
      });
      assert.equal(bAccept.statusCode, 404);
      // A's list shows it.
      const aList = await env.app.inject({ method: 'GET', url: '/partner', headers: { cookie: a.cookie } });
      assert.ok(aList.body.includes(service.referralReference(id)));
    });

    it('never shows medical notes without medical consent', async () => {
      const caseId = await openAnotherCase(env, w);
      await giveSharingConsent(env, w, w.clinic, caseId);
      const input = { fields: ['ageBand', 'medicalNotes'] as typeof REFERRAL_INPUT.fields, medicalNotes: 'Insulin twice a day' };
      await assert.rejects(refer(w.clinic, input, caseId), { code: 'MEDICAL_CONSENT_REQUIRED' });
      const record = await caseRow(env, caseId);
      await inTransaction(env.ctx.db, (tx) =>
        recordConsent(tx, { actorId: w.users.worker.id, record, input: { purpose: 'medical', given: true, origin: 'staff' } }),
      );
      const id = await refer(w.clinic, input, caseId);
      const v = await service.partnerReferralView(env.ctx, { user: w.auth.partnerB, referralId: id, via: 'test' });
      assert.deepEqual(v.grant, { ageBand: '25to34', medicalNotes: 'Insulin twice a day' });
    });

    it('moves pending → accepted → completed, records services, and the partner loses access at the end', async () => {
      const caseId = await openAnotherCase(env, w);
      await giveSharingConsent(env, w, w.shelter, caseId);
      const id = await refer(w.shelter, {}, caseId);
      const a = w.sessions.partnerA;
      const post = (url: string, body: Record<string, string>) =>
        env.app.inject({ method: 'POST', url, headers: { ...FORM, cookie: a.cookie }, payload: form({ _csrf: a.csrf, ...body }) });
      const early = await post(`/partner/referrals/${id}/services`, { service: 'safe_accommodation', deliveredOn: '2026-11-20' });
      assert.equal(early.statusCode, 422, 'no service on a pending referral');
      const tooEarly = await post(`/partner/referrals/${id}/complete`, { version: '1' });
      assert.equal(tooEarly.statusCode, 422);
      assert.match(tooEarly.body, /still waiting for the partner&#39;s answer|still waiting for the partner's answer/);
      assert.equal((await post(`/partner/referrals/${id}/accept`, { version: '1' })).statusCode, 303);
      const again = await post(`/partner/referrals/${id}/accept`, { version: '2' });
      assert.equal(again.statusCode, 422);
      assert.match(again.body, /already been accepted/);
      assert.equal(
        (await post(`/partner/referrals/${id}/services`, { service: 'safe_accommodation', deliveredOn: '2026-11-20', notes: 'Bed in room 3' })).statusCode,
        303,
      );
      const plan = await loadPlan(env.ctx, await caseRow(env, caseId));
      assert.equal(plan.services.length, 1);
      assert.equal(plan.services[0]?.organisationName, 'Shelter A TN');
      assert.equal(plan.services[0]?.notes, 'Bed in room 3');
      assert.equal((await post(`/partner/referrals/${id}/complete`, { version: '2' })).statusCode, 303);
      assert.equal((await env.app.inject({ method: 'GET', url: `/partner/referrals/${id}`, headers: { cookie: a.cookie } })).statusCode, 404);
      assert.equal((await env.app.inject({ method: 'GET', url: `/api/v1/referrals/${id}`, headers: { cookie: a.cookie } })).statusCode, 404);
      assert.equal((await post(`/partner/referrals/${id}/services`, { service: 'safe_accommodation', deliveredOn: '2026-11-21' })).statusCode, 404);
      // Staff cannot revive an ended referral either.
      await assert.rejects(
        service.staffTransition(env.ctx, {
          actor: w.auth.worker,
          record: await caseRow(env, caseId),
          referralId: id,
          transition: 'revoke',
          input: { version: 3, reason: 'other' },
        }),
        {
          code: 'INVALID_TRANSITION',
        },
      );
    });

    it('ends access on decline and on revocation; staff cannot accept, partners cannot revoke', async () => {
      const caseId = await openAnotherCase(env, w);
      await giveSharingConsent(env, w, w.shelter, caseId);
      const d = await refer(w.shelter, {}, caseId);
      assert.equal(
        await service.partnerTransition(env.ctx, {
          actor: w.auth.partnerA,
          referralId: d,
          transition: 'decline',
          input: { version: 1, reason: 'no_capacity' },
        }),
        'declined',
      );
      await assert.rejects(service.partnerReferralView(env.ctx, { user: w.auth.partnerA, referralId: d, via: 'test' }), { code: 'NOT_FOUND' });
      const r = await refer(w.shelter, {}, caseId);
      await assert.rejects(
        service.staffTransition(env.ctx, {
          actor: w.auth.worker,
          record: await caseRow(env, caseId),
          referralId: r,
          transition: 'accept' as 'revoke',
          input: { version: 1 },
        }),
        {
          code: 'FORBIDDEN',
        },
      );
      await assert.rejects(
        service.partnerTransition(env.ctx, { actor: w.auth.partnerA, referralId: r, transition: 'revoke' as 'accept', input: { version: 1 } }),
        { code: 'FORBIDDEN' },
      );
      const s = w.sessions.worker;
      const res = await env.app.inject({
        method: 'POST',
        url: `/staff/cases/${caseId}/referrals/${r}/revoke`,
        headers: { ...FORM, cookie: s.cookie },
        payload: form({ _csrf: s.csrf, version: '1', reason: 'no_longer_needed' }),
      });
      assert.equal(res.statusCode, 303);
      await assert.rejects(service.partnerReferralView(env.ctx, { user: w.auth.partnerA, referralId: r, via: 'test' }), { code: 'NOT_FOUND' });
      const staffView = await service.caseReferrals(env.ctx, { id: caseId });
      assert.deepEqual(staffView.map((x) => [x.status, x.declineReason, x.endReason]).sort(), [
        ['declined', 'no_capacity', null],
        ['revoked', null, 'no_longer_needed'],
      ]);
    });

    it('refuses a stale transition: two partner users accepting at once, one wins', async () => {
      const caseId = await openAnotherCase(env, w);
      await giveSharingConsent(env, w, w.shelter, caseId);
      const id = await refer(w.shelter, {}, caseId);
      const results = await Promise.allSettled([
        service.partnerTransition(env.ctx, { actor: w.auth.partnerA, referralId: id, transition: 'accept', input: { version: 1 } }),
        service.partnerTransition(env.ctx, { actor: w.auth.partnerA, referralId: id, transition: 'decline', input: { version: 1, reason: 'other' } }),
      ]);
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      assert.ok(['STALE_VERSION', 'INVALID_TRANSITION'].includes(rejected.reason.code));
      const s = w.sessions.worker;
      const stale = await env.app.inject({
        method: 'POST',
        url: `/api/v1/cases/${caseId}/referrals/${id}/revoke`,
        headers: { 'content-type': 'application/json', cookie: s.cookie, 'x-csrf-token': s.csrf },
        payload: { version: 1, reason: 'other' },
      });
      assert.equal(stale.statusCode, 409);
      assert.equal(stale.json().error.code, 'STALE_VERSION');
    });

    it('checks the data-sharing agreement through the injectable partner directory', async () => {
      const caseId = await openAnotherCase(env, w);
      await giveSharingConsent(env, w, w.shelter, caseId);
      const id = await refer(w.shelter, {}, caseId);
      const previous = setPartnerDirectory({
        findPartnersForNeed: defaultPartnerDirectory.findPartnersForNeed,
        assertAgreementValid: async () => {
          throw Object.assign(new Error('expired'), { code: 'AGREEMENT_EXPIRED' });
        },
      });
      try {
        await assert.rejects(refer(w.shelter, {}, caseId), { code: 'AGREEMENT_EXPIRED' });
        await assert.rejects(service.partnerReferralView(env.ctx, { user: w.auth.partnerA, referralId: id, via: 'test' }), { code: 'NOT_FOUND' });
      } finally {
        setPartnerDirectory(previous);
      }
    });

    it('refuses, on the server, a referral to a partner whose data-sharing agreement has expired, even with consent', async () => {
      const expired = await createPartner(env.ctx, 'Expired agreement shelter', w.officeId, { agreement: 'expired' });
      const none = await createPartner(env.ctx, 'No agreement shelter', w.officeId, { agreement: 'none' });
      const caseId = await openAnotherCase(env, w);
      // Each refusal says why: the agreement ended (on its date, with who can renew it), or there is none.
      await giveSharingConsent(env, w, expired, caseId);
      await assert.rejects(refer(expired, {}, caseId), (e: { code?: string; messageKey?: string; values?: { date?: unknown } }) => {
        assert.equal(e.code, 'PARTNER_AGREEMENT_EXPIRED');
        assert.equal(e.messageKey, 'partners.errors.agreementEndedOn');
        assert.ok(e.values?.date instanceof Date);
        return true;
      });
      await giveSharingConsent(env, w, none, caseId);
      await assert.rejects(refer(none, {}, caseId), { code: 'PARTNER_AGREEMENT_MISSING' });
      const t = env.ctx.i18n.translator('fr', 'UTC');
      const said = t('partners.errors.agreementEndedOn', { date: new Date('2026-06-30T12:00:00Z') });
      assert.match(said, /30 juin 2026/);
      assert.match(said, /superviseur/);
      const stored = await env.ctx.db.selectFrom('referrals').select('id').where('case_id', '=', caseId).execute();
      assert.equal(stored.length, 0);
    });

    it('records an incoming referral in HTCDS terms, without any grant', async () => {
      const caseId = await openAnotherCase(env, w);
      const id = await service.recordIncomingReferral(env.ctx, {
        actor: w.auth.worker,
        record: await caseRow(env, caseId),
        input: {
          organisationId: w.clinic,
          referralDate: '2026-11-01',
          reason: 'MigrationOrChangeOfLocation',
          details: 'Came by bus',
        },
      });
      const row = await env.ctx.db.selectFrom('referrals').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(row.direction, 'incoming');
      assert.equal(row.grant_enc, null);
      await assert.rejects(service.partnerReferralView(env.ctx, { user: w.auth.partnerB, referralId: id, via: 'test' }), { code: 'NOT_FOUND' });
      await giveSharingConsent(env, w, w.shelter, caseId);
      await refer(w.shelter, {}, caseId);
      const api = await env.app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}/referrals`, headers: { cookie: w.sessions.worker.cookie } });
      const htcds = api.json().referrals.map((r: { htcds: Record<string, string> }) => r.htcds);
      assert.ok(
        htcds.some(
          (h: Record<string, string>) =>
            h.cas_ReferringOrganisation === 'Clinic B TN' &&
            h.cas_IncomingReferralDate === '2026-11-01' &&
            h.cas_ReasonForIncomingReferral === 'MigrationOrChangeOfLocation',
        ),
      );
      assert.ok(
        htcds.some(
          (h: Record<string, string>) => h.cas_ReferredOrganisation === 'Shelter A TN' && h.cas_ReasonForOutgoingReferral === 'AdditionalServicesRequired',
        ),
      );
    });

    it('refers only to an active partner the directory offers for the case office', async () => {
      const caseId = await openAnotherCase(env, w);
      const elsewhere = await createOrganisation(env.ctx, 'Far away partner', w.otherOfficeId);
      await giveSharingConsent(env, w, elsewhere, caseId);
      await assert.rejects(refer(elsewhere, {}, caseId), { code: 'VALIDATION' });
      await env.ctx.db.updateTable('organisations').set({ is_partner: 0 }).where('id', '=', w.clinic).execute();
      try {
        await giveSharingConsent(env, w, w.clinic, caseId);
        await assert.rejects(refer(w.clinic, {}, caseId), { code: 'VALIDATION' });
      } finally {
        await env.ctx.db.updateTable('organisations').set({ is_partner: 1 }).where('id', '=', w.clinic).execute();
      }
    });

    it('raises a follow-up once for a referral unanswered for a week', async () => {
      const caseId = await openAnotherCase(env, w);
      await giveSharingConsent(env, w, w.shelter, caseId);
      const id = await refer(w.shelter, {}, caseId);
      await env.ctx.db.updateTable('referrals').set({ referral_date: '2026-01-01' }).where('id', '=', id).execute();
      assert.ok((await service.raiseReferralFollowUps(env.ctx)) >= 1);
      assert.equal(await service.raiseReferralFollowUps(env.ctx), 0);
      const view = (await service.caseReferrals(env.ctx, { id: caseId })).find((r) => r.id === id);
      assert.equal(view?.followUpDue, true);
    });
  });
}
