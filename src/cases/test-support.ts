import { toAuthUser } from '../platform/auth/auth-user.js';
import { findUserById, membershipsOf } from '../platform/auth/auth.repository.js';
import type { Role } from '../platform/auth/roles.js';
import { createUser, sessionFor, type TestEnv } from '../../test/helper.js';
import { findCase } from './cases.repository.js';
import { openCase, type OpenCaseInput } from './cases.service.js';

/** Test helpers shared by the case test files. */
export async function authUser(env: TestEnv, id: string) {
  const user = await findUserById(env.ctx.db, id);
  if (!user) throw new Error('no user');
  return toAuthUser(user, await membershipsOf(env.ctx.db, id));
}

export async function staff(env: TestEnv, role: Role, officeId: string | null, organisationId?: string) {
  const u = await createUser(env.ctx, { roles: [role], officeId, ...(organisationId ? { organisationId } : {}) });
  const s = await sessionFor(env.ctx, u.id);
  return { id: u.id, user: await authUser(env, u.id), cookie: s.cookie, csrf: s.csrf };
}

export async function newCase(env: TestEnv, actorId: string, input: Partial<OpenCaseInput> & { officeId: string }) {
  const actor = await authUser(env, actorId);
  return openCase(env.ctx, actor, { source: 'self', ownerId: actorId, ...input });
}

export async function caseRow(env: TestEnv, id: string) {
  const row = await findCase(env.ctx.db, id);
  if (!row) throw new Error('no case');
  return row;
}
