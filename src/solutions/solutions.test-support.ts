import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { createOffice, createTestEnv, createUser, FORM, form, sessionFor, type Signed, type TestEnv } from '../../test/helper.js';
import type { Dialect } from '../platform/db/database.js';
import { type AuthUser, toAuthUser } from '../platform/auth/auth-user.js';
import { findUserById, membershipsOf } from '../platform/auth/auth.repository.js';

/** Route tests of durable solutions: a destination office (TN) and an origin office (CI), a case worker and a supervisor in each. */
export interface TwoOffices {
  env: TestEnv;
  dest: string;
  origin: string;
  ids: Record<Who, string>;
  /** A JSON call of the API as this user (CSRF header set). */
  api: (who: Who, url: string, body?: unknown) => Promise<LightMyRequestResponse>;
  /** A form POST as this user (CSRF field set). */
  post: (who: Who, url: string, body: Record<string, unknown>) => Promise<LightMyRequestResponse>;
  get: (who: Who, url: string) => Promise<LightMyRequestResponse>;
  /** An API call that must succeed; its JSON. */
  ok: (who: Who, url: string, body: unknown) => Promise<Record<string, unknown> & { id: string }>;
  authUser: (who: Who) => Promise<AuthUser>;
}
export type Who = 'destWorker' | 'destSup' | 'originWorker' | 'originSup';

export async function twoOffices(dialect: Dialect): Promise<TwoOffices> {
  const env = await createTestEnv(dialect);
  const dest = await createOffice(env.ctx, 'TN', 'TN');
  const origin = await createOffice(env.ctx, 'CI', 'CI');
  const roles: Record<Who, ['case_worker' | 'supervisor', string]> = {
    destWorker: ['case_worker', dest],
    destSup: ['supervisor', dest],
    originWorker: ['case_worker', origin],
    originSup: ['supervisor', origin],
  };
  const ids = {} as Record<Who, string>;
  const s = {} as Record<Who, Signed>;
  for (const [who, [role, officeId]] of Object.entries(roles) as Array<[Who, ['case_worker' | 'supervisor', string]]>) {
    ids[who] = (await createUser(env.ctx, { roles: [role], officeId })).id;
    s[who] = await sessionFor(env.ctx, ids[who]);
  }
  const api: TwoOffices['api'] = (who, url, body) =>
    env.app.inject({
      method: body === undefined ? 'GET' : 'POST',
      url,
      headers: { cookie: s[who].cookie, 'x-csrf-token': s[who].csrf, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
  const post: TwoOffices['post'] = (who, url, body) =>
    env.app.inject({
      method: 'POST',
      url,
      headers: { cookie: s[who].cookie, ...FORM },
      payload: form({ _csrf: s[who].csrf, ...(body as Record<string, string | string[]>) }),
    });
  const ok: TwoOffices['ok'] = async (who, url, body) => {
    const r = await api(who, url, body);
    assert.equal(r.statusCode, 200, `${url}: ${r.body}`);
    return r.json();
  };
  return {
    env,
    dest,
    origin,
    ids,
    api,
    post,
    ok,
    get: (who, url) => env.app.inject({ method: 'GET', url, headers: { cookie: s[who].cookie } }),
    authUser: async (who) => toAuthUser((await findUserById(env.ctx.db, ids[who]))!, await membershipsOf(env.ctx.db, ids[who])),
  };
}
