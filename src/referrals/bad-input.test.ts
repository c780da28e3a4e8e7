import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { createTestEnv, DIALECTS, type TestEnv } from '../../test/helper.js';
import { addObjective, addPlanAction } from '../plans/plans.service.js';
import { createReferral } from './referrals.service.js';
import { buildWorld, caseRow, giveSharingConsent, REFERRAL_INPUT, type World } from './world.fixture.js';

const KEYS = [
  'organisationId',
  'service',
  'reason',
  'details',
  'fields',
  'needsSummary',
  'safeContact',
  'medicalNotes',
  'overrideReason',
  'referralDate',
  'version',
  'splType',
  'objective',
  'plannedEndDate',
  'status',
  'type',
  'description',
  'ownerId',
  'dueDate',
  'objectiveId',
  'deliveredOn',
  'notes',
  'actionId',
  '__proto__',
  'constructor',
  'x[y]',
];

/** Values that reach deep: valid codes mixed with hostile strings. */
function values(ids: string[]) {
  return fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 30 }),
    fc.constantFrom('', ' ', '\u0000', 'null', '-1', '0', '1', '2', '1e400', 'NaN', '2026-02-31', '2026-11-30', '9999-99-99', 'x'.repeat(3000)),
    fc.constantFrom(
      'safe_accommodation',
      'medical',
      'Other',
      'AdditionalServicesRequired',
      'pending',
      'done',
      'open',
      'no_capacity',
      'other',
      'Health',
      'firstName',
      'medicalNotes',
      'ageBand',
    ),
    fc.constantFrom(...ids),
    fc.array(fc.constantFrom('firstName', 'ageBand', 'medicalNotes', 'bogus', ''), { maxLength: 5 }),
  );
}

function body(ids: string[]) {
  return fc.dictionary(fc.constantFrom(...KEYS), values(ids), { maxKeys: 10 });
}

function urlencoded(o: Record<string, unknown>, csrf: string): string {
  const p = new URLSearchParams();
  p.append('_csrf', csrf);
  for (const [k, v] of Object.entries(o)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, String(x));
  return p.toString();
}

for (const dialect of DIALECTS) {
  describe(`plans and referrals never fail on bad input (${dialect})`, () => {
    let env: TestEnv;
    let w: World;
    let params: Record<string, string>;
    before(async () => {
      env = await createTestEnv(dialect);
      w = await buildWorld(env);
      const record = await caseRow(env, w.caseId);
      await giveSharingConsent(env, w, w.shelter);
      const referralId = await createReferral(env.ctx, { actor: w.auth.worker, record, input: { ...REFERRAL_INPUT, organisationId: w.shelter } });
      const objectiveId = await addObjective(env.ctx, { actor: w.auth.worker, record, input: { splType: 'Health', objective: 'Recover' } });
      const actionId = await addPlanAction(env.ctx, { actor: w.auth.worker, record, input: { type: 'medical', description: 'Check-up' } });
      params = { caseId: w.caseId, referralId, objectiveId, actionId };
    });
    after(async () => env.close());

    it('answers every form and API body with a 4xx or success, never a 500', async () => {
      const routes = [...env.app.routeAccess.values()].filter(
        (r) => r.method === 'POST' && /^\/(staff\/cases\/:id\/(plan|referrals)|partner|api\/v1\/(cases\/:id\/(plan|referrals)|referrals))/.test(r.url),
      );
      assert.ok(routes.length >= 20);
      const ids = [
        w.shelter,
        w.clinic,
        w.users.worker.id,
        w.users.foreignWorker.id,
        params.objectiveId ?? '',
        params.actionId ?? '',
        '00000000-0000-7000-8000-000000000000',
      ];
      for (const r of routes) {
        const partner = r.url.startsWith('/partner') || r.url.startsWith('/api/v1/referrals');
        const s = partner ? w.sessions.partnerA : w.sessions.supervisor;
        const url = r.url
          .replace(':id', partner ? (params.referralId ?? '') : (params.caseId ?? ''))
          .replace(':referralId', params.referralId ?? '')
          .replace(':objectiveId', params.objectiveId ?? '')
          .replace(':actionId', params.actionId ?? '');
        const api = r.url.startsWith('/api/');
        await fc.assert(
          fc.asyncProperty(api ? fc.oneof(body(ids), fc.jsonValue({ maxDepth: 3 })) : body(ids), async (b) => {
            const res = api
              ? await env.app.inject({
                  method: 'POST',
                  url,
                  headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' },
                  payload: JSON.stringify(b),
                })
              : await env.app.inject({
                  method: 'POST',
                  url,
                  headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
                  payload: urlencoded(b as Record<string, unknown>, s.csrf),
                });
            if (res.statusCode >= 500) throw new Error(`${r.url}: ${res.statusCode} for ${JSON.stringify(b).slice(0, 300)}`);
          }),
          { numRuns: 40 },
        );
      }
      // Malformed JSON and wrong media types are client errors too.
      const s = w.sessions.supervisor;
      for (const payload of ['{', 'null', '[]', '"x"', '1']) {
        const res = await env.app.inject({
          method: 'POST',
          url: `/api/v1/cases/${w.caseId}/referrals`,
          headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' },
          payload,
        });
        assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${payload}: ${res.statusCode}`);
      }
      const bogusIds = await env.app.inject({ method: 'GET', url: '/partner/referrals/not-an-id', headers: { cookie: w.sessions.partnerA.cookie } });
      assert.equal(bogusIds.statusCode, 404);
    });
  });
}
