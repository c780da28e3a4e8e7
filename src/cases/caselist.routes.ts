import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasPermission } from '../platform/auth/auth-user.js';
import { ValidationError } from '../platform/http/errors.js';
import { parseForm } from '../platform/http/forms.js';
import { type FormProblem, formAction } from '../platform/http/form-action.js';
import { requireAuth, staffLayout } from '../platform/http/plumbing.js';
import { CASE_ACCESS, csrfOf, idParam } from './case-http.js';
import { caseListSheet, sendXlsx } from './caselist.xlsx.js';
import { ListQuery, SaveViewBody } from './cases.schema.js';
import { caseloads, deleteListView, exportCases, listCases, listViews, savableQuery, saveListView, todayIso } from './worklist.service.js';
import { WorklistPage } from './worklist.views.js';

/** The case list (filters, columns, sorting, numbered pages), its saved filters and its spreadsheet export. */
export async function caseListRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;

  /** The list page's view for this query; `problem` when the save-filters form was refused. */
  const render = async (request: FastifyRequest, query: unknown, problem?: FormProblem) => {
    const auth = requireAuth(request);
    const parsed = parseForm(ListQuery, query);
    const filters = parsed.ok ? parsed.value : {};
    let errors = parsed.ok ? undefined : parsed.errors;
    let result: Awaited<ReturnType<typeof listCases>>;
    try {
      result = await listCases(ctx, { user: auth.user, f: filters });
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      errors = e.fields;
      result = await listCases(ctx, { user: auth.user, f: { ...filters, name: undefined } });
    }
    return {
      status: errors ? 400 : 200,
      view: WorklistPage({
        layout: await staffLayout(request, request.t('cases.list.title')),
        filters,
        errors,
        result,
        loads: await caseloads(ctx, auth.user),
        timeZone: auth.user.timeZone,
        today: todayIso(),
        views: await listViews(ctx, auth.user),
        savable: savableQuery(filters),
        canExport: hasPermission(auth.user, 'cases.export'),
        csrf: csrfOf(request),
        saveError: problem?.errors?.viewName ?? (problem?.refusal ? 'caselist.errors.badFilters' : undefined),
      }),
    };
  };
  const page = async (request: FastifyRequest, reply: FastifyReply, query: unknown) => {
    const { status, view } = await render(request, query);
    return reply.page(view, status);
  };

  app.get('/staff/cases', { config: CASE_ACCESS }, async (request, reply) => page(request, reply, request.query));

  app.get('/staff/cases/export.xlsx', { config: { access: { permission: 'cases.export' } } }, async (request, reply) => {
    const auth = requireAuth(request);
    const parsed = parseForm(ListQuery, request.query);
    if (!parsed.ok) return page(request, reply, request.query);
    const list = await exportCases(ctx, auth.user, parsed.value);
    return sendXlsx(reply, `cases-${todayIso()}.xlsx`, caseListSheet(request.t, list, auth.user.timeZone));
  });

  // Saved filters: the query string of the list (person-search fields left out by the service), per user.
  app.post('/staff/cases/views', { config: CASE_ACCESS }, async (request, reply) =>
    formAction(request, reply, {
      schema: SaveViewBody,
      form: 'saveView',
      run: async (body) => {
        const filters = parseForm(ListQuery, queryObject(body.query));
        if (!filters.ok) throw new ValidationError({ viewName: 'caselist.errors.badFilters' });
        await saveListView(ctx, { user: requireAuth(request).user, name: body.viewName, f: filters.value });
        return savableQuery(filters.value);
      },
      rerender: async (problem) => (await render(request, {}, problem)).view,
      done: (query) => ({ to: `/staff/cases${query ? `?${query}` : ''}`, flash: 'caselist.saved.flashSaved' }),
    }),
  );

  app.post('/staff/cases/views/:id/delete', { config: CASE_ACCESS }, async (request, reply) =>
    formAction(request, reply, {
      schema: Type.Object({}),
      run: () => deleteListView(ctx, requireAuth(request).user, idParam(request, 'id')),
      rerender: async (problem) => (await render(request, {}, problem)).view,
      done: () => ({ to: '/staff/cases', flash: 'caselist.saved.flashDeleted' }),
    }),
  );
}

/** A query string as a form body: repeated keys (the columns) become arrays. */
function queryObject(query: string): Record<string, string | string[]> {
  const p = new URLSearchParams(query);
  const out: Record<string, string | string[]> = {};
  for (const k of new Set(p.keys())) {
    const all = p.getAll(k);
    out[k] = all.length > 1 || k === 'cols' ? all : (all[0] as string);
  }
  return out;
}
