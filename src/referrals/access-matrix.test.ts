import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestEnv, DIALECTS, FORM, form, type TestEnv } from '../../test/helper.js';
import { addObjective, addPlanAction, recordService } from '../plans/plans.service.js';
import { createReferral } from './referrals.service.js';
import { buildWorld, caseRow, giveSharingConsent, REFERRAL_INPUT, WORLD_ROLES, type World, type WorldRole } from './world.fixture.js';

type Who = WorldRole | 'anonymous';
type Outcome = 'allowed' | 'notFound' | 'forbidden' | 'signIn';

// The partner portal's referral routes; its webhook subscriptions (/partner/webhooks) are tested with the webhooks.
const MINE = /^\/(staff\/cases\/:id\/(plan|referrals)|staff\/plans|partner(?!\/webhooks)|api\/v1\/(cases\/:id\/(plan|referrals)|plans|referrals))/;

/** What each role must get on each kind of route: case routes by case scope, partner routes by organisation and grant. */
function expected(url: string, who: Who): Outcome {
  const api = url.startsWith('/api/');
  if (who === 'anonymous') return api ? 'forbidden' : 'signIn';
  const partnerRoute = url.startsWith('/partner') || url.startsWith('/api/v1/referrals');
  const staffWorkers: Who[] = ['worker', 'worker2', 'supervisor', 'foreignSupervisor', 'foreignWorker'];
  if (partnerRoute) {
    if (who === 'partnerA') return 'allowed';
    if (who === 'partnerB') return url === '/partner' || url === '/api/v1/referrals' ? 'allowed' : 'notFound';
    return 'forbidden';
  }
  if (!staffWorkers.includes(who)) return 'forbidden';
  if (url.includes('/cases/:id')) return who === 'worker' || who === 'supervisor' ? 'allowed' : 'notFound';
  return 'allowed';
}

function classify(status: number, location: string | undefined): Outcome | 'error' {
  if (status >= 500) return 'error';
  if (status === 404) return 'notFound';
  if (status === 401 || status === 403) return 'forbidden';
  if (status === 303 && location?.startsWith('/staff/sign-in')) return 'signIn';
  return 'allowed';
}

for (const dialect of DIALECTS) {
  describe(`plans and referrals authorisation matrix (${dialect})`, () => {
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
      // A service the partner recorded on the referral: its editors and the partner may correct or withdraw it.
      const serviceId = await recordService(env.ctx, {
        actorId: w.users.partnerA.id,
        record,
        input: { service: 'medical', deliveredOn: '2026-11-20' },
        opts: { referralId, organisationId: w.shelter },
      });
      params = { caseId: w.caseId, referralId, objectiveId, actionId, serviceId };
    });
    after(async () => env.close());

    it('declares an access on every route and gives each role exactly what it may reach', async () => {
      const routes = [...env.app.routeAccess.values()].filter((r) => MINE.test(r.url));
      assert.ok(routes.length >= 30, `found ${routes.length} routes`);
      for (const r of routes) {
        const partnerRoute = r.url.startsWith('/partner') || r.url.startsWith('/api/v1/referrals');
        assert.deepEqual(r.access, { permission: partnerRoute ? 'referrals.respond' : 'cases.work' }, `${r.method} ${r.url}`);
      }
      const failures: string[] = [];
      for (const r of routes) {
        const partnerRoute = r.url.startsWith('/partner') || r.url.startsWith('/api/v1/referrals');
        const url = r.url
          .replace(':id', partnerRoute ? (params.referralId ?? '') : (params.caseId ?? ''))
          .replace(':referralId', params.referralId ?? '')
          .replace(':objectiveId', params.objectiveId ?? '')
          .replace(':actionId', params.actionId ?? '')
          .replace(':serviceId', params.serviceId ?? '');
        for (const who of ['anonymous', ...WORLD_ROLES] as Who[]) {
          const s = who === 'anonymous' ? undefined : w.sessions[who];
          const headers: Record<string, string> = s ? { cookie: s.cookie } : {};
          let payload: string | undefined;
          if (r.method === 'POST') {
            if (r.url.startsWith('/api/')) {
              headers['content-type'] = 'application/json';
              if (s) headers['x-csrf-token'] = s.csrf;
              payload = '{}';
            } else {
              Object.assign(headers, FORM);
              payload = form(s ? { _csrf: s.csrf } : {});
            }
          }
          const res = await env.app.inject({ method: r.method as 'GET' | 'POST', url, headers, ...(payload !== undefined ? { payload } : {}) });
          const got = classify(res.statusCode, res.headers.location as string | undefined);
          const want = expected(r.url, who);
          if (got !== want) failures.push(`${r.method} ${r.url} as ${who}: ${res.statusCode} (${got}), want ${want}`);
        }
      }
      assert.deepEqual(failures, []);
    });

    it('never lets analysts or partners read the case itself, even with a live referral', async () => {
      for (const who of ['analyst', 'partnerA', 'partnerB'] as const) {
        for (const path of ['plan', 'referrals']) {
          const res = await env.app.inject({ method: 'GET', url: `/api/v1/cases/${w.caseId}/${path}`, headers: { cookie: w.sessions[who].cookie } });
          assert.equal(res.statusCode, 403, `${who} ${path}`);
          assert.ok(!res.body.includes('Ama'));
        }
      }
    });
  });
}
