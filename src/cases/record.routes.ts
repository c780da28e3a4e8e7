import type { FastifyInstance, FastifyRequest } from 'fastify';
import { formAction } from '../platform/http/form-action.js';
import type { FormProblem } from '../platform/http/form-action.js';
import { parseForm } from '../platform/http/forms.js';
import { requireAuth, setFlash, staffLayout } from '../platform/http/plumbing.js';
import { ValidationError } from '../platform/http/errors.js';
import { loadCaseFor } from './case-access.js';
import { CASE_ACCESS, caseFormRoute, caseFrame, csrfOf, idParam } from './case-http.js';
import type { Stage } from './case-values.js';
import { AssignBody, EditCaseBody, NewCaseBody, PerpetratorBody, StageBody } from './cases.schema.js';
import { checkNewCase, newCaseOffices, openNewCase } from './cases.service.js';
import type { CaseRow } from './cases.table.js';
import type { DuplicateResult } from './duplicates.service.js';
import { EditPage } from './edit.views.js';
import { NewCasePage } from './new-case.views.js';
import { OverviewPage } from './overview.views.js';
import { addPerpetrator, assignCase, editModel, moveStage, overviewModel, removePerpetrator, updateCaseRecord } from './record.service.js';

/** The case pages: the work list, opening a case, its overview (stage, owner) and editing its record. */
export async function recordRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;

  const newCasePage = async (request: FastifyRequest, raw: Record<string, unknown>, more: { errors?: FormProblem['errors']; dup?: DuplicateResult } = {}) =>
    NewCasePage({
      layout: await staffLayout(request, request.t('cases.new.title')),
      csrf: csrfOf(request),
      officeChoices: await newCaseOffices(ctx, requireAuth(request).user),
      raw,
      ...more,
    });

  app.get('/staff/cases/new', { config: CASE_ACCESS }, async (request, reply) => reply.page(await newCasePage(request, {})));

  // First the duplicate check (shown on the form), then, once the case worker confirms, the case is opened.
  app.post('/staff/cases/new', { config: CASE_ACCESS }, async (request, reply) => {
    const auth = requireAuth(request);
    const confirmed = (request.body as Record<string, unknown> | undefined)?.confirmed === '1';
    if (confirmed) {
      return formAction(request, reply, {
        schema: NewCaseBody,
        run: (v) => openNewCase(ctx, auth.user, v),
        rerender: async (p) => newCasePage(request, p.raw, { errors: p.errors }),
        done: (opened) => ({ to: `/staff/cases/${opened.id}`, flash: 'cases.new.opened', flashValues: { number: opened.caseNumber } }),
      });
    }
    const form = parseForm(NewCaseBody, request.body);
    if (!form.ok) return reply.page(await newCasePage(request, form.raw, { errors: form.errors }), 400);
    try {
      const dup = await checkNewCase(ctx, auth.user, form.value);
      return reply.page(await newCasePage(request, { ...form.value }, { dup }));
    } catch (e) {
      if (e instanceof ValidationError) return reply.page(await newCasePage(request, { ...form.value }, { errors: e.fields }), 400);
      throw e;
    }
  });

  const overview = async (request: FastifyRequest, record: CaseRow, problem?: FormProblem) =>
    OverviewPage(
      await caseFrame(request, { record, tab: '', title: request.t('cases.overview.title') }),
      await overviewModel(ctx, requireAuth(request).user, record),
      problem,
    );

  app.get('/staff/cases/:id', { config: CASE_ACCESS }, async (request, reply) => reply.page(await overview(request, await loadCaseFor(request))));

  caseFormRoute(app, {
    url: '/staff/cases/:id/stage',
    schema: StageBody,
    form: 'stage',
    run: ({ user, record }, v) => moveStage(ctx, { actor: user, record, stage: v.stage as Stage, version: v.version, overrideReason: v.overrideReason }),
    page: overview,
    done: (record) => ({ to: `/staff/cases/${record.id}`, flash: 'forms.saved' }),
  });

  caseFormRoute(app, {
    url: '/staff/cases/:id/assign',
    action: 'assign',
    schema: AssignBody,
    form: 'assign',
    run: ({ user, record }, v) => assignCase(ctx, { actor: user, record, ownerId: v.ownerId, version: v.version }),
    page: overview,
    done: (record) => ({ to: `/staff/cases/${record.id}`, flash: 'cases.assign.done' }),
  });

  const edit = async (request: FastifyRequest, record: CaseRow, problem?: FormProblem) =>
    EditPage(await caseFrame(request, { record, tab: 'edit', title: request.t('cases.edit.title') }), await editModel(ctx, record), problem);

  app.get('/staff/cases/:id/edit', { config: CASE_ACCESS }, async (request, reply) => reply.page(await edit(request, await loadCaseFor(request, 'edit'))));

  caseFormRoute(app, {
    url: '/staff/cases/:id/edit',
    schema: EditCaseBody,
    run: ({ user, record }, v) => updateCaseRecord(ctx, { actor: user, record, v }),
    page: edit,
    done: (record) => ({ to: `/staff/cases/${record.id}`, flash: 'forms.saved' }),
  });

  caseFormRoute(app, {
    url: '/staff/cases/:id/perpetrators',
    schema: PerpetratorBody,
    form: 'perpetrator',
    run: ({ user, record }, v) => addPerpetrator(ctx, { actor: user, record, role: v.role, details: v.details }),
    page: edit,
    done: (record) => ({ to: `/staff/cases/${record.id}/edit`, flash: 'forms.saved' }),
  });

  app.post('/staff/cases/:id/perpetrators/:pid/remove', { config: CASE_ACCESS }, async (request, reply) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request, 'edit');
    await removePerpetrator(ctx, { actor: auth.user, record, perpetratorId: idParam(request, 'pid') });
    await setFlash(request, { kind: 'success', key: 'forms.saved' });
    return reply.redirect(`/staff/cases/${record.id}/edit`, 303);
  });
}
