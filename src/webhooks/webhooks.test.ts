/**
 * Webhooks out, through the app on both databases, with a receiver started here: subscriptions made on the admin
 * page, events written to the outbox in the change's transaction (a refused change sends nothing), sent by the
 * delivery job, signed per Standard Webhooks (verified with the standardwebhooks library), ids and types only;
 * retries with backoff, disabling after repeated failures with a notice, the delivery log, secret rotation, and
 * the server-side request forgery guard (private addresses refused, also after DNS resolution and redirects).
 */
import assert from 'node:assert/strict';
import { lookup } from 'node:dns/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { after, before, describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { createApiToken } from '../platform/auth/api-tokens.js';
import type { AuthState } from '../platform/auth/auth-user.js';
import { newId, nowIso } from '../platform/ids.js';
import { submitOk } from '../../test/support/reports.js';
import {
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
} from '../../test/support/index.js';
import { isPrivateAddress } from './address-guard.js';
import { DISABLE_AFTER, deliverDue, MAX_ATTEMPTS, RETRY_DELAYS_MS } from './delivery.service.js';
import { WEBHOOK_EVENTS, webhookEvent } from './webhooks.service.js';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

async function receiver(): Promise<{ server: Server; url: string; got: Received[]; answer: { status: number; location?: string } }> {
  const got: Received[] = [];
  const answer: { status: number; location?: string } = { status: 204 };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString('utf8');
    });
    req.on('end', () => {
      got.push({ path: req.url ?? '', headers: req.headers, body });
      res.writeHead(answer.status, answer.location ? { location: answer.location } : {});
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, got, answer };
}

const PERSONAL = ['Karim', 'Haddad', '216', 'Sfax', 'Oliviers', 'ouvriers', 'passeports', '@'];
const ALLOWED_KEYS = new Set(['officeId', 'caseId', 'reportId', 'referralId', 'handoverId', 'organisationId', 'toOfficeId', 'status']);

describe('private address guard', () => {
  it('refuses loopback, private, link-local, unique-local, shared and mapped addresses, IPv4 and IPv6', () => {
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.5.4',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      '::',
      'fe80::1',
      'fd00::1',
      'fc12::3',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '64:ff9b::a00:1',
      '[::1]',
      'ff02::1',
    ])
      assert.equal(isPrivateAddress(a), true, a);
    for (const a of ['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111', '2a00:1450:4007:80e::200e']) assert.equal(isPrivateAddress(a), false, a);
  });
});

for (const dialect of DIALECTS) {
  describe(`webhooks (${dialect})`, () => {
    let env: TestEnv;
    let rx: Awaited<ReturnType<typeof receiver>>;
    let admin: TestUser;
    let supervisor: TestUser;
    let secret: string;
    let subscriptionId: string;
    const adminPost = async (url: string, fields: Record<string, string | string[]>) => {
      const s = await sessionFor(env.ctx, admin.id);
      return env.app.inject({ method: 'POST', url, headers: { cookie: s.cookie, ...FORM }, payload: form({ _csrf: s.csrf, ...fields }) });
    };
    const adminGet = async (url: string) => env.app.inject({ method: 'GET', url, headers: { cookie: (await sessionFor(env.ctx, admin.id)).cookie } });
    const deliveries = () =>
      env.ctx.db.selectFrom('webhook_deliveries').selectAll().where('subscription_id', '=', subscriptionId).orderBy('created_at').execute();

    before(async () => {
      env = await createTestEnv(dialect, { webhookAllowPrivate: true });
      rx = await receiver();
      const officeId = await createOffice(env.ctx, 'TN', 'TN');
      admin = await createUser(env.ctx, { roles: ['administrator'], officeId: null });
      supervisor = await createUser(env.ctx, { roles: ['supervisor'], officeId });
    });
    after(async () => {
      rx.server.close();
      await env.close();
    });

    it('subscribes a URL on the admin page and shows the signing secret once', async () => {
      const bad = await adminPost('/staff/admin/webhooks', { url: 'ftp://example.org/x', events: ['case.opened'] });
      assert.equal(bad.statusCode, 400);
      assert.ok(bad.body.includes(env.ctx.i18n.message('en', 'webhooks.errors.url')));
      const none = await adminPost('/staff/admin/webhooks', { url: rx.url });
      assert.equal(none.statusCode, 400);
      const res = await adminPost('/staff/admin/webhooks', { url: rx.url, events: [...WEBHOOK_EVENTS] });
      assert.equal(res.statusCode, 200, res.body.slice(0, 300));
      const m = /whsec_[A-Za-z0-9+/=]{40,}/.exec(res.body);
      assert.ok(m, 'secret shown');
      secret = m[0];
      const row = await env.ctx.db.selectFrom('webhook_subscriptions').selectAll().executeTakeFirstOrThrow();
      subscriptionId = row.id;
      assert.ok(!row.secret_enc.includes(secret.slice(6, 20)), 'secret sealed');
      assert.ok(!(await adminGet('/staff/admin/webhooks')).body.includes(secret), 'not shown again');
    });

    it('sends signed events with ids and types only, after the commit, and nothing for a refused change', async () => {
      const report = await submitOk(env);
      assert.equal(rx.got.length, 0, 'nothing sent inside the request');
      assert.equal((await deliveries()).length, 1);
      const bearer = await createApiToken(env.ctx, { auth: { user: { id: supervisor.id } } as AuthState, name: 'wh' });
      const h = { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' };
      const version = (await env.app.inject({ method: 'GET', url: `/api/v1/reports/${report.id}`, headers: h })).json().report.version;
      const opened = await env.app.inject({ method: 'POST', url: `/api/v1/reports/${report.id}/case`, headers: h, payload: JSON.stringify({ version }) });
      assert.equal(opened.statusCode, 201, opened.body);
      const refused = await env.app.inject({ method: 'POST', url: `/api/v1/reports/${report.id}/case`, headers: h, payload: JSON.stringify({ version }) });
      assert.equal(refused.statusCode, 422);
      assert.equal((await deliveries()).length, 2, 'the refused change wrote no delivery');
      const r = await deliverDue(env.ctx);
      assert.equal(r.sent, 2);
      assert.equal(rx.got.length, 2);
      const wh = new Webhook(secret);
      const types: string[] = [];
      for (const g of rx.got) {
        const payload = wh.verify(g.body, g.headers as Record<string, string>) as { type: string; data: Record<string, string> };
        types.push(payload.type);
        for (const word of PERSONAL) assert.ok(!g.body.includes(word), `${word} in a payload`);
        for (const [k, v] of Object.entries(payload.data)) {
          assert.ok(ALLOWED_KEYS.has(k), k);
          assert.match(v, /^([0-9a-f-]{36}|[A-Za-z]{1,30})$/, `${k}: ${v}`);
        }
        assert.throws(() => new Webhook(`whsec_${Buffer.alloc(32, 7).toString('base64')}`).verify(g.body, g.headers as Record<string, string>));
      }
      assert.deepEqual(types, ['report.received', 'case.opened']);
      const caseOpened = JSON.parse(rx.got[1]?.body ?? '{}');
      assert.equal(caseOpened.data.caseId, opened.json().caseId);
      assert.equal(caseOpened.data.reportId, report.id);
      const log = await adminGet(`/staff/admin/webhooks/${subscriptionId}`);
      assert.equal(log.statusCode, 200);
      assert.ok(log.body.includes(env.ctx.i18n.message('en', 'webhooks.delivery.delivered')));
    });

    it('retries with backoff, does not follow redirects, gives up, and disables the webhook with a notice', async () => {
      rx.got.length = 0;
      rx.answer.status = 500;
      await submitOk(env);
      const t0 = new Date();
      await deliverDue(env.ctx, t0);
      let [d] = (await deliveries()).slice(-1);
      assert.equal(d?.state, 'pending');
      assert.equal(d?.attempts, 1);
      assert.equal(d?.last_error, 'http_500');
      assert.equal(Date.parse(d?.next_attempt_at ?? '') - t0.getTime(), RETRY_DELAYS_MS[0]);
      assert.equal((await deliverDue(env.ctx, t0)).sent, 0, 'not due yet');
      rx.answer = Object.assign(rx.answer, { status: 302, location: '/elsewhere' });
      await deliverDue(env.ctx, new Date(t0.getTime() + 61_000));
      [d] = (await deliveries()).slice(-1);
      assert.equal(d?.last_error, 'redirect');
      assert.ok(!rx.got.some((g) => g.path === '/elsewhere'), 'redirect not followed');
      // The last attempt of a third delivery given up in a row disables the webhook.
      await env.ctx.db
        .updateTable('webhook_deliveries')
        .set({ attempts: MAX_ATTEMPTS - 1, next_attempt_at: nowIso() })
        .where('id', '=', d?.id as string)
        .execute();
      await env.ctx.db
        .updateTable('webhook_subscriptions')
        .set({ failures: DISABLE_AFTER - 1 })
        .where('id', '=', subscriptionId)
        .execute();
      const r = await deliverDue(env.ctx);
      assert.equal(r.disabled, 1);
      const sub = await env.ctx.db.selectFrom('webhook_subscriptions').selectAll().where('id', '=', subscriptionId).executeTakeFirstOrThrow();
      assert.equal(sub.active, 0);
      assert.equal(sub.disabled_reason, 'failures');
      const audit = await env.ctx.db.selectFrom('audit_events').select('type').where('type', '=', 'webhook.disabled').execute();
      assert.equal(audit.length, 1);
      const page = await adminGet('/staff/admin/webhooks');
      assert.ok(page.body.includes(env.ctx.i18n.message('en', 'webhooks.state.disabled_failures')));
      assert.ok(page.body.includes('notice-warning'));
      await submitOk(env);
      assert.equal((await deliveries()).filter((x) => x.state === 'pending').length, 0, 'a disabled webhook gets no delivery');
      rx.answer = { status: 204 };
      const en = await adminPost(`/staff/admin/webhooks/${subscriptionId}/enable`, { version: String(sub.version) });
      assert.equal(en.statusCode, 303);
    });

    it('rotates the secret: the new one signs, the previous one too for a while', async () => {
      const sub = await env.ctx.db.selectFrom('webhook_subscriptions').selectAll().where('id', '=', subscriptionId).executeTakeFirstOrThrow();
      const stale = await adminPost(`/staff/admin/webhooks/${subscriptionId}/rotate`, { version: String(sub.version + 5) });
      assert.equal(stale.statusCode, 409);
      const res = await adminPost(`/staff/admin/webhooks/${subscriptionId}/rotate`, { version: String(sub.version) });
      assert.equal(res.statusCode, 200);
      const fresh = /whsec_[A-Za-z0-9+/=]{40,}/.exec(res.body)?.[0];
      assert.ok(fresh && fresh !== secret);
      rx.got.length = 0;
      await submitOk(env);
      await deliverDue(env.ctx);
      const g = rx.got[0];
      assert.ok(g);
      assert.doesNotThrow(() => new Webhook(fresh).verify(g.body, g.headers as Record<string, string>));
      assert.doesNotThrow(() => new Webhook(secret).verify(g.body, g.headers as Record<string, string>));
    });

    it('lets a partner organisation subscribe through the API to its referrals’ events only, and see only its own', async () => {
      const orgA = await createOrganisation(env.ctx, 'Partner A');
      const orgB = await createOrganisation(env.ctx, 'Partner B');
      const a = await createUser(env.ctx, { roles: ['partner'], organisationId: orgA });
      const b = await createUser(env.ctx, { roles: ['partner'], organisationId: orgB });
      const tokenA = await createApiToken(env.ctx, { auth: { user: { id: a.id } } as AuthState, name: 'a', days: 30, scopes: ['webhooks:write'] });
      const tokenB = await createApiToken(env.ctx, { auth: { user: { id: b.id } } as AuthState, name: 'b', days: 30, scopes: ['webhooks:read'] });
      const h = (t: string) => ({ authorization: `Bearer ${t}`, 'content-type': 'application/json' });
      const wide = await env.app.inject({
        method: 'POST',
        url: '/api/v1/webhooks',
        headers: h(tokenA),
        payload: JSON.stringify({ url: rx.url, events: ['case.opened'] }),
      });
      assert.equal(wide.statusCode, 400, 'a partner cannot subscribe to case events');
      const ok = await env.app.inject({
        method: 'POST',
        url: '/api/v1/webhooks',
        headers: h(tokenA),
        payload: JSON.stringify({ url: rx.url, events: ['referral.created', 'referral.answered'] }),
      });
      assert.equal(ok.statusCode, 201, ok.body);
      assert.match(ok.json().secret, /^whsec_/);
      const mine = (await env.app.inject({ method: 'GET', url: '/api/v1/webhooks', headers: h(tokenA) })).json();
      assert.deepEqual(
        mine.subscriptions.map((s: { id: string }) => s.id),
        [ok.json().id],
      );
      assert.equal((await env.app.inject({ method: 'GET', url: `/api/v1/webhooks/${ok.json().id}`, headers: h(tokenB) })).statusCode, 404);
      assert.equal((await env.app.inject({ method: 'GET', url: '/api/v1/webhooks', headers: h(tokenB) })).json().subscriptions.length, 0);
      const ro = await env.app.inject({
        method: 'POST',
        url: '/api/v1/webhooks',
        headers: h(tokenB),
        payload: JSON.stringify({ url: rx.url, events: ['referral.created'] }),
      });
      assert.equal(ro.statusCode, 403, 'read-only scope');
      const page = await env.app.inject({
        method: 'GET',
        url: `/partner/webhooks/${subscriptionId}`,
        headers: { cookie: (await sessionFor(env.ctx, a.id)).cookie },
      });
      assert.equal(page.statusCode, 404, "the administrator's webhook is not the partner's");
      // An event about another organisation's referral is not delivered to this organisation's webhook.
      await env.ctx.db.transaction().execute((tx) => webhookEvent(tx, 'referral.created', { officeId: null, referralId: newId(), organisationId: orgB }));
      await env.ctx.db.transaction().execute((tx) => webhookEvent(tx, 'referral.created', { officeId: null, referralId: newId(), organisationId: orgA }));
      const forA = await env.ctx.db.selectFrom('webhook_deliveries').selectAll().where('subscription_id', '=', ok.json().id).execute();
      assert.equal(forA.length, 1);
      assert.equal(JSON.parse(forA[0]?.payload ?? '{}').data.organisationId, orgA);
    });
  });
}

describe('webhooks without WEBHOOK_ALLOW_PRIVATE', () => {
  let env: TestEnv;
  let rx: Awaited<ReturnType<typeof receiver>>;
  before(async () => {
    env = await createTestEnv('sqlite');
    rx = await receiver();
  });
  after(async () => {
    rx.server.close();
    await env.close();
  });

  it('refuses to subscribe a private address, and never sends to one, by address or by name', async () => {
    const admin = await createUser(env.ctx, { roles: ['administrator'], officeId: null });
    const s = await sessionFor(env.ctx, admin.id);
    for (const url of [rx.url, 'http://[::1]:9/x', 'http://localhost/x', 'http://169.254.169.254/latest/meta-data']) {
      const res = await env.app.inject({
        method: 'POST',
        url: '/staff/admin/webhooks',
        headers: { cookie: s.cookie, ...FORM },
        payload: form({ _csrf: s.csrf, url, events: 'case.opened' }),
      });
      assert.equal(res.statusCode, 400, url);
      assert.ok(res.body.includes(env.ctx.i18n.message('en', 'webhooks.errors.private')), url);
    }
    // Rows written before the rule (or a name that now resolves to a private address): refused when sending.
    const port = new URL(rx.url).port;
    const resolvesPrivately = await lookup(hostname())
      .then((a) => isPrivateAddress(a.address))
      .catch(() => false);
    const urls = [rx.url, ...(resolvesPrivately ? [`http://${hostname()}:${port}/hook`] : [])];
    for (const url of urls) {
      const id = newId();
      const now = nowIso();
      await env.ctx.db
        .insertInto('webhook_subscriptions')
        .values({
          id,
          organisation_id: null,
          url,
          events: '["report.received"]',
          secret_enc: await env.ctx.keys.encrypt(null, `whsec_${Buffer.alloc(32, 1).toString('base64')}`, { aad: `webhooks.secret:${id}:current` }),
          previous_secret_enc: null,
          previous_until: null,
          disabled_at: null,
          disabled_reason: null,
          created_by: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
    }
    await submitOk(env);
    await deliverDue(env.ctx);
    assert.equal(rx.got.length, 0, 'the receiver on a private address got nothing');
    const rows = await env.ctx.db.selectFrom('webhook_deliveries').select(['last_error']).execute();
    assert.equal(rows.length, urls.length);
    for (const r of rows) assert.equal(r.last_error, 'blocked_address');
  });
});
