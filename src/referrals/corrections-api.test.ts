import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestEnv, DIALECTS, type Signed, type TestEnv } from '../../test/support/index.js';
import { addNote, notesOf } from '../cases/notes.service.js';
import { loadPlan } from '../plans/plan-view.service.js';
import { recordStaffService } from '../plans/plans.service.js';
import { areaOf } from '../platform/auth/api-scopes.js';
import * as portal from './partner-portal.service.js';
import * as staff from './referrals.service.js';
import { buildWorld, caseRow, giveSharingConsent, REFERRAL_INPUT, type World } from './world.fixture.js';

for (const dialect of DIALECTS) {
  describe(`corrections through the JSON API: services and notes, with a reason and a version (${dialect})`, () => {
    let env: TestEnv;
    let w: World;
    const api = (who: Signed, url: string, body: unknown) =>
      env.app.inject({
        method: 'POST',
        url,
        headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, 'content-type': 'application/json' },
        payload: JSON.stringify(body),
      });
    before(async () => {
      env = await createTestEnv(dialect);
      w = await buildWorld(env);
    });
    after(async () => env.close());

    it('lets the case worker correct then withdraw a service; refuses no reason, a stale version, a future date and a stranger', async () => {
      const record = await caseRow(env, w.caseId);
      const id = await recordStaffService(env.ctx, {
        actor: w.auth.worker,
        record,
        input: { service: 'medical', deliveredOn: '2026-11-20', notes: 'Clinic visit' },
      });
      const url = `/api/v1/cases/${w.caseId}/plan/services/${id}`;
      const change = { service: 'medical', deliveredOn: '2026-11-19', notes: 'Clinic visit', version: 1 };
      assert.equal((await api(w.sessions.worker, `${url}/correct`, { ...change, reason: '' })).statusCode, 400);
      assert.equal((await api(w.sessions.worker, `${url}/correct`, { ...change, deliveredOn: '2099-01-01', reason: 'Date' })).statusCode, 400);
      assert.equal((await api(w.sessions.foreignWorker, `${url}/correct`, { ...change, reason: 'Date' })).statusCode, 404);
      const ok = await api(w.sessions.worker, `${url}/correct`, { ...change, reason: 'Wrong day' });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.deepEqual(ok.json(), { ok: true });
      const stale = await api(w.sessions.worker, `${url}/withdraw`, { reason: 'Never happened', version: 1 });
      assert.equal(stale.statusCode, 409);
      assert.equal((await api(w.sessions.worker, `${url}/withdraw`, { reason: 'Never happened', version: 2 })).statusCode, 200);
      assert.ok(!(await loadPlan(env.ctx, record)).services.some((s) => s.id === id));
      const kept = await env.ctx.db.selectFrom('record_corrections').select(['kind', 'fields']).where('subject_id', '=', id).orderBy('created_at').execute();
      assert.deepEqual(
        kept.map((k) => k.kind),
        ['corrected', 'withdrawn'],
      );
    });

    it('lets the case worker correct and withdraw a note through the API, the text before kept sealed', async () => {
      const record = await caseRow(env, w.caseId);
      const noteId = await addNote(env.ctx, { actor: w.auth.worker, record, body: 'Met her brother at the station' });
      const url = `/api/v1/cases/${w.caseId}/notes/${noteId}`;
      assert.equal((await api(w.sessions.analyst, `${url}/correct`, { body: 'x', reason: 'y', version: 1 })).statusCode, 403);
      const ok = await api(w.sessions.worker, `${url}/correct`, { body: 'Met her cousin at the market', reason: 'Wrong person', version: 1 });
      assert.equal(ok.statusCode, 200, ok.body);
      const [note] = await notesOf(env.ctx, w.caseId);
      assert.equal(note?.body, 'Met her cousin at the market');
      const stored = await env.ctx.db.selectFrom('record_corrections').select('previous_enc').where('subject_id', '=', noteId).executeTakeFirstOrThrow();
      assert.ok(!String(stored.previous_enc).includes('brother'));
      assert.equal((await api(w.sessions.worker, `${url}/withdraw`, { reason: 'Duplicate', version: 2 })).statusCode, 200);
      assert.equal((await notesOf(env.ctx, w.caseId)).length, 0);
    });

    it('lets the partner correct its own service on its referral through the API, and another partner reach nothing', async () => {
      await giveSharingConsent(env, w, w.shelter);
      const referralId = await staff.createReferral(env.ctx, {
        actor: w.auth.worker,
        record: await caseRow(env, w.caseId),
        input: { ...REFERRAL_INPUT, organisationId: w.shelter },
      });
      await portal.partnerTransition(env.ctx, { actor: w.auth.partnerA, referralId, transition: 'accept', input: { version: 1 } });
      const id = await portal.partnerRecordService(env.ctx, {
        actor: w.auth.partnerA,
        referralId,
        input: { service: 'safe_accommodation', deliveredOn: '2026-11-20' },
      });
      const url = `/api/v1/referrals/${referralId}/services/${id}`;
      const change = { service: 'safe_accommodation', deliveredOn: '2026-11-21', reason: 'Arrived a day later', version: 1 };
      assert.equal((await api(w.sessions.partnerB, `${url}/correct`, change)).statusCode, 404);
      assert.equal((await api(w.sessions.partnerA, `${url}/correct`, change)).statusCode, 200);
      assert.equal((await api(w.sessions.partnerB, `${url}/withdraw`, { reason: 'no', version: 2 })).statusCode, 404);
      assert.equal((await api(w.sessions.partnerA, `${url}/withdraw`, { reason: 'Did not stay', version: 2 })).statusCode, 200);
    });

    it('puts the new routes in the scope areas of their first segment', () => {
      assert.equal(areaOf('/api/v1/cases/x/plan/services/y/correct'), 'cases');
      assert.equal(areaOf('/api/v1/cases/x/notes/y/withdraw'), 'cases');
      assert.equal(areaOf('/api/v1/referrals/x/messages'), 'referrals');
      assert.equal(areaOf('/api/v1/cases/x/referrals/y/messages'), 'cases');
    });
  });
}
