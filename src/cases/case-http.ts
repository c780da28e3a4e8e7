import type { Static, TObject } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import type { AuthUser } from '../platform/auth/auth-user.js';
import { type FormProblem, formAction } from '../platform/http/form-action.js';
import { requireAuth, staffLayout } from '../platform/http/plumbing.js';
import { NotFoundError } from '../platform/http/errors.js';
import { isId } from '../platform/ids.js';
import { loadCaseFor, reloadCase } from './case-access.js';
import type { CaseFrame } from './case-frame.views.js';
import { caseTabs } from './case-tabs.js';
import type { CaseAction } from './cases.policy.js';
import type { CaseRow } from './cases.table.js';
import { headerPerson } from './worklist.service.js';

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
export async function caseFrame(request: FastifyRequest, { record, tab, title }: { record: CaseRow; tab: string; title: string }): Promise<CaseFrame> {
  const auth = requireAuth(request);
  const base = `/staff/cases/${record.id}`;
  return {
    t: request.t,
    layout: await staffLayout(request, `${title} · ${record.case_number}`),
    record,
    person: await headerPerson(request.server.ctx, auth.user, record),
    tabs: caseTabs(request.server.caseTabs, auth.user, record).map((x) => ({
      href: x.slug ? `${base}/${x.slug}` : base,
      labelKey: x.labelKey,
      current: x.slug === tab,
    })),
    title,
    csrf: csrfOf(request),
  };
}

export interface CaseFormRoute<S extends TObject, R> {
  /** The form's address, e.g. `/staff/cases/:id/notes`. */
  url: string;
  /** What the user must be allowed to do with the case (default: edit it). */
  action?: CaseAction;
  /** Further ids in the address (`:rid`...), checked before the body: a malformed one is not found. */
  ids?: readonly string[];
  schema: S;
  /** Which form of the page this is, when the page holds several. */
  form?: string;
  run: (input: { user: AuthUser; record: CaseRow; ids: Record<string, string> }, value: Static<S>) => Promise<R>;
  /** The page the form is on, shown again with the problem. */
  page: (request: FastifyRequest, record: CaseRow, problem: FormProblem) => Promise<VNode>;
  done: (record: CaseRow, result: R) => { to: string; flash?: string; flashValues?: Record<string, string | number> };
}

/** A form on a case page: the case loaded for the action (and its access logged), then the one form helper. */
export function caseFormRoute<S extends TObject, R>(app: FastifyInstance, opts: CaseFormRoute<S, R>): void {
  app.post(opts.url, { config: CASE_ACCESS }, async (request, reply) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request, opts.action ?? 'edit');
    const ids = Object.fromEntries((opts.ids ?? []).map((name) => [name, idParam(request, name)]));
    return formAction(request, reply, {
      schema: opts.schema,
      ...(opts.form ? { form: opts.form } : {}),
      run: (value) => opts.run({ user: auth.user, record, ids }, value),
      rerender: async (problem) => opts.page(request, problem.refusal ? await reloadCase(request, record) : record, problem),
      done: (result) => opts.done(record, result),
    });
  });
}
