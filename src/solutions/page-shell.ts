import type { FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { CasePage } from '../cases/index.js';
import type { FormProblem } from '../platform/http/form-action.js';
import { requireAuth, staffLayout } from '../platform/http/plumbing.js';
import type { OnCase } from './solutions.service.js';
import { type PageEnv, SharedCasePage } from './view-parts.js';

/** What the pure views need from the request: the translator, the CSRF token, the time zone, a problem to show. */
export function pageEnv(request: FastifyRequest, problem?: FormProblem): PageEnv {
  const auth = requireAuth(request);
  return { t: request.t, csrf: auth.session?.csrf_secret ?? '', timeZone: auth.user.timeZone, problem };
}

/** A solution page in its frame: the case page with its tabs for the owning office, a plain page through a share. */
export async function casePage(request: FastifyRequest, on: OnCase, page: { tab: string; title: string; body: ComponentChildren }) {
  if (on.access.kind === 'owner') return CasePage({ request, record: on.record, tab: page.tab, title: page.title, children: page.body });
  const layout = await staffLayout(request, `${page.title} · ${on.record.case_number}`);
  return SharedCasePage({ layout, caseNumber: on.record.case_number, title: page.title, children: page.body });
}
