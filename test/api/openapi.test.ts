/**
 * The OpenAPI document: valid OpenAPI 3.1 (checked by @seriousme/openapi-schema-validator), and every /api/v1
 * operation described: its params, query, body and every answer, with examples. The routes come from the app
 * itself (app.apiRoutes, filled as routes register), so a route added without a schema fails here.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import { areaOf } from '../../src/platform/auth/api-scopes.js';
import { createTestEnv, type TestEnv } from '../support/index.js';

type Json = Record<string, unknown>;

/** What each route leaves undescribed: summary, tags, params (each path parameter), query, body, answers with examples, errors as Problems. */
function undescribed(routes: ReadonlyArray<{ method: string; url: string; schema: unknown }>): string[] {
  const missing: string[] = [];
  for (const { method, url, schema } of routes) {
    const s = (schema ?? {}) as Json;
    const name = `${method} ${url}`;
    if (!s.summary) missing.push(`${name}: summary`);
    if (!s.tags) missing.push(`${name}: tags`);
    if (!s.params) missing.push(`${name}: params`);
    const pathParams = [...url.matchAll(/:(\w+)/g)].map((m) => m[1] as string);
    const declared = Object.keys(((s.params ?? {}) as { properties?: Json }).properties ?? {});
    for (const p of pathParams) if (!declared.includes(p)) missing.push(`${name}: param ${p}`);
    if (!s.querystring) missing.push(`${name}: querystring`);
    if (method !== 'GET' && method !== 'DELETE' && !s.body) missing.push(`${name}: body`);
    const response = (s.response ?? {}) as Record<string, Json>;
    const ok = Object.entries(response).filter(([st]) => st.startsWith('2'));
    if (ok.length === 0) missing.push(`${name}: success response`);
    for (const [st, r] of ok) {
      const sch = ((r.content as Record<string, { schema: Json }> | undefined)?.['application/json']?.schema ?? r) as Json;
      if (!Array.isArray(sch.examples) || sch.examples.length === 0) missing.push(`${name}: ${st} has no example`);
    }
    for (const st of ['400', '401', '403', '404', '429']) {
      const r = response[st];
      if (!(r?.content as Json | undefined)?.['application/problem+json']) missing.push(`${name}: ${st} as Problem Details`);
    }
  }
  return missing;
}

describe('OpenAPI document', () => {
  let env: TestEnv;
  before(async () => {
    env = await createTestEnv('sqlite');
  });
  after(async () => env.close());

  it('validates as OpenAPI 3.1', async () => {
    const doc = (await env.app.inject({ method: 'GET', url: '/api/docs' })).json();
    const result = await new Validator().validate(doc);
    assert.deepEqual(result.errors ?? [], [], JSON.stringify(result.errors, null, 1)?.slice(0, 4000));
    assert.equal(result.valid, true);
  });

  it('describes every /api/v1 route: params, query, body, answers with examples, errors as Problem Details', () => {
    assert.ok(env.app.apiRoutes.length >= 56, `only ${env.app.apiRoutes.length} API routes`);
    assert.deepEqual(undescribed(env.app.apiRoutes), []);
  });

  it('puts every /api/v1 route in a token scope area (a route in none is closed to every token)', () => {
    const orphans = env.app.apiRoutes.filter((r) => areaOf(r.url) === undefined).map((r) => `${r.method} ${r.url}`);
    assert.deepEqual(orphans, []);
  });

  it('names a route registered without a schema, or with a part missing', () => {
    const found = undescribed([
      { method: 'GET', url: '/api/v1/things', schema: undefined },
      { method: 'POST', url: '/api/v1/things/:id', schema: { summary: 'x', tags: ['x'], params: { properties: {} }, querystring: {}, response: {} } },
    ]);
    assert.ok(found.includes('GET /api/v1/things: summary'));
    assert.ok(found.includes('POST /api/v1/things/:id: param id'));
    assert.ok(found.includes('POST /api/v1/things/:id: body'));
    assert.ok(found.includes('POST /api/v1/things/:id: success response'));
  });

  it('lists every described operation in the document', () => {
    const doc = env.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const ops = Object.values(doc.paths).reduce((n, p) => n + Object.keys(p).length, 0);
    assert.equal(ops, env.app.apiRoutes.length);
  });
});
