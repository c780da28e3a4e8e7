import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { recordAccess, recordEvent, verifyAudit } from '../../src/platform/audit/audit.js';
import { inTransaction } from '../../src/platform/db/database.js';
import { createOffice, createTestEnv, DIALECTS, type TestEnv } from '../support/index.js';

for (const dialect of DIALECTS) {
  describe(`audit hash chain (${dialect})`, () => {
    let env: TestEnv;
    let officeId: string;
    before(async () => {
      env = await createTestEnv(dialect);
    });
    after(async () => env.close());

    const chain = async () =>
      env.ctx.db.selectFrom('audit_events').selectAll().where('chain', '=', officeId).orderBy('seq').execute();

    it('chains events: each row links to the previous row of its office', async () => {
      officeId = await createOffice(env.ctx, 'AU', 'TN');
      for (let i = 0; i < 6; i++) {
        await recordEvent(env.ctx.db, { type: 'office.updated', officeId, subjectType: 'office', subjectId: officeId, data: { fields: [`f${i}`] } });
      }
      const rows = await chain();
      assert.equal(rows.length, 6);
      assert.deepEqual(rows.map((r) => r.seq), [1, 2, 3, 4, 5, 6]);
      for (let i = 1; i < rows.length; i++) assert.equal(rows[i]?.prev_hash, rows[i - 1]?.hash);
      await recordAccess(env.ctx.db, { officeId, actorId: null, action: 'view', subjectType: 'case', subjectId: 'c1' });
      const r = await verifyAudit(env.ctx.db);
      assert.equal(r.ok, true, JSON.stringify(r.broken));
    });

    it('writes nothing when the change rolls back', async () => {
      const before = (await chain()).length;
      await assert.rejects(
        inTransaction(env.ctx.db, async (tx) => {
          await recordEvent(tx, { type: 'office.updated', officeId, data: { fields: ['x'] } });
          throw new Error('change failed');
        }),
      );
      assert.equal((await chain()).length, before);
      assert.equal((await verifyAudit(env.ctx.db)).ok, true);
    });

    it('keeps the chain intact under concurrent writers', async () => {
      await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          inTransaction(env.ctx.db, (tx) => recordEvent(tx, { type: 'office.updated', officeId, data: { fields: [`c${i}`] } })),
        ),
      );
      const r = await verifyAudit(env.ctx.db);
      assert.equal(r.ok, true, JSON.stringify(r.broken));
    });

    it('detects a changed row and reports it as the first broken link', async () => {
      const rows = await chain();
      const target = rows[2];
      assert.ok(target);
      await env.ctx.db.updateTable('audit_events').set({ data: '{"fields":["forged"]}' }).where('id', '=', target.id).execute();
      const r = await verifyAudit(env.ctx.db);
      assert.equal(r.ok, false);
      const broken = r.broken.find((b) => b.chain === officeId);
      assert.deepEqual(broken && { seq: broken.seq, id: broken.id, problem: broken.problem }, { seq: 3, id: target.id, problem: 'row content changed' });
      await env.ctx.db.updateTable('audit_events').set({ data: target.data }).where('id', '=', target.id).execute();
      assert.equal((await verifyAudit(env.ctx.db)).ok, true);
    });

    it('detects a removed row', async () => {
      const rows = await chain();
      const target = rows[3];
      assert.ok(target);
      await env.ctx.db.deleteFrom('audit_events').where('id', '=', target.id).execute();
      const r = await verifyAudit(env.ctx.db);
      assert.equal(r.ok, false);
      const broken = r.broken.find((b) => b.chain === officeId);
      assert.equal(broken?.seq, 4);
      assert.equal(broken?.problem, 'missing row');
      await env.ctx.db.insertInto('audit_events').values(target).execute();
      assert.equal((await verifyAudit(env.ctx.db)).ok, true);
    });

    it('detects a removed last row', async () => {
      const rows = await chain();
      const last = rows[rows.length - 1];
      assert.ok(last);
      await env.ctx.db.deleteFrom('audit_events').where('id', '=', last.id).execute();
      const r = await verifyAudit(env.ctx.db);
      assert.equal(r.broken.find((b) => b.chain === officeId)?.problem, 'rows missing at the end of the chain');
      await env.ctx.db.insertInto('audit_events').values(last).execute();
      assert.equal((await verifyAudit(env.ctx.db)).ok, true);
    });

    it('detects an inserted row, even one with a recomputed sequence', async () => {
      const rows = await chain();
      const second = rows[1];
      assert.ok(second);
      // An intruder renumbers rows 2.. up by one and slips a row in at 2 that links to row 1.
      for (const r of rows.slice(1)) {
        await env.ctx.db.updateTable('audit_events').set({ seq: r.seq + 100_000 }).where('id', '=', r.id).execute();
      }
      for (const r of rows.slice(1)) {
        await env.ctx.db.updateTable('audit_events').set({ seq: r.seq + 1 }).where('id', '=', r.id).execute();
      }
      await env.ctx.db
        .insertInto('audit_events')
        .values({ ...second, id: '01900000-0000-7000-8000-000000000001', seq: 2, data: '{"fields":["inserted"]}' })
        .execute();
      const r = await verifyAudit(env.ctx.db);
      assert.equal(r.ok, false);
      const broken = r.broken.find((b) => b.chain === officeId);
      assert.equal(broken?.seq, 2);
      assert.equal(broken?.id, '01900000-0000-7000-8000-000000000001');
    });

    it('detects a changed access-log row', async () => {
      await env.ctx.db.updateTable('access_log').set({ subject_id: 'other' }).where('subject_id', '=', 'c1').execute();
      const r = await verifyAudit(env.ctx.db);
      assert.ok(r.broken.some((b) => b.table === 'access_log' && b.seq === 1 && b.problem === 'row content changed'));
    });
  });
}
