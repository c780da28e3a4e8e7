/**
 * The /api/v1 conventions and the new API areas, through the app on both databases: Problem Details, rate-limit
 * headers, token scopes (created on the account page, enforced on top of the user's permissions), cursor pages,
 * and reports, organisations, trainings and statistics calling the pages' services.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApiToken } from '../../src/platform/auth/api-tokens.js';
import type { Scope } from '../../src/platform/auth/api-scopes.js';
import type { AuthState } from '../../src/platform/auth/auth-user.js';
import { currentTotp } from '../../src/platform/auth/totp.js';
import { newId } from '../../src/platform/ids.js';
import { API_RATE_LIMIT } from '../../src/platform/http/openapi.js';
import { dashboardFigures } from '../../src/stats/dashboards.service.js';
import { submitOk } from '../support/reports.js';
import {
  authUser,
  createOffice,
  createOrganisation,
  createTestEnv,
  createUser,
  DIALECTS,
  FORM,
  form,
  sessionFor,
  type TestEnv,
  type TestUser,
} from '../support/index.js';

for (const dialect of DIALECTS) {
  describe(`API v1 (${dialect})`, () => {
    let env: TestEnv;
    let officeId: string;
    let supervisor: TestUser;
    let triage: TestUser;
    let full: string;
    const token = (userId: string, scopes?: Scope[]) => createApiToken(env.ctx, { auth: { user: { id: userId } } as AuthState, name: 'test', days: 30, scopes });
    const call = (bearer: string, method: string, url: string, body?: unknown) =>
      env.app.inject({
        method: method as 'GET',
        url,
        headers: { authorization: `Bearer ${bearer}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
      });

    before(async () => {
      env = await createTestEnv(dialect);
      officeId = await createOffice(env.ctx, 'TN', 'TN');
      supervisor = await createUser(env.ctx, { roles: ['supervisor'], officeId });
      triage = await createUser(env.ctx, { roles: ['triage_operator'], officeId });
      full = await token(supervisor.id);
    });
    after(async () => env.close());

    it('answers errors as Problem Details with a localised detail', async () => {
      const res = await call(full, 'GET', `/api/v1/cases/${newId()}`);
      assert.equal(res.statusCode, 404);
      assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
      const p = res.json();
      assert.equal(p.status, 404);
      assert.equal(p.type, 'urn:abri:problem:not-found');
      assert.equal(p.title, 'Not Found');
      assert.equal(p.code, 'NOT_FOUND');
      assert.equal(typeof p.detail, 'string');
      const bad = await call(full, 'POST', '/api/v1/cases', { officeId: 'nope' });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().code, 'VALIDATION');
      assert.ok(Object.keys(bad.json().fields).length > 0);
      assert.equal(p.detail, env.ctx.i18n.message('en', 'errors.notFound'));
      const anon = await env.app.inject({ method: 'GET', url: '/api/v1/cases' });
      assert.equal(anon.statusCode, 401);
      assert.equal(anon.json().type, 'urn:abri:problem:unauthenticated');
    });

    it('sends RateLimit headers and refuses with 429 and Retry-After past the limit', async () => {
      const t = await token(supervisor.id, ['cases:read']);
      const first = await call(t, 'GET', '/api/v1/me');
      assert.equal(first.headers['ratelimit-limit'], String(API_RATE_LIMIT));
      const remaining = Number(first.headers['ratelimit-remaining']);
      assert.equal(remaining, API_RATE_LIMIT - 1);
      assert.ok(Number(first.headers['ratelimit-reset']) > 0);
      const second = await call(t, 'GET', '/api/v1/me');
      assert.equal(Number(second.headers['ratelimit-remaining']), remaining - 1);
      const row = await env.ctx.db.selectFrom('api_tokens').select('id').where('name', '=', 'test').orderBy('created_at', 'desc').executeTakeFirstOrThrow();
      for (let i = 0; i < API_RATE_LIMIT; i++) await env.ctx.limiter.hit('api', `t:${row.id}`, { limit: API_RATE_LIMIT, windowMs: 60_000 });
      const limited = await call(t, 'GET', '/api/v1/me');
      assert.equal(limited.statusCode, 429);
      assert.ok(Number(limited.headers['retry-after']) > 0);
      assert.equal(limited.json().code, 'RATE_LIMITED');
      assert.equal(limited.headers['ratelimit-remaining'], '0');
    });

    it('creates a scoped token on the account page and enforces its scopes on top of the permissions', async () => {
      const s = await sessionFor(env.ctx, supervisor.id);
      const res = await env.app.inject({
        method: 'POST',
        url: '/staff/account/tokens',
        headers: { cookie: s.cookie, ...FORM },
        payload: form({
          _csrf: s.csrf,
          name: 'read cases',
          tokenPassword: supervisor.password,
          code: currentTotp(supervisor.totpSecret),
          scope_cases: 'read',
          scope_reports: 'none',
          scope_stats: 'write',
        }),
      });
      assert.equal(res.statusCode, 200, res.body.slice(0, 500));
      const m = /abri_[A-Za-z0-9_-]{20,100}/.exec(res.body);
      assert.ok(m);
      const t = m[0];
      const me = (await call(t, 'GET', '/api/v1/me')).json();
      assert.deepEqual(me.scopes, ['cases:read', 'stats:write']);
      assert.equal((await call(t, 'GET', '/api/v1/cases')).statusCode, 200);
      // The supervisor may open cases, the token may not write them; the supervisor may triage, the token has no reports scope.
      const write = await call(t, 'POST', '/api/v1/cases', {});
      assert.equal(write.statusCode, 403);
      assert.equal(write.json().detail, env.ctx.i18n.message('en', 'api.errors.scope'));
      assert.equal((await call(t, 'GET', '/api/v1/reports')).statusCode, 403);
      assert.equal((await call(t, 'GET', '/api/v1/stats/figures')).statusCode, 200);
      // Scopes never widen permissions: a triage operator's token with every scope still cannot read cases.
      const tt = await token(triage.id, ['cases:write']);
      assert.equal((await call(tt, 'GET', '/api/v1/cases')).statusCode, 403);
      const none = await env.app.inject({
        method: 'POST',
        url: '/staff/account/tokens',
        headers: { cookie: (await sessionFor(env.ctx, supervisor.id)).cookie, ...FORM },
        payload: form({
          _csrf: (await sessionFor(env.ctx, supervisor.id)).csrf,
          name: 'nothing',
          tokenPassword: supervisor.password,
          code: '000000',
          scope_cases: 'none',
        }),
      });
      assert.ok(none.statusCode === 400 || none.statusCode === 403, String(none.statusCode));
    });

    it('triages reports through the API: queue, read, message, link, open a case', async () => {
      const a = await submitOk(env);
      const b = await submitOk(env);
      const t = await token(triage.id, ['reports:write']);
      const list = await call(t, 'GET', '/api/v1/reports?limit=1');
      assert.equal(list.statusCode, 200, list.body);
      assert.equal(list.json().reports.length, 1);
      assert.ok(list.json().nextCursor);
      const next = await call(t, 'GET', `/api/v1/reports?limit=1&cursor=${list.json().nextCursor}`);
      assert.equal(next.json().reports.length, 1);
      assert.notEqual(next.json().reports[0].id, list.json().reports[0].id);
      assert.deepEqual(new Set([list.json().reports[0].id, next.json().reports[0].id]), new Set([a.id, b.id]));
      assert.equal(next.json().nextCursor, null);
      assert.equal((await call(t, 'GET', '/api/v1/reports?cursor=garbage')).statusCode, 400);
      const read = await call(t, 'GET', `/api/v1/reports/${a.id}`);
      assert.equal(read.statusCode, 200);
      assert.match(read.json().content.description, /ouvriers/);
      const msg = await call(t, 'POST', `/api/v1/reports/${a.id}/messages`, { body: 'Are you safe right now?' });
      assert.equal(msg.statusCode, 201, msg.body);
      const link = await call(t, 'POST', `/api/v1/reports/${a.id}/links`, { relatedId: b.id });
      assert.equal(link.statusCode, 200, link.body);
      const linked = (await call(t, 'GET', `/api/v1/reports/${a.id}`)).json();
      assert.deepEqual(
        linked.links.map((l: { id: string }) => l.id),
        [b.id],
      );
      // A triage operator opens cases with the supervisor's rights only; the supervisor's token does it.
      const version = (await call(full, 'GET', `/api/v1/reports/${b.id}`)).json().report.version;
      const opened = await call(full, 'POST', `/api/v1/reports/${b.id}/case`, { version });
      assert.equal(opened.statusCode, 201, opened.body);
      assert.match(opened.json().caseNumber, /^TN-/);
      const again = await call(full, 'POST', `/api/v1/reports/${b.id}/case`, { version: version + 1 });
      assert.equal(again.statusCode, 422);
      const ro = await token(triage.id, ['reports:read']);
      assert.equal((await call(ro, 'POST', `/api/v1/reports/${a.id}/messages`, { body: 'Hello there' })).statusCode, 403);
    });

    it('pages organisations and trainings with cursors, and finds services', async () => {
      const admin = await createUser(env.ctx, { roles: ['administrator'], officeId: null });
      const t = await token(admin.id, ['directory:write', 'training:write']);
      for (const name of ['Alpha', 'Beta', 'Gamma']) await createOrganisation(env.ctx, name, officeId);
      await env.ctx.db.updateTable('organisations').set({ is_partner: 1 }).execute();
      const all = (await call(t, 'GET', '/api/v1/organisations?limit=100')).json();
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { organisations: Array<{ id: string }>; nextCursor: string | null } = (
          await call(t, 'GET', `/api/v1/organisations?limit=1${cursor ? `&cursor=${cursor}` : ''}`)
        ).json();
        seen.push(...page.organisations.map((o: { id: string }) => o.id));
        cursor = page.nextCursor;
      } while (cursor);
      assert.ok(all.organisations.length >= 3);
      assert.deepEqual(
        seen,
        all.organisations.map((o: { id: string }) => o.id),
      );
      assert.equal((await call(t, 'GET', '/api/v1/organisations?limit=0')).statusCode, 400);
      const created = await call(t, 'POST', '/api/v1/trainings', {
        officeId,
        title: 'Indicators at the border',
        topic: 'identification',
        audience: 'government',
        country: 'TN',
        trainers: 'S. Trabelsi',
        testMaxScore: 20,
      });
      assert.equal(created.statusCode, 201, created.body);
      const list = (await call(t, 'GET', '/api/v1/trainings')).json();
      assert.ok(list.trainings.some((x: { id: string }) => x.id === created.json().id));
      const one = await call(t, 'GET', `/api/v1/trainings/${created.json().id}`);
      assert.equal(one.json().training.title, 'Indicators at the border');
      const services = await call(full, 'GET', '/api/v1/services?country=TN&service=safe_accommodation');
      assert.equal(services.statusCode, 200, services.body);
      assert.ok(Array.isArray(services.json().services));
    });

    it('gives the dashboards’ suppressed figures, from the dashboards’ own service', async () => {
      const t = await token(supervisor.id, ['stats:read']);
      const res = await call(t, 'GET', '/api/v1/stats/figures');
      assert.equal(res.statusCode, 200, res.body);
      const direct = await dashboardFigures(env.ctx, await authUser(env, supervisor.id), {});
      assert.deepEqual(
        res.json().figures,
        direct.figures.map((f) => ({ key: f.key, section: f.section, kind: f.kind, rows: f.rows, total: f.total })),
      );
      assert.equal(res.json().threshold, env.ctx.config.smallCountThreshold);
      assert.equal((await call(t, 'GET', '/api/v1/stats/figures?from=2026-13')).statusCode, 400);
    });
  });
}
