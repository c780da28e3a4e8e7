import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createOffice, createTestEnv, DIALECTS, FORM, form, type TestEnv } from '../../test/helper.js';
import { ageOnOpening } from './age.policy.js';
import { DUPLICATE_HINT_ACTION } from './duplicates.service.js';
import { caseHistory } from './history.service.js';
import { caseRow, newCase, staff } from '../../test/support/cases.js';

type Who = Awaited<ReturnType<typeof staff>>;

const yearsAgo = (n: number) => `${new Date().getUTCFullYear() - n}-01-01`;

describe('the age presumption when a case is opened', () => {
  it('presumes a minor in doubt and only a "no" or an adult age clears it', () => {
    assert.deepEqual(ageOnOpening({}), { mayBeChild: true, ageStatus: 'presumed_minor' });
    assert.deepEqual(ageOnOpening({ mayBeChild: 'unknown', birthDate: yearsAgo(30) }), { mayBeChild: true, ageStatus: 'presumed_minor' });
    assert.deepEqual(ageOnOpening({ mayBeChild: 'yes' }), { mayBeChild: true, ageStatus: 'presumed_minor' });
    assert.deepEqual(ageOnOpening({ mayBeChild: 'yes', birthDate: yearsAgo(16) }), { mayBeChild: true, ageStatus: 'claimed' });
    assert.deepEqual(ageOnOpening({ mayBeChild: 'no', birthDate: yearsAgo(16) }), { mayBeChild: true, ageStatus: 'claimed' });
    assert.deepEqual(ageOnOpening({ mayBeChild: 'no', estimatedAge: 15 }), { mayBeChild: true, ageStatus: 'presumed_minor' });
    assert.deepEqual(ageOnOpening({ mayBeChild: 'no', birthDate: yearsAgo(30) }), { mayBeChild: false, ageStatus: 'claimed' });
    assert.deepEqual(ageOnOpening({ mayBeChild: 'no' }), { mayBeChild: false });
    assert.deepEqual(ageOnOpening({ estimatedAge: 40 }), { mayBeChild: false });
  });
});

for (const dialect of DIALECTS) {
  describe(`opening a case through the form and the API, and the duplicate hint (${dialect})`, () => {
    let env: TestEnv;
    let officeId: string;
    let otherOfficeId: string;
    let worker: Who;
    before(async () => {
      env = await createTestEnv(dialect);
      officeId = await createOffice(env.ctx, 'TN', 'TN');
      otherOfficeId = await createOffice(env.ctx, 'CI', 'CI');
      worker = await staff(env, 'case_worker', officeId);
    });
    after(async () => env.close());

    const viaForm = async (fields: Record<string, string>) => {
      const res = await env.app.inject({
        method: 'POST',
        url: '/staff/cases/new',
        headers: { cookie: worker.cookie, ...FORM },
        payload: form({ _csrf: worker.csrf, source: 'self', confirmed: '1', ...fields }),
      });
      assert.equal(res.statusCode, 303, res.body.slice(0, 300));
      return caseRow(env, String(res.headers.location).split('/').pop() as string);
    };
    const viaApi = async (fields: Record<string, string | number>) => {
      const res = await env.app.inject({
        method: 'POST',
        url: '/api/v1/cases',
        headers: { cookie: worker.cookie, 'x-csrf-token': worker.csrf, 'content-type': 'application/json' },
        payload: JSON.stringify({ source: 'self', ...fields }),
      });
      assert.equal(res.statusCode, 201, res.body.slice(0, 300));
      return caseRow(env, res.json().id);
    };

    it('turns the child safeguards on through the API when no clear adult age is given, as the form does', async () => {
      const nothing = await viaApi({ firstName: 'Amadou' });
      assert.equal(nothing.is_child, 1, 'no age and no answer: presumed a child');
      assert.equal(nothing.age_status, 'presumed_minor');
      const cases: Array<Record<string, string>> = [
        { firstName: 'Awa' },
        { firstName: 'Binta', mayBeChild: 'unknown', birthDate: yearsAgo(25) },
        { firstName: 'Coumba', mayBeChild: 'no', birthDate: yearsAgo(15) },
        { firstName: 'Dieynaba', mayBeChild: 'yes' },
        { firstName: 'Fanta', mayBeChild: 'no', birthDate: yearsAgo(35) },
      ];
      for (const fields of cases) {
        const f = await viaForm(fields);
        const a = await viaApi(fields);
        assert.deepEqual([a.is_child, a.age_status], [f.is_child, f.age_status], `form and API agree for ${JSON.stringify(fields)}`);
      }
      const doubt = await viaApi({ firstName: 'Binta', mayBeChild: 'unknown', birthDate: yearsAgo(25) });
      assert.deepEqual([doubt.is_child, doubt.age_status], [1, 'presumed_minor'], 'a claimed birth date does not clear a doubt');
      const adult = await viaApi({ firstName: 'Fanta', mayBeChild: 'no', birthDate: yearsAgo(35) });
      assert.deepEqual([adult.is_child, adult.age_status], [0, 'claimed']);
    });

    it("writes an access-log row when the duplicate check points to another office's case, through the API and the form", async () => {
      const foreignWorker = await staff(env, 'case_worker', otherOfficeId);
      const theirs = await newCase(env, foreignWorker.id, {
        officeId: otherOfficeId,
        identity: { firstName: 'Mariama', lastName: 'Bah', birthDate: '1999-05-06' },
        contact: { phones: ['+225 07 55 66 77 88'] },
      });
      const weak = await newCase(env, foreignWorker.id, { officeId: otherOfficeId, identity: { firstName: 'Ousmane', lastName: 'Sy' } });
      const hints = async (caseId: string) => (await caseHistory(env.ctx, caseId)).views.filter((v) => v.action === DUPLICATE_HINT_ACTION);
      assert.equal((await hints(theirs.id)).length, 0);

      const res = await env.app.inject({
        method: 'POST',
        url: '/api/v1/cases/duplicates',
        headers: { cookie: worker.cookie, 'x-csrf-token': worker.csrf, 'content-type': 'application/json' },
        payload: JSON.stringify({ firstName: 'Mariama', lastName: 'Bah', phone: '0755667788' }),
      });
      assert.equal(res.statusCode, 200);
      assert.equal(res.json().elsewhere.length, 1);
      let rows = await hints(theirs.id);
      assert.equal(rows.length, 1, 'the hint is logged against the case it points to');
      assert.equal(rows[0]?.actor_id, worker.id, 'the log says who was told');

      const page = await env.app.inject({
        method: 'POST',
        url: '/staff/cases/new',
        headers: { cookie: worker.cookie, ...FORM },
        payload: form({ _csrf: worker.csrf, source: 'self', firstName: 'Mariama', lastName: 'Bah', birthDate: '1999-05-06' }),
      });
      assert.equal(page.statusCode, 200);
      assert.ok(page.body.includes('A possible match exists in another office'));
      rows = await hints(theirs.id);
      assert.equal(rows.length, 2, 'the form shows the same hint and logs it too');

      // A name alone is not a hint: nothing was said about the other office's case, so nothing is logged.
      const nameOnly = await env.app.inject({
        method: 'POST',
        url: '/api/v1/cases/duplicates',
        headers: { cookie: worker.cookie, 'x-csrf-token': worker.csrf, 'content-type': 'application/json' },
        payload: JSON.stringify({ firstName: 'Ousmane', lastName: 'Sy' }),
      });
      assert.deepEqual(nameOnly.json().elsewhere, []);
      assert.equal((await hints(weak.id)).length, 0);

      // The other office sees in the case's history that someone was told.
      const foreignSup = await staff(env, 'supervisor', otherOfficeId);
      const history = await env.app.inject({ method: 'GET', url: `/api/v1/cases/${theirs.id}/history`, headers: { cookie: foreignSup.cookie } });
      assert.equal(history.json().views.filter((v: { action: string }) => v.action === DUPLICATE_HINT_ACTION).length, 2);
    });
  });
}
