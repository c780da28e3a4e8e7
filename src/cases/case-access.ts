import type { FastifyRequest } from 'fastify';
import { recordAccess } from '../platform/audit/audit.js';
import { requireAuth } from '../platform/http/plumbing.js';
import { ForbiddenError, NotFoundError } from '../platform/http/errors.js';
import { isId } from '../platform/ids.js';
import { type CaseAction, can } from './cases.policy.js';
import { findCase } from './cases.repository.js';
import type { CaseRow } from './cases.table.js';

/**
 * Loads the case named in the route (`:id`), checks the policy for the action, and writes the access-log row:
 * every page that shows a case goes through here, so no read of a case is unaudited.
 * A case the user may not see is reported as not found, so its existence is not revealed.
 */
export async function loadCaseFor(request: FastifyRequest, action: CaseAction = 'read'): Promise<CaseRow> {
  const auth = requireAuth(request);
  const { id } = request.params as { id?: string };
  if (!isId(id)) throw new NotFoundError();
  const ctx = request.server.ctx;
  const record = await findCase(ctx.db, id);
  if (!record || !can(auth.user, 'read', record)) throw new NotFoundError();
  if (!can(auth.user, action, record)) throw new ForbiddenError();
  await recordAccess(ctx.db, {
    officeId: record.office_id,
    actorId: auth.user.id,
    action: `${request.method} ${request.routeOptions.url ?? ''}`.slice(0, 200),
    subjectType: 'case',
    subjectId: record.id,
  });
  return record;
}

/**
 * The case as it is now, for a form shown again after a refusal: a stale save must show the newer version (and
 * carry its version number), so that saving again does not fail the same way. The access was logged on load; a
 * case that moved out of reach meanwhile is not found.
 */
export async function reloadCase(request: FastifyRequest, record: CaseRow): Promise<CaseRow> {
  const auth = requireAuth(request);
  const now = await findCase(request.server.ctx.db, record.id);
  if (!now || !can(auth.user, 'read', now)) throw new NotFoundError();
  return now;
}
