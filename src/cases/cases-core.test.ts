import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { toAuthUser } from '../platform/auth/auth-user.js';
import { findUserById, membershipsOf } from '../platform/auth/auth.repository.js';
import { inTransaction } from '../platform/db/database.js';
import { createOffice, createOrganisation, createTestEnv, createUser, DIALECTS, type TestEnv } from '../../test/helper.js';
import { can } from './cases.policy.js';
import { scopedCases } from './cases.repository.js';
import { openCase } from './cases.service.js';
import { assertConsent, hasConsent, recordConsent, withdrawConsent } from './consent.js';

async function authUser(env: TestEnv, id: string) {
  const user = await findUserById(env.ctx.db, id);
  if (!user) throw new Error('no user');
  return toAuthUser(user, await membershipsOf(env.ctx.db, id));
}

for (const dialect of DIALECTS) {
  describe(`case core (${dialect})`, () => {
    let env: TestEnv;
    let officeId: string;
    let otherOfficeId: string;
    before(async () => {
      env = await createTestEnv(dialect);
      officeId = await createOffice(env.ctx, 'TN', 'TN');
      otherOfficeId = await createOffice(env.ctx, 'CI', 'CI');
    });
    after(async () => env.close());

    it('numbers cases per office and encrypts the identity', async () => {
      const worker = await authUser(env, (await createUser(env.ctx, { roles: ['case_worker'], officeId })).id);
      const a = await openCase(env.ctx, {
        actor: worker,
        input: { officeId, source: 'self', ownerId: worker.id, identity: { firstName: 'Ama', lastName: 'Mensah' } },
      });
      const b = await openCase(env.ctx, { actor: worker, input: { officeId, source: 'self', ownerId: worker.id } });
      const year = new Date().getUTCFullYear();
      assert.match(a.caseNumber, new RegExp(`^TN-${year}-\\d{5}$`));
      assert.notEqual(a.caseNumber, b.caseNumber);
      const row = await env.ctx.db.selectFrom('cases').selectAll().where('id', '=', a.id).executeTakeFirstOrThrow();
      assert.ok(row.identity_enc && !row.identity_enc.includes('Mensah'));
      assert.deepEqual(await env.ctx.keys.decrypt(row.identity_enc, `cases.identity:${a.id}`), { firstName: 'Ama', lastName: 'Mensah' });
      await assert.rejects(env.ctx.keys.decrypt(row.identity_enc, `cases.identity:${b.id}`));
    });

    it('scopes case lists in SQL: own cases for a case worker, the office for a supervisor, nothing across offices', async () => {
      const w1 = await authUser(env, (await createUser(env.ctx, { roles: ['case_worker'], officeId })).id);
      const w2 = await authUser(env, (await createUser(env.ctx, { roles: ['case_worker'], officeId })).id);
      const sup = await authUser(env, (await createUser(env.ctx, { roles: ['supervisor'], officeId })).id);
      const foreign = await authUser(env, (await createUser(env.ctx, { roles: ['supervisor'], officeId: otherOfficeId })).id);
      const c = await openCase(env.ctx, { actor: w1, input: { officeId, source: 'self', ownerId: w1.id } });
      const ids = async (u: typeof w1) => (await scopedCases(env.ctx.db, u).select('cases.id').execute()).map((r) => r.id);
      assert.ok((await ids(w1)).includes(c.id));
      assert.ok(!(await ids(w2)).includes(c.id));
      assert.ok((await ids(sup)).includes(c.id));
      assert.ok(!(await ids(foreign)).includes(c.id));
      const row = { office_id: officeId, owner_id: w1.id };
      assert.equal(can(w1, 'read', row), true);
      assert.equal(can(w2, 'read', row), false);
      assert.equal(can(foreign, 'read', row), false);
    });

    it('refuses an action without consent, allows it after consent, refuses again after withdrawal', async () => {
      const worker = await authUser(env, (await createUser(env.ctx, { roles: ['case_worker'], officeId })).id);
      const partner = await createOrganisation(env.ctx, 'Shelter', officeId);
      const c = await openCase(env.ctx, { actor: worker, input: { officeId, source: 'self', ownerId: worker.id } });
      const record = { id: c.id, office_id: officeId, owner_id: worker.id };
      await assert.rejects(assertConsent(env.ctx.db, { actor: worker, record, purpose: 'sharing', opts: { organisationId: partner, action: 'refer' } }), {
        code: 'CONSENT_REQUIRED',
      });
      const consentId = await inTransaction(env.ctx.db, (tx) =>
        recordConsent(tx, { actorId: worker.id, record, input: { purpose: 'sharing', given: true, organisationId: partner, origin: 'staff' } }),
      );
      assert.equal(await hasConsent(env.ctx.db, { caseId: c.id, purpose: 'sharing', organisationId: partner }), true);
      assert.equal(
        await hasConsent(env.ctx.db, { caseId: c.id, purpose: 'sharing', organisationId: null }),
        false,
        'consent to share with one partner is not consent for another',
      );
      await inTransaction(env.ctx.db, (tx) => withdrawConsent(tx, { actorId: worker.id, record, consentId }));
      await assert.rejects(assertConsent(env.ctx.db, { actor: worker, record, purpose: 'sharing', opts: { organisationId: partner, action: 'refer' } }), {
        code: 'CONSENT_REQUIRED',
      });
    });

    it('lets only a supervisor override a missing consent, with a reason, and audits it', async () => {
      const worker = await authUser(env, (await createUser(env.ctx, { roles: ['case_worker'], officeId })).id);
      const sup = await authUser(env, (await createUser(env.ctx, { roles: ['supervisor'], officeId })).id);
      const c = await openCase(env.ctx, { actor: worker, input: { officeId, source: 'self', ownerId: worker.id } });
      const record = { id: c.id, office_id: officeId, owner_id: worker.id };
      await assert.rejects(
        assertConsent(env.ctx.db, { actor: worker, record, purpose: 'medical', opts: { action: 'x', override: { reason: 'Emergency surgery needed now' } } }),
        { code: 'FORBIDDEN' },
      );
      await assert.rejects(assertConsent(env.ctx.db, { actor: sup, record, purpose: 'medical', opts: { action: 'x', override: { reason: 'short' } } }), {
        code: 'OVERRIDE_REASON_REQUIRED',
      });
      await inTransaction(env.ctx.db, (tx) =>
        assertConsent(tx, { actor: sup, record, purpose: 'medical', opts: { action: 'x', override: { reason: 'Emergency surgery needed now' } } }),
      );
      const events = await env.ctx.db.selectFrom('audit_events').select(['type', 'actor_id']).where('subject_id', '=', c.id).execute();
      assert.ok(events.some((e) => e.type === 'consent.overridden' && e.actor_id === sup.id));
    });
  });
}
