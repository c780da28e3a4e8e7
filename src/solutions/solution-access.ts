import type { FastifyRequest } from 'fastify';
import { recordAccess } from '../platform/audit/audit.js';
import { NotFoundError } from '../platform/http/errors.js';
import { requireAuth } from '../platform/http/plumbing.js';
import { isId } from '../platform/ids.js';
import { findCase } from '../cases/cases.repository.js';
import type { CaseRow } from '../cases/cases.table.js';
import { ownerAccess, type SolutionAccess, workingOffices } from './solutions.policy.js';
import { activeShareScopes } from './solutions.repository.js';

/**
 * Loads the case of the route for the solution pages: through the case policy (the owning office), or through
 * an active share of one of the user's offices (scope checked in SQL). Anyone else gets "not found", so the
 * case's existence is not revealed. Every load is written to the access log.
 */
export async function loadSolutionCase(request: FastifyRequest): Promise<{ record: CaseRow; access: SolutionAccess }> {
  const auth = requireAuth(request);
  const { id } = request.params as { id?: string };
  if (!isId(id)) throw new NotFoundError();
  const ctx = request.server.ctx;
  const record = await findCase(ctx.db, id);
  if (!record) throw new NotFoundError();
  let access = ownerAccess(auth.user, record);
  if (!access) {
    const offices = workingOffices(auth.user);
    const scopes = await activeShareScopes(ctx.db, record.id, offices);
    if (scopes.length === 0) throw new NotFoundError();
    access = { kind: 'share', scopes: new Set(scopes), officeIds: offices === 'all' ? [] : offices };
  }
  await recordAccess(ctx.db, {
    officeId: record.office_id,
    actorId: auth.user.id,
    action: `${request.method} ${request.routeOptions.url ?? ''}`.slice(0, 200),
    subjectType: 'case',
    subjectId: record.id,
  });
  return { record, access };
}
