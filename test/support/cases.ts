import { findCase } from '../../src/cases/cases.repository.js';
import { type OpenCaseInput, openCase } from '../../src/cases/cases.service.js';
import type { Role } from '../../src/platform/auth/roles.js';
import type { TestEnv } from './app.js';
import { authUser, createUser, sessionFor } from './people.js';

/** Case helpers shared by route tests: a staff member signed in, a case opened by them, a case's row. */

export async function staff(env: TestEnv, role: Role, officeId: string | null, organisationId?: string) {
  const u = await createUser(env.ctx, { roles: [role], officeId, ...(organisationId ? { organisationId } : {}) });
  const s = await sessionFor(env.ctx, u.id);
  return { id: u.id, user: await authUser(env, u.id), cookie: s.cookie, csrf: s.csrf };
}

export async function newCase(env: TestEnv, actorId: string, input: Partial<OpenCaseInput> & { officeId: string }) {
  const actor = await authUser(env, actorId);
  return openCase(env.ctx, { actor, input: { source: 'self', ownerId: actorId, ...input } });
}

export async function caseRow(env: TestEnv, id: string) {
  const row = await findCase(env.ctx.db, id);
  if (!row) throw new Error('no case');
  return row;
}
