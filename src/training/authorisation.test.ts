import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createOffice, createOrganisation, createTestEnv, createUser, DIALECTS, type Signed, sessionFor, type TestEnv } from '../../test/helper.js';
import { ROLES, type Role, roleHas } from '../platform/auth/roles.js';
import type { Access } from '../platform/http/access.js';
import { multipart, PDF_BYTES, seedAgreement, seedService, seedTraining } from '../partners/test-fixtures.js';

/** Every partner and training route, for every role: allowed where the role holds the permission, 403 elsewhere. */
for (const dialect of DIALECTS) {
  describe(`partner and training routes × roles (${dialect})`, () => {
    let env: TestEnv;
    const sessions = new Map<Role, Signed>();
    let ids: Record<string, string>;
    let routes: Array<{ method: string; url: string; access: Access }>;

    before(async () => {
      env = await createTestEnv(dialect);
      const officeId = await createOffice(env.ctx);
      const orgId = await createOrganisation(env.ctx, 'Matrix Partner', officeId);
      const serviceId = await seedService(env.ctx, orgId);
      const agreementId = await seedAgreement(env.ctx, orgId, '2026-01-01', '2030-01-01');
      const t = await seedTraining(env.ctx, officeId, { participants: [{ pre: 3, post: 9, name: 'Matrix Person' }] });
      for (const role of ROLES) {
        const user = await createUser(env.ctx, { roles: [role], officeId, organisationId: role === 'partner' ? orgId : null });
        sessions.set(role, await sessionFor(env.ctx, user.id));
      }
      const admin = sessions.get('administrator') as Signed;
      const m = multipart({ _csrf: admin.csrf, title: 'Matrix guide', topic: 'identification', language: 'fr' }, { name: 'g.pdf', bytes: PDF_BYTES });
      const up = await env.app.inject({ method: 'POST', url: '/staff/training/library', headers: { cookie: admin.cookie, ...m.headers }, payload: m.body });
      assert.equal(up.statusCode, 303);
      const doc = await env.ctx.db.selectFrom('library_documents').select('id').executeTakeFirstOrThrow();
      ids = { orgId, serviceId, agreementId, trainingId: t.trainingId, participantId: t.participantIds[0] as string, docId: doc.id };
      routes = [...env.app.routeAccess.values()].filter((r) => r.url.startsWith('/staff/partners') || r.url.startsWith('/staff/training'));
    });
    after(async () => env.close());

    const fill = (url: string) =>
      url
        .replace(/^\/staff\/partners\/:id/, `/staff/partners/${ids.orgId}`)
        .replace(/^\/staff\/training\/library\/:id/, `/staff/training/library/${ids.docId}`)
        .replace(/^\/staff\/training\/:id/, `/staff/training/${ids.trainingId}`)
        .replace(':serviceId', ids.serviceId as string)
        .replace(':agreementId', ids.agreementId as string)
        .replace(':participantId', ids.participantId as string);

    it('declares a permission on every route', () => {
      assert.ok(routes.length >= 25, `found ${routes.length} routes`);
      for (const r of routes) assert.equal(typeof r.access, 'object', `${r.method} ${r.url} must require a permission`);
    });

    it('sends someone not signed in to the sign-in page from every route', async () => {
      for (const r of routes) {
        const res = await env.app.inject({ method: r.method as 'GET', url: fill(r.url) });
        assert.equal(res.statusCode, 303, `${r.method} ${r.url}`);
        assert.match(String(res.headers.location), /^\/staff\/sign-in/);
      }
    });

    it('lets each role reach exactly the routes its permissions allow', async () => {
      // Unsafe routes that change things run last, so earlier reads see the fixtures intact.
      const ordered = [...routes].sort((a, b) => Number(a.method !== 'GET') - Number(b.method !== 'GET'));
      for (const role of ROLES) {
        const who = sessions.get(role) as Signed;
        for (const r of ordered) {
          const permission = (r.access as { permission: Parameters<typeof roleHas>[1] }).permission;
          const res = await env.app.inject({
            method: r.method as 'GET',
            url: fill(r.url),
            headers: { cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded' },
            payload: r.method === 'GET' ? undefined : `_csrf=${encodeURIComponent(who.csrf)}`,
          });
          const label = `${role} ${r.method} ${r.url} → ${res.statusCode}`;
          if (roleHas(role, permission)) {
            assert.notEqual(res.statusCode, 403, label);
            assert.ok(res.statusCode < 500, label);
          } else {
            assert.equal(res.statusCode, 403, label);
          }
        }
      }
    });
  });
}
