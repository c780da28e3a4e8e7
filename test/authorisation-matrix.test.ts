/**
 * Every route × every role. The routes come from `app.routeAccess` (what each route declares), the expectations
 * from `PERMISSIONS` in roles.ts, so a route added by a later feature is covered without touching this file.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Fastify from 'fastify';
import { PERMISSIONS, type Role, ROLES } from '../src/platform/auth/roles.js';
import type { AuthState } from '../src/platform/auth/auth-user.js';
import { createApiToken } from '../src/platform/auth/auth.service.js';
import type { AppContext } from '../src/platform/context.js';
import type { Access } from '../src/platform/http/access.js';
import { plumbing } from '../src/platform/http/plumbing.js';
import { concreteUrl } from './routes.js';
import { createOffice, createOrganisation, createTestEnv, createUser, DIALECTS, FORM, form, sessionFor, type TestEnv } from './support/index.js';

type Who = Role | 'anonymous';
const EVERYONE: Who[] = [...ROLES, 'anonymous'];

/** Who the declaration lets through once signed in with both factors. */
function allowed(access: Access, who: Who): boolean {
  if (access === 'public') return true;
  if (who === 'anonymous') return false;
  if (access === 'password' || access === 'staff') return true;
  return (PERMISSIONS[access.permission] as readonly Role[]).includes(who);
}

for (const dialect of DIALECTS) {
  describe(`authorisation matrix: every route × every role (${dialect})`, () => {
    let env: TestEnv;
    const userIds = new Map<Role, string>();

    before(async () => {
      env = await createTestEnv(dialect);
      const officeId = await createOffice(env.ctx, 'TN', 'TN');
      const organisationId = await createOrganisation(env.ctx, 'Matrix Partner', officeId);
      for (const role of ROLES) {
        const user =
          role === 'administrator'
            ? await createUser(env.ctx, { roles: [role], officeId: null })
            : role === 'partner'
              ? await createUser(env.ctx, { roles: [role], organisationId })
              : await createUser(env.ctx, { roles: [role], officeId });
        userIds.set(role, user.id);
      }
    });
    after(async () => env.close());

    it('has routes to check, each with a declaration', () => {
      assert.ok(env.app.routeAccess.size > 20, `only ${env.app.routeAccess.size} routes registered`);
      for (const r of env.app.routeAccess.values()) assert.ok(r.access, `${r.method} ${r.url}`);
    });

    it('derives a permission table in which every permission has at least one role', () => {
      for (const [permission, roles] of Object.entries(PERMISSIONS)) {
        assert.ok(roles.length > 0, permission);
        for (const r of roles) assert.ok((ROLES as readonly string[]).includes(r), `${permission}: unknown role ${r}`);
      }
    });

    // The registry is read when the tests run (after `before`), so one test walks it; failures name every cell.
    it('answers every route for every role as its declaration says', async () => {
      const failures: string[] = [];
      let cells = 0;
      // A 401 can also be a page's own answer (a wrong code on the second-factor form); an access refusal says so.
      const unauthenticated = env.ctx.i18n.message('en', 'errors.unauthenticated');
      const isAccessRefusal = (body: string) => body.includes(unauthenticated) || body.includes('"UNAUTHENTICATED"');
      for (const { method, url, access } of env.app.routeAccess.values()) {
        const isApi = url.startsWith('/api/');
        for (const who of EVERYONE) {
          const headers: Record<string, string> = {};
          let payload: string | undefined;
          if (who !== 'anonymous') {
            // A fresh session per request: some routes (sign-out, password change) end the session they run in.
            const s = await sessionFor(env.ctx, userIds.get(who) as string);
            headers.cookie = s.cookie;
            headers['x-csrf-token'] = s.csrf;
            if (method !== 'GET') payload = form({ _csrf: s.csrf });
          } else if (method !== 'GET') {
            payload = form({});
          }
          if (payload !== undefined) Object.assign(headers, FORM);
          const target = concreteUrl(url);
          const res = await env.app.inject({ method: method as 'GET', url: target, headers, ...(payload !== undefined ? { payload } : {}) });
          cells++;
          const cell = `${method} ${url} as ${who}: ${res.statusCode}`;
          if (res.statusCode >= 500) {
            failures.push(`${cell} (server error)`);
            continue;
          }
          const refused = res.statusCode === 403 || (res.statusCode === 401 && isAccessRefusal(res.body));
          if (access === 'public') {
            if (refused) failures.push(`${cell} (public route refused)`);
            continue;
          }
          if (allowed(access, who)) {
            if (refused) failures.push(`${cell} (allowed role refused)`);
            continue;
          }
          if (who === 'anonymous') {
            if (isApi) {
              if (res.statusCode !== 401 && res.statusCode !== 403) failures.push(`${cell} (API should refuse with 401/403)`);
            } else if (res.statusCode !== 303 || !String(res.headers.location).startsWith('/staff/sign-in')) {
              failures.push(`${cell} (should redirect to the sign-in page)`);
            }
            continue;
          }
          if (res.statusCode !== 403) failures.push(`${cell} (should be 403)`);
        }
      }
      assert.ok(cells >= env.app.routeAccess.size * EVERYONE.length);
      assert.deepEqual(failures, []);
    });

    it('answers every API route for every role calling with a personal access token as declared', async (t) => {
      const apiRoutes = [...env.app.routeAccess.values()].filter((r) => r.url.startsWith('/api/'));
      if (apiRoutes.length === 0) return t.skip('no API routes registered yet');
      const tokens = new Map<Role, string>();
      for (const role of ROLES) {
        const id = userIds.get(role) as string;
        tokens.set(role, await createApiToken(env.ctx, { auth: { user: { id } } as AuthState, name: `matrix ${role}` }));
      }
      const failures: string[] = [];
      for (const { method, url, access } of apiRoutes) {
        const target = concreteUrl(url);
        const body = method === 'GET' ? {} : { headers: { 'content-type': 'application/json' }, payload: '{}' };
        const bogus = await env.app.inject({ method: method as 'GET', url: target, headers: { authorization: 'Bearer abri_not-a-real-token-at-all-xxxx', ...(body.headers ?? {}) }, ...(body.payload ? { payload: body.payload } : {}) });
        if (access !== 'public' && bogus.statusCode !== 401) failures.push(`${method} ${url} with an unknown token: ${bogus.statusCode}`);
        for (const role of ROLES) {
          const res = await env.app.inject({ method: method as 'GET', url: target, headers: { authorization: `Bearer ${tokens.get(role)}`, ...(body.headers ?? {}) }, ...(body.payload ? { payload: body.payload } : {}) });
          const cell = `${method} ${url} as ${role} (token): ${res.statusCode}`;
          if (res.statusCode >= 500) failures.push(`${cell} (server error)`);
          else if (allowed(access, role) && (res.statusCode === 401 || res.statusCode === 403)) failures.push(`${cell} (allowed role refused)`);
          else if (!allowed(access, role) && res.statusCode !== 403) failures.push(`${cell} (should be 403)`);
        }
      }
      assert.deepEqual(failures, []);
    });

    it('sends a session that has not passed the second factor to the second-factor step on staff routes', async () => {
      const id = userIds.get('case_worker') as string;
      const s = await sessionFor(env.ctx, id);
      await env.ctx.db.updateTable('sessions').set({ mfa_at: null }).where('csrf_secret', '=', s.csrf).execute();
      for (const { method, url, access } of env.app.routeAccess.values()) {
        if (method !== 'GET' || access === 'public' || access === 'password' || url.startsWith('/api/')) continue;
        const res = await env.app.inject({ method: 'GET', url: concreteUrl(url), headers: { cookie: s.cookie } });
        assert.equal(res.statusCode, 303, url);
        assert.equal(res.headers.location, '/staff/sign-in/second-factor', url);
      }
    });

    it('refuses a signed-in unsafe request without the CSRF token on every non-public route', async () => {
      const id = userIds.get('administrator') as string;
      for (const { method, url, access } of env.app.routeAccess.values()) {
        if (method === 'GET' || access === 'public') continue;
        const s = await sessionFor(env.ctx, id);
        const res = await env.app.inject({ method: method as 'POST', url: concreteUrl(url), headers: { cookie: s.cookie, ...FORM }, payload: form({ _csrf: 'wrong' }) });
        assert.equal(res.statusCode, 403, `${method} ${url}`);
      }
    });
  });
}

describe('access declarations', () => {
  it('refuses to start an app with a route that declares no access', async () => {
    const app = Fastify();
    await app.register(plumbing, { ctx: {} as AppContext });
    assert.throws(() => app.get('/undeclared', async () => 'x'), /declares no access/);
    await app.close();
  });

  it('accepts a declared route and records it in the registry', async () => {
    const app = Fastify();
    await app.register(plumbing, { ctx: {} as AppContext });
    app.get('/declared', { config: { access: { permission: 'stats.view' } } }, async () => 'x');
    await app.ready();
    assert.deepEqual(app.routeAccess.get('GET /declared')?.access, { permission: 'stats.view' });
    await app.close();
  });

  it('refuses an API route that only needs the password step', async () => {
    const app = Fastify();
    await app.register(plumbing, { ctx: {} as AppContext });
    app.get('/api/v1/thing', { config: { access: 'password' } }, async () => 'x');
    await assert.rejects(async () => {
      await app.ready();
    }, /API routes cannot use password/);
  });

  it('builds concrete URLs for patterns', () => {
    const u = concreteUrl('/staff/cases/:id/notes/:noteId');
    assert.match(u, /^\/staff\/cases\/[0-9a-f-]{36}\/notes\/[0-9a-f-]{36}$/);
    assert.match(concreteUrl('/staff/set-password/:token'), /^\/staff\/set-password\/[A-Za-z0-9_-]{43}$/);
  });
});
