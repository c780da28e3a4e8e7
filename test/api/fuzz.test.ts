/**
 * Fuzzed bodies on every /api/v1 operation that takes one: whatever JSON arrives (random values, the schema's own
 * property names with random values, broken JSON), the answer is a refusal or a success, never a server error.
 * Ids in the path are real where a case, a report or an organisation exists, so the bodies reach the parsers.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { createApiToken } from '../../src/platform/auth/api-tokens.js';
import type { AuthState } from '../../src/platform/auth/auth-user.js';
import { submitOk } from '../support/reports.js';
import { newCase } from '../support/cases.js';
import { newId } from '../../src/platform/ids.js';
import { createOffice, createOrganisation, createTestEnv, createUser, DIALECTS, type TestEnv } from '../support/index.js';

for (const dialect of DIALECTS) {
  describe(`API bodies under fuzzing (${dialect})`, () => {
    let env: TestEnv;
    let bearer: string;
    let tokenId: string;
    const ids: Record<string, string> = {};

    before(async () => {
      env = await createTestEnv(dialect);
      const officeId = await createOffice(env.ctx, 'TN', 'TN');
      const u = await createUser(env.ctx, { roles: ['supervisor', 'administrator'], officeId });
      bearer = await createApiToken(env.ctx, { auth: { user: { id: u.id } } as AuthState, name: 'fuzz' });
      tokenId = (await env.ctx.db.selectFrom('api_tokens').select('id').where('name', '=', 'fuzz').executeTakeFirstOrThrow()).id;
      ids.cases = (await newCase(env, u.id, { officeId })).id;
      ids.reports = (await submitOk(env)).id;
      ids.organisations = await createOrganisation(env.ctx, 'Fuzz Partner', officeId);
    });
    after(async () => env.close());

    it('never answers 5xx, whatever the body', async () => {
      const routes = env.app.apiRoutes.filter((r) => r.method !== 'GET');
      assert.ok(routes.length > 30);
      const failures: string[] = [];
      for (const { method, url, schema } of routes) {
        const area = url.split('/')[3] ?? '';
        const target = url
          .split('/')
          .map((part, i) => (part.startsWith(':') ? (i === 4 && ids[area] ? ids[area] : newId()) : part))
          .join('/');
        const props = Object.keys(((schema?.body ?? {}) as { properties?: Record<string, unknown> }).properties ?? {});
        const body = fc.oneof(
          fc.anything(),
          props.length
            ? fc.dictionary(fc.constantFrom(...props), fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string()), fc.object()))
            : fc.object(),
        );
        await fc
          .assert(
            fc.asyncProperty(body, async (b) => {
              await env.ctx.limiter.reset('api', `t:${tokenId}`);
              const res = await env.app.inject({
                method: method as 'POST',
                url: target,
                headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
                payload: JSON.stringify(b) ?? 'null',
              });
              if (res.statusCode >= 500) failures.push(`${method} ${url} ${JSON.stringify(b).slice(0, 200)}: ${res.statusCode} ${res.body.slice(0, 200)}`);
              return res.statusCode < 500;
            }),
            { numRuns: 6, seed: 19 },
          )
          .catch(() => undefined);
        const broken = await env.app.inject({
          method: method as 'POST',
          url: target,
          headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
          payload: '{"a": [1, 2',
        });
        if (broken.statusCode !== 400 && broken.statusCode !== 404) failures.push(`${method} ${url} broken JSON: ${broken.statusCode}`);
      }
      assert.deepEqual(failures, []);
    });
  });
}
