import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestEnv, createUser, DIALECTS, FORM, form, type TestEnv } from '../../../test/helper.js';
import { loadConfig } from '../../config.js';
import { validReport } from '../../../test/support/reports.js';
import { multipart } from '../../../test/support/http.js';
import { clientPart } from './rate-limit.js';

const REAL = '203.0.113.7';
const IP = /\b(?:\d{1,3}\.){3}\d{1,3}\b/;
let spoofs = 0;
/** What a client writes itself, followed by what the one trusted proxy (nginx) appends: the address it saw. */
const spoofed = () => ({ 'x-forwarded-for': `198.51.100.${++spoofs % 250}, ${REAL}` });

describe('TRUST_PROXY setting', () => {
  it('reads hops, proxy lists and the legacy `true` (as one hop)', () => {
    assert.equal(loadConfig({}).trustProxy, false);
    assert.equal(loadConfig({ TRUST_PROXY: '2' }).trustProxy, 2);
    assert.deepEqual(loadConfig({ TRUST_PROXY: '10.0.0.1, 192.168.0.0/16,::1' }).trustProxy, ['10.0.0.1', '192.168.0.0/16', '::1']);
    const legacy = loadConfig({ TRUST_PROXY: 'true' });
    assert.equal(legacy.trustProxy, 1, '`true` would trust the client-written left-most value');
    assert.equal(legacy.trustProxyLegacy, true);
    assert.throws(() => loadConfig({ TRUST_PROXY: 'nginx' }), /TRUST_PROXY must be/);
    assert.throws(() => loadConfig({ TRUST_PROXY: '99' }), /TRUST_PROXY/);
  });

  it('counts an IPv6 client by its /64, so rotating addresses inside it does not help', () => {
    assert.equal(clientPart('2001:db8:1:2:aaaa::1'), clientPart('2001:db8:1:2:ffff:1:2:3'));
    assert.notEqual(clientPart('2001:db8:1:2::1'), clientPart('2001:db8:1:3::1'));
    assert.equal(clientPart('::ffff:203.0.113.7'), '203.0.113.7');
  });
});

for (const dialect of DIALECTS) {
  describe(`behind one trusted proxy, throttles hold on the real address (${dialect})`, () => {
    let env: TestEnv;
    let bare: TestEnv;
    before(async () => {
      // Configured as operators had it: TRUST_PROXY=true.
      const { trustProxy, trustProxyLegacy } = loadConfig({ TRUST_PROXY: 'true' });
      env = await createTestEnv(dialect, { trustProxy, trustProxyLegacy });
      bare = await createTestEnv(dialect, { trustProxy: 1 });
    });
    after(async () => {
      await env.close();
      await bare.close();
    });

    it('throttles sign-in attempts that rotate the spoofed value', async () => {
      const user = await createUser(env.ctx, { roles: ['editor'] });
      const codes: number[] = [];
      for (let i = 0; i < 21; i++) {
        const r = await env.app.inject({ method: 'POST', url: '/staff/sign-in', headers: { ...FORM, ...spoofed() }, payload: form({ email: `nobody-${i}@example.org`, password: `guess ${i} password` }) });
        codes.push(r.statusCode);
      }
      assert.equal(codes.at(-1), 429, codes.join(','));
      const real = await env.app.inject({ method: 'POST', url: '/staff/sign-in', headers: { ...FORM, 'x-forwarded-for': REAL }, payload: form({ email: user.email, password: user.password }) });
      assert.equal(real.statusCode, 429, 'the real address is the one throttled');
      const other = await env.app.inject({ method: 'POST', url: '/staff/sign-in', headers: { ...FORM, 'x-forwarded-for': '203.0.113.99' }, payload: form({ email: user.email, password: user.password }) });
      assert.equal(other.statusCode, 303, 'another client is not');
    });

    it('throttles receipt-code guessing that rotates the spoofed value', async () => {
      const codes: number[] = [];
      for (let i = 0; i < 21; i++) {
        const r = await env.app.inject({ method: 'POST', url: '/en/report/follow-up', headers: { ...FORM, ...spoofed() }, payload: form({ code: String(i).padStart(16, '7') }) });
        codes.push(r.statusCode);
      }
      assert.equal(codes.filter((c) => c === 400).length, 20, codes.join(','));
      assert.equal(codes.at(-1), 429);
    });

    it('throttles reports and comments on the real address', async () => {
      const key = env.ctx.limiter.clientKey(REAL);
      for (let i = 0; i < 30; i++) await env.ctx.limiter.hit('reports.submit', key, { limit: 30, windowMs: 3_600_000 });
      const body = multipart(validReport());
      const report = await env.app.inject({ method: 'POST', url: '/en/report', payload: body.payload, headers: { ...body.headers, ...spoofed() } });
      assert.equal(report.statusCode, 429);
      for (let i = 0; i < 5; i++) await env.ctx.limiter.hit('comments', key, { limit: 5, windowMs: 600_000 });
      const comment = await env.app.inject({ method: 'POST', url: '/en/news/before-you-accept-a-job-abroad/comments', headers: { ...FORM, ...spoofed() }, payload: form({ name: 'A', comment: 'Thank you, very clear.' }) });
      assert.equal(comment.statusCode, 429);
    });

    it('warns once at start-up about `true`, and once when requests come without X-Forwarded-For, naming no address', async () => {
      assert.equal(env.logs.filter((l) => /TRUST_PROXY=true is read as TRUST_PROXY=1/.test(String(l.msg))).length, 1);
      for (let i = 0; i < 3; i++) await bare.app.inject({ method: 'GET', url: '/healthz' });
      const warnings = bare.logs.filter((l) => /without X-Forwarded-For/.test(String(l.msg)));
      assert.equal(warnings.length, 1);
      assert.doesNotMatch(JSON.stringify(warnings), IP);
    });
  });
}
