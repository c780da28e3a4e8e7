import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { authUser, createOffice, createTestEnv, createUser, DIALECTS, type TestEnv } from '../../test/support/index.js';
import { enrolDevice } from './devices.service.js';
import { ODK_ADDRESS_LIMIT, ODK_BAD_TOKEN_LIMIT, ODK_DEVICE_LIMIT } from './odk.routes.js';

/* The OpenRosa routes' throttles: per enrolled device, per client address, and unknown tokens per address. */
for (const dialect of DIALECTS) {
  describe(`OpenRosa rate limits (${dialect})`, () => {
    let env: TestEnv;
    const tokens: string[] = [];
    before(async () => {
      env = await createTestEnv(dialect);
      const officeId = await createOffice(env.ctx, 'TN', 'TN');
      const admin = await authUser(env, (await createUser(env.ctx, { roles: ['administrator'], officeId: null })).id);
      for (let i = 0; i < 4; i++) tokens.push((await enrolDevice(env.ctx, admin, { officeId, displayName: `Phone ${i}`, encrypted: false })).token);
    });
    after(async () => env?.close());

    const head = (token: string, address: string) => env.app.inject({ method: 'HEAD', url: `/key/${token}/submission`, remoteAddress: address });

    it(`refuses a device's request ${ODK_DEVICE_LIMIT + 1} in a minute with 429, Retry-After and an OpenRosa message; another device goes on`, async () => {
      const [a, b] = tokens as [string, string];
      for (let i = 0; i < ODK_DEVICE_LIMIT; i++) assert.equal((await head(a, `198.51.100.${i % 200}`)).statusCode, 204);
      const over = await env.app.inject({ method: 'GET', url: `/key/${a}/formList`, remoteAddress: '198.51.100.250' });
      assert.equal(over.statusCode, 429);
      assert.ok(Number(over.headers['retry-after']) > 0);
      assert.equal(over.headers['x-openrosa-version'], '1.0');
      assert.match(over.body, /<message nature="error">Too many requests from this device or network\. Wait \d+ seconds?/);
      assert.equal((await head(b, '198.51.100.250')).statusCode, 204);
    });

    it(`refuses an address's request ${ODK_ADDRESS_LIMIT + 1} in a minute, whichever devices it carries`, async () => {
      const address = '203.0.113.7';
      const per = Math.ceil(ODK_ADDRESS_LIMIT / 3);
      let sent = 0;
      for (const t of tokens.slice(1, 4))
        for (let i = 0; i < per && sent < ODK_ADDRESS_LIMIT; i++, sent++) assert.equal((await head(t, address)).statusCode, 204);
      const over = await head(tokens[3] as string, address);
      assert.equal(over.statusCode, 429);
      assert.equal((await head(tokens[3] as string, '203.0.113.8')).statusCode, 204, 'another address is not held back');
    });

    it(`after ${ODK_BAD_TOKEN_LIMIT} unknown tokens, refuses the address for a while, even with a good token`, async () => {
      const address = '192.0.2.44';
      for (let i = 0; i < ODK_BAD_TOKEN_LIMIT; i++) assert.equal((await head(`guess${i}`, address)).statusCode, 401);
      assert.equal((await head('guess-more', address)).statusCode, 429);
      assert.equal((await head(tokens[1] as string, address)).statusCode, 429);
      assert.equal((await head(tokens[1] as string, '192.0.2.45')).statusCode, 204);
    });
  });
}
