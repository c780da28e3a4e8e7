import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { createOffice, createTestEnv, DIALECTS, FORM, form, type TestEnv } from '../../test/helper.js';
import { newCase, staff } from '../../test/support/cases.js';

/** Values a form or a JSON body might carry, hostile or just wrong. */
const value = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('', ' ', 'yes', 'no', '1', '-1', '0', '9999999999999', 'NaN', '2026-02-30', '2026-11-20', 'labour', 'screening', 'sharing', 'high', 'approve', 'solution', 'Active', '__proto__', 'constructor', '<script>', "' OR 1=1 --", '\u0000', '01900000-0000-7000-8000-000000000000'),
  fc.array(fc.string({ maxLength: 10 }), { maxLength: 4 }),
);
const FIELDS = ['version', 'firstName', 'lastName', 'birthDate', 'estimatedAge', 'gender', 'citizenship', 'phone', 'email', 'purpose', 'given', 'organisationId', 'explained', 'childAssent', 'guardianConsent', 'acts', 'means', 'purposes', 'indicators', 'exploitation', 'overrideReason', 'status', 'decisionOrg', 'ownerId', 'stage', 'reason', 'note', 'ageStatus', 'doubt', 'kind', 'name', 'appointedOn', 'biaOn', 'summary', 'question', 'decision', 'panel', 'rationale', 'decidedOn', 'familyOn', 'familyAgrees', 'familyAble', 'outcome', 'assessedOn', 'riskToLife', 'needs', 'individualRisk', 'riskLevel', 'body', 'dueOn', 'required', 'text', 'source', 'mayBeChild', 'confirmed', 'role', 'details', 'number', 'page', 'minors', 'risk', 'due', 'owner'];
const body = fc.dictionary(fc.constantFrom(...FIELDS), value, { maxKeys: 12 });

for (const dialect of DIALECTS) {
  describe(`case forms and API bodies under bad input (${dialect})`, () => {
    let env: TestEnv;
    before(async () => {
      env = await createTestEnv(dialect);
    });
    after(async () => env.close());

    it('never answers 500 on any case form or API route', async () => {
      const officeId = await createOffice(env.ctx, 'TN', 'TN');
      const sup = await staff(env, 'supervisor', officeId);
      const adult = await newCase(env, sup.id, { officeId });
      const child = await newCase(env, sup.id, { officeId, mayBeChild: true });
      const routes = [...env.app.routeAccess.values()].filter((r) => (r.url.startsWith('/staff/cases') || r.url.startsWith('/api/v1/cases')) && r.method !== 'GET');
      const gets = [...env.app.routeAccess.values()].filter((r) => (r.url === '/staff/cases' || r.url === '/api/v1/cases') && r.method === 'GET');
      for (const r of [...routes, ...gets]) {
        await fc.assert(
          fc.asyncProperty(body, fc.boolean(), fc.boolean(), async (b, json, isChild) => {
            const url = r.url.replace(':id', isChild ? child.id : adult.id).replace(/:[a-z]+/g, '01900000-0000-7000-8000-000000000000');
            let res: Awaited<ReturnType<typeof env.app.inject>>;
            if (r.method === 'GET') {
              const qs = new URLSearchParams();
              for (const [k, v] of Object.entries(b)) for (const x of Array.isArray(v) ? v : [v]) qs.append(k, x);
              res = await env.app.inject({ method: 'GET', url: `${url}?${qs.toString()}`, headers: { cookie: sup.cookie } });
            } else if (json) {
              res = await env.app.inject({ method: r.method as 'POST', url, headers: { cookie: sup.cookie, 'x-csrf-token': sup.csrf, 'content-type': 'application/json' }, payload: JSON.stringify(b) });
            } else {
              const data: Record<string, string | string[]> = { _csrf: sup.csrf };
              for (const [k, v] of Object.entries(b)) data[k] = Array.isArray(v) ? v : String(v);
              res = await env.app.inject({ method: r.method as 'POST', url, headers: { cookie: sup.cookie, ...FORM }, payload: form(data) });
            }
            assert.ok(res.statusCode < 500, `${r.method} ${r.url} → ${res.statusCode} with ${JSON.stringify(b)} (${json ? 'json' : 'form'}): ${res.body.slice(0, 300)}`);
          }),
          { numRuns: 12, seed: 20261128 },
        );
      }
      // Malformed JSON and wrong content types are client errors too.
      const bad = await env.app.inject({ method: 'POST', url: `/api/v1/cases/${adult.id}/notes`, headers: { cookie: sup.cookie, 'x-csrf-token': sup.csrf, 'content-type': 'application/json' }, payload: '{"body":' });
      assert.equal(bad.statusCode, 400);
    });
  });
}
