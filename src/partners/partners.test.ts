import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { createOffice, createOrganisation, createTestEnv, createUser, DIALECTS, FORM, form, type Signed, sessionFor, type TestEnv } from '../../test/helper.js';
import { RuleError } from '../platform/http/errors.js';
import { seedDemo } from '../demo/seed-demo.js';
import { SERVICE_CODES, SERVICES } from './partners.schema.js';
import { agreementState, assertAgreementValid, coverage, findPartnersForNeed } from './partners.service.js';
import { canReceiveReferrals, partnersReferralDirectory } from './referral-directory.service.js';
import { daysFromToday, seedAgreement, seedService } from './test-fixtures.js';

async function refusal(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    assert.ok(e instanceof RuleError, `expected a RuleError, got ${String(e)}`);
    return e.code;
  }
}

describe('partner agreement state (pure)', () => {
  it('counts the expiry day as the last day in force and the next day as expired', () => {
    const a = [{ signed_on: '2026-01-01', expires_on: '2026-06-30' }];
    assert.equal(agreementState(a, '2026-06-30').state, 'expiring');
    assert.equal(agreementState(a, '2026-07-01').state, 'expired');
    assert.equal(agreementState(a, '2026-03-01').state, 'valid');
    assert.equal(agreementState(a, '2025-12-31').state, 'not_yet');
    assert.equal(agreementState([], '2026-03-01').state, 'none');
  });

  it('uses a renewed agreement over an expired one', () => {
    const a = [
      { signed_on: '2025-01-01', expires_on: '2025-12-31' },
      { signed_on: '2026-01-01', expires_on: '2027-12-31' },
    ];
    assert.deepEqual(agreementState(a, '2026-05-01'), { state: 'valid', expiresOn: '2027-12-31' });
  });

  it('maps every service to an HTCDS support-plan type', () => {
    const htcds = new Set(['Education', 'Financial', 'Health', 'LabourExploitationRehabilitation', 'Legal', 'Livelihood', 'RightsBasedTraining', 'SexualExploitationRehabilitation', 'SocialCare']);
    for (const code of SERVICE_CODES) assert.ok(htcds.has(SERVICES[code]), code);
    assert.deepEqual(new Set(Object.values(SERVICES)), htcds);
  });
});

for (const dialect of DIALECTS) {
  describe(`partner network (${dialect})`, () => {
    let env: TestEnv;
    let officeId: string;
    let admin: Signed;
    before(async () => {
      env = await createTestEnv(dialect);
      officeId = await createOffice(env.ctx);
      admin = await sessionFor(env.ctx, (await createUser(env.ctx, { roles: ['administrator'] })).id);
    });
    after(async () => env.close());

    it('refuses a referral gate check on the server when the agreement has expired', async () => {
      const org = await createOrganisation(env.ctx, 'Expired Shelter', officeId);
      await seedAgreement(env.ctx, org, daysFromToday(-400), daysFromToday(-1));
      assert.equal(await refusal(assertAgreementValid(env.ctx.db, org)), 'PARTNER_AGREEMENT_EXPIRED');
      // On a day when it was still in force, the same agreement lets the referral through.
      assert.equal(await refusal(assertAgreementValid(env.ctx.db, org, `${daysFromToday(-2)}T10:00:00Z`)), undefined);
    });

    it('refuses when there is no agreement, or only a withdrawn one, and accepts one in force', async () => {
      const none = await createOrganisation(env.ctx, 'No Agreement', officeId);
      assert.equal(await refusal(assertAgreementValid(env.ctx.db, none)), 'PARTNER_AGREEMENT_MISSING');
      const withdrawn = await createOrganisation(env.ctx, 'Withdrawn', officeId);
      await seedAgreement(env.ctx, withdrawn, daysFromToday(-10), daysFromToday(300), true);
      assert.equal(await refusal(assertAgreementValid(env.ctx.db, withdrawn)), 'PARTNER_AGREEMENT_MISSING');
      const ok = await createOrganisation(env.ctx, 'In Force', officeId);
      await seedAgreement(env.ctx, ok, daysFromToday(-10), daysFromToday(300));
      assert.equal(await refusal(assertAgreementValid(env.ctx.db, ok)), undefined);
      assert.equal(await refusal(assertAgreementValid(env.ctx.db, ok, new Date())), undefined);
    });

    it('finds partners for a need, children apart, language exact, blocked ones last', async () => {
      const a = await createOrganisation(env.ctx, 'Child Shelter', officeId);
      await seedService(env.ctx, a, { service: 'safe_accommodation', country: 'MA', forChildren: true, languages: ['ar'], free: 3 });
      await seedAgreement(env.ctx, a, daysFromToday(-5), daysFromToday(100));
      const b = await createOrganisation(env.ctx, 'Adult Shelter Expired', officeId);
      await seedService(env.ctx, b, { service: 'safe_accommodation', country: 'MA', forChildren: true, languages: ['ar', 'fr'], free: 9 });
      await seedAgreement(env.ctx, b, daysFromToday(-500), daysFromToday(-20));
      const c = await createOrganisation(env.ctx, 'Adults Only', officeId);
      await seedService(env.ctx, c, { service: 'safe_accommodation', country: 'MA', languages: ['fr'], free: 1 });
      await seedAgreement(env.ctx, c, daysFromToday(-5), daysFromToday(100));

      const forChild = await findPartnersForNeed(env.ctx.db, { country: 'MA', service: 'safe_accommodation', forChild: true });
      assert.deepEqual(
        forChild.map((m) => [m.organisationName, m.agreement.allowsReferral]),
        [
          ['Child Shelter', true],
          ['Adult Shelter Expired', false],
        ],
      );
      const french = await findPartnersForNeed(env.ctx.db, { country: 'MA', service: 'safe_accommodation', forChild: false, language: 'fr' });
      assert.deepEqual(french.map((m) => m.organisationName).sort(), ['Adult Shelter Expired', 'Adults Only']);
      assert.deepEqual(await findPartnersForNeed(env.ctx.db, { country: 'MA', service: 'medical', forChild: false }), []);
      assert.deepEqual(await findPartnersForNeed(env.ctx.db, { country: 'MA', service: "x' or 1=1 --", forChild: false }), []);
      assert.deepEqual(await findPartnersForNeed(env.ctx.db, { country: 'MA', service: 'safe_accommodation', forChild: false, language: '%' }), french.length ? await findPartnersForNeed(env.ctx.db, { country: 'MA', service: 'safe_accommodation', forChild: false }) : []);
    });

    it('offers the referral step only partners that can receive a referral, for the office’s country', async () => {
      const ml = await createOffice(env.ctx, 'ML', 'ML');
      const ok = await createOrganisation(env.ctx, 'Reintegration Partner', ml);
      await seedService(env.ctx, ok, { service: 'return_reintegration', country: 'ML', forChildren: true });
      await seedAgreement(env.ctx, ok, daysFromToday(-5), daysFromToday(100));
      const blocked = await createOrganisation(env.ctx, 'Blocked Partner', ml);
      await seedService(env.ctx, blocked, { service: 'return_reintegration', country: 'ML' });
      await seedAgreement(env.ctx, blocked, daysFromToday(-500), daysFromToday(-1));
      const found = await partnersReferralDirectory.findPartnersForNeed(env.ctx.db, { officeId: ml, service: 'durable_solution' });
      assert.deepEqual(found.map((p) => p.name), ['Reintegration Partner']);
      assert.deepEqual((await partnersReferralDirectory.findPartnersForNeed(env.ctx.db, { officeId: ml })).map((p) => p.name), ['Reintegration Partner']);
      assert.deepEqual(await partnersReferralDirectory.findPartnersForNeed(env.ctx.db, { officeId: ml, service: 'medical' }), []);
      await assert.rejects(partnersReferralDirectory.assertAgreementValid(env.ctx.db, blocked, new Date().toISOString()), RuleError);
      assert.equal(await canReceiveReferrals(env.ctx.db, ok), true);
      assert.equal(await canReceiveReferrals(env.ctx.db, blocked), false);
    });

    it('shows coverage gaps per country, counting only partners able to receive referrals', async () => {
      const org = await createOrganisation(env.ctx, 'Clinic', officeId);
      await seedService(env.ctx, org, { service: 'medical', country: 'SN', region: 'Dakar' });
      await seedAgreement(env.ctx, org, daysFromToday(-5), daysFromToday(100));
      const expired = await createOrganisation(env.ctx, 'Lawyers', officeId);
      await seedService(env.ctx, expired, { service: 'legal', country: 'SN', forChildren: true });
      await seedAgreement(env.ctx, expired, daysFromToday(-500), daysFromToday(-1));
      const rows = await coverage(env.ctx.db, 'SN');
      const medical = rows.find((r) => r.service === 'medical');
      const legal = rows.find((r) => r.service === 'legal');
      assert.deepEqual([medical?.adults, medical?.children, medical?.gap, medical?.regions], [1, 0, 'children', ['Dakar']]);
      assert.deepEqual([legal?.adults, legal?.blocked, legal?.gap], [0, 1, 'all']);
      assert.equal(rows.length, SERVICE_CODES.length);
      const page = await env.app.inject({ method: 'GET', url: '/staff/partners/coverage?country=SN', headers: { cookie: admin.cookie } });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /No partner for children/);
      assert.doesNotMatch(page.body, /⟦/);
    });

    it('lets an administrator record services and an agreement through the forms, with the audit trail', async () => {
      const org = await createOrganisation(env.ctx, 'Form Partner', officeId);
      const bad = await env.app.inject({ method: 'POST', url: `/staff/partners/${org}/services`, headers: { cookie: admin.cookie, ...FORM }, payload: form({ _csrf: admin.csrf, service: 'medical', country: 'TN', languages: 'ar', capacityTotal: '2', capacityFree: '5', for: 'adults' }) });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /Free places cannot be more than places in total/);
      const ok = await env.app.inject({ method: 'POST', url: `/staff/partners/${org}/services`, headers: { cookie: admin.cookie, ...FORM }, payload: form({ _csrf: admin.csrf, service: 'medical', country: 'TN', region: 'Sfax', languages: ['ar', 'fr'], for: ['adults', 'children'], capacityTotal: '5', capacityFree: '2' }) });
      assert.equal(ok.statusCode, 303);
      const wrongDates = await env.app.inject({ method: 'POST', url: `/staff/partners/${org}/agreements`, headers: { cookie: admin.cookie, ...FORM }, payload: form({ _csrf: admin.csrf, signedOn: '2026-05-01', expiresOn: '2026-04-01' }) });
      assert.equal(wrongDates.statusCode, 400);
      const agreement = await env.app.inject({ method: 'POST', url: `/staff/partners/${org}/agreements`, headers: { cookie: admin.cookie, ...FORM }, payload: form({ _csrf: admin.csrf, reference: 'DSA-7', signedOn: daysFromToday(-1), expiresOn: daysFromToday(365) }) });
      assert.equal(agreement.statusCode, 303);
      await assertAgreementValid(env.ctx.db, org);
      const profile = await env.app.inject({ method: 'GET', url: `/staff/partners/${org}`, headers: { cookie: admin.cookie } });
      assert.match(profile.body, /Medical care/);
      assert.match(profile.body, /2 free of 5/);
      assert.match(profile.body, /DSA-7/);
      const events = await env.ctx.db.selectFrom('audit_events').select('type').where('subject_id', '=', org).execute();
      assert.deepEqual(events.map((e) => e.type).sort(), ['partner.agreement_recorded', 'partner.service_added']);

      // Withdrawing closes the gate at once.
      const row = await env.ctx.db.selectFrom('partner_agreements').select(['id', 'version']).where('organisation_id', '=', org).executeTakeFirstOrThrow();
      // The first press only asks: it says what withdrawing does, and nothing changes yet.
      const withdrawUrl = `/staff/partners/${org}/agreements/${row.id}/withdraw`;
      const ask = await env.app.inject({ method: 'POST', url: withdrawUrl, headers: { cookie: admin.cookie, ...FORM }, payload: form({ _csrf: admin.csrf, version: String(row.version) }) });
      assert.equal(ask.statusCode, 200);
      assert.match(ask.body, /Withdraw this data-sharing agreement\?/);
      assert.match(ask.body, /DSA-7/);
      assert.match(ask.body, /no referral can be made to this organisation/);
      assert.match(ask.body, /name="confirmed" value="1"/);
      await assertAgreementValid(env.ctx.db, org);
      const w = await env.app.inject({ method: 'POST', url: withdrawUrl, headers: { cookie: admin.cookie, ...FORM }, payload: form({ _csrf: admin.csrf, version: String(row.version), confirmed: '1' }) });
      assert.equal(w.statusCode, 303);
      assert.equal(await refusal(assertAgreementValid(env.ctx.db, org)), 'PARTNER_AGREEMENT_MISSING');
    });

    it('refuses an edit saved over someone else’s (stale version)', async () => {
      const org = await createOrganisation(env.ctx, 'Versioned', officeId);
      const sid = await seedService(env.ctx, org, { service: 'legal' });
      const body = { _csrf: admin.csrf, service: 'legal', country: 'TN', languages: 'ar', for: 'adults', version: '1' };
      const first = await env.app.inject({ method: 'POST', url: `/staff/partners/${org}/services/${sid}`, headers: { cookie: admin.cookie, ...FORM }, payload: form(body) });
      assert.equal(first.statusCode, 303);
      const second = await env.app.inject({ method: 'POST', url: `/staff/partners/${org}/services/${sid}`, headers: { cookie: admin.cookie, ...FORM }, payload: form(body) });
      assert.equal(second.statusCode, 409);
    });

    it('keeps a supervisor to the partners of their own office', async () => {
      const other = await createOffice(env.ctx, 'SN', 'SN');
      const theirs = await createOrganisation(env.ctx, 'Other Office Partner', other);
      const mine = await createOrganisation(env.ctx, 'My Office Partner', officeId);
      const sup = await sessionFor(env.ctx, (await createUser(env.ctx, { roles: ['supervisor'], officeId })).id);
      assert.equal((await env.app.inject({ method: 'GET', url: `/staff/partners/${theirs}`, headers: { cookie: sup.cookie } })).statusCode, 403);
      assert.equal((await env.app.inject({ method: 'GET', url: `/staff/partners/${mine}`, headers: { cookie: sup.cookie } })).statusCode, 200);
      const list = await env.app.inject({ method: 'GET', url: '/staff/partners', headers: { cookie: sup.cookie } });
      assert.match(list.body, /My Office Partner/);
      assert.doesNotMatch(list.body, /Other Office Partner/);
    });

    it('seeds demonstration partners and a training once, with one expired agreement', async () => {
      await seedDemo(env.ctx);
      await seedDemo(env.ctx);
      const shelter = await env.ctx.db.selectFrom('organisations').select('id').where('org_name', '=', 'Maison Refuge (demo shelter)').executeTakeFirstOrThrow();
      const legal = await env.ctx.db.selectFrom('organisations').select('id').where('org_name', '=', 'Aide Juridique (demo legal aid)').executeTakeFirstOrThrow();
      assert.equal(await refusal(assertAgreementValid(env.ctx.db, shelter.id)), undefined);
      assert.equal(await refusal(assertAgreementValid(env.ctx.db, legal.id)), 'PARTNER_AGREEMENT_EXPIRED');
      const services = await env.ctx.db.selectFrom('partner_services').select('id').where('organisation_id', '=', shelter.id).execute();
      assert.equal(services.length, 2);
    });

    it('never answers bad input on the partner forms with a server error', async () => {
      const org = await createOrganisation(env.ctx, 'Fuzzed', officeId);
      const sid = await seedService(env.ctx, org);
      const aid = await seedAgreement(env.ctx, org, '2026-01-01', '2027-01-01');
      const fields = ['service', 'country', 'region', 'for', 'languages', 'capacityTotal', 'capacityFree', 'contactName', 'contactPhone', 'contactEmail', 'active', 'version', 'reference', 'signedOn', 'expiresOn', '__proto__', 'constructor'];
      const value = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('', '0', '-1', '1e9', '99999999999', '2026-02-30', '9999-99-99', 'TN', 'adults', 'ar', 'medical', '<script>'), fc.array(fc.string({ maxLength: 8 }), { maxLength: 4 }));
      const urls = [`/staff/partners/${org}/services`, `/staff/partners/${org}/services/${sid}`, `/staff/partners/${org}/agreements`, `/staff/partners/${org}/agreements/${aid}/withdraw`];
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...urls), fc.dictionary(fc.constantFrom(...fields), value, { maxKeys: 8 }), async (url, body) => {
          const r = await env.app.inject({ method: 'POST', url, headers: { cookie: admin.cookie, ...FORM }, payload: form({ ...(body as Record<string, string | string[]>), _csrf: admin.csrf }) });
          assert.ok(r.statusCode < 500, `${url} → ${r.statusCode}`);
        }),
        { numRuns: 60 },
      );
      await fc.assert(
        fc.asyncProperty(fc.string({ maxLength: 60 }), fc.string({ maxLength: 10 }), async (country, service) => {
          const r = await env.app.inject({ method: 'GET', url: `/staff/partners/coverage?country=${encodeURIComponent(country)}`, headers: { cookie: admin.cookie } });
          assert.ok(r.statusCode < 500);
          const p = await env.app.inject({ method: 'GET', url: `/staff/partners/${encodeURIComponent(service || 'x')}/services/new`, headers: { cookie: admin.cookie } });
          assert.ok(p.statusCode < 500);
        }),
        { numRuns: 30 },
      );
    });
  });
}
