import type { FastifyRequest } from 'fastify';
import { requireAuth, staffLayout } from '../platform/http/plumbing.js';
import { NotFoundError } from '../platform/http/errors.js';
import { isId } from '../platform/ids.js';
import type { CaseFrame } from './case-frame.views.js';
import { caseTabs } from './case-tabs.js';
import type { CaseRow } from './cases.table.js';

/* What the case routes share: the access they declare, the CSRF token, the frame of a case page. */

export const CASE_ACCESS = { access: { permission: 'cases.work' } } as const;

export function csrfOf(request: FastifyRequest): string {
  return requireAuth(request).session?.csrf_secret ?? '';
}

/** A second id in the route (`:name`), or not found. */
export function idParam(request: FastifyRequest, name: string): string {
  const value = (request.params as Record<string, string | undefined>)[name];
  if (!isId(value)) throw new NotFoundError();
  return value;
}

/** The frame of a case page for this request: layout, header and the tabs this user sees on this case. */
export async function caseFrame(request: FastifyRequest, record: CaseRow, tab: string, title: string): Promise<CaseFrame> {
  const auth = requireAuth(request);
  const base = `/staff/cases/${record.id}`;
  return {
    t: request.t,
    layout: await staffLayout(request, `${title} · ${record.case_number}`),
    record,
    tabs: caseTabs(request.server.caseTabs, auth.user, record).map((x) => ({
      href: x.slug ? `${base}/${x.slug}` : base,
      labelKey: x.labelKey,
      current: x.slug === tab,
    })),
    title,
    csrf: csrfOf(request),
  };
}
