import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { createTestEnv, DIALECTS, type TestEnv } from '../../test/support/index.js';
import { buildWorld, caseRow, type World } from '../referrals/world.fixture.js';
import { addStatus } from './justice.service.js';
import { addCompensation, addNonPunishment } from './redress.service.js';
import { addHearing, addMeasure, linkProceeding } from './proceedings.service.js';

const KEYS = [
  'cooperation',
  'cooperationOn',
  'risk',
  'riskAction',
  'riskReviewedOn',
  'kind',
  'status',
  'appliedOn',
  'startOn',
  'endOn',
  'grantedBy',
  'reference',
  'renewal',
  'version',
  'proceedingId',
  'jurisdiction',
  'court',
  'stage',
  'stageOn',
  'outcome',
  'role',
  'testified',
  'legalReferralId',
  'heldOn',
  'place',
  'mustAttend',
  'supportPerson',
  'interpreter',
  'guardian',
  'measure',
  'requestedOn',
  'currency',
  'claimed',
  'claimedOn',
  'awarded',
  'awardedOn',
  'received',
  'receivedOn',
  'offence',
  'details',
  'requestKind',
  'decidedOn',
  'recipient',
  'sharedOn',
  'what',
  'overrideReason',
  'code',
  'label',
  'category',
  'defaultDays',
  'warnDays',
  '__proto__',
  'constructor',
];

function values(ids: string[]) {
  return fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 30 }),
    fc.constantFrom('', ' ', '\u0000', 'null', '-1', '0', '1', '2', '1e400', 'NaN', '2026-02-31', '2026-11-30', '9999-99-99', '0000-01-01', 'x'.repeat(3000)),
    fc.constantFrom(
      'reflection_period',
      'residence_victim',
      'granted',
      'ended',
      'witness',
      'criminal',
      'TN',
      'EUR',
      '99999999.99',
      '1500,5',
      'video_testimony',
      'trial',
      'declined',
      'both',
      'permit',
      'police',
    ),
    fc.constantFrom(...ids),
    fc.array(fc.constantFrom('granted', '1', '', 'x'), { maxLength: 4 }),
  );
}

const body = (ids: string[]) => fc.dictionary(fc.constantFrom(...KEYS), values(ids), { maxKeys: 10 });

function urlencoded(o: Record<string, unknown>, csrf: string): string {
  const p = new URLSearchParams();
  p.append('_csrf', csrf);
  for (const [k, v] of Object.entries(o)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, String(x));
  return p.toString();
}

for (const dialect of DIALECTS) {
  describe(`justice never fails on bad input (${dialect})`, () => {
    let env: TestEnv;
    let w: World;
    let params: Record<string, string>;
    before(async () => {
      env = await createTestEnv(dialect);
      w = await buildWorld(env);
      const record = await caseRow(env, w.caseId);
      const statusId = await addStatus(env.ctx, {
        actor: w.auth.worker,
        record,
        input: { kind: 'reflection_period', status: 'granted', startOn: '2026-11-01' },
      });
      const { proceedingId, linkId } = await linkProceeding(env.ctx, {
        actor: w.auth.worker,
        record,
        input: { role: 'witness', kind: 'criminal', jurisdiction: 'TN' },
      });
      const hearingId = await addHearing(env.ctx, { actor: w.auth.worker, record, linkId, input: { heldOn: '2026-12-20' } });
      const measureId = await addMeasure(env.ctx, { actor: w.auth.worker, record, linkId, input: { measure: 'anonymity', requestedOn: '2026-11-02' } });
      const claimId = await addCompensation(env.ctx, {
        actor: w.auth.worker,
        record,
        input: { kind: 'state_fund', currency: 'TND', claimed: '100', claimedOn: '2026-11-01' },
      });
      const requestId = await addNonPunishment(env.ctx, {
        actor: w.auth.worker,
        record,
        input: {
          offence: 'immigration',
          requestKind: 'non_prosecution',
          requestedOn: '2026-11-01',
        },
      });
      params = { id: w.caseId, statusId, linkId, hearingId, measureId, claimId, requestId, proceedingId, officeId: w.officeId };
    });
    after(async () => env.close());

    it('answers every justice form with a field error, a refusal or success, never a 500', async () => {
      const routes = [...env.app.routeAccess.values()].filter(
        (r) => r.method === 'POST' && /^\/staff\/(cases\/:id\/(legal-status|proceedings|redress)|justice)/.test(r.url),
      );
      assert.ok(routes.length >= 16, `only ${routes.length} routes`);
      const ids = [...Object.values(params), w.users.worker.id, '00000000-0000-7000-8000-000000000000'];
      const s = w.sessions.supervisor;
      for (const r of routes) {
        const url = r.url.replace(/:([A-Za-z]+)/g, (_, name: string) => params[name] ?? name);
        await fc.assert(
          fc.asyncProperty(body(ids), async (b) => {
            const res = await env.app.inject({
              method: 'POST',
              url,
              headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
              payload: urlencoded(b, s.csrf),
            });
            if (res.statusCode >= 500) throw new Error(`${r.url}: ${res.statusCode} for ${JSON.stringify(b).slice(0, 300)}`);
            if (res.statusCode === 400) assert.ok(!res.body.includes('⟦'), `${r.url}: untranslated error ${/⟦[^⟧]+⟧/.exec(res.body)?.[0]}`);
          }),
          { numRuns: 10 },
        );
      }
    });

    it('says what is wrong in the person’s language, next to the field', async () => {
      const s = w.sessions.worker;
      await env.ctx.db.updateTable('users').set({ locale: 'fr' }).where('id', '=', w.users.worker.id).execute();
      const res = await env.app.inject({
        method: 'POST',
        url: `/staff/cases/${w.caseId}/redress/compensation`,
        headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: urlencoded({ kind: 'civil_claim', currency: 'euro', claimed: '12 000 €', claimedOn: '31/12/2026' }, s.csrf),
      });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /class="error-summary"/);
      assert.match(res.body, /Saisissez un montant comme 1500/);
      assert.match(res.body, /Saisissez un code de devise/);
      assert.match(res.body, /Saisissez une date comme 2026-03-31/);
      assert.match(res.body, /value="12 000 €"/, 'what was typed is kept');
    });
  });
}
