import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { createOffice, createTestEnv, DIALECTS, FORM, form, type TestEnv } from '../../test/helper.js';
import { caseHistory } from './history.service.js';
import { notesOf } from './notes.service.js';
import { newCase, staff } from '../../test/support/cases.js';

type Who = Awaited<ReturnType<typeof staff>>;

function post(env: TestEnv, who: Who, url: string, data: Record<string, string>) {
  return env.app.inject({ method: 'POST', url, headers: { cookie: who.cookie, ...FORM }, payload: form({ _csrf: who.csrf, ...data }) });
}

for (const dialect of DIALECTS) {
  describe(`correcting and withdrawing a case note (${dialect})`, () => {
    let env: TestEnv;
    let officeId: string;
    let worker: Who;
    let analyst: Who;
    before(async () => {
      env = await createTestEnv(dialect);
      officeId = await createOffice(env.ctx, 'TN', 'TN');
      worker = await staff(env, 'case_worker', officeId);
      analyst = await staff(env, 'analyst', officeId);
    });
    after(async () => env.close());

    const noteOn = async () => {
      const c = await newCase(env, worker.id, { officeId, identity: { firstName: 'Ama', lastName: 'Mensah' } });
      await post(env, worker, `/staff/cases/${c.id}/notes`, { body: 'Met her brother Kwame at the bus station' });
      const [n] = await notesOf(env.ctx, c.id);
      assert.ok(n);
      return { caseId: c.id, noteId: n.id };
    };

    it('corrects the text with a reason, keeps the text before sealed, and the history names the field only', async () => {
      const { caseId, noteId } = await noteOn();
      const url = `/staff/cases/${caseId}/notes/${noteId}/correct`;
      const noReason = await post(env, worker, url, { body: 'Met her cousin at the market', version: '1', target: noteId });
      assert.equal(noReason.statusCode, 400);
      assert.match(noReason.body, /Give the reason/);
      assert.equal((await notesOf(env.ctx, caseId))[0]?.body, 'Met her brother Kwame at the bus station', 'nothing changed');
      const ok = await post(env, worker, url, { body: 'Met her cousin at the market', reason: 'Wrong person named', version: '1', target: noteId });
      assert.equal(ok.statusCode, 303);
      const [n] = await notesOf(env.ctx, caseId);
      assert.equal(n?.body, 'Met her cousin at the market');
      assert.equal(n?.correctionReason, 'Wrong person named');
      const stored =
        JSON.stringify(await env.ctx.db.selectFrom('record_corrections').selectAll().execute()) +
        JSON.stringify(await env.ctx.db.selectFrom('audit_events').select('data').execute());
      for (const secret of ['Kwame', 'cousin', 'Wrong person']) assert.ok(!stored.includes(secret), `${secret} in clear`);
      const row = await env.ctx.db.selectFrom('record_corrections').selectAll().where('subject_id', '=', noteId).executeTakeFirstOrThrow();
      assert.deepEqual(await env.ctx.keys.decrypt(row.previous_enc as string, `record_corrections.previous:${row.id}`), {
        body: 'Met her brother Kwame at the bus station',
      });
      const h = await caseHistory(env.ctx, caseId);
      const e = h.events.find((x) => x.type === 'case.note_corrected');
      assert.deepEqual(e?.data.fields, ['body']);
      const page = await env.app.inject({ method: 'GET', url: `/staff/cases/${caseId}/history`, headers: { cookie: worker.cookie } });
      assert.match(page.body, /Note corrected/);
      assert.match(page.body, /Corrected: text · Reason: Wrong person named/);
      // A stale version is refused; someone who may not edit the case is refused.
      assert.equal((await post(env, worker, url, { body: 'Again', reason: 'r', version: '1', target: noteId })).statusCode, 409);
      assert.ok([403, 404].includes((await post(env, analyst, url, { body: 'Again', reason: 'r', version: '2', target: noteId })).statusCode));
    });

    it('withdraws with a reason: the note stays, struck through on the notes page, out of the summary', async () => {
      const { caseId, noteId } = await noteOn();
      const ok = await post(env, worker, `/staff/cases/${caseId}/notes/${noteId}/withdraw`, {
        reason: 'Written on the wrong case',
        version: '1',
        target: noteId,
      });
      assert.equal(ok.statusCode, 303);
      assert.equal((await notesOf(env.ctx, caseId)).length, 0);
      assert.equal((await notesOf(env.ctx, caseId, { withWithdrawn: true })).length, 1);
      for (const lang of ['en', 'fr', 'es', 'ar']) {
        const page = await env.app.inject({ method: 'GET', url: `/staff/cases/${caseId}/notes`, headers: { cookie: `${worker.cookie}; abri_lang=${lang}` } });
        assert.equal(page.statusCode, 200);
        assert.match(page.body, /<s>Met her brother Kwame at the bus station<\/s>/);
        assert.match(page.body, /Written on the wrong case/);
      }
      const again = await post(env, worker, `/staff/cases/${caseId}/notes/${noteId}/withdraw`, { reason: 'again', version: '2', target: noteId });
      assert.equal(again.statusCode, 422);
    });

    it('answers any correction body with a field error or a success, never a 5xx', async () => {
      const { caseId, noteId } = await noteOn();
      await fc.assert(
        fc.asyncProperty(
          fc.record({ body: fc.string({ maxLength: 30 }), reason: fc.string({ maxLength: 30 }), version: fc.string({ maxLength: 4 }) }),
          async (b) => {
            const res = await post(env, worker, `/staff/cases/${caseId}/notes/${noteId}/correct`, { target: noteId, ...b });
            assert.ok([303, 400, 409, 422].includes(res.statusCode), `status ${res.statusCode}`);
          },
        ),
        { numRuns: 15 },
      );
    });
  });
}
